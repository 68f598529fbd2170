"""Pagination of a matrix set a row per component: splits between statements, exact fills."""

from __future__ import annotations

from render.compose.paginate import SAFETY_MM, Group, Measured, paginate


def group(component: str, cells: list[list[float]], head: float = 5.0) -> Group:
    """A group whose cells hold statements of the given heights, stacked without gaps."""
    laid = []
    for p, heights in enumerate(cells):
        top, cell = 0.0, []
        for i, h in enumerate(heights):
            cell.append((f"level-1/recovery-process/p{p}/{component}/{i}", top, top + h))
            top += h
        laid.append(tuple(cell))
    return Group("recovery-process", component, head, tuple(laid), tuple(0.0 for _ in cells), 0.0)


def test_everything_on_one_page():
    m = Measured(first=10, thead=5, groups=(group("a", [[10, 10], [5]]), group("b", [[20], [30]])))
    breaks, pages, y = paginate(m, 200)
    assert pages == 1 and breaks.parts == {} and not breaks.new_page
    assert y == 10 + (5 + 20) + (5 + 30)


def test_row_split_between_statements_and_continued():
    m = Measured(first=0, thead=5, groups=(group("a", [[30, 30, 30], [10, 10]]),))
    breaks, pages, y = paginate(m, 70 + SAFETY_MM)
    # 5 (name) + 30 + 30 fit on page one; the third statement of cell 0 continues.
    assert pages == 2
    assert breaks.parts == {"level-1/recovery-process/p0/a/2": 1}
    assert breaks.parts_of_row("recovery-process", "a") == 2
    assert y == 5 + 5 + 30  # column heads, the repeated name, the continued statement


def test_row_that_cannot_start_moves_to_next_page():
    m = Measured(first=0, thead=5, groups=(group("a", [[60]]), group("b", [[30], [30]])))
    breaks, pages, _ = paginate(m, 70 + SAFETY_MM)
    assert pages == 2
    assert breaks.starts_page("recovery-process", "b")
    assert breaks.parts == {}


def test_long_row_runs_over_three_pages():
    m = Measured(first=0, thead=0, groups=(group("a", [[40] * 5]),))
    breaks, pages, _ = paginate(m, 100 + SAFETY_MM)
    parts = [breaks.part_of(f"level-1/recovery-process/p0/a/{i}") for i in range(5)]
    assert parts == [0, 0, 1, 1, 2] and pages == 3
