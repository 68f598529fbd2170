"""Measure: how a matrix's text breaks into lines and how tall its table stands, from
WeasyPrint's own text layer and the document's computed styles, without a layout.

A statement's height in a matrix is its line boxes. The lines come from the engine's line
breaker (weasyprint.text.line_break.split_first_line: Pango with the document's fonts,
features, language, hyphenation dictionary and limits, spacing), fed the statement's computed
style, which the stylesheets give without laying anything out. A line box is as tall as its
boxes stand around their shared baseline, as WeasyPrint's inline layout places them (a text
box: its line height, centred on Pango's line; an inline box: its strut). The rows are then
added up as the table's CSS says: fixed column widths, collapsed borders halved between the
cells that share them, the cells' padding. No page, box tree or PDF is made.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from ..hashing import sha
from ..session import Session
from .audit import MAX_HYPHENS_IN_A_ROW
from .borders import collapse
from .engine import PX_PER_MM, Engine, percentage
from .paginate import Group, Measured


@dataclass(frozen=True)
class Lines:
    """A text broken into lines: each line's text, whether it ends in a hyphen, and the height (px)."""

    texts: tuple[str, ...]
    hyphenated: tuple[bool, ...]
    height: float

    @property
    def hyphens_in_a_row(self) -> int:
        """The most consecutive line ends that break a word."""
        return _in_a_row(self.hyphenated)


@dataclass(frozen=True)
class Table:
    """A matrix set a row per component, measured: its geometry (mm, as paginate reads a
    layout) and the statements that the composer sets without breaking words."""

    measured: Measured
    whole: frozenset[str]


@dataclass(frozen=True)
class Grids:
    """A page's level grids (a table per level, a row per perspective, a column per
    component), measured: each table's border-box height (mm), in the page's order, and the
    statements that the composer sets without breaking words."""

    heights: tuple[float, ...]
    whole: frozenset[str]


class Unmeasurable(Exception):
    """A table whose make-up the measurer does not know (a theme's own): it is laid out instead."""


class _Context:
    """What split_first_line reads of a layout context: the hyphenation dictionaries, cached."""

    def __init__(self) -> None:
        self.dictionaries: dict = {}


class Measurer:
    """Breaks the statements of a document into lines, and stands its tables, as the engine lays them out."""

    def __init__(self, engine: Engine, session: Session):
        self.engine = engine
        self.session = session
        self.context = _Context()
        self._last: tuple | None = None
        self._frames: tuple = (None, "")

    def styles(self, page: str, base: Path, stylesheets: list[Path], extra_css: str = "") -> tuple[Callable, object]:
        """The computed style of each element of a page (a function of the element) and its tree;
        the last page's kept (the flows of one page are measured one after another)."""
        key = (page, base, tuple(stylesheets), extra_css)
        if self._last is None or self._last[0] != key:
            self._last = (key, self.engine.computed_styles(page, base, stylesheets, extra_css))
        return self._last[1]

    def _frame(self) -> str:
        """What decides the styles and widths of the last page's statements, whatever their
        texts: the page without them, its styles' texts, the engine (its fonts)."""
        key = self._last[0]
        if self._frames[0] != key:
            page, base, stylesheets, extra_css = key
            sheets = (path.read_bytes().decode("utf-8", "replace") for path in stylesheets)
            blank = _ITEM_TEXT.sub(r"\1\2", page)
            self._frames = (key, sha(self.engine.identity, blank, str(base), *sheets, extra_css))
        return self._frames[1]

    def _kept_lines(self, style_for, li, text: str, style, width: float, manual: bool) -> tuple[float, int]:
        """A statement shown in the page's element `li` (its marker the element's ::before)
        broken into lines: their height and the most line ends in a row that break a word.
        Kept for the session: a rebuild after an edit breaks again only the statements whose
        text changed, or whose page or styles did."""
        key = (self._frame(), li.get("data-s"), manual, text)

        def broken() -> tuple[float, int]:
            lines = self.lines(text, style, width, style_for(li, "before"))
            return lines.height, lines.hyphens_in_a_row

        return self.session.kept("lines", key, broken)

    def release(self) -> None:
        """Let the last page's styles go (before a layout: a whole poster's are large)."""
        self._last = None

    def _split(self, text: str, style, width: float, line_start: bool = True):
        split_first_line, _ = self.engine.text_layer
        return split_first_line(text, style, self.context, width, 0, line_start)

    def _text_box(self, style, height: float, baseline: float) -> tuple[float, float]:
        """A text box's extent (above, below its baseline): its line height, centred on Pango's line."""
        line_height, _ = self.engine.text_layer[1](style)
        above = baseline + (line_height - height) / 2
        return above, line_height - above

    def _strut(self, style) -> tuple[float, float]:
        """An inline box's extent (above, below its baseline): its strut."""
        line_height, baseline = self.engine.text_layer[1](style)
        return baseline, line_height - baseline

    def lines(self, text: str, style, width_px: float, marker=None) -> Lines:
        """A text set in a style at a width, line by line, as the engine's inline layout breaks
        it; `marker`: the style of an inline-block ::before on its first line (a bullet)."""
        texts, hyphens, heights = [], [], []
        data = " ".join(text.split()).encode()
        while data:
            layout, length, resume, _, height, baseline = self._split(data.decode(), style, width_px)
            shown = layout.text.encode()
            texts.append(shown[:length].decode(errors="ignore") if length else "")
            hyphens.append(len(shown) > length and layout.text.endswith(style["hyphenate_character"]))
            boxes = [self._strut(style), self._text_box(style, height, baseline)]  # (the line box's own strut)
            if marker is not None and len(texts) == 1:
                boxes.append(self._marker(marker))
            heights.append(_stand(boxes))
            if resume is None:
                break
            data = data[resume:].lstrip(b" ")
        return Lines(tuple(texts), tuple(hyphens), sum(heights))

    def _marker(self, style) -> tuple[float, float]:
        """An inline-block's extent around the baseline of its one line (the bullet's)."""
        _, _, _, _, height, baseline = self._split(_content(style), style, math.inf)
        return self._text_box(style, height, baseline)

    def _inline(self, block, runs: list[tuple[object, str, float]], width: float) -> float:
        """Height of a block's inline content (see _inline_lines)."""
        return sum(height for height, _ in self._inline_lines(block, runs, width))

    def _inline_lines(self, block, runs: list[tuple[object, str, float]], width: float) -> list[tuple[float, bool]]:
        """A block's inline content (`block`: its style) broken into lines at the width: runs of
        (inline element's style, text, its horizontal margins), one after another. Each line's
        height, and whether it ends in a word broken by a hyphen."""
        line = self._strut(block)  # every line box stands on the block's strut
        lines, boxes, x, broken = [], [line], 0.0, False
        for style, text, margins in runs:
            if text == " ":  # a space between inline boxes: its width, where a line does not start on it
                x += self._split(text, style, math.inf)[3] if x else 0.0
                continue
            data = " ".join(text.split())
            if x and text[:1].isspace():
                data = " " + data  # (the space that joins it to what the line holds)
            while data:
                layout, length, resume, used, height, baseline = self._split(data, style, width - x, x == 0)
                if x and resume is not None and used > width - x:  # nothing fits after what the line holds
                    lines.append((_stand(boxes), False))
                    boxes, x, data = [line], 0.0, data.lstrip(" ")
                    continue
                boxes += [self._strut(style), self._text_box(style, height, baseline)]
                x += used
                if resume is None:
                    break
                hyphen = style["hyphenate_character"]
                broken = len(layout.text.encode()) > length and layout.text.endswith(hyphen)
                lines.append((_stand(boxes), broken))
                boxes, x = [line], 0.0
                data = data.encode()[resume:].decode().lstrip(" ")
            x += margins
        if len(boxes) > 1:
            lines.append((_stand(boxes), False))
        return lines

    def whole_blocks(self, page: str, base: Path, stylesheets: list[Path], extra_css: str, width_mm: float) -> set[str]:
        """The keyed blocks of running text (data-t, data-s; outside tables, columns and fixed
        boxes) whose lines, at the width their containers leave them, would break more than
        two line ends in a row: what the composer sets without breaking words. (The page's
        styles are not kept: its layout comes next, and a whole document's are large.)"""
        style_for, root = self.engine.computed_styles(page, base, stylesheets, extra_css)
        body = next(e for e in root.iter() if _tag(e) == "body")
        found: set[str] = set()

        def walk(element, width: float) -> None:
            for child in element:
                style = style_for(child) if _tag(child) else None
                if style is None or not _is_block(style) or not _flows(style, child):
                    continue
                inner = width - _edges(style, "left", "right") - _margin(style, "left") - _margin(style, "right")
                key = child.get("data-t") or child.get("data-s")
                if any(_tag(c) and _is_block(style_for(c)) for c in child):
                    walk(child, inner)
                elif key:
                    ends = [broken for _, broken in self._inline_lines(style, self._runs(style_for, child), inner)]
                    if _in_a_row(ends) > MAX_HYPHENS_IN_A_ROW:
                        found.add(key)

        walk(body, width_mm * PX_PER_MM)
        return found

    def table(
        self, page: str, base: Path, stylesheets: list[Path], extra_css: str, matrix: str, width_mm: float
    ) -> Table:
        """A matrix's by-component table in a page (its flow's heading above it) measured as
        paginate.measure reads its layout, in a content box `width_mm` wide."""
        # Every statement of a cell shares its style: the cascade runs on the page with each
        # cell's first and last statement only (the last has no margin below), and the texts
        # are read from the page.
        texts = _statement_texts(page)
        style_for, root = self.styles(_skeleton(page), base, stylesheets, extra_css)
        try:
            return self._table(style_for, root, matrix, width_mm * PX_PER_MM, texts)
        except (StopIteration, ValueError, IndexError, KeyError) as err:
            raise Unmeasurable(f"the {matrix} table is not set as the shipped card sets it ({err!r})") from err

    def _table(self, style_for, root, matrix: str, width: float, texts: dict[str, tuple[str, bool]]) -> Table:
        table = next(e for e in root.iter() if _tag(e) == "table" and e.get("data-matrix") == matrix)
        flow = next(e for e in root.iter() if _has(e, "flow") and table in e.iter())
        head = next((e for e in flow.iter() if _has(e, "flow-head")), None)
        first = self._block(style_for, head, width) if head is not None else 0.0
        columns = _fixed(style_for, [e for e in table.iter() if _tag(e) == "col"], width)
        heads = [e for e in next(e for e in table if _tag(e) == "thead").iter() if _tag(e) == "th"]
        thead = max(self._cell(style_for, th, w) for th, w in zip(heads, columns, strict=True))
        bodies = [e for e in table if _tag(e) == "tbody"]
        groups, whole = [], set()
        for index, body in enumerate(bodies):
            below = _border(style_for, bodies[index + 1], "top") if index + 1 < len(bodies) else 0.0
            groups.append(self._group(style_for, matrix, body, columns, width, below, whole, texts))
        return Table(Measured((first + thead) / PX_PER_MM, thead / PX_PER_MM, tuple(groups)), frozenset(whole))

    def _group(self, style_for, matrix: str, body, columns: list[float], width: float, below: float, whole: set, texts):
        """One component's row group: the row naming it, then its cells' statements (px → mm);
        `below`: the border atop the next group; statements set whole are added to `whole`."""
        head_row, cells_row = [e for e in body if _tag(e) == "tr"]
        name = style_for(next(e for e in head_row if _tag(e) == "th"))
        cells = [e for e in cells_row if _tag(e) == "td"]
        # Collapsed borders: each cell keeps half of the wider of the two borders it shares.
        meet = max(_own(name, "bottom"), *(_own(style_for(td), "top") for td in cells)) / 2
        inner = width - _pads(name, "left", "right") - (_own(name, "left") + _own(name, "right")) / 2
        lines = self.lines(_text(next(e for e in head_row if _tag(e) == "th")), name, inner)
        head = lines.height + _pad(name, "top") + _pad(name, "bottom") + _own(name, "top") / 2 + meet
        stood, pads, tail = [], [], 0.0
        for td, column in zip(cells, columns, strict=True):
            style = style_for(td)
            tail = _pad(style, "bottom") + max(_own(style, "bottom"), below) / 2
            inner = column - _pads(style, "left", "right") - _side_borders(style_for, cells, td)
            pads.append(meet + _pad(style, "top"))
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
        shown = [e for e in cell.iter() if _tag(e) == "li" and e.get("data-s")]
        if not shown:
            return ()
        cell_key = shown[0].get("data-s").rsplit("/", 1)[0]
        keys = [k for k in texts if k.rsplit("/", 1)[0] == cell_key]
        stood, y, gap = [], top, 0.0
        for i, key in enumerate(keys):
            li = shown[-1] if i == len(keys) - 1 else shown[0]
            style, (text, marked) = style_for(li), texts[key]
            width_li = width - _pads(style, "left", "right")
            height, in_a_row = (
                (0.0, math.inf) if marked else self._kept_lines(style_for, li, text, style, width_li, False)
            )
            if in_a_row > MAX_HYPHENS_IN_A_ROW:
                whole.add(key)
                manual = style.copy()
                manual["hyphens"] = "manual"
                height, _ = self._kept_lines(style_for, li, text, manual, width_li, True)
            y += max(gap, _margin(style, "top")) if stood else 0.0
            stood.append((key, y / PX_PER_MM, (y + height) / PX_PER_MM))
            y, gap = y + height, _margin(style, "bottom")
        return tuple(stood)

    def _block(self, style_for, element, width: float) -> float:
        """A block's margin box height: its margins around its border box."""
        style = style_for(element)
        return _margin(style, "top") + self._box(style_for, element, width) + _margin(style, "bottom")

    def _box(self, style_for, element, width: float) -> float:
        """A block's border box height at a width (its margin box's): borders, padding and content."""
        style = style_for(element)
        inner = width - _edges(style, "left", "right") - _margin(style, "left") - _margin(style, "right")
        return _edges(style, "top", "bottom") + self._content(style_for, element, inner)

    def _content(self, style_for, element, width: float) -> float:
        """A block's content height: its block children stacked (the margins between two
        siblings collapsed to the larger; the block's own padding keeps the first's and last's
        inside it), the text and inline boxes between them as anonymous blocks of lines; or,
        without block children, its inline content's lines."""
        own = style_for(element)
        blocks = [c for c in element if _tag(c) and _is_block(style_for(c)) and _in_flow(style_for(c))]
        if not blocks:
            return self._inline(own, self._runs(style_for, element), width)
        height, gap, pending = 0.0, None, []

        def stack(top: float, bottom: float, box: float) -> None:
            nonlocal height, gap
            height += top if gap is None else max(gap, top)
            height += box
            gap = bottom

        def flush() -> None:
            if any(text.strip() for _, text, _ in pending) or any(style is not own for style, _, _ in pending):
                stack(0.0, 0.0, self._inline(own, list(pending), width))  # (an anonymous block: no margins)
            pending.clear()

        if (element.text or "").strip():
            pending.append((own, element.text, 0.0))
        for child in element:
            style = style_for(child) if _tag(child) else None
            if child in blocks:
                flush()
                stack(_margin(style, "top"), _margin(style, "bottom"), self._box(style_for, child, width))
            elif style is not None and _in_flow(style):
                pending.append((style, _text(child), _dim(style["margin_left"]) + _dim(style["margin_right"])))
            if (child.tail or "").strip():
                pending.append((own, child.tail, 0.0))
        flush()
        return height + gap

    def grids(self, page: str, base: Path, stylesheets: list[Path], extra_css: str, width_mm: float) -> Grids:
        """The level grids of a page, each table stood as the engine lays it out (fixed
        columns, collapsed borders, each row as tall as its tallest cell) in a content box
        `width_mm` wide."""
        texts = _statement_texts(page)
        style_for, root = self.styles(_skeleton(page), base, stylesheets, extra_css)
        heights, whole = [], set()
        try:
            for path in _paths_to(root, lambda e: _tag(e) == "table" and e.get("data-measure") == "level-grid"):
                width = width_mm * PX_PER_MM
                for element in path[:-1]:  # (the body and the blocks the table is in)
                    style = style_for(element)
                    width -= _edges(style, "left", "right") + _margin(style, "left") + _margin(style, "right")
                heights.append(self._grid(style_for, path[-1], width, texts, whole) / PX_PER_MM)
        except (StopIteration, ValueError, IndexError, KeyError, TypeError, AttributeError) as err:
            raise Unmeasurable(f"a level grid is not set as the shipped poster sets it ({err!r})") from err
        return Grids(tuple(heights), frozenset(whole))

    def _grid(self, style_for, table, width: float, texts: dict[str, tuple[str, bool]], whole: set) -> float:
        """A level grid's border-box height (px) in a containing block `width` wide."""
        style = style_for(table)
        full = (style["width"].value, style["width"].unit) == (100, "%")
        if not full or _margin(style, "left") or _margin(style, "right"):
            raise ValueError("a table not as wide as its block")
        if any(_tag(e) == "tfoot" for e in table) or any(e.get("colspan") or e.get("rowspan") for e in table.iter()):
            raise ValueError("a foot, or cells spanning columns or rows")
        columns = [e for e in table.iter() if _tag(e) == "col"]
        widths = _fixed(style_for, columns, width)
        groups = [
            (group, [(tr, [c for c in tr if _tag(c) in ("th", "td")]) for tr in group if _tag(tr) == "tr"])
            for group in table
            if _tag(group) in ("thead", "tbody")
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
                inner = widths[x] - _pads(own, "left", "right") - borders.sides(x, y)
                content = self._in_cell(style_for, cell, inner, texts, whole)
                edges = borders.above(x, y) + _pad(own, "top") + _pad(own, "bottom") + borders.below(x, y)
                tallest = max(tallest, content + edges)
            height += tallest
        return height

    def _in_cell(self, style_for, cell, width: float, texts, whole: set) -> float:
        """A cell's content height: its statements (a list of them), or its blocks and lines.
        (A cell holds its children's margins: it starts a block formatting context.)"""
        lists = [e for e in cell if _tag(e) == "ul" and _has(e, "statements")]
        if not lists:
            return self._content(style_for, cell, width)
        (ul,) = lists
        own = style_for(ul)
        if _edges(own, "top", "bottom"):
            raise ValueError("a list of statements with borders or padding above or below")
        inner = width - _edges(own, "left", "right") - _margin(own, "left") - _margin(own, "right")
        stood = self._statements(style_for, ul, inner, 0.0, whole, texts)
        if not stood:
            return _margin(own, "top") + _margin(own, "bottom")
        items = [e for e in ul if _tag(e) == "li"]
        first, last = style_for(items[0]), style_for(items[-1])
        top = max(_margin(own, "top"), _margin(first, "top"))
        return top + stood[-1][2] * PX_PER_MM + max(_margin(last, "bottom"), _margin(own, "bottom"))

    def band(self, page: str, base: Path, stylesheets: list[Path], extra_css: str, width_mm: float) -> float:
        """How far a page's band (the fixed block marked data-band, above the content) reaches
        past the top of the page's content, in mm (negative: the room it leaves), as
        audit.band_overflow_mm reads a layout; 0 without a band."""
        style_for, root = self.styles(page, base, stylesheets, extra_css)
        band = next((e for e in root.iter() if _tag(e) and e.get("data-band") is not None), None)
        if band is None:
            return 0.0
        style = style_for(band)
        width = width_mm * PX_PER_MM - _dim(style["left"]) - _dim(style["right"])
        return (_dim(style["top"]) + self._box(style_for, band, width)) / PX_PER_MM

    def _runs(self, style_for, block) -> list[tuple[object, str, float]]:
        """The inline runs of a block: its text and its inline children's, in order (white
        space between two of them: a run of one space)."""
        runs, children = [], list(block)
        if (block.text or "").strip():
            runs.append((style_for(block), block.text, 0.0))
        for i, child in enumerate(children):
            style = style_for(child)
            runs.append((style, _text(child), _dim(style["margin_left"]) + _dim(style["margin_right"])))
            tail = child.tail or ""
            if tail.strip() or (tail and i + 1 < len(children)):
                runs.append((style_for(block), tail if tail.strip() else " ", 0.0))
        return runs

    def _cell(self, style_for, cell, width: float) -> float:
        """Height of a table cell of text: its lines, padding and own borders (halved: collapsed)."""
        style = style_for(cell)
        inner = width - _pads(style, "left", "right") - (_own(style, "left") + _own(style, "right")) / 2
        edges = _pad(style, "top") + _pad(style, "bottom") + (_own(style, "top") + _own(style, "bottom")) / 2
        return self.lines(_text(cell), style, inner).height + edges


def _stand(boxes: list[tuple[float, float]]) -> float:
    """A line box's height: its boxes on one baseline, from the highest top to the lowest bottom."""
    return max(a for a, _ in boxes) + max(b for _, b in boxes)


def _fixed(style_for, columns: list, width: float) -> list[float]:
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


def _paths_to(root, wanted: Callable) -> list[list]:
    """For each element the test picks (in document order, not inside another), the elements
    from the body down to it."""
    found = []

    def walk(element, path: list) -> None:
        for child in element:
            if not _tag(child):
                continue
            if wanted(child):
                found.append([*path, child])
            else:
                walk(child, [*path, child])

    body = next(e for e in root.iter() if _tag(e) == "body")
    walk(body, [body])
    return found


def _side_borders(style_for, cells, td) -> float:
    """A cell's collapsed left and right borders: half the wider of each pair it shares
    (right to left, the row's first cell is its rightmost)."""
    own = style_for(td)
    if own["direction"] == "rtl":
        cells = cells[::-1]
    i = cells.index(td)
    left = _own(own, "left")
    if i > 0:
        left = max(left, _own(style_for(cells[i - 1]), "right"))
    right = _own(own, "right")
    if i + 1 < len(cells):
        right = max(right, _own(style_for(cells[i + 1]), "left"))
    return (left + right) / 2


def _border(style_for, body, side: str) -> float:
    """The widest border on one side of a row group's first row's cells."""
    row = next(e for e in body if _tag(e) == "tr")
    return max(_own(style_for(c), side) for c in row if _tag(c) in ("th", "td"))


_CELL = re.compile(r'(<ul class="statements">)(.*?)(</ul>)', re.S)
_ITEM = re.compile(r"<li\b.*?</li>", re.S)
_ITEM_TEXT = re.compile(r"(<li\b[^>]*>).*?(</li>)", re.S)


def _skeleton(page: str) -> str:
    """The page with each list of statements cut to its first and last, none marked whole."""

    def cut(match: re.Match) -> str:
        items = _ITEM.findall(match.group(2))
        kept = items[:1] + items[1:][-1:]
        return match.group(1) + "".join(kept).replace(" data-whole", "") + match.group(3)

    return _CELL.sub(cut, page)


class _Statements(HTMLParser):
    """The text of every statement (an element with data-s) of a page, and whether it is marked whole."""

    def __init__(self) -> None:
        super().__init__()
        self.found: dict[str, tuple[str, bool]] = {}
        self._open: tuple[str, bool, list[str]] | None = None

    def handle_starttag(self, tag, attrs) -> None:
        named = dict(attrs)
        if named.get("data-s") and self._open is None:
            self._open = (named["data-s"], "data-whole" in named, [])

    def handle_endtag(self, tag) -> None:
        if tag == "li" and self._open is not None:
            key, whole, parts = self._open
            self.found[key] = ("".join(parts), whole)
            self._open = None

    def handle_data(self, data) -> None:
        if self._open is not None:
            self._open[2].append(data)


def _statement_texts(page: str) -> dict[str, tuple[str, bool]]:
    """Every statement of a page by its key, in the page's order: (text, marked whole)."""
    parser = _Statements()
    parser.feed(page)
    parser.close()
    return parser.found


def _in_a_row(flags) -> int:
    """The longest run of true flags."""
    longest = run = 0
    for flag in flags:
        run = run + 1 if flag else 0
        longest = max(longest, run)
    return longest


def _flows(style, element) -> bool:
    """Whether a block's children take its width in normal flow (not a table, columns,
    flex or grid, or a box out of the flow)."""
    if _tag(element) == "table" or not _in_flow(style):
        return False
    if style["column_count"] != "auto" or style["column_width"] != "auto":
        return False
    return not {"flex", "grid", "table"} & set(style["display"])


def _in_flow(style) -> bool:
    """Whether a box takes its place in its parent's flow (not positioned out of it, not floated)."""
    return style["position"] not in ("absolute", "fixed") and style["float"] == "none"


def _is_block(style) -> bool:
    """Whether an element is laid out as a block (its own lines), not in its parent's lines."""
    return style["display"][0] in ("block", "list-item") or "list-item" in style["display"]


def _edges(style, *sides: str) -> float:
    """Borders and padding on these sides."""
    return sum(_own(style, s) + _pad(style, s) for s in sides)


def _own(style, side: str) -> float:
    return float(style[f"border_{side}_width"])


def _pad(style, side: str) -> float:
    return _dim(style[f"padding_{side}"])


def _pads(style, *sides: str) -> float:
    return sum(_pad(style, s) for s in sides)


def _margin(style, side: str) -> float:
    value = style[f"margin_{side}"]
    if value != "auto" and getattr(value, "unit", None) is None:  # calc(): em and lengths resolve
        return percentage(value, style, 0.0)
    return _dim(value)


def _dim(value) -> float:
    if value == "auto" or value is None:
        return 0.0
    return float(getattr(value, "value", value))


def _content(style) -> str:
    """The text of a ::before's content (strings only)."""
    return "".join(v for kind, v in style["content"] if kind == "string") if style["content"] else ""


def _tag(element) -> str:
    return element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""


def _has(element, cls: str) -> bool:
    return cls in (element.get("class") or "").split()


def _text(element) -> str:
    return "".join(element.itertext())
