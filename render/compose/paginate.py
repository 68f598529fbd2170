"""Paginate: break a matrix set a row per component over pages, from measured heights.

WeasyPrint can break a table row between statements, but the continuation then has no
component name. So the flow is laid out once on a tall page, every statement and row
is measured, and the pages are filled here: a row that meets the foot of a page is
split between statements, and its continuation becomes a row group of its own that
repeats the component name. The final layout only follows these explicit breaks.
"""

from __future__ import annotations

from dataclasses import dataclass

from .engine import Rendered
from .html import RowBreaks

SAFETY_MM = 0.6  # kept free at each page foot, against rounding in the layout


class Unbreakable(Exception):
    """A statement (with its component's name above it) taller than a whole page."""

    def __init__(self, key: str, need: float, room: float):
        super().__init__(f"statement {key} is taller than a page: {need:.0f} mm, a page holds {room:.0f} mm")


@dataclass(frozen=True)
class Group:
    """One component's row group, as measured unsplit (millimetres)."""

    matrix: str
    component: str
    head: float  # the row that names the component
    cells: tuple[tuple[tuple[str, float, float], ...], ...]  # per cell: (key, top, bottom) from the cells' top
    pads: tuple[float, ...]  # per cell: from the cells' top to its first statement
    tail: float  # the row's height beyond its tallest cell

    def height(self, parts: list[list[int]]) -> float:
        """Height of a part holding these statement indices of each cell."""
        tallest = 0.0
        for cell, pad, indices in zip(self.cells, self.pads, parts, strict=True):
            if indices:
                tallest = max(tallest, pad + cell[indices[-1]][2] - cell[indices[0]][1])
        return self.head + tallest + self.tail


@dataclass(frozen=True)
class Measured:
    """A flow's table as laid out on one tall page."""

    first: float  # from the content top to the first group, on the flow's first page
    thead: float  # the repeated column heads, on later pages
    groups: tuple[Group, ...]


def measure(rendered: Rendered, matrix: str) -> Measured:
    """Read the geometry of a matrix's by-component table in a tall-page layout (positions
    are from the top of the page the table is on: each flow starts a page)."""
    rows: dict[str, dict[str, float]] = {}
    statements: dict[str, list[tuple[str, str, float, float]]] = {}
    thead_top = thead_bottom = start = None
    order: list[str] = []
    table = None  # the matrix of the table the boxes are in (boxes come in document order)
    for box in rendered.placed():
        element = box.element
        tag, classes = box.tag, (element.get("class") or "").split()
        if tag == "table" and element.get("data-matrix"):
            table = element.get("data-matrix")
        if table != matrix and element.get("id") != "start":
            continue
        top, bottom = box.top, box.bottom
        if element.get("id") == "start":
            start = top
        elif tag == "thead" and thead_top is None:
            thead_top, thead_bottom = top, bottom
        elif tag == "tr" and ("component-head" in classes or "component-cells" in classes):
            row = element.get("data-row")
            if row not in rows:
                rows[row] = {}
                order.append(row)
            rows[row]["head" if "component-head" in classes else "cells"] = top
            if "component-cells" in classes:
                rows[row]["bottom"] = bottom
        elif tag == "li" and element.get("data-s"):
            key = element.get("data-s")
            _, of, perspective, component, _ = key.split("/")
            statements.setdefault(f"{of}/{component}", []).append((perspective, key, top, bottom))
    groups = []
    for row in order:
        r = rows[row]
        of, component = row.split("/")
        cells: dict[str, list[tuple[str, float, float]]] = {}
        for perspective, key, top, bottom in statements.get(row, []):
            cells.setdefault(perspective, []).append((key, top - r["cells"], bottom - r["cells"]))
        ordered = tuple(tuple(v) for v in cells.values())
        pads = tuple(c[0][1] for c in ordered)
        full = max(pad + c[-1][2] - c[0][1] for pad, c in zip(pads, ordered, strict=True))
        groups.append(
            Group(of, component, r["cells"] - r["head"], ordered, pads, max(0.0, r["bottom"] - r["cells"] - full))
        )
    return Measured(thead_bottom - start, thead_bottom - thead_top, tuple(groups))


def paginate(m: Measured, page_height: float) -> tuple[RowBreaks, int, float]:
    """Fill pages with the measured groups; (breaks, pages used, height used on the last)."""
    parts: dict[str, int] = {}
    new_page: set[tuple[str, str]] = set()
    pages, y = 1, m.first
    for g in m.groups:
        left = [list(range(len(cell))) for cell in g.cells]
        part = 0
        while any(left):
            room = page_height - SAFETY_MM - y
            if g.height(left) <= room:
                y += g.height(left)
                break
            take = [_prefix(g, i, left[i], room) for i in range(len(left))]
            if not any(take):  # not even one statement fits: the part starts the next page
                if y == m.thead and pages > 1:  # ... unless it already starts one
                    key, need = _first(g, left)
                    raise Unbreakable(key, need, room)
                pages, y = pages + 1, m.thead
                if part == 0:
                    new_page.add((g.matrix, g.component))
                continue
            for i, indices in enumerate(left):
                for j in indices[len(take[i]) :]:
                    parts[g.cells[i][j][0]] = part + 1
                left[i] = indices[len(take[i]) :]
            pages, y, part = pages + 1, m.thead, part + 1
    return RowBreaks(parts, frozenset(new_page)), pages, y


def _first(g: Group, left: list[list[int]]) -> tuple[str, float]:
    """The first statement left of a group, and the height it needs under the component's name."""
    i = next(i for i, indices in enumerate(left) if indices)
    j = left[i][0]
    return g.cells[i][j][0], g.head + g.pads[i] + g.cells[i][j][2] - g.cells[i][j][1] + g.tail


def _prefix(g: Group, i: int, indices: list[int], room: float) -> list[int]:
    """The first statements of cell i that fit in `room` under the component's name."""
    cell, taken = g.cells[i], []
    for j in indices:
        if g.head + g.pads[i] + cell[j][2] - cell[indices[0]][1] + g.tail > room:
            break
        taken.append(j)
    return taken
