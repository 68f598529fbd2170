"""Fidelity: the data's English compared with the published edition, statement by statement.

Each matrix cell of the edition is split into its statements (at the `;` that separates them)
and those into sentences; so is each printed statement of the cell; the two sequences are
aligned. Only extraction noise is ignored: line breaks and runs of spaces, and the full stop
that closes a cell's last statement (printed bullets carry none). Every other difference is a
deviation: recorded when data/corrections.yaml has its entry, else unrecorded.
"""

from __future__ import annotations

import dataclasses
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

    def place(self, source: str) -> str:
        """Where the edition has it: file:line, or that it has no such text."""
        return f"{source}:{self.source_line}" if self.source_line else f"not in {source}"

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
    prose_lines: int  # published lines of prose compared
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
            f"{self.compared} published statements and {self.prose_lines} lines of prose compared with "
            f"{self.source}: {differ} differ; "
            f"{len(self.recorded)} recorded{f' ({reasons})' if reasons else ''}, {len(self.unrecorded)} unrecorded"
            + (f"; {len(self.unused)} recorded correction(s) match nothing" if self.unused else "")
        )

    def lines(self) -> list[str]:
        """The report for a person: each deviation, recorded (with its reason) or not, then the summary."""
        out = []
        for d, c in self.recorded:
            place = f"source line {d.source_line}" if d.source_line else "not in the source"
            out.append(f"{d.where}: {d.path}: recorded ({c.reason}): {d.change()} ({place})")
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
                "source_line": d.source_line or None,
                "where": d.where,
            }

        return {
            "source": self.source,
            "compared": self.compared,
            "prose_lines": self.prose_lines,
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
                    f"unrecorded deviation from the published edition ({d.place(self.source)}): "
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


# A prose token: a word (with its inner apostrophes, hyphens, dots and @), or one mark.
TOKEN = re.compile(r"\w+(?:[-'’.@]+\w+)*|[^\w\s]")
PRINTED_STRINGS = ("name", "phone", "fax", "email", "url")  # plain strings of the model that are printed
WINDOW = 15  # tokens of slack around a text's place in the edition when aligning it


@dataclass(frozen=True)
class _Piece:
    """One printed text of the data outside the matrices: its key path, words and file:line."""

    path: str
    text: str
    where: str


def _pieces(value: object, near: m.Text | None = None) -> list[_Piece]:
    """Every printed text of a model object but the matrix statements, in field order."""
    if isinstance(value, m.Text):
        return [_Piece(value.context, value.source, value.where)]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = [getattr(value, f.name) for f in dataclasses.fields(value)]
        near = next((f for f in fields if isinstance(f, m.Text)), near)
        out = []
        for f in dataclasses.fields(value):
            child = getattr(value, f.name)
            if f.name in PRINTED_STRINGS and isinstance(child, str) and near is not None:
                out.append(_Piece(f"{near.context.rpartition('/')[0] or near.context}/{f.name}", child, near.where))
            elif not isinstance(child, str):
                out += _pieces(child, near)
        return out
    return [p for child in m.children(value) for p in _pieces(child, near)]


def _shown(tokens: list[str]) -> str:
    """Tokens as text again: no space before a closing mark or after an opening one."""
    return re.sub(r"([(\[]) ", r"\1", re.sub(r" ([,.;:!?)\]])", r"\1", " ".join(tokens)))


def prose_deviations(fw: m.Framework, published: Published) -> tuple[int, list[Deviation]]:
    """(prose lines compared, every deviation of the data's prose from the edition's).

    Each printed text is found in the edition's prose (all its places, if it is printed whole
    more than once; else its first place in another case; else where most of its three-word
    runs are) and aligned there word by word, case aside; a word in another case is a
    deviation of its own. What the edition says that no
    printed text covers is a deviation too (left out), but for marks that only join two printed
    texts (a colon after a label, the full stop after a list item's lead): the templates print those.
    """
    lines = [(t, line.line) for line in published.prose for t in TOKEN.findall(line.text)]
    words = [t for t, _ in lines]
    folded = [t.casefold() for t in words]
    owner: list[_Piece | None] = [None] * len(lines)
    runs = {n: _runs(folded, n) for n in (3, 2)}
    pieces = _pieces((fw.edition, fw.sections, fw.levels, fw.components, fw.perspectives, fw.matrices))
    found: list[Deviation] = []
    for piece in pieces:
        ours = TOKEN.findall(piece.text)
        key = [t.casefold() for t in ours]
        places = _starts(words, ours) or _starts(folded, key)[:1]  # (in another case: at its first place)
        for i in places:
            found += _aligned(piece, ours, lines, i, i + len(ours), owner)
        if places or not ours:
            continue
        start = _place(ours, words, runs)
        if start is None:
            found.append(Deviation(piece.path, "", piece.text, 0, piece.where))
            continue
        found += _aligned(piece, ours, lines, max(start - 5, 0), min(start + len(ours) + WINDOW, len(lines)), owner)
    found += _left_out(lines, owner, published.file)
    return len(published.prose), found


def _runs(folded: list[str], n: int) -> dict[tuple[str, ...], list[int]]:
    """Where each run of n words (case aside) starts in the edition."""
    runs: dict[tuple[str, ...], list[int]] = {}
    for i in range(len(folded) - n + 1):
        runs.setdefault(tuple(folded[i : i + n]), []).append(i)
    return runs


def _place(ours: list[str], words: list[str], runs: dict) -> int | None:
    """Where a text most likely stands in the edition: the start most of its runs of three words
    (else two) point to, the runs in the same case counting first; None if none is there."""
    key = [t.casefold() for t in ours]
    for n in (3, 2):
        votes: dict[int, tuple[int, int]] = {}
        for j in range(len(key) - n + 1):
            for i in runs[n].get(tuple(key[j : j + n]), ()):
                same = words[i : i + n] == ours[j : j + n]
                count, cased = votes.get(i - j, (0, 0))
                votes[i - j] = (count + 1, cased + same)
        if votes:
            return max(votes, key=lambda k: (votes[k], -k))
    return None


def _starts(words: list[str], ours: list[str]) -> list[int]:
    """Where a text's words stand, whole, in the edition's."""
    n = len(ours)
    if not n:
        return []
    return [i for i in range(len(words) - n + 1) if words[i] == ours[0] and words[i : i + n] == ours]


def _aligned(piece: _Piece, ours: list[str], lines, lo: int, hi: int, owner: list) -> list[Deviation]:
    """A printed text aligned with the edition's words lo..hi: its differences, the words it covers marked."""
    theirs = [t for t, _ in lines[lo:hi]]
    ops = difflib.SequenceMatcher(
        a=[t.casefold() for t in theirs], b=[t.casefold() for t in ours], autojunk=False
    ).get_opcodes()
    equal = [op for op in ops if op[0] == "equal"]
    first, last = equal[0][1], equal[-1][2]
    out = []
    for op, a1, a2, b1, b2 in ops:
        if op == "delete" and (a2 <= first or a1 >= last):
            continue  # the edition's words before or after this text: another text's
        before, after = 1, 1  # words of context on either side, within the text's place
        # At either end, the edition's words are another text's unless they read like this text's
        # (a word misspelt, cut off); then only as many of them as it prints.
        n = min(a2 - a1, b2 - b1)
        if op == "replace" and a1 >= last:
            a2, after = a1 + n * _alike(theirs[a1 : a1 + n], ours[b1:b2]), 0
        elif op == "replace" and a2 <= first:
            a1, before = a2 - n * _alike(theirs[a2 - n : a2], ours[b1:b2]), 0
        owner[lo + a1 : lo + a2] = [piece] * (a2 - a1)
        if op == "equal":  # a word in another case
            changed = [k for k in range(a2 - a1) if theirs[a1 + k] != ours[b1 + k]]
            if changed:
                k1, k2 = changed[0], changed[-1] + 1
                source, printed = theirs[a1 + k1 : a1 + k2], ours[b1 + k1 : b1 + k2]
                out.append(Deviation(piece.path, _shown(source), _shown(printed), lines[lo + a1 + k1][1], piece.where))
            continue
        source = _shown(theirs[max(a1 - before, 0) : a2 + after])
        printed = _shown(ours[max(b1 - before, 0) : b2 + after])
        out.append(Deviation(piece.path, source, printed, lines[lo + min(a1, len(theirs) - 1)][1], piece.where))
    return out


def _alike(theirs: list[str], ours: list[str]) -> bool:
    """Whether two runs of words differ as a misspelling does (most of their letters shared)."""
    return difflib.SequenceMatcher(a=" ".join(theirs), b=" ".join(ours), autojunk=False).ratio() >= 0.6


def _left_out(lines, owner: list, file: str) -> list[Deviation]:
    """Runs of the edition's words that no printed text covers, each named after the text it belongs with."""
    out, start = [], None
    for i in range(len(lines) + 1):
        if i < len(lines) and owner[i] is None:
            start = i if start is None else start
            continue
        if start is not None:
            run = [t for t, _ in lines[start:i]]
            before = owner[start - 1] if start else None
            after = owner[i] if i < len(lines) else None
            joint = all(not re.match(r"\w", t) for t in run) and before and after and before is not after
            if not joint:
                line = lines[start][1]
                # A label is its value's (the text after it on the line); else the text before it speaks.
                near = after if after and lines[i][1] == lines[i - 1][1] else before or after
                path, where = (near.path, near.where) if near else ("", f"{file}:{line}")
                out.append(Deviation(path, _shown(run), "", line, where))
            start = None
    return out


def compare(fw: m.Framework, published: Published, recorded: tuple[Correction, ...]) -> tuple[Fidelity, list[Problem]]:
    """The data against the edition, each deviation matched to its recorded correction."""
    compared, found, problems = deviations(fw, published)
    lines, prose = prose_deviations(fw, published)
    found += prose
    matched, unrecorded, used = [], [], set()
    for d in found:
        entry = next((c for c in recorded if c.covers(d.path, d.source, d.printed)), None)
        if entry is None:
            unrecorded.append(d)
        else:
            matched.append((d, entry))
            used.add(entry)
    unused = tuple(c for c in recorded if c not in used)
    return Fidelity(published.file, compared, lines, tuple(matched), tuple(unrecorded), unused), problems


def against_edition(
    data_dir: Path, fw: m.Framework, source: Path | None = None, *, required: bool = True
) -> tuple[Fidelity | None, list[Problem]]:
    """The one way fidelity is loaded: the data's corrections and the published edition (`source`,
    by default the data folder's), compared with the model; and every problem reading them
    found. None when there is no edition to compare with (not `required`: none is an answer)."""
    from . import published

    recorded, problems = corrections.read(data_dir)
    path, shown = source_file(data_dir, source)
    if not required and not path.is_file():
        return None, problems
    edition, found = published.read(path, shown)
    problems += found
    if edition is None:
        return None, problems
    outcome, found = compare(fw, edition, recorded)
    return outcome, problems + found
