"""The pipeline for one build: model -> localise -> HTML -> PDF -> checks -> files."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import check, fonts, layout
from .errors import BuildError
from .fit import Fit, fit_height
from .localise import Localiser
from .model import Framework
from .products import Product
from .write import write_outputs

PX_PER_MM = 96 / 25.4
SLACK_SAFETY_MM = 0.5  # spare height kept when spreading the remainder between bands


@dataclass(frozen=True)
class Job:
    """One output to make: a product in a language and variant."""

    product: Product
    lang: str
    variant: str = "standard"

    @property
    def path(self) -> str:
        return f"{self.lang}/{self.product.name}.pdf"

    @property
    def label(self) -> str:
        return f"{self.product.name} [{self.lang}]"


@dataclass(frozen=True)
class Result:
    """A finished, checked output waiting to be written."""

    job: Job
    pdf: bytes
    pages: int
    fit: Fit
    seconds: float

    def report(self) -> dict:
        p = self.job.product
        return {
            "product": p.name,
            "lang": self.job.lang,
            "variant": self.job.variant,
            "path": self.job.path,
            "pages": self.pages,
            "page_size_mm": list(p.trim_mm),
            "bleed_mm": p.bleed_mm,
            "body_pt": self.fit.body_pt,
            "body_min_pt": p.body_min_pt,
            "layout_passes": self.fit.passes,
            "status": "ok",
        }


def plan(products: dict[str, Product], names: tuple[str, ...], langs: tuple[str, ...]) -> list[Job]:
    """The jobs for the requested products (all when none named) and languages."""
    unknown = [n for n in names if n not in products]
    if unknown:
        raise BuildError(f"unknown product {', '.join(unknown)} (known: {', '.join(products)})")
    chosen = [products[n] for n in dict.fromkeys(names)] if names else list(products.values())
    return [Job(p, lang) for lang in dict.fromkeys(langs or ("en",)) for p in chosen]


def edition_date(fw: Framework):
    """The date written into PDFs: SOURCE_DATE_EPOCH if set, else the edition's revision date."""
    import datetime as dt

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return fw.edition.revised


class Builder:
    """Holds the engine and fonts for a build; makes one Result per Job."""

    def __init__(self, fw: Framework, data_dir: Path, template_dirs: tuple[Path, ...] = ()):
        self.fw = fw
        self.fonts = fonts.resolve_fonts()
        from .pdf import Engine  # WeasyPrint is imported here, only when rendering

        roots = (layout.TEMPLATES, layout.STYLES, Path(data_dir), *template_dirs, *fonts.font_dirs())
        self.engine = Engine(roots, fonts.font_face_css(self.fonts))
        self.env = layout.environment(template_dirs)
        self.date = edition_date(fw)

    def _html(self, job: Job, t: Localiser, body_pt: float, slack_mm: float = 0.0) -> str:
        return layout.render_html(
            self.fw, job.product, t, body_pt=body_pt, slack_mm=slack_mm, env=self.env, date=self.date
        )

    def _sheets(self, product: Product) -> list[Path]:
        return [layout.STYLES / "tokens.css", layout.STYLES / "base.css", layout.STYLES / product.stylesheet]

    def build(self, job: Job) -> Result:
        """Fit, render and check one output."""
        start = time.perf_counter()
        product, t = job.product, Localiser(job.lang)
        sheets = self._sheets(product)
        width, height = product.trim_mm
        tall = product.page_css(height * 20)
        space: dict[str, float] = {}

        def measure(body_pt: float) -> float:
            r = self.engine.render(self._html(job, t, body_pt), layout.PROJECT, sheets, extra_css=tall)
            if r.pages != 1:
                raise BuildError(f"{job.label}: content is longer than {height * 20} mm at {body_pt} pt")
            box = r.document.pages[0]._page_box
            space.setdefault("available", height - (box.margin_top + box.margin_bottom) / PX_PER_MM)
            pos = r.positions({"start", "end"})
            return pos["end"][1] - pos["start"][1]

        measure = _cached(measure)
        measure(product.body_min_pt)  # the fitter's first pass; it also tells the height available
        fit = fit_height(measure, space["available"], product.body_min_pt, product.body_max_pt, job.label)
        slack = max(0.0, fit.slack_mm - SLACK_SAFETY_MM)
        rendered = self.engine.render(
            self._html(job, t, fit.body_pt, slack), layout.PROJECT, sheets, extra_css=product.page_css()
        )
        expected = len(self.fw.statements(product.level))
        problems = check.check_layout(rendered, product, expected, job.label)
        pdf = b"" if problems else self.engine.write(rendered)
        if not problems:
            problems = check.check_pdf(pdf, product, self.fonts, job.label)
        if problems:
            raise BuildError("\n".join(problems))
        return Result(
            job,
            pdf,
            rendered.pages,
            Fit(fit.body_pt, fit.used_mm, fit.available_mm, fit.passes + 1),
            time.perf_counter() - start,
        )


def _cached(fn: Callable[[float], float]) -> Callable[[float], float]:
    cache: dict[float, float] = {}

    def call(x: float) -> float:
        if x not in cache:
            cache[x] = fn(x)
        return cache[x]

    return call


def build(
    fw: Framework,
    jobs: list[Job],
    data_dir: Path,
    out_dir: Path,
    template_dirs: tuple[Path, ...] = (),
    echo: Callable[[str], None] = print,
) -> list[Result]:
    """Make every job, then write them all (nothing is written if any fails)."""
    builder = Builder(fw, data_dir, template_dirs)
    results, errors = [], []
    for job in jobs:
        try:
            result = builder.build(job)
        except BuildError as err:
            errors.append(err.message)
            echo(f"{job.label}: FAILED")
            continue
        results.append(result)
        echo(
            f"{job.label}: {result.pages} page(s), body {result.fit.body_pt:.1f} pt, "
            f"{result.fit.passes} layout passes, {result.seconds:.1f} s"
        )
    if errors:
        raise BuildError("\n".join([*errors, "nothing was written"]))
    report = {
        "edition": fw.edition.edition.source,
        "engine": f"WeasyPrint {builder.engine.version}",
        "outputs": [r.report() for r in results],
    }
    write_outputs(out_dir, {r.job.path: r.pdf for r in results}, report)
    return results
