"""Pictures of pages: PNGs of a PDF's pages, cropped to the trim, with poppler's pdftoppm."""

from __future__ import annotations

import io
import subprocess
import tempfile
from pathlib import Path

from ..errors import BuildError


def page_pngs(pdf: bytes, long_side_px: int = 800, first: int | None = None, last: int | None = None) -> list[bytes]:
    """PNG bytes of each page (or pages first..last), trimmed, the longer side `long_side_px`."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[(first or 1) - 1].obj
        media = [float(v) for v in page.MediaBox]
        trim = [float(v) for v in page.get("/TrimBox", page.MediaBox)]
    scale = long_side_px / max(trim[2] - trim[0], trim[3] - trim[1])  # pixels per point
    crop = [
        round((trim[0] - media[0]) * scale),
        round((media[3] - trim[3]) * scale),
        round((trim[2] - trim[0]) * scale),
        round((trim[3] - trim[1]) * scale),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "in.pdf"
        source.write_bytes(pdf)
        args = ["pdftoppm", "-png", "-r", f"{scale * 72:.4f}"]
        args += ["-x", str(crop[0]), "-y", str(crop[1]), "-W", str(crop[2]), "-H", str(crop[3])]
        if first:
            args += ["-f", str(first)]
        if last:
            args += ["-l", str(last)]
        try:
            done = subprocess.run([*args, str(source), str(Path(tmp) / "p")], capture_output=True)
        except FileNotFoundError as err:
            raise BuildError("pdftoppm (poppler-utils) is not installed: run `make setup`") from err
        if done.returncode:
            raise BuildError(f"pdftoppm failed: {done.stderr.decode(errors='replace').strip()}")
        pictures = sorted(Path(tmp).glob("p-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        return [p.read_bytes() for p in pictures]


def page_png(pdf: bytes, number: int, dpi: float) -> bytes:
    """One page's PNG, trimmed, at `dpi` (a page to read on screen: 150 and up)."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        if not 1 <= number <= len(doc.pages):
            raise BuildError(f"no page {number}: the file has {len(doc.pages)}")
        page = doc.pages[number - 1].obj
        trim = [float(v) for v in page.get("/TrimBox", page.MediaBox)]
    long_side = max(trim[2] - trim[0], trim[3] - trim[1]) * dpi / 72
    return page_pngs(pdf, round(long_side), number, number)[0]


def find_text(pdf: bytes, text: str) -> tuple[int, tuple[float, float, float, float]] | None:
    """Where a text is printed: its page and the box round its words (pt, from the trim box's
    top left), from poppler's word boxes (a right-to-left line, read through its ActualText, is
    one word): letter by letter, its first word, the words after it on its line, then the lines
    below that start where its first does. None where the pages' words do not spell its start."""
    import re
    import xml.etree.ElementTree as ET

    import pikepdf

    wanted = _letters(text)
    if not wanted:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "in.pdf"
        source.write_bytes(pdf)
        done = subprocess.run(["pdftotext", "-bbox", str(source), "-"], capture_output=True)
    if done.returncode:
        return None
    pages = [e for e in ET.fromstring(re.sub(rb"<!DOCTYPE[^>]*>", b"", done.stdout)).iter() if e.tag.endswith("page")]
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        frames = []
        for page in doc.pages:
            media = [float(v) for v in page.obj.MediaBox]
            trim = [float(v) for v in page.obj.get("/TrimBox", page.obj.MediaBox)]
            frames.append((trim[0] - media[0], media[3] - trim[3]))
    enough = min(len(wanted), 24)  # letters that make a match: all of a short text, else its start
    for number, page in enumerate(pages, 1):
        words = [(_letters(w.text or ""), *(float(w.get(k)) for k in ("xMin", "yMin", "xMax", "yMax"))) for w in page]
        words = [w for w in words if w[0]]
        for lead in (w for w in words if wanted.startswith(w[0])):
            chosen, spelled = _follow(words, lead, wanted)
            if spelled < enough:
                continue
            x, top = frames[number - 1]
            box = [*(min(w[k] for w in chosen) for k in (1, 2)), *(max(w[k] for w in chosen) for k in (3, 4))]
            return number, (box[0] - x, box[1] - top, box[2] - x, box[3] - top)
    return None


def _letters(s: str) -> str:
    return "".join(c for c in s.casefold() if c.isalnum())


def _follow(words: list[tuple], lead: tuple, wanted: str) -> tuple[list[tuple], int]:
    """The words that spell a text from its first word `lead` on: the next word on its line
    (close after it), else the first word of the line below that starts where the lead's does
    (its left edge, or its right edge in a right-to-left column); a word broken at a line end
    read whole. The words, and how many letters of `wanted` they spell."""
    found, spelled, last = [lead], len(lead[0]), lead
    while spelled < len(wanted):
        near = [w for w in words if abs(w[2] - last[2]) < 0.5 and 0 <= w[1] - last[3] < 12]
        if not near:
            below = [w for w in words if w[2] > last[2] + 0.5]
            near = [w for w in below if abs(w[1] - lead[1]) < 1.5 or abs(w[3] - lead[3]) < 1.5]
            near = sorted(near, key=lambda w: w[2])[:1]
        word = min(near, key=lambda w: w[1]) if near else None
        if word is None or not wanted.startswith(word[0], spelled):
            break
        found.append(word)
        spelled, last = spelled + len(word[0]), word
    return found, spelled


def marked_png(pdf: bytes, number: int, box: tuple[float, float, float, float], dpi: float, around_pt: float) -> bytes:
    """A page's picture at `dpi` cropped to a box (pt from the trim's top left) and `around_pt`
    round it, the box outlined."""
    from PIL import Image, ImageDraw

    picture = Image.open(io.BytesIO(page_png(pdf, number, dpi))).convert("RGB")
    scale = dpi / 72
    x0, y0, x1, y1 = (round(v * scale) for v in box)
    ImageDraw.Draw(picture).rectangle((x0 - 3, y0 - 3, x1 + 3, y1 + 3), outline=(214, 40, 40), width=3)
    pad = round(around_pt * scale)
    crop = (max(0, x0 - pad), max(0, y0 - pad), min(picture.width, x1 + pad), min(picture.height, y1 + pad))
    out = io.BytesIO()
    picture.crop(crop).save(out, "PNG")
    return out.getvalue()
