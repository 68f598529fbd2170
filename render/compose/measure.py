"""Measure: how a statement breaks into lines at a width, from WeasyPrint's own text layer.

A statement's height in a matrix is its lines times its line height. The lines come from the
engine's line breaker (weasyprint.text.line_break.split_first_line: Pango with the document's
fonts, features, language, hyphenation dictionary and limits, spacing), fed the statement's
computed style, which the stylesheets give without laying anything out. No page, box tree or
PDF is made: the first step of fitting that prices a size without a layout.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .engine import Engine


@dataclass(frozen=True)
class Lines:
    """A text broken into lines: each line's text, whether it ends in a hyphen, and the height (px)."""

    texts: tuple[str, ...]
    hyphenated: tuple[bool, ...]
    height: float


class _Context:
    """What split_first_line reads of a layout context: the hyphenation dictionaries, cached."""

    def __init__(self) -> None:
        self.dictionaries: dict = {}


class Measurer:
    """Breaks the statements of a document into lines as the engine lays them out."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.context = _Context()

    def styles(self, page: str, base: Path, stylesheets: list[Path], extra_css: str = "") -> tuple[Callable, object]:
        """The computed style of each element of a page (a function of the element) and its tree."""
        return self.engine.computed_styles(page, base, stylesheets, extra_css)

    def lines(self, text: str, style, width_px: float) -> Lines:
        """A text set in a style at a width, line by line, as the engine's inline layout breaks it."""
        split_first_line, strut = self.engine.text_layer
        texts, hyphens = [], []
        data = " ".join(text.split()).encode()
        while data:
            layout, length, resume, *_ = split_first_line(data.decode(), style, self.context, width_px, 0, True)
            shown = layout.text.encode()
            line = shown[:length].decode(errors="ignore") if length else ""
            texts.append(line)
            hyphens.append(len(shown) > length and layout.text.endswith(style["hyphenate_character"]))
            if resume is None:
                break
            data = data[resume:].lstrip(b" ")
        line_height, _ = strut(style)
        return Lines(tuple(texts), tuple(hyphens), len(texts) * line_height)
