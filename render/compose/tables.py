"""Card tables: a matrix's by-component table stood up from its statements' lines (fixed
columns, collapsed borders halved between the cells that share them, the cells' padding), as
paginate reads a layout of it."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from .audit import MAX_HYPHENS_IN_A_ROW
from .borders import group_border, side_borders
from .css import border_width, has_class, margin, padding, paddings, tag_of, text_of
from .engine import PX_PER_MM, percentage
from .paginate import Group, Measured
from .statements import skeleton, statement_texts


@dataclass(frozen=True)
class Table:
    """A matrix set a row per component, measured: its geometry (mm, as paginate reads a
    layout) and the statements that the composer sets without breaking words."""

    measured: Measured
    whole: frozenset[str]


class Unmeasurable(Exception):
    """A table whose make-up the measurer does not know (a theme's own): it is laid out instead."""


class CardTables:
    """The measurer's card tables (mixed into Measurer)."""

    def table(
        self, page: str, base: Path, stylesheets: list[Path], extra_css: str, matrix: str, width_mm: float
    ) -> Table:
        """A matrix's by-component table in a page (its flow's heading above it) measured as
        paginate.measure reads its layout, in a content box `width_mm` wide."""
        # Every statement of a cell shares its style: the cascade runs on the page with each
        # cell's first and last statement only (the last has no margin below), and the texts
        # are read from the page.
        texts = statement_texts(page)
        style_for, root = self.styles(skeleton(page), base, stylesheets, extra_css)
        try:
            return self._table(style_for, root, matrix, width_mm * PX_PER_MM, texts)
        except (StopIteration, ValueError, IndexError, KeyError) as err:
            raise Unmeasurable(f"the {matrix} table is not set as the shipped card sets it ({err!r})") from err

    def _table(self, style_for, root, matrix: str, width: float, texts: dict[str, tuple[str, bool]]) -> Table:
        table = next(e for e in root.iter() if tag_of(e) == "table" and e.get("data-matrix") == matrix)
        flow = next(e for e in root.iter() if has_class(e, "flow") and table in e.iter())
        head = next((e for e in flow.iter() if has_class(e, "flow-head")), None)
        first = self._block(style_for, head, width) if head is not None else 0.0
        columns = fixed_widths(style_for, [e for e in table.iter() if tag_of(e) == "col"], width)
        heads = [e for e in next(e for e in table if tag_of(e) == "thead").iter() if tag_of(e) == "th"]
        thead = max(self._cell(style_for, th, w) for th, w in zip(heads, columns, strict=True))
        bodies = [e for e in table if tag_of(e) == "tbody"]
        groups, whole = [], set()
        for index, body in enumerate(bodies):
            below = group_border(style_for, bodies[index + 1], "top") if index + 1 < len(bodies) else 0.0
            groups.append(self._group(style_for, matrix, body, columns, width, below, whole, texts))
        return Table(Measured((first + thead) / PX_PER_MM, thead / PX_PER_MM, tuple(groups)), frozenset(whole))

    def _group(self, style_for, matrix: str, body, columns: list[float], width: float, below: float, whole: set, texts):
        """One component's row group: the row naming it, then its cells' statements (px → mm);
        `below`: the border atop the next group; statements set whole are added to `whole`."""
        head_row, cells_row = [e for e in body if tag_of(e) == "tr"]
        name = style_for(next(e for e in head_row if tag_of(e) == "th"))
        cells = [e for e in cells_row if tag_of(e) == "td"]
        # Collapsed borders: each cell keeps half of the wider of the two borders it shares.
        meet = max(border_width(name, "bottom"), *(border_width(style_for(td), "top") for td in cells)) / 2
        inner = width - paddings(name, "left", "right") - (border_width(name, "left") + border_width(name, "right")) / 2
        lines = self.lines(text_of(next(e for e in head_row if tag_of(e) == "th")), name, inner)
        head = lines.height + padding(name, "top") + padding(name, "bottom") + border_width(name, "top") / 2 + meet
        stood, pads, tail = [], [], 0.0
        for td, column in zip(cells, columns, strict=True):
            style = style_for(td)
            tail = padding(style, "bottom") + max(border_width(style, "bottom"), below) / 2
            inner = column - paddings(style, "left", "right") - side_borders(style_for, cells, td)
            pads.append(meet + padding(style, "top"))
            stood.append(self._statements(style_for, td, inner, pads[-1], whole, texts))
        component = head_row.get("data-row").split("/")[1]
        return Group(
            matrix, component, head / PX_PER_MM, tuple(stood), tuple(p / PX_PER_MM for p in pads), tail / PX_PER_MM
        )

    def _statements(
        self, style_for, cell, width: float, top: float, whole: set, texts: dict[str, tuple[str, bool]]
    ) -> tuple[tuple[str, float, float], ...]:
        """A cell's statements one under another from `top`: (key, top, bottom) in mm. One that
        would break more than two line ends in a row is broken without hyphens, as the
        composer sets it (and is added to `whole`); so is one the page marks data-whole."""
        shown = [e for e in cell.iter() if tag_of(e) == "li" and e.get("data-s")]
        if not shown:
            return ()
        cell_key = shown[0].get("data-s").rsplit("/", 1)[0]
        keys = [k for k in texts if k.rsplit("/", 1)[0] == cell_key]
        stood, y, gap = [], top, 0.0
        for i, key in enumerate(keys):
            li = shown[-1] if i == len(keys) - 1 else shown[0]
            style, (text, marked) = style_for(li), texts[key]
            width_li = width - paddings(style, "left", "right")
            height, in_a_row = (
                (0.0, math.inf) if marked else self._kept_lines(style_for, li, text, style, width_li, False)
            )
            if in_a_row > MAX_HYPHENS_IN_A_ROW:
                whole.add(key)
                manual = style.copy()
                manual["hyphens"] = "manual"
                height, _ = self._kept_lines(style_for, li, text, manual, width_li, True)
            y += max(gap, margin(style, "top")) if stood else 0.0
            stood.append((key, y / PX_PER_MM, (y + height) / PX_PER_MM))
            y, gap = y + height, margin(style, "bottom")
        return tuple(stood)

    def _cell(self, style_for, cell, width: float) -> float:
        """Height of a table cell of text: its lines, padding and own borders (halved: collapsed)."""
        style = style_for(cell)
        inner = (
            width - paddings(style, "left", "right") - (border_width(style, "left") + border_width(style, "right")) / 2
        )
        edges = (
            padding(style, "top")
            + padding(style, "bottom")
            + (border_width(style, "top") + border_width(style, "bottom")) / 2
        )
        return self.lines(text_of(cell), style, inner).height + edges


def fixed_widths(style_for, columns: list, width: float) -> list[float]:
    """The fixed table layout's column widths (px) from the columns' computed widths (calc()
    and percentages of the table's width as the engine resolves them), what is left over
    shared equally."""
    widths = []
    for column in columns:
        style = style_for(column)
        used = percentage(style["width"], style, width)
        if used == "auto":
            raise ValueError("a column without a width")
        widths.append(used)
    extra = width - sum(widths)
    return [w + extra / len(widths) for w in widths] if extra > 0 else widths
