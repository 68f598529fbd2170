"""Right-to-left and other scripts: mirrored matrices, the script's own fonts, PDF language, booklet heads."""

from __future__ import annotations

import re
from io import BytesIO

import pdfplumber
import pikepdf
import pytest

from render.compose import Composer
from render.compose.fonts import css_family
from render.i18n import catalogues
from render.i18n.localise import Localiser
from render.options import BuildOptions, plan
from render.paths import Paths
from tests.helpers import CATALOGUES, MINI, run


@pytest.fixture(scope="module", params=["ar-XB", "ur"])
def rtl_card(mini, request):
    fw, products = mini
    paths = Paths(MINI, catalogues=CATALOGUES)
    (job,) = plan(products, BuildOptions(paths, products=("card-level-2",), langs=(request.param,), draft=True))
    t = Localiser(job.lang, catalogues.load(job.lang, paths.strings, fuzzy=True))
    rendered = Composer(fw, paths, fw.edition.revised).render(job, t, {"recovery-process": 9.0, "best-practices": 9.0})
    return job, rendered


def test_right_to_left_mirrors_the_matrix(rtl_card):
    job, rendered = rtl_card
    fonts = {box.style["font_family"][0] for _, box in rendered.boxes() if getattr(box, "text", "").strip()}
    assert css_family("Noto Nastaliq Urdu" if job.lang == "ur" else "Noto Naskh Arabic") in fonts
    xs = {}
    for _, box in rendered.boxes():
        element = getattr(box, "element", None)
        if element is not None and box.element_tag == "th" and element.get("data-perspective"):
            xs.setdefault(element.get("data-perspective"), box.position_x)
    assert xs["person"] > xs["clinicians"] > xs["community"], "first column on the right"
    html_root = rendered.document.pages[0]._page_box.descendants()
    assert any(getattr(b, "style", None) and b.style["direction"] == "rtl" for b in html_root)


def test_every_glyph_has_text_and_a_line_its_glyphs_cannot_spell_carries_it(rtl_card):
    job, rendered = rtl_card
    with pikepdf.open(BytesIO(rendered.document.write_pdf())) as pdf:
        spans, empty = [], 0
        for page in pdf.pages:
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) == "BDC" and operands[0] == "/Span" and "/ActualText" in operands[1]:
                    spans.append(str(operands[1].ActualText))
            for _, font in page.Resources.Font.items():
                empty += len(re.findall(rb"<[0-9a-f]+> <>", font.ToUnicode.read_bytes()))
    lines = {box.text for _, box in rendered.boxes() if getattr(box, "text", "").strip()}
    assert empty == 0, "a glyph code maps to no text"
    assert spans and set(spans) <= lines, "each span is the text of the line it covers"
    if job.lang == "ur":
        # Nastaliq draws a letter as several glyphs (dots apart): such a line reads as written.
        nastaliq = {t for t in lines if re.search("[\u0600-\u06ff]", t)}
        assert len(nastaliq & set(spans)) >= 0.9 * len(nastaliq)
    else:
        # Latin glyphs spell their own text, but for a bracket mirrored or a ligature made
        # in reversed text (the glyph stands for other letters): a few lines only.
        assert len(spans) < len(lines) / 4


def test_right_to_left_pdf_language_and_order(tmp_path):
    code, out = run("build", "--data", MINI, "--product", "card-level-2", "--lang", "ar-XB", "--out", tmp_path)
    assert code == 0, out
    with pikepdf.open(tmp_path / "ar-XB" / "card-level-2.pdf") as pdf:
        assert str(pdf.Root.Lang) == "ar-XB"
    with pdfplumber.open(tmp_path / "ar-XB" / "card-level-2.pdf") as pdf:
        words = {w["text"]: w["x0"] for w in pdf.pages[0].extract_words()}
    # ar-XB shows English reversed, and the columns run from the right: the person, clinicians, community.
    assert words["s'nosreP"] > words["'snaicinilC"] > words["'stroppuS"]


def test_right_to_left_booklet_heads_sit_at_the_outer_edges(tmp_path):
    code, out = run("build", "--data", MINI, "--product", "booklet", "--lang", "ar-XB", "--out", tmp_path)
    assert code == 0, out
    with pdfplumber.open(tmp_path / "ar-XB" / "booklet.pdf") as pdf:
        for index in (2, 3):  # page 3, a recto bound on the right, is a left-hand page
            page = pdf.pages[index]
            left, top, right, _ = page.bleedbox
            head = page.crop((left, top, right, top + 20 * 72 / 25.4)).extract_words()
            middle = (left + right) / 2
            if index == 2:  # the section ("Introduction", reversed by ar-XB) at the left edge
                assert head[0]["text"] == "noitcudortnI" and head[0]["x1"] < middle
            else:  # the title on the verso, at the right edge
                assert head[-1]["x0"] > middle


def test_page_numbers_and_level_labels_in_the_readers_digits(tmp_path):
    code, out = run("build", "--data", MINI, "--product", "card-level-1", "--lang", "bn", "--draft", "--out", tmp_path)
    assert code == 0, out
    with pdfplumber.open(tmp_path / "bn" / "card-level-1.pdf") as pdf:
        text = pdf.pages[0].extract_text()
        pages = len(pdf.pages)
    digits = str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯")
    assert f"১ / {str(pages).translate(digits)}" in text  # the folio
    assert "১ / ২" in text or "Level ১ of ২" in text  # "Level 1 of 2" (two levels in the small data)
    assert not re.search(r"\b1 / \d", text)
