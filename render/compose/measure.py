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

from collections.abc import Callable
from pathlib import Path

from ..hashing import sha
from ..session import Session
from .blocks import BlockHeights
from .engine import Engine
from .grids import Grids, LevelGrids
from .lines import LineBreaker, LineContext, Lines
from .statements import blank as statements_blank
from .tables import CardTables, Table, Unmeasurable

__all__ = ["Grids", "Lines", "Measurer", "Table", "Unmeasurable"]


class Measurer(LineBreaker, BlockHeights, CardTables, LevelGrids):
    """Breaks the statements of a document into lines, and stands its tables, as the engine lays
    them out: lines (lines.py), blocks (blocks.py), card tables (tables.py) and level grids
    (grids.py), on the page's computed styles, each statement's lines kept by the session."""

    def __init__(self, engine: Engine, session: Session):
        self.engine = engine
        self.session = session
        self.context = LineContext()
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
            blank = statements_blank(page)
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
