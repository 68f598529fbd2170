"""Benchmark: how the English build's time compares with the engine's floor.

For every English output, in one run on this machine: (a) one plain WeasyPrint render
of the output's final HTML (layout + PDF), the least any build could do; (b) the full
build of that output (fitting passes, checks, PDF checks, imposition). Figures are
printed as ratios to (a), since absolute seconds on shared machines mean little.

    .venv/bin/python bench/build_speed.py
"""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

from render import layout
from render.build import Builder, plan
from render.load import load_framework

DATA = Path(__file__).resolve().parent.parent / "data"


def main() -> None:
    fw, products = load_framework(DATA)
    builder = Builder(fw, DATA)
    rows = []
    for job in plan(products, (), ("en",)):
        start = time.perf_counter()
        result = builder.build(job)
        full = time.perf_counter() - start
        final = replace(job, product=builder.form(job))
        html = layout.render_html(fw, final.product, builder.t, sizes=result.sizes, env=builder.env)
        start = time.perf_counter()
        rendered = builder.engine.render(
            html, layout.PROJECT, builder.stylesheets(final), extra_css=final.product.page_css()
        )
        builder.engine.write(rendered)
        floor = time.perf_counter() - start
        rows.append((job.product.name, result.passes, floor, full))
    total_floor = sum(r[2] for r in rows)
    total_full = sum(r[3] for r in rows)
    print(f"{'output':<20} {'passes':>6} {'floor s':>8} {'build s':>8} {'build/floor':>11}")
    for name, passes, floor, full in rows:
        print(f"{name:<20} {passes:>6} {floor:>8.2f} {full:>8.2f} {full / floor:>11.1f}")
    print(f"{'all':<20} {'':>6} {total_floor:>8.2f} {total_full:>8.2f} {total_full / total_floor:>11.1f}")


if __name__ == "__main__":
    main()
