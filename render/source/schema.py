"""Typed access to loaded YAML that records a Problem instead of raising."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from typing import Any

from ..errors import Problem
from .yamlsafe import Node

_KIND_NAMES = {
    str: "text",
    int: "a whole number",
    float: "a number",
    list: "a list",
    dict: "a mapping",
    dt.date: "a date (YYYY-MM-DD)",
    bool: "true or false",
}


# Names that become parts of file names (products, ids, the publisher's short name):
# letters, digits and single hyphens, so that no name can reach outside its folder.
NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SHORT_NAME = re.compile(r"[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*")
# A template or stylesheet of the look, by its name inside the look's folders.
LOOK_FILE = re.compile(r"(?:[a-z0-9]+(?:[-_][a-z0-9]+)*/)*[a-z0-9]+(?:[-_.][a-z0-9]+)*")


# Limits, checked as the data is read (long before any layout), each well above what the
# framework needs: the shipped data's longest statement has 294 characters, its fullest cell
# 733 in 12 statements, its longest text 1,082, all its texts together about 100,000.
MAX_TEXT_CHARS = 5_000  # any one text: a paragraph, a definition, a statement
MAX_STATEMENT_CHARS = 1_500  # one statement of a matrix
MAX_CELL_CHARS = 6_000  # the statements of one cell together
MAX_CELL_STATEMENTS = 60
MAX_TOTAL_CHARS = 300_000  # every text of the data together

# Characters no text of the products may carry: control characters, and the bidi controls
# that reorder what is displayed (embeddings, overrides, isolates). The marks complex
# scripts need (ZWJ, ZWNJ, LRM, RLM, ALM) are ordinary format characters and stay allowed.
BIDI_CONTROLS = frozenset(range(0x202A, 0x202F)) | frozenset(range(0x2066, 0x206A))
C0_NAMES = (
    "NUL SOH STX ETX EOT ENQ ACK BEL BS HT LF VT FF CR SO SI DLE DC1 DC2 DC3 DC4 NAK SYN ETB CAN EM SUB ESC FS GS RS US"
).split()


def unsafe_characters(text: str, bidi: bool = True) -> str | None:
    """What is wrong with a text's characters, named (never shown), or None."""
    for i, ch in enumerate(text):
        control = unicodedata.category(ch) == "Cc" and ch not in "\t\n\r"
        if control or (bidi and ord(ch) in BIDI_CONTROLS):
            kind = "a control character" if control else "a bidi control"
            name = C0_NAMES[ord(ch)] if ord(ch) < 32 else unicodedata.name(ch, "DELETE" if ch == "\x7f" else "C1")
            return f"{kind} (U+{ord(ch):04X} {name}) at character {i + 1}: not allowed in text"
    return None


class Reader:
    """Reads one file's Node tree; every mismatch becomes a Problem with line and key path."""

    def __init__(self, file: str, problems: list[Problem]):
        self.file = file
        self.problems = problems

    def error(self, node: Node | int | None, path: str, message: str) -> None:
        """Record a problem at a node (or line)."""
        line = node.line if isinstance(node, Node) else (node or 0)
        self.problems.append(Problem(self.file, line, path, message))

    def where(self, node: Node) -> str:
        return f"{self.file}:{node.line}"

    def expect(self, node: Node | None, path: str, kind: type) -> Any:
        """The node's value if it is of `kind`, else None (and a problem)."""
        if node is None:
            return None
        value = node.value
        ok = isinstance(value, kind) and not (kind in (int, float) and isinstance(value, bool))
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            return float(value)
        if kind is dt.date and isinstance(value, dt.datetime):
            ok = False
        if not ok:
            got = (
                "nothing"
                if value is None
                else repr(value)
                if not isinstance(value, (dict, list))
                else _KIND_NAMES[type(value)]
            )
            hint = ""
            if kind is str and isinstance(value, dict) and len(value) == 1:
                hint = '; the text holds ": ", which YAML reads as a key and its value: quote the whole text'
            elif kind is str and isinstance(value, bool):
                hint = "; YAML reads yes, no, on and off as true or false: quote the word"
            self.error(node, path, f"expected {_KIND_NAMES[kind]}, got {got}{hint}")
            return None
        return value

    def mapping(self, node: Node | None, path: str, keys: dict[str, bool] | None = None) -> dict[str, Node] | None:
        """A mapping; with `keys` ({name: required}), unknown and missing keys are problems."""
        value = self.expect(node, path, dict)
        if value is None or keys is None:
            return value
        for key, child in value.items():
            if key not in keys:
                known = ", ".join(keys)
                self.error(child, _join(path, key), f"unknown key (expected one of: {known})")
        for key, required in keys.items():
            if required and key not in value:
                self.error(node, path, f"missing key '{key}'")
        return value

    def seq(self, node: Node | None, path: str, non_empty: bool = True) -> list[Node]:
        """A list (empty is a problem unless allowed)."""
        value = self.expect(node, path, list)
        if value is None:
            return []
        if non_empty and not value:
            self.error(node, path, "must not be empty")
        return value

    def text(self, node: Node | None, path: str, optional: bool = False) -> str | None:
        """Non-empty text, whitespace-normalised at the ends."""
        if node is None or (optional and node.value is None):
            return None
        if isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
            return str(node.value)  # phone numbers and the like written unquoted
        value = self.expect(node, path, str)
        if value is None:
            return None
        wrong = unsafe_characters(value)
        if wrong:
            self.error(node, path, wrong)
            return None
        value = " ".join(value.split())
        if len(value) > MAX_TEXT_CHARS:
            self.error(node, path, f"a text of {len(value):,} characters: the limit is {MAX_TEXT_CHARS:,}")
            return None
        if not value:
            self.error(node, path, "must not be empty")
            return None
        return value

    def integer(self, node: Node | None, path: str) -> int | None:
        return self.expect(node, path, int)

    def number(self, node: Node | None, path: str) -> float | None:
        """A finite number (NaN and infinity are not measurements)."""
        value = self.expect(node, path, float)
        if value is not None and not math.isfinite(value):
            self.error(node, path, f"expected a finite number, got {value}")
            return None
        return value

    def look_file(self, node: Node | None, path: str, suffix: str) -> str | None:
        """The name of a template or stylesheet inside the look's folders (no folder of its own)."""
        value = self.text(node, path)
        if value is not None and not (value.endswith(suffix) and LOOK_FILE.fullmatch(value.removesuffix(suffix))):
            self.error(node, path, f"{_shown(value)} is not a {suffix} file of the look (e.g. card{suffix})")
            return None
        return value

    def name(self, node: Node | None, path: str, pattern: re.Pattern = NAME) -> str | None:
        """A name that becomes part of file names: lower-case letters, digits and hyphens."""
        value = self.text(node, path)
        if value is not None and not pattern.fullmatch(value):
            example = "clinical-care" if pattern is NAME else "NIMHE"
            self.error(node, path, f"{_shown(value)} is not a name (letters, digits and hyphens, e.g. {example})")
            return None
        return value

    def date(self, node: Node | None, path: str) -> dt.date | None:
        return self.expect(node, path, dt.date)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _shown(value: str, n: int = 40) -> str:
    """A value quoted for a message: shortened, its unprintable characters as escapes."""
    short = value if len(value) <= n else value[: n - 1] + "…"
    return repr(short)
