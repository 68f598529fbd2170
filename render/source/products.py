"""Product specifications (trim, bleed, pages, flows, type limits), read from data/products.yaml."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .schema import Reader
from .yamlsafe import Node

LARGE_PRINT_TRIM_MM = (210.0, 297.0)  # A4 portrait
LARGE_PRINT_MARGINS_MM = (25.0, 20.0, 22.0, 20.0)
LARGE_PRINT_SIZES = (16, 18, 20, 24)
PER = ("level", "perspective")
WHOLE = "all"  # the id of the one flow of a product fitted as a whole (not matrix by matrix)
MAX_MM = 5000.0  # no sheet, page or margin is larger (A0 is 841 x 1189 mm)
MAX_BLEED_MM = 20.0  # as --bleed
MAX_BODY_PT = 72.0
MAX_PAGES = 400
SAFE_MM = 3.0  # a guillotine's drift: type this near the trim may be cut


@dataclass(frozen=True)
class Flow:
    """A run of content fitted on its own: it starts a new page and has a page budget."""

    id: str  # WHOLE (the whole product) or a matrix id
    pages: int


MASTHEAD_STEPS = (1.0, 0.75, 0.5, 0.25, 0.0)  # the masthead's share between its floors and full size


@dataclass(frozen=True)
class Range:
    """A size a product's masthead may take: full size, and the floor it gives way to."""

    min: float
    max: float

    def at(self, step: float) -> float:
        """The size at a step between the floor (0) and full size (1), to a tenth."""
        return round(self.min + (self.max - self.min) * step, 1)


@dataclass(frozen=True)
class Masthead:
    """What a poster's masthead and credits may give way to (after the body reaches its floor,
    before a second sheet): each size between full and its floor, moved together."""

    title_pt: Range
    publisher_pt: Range
    legend_pt: Range
    credits_pt: Range
    gap_mm: Range  # between the masthead, the level bands and the credits

    def sizes(self, step: float) -> tuple[tuple[str, str, float, str], ...]:
        """Each size at a step: the CSS variable the poster's stylesheet reads, its name in words, value, unit."""
        return (
            ("--size-title", "title", self.title_pt.at(step), "pt"),
            ("--size-publisher", "publisher", self.publisher_pt.at(step), "pt"),
            ("--size-legend", "legend", self.legend_pt.at(step), "pt"),
            ("--size-small-print", "credits", self.credits_pt.at(step), "pt"),
            ("--gap-base", "gaps", self.gap_mm.at(step), "mm"),
        )

    def css(self, step: float) -> str:
        """The masthead's sizes at a step, as CSS variables."""
        return "; ".join(f"{var}: {value:g}{unit}" for var, _, value, unit in self.sizes(step))

    def said(self, step: float) -> str:
        """The masthead's sizes at a step, in words (for the build report)."""
        return ", ".join(f"{word} {value:g} {unit}" for _, word, value, unit in self.sizes(step))


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
    pages: int | None  # None: as many as the content needs, rounded up to page_multiple
    body_min_pt: float
    body_max_pt: float
    flows: tuple[Flow, ...]
    sides: int = 1  # 2: printed double-sided
    page_multiple: int = 1
    sheet_mm: tuple[float, float] | None = None  # printer's sheet for the imposed form
    level: int | None = None  # a product about one level only
    perspective: str | None = None  # a product for one audience only
    statements: bool = True  # carries the matrices' statements (those of its level or audience)
    family: str = ""  # the entry a per-level or per-audience product comes from
    more_pages: tuple[int, ...] = ()  # longer forms, for languages whose text needs them
    large_print: str | None = None  # the template of its large-print form, if it has one
    stock: str = ""  # suggested paper, for the job ticket
    finishing: str = ""  # folding, binding, trimming, for the job ticket
    binding: str = "flat"  # flat sheets, or folded / saddle-stitched: pages in fours (BINDINGS)
    safe_mm: float = SAFE_MM  # type stays this far inside the trim (preflight's safe-margin)
    masthead: Masthead | None = None  # a poster's masthead sizes and their floors
    masthead_step: float = 1.0  # where between its floors (0) and full size (1) it is set
    where: str = field(default="", compare=False, repr=False)  # data/products.yaml:LINE of its entry

    def in_large_print(self, size_pt: float) -> Product:
        """The large-print form: A4, one column, the chosen body size, no bleed, as many
        pages as it takes, on flat sheets (the template, usually the product's own, set with
        large-print.css)."""
        return replace(
            self,
            template=self.large_print or self.template,
            stylesheet="large-print.css",
            trim_mm=LARGE_PRINT_TRIM_MM,
            bleed_mm=0.0,
            margins_mm=LARGE_PRINT_MARGINS_MM,
            pages=None,
            page_multiple=1,
            sheet_mm=None,
            flows=(),
            more_pages=(),
            body_min_pt=size_pt,
            body_max_pt=size_pt,
            safe_mm=SAFE_MM,
            binding="flat",
        )

    @property
    def form(self) -> str:
        """How the pages are made up, for the job ticket and the build report."""
        w, h = self.trim_mm
        if self.binding == "folded" and self.pages:
            sheets = self.pages // 4
            nested = ", nested" if sheets > 1 else ""
            return f"{self.pages} pages: {sheets} sheet(s) of {2 * w:g} x {h:g} mm, both sides, folded once{nested}"
        if self.binding == "saddle-stitched":
            return "saddle-stitched: folded sheets of four pages, nested and stitched"
        return f"{self.pages} flat sheet(s)" if self.pages else "flat sheets"

    def with_masthead(self, step: float) -> Product:
        """This product with its masthead at a step between its floors (0) and full size (1)."""
        return replace(self, masthead_step=step)

    @property
    def root_css(self) -> str:
        """CSS variables the product's data sets on the page's root (its masthead's sizes)."""
        return self.masthead.css(self.masthead_step) if self.masthead else ""

    def with_pages(self, pages: int) -> Product:
        """This product in a longer form: every flow's page budget scaled alike."""
        flows = tuple(replace(f, pages=f.pages * pages // self.pages) for f in self.flows)
        return replace(self, pages=pages, flows=flows)

    @property
    def probe_sizes(self) -> dict[str, float]:
        """Body sizes to lay the product out at when only its text matters (what it prints)."""
        return {flow.id: self.body_min_pt for flow in self.flows} or {WHOLE: self.body_max_pt}

    @property
    def content_width_mm(self) -> float:
        """Width of a page's content area."""
        return self.trim_mm[0] - self.margins_mm[1] - self.margins_mm[3]

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


BINDINGS = ("flat", "folded", "saddle-stitched")

_KEYS = {
    "title": True,
    "template": True,
    "stylesheet": True,
    "trim_mm": True,
    "bleed_mm": True,
    "margins_mm": True,
    "pages": False,
    "page_multiple": False,
    "binding": False,
    "safe_mm": False,
    "imposition": False,
    "sides": False,
    "body_pt": True,
    "flows": False,
    "per": False,
    "statements": False,
    "more_pages": False,
    "large_print": False,
    "print": False,
    "masthead": False,
}
MASTHEAD_KEYS = ("title_pt", "publisher_pt", "legend_pt", "credits_pt", "gap_mm")


def _numbers(r: Reader, node: Node | None, path: str, count: int, what: str, zero: bool = False) -> list[float] | None:
    """`count` lengths in millimetres, each positive (or, with `zero`, zero allowed) and at most MAX_MM."""
    if node is None:  # (a missing key: the mapping has said so)
        return None
    items = r.seq(node, path)
    values = [r.number(n, f"{path}[{i}]") for i, n in enumerate(items)]
    if len(values) != count:
        r.error(node, path, f"expected {what} in millimetres")
        return None
    for i, (item, v) in enumerate(zip(items, values, strict=True)):
        if v is not None and not ((v >= 0 if zero else v > 0) and v <= MAX_MM):
            least = "zero or more" if zero else "more than zero"
            r.error(item, f"{path}[{i}]", f"{v:g} mm: must be {least} and at most {MAX_MM:g} mm")
            values[i] = None
    return None if None in values else values


def read_products(
    r: Reader, root: Node | None, flow_ids: tuple[str, ...], levels: tuple[int, ...], perspectives: dict[str, str]
) -> dict[str, Product]:
    """Validate the product table; problems go to the reader's list.

    An entry with `per: level` stands for one product per level, named `<name>-level-1`,
    `<name>-level-2`, … ("{level}" in its title becomes the number); `per: perspective`
    for one per perspective, `<name>-<perspective id>` ("{perspective}": its name).
    """
    products: dict[str, Product] = {}
    table = r.mapping(root, "") or {}
    if root is not None and not table:
        r.error(root, "", "no products defined")
    for name, node in table.items():
        d = r.mapping(node, name, _KEYS)
        if d is None or r.name(Node(name, node.line), name) is None:
            continue
        trim = _numbers(r, d.get("trim_mm"), f"{name}.trim_mm", 2, "[width, height]")
        margins = _numbers(r, d.get("margins_mm"), f"{name}.margins_mm", 4, "[top, right, bottom, left]", zero=True)
        if trim and margins and (margins[0] + margins[2] >= trim[1] or margins[1] + margins[3] >= trim[0]):
            r.error(d["margins_mm"], f"{name}.margins_mm", "the margins leave no room on the page")
            margins = None
        body = r.mapping(d.get("body_pt"), f"{name}.body_pt", {"min": True, "max": True}) or {}
        lo = r.number(body.get("min"), f"{name}.body_pt.min")
        hi = r.number(body.get("max"), f"{name}.body_pt.max")
        if lo is not None and hi is not None and not 0 < lo <= hi <= MAX_BODY_PT:
            r.error(d["body_pt"], f"{name}.body_pt", f"need 0 < min <= max <= {MAX_BODY_PT:g}")
            lo = None
        pages = r.integer(d.get("pages"), f"{name}.pages") if "pages" in d else None
        if pages is not None and not 1 <= pages <= MAX_PAGES:
            r.error(d["pages"], f"{name}.pages", f"must be from 1 to {MAX_PAGES}")
        multiple = r.integer(d.get("page_multiple"), f"{name}.page_multiple") if "page_multiple" in d else 1
        if multiple is not None and not 1 <= multiple <= 16:
            r.error(d["page_multiple"], f"{name}.page_multiple", "must be from 1 to 16")
        if "pages" not in d and "page_multiple" not in d:
            r.error(node, name, "needs `pages` (a fixed count) or `page_multiple` (as many as needed)")
        sheet = None
        if "imposition" in d:
            imp = r.mapping(d["imposition"], f"{name}.imposition", {"sheet_mm": True}) or {}
            sheet = _numbers(r, imp.get("sheet_mm"), f"{name}.imposition.sheet_mm", 2, "[width, height]")
        sides = r.integer(d.get("sides"), f"{name}.sides") if "sides" in d else 1
        if sides not in (None, 1, 2):
            r.error(d["sides"], f"{name}.sides", "must be 1 or 2")
        bleed = r.number(d.get("bleed_mm"), f"{name}.bleed_mm")
        if bleed is not None and not 0 <= bleed <= MAX_BLEED_MM:
            r.error(d["bleed_mm"], f"{name}.bleed_mm", f"{bleed:g} mm: must be from 0 to {MAX_BLEED_MM:g} mm")
            bleed = None
        flows = _flows(r, d.get("flows"), f"{name}.flows", pages, flow_ids)
        more = (
            [
                r.integer(n, f"{name}.more_pages[{i}]")
                for i, n in enumerate(r.seq(d.get("more_pages"), f"{name}.more_pages"))
            ]
            if "more_pages" in d
            else []
        )
        if more and (
            not pages
            or flows is None
            or any(m is None or m <= pages or any(f.pages * m % pages for f in flows) for m in more)
        ):
            r.error(d["more_pages"], f"{name}.more_pages", "each must be larger than `pages`, and split like it")
            more = []
        binding = r.text(d.get("binding"), f"{name}.binding") if "binding" in d else "flat"
        if binding not in BINDINGS:
            r.error(d["binding"], f"{name}.binding", f"expected one of: {', '.join(BINDINGS)}")
        elif binding != "flat":  # a binder folds sheets of four pages
            counts = [("pages", pages)] + [(f"more_pages[{i}]", m) for i, m in enumerate(more)]
            counts += [("page_multiple", multiple)] if "page_multiple" in d else []
            for key, n in counts:
                if n and n % 4:
                    r.error(d.get(key.split("[")[0]), f"{name}.{key}", f"{n}: a {binding} product has pages in fours")
        safe = r.number(d.get("safe_mm"), f"{name}.safe_mm") if "safe_mm" in d else SAFE_MM
        if safe is not None and not 0 <= safe <= MAX_MM / 10:
            r.error(d["safe_mm"], f"{name}.safe_mm", f"{safe:g} mm: must be from 0 to {MAX_MM / 10:g} mm")
            safe = SAFE_MM
        job = r.mapping(d.get("print"), f"{name}.print", {"stock": True, "finishing": True}) if "print" in d else {}
        stock = r.text((job or {}).get("stock"), f"{name}.print.stock") if job else ""
        finishing = r.text((job or {}).get("finishing"), f"{name}.print.finishing") if job else ""
        masthead = _masthead(r, d.get("masthead"), f"{name}.masthead") if "masthead" in d else None
        per = r.text(d.get("per"), f"{name}.per") if "per" in d else None
        if per is not None and per not in PER:
            r.error(d["per"], f"{name}.per", f"expected one of: {', '.join(PER)}")
        if None in (trim, margins, lo, hi, bleed, flows, sides, multiple) or (per is not None and per not in PER):
            continue
        product = Product(
            where=r.where(node),
            name=name,
            title=r.text(d.get("title"), f"{name}.title"),
            template=r.look_file(d.get("template"), f"{name}.template", ".html"),
            stylesheet=r.look_file(d.get("stylesheet"), f"{name}.stylesheet", ".css"),
            trim_mm=(trim[0], trim[1]),
            bleed_mm=bleed,
            margins_mm=tuple(margins),
            pages=pages,
            page_multiple=multiple,
            sheet_mm=tuple(sheet) if sheet else None,
            sides=sides,
            statements=r.expect(d["statements"], f"{name}.statements", bool) is not False
            if "statements" in d
            else True,
            family=name,
            more_pages=tuple(sorted(more)),
            large_print=_large_print(r, d.get("large_print"), f"{name}.large_print", d.get("template")),
            body_min_pt=lo,
            body_max_pt=hi,
            flows=flows,
            stock=stock or "",
            finishing=finishing or "",
            binding=binding if binding in BINDINGS else "flat",
            safe_mm=SAFE_MM if safe is None else safe,
            masthead=masthead,
        )
        if per == "level":
            for n in levels:
                title = product.title.replace("{level}", str(n))
                products[f"{name}-level-{n}"] = replace(product, name=f"{name}-level-{n}", title=title, level=n)
        elif per == "perspective":
            for pid, pname in perspectives.items():
                title = product.title.replace("{perspective}", pname)
                products[f"{name}-{pid}"] = replace(product, name=f"{name}-{pid}", title=title, perspective=pid)
        else:
            products[name] = product
    return products


def _flows(r: Reader, node: Node | None, path: str, pages: int | None, ids: tuple[str, ...]) -> tuple[Flow, ...] | None:
    if node is None:
        return (Flow(WHOLE, pages),) if pages is not None else ()
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


def _large_print(r: Reader, node: Node | None, path: str, template: Node | None) -> str | None:
    """`large_print: true` (the product's own template) or a template name."""
    if node is None or node.value is False:
        return None
    if node.value is True:
        return template.value if template is not None else None
    return r.look_file(node, path, ".html")


def _masthead(r: Reader, node: Node | None, path: str) -> Masthead | None:
    """A poster's masthead sizes, each {min, max} with 0 < min <= max (pt, or mm for gap_mm)."""
    d = r.mapping(node, path, dict.fromkeys(MASTHEAD_KEYS, True)) or {}
    ranges = {}
    for key in MASTHEAD_KEYS:
        pair = r.mapping(d.get(key), f"{path}.{key}", {"min": True, "max": True}) or {}
        lo, hi = r.number(pair.get("min"), f"{path}.{key}.min"), r.number(pair.get("max"), f"{path}.{key}.max")
        if lo is not None and hi is not None and not 0 < lo <= hi <= MAX_MM:
            r.error(d[key], f"{path}.{key}", "need 0 < min <= max")
            lo = None
        ranges[key] = None if lo is None or hi is None else Range(lo, hi)
    return None if None in ranges.values() or len(ranges) < len(MASTHEAD_KEYS) else Masthead(**ranges)
