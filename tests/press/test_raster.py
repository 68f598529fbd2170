"""Where a text is printed: followed through poppler's word boxes, column by column."""

from __future__ import annotations

from render.press.raster import _follow, _letters

# (letters, xMin, yMin, xMax, yMax): two columns whose lines poppler gives interleaved.
LTR = [
    ("nie", 40, 100, 60, 110), ("potrafi", 62, 100, 90, 110), ("w", 200, 100, 205, 110),
    ("kontakcie", 207, 100, 240, 110), ("określić", 40, 112, 80, 122), ("wła", 82, 112, 95, 122),
    ("osobą", 200, 112, 230, 122), ("snych", 40, 124, 65, 134), ("potrzeb", 67, 124, 95, 134),
]  # fmt: skip
# A right-to-left column: each line one word (its ActualText), set flush to the right edge.
RTL = [("بیماریکےحوالےسے", 430, 200, 557, 212), ("دوسرا", 100, 200, 300, 212), ("بدنامیکاسامنا", 470, 214, 557, 226)]


def test_a_text_is_followed_down_its_own_column():
    wanted = _letters("Nie potrafi określić własnych potrzeb")
    found, spelled = _follow(LTR, LTR[0], wanted)
    assert spelled == len(wanted) and [w[0] for w in found] == ["nie", "potrafi", "określić", "wła", "snych", "potrzeb"]


def test_a_right_to_left_text_is_followed_by_its_right_edge():
    wanted = "بیماریکےحوالےسے" + "بدنامیکاسامنا"
    found, spelled = _follow(RTL, RTL[0], wanted)
    assert spelled == len(wanted) and found == [RTL[0], RTL[2]]


def test_a_text_that_goes_another_way_is_not_followed():
    found, spelled = _follow(LTR, LTR[0], _letters("Nie potrafi nic"))
    assert spelled == len("niepotrafi") and len(found) == 2
