"""The translators' guide's per-language build table is made from the recorded builds (scripts/language_matrix.py)."""

from __future__ import annotations

import re

from scripts.language_matrix import PRODUCTS, markdown, records
from tests.helpers import ROOT

BLOCK = re.compile(r"<!-- language builds: [^>]*-->\n(.*?)\n<!-- end of language builds -->", re.S)


def test_the_translators_guides_build_table_is_the_records():
    shown = BLOCK.search((ROOT / "docs" / "translators.md").read_text(encoding="utf-8"))
    assert shown, "docs/translators.md has no language builds block"
    assert shown.group(1) == markdown(records()), "run `scripts/language_matrix.py --markdown` into docs/translators.md"


def test_every_recorded_language_has_every_product_or_says_why_not():
    for r in records():
        made = {(o["product"], o["form"]) for o in r["outputs"]} | {(f["product"], f["form"]) for f in r["failed"]}
        assert {(p, "press") for p in PRODUCTS} <= made, r["lang"]
        assert {(p, f) for p in ("card-level-1", "booklet") for f in ("screen", "large-print")} <= made, r["lang"]
        for o in r["outputs"]:
            assert o["body_pt"] is None or o["body_pt"] >= o["floor_pt"] - 1e-6, (r["lang"], o)


def test_a_product_that_does_not_build_is_shown_with_its_message():
    record = {
        "lang": "pl",
        "commit": "0123456789ab",
        "outputs": [
            {"product": "booklet", "form": "press", "pages": 24, "body_pt": 9.5, "floor_pt": 9.5, "preflight": "pass"}
        ],
        "failed": [{"product": "poster", "form": "press", "message": "poster [pl]: 3.2 mm over at the floor"}],
    }
    table = markdown([record])
    row = table.splitlines()[2]
    assert row.startswith("| pl | Latin | **does not build** | – |") and "| 24 p · 9.5 pt |" in row
    assert "preflight 1/1 (0123456)" in row
    assert table.splitlines()[-1] == "- pl poster (press): poster [pl]: 3.2 mm over at the floor"
