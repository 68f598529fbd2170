"""Preflight: what a print shop checks in a PDF before it prints, checked here first.

Each file is checked against what it should be (an Expect: trim, bleed, type floor, the
statements it must carry, press or screen) and gives a Report of findings (errors and
warnings, each naming its check and page) and facts (standard, output condition, sizes).
"""

from __future__ import annotations

import io
import subprocess
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import BuildError
from ..source.products import Product
from . import geometry, pdfua, pdfx
from .metadata import xmp
from .pdfscan import box_mm, page_fonts, scan_page

PPI_WARN = 300
PPI_FAIL = 150
TOLERANCE_MM = 0.1


@dataclass(frozen=True)
class Finding:
    """One thing wrong (error) or worth a look (warning)."""

    severity: str  # error | warning
    check: str
    message: str
    page: int | None = None

    def __str__(self) -> str:
        where = f"page {self.page}: " if self.page else ""
        return f"{self.severity}: {self.check}: {where}{self.message}"


@dataclass(frozen=True)
class Expect:
    """What a file should be."""

    label: str
    trim_mm: tuple[float, float]
    bleed_mm: float
    press: bool  # PDF/X-4, CMYK, output intent
    text_floor_pt: float
    pages: int | None = None
    statements: tuple[str, ...] = ()
    status: str = "ok"  # the build report's overflow status
    rtl: bool = False  # right-to-left text (see _fidelity)
    tagged: bool = False  # PDF/UA-1 (screen and large print): see pdfua
    binding: str = "flat"  # folded or saddle-stitched: pages in fours
    safe_mm: float = 0.0  # type stays this far inside the trim (see geometry); 0: not checked


@dataclass(frozen=True)
class Report:
    """The preflight of one file."""

    path: str
    label: str
    findings: tuple[Finding, ...]
    facts: dict = field(default_factory=dict)
    rebuild: str = ""  # out of date: the command that makes it again from the inputs as they are now

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors and not self.rebuild

    @property
    def result(self) -> str:
        """pass, fail, or out of date (made from inputs that have changed since)."""
        return "out of date" if self.rebuild else "pass" if self.ok else "fail"

    def as_dict(self) -> dict:
        """The report for --json and the print pack."""
        return {
            "path": self.path,
            "output": self.label,
            "result": self.result,
            **({"rebuild": self.rebuild} if self.rebuild else {}),
            "errors": len(self.errors),
            "warnings": len(self.findings) - len(self.errors),
            "facts": self.facts,
            "findings": [
                {"severity": f.severity, "check": f.check, "page": f.page, "message": f.message} for f in self.findings
            ],
        }

    def text(self) -> str:
        """The human-readable report: a summary line, the facts, then every finding."""
        f = self.facts
        colour = ", ".join(f.get("colour", []))
        head = f"{self.result.upper()}  {self.path}  ({self.label})"
        lines = [head]
        if self.rebuild:
            lines.append(f"      out of date: its inputs changed since it was built; run `{self.rebuild}`")
        if f:
            trim = " x ".join(f"{v:g}" for v in f.get("trim_mm", []))
            lines.append(
                f"      {f.get('standard') or 'no PDF/X'}; output intent {f.get('output_condition') or 'none'}; "
                f"{f.get('pages')} page(s), trim {trim} mm, bleed {f.get('bleed_mm', 0):g} mm; "
                f"{f.get('fonts', 0)} fonts ({f.get('fonts_embedded', 0)} embedded); colour {colour}"
            )
            lines.append(
                f"      smallest text {f.get('smallest_text_pt', 0):g} pt (floor {f.get('text_floor_pt', 0):g}); "
                f"images {f.get('images', 0)}; "
                + (
                    f"statements {f.get('statements_once', 0)}/{f['statements']} found once"
                    if f.get("statements")
                    else "no statements to find"
                )
            )
        lines += [f"      {finding}" for finding in self.findings]
        return "\n".join(lines)


def preflight(data: bytes, expect: Expect, path: str = "") -> Report:
    """Check one PDF against what it should be."""
    import pikepdf

    findings: list[Finding] = []
    facts: dict = {"text_floor_pt": expect.text_floor_pt}

    def error(check: str, message: str, page: int | None = None) -> None:
        findings.append(Finding("error", check, message, page))

    def warning(check: str, message: str, page: int | None = None) -> None:
        findings.append(Finding("warning", check, message, page))

    if expect.status != "ok":
        error("overflow", f"the build reported status '{expect.status}'")
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PdfError as err:
        return Report(path, expect.label, (Finding("error", "pdf", f"not a readable PDF: {err}"),))
    with pdf:
        facts["pages"] = len(pdf.pages)
        if expect.pages is not None and len(pdf.pages) != expect.pages:
            error("pages", f"{len(pdf.pages)} pages, expected {expect.pages}")
        if expect.binding != "flat" and len(pdf.pages) % 4:
            error("binding", f"{len(pdf.pages)} pages: a {expect.binding} product is made of sheets of four pages")
        try:
            _standard(pdf, expect, facts, error)
            claims_ua = pdfua.claims(pdf)
            if expect.tagged or claims_ua:
                facts["accessibility"] = "PDF/UA-1" if claims_ua else "none"
                pdfua.check(pdf, error)
            _boxes(pdf, expect, facts, error)
            _fonts(pdf, expect, facts, error)
            _drawing(pdf, expect, facts, findings)
        except (pikepdf.PdfError, AttributeError, KeyError, TypeError, ValueError, IndexError) as err:
            # (a damaged or hostile file: what could not be read through is itself the finding)
            error("pdf", f"its structure cannot be read through ({type(err).__name__}): not a PDF a press can take")
    if expect.statements:
        _fidelity(data, expect, facts, findings)
    return Report(path, expect.label, tuple(findings), facts)


def _standard(pdf, expect: Expect, facts: dict, error) -> None:
    """PDF/X-4, rule by rule (press files, and any file that says it is PDF/X), and a CMYK output intent."""
    version = str(pdf.docinfo.get("/GTS_PDFXVersion", ""))
    xmp_version = xmp(pdf).get("pdfxid:GTS_PDFXVersion", "")
    facts["standard"] = xmp_version or version
    if expect.press or version or xmp_version:
        pdfx.check(pdf, error)
    intents = [i for i in pdf.Root.get("/OutputIntents", []) if str(i.get("/S")) == "/GTS_PDFX"]
    if intents:
        intent = intents[0]
        facts["output_condition"] = str(intent.get("/OutputConditionIdentifier", ""))
        facts["output_condition_info"] = str(intent.get("/Info", ""))
        profile = intent.get("/DestOutputProfile")
        header = profile.read_bytes()[:40] if profile is not None else b""
        if profile is not None and (header[16:20] != b"CMYK" or int(profile.get("/N", 0)) != 4):
            error("output-intent", f"output profile is {header[16:20].decode('latin-1')!r}, not CMYK")


def _boxes(pdf, expect: Expect, facts: dict, error) -> None:
    """Trim size, Trim inside Bleed inside Media, no ArtBox with a TrimBox, bleed wide enough."""
    w, h = expect.trim_mm
    bleeds = []
    for n, page in enumerate(pdf.pages, 1):
        obj = page.obj
        media = box_mm(obj, "/MediaBox")
        trim = box_mm(obj, "/TrimBox")
        bleed = box_mm(obj, "/BleedBox")
        if trim is None:
            trim = box_mm(obj, "/ArtBox") or media
        bleed = bleed or trim
        tw, th = trim[2] - trim[0], trim[3] - trim[1]
        facts.setdefault("trim_mm", [round(tw, 1), round(th, 1)])
        if abs(tw - w) > TOLERANCE_MM or abs(th - h) > TOLERANCE_MM:
            error("trim", f"trim {tw:.1f} x {th:.1f} mm, the product is {w:g} x {h:g} mm", n)
        if not _inside(trim, bleed):
            error("boxes", f"TrimBox is not inside the BleedBox ({pdfx.CLAUSES['boxes']})", n)
        if not _inside(bleed, media):
            error("boxes", f"BleedBox is not inside the MediaBox ({pdfx.CLAUSES['boxes']})", n)
        margins = (trim[0] - bleed[0], trim[1] - bleed[1], bleed[2] - trim[2], bleed[3] - trim[3])
        bleeds.append(min(margins))
        if min(margins) < expect.bleed_mm - TOLERANCE_MM:
            error("bleed", f"bleed {min(margins):.1f} mm, the setting is {expect.bleed_mm:g} mm", n)
    facts["bleed_mm"] = round(min(bleeds), 1) if bleeds else 0


def _fonts(pdf, expect: Expect, facts: dict, error) -> None:
    """Every font embedded (Type 3 fonts are drawn from the file itself; press files: see pdfx)."""
    seen, names, embedded = set(), set(), set()
    for n, page in enumerate(pdf.pages, 1):
        for name, font, descriptor, subtype in page_fonts(page.obj.get("/Resources") or {}):
            if font.objgen in seen:
                continue
            seen.add(font.objgen)
            names.add(name)
            if subtype == "/Type3" or (
                descriptor is not None and any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            ):
                embedded.add(name)
            elif not expect.press:
                error("fonts", f"font {name} is not embedded", n)
    facts["fonts"] = len(names)
    facts["fonts_embedded"] = len(embedded)


def _drawing(pdf, expect: Expect, facts: dict, findings: list[Finding]) -> None:
    """Colours (CMYK only for press), the smallest text inside the trim, image resolution,
    where the type lands (see geometry)."""
    smallest, spaces, images, fonts = None, set(), 0, {}
    for n, page in enumerate(pdf.pages, 1):
        scan = scan_page(page, fonts)
        x0, y0, x1, y1 = (float(v) for v in page.obj.get("/TrimBox", page.obj.get("/ArtBox", page.obj.MediaBox)))
        spaces |= scan.spaces
        for where in sorted(set(scan.unused)):
            findings.append(Finding("warning", "resources", f"a colour space named but never used ({where})", n))
        if expect.press:
            for where in sorted(scan.rgb)[:3]:
                findings.append(Finding("error", "colour", f"RGB colour in a press file ({where})", n))
        trim = (x0, y0, x1, y1)
        # (without a product's safe margin, text is still held inside the trim: past it, it is cut off)
        for message in geometry.safe_margin(scan.runs, trim, expect.safe_mm):
            findings.append(Finding("error", "safe-margin" if expect.safe_mm else "trim", message, n))
        for message in geometry.overlaps(scan.runs, trim):
            findings.append(Finding("error", "overlap", message, n))
        for message in geometry.covered(scan.runs, scan.fills, trim):
            findings.append(Finding("error", "covered", message, n))
        inside = [
            r.size for r in scan.runs if x0 - 1 <= r.x0 <= x1 + 1 and y0 - 1 <= r.baseline <= y1 + 1 and r.size > 0
        ]
        if inside and (smallest is None or min(inside) < smallest[0]):
            smallest = (min(inside), n)
        for name, pw, ph, ppi_x, ppi_y in scan.images:
            images += 1
            ppi = min(ppi_x, ppi_y)
            if ppi < PPI_FAIL:
                findings.append(Finding("error", "images", f"{name} ({pw} x {ph} px) at {ppi:.0f} ppi", n))
            elif ppi < PPI_WARN:
                findings.append(Finding("warning", "images", f"{name} ({pw} x {ph} px) at {ppi:.0f} ppi", n))
    facts["colour"] = sorted(spaces)
    facts["images"] = images
    facts["smallest_text_pt"] = round(smallest[0], 2) if smallest else 0
    if smallest and smallest[0] < expect.text_floor_pt - 0.05:
        findings.append(
            Finding(
                "error",
                "text-size",
                f"text at {smallest[0]:.2f} pt, below the product's floor of {expect.text_floor_pt:g} pt",
                smallest[1],
            )
        )


def _fidelity(data: bytes, expect: Expect, facts: dict, findings: list[Finding]) -> None:
    """Every statement the product carries is in the PDF's text exactly once (or as often
    as it is contained in the product's statements, for one that is part of another).

    Right-to-left text is extracted in drawing (visual) order, which reverses its words
    and moves runs of another direction about: a statement not found in order there is
    looked for word by word (each word's letters in any order), which proves it is
    printed but not how often. What is still not found there is a warning, not an
    error: visual order can still split a statement that mixes directions (every glyph
    maps to text, see compose.engine, but not in reading order); the layout check (every
    statement placed) guards those at build time.
    """
    raw = pdf_text(data)
    text = squash(raw)
    wanted = [squash(s) for s in expect.statements]
    # How often each is contained in them all (no statement holds the separator: they are squashed).
    every = "\n".join(wanted)
    contained = Counter({s: every.count(s) for s in set(wanted)})
    words = Counter(_word_keys(raw)) if expect.rtl else Counter()
    once, unordered, problems = 0, 0, []
    for s, statement in zip(wanted, expect.statements, strict=True):
        found = text.count(s)
        if found == contained[s]:
            once += 1
        elif expect.rtl and not Counter(_word_keys(statement)) - words:
            unordered += 1
        elif found < contained[s]:
            problems.append(f'missing: "{_short(statement)}"')
        else:
            problems.append(f'printed {found - contained[s] + 1} times: "{_short(statement)}"')
    facts["statements"] = len(wanted)
    facts["statements_once"] = once
    if unordered:
        facts["statements_found_unordered"] = unordered
    if expect.rtl and problems:
        message = f"{len(problems)} statements not confirmed from the right-to-left text (see preflight._fidelity)"
        findings.append(Finding("warning", "fidelity", message))
        return
    for message in sorted(set(problems))[:20]:
        findings.append(Finding("error", "fidelity", message))
    if len(set(problems)) > 20:
        findings.append(Finding("error", "fidelity", f"... and {len(set(problems)) - 20} more statements"))


def _word_keys(text: str) -> list[str]:
    """Each word's letters and digits, sorted: the same whichever way the word was drawn."""
    keys = ("".join(sorted(squash(word))) for word in text.split())
    return [k for k in keys if k]


def pdf_text(data: bytes) -> str:
    """The PDF's text in drawing order (pdftotext -raw keeps each table cell whole)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "file.pdf"
        path.write_bytes(data)
        try:
            done = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], capture_output=True)
        except FileNotFoundError as err:
            raise BuildError("pdftotext (poppler-utils) is not installed: run `make setup`") from err
    return done.stdout.decode("utf-8", "replace")


def squash(text: str) -> str:
    """Only the letters and digits of a text, in order: immune to line breaks, hyphenation,
    and to the punctuation a right-to-left line moves about (bidi mirroring and reordering)."""
    return "".join(filter(str.isalnum, text))


def _inside(inner, outer, tolerance: float = 0.01) -> bool:
    return (
        inner[0] >= outer[0] - tolerance
        and inner[1] >= outer[1] - tolerance
        and inner[2] <= outer[2] + tolerance
        and inner[3] <= outer[3] + tolerance
    )


def _short(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def expect(
    product: Product,
    label: str,
    *,
    press: bool,
    pages: int,
    statements: tuple[str, ...] = (),
    rtl: bool = False,
    imposed: bool = False,
    status: str = "ok",
) -> Expect:
    """What an output of a product should be (`imposed`: its printer's form, two pages a side)."""
    w, h = product.trim_mm
    return Expect(
        label=label,
        trim_mm=(2 * w, h) if imposed else (w, h),
        bleed_mm=product.bleed_mm,
        press=press,
        text_floor_pt=product.body_min_pt,
        pages=pages // 2 if imposed else pages,
        statements=statements,
        status=status,
        rtl=rtl,
        tagged=not press,
        binding="flat" if imposed else product.binding,
        safe_mm=product.safe_mm,
    )


# What preflight cannot ask of a file without its product (a file not identified as ours).
UNCHECKED = (
    "its trim size against its product's, the bleed its product asks for, the type floor, "
    "its page count and binding, its statements"
)


def expect_of_file(data: bytes) -> Expect:
    """What can be asked of a PDF known only by itself: every rule of a press file (PDF/X-4:
    version, identification, output intent, boxes, fonts embedded, colour), its text inside
    its own trim and never over other text; its size is its own trim's."""
    import pikepdf

    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            page = pdf.pages[0].obj
            trim = box_mm(page, "/TrimBox") or box_mm(page, "/ArtBox") or box_mm(page, "/MediaBox")
    except (pikepdf.PdfError, IndexError):
        return Expect("?", (0, 0), 0, True, 0)
    return Expect("?", (trim[2] - trim[0], trim[3] - trim[1]), 0, True, 0)
