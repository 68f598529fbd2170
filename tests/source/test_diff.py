"""Edition diff: statements and prose compared word by word, from data folders or git revisions."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from render.cli import cli
from render.errors import DataError
from render.source import load_framework
from render.source.diff import (
    ADDED,
    CHANGED,
    MOVED,
    REMOVED,
    RevisionError,
    Segment,
    diff_editions,
    load_edition,
    words_diff,
)
from render.source.diff_report import markdown_words, to_html, to_markdown
from tests.helpers import SHIPPED as DATA

STIGMA = "Level 2 · Best Practices · Clinicians · Stigma"
GROUPS = "Uses groups (e.g. Mental Health Education, Self-Esteem) to discuss {} and effect of stigma and persons responsibility for his/her actions"
BENEFITS = "May be afraid of losing benefits"
DIGITAL = "Offers digital skills courses with peer tutors"
JOURNEY = "My personal journey to discovering the concept and practice of recovery has been quite a long and {} one, at least for me!"


@pytest.fixture(scope="module")
def shipped_fw(shipped):
    """The shipped data's framework: the editorial tools are tested on the real text."""
    return shipped[0]


def edit(path: Path, old: str, new: str) -> None:
    """Replace one exact, unique piece of a data file."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def copy_data(target: Path) -> Path:
    shutil.copytree(DATA, target)
    return target


def edit_edition(data: Path) -> None:
    """The fixture edit: one word of a Level-2 statement, one statement removed, one added, one paragraph."""
    edit(data / "levels/level-2.yaml", GROUPS.format("cause"), GROUPS.format("causes"))
    edit(data / "levels/level-2.yaml", f"    - {BENEFITS}\n", "")
    edit(
        data / "levels/level-4.yaml",
        "    - Peer supporters mentor others\n",
        f"    - Peer supporters mentor others\n    - {DIGITAL}\n",
    )
    edit(data / "text/introduction.yaml", "long and interesting one", "long and fascinating one")


@pytest.fixture
def editions(tmp_path):
    """Two folders: the shipped data (old) and the fixture edit of it (new)."""
    old = copy_data(tmp_path / "old")
    new = copy_data(tmp_path / "new")
    edit_edition(new)
    return old, new


def test_diff_of_two_fixture_editions(editions):
    old, new = editions
    d = diff_editions(load_framework(old)[0], load_framework(new)[0], "old", "new")
    assert [(c.kind, c.where, c.old, c.new) for c in d.statements] == [
        (REMOVED, "Level 2 · Recovery Process · The person in recovery · Work/Meaningful Activity", BENEFITS, None),
        (CHANGED, STIGMA, GROUPS.format("cause"), GROUPS.format("causes")),
        (ADDED, "Level 4 · Best Practices · Community supports · Education", None, DIGITAL),
    ]
    removed, changed, added = d.statements
    assert (removed.old_index, removed.new_index, added.old_index, added.new_index) == (5, None, None, 4)
    assert changed.cell == (2, "best-practices", "clinicians", "stigma")
    assert changed.words == (
        Segment("same", "Uses groups (e.g. Mental Health Education, Self-Esteem) to discuss"),
        Segment("deleted", "cause"),
        Segment("inserted", "causes"),
        Segment("same", "and effect of stigma and persons responsibility for his/her actions"),
    )
    assert markdown_words(changed.words) == GROUPS.format("~~cause~~ **causes**")
    assert markdown_words(removed.words) == f"~~{BENEFITS}~~"
    assert markdown_words(added.words) == f"**{DIGITAL}**"
    assert d.cells == ()
    assert [(c.kind, c.where, c.what, c.old, c.new) for c in d.prose] == [
        (CHANGED, "Introduction", "paragraph 1", JOURNEY.format("interesting"), JOURNEY.format("fascinating"))
    ]
    assert markdown_words(d.prose[0].words) == JOURNEY.format("~~interesting~~ **fascinating**")
    assert d.summary() == "1 statement added, 1 removed, 1 changed; 1 prose change"


def test_markdown_report_is_grouped_in_reading_order(editions):
    old, new = editions
    md = to_markdown(diff_editions(load_framework(old)[0], load_framework(new)[0], "old", "new"))
    assert md.splitlines()[:6] == [
        "# Changes from `old` to `new`",
        "",
        "1 statement added, 1 removed, 1 changed; 1 prose change",
        "",
        "- Old: `old`: Emerging Best Practices in Mental Health Recovery, UK Version 1, revised 2026-11-26",
        "- New: `new`: Emerging Best Practices in Mental Health Recovery, UK Version 1, revised 2026-11-26",
    ]
    assert f"### {STIGMA}\n\n- Changed: {GROUPS.format('~~cause~~ **causes**')}\n" in md
    assert md.index("### Level 2 · Recovery Process") < md.index(f"### {STIGMA}") < md.index("### Level 4")
    assert md.index("## Statements") < md.index("## Prose") < md.index("### Introduction")


def test_identical_editions_have_no_changes(shipped_fw):
    d = diff_editions(shipped_fw, shipped_fw)
    assert d.is_empty
    assert d.summary() == "No changes."
    assert "\nNo changes.\n" in to_markdown(d)
    assert "## " not in to_markdown(d)


def test_moved_statement_is_moved_not_changed(tmp_path, shipped_fw):
    new = copy_data(tmp_path / "new")
    edit(
        new / "levels/level-1.yaml",
        "    - Cannot identify personal needs\n    - Uninformed of resource opportunities\n",
        "    - Uninformed of resource opportunities\n    - Cannot identify personal needs\n",
    )
    d = diff_editions(shipped_fw, load_framework(new)[0])
    where = "Level 1 · Recovery Process · The person in recovery · Clinical Care"
    assert [(c.kind, c.where, c.old, c.new, c.old_index, c.new_index) for c in d.statements] == [
        (MOVED, where, "Uninformed of resource opportunities", "Uninformed of resource opportunities", 2, 1)
    ]
    assert (d.count(ADDED), d.count(REMOVED), d.count(CHANGED)) == (0, 0, 0)
    assert d.summary() == "0 statements added, 0 removed, 0 changed; 0 prose changes; 1 statement moved within its cell"
    assert "- Moved (bullet 2 → 1): Uninformed of resource opportunities" in to_markdown(d)


def test_dissimilar_replacement_is_removed_and_added(tmp_path, shipped_fw):
    new = copy_data(tmp_path / "new")
    level = new / "levels/level-1.yaml"
    edit(
        level,
        "    - Makes the person aware he/she is not alone\n",
        "    - Shares stories of recovery from lived experience\n",
    )
    edit(level, "    - Offers hope and friendship\n", "    - Offers hope and lasting friendship\n")
    d = diff_editions(shipped_fw, load_framework(new)[0])
    where = "Level 1 · Recovery Process · Clinicians · Peer Support & Relationships"
    assert [(c.kind, c.where, c.old, c.new) for c in d.statements] == [
        (REMOVED, where, "Makes the person aware he/she is not alone", None),
        (ADDED, where, None, "Shares stories of recovery from lived experience"),
        (CHANGED, where, "Offers hope and friendship", "Offers hope and lasting friendship"),
    ]
    assert markdown_words(d.statements[2].words) == "Offers hope and **lasting** friendship"


def test_cells_that_appear_or_disappear(shipped_fw):
    gone = (3, "recovery-process", "person", "education")
    key = lambda c: (c.level, c.matrix, c.perspective, c.component)  # noqa: E731
    smaller = dataclasses.replace(shipped_fw, cells=tuple(c for c in shipped_fw.cells if key(c) != gone))
    statements = [s.text.source for s in shipped_fw.cell(*gone).statements]
    where = "Level 3 · Recovery Process · The person in recovery · Education"

    d = diff_editions(shipped_fw, smaller)
    assert [(c.kind, c.where, c.cell, c.statements) for c in d.cells] == [(REMOVED, where, gone, len(statements))]
    assert [(c.kind, c.where, c.old) for c in d.statements] == [(REMOVED, where, s) for s in statements]
    assert f"### {where} (cell removed)" in to_markdown(d)

    back = diff_editions(smaller, shipped_fw)
    assert [(c.kind, c.cell) for c in back.cells] == [(ADDED, gone)]
    assert [(c.kind, c.new) for c in back.statements] == [(ADDED, s) for s in statements]
    assert f"### {where} (new cell)" in to_markdown(back)


def test_prose_and_metadata_changes(tmp_path, shipped_fw):
    new = copy_data(tmp_path / "new")
    edit(new / "edition.yaml", "edition: UK Version 1", "edition: UK Version 2")
    edit(new / "edition.yaml", "revised: 2026-11-26", "revised: 2027-01-15")
    edit(new / "framework.yaml", "name: Stigma\n", "name: Stigma & Discrimination\n")
    edit(new / "text/capabilities.yaml", "lead: Respecting Diversity", "lead: Respecting diversity")
    edit(new / "text/key-terms.yaml", "term: Peer Support and Relationships", "term: Peer Support & Relationships")
    edit(new / "text/introduction.yaml", "blocks:\n", "blocks:\n  - heading: A *new* <heading>\n")
    d = diff_editions(shipped_fw, load_framework(new)[0])
    assert d.statements == ()
    assert [(c.kind, c.where, c.what, c.old, c.new) for c in d.prose] == [
        (CHANGED, "Edition", "edition", "UK Version 1", "UK Version 2"),
        (CHANGED, "Edition", "revised date", "2026-11-26", "2027-01-15"),
        (CHANGED, "Framework", "name of component 6", "Stigma", "Stigma & Discrimination"),
        (ADDED, "Introduction", "heading 1", None, "A *new* <heading>"),
        (
            CHANGED,
            "The Ten Essential Capabilities for Mental Health Practice",
            "lead of list item 2",
            "Respecting Diversity",
            "Respecting diversity",
        ),
        (
            CHANGED,
            "Key Terms",
            "key term “Peer Support & Relationships”",
            "Peer Support and Relationships",
            "Peer Support & Relationships",
        ),
    ]
    assert d.summary() == "0 statements added, 0 removed, 0 changed; 6 prose changes"
    assert d.new.revised == "2027-01-15" and d.old.edition == "UK Version 1"
    md = to_markdown(d)
    assert "- Changed (revised date): ~~2026-11-26~~ **2027-01-15**" in md
    assert "- Added (heading 1): **A \\*new\\* \\<heading\\>**" in md  # markup is shown, not interpreted


def test_words_diff():
    assert words_diff("a b c", "a b c") == (Segment("same", "a b c"),)
    assert words_diff("a b c d", "a x d e") == (
        Segment("same", "a"),
        Segment("deleted", "b c"),
        Segment("inserted", "x"),
        Segment("same", "d"),
        Segment("inserted", "e"),
    )


def test_html_is_standalone_and_escaped(tmp_path, shipped_fw):
    new = copy_data(tmp_path / "new")
    edit(new / "levels/level-2.yaml", GROUPS.format("cause"), GROUPS.format("<b>cause</b> & effect"))
    page = to_html(diff_editions(shipped_fw, load_framework(new)[0], "old", "new"))
    assert page.startswith("<!DOCTYPE html>") and "<style>" in page and "<link" not in page
    assert f"<h3>{STIGMA.replace('&', '&amp;')}</h3>" in page
    assert "<del>cause</del> <ins>&lt;b&gt;cause&lt;/b&gt; &amp; effect</ins>" in page
    assert "<b>cause" not in page


def test_cli_markdown(editions):
    old, new = editions
    result = CliRunner().invoke(cli, ["diff", str(old), str(new)])
    assert result.exit_code == 0, result.output
    assert "1 statement added, 1 removed, 1 changed; 1 prose change\n" in result.output
    assert f"- Changed: {GROUPS.format('~~cause~~ **causes**')}\n" in result.output


def test_cli_identical_editions():
    result = CliRunner().invoke(cli, ["diff", str(DATA), str(DATA)])
    assert result.exit_code == 0, result.output
    assert "No changes." in result.output


def test_cli_html_writes_a_file(editions, tmp_path):
    old, new = editions
    edit(new / "levels/level-4.yaml", DIGITAL, f"{DIGITAL} <for everyone>")
    out = tmp_path / "report" / "diff.html"
    result = CliRunner().invoke(cli, ["diff", str(old), str(new), "--html", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output == f"{out}: written (1 statement added, 1 removed, 1 changed; 1 prose change)\n"
    page = out.read_text(encoding="utf-8")
    assert "<del>cause</del> <ins>causes</ins>" in page
    assert f"<ins>{DIGITAL} &lt;for everyone&gt;</ins>" in page
    assert not [p for p in out.parent.iterdir() if p.name != "diff.html"]  # no temporary file left behind


def test_cli_bad_argument(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # not a git repository
    result = CliRunner().invoke(cli, ["diff", "nowhere", str(DATA)])
    assert result.exit_code == 1
    assert "Error: nowhere: no such data folder" in result.output
    assert "Traceback" not in result.output


def test_cli_invalid_data_folder_reports_its_problems(tmp_path):
    new = copy_data(tmp_path / "new")
    edit(new / "levels/level-2.yaml", "    - May be afraid of losing benefits\n", "    - \n")
    result = CliRunner().invoke(cli, ["diff", str(DATA), str(new)])
    assert result.exit_code == 1
    assert "new/levels/level-2.yaml:" in result.output and "problem found." in result.output


# ---------------------------------------------------------------------------------------------------- git revisions


def git(repo: Path, *args: str) -> str:
    identity = ["-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"]
    done = subprocess.run(["git", "-C", str(repo), *identity, *args], capture_output=True, text=True, check=True)
    return done.stdout.strip()


@pytest.fixture
def repo(tmp_path):
    """A throwaway repository: a commit without data, the shipped data, then the fixture edit."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    (root / "README.md").write_text("throwaway\n")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "no data yet")
    copy_data(root / "data")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "data")
    edit_edition(root / "data")
    git(root, "commit", "-qam", "edit")
    return root


def test_git_revisions(repo):
    old, old_source, _ = load_edition("HEAD~1", repo=repo)
    new, new_source, _ = load_edition("HEAD", repo=repo / "data")  # anywhere inside the repository
    assert (old_source.name, old_source.commit) == ("HEAD~1", git(repo, "rev-parse", "HEAD~1")[:12])
    d = diff_editions(old, new, old_source, new_source)
    assert [(c.kind, c.where) for c in d.statements] == [
        (REMOVED, "Level 2 · Recovery Process · The person in recovery · Work/Meaningful Activity"),
        (CHANGED, STIGMA),
        (ADDED, "Level 4 · Best Practices · Community supports · Education"),
    ]
    assert len(d.prose) == 1


def test_cli_git_revisions(repo, monkeypatch):
    monkeypatch.chdir(repo)
    result = CliRunner().invoke(cli, ["diff", "HEAD~1", "HEAD"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(
        "# Changes from `HEAD~1` to `HEAD`\n\n1 statement added, 1 removed, 1 changed; 1 prose change\n"
    )
    assert f"- Old: `HEAD~1`, commit {git(repo, 'rev-parse', 'HEAD~1')[:12]}: Emerging Best" in result.output
    same = CliRunner().invoke(cli, ["diff", "HEAD", "data"])  # the working folder against its commit
    assert same.exit_code == 0 and "No changes." in same.output


def test_unknown_revision(repo, monkeypatch):
    with pytest.raises(
        RevisionError, match=r"^no-such-tag: neither a data folder nor a revision of the git repository"
    ):
        load_edition("no-such-tag", repo=repo)
    monkeypatch.chdir(repo)
    result = CliRunner().invoke(cli, ["diff", "HEAD~7", "HEAD"])
    assert result.exit_code == 1
    assert "Error: HEAD~7: neither a data folder nor a revision" in result.output


def test_revision_without_data(repo):
    with pytest.raises(RevisionError, match=r"^HEAD~2: revision [0-9a-f]{12} has no data/ folder$"):
        load_edition("HEAD~2", repo=repo)


def test_invalid_data_in_a_revision_names_the_revision(repo):
    edit(repo / "data/levels/level-2.yaml", "    - May be employed\n", "    - \n")
    git(repo, "commit", "-qam", "broken")
    with pytest.raises(DataError) as err:
        load_edition("HEAD", repo=repo)
    assert str(err.value.problems[0]).startswith("HEAD:data/levels/level-2.yaml:")


def test_corrections_recorded_or_withdrawn_between_editions(tmp_path):
    old, new = shutil.copytree(DATA, tmp_path / "old"), shutil.copytree(DATA, tmp_path / "new")
    fixes = (new / "corrections.yaml").read_text(encoding="utf-8")
    first = fixes.index("  - path: level-3/recovery-process/community/clinical-care")
    second = fixes.index("  - path: level-3/recovery-process/community/family-support")
    (new / "corrections.yaml").write_text(
        fixes[:first]
        + fixes[second:]
        + "  - path: level-1/recovery-process/person/peer-support\n"
        + "    source: Lacks self-esteem and sense of self\n"
        + "    printed: Lacks self-worth and sense of self\n"
        + "    reason: editorial decision\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["diff", str(old), str(new)])
    assert result.exit_code == 0, result.output
    assert "; 1 correction to the published edition recorded, 1 withdrawn" in result.output
    assert "## Corrections to the published edition" in result.output
    assert (
        "- Withdrawn (extraction error): Actively seeks and supports the person & ~~familyl significant~~ **family/significant** others'"
        in result.output
    )
    assert "- Recorded (editorial decision): Lacks ~~self-esteem~~ **self-worth** and sense of self" in result.output
    page = tmp_path / "diff.html"
    result = CliRunner().invoke(cli, ["diff", str(old), str(new), "--html", str(page)])
    assert result.exit_code == 0 and '<li class="withdrawn">' in page.read_text(encoding="utf-8")
