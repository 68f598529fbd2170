"""The editors' accepted warnings: kept with a reason, strict on anything new or stale."""

from __future__ import annotations

import shutil

import pytest

from tests.helpers import MINI, ROOT, run

DRIFT = "level-1/recovery-process/clinicians/clinical-care[2]"
ENTRY = f"""accepted:
  - path: {DRIFT}
    rule: glossary drift
    words: '"Advanced Agreements"'
    reason: the published wording
    by: editors
    date: 2026-12-03
"""


@pytest.fixture
def data(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(MINI, folder)
    return folder


def test_an_accepted_warning_passes_strict_and_is_shown_with_its_reason(data):
    code, out = run("check", "--data", data, "--strict")
    assert code == 1 and "1 warning; --strict treats warnings as errors" in out  # before: open
    (data / "accepted.yaml").write_text(ENTRY)
    code, out = run("check", "--data", data, "--strict")
    assert code == 0, out
    assert f"{DRIFT}: accepted: glossary drift: " in out
    assert f"— the published wording ({data / 'accepted.yaml'}:2)" in out
    assert out.splitlines()[-1] == f"0 warnings, 1 accepted ({data / 'accepted.yaml'})"


def test_a_new_warning_still_fails_strict_and_a_stale_entry_is_named(data):
    (data / "accepted.yaml").write_text(ENTRY)
    level = data / "levels" / "level-1.yaml"
    level.write_text(level.read_text().replace("Advanced Agreements", "Advance Agreements", 1))
    text = level.read_text()
    level.write_text(
        text.replace("- Uninformed of resource opportunities", "- Uninformed (of resource opportunities", 1)
    )
    code, out = run("check", "--data", data, "--strict")
    assert code == 1
    assert "warning: unbalanced brackets: ( is never closed" in out  # the new one
    assert (
        f"accepted.yaml:2: {DRIFT}: warning: accepted: no glossary drift warning here any more; remove the entry" in out
    )


def test_a_mistake_in_the_file_is_named_at_its_line(data):
    (data / "accepted.yaml").write_text(ENTRY.replace("    reason: the published wording\n", ""))
    code, out = run("check", "--data", data)
    assert code == 1 and f"{data / 'accepted.yaml'}:2: accepted[0]: missing key 'reason'" in out, out


def test_the_shipped_data_passes_strict_with_every_acceptance_in_use():
    code, out = run("check", "--data", ROOT / "data", "--strict")
    assert code == 0, out
    assert "no glossary drift warning here any more" not in out and ", 9 accepted (" in out.splitlines()[-1]
