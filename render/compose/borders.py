"""Collapsed table borders as the engine resolves them (weasyprint.layout.table.
collapse_table_borders), from computed styles, for the measurer: every boundary between two
rows (one per column) and between two columns (one per row) takes the widest border that a
cell, row, row group, column or the table sets on it, and each box beside it takes half.
"""

from __future__ import annotations

from dataclasses import dataclass

from .css import border_width, tag_of


@dataclass(frozen=True)
class Collapsed:
    """A table's resolved borders (px): `across[y][x]`, the boundary above row y (y = rows: the
    table's foot) in column x; `down[y][g]`, the boundary left of graphical column g in row y."""

    across: tuple[tuple[float, ...], ...]
    down: tuple[tuple[float, ...], ...]
    rtl: bool

    def above(self, x: int, y: int) -> float:
        """The half of the boundary above a cell that is the cell's."""
        return self.across[y][x] / 2

    def below(self, x: int, y: int) -> float:
        return self.across[y + 1][x] / 2

    def sides(self, x: int, y: int) -> float:
        """The halves of the boundaries left and right of a cell that are the cell's."""
        g = len(self.down[y]) - 2 - x if self.rtl else x
        return (self.down[y][g] + self.down[y][g + 1]) / 2

    def top(self) -> float:
        """The table's own top border: half the widest part of its top boundary."""
        return max(self.across[0]) / 2

    def bottom(self) -> float:
        return max(self.across[-1]) / 2


def collapse(style_for, table, groups: list[tuple[object, list]], columns: list) -> Collapsed:
    """The borders of a table of single cells (`groups`: each row group's element and its
    rows, (row element, its cells) each; `columns`: its col elements), as the engine resolves them."""
    rtl = style_for(table)["direction"] == "rtl"
    rows = [(row, cells) for _, group in groups for row, cells in group]
    width, height = len(columns), len(rows)
    across = [[0.0] * width for _ in range(height + 1)]
    down = [[0.0] * (width + 1) for _ in range(height)]

    def graphical(x: int, span: int) -> int:
        return width - x - span if rtl else x

    def put(style, x: int, y: int, w: int, h: int) -> None:
        for side in ("top", "right", "bottom", "left"):
            if style[f"border_{side}_style"] == "hidden":  # (hidden wins over every width)
                raise ValueError(f"a hidden {side} border")
        left = graphical(x, w)
        for yy in range(y, y + h):
            down[yy][left] = max(down[yy][left], _width(style, "left"))
            down[yy][left + w] = max(down[yy][left + w], _width(style, "right"))
        for xx in range(x, x + w):
            across[y][xx] = max(across[y][xx], _width(style, "top"))
            across[y + h][xx] = max(across[y + h][xx], _width(style, "bottom"))

    for y, (row, cells) in enumerate(rows):
        for x, cell in enumerate(cells):
            put(style_for(cell), x, y, 1, 1)
        put(style_for(row), 0, y, width, 1)
    y = 0
    for element, group in groups:
        put(style_for(element), 0, y, width, len(group))
        y += len(group)
    for x, column in enumerate(columns):
        put(style_for(column), x, 0, 1, height)
    put(style_for(table), 0, 0, width, height)
    return Collapsed(tuple(map(tuple, across)), tuple(map(tuple, down)), rtl)


def _width(style, side: str) -> float:
    return float(style[f"border_{side}_width"])


def side_borders(style_for, cells, td) -> float:
    """A cell's collapsed left and right borders: half the wider of each pair it shares
    (right to left, the row's first cell is its rightmost)."""
    own = style_for(td)
    if own["direction"] == "rtl":
        cells = cells[::-1]
    i = cells.index(td)
    left = border_width(own, "left")
    if i > 0:
        left = max(left, border_width(style_for(cells[i - 1]), "right"))
    right = border_width(own, "right")
    if i + 1 < len(cells):
        right = max(right, border_width(style_for(cells[i + 1]), "left"))
    return (left + right) / 2


def group_border(style_for, body, side: str) -> float:
    """The widest border on one side of a row group's first row's cells."""
    row = next(e for e in body if tag_of(e) == "tr")
    return max(border_width(style_for(c), side) for c in row if tag_of(c) in ("th", "td"))
