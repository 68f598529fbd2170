"""The data folder holds the whole source, structured: counts pinned after review."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tests.helpers import SHIPPED as DATA


# Statements per cell, in component order, reviewed against the source's matrices.
@pytest.fixture(scope="module")
def shipped_framework(shipped):
    return shipped[0]


PINNED = {
    (1, "recovery-process", "person"): [7, 7, 3, 5, 8, 7, 6, 3, 3],
    (1, "recovery-process", "clinicians"): [5, 10, 5, 6, 11, 8, 9, 3, 4],
    (1, "recovery-process", "community"): [2, 5, 2, 4, 6, 4, 5, 1, 2],
    (1, "best-practices", "person"): [4, 4, 2, 4, 4, 5, 3, 1, 2],
    (1, "best-practices", "clinicians"): [7, 3, 8, 9, 10, 9, 9, 5, 6],
    (1, "best-practices", "community"): [4, 4, 4, 5, 5, 2, 6, 6, 3],
    (2, "recovery-process", "person"): [6, 12, 6, 7, 6, 4, 7, 1, 2],
    (2, "recovery-process", "clinicians"): [5, 6, 3, 7, 9, 8, 7, 5, 2],
    (2, "recovery-process", "community"): [3, 3, 4, 2, 3, 3, 5, 3, 2],
    (2, "best-practices", "person"): [11, 6, 3, 4, 5, 5, 6, 2, 4],
    (2, "best-practices", "clinicians"): [8, 5, 2, 5, 8, 3, 9, 6, 4],
    (2, "best-practices", "community"): [4, 4, 4, 2, 4, 3, 4, 2, 2],
    (3, "recovery-process", "person"): [6, 6, 4, 6, 11, 5, 5, 4, 2],
    (3, "recovery-process", "clinicians"): [7, 6, 4, 6, 12, 10, 8, 4, 1],
    (3, "recovery-process", "community"): [3, 3, 2, 2, 3, 2, 2, 3, 3],
    (3, "best-practices", "person"): [7, 5, 3, 2, 5, 5, 6, 4, 4],
    (3, "best-practices", "clinicians"): [7, 3, 1, 5, 7, 5, 7, 4, 2],
    (3, "best-practices", "community"): [5, 3, 1, 2, 5, 2, 1, 5, 2],
    (4, "recovery-process", "person"): [5, 8, 4, 5, 6, 3, 4, 2, 2],
    (4, "recovery-process", "clinicians"): [5, 7, 4, 2, 8, 6, 7, 4, 2],
    (4, "recovery-process", "community"): [3, 3, 3, 3, 3, 2, 2, 3, 2],
    (4, "best-practices", "person"): [7, 5, 2, 6, 5, 4, 7, 5, 3],
    (4, "best-practices", "clinicians"): [6, 3, 1, 5, 4, 4, 1, 3, 1],
    (4, "best-practices", "community"): [4, 4, 1, 4, 2, 1, 1, 1, 3],
}


def test_shape(shipped_framework):
    assert [lv.number for lv in shipped_framework.levels] == [1, 2, 3, 4]
    assert [lv.name.source for lv in shipped_framework.levels] == [
        "Dependent/Unaware",
        "Dependent/Aware",
        "Independent/Aware",
        "Interdependent/Aware",
    ]
    assert len(shipped_framework.components) == 9
    assert [p.id for p in shipped_framework.perspectives] == ["person", "clinicians", "community"]
    assert [m.id for m in shipped_framework.matrices] == ["recovery-process", "best-practices"]
    assert len(shipped_framework.cells) == 216
    assert all(cell.statements for cell in shipped_framework.cells)


def test_statement_counts_pinned(shipped_framework):
    for (level, matrix, perspective), counts in PINNED.items():
        got = [
            len(shipped_framework.cell(level, matrix, perspective, c.id).statements)
            for c in shipped_framework.components
        ]
        assert got == counts, (level, matrix, perspective)
    assert len(shipped_framework.statements()) == sum(map(sum, PINNED.values())) == 970


def test_statements_are_clean(shipped_framework):
    for s in shipped_framework.statements():
        text = s.text.source
        assert text == " ".join(text.split()), text
        assert not text.endswith(";"), text
        for defect in ("stressmanagement", "as- needed", "anti- stigma", "selfesteem", "Ualues", "advoacey"):
            assert defect not in text


def test_contexts_are_stable_places(shipped_framework):
    s = shipped_framework.cell(2, "best-practices", "clinicians", "stigma").statements[0]
    assert s.text.context == "level-2/best-practices/clinicians/stigma"
    assert shipped_framework.levels[0].name.context == "level-1/name"


def test_prose_sections(shipped_framework):
    assert [s.id for s in shipped_framework.sections] == [
        "introduction",
        "overview",
        "notes",
        "capabilities",
        "principles",
        "values",
        "key-terms",
    ]
    caps = [b for b in shipped_framework.section("capabilities").blocks if type(b).__name__ == "ItemList"]
    assert len(caps[0].items) == 10
    headings = [b.text.source for b in shipped_framework.section("principles").blocks if type(b).__name__ == "Heading"]
    assert len(headings) == 12
    terms = shipped_framework.section("key-terms").blocks[-1].terms
    assert len(terms) == 18
    for c in shipped_framework.components:
        assert c.term is None or shipped_framework.term(c.term) is not None


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z']+", text)}


def _data_words() -> set[str]:
    words: set[str] = set()

    def walk(value):
        if isinstance(value, str):
            words.update(_words(value))
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    for path in DATA.rglob("*.yaml"):
        if path.name == "corrections.yaml":  # (it quotes the extraction's defects as published)
            continue
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return words


SOURCE = DATA / "source"  # the project's copy of the extraction
# Words of the extraction that are defects fixed in data/ (see the source README): typos,
# the stray signature, OCR-garbled and split table titles, an HTML tag, and labels that
# became keys (tel, fax, email, phone).
DEFECTS = {
    "fleela",
    "heal",
    "partricia",
    "stressmanagement",
    "selfesteem",
    "ualues",
    "advoacey",
    "familyl",
    "ltt",
    "iviental",
    "rieatti",
    "necovery",
    "frocess",
    "wental",
    "realin",
    "avaic",
    "menta",
    "recove",
    "ery",
    "recov",
    "very",
    "al",
    "b",
    "tel",
    "fax",
    "email",
    "phone",
}


def test_every_source_word_is_in_the_data():
    source = "".join(p.read_text(encoding="utf-8") for p in sorted(SOURCE.glob("*.txt")))
    missing = _words(source) - _data_words() - DEFECTS
    assert not missing, sorted(missing)


def test_data_loads_with_plain_yaml():
    for path in Path(DATA).rglob("*.yaml"):
        assert yaml.safe_load(path.read_text(encoding="utf-8")) is not None, path
