"""Editorial lint: warnings about valid data that is probably not what the editors meant.

Validation (render.load) rejects data that cannot be printed; the lint looks at data that
loads fine and points at likely slips: a key term spelled another way, a statement
entered twice, doubled spaces, an unclosed bracket or quote, a statement far longer than
its neighbours. It works on the loaded Framework only (never on the YAML) and every
finding is a Problem: file:line, key path, "warning: <rule>: <detail>".
"""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..errors import Problem
from . import model as m

# A statement is "far longer than its neighbours" when it is more than LONG_RATIO times the
# median length of the other statements of its cell (itself left out, so that a cell of two
# compares the pair) AND at least LONG_MIN_CHARS long. The ratio keeps cells whose statements
# are all long quiet; the minimum keeps short cells quiet (30 characters beside 8 is no
# problem), and 200 characters is already several lines of a bullet in a narrow matrix
# column. On the shipped data 3x/160 flags five statements, three of them ordinary long
# sentences; 4x/200 flags only the two where a second sentence ("... For example ...") was
# appended to a statement, which is the slip this rule is for.
LONG_RATIO = 4.0
LONG_MIN_CHARS = 200

# Statements the data, transcribed from the source edition, repeats in more than one cell of
# a row (level, matrix, perspective), with the cells that carry them: the source prints them
# so, they are not slips. Level 2 community/recovery-process repeats its whole Clinical Care
# cell under Peer Support. The Wellness Recovery Action Plan statement is printed twice, once
# with "Advanced Agreements": it becomes a repeat when that drift is corrected. A further copy
# in another cell of the row is still reported.
SOURCE_REPEATS: dict[tuple[int, str, str], dict[str, tuple[str, ...]]] = {
    (2, "recovery-process", "community"): {
        "Makes available educational opportunities for people and their families/significant others that focus on "
        "mental illness, recovery process, and strategies that facilitate recovery": ("clinical-care", "peer-support"),
        "Provides support and information to overcome stigma and enhance community inclusion (e.g. through places "
        "of worship, community organisations)": ("clinical-care", "peer-support"),
        "Continues to make available peer support": ("clinical-care", "peer-support"),
    },
    (2, "best-practices", "clinicians"): {
        "Helps person learn coping skills": ("clinical-care", "education"),
        "Celebrates with person when goals are achieved": ("power-control", "community-involvement"),
        "Develops with person his/her Wellness Recovery Action Plan and Advance Agreements": (
            "clinical-care",
            "power-control",
        ),
    },
    (2, "best-practices", "community"): {
        "Continues activities in the Dependent/Unaware Stage": ("family-support", "education"),
    },
}


@dataclass(frozen=True)
class Place:
    """One text of the framework and the key path a finding about it names."""

    text: m.Text
    path: str


def lint(fw: m.Framework) -> list[Problem]:
    """Every editorial warning about the framework, sorted by file and line."""
    all_places = places(fw)
    terms = [t for s in fw.sections if s.id == "key-terms" for b in s.blocks if isinstance(b, m.Terms) for t in b.terms]
    findings = [
        *glossary_drift(terms, all_places),
        *cell_duplicates(fw.cells),
        *row_duplicates(fw.cells),
        *spacing(all_places),
        *reserved_hyphen(all_places),
        *unbalanced(all_places),
        *long_statements(fw.cells),
    ]
    return sorted(set(findings))


def places(fw: m.Framework) -> list[Place]:
    """Every Text of the framework: statements as context[index], every other text as its context."""
    found = [Place(s.text, f"{s.text.context}[{i}]") for c in fw.cells for i, s in enumerate(c.statements)]
    for name in ("edition", "levels", "components", "perspectives", "matrices", "sections"):
        found.extend(Place(t, t.context) for t in m.texts(getattr(fw, name)))
    return found


def warning(place: Place, rule: str, detail: str) -> Problem:
    """A finding about one text, located by its Text.where (file:line) and key path."""
    file, _, line = place.text.where.rpartition(":")
    if not line.isdigit():
        file, line = place.text.where, "0"
    return Problem(file, int(line), place.path, f"warning: {rule}: {detail}")


# --- glossary drift -------------------------------------------------------------------

_WORD = re.compile(r"&|[^\W\d_]+(?:['’-][^\W\d_]+)*['’]?")


@dataclass(frozen=True)
class _Word:
    """A word of a text: where it is, and its lower-case and base (singular) forms."""

    text: str
    start: int
    end: int
    lower: str
    base: str


def _words(text: str) -> list[_Word]:
    return [
        _Word(w.group(), w.start(), w.end(), w.group().lower().replace("’", "'").rstrip("'"), _base(w.group()))
        for w in _WORD.finditer(text)
    ]


def glossary_drift(terms: Iterable[m.Term], texts: Iterable[Place]) -> list[Problem]:
    """Word sequences that are a key term spelled differently ("Advanced Agreements" for "Advance Agreements")."""
    names = [(name, term.term.source) for term in terms if term.term is not None for name in _term_names(term)]
    found = []
    for place in texts:
        source = place.text.source
        words = _words(source)
        reported = set()
        for name, whole in names:
            n = len(name)
            for i in range(len(words) - n + 1):
                window = words[i : i + n]
                if not _drifts(window, name):
                    continue
                if any(not source[a.end : b.start].isspace() for a, b in zip(window, window[1:], strict=False)):
                    continue  # a term does not run across punctuation
                variant = source[window[0].start : window[-1].end].rstrip("'’")
                if variant not in reported:
                    reported.add(variant)
                    spelling = " ".join(w.text for w in name)
                    of = "" if spelling == whole else f' (in "{whole}")'
                    found.append(warning(place, "glossary drift", f'"{variant}" — the key term is "{spelling}"{of}'))
    return found


def _term_names(term: m.Term) -> list[list[_Word]]:
    """The word sequences a term is written as: a one-word term, or each name of "A/B/C" with two words or more."""
    source = term.term.source
    if "/" not in source:
        return [_words(source)]
    return [words for part in source.split("/") if len(words := _words(part)) >= 2]


def _drifts(found: Sequence[_Word], name: Sequence[_Word]) -> bool:
    """Whether the words found are the name with at least one word misspelt (not merely in
    another case, plural or possessive) and, in a name of several words, at least one word right."""
    right = wrong = 0
    for word, want in zip(found, name, strict=True):
        if word.base == want.base:
            right += 1
        elif _misspelt(word.lower, want.lower) or _misspelt(word.base, want.base):
            wrong += 1
        else:
            return False
    return wrong > 0 and (right > 0 or len(name) == 1)


@lru_cache(maxsize=4096)
def _base(word: str) -> str:
    """A word without case, possessive or plural ending: Agreement's, agreements -> agreement."""
    w = word.lower().replace("’", "'")
    if w == "&":
        return "and"
    w = w.removesuffix("'s").removesuffix("'")
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("es") and w[:-2].endswith(("s", "x", "z", "ch", "sh")):
        return w[:-2]
    if w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


@lru_cache(maxsize=4096)
def _misspelt(word: str, want: str) -> bool:
    """Whether `word` looks like a misspelling of `want`: the same but for a hyphen, or (both
    five letters or more: shorter words are too often other real words, care/case) one edit apart."""
    if word.replace("-", "") == want.replace("-", ""):
        return True
    return min(len(word), len(want)) >= 5 and _one_edit(word, want)


def _one_edit(a: str, b: str) -> bool:
    """One insertion, deletion, substitution or swap of neighbours turns a into b."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diff) == 2:
            i, j = diff
            return j == i + 1 and a[i] == b[j] and a[j] == b[i]
        return len(diff) == 1
    short, long = sorted((a, b), key=len)
    i = next((k for k, (x, y) in enumerate(zip(short, long, strict=False)) if x != y), len(short))
    return short[i:] == long[i + 1 :]


# --- duplicate statements -------------------------------------------------------------


def normalise(text: str) -> str:
    """A statement for comparison: lower case, punctuation dropped, whitespace collapsed."""
    return " ".join(re.sub(r"[^\w\s]|_", " ", text.lower()).split())


def cell_duplicates(cells: Iterable[m.Cell]) -> list[Problem]:
    """Statements that repeat an earlier statement of the same cell, up to case, spacing and punctuation."""
    found = []
    for cell in cells:
        first: dict[str, int] = {}
        for i, s in enumerate(cell.statements):
            key = normalise(s.text.source)
            if key in first:
                j = first[key]
                other = f"[{j}] ({cell.statements[j].text.where})"
                found.append(warning(_at(s, i), "duplicate statement", f"same as {other} in this cell"))
            else:
                first[key] = i
    return found


def row_duplicates(cells: Iterable[m.Cell]) -> list[Problem]:
    """Statements that repeat one of another cell of the same row (level, matrix, perspective),
    except the repeats the source itself prints (SOURCE_REPEATS)."""
    rows: dict[tuple[int, str, str], list[tuple[str, m.Statement, int]]] = defaultdict(list)
    for cell in cells:
        for i, s in enumerate(cell.statements):
            rows[(cell.level, cell.matrix, cell.perspective)].append((normalise(s.text.source), s, i))
    found = []
    for row, entries in rows.items():
        allowed = {normalise(text): set(cids) for text, cids in SOURCE_REPEATS.get(row, {}).items()}
        by_text: dict[str, list[tuple[m.Statement, int]]] = defaultdict(list)
        for key, s, i in entries:
            by_text[key].append((s, i))
        for key, same in by_text.items():
            known = allowed.get(key, set())
            originals = [o for o in same if o[0].component in known] or same[:1]
            for s, i in same:
                if (s, i) in originals or s.component in known:
                    continue
                ref = next((o for o in same if o[0].component != s.component), None)
                if ref is not None:
                    other = f"{ref[0].text.context}[{ref[1]}] ({ref[0].text.where})"
                    found.append(warning(_at(s, i), "duplicate statement", f"same as {other} in this row"))
    return found


def _at(s: m.Statement, index: int) -> Place:
    return Place(s.text, f"{s.text.context}[{index}]")


# --- spacing ----------------------------------------------------------------------------

_DOUBLED = re.compile(r"[ \t]{2,}")


def spacing(texts: Iterable[Place]) -> list[Problem]:
    """Texts with two or more spaces in a row, or a space at the start or end.

    The loader collapses the whitespace of every text it reads from YAML (schema.Reader.text),
    so what the products print never has these; this guards texts that reach the model
    another way (a future loader, a hand-built model) rather than the data files.
    """
    found = []
    for place in texts:
        s = place.text.source
        for run in _DOUBLED.finditer(s.strip()):
            found.append(warning(place, "doubled space", f'"{_around(s.strip(), run.start(), run.end())}"'))
        if s[:1].isspace():
            found.append(warning(place, "doubled space", "leading space"))
        if s[-1:].isspace():
            found.append(warning(place, "doubled space", "trailing space"))
    return found


def reserved_hyphen(texts: Iterable[Place]) -> list[Problem]:
    """Texts with U+2010 HYPHEN, which the screen files reserve for words broken at a line end."""
    return [
        warning(place, "reserved hyphen", f'U+2010 in "{_around(place.text.source, i, i + 1)}": type - (U+002D)')
        for place in texts
        for i in [place.text.source.find("\u2010")]
        if i >= 0
    ]


def _around(s: str, start: int, end: int, width: int = 20) -> str:
    """The text near s[start:end], with … where it is cut."""
    a, b = max(0, start - width), min(len(s), end + width)
    return f"{'…' if a else ''}{s[a:b]}{'…' if b < len(s) else ''}"


# --- brackets and quotes ----------------------------------------------------------------

_OPENS = {")": "(", "]": "[", "}": "{", "”": "“"}


def unbalanced(texts: Iterable[Place]) -> list[Problem]:
    """Texts with a bracket or quote that is never closed, or closed without being opened."""
    found = []
    for place in texts:
        s = place.text.source
        for mark, i, problem in _imbalances(s):
            kind = "brackets" if mark in "()[]{}" else "quotes"
            found.append(warning(place, f"unbalanced {kind}", f'{mark} {problem}, near "{_around(s, i, i + 1)}"'))
    return found


def _imbalances(s: str) -> list[tuple[str, int, str]]:
    """(mark, index, what is wrong) for each unmatched bracket or quote of s.

    Straight and curly single quotes double as apostrophes: one between letters (person's)
    is ignored, one after a word (others') closes an open quote if there is one and is an
    apostrophe otherwise; only a quote that opens (at the start of a word) is ever reported.
    """
    stack: list[tuple[str, int]] = []
    found = []
    straight_double = []
    for i, ch in enumerate(s):
        before, after = s[i - 1 : i], s[i + 1 : i + 2]
        if ch == '"':
            straight_double.append(i)
        elif ch in "([{“":
            stack.append((ch, i))
        elif ch in ")]}”":
            if stack and stack[-1][0] == _OPENS[ch]:
                stack.pop()
            elif any(o == _OPENS[ch] for o, _ in stack):
                while stack[-1][0] != _OPENS[ch]:
                    o, j = stack.pop()
                    found.append((o, j, f"is not closed before {ch}"))
                stack.pop()
            else:
                found.append((ch, i, f"has no opening {_OPENS[ch]}"))
        elif ch in "'’‘":
            opens = ch == "‘" or (ch == "'" and (not before or before in " \t\n([{“—–/") and after.isalnum())
            if opens:
                stack.append((ch, i))
            elif before.isalnum() and after.isalnum():
                continue  # an apostrophe inside a word
            elif before and not before.isspace() and not after.isalnum() and stack and stack[-1][0] in "‘'":
                stack.pop()  # closes the quote opened last; after a word with none open, an apostrophe (others')
    found.extend((o, j, "is never closed") for o, j in stack)
    if len(straight_double) % 2:
        found.append(('"', straight_double[-1], "has no partner (odd number of straight double quotes)"))
    return sorted(found, key=lambda f: f[1])


# --- long statements --------------------------------------------------------------------


def long_statements(cells: Iterable[m.Cell]) -> list[Problem]:
    """Statements over LONG_MIN_CHARS characters and LONG_RATIO times the median of the others of their cell."""
    found = []
    for cell in cells:
        lengths = [len(s.text.source) for s in cell.statements]
        for i, s in enumerate(cell.statements):
            others: Sequence[int] = lengths[:i] + lengths[i + 1 :]
            if not others or lengths[i] < LONG_MIN_CHARS:
                continue
            median = statistics.median(others)
            if lengths[i] > LONG_RATIO * median:
                detail = (
                    f"{lengths[i]} characters, {lengths[i] / median:.1f}× the median of the others "
                    f"in this cell ({median:g}); split it or shorten it?"
                )
                found.append(warning(_at(s, i), "long statement", detail))
    return found
