"""The engine: any WeasyPrint warning is caught, and only the project's files are read."""

from __future__ import annotations

import pytest

from render import fonts, layout
from render.errors import BuildError
from render.localise import Localiser
from render.pdf import Engine

from .conftest import DATA


@pytest.fixture(scope="module")
def engine():
    found = fonts.resolve_fonts()
    return Engine((layout.TEMPLATES, layout.STYLES, DATA, *fonts.font_dirs()), fonts.font_face_css(found))


def page(body: str) -> str:
    return f"<!DOCTYPE html><html lang='en'><body>{body}</body></html>"


def test_poster_html_renders_without_warnings(engine, framework, products):
    product = products["poster"]
    html = layout.render_html(framework, product, Localiser("en"), sizes={"all": 8.0})
    sheets = [layout.STYLES / "tokens.css", layout.STYLES / "base.css", layout.STYLES / product.stylesheet]
    rendered = engine.render(html, layout.PROJECT, sheets, extra_css=product.page_css())
    assert rendered.warnings == []


def test_warnings_are_collected(engine):
    rendered = engine.render(page("<p>x</p>"), layout.PROJECT, [], extra_css="p { colour: red }")
    assert rendered.warnings, "an invalid declaration must be reported"


@pytest.mark.parametrize("url", ["http://example.com/logo.png", "https://example.com/a.css", "file:///etc/passwd"])
def test_fetcher_refuses_network_and_foreign_files(engine, url):
    with pytest.raises(BuildError) as err:
        engine.render(page(f"<img src='{url}'>"), layout.PROJECT, [])
    assert "refused" in err.value.message


def test_fetcher_reads_project_files(engine):
    rendered = engine.render(page("<p>x</p><link rel=stylesheet href='styles/tokens.css'>"), layout.PROJECT, [])
    assert rendered.warnings == []


def test_missing_fonts_fail_clearly(monkeypatch, tmp_path):
    monkeypatch.setenv("RECOVERY_PRINT_FONT_DIRS", str(tmp_path))
    with pytest.raises(BuildError) as err:
        fonts.resolve_fonts()
    assert "NotoSans-Regular.ttf" in err.value.message and "fonts-noto-core" in err.value.message


def test_an_edited_stylesheet_is_read_again(tmp_path):
    """An engine kept between rebuilds (watch) lays out with the stylesheet as it is now."""
    found = fonts.resolve_fonts()
    engine = Engine((tmp_path, *fonts.font_dirs()), fonts.font_face_css(found))
    sheet = tmp_path / "s.css"
    html = page("<p id='x' style='margin:0'>text</p>")
    heights = []
    for size in ("10pt", "30pt"):
        sheet.write_text(f"@page {{ size: 100mm 100mm }} p {{ font-size: {size}; line-height: 1 }}")
        rendered = engine.render(html, tmp_path, [sheet])
        box = next(b for _, b in rendered.boxes() if getattr(b, "element", None) is not None and b.element.get("id"))
        heights.append(box.height)
    assert heights[1] > 2 * heights[0]
