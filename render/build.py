"""The pipeline for one build: model -> localise -> HTML -> PDF -> checks -> files."""

from __future__ import annotations

import os
import time
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

from . import cache, check, fonts, i18n, impose, layout, paginate, press
from . import products as products_mod
from .errors import BuildError
from .fit import Fit, fit_height
from .localise import Localiser
from .model import Framework
from .pdf import Engine, Rendered  # WeasyPrint itself is imported only when an Engine starts
from .preflight import Expect, Report, preflight
from .products import Flow, Product

_ENGINES: dict[tuple, Engine] = {}  # started engines, by folders and fonts
TALL_PAGE_MM = 20000  # measuring page: long enough for any flow on one page
SLACK_SAFETY_MM = 0.5  # spare height kept when spreading the remainder between bands


@dataclass(frozen=True)
class Job:
    """One output to make: a product in a language and variant."""

    product: Product
    lang: str
    variant: str = "standard"
    draft: bool = False  # missing translations fall back to English; pages are marked
    profile: str = "press"  # press: for the printer; screen: tagged PDF/UA, no bleed

    @property
    def path(self) -> str:
        if self.variant == "large-print":
            return f"{self.lang}/large-print/{self.product.name}.pdf"
        folder = f"{self.lang}/screen" if self.profile == "screen" else self.lang
        return f"{folder}/{self.product.name}.pdf"

    @property
    def family_key(self) -> tuple:
        """Outputs that share one page count: a per-level set in one language and variant."""
        return (self.product.family, self.lang, self.variant, self.draft, self.profile)

    @property
    def label(self) -> str:
        suffix = ", large print" if self.variant == "large-print" else ", screen" if self.profile == "screen" else ""
        return f"{self.product.name} [{self.lang}{suffix}]"


@dataclass(frozen=True)
class PressOptions:
    """How press PDFs are finished: output intent (ICC profile and condition), slug line."""

    icc: Path | None = None  # default: press.DEFAULT_PROFILE (FOGRA39)
    condition: str | None = None  # OutputConditionIdentifier; default from the profile
    slug: bool = True


@dataclass(frozen=True)
class Result:
    """A finished, checked output waiting to be written."""

    job: Job
    pdf: bytes
    pages: int
    sizes: dict[str, float]  # body size per flow
    passes: int
    seconds: float
    imposed: bytes | None = None  # the printer's form, for saddle-stitched products
    fallbacks: tuple[tuple[str, str], ...] = ()  # (context, English) printed untranslated
    preflight: tuple[Report, ...] = ()  # of the PDF, then of its imposed form
    contexts: tuple[str, ...] = ()  # every context (msgctxt) of the texts it printed
    exact_form: bool = True  # its page count was decided from every level of its set

    @property
    def imposed_path(self) -> str:
        return f"{self.job.lang}/{self.job.product.name}-imposed.pdf"

    def files(self) -> dict[str, bytes]:
        """The files this output writes, by path under the output folder."""
        files = {self.job.path: self.pdf}
        if self.imposed is not None:
            files[self.imposed_path] = self.imposed
        return files

    def report(self) -> list[dict]:
        """Build-report entries: the reader's PDF, and its imposed form if any."""
        p = self.job.product
        entries = [self._entry()]
        if self.imposed is not None:
            entries.append(
                {
                    "product": f"{p.name}-imposed",
                    "imposed_from": p.name,
                    "lang": self.job.lang,
                    "variant": self.job.variant,
                    "profile": self.job.profile,
                    "path": self.imposed_path,
                    "pages": self.pages // 2,
                    "sides": 2,
                    "page_size_mm": list(p.sheet_mm),
                    "binding": "saddle-stitch",
                    "bleed_mm": p.bleed_mm,
                    "body_min_pt": p.body_min_pt,
                    "status": "ok",
                    **self._preflight(1),
                }
            )
        return entries

    def _preflight(self, index: int) -> dict:
        if index >= len(self.preflight):
            return {}
        report = self.preflight[index]
        warnings = len(report.findings) - len(report.errors)
        entry = {"preflight": "pass" if report.ok else "fail", "preflight_warnings": warnings}
        if report.facts.get("standard"):
            entry["standard"] = report.facts["standard"]
            entry["output_condition"] = report.facts.get("output_condition", "")
        return entry

    def _entry(self) -> dict:
        p = self.job.product
        entry = {
            "product": p.name,
            "lang": self.job.lang,
            "variant": self.job.variant,
            "profile": self.job.profile,
            "path": self.job.path,
            "pages": self.pages,
            "sides": p.sides,
            "page_size_mm": list(p.trim_mm),
            "bleed_mm": p.bleed_mm,
            "body_pt": min(self.sizes.values()),
            "body_min_pt": p.body_min_pt,
            "layout_passes": self.passes,
            "status": "ok",
            **self._preflight(0),
        }
        if self.job.draft:
            entry["draft"] = True
            entry["fallbacks"] = [{"context": c, "msgid": m} for c, m in self.fallbacks]
        if list(self.sizes) != ["all"]:
            entry["body_pt_by_matrix"] = dict(self.sizes)
        return entry


PROFILES = ("press", "screen")


def plan(
    products: dict[str, Product],
    names: tuple[str, ...],
    langs: tuple[str, ...],
    draft: bool = False,
    profile: str = "press",
    variant: str = "standard",
    large_print_pt: float = 16,
    bleed_mm: float | None = None,
) -> list[Job]:
    """The jobs for the requested products (all when none named) and languages.

    The large-print variant is made of the products that have one (all of them with
    none named), always as tagged screen-profile PDFs.
    """
    unknown = [n for n in names if n not in products]
    if unknown:
        raise BuildError(f"unknown product {', '.join(unknown)} (known: {', '.join(products)})")
    chosen = [products[n] for n in dict.fromkeys(names)] if names else list(products.values())
    if variant == "large-print":
        without = [p.name for p in chosen if not p.large_print]
        if names and without:
            raise BuildError(f"no large-print form for {', '.join(without)}")
        chosen = [p.in_large_print(large_print_pt) for p in chosen if p.large_print]
        profile = "screen"
    if profile == "screen":  # on screen: no bleed, nothing to trim
        chosen = [replace(p, bleed_mm=0.0, sheet_mm=None) for p in chosen]
    elif bleed_mm is not None:
        chosen = [replace(p, bleed_mm=bleed_mm) for p in chosen]
    return [
        Job(p, lang, variant=variant, draft=draft, profile=profile)
        for lang in dict.fromkeys(langs or ("en",))
        for p in chosen
    ]


def edition_date(fw: Framework):
    """The date written into PDFs: SOURCE_DATE_EPOCH if set, else the edition's revision date."""
    import datetime as dt

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return fw.edition.revised


class Builder:
    """Holds the engine and fonts for a build; makes one Result per Job."""

    def __init__(
        self,
        fw: Framework,
        data_dir: Path,
        template_dirs: tuple[Path, ...] = (),
        catalogues: Path | None = None,
        press_options: PressOptions | None = None,
    ):
        self.fw = fw
        self.press_options = press_options or PressOptions()
        self._intent: press.OutputIntent | None = None
        self.catalogue_dir = catalogues or i18n.CATALOGUES
        self.fonts = fonts.resolve_fonts()
        self.roots = (layout.TEMPLATES, layout.STYLES, Path(data_dir), *template_dirs, *fonts.font_dirs())
        self._engine: Engine | None = None
        self.env = layout.environment(template_dirs)
        # Carried over from earlier builds (see run): measurements by page-HTML key, the
        # sizes each output took, the page count each per-level set took.
        self.fingerprint = ""  # of code, engine, styles and fonts: part of every measurement key
        self.measure_store: dict[str, list] = {}
        self.new_measures: dict[str, list] = {}
        self.size_hints: dict[str, dict[str, float]] = {}
        self.form_hints: dict[tuple, int] = {}
        self.date = edition_date(fw)
        self.catalogues: dict[tuple[str, bool], dict[tuple[str, str], str]] = {}
        self.measures: dict[tuple, tuple[float, layout.RowBreaks]] = {}
        self.forms: dict[tuple[str, str, bool], int] = {}
        self.t = Localiser()
        self.fallbacks: tuple[tuple[str, str], ...] = ()

    @property
    def engine(self) -> Engine:
        """WeasyPrint, started on first use (a build with nothing to make never starts it),
        and kept for the process: a watch's next rebuild skips loading fonts and styles."""
        if self._engine is None:
            css = fonts.font_face_css(self.fonts)
            key = (self.roots, css)
            if key not in _ENGINES:
                _ENGINES[key] = Engine(self.roots, css)
            self._engine = _ENGINES[key]
        return self._engine

    def localiser(self, job: Job) -> Localiser:
        """A fresh localiser for a job (it records what the job asks for)."""
        key = (job.lang, job.draft)  # a draft also prints fuzzy (unreviewed) translations
        if key not in self.catalogues:
            self.catalogues[key] = i18n.load(job.lang, self.catalogue_dir, fuzzy=job.draft)
        return Localiser(job.lang, self.catalogues[key])

    def precheck(self, job: Job) -> tuple[tuple[str, str], ...]:
        """Before any rendering: every string translated (unless drafting), every
        character drawable by the language's fonts. Returns what falls back to English."""
        product = job.product
        layout.render_html(
            self.fw, product, self.t, sizes=product.probe_sizes, env=self.env, date=self.date, draft=job.draft
        )
        if self.t.missing and not job.draft:
            first = "; ".join(f'{c}: "{_short(m)}"' for c, m in list(self.t.missing)[:5])
            raise BuildError(
                f"{job.label}: {len(self.t.missing)} of the strings it prints are untranslated or fuzzy "
                f"in {self.catalogue_dir / job.lang}.po (first: {first}); translate them, or build with --draft"
            )
        missing = fonts.missing_glyphs(self.fonts, job.lang, self.t.used)
        if missing:
            chars = "; ".join(
                f"U+{ord(ch):04X} {unicodedata.name(ch, '?')} '{ch}' in {', '.join(sorted(set(where))[:3])}"
                for ch, where in sorted(missing.items())
            )
            families = " + ".join(fonts.stack(job.lang))
            raise BuildError(f"{job.label}: characters that {families} cannot draw: {chars}")
        return tuple(sorted(self.t.missing))

    def render(self, job: Job, sizes: dict[str, float], **options) -> Rendered:
        """Lay out a job (or one of its flows) at the given body sizes (options as for html())."""
        html = self.html(job, sizes, **options)
        return self.engine.render(html, layout.PROJECT, self.stylesheets(job), extra_css=job.product.page_css())

    def html(
        self,
        job: Job,
        sizes: dict[str, float],
        flow: str | None = None,
        slack_mm: float = 0.0,
        breaks: layout.RowBreaks | None = None,
        fillers: int = 0,
    ) -> str:
        """The HTML of a job (or one of its flows) at the given body sizes."""
        return layout.render_html(
            self.fw,
            job.product,
            self.t,
            sizes=sizes,
            flow=flow,
            slack_mm=slack_mm,
            breaks=breaks,
            fillers=fillers,
            draft=job.draft,
            env=self.env,
            date=self.date,
        )

    def stylesheets(self, job: Job) -> list[Path]:
        """Tokens, shared styles, scripts, the product's own, and its right-to-left layer if needed."""
        sheets = [layout.STYLES / n for n in ("tokens.css", "base.css", "scripts.css", job.product.stylesheet)]
        if job.profile == "press":
            sheets.insert(1, layout.STYLES / "press.css")
        rtl = layout.STYLES / job.product.stylesheet.replace(".css", "-rtl.css")
        if self.t.direction == "rtl" and rtl.is_file():
            sheets.append(rtl)
        return sheets

    def measure_flow(self, job: Job, flow: Flow, body_pt: float) -> tuple[float, layout.RowBreaks]:
        """Height a flow takes at a body size (its pages stacked), and its matrix rows' breaks.

        One pass on a page tall enough for everything; a table set a row per component is
        then paginated from its measurements (see paginate). Results are kept: the page
        budget does not change them, so longer forms of a product reuse them.
        """
        product = job.product
        # A whole product on several pages is measured on its real pages: where its
        # blocks break decides its height. Anything else on one tall page.
        paged = flow.id == "all" and flow.pages > 1
        key = (replace(product, pages=None, flows=(), more_pages=()), job.lang, job.draft, flow.id, body_pt, paged)
        if key not in self.measures:
            trim = product.trim_mm if paged else (product.trim_mm[0], TALL_PAGE_MM)
            tall = replace(job, product=replace(product, trim_mm=trim))
            html = self.html(tall, {flow.id: body_pt}, None if flow.id == "all" else flow.id)
            sheets = self.stylesheets(tall)
            page_css = tall.product.page_css()
            disk = cache.measure_key(self.fingerprint, html, [p.name for p in sheets], page_css)
            if disk in self.measure_store:
                height, parts, new_page = self.measure_store[disk]
                breaks = layout.RowBreaks(parts, frozenset(tuple(x) for x in new_page))
            else:
                rendered = self.engine.render(html, layout.PROJECT, sheets, extra_css=page_css)
                height, breaks = self._measure(rendered, flow, product.content_height_mm)
                record = [height, dict(breaks.parts), sorted(breaks.new_page)]
                self.measure_store[disk] = self.new_measures[disk] = record
            self.measures[key] = (height, breaks)
        return self.measures[key]

    @staticmethod
    def _measure(rendered: Rendered, flow: Flow, page_h: float) -> tuple[float, layout.RowBreaks]:
        measured = paginate.measure(rendered)
        if measured.groups:
            breaks, pages, y = paginate.paginate(measured, page_h)
            return (pages - 1) * page_h + y, breaks
        end = "end" if flow.id == "all" else f"end-{flow.id}"
        pos = rendered.positions({"start", end})
        page, y = pos[end]
        return page * page_h + y - pos["start"][1], layout.RowBreaks()

    def fit_flow(self, job: Job, flow: Flow) -> tuple[Fit, layout.RowBreaks, int]:
        """The largest body size at which one flow fits its page budget, with the page
        breaks its matrix rows take at that size and the number of layout passes."""
        product = job.product
        what = job.label if flow.id == "all" else f"{job.label}: {self._flow_name(job, flow)}"
        fit = fit_height(
            lambda body_pt: self.measure_flow(job, flow, body_pt)[0],
            flow.pages * product.content_height_mm,
            product.body_min_pt,
            product.body_max_pt,
            what,
            hint_pt=self.size_hints.get(job.path, {}).get(flow.id),
        )
        return fit, self.measure_flow(job, flow, fit.body_pt)[1], fit.passes

    def form(self, job: Job) -> tuple[Product, bool]:
        """The form of a product for this language: its own page count, or the first of its
        longer forms at which it fits at the floor (for a per-level set: every level of the
        set, which keeps one count). Also whether every level was measured to decide it:
        with a hint that the set took its shortest form last time, that form is taken at
        once; if this level no longer fits it, build() decides again measuring every level
        (and run redoes a set whose members disagree)."""
        product = job.product
        if not product.more_pages:
            return product, True
        key = (product.family, job.lang, job.draft)
        options = (product.pages, *product.more_pages)
        page_h = product.content_height_mm
        floor = product.body_min_pt
        if key not in self.forms:
            if self.form_hints.get(job.family_key) == options[0]:
                return product, False
            used = []  # (height at the floor, share of the pages) for every level's flows
            own, self.t = self.t, Localiser(job.lang, self.t.translations)  # the others' texts are not this output's
            try:
                for n in products_mod.LEVELS if product.level else (None,):
                    sibling = replace(job, product=replace(product, level=n))
                    for flow in product.flows:
                        used.append((self.measure_flow(sibling, flow, floor)[0], flow.pages / product.pages))
            finally:
                self.t = own
            self.forms[key] = next(
                (n for n in options if all(h <= share * n * page_h + 1e-6 for h, share in used)), options[-1]
            )
        pages = self.forms[key]
        return (product if pages == product.pages else product.with_pages(pages)), True

    def _flow_name(self, job: Job, flow: Flow) -> str:
        level = f"level {job.product.level} " if job.product.level else ""
        matrix = next((m.name.source for m in self.fw.matrices if m.id == flow.id), flow.id)
        return f"{level}{matrix}"

    def build(self, job: Job) -> Result:
        """Fit every flow, render, check and write one output to bytes."""
        result, exact = self._build(job)
        return replace(result, contexts=tuple(sorted(self.t.contexts)), exact_form=exact)

    def _build(self, job: Job) -> tuple[Result, bool]:
        original, start = job, time.perf_counter()
        self.t = self.localiser(job)
        self.fallbacks = self.precheck(job)
        product, exact = self.form(job)
        job = replace(job, product=product)
        product = job.product
        if product.pages is None:
            return self.build_flowing(job, start), exact
        try:
            fits = {flow.id: self.fit_flow(job, flow) for flow in product.flows}
        except BuildError:
            if exact:
                raise
            del self.form_hints[original.family_key]  # the hinted form no longer holds: decide it
            return self._build(original)
        sizes = {k: fit.body_pt for k, (fit, _, _) in fits.items()}
        # A single-page product spreads its spare height between its bands.
        slack = 0.0
        if "all" in fits and product.pages == 1:
            slack = max(0.0, fits["all"][0].slack_mm - SLACK_SAFETY_MM)
        breaks = layout.RowBreaks(
            {k: v for _, b, _ in fits.values() for k, v in b.parts.items()},
            frozenset().union(*(b.new_page for _, b, _ in fits.values())),
        )
        rendered = self.render(job, sizes, slack_mm=slack, breaks=breaks)
        passes = 1 + sum(n for _, _, n in fits.values())
        return self.finish(job, rendered, sizes, passes, start), exact

    def build_flowing(self, job: Job, start: float) -> Result:
        """A product of as many pages as its content takes (at its largest body size),
        completed with note pages to a whole number of sheets."""
        product = job.product
        sizes = {"all": product.body_max_pt}
        rendered = self.render(job, sizes)
        fillers = -rendered.pages % product.page_multiple
        if fillers:
            rendered = self.render(job, sizes, fillers=fillers)
        return self.finish(job, rendered, sizes, 2 if fillers else 1, start)

    def finish(self, job: Job, rendered: Rendered, sizes: dict[str, float], passes: int, start: float) -> Result:
        """Check a final layout, write it to PDF bytes and check those."""
        product = job.product
        statements = self.fw.statements(product.level, product.perspective) if product.statements else []
        problems = check.check_layout(rendered, product, len(statements), job.label)
        if problems:
            raise BuildError("\n".join(problems))
        pdf = self.engine.write(rendered, tagged=job.profile == "screen")
        imposed = impose.impose(pdf, product, self.t.direction == "rtl") if product.sheet_mm else None
        if job.profile == "press":  # (the press finish also sets the boxes: WeasyPrint's BleedBox stops at 10 pt)
            pdf, imposed = self.to_press(job, pdf, imposed, rendered.pages)
        problems = check.check_pdf(pdf, product, self.fonts, job.label, rendered.pages)
        if imposed is not None:
            problems += check.check_imposed(imposed, product, rendered.pages, job.label)
        if problems:
            raise BuildError("\n".join(problems))
        texts = tuple(self.t(s.text) for s in statements)
        reports = self.preflight_outputs(job, pdf, imposed, rendered.pages, texts)
        fallbacks = self.fallbacks if job.draft else ()
        seconds = time.perf_counter() - start
        return Result(job, pdf, rendered.pages, sizes, passes, seconds, imposed, fallbacks, reports)

    @property
    def intent(self) -> press.OutputIntent:
        """The output intent of press PDFs (read once, when the first press output is made)."""
        if self._intent is None:
            self._intent = press.load_intent(self.press_options.icc, self.press_options.condition)
        return self._intent

    def to_press(self, job: Job, pdf: bytes, imposed: bytes | None, pages: int) -> tuple[bytes, bytes | None]:
        """PDF/X-4 for the printer: output intent, marks and slug outside the bleed."""
        product = job.product
        title = f"{self.fw.edition.title.source} · {product.title}"
        key = f"{job.path}:{self.fw.edition.edition.source}"
        slug = self.slug(job, pages) if self.press_options.slug else None
        intent = self.intent
        pdf = press.finish(pdf, product.bleed_mm, intent, title=title, document_key=key, slug=slug)
        if imposed is not None:
            key, title = f"{key}:imposed", f"{title} (imposed)"
            imposed = press.finish(imposed, product.bleed_mm, intent, title=title, document_key=key, marks=False)
        return pdf, imposed

    def slug(self, job: Job, pages: int) -> bytes:
        """One slug line per page: job, product, language, edition, page n/N, output condition."""
        p, ed = job.product, self.fw.edition
        w, h = p.trim_mm
        lines = [
            f"{ed.publisher_short}-{p.name}-{job.lang} · {p.title} · {job.lang} · {ed.edition.source} ({ed.revised}) · "
            f"page {n}/{pages} · trim {w:g} × {h:g} mm, bleed {p.bleed_mm:g} mm · {press.PDFX} {self.intent.condition}"
            for n in range(1, pages + 1)
        ]  # on an A5 page this takes two lines
        html, css = press.slug_html(lines, w - 2 * press.SLUG_INSET_MM)
        rendered = self.engine.render(html, layout.PROJECT, [], extra_css=css)
        if rendered.pages != pages:  # a slug longer than two lines would run onto the next page's
            raise BuildError(f"{job.label}: the slug line does not fit {w:g} mm in two lines: {lines[-1]}")
        return self.engine.write(rendered)

    def preflight_outputs(
        self, job: Job, pdf: bytes, imposed: bytes | None, pages: int, statements: tuple[str, ...]
    ) -> tuple[Report, ...]:
        """Preflight a finished output (and its imposed form); any error fails the build."""
        p = job.product
        press_pdf, rtl = job.profile == "press", self.t.direction == "rtl"
        expect = Expect(job.label, p.trim_mm, p.bleed_mm, press_pdf, p.body_min_pt, pages, statements, rtl=rtl)
        reports = [preflight(pdf, expect, job.path)]
        if imposed is not None:
            spread = (2 * p.trim_mm[0], p.trim_mm[1])
            label = f"{job.label} imposed"
            reports.append(preflight(imposed, replace(expect, label=label, trim_mm=spread, pages=pages // 2)))
        problems = [f"{r.label}: preflight {f}" for r in reports for f in r.errors]
        if problems:
            raise BuildError("\n".join(problems))
        return tuple(reports)


def _short(text: str, n: int = 50) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"
