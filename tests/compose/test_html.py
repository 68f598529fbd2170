"""HTML from templates: golden matrix partial, escaping, strict undefined, theme layers, column widths."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import jinja2
import pytest

from render.compose import html as layout
from render.errors import Problem
from render.i18n.localise import Localiser
from render.paths import Theme
from render.source.model import Text

GOLDEN = Path(__file__).parent / "golden"


def render_matrix(fw, level=4, env=None) -> str:
    """A level's grid (both matrices), as the poster sets it."""
    env = env or layout.environment(Theme())
    macro = env.get_template("partials/matrix.html").module.level_grid
    columns = {c.id: round(100 / len(fw.components), 3) for c in fw.components}
    return str(macro(fw, Localiser("en"), fw.levels[level - 1], columns, 20.0))


def test_matrix_partial_matches_golden(shipped):
    html = render_matrix(shipped[0])
    golden = GOLDEN / "level-grid-4.html"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(html, encoding="utf-8")
    assert html == golden.read_text(encoding="utf-8")


def test_statements_are_escaped(framework):
    statement = framework.cell(2, "best-practices", "person", "stigma").statements[0]
    original = statement.text
    object.__setattr__(statement, "text", Text(original.context, '<b onclick="x()">bold</b> & <script>'))
    try:
        html = render_matrix(framework, level=2)
    finally:
        object.__setattr__(statement, "text", original)
    assert "&lt;b onclick=&#34;x()&#34;&gt;bold&lt;/b&gt; &amp; &lt;script&gt;" in html
    assert "<script>" not in html


def test_undefined_is_an_error(tmp_path, framework):
    (tmp_path / "partials").mkdir()
    (tmp_path / "partials" / "matrix.html").write_text(
        "{% macro level_grid(fw, t, level, columns, label_mm) %}{{ nope }}{% endmacro %}"
    )
    with pytest.raises(jinja2.UndefinedError):
        render_matrix(framework, level=2, env=layout.environment(Theme.layered(templates=[tmp_path])))


def test_user_template_overrides_one_file(tmp_path, framework, products):
    (tmp_path / "partials").mkdir()
    (tmp_path / "partials" / "level-heading.html").write_text(
        "{% macro level_heading(t, level) %}<h2>CUSTOM {{ level.number }}</h2>{% endmacro %}"
    )
    env = layout.environment(Theme.layered(templates=[tmp_path]))
    html = layout.render_html(framework, products["poster"], Localiser("en"), sizes={"all": 9}, env=env)
    assert "<h2>CUSTOM 2</h2>" in html
    assert 'class="matrix-group matrix-best-practices"' in html  # the rest still comes from templates/


def test_theme_layers_templates_and_styles_over_the_shipped_ones(tmp_path, products):
    (tmp_path / "dark" / "templates").mkdir(parents=True)
    (tmp_path / "dark" / "styles").mkdir()
    (tmp_path / "dark" / "templates" / "card.html").write_text("{{ 'dark card' }}")
    (tmp_path / "dark" / "styles" / "card.css").write_text("body { color: black }")
    (tmp_path / "only").mkdir()
    (tmp_path / "only" / "card.html").write_text("{{ 'first' }}")
    theme = Theme.layered(themes=[tmp_path / "dark"])
    card = products["card-level-1"]
    assert layout.environment(theme).get_template("card.html").render() == "dark card"
    sheets = layout.stylesheets(theme, card, "press", "ltr")
    assert sheets[-1] == tmp_path / "dark" / "styles" / "card.css"
    assert [s.name for s in sheets] == ["tokens.css", "press.css", "base.css", "scripts.css", "card.css"]
    assert sheets[0].parent == Theme().styles[0]  # what the theme lacks comes from the shipped look
    assert [s.name for s in layout.stylesheets(Theme(), card, "screen", "rtl")][-1] == "card-rtl.css"
    # --templates goes in front of every theme
    both = Theme.layered(themes=[tmp_path / "dark"], templates=[tmp_path / "only"])
    assert layout.environment(both).get_template("card.html").render() == "first"


def test_check_names_a_template_or_stylesheet_the_search_path_lacks(tmp_path, products):
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "booklet.html").write_text("{% if %}")
    problems = layout.look_problems(products, Theme.layered(templates=[broken]))
    assert [(p.path, p.message.split(":")[0]) for p in problems] == [
        ("booklet.template", f"template {broken}/booklet.html")
    ]
    assert problems[0].file.endswith("products.yaml") and problems[0].line > 0
    missing = {**products, "poster": dataclasses.replace(products["poster"], stylesheet="nope.css")}
    (problem,) = layout.look_problems(missing, Theme())
    assert isinstance(problem, Problem) and problem.path == "poster.stylesheet"
    assert problem.message.startswith("nope.css not found in ")


def test_html_lang_dir_and_body_size(framework, products):
    env = layout.environment(Theme())
    html = layout.render_html(framework, products["poster"], Localiser("en"), sizes={"all": 8.3}, env=env)
    assert '<html lang="en-GB" dir="ltr" style="--body: 8.3pt;' in html


def test_column_widths_sum_to_grid_and_favour_full_columns(shipped):
    widths = layout.column_widths(shipped[0], Localiser("en"), 1, "recovery-process", 787, 8.0)
    assert abs(sum(widths.values()) - 100) < 0.01
    assert min(widths.values()) >= layout.MIN_SHARE * 100 / 9
    # Level 1's Power & Control cells are among the fullest; Access to Resources among the emptiest.
    assert widths["power-control"] > widths["access-to-resources"]


def test_addresses_in_text_become_links_and_the_rest_stays_escaped():
    linked = layout.linked("Write to s.iles@scmh.org.uk, see www.scmh.org.uk. Or http://kc.nimhe.org.uk <b>&")
    assert str(linked) == (
        'Write to <a href="mailto:s.iles@scmh.org.uk">s.iles@scmh.org.uk</a>, '
        'see <a href="https://www.scmh.org.uk">www.scmh.org.uk</a>. '
        'Or <a href="http://kc.nimhe.org.uk">http://kc.nimhe.org.uk</a> &lt;b&gt;&amp;'
    )
    assert str(layout.linked("no address here")) == "no address here"


def test_an_address_in_a_right_to_left_page_is_a_left_to_right_isolate():
    from render.compose.html import isolated, linked
    from render.i18n.localise import Localiser

    rtl = str(linked("اتصل: info@example.org، شكراً", Localiser("ar")))
    assert '<a href="mailto:info@example.org" dir="ltr">\u2066info@example.org\u2069</a>' in rtl
    assert str(linked("Mail info@example.org.", Localiser("pl"))).count("\u2066") == 0
    assert isolated("0121 678 4848", Localiser("ur")) == "\u20660121 678 4848\u2069"
    assert isolated("0121 678 4848", Localiser("en")) == "0121 678 4848"
