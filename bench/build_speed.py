"""Benchmark: the English build against the engine's floor, cold, cached and after an edit;
every language; memory. Printed as ratios from one run (absolute seconds on shared
machines mean little):

(a) floor: one plain WeasyPrint render (layout + PDF) of each output's final HTML, as
    `build --html` writes it (`weasyprint DIR/en/poster.html` lays it out alike), summed;
(b) a cold build (no cache) with -j1 and with -j2, and its layout passes per output;
(c) a no-op build (everything cached), in process and as a command;
(d) a one-statement edit to a Level-2 card: rebuilding that card, and every output it
    touches, with their layout passes;
(e) peak memory of a cold -j1 build process against a plain render of the poster;
(f) every language (each catalogue, as drafts): -j1 against -j2.

Targets: cold -j1 <= 1.3 x floor and -j2 <= 1.3 x floor / 2; the edited card <= 1.3 x its
plain render; layout passes <= 1.3 per output cold and <= 1.2 after the edit; memory <= 1.42
x the poster's; every language -j2 >= 1.8 x faster than -j1; no-op <= 0.1 x a poster render.

    .venv/bin/python bench/build_speed.py [--no-languages]   (--no-languages: skip (f))
"""

from __future__ import annotations

import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from render import api
from render.options import BuildOptions
from render.paths import Paths

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
EDIT = ("levels/level-2.yaml", "Offers support to the person in designing", "Offers support to the person in shaping")
LANGS = tuple(sorted(p.stem for p in (ROOT / "translations").glob("*.po") if "-X" not in p.stem))
PLAIN = "import resource, sys, weasyprint; weasyprint.HTML(filename=sys.argv[1]).write_pdf(sys.argv[2]); "
PLAIN += "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"


def options(data: Path, out: Path, **what) -> BuildOptions:
    return BuildOptions(Paths(data, out), **what)


def floors(html: Path) -> dict[str, float]:
    """Seconds of one plain render + PDF write of each output's final HTML, in process."""
    import weasyprint

    out = {}
    for page in sorted(html.rglob("*.html")):
        start = time.perf_counter()
        weasyprint.HTML(filename=page).write_pdf()
        out[page.stem] = time.perf_counter() - start
    return out


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def passes(report) -> list[int]:
    return [d.result.passes for d in report.built]


def child_rss_mb(command: list[str]) -> float:
    """Peak memory of a command, as the kernel counts it for the (one) child it starts."""
    code = "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, capture_output=True); "
    code += "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    done = subprocess.run([sys.executable, "-c", code, *command], cwd=ROOT, check=True, capture_output=True, text=True)
    return int(done.stdout.split()[-1]) / 1024


def main(languages: bool = True) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        api.build(options(DATA, tmp / "html-build", workers=2, html_dir=tmp / "html"))
        floor = floors(tmp / "html")
        total = sum(floor.values())
        reports = []
        cold1 = timed(lambda: reports.append(api.build(options(DATA, tmp / "j1", workers=1, use_cache=False))))
        cold2 = timed(lambda: api.build(options(DATA, tmp / "j2", workers=2, use_cache=False)))
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
        edited = []
        edit_card = timed(
            lambda: edited.append(api.build(options(data, tmp / "j1", products=("card-level-2",), workers=1)))
        )
        edit_all = timed(lambda: edited.append(api.build(options(data, tmp / "j1", workers=1))))
        rebuilt = [d.path for d in edited[1].built]
        # Memory: a cold -j1 build process against a plain render of the poster, each a process of its own.
        build_rss = child_rss_mb(
            [sys.executable, "-m", "render", "build", "-j", "1", "--no-cache", "--out", str(tmp / "m")]
        )
        poster_html = str(tmp / "html" / "en" / "poster.html")
        poster_rss = child_rss_mb([sys.executable, "-c", PLAIN, poster_html, str(tmp / "plain.pdf")])
        # Every language, as drafts, -j1 then -j2.
        all1 = all2 = outputs_all = 0
        if languages:
            every = dict(langs=("en", *LANGS), draft=True, use_cache=False)
            all1 = timed(lambda: api.build(options(DATA, tmp / "all1", workers=1, **every)))
            all2 = timed(lambda: api.build(options(DATA, tmp / "all2", workers=2, **every)))
            outputs_all = len(json.loads((tmp / "all1" / "build-report.json").read_text())["outputs"])

    poster, card_floor = floor["poster"], floor["card-level-2"]
    cold_passes, edit_passes = passes(reports[0]), passes(edited[0]) + passes(edited[1])
    rows = [
        ("(a) floor: plain renders, summed", total, "1.00 x floor", ""),
        ("(b) cold build -j1", cold1, f"{cold1 / total:.2f} x floor", _target(cold1 / total, 1.3)),
        ("(b) cold build -j2", cold2, f"{cold2 / (total / 2):.2f} x floor/2", _target(cold2 / (total / 2), 1.3)),
        ("(c) no-op build (in process)", noop, f"{noop / poster:.3f} x poster render", _target(noop / poster, 0.1)),
        ("(c) no-op build (command)", noop_cli, f"{noop_cli / poster:.3f} x poster render", ""),
        (
            "(d) edit: card-level-2 rebuilt",
            edit_card,
            f"{edit_card / card_floor:.2f} x card render",
            _target(edit_card / card_floor, 1.3),
        ),
        (f"(d) edit: all it touches ({len(rebuilt)})", edit_all, f"{edit_all / total:.2f} x floor", ""),
    ]
    if languages:
        rows += [
            (f"(f) every language -j1 ({outputs_all} files)", all1, "1.00", ""),
            ("(f) every language -j2", all2, f"{all1 / all2:.2f} x faster", _at_least(all1 / all2, 1.8)),
        ]
    print(f"{'measure':<40} {'seconds':>8}  {'ratio':<24} target")
    for name, seconds, ratio, target in rows:
        print(f"{name:<40} {seconds:>8.2f}  {ratio:<24} {target}")
    cold_avg, edit_avg = sum(cold_passes) / len(cold_passes), sum(edit_passes) / len(edit_passes)
    print(f"(b) layout passes per output, cold: {cold_avg:.2f} {cold_passes} {_target(cold_avg, 1.3)}")
    refits = [d.result.refits for d in reports[0].built]
    print(f"(b) layouts that stood taller than measured (refits), cold: {sum(refits)}")
    print(f"(d) layout passes per output, after the edit: {edit_avg:.2f} {edit_passes} {_target(edit_avg, 1.2)}")
    ratio = build_rss / poster_rss
    print(f"(e) peak memory: build {build_rss:.0f} MB, plain poster render {poster_rss:.0f} MB: {ratio:.2f} x", end=" ")
    print(_target(ratio, 1.42))
    print(f"plain renders: poster {poster:.2f} s, card-level-2 {card_floor:.2f} s; edit rebuilt {', '.join(rebuilt)}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"languages: en, {', '.join(LANGS)}; this process's peak {peak} MB")


def _target(ratio: float, limit: float) -> str:
    return f"<= {limit}: {'met' if ratio <= limit else 'not met'}"


def _at_least(ratio: float, limit: float) -> str:
    return f">= {limit}: {'met' if ratio >= limit else 'not met'}"


if __name__ == "__main__":
    main(languages="--no-languages" not in sys.argv[1:])
