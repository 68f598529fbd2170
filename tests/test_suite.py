"""The suite itself: every test file is collected, every Python file of the project is linted.

pytest skips folders it takes for generated output (`build`, `dist`, ...) and ruff has its own
list of such names: a test folder or module under one of them would never run or be linted,
and `make test` would still be green.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.helpers import ROOT

RUFF = ROOT / ".venv" / "bin" / "ruff"


def _project_files(pattern: str) -> set[str]:
    """The project's files (tracked, or new and not ignored) matching a git pathspec."""
    out = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "--", pattern],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {line for line in out.splitlines() if (ROOT / line).is_file()}


def _make_test_recipe() -> list[str]:
    """The commands of the Makefile's `test` target."""
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^test:.*\n((?:\t.*\n)+)", text, re.M)
    assert recipe, "the Makefile has no test target"
    return [line.strip() for line in recipe.group(1).splitlines()]


def test_pytest_collects_every_test_file():
    collected = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert collected.returncode == 0, collected.stdout[-2000:] + collected.stderr[-2000:]
    files = {line.split("::")[0] for line in collected.stdout.splitlines() if "::" in line}
    expected = {f for f in _project_files("tests/**/test_*.py") if not f.startswith("tests/data/")}
    assert expected, "no test files found"
    assert expected - files == set(), "test files pytest does not collect"
    assert "tests/run/test_cache.py" in files  # the run stage's tests, once skipped under tests/build/


def test_make_test_lints_and_formats_every_python_file():
    recipe = _make_test_recipe()
    checks = [line for line in recipe if "ruff check" in line]
    formats = [line for line in recipe if "ruff format --check" in line]
    assert checks and formats, recipe
    for line in checks + formats:
        assert line.split()[-1] == ".", f"make test lints a list of folders, not the project: {line}"
    listed = subprocess.run(
        [str(RUFF), "check", "--show-files", "."], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    linted = {str(p.relative_to(ROOT)) for p in map(_path, listed.splitlines()) if p is not None}
    python = _project_files("*.py")
    assert len(python) > 100
    assert python - linted == set(), "Python files ruff does not lint"


def _path(line: str) -> Path | None:
    line = line.strip()
    return Path(line) if line.endswith(".py") and Path(line).is_absolute() else None
