"""Bad input: every problem reported as data/FILE.yaml:LINE: key.path: message, exit 1."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from render.cli import cli, main
from tests.helpers import line_of
from tests.helpers import replace_in as replace


def run_check(data: Path):
    result = CliRunner().invoke(cli, ["check", "--data", str(data)])
    return result.exit_code, result.output


def test_valid_data_passes(data_copy):
    code, out = run_check(data_copy)
    assert code == 0, out
    assert "36 cells, 83 statements" in out


def test_malformed_yaml(data_copy):
    f = data_copy / "levels" / "level-2.yaml"
    replace(f, "    clinical-care:\n", "    clinical-care: [unclosed\n")
    code, out = run_check(data_copy)
    assert code == 1
    assert "data/levels/level-2.yaml:" in out and "invalid YAML" in out
    assert "Traceback" not in out


def test_wrong_type(data_copy):
    f = data_copy / "levels" / "level-2.yaml"
    replace(f, "level: 2", "level: three")
    code, out = run_check(data_copy)
    assert code == 1
    assert f"data/levels/level-2.yaml:{line_of(f, 'level: three')}: level: expected a whole number, got 'three'" in out


def test_a_product_without_its_trim_is_named_not_a_crash(data_copy):
    f = data_copy / "products.yaml"
    replace(f, "  trim_mm: [210, 297]\n", "")  # (a file cut short leaves a product so: found by Hypothesis)
    code, out = run_check(data_copy)
    assert code == 1 and "missing key 'trim_mm'" in out
    assert "Traceback" not in out


def test_unknown_component_and_missing_cell(data_copy):
    f = data_copy / "levels" / "level-2.yaml"
    replace(f, "    stigma:", "    stigmas:")
    line = line_of(f, "    stigmas:")
    code, out = run_check(data_copy)
    assert code == 1
    assert f"data/levels/level-2.yaml:{line}: recovery-process.person.stigmas: unknown key" in out
    assert "recovery-process.person: missing key 'stigma'" in out


def test_unknown_perspective(data_copy):
    f = data_copy / "levels" / "level-2.yaml"
    replace(f, "  clinicians:", "  clinician:")
    code, out = run_check(data_copy)
    assert code == 1
    assert f"data/levels/level-2.yaml:{line_of(f, '  clinician:')}: recovery-process.clinician: unknown key" in out


def test_unknown_level(data_copy):
    f = data_copy / "levels" / "level-1.yaml"
    replace(f, "level: 1", "level: 7")
    code, out = run_check(data_copy)
    assert code == 1
    assert f"data/levels/level-1.yaml:{line_of(f, 'level: 7')}: level: this file holds level 1" in out


def test_empty_cell_and_empty_statement(data_copy):
    f = data_copy / "levels" / "level-1.yaml"
    text = f.read_text(encoding="utf-8")
    text = text.replace("      - Cannot identify personal needs\n", "      - ''\n", 1)
    f.write_text(text, encoding="utf-8")
    g = data_copy / "levels" / "level-2.yaml"
    lines = g.read_text(encoding="utf-8").splitlines()
    start = lines.index("    stigma:")  # first stigma cell: recovery-process.person
    end = start + 1
    while lines[end].startswith("      - "):
        end += 1
    g.write_text("\n".join([*lines[:start], "    stigma: []", *lines[end:]]) + "\n", encoding="utf-8")
    code, out = run_check(data_copy)
    assert code == 1
    assert (
        f"data/levels/level-1.yaml:{line_of(f, chr(39) * 2)}: recovery-process.person.clinical-care[0]: must not be empty"
        in out
    )
    assert f"data/levels/level-2.yaml:{start + 1}: recovery-process.person.stigma: must not be empty" in out


def test_duplicate_key(data_copy):
    f = data_copy / "framework.yaml"
    replace(f, "  - id: stigma\n", "  - id: stigma\n    id: stigma\n")
    code, out = run_check(data_copy)
    assert code == 1
    assert (
        f"data/framework.yaml:{line_of(f, '    id: stigma')}: components[2].id: duplicate key (first defined on line"
        in out
    )


@pytest.mark.parametrize(
    "snippet, message",
    [
        ("title: &t Emerging\npublisher: *t\n", "YAML anchors (&t) are not allowed"),
        ("title: !!python/object:os.system x\n", "tag tag:yaml.org,2002:python/object:os.system is not allowed"),
    ],
)
def test_unsafe_yaml_refused(data_copy, snippet, message):
    f = data_copy / "edition.yaml"
    f.write_text(snippet + "\n".join(f.read_text(encoding="utf-8").splitlines()[3:]) + "\n", encoding="utf-8")
    code, out = run_check(data_copy)
    assert code == 1
    assert f"data/edition.yaml:1: {message}" in out or f"data/edition.yaml:1: title: {message}" in out


def test_every_problem_reported_in_one_run(data_copy):
    replace(data_copy / "levels" / "level-1.yaml", "level: 1", "level: x")
    replace(data_copy / "levels" / "level-2.yaml", "  person:", "  persons:")
    replace(data_copy / "products.yaml", "pages: 1", "pages: 0")
    replace(data_copy / "text" / "values.yaml", "style: decimal", "style: roman")
    code, out = run_check(data_copy)
    assert code == 1
    for where in ("level-1.yaml", "level-2.yaml", "products.yaml", "values.yaml"):
        assert where in out
    assert out.endswith("problems found.\n"), out


def test_bad_input_leaves_output_untouched(data_copy, tmp_path):
    replace(data_copy / "levels" / "level-2.yaml", "level: 2", "level: [2")
    out_dir = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", "--data", str(data_copy), "--out", str(out_dir)])
    assert result.exit_code == 1
    assert not out_dir.exists()


def test_main_prints_no_traceback(data_copy, capsys):
    replace(data_copy / "levels" / "level-2.yaml", "level: 2", "level: two")
    assert main(["check", "--data", str(data_copy)]) == 1
    err = capsys.readouterr().err
    assert "level: expected a whole number" in err
    assert "Traceback" not in err


def test_debug_shows_traceback(data_copy, capsys):
    replace(data_copy / "levels" / "level-2.yaml", "level: 2", "level: two")
    assert main(["--debug", "check", "--data", str(data_copy)]) == 1
    assert "Traceback" in capsys.readouterr().err


def test_source_files_never_changed(data_copy):
    before = {p: p.read_bytes() for p in data_copy.rglob("*.yaml")}
    run_check(data_copy)
    assert before == {p: p.read_bytes() for p in data_copy.rglob("*.yaml")}


def test_no_data_folder_is_one_line_naming_where_it_looked(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 1
    code, out = run_check(tmp_path / "nowhere")
    assert code == 1
    assert out == f"Error: no data folder: looked for {tmp_path / 'nowhere'}; point at one with --data DIR\n"
    result = CliRunner().invoke(cli, ["build"])
    assert result.exit_code == 1
    assert result.output == f"Error: no data folder: looked for data in {tmp_path}; point at one with --data DIR\n"


def test_products_per_level_follow_the_framework(framework, products):
    assert [lv.number for lv in framework.levels] == [1, 2]
    assert [n for n in products if n.startswith("card-")] == ["card-level-1", "card-level-2"]
    assert [products[n].level for n in ("card-level-1", "card-level-2")] == [1, 2]
    assert products["leaflet-clinicians"].perspective == "clinicians"
    assert products["card-level-2"].where.endswith("products.yaml:37")


def test_a_folded_or_stitched_product_has_pages_in_fours(shipped_copy):
    products = shipped_copy / "products.yaml"
    replace(products, "more_pages: [8]", "more_pages: [6, 8]")
    code, out = run_check(shipped_copy)
    assert code == 1
    line = next(n for n, text in enumerate(products.read_text().splitlines(), 1) if "more_pages: [6, 8]" in text)
    assert f"products.yaml:{line}: card.more_pages[0]: 6: a folded product has pages in fours" in out


def test_a_product_in_its_longer_form_says_how_it_is_made(shipped):
    card = shipped[1]["card-level-1"]
    assert card.form == "4 pages: 1 sheet(s) of 420 x 297 mm, both sides, folded once"
    assert card.with_pages(8).form == "8 pages: 2 sheet(s) of 420 x 297 mm, both sides, folded once, nested"


def test_a_safe_margin_per_product(shipped, shipped_copy):
    assert shipped[1]["poster"].safe_mm == 10 and shipped[1]["card-level-1"].safe_mm == 3
    assert shipped[1]["poster"].in_large_print(16).safe_mm == 3  # an A4 sheet, trimmed as one
    products = shipped_copy / "products.yaml"
    replace(products, "  safe_mm: 10 ", "  safe_mm: -2 ")
    code, out = run_check(shipped_copy)
    line = next(n for n, text in enumerate(products.read_text().splitlines(), 1) if "safe_mm: -2" in text)
    assert code == 1 and f"products.yaml:{line}: poster.safe_mm: -2 mm: must be from 0 to" in out
