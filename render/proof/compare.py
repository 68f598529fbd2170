"""Comparing page pictures: which pixels changed, boxed, and a before | after | changes picture."""

from __future__ import annotations

import io

from PIL import Image, ImageChops, ImageDraw, ImageFilter

TOLERANCE = 2  # a pixel has changed when a colour channel differs by more than this (of 255)
GUTTER_PX = 12  # between the panels of a changes picture
LABEL_PX = 22  # height of the label strip above them
CHANGED_RGB = (220, 0, 0)
BOX_GAP_PX = 24  # changes closer than this share a box
BAR_GAP_PX = 4  # room between a change bar and what it marks
BAR_PX = 3  # width of a change bar


def image(png: bytes) -> Image.Image:
    with Image.open(io.BytesIO(png)) as image:
        return image.convert("RGB")


def png_size(png: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(png)) as image:
        return image.size


def png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def changed_mask(old: Image.Image, new: Image.Image, tolerance: int = TOLERANCE) -> Image.Image:
    """A mask (mode L, 255 where a pixel changed by more than `tolerance` in any channel) of two same-size pages."""
    red, green, blue = ImageChops.difference(old, new).split()
    most = ImageChops.lighter(ImageChops.lighter(red, green), blue)
    return most.point(lambda v: 255 if v > tolerance else 0)


def page_differs(old: bytes | None, new: bytes | None, tolerance: int = TOLERANCE) -> bool:
    """Whether two page pictures differ: in size, in any pixel beyond `tolerance`, or a page missing on one side."""
    if old is None or new is None:
        return True
    if old == new:
        return False
    a, b = image(old), image(new)
    return a.size != b.size or changed_mask(a, b, tolerance).getbbox() is not None


def _runs(flags: list[int], gap: int) -> list[tuple[int, int]]:
    """Runs of set flags as (start, end), joining runs less than `gap` apart."""
    runs: list[list[int]] = []
    for i, flag in enumerate(flags):
        if not flag:
            continue
        if runs and i - runs[-1][1] < gap:
            runs[-1][1] = i + 1
        else:
            runs.append([i, i + 1])
    return [(a, b) for a, b in runs]


def change_boxes(mask: Image.Image, gap: int = BOX_GAP_PX) -> list[tuple[int, int, int, int]]:
    """Boxes round the clusters of changed pixels of a mask: bands of rows, then runs of columns in each."""
    boxes = []
    for top, bottom in _runs(mask.getprojection()[1], gap):
        band = mask.crop((0, top, mask.width, bottom))
        for left, right in _runs(band.getprojection()[0], gap):
            _, y0, _, y1 = band.crop((left, 0, right, band.height)).getbbox() or (0, 0, 0, band.height)
            boxes.append((left, top + y0, right, top + y1))
    return boxes


def change_bars(box: tuple[int, int, int, int], width: int) -> list[tuple[int, int, int, int]]:
    """Bars beside a changed cluster, left and right of it and clear of it (as a reviser's
    change bar), never over what changed: (x0, y0, x1, y1), inclusive."""
    x0, y0, x1, y1 = box
    bars = []
    if x0 - BAR_GAP_PX - BAR_PX >= 0:
        bars.append((x0 - BAR_GAP_PX - BAR_PX, y0, x0 - BAR_GAP_PX - 1, max(y0, y1 - 1)))
    if x1 + BAR_GAP_PX + BAR_PX <= width:
        bars.append((x1 + BAR_GAP_PX, y0, x1 + BAR_GAP_PX + BAR_PX - 1, max(y0, y1 - 1)))
    return bars


def changes_picture(old: bytes | None, new: bytes | None, tolerance: int = TOLERANCE) -> bytes:
    """Before | after | changes side by side: changed pixels red over a faded new page, each
    cluster marked by bars beside it (the text it marks stays readable)."""
    a = image(old) if old is not None else None
    b = image(new) if new is not None else None
    if a is None and b is None:
        raise ValueError("no page on either side")
    blank = Image.new("RGB", b.size if b is not None else a.size, (225, 225, 225))
    a = a if a is not None else blank
    b = b if b is not None else blank
    boxes = []
    if old is not None and new is not None and a.size == b.size:
        exact = changed_mask(a, b, tolerance)
        boxes = change_boxes(exact)
        mask = exact.filter(ImageFilter.MaxFilter(3))  # single pixels made visible
    else:
        mask = Image.new("L", b.size, 255)  # a page of another size, or only on one side: all of it
    faded = Image.blend(b, Image.new("RGB", b.size, (255, 255, 255)), 0.75)
    third = Image.composite(Image.new("RGB", b.size, CHANGED_RGB), faded, mask)
    panels = [("before", a.copy()), ("after", b.copy()), ("changes", third)]
    for _, panel in panels:  # the same marks on all three, to find the place on the readable pages
        draw = ImageDraw.Draw(panel)
        for box in boxes:
            for bar in change_bars(box, panel.width):
                draw.rectangle(bar, fill=CHANGED_RGB)
    width = sum(p.width for _, p in panels) + GUTTER_PX * (len(panels) + 1)
    height = max(p.height for _, p in panels) + LABEL_PX + GUTTER_PX
    sheet = Image.new("RGB", (width, height), (128, 128, 128))
    draw = ImageDraw.Draw(sheet)
    x = GUTTER_PX
    for label, panel in panels:
        draw.text((x, 5), label, fill=(255, 255, 255))
        sheet.paste(panel, (x, LABEL_PX))
        x += panel.width + GUTTER_PX
    return png_bytes(sheet)
