"""Benchmark: where a cold English build's time goes, stage by stage, in one -j1 process.

Each stage's own time (a stage called inside another is counted in its own row, not in
the caller's): the layouts (final ones, and the poster's measuring layout), the PDF writes,
measuring (the matrices' and grids' line breaking, their pages' cascades, their pages'
HTML, the fitter's own work), preflight, the press finish, and the rest. Compare with the
floor of build_speed.py (a plain render of each output: its layout and PDF).

    .venv/bin/python bench/build_stages.py [PRODUCT ...]   (default: every product)
"""

from __future__ import annotations

import collections
import sys
import tempfile
import time
from pathlib import Path

from render import api
from render.compose import composer, fitter, measure
from render.options import BuildOptions
from render.paths import Paths
from render.press import impose, output
from render.run import jobs

ROOT = Path(__file__).resolve().parent.parent
STAGES = (  # (owner, function, row)
    (composer.Composer, "lay_out", "layouts"),
    (composer.Composer, "pdf", "PDF writes (outputs and slugs)"),
    (composer.Composer, "small_pages", "slug layouts"),
    (fitter, "fit_flows", "measuring: the fitter's own work"),
    (measure.Measurer, "table", "measuring: matrices' lines (Pango)"),
    (measure.Measurer, "grids", "measuring: level grids' lines (Pango)"),
    (measure.Measurer, "styles", "measuring: pages' cascades"),
    (measure.Measurer, "whole_blocks", "running text set whole (cascade, Pango)"),
    (composer.Composer, "html", "HTML of pages"),
    (composer.Composer, "precheck", "checking every string before layout"),
    (output, "to_press", "press finish"),
    (output, "check_output", "preflight"),
    (impose, "impose", "imposition"),
    (jobs, "_slug", "slugs (less their layouts and PDFs)"),
)


def timed_stages() -> tuple[collections.Counter, collections.Counter]:
    """Wrap each stage to add up its own time and calls (the time of a stage it calls is taken off)."""
    seconds, calls, open_rows = collections.Counter(), collections.Counter(), []

    def wrap(function, row):
        def timed(*args, **kwargs):
            start = time.perf_counter()
            open_rows.append(row)
            try:
                return function(*args, **kwargs)
            finally:
                open_rows.pop()
                spent = time.perf_counter() - start
                seconds[row] += spent
                calls[row] += 1
                if open_rows:
                    seconds[open_rows[-1]] -= spent

        return timed

    for owner, name, row in STAGES:
        setattr(owner, name, wrap(getattr(owner, name), row))
    return seconds, calls


def main(products: tuple[str, ...]) -> None:
    seconds, calls = timed_stages()
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        api.build(BuildOptions(Paths(ROOT / "data", Path(tmp)), products=products, workers=1, use_cache=False))
        total = time.perf_counter() - start
    print(f"{'stage (own time)':<48} {'seconds':>8} {'share':>6} {'calls':>6}")
    for row, spent in seconds.most_common():
        print(f"{row:<48} {spent:>8.2f} {spent / total:>6.1%} {calls[row]:>6}")
    rest = total - sum(seconds.values())
    print(f"{'the rest (loading, checking, planning, writing)':<48} {rest:>8.2f} {rest / total:>6.1%}")
    print(f"{'cold build -j1, in process':<48} {total:>8.2f}")


if __name__ == "__main__":
    main(tuple(sys.argv[1:]))
