"""The localiser and the pseudo-locales."""

from __future__ import annotations

from render.i18n import languages
from render.i18n.localise import Localiser
from render.i18n.pseudo import pseudo_en, pseudo_rtl
from render.source.model import Text


def test_localiser_fills_placeholders_and_records_missing():
    t = Localiser("pl", {("ui", "Level {number}"): "Poziom {number}"})
    assert t("Level {number}", number=3) == "Poziom 3"
    assert t("Contents") == "Contents" and ("ui", "Contents") in t.missing
    assert t(Text("level-1/name", "Dependent/Unaware")) == "Dependent/Unaware"
    assert t.contexts == {"ui", "level-1/name"}
    assert t.used["Poziom 3"] == "ui"
    assert Localiser("ur").direction == "rtl" and Localiser("ar-XB").direction == "rtl"
    assert Localiser("pl").direction == "ltr"
    assert Localiser("en").html_lang == "en-GB" and Localiser("ar-XB").base == "ar"


def test_pseudo_locales():
    assert pseudo_en("Level {number}").startswith("[Ĺéṽéĺ {number} ")
    assert len(pseudo_en("Stigma")) >= 2 * len("Stigma")
    long = "Provides housing, transport support and educational opportunities"
    assert len(pseudo_en(long)) >= 1.3 * len(long)
    assert pseudo_rtl("Stigma") == "\u200f\u202eStigma\u202c\u200f"


def test_english_in_a_right_to_left_page_is_isolated():
    # a draft's English fallback keeps its punctuation where an English reader expects it
    # ("& Accepts responsibility" was its end drawn at its start)
    t = Localiser("ur")
    assert t(Text("x", "Accepts responsibility &")) == "\u2066Accepts responsibility &\u2069"
    assert Localiser("pl")(Text("x", "Accepts responsibility &")) == "Accepts responsibility &"
    assert Localiser("ur", {("x", "Level"): "سطح"})(Text("x", "Level")) == "سطح"  # translations as they are


def test_a_pseudo_locale_per_script_writes_english_in_that_scripts_hard_cases():
    import unicodedata

    from render.compose.fonts import missing_glyphs, resolve_fonts
    from render.i18n.catalogues import entry_problem
    from render.i18n.pseudo import PER_SCRIPT
    from render.paths import Paths
    from tests.helpers import MINI

    english = "Level {number}: Provides housing, transport & education (WRAP)."
    scripts = {"pa-XA": "GURMUKHI", "bn-XA": "BENGALI", "gu-XA": "GUJARATI", "ar-XA": "ARABIC", "ur-XA": "ARABIC"}
    assert {code for code, _ in PER_SCRIPT} == set(scripts)
    fonts = resolve_fonts(Paths(MINI).fonts)
    for code, transform in PER_SCRIPT:
        text = transform(english)
        assert "{number}" in text and ": " in text and " & " in text and text.endswith(").")
        letters = [c for c in text.replace("{number}", "") if c.isalpha()]
        assert letters and all(unicodedata.name(c).startswith(scripts[code]) for c in letters), code
        assert len(text) >= len(english) and entry_problem(english, text, code) is None
        assert missing_glyphs(fonts, languages.registry().of(code), {text: "test"}) == {}, code
        assert transform(english) == text  # the same every time
