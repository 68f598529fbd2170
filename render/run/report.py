"""The build report, typed: what a job made (Result), each file's entry, and build-report.json.

This module alone writes and reads build-report.json (schema SCHEMA); preflight, pack
and proof read a build folder through it.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import click

from ..options import Job
from ..press.finish import OutputIntent
from ..press.preflight import Report as Preflight
from ..source.products import WHOLE

SCHEMA = 2
FILE = "build-report.json"


@dataclass(frozen=True)
class Fallback:
    """A string a draft printed in English: its context and English."""

    context: str
    msgid: str


@dataclass(frozen=True)
class OutputEntry:
    """One file a build wrote: what it is, its pages and size, how it was fitted and how it fared."""

    product: str
    lang: str
    variant: str
    profile: str
    path: str  # under the output folder
    pages: int
    sides: int
    page_size_mm: tuple[float, float]
    bleed_mm: float
    body_min_pt: float
    imposed_from: str | None = None  # the reader's product, for a printer's form
    binding: str | None = None
    body_pt: float | None = None  # the smallest body size the fitter chose
    layout_passes: int | None = None
    refits: int | None = None  # confirming layouts that stood taller than measured, each a step down
    status: str = "ok"
    preflight: str | None = None  # pass | fail
    preflight_warnings: int | None = None
    standard: str | None = None
    output_condition: str | None = None
    draft: bool = False
    fallbacks: tuple[Fallback, ...] = ()  # (drafts) strings printed in English
    body_pt_by_matrix: dict[str, float] | None = None  # products fitted matrix by matrix
    form: str | None = None  # how the pages are made up (sheets, folds), as the job ticket says
    form_reason: str | None = None  # why not the product's shorter form (what it lacked at the floor)
    headroom_mm: list[float] | None = None  # a one-sheet poster: how much taller it could grow at the floor
    #   before a second sheet, with its masthead as set and with the masthead at its floors
    masthead: str | None = None  # a poster's masthead sizes, where it gave way to keep one sheet
    hyphenated_line_ends: int | None = None  # line ends that break a word
    hyphens_in_a_row: int | None = None  # the most in a row, in one block (at most 2)

    def as_dict(self) -> dict:
        """The entry as JSON data, leaving out what does not apply."""
        out = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if value is None or (f.name in ("draft", "fallbacks") and not self.draft):
                continue
            if f.name == "page_size_mm":
                value = list(value)
            elif f.name == "fallbacks":
                value = [dataclasses.asdict(x) for x in value]
            out[f.name] = value
        return out

    @classmethod
    def from_dict(cls, data: object, where: str) -> OutputEntry:
        """An entry read back; anything malformed is a ClickException naming `where`."""
        names = {f.name for f in dataclasses.fields(cls)}
        if not isinstance(data, dict) or not set(data) <= names:
            raise click.ClickException(f"{where}: not an output entry of this program: {data!r}")
        try:
            entry = cls(
                **{
                    **data,
                    "page_size_mm": tuple(data["page_size_mm"]),
                    "fallbacks": tuple(Fallback(**x) for x in data.get("fallbacks", ())),
                }
            )
        except (KeyError, TypeError) as err:
            raise click.ClickException(f"{where}: an output entry without {err}: {data!r}") from None
        if not isinstance(entry.product, str) or not isinstance(entry.pages, int) or not isinstance(entry.path, str):
            raise click.ClickException(f"{where}: an output without a product, path or page count: {data!r}")
        parts = PurePosixPath(entry.path)
        if parts.is_absolute() or ".." in parts.parts or parts.suffix != ".pdf":
            raise click.ClickException(f"{where}: {entry.path}: not a PDF inside the build folder")
        return entry


@dataclass(frozen=True)
class BuildReport:
    """build-report.json: the edition, the engine, and every current output of the folder."""

    edition: str
    engine: str
    outputs: tuple[OutputEntry, ...]
    schema: int = SCHEMA

    def to_bytes(self) -> bytes:
        data = {
            "schema": self.schema,
            "edition": self.edition,
            "engine": self.engine,
            "outputs": [e.as_dict() for e in self.outputs],
        }
        return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")

    @classmethod
    def read(cls, folder: Path, hint: str = "") -> BuildReport:
        """A build folder's report; missing, unreadable or of another schema is a ClickException."""
        path = folder / FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise click.ClickException(f"{path}: no build report" + (f"; {hint}" if hint else "")) from None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
            raise click.ClickException(f"{path}: not a readable build report ({err})") from None
        outputs = data.get("outputs") if isinstance(data, dict) else None
        if not isinstance(outputs, list):
            raise click.ClickException(f"{path}: not a build report (no list of outputs)")
        if data.get("schema") != SCHEMA:
            raise click.ClickException(
                f"{path}: a build report of schema {data.get('schema', 1)}, this program reads {SCHEMA}; rebuild"
            )
        entries = tuple(OutputEntry.from_dict(e, str(path)) for e in outputs)
        return cls(str(data.get("edition", "")), str(data.get("engine", "")), entries)


@dataclass(frozen=True)
class Result:
    """A finished, checked output waiting to be written."""

    job: Job
    pdf: bytes
    pages: int
    sizes: dict[str, float]  # body size per flow
    passes: int
    seconds: float
    refits: int = 0  # confirming layouts that disagreed with the measurements
    imposed: bytes | None = None  # the printer's form, for saddle-stitched products
    fallbacks: tuple[tuple[str, str], ...] = ()  # (context, English) printed untranslated
    warnings: tuple[str, ...] = ()  # for the person building (a draft's refused translations)
    preflight: tuple[Preflight, ...] = ()  # of the PDF, then of its imposed form
    contexts: tuple[str, ...] = ()  # every context (msgctxt) of the texts it printed
    exact_form: bool = True  # its page count was decided from every level of its set
    form_reason: str | None = None  # what its shorter form lacked, when it took a longer one
    headroom: tuple[float, float] | None = None  # a one-sheet poster's spare mm at the floor (masthead as set, floors)
    masthead: str | None = None  # a poster's masthead sizes, where it gave way to keep one sheet
    html: str | None = None  # the final HTML as one file (build --html)
    hyphens: tuple[int, int, int] = (0, 0, 0)  # line ends breaking a word, lines, most in a row

    def files(self) -> dict[str, bytes]:
        """The files this output writes, by path under the output folder."""
        files = {self.job.path: self.pdf}
        if self.imposed is not None:
            files[self.job.imposed_path] = self.imposed
        return files

    def entries(self) -> tuple[OutputEntry, ...]:
        """Build-report entries: the reader's PDF, and its imposed form if any."""
        job, p = self.job, self.job.product
        common = dict(lang=job.lang, variant=job.variant, profile=job.profile, bleed_mm=p.bleed_mm)
        reader = OutputEntry(
            product=p.name,
            path=job.path,
            pages=self.pages,
            sides=p.sides,
            page_size_mm=p.trim_mm,
            body_min_pt=p.body_min_pt,
            body_pt=min(self.sizes.values()),
            layout_passes=self.passes,
            refits=self.refits,
            hyphenated_line_ends=self.hyphens[0],
            hyphens_in_a_row=self.hyphens[2],
            draft=job.draft,
            fallbacks=tuple(Fallback(c, m) for c, m in self.fallbacks),
            body_pt_by_matrix=None if list(self.sizes) == [WHOLE] else dict(self.sizes),
            binding=p.binding,
            form=p.form,
            form_reason=self.form_reason,
            headroom_mm=None if self.headroom is None else [round(mm, 1) for mm in self.headroom],
            masthead=self.masthead,
            **common,
            **self._preflight(0),
        )
        if self.imposed is None:
            return (reader,)
        imposed = OutputEntry(
            product=f"{p.name}-imposed",
            imposed_from=p.name,
            path=job.imposed_path,
            pages=self.pages // 2,
            sides=2,
            page_size_mm=p.sheet_mm,
            binding="saddle-stitched",
            body_min_pt=p.body_min_pt,
            **common,
            **self._preflight(1),
        )
        return reader, imposed

    def _preflight(self, index: int) -> dict:
        if index >= len(self.preflight):
            return {}
        report = self.preflight[index]
        entry = {"preflight": "pass" if report.ok else "fail"}
        entry["preflight_warnings"] = len(report.findings) - len(report.errors)
        if report.facts.get("standard"):
            entry["standard"] = report.facts["standard"]
            entry["output_condition"] = report.facts.get("output_condition", "")
        return entry


@dataclass(frozen=True)
class Done:
    """One output of a build: made now ("built") or kept from before ("cached")."""

    job: Job
    status: str
    entries: tuple[OutputEntry, ...]
    seconds: float = 0.0  # how long it took, when built
    result: Result | None = None

    @property
    def path(self) -> str:
        return self.job.path


@dataclass(frozen=True)
class Report:
    """What one build did: every output asked for, built or kept, and the folder's build report."""

    done: tuple[Done, ...]
    folder: BuildReport
    out: Path = field(default=Path("output"))
    intent: OutputIntent | None = None  # what the press files were made for
    warnings: tuple[str, ...] = ()  # the cache's: what was found unusable and dropped

    @property
    def built(self) -> tuple[Done, ...]:
        return tuple(d for d in self.done if d.status == "built")
