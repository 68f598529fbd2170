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
    assert names and all("+RP-Noto-Sans" in n for n in names), names


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


def test_every_component_keeps_its_column_down_the_sheet(framework, poster_pdf):
    """Each statement starts with its bullet at its cell's left edge: on one grid, the bullets
    of all eight matrices stand at as many x-positions as there are components, and every
    matrix (a band between two level headings) has a statement at each."""
    import pdfplumber

    with pdfplumber.open(poster_pdf) as pdf:
        page = pdf.pages[0]
        bullets = [(c["x0"], c["top"]) for c in page.chars if c["text"] == "•"]
        words = page.extract_words()
    columns: list[list[float]] = []
    for x in sorted(x for x, _ in bullets):
        if columns and x - columns[-1][-1] <= 0.5:
            columns[-1].append(x)
        else:
            columns.append([x])
    assert len(columns) == len(framework.components), [round(c[0]) for c in columns]
    bands = sorted(w["top"] for w in words if w["text"] == "Level" and w["x0"] < 200)[-4:]  # the level headings
    for top, bottom in zip(bands, [*bands[1:], page.height], strict=True):
        here = {
            next(i for i, c in enumerate(columns) if c[0] - 0.01 <= x <= c[-1] + 0.01)
            for x, y in bullets
            if top < y < bottom
        }
        assert here == set(range(len(columns))), f"level band at {top:.0f} pt: columns {sorted(here)}"
