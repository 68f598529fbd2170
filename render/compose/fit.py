"""Fitting: the largest body size (to 0.1 pt) at which content fits its space."""

from __future__ import annotations

import math
from collections.abc import Generator
from dataclasses import dataclass

from ..errors import BuildError

MAX_PASSES = 12


@dataclass(frozen=True)
class Fit:
    """Outcome of fitting one flow of content into the height available to it."""

    body_pt: float
    used_mm: float
    available_mm: float
    passes: int

    @property
    def slack_mm(self) -> float:
        return max(0.0, self.available_mm - self.used_mm)


def search(
    available_mm: float, min_pt: float, max_pt: float, what: str, hint_pt: float | None = None
) -> Generator[float, float, Fit]:
    """The search for the largest size in [min_pt, max_pt] whose height fits, as steps: it
    yields each size to measure and is sent its height, so that one layout pass can measure
    several searches at once (one per flow). Returns the Fit.

    Height grows with the square of the type size (lines get both taller and shorter),
    plus a part that does not scale. The first pass is at the floor (so content that
    cannot fit fails at once); each measurement refines the model, so a fit to 0.1 pt
    usually takes three or four layout passes instead of a blind bisection.

    `hint_pt`, the size chosen last time, is tried first: when it still fits and 0.1 pt
    more does not, two passes settle it (content that fitted at a size fits at the floor).
    """
    lo_t, hi_t = round(min_pt * 10), round(max_pt * 10)  # sizes in tenths of a point
    heights: dict[int, float] = {}

    def ask(tenths: int) -> Generator[float, float, None]:
        if tenths not in heights:
            if len(heights) >= MAX_PASSES:
                raise BuildError(f"{what}: fitting did not converge in {MAX_PASSES} passes")
            heights[tenths] = yield tenths / 10

    def fits(tenths: int) -> bool:
        return heights[tenths] <= available_mm + 1e-6

    def predict() -> float:
        pts = sorted(heights.items(), key=lambda kv: abs(kv[1] - available_mm))[:2]
        if len(pts) == 1:
            ((s, hh),) = pts
            return s * math.sqrt(available_mm / hh)
        (s0, h0), (s1, h1) = pts
        if s0 == s1 or h0 == h1:
            return float(s0)
        k = (h0 - h1) / (s0**2 - s1**2)
        fixed = h0 - k * s0**2
        if k <= 0 or available_mm <= fixed:
            return float(min(s0, s1))
        return math.sqrt((available_mm - fixed) / k)

    def too_big() -> BuildError:
        over = heights[lo_t] - available_mm
        return BuildError(
            f"{what}: does not fit even at the minimum body size {min_pt:.1f} pt: "
            f"{over:.1f} mm too tall ({100 * over / available_mm:.1f} % over "
            f"the {available_mm:.1f} mm available)"
        )

    hint_t = round(hint_pt * 10) if hint_pt is not None else None
    hinted = hint_t is not None and lo_t <= hint_t <= hi_t
    if hinted:
        yield from ask(hint_t)
    if hinted and fits(hint_t):
        if hint_t < hi_t:
            yield from ask(hint_t + 1)
    else:  # measuring at the floor first makes a misfit cheap to report
        yield from ask(lo_t)
        if not fits(lo_t):
            raise too_big()
    width, last = None, None
    while True:
        good = max(s for s in heights if fits(s))
        bad = min((s for s in heights if not fits(s)), default=hi_t + 1)  # hi_t + 1: "above the range"
        if bad - good <= 1:
            return Fit(good / 10, heights[good], available_mm, len(heights))
        guess = min(max(math.floor(predict()), good + 1), bad - 1)
        # Where height jumps (a block moving to the next page), the model misleads:
        # when its last guess overshot without halving the bracket, or it offers
        # nothing new, bisect.
        overshot = last is not None and not fits(last) and bad - good > max(width / 2, 3)
        if guess in heights or overshot:
            guess = (good + bad) // 2
        width, last = bad - good, guess
        yield from ask(guess)
