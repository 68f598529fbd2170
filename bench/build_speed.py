"""Benchmark: the English build against the engine's floor, cold, cached and after an edit.

Measured in one run on this machine, printed as ratios (absolute seconds on shared
machines mean little):

(a) floor: one plain WeasyPrint render (layout + PDF) of each output's final HTML, summed;
(b) a cold build (no cache) with -j1 and with -j2;
(c) a no-op build (everything cached), in process and as a command;
(d) a one-statement edit to a Level-2 card: rebuilding that card, and every output it touches;
(e) peak memory of a build process and of a worker.

Targets: cold -j2 <= 1.25 x floor / 2; no-op <= 0.1 x one poster render; the edited card
<= 1.5 x that card's plain render.

    .venv/bin/python bench/build_speed.py
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from render import api
from render.build.jobs import Hints, Workshop, make
from render.compose import Composer
from render.i18n.localise import Localiser
from render.options import BuildOptions, edition_date, plan
from render.paths import Paths
from render.press.finish import load_intent
from render.source import load_framework

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
EDIT = ("levels/level-2.yaml", "Offers support to the person in designing", "Offers support to the person in shaping")


def options(data: Path, out: Path, **what) -> BuildOptions:
    return BuildOptions(Paths(data, out), **what)


def floors(fw, products) -> dict[str, float]:
    """Seconds of one plain render + PDF write of each output's final HTML."""
    opts = options(DATA, Path("unused"))
    composer = Composer(fw, opts.paths, edition_date(fw))
    workshop = Workshop(opts, composer, load_intent())
    out = {}
    for job in plan(products, opts):
        result = make(workshop, job, Hints())
        t = Localiser("en")
        start = time.perf_counter()
        composer.pdf(composer.render(result.job, t, result.sizes))
        out[job.product.name] = time.perf_counter() - start
    return out


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    fw, products = load_framework(DATA)
    floor = floors(fw, products)
    total = sum(floor.values())
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        cold1 = timed(lambda: api.build(options(DATA, tmp / "j1", workers=1, use_cache=False)))
        rss_build = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        cold2 = timed(lambda: api.build(options(DATA, tmp / "j2", workers=2, use_cache=False)))
        rss_worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        noop = timed(lambda: api.build(options(DATA, tmp / "j1", workers=1)))
        start = time.perf_counter()
        command = [sys.executable, "-m", "render", "build", "--out", str(tmp / "j1")]
        subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
        noop_cli = time.perf_counter() - start
        # An editor's edit: one statement of Level 2, then the card (and then the rest it touches).
        data = tmp / "data"
        shutil.copytree(DATA, data)
        path, old, new = EDIT
        (data / path).write_text((data / path).read_text().replace(old, new, 1))
        edit_card = timed(lambda: api.build(options(data, tmp / "j1", products=("card-level-2",), workers=1)))
        done = []
        edit_all = timed(lambda: done.append(api.build(options(data, tmp / "j1", workers=1))))
        rebuilt = [d.path for d in done[0].built]

    poster, card_floor = floor["poster"], floor["card-level-2"]
    rows = [
        ("(a) floor: plain renders, summed", total, "1.00 x floor", ""),
        ("(b) cold build -j1", cold1, f"{cold1 / total:.2f} x floor", ""),
        ("(b) cold build -j2", cold2, f"{cold2 / (total / 2):.2f} x floor/2", _target(cold2 / (total / 2), 1.25)),
        ("(c) no-op build (in process)", noop, f"{noop / poster:.3f} x poster render", _target(noop / poster, 0.1)),
        ("(c) no-op build (command)", noop_cli, f"{noop_cli / poster:.3f} x poster render", ""),
        (
            "(d) edit: card-level-2 rebuilt",
            edit_card,
            f"{edit_card / card_floor:.2f} x card render",
            _target(edit_card / card_floor, 1.5),
        ),
        (f"(d) edit: all it touches ({len(rebuilt)})", edit_all, f"{edit_all / total:.2f} x floor", ""),
    ]
    print(f"{'measure':<38} {'seconds':>8}  {'ratio':<24} target")
    for name, seconds, ratio, target in rows:
        print(f"{name:<38} {seconds:>8.2f}  {ratio:<24} {target}")
    print(f"(e) peak memory: build process {rss_build:.0f} MB, worker {rss_worker:.0f} MB")
    print(f"plain renders: poster {poster:.2f} s, card-level-2 {card_floor:.2f} s; edit rebuilt {', '.join(rebuilt)}")


def _target(ratio: float, limit: float) -> str:
    return f"<= {limit}: {'met' if ratio <= limit else 'not met'}"


if __name__ == "__main__":
    main()
