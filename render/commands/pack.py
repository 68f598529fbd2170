"""`pack`: one print-shop zip per press output (PDFs, job ticket, proofs, preflight), built now
or from the reports of the folders a sharded build wrote."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from .. import options as planning
from ..options import BuildOptions
from ..paths import Paths
from ..source import load_framework
from ..source.model import Framework
from ..source.products import Product
from ..write import write_atomic

if TYPE_CHECKING:
    from ..press.finish import OutputIntent
    from ..run.pack import Pack
    from ..run.report import Done
    from ..run.runner import Step


def pack(
    options: BuildOptions,
    pack_dir: Path,
    on_step: Callable[[Step], None] = lambda _: None,
    built: tuple[Path, ...] = (),
):
    """Build the press PDFs, then write one print-shop zip per output into pack_dir: (report, [(zip, files)]).

    With `built` folders (the shards of one build, each with its report), pack the press
    outputs those reports list instead, building nothing: (None, [(zip, files)])."""
    from ..press.finish import load_intent
    from ..run.report import BuildReport, Done
    from ..run.runner import run

    fw, products = load_framework(options.paths.data)
    if built:
        from ..errors import BuildError
        from .preflight import stale_outputs

        stale = stale_outputs(options.paths, list(built))
        if stale:
            lines = "\n".join(f"  {path}: out of date — run `{command}`" for path, command in sorted(stale.items()))
            raise BuildError(f"{len(stale)} output(s) were made from inputs that have changed since:\n{lines}")
        intent = load_intent(options.press.icc, options.press.condition)
        wanted = planning.readers(options.products, products)
        report, made = None, []
        for folder in built:
            entries = [e for e in BuildReport.read(folder).outputs if e.profile == "press"]
            for e in (e for e in entries if e.imposed_from is None and (not options.products or e.product in wanted)):
                imposed = [x for x in entries if x.imposed_from == e.product and x.lang == e.lang]
                job = _job_of(options, products, e)
                made.append(
                    make_pack(
                        Done(job, "built", (e, *imposed)), replace(options.paths, out=folder), fw, products, intent
                    )
                )
    else:
        report = run(options, fw, planning.plan(products, options), on_step)
        made = [make_pack(done, options.paths, fw, products, report.intent) for done in report.done]
    date = fw.edition.revised
    zips = []
    for one in made:
        path = pack_dir / f"{one.name}.zip"
        write_atomic(path, one.zip_bytes((date.year, date.month, date.day)))
        zips.append((path, len(one.files)))
    return report, zips


def _job_of(options: BuildOptions, products: dict[str, Product], entry) -> planning.Job:
    """The job that made a build report's entry, in the form (page count) it took."""
    asked = replace(
        options, products=(entry.product,), langs=(entry.lang,), draft=entry.draft, bleed_mm=entry.bleed_mm, shard=None
    )
    (job,) = planning.plan(products, asked)
    if job.product.pages not in (None, entry.pages):
        job = replace(job, product=job.product.with_pages(entry.pages))
    return job


def make_pack(done: Done, paths: Paths, fw: Framework, products: dict[str, Product], intent: OutputIntent) -> Pack:
    """The pack of one press output built into paths.out, preflighted again from the
    files that go into the zip (an output kept from the cache has no report in memory)."""
    from ..paths import confined
    from ..run.pack import Output, pack_of
    from .preflight import check_file

    reports, data = [], []
    for entry in done.entries:
        data.append(confined(paths.out / entry.path, paths.out, f"output {entry.path}").read_bytes())
        reports.append(check_file(data[-1], entry.path, fw, products, paths, entry.status))
    pdf, imposed = data[0], data[1] if len(data) > 1 else None
    made = Output(done.job, done.entries[0].pages, pdf, imposed, tuple(reports), done.entries[0].form_reason)
    return pack_of(made, fw, intent)
