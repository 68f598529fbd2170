"""The fitter: each flow's largest body size within its pages, and the form (page count) of a product."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from ..errors import BuildError
from ..hashing import sha
from ..i18n.localise import Localiser
from ..options import Job
from ..paths import ASSETS
from ..source.products import MASTHEAD_STEPS, WHOLE, Flow, Product
from . import paginate
from .composer import Composer
from .engine import PX_PER_MM, Rendered
from .fit import Fit, search
from .html import RowBreaks
from .measure import Unmeasurable
from .record import Record

TALL_PAGE_MM = 20000  # measuring page: long enough for any flow on one page


def measure_key(fingerprint: str, page: str, sheets: list[str], page_css: str) -> str:
    """The key of one measuring layout: the page's HTML, its styles, the page geometry."""
    return sha(fingerprint, *sheets, page_css, page)


def measure_flows(c: Composer, job: Job, t: Localiser, sizes: dict[Flow, float]) -> dict[str, Measure]:
    """Height each flow takes at its body size (its pages stacked), its matrix rows' breaks
    and the statements set without breaking words.

    A matrix set a row per component is measured without a layout (measure.Measurer.table,
    the engine's own line breaker on the page's computed styles), then paginated from its
    measurements (see paginate); a poster's level grids alike (see _gridded_measure). Any
    other flow is laid out, all that are not known yet in one pass, on pages tall enough for
    everything (each flow starts a page of its own, as it does in print). Results are kept,
    each flow's by the page of it alone: the page budget does not change them, so longer
    forms of a product reuse them.
    """
    product, memo = job.product, c.measures.by_job
    bare = replace(product, pages=None, flows=(), more_pages=())

    def key(flow: Flow, body_pt: float, paged: bool) -> tuple:
        return (bare, job.lang, job.draft, flow.id, body_pt, paged)

    # A whole product on several pages is measured on its real pages: where its
    # blocks break decides its height. Anything else on one tall page.
    paged = any(f.id == WHOLE and f.pages > 1 for f in sizes)
    todo = {f: pt for f, pt in sizes.items() if key(f, pt, paged) not in memo}
    if todo:
        trim = product.trim_mm if paged else (product.trim_mm[0], TALL_PAGE_MM)
        tall = replace(job, product=replace(product, trim_mm=trim))
        whole = any(f.id == WHOLE for f in todo)
        flows = None if whole else tuple(f.id for f in todo)
        sheets = c.stylesheets(tall, t)
        page_css = c.page_css(tall, t)
        rendered = None
        for flow, body_pt in todo.items():
            # Each flow is kept by the page of it alone: an edit to one matrix leaves the other's.
            page = c.html(tall, t, {flow.id: body_pt}, flows=None if flow.id == WHOLE else (flow.id,))
            disk = measure_key(c.measures.fingerprint, page, [p.name for p in sheets], page_css)
            stored = c.measures.stored.get(sha(disk, flow.id))
            if stored is not None:
                breaks = RowBreaks(dict(stored.parts), frozenset(stored.new_page))
                memo[key(flow, body_pt, paged)] = Measure(stored.height, breaks, frozenset(stored.whole))
                continue
            try:
                measured = None
                if _by_component(page, flow):
                    measured = _measured(c, page, sheets, page_css, flow, product)
                elif _gridded(page, flow):
                    measured = _gridded_measure(c, tall, t, page, sheets, page_css, paged)
                if measured is None:
                    if rendered is None:
                        rendered = c.render(tall, t, {f.id: pt for f, pt in todo.items()}, flows=flows)
                    measured = _measure(rendered, flow, product.content_height_mm)
            except paginate.Unbreakable as err:
                if body_pt <= product.body_min_pt:  # smaller it cannot be set
                    raise BuildError(f"{job.label}: {err} at the minimum body size {body_pt:g} pt") from None
                memo[key(flow, body_pt, paged)] = Measure(math.inf, RowBreaks())  # larger sizes do not fit
                continue
            breaks = measured.breaks
            record = Record(
                measured.height, dict(breaks.parts), tuple(sorted(breaks.new_page)), tuple(sorted(measured.whole))
            )
            c.measures.stored[sha(disk, flow.id)] = c.measures.fresh[sha(disk, flow.id)] = record
            memo[key(flow, body_pt, paged)] = measured
    return {f.id: memo[key(f, pt, paged)] for f, pt in sizes.items()}


@dataclass(frozen=True)
class Measure:
    """A flow measured at a size: its height (its pages stacked, mm), its matrix rows' page
    breaks, and the statements its layout must set without breaking words."""

    height: float
    breaks: RowBreaks
    whole: frozenset[str] = frozenset()


# How a table is measured is the template's to declare, on the table: data-measure="by-component"
# (with data-matrix, its flow: a matrix a row per component) or "level-grid" (the poster's grids).
# A table that declares neither is measured from a layout.
BY_COMPONENT, LEVEL_GRID = "by-component", "level-grid"
_TABLE = re.compile(r"<table\b([^>]*)>")
_ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')


def declared(page: str) -> list[dict[str, str]]:
    """The attributes of each table of a page that declares how it is measured (data-measure)."""
    tables = (dict(_ATTRIBUTE.findall(m.group(1))) for m in _TABLE.finditer(page))
    return [a for a in tables if "data-measure" in a]


def _by_component(page: str, flow: Flow) -> bool:
    """Whether a flow is a matrix set a row per component (what the measurer stands)."""
    return flow.id != WHOLE and any(
        a["data-measure"] == BY_COMPONENT and a.get("data-matrix") == flow.id for a in declared(page)
    )


def _gridded(page: str, flow: Flow) -> bool:
    """Whether a product fitted whole sets its matrices as level grids (the poster)."""
    return flow.id == WHOLE and any(a["data-measure"] == LEVEL_GRID for a in declared(page))


def _gridded_measure(
    c: Composer, tall: Job, t: Localiser, page: str, sheets, page_css: str, paged: bool
) -> Measure | None:
    """A product of level grids measured without laying its grids out: the grids stood by the
    measurer; on one tall page, under and around them what does not change with the body size
    (the rest, see _rest); on its real pages, the page laid out with each grid a block as tall
    as measured (_stood_in: where its bands break decides its height). None where the measurer
    cannot stand the grids, or a band would not stay on one page (a grid would break)."""
    try:
        grids = c.measurer.grids(page, ASSETS, sheets, page_css, tall.product.content_width_mm)
    except Unmeasurable:
        return None
    if not paged:
        return Measure(_rest(c, tall, t, sheets, page_css) + sum(grids.heights), RowBreaks(), grids.whole)
    rendered = c.lay_out(_stood_in(page, grids.heights), sheets, page_css)
    bands = rendered.element_pages(lambda tag, element: tag == "section" and element.get("data-level"))
    if any(len(pages) > 1 for pages in bands):
        return None
    return Measure(
        _measure(rendered, Flow(WHOLE, tall.product.pages), tall.product.content_height_mm).height,
        RowBreaks(),
        grids.whole,
    )


def _stood_in(page: str, heights: tuple[float, ...]) -> str:
    """A page with each level grid an empty table of its measured height (px, as the engine
    counts): laid out as fast as the page without them, its bands break where they would."""
    found = iter(heights)

    def stand_in(match: re.Match) -> str:
        tag = re.sub(r' style="[^"]*"', "", match.group(1))
        return f'{tag} style="block-size: {next(found) * PX_PER_MM!r}px"></table>'

    return re.sub(r'(<table\b[^>]*data-measure="level-grid"[^>]*)>.*?</table>', stand_in, page, flags=re.S)


def _rest(c: Composer, tall: Job, t: Localiser, sheets, page_css: str) -> float:
    """The height (mm) of a product of level grids on a tall page, less its grids' own: one
    layout of its page with every grid's statements taken out, at the floor, less the
    heights its grids take there. Only the grids change with the body size (the masthead,
    band headings and credits are set at sizes of their own), so this holds at every size; it
    is kept with the measurements, and a change to a statement does not change it."""
    page = _emptied(c.html(tall, t, {WHOLE: tall.product.body_min_pt}))
    key = sha(measure_key(c.measures.fingerprint, page, [p.name for p in sheets], page_css), "rest")
    if key not in c.measures.stored:
        rendered = c.lay_out(page, sheets, page_css)
        pos = rendered.positions({"start", "end"})
        grids = sum(rendered.heights(lambda e: e.get("data-measure") == LEVEL_GRID))
        c.measures.stored[key] = c.measures.fresh[key] = Record(pos["end"][1] - pos["start"][1] - grids)
    return c.measures.stored[key].height


def _emptied(page: str) -> str:
    """A page with its statements taken out (each list of them left empty)."""
    return re.sub(r'(<ul class="statements">).*?(</ul>)', r"\1\2", page, flags=re.S)


def _measured(c: Composer, page: str, sheets, page_css: str, flow: Flow, product: Product) -> Measure | None:
    """A matrix measured by the measurer and paginated; None where it cannot stand the table."""
    try:
        table = c.measurer.table(page, ASSETS, sheets, page_css, flow.id, product.content_width_mm)
    except Unmeasurable:
        return None
    breaks, pages, y = paginate.paginate(table.measured, product.content_height_mm)
    return Measure((pages - 1) * product.content_height_mm + y, breaks, table.whole)


def _measure(rendered: Rendered, flow: Flow, page_h: float) -> Measure:
    if flow.id != WHOLE:
        measured = paginate.measure(rendered, flow.id)
        if measured.groups:
            breaks, pages, y = paginate.paginate(measured, page_h)
            return Measure((pages - 1) * page_h + y, breaks)
    end = "end" if flow.id == WHOLE else f"end-{flow.id}"
    pos = rendered.positions({"start", end})
    page, y = pos[end]
    return Measure(page * page_h + y - pos["start"][1], RowBreaks())


def fit_flows(
    c: Composer, job: Job, t: Localiser, hints: dict[str, float], below: dict[str, float] | None = None
) -> tuple[dict[str, tuple[Fit, Measure]], int]:
    """The largest body size at which each flow fits its page budget, with the page breaks
    its matrix rows take at that size; and the number of layout passes it took. The flows
    are fitted together: each pass measures every flow still searching, at its next size.
    `below`: sizes a flow's layout showed too large (its search stays under them)."""
    product, below = job.product, below or {}
    steps = {}
    for flow in product.flows:
        what = job.label if flow.id == WHOLE else f"{job.label}: {_flow_name(c, job, flow)}"
        top = product.body_max_pt
        if flow.id in below:
            top = round(below[flow.id] - 0.1, 1)
            if top < product.body_min_pt:
                floor = product.body_min_pt
                raise BuildError(f"{what}: does not fit its pages even at the minimum body size {floor:g} pt")
        steps[flow] = search(flow.pages * product.content_height_mm, product.body_min_pt, top, what, hints.get(flow.id))
    asked = {flow: next(step) for flow, step in steps.items()}
    fits: dict[Flow, Fit] = {}
    before = c.measures.layouts
    while asked:
        measured = measure_flows(c, job, t, asked)
        for flow in list(asked):
            try:
                asked[flow] = steps[flow].send(measured[flow.id].height)
            except StopIteration as done:
                fits[flow] = done.value
                del asked[flow]
    sizes = {flow: fit.body_pt for flow, fit in fits.items()}
    breaks = measure_flows(c, job, t, sizes)
    return {flow.id: (fits[flow], breaks[flow.id]) for flow in product.flows}, c.measures.layouts - before


def form(c: Composer, job: Job, translations: dict, hint: int | None = None) -> tuple[Product, bool]:
    """The form of a product for this language: its own page count, or the first of its
    longer forms at which it fits at the floor (for a per-level set: every level of the
    set, which keeps one count); a poster's masthead gives way, in steps down to its floors,
    before its longer form is taken. Also whether every level was measured to decide it:
    with a `hint` that the set took its shortest form last time, that form is taken at
    once; if this level no longer fits it, the job decides again without the hint (and
    the runner redoes a set whose members disagree)."""
    product = job.product
    if not product.more_pages:
        return product, True
    key = (product.family, job.lang, job.draft)
    options = (product.pages, *product.more_pages)
    if key not in c.forms:
        if hint == options[0] and not product.masthead:  # (a masthead's step is always measured)
            return product, False
        used = _at_floor(c, job, translations, product)
        pages = next((n for n in options if _fits(product, used, n)), options[-1])
        step, full = 1.0, used
        if pages != options[0] and product.masthead:
            for step in MASTHEAD_STEPS[1:]:
                used = _masthead_at(c, job, translations, step, full)
                if _fits(product, used, options[0]):
                    pages = options[0]
                    break
            else:
                step = 1.0  # (on the longer form the masthead takes its full size again)
        c.forms[key], c.masthead_steps[key] = pages, step
        if pages != options[0]:
            floors = " with the masthead at its floors" if product.masthead else ""
            c.form_reasons[key] = _shorter_form_lacks(product, used, floors)
        elif product.masthead:
            spare = _spare(product, full if step == 1.0 else used)
            least = _spare(product, _masthead_at(c, job, translations, 0.0, full))
            c.headroom[key] = (spare, least)
    pages, step = c.forms[key], c.masthead_steps.get(key, 1.0)
    fitted = product if pages == product.pages else product.with_pages(pages)
    return (fitted if step == 1.0 else fitted.with_masthead(step)), True


def _at_floor(c: Composer, job: Job, translations: dict, product: Product) -> list[tuple]:
    """Each flow of every level of a set at the floor: (height, share of the pages, which flow)."""
    used = []
    for level in (lv.number for lv in c.fw.levels) if product.level else (None,):
        sibling = replace(job, product=replace(product, level=level))
        t = Localiser(job.lang, translations, registry=c.registry)  # the other levels' texts are not this output's
        heights = measure_flows(c, sibling, t, {flow: product.body_min_pt for flow in product.flows})
        for flow in product.flows:
            used.append((heights[flow.id].height, flow.pages / product.pages, (c, sibling, flow)))
    return used


def _masthead_at(c: Composer, job: Job, translations: dict, step: float, full: list[tuple]) -> list[tuple]:
    """A poster at the floor with its masthead at a step, from its measurement with the full
    masthead (`full`): its level grids stand as they did (the masthead's sizes do not reach
    them), the rest of its page (masthead, gaps, credits) is laid out again; measured whole
    where its page is not one of level grids."""
    product = job.product
    smaller = product.with_masthead(step)
    t = Localiser(job.lang, translations, registry=c.registry)
    rests = []
    for variant in (product, smaller):
        tall = replace(job, product=replace(variant, trim_mm=(variant.trim_mm[0], TALL_PAGE_MM)))
        page = c.html(tall, t, {WHOLE: variant.body_min_pt})
        if product.flows != (Flow(WHOLE, product.pages),) or not _gridded(page, product.flows[0]):
            return _at_floor(c, job, translations, smaller)
        rests.append(_rest(c, tall, t, c.stylesheets(tall, t), c.page_css(tall, t)))
    ((height, share, where),) = full
    return [(height - rests[0] + rests[1], share, where)]


def _fits(product: Product, used: list[tuple], pages: int) -> bool:
    return all(h <= share * pages * product.content_height_mm + 1e-6 for h, share, _ in used)


def _spare(product: Product, used: list[tuple]) -> float:
    """The height (mm) the most crowded flow has to spare at the floor in the shortest form."""
    return min(share * product.pages * product.content_height_mm - h for h, share, _ in used)


def headroom(c: Composer, job: Job) -> tuple[float, float] | None:
    """How much taller (mm) a one-sheet poster could grow before it takes its longer form: at
    the floor with the masthead as set, and with the masthead at its floors (this build)."""
    return c.headroom.get((job.product.family, job.lang, job.draft))


def _shorter_form_lacks(product: Product, used: list, how: str = "") -> str:
    """Why a product took a longer form, in words: how much too tall its most overfull flow
    stands in its shortest form at the floor (e.g. "1 flat sheet(s) at 8 pt: 96 mm too tall")."""
    overs = [(h - share * product.pages * product.content_height_mm, where) for h, share, where in used]
    over, (c, job, flow) = max(overs, key=lambda x: x[0])
    what = "" if flow.id == WHOLE else f"{_flow_name(c, job, flow)}: "
    return f"{product.form} at {product.body_min_pt:g} pt{how}: {what}{over:.0f} mm too tall"


def form_reason(c: Composer, job: Job) -> str | None:
    """What the shorter form of a job's product lacked, if its set took a longer one (this build)."""
    return c.form_reasons.get((job.product.family, job.lang, job.draft))


def _flow_name(c: Composer, job: Job, flow: Flow) -> str:
    level = f"level {job.product.level} " if job.product.level else ""
    matrix = next((m.name.source for m in c.fw.matrices if m.id == flow.id), flow.id)
    return f"{level}{matrix}"
