"""What the command line shows of a build: a progress bar (or a line per output) and the final table."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

from .run.report import Done
from .run.runner import Step
from .source.products import WHOLE


class Progress:
    """Reports each finished output: a one-line bar on a terminal, else a line each."""

    def __init__(self, echo: Callable[[str], None], bar: bool):
        self.echo, self.bar, self.start = echo, bar, time.perf_counter()

    def __call__(self, step: Step) -> None:
        if step.error is not None:
            self.echo(f"{step.job.label}: FAILED")
        elif not self.bar:
            self.echo(line(step))
        for warning in step.result.warnings if step.result else ():
            self.echo(f"warning: {warning}")
        if self.bar:
            width = 30
            filled = width * step.n // step.total
            elapsed = time.perf_counter() - self.start
            bar = "#" * filled + "." * (width - filled)
            text = f"\r[{bar}] {step.n}/{step.total} {elapsed:5.1f} s  {step.job.label[:40]:<40}"
            sys.stderr.write(text + ("\n" if step.n == step.total else ""))
            sys.stderr.flush()


def line(step: Step) -> str:
    """One finished output: its pages, body sizes, layout passes and time."""
    r = step.result
    sizes = ", ".join(f"{v:.1f} pt" if k == WHOLE else f"{k} {v:.1f} pt" for k, v in r.sizes.items())
    refits = f" ({r.refits} after a layout stood taller than measured)" if r.refits else ""
    return (
        f"[{step.n}/{step.total}] {r.job.label}: {r.pages} page(s), body {sizes}, "
        f"{r.passes} layout pass{'' if r.passes == 1 else 'es'}{refits}, {r.seconds:.1f} s"
    )


def table(done: tuple[Done, ...], out_dir: Path) -> list[str]:
    """The final table: output, pages, file size, time, and whether it was built or kept; then
    why each output that took a longer form did not keep its shorter one."""
    rows = []
    for d in done:
        for entry in d.entries:
            file = out_dir / entry.path
            size = _size(file.stat().st_size) if file.is_file() else "-"
            seconds = f"{d.seconds:.1f} s" if d.status == "built" and entry is d.entries[0] else ""
            rows.append((entry.path, str(entry.pages), size, seconds, d.status))
    if not rows:
        return []
    head = ("output", "pages", "size", "time", "")
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(5)]

    def fmt(r: tuple) -> str:
        a, b, c, d = widths[:4]
        return f"{r[0]:<{a}}  {r[1]:>{b}}  {r[2]:>{c}}  {r[3]:>{d}}  {r[4]}".rstrip()

    entries = [e for d in done for e in d.entries]
    notes = [f"{e.path}: {e.pages} pages, not shorter: {e.form_reason}" for e in entries if e.form_reason]
    notes += [f"{e.path}: one sheet with its masthead smaller: {e.masthead}" for e in entries if e.masthead]
    notes += [f"{e.path}: {room(e.headroom_mm)}" for e in entries if e.headroom_mm]
    return [fmt(head), *(fmt(r) for r in rows), *notes]


def room(headroom: list[float]) -> str:
    """A one-sheet poster's room to grow before a second sheet, in words."""
    spare, least = headroom
    return f"{spare:.0f} mm to spare at the floor before a second sheet ({least:.0f} mm, the masthead at its floors)"


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{n / 1e3:.0f} kB"
