"""The built A0 poster: one page, exact boxes, embedded fonts, legible, complete, reproducible."""

from __future__ import annotations

from collections import Counter

import pikepdf

from tests.helpers import squash

MM = 72 / 25.4


def test_one_page_with_trim_and_bleed(poster_pdf):
    with pikepdf.open(poster_pdf) as pdf:
        assert len(pdf.pages) == 1
        page = pdf.pages[0].obj
        trim = [float(v) / MM for v in page["/TrimBox"]]
        bleed = [float(v) / MM for v in page["/BleedBox"]]
        assert abs((trim[2] - trim[0]) - 841) < 0.01 and abs((trim[3] - trim[1]) - 1189) < 0.01
        for inner, outer, sign in zip(trim, bleed, (-1, -1, 1, 1), strict=True):
            assert abs((outer - inner) * sign - 3) < 0.01
        media = [float(v) / MM for v in page["/MediaBox"]]
        assert media[0] <= bleed[0] and media[1] <= bleed[1] and media[2] >= bleed[2] and media[3] >= bleed[3]


def test_fonts_embedded_and_subset(poster_pdf):
    names = []
    with pikepdf.open(poster_pdf) as pdf:
        for _, font in pdf.pages[0].obj.Resources.Font.items():
            for f in font.get("/DescendantFonts") or [font]:
                descriptor = f.FontDescriptor
                assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), f.BaseFont
                names.append(str(f.BaseFont))
    assert names and all("+Noto-Sans" in n for n in names), names


def test_body_text_at_least_floor(poster_chars, report):
    body = report["poster"]["body_pt"]
    assert body >= 8.0
    sizes = Counter(round(size, 1) for text, size, _ in poster_chars if text.strip())
    assert min(sizes) >= 8.0, sorted(sizes)[:5]
    assert sizes.most_common(1)[0][0] == body  # the statements are set at the fitted size


def test_every_statement_in_pdf_text(framework, poster_text):
    missing = [s.text.source for s in framework.statements() if squash(s.text.source) not in poster_text]
    assert not missing, missing[:5]


def test_headings_credits_and_stamp_in_pdf_text(framework, poster_text):
    fw = framework
    for text in [
        fw.edition.title,
        fw.edition.publisher,
        fw.edition.dissemination,
        fw.edition.production,
        *(c.text for c in fw.edition.credits),
        *(lv.name for lv in fw.levels),
        *(c.name for c in fw.components),
        *(m.caption for m in fw.matrices),
        *(label for m in fw.matrices for label in m.rows.values()),
    ]:
        assert squash(text.source) in poster_text, text.source
    assert squash("Level 4") in poster_text
    assert squash("UK Version 1 · 26 November 2026") in poster_text


def test_build_report(report):
    entry = report["poster"]
    assert {k: entry[k] for k in ("product", "lang", "variant", "path", "pages", "page_size_mm", "status")} == {
        "product": "poster",
        "lang": "en",
        "variant": "standard",
        "path": "en/poster.pdf",
        "pages": 1,
        "page_size_mm": [841.0, 1189.0],
        "status": "ok",
    }
    assert 8.0 <= entry["body_pt"] <= 14.0
    assert entry["layout_passes"] <= 8


def test_pdf_metadata_dates_from_edition(poster_pdf):
    with pikepdf.open(poster_pdf) as pdf:
        assert str(pdf.docinfo["/CreationDate"]).startswith("D:20261126")
        assert "Emerging Best Practices in Mental Health Recovery" in str(pdf.docinfo["/Title"])
