"""The editors' accepted warnings (data/accepted.yaml): a finding looked at and kept, with its reason.

`check` prints an accepted warning as accepted and `check --strict` fails only on the rest;
an entry that matches no warning any more is reported itself, so the list cannot go stale.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem
from .load import listed

FILE = "accepted.yaml"


@dataclass(frozen=True)
class Acceptance:
    """One accepted warning: where (key path), which rule, optionally the words it quotes; why."""

    path: str
    rule: str
    words: str | None
    reason: str
    by: str | None
    date: dt.date | None
    where: str  # data/accepted.yaml:LINE

    def covers(self, finding: Problem) -> bool:
        """Whether this entry accepts a finding of lint."""
        return (
            finding.path == self.path
            and finding.message.startswith(f"warning: {self.rule}:")
            and (self.words is None or self.words in finding.message)
        )


def read(data_dir: Path) -> tuple[tuple[Acceptance, ...], list[Problem]]:
    """The accepted warnings of a data folder (none without the file), and the file's problems."""
    r, entries, problems = listed(Path(data_dir), FILE, "accepted")
    found = []
    keys = {"path": True, "rule": True, "words": False, "reason": True, "by": False, "date": False}
    for path, node in entries:
        e = r.mapping(node, path, keys)
        if e is None:
            continue
        values = [r.text(e.get(k), f"{path}.{k}", optional=not need) for k, need in keys.items() if k != "date"]
        date = r.date(e["date"], f"{path}.date") if "date" in e else None
        if None not in (values[0], values[1], values[3]):
            found.append(Acceptance(*values, date, r.where(node)))
    return tuple(found), problems


def sort(findings: list[Problem], accepted: tuple[Acceptance, ...]):
    """(open warnings, accepted ones with their entry); an entry that covers nothing is an open warning."""
    open_, kept, used = [], [], set()
    for finding in findings:
        entry = next((a for a in accepted if a.covers(finding)), None)
        if entry is None:
            open_.append(finding)
        else:
            kept.append((finding, entry))
            used.add(entry)
    for entry in accepted:
        if entry not in used:
            file, _, line = entry.where.rpartition(":")
            open_.append(
                Problem(
                    file,
                    int(line),
                    entry.path,
                    f"warning: accepted: no {entry.rule} warning here any more; remove the entry",
                )
            )
    return sorted(open_), kept
