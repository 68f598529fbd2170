"""Level grids: the poster's tables (a table per level, a row per perspective, a column per
component) stood as the engine lays them out: fixed columns, collapsed borders resolved as the
engine resolves them, each row as tall as its tallest cell."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .borders import collapse
from .css import box_edges, has_class, margin, padding, paddings, tag_of
from .engine import PX_PER_MM
from .statements import skeleton, statement_texts
from .tables import Unmeasurable, fixed_widths


@dataclass(frozen=True)
class Grids:
    """A page's level grids (a table per level, a row per perspective, a column per
    component), measured: each table's border-box height (mm), in the page's order, and the
    statements that the composer sets without breaking words."""

    heights: tuple[float, ...]
    whole: frozenset[str]


class LevelGrids:
    """The measurer's level grids (mixed into Measurer)."""

    def grids(self, page: str, base: Path, stylesheets: list[Path], extra_css: str, width_mm: float) -> Grids:
        """The level grids of a page, each table stood as the engine lays it out (fixed
        columns, collapsed borders, each row as tall as its tallest cell) in a content box
        `width_mm` wide."""
        texts = statement_texts(page)
        style_for, root = self.styles(skeleton(page), base, stylesheets, extra_css)
        heights, whole = [], set()
        try:
            for path in paths_to(root, lambda e: tag_of(e) == "table" and e.get("data-measure") == "level-grid"):
                width = width_mm * PX_PER_MM
                for element in path[:-1]:  # (the body and the blocks the table is in)
                    style = style_for(element)
                    width -= box_edges(style, "left", "right") + margin(style, "left") + margin(style, "right")
                heights.append(self._grid(style_for, path[-1], width, texts, whole) / PX_PER_MM)
        except (StopIteration, ValueError, IndexError, KeyError, TypeError, AttributeError) as err:
            raise Unmeasurable(f"a level grid is not set as the shipped poster sets it ({err!r})") from err
        return Grids(tuple(heights), frozenset(whole))

    def _grid(self, style_for, table, width: float, texts: dict[str, tuple[str, bool]], whole: set) -> float:
        """A level grid's border-box height (px) in a containing block `width` wide."""
        style = style_for(table)
        full = (style["width"].value, style["width"].unit) == (100, "%")
        if not full or margin(style, "left") or margin(style, "right"):
            raise ValueError("a table not as wide as its block")
        if any(tag_of(e) == "tfoot" for e in table) or any(e.get("colspan") or e.get("rowspan") for e in table.iter()):
            raise ValueError("a foot, or cells spanning columns or rows")
        columns = [e for e in table.iter() if tag_of(e) == "col"]
        widths = fixed_widths(style_for, columns, width)
        groups = [
            (group, [(tr, [c for c in tr if tag_of(c) in ("th", "td")]) for tr in group if tag_of(tr) == "tr"])
            for group in table
            if tag_of(group) in ("thead", "tbody")
        ]
        rows = [cells for _, group in groups for _, cells in group]
        if any(len(cells) != len(widths) for cells in rows):
            raise ValueError("a row with more or fewer cells than columns")
        borders = collapse(style_for, table, groups, columns)
        if any(line[0] or line[-1] for line in borders.down):
            raise ValueError("borders at the table's sides")
        height = borders.top() + borders.bottom()
        for y, cells in enumerate(rows):
            tallest = 0.0
            for x, cell in enumerate(cells):
                own = style_for(cell)
                inner = widths[x] - paddings(own, "left", "right") - borders.sides(x, y)
                content = self._in_cell(style_for, cell, inner, texts, whole)
                edges = borders.above(x, y) + padding(own, "top") + padding(own, "bottom") + borders.below(x, y)
                tallest = max(tallest, content + edges)
            height += tallest
        return height

    def _in_cell(self, style_for, cell, width: float, texts, whole: set) -> float:
        """A cell's content height: its statements (a list of them), or its blocks and lines.
        (A cell holds its children's margins: it starts a block formatting context.)"""
        lists = [e for e in cell if tag_of(e) == "ul" and has_class(e, "statements")]
        if not lists:
            return self._content(style_for, cell, width)
        (ul,) = lists
        own = style_for(ul)
        if box_edges(own, "top", "bottom"):
            raise ValueError("a list of statements with borders or padding above or below")
        inner = width - box_edges(own, "left", "right") - margin(own, "left") - margin(own, "right")
        stood = self._statements(style_for, ul, inner, 0.0, whole, texts)
        if not stood:
            return margin(own, "top") + margin(own, "bottom")
        items = [e for e in ul if tag_of(e) == "li"]
        first, last = style_for(items[0]), style_for(items[-1])
        top = max(margin(own, "top"), margin(first, "top"))
        return top + stood[-1][2] * PX_PER_MM + max(margin(last, "bottom"), margin(own, "bottom"))


def paths_to(root, wanted: Callable) -> list[list]:
    """For each element the test picks (in document order, not inside another), the elements
    from the body down to it."""
    found = []

    def walk(element, path: list) -> None:
        for child in element:
            if not tag_of(child):
                continue
            if wanted(child):
                found.append([*path, child])
            else:
                walk(child, [*path, child])

    body = next(e for e in root.iter() if tag_of(e) == "body")
    walk(body, [body])
    return found
