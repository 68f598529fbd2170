"""Read what a PDF draws: text sizes and places, images and their resolution, colour spaces.

A small content-stream interpreter over pikepdf: it follows the graphics state (q/Q/cm),
the text state (BT, Tf, Tm, Td, TL, T*) and form XObjects, which is all that the
PDFs made here (and most others) need for preflight.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
TEXT_SHOW = {"Tj", "TJ", "'", '"'}
RGB_OPS = {"rg", "RG"}


def multiply(m: Matrix, n: Matrix) -> Matrix:
    """m then n (PDF order: a point is transformed by m, then by n)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


@dataclass
class Scan:
    """What one page draws."""

    text: list[tuple[float, float, float]] = field(default_factory=list)  # (size pt, x, y) per text run
    images: list[tuple[str, int, int, float, float]] = field(default_factory=list)  # name, px w/h, ppi x/y
    rgb: set[str] = field(default_factory=set)  # where RGB colour was found
    spaces: set[str] = field(default_factory=set)  # colour-space families used
    unused: list[str] = field(default_factory=list)  # colour spaces named in resources, never set


PT_PER_MM = 72 / 25.4


def box_mm(page_obj, name: str) -> tuple[float, float, float, float] | None:
    """A page box (/MediaBox, /TrimBox, ...) in millimetres, or None if the page has none."""
    return tuple(float(v) / PT_PER_MM for v in page_obj[name]) if name in page_obj else None


def page_fonts(resources, seen: set | None = None):
    """(name, font, descriptor, subtype) of every font a page uses, its form XObjects' too."""
    seen = set() if seen is None else seen
    for _, font in (resources.get("/Font") or {}).items():
        for f in font.get("/DescendantFonts") or [font]:
            yield str(font.get("/BaseFont", "")).lstrip("/"), font, f.get("/FontDescriptor"), str(font.get("/Subtype"))
    for _, xobject in (resources.get("/XObject") or {}).items():
        if str(xobject.get("/Subtype")) == "/Form" and xobject.objgen not in seen:
            seen.add(xobject.objgen)
            yield from page_fonts(xobject.get("/Resources") or {}, seen)


def _family(space, resources) -> str:
    """DeviceCMYK, DeviceRGB, ICCBased-3, Separation, ... for a colour-space operand."""
    import pikepdf

    if isinstance(space, pikepdf.Name):
        name = str(space)
        if name in ("/DeviceRGB", "/DeviceCMYK", "/DeviceGray", "/Pattern"):
            return name[1:]
        named = (resources.get("/ColorSpace") or {}).get(name)
        if named is None:
            return name[1:]
        space = named
    if isinstance(space, pikepdf.Array) and len(space):
        kind = str(space[0])[1:]
        if kind == "ICCBased":
            return f"ICCBased-{int(space[1].get('/N', 0))}"
        if kind in ("Separation", "DeviceN"):
            return f"{kind}({_family(space[2], resources)})"
        return kind
    return str(space)


def _is_rgb(family: str) -> bool:
    return family in ("DeviceRGB", "ICCBased-3", "CalRGB") or family.endswith("(DeviceRGB)")


def scan_page(page) -> Scan:
    """Interpret one page's content (and its form XObjects)."""
    scan = Scan()
    _run(page.obj, page.obj.get("/Resources") or {}, IDENTITY, scan, set(), "page")
    return scan


def _run(container, resources, ctm: Matrix, scan: Scan, seen: set, where: str, own: bool = True) -> None:
    import pikepdf

    stack: list[Matrix] = []
    tm: Matrix = IDENTITY
    size = 0.0
    group = container.get("/Group") if hasattr(container, "get") else None
    if group is not None and "/CS" in group:  # (its blending space is a PDF/X rule: see pdfx)
        scan.spaces.add(_family(group.CS, resources))
    named, used = set(resources.get("/ColorSpace") or {}), set()
    for operands, op in pikepdf.parse_content_stream(container):
        op = str(op)
        if op in ("cs", "CS"):
            used.add(str(operands[0]))
        elif op == "INLINE IMAGE":
            used.update(str(v) for v in operands[0].obj.values() if isinstance(v, pikepdf.Name))
        if op == "q":
            stack.append(ctm)
        elif op == "Q":
            ctm = stack.pop() if stack else ctm
        elif op == "cm":
            ctm = multiply(tuple(float(v) for v in operands), ctm)
        elif op == "BT":
            tm = IDENTITY
        elif op == "Tf":
            size = float(operands[1])
        elif op == "Tm":
            tm = tuple(float(v) for v in operands)
        elif op in ("Td", "TD"):
            tm = multiply((1, 0, 0, 1, float(operands[0]), float(operands[1])), tm)
        elif op in TEXT_SHOW:
            m = multiply(tm, ctm)
            scale = math.sqrt(abs(m[0] * m[3] - m[1] * m[2]))
            scan.text.append((size * scale, m[4], m[5]))
        elif op in RGB_OPS:
            scan.rgb.add(f"{where}: {op} operator")
            scan.spaces.add("DeviceRGB")
        elif op in ("cs", "CS"):
            family = _family(operands[0], resources)
            scan.spaces.add(family)
            if _is_rgb(family):
                scan.rgb.add(f"{where}: colour space {family}")
        elif op == "sh":
            shading = (resources.get("/Shading") or {}).get(str(operands[0]))
            if shading is not None and _is_rgb(_family(shading.get("/ColorSpace"), resources)):
                scan.rgb.add(f"{where}: shading {operands[0]} in RGB")
        elif op == "Do":
            name = str(operands[0])
            xobject = (resources.get("/XObject") or {}).get(name)
            if xobject is None:
                continue
            subtype = str(xobject.get("/Subtype"))
            if subtype == "/Image":
                _image(xobject, name, ctm, resources, scan, where)
            elif subtype == "/Form" and xobject.objgen not in seen:
                matrix = tuple(float(v) for v in xobject.get("/Matrix", IDENTITY))
                inner = xobject.get("/Resources") or resources
                at = f"{where} > {name[1:]}"
                _run(xobject, inner, multiply(matrix, ctm), scan, seen | {xobject.objgen}, at, "/Resources" in xobject)
    if own:  # (a form without resources of its own draws with its page's: those are the page's to use)
        scan.unused += [f"{where}: {n[1:]} ({_family(pikepdf.Name(n), resources)})" for n in sorted(named - used)]


def _image(xobject, name: str, ctm: Matrix, resources, scan: Scan, where: str) -> None:
    width, height = int(xobject.get("/Width", 0)), int(xobject.get("/Height", 0))
    # The image's unit square is mapped by the CTM: its drawn size is the length of the axes.
    drawn_w = math.hypot(ctm[0], ctm[1]) / 72
    drawn_h = math.hypot(ctm[2], ctm[3]) / 72
    ppi_x = width / drawn_w if drawn_w else math.inf
    ppi_y = height / drawn_h if drawn_h else math.inf
    scan.images.append((f"{where} > {name[1:]}", width, height, ppi_x, ppi_y))
    if "/ColorSpace" in xobject:
        family = _family(xobject.ColorSpace, resources)
        scan.spaces.add(family)
        if _is_rgb(family):
            scan.rgb.add(f"{where}: image {name[1:]} in {family}")
