"""The shipped products, built once in English: these tests read the PDFs a print shop would get."""

from __future__ import annotations

import pytest

from tests.helpers import page_texts, printed


@pytest.fixture(scope="session")
def framework(shipped):
    return shipped[0]


@pytest.fixture(scope="session")
def products(shipped):
    return shipped[1]


@pytest.fixture(scope="session")
def report(english_report) -> dict:
    """build-report.json entries by product, as written."""
    return {name: entry.as_dict() for name, entry in english_report.items()}


@pytest.fixture(scope="session")
def poster_pdf(english_build):
    return english_build / "en" / "poster.pdf"


@pytest.fixture(scope="session")
def poster_text(poster_pdf) -> str:
    """The poster's text in drawing order, normalised for matching (see squash)."""
    (text,) = page_texts(poster_pdf)
    return text


@pytest.fixture(scope="session")
def poster_chars(poster_pdf):
    import pdfplumber

    with pdfplumber.open(poster_pdf) as pdf:
        return [(c["text"], c["size"], c["fontname"]) for c in printed(pdf.pages[0]).chars]
