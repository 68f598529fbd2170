"""Typed reads of a YAML tree: a mismatch is a Problem at its line and key path, never an exception."""

from __future__ import annotations

import datetime as dt

from render.errors import Problem
from render.source.schema import Reader
from render.source.yamlsafe import load


def read(text: str):
    root, problems = load(text, "f.yaml")
    assert problems == []
    found: list[Problem] = []
    return Reader("data/f.yaml", found), root, found


def test_values_of_the_expected_kind():
    r, root, found = read("t: '  two   words '\nn: 3\nx: 4\nd: 2026-02-01\nl: [a]\nphone: 518652\n")
    d = r.mapping(root, "", {"t": True, "n": True, "x": True, "d": True, "l": True, "phone": True})
    assert r.text(d["t"], "t") == "two words"  # whitespace normalised
    assert r.integer(d["n"], "n") == 3 and r.number(d["x"], "x") == 4.0
    assert r.date(d["d"], "d") == dt.date(2026, 2, 1)
    assert [n.value for n in r.seq(d["l"], "l")] == ["a"]
    assert r.text(d["phone"], "phone") == "518652"  # an unquoted number read as text
    assert found == []


def test_each_mismatch_is_a_problem_with_line_and_path():
    r, root, found = read("a:\n  n: three\n  b: yes\n  e: []\n  s: '  '\n  extra: 1\n")
    d = r.mapping(root, "", {"a": True, "missing": True})
    a = r.mapping(d["a"], "a", {"n": True, "b": True, "e": True, "s": True})
    assert r.integer(a["n"], "a.n") is None
    assert r.integer(a["b"], "a.b") is None  # true is not a number
    assert r.seq(a["e"], "a.e") == []
    assert r.text(a["s"], "a.s") is None
    assert r.date(a["n"], "a.n") is None
    assert sorted(str(p) for p in found) == sorted(
        [
            "data/f.yaml:1: missing key 'missing'",
            "data/f.yaml:6: a.extra: unknown key (expected one of: n, b, e, s)",
            "data/f.yaml:2: a.n: expected a whole number, got 'three'",
            "data/f.yaml:3: a.b: expected a whole number, got True",
            "data/f.yaml:4: a.e: must not be empty",
            "data/f.yaml:5: a.s: must not be empty",
            "data/f.yaml:2: a.n: expected a date (YYYY-MM-DD), got 'three'",
        ]
    )


def test_optional_text_may_be_null_and_where_names_file_and_line():
    r, root, found = read("a: null\nb: x\n")
    assert r.text(root.value["a"], "a", optional=True) is None
    assert r.where(root.value["b"]) == "data/f.yaml:2"
    assert found == []
