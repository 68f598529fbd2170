"""The screen profile: tagged PDF/UA-1, language, title shown, outline, no bleed, same text."""

from __future__ import annotations

import pikepdf
import pytest

from render.build import plan
from render.run import build

from .conftest import DATA, page_texts, squash

PRODUCTS = (
    "poster",
    "card-level-1",
    "card-level-4",
    "booklet",
    "leaflet-person",
    "leaflet-clinicians",
    "leaflet-community",
    "card-level-2",
    "card-level-3",
)


@pytest.fixture(scope="session")
def screen_build(tmp_path_factory, framework, products):
    out = tmp_path_factory.mktemp("screen")
    build(framework, plan(products, (), ("en",), profile="screen"), DATA, out, echo=lambda _: None, workers=2)
    return out


def outline(pdf) -> list[tuple[str, list[str]]]:
    with pdf.open_outline() as o:
        return [(item.title, [child.title for child in item.children]) for item in o.root]


@pytest.mark.parametrize("name", PRODUCTS)
def test_tagged_titled_in_its_language_without_bleed(screen_build, name):
    path = screen_build / "en" / "screen" / f"{name}.pdf"
    with pikepdf.open(path) as pdf:
        assert "/StructTreeRoot" in pdf.Root and bool(pdf.Root.MarkInfo.Marked)
        assert str(pdf.Root.Lang) == "en-GB"
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle)
        assert str(pdf.docinfo["/Title"]).startswith("Emerging Best Practices in Mental Health Recovery")
        for page in pdf.pages:
            assert [float(v) for v in page.obj.MediaBox] == [float(v) for v in page.obj.TrimBox]
            assert "/ArtBox" not in page.obj or [float(v) for v in page.obj.ArtBox] == [
                float(v) for v in page.obj.MediaBox
            ]


@pytest.mark.parametrize(
    "name, levels",
    [("poster", 4), ("card-level-1", 1), ("card-level-4", 1), ("leaflet-person", 4), ("leaflet-clinicians", 4)],
)
def test_outline_has_one_entry_per_level(screen_build, framework, name, levels):
    with pikepdf.open(screen_build / "en" / "screen" / f"{name}.pdf") as pdf:
        entries = [title for title, _ in outline(pdf) if title.startswith("Level ")]
    assert len(entries) == levels
    names = {f"Level {lv.number} {lv.name.source}" for lv in framework.levels}
    assert set(entries) <= names


def test_booklet_outline_lists_its_sections(screen_build, framework):
    with pikepdf.open(screen_build / "en" / "screen" / "booklet.pdf") as pdf:
        titles = {t for title, children in outline(pdf) for t in (title, *children)}
    assert {s.title.source for s in framework.sections} <= titles


def test_card_outline_nests_the_matrices(screen_build, framework):
    with pikepdf.open(screen_build / "en" / "screen" / "card-level-3.pdf") as pdf:
        assert outline(pdf) == [("Level 3 Independent/Aware", [m.name.source for m in framework.matrices])]


@pytest.mark.parametrize("name", ["card-level-2", "poster"])
def test_same_statements_as_the_print_version(screen_build, english_build, framework, name):
    screen = "".join(page_texts(screen_build / "en" / "screen" / f"{name}.pdf"))
    press = "".join(page_texts(english_build[0] / "en" / f"{name}.pdf"))
    level = 2 if name == "card-level-2" else None
    for s in framework.statements(level):
        assert (squash(s.text.source) in screen) == (squash(s.text.source) in press) is True


def test_table_header_cells_are_tagged_as_headers(screen_build):
    with pikepdf.open(screen_build / "en" / "screen" / "card-level-1.pdf") as pdf:
        kinds = set()

        def walk(node, depth=0):
            if depth > 40 or not isinstance(node, pikepdf.Dictionary):
                return
            if "/S" in node:
                kinds.add(str(node.S))
            kids = node.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
                walk(kid, depth + 1)

        walk(pdf.Root.StructTreeRoot)
    assert {"/Table", "/TH", "/TD"} <= kinds
