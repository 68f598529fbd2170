"""A workbench left running: memory held while a statement is edited 50 times, and an edited
language registry picked up (the session renewed)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from render.session import LIMITS
from tests.helpers import CATALOGUES, MINI, ROOT

EDITS = 50
GROWTH_KB = 20_000  # the peak may grow this much from the 10th edit to the 50th (measured: about 8 MB)


@pytest.mark.slow
def test_fifty_edits_hold_memory_and_an_edited_registry_renews_the_session(tmp_path):
    data = shutil.copytree(MINI, tmp_path / "data")
    catalogues = shutil.copytree(CATALOGUES, tmp_path / "translations")
    args = [sys.executable, "-m", "tests.serve.long_run", str(data), str(tmp_path / "out"), str(catalogues), str(EDITS)]
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["edit"] for r in rows] == list(range(EDITS + 1))
    assert all(r["built"] == ["en/card-level-1.pdf"] and r["errors"] == [] for r in rows), rows
    # A new session at the start and when the registry was edited, never otherwise.
    assert [r["edit"] for r in rows if r["renewed"]] == [0, EDITS // 2]
    assert all(r["shelves"][shelf] <= limit for r in rows for shelf, limit in LIMITS.items())
    growth = rows[-1]["VmHWM"] - rows[10]["VmHWM"]
    assert growth < GROWTH_KB, [(r["edit"], r["VmRSS"], r["VmHWM"]) for r in rows]
