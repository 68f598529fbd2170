"""Fidelity: the data's English against the published edition, each deviation recorded or named."""

from __future__ import annotations

import json
import shutil

import pytest

from render.source import corrections
from tests.helpers import ROOT, SHIPPED, line_of, replace_in, run


@pytest.fixture
def data(tmp_path):
    """A copy of the shipped data, with its copy of the published edition."""
    return shutil.copytree(SHIPPED, tmp_path / "data")


def test_the_shipped_data_departs_from_the_edition_only_where_recorded():
    code, out = run("fidelity", "--data", SHIPPED, "--json")
    assert code == 0, out
    report = json.loads(out)
    assert report["result"] == "pass" and report["unrecorded"] == [] and report["unused"] == []
    assert report["compared"] > 950  # every statement of the 216 cells
    assert sum(report["by_reason"].values()) == len(report["recorded"]) > 0
    assert set(report["by_reason"]) <= set(corrections.REASONS)
    stress = next(r for r in report["recorded"] if r["path"] == "level-4/best-practices/clinicians/work")
    assert stress["change"] == '"refining stressmanagement skills" → "refining stress management skills"'
    assert stress["reason"] == "extraction error" and stress["entry"].startswith("data/corrections.yaml:")


def test_one_word_changed_in_one_statement_is_named_with_its_place(data, monkeypatch):
    monkeypatch.chdir(data.parent)
    level = data / "levels" / "level-1.yaml"
    replace_in(level, "- Lacks self-esteem and sense of self", "- Lacks self-worth and sense of self")
    code, out = run("fidelity", "--data", "data")
    assert code == 1
    line = line_of(level, "Lacks self-worth")
    assert (
        f"data/levels/level-1.yaml:{line}: level-1/recovery-process/person/peer-support: unrecorded deviation from "
        'the published edition (data/source/emerging-best-practices.txt:345): "Lacks self-esteem and" → "Lacks '
        'self-worth and"; record it in corrections.yaml with its reason, or print the published text'
    ) in out
    assert "1 unrecorded deviation(s) from the published edition" in out
    assert "0 unrecorded" not in out and "1 unrecorded" in out.splitlines()[-2]


def test_a_statement_left_out_or_added_is_a_deviation_too(data):
    level = data / "levels" / "level-2.yaml"
    replace_in(level, "    - Aware of illness\n", "")
    code, out = run("fidelity", "--data", data)
    assert code == 1 and '"Aware of illness" → ""' in out
    replace_in(level, "    - Develops life skills\n", "    - Develops life skills\n    - Reads the poster\n")
    code, out = run("fidelity", "--data", data, "--json")
    assert code == 1
    report = json.loads(out[: out.rindex("}") + 1])  # (the error line follows, on standard error)
    assert report["result"] == "fail"
    unrecorded = {(d["source"], d["printed"]) for d in report["unrecorded"]}
    assert unrecorded == {("Aware of illness", ""), ("", "Reads the poster")}


def test_a_recorded_correction_makes_it_pass_and_a_stale_one_fails(data):
    level = data / "levels" / "level-1.yaml"
    replace_in(level, "- Lacks self-esteem and sense of self", "- Lacks self-worth and sense of self")
    with (data / "corrections.yaml").open("a", encoding="utf-8") as f:
        f.write(
            "  - path: level-1/recovery-process/person/peer-support\n"
            "    source: Lacks self-esteem and sense of self\n"
            "    printed: Lacks self-worth and sense of self\n"
            "    reason: editorial decision\n"
        )
    code, out = run("fidelity", "--data", data)
    assert code == 0, out
    assert 'recorded (editorial decision): "Lacks self-esteem and" → "Lacks self-worth and"' in out
    assert "13 editorial decision" in out.splitlines()[-1]
    # The statement put back as published: the entry now records nothing.
    replace_in(level, "- Lacks self-worth and sense of self", "- Lacks self-esteem and sense of self")
    code, out = run("fidelity", "--data", data)
    entry = line_of(data / "corrections.yaml", "  - path: level-1/recovery-process/person/peer-support")
    assert code == 1
    assert (
        f"corrections.yaml:{entry}: level-1/recovery-process/person/peer-support: matches no deviation any more" in out
    )


def test_a_wrong_entry_or_a_missing_edition_is_a_clear_error(data, tmp_path):
    replace_in(data / "corrections.yaml", "reason: publisher's typo", "reason: a guess")
    code, out = run("fidelity", "--data", data)
    line = line_of(data / "corrections.yaml", "reason: a guess")
    assert code == 1 and f"corrections.yaml:{line}: corrections[4].reason: one of extraction error" in out
    assert "Traceback" not in out
    code, out = run("fidelity", "--data", SHIPPED, "--source", tmp_path / "none.txt")
    assert code == 1 and f"{tmp_path / 'none.txt'}: cannot read the published edition" in out


def test_the_edition_can_be_given_elsewhere(tmp_path):
    elsewhere = shutil.copy(SHIPPED / "source" / "emerging-best-practices.txt", tmp_path / "edition.txt")
    code, out = run("fidelity", "--data", SHIPPED, "--source", elsewhere)
    assert code == 0 and f"compared with {elsewhere}:" in out


def test_the_copy_in_the_project_is_the_published_extraction():
    """The data folder's copy carries the notes that say what counts as extraction noise."""
    notes = (ROOT / "data" / "source" / "README.md").read_text(encoding="utf-8")
    assert "Known defects of the extraction" in notes


def test_check_runs_it_when_the_data_holds_the_edition(data):
    code, out = run("check", "--data", data)
    assert code == 0, out
    assert out.splitlines()[1].startswith("fidelity: ") and "0 unrecorded" in out.splitlines()[1]
    replace_in(data / "levels" / "level-1.yaml", "- Lacks self-esteem", "- Lacks self-worth")
    code, out = run("check", "--data", data)
    assert code == 1
    assert "level-1/recovery-process/person/peer-support: unrecorded deviation from the published edition" in out
    assert out.rstrip().endswith("1 problem found.")
    (data / "source" / "emerging-best-practices.txt").unlink()  # no edition at hand: not compared
    code, out = run("check", "--data", data)
    assert code == 0 and "fidelity" not in out


def test_a_word_changed_in_the_prose_is_named_with_its_place(data):
    intro = data / "text" / "introduction.yaml"
    replace_in(intro, "interesting one", "fascinating one")
    code, out = run("fidelity", "--data", data)
    assert code == 1
    line = line_of(intro, "My personal journey") - 1  # (the paragraph's key)
    assert (
        f"introduction.yaml:{line}: introduction/p: unrecorded deviation from the published edition "
        f'({data}/source/emerging-best-practices.txt:11): "and interesting one" → "and fascinating one"'
    ) in out


def test_prose_left_out_or_added_is_named_and_a_label_belongs_with_its_value(data):
    replace_in(data / "text" / "principles.yaml", "title: Guiding Principles", "title: Our Guiding Principles")
    code, out = run("fidelity", "--data", data, "--json")
    report = json.loads(out[: out.rindex("}") + 1])
    changes = {(d["path"], d["source"], d["printed"]) for d in report["unrecorded"]}
    assert changes == {("principles/title", "Guiding", "Our Guiding")}
    recorded = {(d["path"], d["source"], d["printed"]) for d in report["recorded"]}
    assert ("edition/contact/fax", "Fax:", "") in recorded  # the label before the fax number: the fax's
    assert ("introduction/p", "fleela", "") in recorded
