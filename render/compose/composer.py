"""The composer: lays out one build's jobs with its model, look, fonts and engine."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import jinja2

from ..errors import BuildError
from ..i18n import languages
from ..i18n.localise import Localiser
from ..options import Job
from ..paths import ASSETS, Paths
from ..session import Session
from ..source.model import Framework
from . import audit, fonts, html
from .engine import Engine, Rendered, engine
from .html import RowBreaks
from .measure import Measurer
from .record import Record

WHOLE_ROUNDS = 4  # layouts of a job at most, each setting more blocks without breaking words
MIN_BAND_SCALE = 0.6  # a band's display type shrinks to fit its room down to this share
BAND_STEP = 0.9


@dataclass
class Measures:
    """Layout measurements: by page HTML (kept between builds in the cache) and by job and size."""

    fingerprint: str = ""  # of code, engine, styles and fonts: part of every page-HTML key
    stored: dict[str, Record] = field(default_factory=dict)  # by page-HTML key (and flow)
    fresh: dict[str, Record] = field(default_factory=dict)  # measured since the last take_fresh()
    by_job: dict[tuple, tuple[float, RowBreaks]] = field(default_factory=dict)
    layouts: int = 0  # layouts made (a job's passes: measuring ones and its final one)
    bands: dict[tuple, float] = field(default_factory=dict)  # by (output, draft): its band's scale

    def take_fresh(self) -> dict[str, Record]:
        """The measurements made since the last call (for the cache), then forget them."""
        fresh, self.fresh = self.fresh, {}
        return fresh


@dataclass(frozen=True)
class Composer:
    """Lays out jobs: HTML from the theme's templates, rendered with its styles and the declared fonts."""

    fw: Framework
    paths: Paths
    date: dt.date
    measures: Measures = field(default_factory=Measures)
    forms: dict[tuple, int] = field(default_factory=dict)  # page count decided per set (see fitter.form)
    form_reasons: dict[tuple, str] = field(default_factory=dict)  # what a set's shorter form lacked
    masthead_steps: dict[tuple, float] = field(default_factory=dict)  # a poster's masthead, as decided
    headroom: dict[tuple, tuple[float, float]] = field(default_factory=dict)  # a one-sheet poster's spare mm
    session: Session = field(default_factory=Session)  # what the process keeps between builds

    @cached_property
    def fonts(self) -> tuple[fonts.FontFile, ...]:
        return fonts.declared(self.session, self.paths.fonts)

    @cached_property
    def registry(self) -> languages.Registry:
        """The language registry in use (paths.registry), read once per build."""
        return languages.registry(self.paths.registry)

    @cached_property
    def env(self) -> jinja2.Environment:
        return html.environment(self.paths.theme, self.session)

    @cached_property
    def engine(self) -> Engine:
        """WeasyPrint, started on first use: a build with nothing to make never starts it."""
        roots = (*self.paths.theme.folders, self.paths.data, *self.paths.fonts)
        return engine(self.session, roots, fonts.font_face_css(self.fonts, self.registry))

    @cached_property
    def measurer(self) -> Measurer:
        """Measures matrices with the engine's line breaker, without a layout."""
        return Measurer(self.engine, self.session)

    def html(self, job: Job, t: Localiser, sizes: dict[str, float], whole=frozenset(), **layout) -> str:
        """The HTML of a job at the given body sizes (`layout`: flows, slack_mm, breaks, fillers;
        see render_html), the blocks named in `whole` set without breaking words."""
        page = self._page(job, t, sizes, self.band_scale(job, t), **layout)
        return html.keep_whole(page, whole) if whole else page

    def _page(self, job: Job, t: Localiser, sizes: dict[str, float], band: float, **layout) -> str:
        return html.render_html(
            self.fw, job.product, t, sizes=sizes, draft=job.draft, env=self.env, date=self.date, band=band, **layout
        )

    def band_scale(self, job: Job, t: Localiser) -> float:
        """The share of its size a job's band (a fixed block marked data-band, above the page's
        content) sets its display type at: the largest, in steps, at which it ends above the
        content; worked out once per output, measured without a layout (Measurer.band)."""
        key = (job.path, job.draft)
        if key not in self.measures.bands:
            self.measures.bands[key] = self._fit_band(job, t)
        return self.measures.bands[key]

    def _fit_band(self, job: Job, t: Localiser) -> float:
        scale = 1.0
        sheets, page_css = self.stylesheets(job, t), self.page_css(job, t)
        while True:
            page = self._page(job, t, job.product.probe_sizes, scale, flows=())
            if "data-band" not in page:
                return scale
            over = self.measurer.band(page, ASSETS, sheets, page_css, job.product.content_width_mm)
            if over <= 0:
                return scale
            if scale <= MIN_BAND_SCALE:
                raise BuildError(
                    f"{job.label}: the level band does not fit above the page's content even with its heading "
                    f"at {MIN_BAND_SCALE:.0%} of its size ({over:.1f} mm too tall): shorten the heading"
                )
            scale = max(MIN_BAND_SCALE, round(scale * BAND_STEP, 3))

    def page_css(self, job: Job, t: Localiser) -> str:
        """The product's page geometry and the language's counter style (page numbers in its digits)."""
        return f"{job.product.page_css()}\n{t.language.counter_css}"

    def stylesheets(self, job: Job, t: Localiser) -> list[Path]:
        return html.stylesheets(self.paths.theme, job.product, job.profile, t.direction)

    def render(
        self, job: Job, t: Localiser, sizes: dict[str, float], whole: frozenset[str] = frozenset(), **options
    ) -> Rendered:
        """Lay out a job (or some of its flows) at the given body sizes (options as for html()).

        A block where more than two line ends in a row break a word is laid out again without
        breaking words (WeasyPrint has no hyphenate-limit-lines); so are any such blocks that
        one relayout leaves, a few times at most. `whole`: the blocks known to need it (the
        measurer names a matrix's); in a product of running text (a booklet), with those the
        measurer finds in it, they are set so from the first layout. Every layout is counted
        in measures.layouts.
        """
        if job.product.pages is None:  # (elsewhere the text outside the matrices is a few lines)
            sheets, page_css = self.stylesheets(job, t), self.page_css(job, t)
            page = self.html(job, t, sizes, whole=whole, **options)
            width = job.product.content_width_mm
            whole = whole | self.measurer.whole_blocks(page, ASSETS, sheets, page_css, width)
        page = self.html(job, t, sizes, **options)
        return self.lay_out(page, self.stylesheets(job, t), self.page_css(job, t), whole)

    def lay_out(self, page: str, sheets: list[Path], page_css: str, whole: frozenset[str] = frozenset()) -> Rendered:
        """Lay out a page's HTML, the blocks named in `whole` and any that break more than two
        line ends in a row set without breaking words (see render); counted in measures.layouts."""
        for _ in range(WHOLE_ROUNDS):
            rendered = self.engine.render(html.keep_whole(page, whole), ASSETS, sheets, extra_css=page_css)
            self.measures.layouts += 1
            more = whole | {key for _, key in audit.hyphenation(rendered).runs if key}
            if more == whole:
                break
            whole = more
        rendered.whole = whole
        return rendered

    def standalone(self, job: Job, t: Localiser, sizes: dict[str, float], **options) -> str:
        """The HTML of a job as one file that a plain `weasyprint FILE OUT.pdf` lays out as
        render() does: the fonts and page rules inline, the stylesheets linked by absolute
        path, in the engine's order, and relative addresses read from the assets."""
        page = self.html(job, t, sizes, **options)
        links = "".join(f'\n<link rel="stylesheet" href="{p.resolve().as_uri()}">' for p in self.stylesheets(job, t))
        face_css = fonts.font_face_css(self.fonts, self.registry)
        head = (
            f'\n<base href="{ASSETS.resolve().as_uri()}/">\n<style>\n{face_css}\n</style>'
            f"{links}\n<style>\n{self.page_css(job, t)}\n</style>"
        )
        return page.replace("<head>", "<head>" + head, 1)

    def precheck(self, job: Job, t: Localiser, refused: dict) -> tuple[tuple[str, str], ...]:
        """Before any rendering: every string translated and usable (unless drafting), every
        character drawable by the language's fonts. Returns what falls back to English.

        `refused`: the catalogue's entries left out, by (context, English), with their problem:
        a final build refuses the language while there is any.
        """
        self._page(job, t, job.product.probe_sizes, 1.0)  # (what it prints, before any layout)
        if refused and not job.draft:  # a catalogue with entries that cannot be used is not final
            lines = "\n".join(f"  {p}" for p in sorted(refused.values())[:10])
            raise BuildError(
                f"{job.label}: {len(refused)} translation(s) of its catalogue cannot be used "
                f"(a draft prints their English):\n{lines}"
            )
        if t.missing and not job.draft:
            first = "; ".join(f'{c}: "{_short(m)}"' for c, m in list(t.missing)[:5])
            variant = f" --variant {job.variant}" if job.variant != "standard" else ""
            raise BuildError(
                f"{job.label}: {len(t.missing)} of the strings it prints are untranslated or fuzzy "
                f"in {self.paths.catalogues / job.lang}.po (first: {first}); translate them (meanwhile, a draft "
                f"to proof: `recovery-print build --product {job.product.name} --lang {job.lang}{variant} --draft`)"
            )
        missing = fonts.missing_glyphs(self.fonts, t.language, t.used)
        if missing:
            chars = "; ".join(
                f"U+{ord(ch):04X} {unicodedata.name(ch, '?')} '{ch}' in {', '.join(sorted(set(where))[:3])}"
                for ch, where in sorted(missing.items())
            )
            families = " + ".join(fonts.stack(t.language))
            raise BuildError(f"{job.label}: characters that {families} cannot draw: {chars}")
        return tuple(sorted(t.missing))

    def pdf(self, rendered: Rendered, tagged: bool = False) -> bytes:
        return self.engine.write(rendered, tagged=tagged)

    def small_pages(self, page: str, css: str) -> Rendered:
        """Lay out a document of its own page size and no stylesheets (the press slug lines)."""
        return self.engine.render(page, ASSETS, [], extra_css=css)


def _short(text: str, n: int = 50) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"
