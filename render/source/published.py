"""The published edition as its text extraction holds it: the source the data was made from.

The extraction (data/source/, see its README) is Markdown-like text: prose paragraphs and
lists, `####` headings, and each of the poster's eight matrices as tab-separated rows under
a heading "Mental Health Recovery Process / <level>". Recovery Process tables carry their row
label first, Best Practices tables last (or not at all); the header row of component names
says where the nine cells of each row start. Which matrix a table is comes from the caption
printed above it ("Defines the person's personal status…" or "Defines the current best
practices…"). Reading it is all this module does: comparing is `fidelity`'s job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem

MAX_BYTES = 2_000_000
# The caption above a table says which matrix it is.
CAPTIONS = {
    "Defines the person's personal status": "recovery-process",
    "Defines the current best practices": "best-practices",
}
TABLE_HEADING = re.compile(r"#### Mental Health Recovery Process / (?P<level>.+)")
# The extraction's Markdown: heading marks, a bullet, a list's number or letter (the data numbers
# its lists itself), bold and escaped asterisks. Only this is taken off a prose line.
MARKUP = re.compile(r"^(?:#+\s*)?(?:[-*]\s+)?(?:(?:\d+|[a-z]|[IVXL]+)[.)]\s+)?")
FIRST_COLUMN = "Clinical Care"
COLUMNS = 9
PERSPECTIVES = ("person", "clinicians", "community")  # rows, top to bottom


@dataclass(frozen=True)
class SourceCell:
    """One cell of a published matrix: its level's name, matrix, row, column, text and line."""

    level: str  # as the table's heading names it: "Dependent/Unaware"
    matrix: str  # recovery-process | best-practices
    perspective: str  # person | clinicians | community
    column: str  # the component's name in the header row
    text: str
    line: int


@dataclass(frozen=True)
class SourceLine:
    """One line of the published prose, outside the matrices, without the extraction's markup."""

    text: str
    line: int


@dataclass(frozen=True)
class Published:
    """The published edition: its file, matrix cells and prose lines."""

    file: str
    cells: tuple[SourceCell, ...]
    prose: tuple[SourceLine, ...]


def read(path: Path, shown: str | None = None) -> tuple[Published | None, list[Problem]]:
    """The published edition in a text extraction, or None and the problems that stop it being read."""
    shown = shown or str(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            return None, [Problem(shown, 0, "", f"larger than {MAX_BYTES // 1_000_000} MB: not a text extraction")]
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        return None, [Problem(shown, 0, "", f"not UTF-8 text ({err.reason} at byte {err.start})")]
    except OSError as err:
        return None, [Problem(shown, 0, "", f"cannot read the published edition: {err.strerror or err}")]
    return parse(text, shown)


def parse(text: str, shown: str) -> tuple[Published | None, list[Problem]]:
    """Split an extraction into its matrix cells and its prose lines (problems: file:line)."""
    lines = text.splitlines()
    cells: list[SourceCell] = []
    prose: list[SourceLine] = []
    problems: list[Problem] = []
    matrix = level = None
    i = 0
    while i < len(lines):
        line = lines[i]
        caption = next((m for start, m in CAPTIONS.items() if line.startswith(start)), None)
        heading = TABLE_HEADING.fullmatch(line.strip())
        if caption:
            matrix = caption
        elif heading and matrix:
            level = re.sub(r"\s*/\s*", "/", heading["level"].strip())
        elif "\t" in line and FIRST_COLUMN in line.split("\t"):
            if not (matrix and level):
                problems.append(Problem(shown, i + 1, "", "a table with no caption and heading above it"))
                i += 1
                continue
            found, labels, trouble = _table(lines, i, matrix, level, shown)
            cells += found
            prose += labels
            problems += trouble
            matrix = level = None
            i += 1 + len(PERSPECTIVES)
            continue
        if "\t" not in line and line.strip() and not heading:  # (a tab: a table's line, or its garbled title)
            prose.append(SourceLine(unmarked(line), i + 1))
        i += 1
    if not cells and not problems:
        problems.append(Problem(shown, 0, "", "no matrix tables found: not the edition's text extraction?"))
    return (None if problems else Published(shown, tuple(cells), tuple(prose))), problems


def unmarked(line: str) -> str:
    """A prose line without the extraction's Markdown."""
    return MARKUP.sub("", line.strip()).replace("**", "").replace("\\*", "*").strip()


def _table(
    lines: list[str], at: int, matrix: str, level: str, shown: str
) -> tuple[list[SourceCell], list[SourceLine], list[Problem]]:
    """The cells of one table (the header row at `at`, the three perspective rows below it),
    its column names and row labels (as prose lines), and its problems."""
    header = lines[at].split("\t")
    first = header.index(FIRST_COLUMN)
    columns = [c.strip() for c in header[first : first + COLUMNS]]
    cells, problems = [], []
    labels = [SourceLine(c, at + 1) for c in columns]  # the header's names and the rows' labels are printed too
    for n, perspective in enumerate(PERSPECTIVES):
        number = at + 2 + n
        row = lines[at + 1 + n].split("\t") if at + 1 + n < len(lines) else []
        texts = row[first : first + COLUMNS]
        if len(texts) < COLUMNS or not all(t.strip() for t in texts):
            problems.append(Problem(shown, number, "", f"a {matrix} row of {level} without its {COLUMNS} cells"))
            continue
        label = " ".join(c.strip() for i, c in enumerate(row) if not first <= i < first + COLUMNS and c.strip())
        labels += [SourceLine(label, number)] if label else []
        if label and not label.lower().startswith(perspective[:6]):
            problems.append(Problem(shown, number, "", f"row {n + 1} of {level} is {label!r}, not the {perspective}'s"))
            continue
        cells += [SourceCell(level, matrix, perspective, c, t, number) for c, t in zip(columns, texts, strict=True)]
    return cells, labels, problems
