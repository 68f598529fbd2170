"""Safe YAML reading that keeps line numbers and refuses what data files never need."""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from typing import Any

import yaml

from ..errors import Problem

# Plain data only: these are the tags a data file may carry (implicitly or explicitly).
_ALLOWED_TAGS = {"tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")}


@dataclass(frozen=True)
class Node:
    """A loaded YAML value with the line it starts on (1-based)."""

    value: Any
    line: int


class _Error(Exception):
    def __init__(self, line: int, path: str, message: str):
        super().__init__(message)
        self.line = line
        self.path = path
        self.message = message


MAX_DEPTH = 20  # nesting: a level file nests 5 deep


class _Loader(yaml.SafeLoader):
    """SafeLoader without aliases (a data file has no use for them and they can explode) and
    with a nesting limit (the composer recurses, so depth is also a way to crash it)."""

    depth = 0

    def compose_node(self, parent, index):
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                event = self.peek_event()
                raise _Error(event.start_mark.line + 1, "", f"nested deeper than {MAX_DEPTH} levels")
            return self._compose(parent, index)
        finally:
            self.depth -= 1

    def _compose(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _Error(event.start_mark.line + 1, "", "YAML aliases (*name) are not allowed")
        event = self.peek_event()
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise _Error(event.start_mark.line + 1, "", f"YAML anchors (&{anchor}) are not allowed")
        return super().compose_node(parent, index)


def _convert(loader: _Loader, node: yaml.Node, path: str) -> Node:
    line = node.start_mark.line + 1
    if node.tag not in _ALLOWED_TAGS:
        raise _Error(line, path, f"tag {node.tag} is not allowed")
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = _construct(loader, key_node, path)
            if not isinstance(key, (str, int)) or isinstance(key, bool):
                raise _Error(key_node.start_mark.line + 1, path, "keys must be text")
            key = str(key)
            sub = f"{path}.{key}" if path else key
            if key in out:
                raise _Error(
                    key_node.start_mark.line + 1,
                    sub,
                    f"duplicate key (first defined on line {out[key].line})",
                )
            # A value is reported at its key's line: where an editor looks for it.
            out[key] = Node(_convert(loader, value_node, sub).value, key_node.start_mark.line + 1)
        return Node(out, line)
    if isinstance(node, yaml.SequenceNode):
        return Node([_convert(loader, n, f"{path}[{i}]") for i, n in enumerate(node.value)], line)
    return Node(_construct(loader, node, path), line)


def _construct(loader: _Loader, node: yaml.Node, path: str) -> Any:
    try:
        return loader.construct_object(node)
    except ValueError as err:  # a date that does not exist, say 2026-02-30
        raise _Error(node.start_mark.line + 1, path, f"{node.value!r} is not a valid value: {err}") from None


def load(text: str, name: str) -> tuple[Node | None, list[Problem]]:
    """Parse one YAML document; return its tree of Nodes or the problems found. A text this
    process has read before, under any name, is not parsed again (a watch's rebuild after an
    edit parses the one file that changed; so does a build of a copy of the data): its tree is
    shared, as nothing changes a tree once it is read."""
    tree, problems = _parsed(text)
    return tree, [replace(p, file=name) for p in problems]


@functools.lru_cache(maxsize=256)
def _parsed(text: str) -> tuple[Node | None, tuple[Problem, ...]]:
    tree, problems = _parse(text, "")  # (the file is named by load: a tree does not name it)
    return tree, tuple(problems)


def _parse(text: str, name: str) -> tuple[Node | None, list[Problem]]:
    try:
        loader = _Loader(text)  # (the reader checks every character as it starts)
    except yaml.reader.ReaderError as err:
        return None, [_reader_problem(name, text, err)]
    try:
        root = loader.get_single_node()
        if root is None:
            return None, [Problem(name, 1, "", "the file is empty")]
        return _convert(loader, root, ""), []
    except _Error as err:
        return None, [Problem(name, err.line, err.path, err.message)]
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else 1
        message = " ".join(x for x in (err.context, err.problem) if x)
        hint = _hint(err)
        return None, [Problem(name, line, "", f"invalid YAML: {message}" + (f"; {hint}" if hint else ""))]
    except yaml.reader.ReaderError as err:
        return None, [_reader_problem(name, text, err)]
    except yaml.YAMLError as err:
        return None, [Problem(name, 1, "", f"invalid YAML: {err}")]
    finally:
        loader.dispose()


def _hint(err: yaml.MarkedYAMLError) -> str | None:
    """The likely fix of a parser's complaint, in an editor's words."""
    problem, context = err.problem or "", err.context or ""
    if "mapping values are not allowed" in problem:
        return 'a value holds ": ": quote the whole value (title: "Values: the framework")'
    if "'\\t'" in problem:
        return "a tab: YAML indents with spaces only; put spaces in its place"
    if "cannot start any token" in problem or "alias" in context or "anchor" in context:
        return "a value cannot start with that character in YAML: quote the whole value"
    if "quoted scalar" in context:
        opened = f" (it opens on line {err.context_mark.line + 1})" if err.context_mark else ""
        return f"a quotation mark is not closed{opened}: close it, or quote the value with the other kind"
    if "expected <block end>" in problem or "expected <block end>" in context:
        return "the indentation does not line up: the items of one list, and the keys of one block, start in one column"
    return None


def _reader_problem(name: str, text: str, err: yaml.reader.ReaderError) -> Problem:
    """A character YAML does not allow in a file, named by its code (never shown)."""
    code = err.character if isinstance(err.character, int) else ord(err.character)
    line = text.count("\n", 0, err.position) + 1
    return Problem(name, line, "", f"invalid YAML: the character U+{code:04X} is not allowed in a YAML file")
