"""The language registry: every language's script, fonts and plural forms, read with file:line errors."""

from __future__ import annotations

import shutil

import pytest

from render.compose.fonts import FAMILIES, stack
from render.i18n import languages
from render.i18n.localise import Localiser

ELEVEN = ("en", "pl", "ro", "pa", "ur", "pt", "es", "ar", "bn", "gu", "it")


def test_the_languages_of_england_and_wales():
    reg = languages.registry()
    assert set(ELEVEN) | {"cy"} <= set(reg.languages)
    scripts = {reg.of(code).script.name for code in ELEVEN}
    assert scripts == {"latin", "naskh", "nastaliq", "gurmukhi", "bengali", "gujarati"}
    for code in ELEVEN:
        lang = reg.of(code)
        assert all(f in FAMILIES for f in lang.script.fonts), code  # each family is a declared one
        assert lang.script.fonts[-1] == "Noto Sans"  # Latin names and addresses in any script
    assert [reg.of(c).direction for c in ("ur", "ar", "pa", "pl")] == ["rtl", "rtl", "ltr", "ltr"]
    assert stack(reg.of("ur")) == ("Noto Nastaliq Urdu", "Noto Sans")
    assert stack(reg.of("bn")) == ("Noto Sans Bengali", "Noto Sans")


def test_plural_forms_come_from_cldr():
    reg = languages.registry()
    assert reg.of("pl").plural_forms.startswith("nplurals=3;")
    assert reg.of("cy").plural_forms.startswith("nplurals=6;")
    assert reg.of("ar").plural_forms.startswith("nplurals=6;")
    assert reg.of("en").plural_forms == "nplurals=2; plural=(n != 1);"


def test_a_variant_is_its_base_language_and_an_unknown_one_latin():
    reg = languages.registry()
    assert reg.of("en-XA").code == "en" and reg.of("ar-XB").direction == "rtl"
    assert Localiser("ar-XB").direction == "rtl" and Localiser("pt-BR").direction == "ltr"
    unknown = reg.of("xx")
    assert not unknown.known and unknown.script.name == "latin" and unknown.hyphenation is None


def test_the_css_of_each_language():
    css = languages.css(languages.registry()).splitlines()
    ur = next(line for line in css if line.startswith(":root:lang(ur)"))
    assert '--font: "Noto Nastaliq Urdu", "Noto Sans"' in ur and "--leading: 1.95" in ur and "--hyphens: manual" in ur
    pl = next(line for line in css if line.startswith(":root:lang(pl)"))
    assert "--font" not in pl and "--hyphens: auto" in pl and 'quotes: "„" "”" "«" "»"' in pl
    assert "--hyphens: manual" in next(line for line in css if line.startswith(":root:lang(cy)"))  # no dictionary


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("script: gujarati, hyphenation", "script: devanagari, hyphenation", "languages.gu.script: not a script"),
        ("hyphenation: it_IT", "hyphenation: it_XX", "languages.it.hyphenation: it_XX: not a pyphen dictionary"),
        ("digits: beng}", "digits: bengali}", "languages.bn.digits: expected one of: latn"),
        ('quotes: ["«", "»", "“", "”"], digits: arab', 'quotes: ["«", "»"], digits: arab', "languages.ar.quotes: four"),
        (
            "    direction: rtl\n    fonts: [Noto Naskh",
            "    direction: up\n    fonts: [Noto Naskh",
            "scripts.naskh.direction",
        ),
    ],
)
def test_a_mistake_in_the_registry_names_its_line(tmp_path, old, new, message):
    text = languages.REGISTRY.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "languages.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = next(n for n, t in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if new.split("\n")[-1] in t)
    if "\n" in new:
        line -= 1
    problems = []
    languages.read(path, problems)
    assert [p for p in problems if message in str(p)], [str(p) for p in problems]
    assert any(f"languages.yaml:{line}:" in str(p) for p in problems), ([str(p) for p in problems], line)


def test_check_reads_the_registry_beside_the_catalogues(tmp_path):
    from render import api
    from render.errors import DataError
    from tests.helpers import CATALOGUES, MINI, options

    folder = shutil.copytree(CATALOGUES, tmp_path / "translations")
    broken = folder / "languages.yaml"
    broken.write_text(languages.REGISTRY.read_text(encoding="utf-8").replace("digits: guru}", "digits: gurmukhi}"))
    paths = options(MINI, catalogues=folder).paths
    assert paths.registry == broken
    with pytest.raises(DataError) as caught:
        api.check(paths)
    line = next(n for n, t in enumerate(broken.read_text(encoding="utf-8").splitlines(), 1) if "gurmukhi}" in t)
    assert f"languages.yaml:{line}: languages.pa.digits: expected one of: latn" in str(caught.value.format_message())


def test_numbers_in_the_languages_own_digits():
    reg = languages.registry()
    assert reg.of("bn").number(2026) == "২০২৬" and reg.of("ar").number(14) == "١٤"
    assert reg.of("pa").number(3) == "੩" and reg.of("gu").number(10) == "૧૦"
    assert reg.of("ur").number(4) == "4" and reg.of("pl").number(4) == "4"  # the registry says latn
    assert reg.of("gu").counter_css == "@counter-style rp-digits { system: extends gujarati; }"
    t = Localiser("bn", {("ui", "Level {number} of {total}"): "স্তর {number} / {total}"})
    assert t("Level {number} of {total}", number=2, total=4) == "স্তর ২ / ৪"
    assert Localiser("bn")("Level {number}", number="IV") == "Level IV"  # text is left as it is


def test_a_new_languages_quotation_marks_are_cldrs():
    """The shipped table of CLDR's delimiters (scripts/cldr_quotes.py): a language's own, else the root's."""
    from render.i18n import cldr

    assert cldr.quotes("de") == ("„", "“", "‚", "‘")
    assert cldr.quotes("fr")[:2] == ("«", "»")
    assert cldr.quotes("tlh") == cldr.quotes("root") == ("“", "”", "‘", "’")  # (a language CLDR sets no marks for)
