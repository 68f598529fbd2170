"""The fitter finds the largest size to 0.1 pt in few passes, and refuses below the floor."""

from __future__ import annotations

import pytest

from render.compose.fit import fit_height
from render.errors import BuildError


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
