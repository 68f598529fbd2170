"""Run a build: decide what is out of date, make it (in parallel processes), write it all.

Outputs whose key is unchanged (see cache) are kept as they are; the rest are made by
one Workshop per worker process, each output on its own; all results are gathered
before anything is written, and nothing is written if any output failed. Each finished
output is reported to the caller's `on_step` (the command line draws its progress from it).
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from dataclasses import dataclass, replace
from importlib import metadata
from pathlib import Path

from ..compose import Composer, Measures
from ..compose import fonts as font_files
from ..errors import BuildError
from ..hashing import digest, sha
from ..options import BuildOptions, Job, edition_date, plan, shards
from ..press.finish import OutputIntent, load_intent
from ..session import Session
from ..source import load_framework
from ..source.model import Framework
from ..write import write_files
from . import cache
from .jobs import Hints, Workshop, make
from .report import FILE as REPORT_FILE
from .report import BuildReport, Done, Report, Result


@dataclass(frozen=True)
class Step:
    """One output finished (made, or failed with a message), the n-th of `total`."""

    job: Job
    n: int
    total: int
    result: Result | None = None
    error: str | None = None


# A worker process's Workshop for the build under way (its copy of the session, the engine,
# measurements): the one thing kept at module level, as a process pool's initializer can only
# leave it there; the process ends with the build.
_worker: Workshop | None = None


def _workshop(
    options: BuildOptions, fw: Framework, intent: OutputIntent | None, measures: Measures, session: Session
) -> Workshop:
    composer = Composer(fw, options.paths, edition_date(fw), measures, session=session)
    return Workshop(options, composer, intent)


def _init(*made_from) -> None:
    global _worker
    _worker = _workshop(*made_from)


def _make(
    jobs: tuple[Job, ...], hints: Hints, workshop: Workshop | None = None
) -> list[tuple[Job, Result | str, dict]]:
    """Build jobs in this process (a worker: with its own workshop): (job, result or error, new measurements) each."""
    workshop = workshop or _worker
    out = []
    for job in jobs:
        try:
            outcome: Result | str = make(workshop, job, hints)
        except BuildError as err:
            outcome = err.message
        out.append((job, outcome, workshop.composer.measures.take_fresh()))
    return out


@dataclass(frozen=True)
class Inputs:
    """What a build's outputs are made from, hashed: what they share (cache.Sources: code,
    libraries, look, fonts, the language registry, the output intent's profile), each job's own
    (the job, the edition date, its catalogue, the output intent) and the texts."""

    sources: cache.Sources
    static: dict[str, str]  # by output path
    index: dict[str, str]  # each context's texts, hashed (see cache.text_index)
    intent: OutputIntent | None  # None when no job is for the press
    translated: dict[tuple[str, bool], dict[str, str]]  # by (language, draft): the index with its translations

    def index_of(self, job: Job) -> dict[str, str]:
        """The texts a job's outputs print, hashed by context: the model's, and its language's
        translations (an edited entry changes the keys of the outputs that print its context)."""
        return self.translated[(job.lang, job.draft)]

    @property
    def fingerprint(self) -> str:
        return self.sources.fingerprint

    @classmethod
    def of(cls, options: BuildOptions, fw: Framework, jobs: list[Job], session: Session) -> Inputs:
        paths = options.paths
        fonts = font_files.declared(session, paths.fonts)
        date = edition_date(fw).isoformat()
        intent, intent_digest = None, ""
        if any(job.profile == "press" for job in jobs):  # no press PDF without its output intent
            intent = load_intent(options.press.icc, options.press.condition)
            intent_digest = sha(intent.digest, intent.condition, str(options.press.slug))
        sources = cache.Sources.of(paths, [f.path for f in fonts], Path(intent.path) if intent else None, session)
        fingerprint = sources.fingerprint
        static = {job.path: sha(fingerprint, repr(job), date, intent_digest) for job in jobs}
        index = cache.text_index(fw)
        translated = {
            (lang, draft): cache.merged_index(index, cache.translation_index(lang, paths.strings, draft))
            for lang, draft in dict.fromkeys((job.lang, job.draft) for job in jobs)
        }
        return cls(sources, static, index, intent, translated)

    def key(self, job: Job) -> str:
        """The hash of everything the job is made from (all the texts, not only those it prints)."""
        index = self.index_of(job)
        return cache.output_key(self.static[job.path], index, index)


def jobs_planned(options: BuildOptions, session: Session | None = None) -> list[dict]:
    """The jobs a build with these options makes (its slice, with --shard), each keyed by the
    hash of its inputs, with its slice of the shards asked for and whether --out holds it."""
    fw, products = load_framework(options.paths.data)
    whole = plan(products, replace(options, shard=None))
    inputs = Inputs.of(options, fw, whole, session or Session.of(options.paths))
    store = cache.Store.load(options.paths.out)
    n = options.shard[1] if options.shard else 1
    where = shards(whole, n)
    out = []
    for job in whole:
        if options.shard and where[job.path] != options.shard[0]:
            continue
        entry = store.entries.get(job.path)
        # Made from today's inputs (or from older ones: out of date); current if its files are intact too.
        same_inputs = bool(
            entry and entry.key == cache.output_key(inputs.static[job.path], entry.contexts, inputs.index_of(job))
        )
        out.append(
            {
                "path": job.path,
                "product": job.product.name,
                "lang": job.lang,
                "variant": job.variant,
                "profile": job.profile,
                "draft": job.draft,
                "key": inputs.key(job),
                "shard": f"{where[job.path]}/{n}",
                "current": same_inputs and entry.fresh(options.paths.out),
                "inputs_current": same_inputs,
            }
        )
    return out


def build(
    options: BuildOptions, on_step: Callable[[Step], None] = lambda _: None, session: Session | None = None
) -> Report:
    """Load the data, plan the jobs the options ask for, and run them."""
    fw, products = load_framework(options.paths.data)
    return run(options, fw, plan(products, options), on_step, session)


def run(
    options: BuildOptions,
    fw: Framework,
    jobs: list[Job],
    on_step: Callable[[Step], None] = lambda _: None,
    session: Session | None = None,
) -> Report:
    """Make every out-of-date job, then write them all (nothing is written if any fails); in
    the session given (a watch's, kept between rebuilds) or a new one."""
    paths = options.paths
    session = session or Session.of(paths)
    store = cache.Store.load(paths.out)  # kept for the outputs not made now, even without the cache
    inputs = Inputs.of(options, fw, jobs, session)
    static, intent = inputs.static, inputs.intent
    fingerprint = inputs.fingerprint

    def current(job: Job) -> cache.Entry | None:
        e = store.entries.get(job.path)
        if e and e.key == cache.output_key(static[job.path], e.contexts, inputs.index_of(job)) and e.fresh(paths.out):
            return e
        return None

    done: dict[str, Done] = {}
    todo = []
    for job in jobs:
        entry = current(job) if options.use_cache and options.html_dir is None else None
        if entry:
            done[job.path] = Done(job, "cached", entry.entries)
        else:
            todo.append(job)
    # What earlier builds learnt: sizes and page counts to try first, measurements.
    hints = Hints(
        sizes={path: e.sizes for path, e in store.entries.items()} if options.use_cache else {},
        forms=_form_hints(jobs, store) if options.use_cache else {},
    )
    measures = Measures(fingerprint, store.measures if options.use_cache else {})
    errors: list[str] = []
    results: dict[str, Result] = {}

    def record(job: Job, outcome: Result | str, fresh: dict, total: int) -> None:
        store.measures.update(fresh)
        if isinstance(outcome, str):
            errors.append(outcome)
            on_step(Step(job, len(results) + len(errors), total, error=outcome))
            return
        results[job.path] = outcome
        on_step(Step(job, len(results) + len(errors), total, result=outcome))

    workers = (options, fw, intent, measures, session)
    _execute(todo, workers, hints, options.workers, record, session.start)
    # A per-level set must keep one page count: redo, measuring every level, the members
    # whose count differs from one decided that way (or from the largest, without one).
    again = [] if errors else _disagreeing(jobs, done, results)
    if again:
        for job in again:
            done.pop(job.path, None)
            results.pop(job.path, None)
        _execute(again, workers, Hints(hints.sizes, decide=True), options.workers, record, session.start)
    if errors:
        raise BuildError("\n".join([*errors, "nothing was written"]))
    for job in jobs:
        if job.path in results:
            r = results[job.path]
            entry = cache.Entry(
                key=cache.output_key(static[job.path], r.contexts, inputs.index_of(job)),
                contexts=r.contexts,
                files={path: digest(data) for path, data in r.files().items()},
                entries=r.entries(),
                pages=r.pages,
                sizes=dict(r.sizes),
                seconds=round(r.seconds, 2),
            )
            store.entries[job.path] = entry
            done[job.path] = Done(job, "built", entry.entries, entry.seconds, r)
    ordered = tuple(done[job.path] for job in jobs)
    files = {path: data for d in ordered if d.result for path, data in d.result.files().items()}
    folder = _folder_report(fw, ordered, store, paths.out)
    # The report after the files it lists, the manifest last: it never names a file not yet written.
    write_files(paths.out, {**files, REPORT_FILE: folder.to_bytes(), **store.files()})
    if options.html_dir is not None:
        pages = {r.job.path.removesuffix(".pdf") + ".html": r.html.encode() for r in results.values()}
        write_files(options.html_dir, pages)
    return Report(ordered, folder, paths.out, intent, tuple(store.warnings))


def _execute(todo: list[Job], workers: tuple, hints: Hints, count: int, record, start: str = "fork") -> None:
    """Make the jobs, serially or in worker processes (started as `start` says: see Session),
    calling record() as each is done."""
    if not todo:
        return
    # When a set's page count is to be decided, one worker makes the whole set: deciding
    # measures every level, which that worker then reuses for all of them.
    tasks: dict[tuple, list[Job]] = {}
    for job in todo:
        shared = job.product.more_pages and hints.decide
        tasks.setdefault(job.family_key if shared else (job.path,), []).append(job)
    ordered = sorted(tasks.values(), key=lambda js: -sum(j.cost for j in js))
    total = len(todo)
    if count <= 1 or len(ordered) == 1:
        workshop = _workshop(*workers)
        for group in ordered:
            for job, outcome, fresh in _make(tuple(group), hints, workshop):
                record(job, outcome, fresh, total)
        return
    from concurrent.futures import ProcessPoolExecutor, as_completed

    context = multiprocessing.get_context(start)
    if start == "forkserver":  # (the server imports these once; each worker forked from it has them)
        context.set_forkserver_preload(["render.run.jobs", "weasyprint"])
    with ProcessPoolExecutor(min(count, len(ordered)), mp_context=context, initializer=_init, initargs=workers) as pool:
        futures = [pool.submit(_make, tuple(group), hints) for group in ordered]
        for future in as_completed(futures):
            for job, outcome, fresh in future.result():
                record(job, outcome, fresh, total)


def learnt(options: BuildOptions, fw: Framework, jobs: list[Job], session: Session) -> tuple[Hints, Measures]:
    """What a build of these jobs would start from now: the sizes and page counts the output
    folder's last build took, and its measurements (for a trial fitted as a rebuild would be)."""
    store = cache.Store.load(options.paths.out)
    fingerprint = Inputs.of(options, fw, jobs, session).fingerprint
    hints = Hints(sizes={path: e.sizes for path, e in store.entries.items()}, forms=_form_hints(jobs, store))
    return hints, Measures(fingerprint, store.measures)


def _form_hints(jobs: list[Job], store: cache.Store) -> dict[tuple, int]:
    """The page count each per-level set (or product with longer forms) took last time,
    when every member built then agreed on it."""
    seen: dict[tuple, set[int]] = {}
    for job in jobs:
        if job.product.more_pages:
            entry = store.entries.get(job.path)
            seen.setdefault(job.family_key, set()).add(entry.pages if entry else -1)
    return {key: pages.pop() for key, pages in seen.items() if len(pages) == 1 and -1 not in pages}


def _disagreeing(jobs: list[Job], done: dict[str, Done], results: dict[str, Result]) -> list[Job]:
    """Members of per-level sets whose page count differs from the set's."""
    families: dict[tuple, list[Job]] = {}
    for job in jobs:
        if job.product.more_pages:
            families.setdefault(job.family_key, []).append(job)
    again = []
    for members in families.values():
        pages = {
            j.path: (results[j.path].pages if j.path in results else done[j.path].entries[0].pages) for j in members
        }
        if len(set(pages.values())) <= 1:
            continue
        exact = [results[j.path].pages for j in members if j.path in results and results[j.path].exact_form]
        target = exact[0] if exact else max(pages.values())
        again += [
            j for j in members if pages[j.path] != target or (j.path in results and not results[j.path].exact_form)
        ]
    return again


def _folder_report(fw: Framework, ordered: tuple[Done, ...], store: cache.Store, out) -> BuildReport:
    """The build report: this build's outputs first, then the folder's other current ones."""
    here = {d.path for d in ordered}
    others = [e for path, e in sorted(store.entries.items()) if path not in here and e.fresh(out)]
    try:
        engine = metadata.version("weasyprint")
    except metadata.PackageNotFoundError:
        engine = "?"
    outputs = [entry for d in ordered for entry in d.entries] + [x for e in others for x in e.entries]
    return BuildReport(fw.edition.edition.source, f"WeasyPrint {engine}", tuple(outputs))
