"""What to build and how: one frozen BuildOptions, made once and passed whole, and the Jobs it plans."""

from __future__ import annotations

import datetime as dt
import math
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from .errors import BuildError
from .paths import Paths
from .source.model import Framework
from .source.products import LARGE_PRINT_SIZES, MAX_BLEED_MM, Product

# A language code as BCP 47 writes it (a language, then optionally a script and a region):
# it becomes a folder and a file name, so nothing else is let through.
LANGUAGE = re.compile(r"[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|[0-9]{3}))?")
PROFILES = ("press", "screen")  # press: PDF/X-4 for the printer; screen: tagged PDF/UA, no bleed
VARIANTS = ("standard", "large-print")


@dataclass(frozen=True)
class PressOptions:
    """How press PDFs are finished: output intent (ICC profile and condition), slug line."""

    icc: Path | None = None  # default: paths.DEFAULT_PROFILE (FOGRA39)
    condition: str | None = None  # OutputConditionIdentifier; default from the profile
    slug: bool = True


@dataclass(frozen=True)
class BuildOptions:
    """Everything one build is asked to do, from the command line or a Python caller."""

    paths: Paths = field(default_factory=Paths)
    products: tuple[str, ...] = ()  # none: every product
    langs: tuple[str, ...] = ("en",)
    draft: bool = False  # missing translations fall back to English; pages are marked
    profile: str | None = None  # press or screen; none: the variant's own (large print: screen)
    variant: str = "standard"
    large_print_pt: float = 16
    bleed_mm: float | None = None  # none: each product's own
    press: PressOptions = PressOptions()
    workers: int = 1
    use_cache: bool = True
    shard: tuple[int, int] | None = None  # (i, n): build only the i-th of n slices of the plan
    html_dir: Path | None = None  # also write each output's final HTML here (every output is made)

    def __post_init__(self) -> None:
        """Checked as they are made: language codes become folder and file names; lengths must be lengths."""
        wrong = [lang for lang in self.langs if not LANGUAGE.fullmatch(lang)]
        if wrong:
            codes = ", ".join(repr(lang) for lang in wrong)
            raise BuildError(f"--lang {codes}: not a language code (BCP 47, as pl, cy, ur, pt-BR or sr-Latn)")
        if self.bleed_mm is not None and not (math.isfinite(self.bleed_mm) and 0 <= self.bleed_mm <= MAX_BLEED_MM):
            raise BuildError(f"--bleed {self.bleed_mm:g}: not a length from 0 to {MAX_BLEED_MM:g} mm")
        if self.large_print_pt not in LARGE_PRINT_SIZES:
            raise BuildError(
                f"--large-print-size {self.large_print_pt:g}: one of {', '.join(map(str, LARGE_PRINT_SIZES))}"
            )
        if self.variant == "large-print" and self.profile is not None:
            raise BuildError(
                f"--profile {self.profile} with --variant large-print: large print is always a tagged PDF to "
                "read on screen or print at home (OUT/<lang>/large-print/), never a press file; leave out --profile"
            )
        if not 1 <= self.workers <= 64:
            raise BuildError(f"-j {self.workers}: from 1 to 64 outputs at once")
        if self.shard is not None and not 1 <= self.shard[0] <= self.shard[1] <= 1000:
            raise BuildError(f"--shard {self.shard[0]}/{self.shard[1]}: I/N with 1 <= I <= N <= 1000")


@dataclass(frozen=True)
class Job:
    """One output to make: a product in a language and variant."""

    product: Product
    lang: str
    variant: str = "standard"
    draft: bool = False
    profile: str = "press"

    @property
    def path(self) -> str:
        if self.variant == "large-print":
            return f"{self.lang}/large-print/{self.product.name}.pdf"
        folder = f"{self.lang}/screen" if self.profile == "screen" else self.lang
        return f"{folder}/{self.product.name}.pdf"

    @property
    def imposed_path(self) -> str:
        return f"{self.lang}/{self.product.name}-imposed.pdf"

    @property
    def family_key(self) -> tuple:
        """Outputs that share one page count: a per-level set in one language and variant."""
        return (self.product.family, self.lang, self.variant, self.draft, self.profile)

    @property
    def cost(self) -> float:
        """A guess at how long the job takes, for scheduling the longest first: printed area."""
        w, h = self.product.trim_mm
        return w * h * (self.product.pages or 24)

    @property
    def label(self) -> str:
        suffix = ", large print" if self.variant == "large-print" else ", screen" if self.profile == "screen" else ""
        return f"{self.product.name} [{self.lang}{suffix}]"


def plan(products: dict[str, Product], options: BuildOptions) -> list[Job]:
    """The jobs for the requested products (all when none named) and languages.

    The large-print variant is made of the products that have one (all of them with
    none named), always as tagged screen-profile PDFs.
    """
    names, variant = readers(options.products, products), options.variant
    unknown = [n for n in names if n not in products]
    if unknown:
        known = ", ".join([*products, *(f"{p.name}{IMPOSED}" for p in products.values() if p.sheet_mm)])
        raise BuildError(f"unknown product {', '.join(unknown)} (known: {known})")
    chosen = [products[n] for n in dict.fromkeys(names)] if names else list(products.values())
    if variant == "large-print":
        without = [p.name for p in chosen if not p.large_print]
        if names and without:
            raise BuildError(f"no large-print form for {', '.join(without)}")
        chosen = [p for p in chosen if p.large_print]
    profile = "screen" if variant == "large-print" else options.profile or "press"
    jobs = [
        Job(
            shaped(p, variant, profile, options.large_print_pt, options.bleed_mm), lang, variant, options.draft, profile
        )
        for lang in dict.fromkeys(options.langs or ("en",))
        for p in chosen
    ]
    if options.shard is None:
        return jobs
    i, n = options.shard
    return [job for job in jobs if shards(jobs, n)[job.path] == i]


def shards(jobs: list[Job], n: int) -> dict[str, int]:
    """The slice (1 to n) each job falls in: the same jobs always slice alike. A per-level set
    stays whole (its levels decide one page count together); the costliest groups go first,
    each to the slice with the least work so far."""
    groups: dict[tuple, list[Job]] = {}
    for job in jobs:
        groups.setdefault(job.family_key if job.product.more_pages else (job.path,), []).append(job)
    load, where = [0.0] * n, {}
    for group in sorted(groups.values(), key=lambda js: (-sum(j.cost for j in js), js[0].path)):
        k = min(range(n), key=lambda s: (load[s], s))
        load[k] += sum(j.cost for j in group)
        where.update({job.path: k + 1 for job in group})
    return where


IMPOSED = "-imposed"  # an imposed form's name: its product's, and this


def readers(names: tuple[str, ...], products: dict[str, Product]) -> tuple[str, ...]:
    """Product names, an imposed form's (booklet-imposed) as the product it is made with."""
    out = []
    for name in names:
        reader = name.removesuffix(IMPOSED)
        out.append(reader if name.endswith(IMPOSED) and reader in products and products[reader].sheet_mm else name)
    return tuple(dict.fromkeys(out))


def shaped(product: Product, variant: str, profile: str, large_print_pt: float, bleed_mm: float | None) -> Product:
    """A product as a variant and profile make it: large print re-set, no bleed on screen."""
    if variant == "large-print":
        product = product.in_large_print(large_print_pt)
    if profile == "screen":  # on screen: no bleed, nothing to trim or bind
        return replace(product, bleed_mm=0.0, sheet_mm=None, binding="flat")
    return product if bleed_mm is None else replace(product, bleed_mm=bleed_mm)


def edition_date(fw: Framework) -> dt.date:
    """The date written into PDFs: SOURCE_DATE_EPOCH if set, else the edition's revision date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
        except (ValueError, OverflowError, OSError):
            raise BuildError(f"SOURCE_DATE_EPOCH={epoch!r}: not a date as seconds since 1970") from None
    return fw.edition.revised


def default_workers() -> int:
    """One worker per core this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
