"""Incremental and parallel builds, the final table, and watch."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from render.build import plan
from render.cli import cli
from render.load import load_framework
from render.run import build
from render.watch import relevant, watch

from .conftest import DATA, ROOT

STATEMENT = "Offers support to the person in designing his/her Wellness Recovery Action Plan"  # level 2, clinicians


@pytest.fixture
def built_copy(tmp_path, english_build) -> Path:
    """A copy of the English build folder (PDFs, report and cache) to rebuild into."""
    out = tmp_path / "out"
    shutil.copytree(english_build[0], out)
    return out


def _pdfs(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*.pdf"))}


def test_second_build_rebuilds_nothing_and_never_starts_weasyprint(built_copy):
    script = (
        "import sys; from render.cli import main; code = main(['build', '-j', '1', '--out', sys.argv[1]]); "
        "print('weasyprint loaded' if 'weasyprint' in sys.modules else 'weasyprint not loaded'); sys.exit(code)"
    )
    before = _pdfs(built_copy)
    done = subprocess.run(
        [sys.executable, "-c", script, str(built_copy)], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "0 output(s) built, 9 unchanged" in done.stdout
    assert "weasyprint not loaded" in done.stdout
    assert done.stdout.count("cached") == 13  # every PDF, imposed forms included, in the final table
    assert _pdfs(built_copy) == before


def test_editing_one_statement_rebuilds_only_the_outputs_that_carry_it(built_copy, data_copy, english_build):
    level = data_copy / "levels" / "level-2.yaml"
    text = level.read_text()
    assert text.count(STATEMENT) == 1
    level.write_text(text.replace(STATEMENT, STATEMENT.replace("designing", "shaping")))
    fw, specs = load_framework(data_copy)
    done = build(fw, plan(specs, (), ("en",)), data_copy, built_copy, echo=lambda _: None, workers=2)
    built = sorted(d.path for d in done if d.status == "built")
    assert built == ["en/card-level-2.pdf", "en/leaflet-clinicians.pdf", "en/poster.pdf"]
    old, new = _pdfs(english_build[0]), _pdfs(built_copy)
    changed = sorted(path for path in new if new[path] != old[path])
    assert changed == [
        "en/card-level-2.pdf",
        "en/leaflet-clinicians-imposed.pdf",
        "en/leaflet-clinicians.pdf",
        "en/poster.pdf",
    ]
    report = json.loads((built_copy / "build-report.json").read_text())
    assert len(report["outputs"]) == 13
    # The card made again from its last sizes is the card a build from nothing makes.
    cold = built_copy.parent / "cold"
    build(fw, plan(specs, ("card-level-2",), ("en",)), data_copy, cold, echo=lambda _: None, use_cache=False)
    assert (cold / "en" / "card-level-2.pdf").read_bytes() == new["en/card-level-2.pdf"]


def test_an_added_statement_rebuilds_its_card_only(built_copy, data_copy):
    level = data_copy / "levels" / "level-4.yaml"
    lines = level.read_text().splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if "- Maintains adequate housing/accommodation" in line)
    lines.insert(at + 1, lines[at].replace("Maintains adequate housing/accommodation", "Keeps a tidy home"))
    level.write_text("".join(lines))
    fw, specs = load_framework(data_copy)
    done = build(fw, plan(specs, ("card-level-1", "card-level-4"), ("en",)), data_copy, built_copy, echo=lambda _: None)
    assert [(d.path, d.status) for d in done] == [("en/card-level-1.pdf", "cached"), ("en/card-level-4.pdf", "built")]


def test_data_that_is_not_text_counts_too(built_copy, data_copy):
    # A phone number is not a translatable text, but the booklet's back cover prints it.
    edition = data_copy / "edition.yaml"
    edition.write_text(edition.read_text().replace('"01902 518 652"', '"01902 518 000"'))
    fw, specs = load_framework(data_copy)
    done = build(fw, plan(specs, ("booklet",), ("en",)), data_copy, built_copy, echo=lambda _: None)
    assert done[0].status == "built"
    from render.preflight import pdf_text

    assert "01902 518 000" in pdf_text((built_copy / "en" / "booklet.pdf").read_bytes())


def test_a_template_change_rebuilds_everything_that_uses_it(tmp_path, framework, products):
    out = tmp_path / "out"
    jobs = plan(products, ("booklet", "leaflet-person"), ("en",))
    build(framework, jobs, DATA, out, echo=lambda _: None)
    override = tmp_path / "templates"
    (override / "partials").mkdir(parents=True)
    source = (ROOT / "templates" / "partials" / "booklet.html").read_text()
    (override / "partials" / "booklet.html").write_text(source + "\n{# local copy #}\n")
    done = build(framework, jobs, DATA, out, template_dirs=(override,), echo=lambda _: None)
    assert [d.status for d in done] == ["built", "built"]
    again = build(framework, jobs, DATA, out, template_dirs=(override,), echo=lambda _: None)
    assert [d.status for d in again] == ["cached", "cached"]


def test_a_deleted_output_is_made_again(built_copy, framework, products):
    (built_copy / "en" / "booklet.pdf").unlink()
    done = build(framework, plan(products, ("booklet", "card-level-1"), ("en",)), DATA, built_copy, echo=lambda _: None)
    assert [(d.path, d.status) for d in done] == [("en/booklet.pdf", "built"), ("en/card-level-1.pdf", "cached")]


def test_parallel_build_bytes_equal_serial(tmp_path, framework, products, english_build):
    jobs = plan(products, ("card-level-3", "card-level-4", "booklet"), ("en",))
    out = tmp_path / "j2"
    done = build(framework, jobs, DATA, out, echo=lambda _: None, workers=2, use_cache=False)
    assert all(d.status == "built" for d in done)
    serial = _pdfs(english_build[0])
    for path, data in _pdfs(out).items():
        assert data == serial[path], path


def test_build_table_and_summary(tmp_path):
    out = tmp_path / "out"
    args = ["build", "--product", "booklet", "--out", str(out), "-j", "1"]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 0, first.output
    assert "1 output(s) built, 0 unchanged" in first.output
    second = CliRunner().invoke(cli, args)
    lines = second.output.splitlines()
    assert lines[0].split() == ["output", "pages", "size", "time"]
    assert lines[1].split()[:2] == ["en/booklet.pdf", "20"] and lines[1].endswith("cached")
    assert lines[2].split()[:2] == ["en/booklet-imposed.pdf", "10"]
    assert "0 output(s) built, 1 unchanged" in second.output


# Watch.


def test_watch_rebuilds_after_a_change_and_survives_errors(tmp_path):
    import click

    folder = tmp_path / "data"
    folder.mkdir()
    calls, lines = [], []
    stop = threading.Event()

    def rebuild():
        calls.append(time.monotonic())
        if len(calls) == 2:
            raise click.ClickException("data/levels/level-1.yaml:3: level: must be a number")
        if len(calls) == 3:
            stop.set()

    thread = threading.Thread(target=watch, args=([folder], rebuild, lines.append, stop))
    thread.start()
    for n in (2, 3):
        deadline = time.monotonic() + 20
        while len(calls) < n - 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.3)
        (folder / "level-1.yaml").write_text(f"level: {n}\n")
        deadline = time.monotonic() + 20
        while len(calls) < n and time.monotonic() < deadline:
            time.sleep(0.05)
    stop.set()
    thread.join(timeout=20)
    assert len(calls) == 3
    assert any(line.startswith("Changed: data/level-1.yaml") for line in lines), lines
    assert "error: data/levels/level-1.yaml:3: level: must be a number" in lines
    assert "Waiting for the next change." in lines


def test_watch_ignores_editor_files():
    assert relevant("data/levels/level-2.yaml")
    assert not relevant("data/levels/.level-2.yaml.swp")
    assert not relevant("data/levels/level-2.yaml~")
    assert not relevant("data/.#level-2.yaml")
