"""Typed access to loaded YAML that records a Problem instead of raising."""

from __future__ import annotations

import datetime as dt
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
            self.error(node, path, f"expected {_KIND_NAMES[kind]}, got {got}")
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
        value = " ".join(value.split())
        if not value:
            self.error(node, path, "must not be empty")
            return None
        return value

    def integer(self, node: Node | None, path: str) -> int | None:
        return self.expect(node, path, int)

    def number(self, node: Node | None, path: str) -> float | None:
        return self.expect(node, path, float)

    def date(self, node: Node | None, path: str) -> dt.date | None:
        return self.expect(node, path, dt.date)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key
