"""Lay out: turn the model into the HTML of one product (Jinja, autoescaped, strict)."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import jinja2

from .localise import Localiser
from .model import Framework
from .products import Product

PROJECT = Path(__file__).resolve().parent.parent
TEMPLATES = PROJECT / "templates"
STYLES = PROJECT / "styles"
MM_PER_PT = 25.4 / 72
# Estimates for sizing matrix columns (in em of the body size), close to Noto Sans
# at the stylesheet's leading, bullet indent and cell padding.
MIN_COLUMN = 6.0  # percent of the grid
CHAR_EM = 0.5
CELL_INSET_EM = 1.4
LINE_EM = 1.16
GAP_EM = 0.1
LABEL_COLUMN_MM = 20.0


def environment(extra_template_dirs: tuple[Path, ...] = ()) -> jinja2.Environment:
    """The Jinja environment: user template folders first, then the project's own."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader([*map(str, extra_template_dirs), str(TEMPLATES)]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def column_widths(
    fw: Framework, t: Localiser, level: int, matrix: str, grid_mm: float, body_pt: float
) -> dict[str, float]:
    """Component column widths (percent of the grid) for one level's matrix.

    A matrix row is as tall as its tallest cell, so the columns are sized to even the
    cells of each row out: a local search minimising the summed row heights, with
    each cell's height estimated from its statements' lengths at this body size
    (whole lines per statement, as the text will wrap). No column drops below MIN_COLUMN.
    """
    grid_em = grid_mm / (body_pt * MM_PER_PT)
    lengths = [
        [[len(t(s.text)) for s in fw.cell(level, matrix, p.id, c.id).statements] for c in fw.components]
        for p in fw.perspectives
    ]
    n = len(fw.components)
    widths = [100.0 / n] * n

    def cell_em(statements: list[int], percent: float) -> float:
        per_line = max(1.0, (percent / 100 * grid_em - CELL_INSET_EM) / CHAR_EM)
        return sum(math.ceil(k / per_line) * LINE_EM + GAP_EM for k in statements)

    def height(w: list[float]) -> float:
        return sum(max(cell_em(row[i], w[i]) for i in range(n)) for row in lengths)

    best, step = height(widths), 4.0
    while step > 0.05:
        improved = False
        for i in range(n):
            for j in range(n):
                if i == j or widths[j] - step < MIN_COLUMN:
                    continue
                widths[i] += step
                widths[j] -= step
                trial = height(widths)
                if trial < best - 1e-9:
                    best, improved = trial, True
                else:
                    widths[i] -= step
                    widths[j] += step
        if not improved:
            step /= 2
    return {c.id: round(w, 3) for c, w in zip(fw.components, widths, strict=True)}


def render_html(
    fw: Framework,
    product: Product,
    t: Localiser,
    *,
    body_pt: float,
    slack_mm: float = 0.0,
    date: dt.date | None = None,
    env: jinja2.Environment | None = None,
) -> str:
    """The complete HTML of one product at one body size."""
    env = env or environment()
    template = env.get_template(product.template)
    grid_mm = product.trim_mm[0] - product.margins_mm[1] - product.margins_mm[3] - LABEL_COLUMN_MM
    return template.render(
        fw=fw,
        product=product,
        t=t,
        lang=t.html_lang,
        dir=t.direction,
        body_pt=body_pt,
        slack_mm=slack_mm,
        columns=lambda level, matrix: column_widths(fw, t, level, matrix, grid_mm, body_pt),
        date=date or fw.edition.revised,
        revised_text=format_date(fw.edition.revised),
    )


def format_date(day: dt.date) -> str:
    """An edition date as printed: 26 November 2026."""
    return f"{day.day} {day:%B %Y}"
