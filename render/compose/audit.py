"""Audit of a layout: what must hold of a rendered product before it is written to PDF."""

from __future__ import annotations

from ..source.products import Product
from .engine import Rendered

HEADINGS = ("h1", "h2", "h3", "h4", "dt")


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
    placed = rendered.count_class("li", "statement")
    if placed != expected_statements:
        problems.append(f"{what}: {placed} of {expected_statements} statements placed on the page")
    return problems
