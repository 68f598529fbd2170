"""Where the type lands: text runs measured as another reader (pdfplumber) measures them, and
preflight's `safe-margin` and `overlap` rules failing files made to break them."""

from __future__ import annotations

import io
import re

import pdfplumber
import pikepdf
import pytest

from render.errors import BuildError
from render.paths import STYLES, Theme
from render.press.pdfscan import scan_page
from render.press.preflight import Expect, preflight
from tests.helpers import MINI, MM, build

PAGE_MM = (100, 80)


def pdf_of(body: str, css: str = "") -> bytes:
    """A page of PAGE_MM with this body (absolutely placed paragraphs, in mm), as WeasyPrint sets it."""
    import weasyprint

    w, h = PAGE_MM
    html = (
        f"<html><head><style>@page {{ size: {w}mm {h}mm; margin: 0 }} body {{ margin: 0; font-family: 'Noto Sans' }}"
        f" p {{ position: absolute; margin: 0; font-size: 12pt; line-height: 1.2 }} {css}</style></head>"
        f"<body>{body}</body></html>"
    )
    return weasyprint.HTML(string=html).write_pdf()


def findings(data: bytes, safe_mm: float = 3.0) -> list:
    return preflight(data, Expect("test", PAGE_MM, 0, False, 0, safe_mm=safe_mm)).errors


def rules(data: bytes, **kw) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for f in findings(data, **kw):
        found.setdefault(f.check, []).append(f.message)
    return found


def runs(data: bytes):
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return scan_page(pdf.pages[0]).runs


@pytest.mark.parametrize(
    "text, css",
    [
        ("Recovery Best Practices", ""),
        ("Wave", "p { letter-spacing: 0.3em }"),  # the spacing is in the TJ adjustments
        ("Zależność/brak świadomości", ""),
        ('<span lang="ur" dir="rtl" style="font-family: \'Noto Nastaliq Urdu\'">سطح منحصر بے خبر</span>', ""),
    ],
)
def test_a_run_spans_the_glyphs_another_reader_finds(text, css):
    data = pdf_of(f'<p style="left: 10mm; top: 20mm">{text}</p>', css)
    found = runs(data)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[0]
        chars = [c for c in page.chars if c["text"] != " "]
        height = float(page.height)
    assert found and chars
    x0, x1 = min(r.x0 for r in found), max(r.x1 for r in found)
    # pdfplumber's boxes are its own reading of the fonts' widths and the TJ adjustments
    assert x0 == pytest.approx(min(c["x0"] for c in chars), abs=0.3)
    assert x1 == pytest.approx(max(c["x1"] for c in chars), abs=0.5)
    inks = [r.ink for r in found if r.ink]
    for c in chars:  # and up and down, each glyph's middle (raised or not) is inside the ink
        middle = height - (c["top"] + c["bottom"]) / 2
        assert min(i[1] for i in inks) <= middle <= max(i[3] for i in inks), c


def test_lines_of_a_paragraph_do_not_overlap():
    para = " ".join(["statements set tight"] * 12)
    data = pdf_of(f'<p style="left: 5mm; top: 5mm; width: 90mm; line-height: 1">{para}</p>')
    assert "overlap" not in rules(data)


def test_text_drawn_over_text_is_an_overlap():
    data = pdf_of(
        '<p style="left: 10mm; top: 20mm; font-size: 13pt">Recovery Process</p>'
        '<p style="left: 14mm; top: 22mm; font-size: 10pt">The person, the clinicians and the community</p>'
    )
    (message,) = rules(data)["overlap"]
    # (places are the ink's: a letter's side bearing in from where the paragraph starts)
    assert message.startswith("13.0 pt text at (10.") and " and 10.0 pt text at (14." in message
    assert findings(data)[0].page == 1


def test_type_in_the_safe_margin():
    near = pdf_of('<p style="left: 2mm; top: 30mm">near the edge</p>')
    (message,) = rules(near)["safe-margin"]
    gap = float(re.search(r"is ([\d.]+) mm from the trim, inside the 3 mm safe margin", message)[1])
    assert 2.0 <= gap <= 2.6  # the paragraph's edge and the first letter's side bearing
    assert rules(near, safe_mm=1.5) == {}  # a product with a narrower safe margin takes it
    assert rules(pdf_of('<p style="left: 5mm; top: 30mm">well inside</p>')) == {}
    cut = pdf_of('<p style="left: -3mm; top: 30mm">cut by the trim</p>')
    assert "is past the trim" in rules(cut)["safe-margin"][0]


def test_marks_in_the_slug_are_not_type_on_the_page():
    # Text wholly outside the trim (a slug line, a mark) is trimmed off: only the page's own counts.
    data = pdf_of('<p style="left: 1mm; top: 1mm; font-size: 6pt">slug</p><p style="left: 20mm; top: 30mm">page</p>')
    with pikepdf.open(io.BytesIO(data)) as pdf:
        w, h = (v * MM for v in PAGE_MM)
        pdf.pages[0].obj.TrimBox = [10 * MM, 10 * MM, w, h]
        pdf.pages[0].obj.BleedBox = [0, 0, w, h]
        buffer = io.BytesIO()
        pdf.save(buffer)
    expect = Expect("test", (PAGE_MM[0] - 10, PAGE_MM[1] - 10), 0, False, 0, safe_mm=3)
    assert [f.check for f in preflight(buffer.getvalue(), expect).errors] == []


def put_back(tmp_path, css: str) -> Theme:
    """A theme whose card.css is the shipped one with a defect added back."""
    styles = tmp_path / "theme" / "styles"
    styles.mkdir(parents=True)
    (styles / "card.css").write_text((STYLES / "card.css").read_text() + "\n" + css)
    return Theme.layered(themes=[tmp_path / "theme"])


def card_errors(tmp_path, theme: Theme, lang: str) -> str:
    with pytest.raises(BuildError) as caught:
        build(MINI, tmp_path / "out", products=("card-level-1",), langs=(lang,), draft=True, theme=theme)
    return caught.value.message


def test_the_draft_label_over_the_band_heading_fails(tmp_path):
    # where the label once was: over the start of the heading (on the Urdu card: "سطح 4")
    label = "position: absolute; inset-inline-start: 12mm; top: 10mm; font-size: 9.5pt; padding: 0.5mm 2mm"
    theme = put_back(tmp_path, f".page-band .draft-label {{ {label} }}")
    message = card_errors(tmp_path, theme, "ur")
    assert "card-level-1 [ur]: preflight error: overlap: page 1: " in message


def test_a_description_run_into_its_title_fails(tmp_path):
    # the Polish card's matrix description once ran up into its 13 pt title
    theme = put_back(tmp_path, ".flow-caption { display: block; margin-block-start: -1.1em }")
    message = card_errors(tmp_path, theme, "pl")
    assert "card-level-1 [pl]: preflight error: overlap: page 1: 13.0 pt text at (10.4, " in message


def test_two_runs_on_one_baseline_drawn_into_each_other_fail():
    # a foot's label ending where the folio starts (the Romanian card's "Nivelul 1 din 4" over "1 / 8")
    data = pdf_of(
        '<p style="right: 40mm; top: 60mm; font-weight: bold">Nivelul 1 din 4</p>'
        '<p style="left: 57.5mm; top: 60mm">1 / 8</p>'
    )
    (message,) = rules(data)["overlap"]
    assert " on one baseline run into each other: " in message


def test_the_pieces_of_one_line_are_not_an_overlap():
    latin = '<p style="left: 5mm; top: 5mm; width: 90mm">A <b>bold</b> word, an <i>italic</i> one, <b>T</b>AV</p>'
    urdu = (
        '<p lang="ur" dir="rtl" style="left: 5mm; top: 25mm; width: 90mm; font-family: \'Noto Nastaliq Urdu\';'
        ' line-height: 2.2">سطح منحصر بے خبر: <b>ذہنی صحت کی بحالی</b> کے ابھرتے ہوئے بہترین طریقے</p>'
    )
    assert "overlap" not in rules(pdf_of(latin + urdu))


def test_a_box_painted_over_type_hides_it():
    # a draft mark's panel drawn over a folio
    data = pdf_of(
        '<p style="left: 45mm; top: 70mm; font-size: 10pt">12</p>'
        '<div style="position: absolute; left: 30mm; top: 69mm; width: 18mm; height: 6mm; background: #c00"></div>'
    )
    (message,) = rules(data)["covered"]
    assert "10.0 pt text at (45." in message and "is under a fill painted over it" in message


def test_type_across_the_side_of_a_panel_fails_and_type_on_it_or_over_a_rule_does_not():
    panel = '<div style="position: absolute; left: 30mm; top: 69mm; width: 18mm; height: 6mm; background: #c00"></div>'
    across = pdf_of(panel + '<p style="left: 46mm; top: 70mm; font-size: 10pt">10</p>')
    (message,) = rules(across)["covered"]
    assert "runs across the side of a filled box at (30.0, 69.0) mm" in message
    on = pdf_of(panel + '<p style="left: 32mm; top: 70mm; font-size: 10pt; color: white">DRAFT</p>')
    rule = '<div style="position: absolute; left: 5mm; top: 73mm; width: 90mm; height: 0.3mm; background: black"></div>'
    under = pdf_of(rule + '<p style="left: 5mm; top: 70mm; font-size: 10pt">Typography</p>')
    assert "covered" not in rules(on) and "covered" not in rules(under)
