"""The editors' record of where the printed text departs from the published edition (data/corrections.yaml).

Each entry is one deviation: where (the key path of a cell or prose section), the source text as
published, the text as printed, and why (an extraction error, the publisher's typo, or an
editorial decision), with who decided and when where known. `fidelity` matches every difference
it finds to an entry; an entry that matches nothing is reported, so the record cannot go stale.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem
from .load import listed

FILE = "corrections.yaml"
REASONS = ("extraction error", "publisher's typo", "editorial decision")


def same(a: str, b: str) -> bool:
    """Two texts alike but for spacing (runs of white space, line breaks)."""
    return re.sub(r"\s+", " ", a).strip() == re.sub(r"\s+", " ", b).strip()


@dataclass(frozen=True)
class Correction:
    """One recorded deviation: where, the published text, the printed text, and why."""

    path: str
    source: str  # as published ("" where the data adds text)
    printed: str  # as printed ("" where the data leaves text out)
    reason: str  # one of REASONS
    note: str | None
    by: str | None
    date: dt.date | None
    where: str  # data/corrections.yaml:LINE

    def covers(self, path: str, source: str, printed: str) -> bool:
        """Whether this entry records a difference found at path."""
        return path == self.path and same(source, self.source) and same(printed, self.printed)


def read(data_dir: Path) -> tuple[tuple[Correction, ...], list[Problem]]:
    """The recorded corrections of a data folder (none without the file), and the file's problems."""
    r, entries, problems = listed(Path(data_dir), FILE, "corrections")
    found = []
    keys = {"path": True, "source": True, "printed": True, "reason": True, "note": False, "by": False}
    for path, node in entries:
        e = r.mapping(node, path, {**keys, "date": False})
        if e is None:
            continue
        values = {}
        for key, needed in keys.items():
            value = e.get(key)
            # An empty source or printed text says the data adds or leaves out the other.
            if key in ("source", "printed") and value is not None and value.value == "":
                values[key] = ""
                continue
            values[key] = r.text(value, f"{path}.{key}", optional=not needed)
        date = r.date(e["date"], f"{path}.date") if "date" in e else None
        if values["reason"] is not None and values["reason"] not in REASONS:
            r.error(e["reason"], f"{path}.reason", f"one of {', '.join(REASONS)}; got {values['reason']!r}")
            continue
        if values["source"] == values["printed"] == "":
            r.error(node, path, "source and printed are both empty: nothing is corrected")
            continue
        if None not in (values["path"], values["source"], values["printed"], values["reason"]):
            found.append(Correction(**values, date=date, where=r.where(node)))
    return tuple(found), problems
