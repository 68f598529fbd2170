"""A PDF's identification: the Info dictionary and the XMP packet saying the same, key by key,
and the output's own identity (product, language, form, edition, content) under our namespace.

The identity lets preflight check a copy of a file wherever it lies (see build.recheck).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import asdict, dataclass

NS = "https://recovery-print.org/ns/id/1.0/"  # the project's XMP namespace, prefix rp
PREFIX = "rp"
_PDF_DATE = re.compile(r"D:(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2}))?(Z|[+-]\d{2}'\d{2}'?)?")


@dataclass(frozen=True)
class Identity:
    """What an output is: enough to know, from the file alone, what it should be."""

    product: str  # the product's name in products.yaml, e.g. card-level-2 or booklet-imposed
    lang: str
    variant: str  # standard | large-print
    profile: str  # press | screen
    edition: str
    pages: int
    trim_mm: tuple[float, float]  # of a page (of a sheet side's spread, for a printer's form)
    bleed_mm: float
    body_min_pt: float  # the smallest type the product allows
    draft: bool = False
    imposed_from: str = ""  # the reader's product, for a printer's form

    def values(self) -> dict[str, str]:
        """The identity as XMP text values."""
        out = {k: str(v) for k, v in asdict(self).items()}
        out["trim_mm"] = f"{self.trim_mm[0]:g} {self.trim_mm[1]:g}"
        out["draft"] = "true" if self.draft else "false"
        return out

    @classmethod
    def read(cls, pdf) -> Identity | None:
        """The identity a PDF carries, or None (a file not made by this program, or damaged)."""
        meta = xmp(pdf)
        v = {name: meta.get(f"{{{NS}}}{name}") for name in cls.__dataclass_fields__}
        try:
            w, h = (float(x) for x in v["trim_mm"].split())
            return cls(
                product=v["product"],
                lang=v["lang"],
                variant=v["variant"],
                profile=v["profile"],
                edition=v["edition"],
                pages=int(v["pages"]),
                trim_mm=(w, h),
                bleed_mm=float(v["bleed_mm"]),
                body_min_pt=float(v["body_min_pt"]),
                draft=v["draft"] == "true",
                imposed_from=v["imposed_from"] or "",
            )
        except (AttributeError, TypeError, ValueError):
            return None


def xmp(pdf):
    """A file's XMP packet, to read only (pikepdf writes the packet back, and the Info
    dictionary from it, when its context ends: a check must not change what it checks)."""
    return pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False)


def pdf_date(text: str) -> str:
    """A PDF date made whole: D:YYYYMMDDHHmmSS with its time zone (UTC when it has none)."""
    m = _PDF_DATE.fullmatch(text)
    if not m:
        return ""
    year, month, day, hour, minute, second, zone = m.groups()
    zone = "+00'00'" if zone in (None, "Z") else zone.rstrip("'") + "'"
    return f"D:{year}{month}{day}{hour or '00'}{minute or '00'}{second or '00'}{zone}"


def xmp_date(text: str) -> str:
    """A whole PDF date (see pdf_date) as XMP writes it: YYYY-MM-DDTHH:mm:SS+HH:mm."""
    whole = pdf_date(text)
    if not whole:
        return ""
    d = whole[2:]
    zone = d[14:].replace("'", "")
    return f"{d[:4]}-{d[4:6]}-{d[6:8]}T{d[8:10]}:{d[10:12]}:{d[12:14]}{zone[:3]}:{zone[3:5]}"


def identify(pdf, *, title: str, document_key: str, content_hash: str, identity: Identity, pdfx: str = "") -> None:
    """Info and XMP, the same key by key: title, author, subject, creator, producer, dates with
    their zone, trapping (press: not trapped), the standard; stable document and instance ids;
    the output's identity."""
    import pikepdf
    from pikepdf.models.metadata import PdfMetadata

    PdfMetadata.register_xml_namespace(NS, PREFIX)
    info = pdf.docinfo
    info["/Title"] = title
    info["/Creator"] = str(info.get("/Creator", "recovery-print"))  # (the imposed form starts with none)
    created = pdf_date(str(info.get("/CreationDate", "")))
    modified = pdf_date(str(info.get("/ModDate", ""))) or created
    if created:
        info["/CreationDate"], info["/ModDate"] = created, modified
    if pdfx:
        info["/GTS_PDFXVersion"] = pdfx
        info["/Trapped"] = pikepdf.Name("/False")
    doc_id = uuid.uuid5(uuid.NAMESPACE_URL, f"recovery-print:{document_key}")
    instance = uuid.uuid5(doc_id, content_hash)
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta["dc:title"] = title
        if "/Author" in info:
            meta["dc:creator"] = [str(info["/Author"])]
        if "/Subject" in info:
            meta["dc:description"] = str(info["/Subject"])
        meta["pdf:Producer"] = str(info.get("/Producer", ""))
        meta["xmp:CreatorTool"] = str(info["/Creator"])
        if pdfx:
            meta["pdf:Trapped"] = "False"
            meta["pdfxid:GTS_PDFXVersion"] = pdfx
        meta["xmpMM:DocumentID"] = f"uuid:{doc_id}"
        meta["xmpMM:InstanceID"] = f"uuid:{instance}"
        meta["xmpMM:VersionID"] = "1"
        meta["xmpMM:RenditionClass"] = "default"
        if created:
            meta["xmp:CreateDate"] = xmp_date(created)
            meta["xmp:ModifyDate"] = xmp_date(modified)
            meta["xmp:MetadataDate"] = xmp_date(modified)
        for name, value in identity.values().items():
            meta[f"{{{NS}}}{name}"] = value
        meta[f"{{{NS}}}content"] = content_hash  # SHA-256 of the pages as laid out, before the finish
