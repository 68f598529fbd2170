"""`products`: the product table, a row each (imposed forms on their own rows)."""

from __future__ import annotations

from pathlib import Path


def products(data: Path) -> list[tuple[str, str, str, str, str]]:
    """Each product (and its imposed form): name, trim size, pages, bleed or marks, title."""
    from ..options import IMPOSED
    from ..source import load_framework

    _, table = load_framework(data)
    rows = []
    for p in table.values():
        w, h = p.trim_mm
        pages = f"{p.pages} page(s)" if p.pages else f"pages in {p.page_multiple}s"
        rows.append((p.name, f"{w:g} x {h:g} mm", pages, f"bleed {p.bleed_mm:g} mm", p.title))
        if p.sheet_mm:
            sw, sh = p.sheet_mm
            what = f"{p.title}, imposed in stitching order (made with {p.name})"
            rows.append((f"{p.name}{IMPOSED}", f"{sw:g} x {sh:g} mm", "2 pages a side", "marks", what))
    return rows


def products_markdown(data: Path) -> str:
    """The product table as Markdown (for docs/products.md)."""
    rows = [f"| `{name}` | {title} | {trim} | {pages} | {edge} |" for name, trim, pages, edge, title in products(data)]
    return "\n".join(["| product | title | trim | pages | bleed or marks |", "|---|---|---|---|---|", *rows])
