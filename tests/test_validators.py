"""Independent validators on every kind of file the program makes: qpdf, pdfcpu (strict) and two
PDF/UA-1 checkers (pdfua, outloud). Each must find nothing: a claim counts when someone else's
tool agrees. The one exception is named where it is asserted, with why."""

from __future__ import annotations

import pytest

from scripts.validators import outloud, pdfcpu, pdfs, pdfua, qpdf
from tests.helpers import (
    CATALOGUES,
    DRAFTED_MINI,
    MM,
    SHIPPED,
    build,
    mini_drafts,
    mini_large_print,
    shared_folder,
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def drafts(tmp_path_factory):
    """A product of each layout of the small data set as Polish and Urdu drafts (press)."""
    return mini_drafts(tmp_path_factory.getbasetemp())


@pytest.fixture(scope="session")
def screen_drafts(tmp_path_factory):
    """A product of each layout of the small data set as Polish and Urdu drafts for the screen."""
    return mini_drafts(tmp_path_factory.getbasetemp(), profile="screen")


@pytest.fixture(scope="session")
def large_print_16(tmp_path_factory):
    return mini_large_print(tmp_path_factory.getbasetemp())


def test_the_english_press_files(english_build):
    files = pdfs(english_build)
    assert len(files) == 13
    assert qpdf(files) == {}
    assert pdfcpu(files) == {}


def test_the_screen_and_large_print_files(screen_build, large_print_16):
    files = pdfs(screen_build) + pdfs(large_print_16)
    assert len(files) == 7 + 6
    assert qpdf(files) == {}
    assert pdfcpu(files) == {}
    assert pdfua(files) == {}
    assert outloud(files) == {}


def test_the_polish_and_urdu_drafts(drafts):
    files = pdfs(drafts)
    assert len(files) == 2 * (len(DRAFTED_MINI) + 2)  # (and the booklet's and leaflet's imposed forms)
    assert qpdf(files) == {}
    assert pdfcpu(files) == {}


def test_the_polish_and_urdu_screen_drafts(screen_drafts):
    files = pdfs(screen_drafts)
    assert len(files) == 2 * len(DRAFTED_MINI)
    assert qpdf(files) == {}
    assert pdfcpu(files) == {}
    assert pdfua(files) == {}
    assert outloud(files) == {}


@pytest.fixture(scope="session")
def polish_booklet(tmp_path_factory):
    """The shipped booklet as a Polish draft for the screen."""
    make = lambda out: build(  # noqa: E731
        SHIPPED, out, langs=("pl",), products=("booklet",), draft=True, catalogues=CATALOGUES, profile="screen"
    )
    return shared_folder(tmp_path_factory.getbasetemp(), "shipped-pl-booklet", make) / "pl" / "screen" / "booklet.pdf"


def test_the_polish_booklets_running_heads_are_short_and_outloud_finds_nothing(polish_booklet):
    """outloud's TAG-002 took a long running head (a whole section title, wrapped) for prose marked
    /Artifact. A running head is now the title's short form (running_head, running_title in the data):
    one line in the top margin on every page after the cover, /Artifact /Pagination as ISO 32000-1
    §14.8.2.2.2 calls running heads; outloud finds nothing."""
    import pikepdf
    import pymupdf

    assert outloud([polish_booklet]) == {}
    with pikepdf.open(polish_booklet) as pdf, pymupdf.open(polish_booklet) as doc:
        heads = {}
        for page in doc:
            lines = [
                (round(line["bbox"][1], 1), "".join(span["text"] for span in line["spans"]))
                for block in page.get_text("dict")["blocks"]
                for line in block.get("lines", [])
                if line["bbox"][3] < 15 * MM
            ]
            if lines:
                assert len({y for y, _ in lines}) == 1, (page.number + 1, lines)  # one line
                heads[page.number + 1] = " ".join(text for _, text in lines)
        assert set(range(2, 23)) <= set(heads), heads
        assert "Ramy wartości" in heads.values()  # the values section's short form, in Polish
        for number in heads:
            marks = [
                operands[1]
                for operands, operator in pikepdf.parse_content_stream(pdf.pages[number - 1])
                if str(operator) == "BDC" and operands[0] == "/Artifact"
            ]
            assert marks and all(str(m.get("/Type")) == "/Pagination" for m in marks)
