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
