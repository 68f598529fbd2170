"""Audit of a layout: what must hold of a rendered product before it is written to PDF."""

from __future__ import annotations

from dataclasses import dataclass

from ..source.products import Product
from .engine import Rendered

HEADINGS = ("h1", "h2", "h3", "h4", "dt")


BAND_SLACK_MM = 0.01  # rounding, not a band over the content


def audit_layout(rendered: Rendered, product: Product, expected_statements: int, what: str) -> list[str]:
    """Layout-level checks: page count, nothing dropped, WeasyPrint said nothing."""
    problems = [f"{what}: WeasyPrint: {w}" for w in rendered.warnings]
    if product.pages is not None and rendered.pages != product.pages:
        problems.append(f"{what}: {rendered.pages} pages, expected {product.pages} (content overflows)")
    if rendered.pages % product.page_multiple:
        problems.append(f"{what}: {rendered.pages} pages, not a multiple of {product.page_multiple}")
    split = sorted(k for k, pages in rendered.attr_pages("data-s").items() if len(pages) > 1)
    if split:
        problems.append(f"{what}: statements split across a page break: {', '.join(split[:5])}")
    for n, (tag, text) in enumerate(rendered.page_feet()[:-1], 1):
        if tag in HEADINGS:
            problems.append(f"{what}: page {n}: heading '{text}' stranded at the foot of the page")
    over = band_overflow_mm(rendered)
    if over > BAND_SLACK_MM:
        problems.append(f"{what}: page 1: the band reaches {over:.2f} mm into the page's content")
    placed = rendered.count_class("li", "statement")
    if placed != expected_statements:
        problems.append(f"{what}: {placed} of {expected_statements} statements placed on the page")
    return problems


def band_overflow_mm(rendered: Rendered) -> float:
    """How far the first page's band (the element marked data-band) reaches past the top of
    the page's content (negative: the room it leaves)."""
    for box in rendered.placed():
        if box.page == 0 and box.element.get("data-band") is not None:
            return box.below - rendered.content_top(0)
    return 0.0


@dataclass(frozen=True)
class Hyphens:
    """How often a layout breaks words at line ends."""

    ends: int  # line ends that break a word
    lines: int  # lines of text
    longest: int  # the most such line ends in a row, in one block
    runs: tuple[tuple[int, str], ...] = ()  # (page, the block's key) of each run over MAX_HYPHENS_IN_A_ROW


MAX_HYPHENS_IN_A_ROW = 2


def hyphenation(rendered: Rendered) -> Hyphens:
    """Count the line ends that break a word (the added hyphenation character ends the line)."""
    ends = lines = longest = 0
    runs = []
    for index, element, broken_lines in rendered.line_ends():
        run = 0
        for broken in broken_lines:
            lines += 1
            run = run + 1 if broken else 0
            ends += broken
            longest = max(longest, run)
            if run == MAX_HYPHENS_IN_A_ROW + 1:
                key = (element.get("data-s") or element.get("data-t") or "") if element is not None else ""
                runs.append((index + 1, key))
    return Hyphens(ends, lines, longest, tuple(runs))
