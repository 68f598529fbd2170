"""The safe YAML loader: line numbers kept, aliases, anchors, tags and duplicate keys refused."""

from __future__ import annotations

import pytest

from render.errors import Problem
from render.source.yamlsafe import Node, load


def test_values_carry_the_line_of_their_key():
    root, problems = load("a: 1\nb:\n  - x\n  - y\nc: {d: true}\n", "f.yaml")
    assert problems == []
    assert root == Node(
        {"a": Node(1, 1), "b": Node([Node("x", 3), Node("y", 4)], 2), "c": Node({"d": Node(True, 5)}, 5)}, 1
    )


@pytest.mark.parametrize(
    "text, line, path, message",
    [
        ("a: &x 1\nb: *x\n", 1, "", "YAML anchors (&x) are not allowed"),
        ("a: 1\nb: !!python/name:os.system x\n", 2, "b", "tag tag:yaml.org,2002:python/name:os.system is not allowed"),
        ("a: 1\nb: 2\na: 3\n", 3, "a", "duplicate key (first defined on line 1)"),
        ("a:\n  ? [x]\n  : 1\n", 2, "a", "keys must be text"),
        ("a: [1\n", 2, "", "invalid YAML: while parsing a flow sequence expected ',' or ']', but got '<stream end>'"),
        ("", 1, "", "the file is empty"),
    ],
)
def test_what_data_files_never_need_is_refused(text, line, path, message):
    root, problems = load(text, "data/f.yaml")
    assert root is None
    assert problems == [Problem("data/f.yaml", line, path, message)]


def test_a_billion_laughs_is_refused_at_its_first_anchor():
    bomb = 'a: &a ["x","x"]\nb: &b [*a,*a]\nc: &c [*b,*b]\n'
    root, problems = load(bomb, "f.yaml")
    assert root is None and problems[0].message == "YAML anchors (&a) are not allowed"


def test_plain_scalars_keep_their_types():
    root, _ = load("n: 3\nf: 2.5\nd: 2026-11-26\ns: '01902 518 652'\nz: null\n", "f.yaml")
    import datetime as dt

    values = {k: v.value for k, v in root.value.items()}
    assert values == {"n": 3, "f": 2.5, "d": dt.date(2026, 11, 26), "s": "01902 518 652", "z": None}


@pytest.mark.parametrize(
    "text, line, fix",
    [
        ("title: Values: the framework\n", 1, 'a value holds ": ": quote the whole value'),
        ("level:\n\tnumber: 2\n", 2, "a tab: YAML indents with spaces only"),
        ("title: @home\n", 1, "a value cannot start with that character in YAML: quote the whole value"),
        ("items:\n  - * star\n", 2, "a value cannot start with that character in YAML: quote the whole value"),
        ('a: 1\ntitle: "unclosed\n', 3, "a quotation mark is not closed (it opens on line 2)"),
        ("a:\n  - x\n - y\n", 3, "the indentation does not line up"),
    ],
)
def test_a_parsers_complaint_comes_with_the_likely_fix(text, line, fix):
    root, problems = load(text, "f.yaml")
    assert root is None and len(problems) == 1
    assert problems[0].line == line and fix in problems[0].message, problems[0]


def test_a_statement_read_as_a_mapping_is_told_to_be_quoted(tmp_path):
    import shutil

    from tests.helpers import MINI, run

    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    level = data / "levels" / "level-1.yaml"
    level.write_text(level.read_text().replace("- Uninformed of resource opportunities", "- Uninformed: resources", 1))
    code, out = run("check", "--data", data)
    assert code == 1
    assert f"{level}:7: recovery-process.person.clinical-care[1]: expected text, got a mapping; the text holds " in out
    assert "quote the whole text" in out


def test_a_text_read_before_is_not_parsed_again(monkeypatch):
    """A watch's rebuild parses only the file that changed, and a copy of the data is not parsed
    again; each reader's problems name its own file, and what a caller does with its list of
    problems does not reach the next reader of the same text."""
    from render.source import yamlsafe

    parsed = []
    true_parse = yamlsafe._parse
    monkeypatch.setattr(yamlsafe, "_parse", lambda text, name: parsed.append(text) or true_parse(text, name))
    yamlsafe._parsed.cache_clear()
    first = load("a: 1\nb: [x, y]\n", "f.yaml")
    again = load("a: 1\nb: [x, y]\n", "copy/f.yaml")
    assert again == first and len(parsed) == 1
    assert load("a: 2\n", "f.yaml")[0].value["a"].value == 2 and len(parsed) == 2
    broken = load("a: [\n", "g.yaml")[1]
    assert [p.file for p in broken] == ["g.yaml"] and broken[0].line == 2
    assert [p.file for p in load("a: [\n", "copy/g.yaml")[1]] == ["copy/g.yaml"] and len(parsed) == 3
    broken.append(Problem("g.yaml", 9, "", "added by a caller"))
    assert len(load("a: [\n", "g.yaml")[1]) == 1
