"""Fidelity: the data's English compared with the published edition, statement by statement.

Each matrix cell of the edition is split into its statements (at the `;` that separates them)
and those into sentences; so is each printed statement of the cell; the two sequences are
aligned. Only extraction noise is ignored: line breaks and runs of spaces, and the full stop
that closes a cell's last statement (printed bullets carry none). Every other difference is a
deviation: recorded when data/corrections.yaml has its entry, else unrecorded.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem
from . import corrections
from . import model as m
from .corrections import Correction
from .published import Published

DEFAULT_SOURCE = Path("source") / "emerging-best-practices.txt"  # in the data folder
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


@dataclass(frozen=True)
class Deviation:
    """Where the printed text is not the published one: key path, both texts, and their lines."""

    path: str
    source: str  # as published ("" where the data adds text)
    printed: str  # as printed ("" where the data leaves text out)
    source_line: int
    where: str  # data file:line of the printed text (or of its cell)

    def change(self) -> str:
        """The words that differ, each change with a word on either side: "refining stressmanagement
        skills" → "refining stress management skills"."""
        a, b = self.source.split(), self.printed.split()
        if not a or not b:
            return f'"{self.source}" → "{self.printed}"'
        changes = []
        for op, a1, a2, b1, b2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
            if op != "equal":
                source = " ".join(a[max(a1 - 1, 0) : a2 + 1])
                printed = " ".join(b[max(b1 - 1, 0) : b2 + 1])
                changes.append(f'"{source}" → "{printed}"')
        return ", ".join(changes) or f'"{self.source}" → "{self.printed}"'


@dataclass(frozen=True)
class Fidelity:
    """The comparison's outcome: how much was compared, and each deviation recorded or not."""

    source: str
    compared: int  # published statements (sentences) compared
    recorded: tuple[tuple[Deviation, Correction], ...]
    unrecorded: tuple[Deviation, ...]
    unused: tuple[Correction, ...]  # entries that match no deviation any more

    @property
    def ok(self) -> bool:
        return not self.unrecorded and not self.unused

    def by_reason(self) -> dict[str, int]:
        """Recorded corrections counted by their reason."""
        counts = Counter(c.reason for _, c in self.recorded)
        return {reason: counts[reason] for reason in corrections.REASONS if counts[reason]}

    def summary(self) -> str:
        """One line: how much was compared, how much differs, recorded (by reason) and not."""
        reasons = ", ".join(f"{n} {reason}" for reason, n in self.by_reason().items())
        differ = len(self.recorded) + len(self.unrecorded)
        return (
            f"{self.compared} published statements compared with {self.source}: {differ} differ; "
            f"{len(self.recorded)} recorded{f' ({reasons})' if reasons else ''}, {len(self.unrecorded)} unrecorded"
            + (f"; {len(self.unused)} recorded correction(s) match nothing" if self.unused else "")
        )

    def lines(self) -> list[str]:
        """The report for a person: each deviation, recorded (with its reason) or not, then the summary."""
        out = []
        for d, c in self.recorded:
            out.append(f"{d.where}: {d.path}: recorded ({c.reason}): {d.change()} (source line {d.source_line})")
        out += [str(p) for p in self.problems()]
        return [*out, self.summary()]

    def as_dict(self) -> dict:
        """The report for --json."""

        def deviation(d: Deviation) -> dict:
            return {
                "path": d.path,
                "source": d.source,
                "printed": d.printed,
                "change": d.change(),
                "source_line": d.source_line,
                "where": d.where,
            }

        return {
            "source": self.source,
            "compared": self.compared,
            "result": "pass" if self.ok else "fail",
            "by_reason": self.by_reason(),
            "recorded": [
                {
                    **deviation(d),
                    "reason": c.reason,
                    "note": c.note,
                    "by": c.by,
                    "date": c.date and c.date.isoformat(),
                    "entry": c.where,
                }
                for d, c in self.recorded
            ],
            "unrecorded": [deviation(d) for d in self.unrecorded],
            "unused": [
                {"path": c.path, "source": c.source, "printed": c.printed, "entry": c.where} for c in self.unused
            ],
        }

    def problems(self) -> list[Problem]:
        """Each unrecorded deviation and each stale entry as a Problem (for `check`)."""
        found = []
        for d in self.unrecorded:
            file, _, line = d.where.rpartition(":")
            found.append(
                Problem(
                    file,
                    int(line),
                    d.path,
                    f"unrecorded deviation from the published edition ({self.source}:{d.source_line}): "
                    f"{d.change()}; record it in {corrections.FILE} with its reason, or print the published text",
                )
            )
        for c in self.unused:
            file, _, line = c.where.rpartition(":")
            found.append(Problem(file, int(line), c.path, "matches no deviation any more; remove the entry"))
        return sorted(found)


def source_file(data_dir: Path, given: Path | None) -> tuple[Path, str]:
    """The published edition's file (given, or the data folder's copy) and its name as the user sees it."""
    from .load import display_path

    if given is not None:
        return Path(given), str(given)
    return Path(data_dir) / DEFAULT_SOURCE, display_path(Path(data_dir), str(DEFAULT_SOURCE))


def units(text: str) -> list[str]:
    """A text's statements and sentences, spacing normalised, without closing full stops."""
    out = []
    for statement in text.split(";"):
        for sentence in SENTENCE_END.split(" ".join(statement.split())):
            sentence = sentence.strip().removesuffix(".").strip()
            if sentence:
                out.append(sentence)
    return out


def deviations(fw: m.Framework, published: Published) -> tuple[int, list[Deviation], list[Problem]]:
    """(statements compared, every deviation of the data from the edition, problems placing the source's cells)."""
    levels = {str(level.name): level.number for level in fw.levels}
    components = {str(c.name): c.id for c in fw.components}
    found: list[Deviation] = []
    problems: list[Problem] = []
    compared = 0
    for cell in published.cells:
        level, component = levels.get(cell.level), components.get(cell.column)
        if level is None or component is None:
            what = f"level {cell.level!r}" if level is None else f"component {cell.column!r}"
            problems.append(Problem(published.file, cell.line, "", f"the data has no {what}"))
            continue
        printed = fw.cell(level, cell.matrix, cell.perspective, component).statements
        path = f"level-{level}/{cell.matrix}/{cell.perspective}/{component}"
        source = units(cell.text)
        compared += len(source)
        spans = [(u, s.text.where) for s in printed for u in units(s.text.source)]
        ours = [u for u, _ in spans]
        matcher = difflib.SequenceMatcher(a=source, b=ours, autojunk=False)
        for op, a1, a2, b1, b2 in matcher.get_opcodes():
            if op == "equal":
                continue
            where = spans[b1][1] if b1 < len(spans) else spans[-1][1] if spans else published.file
            found.append(Deviation(path, "; ".join(source[a1:a2]), "; ".join(ours[b1:b2]), cell.line, where))
    return compared, found, problems


def compare(fw: m.Framework, published: Published, recorded: tuple[Correction, ...]) -> tuple[Fidelity, list[Problem]]:
    """The data against the edition, each deviation matched to its recorded correction."""
    compared, found, problems = deviations(fw, published)
    matched, unrecorded, used = [], [], set()
    for d in found:
        entry = next((c for c in recorded if c.covers(d.path, d.source, d.printed)), None)
        if entry is None:
            unrecorded.append(d)
        else:
            matched.append((d, entry))
            used.add(entry)
    unused = tuple(c for c in recorded if c not in used)
    return Fidelity(published.file, compared, tuple(matched), tuple(unrecorded), unused), problems
