"""CLI wiring: commands, options, exit codes and messages."""

from __future__ import annotations

import re
import subprocess
import sys

from click.testing import CliRunner

from render.cli import cli

from .conftest import ROOT


def test_help_lists_commands():
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for command in ("build", "check", "products"):
        assert command in result.output


def test_products():
    result = CliRunner().invoke(cli, ["products"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert re.match(r"poster\s+841 x 1189 mm\s+1 page\(s\)\s+bleed 3 mm\s+A0 poster$", lines[0])
    for n in (1, 2, 3, 4):
        assert re.match(rf"card-level-{n}\s+210 x 297 mm\s+4 page\(s\)\s+bleed 3 mm\s+A4 card, level {n}$", lines[n])


def test_check_ok():
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 0, result.output
    assert "216 cells, 970 statements" in result.output


def test_unknown_product_is_an_error(tmp_path):
    result = CliRunner().invoke(cli, ["build", "--product", "flyer", "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert "unknown product flyer" in result.output
    assert not (tmp_path / "o").exists()


def test_missing_data_folder(tmp_path):
    result = CliRunner().invoke(cli, ["check", "--data", str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    assert "nowhere/edition.yaml: file not found" in result.output


def test_python_m_render_and_fast_start_without_weasyprint():
    code = (
        "import sys, runpy; sys.argv=['render','check'];"
        "\ntry:\n runpy.run_module('render', run_name='__main__')\nexcept SystemExit as e:\n"
        " assert e.code == 0, e.code\nassert 'weasyprint' not in sys.modules"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "970 statements" in result.stdout
