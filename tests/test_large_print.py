"""Large print: A4, nothing below the chosen body size, no italics, every statement kept."""

from __future__ import annotations

import json

import pdfplumber
import pikepdf
import pytest

from render.build import plan
from render.run import build

from .conftest import DATA, page_texts, squash

MM = 72 / 25.4
OUTPUTS = (
    "card-level-1",
    "card-level-4",
    "leaflet-person",
    "leaflet-clinicians",
    "leaflet-community",
    "booklet",
    "card-level-2",
    "card-level-3",
)


@pytest.fixture(scope="session", params=[16, 24])
def large_print(request, tmp_path_factory, framework, products):
    out = tmp_path_factory.mktemp(f"large{request.param}")
    jobs = plan(products, (), ("en",), variant="large-print", large_print_pt=request.param)
    build(framework, jobs, DATA, out, echo=lambda _: None, workers=2)
    report = {e["product"]: e for e in json.loads((out / "build-report.json").read_text())["outputs"]}
    forms = {job.product.name: job.product for job in jobs}
    return request.param, out / "en" / "large-print", report, forms


def test_every_card_leaflet_and_booklet_but_not_the_poster(large_print):
    _, folder, report, _ = large_print
    assert set(report) == set(OUTPUTS)
    assert all(e["variant"] == "large-print" and e["profile"] == "screen" for e in report.values())
    assert not (folder / "poster.pdf").exists()


@pytest.mark.parametrize("name", OUTPUTS)
def test_a4_no_text_below_the_body_size_no_italics_tagged(large_print, name):
    size, folder, report, _ = large_print
    assert report[name]["body_pt"] == size and report[name]["page_size_mm"] == [210.0, 297.0]
    with pdfplumber.open(folder / f"{name}.pdf") as pdf:
        chars = [c for page in pdf.pages for c in page.chars if c["text"].strip()]
        for page in pdf.pages:
            assert abs(page.width / MM - 210) < 0.1 and abs(page.height / MM - 297) < 0.1
    assert min(c["size"] for c in chars) >= size - 0.01
    assert not any("Italic" in c["fontname"] or "Oblique" in c["fontname"] for c in chars)
    with pikepdf.open(folder / f"{name}.pdf") as pdf:
        assert "/StructTreeRoot" in pdf.Root and str(pdf.Root.Lang) == "en-GB"


@pytest.mark.parametrize("name", OUTPUTS)
def test_every_statement_of_the_source_product(large_print, framework, name):
    _, folder, _, forms = large_print
    product = forms[name]
    text = "".join(page_texts(folder / f"{name}.pdf", product))
    wanted = framework.statements(product.level, product.perspective) if product.statements else []
    missing = [s.text.source for s in wanted if squash(s.text.source) not in text]
    assert not missing, missing[:3]
    if name == "booklet":
        assert all(squash(s.title.source) in text for s in framework.sections)


@pytest.mark.parametrize(
    "name, head, foot",
    [
        ("card-level-2", "Level 2 Dependent/Aware", ""),
        ("leaflet-person", "Level 3 Independent/Aware", "The person in recovery"),
    ],
)
def test_page_numbers_and_running_heads(large_print, name, head, foot):
    size, folder, _, _ = large_print
    with pdfplumber.open(folder / f"{name}.pdf") as pdf:
        total = len(pdf.pages)
        heads = []
        for n, page in enumerate(pdf.pages, 1):
            left, top, right, bottom = page.bbox
            top_text = squash(page.crop((left, top, right, top + 25 * MM)).extract_text())
            foot_text = squash(page.crop((left, bottom - 22 * MM, right, bottom)).extract_text())
            assert foot_text.endswith(squash(f"{n} / {total}")), (n, foot_text)
            assert foot_text.startswith(squash(foot)), (n, foot_text)
            heads.append(top_text)
    assert squash(head) in heads  # some page of that level carries its name as the running head
