"""Product specifications (trim, bleed, pages, type limits), read from data/products.yaml."""

from __future__ import annotations

from dataclasses import dataclass

from .schema import Reader
from .yamlsafe import Node


@dataclass(frozen=True)
class Product:
    """One printed item: how big, how many pages, and the type sizes it may use."""

    name: str
    title: str
    template: str
    stylesheet: str
    trim_mm: tuple[float, float]
    bleed_mm: float
    margins_mm: tuple[float, float, float, float]  # top, right, bottom, left
    pages: int
    body_min_pt: float
    body_max_pt: float
    level: int | None = None  # a product about one level only

    def page_css(self, height_mm: float | None = None) -> str:
        """The @page rule for this product (optionally with another height, for measuring)."""
        top, right, bottom, left = self.margins_mm
        return (
            f"@page {{ size: {self.trim_mm[0]:g}mm {height_mm or self.trim_mm[1]:g}mm; "
            f"bleed: {self.bleed_mm:g}mm; margin: {top:g}mm {right:g}mm {bottom:g}mm {left:g}mm; }}"
        )


_KEYS = {
    "title": True,
    "template": True,
    "stylesheet": True,
    "trim_mm": True,
    "bleed_mm": True,
    "margins_mm": True,
    "pages": True,
    "body_pt": True,
    "level": False,
}


def read_products(r: Reader, root: Node | None) -> dict[str, Product]:
    """Validate the product table; problems go to the reader's list."""
    products: dict[str, Product] = {}
    table = r.mapping(root, "") or {}
    if root is not None and not table:
        r.error(root, "", "no products defined")
    for name, node in table.items():
        d = r.mapping(node, name, _KEYS)
        if d is None:
            continue
        trim = [r.number(n, f"{name}.trim_mm[{i}]") for i, n in enumerate(r.seq(d.get("trim_mm"), f"{name}.trim_mm"))]
        if len(trim) != 2 and "trim_mm" in d:
            r.error(d["trim_mm"], f"{name}.trim_mm", "expected [width, height] in millimetres")
        body = r.mapping(d.get("body_pt"), f"{name}.body_pt", {"min": True, "max": True}) or {}
        lo = r.number(body.get("min"), f"{name}.body_pt.min")
        hi = r.number(body.get("max"), f"{name}.body_pt.max")
        if lo is not None and hi is not None and not 0 < lo <= hi:
            r.error(d["body_pt"], f"{name}.body_pt", "need 0 < min <= max")
        margins = [
            r.number(n, f"{name}.margins_mm[{i}]")
            for i, n in enumerate(r.seq(d.get("margins_mm"), f"{name}.margins_mm"))
        ]
        if len(margins) != 4 and "margins_mm" in d:
            r.error(d["margins_mm"], f"{name}.margins_mm", "expected [top, right, bottom, left] in millimetres")
        pages = r.integer(d.get("pages"), f"{name}.pages")
        if pages is not None and pages < 1:
            r.error(d["pages"], f"{name}.pages", "must be at least 1")
        bleed = r.number(d.get("bleed_mm"), f"{name}.bleed_mm")
        if bleed is not None and bleed < 0:
            r.error(d["bleed_mm"], f"{name}.bleed_mm", "must not be negative")
        level = r.integer(d.get("level"), f"{name}.level") if "level" in d else None
        if len(trim) == 2 and len(margins) == 4 and None not in (*trim, *margins, lo, hi, pages, bleed):
            products[name] = Product(
                name=name,
                title=r.text(d.get("title"), f"{name}.title"),
                template=r.text(d.get("template"), f"{name}.template"),
                stylesheet=r.text(d.get("stylesheet"), f"{name}.stylesheet"),
                trim_mm=(trim[0], trim[1]),
                bleed_mm=bleed,
                margins_mm=tuple(margins),
                pages=pages,
                body_min_pt=lo,
                body_max_pt=hi,
                level=level,
            )
    return products
