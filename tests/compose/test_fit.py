"""The fitter finds the largest size to 0.1 pt in few passes, and refuses below the floor."""

from __future__ import annotations

import pdfplumber
import pytest

from render.compose import Composer, audit
from render.compose.fit import Fit, search
from render.errors import BuildError
from render.i18n.localise import Localiser
from render.options import BuildOptions, plan
from render.paths import ASSETS, Paths
from render.source.products import WHOLE
from tests.helpers import MM, SHIPPED, build, replace_in


def fit_height(measure, available_mm: float, min_pt: float, max_pt: float, what: str, hint_pt=None) -> Fit:
    """The search driven by one measuring function, as the fitter drives it by layouts."""
    steps = search(available_mm, min_pt, max_pt, what, hint_pt)
    try:
        size = next(steps)
        while True:
            size = steps.send(measure(size))
    except StopIteration as done:
        return done.value


def model(fixed: float, k: float, calls: list[float]):
    def measure(size: float) -> float:
        calls.append(size)
        return fixed + k * size * size

    return measure


@pytest.mark.parametrize("fixed, k", [(200.0, 14.0), (400.0, 9.0), (50.0, 15.0), (0.0, 5.9)])
def test_largest_fitting_size(fixed, k):
    calls: list[float] = []
    available = 1160.0
    fit = fit_height(model(fixed, k, calls), available, 8.0, 14.0, "test")
    assert fixed + k * fit.body_pt**2 <= available
    assert fixed + k * (fit.body_pt + 0.1) ** 2 > available or fit.body_pt == 14.0
    assert fit.passes == len(calls) <= 5


def test_max_size_when_everything_fits():
    calls: list[float] = []
    fit = fit_height(model(10, 1, calls), 1000, 8.0, 14.0, "test")
    assert fit.body_pt == 14.0 and calls == [8.0, 14.0]


def test_noisy_measurements_still_converge():
    # Line breaking makes height a step function of size: quantise it.
    calls: list[float] = []

    def measure(size: float) -> float:
        calls.append(size)
        return 100 + 3.2 * round(4.7 * size * size)

    fit = fit_height(measure, 1100, 8.0, 14.0, "test")
    assert measure(fit.body_pt) <= 1100 < measure(round(fit.body_pt + 0.1, 1))
    assert len(calls) <= 10


def test_below_floor_is_an_error_with_the_overshoot():
    with pytest.raises(BuildError) as err:
        fit_height(model(300, 20, []), 1000, 8.0, 14.0, "poster [en]")
    message = err.value.message
    assert message.startswith("poster [en]: does not fit even at the minimum body size 8.0 pt")
    assert "580.0 mm too tall" in message


def test_height_that_jumps_by_a_page_still_converges():
    # A block that moves to the next sheet makes height jump: the model overshoots, bisection finishes.
    calls: list[float] = []

    def measure(size: float) -> float:
        calls.append(size)
        return 28 * size * size + (1200 if size >= 8.9 else 0)

    fit = fit_height(measure, 2320, 8.0, 14.0, "test")
    assert fit.body_pt == 8.8 and len(calls) <= 10


def _broken_words(rendered) -> list[tuple[str, str]]:
    """(the part before the hyphen, the next line's first word part) for each broken line end."""
    found = []
    for page in rendered.document.pages:
        for box in page._page_box.descendants():
            lines = [c for c in getattr(box, "children", ()) if type(c).__name__ == "LineBox"]
            texts = ["".join(b.text for b in line.descendants() if hasattr(b, "text")) for line in lines]
            for text, after in zip(texts, texts[1:], strict=False):
                if text.endswith("\u2010") and text.split():
                    found.append((text.split()[-1][:-1], (after.split() or [""])[0]))
    return found


def test_no_more_than_two_line_ends_in_a_row_break_a_word(shipped):
    fw, products = shipped
    paths = Paths(SHIPPED)
    (job,) = plan(products, BuildOptions(paths, products=("booklet",)))
    c = Composer(fw, paths, fw.edition.revised)
    t = Localiser("en")
    alone = c.engine.render(c.html(job, t, {WHOLE: 10.0}), ASSETS, c.stylesheets(job, t), job.product.page_css())
    assert audit.hyphenation(alone).longest >= 3, "WeasyPrint alone breaks words on 3 line ends in a row"
    fixed = c.render(job, t, {WHOLE: 10.0})
    assert audit.hyphenation(fixed).longest <= 2 and fixed.whole
    assert {key for _, key in audit.hyphenation(alone).runs} <= fixed.whole
    for before, after in _broken_words(fixed):
        word = before + after.rstrip(".,;:)")
        assert len(before) >= 3 and len(after.rstrip(".,;:)")) >= 3 and len(word) >= 6, (before, after)


def test_a_long_band_heading_shrinks_to_its_room(data_copy, tmp_path):
    # the card's band is fixed above the page's content: a heading that would wrap past it
    # is set smaller (and one that cannot fit at all is refused, naming the card)
    replace_in(data_copy / "framework.yaml", "name: Dependent/Unaware", "name: " + "Dependent and Unaware " * 5)
    report = build(data_copy, tmp_path / "out", products=("card-level-1",), profile="screen")  # (no marks)
    assert [d.status for d in report.done] == ["built"]
    with pdfplumber.open(tmp_path / "out" / "en" / "screen" / "card-level-1.pdf") as pdf:
        band = [c["size"] for c in pdf.pages[0].chars if c["top"] < 21 * MM and c["text"].strip()]
    assert band and 12 <= max(band) < 20  # below its 20 pt, not below the band's floor
    replace_in(data_copy / "framework.yaml", "Dependent and Unaware " * 5, "Dependent and Unaware " * 30)
    with pytest.raises(BuildError, match=r"card-level-1 \[en\]: the level band does not fit above the page's content"):
        build(data_copy, tmp_path / "again", products=("card-level-1",))
