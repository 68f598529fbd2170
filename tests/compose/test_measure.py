"""The measurer stands a matrix's table as the engine lays it out (render.compose.measure)."""

from __future__ import annotations

from dataclasses import replace
from functools import cache

import pytest

from render.compose import Composer, audit, fitter, paginate
from render.compose.fitter import TALL_PAGE_MM
from render.compose.measure import Measurer
from render.compose.statements import statement_texts
from render.i18n import catalogues
from render.i18n.localise import Localiser
from render.options import BuildOptions, plan
from render.paths import ASSETS, Paths
from render.session import Session
from render.source.products import WHOLE, Flow
from tests.helpers import CATALOGUES, MINI, SHIPPED

SIZES = (8.0, 9.3, 11.0)
SCRIPTS = ("pa-XA", "bn-XA", "gu-XA", "ar-XA", "ur-XA")  # a pseudo-locale per script but Latin
FLOWS = ("recovery-process", "best-practices")
PX = 0.01 / (96 / 25.4)  # a hundredth of a pixel, in millimetres


@cache
def _composer(data):
    """A data set's products, paths, composer and measurer, made once per test process."""
    from render.source import load_framework

    fw, products = load_framework(data)
    paths = Paths(data, catalogues=CATALOGUES)
    composer = Composer(fw, paths, fw.edition.revised)
    return products, paths, composer, Measurer(composer.engine, composer.session)


def compared(data, product: str, lang: str, size: float):
    """Both matrices of a card at a size on a tall page, as the fitter measures them: for each,
    the measurer's Table and paginate's reading of one layout of that page with the statements
    the measurer sets whole marked so; and that layout's hyphenation."""
    products, paths, composer, measurer = _composer(data)
    (job,) = plan(products, BuildOptions(paths, products=(product,), langs=(lang,), draft=lang != "en"))
    job = replace(job, product=replace(job.product, trim_mm=(job.product.trim_mm[0], TALL_PAGE_MM)))
    t = Localiser(lang, catalogues.load(lang, paths.strings, fuzzy=True) if lang != "en" else {})
    sizes = dict.fromkeys(FLOWS, size)
    sheets, css = composer.stylesheets(job, t), composer.page_css(job, t)
    page = composer.html(job, t, sizes)
    width = job.product.trim_mm[0] - job.product.margins_mm[1] - job.product.margins_mm[3]
    tables = {flow: measurer.table(page, ASSETS, sheets, css, flow, width) for flow in FLOWS}
    whole = frozenset().union(*(table.whole for table in tables.values()))
    rendered = composer.engine.render(composer.html(job, t, sizes, whole=whole), ASSETS, sheets, css)
    return {flow: (tables[flow], paginate.measure(rendered, flow)) for flow in FLOWS}, audit.hyphenation(rendered)


def assert_stands_alike(ours: paginate.Measured, laid: paginate.Measured, tolerance: float) -> int:
    """Every height and position of the two readings agree; returns the statements compared."""
    assert ours.first == pytest.approx(laid.first, abs=tolerance)
    assert ours.thead == pytest.approx(laid.thead, abs=tolerance)
    assert [g.component for g in ours.groups] == [g.component for g in laid.groups]
    count = 0
    for mine, theirs in zip(ours.groups, laid.groups, strict=True):
        assert mine.head == pytest.approx(theirs.head, abs=tolerance), mine.component
        assert mine.tail == pytest.approx(theirs.tail, abs=tolerance), mine.component
        assert mine.pads == pytest.approx(theirs.pads, abs=tolerance), mine.component
        for a, b in zip(mine.cells, theirs.cells, strict=True):
            assert [k for k, _, _ in a] == [k for k, _, _ in b]
            for (key, top, bottom), (_, top2, bottom2) in zip(a, b, strict=True):
                assert (top, bottom) == pytest.approx((top2, bottom2), abs=tolerance), key
                count += 1
    return count


@pytest.mark.slow
# Every card at one size, the sizes taken in turn (each script's matrices are stood at every size below).
@pytest.mark.parametrize(("card", "size"), [(f"card-level-{n}", SIZES[(n - 1) % len(SIZES)]) for n in range(1, 5)])
def test_every_matrix_of_the_shipped_cards_stands_as_laid_out(card, size):
    found, hyphens = compared(SHIPPED, card, "en", size)
    statements = sum(assert_stands_alike(t.measured, laid, PX) for t, laid in found.values())
    assert statements > 150  # both matrices of the level: every statement
    assert not hyphens.runs  # the statements it sets whole are all the layout needs set so


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", SCRIPTS)
def test_each_scripts_matrices_stand_as_laid_out(lang, size):
    """Each script's own fonts (their ascents unlike the bullet's, right to left or not)."""
    found, hyphens = compared(MINI, "card-level-1", lang, size)
    statements = sum(assert_stands_alike(t.measured, laid, PX) for t, laid in found.values())
    assert statements == 41
    assert not hyphens.runs


def test_a_statement_with_three_broken_line_ends_in_a_row_is_set_whole():
    """At the size the shipped level-1 card first needs one, the measurer names it, as the
    composer would after a layout, and breaks it without hyphens."""
    found, _ = compared(SHIPPED, "card-level-1", "en", 8.0)
    assert found["recovery-process"][0].whole == {"level-1/recovery-process/community/work/1"}


@pytest.mark.parametrize("lang", ("en", "pl", "ur-XA", "pa-XA"))
def test_the_cards_band_stands_as_laid_out(lang):
    """The level band (a draft's label above the heading, the heading in its display size) at
    the scales the composer tries, against the layout of the page it heads."""
    products, paths, composer, measurer = _composer(MINI)
    for job in plan(
        products, BuildOptions(paths, products=("card-level-1", "card-level-2"), langs=(lang,), draft=True)
    ):
        t = Localiser(lang, catalogues.load(lang, paths.strings, fuzzy=True) if lang != "en" else {})
        sheets, css = composer.stylesheets(job, t), composer.page_css(job, t)
        for scale in (1.0, 0.81, 0.6):
            page = composer._page(job, t, job.product.probe_sizes, scale, flows=())
            laid = audit.band_overflow_mm(composer.engine.render(page, ASSETS, sheets, css))
            assert measurer.band(page, ASSETS, sheets, css, job.product.content_width_mm) == pytest.approx(laid, abs=PX)


@pytest.mark.parametrize(
    ("data", "product", "lang", "some"),
    [(SHIPPED, "booklet", "en", True), (MINI, "leaflet-person", "ur-XA", False), (MINI, "booklet", "en-XA", False)],
)
def test_the_running_text_it_sets_whole_is_what_the_layout_breaks_three_times_in_a_row(data, product, lang, some):
    """The blocks of running text the measurer names are those whose laid-out lines break a
    word at more than two line ends in a row (the English booklet has some; the others none,
    and the measurer names none); set so, the layout has none."""
    products, paths, composer, measurer = _composer(data)
    (job,) = plan(products, BuildOptions(paths, products=(product,), langs=(lang,), draft=lang != "en"))
    t = Localiser(lang, catalogues.load(lang, paths.strings, fuzzy=True) if lang != "en" else {})
    sheets, css = composer.stylesheets(job, t), composer.page_css(job, t)
    sizes = {WHOLE: job.product.body_max_pt}
    page = composer.html(job, t, sizes)
    named = measurer.whole_blocks(page, ASSETS, sheets, css, job.product.content_width_mm)
    laid = {key for _, key in audit.hyphenation(composer.engine.render(page, ASSETS, sheets, css)).runs}
    assert named == laid and bool(named) == some
    again = composer.engine.render(composer.html(job, t, sizes, whole=frozenset(named)), ASSETS, sheets, css)
    assert not audit.hyphenation(again).runs


def _is_grid(element) -> bool:
    return (element.get("class") or "").startswith("matrix level-grid")


@pytest.mark.parametrize(
    ("data", "lang", "size"),
    [
        (SHIPPED, "en", 8.0),  # (the size the shipped poster is printed at)
        *((MINI, lang, SIZES[i % 3]) for i, lang in enumerate(("en", *SCRIPTS))),
    ],
)
def test_the_posters_level_grids_and_the_rest_stand_as_laid_out(data, lang, size):
    """The poster as the fitter measures it, against a layout of its page at that size: each
    level grid's height as the measurer stands it, and the whole page's height as the rest
    (laid out once, grids emptied, at the floor) plus the grids, in each script's fonts."""
    products, paths, composer, measurer = _composer(data)
    (job,) = plan(products, BuildOptions(paths, products=("poster",), langs=(lang,), draft=lang != "en"))
    job = replace(job, product=replace(job.product, trim_mm=(job.product.trim_mm[0], TALL_PAGE_MM)))
    t = Localiser(lang, catalogues.load(lang, paths.strings, fuzzy=True) if lang != "en" else {})
    sheets, css = composer.stylesheets(job, t), composer.page_css(job, t)
    page = composer.html(job, t, {WHOLE: size})
    grids = measurer.grids(page, ASSETS, sheets, css, job.product.content_width_mm)
    rendered = composer.lay_out(page, sheets, css, grids.whole)
    # the statements it sets whole are all the layout needs set so (the credits may need some)
    assert not {key for key in rendered.whole - grids.whole if key.startswith("level-")}
    laid = rendered.heights(_is_grid)
    assert len(laid) == len(grids.heights) == (4 if data == SHIPPED else 2)
    assert grids.heights == pytest.approx(laid, abs=PX)
    pos = rendered.positions({"start", "end"})
    measured = fitter._rest(composer, job, t, sheets, css) + sum(grids.heights)
    assert measured == pytest.approx(pos["end"][1] - pos["start"][1], abs=PX)


@pytest.mark.parametrize(("lang", "size"), [("en", 14.0), ("ur-XA", 14.0), ("pa-XA", 16.0)])
def test_a_poster_on_a_pair_of_sheets_measures_as_laid_out(lang, size):
    """A poster on two sheets, its grids stood in by blocks of their measured heights: its
    bands break between the sheets where the real layout breaks them, and it measures as tall."""
    products, paths, composer, _ = _composer(MINI)
    (job,) = plan(products, BuildOptions(paths, products=("poster",), langs=(lang,), draft=lang != "en"))
    job = replace(job, product=job.product.with_pages(2))
    t = Localiser(lang, catalogues.load(lang, paths.strings, fuzzy=True) if lang != "en" else {})
    sheets, css = composer.stylesheets(job, t), composer.page_css(job, t)
    page = composer.html(job, t, {WHOLE: size})
    measured = fitter._gridded_measure(composer, job, t, page, sheets, css, paged=True)
    rendered = composer.lay_out(page, sheets, css, measured.whole)
    assert rendered.pages >= 2 and {1} in rendered.attr_pages("data-s").values()  # (a band on the second sheet)
    laid = fitter._measure(rendered, Flow(WHOLE, 2), job.product.content_height_mm)
    assert measured.height == pytest.approx(laid.height, abs=PX)


def test_a_statements_lines_are_kept_for_the_next_measurement_of_its_page(monkeypatch):
    """A rebuild after an edit breaks again only the statement that changed: the lines of the
    others are kept, by the page without its statements' texts, its styles and the engine's
    fonts, and they are the lines breaking them again gives. A change of style breaks all."""

    products, paths, composer, measurer = _composer(MINI)
    (job,) = plan(products, BuildOptions(paths, products=("card-level-1",)))
    t = Localiser("en")
    sheets, css = composer.stylesheets(job, t), composer.page_css(job, t)
    page = composer.html(job, t, {"recovery-process": 9.0, "best-practices": 9.0}, flows=("recovery-process",))
    width = job.product.content_width_mm
    first = measurer.table(page, ASSETS, sheets, css, "recovery-process", width)
    statements = {text for text, _ in statement_texts(page).values()}
    broken = []  # the statements broken into lines (the column heads and row names always are)
    true_lines = Measurer.lines

    def lines(self, text, *args):
        if text in statements:
            broken.append(text)
        return true_lines(self, text, *args)

    monkeypatch.setattr(Measurer, "lines", lines)
    assert measurer.table(page, ASSETS, sheets, css, "recovery-process", width) == first and broken == []
    old = "Uninformed of resource opportunities"
    new = "Uninformed of the resources and opportunities open to them in their own community"
    assert page.count(old) == 1 and len(statements) >= 20
    edited = page.replace(old, new)
    statements.add(new)
    kept = measurer.table(edited, ASSETS, sheets, css, "recovery-process", width)
    assert set(broken) == {new}  # (once, or twice where it is set whole)
    fresh = Measurer(composer.engine, Session()).table(edited, ASSETS, sheets, css, "recovery-process", width)
    assert fresh == kept and fresh != first  # the longer statement stands taller
    broken.clear()
    Measurer(composer.engine, composer.session).table(
        edited, ASSETS, sheets, css + "\n/* a style changed */", "recovery-process", width
    )
    assert len(set(broken)) == len(statements) - 1  # every statement shown broken again (the old text is gone)
