"""Edition diff: what changed between two editions of the data, statement by statement and word by word.

Computing is separate from rendering: `diff_editions(old, new)` takes two Frameworks and returns an
`EditionDiff` (frozen dataclasses, in the framework's reading order); diff_report renders it.
`load_edition` reads an edition from a data folder or from a git revision's data/ folder.

Matching, inside one cell (statements) or one part of a prose section (its blocks):
  1. difflib.SequenceMatcher aligns the old and new lists; aligned identical items are unchanged;
  2. an item whose identical text is still in the list, but at another place, is "moved" (order only:
     shown so sign-off covers the new order, never counted as added, removed or changed);
  3. the remaining old and new items are paired greedily, most similar first, when their words are
     similar enough (SequenceMatcher ratio >= SIMILAR on words, ignoring case and punctuation):
     "changed", shown word by word;
  4. what is left is "removed" or "added".
A statement that moved to another cell is removed from one and added to the other (it is a new
message for translators). Single-valued fields (titles, edition, revised date, names, captions) are
"changed" whenever they differ, however much.
"""

from __future__ import annotations

import dataclasses
import io
import re
import subprocess
import tarfile
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

import click

from ..errors import DataError
from . import model as m
from .corrections import Correction

SIMILAR = 0.6  # word-level SequenceMatcher ratio from which a replaced statement counts as changed

ADDED, REMOVED, CHANGED, MOVED = "added", "removed", "changed", "moved"
SAME, DELETED, INSERTED = "same", "deleted", "inserted"


class RevisionError(click.ClickException):
    """An edition argument is neither a data folder nor a usable git revision."""

    exit_code = 1


# ---------------------------------------------------------------------------------------------------- the diff model


@dataclass(frozen=True)
class Segment:
    """A run of words that is the same in both editions, deleted from the old or inserted in the new."""

    op: str  # same | deleted | inserted
    text: str


@dataclass(frozen=True)
class StatementChange:
    """A statement added, removed, changed (word by word) or moved within its cell."""

    kind: str  # added | removed | changed | moved
    where: str  # "Level 2 · Best Practices · Clinicians · Stigma"
    old: str | None
    new: str | None
    words: tuple[Segment, ...]
    cell: tuple[int, str, str, str]  # (level, matrix, perspective, component) ids
    old_index: int | None = None  # bullet number in the old cell (1-based)
    new_index: int | None = None  # bullet number in the new cell (1-based)


@dataclass(frozen=True)
class CellChange:
    """A cell that exists in only one of the editions (its statements are listed as added or removed)."""

    kind: str  # added | removed
    where: str
    cell: tuple[int, str, str, str]
    statements: int


@dataclass(frozen=True)
class ProseChange:
    """A change to prose: section texts, framework labels or edition metadata."""

    kind: str  # added | removed | changed | moved
    where: str  # "Introduction", "Edition", "Framework"
    what: str  # "paragraph 2", "revised date", "name of component 6"
    old: str | None
    new: str | None
    words: tuple[Segment, ...]


@dataclass(frozen=True)
class CorrectionChange:
    """A recorded deviation from the published edition that one edition records and the other not."""

    kind: str  # added | removed
    where: str  # the key path of its cell or prose section
    reason: str
    words: tuple[Segment, ...]  # the published text to the printed one, word by word


@dataclass(frozen=True)
class Source:
    """Where an edition was read from: a data folder, or a git revision (as given) and its commit."""

    name: str
    commit: str | None = None


@dataclass(frozen=True)
class EditionInfo:
    """What names an edition in the report."""

    source: Source
    title: str
    edition: str
    revised: str

    def __str__(self) -> str:
        return f"{self.title}, {self.edition}, revised {self.revised}"


@dataclass(frozen=True)
class EditionDiff:
    """Everything that changed from one edition to the next, in reading order."""

    old: EditionInfo
    new: EditionInfo
    statements: tuple[StatementChange, ...]
    cells: tuple[CellChange, ...]
    prose: tuple[ProseChange, ...]
    corrections: tuple[CorrectionChange, ...] = ()  # recorded deviations from the published edition

    def count(self, kind: str) -> int:
        """How many statements were added, removed, changed or moved."""
        return sum(1 for c in self.statements if c.kind == kind)

    @property
    def is_empty(self) -> bool:
        return not (self.statements or self.cells or self.prose or self.corrections)

    def summary(self) -> str:
        """ "N statements added, M removed, K changed; P prose changes" (and moves, if any)."""
        if self.is_empty:
            return "No changes."
        added = self.count(ADDED)
        line = (
            f"{added} {_plural(added, 'statement')} added, {self.count(REMOVED)} removed, {self.count(CHANGED)} changed"
        )
        line += f"; {len(self.prose)} prose {_plural(len(self.prose), 'change')}"
        if moved := self.count(MOVED):
            line += f"; {moved} {_plural(moved, 'statement')} moved within {'its' if moved == 1 else 'their'} cell"
        if self.corrections:
            added = sum(c.kind == ADDED for c in self.corrections)
            line += (
                f"; {added} {_plural(added, 'correction')} to the published edition recorded, "
                f"{len(self.corrections) - added} withdrawn"
            )
        return line


def _plural(n: int, word: str) -> str:
    return word if n == 1 else word + "s"


# ---------------------------------------------------------------------------------------------------- word level


_WORD = re.compile(r"\w+")


def words_diff(old: str, new: str) -> tuple[Segment, ...]:
    """The word-level difference of two texts: runs of same, deleted and inserted words."""
    a, b = old.split(), new.split()
    segments: list[Segment] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            segments.append(Segment(SAME, " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            segments.append(Segment(DELETED, " ".join(a[i1:i2])))
        if j2 > j1:
            segments.append(Segment(INSERTED, " ".join(b[j1:j2])))
    return tuple(segments)


def similarity(old: str, new: str) -> float:
    """SequenceMatcher ratio of two texts' words, ignoring case and punctuation (0 to 1)."""
    sm = SequenceMatcher(None, _WORD.findall(old.casefold()), _WORD.findall(new.casefold()), autojunk=False)
    if sm.real_quick_ratio() < SIMILAR or sm.quick_ratio() < SIMILAR:
        return min(sm.real_quick_ratio(), sm.quick_ratio())
    return sm.ratio()


# ---------------------------------------------------------------------------------------------------- matching


@dataclass(frozen=True)
class _Unit:
    """One comparable text: a statement, a paragraph, a list item, a field."""

    kind: str  # statement | paragraph | heading | list item | ... (only units of one kind pair up)
    text: str
    label: str  # "bullet 3", "paragraph 2": where it is in its own edition


@dataclass(frozen=True)
class _Pair:
    kind: str
    old: _Unit | None
    new: _Unit | None
    old_index: int | None
    new_index: int | None


def _match(old: Sequence[_Unit], new: Sequence[_Unit], threshold: float = SIMILAR) -> list[_Pair]:
    """The changes between two lists of units (see the module docstring), in the new list's order."""
    a = [(u.kind, u.text) for u in old]
    b = [(u.kind, u.text) for u in new]
    free_a: list[int] = []
    free_b: list[int] = []
    anchor: dict[int, int] = {}  # unmatched old index -> the new position it stood at
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal":
            free_a += range(i1, i2)
            free_b += range(j1, j2)
            anchor |= dict.fromkeys(range(i1, i2), j1)
    pairs: list[_Pair] = []

    def pair(kind: str, i: int | None, j: int | None) -> None:
        pairs.append(
            _Pair(kind, None if i is None else old[i], None if j is None else new[j], i, j),
        )
        if i is not None:
            free_a.remove(i)
        if j is not None:
            free_b.remove(j)

    for i in list(free_a):  # the same text elsewhere in the list: moved
        j = next((j for j in free_b if b[j] == a[i]), None)
        if j is not None:
            pair(MOVED, i, j)
    candidates = sorted(
        (-score, i, j)
        for i in free_a
        for j in free_b
        if a[i][0] == b[j][0] and (score := similarity(a[i][1], b[j][1]) if threshold > 0 else 1.0) >= threshold
    )
    for _, i, j in candidates:
        if i in free_a and j in free_b:
            pair(CHANGED, i, j)
    for i in list(free_a):
        pair(REMOVED, i, None)
    for j in list(free_b):
        pair(ADDED, None, j)

    def order(p: _Pair) -> tuple[int, int, int]:
        if p.new_index is not None:
            return (p.new_index, 1, 0)
        return (anchor[p.old_index], 0, p.old_index)

    return sorted(pairs, key=order)


def _words(p: _Pair) -> tuple[Segment, ...]:
    if p.kind == ADDED:
        return (Segment(INSERTED, p.new.text),)
    if p.kind == REMOVED:
        return (Segment(DELETED, p.old.text),)
    if p.kind == MOVED:
        return (Segment(SAME, p.new.text),)
    return words_diff(p.old.text, p.new.text)


# ---------------------------------------------------------------------------------------------------- statements


class _Names:
    """Reading order and display names of levels, matrices, perspectives, components, across two editions."""

    def __init__(self, old: m.Framework, new: m.Framework):
        def merged(attr: str, name) -> dict[str, str]:
            out = {x.id: name(x) for x in getattr(new, attr)}
            for x in getattr(old, attr):
                out.setdefault(x.id, name(x))
            return out

        self.matrices = merged("matrices", lambda x: x.short_name.source)
        self.perspectives = merged("perspectives", lambda x: x.name.source)
        self.components = merged("components", lambda x: x.name.source)
        self._rank = {
            k: {id: i for i, id in enumerate(getattr(self, k))} for k in ("matrices", "perspectives", "components")
        }

    def order(self, cell: tuple[int, str, str, str]) -> tuple[int, int, int, int]:
        level, matrix, perspective, component = cell
        r = self._rank
        return (level, r["matrices"][matrix], r["perspectives"][perspective], r["components"][component])

    def where(self, cell: tuple[int, str, str, str]) -> str:
        level, matrix, perspective, component = cell
        return " · ".join(
            (f"Level {level}", self.matrices[matrix], self.perspectives[perspective], self.components[component])
        )


def _cells(fw: m.Framework) -> dict[tuple[int, str, str, str], m.Cell]:
    return {(c.level, c.matrix, c.perspective, c.component): c for c in fw.cells}


def diff_statements(old: m.Framework, new: m.Framework) -> tuple[tuple[StatementChange, ...], tuple[CellChange, ...]]:
    """Statements added, removed, changed and moved, and cells that appeared or disappeared, in reading order."""
    names = _Names(old, new)
    old_cells, new_cells = _cells(old), _cells(new)
    changes: list[StatementChange] = []
    cell_changes: list[CellChange] = []
    for key in sorted(old_cells.keys() | new_cells.keys(), key=names.order):
        where = names.where(key)
        before = old_cells[key].statements if key in old_cells else ()
        after = new_cells[key].statements if key in new_cells else ()
        if key not in old_cells:
            cell_changes.append(CellChange(ADDED, where, key, len(after)))
        elif key not in new_cells:
            cell_changes.append(CellChange(REMOVED, where, key, len(before)))
        units_a = [_Unit("statement", s.text.source, f"bullet {i}") for i, s in enumerate(before, 1)]
        units_b = [_Unit("statement", s.text.source, f"bullet {i}") for i, s in enumerate(after, 1)]
        for p in _match(units_a, units_b):
            changes.append(
                StatementChange(
                    p.kind,
                    where,
                    p.old.text if p.old else None,
                    p.new.text if p.new else None,
                    _words(p),
                    key,
                    None if p.old_index is None else p.old_index + 1,
                    None if p.new_index is None else p.new_index + 1,
                )
            )
    return tuple(changes), tuple(cell_changes)


# ---------------------------------------------------------------------------------------------------- prose


@dataclass(frozen=True)
class _Part:
    """Part of a prose group: one field (keyed: any difference is a change) or a sequence of blocks."""

    id: str
    units: tuple[_Unit, ...]
    keyed: bool = True


def _field(id: str, what: str, text: m.Text | str | None) -> _Part:
    units = () if text is None else (_Unit(id, str(text), what),)
    return _Part(id, units)


def _address_units(a: m.Address, line_label: str = "address line") -> list[_Unit]:
    units = [] if a.lead is None else [_Unit("address lead", a.lead.source, "address lead")]
    units += [_Unit(line_label, t.source, f"{line_label} {i}") for i, t in enumerate(a.lines, 1)]
    units += [_Unit(k, v, k) for k, v in (("phone", a.phone), ("fax", a.fax), ("email", a.email)) if v is not None]
    return units


def _block_units(blocks: Iterable[m.Block]) -> list[_Unit]:
    """A section's blocks as comparable texts, each labelled by its place ("paragraph 3", "list item 5")."""
    counts: dict[str, int] = {}

    def nth(kind: str) -> int:
        counts[kind] = counts.get(kind, 0) + 1
        return counts[kind]

    units: list[_Unit] = []
    for block in blocks:
        if isinstance(block, m.Paragraph):
            units.append(_Unit("paragraph", block.text.source, f"paragraph {nth('paragraph')}"))
        elif isinstance(block, m.Heading):
            units.append(_Unit("heading", block.text.source, f"heading {nth('heading')}"))
        elif isinstance(block, m.ItemList):
            for item in block.items:
                n = nth("list item")
                if item.lead is not None:
                    units.append(_Unit("list item lead", item.lead.source, f"lead of list item {n}"))
                units.append(_Unit("list item", item.text.source, f"list item {n}"))
        elif isinstance(block, m.Terms):
            for term in block.terms:
                units.append(_Unit("key term", term.term.source, f"key term “{term.term.source}”"))
                units.append(_Unit("definition", term.text.source, f"definition of “{term.term.source}”"))
        elif isinstance(block, m.Signature):
            units.append(_Unit("signature name", block.name.source, "signature name"))
            units.append(_Unit("signature role", block.role.source, "signature role"))
        elif isinstance(block, m.Address):
            units += _address_units(block)
    return units


def _edition_parts(e: m.Edition) -> list[_Part]:
    credits = []
    for i, c in enumerate(e.credits, 1):
        if c.label is not None:
            credits.append(_Unit("credit label", c.label.source, f"label of credit {i}"))
        credits.append(_Unit("credit", c.text.source, f"credit {i}"))
    captions = [
        _Unit("photograph caption", f"{c.position.source}: {c.name}", f"photograph caption {i}")
        for i, c in enumerate(e.photographs, 1)
    ]
    return [
        _field("title", "title", e.title),
        _field("running_title", "running title", e.running_title),
        _field("publisher", "publisher", e.publisher),
        _field("publisher_short", "publisher (short)", e.publisher_short),
        _field("edition", "edition", e.edition),
        _field("revised", "revised date", e.revised.isoformat()),
        _Part("credits", tuple(credits), keyed=False),
        _field("production", "production", e.production),
        _field("dissemination", "dissemination", e.dissemination),
        _Part("contact", tuple(_address_units(e.contact, "contact line")), keyed=False),
        _field("further_information", "further information", e.further_information),
        _field("url", "web address", e.url),
        _field("photographs_title", "photographs title", e.photographs_title),
        _Part("photographs", tuple(captions), keyed=False),
        _field("supporter", "supporter", e.supporter),
    ]


def _framework_parts(fw: m.Framework) -> list[_Part]:
    parts = []
    for lv in fw.levels:
        parts.append(_field(f"level/{lv.id}/name", f"name of level {lv.number}", lv.name))
        parts.append(_field(f"level/{lv.id}/dependency", f"dependency of level {lv.number}", lv.dependency))
        parts.append(_field(f"level/{lv.id}/awareness", f"awareness of level {lv.number}", lv.awareness))
    for c in fw.components:
        parts.append(_field(f"component/{c.id}", f"name of component {c.number}", c.name))
    for i, p in enumerate(fw.perspectives, 1):
        parts.append(_field(f"perspective/{p.id}", f"name of perspective {i}", p.name))
    names = {p.id: p.name.source for p in fw.perspectives}
    for mx in fw.matrices:
        short = mx.short_name.source
        parts.append(_field(f"matrix/{mx.id}/name", f"{short} matrix: name", mx.name))
        parts.append(_field(f"matrix/{mx.id}/short_name", f"{short} matrix: short name", mx.short_name))
        parts.append(_field(f"matrix/{mx.id}/caption", f"{short} matrix: caption", mx.caption))
        for pid, label in mx.rows.items():
            parts.append(
                _field(f"matrix/{mx.id}/row/{pid}", f"{short} matrix: row label for {names.get(pid, pid)}", label)
            )
    return parts


def _section_parts(s: m.Section) -> list[_Part]:
    return [
        _field("title", "title", s.title),
        _field("subtitle", "subtitle", s.subtitle),
        _field("running_head", "running head", s.running_head),
        _Part("blocks", tuple(_block_units(s.blocks)), keyed=False),
    ]


def _prose_groups(fw: m.Framework) -> dict[str, tuple[str, list[_Part]]]:
    groups = {"edition": ("Edition", _edition_parts(fw.edition)), "framework": ("Framework", _framework_parts(fw))}
    for s in fw.sections:
        groups[f"section/{s.id}"] = (s.title.source, _section_parts(s))
    return groups


def _merged_keys(new: Iterable[str], old: Iterable[str]) -> list[str]:
    """The new edition's keys in order, then those only the old one has."""
    keys = list(new)
    return keys + [k for k in old if k not in keys]


def diff_prose(old: m.Framework, new: m.Framework) -> tuple[ProseChange, ...]:
    """Changes to edition metadata, framework labels and the prose sections, word by word, in reading order."""
    old_groups, new_groups = _prose_groups(old), _prose_groups(new)
    changes: list[ProseChange] = []
    for gid in _merged_keys(new_groups, old_groups):
        where = (new_groups.get(gid) or old_groups[gid])[0]
        old_parts = {p.id: p for p in old_groups.get(gid, ("", []))[1]}
        new_parts = {p.id: p for p in new_groups.get(gid, ("", []))[1]}
        for pid in _merged_keys(new_parts, old_parts):
            a = old_parts.get(pid, _Part(pid, ()))
            b = new_parts.get(pid, _Part(pid, ()))
            for p in _match(a.units, b.units, threshold=0.0 if (a.keyed and b.keyed) else SIMILAR):
                what = (p.new or p.old).label
                if p.kind == MOVED and p.old.label != p.new.label:
                    what = f"{p.new.label}, was {p.old.label}"
                changes.append(
                    ProseChange(
                        p.kind, where, what, p.old.text if p.old else None, p.new.text if p.new else None, _words(p)
                    )
                )
    return tuple(changes)


def edition_info(fw: m.Framework, source: Source | str) -> EditionInfo:
    """The source, title, edition and revision date that name an edition."""
    e = fw.edition
    source = source if isinstance(source, Source) else Source(source)
    return EditionInfo(source, e.title.source, e.edition.source, e.revised.isoformat())


def diff_corrections(old: Iterable[Correction], new: Iterable[Correction]) -> tuple[CorrectionChange, ...]:
    """The corrections one edition records and the other not (a changed one: withdrawn and recorded)."""

    def key(c: Correction) -> tuple[str, str, str]:
        return c.path, " ".join(c.source.split()), " ".join(c.printed.split())

    before, after = {key(c): c for c in old}, {key(c): c for c in new}
    changes = [(REMOVED, c) for k, c in before.items() if k not in after]
    changes += [(ADDED, c) for k, c in after.items() if k not in before]
    return tuple(
        CorrectionChange(kind, c.path, c.reason, words_diff(c.source, c.printed))
        for kind, c in sorted(changes, key=lambda kc: (kc[1].path, kc[0] != REMOVED))
    )


def diff_editions(
    old: m.Framework,
    new: m.Framework,
    old_source: Source | str = "old",
    new_source: Source | str = "new",
    old_corrections: Iterable[Correction] = (),
    new_corrections: Iterable[Correction] = (),
) -> EditionDiff:
    """Everything that changed from `old` to `new`: statements, cells, prose and recorded corrections."""
    statements, cells = diff_statements(old, new)
    return EditionDiff(
        edition_info(old, old_source),
        edition_info(new, new_source),
        statements,
        cells,
        diff_prose(old, new),
        diff_corrections(old_corrections, new_corrections),
    )


# ---------------------------------------------------------------------------------------------------- loading


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=False)
    except OSError as err:
        raise RevisionError(f"cannot run git: {err}") from None


def _revision_problems(err: DataError, arg: str) -> DataError:
    """A revision's data problems, each file named as git does: REV:data/levels/level-2.yaml."""
    return DataError([dataclasses.replace(p, file=f"{arg}:data/{p.file.rpartition('data/')[2]}") for p in err.problems])


def _loaded(data: Path) -> tuple[m.Framework, tuple[Correction, ...]]:
    """A data folder's framework and its recorded corrections (DataError on a problem in either)."""
    from . import corrections
    from .load import load_framework

    fw = load_framework(data)[0]
    recorded, problems = corrections.read(data)
    if problems:
        raise DataError(problems)
    return fw, recorded


def load_edition(arg: str, repo: Path | None = None) -> tuple[m.Framework, Source, tuple[Correction, ...]]:
    """Load an edition from a data folder or a git revision of `repo` (default: the working folder's repository).

    A folder wins over a revision of the same name. Returns the framework, where it came from and
    the corrections to the published edition it records.
    """
    if Path(arg).is_dir():
        fw, recorded = _loaded(Path(arg))
        return fw, Source(arg), recorded
    where = Path.cwd() if repo is None else Path(repo)
    top = _git(where, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        raise RevisionError(f"{arg}: no such data folder (and {where} is not in a git repository)")
    root = Path(top.stdout.decode().strip())
    rev = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{arg}^{{commit}}")
    if rev.returncode != 0:
        raise RevisionError(f"{arg}: neither a data folder nor a revision of the git repository {root}")
    sha = rev.stdout.decode().strip()
    archive = _git(root, "archive", "--format=tar", sha, "data")
    if archive.returncode != 0:
        raise RevisionError(f"{arg}: revision {sha[:12]} has no data/ folder")
    with tempfile.TemporaryDirectory(prefix="recovery-print-diff-") as tmp:
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(tmp, filter="data")
        try:
            fw, recorded = _loaded(Path(tmp) / "data")
        except DataError as err:
            raise _revision_problems(err, arg) from None
    return fw, Source(arg, sha[:12]), recorded
