"""The fitter on a longer language: every product fits or says so; a per-level set takes one longer form."""

from __future__ import annotations

import re
import shutil

import pikepdf
import pytest

from render import api
from render.paths import TEMPLATES, Paths, Theme
from tests.helpers import MINI, MINI_PRODUCTS, build, page_texts, replace_in, squash

A4_CARD = "  trim_mm: [210, 297]\n  bleed_mm: 3\n  margins_mm: [21, 10, 13, 10]"
A5_CARD = "  trim_mm: [148, 210]\n  bleed_mm: 3\n  margins_mm: [21, 10, 13, 10]"


@pytest.fixture(scope="module")
def pseudo_build(tmp_path_factory):
    """Every product in en-XA (accented, 30-100 % longer) from the small data set with A5 cards,
    whose two sides hold the English but not en-XA: (report, output folder)."""
    root = tmp_path_factory.mktemp("pseudo")
    data = shutil.copytree(MINI, root / "data")
    replace_in(data / "products.yaml", A4_CARD, A5_CARD)
    catalogues = root / "translations"
    catalogues.mkdir()
    for action in ("extract", "pseudo"):
        api.catalogues(Paths(data, root, catalogues, Theme()), action)
    out = root / "out"
    return build(data, out, langs=("en-XA",), catalogues=catalogues, workers=2), out


@pytest.mark.xdist_group("pseudo")  # (one worker: the build is made once)
def test_a_pseudo_locale_builds_every_product(pseudo_build):
    report, out = pseudo_build
    assert [d.path for d in report.done] == [f"en-XA/{name}.pdf" for name in MINI_PRODUCTS]
    assert len(report.built) == len(MINI_PRODUCTS)
    text = "".join(page_texts(out / "en-XA" / "leaflet-person.pdf"))
    assert squash("[Ĺéṽéĺ 1") in text and squash("Level 1 Dependent/Unaware") not in text  # en-XA, not English


@pytest.mark.xdist_group("pseudo")  # (one worker: the build is made once)
def test_a_longer_language_takes_the_sets_longer_form(pseudo_build):
    report, out = pseudo_build
    pages = {d.path: d.entries[0].pages for d in report.done if d.job.product.level}
    assert pages == {  # (English takes the cards' own two pages: see the small build)
        "en-XA/card-level-1.pdf": 4,  # the first longer form (more_pages: [4, 6]) at which both levels fit
        "en-XA/card-level-2.pdf": 4,
    }
    for path, count in pages.items():
        with pikepdf.open(out / path) as pdf:
            assert len(pdf.pages) == count
    for d in report.done:  # each matrix still starts its half of the card and is fitted on its own
        if d.job.product.level:
            assert set(d.entries[0].body_pt_by_matrix) == {"recovery-process", "best-practices"}
            assert min(d.entries[0].body_pt_by_matrix.values()) >= 8.0
    # Why not the shorter form, in the report: the most overfull matrix of the set at the floor.
    reasons = {d.path: d.entries[0].form_reason for d in report.done if d.job.product.level}
    (reason,) = set(reasons.values())  # (one for the set)
    found = re.fullmatch(r"2 flat sheet\(s\) at 8 pt: level ([12]) (.+): (\d+) mm too tall", reason)
    assert found and int(found.group(3)) > 0, reason
    assert all(d.entries[0].form_reason is None for d in report.done if not d.job.product.more_pages)
    # The poster keeps its one sheet: its masthead gives way (a step below full size), not a second sheet.
    (poster,) = [d.entries[0] for d in report.done if d.job.product.name == "poster"]
    assert poster.pages == 1 and poster.form_reason is None and poster.masthead.startswith("title "), poster
    assert poster.headroom_mm[0] >= 0


def test_every_scripts_pseudo_locale_fits_its_card_and_booklet_in_bindable_pages(tmp_path):
    from render.i18n.pseudo import SYLLABLES

    langs = tuple(SYLLABLES)
    report = build(MINI, tmp_path, products=("card-level-2", "booklet"), langs=langs, workers=2)
    assert sorted(d.path for d in report.done) == sorted(
        f"{lang}/{p}.pdf" for lang in langs for p in ("booklet", "card-level-2")
    )
    for d in report.done:
        pages = d.entries[0].pages
        product = d.job.product
        assert pages == product.pages if product.pages else pages % product.page_multiple == 0, d.path
        with pikepdf.open(tmp_path / d.path) as pdf:
            assert len(pdf.pages) == pages and str(pdf.Root.Lang) == d.job.lang


def test_a_layout_taller_than_measured_steps_the_matrix_down_and_the_report_counts_it(
    tmp_path, monkeypatch, mini_build
):
    """The measurer made to stand every statement 2 % shorter than the engine sets it: the
    size it picks overflows the confirming layout, so the fitter steps below it and lays out
    again, until the layout holds; the output is as bindable as ever and says how many steps."""
    from dataclasses import replace as changed

    from render.compose.measure import Measurer
    from render.run.report import BuildReport

    true_table = Measurer.table

    def short(self, *args):
        table = true_table(self, *args)
        groups = tuple(
            changed(g, cells=tuple(tuple((k, a * 0.98, b * 0.98) for k, a, b in cell) for cell in g.cells))
            for g in table.measured.groups
        )
        return changed(table, measured=changed(table.measured, groups=groups))

    monkeypatch.setattr(Measurer, "table", short)
    report = build(MINI, tmp_path, products=("card-level-1",), workers=1, use_cache=False)
    (entry,) = BuildReport.read(tmp_path).outputs
    assert [d.path for d in report.built] == ["en/card-level-1.pdf"]
    assert entry.refits >= 1 and entry.pages == 2
    truth = {e.product: e for e in BuildReport.read(mini_build).outputs}["card-level-1"]
    assert truth.refits == 0
    stepped = [m for m, pt in entry.body_pt_by_matrix.items() if pt < truth.body_pt_by_matrix[m]]
    assert stepped  # the matrix that overflowed took a smaller size than the true measurement gives
    with pikepdf.open(tmp_path / "en" / "card-level-1.pdf") as pdf:
        assert len(pdf.pages) == 2


def test_a_themes_matrix_the_measurer_does_not_know_is_laid_out_to_measure_it(tmp_path):
    """A theme's card whose matrices sit in sections of its own making (no flow the measurer
    can find above the table): fitted by measuring layouts, as every product once was."""
    from render.run.report import BuildReport

    templates = tmp_path / "theme" / "templates"
    templates.mkdir(parents=True)
    shipped = (TEMPLATES / "card.html").read_text()
    assert 'class="flow level-' in shipped
    (templates / "card.html").write_text(shipped.replace('class="flow level-', 'class="side level-'))
    out = tmp_path / "out"
    build(MINI, out, products=("card-level-1",), theme=Theme.layered(themes=[tmp_path / "theme"]))
    (entry,) = BuildReport.read(out).outputs
    assert entry.status == "ok" and entry.pages == 2 and entry.refits == 0
    assert entry.layout_passes > 2  # measuring layouts, then the written one


def test_an_edit_to_one_matrix_measures_that_matrix_alone_again(data_copy, tmp_path, monkeypatch):
    """Each matrix's measurements are kept by its own page: after a statement of the Recovery
    Process changes, the next build measures that matrix again and takes the other's from the cache."""
    from render.compose.measure import Measurer

    build(data_copy, tmp_path, products=("card-level-1",))
    measured, true_table = [], Measurer.table

    def recorded(self, page, base, sheets, css, matrix, width):
        measured.append(matrix)
        return true_table(self, page, base, sheets, css, matrix, width)

    monkeypatch.setattr(Measurer, "table", recorded)
    replace_in(data_copy / "levels" / "level-1.yaml", "May have lost contact with peers", "Has lost touch with peers")
    report = build(data_copy, tmp_path, products=("card-level-1",))
    assert [d.path for d in report.built] == ["en/card-level-1.pdf"]
    assert measured and set(measured) == {"recovery-process"}


def test_how_a_table_is_measured_is_what_its_template_declares(tmp_path):
    """The fitter reads data-measure on a table, never its class names: a theme's matrix that
    keeps every class but declares nothing is measured from layouts; the shipped one by the measurer."""
    from render.compose.fitter import declared
    from render.run.report import BuildReport

    shipped = (TEMPLATES / "partials" / "matrix.html").read_text()
    assert shipped.count('data-measure="by-component"') == 1 and shipped.count('data-measure="level-grid"') == 1
    templates = tmp_path / "theme" / "templates" / "partials"
    templates.mkdir(parents=True)
    (templates / "matrix.html").write_text(shipped.replace(' data-measure="by-component"', ""))
    page = '<table class="matrix by-component matrix-x" data-measure="by-component" data-matrix="x"><table class="a">'
    assert declared(page) == [
        {"class": "matrix by-component matrix-x", "data-measure": "by-component", "data-matrix": "x"}
    ]
    runs = {}
    for name, theme in (("shipped", Theme()), ("undeclared", Theme.layered(themes=[tmp_path / "theme"]))):
        build(MINI, tmp_path / name, products=("card-level-1",), theme=theme)
        (entry,) = BuildReport.read(tmp_path / name).outputs
        assert entry.status == "ok" and entry.pages == 2
        runs[name] = entry.layout_passes
    assert runs["shipped"] == 1 and runs["undeclared"] > 2  # the written layout alone; measuring layouts too
