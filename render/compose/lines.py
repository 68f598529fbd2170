"""Lines: a text broken into lines as the engine's inline layout breaks it (WeasyPrint's own
line breaker: Pango with the document's fonts, features, language, hyphenation and spacing),
each line box as tall as its boxes stand around their shared baseline (a text box: its line
height, centred on Pango's line; an inline box: its strut)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from .css import before_text, dimension, text_of


@dataclass(frozen=True)
class Lines:
    """A text broken into lines: each line's text, whether it ends in a hyphen, and the height (px)."""

    texts: tuple[str, ...]
    hyphenated: tuple[bool, ...]
    height: float

    @property
    def hyphens_in_a_row(self) -> int:
        """The most consecutive line ends that break a word."""
        return in_a_row(self.hyphenated)


class LineContext:
    """What split_first_line reads of a layout context: the hyphenation dictionaries, cached."""

    def __init__(self) -> None:
        self.dictionaries: dict = {}


class LineBreaker:
    """The measurer's lines (mixed into Measurer: `self.engine`, `self.context`)."""

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
            heights.append(stand(boxes))
            if resume is None:
                break
            data = data[resume:].lstrip(b" ")
        return Lines(tuple(texts), tuple(hyphens), sum(heights))

    def _marker(self, style) -> tuple[float, float]:
        """An inline-block's extent around the baseline of its one line (the bullet's)."""
        _, _, _, _, height, baseline = self._split(before_text(style), style, math.inf)
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
                    lines.append((stand(boxes), False))
                    boxes, x, data = [line], 0.0, data.lstrip(" ")
                    continue
                boxes += [self._strut(style), self._text_box(style, height, baseline)]
                x += used
                if resume is None:
                    break
                hyphen = style["hyphenate_character"]
                broken = len(layout.text.encode()) > length and layout.text.endswith(hyphen)
                lines.append((stand(boxes), broken))
                boxes, x = [line], 0.0
                data = data.encode()[resume:].decode().lstrip(" ")
            x += margins
        if len(boxes) > 1:
            lines.append((stand(boxes), False))
        return lines

    def _runs(self, style_for, block) -> list[tuple[object, str, float]]:
        """The inline runs of a block: its text and its inline children's, in order (white
        space between two of them: a run of one space)."""
        runs, children = [], list(block)
        if (block.text or "").strip():
            runs.append((style_for(block), block.text, 0.0))
        for i, child in enumerate(children):
            style = style_for(child)
            runs.append((style, text_of(child), dimension(style["margin_left"]) + dimension(style["margin_right"])))
            tail = child.tail or ""
            if tail.strip() or (tail and i + 1 < len(children)):
                runs.append((style_for(block), tail if tail.strip() else " ", 0.0))
        return runs


def stand(boxes: list[tuple[float, float]]) -> float:
    """A line box's height: its boxes on one baseline, from the highest top to the lowest bottom."""
    return max(a for a, _ in boxes) + max(b for _, b in boxes)


def in_a_row(flags) -> int:
    """The longest run of true flags."""
    longest = run = 0
    for flag in flags:
        run = run + 1 if flag else 0
        longest = max(longest, run)
    return longest
