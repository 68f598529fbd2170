"""Run a build: decide what is out of date, make it (in parallel processes), write it all.

Outputs whose key is unchanged (see cache) are kept as they are; the rest are made by
Builders, one per worker process, each output on its own; all results are gathered
before anything is written, and nothing is written if any output failed.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from . import cache, fonts, i18n, press
from .build import Builder, Job, PressOptions, Result, edition_date
from .errors import BuildError
from .model import Framework
from .write import write_atomic, write_outputs


@dataclass(frozen=True)
class Done:
    """One output of a build: made now ("built") or kept from before ("cached")."""

    job: Job
    status: str
    entry: cache.Entry
    result: Result | None = None

    @property
    def path(self) -> str:
        return self.job.path


@dataclass(frozen=True)
class Settings:
    """What every Builder of one build is made with."""

    fw: Framework
    data_dir: Path
    template_dirs: tuple[Path, ...]
    catalogues: Path | None
    press_options: PressOptions
    fingerprint: str


# One Builder per worker process, made on its first job and kept (fonts, engine, caches).
_builder: Builder | None = None
_settings: Settings | None = None
_measures: dict[str, list] = {}


def _init(settings: Settings, measures: dict[str, list]) -> None:
    global _builder, _settings, _measures
    _builder, _settings, _measures = None, settings, measures


def _make(jobs: tuple[Job, ...], size_hints: dict, form_hints: dict) -> list[tuple[Job, Result | str, dict]]:
    """Build jobs in this process: (job, result or error message, new measurements) each."""
    global _builder
    if _builder is None:
        s = _settings
        _builder = Builder(s.fw, s.data_dir, s.template_dirs, s.catalogues, s.press_options)
        _builder.fingerprint = s.fingerprint
        _builder.measure_store = _measures
    b = _builder
    b.size_hints, b.form_hints = size_hints, form_hints
    out = []
    for job in jobs:
        b.new_measures = {}
        try:
            out.append((job, b.build(job), b.new_measures))
        except BuildError as err:
            out.append((job, err.message, b.new_measures))
    return out


def default_workers() -> int:
    """One worker per core this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def build(
    fw: Framework,
    jobs: list[Job],
    data_dir: Path,
    out_dir: Path,
    template_dirs: tuple[Path, ...] = (),
    echo: Callable[[str], None] = print,
    catalogues: Path | None = None,
    press_options: PressOptions | None = None,
    workers: int = 1,
    use_cache: bool = True,
    progress: bool = False,
) -> list[Done]:
    """Make every out-of-date job, then write them all (nothing is written if any fails)."""
    press_options = press_options or PressOptions()
    catalogue_dir = catalogues or i18n.CATALOGUES
    store = cache.Store.load(out_dir)  # kept for the outputs not made now, even without the cache
    font_digests = [f.sha256 for f in fonts.resolve_fonts()]
    fingerprint = cache.engine_fingerprint(font_digests, tuple(template_dirs))
    index = cache.text_index(fw)
    date = edition_date(fw).isoformat()
    intent_digest = ""
    if any(job.profile == "press" for job in jobs):  # no press PDF without its output intent
        intent = press.load_intent(press_options.icc, press_options.condition)
        intent_digest = cache.sha(intent.digest, intent.condition, str(press_options.slug))
    static = {
        job.path: cache.sha(
            fingerprint, repr(job), date, cache.catalogue_digest(job.lang, catalogue_dir), intent_digest
        )
        for job in jobs
    }

    def current(job: Job) -> cache.Entry | None:
        e = store.entries.get(job.path)
        if e and e.key == cache.output_key(static[job.path], e.contexts, index) and e.fresh(out_dir):
            return e
        return None

    done: dict[str, Done] = {}
    todo = []
    for job in jobs:
        entry = current(job) if use_cache else None
        if entry:
            done[job.path] = Done(job, "cached", entry)
        else:
            todo.append(job)
    settings = Settings(fw, data_dir, tuple(template_dirs), catalogues, press_options, fingerprint)
    # What earlier builds learnt: sizes and page counts to try first, measurements.
    size_hints = {path: e.sizes for path, e in store.entries.items()} if use_cache else {}
    form_hints = _form_hints(jobs, store) if use_cache else {}
    measures = store.measures if use_cache else {}
    errors: list[str] = []
    results: dict[str, Result] = {}
    total = len(todo)

    def record(job: Job, outcome: Result | str, new_measures: dict) -> None:
        store.measures.update(new_measures)
        if isinstance(outcome, str):
            errors.append(outcome)
            echo(f"{job.label}: FAILED")
            return
        results[job.path] = outcome
        if not progress:
            echo(_line(outcome, len(results), total))

    _execute(todo, settings, measures, size_hints, form_hints, workers, record, progress)
    # A per-level set must keep one page count: redo, measuring every level, the members
    # whose count differs from one decided that way (or from the largest, without one).
    again = [] if errors else _disagreeing(jobs, done, results)
    if again:
        for job in again:
            done.pop(job.path, None)
            results.pop(job.path, None)
        total = len(again)
        _execute(again, settings, measures, size_hints, {}, workers, record, progress)
    if errors:
        raise BuildError("\n".join([*errors, "nothing was written"]))
    for job in jobs:
        if job.path in results:
            r = results[job.path]
            contexts = r.contexts
            entry = cache.Entry(
                key=cache.output_key(static[job.path], contexts, index),
                contexts=contexts,
                files={path: cache.digest(data) for path, data in r.files().items()},
                report=r.report(),
                pages=r.pages,
                sizes=dict(r.sizes),
                seconds=round(r.seconds, 2),
            )
            store.entries[job.path] = entry
            done[job.path] = Done(job, "built", entry, r)
    ordered = [done[job.path] for job in jobs]
    files = {path: data for d in ordered if d.result for path, data in d.result.files().items()}
    write_outputs(out_dir, files, _report(fw, ordered, store, out_dir))
    for name, data in store.files().items():  # last: a manifest never names a file not yet written
        write_atomic(out_dir / name, data)
    return ordered


def _execute(todo, settings, measures, size_hints, form_hints, workers, record, progress) -> None:
    """Make the jobs, serially or in worker processes, calling record() as each is done."""
    if not todo:
        return
    bar = _Progress(len(todo)) if progress else None
    # Without a page-count hint, a per-level set is made by one worker: deciding its page
    # count measures every level, which one worker then reuses for all of them.
    tasks: dict[tuple, list[Job]] = {}
    for job in todo:
        shared = job.product.more_pages and job.family_key not in form_hints
        tasks.setdefault(job.family_key if shared else (job.path,), []).append(job)
    ordered = sorted(tasks.values(), key=lambda js: -sum(_cost(j) for j in js))
    if workers <= 1 or len(ordered) == 1:
        _init(settings, measures)
        for group in ordered:
            for job, outcome, new in _make(tuple(group), size_hints, form_hints):
                record(job, outcome, new)
                if bar:
                    bar.step(job)
        return
    from concurrent.futures import ProcessPoolExecutor, as_completed

    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(
        min(workers, len(ordered)), mp_context=context, initializer=_init, initargs=(settings, measures)
    ) as pool:
        futures = [pool.submit(_make, tuple(group), size_hints, form_hints) for group in ordered]
        for future in as_completed(futures):
            for job, outcome, new in future.result():
                record(job, outcome, new)
                if bar:
                    bar.step(job)


def _form_hints(jobs: list[Job], store: cache.Store) -> dict[tuple, int]:
    """The page count each per-level set (or product with longer forms) took last time,
    when every member built then agreed on it."""
    seen: dict[tuple, set[int]] = {}
    for job in jobs:
        if job.product.more_pages:
            entry = store.entries.get(job.path)
            seen.setdefault(job.family_key, set()).add(entry.pages if entry else -1)
    return {key: pages.pop() for key, pages in seen.items() if len(pages) == 1 and -1 not in pages}


def _cost(job: Job) -> float:
    """A guess at how long a job takes, for scheduling the longest first: printed area."""
    w, h = job.product.trim_mm
    return w * h * (job.product.pages or 24)


def _disagreeing(jobs: list[Job], done: dict[str, Done], results: dict[str, Result]) -> list[Job]:
    """Members of per-level sets whose page count differs from the set's."""
    families: dict[tuple, list[Job]] = {}
    for job in jobs:
        if job.product.more_pages:
            families.setdefault(job.family_key, []).append(job)
    again = []
    for members in families.values():
        pages = {j.path: (results[j.path].pages if j.path in results else done[j.path].entry.pages) for j in members}
        if len(set(pages.values())) <= 1:
            continue
        exact = [results[j.path].pages for j in members if j.path in results and results[j.path].exact_form]
        target = exact[0] if exact else max(pages.values())
        again += [
            j for j in members if pages[j.path] != target or (j.path in results and not results[j.path].exact_form)
        ]
    return again


def _report(fw: Framework, ordered: list[Done], store: cache.Store, out_dir: Path) -> dict:
    """The build report: this build's outputs first, then the folder's other current ones."""
    here = {d.path for d in ordered}
    others = [e for path, e in sorted(store.entries.items()) if path not in here and e.fresh(out_dir)]
    try:
        engine = metadata.version("weasyprint")
    except metadata.PackageNotFoundError:
        engine = "?"
    return {
        "edition": fw.edition.edition.source,
        "engine": f"WeasyPrint {engine}",
        "outputs": [entry for d in ordered for entry in d.entry.report] + [x for e in others for x in e.report],
    }


def _line(r: Result, n: int, total: int) -> str:
    sizes = ", ".join(f"{v:.1f} pt" if k == "all" else f"{k} {v:.1f} pt" for k, v in r.sizes.items())
    return f"[{n}/{total}] {r.job.label}: {r.pages} page(s), body {sizes}, {r.passes} layout passes, {r.seconds:.1f} s"


class _Progress:
    """A one-line progress bar on standard error, for a terminal."""

    def __init__(self, total: int):
        self.total, self.n, self.start = total, 0, time.perf_counter()

    def step(self, job: Job) -> None:
        self.n += 1
        width = 30
        filled = width * self.n // self.total
        elapsed = time.perf_counter() - self.start
        bar = "#" * filled + "." * (width - filled)
        line = f"\r[{bar}] {self.n}/{self.total} {elapsed:5.1f} s  {job.label[:40]:<40}"
        sys.stderr.write(line + ("\n" if self.n == self.total else ""))
        sys.stderr.flush()


def table(done: list[Done], out_dir: Path) -> list[str]:
    """The final table: output, pages, file size, time, and whether it was built or kept."""
    rows = []
    for d in done:
        for entry in d.entry.report:
            path = entry["path"]
            file = out_dir / path
            size = _size(file.stat().st_size) if file.is_file() else "-"
            seconds = f"{d.entry.seconds:.1f} s" if d.status == "built" and entry is d.entry.report[0] else ""
            rows.append((path, str(entry["pages"]), size, seconds, d.status))
    if not rows:
        return []
    widths = [max(len(r[i]) for r in [("output", "pages", "size", "time", ""), *rows]) for i in range(5)]
    head = ("output", "pages", "size", "time", "")

    def fmt(r: tuple) -> str:
        a, b, c, d = widths[:4]
        return f"{r[0]:<{a}}  {r[1]:>{b}}  {r[2]:>{c}}  {r[3]:>{d}}  {r[4]}".rstrip()

    return [fmt(head), *(fmt(r) for r in rows)]


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{n / 1e3:.0f} kB"
