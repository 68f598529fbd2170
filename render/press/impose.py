"""Impose: printer's spreads of a saddle-stitched booklet, two pages a side, with marks.

Each side of a printer's sheet carries one spread of two pages in the order they take
once the sheets are folded and nested: for n pages, the outer sheet's front holds the
last page and the first, its back the second and the second-to-last, and so on inwards.
A booklet bound on the right (right-to-left languages) mirrors each spread.
"""

from __future__ import annotations

import io

from ..source.products import Product
from .finish import Geometry, registration, stroke_ops

PT_PER_MM = 72 / 25.4


def saddle_order(pages: int, right_to_left: bool = False) -> list[tuple[int, int]]:
    """(left, right) page numbers (from 1) of every sheet side, front then back, outer sheet first."""
    if pages < 4 or pages % 4:
        raise ValueError(f"saddle stitching needs a multiple of 4 pages, not {pages}")
    sides = []
    for sheet in range(pages // 4):
        front = (pages - 2 * sheet, 1 + 2 * sheet)
        back = (2 + 2 * sheet, pages - 1 - 2 * sheet)
        sides += [front, back]
    return [(right, left) for left, right in sides] if right_to_left else sides


def _marks(x0: float, y0: float, x1: float, y1: float, g: Geometry, spine: float, room: tuple) -> str:
    """Crop marks at the spread's corners and fold marks at the spine, outside the bleed
    (shortened where the sheet's edge is nearer than a full mark)."""
    room_x, room_y = room
    lx = min(g.length, room_x - g.offset - 1)
    ly = min(g.length, room_y - g.offset - 1)
    lines = []
    for x, sx in ((x0, -1), (x1, 1)):
        for y, sy in ((y0, -1), (y1, 1)):
            lines.append((x + sx * g.offset, y, x + sx * (g.offset + lx), y))  # horizontal, beside the corner
            lines.append((x, y + sy * g.offset, x, y + sy * (g.offset + ly)))  # vertical, above or below it
    for y, sy in ((y0, -1), (y1, 1)):
        lines.append((spine, y + sy * g.offset, spine, y + sy * (g.offset + ly)))  # the fold
    return stroke_ops(lines)


def impose(reader_pdf: bytes, product: Product, right_to_left: bool = False) -> bytes:
    """The printer's form of a booklet: one sheet side per spread, both sides of each sheet."""
    import pikepdf

    sheet_w, sheet_h = (v * PT_PER_MM for v in product.sheet_mm)
    w, h = (v * PT_PER_MM for v in product.trim_mm)
    bleed = product.bleed_mm * PT_PER_MM
    x0, y0 = (sheet_w - 2 * w) / 2, (sheet_h - h) / 2
    if x0 < bleed or y0 < bleed:
        raise ValueError(f"a {product.trim_mm} spread with bleed does not fit a {product.sheet_mm} sheet")
    g = Geometry.for_bleed(product.bleed_mm)
    with pikepdf.open(io.BytesIO(reader_pdf)) as src, pikepdf.new() as out:
        reg = registration(out)
        forms = [out.copy_foreign(page.as_form_xobject()) for page in src.pages]
        for left, right in saddle_order(len(src.pages), right_to_left):
            ops, resources = [], {}
            for number, dx, clip in (
                (left, x0, (x0 - bleed, x0 + w)),  # no bleed at the spine: the pages meet there
                (right, x0 + w, (x0 + w, x0 + 2 * w + bleed)),
            ):
                name = f"/P{number}"
                resources[name] = forms[number - 1]
                cx0, cx1 = clip
                ops.append(
                    f"q {cx0:.3f} {y0 - bleed:.3f} {cx1 - cx0:.3f} {h + 2 * bleed:.3f} re W n "
                    f"1 0 0 1 {dx:.3f} {y0:.3f} cm {name} Do Q"
                )
            ops.append(_marks(x0, y0, x0 + 2 * w, y0 + h, g, x0 + w, (x0, y0)))
            page = pikepdf.Dictionary(
                Type=pikepdf.Name.Page,
                MediaBox=[0, 0, sheet_w, sheet_h],
                BleedBox=[x0 - bleed, y0 - bleed, x0 + 2 * w + bleed, y0 + h + bleed],
                TrimBox=[x0, y0, x0 + 2 * w, y0 + h],
                Resources=pikepdf.Dictionary(
                    XObject=pikepdf.Dictionary(resources), ColorSpace=pikepdf.Dictionary(Reg=reg)
                ),
                Contents=out.make_stream(" ".join(ops).encode()),
            )
            out.pages.append(pikepdf.Page(page))
        title = str(src.docinfo.get("/Title", product.title))
        out.docinfo["/Title"] = f"{title} (imposed, {len(out.pages)} sheet sides)"
        out.docinfo["/Producer"] = str(src.docinfo.get("/Producer", ""))
        for key in ("/CreationDate", "/ModDate"):
            if key in src.docinfo:
                out.docinfo[key] = src.docinfo[key]
        buffer = io.BytesIO()
        out.save(buffer, deterministic_id=True, compress_streams=True)
    return buffer.getvalue()
