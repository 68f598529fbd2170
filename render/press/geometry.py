"""Where the type lands, measured from the PDF: inside the safe area, and never on other type.

Two named rules, on the ink of each page's glyphs (see pdfscan.Run):

- `safe-margin`: every run that prints on the page (crosses its trim box) has its ink
  inside the trim less the product's safe margin, where a guillotine's drift cannot cut
  it. Runs wholly outside the trim are the printer's marks in the slug, trimmed off by
  design. A file known without its product (no safe margin) is held to the trim itself
  (`trim`: text past it is cut off).
- `overlap`: no run lays more than INK_PT2 of its glyphs' ink over the glyphs of another
  run: one line of type drawn over another (a label over a heading, a description run into
  its title), or two runs on one baseline drawn into each other (a foot's label over its
  folio, a draft mark over a page number). Where two glyphs' boxes cross, their outlines
  decide (a Nastaliq stroke's box spans much paper it does not touch). Runs on one baseline
  are compared only where their advances (where the pen moved) lie over each other by more
  than PIECES_EM: the pieces of one line are set side by side, and only a cursive join
  reaches back into the piece before. Lines of one setting
  (the same size, most of a line or more apart) are not compared: a script's tails and
  stacks (Nastaliq), and accents over descenders, reach into the next line by the leading
  the designer chose.
"""

from __future__ import annotations

from collections import defaultdict

from .glyphs import Box, Glyph, ink_inside, shared_ink
from .pdfscan import PT_PER_MM, Run

SLACK_PT = 0.5  # rounding in the layout: a glyph this far into the margin is not a finding
# Two runs sharing less ink than this (pt²) only touch: an accent kissing a descender of
# the line above shares about a square point; a label drawn over a heading, dozens.
INK_PT2 = 1.5
SAME_BASELINE_PT = 0.5
# Runs on one baseline whose advances lie over each other by more than this (in ems of the
# smaller) are two things drawn over each other: the pieces of one line meet, and only a
# cursive join reaches back into the piece before (Nastaliq's, about an eighth of an em; a
# fallback font's punctuation after a Nastaliq word, under a tenth); a card's level label run
# into its folio lay a fifth of an em and more over it.
PIECES_EM = 0.15
LINE_EM = 0.9  # lines of one setting this far apart (in ems of their size) are its next lines
CELL_PT = 36.0  # the spatial grid overlap is found in: runs are looked up only near each other
PANEL_PT = 2.0  # a filled box narrower than this is a rule or an underline, not a panel type sits on
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
                if min(crossing(r_ink, s_ink)) <= 0:
                    continue
                one_line = abs(r.baseline - s.baseline) <= SAME_BASELINE_PT
                if one_line and _pieces(r, s):
                    continue  # pieces of one line, side by side
                where = f"{r.size:.1f} pt text at {_at(r_ink, trim)} and {s.size:.1f} pt text at {_at(s_ink, trim)}"
                if not one_line and abs(r.size - s.size) < 0.05 and abs(r.baseline - s.baseline) >= LINE_EM * r.size:
                    continue  # the next line of one setting (its leading is the designer's)
                area = _shared(r.glyphs, s.glyphs)
                if area > INK_PT2:
                    how = "on one baseline run into each other" if one_line else "overlap"
                    problems.append(f"{where} {how}: {area / PT_PER_MM**2:.2f} mm² of ink over ink")
    return _summary(sorted(problems))


def covered(runs: list[Run], fills: list[tuple[Box, int]], trim: tuple[float, float, float, float]) -> list[str]:
    """Runs with ink under a fill painted after them (a box drawn over type), or running across
    the side of a filled box (a folio half on a draft mark's panel): type on a panel lies in it."""
    grid: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, run in enumerate(runs):
        if run.ink is not None:
            for cell in _cells(run.ink):
                grid[cell].append(i)
    problems, seen = [], set()
    for box, before in fills:
        if min(box[2] - box[0], box[3] - box[1]) < PANEL_PT:
            continue  # a rule, an underline: type may cross it
        for i in sorted({i for cell in _cells(box) for i in grid.get(cell, ())} - seen):
            run = runs[i]
            if min(crossing(run.ink, box)) <= 0:
                continue
            if i >= before and not _sideways(run, box):
                continue  # type set on a panel painted before it: the panel is its ground
            inside = sum(ink_inside(g, box) for g in run.glyphs if min(crossing(g.box, box)) > 0)
            if inside <= INK_PT2:
                continue
            if i < before:
                hidden = f"{inside / PT_PER_MM**2:.2f} mm² of ink hidden"
                how = f"is under a fill painted over it at {_at(box, trim)}: {hidden}"
            else:
                how = f"runs across the side of a filled box at {_at(box, trim)}"
            seen.add(i)
            problems.append(f"{run.size:.1f} pt text at {_at(run.ink, trim)} {how}")
    return _summary(sorted(problems))


def _sideways(run: Run, box: Box) -> bool:
    """Whether a line of type is set across a box's side: on a baseline within the box, its
    advance both in and out of it (an accent or a descender reaching into a panel above or
    below is not, nor a swash reaching past the advance it was set in)."""
    if not box[1] < run.baseline < box[3]:
        return False
    start, end = min(run.x0, run.x1), max(run.x0, run.x1)
    return any(start < edge - SLACK_PT and end > edge + SLACK_PT for edge in (box[0], box[2]))


def _pieces(r: Run, s: Run) -> bool:
    """Whether two runs on one baseline are pieces of one line: set side by side, their
    advances meet, or one reaches back into the other by a cursive join (under PIECES_EM);
    or, in one font, both start at one point (a cluster drawn a glyph at a time, as Nastaliq's)."""
    over = _advance_overlap(r, s)
    if over <= max(SAME_BASELINE_PT, PIECES_EM * min(r.size, s.size)):
        return True
    return r.font == s.font and abs(r.size - s.size) < 0.05 and abs(r.x0 - s.x0) < 0.1


def _advance_overlap(r: Run, s: Run) -> float:
    """How far two runs' advances (where the pen moved) lie over each other, in pt."""
    return min(max(r.x0, r.x1), max(s.x0, s.x1)) - max(min(r.x0, r.x1), min(s.x0, s.x1))


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
