"""Preflight of what a build wrote: each file against its build-report entry and the data."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import click

from ..errors import BuildError
from ..i18n import catalogues
from ..i18n.localise import Localiser
from ..options import shaped
from ..paths import Paths, confined
from ..press.preflight import Expect, Finding, Report, expect, expect_of_file, preflight
from ..source.model import Framework
from ..source.products import Product
from .report import FILE, BuildReport, OutputEntry


def expectation(entry: OutputEntry, fw: Framework, products: dict[str, Product], paths: Paths) -> Expect:
    """What a built output should be, from its build-report entry and the data."""
    name = entry.imposed_from or entry.product
    spec = products.get(name)
    if spec is None:
        raise BuildError(f"{entry.path}: product {name} is not in the data's products.yaml")
    product = shaped(spec, entry.variant, entry.profile, entry.body_min_pt, entry.bleed_mm)
    t = Localiser(entry.lang)
    if spec.statements and entry.lang != "en":
        t = Localiser(entry.lang, catalogues.load(entry.lang, paths.strings, fuzzy=entry.draft))
    texts = tuple(t(s.text) for s in fw.statements(spec.level, spec.perspective)) if spec.statements else ()
    form = entry.variant if entry.variant != "standard" else entry.profile
    return expect(
        product,
        f"{entry.product} [{entry.lang}, {form}]",
        press=entry.profile == "press",
        pages=entry.pages * 2 if entry.imposed_from else entry.pages,
        statements=texts,
        rtl=t.direction == "rtl",
        imposed=entry.imposed_from is not None,
        status=entry.status,
    )


def preflight_files(paths: Paths, files: tuple[Path, ...], fw: Framework, products: dict[str, Product]) -> list[Report]:
    """Preflight built files (all of the build report's when none are named). With a report that
    cannot be read, each file (every PDF of the folder, when none are named) is checked for what
    a PDF shows of itself, and says what was not checked."""
    report_path = paths.out / FILE
    entries, unreadable = (), None
    if report_path.is_file():
        try:
            entries = BuildReport.read(paths.out).outputs
        except click.ClickException as err:
            unreadable = err.message
    by_path = {(paths.out / e.path).resolve(): e for e in entries}
    chosen = [Path(f) for f in files] or [paths.out / e.path for e in entries]
    if not chosen and unreadable:
        chosen = sorted(paths.out.rglob("*.pdf"))
    if not chosen:
        raise BuildError(f"nothing to check: no PDFs named and no {report_path}")
    reports = []
    for path in chosen:
        entry = by_path.get(path.resolve())
        if not path.is_file():
            reports.append(Report(str(path), "?", (Finding("error", "file", "no such file"),)))
        elif entry is not None:
            data = confined(path, paths.out, f"output {entry.path}").read_bytes()
            reports.append(preflight(data, expectation(entry, fw, products, paths), str(path)))
        elif unreadable:
            data = path.read_bytes()
            report = preflight(data, expect_of_file(data), str(path))
            note = Finding("warning", "report", f"{unreadable}: trim, bleed, type floor and statements not checked")
            reports.append(replace(report, findings=(note, *report.findings)))
        else:
            message = f"not an output listed in {report_path}: build it with recovery-print build --out {paths.out}"
            reports.append(Report(str(path), "?", (Finding("error", "file", message),)))
    return reports
