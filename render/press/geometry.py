"""Where the type lands, measured from the PDF: inside the safe area, and never on other type.

Two named rules, on the ink of each page's glyphs (see pdfscan.Run):

- `safe-margin`: every run that prints on the page (crosses its trim box) has its ink
  inside the trim less the product's safe margin, where a guillotine's drift cannot cut
  it. Runs wholly outside the trim are the printer's marks in the slug, trimmed off by
  design. A file known without its product (no safe margin) is held to the trim itself
  (`trim`: text past it is cut off).
- `overlap`: no run lays more than INK_PT2 of its glyphs' ink over the glyphs of another
  run on a different baseline: one line of type drawn over another (a label over
  a heading, a description run into its title). Where two glyphs' boxes cross, their
  outlines decide (a Nastaliq stroke's box spans much paper it does not touch). Runs on one baseline are a line set in
  pieces, and may touch. Lines of one setting (the same size, most of a line or more
  apart) are not compared: a script's tails and stacks (Nastaliq), and accents over
  descenders, reach into the next line by the leading the designer chose.
"""

from __future__ import annotations

from collections import defaultdict

from .glyphs import Box, Glyph, shared_ink
from .pdfscan import PT_PER_MM, Run

SLACK_PT = 0.5  # rounding in the layout: a glyph this far into the margin is not a finding
# Two runs sharing less ink than this (pt²) only touch: an accent kissing a descender of
# the line above shares about a square point; a label drawn over a heading, dozens.
INK_PT2 = 1.5
SAME_BASELINE_PT = 0.5
LINE_EM = 0.9  # lines of one setting this far apart (in ems of their size) are its next lines
CELL_PT = 36.0  # the spatial grid overlap is found in: runs are looked up only near each other
SHOWN = 3  # findings of a rule named per page; the rest are counted


def safe_margin(runs: list[Run], trim: tuple[float, float, float, float], safe_mm: float) -> list[str]:
    """Runs that print but reach into the safe margin (or past the trim): what each is and where."""
    x0, y0, x1, y1 = trim
    safe = safe_mm * PT_PER_MM - SLACK_PT
    problems = []
    for run in runs:
        ink = run.ink
        if ink is None or ink[2] <= x0 or ink[0] >= x1 or ink[3] <= y0 or ink[1] >= y1:
            continue  # blank, or in the slug: a printer's mark
        gap = min(ink[0] - x0, ink[1] - y0, x1 - ink[2], y1 - ink[3])
        if gap < safe:
            edge = "past the trim" if gap < 0 else f"{gap / PT_PER_MM:.1f} mm from the trim"
            where = f"inside the {safe_mm:g} mm safe margin" if safe_mm else "cut off when the sheet is trimmed"
            problems.append(f"{run.size:.1f} pt text at {_at(ink, trim)} is {edge}, {where}")
    return _summary(problems)


def overlaps(runs: list[Run], trim: tuple[float, float, float, float]) -> list[str]:
    """Pairs of runs on different baselines whose glyphs cross: one drawn over the other."""
    inked = [(run, run.ink) for run in runs if run.ink is not None]
    grid: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, (_, ink) in enumerate(inked):
        for cell in _cells(ink):
            grid[cell].append(i)
    problems, seen = [], set()
    for cell_runs in grid.values():
        for a, i in enumerate(cell_runs):
            for j in cell_runs[a + 1 :]:
                if (i, j) in seen:
                    continue
                seen.add((i, j))
                (r, r_ink), (s, s_ink) = inked[i], inked[j]
                if abs(r.baseline - s.baseline) <= SAME_BASELINE_PT or min(crossing(r_ink, s_ink)) <= 0:
                    continue
                where = f"{r.size:.1f} pt text at {_at(r_ink, trim)} and {s.size:.1f} pt text at {_at(s_ink, trim)}"
                if abs(r.size - s.size) < 0.05 and abs(r.baseline - s.baseline) >= LINE_EM * r.size:
                    continue  # the next line of one setting (its leading is the designer's)
                area = _shared(r.glyphs, s.glyphs)
                if area > INK_PT2:
                    problems.append(f"{where} overlap: {area / PT_PER_MM**2:.2f} mm² of ink over ink")
    return _summary(sorted(problems))


def crossing(a: Box, b: Box) -> tuple[float, float]:
    """How far two boxes cross, across and up (negative: apart)."""
    return min(a[2], b[2]) - max(a[0], b[0]), min(a[3], b[3]) - max(a[1], b[1])


def _shared(a: tuple[Glyph, ...], b: tuple[Glyph, ...]) -> float:
    """The ink (pt²) the glyphs of one run lay over those of the other."""
    total = 0.0
    for g in a:
        for h in b:
            if min(crossing(g.box, h.box)) > 0:
                total += shared_ink(g, h)
    return total


def _cells(box: Box):
    for gx in range(int(box[0] // CELL_PT), int(box[2] // CELL_PT) + 1):
        for gy in range(int(box[1] // CELL_PT), int(box[3] // CELL_PT) + 1):
            yield gx, gy


def _at(box: Box, trim: tuple[float, float, float, float]) -> str:
    """A place as a print shop measures it: mm from the trim's top-left corner."""
    return f"({(box[0] - trim[0]) / PT_PER_MM:.1f}, {(trim[3] - box[3]) / PT_PER_MM:.1f}) mm"


def _summary(problems: list[str]) -> list[str]:
    if len(problems) <= SHOWN:
        return problems
    return problems[:SHOWN] + [f"... and {len(problems) - SHOWN} more on this page"]
