"""The print pack: one zip per job with everything a print shop needs and nothing to ask.

press PDF(s), a job ticket (JSON and plain text, with the SHA-256 of every other file),
the preflight report (JSON and text) and low-resolution PNG proofs of every page.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass

from ..options import Job
from ..press import raster
from ..press.finish import PDFX, OutputIntent
from ..press.preflight import Report as Preflight
from ..source.model import Framework

PROOF_PX = 800  # longer side of a proof picture
ISO = {"PDF/X-4": "PDF/X-4 (ISO 15930-7:2010)"}


@dataclass(frozen=True)
class Pack:
    """A print pack's name and its files, by path inside the zip."""

    name: str
    files: dict[str, bytes]

    def zip_bytes(self, date: tuple[int, int, int]) -> bytes:
        """The zip, deterministic: sorted entries, fixed date and permissions."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
            for path in sorted(self.files):
                info = zipfile.ZipInfo(f"{self.name}/{path}", date_time=(*date, 0, 0, 0))
                info.external_attr = 0o644 << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(info, self.files[path])
        return buffer.getvalue()


@dataclass(frozen=True)
class Output:
    """A built press output as the pack sees it: its files and their preflight."""

    job: Job
    pages: int
    pdf: bytes
    imposed: bytes | None
    preflight: tuple[Preflight, ...]  # of the PDF, then of its imposed form
    form_reason: str | None = None  # what its shorter form lacked, when it took a longer one

    def ok(self) -> bool:
        return all(r.ok for r in self.preflight)


def pack_of(result: Output, fw: Framework, intent: OutputIntent) -> Pack:
    """The zip's files for one press output: its PDFs, proofs, preflight and job ticket."""
    job, p, ed = result.job, result.job.product, fw.edition
    name = f"{ed.publisher_short}-{p.name}-{job.lang}"
    files: dict[str, bytes] = {f"{p.name}-{job.lang}.pdf": result.pdf}
    if result.imposed is not None:
        files[f"{p.name}-{job.lang}-imposed.pdf"] = result.imposed
    for n, png in enumerate(raster.page_pngs(result.pdf, PROOF_PX), 1):
        files[f"proofs/page-{n:02d}.png"] = png
    reports = [r.as_dict() for r in result.preflight]
    files["preflight.json"] = _json({"result": _verdict(result), "files": reports})
    files["preflight.txt"] = ("\n\n".join(r.text() for r in result.preflight) + "\n").encode()
    ticket = _ticket(result, fw, intent, name, files)
    files["job-ticket.json"] = _json(ticket)
    files["job-ticket.txt"] = _ticket_text(ticket).encode()
    return Pack(name, files)


def _verdict(result: Output) -> str:
    return "pass" if result.ok() else "fail"


def _json(data: dict) -> bytes:
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode()


def _ticket(result, fw: Framework, intent: OutputIntent, name: str, files: dict[str, bytes]) -> dict:
    job, p, ed = result.job, result.job.product, fw.edition
    w, h = p.trim_mm
    contact = ed.contact
    reader = result.preflight[0].facts if result.preflight else {}
    ticket = {
        "job": name,
        "publication": f"{ed.title.source}, {ed.edition.source}",
        "revised": ed.revised.isoformat(),
        "product": p.name,
        "title": p.title,
        "language": job.lang,
        "trim_mm": [w, h],
        "orientation": "portrait" if h >= w else "landscape",
        "bleed_mm": p.bleed_mm,
        "marks": "crop marks outside the bleed, registration colour, 0.25 pt; slug line below each page",
        "pages": result.pages,
        "sides": p.sides,
        "colours": "4/4 process CMYK" if p.sides == 2 else "4/0 process CMYK",
        "spot_colours": "none",
        "form": p.form,
        "form_reason": result.form_reason,
        "finishing": p.finishing,
        "stock": p.stock,
        "pdf_standard": ISO.get(reader.get("standard", PDFX), PDFX),
        "output_condition": {
            "identifier": intent.condition,
            "profile": intent.info,
            "registry": intent.registry,
            "profile_sha256": intent.digest,
        },
        "smallest_text_pt": reader.get("smallest_text_pt"),
        "preflight": _verdict(result),
        "contact": {
            "publisher": ed.publisher.source,
            "address": [line.source for line in contact.lines],
            "phone": contact.phone,
            "email": contact.email,
        },
        "files": [
            {"path": path, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
            for path, data in sorted(files.items())
        ],
    }
    if result.imposed is not None:
        sw, sh = p.sheet_mm
        ticket["imposed"] = {
            "file": f"{p.name}-{job.lang}-imposed.pdf",
            "sheet_mm": [sw, sh],
            "sheet_sides": result.pages // 2,
            "binding": "saddle-stitched",
            "layout": "two pages a side, sheets in stitching order, crop and fold marks",
        }
    return ticket


def _ticket_text(t: dict) -> str:
    """The job ticket for people: aligned labels, one fact a line."""
    oc = t["output_condition"]
    w, h = t["trim_mm"]
    rows = [
        ("Job", t["job"]),
        ("Publication", f"{t['publication']} (revised {t['revised']})"),
        ("Product", f"{t['title']} ({t['product']})"),
        ("Language", t["language"]),
        ("Trim size", f"{w:g} x {h:g} mm, {t['orientation']}"),
        ("Bleed", f"{t['bleed_mm']:g} mm on every side"),
        ("Marks", t["marks"]),
        ("Pages", f"{t['pages']}, printed {'both sides' if t['sides'] == 2 else 'one side'}"),
        ("Colours", f"{t['colours']}; spot colours: {t['spot_colours']}"),
        ("Form", t["form"] + (f" (not shorter: {t['form_reason']})" if t.get("form_reason") else "")),
        ("Stock", t["stock"] or "to agree"),
        ("Finishing", t["finishing"] or "to agree"),
        ("PDF standard", t["pdf_standard"]),
        ("Output condition", f"{oc['identifier']}: {oc['profile']} (profile embedded)"),
        ("Smallest text", f"{t['smallest_text_pt']} pt"),
        ("Preflight", f"{t['preflight']} (preflight.txt)"),
    ]
    if "imposed" in t:
        imp = t["imposed"]
        sw, sh = imp["sheet_mm"]
        rows.append(("Imposed form", f"{imp['file']}: {imp['sheet_sides']} sheet sides of {sw:g} x {sh:g} mm"))
    c = t["contact"]
    rows.append(("Contact", "; ".join(x for x in (c["publisher"], *c["address"], c["phone"], c["email"]) if x)))
    width = max(len(label) for label, _ in rows) + 2
    lines = [f"PRINT JOB TICKET: {t['job']}", ""]
    lines += [f"{label + ':':<{width}}{value}" for label, value in rows]
    lines += ["", "Files (SHA-256):"]
    lines += [f"  {f['sha256']}  {f['path']}  ({f['bytes']} bytes)" for f in t["files"]]
    return "\n".join(lines) + "\n"
