"""`serve`'s workbench: rebuilt by the same commands as the command line's (check, build, proof),
on demand or on every saved change; the last rebuild's outcome, the check's findings, and a
counter pages poll. The pages and routes are render/serve's."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import click

from ...errors import DataError, Problem
from ...options import BuildOptions
from ...run.report import BuildReport
from ...run.watch import watch
from ...session import Session
from ..build import build, plan
from ..check import check
from ..proof import proof
from .trial import fitting, room, trial


@dataclass(frozen=True)
class Outcome:
    """What one rebuild did: its number, what it made, its error lines if it failed, how long it took."""

    generation: int
    built: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()
    seconds: float = 0.0
    changes: tuple[str, ...] = ()  # outputs whose page count or form changed, said with what it costs


def changed_forms(before: BuildReport | None, after: BuildReport | None) -> tuple[str, ...]:
    """Each output whose page count or make-up differs between two reports, in words: a change
    in what each copy takes to print."""
    if before is None or after is None:
        return ()
    old = {e.path: e for e in before.outputs}
    said = []
    for e in after.outputs:
        was = old.get(e.path)
        if was is None or (was.pages, was.form) == (e.pages, e.form):
            continue
        cost = "more paper and printing for each copy" if e.pages > was.pages else "less paper for each copy"
        form = f" ({was.form} → {e.form})" if was.form != e.form else ""
        said.append(f"{e.path}: {was.pages} → {e.pages} pages{form}: {cost}")
    return tuple(said)


@dataclass(frozen=True)
class Findings:
    """The data check of one moment: its problems (the build refuses) and the editorial warnings."""

    problems: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()  # open ones: not accepted by the editors
    accepted: int = 0  # warnings kept in the data's accepted.yaml


@dataclass
class Workbench:
    """Rebuilds on demand or on every saved change; pages read its latest outcome (thread-safe)."""

    options: BuildOptions
    echo: Callable[[str], None] = click.echo
    outcome: Outcome = field(default_factory=lambda: Outcome(0))
    findings: Findings = field(default_factory=Findings)
    # Renewed when the registry or a font folder changes; the server has threads: its build
    # workers are started from a clean server process, not forked from it.
    session: Session = field(default_factory=lambda: Session(start="forkserver"))
    building: bool = False  # a rebuild is under way (the pages say so)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    # One layout at a time in this process: a rebuild's and a trial's share the session's engine.
    _engine: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def folders(self) -> tuple:
        """The folders whose changes trigger a rebuild: data, look, catalogues."""
        paths = self.options.paths
        return tuple(dict.fromkeys((paths.data, *paths.theme.folders, paths.catalogues)))

    def rebuild(self) -> Outcome:
        """Check the data, build what changed, draw its pages; record the outcome (errors included)."""
        start = time.perf_counter()
        self.building = True
        if not self.session.current(self.options.paths):  # (an edited registry or font folder)
            self.session = Session.of(self.options.paths, self.session.start)
        findings = self._check()
        built: tuple[str, ...] = ()
        errors: tuple[str, ...] = tuple(str(p) for p in findings.problems)
        changes: tuple[str, ...] = ()
        if not errors:
            try:
                before = self.report()
                with self._engine:
                    report = build(self.options, session=self.session)
                changes = changed_forms(before, report.folder)
                proof(self.options.paths.out)
                built = tuple(d.path for d in report.built)
            except click.ClickException as err:
                errors = tuple(err.format_message().splitlines())
        with self._lock:
            self.findings = findings
            seconds = time.perf_counter() - start
            self.outcome = Outcome(self.outcome.generation + 1, built, errors, seconds, changes)
            self.building = False
        done = self.outcome
        verb = "Build" if done.generation == 1 else "Rebuild"
        if done.errors:
            self.echo(f"{verb} failed ({len(done.errors)} line(s) of errors; shown in the browser)")
        else:
            what = ", ".join(done.built) or "nothing: every output is current"
            self.echo(f"{verb[:-1]}t {what} in {done.seconds:.1f} s")
        return done

    def _check(self) -> Findings:
        paths = self.options.paths
        try:
            checked = check(paths, self.session)
        except DataError as err:
            return Findings(tuple(err.problems))
        except click.ClickException as err:
            return Findings((Problem(str(paths.data), 0, "", err.format_message()),))
        return Findings((), tuple(checked.warnings), len(checked.accepted))

    def report(self) -> BuildReport | None:
        """The output folder's build report, if there is one yet."""
        try:
            return BuildReport.read(self.options.paths.out)
        except click.ClickException:
            return None

    def jobs(self) -> list[dict]:
        """The jobs the workbench builds, each with whether the output folder holds it current."""
        try:
            return plan(self.options, self.session)
        except click.ClickException:
            return []

    def watch(self, stop: threading.Event) -> None:
        """Rebuild now and after every saved change under the folders, until `stop` is set."""
        watch(self.folders, self.rebuild, self.echo, stop)

    def trial(self, lang: str, context: str, english: str, translation: str) -> list[dict]:
        """What a translation would cost before it is saved: each product of this workbench that
        prints the entry fitted again with it (nothing written), its pages and body sizes before
        and after; or why it could not be printed, or would not fit."""
        refused = _refused(lang, english, translation)
        return refused or trial(self._fitting(lang, context, english), translation)

    def room(self, lang: str, context: str, english: str, translation: str) -> list[dict]:
        """How much longer an entry's text (the translation, or the English a draft prints) could
        grow before each product that prints it changes its page count or no longer fits."""
        refused = _refused(lang, english, translation)
        return refused or room(self._fitting(lang, context, english), context, translation or english)

    def _fitting(self, lang: str, context: str, english: str):
        return fitting(self.options, self.session, self._engine, self.report(), lang, context, english)


def _refused(lang: str, english: str, translation: str) -> list[dict]:
    """A translation that could not be printed, said once (whether or not a product here prints it)."""
    from ...i18n.catalogues import entry_problem

    problem = entry_problem(english, translation, lang) if translation else None
    return [{"error": f"refused, not printed: {problem}"}] if problem else []
