"""The press finish: PDF/X-4 identification, output intent, exact boxes, marks outside the bleed, slug, fonts.

The checks take `press_files`; tests/products/test_press.py runs them on the shipped products.
"""

from __future__ import annotations

import pikepdf
import pytest

from render.run.report import BuildReport
from tests.helpers import MINI, MM, build


@pytest.fixture(scope="session")
def press_files(mini_build):
    """(report entry, path) of every press output of the small build, the imposed forms included."""
    return [(e, mini_build / e.path) for e in BuildReport.read(mini_build).outputs if e.profile == "press"]


def box(page, name):
    return [float(v) for v in page.obj[name]]


def mark_segments(page):
    """Segments stroked in the registration colour (/Reg), in page space, from the page's
    own content (reader's PDFs) — the imposed forms draw theirs at the sheet's top level."""
    segments, reg, point = [], False, None
    for operands, op in pikepdf.parse_content_stream(page):
        op = str(op)
        if op == "CS":
            reg = str(operands[0]) == "/Reg"
        elif op == "Q":
            reg = False
        elif op == "m":
            point = tuple(float(v) for v in operands)
        elif op == "l" and reg:
            segments.append((*point, *(float(v) for v in operands)))
    return segments


def test_pdfx4_identification_and_output_intent(press_files):
    for entry, path in press_files:
        with pikepdf.open(path) as pdf:
            assert pdf.pdf_version == "1.6", path
            assert str(pdf.docinfo["/GTS_PDFXVersion"]) == "PDF/X-4"
            with pdf.open_metadata() as meta:
                assert meta["pdfxid:GTS_PDFXVersion"] == "PDF/X-4"
                assert meta["xmpMM:DocumentID"].startswith("uuid:")
                assert meta["xmp:CreateDate"].startswith("20")
            (intent,) = pdf.Root.OutputIntents
            assert intent.S == pikepdf.Name.GTS_PDFX
            assert str(intent.OutputConditionIdentifier) == "FOGRA39"
            profile = intent.DestOutputProfile
            assert int(profile.N) == 4
            assert profile.read_bytes()[16:20] == b"CMYK"
        assert entry.standard == "PDF/X-4" and entry.output_condition == "FOGRA39"


def test_boxes_exact_no_artbox(press_files):
    readers = {e.product: e for e, _ in press_files}
    for entry, path in press_files:
        w, h = readers[entry.imposed_from or entry.product].page_size_mm
        w *= 2 if entry.imposed_from else 1  # a printer's form: a spread of two pages
        b = entry.bleed_mm * MM
        with pikepdf.open(path) as pdf:
            for page in pdf.pages:
                assert "/ArtBox" not in page.obj
                x0, y0, x1, y1 = box(page, "/TrimBox")
                assert x1 - x0 == pytest.approx(w * MM, abs=0.01) and y1 - y0 == pytest.approx(h * MM, abs=0.01)
                assert box(page, "/BleedBox") == pytest.approx([x0 - b, y0 - b, x1 + b, y1 + b], abs=0.01)
                mx0, my0, mx1, my1 = box(page, "/MediaBox")
                assert mx0 < x0 - b and my0 < y0 - b and mx1 > x1 + b and my1 > y1 + b


def test_marks_outside_the_bleed(press_files):
    for _entry, path in press_files:
        with pikepdf.open(path) as pdf:
            for page in pdf.pages:
                segments = mark_segments(page)
                assert len(segments) >= 8, path
                bx0, by0, bx1, by1 = box(page, "/BleedBox")
                tx0, ty0, tx1, ty1 = box(page, "/TrimBox")
                for ax, ay, cx, cy in segments:
                    # A segment lies wholly beside the bleed box, never inside it.
                    outside = (
                        max(ax, cx) <= bx0 + 0.01
                        or min(ax, cx) >= bx1 - 0.01
                        or max(ay, cy) <= by0 + 0.01
                        or min(ay, cy) >= by1 - 0.01
                    )
                    assert outside, (path, (ax, ay, cx, cy))
                    # At least 3 mm from the trim.
                    gap = max(tx0 - max(ax, cx), min(ax, cx) - tx1, ty0 - max(ay, cy), min(ay, cy) - ty1)
                    assert gap >= 3 * MM - 0.01, (path, gap)


def test_registration_colour_is_separation_all(press_files):
    for _, path in press_files:
        with pikepdf.open(path) as pdf:
            space = pdf.pages[0].Resources.ColorSpace.Reg
            assert str(space[0]) == "/Separation" and str(space[1]) == "/All"


def test_fonts_embedded(press_files):
    for _, path in press_files:
        with pikepdf.open(path) as pdf:
            descriptors = [
                obj
                for obj in pdf.objects
                if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == pikepdf.Name.FontDescriptor
            ]
            assert descriptors, path
            for d in descriptors:
                assert any(k in d for k in ("/FontFile", "/FontFile2", "/FontFile3")), (path, d.FontName)


def test_slug_names_job_and_page(press_files):
    import pdfplumber

    (entry, path) = next((e, p) for e, p in press_files if e.product == "leaflet-person")
    with pdfplumber.open(path) as pdf:
        total = len(pdf.pages)
        for n, page in enumerate(pdf.pages, 1):
            text = " ".join(page.extract_text().split())
            slug = "NIMHE-leaflet-person-en · Leaflet: The person in recovery · en · UK Version 1 (2026-11-26)"
            assert slug in text, n
            assert f"page {n}/{total} · trim 148 × 210 mm, bleed 3 mm · PDF/X-4 FOGRA39" in text, (n, text[-200:])


def test_a_wider_bleed_moves_the_marks_out_and_no_slug_leaves_it_out(tmp_path):
    out = tmp_path / "out"
    from render.options import PressOptions

    build(MINI, out, products=("card-level-1",), bleed_mm=5.0, press=PressOptions(slug=False))
    with pikepdf.open(out / "en" / "card-level-1.pdf") as pdf:
        for page in pdf.pages:
            tx0, ty0, tx1, ty1 = box(page, "/TrimBox")
            assert box(page, "/BleedBox") == pytest.approx([tx0 - 5 * MM, ty0 - 5 * MM, tx1 + 5 * MM, ty1 + 5 * MM])
            for ax, _, cx, _ in mark_segments(page):
                assert min(ax, cx) >= tx1 + 5 * MM or max(ax, cx) <= tx0 - 5 * MM or ax == cx
            assert "/Slug1" not in page.Resources.get("/XObject", {})
