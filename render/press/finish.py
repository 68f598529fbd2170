"""Finish for press: PDF/X-4 with an output intent, exact boxes, marks and a slug outside the bleed.

WeasyPrint writes the pages (MediaBox = BleedBox, colours already DeviceCMYK from the
press colour layer); this stage, with pikepdf, enlarges the MediaBox to make room for
crop marks and the slug line, draws them in the registration colour, removes what
PDF/X forbids (ArtBox beside TrimBox, link annotations inside the bleed), and adds the
output intent and the PDF/X-4 identification (Info and XMP), all deterministically.
"""

from __future__ import annotations

import hashlib
import io
import re
import struct
from dataclasses import dataclass
from pathlib import Path

from ..errors import BuildError
from ..paths import DEFAULT_PROFILE
from .metadata import Identity, identify
from .pdfscan import page_fonts

PT_PER_MM = 72 / 25.4
MAX_PROFILE_BYTES = 20_000_000
CONDITION = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._()+-]{0,63}")  # FOGRA39, FOGRA51, GRACoL2013, Custom
DEFAULT_CONDITION = "FOGRA39"
PDFX = "PDF/X-4"
MARK_GAP_MM = 1.0  # crop marks start this far beyond the bleed (and never nearer the trim than 3 mm)
MARK_MIN_OFFSET_MM = 3.0
MARK_LENGTH_MM = 5.0
MARK_WIDTH_PT = 0.25
SLUG_HEIGHT_MM = 4.6  # the slug's box (two lines of 6 pt), in the band of the bottom crop marks
SLUG_INSET_MM = 1.0  # between the slug and the vertical crop marks, which stand in line with the trim
MEDIA_MARGIN_MM = 1.0  # paper beyond the end of the marks


@dataclass(frozen=True)
class OutputIntent:
    """The printing condition a press PDF is made for: an ICC output profile and its name."""

    profile: bytes
    condition: str  # OutputConditionIdentifier: FOGRA39, FOGRA51, ... or "Custom"
    info: str  # the profile's description
    path: str
    registry: str = "http://www.color.org"

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.profile).hexdigest()


def load_intent(path: Path | None = None, condition: str | None = None) -> OutputIntent:
    """Read and check an ICC output profile (a CMYK printer profile); the default is FOGRA39."""
    path = Path(path or DEFAULT_PROFILE)
    if not path.is_file():
        hint = "run `make setup` (scripts/setup-system.sh makes it)" if path == DEFAULT_PROFILE else "check the path"
        raise BuildError(f"no output intent: ICC profile {path} not found ({hint}); no press PDF is made without one")
    if condition is not None and not CONDITION.fullmatch(condition):
        raise BuildError(f"--output-condition {condition!r}: not an output condition name (e.g. FOGRA51)")
    try:
        if path.stat().st_size > MAX_PROFILE_BYTES:
            raise BuildError(f"{path}: larger than {MAX_PROFILE_BYTES:,} bytes: not a printer profile")
        data = path.read_bytes()
    except OSError as err:
        raise BuildError(f"{path}: cannot be read: {err.strerror}") from err
    if len(data) < 132 or data[36:40] != b"acsp":
        raise BuildError(f"{path}: not an ICC profile")
    if data[16:20] != b"CMYK" or data[12:16] != b"prtr":
        raise BuildError(
            f"{path}: a {data[16:20].decode('latin-1').strip()} {data[12:16].decode('latin-1')} profile; "
            "the press output intent must be a CMYK output (printer) profile"
        )
    if int.from_bytes(data[:4], "big") != len(data):
        raise BuildError(
            f"{path}: a damaged ICC profile: its header says {int.from_bytes(data[:4], 'big'):,} bytes, "
            f"the file has {len(data):,}"
        )
    _check_profile(path, data)
    info = profile_description(data) or path.stem
    if condition is None:
        condition = DEFAULT_CONDITION if path == DEFAULT_PROFILE else "Custom"
    return OutputIntent(data, condition, info, str(path))


def _check_profile(path: Path, data: bytes) -> None:
    """LittleCMS (through Pillow) must be able to use the profile: colour from sRGB into it."""
    from PIL import ImageCms

    try:
        ImageCms.buildTransform(
            ImageCms.createProfile("sRGB"), ImageCms.ImageCmsProfile(io.BytesIO(data)), "RGB", "CMYK"
        )
    except (ImageCms.PyCMSError, OSError, ValueError) as err:
        raise BuildError(f"{path}: a damaged ICC profile ({err})") from None


def profile_description(data: bytes) -> str:
    """The text of an ICC profile's 'desc' tag (version 2 or 4), or '' (also for a damaged tag table)."""
    try:
        (count,) = struct.unpack(">I", data[128:132])
        for i in range(min(count, 1000)):
            sig, offset, size = struct.unpack(">4sII", data[132 + 12 * i : 144 + 12 * i])
            if sig != b"desc":
                continue
            tag = data[offset : offset + size]
            if tag[:4] == b"desc":  # v2 textDescriptionType: ASCII count, then text
                (n,) = struct.unpack(">I", tag[8:12])
                return tag[12 : 12 + n].rstrip(b"\0").decode("latin-1")
            if tag[:4] == b"mluc":  # v4: first record, UTF-16BE
                length, start = struct.unpack(">II", tag[20:28])
                return tag[start : start + length].decode("utf-16-be")
    except (struct.error, UnicodeDecodeError):
        return ""
    return ""


@dataclass(frozen=True)
class Geometry:
    """Where the boxes and marks of a press page go, in points, around a trim box."""

    bleed: float
    offset: float  # trim to the start of a crop mark
    length: float

    @classmethod
    def for_bleed(cls, bleed_mm: float) -> Geometry:
        offset = max(bleed_mm + MARK_GAP_MM, MARK_MIN_OFFSET_MM)
        return cls(bleed_mm * PT_PER_MM, offset * PT_PER_MM, MARK_LENGTH_MM * PT_PER_MM)

    @property
    def media(self) -> float:
        """How far the MediaBox reaches beyond the trim."""
        return self.offset + self.length + MEDIA_MARGIN_MM * PT_PER_MM


def crop_marks(trim: tuple[float, float, float, float], g: Geometry) -> list[tuple[float, float, float, float]]:
    """Line segments of the eight crop marks: two at each corner, in line with the trim edges."""
    x0, y0, x1, y1 = trim
    lines = []
    for x, sx in ((x0, -1), (x1, 1)):
        for y, sy in ((y0, -1), (y1, 1)):
            lines.append((x + sx * g.offset, y, x + sx * (g.offset + g.length), y))
            lines.append((x, y + sy * g.offset, x, y + sy * (g.offset + g.length)))
    return lines


def registration(pdf):
    """The registration colour space (Separation All): marks that print on every plate."""
    import pikepdf

    tint = pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], C0=[0, 0, 0, 0], C1=[1, 1, 1, 1], N=1)
    return pdf.make_indirect(pikepdf.Array([pikepdf.Name.Separation, pikepdf.Name.All, pikepdf.Name.DeviceCMYK, tint]))


def stroke_ops(lines: list[tuple[float, float, float, float]]) -> str:
    """Content-stream operators stroking lines in the registration colour (resource /Reg)."""
    path = " ".join(f"{a:.3f} {b:.3f} m {c:.3f} {d:.3f} l" for a, b, c, d in lines)
    return f"q /Reg CS 1 SCN {MARK_WIDTH_PT} w 0 J [] 0 d {path} S Q"


def slug_html(lines: list[str], width_mm: float) -> tuple[str, str]:
    """HTML and page CSS for the slug lines: one small page per line (two lines of room),
    set in black only."""
    from html import escape

    body = "".join(f'<p style="margin:0;break-after:page">{escape(line)}</p>' for line in lines)
    css = (
        f"@page {{ size: {width_mm:g}mm {SLUG_HEIGHT_MM:g}mm; margin: 0 }}\n"
        "html { font-family: 'RP Noto Sans'; font-size: 6pt; line-height: 1.05; color: device-cmyk(0 0 0 1); }\n"
        "body { margin: 0 }"
    )
    return f"<!DOCTYPE html><html lang=en><body>{body}</body></html>", css


def finish(
    data: bytes,
    bleed_mm: float,
    intent: OutputIntent,
    *,
    title: str,
    document_key: str,
    identity: Identity,
    slug: bytes | None = None,
    marks: bool = True,
) -> bytes:
    """A press PDF/X-4 from WeasyPrint's PDF (or the imposed form, `marks=False`: it has its own)."""
    import pikepdf

    g = Geometry.for_bleed(bleed_mm)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        reg = registration(pdf)
        slugs = []
        if slug is not None:
            with pikepdf.open(io.BytesIO(slug)) as src:
                slugs = [pdf.copy_foreign(page.as_form_xobject()) for page in src.pages]
        for n, page in enumerate(pdf.pages):
            obj = page.obj
            x0, y0, x1, y1 = (float(v) for v in obj.TrimBox)
            for key in ("/ArtBox", "/CropBox"):
                if key in obj:
                    del obj[key]
            if "/Annots" in obj:  # links mean nothing on paper; PDF/X allows none inside the bleed
                del obj["/Annots"]
            if not marks:
                continue
            b, m = g.bleed, g.media
            obj.BleedBox = pikepdf.Array([x0 - b, y0 - b, x1 + b, y1 + b])
            obj.MediaBox = pikepdf.Array([x0 - m, y0 - m, x1 + m, y1 + m])
            obj.TrimBox = pikepdf.Array([x0, y0, x1, y1])
            resources = obj.Resources
            if "/ColorSpace" not in resources:
                resources.ColorSpace = pikepdf.Dictionary()
            resources.ColorSpace.Reg = reg
            ops = [stroke_ops(crop_marks((x0, y0, x1, y1), g))]
            if n < len(slugs):
                if "/XObject" not in resources:
                    resources.XObject = pikepdf.Dictionary()
                resources.XObject[f"/Slug{n + 1}"] = slugs[n]  # (pages may share one resource dictionary)
                sx = x0 + SLUG_INSET_MM * PT_PER_MM
                sy = y0 - g.offset - SLUG_HEIGHT_MM * PT_PER_MM
                ops.append(f"q 1 0 0 1 {sx:.3f} {sy:.3f} cm /Slug{n + 1} Do Q")
            page.contents_add(b"q", prepend=True)
            page.contents_add(("Q " + " ".join(ops)).encode())
        drop_unused_colour_spaces(pdf)
        unique_subset_tags(pdf)
        _output_intent(pdf, intent)
        content = hashlib.sha256(data).hexdigest()
        identify(pdf, title=title, document_key=document_key, content_hash=content, identity=identity, pdfx=PDFX)
        buffer = io.BytesIO()
        pdf.save(buffer, deterministic_id=True, compress_streams=True, force_version="1.6")
    return buffer.getvalue()


def drop_unused_colour_spaces(pdf) -> None:
    """WeasyPrint declares Lab colour spaces for every page and form (the slug's too) whether
    it draws in them or not: drop the ones no content uses (resources may be shared)."""
    import pikepdf

    owners = [page.obj for page in pdf.pages]
    for page in pdf.pages:
        owners += [x for x in (page.obj.Resources.get("/XObject") or {}).values() if x.get("/Subtype") == "/Form"]
    used = {
        str(operands[0])
        for owner in owners
        for operands, _ in pikepdf.parse_content_stream(owner, "cs CS")
        if operands and isinstance(operands[0], pikepdf.Name)
    }
    for owner in owners:
        spaces = (owner.get("/Resources") or {}).get("/ColorSpace")
        for name in list(spaces.keys()) if spaces else ():
            if name.startswith("/lab-") and name not in used:
                del spaces[name]


def unique_subset_tags(pdf) -> None:
    """Each font program its own subset tag. WeasyPrint tags a subset by the font's description,
    so the slug's Noto Sans (another document, other glyphs) comes with the body's tag; a font
    whose tag another program has is given one made from its own bytes."""
    seen: dict[str, str] = {}  # tag -> digest of the program first seen with it
    done: set = set()
    for page in pdf.pages:
        for name, font, descriptor, _ in page_fonts(page.obj.get("/Resources") or {}):
            if font.objgen in done or "+" not in name or descriptor is None:
                continue
            done.add(font.objgen)
            program = next((descriptor[k] for k in ("/FontFile2", "/FontFile3", "/FontFile") if k in descriptor), None)
            digest = hashlib.sha256(program.read_raw_bytes()).hexdigest() if program is not None else name
            tag, plain = name.split("+", 1)
            if seen.setdefault(tag, digest) == digest:
                continue
            new = "".join(chr(65 + int(digest[i : i + 2], 16) % 26) for i in range(0, 12, 2))
            seen[new] = digest
            _rename_font(font, descriptor, f"{new}+{plain}")


def _rename_font(font, descriptor, name: str) -> None:
    import pikepdf

    font.BaseFont = pikepdf.Name(f"/{name}")
    for descendant in font.get("/DescendantFonts") or []:
        descendant.BaseFont = pikepdf.Name(f"/{name}")
    descriptor.FontName = pikepdf.Name(f"/{name}")


def _output_intent(pdf, intent: OutputIntent) -> None:
    """The one output intent of PDF/X: the printing condition and its profile, embedded."""
    import pikepdf

    icc = pdf.make_stream(intent.profile)
    icc.N = 4
    pdf.Root.OutputIntents = pikepdf.Array(
        [
            pikepdf.Dictionary(
                Type=pikepdf.Name.OutputIntent,
                S=pikepdf.Name.GTS_PDFX,
                OutputConditionIdentifier=intent.condition,
                OutputCondition=intent.info,
                RegistryName=intent.registry,
                Info=intent.info,
                DestOutputProfile=icc,
            )
        ]
    )
