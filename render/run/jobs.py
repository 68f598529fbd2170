"""One job, start to finish: localise, check, fit, render, finish for press or screen, check again."""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace

from ..compose import Composer, audit, fitter
from ..compose.engine import Rendered
from ..compose.html import RowBreaks
from ..errors import BuildError
from ..i18n import catalogues
from ..i18n.localise import Localiser
from ..options import BuildOptions, Job
from ..press import impose, output
from ..press.finish import OutputIntent, slug_html
from ..source.products import WHOLE
from .report import Result

SLACK_SAFETY_MM = 0.5  # spare height kept when spreading the remainder between bands
MAX_REFITS = 3  # layouts that may disagree with the measurer before the job fails


@dataclass(frozen=True)
class Hints:
    """What earlier builds learnt: the sizes each output took and the page count each set took."""

    sizes: dict[str, dict[str, float]] = field(default_factory=dict)  # by output path, per flow
    forms: dict[tuple, int] = field(default_factory=dict)  # by Job.family_key
    decide: bool = False  # decide each set's form from every level (else try the hinted or shortest first)


@dataclass(frozen=True)
class Workshop:
    """What one build makes its jobs with, in one process: options, composer, output intent."""

    options: BuildOptions
    composer: Composer
    intent: OutputIntent | None  # None when no job is for the press
    translations: dict[tuple[str, bool], tuple] = field(default_factory=dict)  # by (language, draft), read once

    def catalogue(self, job: Job) -> tuple[dict, dict]:
        """The job's translations (a draft also prints fuzzy, unreviewed ones), and the entries refused."""
        key = (job.lang, job.draft)
        if key not in self.translations:
            self.translations[key] = catalogues.read(job.lang, self.options.paths.strings, fuzzy=job.draft)
        return self.translations[key]


def make(w: Workshop, job: Job, hints: Hints) -> Result:
    """Fit every flow, render, check and finish one output, as bytes."""
    start = time.perf_counter()
    translations, refused = w.catalogue(job)
    t = Localiser(job.lang, translations, registry=w.composer.registry)
    fallbacks = w.composer.precheck(job, t, refused)
    warnings = tuple(
        f"{job.label}: prints the English of {p.path}: {p.file}:{p.line}: {p.message}"
        for p in sorted(refused[key] for key in fallbacks if key in refused)
    )
    # A set takes the form it took last time, or its shortest: deciding it measures every
    # level at the floor, which is only needed when this level does not fit that form.
    hint = None if hints.decide else hints.forms.get(job.family_key, job.product.pages)
    product, exact = fitter.form(w.composer, job, t.translations, hint)
    longer = fitter.form_reason(w.composer, job) if product.pages != job.product.pages else None
    room = fitter.headroom(w.composer, job) if product.pages == job.product.pages else None
    gave = product.masthead.said(product.masthead_step) if product.masthead and product.masthead_step < 1 else None
    fitted = replace(job, product=product)
    fw = w.composer.fw
    statements = tuple(fw.statements(product.level, product.perspective)) if product.statements else ()
    try:
        hint = hints.sizes.get(job.path, {})
        pdf, rendered, sizes, (passes, refits), final = _lay_out(w, fitted, t, len(statements), hint)
    except BuildError:
        if exact:
            raise
        # The form tried first does not hold: decide it, measuring every level.
        return make(w, job, replace(hints, decide=True))
    hyphens, pages = audit.hyphenation(rendered), rendered.pages
    del rendered  # the layout is done with: the press finish and preflight need the memory
    pdf, imposed, reports = _finish(w, fitted, t, pdf, pages, tuple(t(s.text) for s in statements))
    most = audit.MAX_HYPHENS_IN_A_ROW
    warnings += tuple(
        f"{job.label}: page {page}: more than {most} line ends in a row break a word in {key or 'a block'}"
        for page, key in hyphens.runs
    )
    return Result(
        job=fitted,
        pdf=pdf,
        pages=pages,
        sizes=sizes,
        passes=passes,
        refits=refits,
        seconds=time.perf_counter() - start,
        imposed=imposed,
        fallbacks=fallbacks if job.draft else (),
        warnings=warnings,
        preflight=reports,
        hyphens=(hyphens.ends, hyphens.lines, hyphens.longest),
        contexts=tuple(sorted(t.contexts)),
        exact_form=exact,
        form_reason=longer,
        headroom=room,
        masthead=gave,
        html=w.composer.standalone(fitted, t, sizes, **final) if w.options.html_dir else None,
    )


def _lay_out(w: Workshop, job: Job, t: Localiser, statements: int, hint: dict):
    """The final layout of a job: each flow fitted (or a flowing product completed with note
    pages), checked before it is written. Returns (PDF bytes, layout, sizes, passes, and the
    layout's options besides the sizes)."""
    c, product = w.composer, job.product
    before, refits = c.measures.layouts, 0
    if product.pages is None:
        sizes = {WHOLE: product.body_max_pt}
        rendered, fillers = _completed(c, job, t, sizes)
        final = {"fillers": fillers}
        problems = audit.audit_layout(rendered, product, statements, job.label)
    else:
        rendered, sizes, final, refits, problems = _fitted(c, job, t, hint, statements)
    final["whole"] = rendered.whole
    passes = c.measures.layouts - before
    if problems:
        raise BuildError("\n".join(problems))
    return c.pdf(rendered, tagged=job.profile == "screen"), rendered, sizes, (passes, refits), final


def _completed(c, job: Job, t: Localiser, sizes: dict[str, float]) -> tuple[Rendered, int]:
    """A flowing product laid out once with as many note pages as its last sheet could need,
    then kept with the few that complete it (its pages a multiple of page_multiple): the note
    pages come after all the content, so the pages before them are laid out alike either way.
    Returns the layout and its note pages."""
    multiple = job.product.page_multiple
    rendered = c.render(job, t, sizes, fillers=multiple - 1)
    notes = rendered.filler_pages()
    if len(notes) != multiple - 1:  # a theme's note pages not marked one page each: count, then lay out
        rendered = c.render(job, t, sizes)
        fillers = -rendered.pages % multiple
        return (c.render(job, t, sizes, fillers=fillers) if fillers else rendered), fillers
    fillers = -(rendered.pages - len(notes)) % multiple
    dropped = set(notes[fillers:])
    return (rendered.keeping(dropped) if dropped else rendered), fillers


def _fitted(c, job: Job, t: Localiser, hint: dict, statements: int):
    """Each flow fitted, then laid out once to confirm it: the layout that is written. Where
    the layout does not hold what the measurements promised (a matrix or level grid measured
    without a layout, standing taller than measured), its flows step below the sizes that
    failed and are laid out again. Returns (layout, sizes, its options besides them, such steps taken,
    what the last layout's audit found)."""
    below: dict[str, float] = {}
    refits = 0
    while True:
        fits, _ = fitter.fit_flows(c, job, t, hint, below)
        sizes = {k: fit.body_pt for k, (fit, _) in fits.items()}
        # A single-page product spreads its spare height between its bands.
        slack = 0.0
        if WHOLE in fits and job.product.pages == 1:
            slack = max(0.0, fits[WHOLE][0].slack_mm - SLACK_SAFETY_MM)
        breaks = RowBreaks(
            {k: v for _, m in fits.values() for k, v in m.breaks.parts.items()},
            frozenset().union(*(m.breaks.new_page for _, m in fits.values())),
        )
        final = {"slack_mm": slack, "breaks": breaks}
        known = frozenset().union(*(m.whole for _, m in fits.values()))
        c.measurer.release()
        rendered = c.render(job, t, sizes, whole=known, **final)
        problems = audit.audit_layout(rendered, job.product, statements, job.label)
        if not problems or refits == MAX_REFITS:
            return rendered, sizes, final, refits, problems
        below, refits = sizes, refits + 1


def _finish(w: Workshop, job: Job, t: Localiser, pdf: bytes, pages: int, texts: tuple[str, ...]):
    """The printer's form (saddle-stitched products), the press finish, then audit and preflight:
    (final PDF, imposed form or None, preflight reports)."""
    c, product = w.composer, job.product
    rtl = t.direction == "rtl"
    imposed = impose.impose(pdf, product, rtl) if product.sheet_mm else None
    if job.profile == "press":  # (the press finish also sets the boxes: WeasyPrint's BleedBox stops at 10 pt)
        slug = _slug(w, job, pages) if w.options.press.slug else None
        pdf, imposed = output.to_press(job, c.fw, pdf, imposed, w.intent, slug, pages)
    else:
        pdf = output.to_screen(job, c.fw, pdf, pages)
    declared = {f.pdf_name for f in c.fonts}
    reports = output.check_output(job, pdf, imposed, pages, declared, texts, rtl)
    return pdf, imposed, reports


def _slug(w: Workshop, job: Job, pages: int) -> bytes:
    """The slug lines as a PDF of one small page per page of the job."""
    lines = output.slug_lines(job, w.composer.fw, pages, w.intent)
    rendered = w.composer.small_pages(*slug_html(lines, output.slug_width_mm(job)))
    if rendered.pages != pages:  # a slug longer than two lines would run onto the next page's
        w_mm = job.product.trim_mm[0]
        raise BuildError(f"{job.label}: the slug line does not fit {w_mm:g} mm in two lines: {lines[-1]}")
    return w.composer.pdf(rendered)
