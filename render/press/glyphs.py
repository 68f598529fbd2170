"""Glyphs as they are printed: advance widths, ink boxes and outlines from the embedded fonts.

A text run's place comes from its font's advance widths (/W or /Widths); what it covers
from the glyphs' outlines in the embedded TrueType program, read with fontTools: a box
per glyph, and where two boxes cross, the outlines themselves, drawn at OVERSAMPLE pixels
a point (Pillow), to tell ink that touches from boxes that only cross.
"""

from __future__ import annotations

import io
import math
import struct
from collections.abc import Sequence
from dataclasses import dataclass, field

from fontTools.pens.basePen import BasePen

Matrix = tuple[float, float, float, float, float, float]
Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in pt, PDF space
# A glyph's height about its baseline when its font cannot be read: descender to capitals.
DESCENT_EM = 0.2
ASCENT_EM = 0.7
OVERSAMPLE = 6  # pixels per point where two glyphs' outlines are compared
CURVE_STEPS = 4  # straight pieces per curve of an outline


def multiply(m: Matrix, n: Matrix) -> Matrix:
    """m then n (PDF order: a point is transformed by m, then by n)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


@dataclass(frozen=True)
class Glyph:
    """One glyph drawn: its ink box on the page, and the matrix that places its em square."""

    box: Box
    matrix: Matrix
    code: int
    metrics: Metrics = field(compare=False, repr=False)

    def polygons(self) -> list[list[tuple[float, float]]]:
        """Its outline's contours on the page, as straight pieces (its em box if unreadable)."""
        a, b, c, d, e, f = self.matrix
        contours = self.metrics.outline(self.code)
        return [[(a * x + c * y + e, b * x + d * y + f) for x, y in contour] for contour in contours]


def shared_ink(g: Glyph, h: Glyph) -> float:
    """The area (pt²) where two glyphs' ink lies over each other."""
    from PIL import ImageChops

    region = _crossed(g.box, h.box)
    if region is None:
        return 0.0
    both = ImageChops.logical_and(_drawn(g, region), _drawn(h, region))
    return both.histogram()[255] / OVERSAMPLE**2


def ink_inside(g: Glyph, box: Box) -> float:
    """The area (pt²) of a glyph's ink inside a box."""
    region = _crossed(g.box, box)
    return 0.0 if region is None else sum(_drawn(g, region).histogram()[1:]) / OVERSAMPLE**2


def _crossed(a: Box, b: Box) -> Box | None:
    """Where two boxes cross, or None."""
    x0, y0, x1, y1 = max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])
    return (x0, y0, x1, y1) if x1 > x0 and y1 > y0 else None


def _drawn(g: Glyph, region: Box):
    """A glyph's outline filled in a region of the page, at OVERSAMPLE pixels a point (one bit)."""
    from PIL import Image, ImageDraw

    x0, y0, x1, y1 = region
    picture = Image.new("1", (max(1, math.ceil((x1 - x0) * OVERSAMPLE)), max(1, math.ceil((y1 - y0) * OVERSAMPLE))), 0)
    pen = ImageDraw.Draw(picture)
    for contour in g.polygons():
        points = [((x - x0) * OVERSAMPLE, (y1 - y) * OVERSAMPLE) for x, y in contour]
        if len(points) > 2:
            pen.polygon(points, fill=1)
    return picture


class Metrics:
    """A font's advance widths, glyph ink boxes and outlines by character code, in ems."""

    def __init__(self, font) -> None:
        self.name = str(font.get("/BaseFont", ""))
        self.two_bytes = str(font.get("/Subtype")) == "/Type0"
        self.widths: dict[int, float] = {}
        self.default = 0.0
        # code -> (x0, y0, x1, y1) in ems, None for a blank glyph: read as the codes are met
        self.ink: dict[int, tuple[float, float, float, float] | None] = {}
        self._program = None  # the embedded font program's stream
        self._font = None  # the program as fontTools reads it
        self._glyphs, self._order, self._em = None, [], 1000
        self._outlines: dict[int, list] = {}
        if self.two_bytes:
            descendant = (font.get("/DescendantFonts") or [{}])[0]
            self.default = float(descendant.get("/DW", 1000)) / 1000
            w = list(descendant.get("/W") or [])
            i = 0
            while i + 1 < len(w):  # c [w1 w2 ...]  or  c_first c_last w
                first = int(w[i])
                if not hasattr(w[i + 1], "__len__"):
                    if i + 2 >= len(w):
                        break
                    for c in range(first, int(w[i + 1]) + 1):
                        self.widths[c] = float(w[i + 2]) / 1000
                    i += 3
                else:
                    for k, v in enumerate(w[i + 1]):
                        self.widths[first + k] = float(v) / 1000
                    i += 2
            if str(descendant.get("/CIDToGIDMap", "/Identity")) == "/Identity":
                self._program = (descendant.get("/FontDescriptor") or {}).get("/FontFile2")
                self._open()
        else:
            scale = float((font.get("/FontMatrix") or [0.001])[0]) if str(font.get("/Subtype")) == "/Type3" else 0.001
            first = int(font.get("/FirstChar", 0))
            for k, v in enumerate(font.get("/Widths") or []):
                self.widths[first + k] = float(v) * scale

    def codes(self, data: bytes) -> Sequence[int]:
        """The character codes of a string shown in this font."""
        if not self.two_bytes:
            return data
        if len(data) == 2:
            return (data[0] << 8 | data[1],)
        return struct.unpack(f">{len(data) // 2}H", data[: len(data) // 2 * 2])

    def box(self, code: int) -> tuple[float, float, float, float] | None:
        """The glyph's ink, in ems from its origin; None for a blank glyph. A font whose
        glyphs cannot be read is taken as filling descender to cap height."""
        if code not in self.ink:
            self.ink[code] = self._read_box(code)
        return self.ink[code]

    def _open(self) -> None:
        """The embedded program (glyph id = code: Identity), as fontTools reads it, if it can."""
        try:
            from fontTools.ttLib import TTFont

            self._font = TTFont(io.BytesIO(self._program.read_bytes()), lazy=True)
            self._em = self._font["head"].unitsPerEm
            self._glyphs, self._order = self._font.getGlyphSet(), self._font.getGlyphOrder()
        except Exception:  # (a program fontTools cannot read: the em box stands in; see box)
            self._font = None

    def _read_box(self, code: int) -> tuple[float, float, float, float] | None:
        if self._font is None:
            return (0.0, -DESCENT_EM, self.widths.get(code, self.default), ASCENT_EM)
        if code >= len(self._order):
            return None
        from fontTools.pens.boundsPen import BoundsPen

        pen = BoundsPen(self._glyphs)
        try:
            self._glyphs[self._order[code]].draw(pen)
        except Exception:  # (a glyph fontTools cannot draw: its em box)
            return (0.0, -DESCENT_EM, self.widths.get(code, self.default), ASCENT_EM)
        if not pen.bounds:
            return None
        x0, y0, x1, y1 = pen.bounds
        em = self._em
        return (x0 / em, y0 / em, x1 / em, y1 / em)

    def outline(self, code: int) -> list[list[tuple[float, float]]]:
        """The glyph's contours in ems, as straight pieces (its box, if the program is unreadable)."""
        if code not in self._outlines:
            box = self.box(code)
            contours = [] if box is None else [[(box[0], box[1]), (box[2], box[1]), (box[2], box[3]), (box[0], box[3])]]
            if self._font is not None and box is not None and code < len(self._order):
                em = self._em
                flat = _Flat(self._glyphs)
                self._glyphs[self._order[code]].draw(flat)
                contours = [[(x / em, y / em) for x, y in c] for c in flat.contours]
            self._outlines[code] = contours
        return self._outlines[code]


class _Flat(BasePen):
    """A fontTools pen that keeps a glyph's contours as straight pieces."""

    def __init__(self, glyphs) -> None:
        super().__init__(glyphs)
        self.contours: list[list[tuple[float, float]]] = []
        self.current: list[tuple[float, float]] = []

    def _moveTo(self, p):
        self.current = [p]

    def _lineTo(self, p):
        self.current.append(p)

    def _curveToOne(self, p1, p2, p3):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = self.current[-1], p1, p2, p3
        for k in range(1, CURVE_STEPS + 1):
            t = k / CURVE_STEPS
            u = 1 - t
            a, b, c, d = u**3, 3 * u * u * t, 3 * u * t * t, t**3
            self.current.append((a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3))

    def _qCurveToOne(self, p1, p2):
        (x0, y0), (x1, y1), (x2, y2) = self.current[-1], p1, p2
        for k in range(1, CURVE_STEPS + 1):
            t = k / CURVE_STEPS
            u = 1 - t
            self.current.append((u * u * x0 + 2 * u * t * x1 + t * t * x2, u * u * y0 + 2 * u * t * y1 + t * t * y2))

    def _closePath(self):
        self.contours.append(self.current)
        self.current = []

    _endPath = _closePath
