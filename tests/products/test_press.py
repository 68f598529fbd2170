"""The press checks of tests/press/test_finish.py, on every shipped English product a print shop gets."""

from __future__ import annotations

import pytest

from tests.helpers import SHIPPED, options
from tests.press.test_finish import (  # noqa: F401 (collected here, on the shipped products)
    test_boxes_exact_no_artbox,
    test_fonts_embedded,
    test_marks_outside_the_bleed,
    test_pdfx4_identification_and_output_intent,
    test_registration_colour_is_separation_all,
    test_slug_names_job_and_page,
)


@pytest.fixture(scope="session")
def press_files(english_build, english_report):
    return [(e, english_build / e.path) for e in english_report.values() if e.profile == "press"]


def test_every_output_is_press(press_files):
    assert len(press_files) == 13  # poster, 4 cards, booklet, 3 leaflets, 4 imposed forms


def test_build_report_and_preflight_command_pass(english_build, press_files):
    from render import api

    assert all(entry.preflight == "pass" for entry, _ in press_files)
    reports = api.preflight(options(SHIPPED, english_build).paths)
    assert len(reports) == 13 and all(r.ok for r in reports), [str(f) for r in reports for f in r.findings]
    for r in reports:
        if r.facts.get("statements"):
            assert r.facts["statements_once"] == r.facts["statements"]
    poster = next(r for r in reports if r.path.endswith("/en/poster.pdf"))
    assert poster.facts["statements_once"] == 970 and poster.facts["smallest_text_pt"] >= 8.0
