"""PDF/X-4 (ISO 15930-7:2010) as rules a press file must keep, each with its clause.

Each rule looks at an open pikepdf file and reports what breaks it through `error(check,
message, page)`; the message ends with the clause. preflight runs them on press files (and on
any file that claims PDF/X). Clauses are of ISO 15930-7:2010 unless another standard is named.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from .metadata import pdf_date, xmp, xmp_date
from .pdfscan import box_mm, page_fonts

PDFX = "PDF/X-4"
Error = Callable[..., None]

CLAUSES = {
    "version": "§6.1: PDF/X-4 is PDF 1.6 at most",
    "standard": "§6.7: GTS_PDFXVersion in the Info dictionary and in the XMP",
    "metadata": "§6.7, ISO 32000-1 §14.3.3: the Info dictionary and the XMP agree",
    "trapped": "§6.7: Trapped is True or False",
    "output-intent": "§6.2.3: one GTS_PDFX output intent, an embedded output profile, a condition identifier",
    "boxes": "§6.2.1: a TrimBox or an ArtBox, not both; boxes nested",
    "fonts": "§6.3: every font embedded",
    "subset-tags": "ISO 32000-1 §9.6.4: different subsets, different tags",
    "annotations": "§6.4: no annotation inside the BleedBox but printer's marks",
    "security": "§6.2.2: not encrypted",
    "actions": "§6.2.7: no JavaScript, no actions",
    "transparency": "§6.2.5: blending in the output's colour space, with the standard blend modes",
    "restricted": "§6.2.8: no embedded files, transfer functions or PostScript XObjects",
    "lzw": "§6.6: no LZW compression",
}
BLEND_MODES = {
    "/Normal", "/Compatible", "/Multiply", "/Screen", "/Overlay", "/Darken", "/Lighten", "/ColorDodge",
    "/ColorBurn", "/HardLight", "/SoftLight", "/Difference", "/Exclusion", "/Hue", "/Saturation", "/Color",
    "/Luminosity",
}  # fmt: skip
# Info key -> its XMP property, for the keys both carry (ISO 32000-1 Table 317 and 14.3.3).
MIRRORED = {
    "/Title": "dc:title",
    "/Creator": "xmp:CreatorTool",
    "/Producer": "pdf:Producer",
    "/CreationDate": "xmp:CreateDate",
    "/ModDate": "xmp:ModifyDate",
    "/Trapped": "pdf:Trapped",
}
ANNOTATIONS_ALLOWED = {"/PrinterMark", "/TrapNet"}


def check(pdf, error: Error) -> None:
    """Every rule of PDF/X-4 this preflight knows."""

    def fail(rule: str, message: str, page: int | None = None) -> None:
        error(rule, f"{message} ({CLAUSES[rule]})", page)

    if tuple(int(n) for n in pdf.pdf_version.split(".")) > (1, 6):
        fail("version", f"PDF {pdf.pdf_version}")
    if pdf.is_encrypted:
        fail("security", "the file is encrypted")
    _identification(pdf, fail)
    _output_intent(pdf, fail)
    _boxes(pdf, fail)
    _fonts(pdf, fail)
    _annotations(pdf, fail)
    _actions(pdf, fail)
    _graphics(pdf, fail)
    _lzw(pdf, fail)


def _identification(pdf, fail) -> None:
    import pikepdf

    info = pdf.docinfo
    meta = xmp(pdf)
    said = {key: meta.get(key) for key in (*MIRRORED.values(), "pdfxid:GTS_PDFXVersion")}
    if str(info.get("/GTS_PDFXVersion", "")) != PDFX or said["pdfxid:GTS_PDFXVersion"] != PDFX:
        both = f"Info '{info.get('/GTS_PDFXVersion', '')}', XMP '{said['pdfxid:GTS_PDFXVersion'] or ''}'"
        fail("standard", f"not identified as {PDFX} in both ({both})")
    trapped = info.get("/Trapped")
    if trapped not in (pikepdf.Name("/True"), pikepdf.Name("/False")):
        fail("trapped", f"Trapped is {trapped}")
    for key, prop in MIRRORED.items():
        ours, theirs = info.get(key), said[prop]
        if key in ("/CreationDate", "/ModDate"):
            whole = pdf_date(str(ours)) if ours is not None else ""
            if ours is not None and str(ours) != whole:
                fail("metadata", f"Info {key} {ours} has no time or no time zone")
            if theirs is not None and (theirs != xmp_date(str(ours or "")) or "T" not in theirs):
                fail("metadata", f"XMP {prop} {theirs} is not Info {key} {ours}")
            continue
        text = str(ours)[1:] if isinstance(ours, pikepdf.Name) else (str(ours) if ours is not None else None)
        if text != theirs:
            fail("metadata", f"Info {key} '{text}' is not XMP {prop} '{theirs}'")


def _output_intent(pdf, fail) -> None:
    intents = [i for i in pdf.Root.get("/OutputIntents", []) if str(i.get("/S")) == "/GTS_PDFX"]
    if len(intents) != 1:
        fail("output-intent", f"{len(intents)} GTS_PDFX output intents")
        return
    intent = intents[0]
    profile = intent.get("/DestOutputProfile")
    if profile is None:
        fail("output-intent", "the output intent embeds no output profile")
    elif profile.read_bytes()[12:16] != b"prtr":
        fail("output-intent", f"its profile is of class {profile.read_bytes()[12:16]!r}, not an output (prtr) profile")
    if not str(intent.get("/OutputConditionIdentifier", "")):
        fail("output-intent", "the output intent has no OutputConditionIdentifier")


def _boxes(pdf, fail) -> None:
    for n, page in enumerate(pdf.pages, 1):
        obj = page.obj
        has_trim, has_art = "/TrimBox" in obj, "/ArtBox" in obj
        if has_trim == has_art:
            fail("boxes", "both a TrimBox and an ArtBox" if has_trim else "neither a TrimBox nor an ArtBox", n)


def _fonts(pdf, fail) -> None:
    seen, tags = set(), {}
    for n, page in enumerate(pdf.pages, 1):
        for name, font, descriptor, subtype in page_fonts(page.obj.get("/Resources") or {}):
            if font.objgen in seen:
                continue
            seen.add(font.objgen)
            program = None
            if descriptor is not None:
                program = next(
                    (descriptor[k] for k in ("/FontFile", "/FontFile2", "/FontFile3") if k in descriptor), None
                )
            if program is None and subtype != "/Type3":
                fail("fonts", f"font {name} is not embedded", n)
            if program is not None and "+" in name:
                digest = hashlib.sha256(program.read_raw_bytes()).hexdigest()
                tag = name.split("+", 1)[0]
                first = tags.setdefault(tag, (digest, name))
                if first[0] != digest:
                    fail("subset-tags", f"{name} and {first[1]} share the tag {tag} but are different font programs", n)


def _annotations(pdf, fail) -> None:
    for n, page in enumerate(pdf.pages, 1):
        bleed = box_mm(page.obj, "/BleedBox") or box_mm(page.obj, "/MediaBox")
        for annot in page.obj.get("/Annots") or []:
            kind = str(annot.get("/Subtype"))
            rect = [float(v) * 25.4 / 72 for v in annot.get("/Rect", [0, 0, 0, 0])]
            overlaps = rect[0] < bleed[2] and rect[2] > bleed[0] and rect[1] < bleed[3] and rect[3] > bleed[1]
            if kind not in ANNOTATIONS_ALLOWED and overlaps:
                fail("annotations", f"a {kind[1:]} annotation inside the BleedBox", n)


def _actions(pdf, fail) -> None:
    import pikepdf

    names = pdf.Root.get("/Names") or {}
    if "/JavaScript" in names:
        fail("actions", "document-level JavaScript")
    for key in ("/OpenAction", "/AA"):
        if key in pdf.Root:
            fail("actions", f"the document has an {key[1:]} action")
    for n, page in enumerate(pdf.pages, 1):
        if "/AA" in page.obj:
            fail("actions", "the page has additional actions", n)
        for annot in page.obj.get("/Annots") or []:
            if "/A" in annot or "/AA" in annot:
                fail("actions", f"a {str(annot.get('/Subtype'))[1:]} annotation with an action", n)
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary) and str(obj.get("/S", "")) in ("/JavaScript", "/Launch"):
            fail("actions", f"a {str(obj.S)[1:]} action")
            return


def _graphics(pdf, fail) -> None:
    """Transparency groups, graphics states and XObjects, on every page and in every form."""
    if "/EmbeddedFiles" in (pdf.Root.get("/Names") or {}):
        fail("restricted", "the document embeds files")
    seen: set = set()
    for n, page in enumerate(pdf.pages, 1):
        _group(page.obj, fail, n)
        _resources(page.obj.get("/Resources") or {}, fail, n, seen)


def _group(holder, fail, n: int) -> None:
    import pikepdf

    group = holder.get("/Group")
    if group is None or str(group.get("/S")) != "/Transparency" or "/CS" not in group:
        return
    space = group.CS
    kind = str(space[0] if isinstance(space, pikepdf.Array) else space)
    if kind in ("/DeviceRGB", "/CalRGB"):
        fail("transparency", f"a transparency group blends in {kind[1:]}", n)


def _resources(resources, fail, n: int, seen: set) -> None:
    import pikepdf

    for _, state in (resources.get("/ExtGState") or {}).items():
        modes = state.get("/BM")
        for mode in modes if isinstance(modes, pikepdf.Array) else [modes]:
            if mode is not None and str(mode) not in BLEND_MODES:
                fail("transparency", f"the blend mode {str(mode)[1:]} is not one of ISO 32000-1's", n)
        for key in ("/TR", "/TR2"):
            if key in state and str(state[key]) != "/Default":
                fail("restricted", f"a graphics state with a transfer function ({key[1:]})", n)
    for _, xobject in (resources.get("/XObject") or {}).items():
        if xobject.objgen in seen:
            continue
        seen.add(xobject.objgen)
        kind = str(xobject.get("/Subtype"))
        if kind == "/PS" or str(xobject.get("/Subtype2")) == "/PS":
            fail("restricted", "a PostScript XObject", n)
        if kind == "/Form":
            _group(xobject, fail, n)
            _resources(xobject.get("/Resources") or {}, fail, n, seen)


def _lzw(pdf, fail) -> None:
    import pikepdf

    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream):
            filters = obj.get("/Filter")
            names = list(filters) if isinstance(filters, pikepdf.Array) else [filters]
            if pikepdf.Name.LZWDecode in names:
                fail("lzw", "a stream compressed with LZW")
                return
