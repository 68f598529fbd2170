"""CLI wiring: commands, options, exit codes and messages; a fast start."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

from tests.helpers import MINI, ROOT, run


def test_help_lists_commands():
    code, out = run("--help")
    assert code == 0
    for command in ("build", "check", "products", "i18n", "preflight", "pack", "proof", "watch", "diff"):
        assert re.search(rf"^  {command}\s", out, re.M), command


def test_build_help_names_the_theme_layers():
    code, out = run("build", "--help")
    assert code == 0
    assert "--theme DIR" in out and "--templates DIR" in out


def test_products():
    code, out = run("products")
    assert code == 0
    lines = out.splitlines()
    assert re.match(r"poster\s+841 x 1189 mm\s+1 page\(s\)\s+bleed 3 mm\s+A0 poster$", lines[0])
    for n in (1, 2, 3, 4):
        assert re.match(rf"card-level-{n}\s+210 x 297 mm\s+4 page\(s\)\s+bleed 3 mm\s+A4 card, level {n}$", lines[n])


def test_check_ok():
    code, out = run("check")
    assert code == 0, out
    assert "216 cells, 970 statements" in out


def test_check_reads_the_theme(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "card.html").write_text("{% for %}")
    code, out = run("check", "--data", MINI, "--theme", tmp_path)
    assert code == 1
    assert re.search(r"tests/data/products\.yaml:\d+: card\.template: template .*card\.html:1: ", out), out
    assert out.endswith("1 problem found.\n")  # check builds nothing, and says nothing of building


def test_a_build_on_bad_data_says_nothing_was_built(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    products = data / "products.yaml"
    products.write_text(products.read_text().replace("pages: 1", "pages: 0", 1))
    code, out = run("build", "--data", data, "--out", tmp_path / "o")
    assert code == 1 and out.endswith("2 problems found; nothing was built.\n"), out
    assert f"{data / 'products.yaml'}:" in out  # the data folder as it was given, not "data/"
    assert not (tmp_path / "o").exists()
    code, out = run("check", "--data", data)
    assert code == 1 and out.endswith("2 problems found.\n"), out


def test_unknown_product_is_an_error(tmp_path):
    code, out = run("build", "--data", MINI, "--product", "flyer", "--out", tmp_path / "o")
    assert code == 1
    assert "unknown product flyer" in out
    assert not (tmp_path / "o").exists()


def test_python_m_render_and_fast_start_without_weasyprint():
    code = (
        "import sys, runpy; sys.argv=['render','check'];"
        "\ntry:\n runpy.run_module('render', run_name='__main__')\nexcept SystemExit as e:\n"
        " assert e.code == 0, e.code\nassert 'weasyprint' not in sys.modules, 'weasyprint'"
        "\nassert not any(m.startswith(('render.run', 'render.press')) for m in sys.modules), 'stages'"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "970 statements" in result.stdout


def test_products_lists_the_imposed_forms_and_build_takes_their_names():
    code, out = run("products", "--data", MINI)
    assert code == 0
    names = [line.split()[0] for line in out.splitlines()]
    assert "booklet-imposed" in names and names.index("booklet-imposed") == names.index("booklet") + 1
    imposed = next(line for line in out.splitlines() if line.startswith("booklet-imposed "))
    assert re.search(r"320 x 225 mm\s+2 pages a side\s+marks\s+.*\(made with booklet\)$", imposed), imposed
    code, out = run("build", "--data", MINI, "--product", "booklet-imposed", "--plan")
    assert code == 0 and out.split()[0] == "en/booklet.pdf", out
    code, out = run("build", "--data", MINI, "--product", "flyer", "--plan")
    assert code == 1 and "booklet-imposed" in out  # among the names it knows


def test_the_product_tables_are_what_products_lists():
    """docs/products.md: its generated table is the command's, and its table of what each is names them all."""
    page = (ROOT / "docs" / "products.md").read_text(encoding="utf-8")
    shown = page.split("<!-- product table: recovery-print products --markdown -->\n")[1].split("\n<!-- end")[0]
    code, out = run("products", "--markdown")
    assert code == 0 and shown == out.rstrip("\n"), "run `recovery-print products --markdown` into docs/products.md"
    table = page.split("What each one is:\n")[1].strip().split("\n\n")[0]
    named = {name for row in table.splitlines()[2:] for name in re.findall(r"`([a-z0-9-]+)`", row.split(" | ")[0])}
    code, out = run("products")
    assert code == 0 and named == {line.split()[0] for line in out.splitlines()}
