"""The A5 booklet and audience leaflets, and their imposed printer's forms."""

from __future__ import annotations

import re

import pdfplumber
import pikepdf
import pytest

from render.press.impose import saddle_order
from render.source.model import Heading, ItemList, Paragraph, Terms
from tests.helpers import page_texts, printed, region_texts, squash

MM = 72 / 25.4
BOOKLETS = ("booklet", "leaflet-person", "leaflet-clinicians", "leaflet-community")
AUDIENCES = {"leaflet-person": "person", "leaflet-clinicians": "clinicians", "leaflet-community": "community"}


def _box(page, key):
    return [float(v) for v in page.obj[key]]


@pytest.fixture(scope="session")
def booklet_paths(english_build):
    return {name: english_build / "en" / f"{name}.pdf" for name in BOOKLETS}


@pytest.fixture(scope="session")
def booklet_texts(booklet_paths):
    return {name: page_texts(path) for name, path in booklet_paths.items()}


@pytest.fixture(scope="session")
def body_texts(booklet_paths, products):
    """The running text of each booklet, page heads and numbers left out."""
    return {name: "".join(page_texts(path, products[name])) for name, path in booklet_paths.items()}


@pytest.mark.parametrize("name", BOOKLETS)
def test_a5_pages_in_fours_with_bleed(booklet_paths, report, name):
    with pikepdf.open(booklet_paths[name]) as pdf:
        assert len(pdf.pages) % 4 == 0 and len(pdf.pages) >= 8
        assert report[name]["pages"] == len(pdf.pages)
        for page in pdf.pages:
            trim = [float(v) / MM for v in page.obj["/TrimBox"]]
            bleed = [float(v) / MM for v in page.obj["/BleedBox"]]
            assert abs(trim[2] - trim[0] - 148) < 0.01 and abs(trim[3] - trim[1] - 210) < 0.01
            assert [round(b - t, 2) for b, t in zip(bleed, trim, strict=True)] == [-3, -3, 3, 3]


@pytest.mark.parametrize("name", BOOKLETS)
def test_body_at_least_9_5_pt_and_no_empty_page(booklet_paths, booklet_texts, name):
    with pdfplumber.open(booklet_paths[name]) as pdf:
        sizes = [c["size"] for page in pdf.pages for c in printed(page).chars if c["text"].strip()]
    assert min(sizes) >= 9.5 - 0.01
    assert all(booklet_texts[name]), "every page carries something"


@pytest.mark.parametrize("name", BOOKLETS)
def test_page_numbers_on_inner_pages(booklet_paths, name):
    with pikepdf.open(booklet_paths[name]) as pdf:
        media, bleed = (_box(pdf.pages[0], key) for key in ("/MediaBox", "/BleedBox"))
    # The foot of each page: 17 mm above the bottom of the bleed, as wide as the bleed.
    region = (bleed[0] - media[0], media[3] - bleed[1] - 17 * MM, bleed[2] - bleed[0], 17 * MM)
    feet = [foot.strip() for foot in region_texts(booklet_paths[name], region, raw=False)]
    for n, foot in enumerate(feet, 1):
        if n in (1, len(feet)):  # the covers
            assert not foot.isdigit()
        else:
            assert foot.endswith(str(n)), (n, foot)


@pytest.mark.parametrize("name", BOOKLETS)
def test_contents_numbers_match_the_headings(booklet_paths, booklet_texts, name):
    with pdfplumber.open(booklet_paths[name]) as pdf:
        lines = pdf.pages[1].extract_text().splitlines()
    entries = [m.groups() for line in lines if (m := re.match(r"^(.*?)[ .]*\.\s*(\d+)$", line))]
    assert len(entries) >= 5
    for title, page in entries:
        text = booklet_texts[name][int(page) - 1]
        assert squash(title.rstrip(" .").replace("·", "")) in text, (title, page)


def test_booklet_carries_every_prose_section(framework, body_texts):
    text = body_texts["booklet"]
    missing = []
    for section in framework.sections:
        pieces = [section.title]
        for block in section.blocks:
            if isinstance(block, (Paragraph, Heading)):
                pieces.append(block.text)
            elif isinstance(block, ItemList):
                pieces += [item.text for item in block.items] + [item.lead for item in block.items if item.lead]
            elif isinstance(block, Terms):
                pieces += [p for term in block.terms for p in (term.term, term.text)]
        missing += [p.source for p in pieces if squash(p.source) not in text]
    assert not missing, missing[:3]
    for piece in ("Antony Sheehan", "Piers Allott", "Hari Sewell", "It is approved by NIMHE"):
        assert squash(piece) in text


@pytest.mark.parametrize("name", AUDIENCES)
def test_leaflet_carries_its_audience_only(framework, body_texts, name):
    text = body_texts[name]
    own = {s.text.source for s in framework.statements(perspective=AUDIENCES[name])}
    missing = [s for s in own if squash(s) not in text]
    assert not missing, missing[:3]
    others = {s.text.source for s in framework.statements() if s.perspective != AUDIENCES[name]} - own
    strays = [s for s in others if len(s) > 40 and squash(s) in text]
    assert not strays, strays[:3]
    for level in framework.levels:
        assert squash(f"Level {level.number}{level.name.source}") in text
    assert squash("Clinical Care") in text and squash(framework.term("stigma").text.source) in text


def test_clinicians_leaflet_has_capabilities_and_principles(framework, booklet_texts):
    text = "".join(booklet_texts["leaflet-clinicians"])
    for sid in ("capabilities", "principles"):
        assert squash(framework.section(sid).title.source) in text
    assert squash(framework.section("capabilities").title.source) not in "".join(booklet_texts["leaflet-person"])


@pytest.mark.parametrize("pages", [4, 8, 12, 28, 40])
def test_saddle_order_is_computed_for_any_multiple_of_four(pages):
    sides = saddle_order(pages)
    assert len(sides) == pages // 2
    assert sorted(p for side in sides for p in side) == list(range(1, pages + 1))
    for left, right in sides:
        assert left + right == pages + 1  # facing pages of a nested sheet
    assert sides[0] == (pages, 1) and sides[1] == (2, pages - 1)
    assert saddle_order(pages, right_to_left=True)[0] == (1, pages)


def test_saddle_order_refuses_other_counts():
    with pytest.raises(ValueError):
        saddle_order(10)


@pytest.mark.parametrize("name", BOOKLETS)
def test_imposed_sides_hold_the_right_pages(english_build, booklet_texts, report, name):
    path = english_build / "en" / f"{name}-imposed.pdf"
    reader = booklet_texts[name]
    entry = report[f"{name}-imposed"]
    assert entry["pages"] == len(reader) // 2 and entry["page_size_mm"] == [320.0, 225.0]
    with pikepdf.open(path) as pdf:
        assert len(pdf.pages) == len(reader) // 2
        width, height = (float(v) for v in pdf.pages[0].obj.MediaBox[2:])
        for page in pdf.pages:
            assert [round(float(v) / MM, 1) for v in page.obj.MediaBox] == [0, 0, 320, 225]
    lefts = region_texts(path, (0, 0, width / 2, height))  # each sheet side's two halves
    rights = region_texts(path, (width / 2, 0, width / 2, height))
    for left_text, right_text, (left, right) in zip(lefts, rights, saddle_order(len(reader)), strict=True):
        assert squash(left_text) == reader[left - 1] and squash(right_text) == reader[right - 1]


@pytest.fixture(scope="session")
def page_bodies(booklet_paths, products):
    """Each booklet's pages, their running text only (heads and folios left out)."""
    return {name: page_texts(path, products[name]) for name, path in booklet_paths.items()}


@pytest.mark.parametrize("name", BOOKLETS)
def test_note_pages_complete_the_last_sheet_and_no_more(page_bodies, name):
    """The note pages (laid out as many as a sheet could need, then kept as many as complete
    it) sit before the back cover, the fewest that make the pages a multiple of four."""
    pages = page_bodies[name]
    notes = [i for i, text in enumerate(pages) if text == squash("Notes")]
    assert len(pages) % 4 == 0 and len(notes) < 4
    assert notes == list(range(len(pages) - 1 - len(notes), len(pages) - 1))  # together, before the back cover
    if notes:
        assert (len(pages) - len(notes)) % 4  # without them the last sheet would not be whole
