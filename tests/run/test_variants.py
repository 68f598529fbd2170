"""The screen profile (tagged PDF/UA-1, language, title, outline, no bleed) and large print (A4, large type)."""

from __future__ import annotations

import pdfplumber
import pikepdf
import pytest

from render.errors import BuildError
from render.options import BuildOptions, plan
from render.run.report import BuildReport
from tests.helpers import MINI, MINI_PRODUCTS, MM, mini_large_print, page_texts, run, squash

LARGE = tuple(p for p in MINI_PRODUCTS if p != "poster")


def outline(pdf) -> list[tuple[str, list[str]]]:
    with pdf.open_outline() as o:
        return [(item.title, [child.title for child in item.children]) for item in o.root]


@pytest.mark.parametrize("name", MINI_PRODUCTS)
def test_tagged_titled_in_its_language_without_bleed(screen_build, name):
    with pikepdf.open(screen_build / "en" / "screen" / f"{name}.pdf") as pdf:
        assert "/StructTreeRoot" in pdf.Root and bool(pdf.Root.MarkInfo.Marked)
        assert str(pdf.Root.Lang) == "en-GB"
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle)
        assert str(pdf.docinfo["/Title"]).startswith("Emerging Best Practices in Mental Health Recovery")
        assert "/OutputIntents" not in pdf.Root  # not a press file
        for page in pdf.pages:
            assert [float(v) for v in page.obj.MediaBox] == [float(v) for v in page.obj.TrimBox]
            assert "/ArtBox" not in page.obj or [float(v) for v in page.obj.ArtBox] == [
                float(v) for v in page.obj.MediaBox
            ]


@pytest.mark.parametrize("name, levels", [("poster", [1, 2]), ("card-level-1", [1]), ("leaflet-person", [1, 2])])
def test_outline_has_one_entry_per_level(screen_build, framework, name, levels):
    with pikepdf.open(screen_build / "en" / "screen" / f"{name}.pdf") as pdf:
        entries = [title for title, _ in outline(pdf) if title.startswith("Level ")]
    assert entries == [f"Level {n} {framework.levels[n - 1].name.source}" for n in levels]


def test_booklet_outline_lists_its_sections(screen_build, framework):
    with pikepdf.open(screen_build / "en" / "screen" / "booklet.pdf") as pdf:
        titles = {t for title, children in outline(pdf) for t in (title, *children)}
    assert {s.title.source for s in framework.sections} <= titles


def test_card_outline_nests_the_matrices(screen_build, framework):
    with pikepdf.open(screen_build / "en" / "screen" / "card-level-2.pdf") as pdf:
        assert outline(pdf) == [("Level 2 Dependent/Aware", [m.name.source for m in framework.matrices])]


@pytest.mark.parametrize("name", ["card-level-2", "poster"])
def test_same_statements_as_the_print_version(screen_build, mini_build, framework, name):
    screen = "".join(page_texts(screen_build / "en" / "screen" / f"{name}.pdf"))
    press = "".join(page_texts(mini_build / "en" / f"{name}.pdf"))
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


# Large print.


@pytest.fixture(scope="session", params=[16, 24])
def large_print(request, tmp_path_factory, products):
    size = request.param
    what = dict(variant="large-print", large_print_pt=size)
    out = mini_large_print(tmp_path_factory.getbasetemp(), size)
    report = {e.product: e for e in BuildReport.read(out).outputs}
    forms = {job.product.name: job.product for job in plan(products, BuildOptions(**what))}
    return size, out / "en" / "large-print", report, forms


def test_every_card_leaflet_and_booklet_but_not_the_poster(large_print):
    _, folder, report, _ = large_print
    assert set(report) == set(LARGE)
    assert all(e.variant == "large-print" and e.profile == "screen" for e in report.values())
    assert not (folder / "poster.pdf").exists()


@pytest.mark.parametrize("name", LARGE)
def test_a4_no_text_below_the_body_size_no_italics_tagged(large_print, name):
    size, folder, report, _ = large_print
    assert report[name].body_pt == size and report[name].page_size_mm == (210.0, 297.0)
    with pdfplumber.open(folder / f"{name}.pdf") as pdf:
        chars = [c for page in pdf.pages for c in page.chars if c["text"].strip()]
        for page in pdf.pages:
            assert abs(page.width / MM - 210) < 0.1 and abs(page.height / MM - 297) < 0.1
    assert min(c["size"] for c in chars) >= size - 0.01
    assert not any("Italic" in c["fontname"] or "Oblique" in c["fontname"] for c in chars)
    with pikepdf.open(folder / f"{name}.pdf") as pdf:
        assert "/StructTreeRoot" in pdf.Root and str(pdf.Root.Lang) == "en-GB"


@pytest.mark.parametrize("name", LARGE)
def test_every_statement_of_the_source_product(large_print, framework, name):
    _, folder, _, forms = large_print
    product = forms[name]
    text = "".join(page_texts(folder / f"{name}.pdf", product))
    wanted = framework.statements(product.level, product.perspective) if product.statements else []
    missing = [s.text.source for s in wanted if squash(s.text.source) not in text]
    assert not missing, missing[:3]
    if name == "booklet":
        assert all(squash(s.title.source) in text for s in framework.sections)


@pytest.mark.parametrize(
    "name, head, foot",
    [
        ("card-level-2", "Level 2 Dependent/Aware", ""),
        ("leaflet-person", "Level 2 Dependent/Aware", "The person in recovery"),
    ],
)
def test_page_numbers_and_running_heads(large_print, name, head, foot):
    _, folder, _, _ = large_print
    with pdfplumber.open(folder / f"{name}.pdf") as pdf:
        total = len(pdf.pages)
        heads = []
        for n, page in enumerate(pdf.pages, 1):
            left, top, right, bottom = page.bbox
            top_text = squash(page.crop((left, top, right, top + 25 * MM)).extract_text())
            foot_text = squash(page.crop((left, bottom - 22 * MM, right, bottom)).extract_text())
            assert foot_text.endswith(squash(f"{n} / {total}")), (n, foot_text)
            assert foot_text.startswith(squash(foot)), (n, foot_text)
            heads.append(top_text)
    assert squash(head) in heads  # some page of that level carries its name as the running head


def _running_heads(pdf_path) -> list[str]:
    """The words of each page printed above its content box (25 mm top margin)."""
    with pdfplumber.open(pdf_path) as pdf:
        return [squash(page.crop((0, 0, page.width, 25 * MM - 1)).extract_text()) for page in pdf.pages]


def test_the_cover_has_no_running_head_and_a_long_title_heads_pages_in_its_short_form(large_print):
    _, folder, _, _ = large_print
    heads = _running_heads(folder / "booklet.pdf")
    assert heads[0] == ""  # the cover prints the title itself
    assert squash("Framework of Values") in heads  # running_head of the values section
    assert not any(squash("National Framework") in head for head in heads)


def test_large_print_is_never_a_press_file_and_saying_so_is_refused():
    with pytest.raises(BuildError, match="--profile press with --variant large-print: large print is always"):
        BuildOptions(profile="press", variant="large-print")
    code, out = run("build", "--profile", "screen", "--variant", "large-print", "--data", MINI, "--plan")
    assert code == 1 and "leave out --profile" in out, out
    code, out = run("build", "--variant", "large-print", "--data", MINI, "--plan")
    assert code == 0 and "large-print/card-level-1.pdf" in out


def test_on_screen_and_in_large_print_nothing_is_bound(products):
    from dataclasses import replace

    from render.options import shaped

    card = replace(products["card-level-1"], binding="folded")
    assert shaped(card, "standard", "press", 16, None).binding == "folded"
    assert shaped(card, "standard", "screen", 16, None).binding == "flat"
    assert shaped(card, "large-print", "press", 16, None).binding == "flat"  # as many A4 pages as it takes
