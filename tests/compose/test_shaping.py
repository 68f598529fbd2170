"""Shaping proven, not assumed: for each script a sentence with its hard cases is set by the
project's engine, and the glyphs in the PDF are compared, one by one, with what HarfBuzz
(uharfbuzz) makes of the same text in the same font; the PDF's text is the source text.

Glyphs are compared by their outlines (and advances), since the PDF's fonts are subsets
with glyph ids of their own. The comparison is shown to fail when the font or the
shaping features are wrong.
"""

from __future__ import annotations

import io
import subprocess
import unicodedata

import pikepdf
import pytest

from render.compose import fonts
from render.compose.engine import engine
from render.i18n import languages
from render.paths import ASSETS, DEFAULT_FONT_DIRS
from render.session import Session

SESSION = Session()  # one engine for every sentence

# (language, family, sentence, what is hard in it)
SENTENCES = [
    ("pl", "Noto Sans", "Zażółć gęślą jaźń; țară, știință; ŵŷ", "Latin letters with marks (pl, ro, cy)"),
    ("pa", "Noto Sans Gurmukhi", "ਪ੍ਰਬੰਧ ਸਿੱਖਿਆ ਕ੍ਰਿਪਾ", "subjoined ra, addak, the i-matra drawn before its consonant"),
    ("bn", "Noto Sans Bengali", "ক্ষমতা কর্ম স্বাস্থ্য কি", "conjuncts, reph, ya-phala, the i-matra before its consonant"),
    ("gu", "Noto Sans Gujarati", "ક્ષમતા કર્મ સ્વાસ્થ્ય કિ", "conjuncts, reph, the i-matra before its consonant"),
    ("ar", "Noto Naskh Arabic", "لا إلى الصحّة النفسية", "lam-alef, shadda, joining forms"),
    ("ur", "Noto Nastaliq Urdu", "ذہنی صحت کی بحالی", "Nastaliq's ligature chains and their cascade"),
]
WRONG_FONT = {
    "Noto Sans Bengali": "NotoSerifBengali-Regular.ttf",
    "Noto Sans Gujarati": "NotoSerifGujarati-Regular.ttf",
}
NO_SHAPING = dict.fromkeys(
    "ccmp locl rlig liga clig calt init medi fina isol mset akhn rphf blwf half pstf vatu cjct "
    "pres abvs blws psts haln nukt pref rkrf abvf".split(),
    False,
)


def font_file(family: str, weight: int = 400):
    faces = fonts.resolve_fonts(DEFAULT_FONT_DIRS)
    return next(f.path for f in faces if f.family == family and f.weight == weight and f.style == "normal")


def fingerprint(ttfont, name: str) -> tuple:
    """A glyph by what it draws: its outline, components resolved, and its advance."""
    from fontTools.pens.recordingPen import DecomposingRecordingPen

    glyphs = ttfont.getGlyphSet()
    pen = DecomposingRecordingPen(glyphs)
    glyphs[name].draw(pen)
    return tuple((op, tuple((round(x), round(y)) for x, y in args)) for op, args in pen.value), glyphs[name].width


def drawn(lang: str, family: str, text: str) -> bytes:
    """The sentence on one line, set by the project's engine (its fonts, its hooks)."""
    eng = engine(
        SESSION,
        (ASSETS, *DEFAULT_FONT_DIRS),
        fonts.font_face_css(fonts.resolve_fonts(DEFAULT_FONT_DIRS), languages.registry()),
    )
    direction = "rtl" if lang in ("ar", "ur") else "ltr"
    page = (
        f'<html lang="{lang}" dir="{direction}"><head><style>@page {{ size: 400mm 60mm; margin: 10mm }}'
        f' p {{ font-family: "{fonts.css_family(family)}"; font-size: 24pt; white-space: nowrap }}</style></head>'
        f"<body><p>{text}</p></body></html>"
    )
    return eng.write(eng.render(page, ASSETS, []))


def pdf_glyphs(data: bytes, family: str) -> list[tuple]:
    """The glyphs the PDF shows in the family's font, in drawing order, as fingerprints."""
    from fontTools.ttLib import TTFont

    out = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[0]
        wanted = {}
        for name, font in (page.Resources.get("/Font") or {}).items():
            if str(font.BaseFont).split("+")[-1] == fonts.FontFile(family, 400, "normal", None, "").pdf_name:
                program = font.DescendantFonts[0].FontDescriptor.FontFile2.read_bytes()
                wanted[name] = TTFont(io.BytesIO(program))
        current = None
        for operands, op in pikepdf.parse_content_stream(page):
            if str(op) == "Tf":
                current = wanted.get(str(operands[0]))
            elif str(op) in ("TJ", "Tj") and current is not None:
                parts = operands[0] if str(op) == "TJ" else [operands[0]]
                order = current.getGlyphOrder()
                for part in parts:
                    if isinstance(part, pikepdf.String):
                        raw = bytes(part)
                        for i in range(0, len(raw) - 1, 2):
                            out.append(fingerprint(current, order[int.from_bytes(raw[i : i + 2], "big")]))
    return [g for g in out if g[0]]  # (spaces draw nothing)


def harfbuzz_glyphs(path, lang: str, text: str, features: dict | None = None) -> list[tuple]:
    """HarfBuzz's glyphs for the text in the font file, in visual order, as fingerprints."""
    import uharfbuzz as hb
    from fontTools.ttLib import TTFont

    blob = hb.Blob.from_file_path(str(path))
    font = hb.Font(hb.Face(blob))
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    buf.language = lang
    hb.shape(font, buf, features or {})
    ttfont = TTFont(path)
    order = ttfont.getGlyphOrder()
    glyphs = [fingerprint(ttfont, order[info.codepoint]) for info in buf.glyph_infos]
    return [g for g in glyphs if g[0]]


@pytest.fixture(scope="module")
def pdfs() -> dict[str, bytes]:
    return {lang: drawn(lang, family, text) for lang, family, text, _ in SENTENCES}


@pytest.mark.parametrize("lang, family, text, hard", SENTENCES, ids=[s[0] for s in SENTENCES])
def test_the_pdf_draws_what_harfbuzz_shapes(pdfs, lang, family, text, hard):
    in_pdf = pdf_glyphs(pdfs[lang], family)
    assert in_pdf, f"no glyph of {family} in the PDF"
    assert in_pdf == harfbuzz_glyphs(font_file(family), lang, text), hard


@pytest.mark.parametrize("lang, family, text, hard", SENTENCES[1:], ids=[s[0] for s in SENTENCES[1:]])
def test_the_comparison_fails_when_shaping_is_wrong(pdfs, lang, family, text, hard):
    # what a renderer without the script's features (or with a stand-in font) would draw
    in_pdf = pdf_glyphs(pdfs[lang], family)
    assert in_pdf != harfbuzz_glyphs(font_file(family), lang, text, NO_SHAPING), hard
    if family in WRONG_FONT:
        other = next(d / WRONG_FONT[family] for d in DEFAULT_FONT_DIRS if (d / WRONG_FONT[family]).is_file())
        assert in_pdf != harfbuzz_glyphs(other, lang, text)


@pytest.mark.parametrize("lang, family, text, hard", SENTENCES, ids=[s[0] for s in SENTENCES])
def test_the_pdf_text_is_the_source_text(pdfs, tmp_path, lang, family, text, hard):
    path = tmp_path / "s.pdf"
    path.write_bytes(pdfs[lang])
    done = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    extracted = unicodedata.normalize("NFC", done.stdout.decode("utf-8"))
    extracted = "".join(ch for ch in extracted if unicodedata.category(ch) != "Cf")  # (poppler's embedding marks)
    words = unicodedata.normalize("NFC", text).split()
    if lang in ("ar", "ur"):
        # poppler lays a right-to-left line out left to right: its words come reversed, and
        # a word's letters too where no ActualText gives them in order
        found = extracted.split()[::-1]
        assert len(found) == len(words) and all(f in (w, w[::-1]) for f, w in zip(found, words, strict=True)), found
    else:
        assert extracted.split() == words
