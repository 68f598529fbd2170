"""Incremental and parallel builds, the final table; nothing written when an output fails."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from render.errors import BuildError
from tests.helpers import MINI, ROOT, build, copy_build, pdfs, replace_in, run

STATEMENT = "Establishes relationship with the person that is reciprocal"  # level 2, clinicians


@pytest.fixture
def built_copy(tmp_path, mini_build):
    """A copy of the small English build (PDFs, report and cache) to rebuild into."""
    return copy_build(mini_build, tmp_path / "out")


def test_second_build_rebuilds_nothing_and_never_starts_weasyprint(built_copy):
    script = (
        "import sys; from render.cli import main; code = main(['build', '-j', '1', '--data', sys.argv[2], "
        "'--out', sys.argv[1]]); "
        "print('weasyprint loaded' if 'weasyprint' in sys.modules else 'weasyprint not loaded'); sys.exit(code)"
    )
    before = pdfs(built_copy)
    done = subprocess.run(
        [sys.executable, "-c", script, str(built_copy), str(MINI)], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "0 output(s) built, 7 unchanged" in done.stdout
    assert "weasyprint not loaded" in done.stdout
    assert done.stdout.count("cached") == 11  # every PDF, imposed forms included, in the final table
    assert pdfs(built_copy) == before


def test_editing_one_statement_rebuilds_only_the_outputs_that_carry_it(built_copy, data_copy, mini_build):
    level = data_copy / "levels" / "level-2.yaml"
    assert level.read_text().count(STATEMENT) == 1
    replace_in(level, STATEMENT, STATEMENT.replace("reciprocal", "mutual"))
    report = build(data_copy, built_copy, workers=2)
    assert sorted(d.path for d in report.built) == ["en/card-level-2.pdf", "en/leaflet-clinicians.pdf", "en/poster.pdf"]
    old, new = pdfs(mini_build), pdfs(built_copy)
    changed = sorted(path for path in new if new[path] != old[path])
    assert changed == [
        "en/card-level-2.pdf",
        "en/leaflet-clinicians-imposed.pdf",
        "en/leaflet-clinicians.pdf",
        "en/poster.pdf",
    ]
    assert len(json.loads((built_copy / "build-report.json").read_text())["outputs"]) == 11
    # The card made again from its last sizes is the card a build from nothing makes.
    cold = built_copy.parent / "cold"
    build(data_copy, cold, products=("card-level-2",), use_cache=False)
    assert (cold / "en" / "card-level-2.pdf").read_bytes() == new["en/card-level-2.pdf"]


def test_an_added_statement_rebuilds_its_card_only(built_copy, data_copy):
    level = data_copy / "levels" / "level-2.yaml"
    replace_in(level, "      - Aware of illness\n", "      - Aware of illness\n      - Keeps a tidy home\n")
    report = build(data_copy, built_copy, products=("card-level-1", "card-level-2"))
    assert [(d.path, d.status) for d in report.done] == [
        ("en/card-level-1.pdf", "cached"),
        ("en/card-level-2.pdf", "built"),
    ]


def test_data_that_is_not_text_counts_too(built_copy, data_copy):
    # A phone number is not a translatable text, but the booklet's back cover prints it.
    replace_in(data_copy / "edition.yaml", "01902 518 652", "01902 518 000")
    report = build(data_copy, built_copy, products=("booklet",))
    assert report.done[0].status == "built"
    from render.press.preflight import pdf_text

    assert "01902 518 000" in pdf_text((built_copy / "en" / "booklet.pdf").read_bytes())


def test_a_template_change_rebuilds_everything_that_uses_it(tmp_path, built_copy):
    from render.paths import Theme

    override = tmp_path / "templates"
    (override / "partials").mkdir(parents=True)
    source = (ROOT / "templates" / "partials" / "booklet.html").read_text()
    (override / "partials" / "booklet.html").write_text(source + "\n{# local copy #}\n")
    theme = Theme.layered(templates=[override])
    names = ("booklet", "leaflet-person")
    assert [d.status for d in build(MINI, built_copy, products=names).done] == ["cached", "cached"]
    assert [d.status for d in build(MINI, built_copy, products=names, theme=theme).done] == ["built", "built"]
    assert [d.status for d in build(MINI, built_copy, products=names, theme=theme).done] == ["cached", "cached"]


def test_a_deleted_output_is_made_again(built_copy):
    (built_copy / "en" / "booklet.pdf").unlink()
    report = build(MINI, built_copy, products=("booklet", "card-level-1"))
    assert [(d.path, d.status) for d in report.done] == [("en/booklet.pdf", "built"), ("en/card-level-1.pdf", "cached")]


def test_parallel_build_bytes_equal_serial(tmp_path, mini_build):
    out = tmp_path / "j2"
    report = build(MINI, out, products=("card-level-1", "card-level-2", "booklet"), workers=2, use_cache=False)
    assert [d.status for d in report.done] == ["built"] * 3
    serial = pdfs(mini_build)
    for path, data in pdfs(out).items():
        assert data == serial[path], path


def test_a_failed_output_writes_nothing(tmp_path, data_copy):
    out = tmp_path / "out"
    replace_in(data_copy / "products.yaml", "body_pt: {min: 8.0, max: 10.0}", "body_pt: {min: 30.0, max: 30.0}")
    with pytest.raises(BuildError) as err:
        build(data_copy, out, products=("poster", "booklet"))
    assert "poster [en]: does not fit even at the minimum body size 30.0 pt" in err.value.message
    assert err.value.message.endswith("nothing was written")
    assert not out.exists()


def test_build_table_and_summary(tmp_path):
    out = tmp_path / "out"
    args = ["build", "--data", MINI, "--product", "booklet", "--out", out, "-j", "1"]
    code, first = run(*args)
    assert code == 0, first
    # (one layout: it holds the note pages the last sheet could need, and keeps those it does)
    assert first.splitlines()[0].startswith("[1/1] booklet [en]: 12 page(s), body 10.0 pt, 1 layout pass, ")
    assert "1 output(s) built, 0 unchanged" in first
    code, second = run(*args)
    lines = second.splitlines()
    assert lines[0].split() == ["output", "pages", "size", "time"]
    assert lines[1].split()[:2] == ["en/booklet.pdf", "12"] and lines[1].endswith("cached")
    assert lines[2].split()[:2] == ["en/booklet-imposed.pdf", "6"]
    assert "0 output(s) built, 1 unchanged" in second
