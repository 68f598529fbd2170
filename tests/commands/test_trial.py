"""How much longer an entry could grow: its text grown in its own words, and the least growth
that changes a product's page count found by halving."""

from __future__ import annotations

import pytest

from render.commands.serve.trial import GROWTH, grown, least_growth, said


@pytest.mark.parametrize(
    "text",
    [
        "Nie rozpoznaje własnych potrzeb",
        "Zależność/świadomość",
        "ذاتی ضروریات کی شناخت نہیں کر پاتا",
        "Poziom {number}",
        "ตระหนักถึงความเจ็บป่วย",
    ],
)
@pytest.mark.parametrize("share", GROWTH)
def test_a_text_grows_by_its_share_in_its_own_words_and_keeps_its_placeholders_once(text, share):
    longer = grown(text, share)
    assert longer.startswith(text)
    assert round(len(text) * (1 + share)) <= len(longer) <= round(len(text) * (1 + share)) + 1
    assert longer == longer.strip() and len(longer) > len(text)
    assert longer.count("{") == text.count("{")
    assert set(longer) <= set(text) | {" "}


@pytest.mark.parametrize("limit", [0.03, 0.12, 0.25, 0.6, 0.9, 2.0])
def test_the_least_growth_that_changes_the_pages_is_found_by_halving(limit):
    tried = []

    def fit(share: float) -> dict:
        tried.append(share)
        return {"pages": 4 if share < limit else 8, "sizes": {"recovery-process": 9.0 - share}}

    (kept, kept_fit), changed = least_growth(fit, 4)
    below = [g for g in GROWTH if g < limit]
    assert kept == (below[-1] if below else 0.0) and (not below or kept_fit["pages"] == 4)
    if limit > GROWTH[-1]:
        assert changed is None and tried == [GROWTH[-1]]
    else:
        assert changed[0] == min(g for g in GROWTH if g >= limit) and changed[1]["pages"] == 8
        assert len(tried) <= 4  # of eight growths: the largest, then three halvings


def test_what_growth_costs_is_said_with_the_block_and_the_pages():
    now = {"pages": 4, "sizes": {"recovery-process": 8.6, "best-practices": 9.0}}
    kept = (0.1, {"pages": 4, "sizes": {"recovery-process": 8.1, "best-practices": 9.0}})
    changed = (0.15, {"pages": 8, "sizes": {"recovery-process": 9.5, "best-practices": 9.5}})
    words = said("card-level-2", "recovery-process", now, kept, changed)
    assert words == (
        "card-level-2: 4 pages (recovery-process at 8.6 pt); 15% more text takes it from 4 to 8 pages"
        " (more paper and printing for each copy); up to 10% more keeps 4 (recovery-process at 8.1 pt)"
    )
    refused = (0.05, {"error": "refused, not printed: the translation is longer than 220 characters"})
    assert said("card-level-2", None, now, (0.0, {"pages": 4}), refused) == (
        "card-level-2: 4 pages (its type at 8.6 pt); 5% more text: refused, not printed:"
        " the translation is longer than 220 characters"
    )
    assert said("poster", None, now, (1.0, now), None) == (
        "poster: 4 pages (its type at 8.6 pt); even 100% more text keeps 4 (its type at 8.6 pt)"
    )
