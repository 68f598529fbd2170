"""Shared fixtures: the framework is loaded once and each product is built once per session."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from render.build import plan
from render.load import load_framework
from render.run import build

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


@pytest.fixture(scope="session")
def framework():
    fw, products = load_framework(DATA)
    return fw


@pytest.fixture(scope="session")
def products():
    return load_framework(DATA)[1]


@pytest.fixture(scope="session")
def english_build(tmp_path_factory, framework, products):
    """Every English product, built once: (output folder, results)."""
    out = tmp_path_factory.mktemp("out")
    results = build(framework, plan(products, (), ("en",)), DATA, out, echo=lambda _: None)
    return out, results


@pytest.fixture(scope="session")
def report(english_build) -> dict:
    """build-report.json entries by product."""
    import json

    data = json.loads((english_build[0] / "build-report.json").read_text())
    return {entry["product"]: entry for entry in data["outputs"]}


@pytest.fixture(scope="session")
def poster_pdf(english_build) -> Path:
    return english_build[0] / "en" / "poster.pdf"


@pytest.fixture(scope="session")
def poster_text(poster_pdf) -> str:
    """The poster's text in drawing order, normalised for matching (see squash)."""
    import pdfplumber

    with pdfplumber.open(poster_pdf) as pdf:
        return squash("".join(c["text"] for c in printed(pdf.pages[0]).chars))


@pytest.fixture(scope="session")
def poster_chars(poster_pdf):
    import pdfplumber

    with pdfplumber.open(poster_pdf) as pdf:
        return [(c["text"], c["size"], c["fontname"]) for c in printed(pdf.pages[0]).chars]


def page_texts(path: Path, product=None) -> list[str]:
    """Each page's text, squashed: in drawing order (which keeps table cells whole); with a
    product, in reading order (single-column pages) and only what lies between its top and
    bottom margins (no running heads or folios, so text runs on across pages)."""
    import pdfplumber

    mm = 72 / 25.4
    with pdfplumber.open(path) as pdf:
        texts = []
        for page in pdf.pages:
            if product is not None:
                left, top, right, bottom = page.bleedbox
                top += (product.bleed_mm + product.margins_mm[0]) * mm
                bottom -= (product.bleed_mm + product.margins_mm[2]) * mm
                texts.append(squash(page.crop((left, top, right, bottom)).extract_text()))
            else:
                texts.append(squash("".join(c["text"] for c in printed(page).chars)))
        return texts


def printed(page):
    """A pdfplumber page cut to its BleedBox: what is printed, without the marks and slug
    line a press PDF carries outside it."""
    return page.crop(page.bleedbox)


def squash(text: str) -> str:
    """Text with whitespace and hyphens removed: immune to line breaks and hyphenation."""
    return re.sub(r"[\s\-\u00ad\u2010]+", "", text)


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A writable copy of the data folder, for bad-input tests."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target
