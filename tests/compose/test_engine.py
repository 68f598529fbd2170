"""The engine: any WeasyPrint warning is caught, and only the project's files are read; the fonts."""

from __future__ import annotations

import pytest

from render.compose import fonts
from render.compose import html as layout
from render.compose.engine import Engine
from render.errors import BuildError
from render.i18n import languages
from render.i18n.localise import Localiser
from render.paths import ASSETS, STYLES, TEMPLATES, Paths, Theme, font_dirs
from tests.helpers import MINI


@pytest.fixture(scope="module")
def engine():
    found = fonts.resolve_fonts(font_dirs())
    return Engine((TEMPLATES, STYLES, MINI, *font_dirs()), fonts.font_face_css(found, languages.registry()))


def page(body: str) -> str:
    return f"<!DOCTYPE html><html lang='en'><body>{body}</body></html>"


def test_poster_html_renders_without_warnings(engine, framework, products):
    product = products["poster"]
    html = layout.render_html(framework, product, Localiser("en"), sizes={"all": 8.0}, env=layout.environment(Theme()))
    sheets = layout.stylesheets(Theme(), product, "press", "ltr")
    rendered = engine.render(html, ASSETS, sheets, extra_css=product.page_css())
    assert rendered.warnings == []
    assert rendered.pages == 1


def test_warnings_are_collected(engine):
    rendered = engine.render(page("<p>x</p>"), ASSETS, [], extra_css="p { colour: red }")
    assert rendered.warnings, "an invalid declaration must be reported"


@pytest.mark.parametrize("url", ["http://example.com/logo.png", "https://example.com/a.css", "file:///etc/passwd"])
def test_fetcher_refuses_network_and_foreign_files(engine, url):
    with pytest.raises(BuildError) as err:
        engine.render(page(f"<img src='{url}'>"), ASSETS, [])
    assert "refused" in err.value.message


def test_fetcher_reads_project_files(engine):
    rendered = engine.render(page("<p>x</p><link rel=stylesheet href='styles/tokens.css'>"), ASSETS, [])
    assert rendered.warnings == []


def test_missing_fonts_fail_clearly(monkeypatch, tmp_path):
    monkeypatch.setenv("RECOVERY_PRINT_FONT_DIRS", str(tmp_path))
    assert Paths().fonts == (tmp_path,)
    with pytest.raises(BuildError) as err:
        fonts.resolve_fonts(Paths().fonts)
    assert "NotoSans-Regular.ttf" in err.value.message and "fonts-noto-core" in err.value.message
    assert str(tmp_path) in err.value.message


def test_glyphs_no_font_of_the_language_draws():
    found = fonts.resolve_fonts(font_dirs())
    pl, ur = (languages.registry().of(code) for code in ("pl", "ur"))
    assert fonts.missing_glyphs(found, pl, {"Zażółć gęślą jaźń": "x"}) == {}
    assert fonts.missing_glyphs(found, pl, {"a 漢 b": "level-1/x"}) == {"漢": ["level-1/x"]}
    assert fonts.missing_glyphs(found, ur, {"\u06a9\u06cc\u0627": "ui"}) == {}
    assert fonts.stack(ur) == ("Noto Nastaliq Urdu", "Noto Sans") and fonts.stack(pl) == ("Noto Sans",)


def test_an_edited_stylesheet_is_read_again(tmp_path):
    """An engine kept between rebuilds (watch) lays out with the stylesheet as it is now."""
    found = fonts.resolve_fonts(font_dirs())
    engine = Engine((tmp_path, *font_dirs()), fonts.font_face_css(found, languages.registry()))
    sheet = tmp_path / "s.css"
    html = page("<p id='x' style='margin:0'>text</p>")
    heights = []
    for size in ("10pt", "30pt"):
        sheet.write_text(f"@page {{ size: 100mm 100mm }} p {{ font-size: {size}; line-height: 1 }}")
        rendered = engine.render(html, tmp_path, [sheet])
        box = next(b for _, b in rendered.boxes() if getattr(b, "element", None) is not None and b.element.get("id"))
        heights.append(box.height)
    assert heights[1] > 2 * heights[0]


def test_the_parsers_patterns_are_made_once_and_parse_as_its_own(engine):
    """tinyhtml5 2.1 files each character-class pattern under the pattern: the engine's cache
    finds them again, and a page parses to the same tree as with the parser's own."""
    import xml.etree.ElementTree as ET

    import tinyhtml5
    from tinyhtml5 import inputstream

    text = page(
        "<p class='a' data-s=\"x/1\">Tom &amp; Jerry <b>bold</b> &lt;ok&gt;</p><!-- note --><ul><li>1<li>2</ul>"
    )
    ours = inputstream.characters_until_regex
    tinyhtml5.parse(text)
    known = dict(ours)
    assert known and all(isinstance(characters, str | tuple | frozenset) for characters, _ in known)
    tinyhtml5.parse(text)
    assert dict(ours) == known  # nothing made again
    try:
        inputstream.characters_until_regex = {}  # the parser's own
        theirs = ET.tostring(tinyhtml5.parse(text))
    finally:
        inputstream.characters_until_regex = ours
    assert ET.tostring(tinyhtml5.parse(text)) == theirs
