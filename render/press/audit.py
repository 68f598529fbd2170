"""Audit of a finished PDF: what this project promises of its own files beyond preflight."""

from __future__ import annotations

import io

from ..source.products import Product
from .pdfscan import box_mm, page_fonts


def audit_pdf(data: bytes, product: Product, declared: set[str], what: str, pages: int) -> list[str]:
    """What preflight does not ask of any PDF but this project promises of its own: the
    layout's page count, the bleed exactly the product's on every side, and fonts subset
    and among the declared ones, by PDF name (trim size and embedding: see preflight)."""
    import pikepdf

    problems: list[str] = []
    b = product.bleed_mm
    with pikepdf.open(io.BytesIO(data)) as pdf:
        if len(pdf.pages) != pages:
            problems.append(f"{what}: PDF has {len(pdf.pages)} pages, the layout {pages}")
        seen, forms = set(), set()
        for n, page in enumerate(pdf.pages, 1):
            trim, bleed = box_mm(page.obj, "/TrimBox"), box_mm(page.obj, "/BleedBox")
            if trim is None or bleed is None:
                problems.append(f"{what}: page {n}: TrimBox or BleedBox missing")
                continue
            margins = (trim[0] - bleed[0], trim[1] - bleed[1], bleed[2] - trim[2], bleed[3] - trim[3])
            if any(abs(m - b) > 0.05 for m in margins):
                problems.append(f"{what}: page {n}: bleed {margins} mm, expected {b:g} mm on every side")
            for name, font, _, _ in page_fonts(page.obj.get("/Resources") or {}, forms):
                if font.objgen in seen:
                    continue
                seen.add(font.objgen)
                plain = name.split("+", 1)[-1]
                if "+" not in name:
                    problems.append(f"{what}: font {name} is embedded whole, not subset")
                if not any(plain == d or plain.startswith(d + "-") for d in declared):
                    problems.append(
                        f"{what}: font {plain} is not one of the declared fonts ({', '.join(sorted(declared))})"
                    )
    return problems


def audit_imposed(data: bytes, product: Product, pages: int, what: str) -> list[str]:
    """The printer's form: one sheet side per two pages, each the sheet's size, the spread
    centred with its trim and bleed boxes inside the sheet."""
    import pikepdf

    problems = []
    sw, sh = product.sheet_mm
    with pikepdf.open(io.BytesIO(data)) as pdf:
        if len(pdf.pages) != pages // 2:
            problems.append(f"{what} (imposed): {len(pdf.pages)} sheet sides, expected {pages // 2}")
        for n, page in enumerate(pdf.pages, 1):
            media, trim, bleed = (box_mm(page.obj, k) for k in ("/MediaBox", "/TrimBox", "/BleedBox"))
            if abs(media[2] - media[0] - sw) > 0.05 or abs(media[3] - media[1] - sh) > 0.05:
                problems.append(f"{what} (imposed): side {n} is not {sw:g} x {sh:g} mm")
            if abs(trim[2] - trim[0] - 2 * product.trim_mm[0]) > 0.05:
                problems.append(f"{what} (imposed): side {n}: the spread is not two pages wide")
            if not (media[0] <= bleed[0] <= trim[0] and trim[2] <= bleed[2] <= media[2]):
                problems.append(f"{what} (imposed): side {n}: boxes not nested inside the sheet")
    return problems
