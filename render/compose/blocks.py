"""Blocks: a block's height from its computed style and its children (margins collapsed
between siblings, anonymous blocks of lines between them), a page's band, and the running
text that would break too many line ends in a row."""

from __future__ import annotations

from pathlib import Path

from .audit import MAX_HYPHENS_IN_A_ROW
from .css import box_edges, dimension, flows, in_flow, is_block, margin, tag_of, text_of
from .engine import PX_PER_MM
from .lines import in_a_row


class BlockHeights:
    """The measurer's blocks (mixed into Measurer)."""

    def whole_blocks(self, page: str, base: Path, stylesheets: list[Path], extra_css: str, width_mm: float) -> set[str]:
        """The keyed blocks of running text (data-t, data-s; outside tables, columns and fixed
        boxes) whose lines, at the width their containers leave them, would break more than
        two line ends in a row: what the composer sets without breaking words. (The page's
        styles are not kept: its layout comes next, and a whole document's are large.)"""
        style_for, root = self.engine.computed_styles(page, base, stylesheets, extra_css)
        body = next(e for e in root.iter() if tag_of(e) == "body")
        found: set[str] = set()

        def walk(element, width: float) -> None:
            for child in element:
                style = style_for(child) if tag_of(child) else None
                if style is None or not is_block(style) or not flows(style, child):
                    continue
                inner = width - box_edges(style, "left", "right") - margin(style, "left") - margin(style, "right")
                key = child.get("data-t") or child.get("data-s")
                if any(tag_of(c) and is_block(style_for(c)) for c in child):
                    walk(child, inner)
                elif key:
                    ends = [broken for _, broken in self._inline_lines(style, self._runs(style_for, child), inner)]
                    if in_a_row(ends) > MAX_HYPHENS_IN_A_ROW:
                        found.add(key)

        walk(body, width_mm * PX_PER_MM)
        return found

    def band(self, page: str, base: Path, stylesheets: list[Path], extra_css: str, width_mm: float) -> float:
        """How far a page's band (the fixed block marked data-band, above the content) reaches
        past the top of the page's content, in mm (negative: the room it leaves), as
        audit.band_overflow_mm reads a layout; 0 without a band."""
        style_for, root = self.styles(page, base, stylesheets, extra_css)
        band = next((e for e in root.iter() if tag_of(e) and e.get("data-band") is not None), None)
        if band is None:
            return 0.0
        style = style_for(band)
        width = width_mm * PX_PER_MM - dimension(style["left"]) - dimension(style["right"])
        return (dimension(style["top"]) + self._box(style_for, band, width)) / PX_PER_MM

    def _block(self, style_for, element, width: float) -> float:
        """A block's margin box height: its margins around its border box."""
        style = style_for(element)
        return margin(style, "top") + self._box(style_for, element, width) + margin(style, "bottom")

    def _box(self, style_for, element, width: float) -> float:
        """A block's border box height at a width (its margin box's): borders, padding and content."""
        style = style_for(element)
        inner = width - box_edges(style, "left", "right") - margin(style, "left") - margin(style, "right")
        return box_edges(style, "top", "bottom") + self._content(style_for, element, inner)

    def _content(self, style_for, element, width: float) -> float:
        """A block's content height: its block children stacked (the margins between two
        siblings collapsed to the larger; the block's own padding keeps the first's and last's
        inside it), the text and inline boxes between them as anonymous blocks of lines; or,
        without block children, its inline content's lines."""
        own = style_for(element)
        blocks = [c for c in element if tag_of(c) and is_block(style_for(c)) and in_flow(style_for(c))]
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
            style = style_for(child) if tag_of(child) else None
            if child in blocks:
                flush()
                stack(margin(style, "top"), margin(style, "bottom"), self._box(style_for, child, width))
            elif style is not None and in_flow(style):
                pending.append(
                    (style, text_of(child), dimension(style["margin_left"]) + dimension(style["margin_right"]))
                )
            if (child.tail or "").strip():
                pending.append((own, child.tail, 0.0))
        flush()
        return height + gap
