"""Templates: golden HTML of the matrix partial, escaping, strict undefined, overrides."""

from __future__ import annotations

import os
from pathlib import Path

import jinja2
import pytest

from render import layout
from render.localise import Localiser
from render.model import Text

GOLDEN = Path(__file__).parent / "golden"


def render_matrix(fw, level=4, matrix="best-practices", env=None) -> str:
    env = env or layout.environment()
    macro = env.get_template("partials/matrix.html").module.matrix
    mx = next(m for m in fw.matrices if m.id == matrix)
    columns = {c.id: round(100 / 9, 3) for c in fw.components}
    return str(macro(fw, Localiser("en"), fw.levels[level - 1], mx, columns))


def test_matrix_partial_matches_golden(framework):
    html = render_matrix(framework)
    golden = GOLDEN / "matrix-level-4-best-practices.html"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(html, encoding="utf-8")
    assert html == golden.read_text(encoding="utf-8")


def test_statements_are_escaped(framework):
    statement = framework.cell(4, "best-practices", "person", "stigma").statements[0]
    original = statement.text
    object.__setattr__(statement, "text", Text(original.context, '<b onclick="x()">bold</b> & <script>'))
    try:
        html = render_matrix(framework)
    finally:
        object.__setattr__(statement, "text", original)
    assert "&lt;b onclick=&#34;x()&#34;&gt;bold&lt;/b&gt; &amp; &lt;script&gt;" in html
    assert "<script>" not in html


def test_undefined_is_an_error(tmp_path, framework):
    (tmp_path / "partials").mkdir()
    (tmp_path / "partials" / "matrix.html").write_text(
        "{% macro matrix(fw, t, level, mx, columns) %}{{ nope }}{% endmacro %}"
    )
    with pytest.raises(jinja2.UndefinedError):
        render_matrix(framework, env=layout.environment((tmp_path,)))


def test_user_template_overrides_one_file(tmp_path, framework, products):
    (tmp_path / "partials").mkdir()
    (tmp_path / "partials" / "level-heading.html").write_text(
        "{% macro level_heading(t, level) %}<h2>CUSTOM {{ level.number }}</h2>{% endmacro %}"
    )
    env = layout.environment((tmp_path,))
    html = layout.render_html(framework, products["poster"], Localiser("en"), sizes={"all": 9}, env=env)
    assert "<h2>CUSTOM 3</h2>" in html
    assert 'class="matrix matrix-best-practices"' in html  # the rest still comes from templates/


def test_html_lang_dir_and_body_size(framework, products):
    html = layout.render_html(framework, products["poster"], Localiser("en"), sizes={"all": 8.3})
    assert '<html lang="en-GB" dir="ltr" style="--body: 8.3pt;' in html


def test_column_widths_sum_to_grid_and_favour_full_columns(framework):
    widths = layout.column_widths(framework, Localiser("en"), 1, "recovery-process", 787, 8.0)
    assert abs(sum(widths.values()) - 100) < 0.01
    assert min(widths.values()) >= layout.MIN_SHARE * 100 / 9
    # Level 1's Power & Control cells are among the fullest; Access to Resources among the emptiest.
    assert widths["power-control"] > widths["access-to-resources"]
