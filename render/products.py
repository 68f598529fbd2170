"""Product specifications (trim, bleed, pages, flows, type limits), read from data/products.yaml."""

from __future__ import annotations

from dataclasses import dataclass, replace

from .schema import Reader
from .yamlsafe import Node

LEVELS = (1, 2, 3, 4)


@dataclass(frozen=True)
class Flow:
    """A run of content fitted on its own: it starts a new page and has a page budget."""

    id: str  # "all" (the whole product) or a matrix id
    pages: int


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
    flows: tuple[Flow, ...]
    sides: int = 1  # 2: printed double-sided
    level: int | None = None  # a product about one level only

    @property
    def content_height_mm(self) -> float:
        """Height of a page's content area."""
        return self.trim_mm[1] - self.margins_mm[0] - self.margins_mm[2]

    def page_css(self) -> str:
        """The @page rule for this product, plus the page geometry as CSS variables."""
        top, right, bottom, left = self.margins_mm
        return (
            f"@page {{ size: {self.trim_mm[0]:g}mm {self.trim_mm[1]:g}mm; bleed: {self.bleed_mm:g}mm; "
            f"margin: {top:g}mm {right:g}mm {bottom:g}mm {left:g}mm; }}\n"
            f":root {{ --bleed: {self.bleed_mm:g}mm; --margin-top: {top:g}mm; --margin-right: {right:g}mm; "
            f"--margin-bottom: {bottom:g}mm; --margin-left: {left:g}mm; }}"
        )


_KEYS = {
    "title": True,
    "template": True,
    "stylesheet": True,
    "trim_mm": True,
    "bleed_mm": True,
    "margins_mm": True,
    "pages": True,
    "sides": False,
    "body_pt": True,
    "flows": False,
    "per_level": False,
}


def _numbers(r: Reader, node: Node | None, path: str, count: int, what: str) -> list[float] | None:
    values = [r.number(n, f"{path}[{i}]") for i, n in enumerate(r.seq(node, path))]
    if node is not None and len(values) != count:
        r.error(node, path, f"expected {what} in millimetres")
        return None
    return None if None in values else values


def read_products(r: Reader, root: Node | None, flow_ids: tuple[str, ...]) -> dict[str, Product]:
    """Validate the product table; problems go to the reader's list.

    An entry with `per_level: true` stands for one product per level, named
    `<name>-level-1` … `<name>-level-4`; "{level}" in its title becomes the number.
    """
    products: dict[str, Product] = {}
    table = r.mapping(root, "") or {}
    if root is not None and not table:
        r.error(root, "", "no products defined")
    for name, node in table.items():
        d = r.mapping(node, name, _KEYS)
        if d is None:
            continue
        trim = _numbers(r, d.get("trim_mm"), f"{name}.trim_mm", 2, "[width, height]")
        margins = _numbers(r, d.get("margins_mm"), f"{name}.margins_mm", 4, "[top, right, bottom, left]")
        body = r.mapping(d.get("body_pt"), f"{name}.body_pt", {"min": True, "max": True}) or {}
        lo = r.number(body.get("min"), f"{name}.body_pt.min")
        hi = r.number(body.get("max"), f"{name}.body_pt.max")
        if lo is not None and hi is not None and not 0 < lo <= hi:
            r.error(d["body_pt"], f"{name}.body_pt", "need 0 < min <= max")
        pages = r.integer(d.get("pages"), f"{name}.pages")
        if pages is not None and pages < 1:
            r.error(d["pages"], f"{name}.pages", "must be at least 1")
        sides = r.integer(d.get("sides"), f"{name}.sides") if "sides" in d else 1
        if sides not in (None, 1, 2):
            r.error(d["sides"], f"{name}.sides", "must be 1 or 2")
        bleed = r.number(d.get("bleed_mm"), f"{name}.bleed_mm")
        if bleed is not None and bleed < 0:
            r.error(d["bleed_mm"], f"{name}.bleed_mm", "must not be negative")
        flows = _flows(r, d.get("flows"), f"{name}.flows", pages, flow_ids)
        per_level = r.expect(d.get("per_level"), f"{name}.per_level", bool) if "per_level" in d else False
        if None in (trim, margins, lo, hi, pages, bleed, flows, sides):
            continue
        product = Product(
            name=name,
            title=r.text(d.get("title"), f"{name}.title"),
            template=r.text(d.get("template"), f"{name}.template"),
            stylesheet=r.text(d.get("stylesheet"), f"{name}.stylesheet"),
            trim_mm=(trim[0], trim[1]),
            bleed_mm=bleed,
            margins_mm=tuple(margins),
            pages=pages,
            sides=sides,
            body_min_pt=lo,
            body_max_pt=hi,
            flows=flows,
        )
        if per_level:
            for n in LEVELS:
                title = product.title.replace("{level}", str(n))
                products[f"{name}-level-{n}"] = replace(product, name=f"{name}-level-{n}", title=title, level=n)
        else:
            products[name] = product
    return products


def _flows(r: Reader, node: Node | None, path: str, pages: int | None, ids: tuple[str, ...]) -> tuple[Flow, ...] | None:
    if node is None:
        return (Flow("all", pages),) if pages is not None else None
    flows = []
    for i, item in enumerate(r.seq(node, path)):
        f = r.mapping(item, f"{path}[{i}]", {"id": True, "pages": True}) or {}
        fid = r.text(f.get("id"), f"{path}[{i}].id")
        fpages = r.integer(f.get("pages"), f"{path}[{i}].pages")
        if fid is not None and fid not in ids:
            r.error(f["id"], f"{path}[{i}].id", f"unknown flow (expected one of: {', '.join(ids)})")
            return None
        if fid is None or fpages is None:
            return None
        flows.append(Flow(fid, fpages))
    if pages is not None and sum(f.pages for f in flows) != pages:
        r.error(node, path, f"the flows' pages add up to {sum(f.pages for f in flows)}, not {pages}")
        return None
    return tuple(flows)
