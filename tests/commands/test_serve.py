"""The workbench's rebuild says a change of page count plainly; an entry's fit is its block's."""

from __future__ import annotations

from dataclasses import replace

from render.commands.serve import changed_forms
from render.run.report import BuildReport, OutputEntry
from render.serve.views import Entry, entry_fits

CARD = OutputEntry(
    "card-level-2", "pl", "standard", "press", "pl/card-level-2.pdf", 4, 2, (210.0, 297.0), 3.0, 8.0,
    body_pt=8.6, body_pt_by_matrix={"recovery-process": 8.9, "best-practices": 8.8}, form="one A3 sheet, folded",
)  # fmt: skip


def report(*outputs: OutputEntry) -> BuildReport:
    return BuildReport("UK Version 1", "WeasyPrint", outputs)


def test_a_change_of_page_count_is_said_with_what_it_costs():
    longer = replace(CARD, pages=8, form="two A3 sheets, folded and stitched")
    (said,) = changed_forms(report(CARD), report(longer))
    assert said.startswith("pl/card-level-2.pdf: 4 → 8 pages (one A3 sheet, folded → two A3 sheets")
    assert "more paper and printing for each copy" in said
    assert changed_forms(report(CARD), report(replace(CARD, body_pt=8.2))) == ()  # (the same form)
    assert changed_forms(None, report(longer)) == ()  # (a first build changes nothing)


def test_an_entrys_fit_is_the_block_that_prints_it():
    statement = Entry("level-2/best-practices/person/stigma", "", "Finds peers", "", "translated", "", "", 0, ())
    statement = replace(statement, products=("card-level-2", "poster"))
    (fit,) = entry_fits(statement, {"card-level-2": CARD})  # (the poster is not built here)
    assert (fit.block, fit.pt, fit.floor, fit.pages) == ("best-practices", 8.8, 8.0, 4)
    assert fit.text() == "card-level-2: best-practices 8.8 pt, 10% above its 8.0 pt floor (4 pages)"
    tight = entry_fits(statement, {"card-level-2": replace(CARD, body_pt_by_matrix={"best-practices": 8.1})})
    assert "at its 8.0 pt floor: longer text takes more pages or does not fit" in tight[0].text()
    title = replace(statement, context="edition/title")
    assert entry_fits(title, {"card-level-2": CARD})[0].block == "body"
