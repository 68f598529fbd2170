"""Editorial lint (render.lint) and `check` / `check --strict`: each rule finds its case and is silent on clean text."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from render.cli import cli
from render.source import load_framework
from render.source import model as m
from render.source.lint import (
    Place,
    cell_duplicates,
    glossary_drift,
    lint,
    long_statements,
    places,
    reserved_hyphen,
    row_duplicates,
    spacing,
    unbalanced,
)

ADVANCED = [
    'data/levels/level-1.yaml:71: level-1/recovery-process/clinicians/clinical-care[2]: warning: glossary drift: "Advanced Agreements" — the key term is "Advance Agreements"',
    'data/levels/level-2.yaml:75: level-2/recovery-process/clinicians/clinical-care[4]: warning: glossary drift: "Advanced Agreements" — the key term is "Advance Agreements"',
    'data/levels/level-2.yaml:236: level-2/best-practices/clinicians/clinical-care[7]: warning: glossary drift: "Advanced Agreements" — the key term is "Advance Agreements"',
    'data/levels/level-3.yaml:74: level-3/recovery-process/clinicians/clinical-care[5]: warning: glossary drift: "Advanced Agreements" — the key term is "Advance Agreements"',
    'data/levels/level-3.yaml:79: level-3/recovery-process/clinicians/peer-support[2]: warning: glossary drift: "Advanced Agreements" — the key term is "Advance Agreements"',
    'data/text/key-terms.yaml:91: key-terms/crisis-relapse-prevention-plan/definition: warning: glossary drift: "Advanced Agreement" — the key term is "Advance Agreements"',
]
DAMAGED_CELL = 'data/levels/level-1.yaml:234: level-1/best-practices/clinicians/peer-support[2]: warning: unbalanced brackets: ( is never closed, near "…her interest groups (i.e. spiritual cultu…"'
LONG = [
    "data/levels/level-3.yaml:145: level-3/recovery-process/community/family-support[0]: warning: long statement: 294 characters, 4.1× the median of the others in this cell (72); split it or shorten it?",
    "data/levels/level-4.yaml:135: level-4/recovery-process/community/stigma[1]: warning: long statement: 250 characters, 5.8× the median of the others in this cell (43); split it or shorten it?",
]


@pytest.fixture(scope="module")
def shipped_fw(shipped):
    """The shipped data's framework: the editorial tools are tested on the real text."""
    return shipped[0]


def edit(data: Path, rel: str, line: int, old: str, new: str) -> None:
    """Replace `old` by `new` on one line (1-based) of a data file."""
    path = data / rel
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert old in lines[line - 1], lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new)
    path.write_text("".join(lines), encoding="utf-8")


def findings(data: Path, rule: str = "") -> list[str]:
    """The lint's findings about a data folder (those of one rule), as printed."""
    fw, _ = load_framework(data)
    return [str(p).replace(f"{data}/", "data/") for p in lint(fw) if f"warning: {rule}" in p.message]


def texts(*sources: str) -> list[Place]:
    return [Place(m.Text("ctx", s, f"data/text/x.yaml:{i + 1}"), f"ctx[{i}]") for i, s in enumerate(sources)]


def cell(*sources: str, first_line: int = 10) -> m.Cell:
    ctx = "level-1/recovery-process/person/work"
    return m.Cell(
        1,
        "recovery-process",
        "person",
        "work",
        tuple(
            m.Statement(
                m.Text(ctx, s, f"data/levels/level-1.yaml:{first_line + i}"), 1, "recovery-process", "person", "work"
            )
            for i, s in enumerate(sources)
        ),
    )


def fix_everything(data: Path) -> None:
    """Correct the shipped data's every finding, in a copy."""
    for path in [*data.glob("levels/*.yaml"), data / "text/key-terms.yaml"]:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("Advanced Agreement", "Advance Agreement"), encoding="utf-8")
    edit(data, "levels/level-1.yaml", 234, "spiritual cultural &", "spiritual cultural & other groups)")
    for rel, line in (("levels/level-3.yaml", 145), ("levels/level-4.yaml", 135)):  # drop "For example ..."
        lines = (data / rel).read_text(encoding="utf-8").splitlines(keepends=True)
        lines[line - 1] = lines[line - 1].split(". For example")[0] + "\n"
        (data / rel).write_text("".join(lines), encoding="utf-8")


@pytest.fixture(scope="module")
def shipped_findings(shipped_fw) -> list[str]:
    return [str(p) for p in lint(shipped_fw)]


# --- glossary drift ---------------------------------------------------------------------


def test_glossary_drift_finds_advanced_agreements(shipped_findings):
    assert [f for f in shipped_findings if "glossary drift" in f] == ADVANCED


def test_glossary_drift_finds_a_new_misspelling(shipped_copy):
    edit(shipped_copy, "levels/level-3.yaml", 225, "Wellness Recovery Action Plan", "Welness Recovery Action Plan")
    assert (
        'data/levels/level-3.yaml:225: level-3/best-practices/clinicians/clinical-care[2]: warning: glossary drift: "Welness Recovery Action Plan" — the key term is "Wellness Recovery Action Plan" (in "Wellness Recovery Action Plan/Recovery Management Plan")'
        in findings(shipped_copy, "glossary drift")
    )


def test_glossary_drift_ignores_case_plurals_and_possessives(shipped_fw):
    terms = [t for b in shipped_fw.section("key-terms").blocks if isinstance(b, m.Terms) for t in b.terms]
    clean = texts(
        "An Advance Agreement's terms",
        "advance agreements, Advance Agreement",
        "The Clinician and the Clinicians' roles; a clinician's view",
        "Work and Meaningful Activity; work & meaningful activities",
        "Educational needs; peer support and relationship",
        "Advance, Agreements",  # punctuation between the words: not the term
    )
    assert glossary_drift(terms, clean) == []
    assert [p.message for p in glossary_drift(terms, texts("advance agrements; Clinicans"))] == [
        'warning: glossary drift: "advance agrements" — the key term is "Advance Agreements"',
        'warning: glossary drift: "Clinicans" — the key term is "Clinicians"',
    ]


def test_glossary_drift_silent_once_fixed(shipped_copy):
    fix_everything(shipped_copy)
    assert findings(shipped_copy, "glossary drift") == []


# --- duplicate statements -----------------------------------------------------------------


def test_duplicate_in_cell_up_to_case_and_punctuation(shipped_copy):
    edit(
        shipped_copy,
        "levels/level-1.yaml",
        12,
        "May be angry, anxious, distrustful, and unmotivated",
        "cannot identify personal  needs.",
    )
    assert findings(shipped_copy, "duplicate statement") == [
        "data/levels/level-1.yaml:12: level-1/recovery-process/person/clinical-care[2]: warning: duplicate statement: same as [0] (data/levels/level-1.yaml:10) in this cell"
    ]


def test_no_duplicate_in_any_shipped_cell(shipped_fw):
    assert cell_duplicates(shipped_fw.cells) == []
    assert cell_duplicates([cell("Lacks confidence", "Lacks confidence in self", "May be in crisis")]) == []


def test_duplicate_in_row(shipped_copy):
    edit(shipped_copy, "levels/level-1.yaml", 18, "May have lost contact with peers", "Cannot identify personal needs")
    assert findings(shipped_copy, "duplicate statement") == [
        "data/levels/level-1.yaml:18: level-1/recovery-process/person/peer-support[0]: warning: duplicate statement: same as level-1/recovery-process/person/clinical-care[0] (data/levels/level-1.yaml:10) in this row"
    ]


def test_source_repeats_across_cells_are_not_flagged(shipped_fw):
    # Level 2 repeats six statements across cells of a row, as the source prints them.
    assert row_duplicates(shipped_fw.cells) == []


def test_source_repeat_in_a_further_cell_is_flagged(shipped_copy):
    edit(
        shipped_copy,
        "levels/level-2.yaml",
        141,
        "Provides training via community support groups",
        "Continues to make available peer support",
    )
    assert findings(shipped_copy, "duplicate statement") == [
        "data/levels/level-2.yaml:141: level-2/recovery-process/community/family-support[0]: warning: duplicate statement: same as level-2/recovery-process/community/clinical-care[2] (data/levels/level-2.yaml:135) in this row"
    ]


# --- spacing ------------------------------------------------------------------------------


def test_doubled_leading_and_trailing_spaces():
    found = spacing(
        texts("May be angry,  anxious, distrustful, and unmotivated", " Lacks confidence", "May be in crisis\t")
    )
    assert [str(p) for p in found] == [
        'data/text/x.yaml:1: ctx[0]: warning: doubled space: "May be angry,  anxious, distrustful…"',
        "data/text/x.yaml:2: ctx[1]: warning: doubled space: leading space",
        "data/text/x.yaml:3: ctx[2]: warning: doubled space: trailing space",
    ]


def test_reserved_hyphen_named_and_absent_from_shipped_data(shipped_fw):
    found = reserved_hyphen(texts("Self-help groups", "Self\u2010help groups"))
    assert [str(p) for p in found] == [
        'data/text/x.yaml:2: ctx[1]: warning: reserved hyphen: U+2010 in "Self\u2010help groups": type - (U+002D)'
    ]
    assert reserved_hyphen(places(shipped_fw)) == []


def test_no_doubled_spaces_in_shipped_data(shipped_fw, shipped_copy):
    assert spacing(places(shipped_fw)) == []
    # Spaces typed in the YAML never reach the model: the loader collapses them.
    edit(shipped_copy, "levels/level-1.yaml", 12, "angry, anxious", "angry,  anxious")
    edit(shipped_copy, "levels/level-1.yaml", 32, "- Lacks confidence", '- " Lacks confidence  "')
    assert findings(shipped_copy, "doubled space") == []


# --- brackets and quotes --------------------------------------------------------------------


def test_unbalanced_brackets_and_quotes(shipped_copy, shipped_findings):
    assert [f for f in shipped_findings if "unbalanced" in f] == [DAMAGED_CELL]  # kept as printed in the source
    edit(shipped_copy, "levels/level-3.yaml", 75, "(CPA)", "(CPA")
    edit(shipped_copy, "levels/level-2.yaml", 20, "'subject'", "‘subject")
    assert findings(shipped_copy, "unbalanced") == [
        DAMAGED_CELL,
        'data/levels/level-2.yaml:20: level-2/recovery-process/person/peer-support[3]: warning: unbalanced quotes: ‘ is never closed, near "Views self as ‘subject"',
        'data/levels/level-3.yaml:75: level-3/recovery-process/clinicians/clinical-care[6]: warning: unbalanced brackets: ( is never closed, near "Reviews care plans (CPA with the person …"',
    ]


def test_apostrophes_are_not_quotes():
    clean = texts(
        "Supports the person's choices",
        "Clinicians' Roles; family/significant others' involvement; persons' needs",
        "Defines the currently identified 'best practices' that users use",
        "Educates the person on ‘how to take control’ and the others’ views",
        "Creates cross-system support (e.g. 'one-stop shop'/ single points of access etc)",
        'Helps the person identify his/her "loss" of power & control (see [1] and {2})',
    )
    assert unbalanced(clean) == []
    assert [p.message for p in unbalanced(texts("one 'two", "a) b", 'say "x'))] == [
        "warning: unbalanced quotes: ' is never closed, near \"one 'two\"",
        'warning: unbalanced brackets: ) has no opening (, near "a) b"',
        'warning: unbalanced quotes: " has no partner (odd number of straight double quotes), near "say "x"',
    ]


# --- long statements ------------------------------------------------------------------------


def test_long_statements(shipped_findings, shipped_copy):
    assert [f for f in shipped_findings if "long statement" in f] == LONG
    edit(
        shipped_copy,
        "levels/level-1.yaml",
        10,
        "Cannot identify personal needs",
        "Cannot identify personal needs " + "and more " * 25,
    )
    assert findings(shipped_copy, "long statement")[0].startswith(
        "data/levels/level-1.yaml:10: level-1/recovery-process/person/clinical-care[0]: warning: long statement: 255 characters"
    )


def test_long_statements_silent_when_neighbours_are_long_or_statement_short():
    assert long_statements([cell("x" * 250, "y" * 240, "z" * 70)]) == []  # 250 < 4 × median(240, 70)
    assert long_statements([cell("x" * 190, "y" * 20, "z" * 20)]) == []  # under 200 characters
    assert long_statements([cell("x" * 300)]) == []  # nothing to compare with
    assert [str(p) for p in long_statements([cell("short", "x" * 201, "tiny")])] == [
        "data/levels/level-1.yaml:11: level-1/recovery-process/person/work[1]: warning: long statement: 201 characters, 44.7× the median of the others in this cell (4.5); split it or shorten it?"
    ]


# --- all rules, and the command ---------------------------------------------------------------


def test_findings_sorted_by_file_and_line(shipped_fw):
    found = lint(shipped_fw)
    assert found == sorted(found, key=lambda p: (p.file, p.line, p.path, p.message))
    assert len(found) == 9


def test_check_prints_warnings_and_exits_0(shipped_copy):
    (shipped_copy / "accepted.yaml").unlink()  # (the shipped data accepts all nine)
    result = CliRunner().invoke(cli, ["check", "--data", str(shipped_copy)])
    assert result.exit_code == 0, result.output
    lines = [line.replace(f"{shipped_copy}/", "data/", 1) for line in result.output.splitlines()]
    assert "216 cells, 970 statements" in lines[0] and lines[1].startswith("fidelity: ")
    assert lines[2:-1] == [ADVANCED[0], DAMAGED_CELL, *ADVANCED[1:5], *LONG, ADVANCED[5]]  # by file, then line
    assert lines[-1] == "9 warnings"


def test_the_shipped_data_prints_its_accepted_warnings_as_accepted():
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[1].startswith("fidelity: ") and lines[1].endswith(", 0 unrecorded")
    expected = [ADVANCED[0], DAMAGED_CELL, *ADVANCED[1:5], *LONG, ADVANCED[5]]
    assert len(lines[2:-1]) == len(expected)
    for line, warning in zip(lines[2:-1], expected, strict=True):
        assert line.startswith(warning.replace(": warning: ", ": accepted: ", 1) + " — "), line
        assert re.search(r" \(data/accepted\.yaml:\d+\)$", line), line
    assert lines[-1] == "0 warnings, 9 accepted (data/accepted.yaml)"


def test_check_strict_exits_1(shipped_copy):
    (shipped_copy / "accepted.yaml").unlink()
    result = CliRunner().invoke(cli, ["check", "--strict", "--data", str(shipped_copy)])
    assert result.exit_code == 1
    assert ADVANCED[3].replace("data/", f"{shipped_copy}/", 1) in result.output
    assert result.output.splitlines()[-1].startswith("Error: 9 warnings; --strict treats warnings as errors")
    assert "Traceback" not in result.output


def test_check_strict_passes_once_fixed(shipped_copy):
    fix_everything(shipped_copy)
    (shipped_copy / "accepted.yaml").unlink()  # nothing left to accept
    # The fixes depart from the published edition ("Advance" for its "Advanced"): without the
    # edition beside the data, check lints only (fidelity's own tests hold the comparison).
    shutil.rmtree(shipped_copy / "source")
    result = CliRunner().invoke(cli, ["check", "--strict", "--data", str(shipped_copy)])
    assert result.exit_code == 0, result.output
    assert re.search(r"OK: .*216 cells, 970 statements", result.output)
    assert result.output.splitlines()[-1] == "0 warnings"


def test_check_still_fails_on_invalid_data(shipped_copy):
    edit(shipped_copy, "levels/level-1.yaml", 10, "- Cannot identify personal needs", "-")
    result = CliRunner().invoke(cli, ["check", "--data", str(shipped_copy)])
    assert result.exit_code == 1
    assert "data/levels/level-1.yaml:10:" in result.output
    assert "warning" not in result.output
