"""Bad input, as a hostile or careless user sends it: every case a clear error (exit 1, the file and
key named, no traceback), nothing outside the output folder read or changed, previous outputs intact."""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

import pytest

from render.cli import main
from render.run.cache import FORMAT
from tests.corpus import CASES, Case, World, environment, fault, fill
from tests.helpers import MINI, ROOT, copy_build


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under a folder (links not followed), by path: its content's SHA-256 or its link."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_symlink():
            found[str(path)] = f"-> {os.readlink(path)}"
        elif path.is_file():
            found[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def project() -> dict[str, str]:
    """The checkout's own data, look and catalogues (nothing may write there either)."""
    return {k: v for name in ("data", "templates", "styles", "translations") for k, v in snapshot(ROOT / name).items()}


@pytest.fixture(scope="module")
def untouched_project():
    before = project()
    yield
    assert project() == before


def faulty(case: Case, monkeypatch, world: World) -> None:
    """Make the system refuse what the case names: as root, permissions do not stop a write."""
    import tempfile

    from render import write

    name, code = case.fault
    if name == "mkstemp":
        monkeypatch.setattr(tempfile, "mkstemp", fault(name, code))
    elif name == "write":

        def full(path, data):
            raise OSError(code, os.strerror(code), str(path))

        monkeypatch.setattr(write, "_stage", full)
    elif name == "read_text":
        read_text = Path.read_text

        def refuse(self, *args, **kwargs):
            if self.name == "edition.yaml":
                raise OSError(code, os.strerror(code), str(self))
            return read_text(self, *args, **kwargs)

        monkeypatch.setattr(Path, "read_text", refuse)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_is_a_clear_error_and_changes_nothing(
    case, tmp_path, mini_build, monkeypatch, capsys, untouched_project
):
    world = World(tmp_path / "world").make(mini_build)
    case.setup(world)
    monkeypatch.chdir(world.root)
    for key, value in environment(case, world).items():
        monkeypatch.setenv(key, value)
    if case.fault:
        faulty(case, monkeypatch, world)
    outside = {k: v for k, v in snapshot(world.root).items() if not k.startswith(str(world.out))}
    inside = snapshot(world.out)
    start = time.perf_counter()
    code = main(case.args(world))
    seconds = time.perf_counter() - start
    output = capsys.readouterr()
    text = output.out + output.err
    monkeypatch.undo()
    assert code == case.code, text
    for words in case.says:
        assert fill(words, world) in text, text
    assert "Traceback" not in text and "internal error" not in text, text
    assert "SECRET-CONTENT" not in text  # nothing of a refused file is shown
    assert not any(ch < " " and ch not in "\n\t" or ch == "\x7f" for ch in text), repr(text)  # nothing unprintable
    assert {k: v for k, v in snapshot(world.root).items() if not k.startswith(str(world.out))} == outside
    assert snapshot(world.out) == inside  # the previous build is as it was
    assert seconds < 20, f"{case.id} took {seconds:.1f} s"  # (no input makes a command run for minutes)
    if case.id.startswith("limit-"):
        assert seconds < 2, f"{case.id} took {seconds:.1f} s"  # a limit is checked as the data is read


def test_the_corpus_is_broad():
    assert len(CASES) >= 80
    assert len({c.id for c in CASES}) == len(CASES)


# A corrupt cache or report is never fatal.


def test_an_unreadable_cache_is_dropped_with_a_warning_and_the_outputs_made_again(tmp_path, mini_build, capsys):
    out = copy_build(mini_build, tmp_path / "out")
    (out / ".cache" / "manifest.json").write_text("{ not json")
    (out / ".cache" / "measures.json").write_text(
        f'{{"format": {FORMAT}, "measures": {{"k": ["tall", {{}}, [], []]}}}}'
    )
    assert main(["build", "--data", str(MINI), "--out", str(out), "--product", "leaflet-person", "-j", "1"]) == 0
    text = capsys.readouterr().out
    assert f"warning: {out / '.cache' / 'manifest.json'}: unreadable (JSONDecodeError); the cache starts again" in text
    assert f"warning: {out / '.cache' / 'measures.json'}: malformed records dropped" in text
    assert "1 output(s) built, 0 unchanged" in text
    assert main(["build", "--data", str(MINI), "--out", str(out), "--product", "leaflet-person", "-j", "1"]) == 0
    assert "0 output(s) built, 1 unchanged" in capsys.readouterr().out  # the cache is whole again


def test_a_manifest_naming_files_outside_the_output_is_not_believed(tmp_path, mini_build, capsys):
    out = copy_build(mini_build, tmp_path / "out")
    manifest = json.loads((out / ".cache" / "manifest.json").read_text())
    entry = manifest["outputs"]["en/booklet.pdf"]
    entry["files"] = {"../../../../etc/hostname": entry["files"]["en/booklet.pdf"]}
    (out / ".cache" / "manifest.json").write_text(json.dumps(manifest))
    assert main(["build", "--data", str(MINI), "--out", str(out), "--product", "booklet", "-j", "1"]) == 0
    text = capsys.readouterr().out
    assert "manifest.json: malformed; every output is made again" in text and "1 output(s) built" in text


def test_preflight_of_a_folder_whose_report_is_unreadable_checks_what_it_can(tmp_path, mini_build, capsys):
    out = copy_build(mini_build, tmp_path / "out")
    (out / "build-report.json").write_text("[1, 2")
    assert main(["preflight", "--data", str(MINI), "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert text.count("PASS  ") == 11 and "11 file(s): 11 pass, 0 fail" in text
    assert "warning: report: " in text and "not a readable build report" in text
    assert "each file checked by the identity it carries" in text
    # What a PDF shows of itself is still checked: a font taken out fails it.
    import pikepdf

    path = out / "en" / "booklet.pdf"
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        for _, font in pdf.pages[0].Resources.Font.items():
            del font.DescendantFonts[0].FontDescriptor["/FontFile2"]
            break
        pdf.save(path)
    assert main(["preflight", "--data", str(MINI), "--out", str(out), str(path)]) == 1
    assert "error: fonts: page 1: font" in capsys.readouterr().out


def test_debug_still_shows_a_real_bugs_traceback(monkeypatch, capsys):
    from render import api

    def broken(*args, **kwargs):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(api, "check", broken)
    assert main(["check", "--data", str(MINI)]) == 2
    err = capsys.readouterr().err
    assert "internal error: ZeroDivisionError: a bug" in err and "please report it" in err and "Traceback" not in err
    assert main(["--debug", "check", "--data", str(MINI)]) == 2
    assert "Traceback (most recent call last)" in capsys.readouterr().err


def test_a_set_of_files_is_written_all_or_none(tmp_path, monkeypatch):
    """A refusal half-way (a file the system will not replace) puts every file back as it was."""
    from render import write

    folder = tmp_path / "out"
    write.write_files(folder, {"a.pdf": b"old a", "b.pdf": b"old b", "c.pdf": b"old c"})
    replace = os.replace

    def refuse_c(src, dst):
        if str(dst).endswith("c.pdf") and str(src).endswith(".tmp"):
            raise PermissionError(1, "Operation not permitted", str(dst))
        return replace(src, dst)

    monkeypatch.setattr(write.os, "replace", refuse_c)
    with pytest.raises(PermissionError):
        write.write_files(folder, {"a.pdf": b"new a", "b.pdf": b"new b", "c.pdf": b"new c", "d.pdf": b"new d"})
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == {
        "a.pdf": b"old a",
        "b.pdf": b"old b",
        "c.pdf": b"old c",
    }
