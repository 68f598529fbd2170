"""Read what a PDF draws: text sizes and places, images and their resolution, colour spaces.

A small content-stream interpreter over pikepdf: it follows the graphics state (q/Q/cm),
the text state (BT, Tf, Tm, Td, TL, T*, Tc, Tw, Tz, Ts) and form XObjects, which is all
that the PDFs made here (and most others) need for preflight. Each glyph is placed as a
viewer places it, from its font's advance widths (/W or /Widths), the TJ adjustments and
the rise, and drawn as its ink box, read from the embedded font program (fontTools).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property

from .glyphs import ASCENT_EM, DESCENT_EM, Box, Glyph, Matrix, Metrics, multiply

IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
TEXT_SHOW = {"Tj", "TJ", "'", '"'}
PATH_POINTS = {"m": 1, "l": 1, "c": 3, "v": 2, "y": 2}  # operators that add points to a path: how many
FILLS = {"f", "F", "f*", "B", "B*", "b", "b*"}  # operators that fill the path
RGB_OPS = {"rg", "RG"}


@dataclass(frozen=True)
class Run:
    """One text-showing operator: its size, its advance (x0..x1, the line's height about its
    baseline as y0..y1), its baseline, and its ink: the box round all its glyphs' (`ink`;
    None: it draws nothing) and each glyph's (`glyphs`), in pt, PDF space."""

    size: float
    x0: float
    y0: float
    x1: float
    y1: float
    baseline: float
    where: str
    font: str = ""  # its font's name in the file
    ink: Box | None = None
    # (what places its glyphs: the em square's matrix less its x, that x's part of e and f,
    # each inked glyph's (code, x), their font; see glyphs)
    placing: tuple = field(default=(), repr=False)

    @cached_property
    def glyphs(self) -> tuple[Glyph, ...]:
        """Each glyph that leaves ink: its box and the matrix that places its em square."""
        return _placed(self.placing)


def _placed(placing: tuple) -> tuple[Glyph, ...]:
    """The glyphs a run's placing (see Run) puts on the page."""
    if not placing:
        return ()
    (pa, pb, pc, pd), (a, b, e_rest, f_rest, e, f), placed, metrics = placing
    glyphs = []
    for code, x in placed:
        matrix = (pa, pb, pc, pd, x * a + e_rest + e, x * b + f_rest + f)
        glyphs.append(Glyph(_box(matrix, *metrics.box(code)), matrix, code, metrics))
    return tuple(glyphs)


@dataclass
class Scan:
    """What one page draws."""

    runs: list[Run] = field(default_factory=list)  # every text run, with its extent
    # every filled path: the box round it, and how many runs were drawn before it (those it may cover)
    fills: list[tuple[Box, int]] = field(default_factory=list)
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


def scan_page(page, fonts: dict | None = None) -> Scan:
    """Interpret one page's content (and its form XObjects); `fonts` keeps the fonts' metrics
    from one page to the next."""
    scan = Scan()
    _run(page.obj, page.obj.get("/Resources") or {}, IDENTITY, scan, set(), "page", cache=fonts)
    return scan


def _box(m: Matrix, x0: float, y0: float, x1: float, y1: float) -> Box:
    """A text-space rectangle on the page, as the box round its corners."""
    xs, ys = [], []
    for x in (x0, x1):
        for y in (y0, y1):
            xs.append(m[0] * x + m[2] * y + m[4])
            ys.append(m[1] * x + m[3] * y + m[5])
    return min(xs), min(ys), max(xs), max(ys)


def _show(parts, tm: Matrix, ctm: Matrix, state: tuple, metrics: Metrics | None, where: str) -> tuple[Run, float]:
    """The run one text-showing operator draws, and its advance in text space. (Every glyph
    of a page passes here: each inked glyph is kept as its code and place, and the run's ink
    summed as it goes, in the order of glyphs' own sums where the run is set upright; its
    glyphs' boxes are made only when asked for.)"""
    import pikepdf

    size, char_space, word_space, scaling, rise = state
    m = multiply(tm, ctm)
    a, b, c, d, e, f = m
    width = size * scaling
    # Each glyph's em square is (width, 0, 0, size, x, rise) in text space, then m (see multiply).
    pa, pb, pc, pd = width * a + 0 * c, width * b + 0 * d, 0 * a + size * c, 0 * b + size * d
    rise_c, rise_d = rise * c, rise * d
    upright = b == 0 and c == 0 and pa > 0 and pd > 0
    x, placed = 0.0, []
    left = bottom = math.inf
    right = top = -math.inf
    if metrics is not None:
        inks, widths, default, box, codes = metrics.ink, metrics.widths, metrics.default, metrics.box, metrics.codes
        spaced = not metrics.two_bytes
    text = pikepdf.String
    for part in parts:
        if type(part) is not text and not isinstance(part, text):  # a TJ adjustment: thousandths of an em, backwards
            x -= float(part) / 1000 * size * scaling
            continue
        if metrics is None:
            continue
        for code in codes(bytes(part)):
            ink = inks[code] if code in inks else box(code)
            if ink is not None:
                placed.append((code, x))
                if upright:  # (comparisons, not min() and max(): this runs for every glyph)
                    origin = x * a + rise_c + e
                    near, far = pa * ink[0] + origin, pa * ink[2] + origin
                    if near < left:
                        left = near
                    if far > right:
                        right = far
                    if ink[1] < bottom:
                        bottom = ink[1]
                    if ink[3] > top:
                        top = ink[3]
            step = widths.get(code, default) * size + char_space
            x += (step + word_space if code == 32 and spaced else step) * scaling
    run_ink = None
    placing = ((pa, pb, pc, pd), (a, b, rise_c, rise_d, e, f), tuple(placed), metrics) if placed else ()
    if placed and upright:
        base = 0.0 * b + rise_d + f
        run_ink = (left, pd * bottom + base, right, pd * top + base)
    elif placed:
        glyphs = _placed(placing)
        run_ink = (
            min(g.box[0] for g in glyphs),
            min(g.box[1] for g in glyphs),
            max(g.box[2] for g in glyphs),
            max(g.box[3] for g in glyphs),
        )
    x0, y0, x1, y1 = _box(m, 0.0, -DESCENT_EM * size, x, ASCENT_EM * size)
    scale = math.sqrt(abs(a * d - b * c))
    name = metrics.name if metrics else ""
    return Run(size * scale, x0, y0, x1, y1, f, where, name, run_ink, placing), x


def _run(container, resources, ctm: Matrix, scan: Scan, seen: set, where: str, own: bool = True, cache=None) -> None:
    import pikepdf

    stack: list[Matrix] = []
    tm: Matrix = IDENTITY
    line: Matrix = IDENTITY  # the start of the current line (Td, T* move from it)
    size = leading = char_space = word_space = rise = 0.0
    scaling = 1.0
    metrics: Metrics | None = None
    cache = {} if cache is None else cache
    group = container.get("/Group") if hasattr(container, "get") else None
    if group is not None and "/CS" in group:  # (its blending space is a PDF/X rule: see pdfx)
        scan.spaces.add(_family(group.CS, resources))
    named, used = set(resources.get("/ColorSpace") or {}), set()
    path: list[tuple[float, float]] = []  # the path being built, in user space
    # (an instruction's .operator and .operands: unpacking one as a pair costs more than the rest)
    for instruction in pikepdf.parse_content_stream(container):
        op, operands = str(instruction.operator), instruction.operands
        if op in TEXT_SHOW:
            if op in ("'", '"'):
                if op == '"':
                    word_space, char_space = float(operands[0]), float(operands[1])
                tm = line = multiply((1, 0, 0, 1, 0, -leading), line)
            parts = operands[-1] if op == "TJ" else [operands[-1]]
            run, width = _show(parts, tm, ctm, (size, char_space, word_space, scaling, rise), metrics, where)
            scan.runs.append(run)
            tm = multiply((1, 0, 0, 1, width, 0), tm)
        elif op in PATH_POINTS:
            values = [float(v) for v in operands]
            path += list(zip(values[::2], values[1::2], strict=False))
        elif op == "re":
            x, y, w, h = (float(v) for v in operands)
            path += [(x, y), (x + w, y), (x, y + h), (x + w, y + h)]
        elif op in FILLS or op in ("S", "s", "n"):
            if op in FILLS and path:
                corners = [(ctm[0] * x + ctm[2] * y + ctm[4], ctm[1] * x + ctm[3] * y + ctm[5]) for x, y in path]
                xs, ys = [p[0] for p in corners], [p[1] for p in corners]
                scan.fills.append(((min(xs), min(ys), max(xs), max(ys)), len(scan.runs)))
            path = []
        elif op == "Ts":
            rise = float(operands[0])
        elif op == "Tf":
            size = float(operands[1])
            font = (resources.get("/Font") or {}).get(str(operands[0]))
            key = font.objgen if font is not None else None
            if key not in cache:
                cache[key] = Metrics(font) if font is not None else None
            metrics = cache[key]
        elif op == "Tm":
            tm = line = tuple(float(v) for v in operands)
        elif op == "q":
            stack.append(ctm)
        elif op == "Q":
            ctm = stack.pop() if stack else ctm
        elif op == "cm":
            ctm = multiply(tuple(float(v) for v in operands), ctm)
        elif op == "BT":
            tm = line = IDENTITY
        elif op in ("Td", "TD"):
            if op == "TD":
                leading = -float(operands[1])
            tm = line = multiply((1, 0, 0, 1, float(operands[0]), float(operands[1])), line)
        elif op == "TL":
            leading = float(operands[0])
        elif op == "Tc":
            char_space = float(operands[0])
        elif op == "Tw":
            word_space = float(operands[0])
        elif op == "Tz":
            scaling = float(operands[0]) / 100
        elif op == "T*":
            tm = line = multiply((1, 0, 0, 1, 0, -leading), line)
        elif op in RGB_OPS:
            scan.rgb.add(f"{where}: {op} operator")
            scan.spaces.add("DeviceRGB")
        elif op in ("cs", "CS"):
            used.add(str(operands[0]))
            family = _family(operands[0], resources)
            scan.spaces.add(family)
            if _is_rgb(family):
                scan.rgb.add(f"{where}: colour space {family}")
        elif op == "INLINE IMAGE":
            used.update(str(v) for v in operands[0].obj.values() if isinstance(v, pikepdf.Name))
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
                own_resources = "/Resources" in xobject
                _run(xobject, inner, multiply(matrix, ctm), scan, seen | {xobject.objgen}, at, own_resources, cache)
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
