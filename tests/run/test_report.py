"""The typed build report: written and read by one module, with a schema version; malformed reports are errors."""

from __future__ import annotations

import json

import click
import pytest

from render.run.report import SCHEMA, BuildReport, Fallback, OutputEntry


def test_every_output_of_the_build_with_its_facts(mini_build):
    report = BuildReport.read(mini_build)
    assert report.schema == SCHEMA and report.edition == "UK Version 1" and report.engine.startswith("WeasyPrint ")
    by_path = {e.path: e for e in report.outputs}
    assert sorted(by_path) == sorted(
        [f"en/{n}.pdf" for n in ("poster", "card-level-1", "card-level-2", "booklet")]
        + [f"en/leaflet-{p}{s}.pdf" for p in ("person", "clinicians", "community") for s in ("", "-imposed")]
        + ["en/booklet-imposed.pdf"]
    )
    card = by_path["en/card-level-2.pdf"]
    assert (card.pages, card.sides, card.page_size_mm, card.bleed_mm) == (2, 2, (210.0, 297.0), 3.0)
    assert set(card.body_pt_by_matrix) == {"recovery-process", "best-practices"}
    assert card.body_pt == min(card.body_pt_by_matrix.values()) and card.preflight == "pass"
    imposed = by_path["en/booklet-imposed.pdf"]
    assert (imposed.imposed_from, imposed.pages, imposed.page_size_mm) == ("booklet", 6, (320.0, 225.0))
    assert imposed.body_pt is None and imposed.standard == "PDF/X-4"
    raw = json.loads((mini_build / "build-report.json").read_text())
    assert raw["schema"] == SCHEMA
    assert all(("body_pt" in e) != ("imposed_from" in e) for e in raw["outputs"])  # what does not apply is left out


def test_a_report_reads_back_as_it_was_written(tmp_path):
    entry = OutputEntry(
        "card-level-1", "pl", "standard", "press", "pl/card-level-1.pdf", 6, 2, (210.0, 297.0), 3.0, 8.0,
        body_pt=8.4, draft=True, fallbacks=(Fallback("ui", "Contents"),), body_pt_by_matrix={"best-practices": 8.4},
    )  # fmt: skip
    report = BuildReport("UK Version 1", "WeasyPrint 70.0", (entry,))
    (tmp_path / "build-report.json").write_bytes(report.to_bytes())
    assert BuildReport.read(tmp_path) == report
    written = json.loads(report.to_bytes())["outputs"][0]
    assert written["fallbacks"] == [{"context": "ui", "msgid": "Contents"}] and "imposed_from" not in written


@pytest.mark.parametrize(
    "text, message",
    [
        (None, "no build report; build first"),
        ("{", "not a readable build report"),
        ('{"schema": 2}', "not a build report (no list of outputs)"),
        ('{"outputs": []}', "a build report of schema 1, this program reads 2; rebuild"),
        ('{"schema": 2, "outputs": [{"product": "x"}]}', "an output entry without"),
        ('{"schema": 2, "outputs": [{"nope": 1}]}', "not an output entry of this program"),
    ],
)
def test_a_missing_or_malformed_report_is_a_clear_error(tmp_path, text, message):
    if text is not None:
        (tmp_path / "build-report.json").write_text(text)
    with pytest.raises(click.ClickException) as err:
        BuildReport.read(tmp_path, "build first")
    assert err.value.message.startswith(str(tmp_path / "build-report.json")) and message in err.value.message


def test_an_entry_outside_the_build_folder_is_refused(tmp_path):
    entry = OutputEntry("x", "en", "standard", "press", "../../x.pdf", 1, 1, (1.0, 1.0), 0.0, 8.0)
    (tmp_path / "build-report.json").write_bytes(BuildReport("e", "w", (entry,)).to_bytes())
    with pytest.raises(click.ClickException, match="not a PDF inside the build folder"):
        BuildReport.read(tmp_path)
