"""The guides' site (docs/, mkdocs.yml) builds strictly; a broken link or anchor fails it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from tests.helpers import ROOT

GUIDES = ("index.md", "products.md", "print-shops.md", "editors.md", "translators.md", "developers.md")


def mkdocs(folder) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` in a folder with mkdocs.yml and docs/."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(folder / "site")]
    return subprocess.run(command, cwd=folder, capture_output=True, text=True, env=env)


def test_a_broken_link_or_anchor_in_a_guide_fails_the_build(tmp_path):
    shutil.copy(ROOT / "mkdocs.yml", tmp_path)
    shutil.copytree(ROOT / "docs", tmp_path / "docs", ignore=shutil.ignore_patterns("languages"))
    built = mkdocs(tmp_path)
    assert built.returncode == 0, built.stderr
    assert all((tmp_path / "site" / name.replace(".md", "") / "index.html").is_file() for name in GUIDES[1:])
    editors = tmp_path / "docs" / "editors.md"
    editors.write_text(editors.read_text(encoding="utf-8") + "\nSee [the print](print-shops.md#no-such-part).\n")
    broken = mkdocs(tmp_path)
    assert broken.returncode != 0 and "does not contain an anchor '#no-such-part'" in broken.stderr, broken.stderr


def test_the_readme_is_a_front_door_to_the_guides():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) < 150
    for name in GUIDES[1:]:
        assert f"(docs/{name})" in readme, name


def test_the_command_reference_is_the_command_lines_own():
    from scripts.command_reference import reference

    page = (ROOT / "docs" / "developers.md").read_text(encoding="utf-8")
    shown = page.split("<!-- command reference: scripts/command_reference.py -->\n")[1]
    shown = shown.split("\n<!-- end of command reference -->")[0]
    assert shown == reference(), "run scripts/command_reference.py into docs/developers.md"
    assert "### `serve`" in shown and "- `--lang CODE`:" in shown
