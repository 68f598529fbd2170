"""A poster too tall for its sheet at the floor: its masthead gives way, in steps down to the
floors in products.yaml, before a second sheet is taken; the report says how it gave way, how
much room a one-sheet poster has left, and why a pair of sheets was taken."""

from __future__ import annotations

import json
import shutil

import pdfplumber
import pytest

from tests.helpers import MINI, build, replace_in

MARGINS = "margins_mm: [15, 16, 14, 16]"  # the small set's poster: top, right, bottom, left


def largest_type(path) -> float:
    """The largest type on the poster's first page (the title), pt."""
    with pdfplumber.open(path) as pdf:
        return round(max(c["size"] for c in pdf.pages[0].chars), 1)


def poster(data, out):
    """The English poster of a data set built: its build report entry, and its largest type."""
    build(data, out, products=("poster",))
    (entry,) = json.loads((out / "build-report.json").read_text(encoding="utf-8"))["outputs"]
    return entry, largest_type(out / "en" / "poster.pdf")


def served(data, out) -> str:
    """The workbench's page of the poster built into `out`."""
    from render.commands.serve import Workbench
    from render.serve.app import make_app
    from tests.helpers import options
    from tests.serve.test_app import get

    status, page = get(make_app(Workbench(options(data, out, products=("poster",)))), "/product/en/poster")
    assert status == 200
    return page


@pytest.mark.slow
def test_the_masthead_gives_way_before_a_second_sheet_and_the_report_says_so(mini_build, tmp_path):
    (entry,) = [
        e for e in json.loads((mini_build / "build-report.json").read_text())["outputs"] if e["product"] == "poster"
    ]
    spare, least = entry["headroom_mm"]  # at the floor: with the full masthead, with it at its floors
    assert entry["pages"] == 1 and "masthead" not in entry and largest_type(mini_build / "en" / "poster.pdf") == 80
    assert least - spare > 20, "the masthead's floors make room"
    data = shutil.copytree(MINI, tmp_path / "data")

    # A sheet shorter than the poster at the floor, but not than with its masthead at its floors.
    bottom = 14 + spare + (least - spare) / 2
    replace_in(data / "products.yaml", MARGINS, f"margins_mm: [15, 16, {bottom:.1f}, 16]")
    entry, title = poster(data, tmp_path / "one")
    assert entry["pages"] == 1 and entry["body_pt"] >= 8.0, entry
    assert entry["masthead"].startswith("title ") and 56 <= title < 80, (entry, title)
    assert f"title {title:g} pt" in entry["masthead"]
    assert 0 <= entry["headroom_mm"][0] < entry["headroom_mm"][1]
    shown = served(data, tmp_path / "one")  # (serve's product page says the same)
    assert f"smaller, to keep one sheet: {entry['masthead']}" in shown and "mm to spare at the floor" in shown

    # Shorter than the poster with its masthead at its floors: a pair of sheets, the masthead
    # whole again, and why one sheet would not do.
    replace_in(
        data / "products.yaml",
        f"margins_mm: [15, 16, {bottom:.1f}, 16]",
        f"margins_mm: [15, 16, {14 + least + 30:.1f}, 16]",
    )
    entry, title = poster(data, tmp_path / "two")
    assert entry["pages"] == 2 and "masthead" not in entry and title == 80, entry
    reason = entry["form_reason"]
    assert reason.startswith("1 flat sheet(s) at 8 pt with the masthead at its floors: ") and reason.endswith(
        " mm too tall"
    )
    assert 25 <= int(reason.split(": ")[1].split()[0]) <= 35, reason  # (30 mm too short a sheet)
