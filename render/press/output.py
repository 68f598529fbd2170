"""One job's files for the printer or the screen: slug text, PDF/X finish, and the checks on the result."""

from __future__ import annotations

from ..errors import BuildError
from ..options import Job
from ..source.model import Framework
from . import audit, finish, tagged
from .finish import PDFX, OutputIntent
from .metadata import Identity
from .preflight import Report, expect, preflight


def slug_lines(job: Job, fw: Framework, pages: int, intent: OutputIntent) -> list[str]:
    """One slug line per page: job, product, language, edition, page n/N, output condition."""
    p, ed = job.product, fw.edition
    w, h = p.trim_mm
    return [
        f"{ed.publisher_short}-{p.name}-{job.lang} · {p.title} · {job.lang} · {ed.edition.source} ({ed.revised}) · "
        f"page {n}/{pages} · trim {w:g} × {h:g} mm, bleed {p.bleed_mm:g} mm · {PDFX} {intent.condition}"
        for n in range(1, pages + 1)
    ]  # on an A5 page this takes two lines


def slug_width_mm(job: Job) -> float:
    """The slug's measure: the trim's width inside the vertical crop marks."""
    return job.product.trim_mm[0] - 2 * finish.SLUG_INSET_MM


def identity(job: Job, fw: Framework, pages: int, imposed: bool = False) -> Identity:
    """What an output is, as its file will say it (see press.metadata)."""
    p = job.product
    w, h = p.trim_mm
    return Identity(
        product=f"{p.name}-imposed" if imposed else p.name,
        lang=job.lang,
        variant=job.variant,
        profile=job.profile,
        edition=fw.edition.edition.source,
        pages=pages // 2 if imposed else pages,
        trim_mm=(2 * w, h) if imposed else (w, h),
        bleed_mm=p.bleed_mm,
        body_min_pt=p.body_min_pt,
        draft=job.draft,
        imposed_from=p.name if imposed else "",
    )


def to_press(
    job: Job, fw: Framework, pdf: bytes, imposed: bytes | None, intent: OutputIntent, slug: bytes | None, pages: int
) -> tuple[bytes, bytes | None]:
    """PDF/X-4 for the printer: output intent, marks and slug outside the bleed (the imposed form has its own)."""
    product = job.product
    title = f"{fw.edition.title.source} · {product.title}"
    key = f"{job.path}:{fw.edition.edition.source}"
    me = identity(job, fw, pages)
    pdf = finish.finish(pdf, product.bleed_mm, intent, title=title, document_key=key, identity=me, slug=slug)
    if imposed is not None:
        key, title, me = f"{key}:imposed", f"{title} (imposed)", identity(job, fw, pages, imposed=True)
        imposed = finish.finish(
            imposed, product.bleed_mm, intent, title=title, document_key=key, identity=me, marks=False
        )
    return pdf, imposed


def to_screen(job: Job, fw: Framework, pdf: bytes, pages: int) -> bytes:
    """PDF/UA-1 for reading on screen: identified like a press file, its tags completed (see tagged)."""
    title = f"{fw.edition.title.source} · {job.product.title}"
    return tagged.finish(
        pdf, title=title, document_key=f"{job.path}:{fw.edition.edition.source}", identity=identity(job, fw, pages)
    )


def check_output(
    job: Job,
    pdf: bytes,
    imposed: bytes | None,
    pages: int,
    declared_fonts: set[str],
    statements: tuple[str, ...],
    rtl: bool,
) -> tuple[Report, ...]:
    """Audit and preflight a finished output (and its imposed form); any error fails the build."""
    product = job.product
    problems = audit.audit_pdf(pdf, product, declared_fonts, job.label, pages)
    if imposed is not None:
        problems += audit.audit_imposed(imposed, product, pages, job.label)
    if problems:
        raise BuildError("\n".join(problems))
    wanted = expect(product, job.label, press=job.profile == "press", pages=pages, statements=statements, rtl=rtl)
    reports = [preflight(pdf, wanted, job.path)]
    if imposed is not None:
        spread = expect(
            product,
            f"{job.label} imposed",
            press=wanted.press,
            pages=pages,
            statements=statements,
            rtl=rtl,
            imposed=True,
        )
        reports.append(preflight(imposed, spread))
    problems = [f"{r.label}: preflight {f}" for r in reports for f in r.errors]
    if problems:
        raise BuildError("\n".join(problems))
    return tuple(reports)
