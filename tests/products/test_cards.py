"""The four A4 level cards: a matching set, each carrying all of its level and nothing else."""

from __future__ import annotations

import pdfplumber
import pikepdf
import pytest

from tests.helpers import page_texts, printed, squash

MM = 72 / 25.4
LEVELS = (1, 2, 3, 4)


@pytest.fixture(scope="session")
def cards(english_build):
    return {n: english_build / "en" / f"card-level-{n}.pdf" for n in LEVELS}


@pytest.fixture(scope="session")
def card_texts(cards):
    return {n: page_texts(path) for n, path in cards.items()}


@pytest.mark.parametrize("n", LEVELS)
def test_a4_trim_and_bleed_on_every_page(cards, n):
    with pikepdf.open(cards[n]) as pdf:
        for page in pdf.pages:
            trim = [float(v) / MM for v in page.obj["/TrimBox"]]
            bleed = [float(v) / MM for v in page.obj["/BleedBox"]]
            assert abs(trim[2] - trim[0] - 210) < 0.01 and abs(trim[3] - trim[1] - 297) < 0.01
            assert [round(b - t, 2) for b, t in zip(bleed, trim, strict=True)] == [-3, -3, 3, 3]


def test_same_even_page_count_for_the_set(cards, report):
    counts = {n: len(pikepdf.open(path).pages) for n, path in cards.items()}
    assert set(counts.values()) == {4}
    assert all(report[f"card-level-{n}"]["pages"] == 4 and report[f"card-level-{n}"]["sides"] == 2 for n in LEVELS)


@pytest.mark.parametrize("n", LEVELS)
def test_fit_report_gives_size_per_matrix(report, n):
    entry = report[f"card-level-{n}"]
    sizes = entry["body_pt_by_matrix"]
    assert set(sizes) == {"recovery-process", "best-practices"}
    assert all(8.0 <= v <= 14.0 for v in sizes.values())
    assert entry["body_pt"] == min(sizes.values()) and entry["status"] == "ok"
    # Fitted by measuring, not laying out: the band's layout and the one that is written,
    # which held what was measured (no step down).
    assert entry["layout_passes"] <= 2 and entry["refits"] == 0


@pytest.mark.parametrize("n", LEVELS)
def test_text_never_below_floor_and_fonts_embedded(cards, n):
    with pdfplumber.open(cards[n]) as pdf:
        sizes = [c["size"] for page in pdf.pages for c in printed(page).chars if c["text"].strip()]
        fonts = {c["fontname"] for page in pdf.pages for c in printed(page).chars}
    assert min(sizes) >= 8.0 - 1e-6
    assert fonts and all("+RP-Noto-Sans" in f for f in fonts)
    with pikepdf.open(cards[n]) as pdf:
        for page in pdf.pages:
            for _, font in page.obj.Resources.Font.items():
                for f in font.get("/DescendantFonts") or [font]:
                    assert "/FontFile2" in f.FontDescriptor or "/FontFile3" in f.FontDescriptor


@pytest.mark.parametrize("n", LEVELS)
def test_every_statement_of_the_level_and_none_of_another(framework, card_texts, n):
    text = "".join(card_texts[n])
    own = {s.text.source for s in framework.statements(n)}
    missing = [s for s in own if squash(s) not in text]
    assert not missing, missing[:3]
    others = {s.text.source for s in framework.statements() if s.level != n} - own
    # A short statement can be part of a longer one of this level; only longer ones are decisive.
    strays = [s for s in others if len(s) > 40 and squash(s) in text]
    assert not strays, strays[:3]


@pytest.mark.parametrize("n", LEVELS)
def test_every_page_names_the_level(framework, card_texts, n):
    level = framework.levels[n - 1]
    for page in card_texts[n]:
        assert squash(f"Level {n}{level.name.source}") in page
        assert squash(f"Level {n} of 4") in page
        assert (
            squash(f"{framework.edition.running_title.source}·{framework.edition.edition.source}") in page
        )  # the foot


@pytest.mark.parametrize("n", LEVELS)
def test_each_matrix_starts_a_page_with_its_heads(framework, card_texts, n):
    rp, bp = framework.matrices
    pages = card_texts[n]
    assert squash(rp.name.source + rp.caption.source) in pages[0]
    assert squash(bp.caption.source) not in "".join(pages[:2])
    assert squash(bp.name.source + bp.caption.source) in pages[2]
    for i, page in enumerate(pages):
        mx = rp if i < 2 else bp
        heads = "".join(squash(mx.rows[p.id].source) for p in framework.perspectives)
        assert heads in page, f"page {i + 1} repeats the perspective headings"


@pytest.mark.parametrize("n", LEVELS)
def test_continued_rows_repeat_the_component(framework, card_texts, n):
    # A page that does not begin with a whole component begins with "<Component> (continued)".
    for i in (1, 3):
        page = card_texts[n][i]
        names = [squash(c.name.source) for c in framework.components]
        after_heads = page[page.index(squash(framework.matrices[i // 2].rows["community"].source)) :]
        first = min((after_heads.find(name), name) for name in names if name in after_heads)[1]
        continued = squash(f"{first} (continued)") in after_heads
        assert continued or not any(
            squash(s.text.source) in after_heads[: after_heads.find(first)] for s in framework.statements(n)
        )


@pytest.mark.parametrize("n", LEVELS)
def test_level_band_bleeds_off_the_top(cards, n):
    with pdfplumber.open(cards[n]) as pdf:
        for page in pdf.pages:
            left, top, right, _ = page.bleedbox
            bands = [
                r for r in page.rects if r["top"] <= top + 0.5 and r["x0"] <= left + 0.5 and r["x1"] >= right - 0.5
            ]
            assert bands, "a full-width band starting at the bleed edge"
