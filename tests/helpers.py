"""What the tests share: where the data sets are, building them, reading PDFs back."""

from __future__ import annotations

import fcntl
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from render import api
from render.cli import cli
from render.options import BuildOptions
from render.paths import Paths, Theme

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "data"  # the shipped data: every product as printed
MINI = ROOT / "tests" / "data"  # two levels, three components: fast to build
MINI_PRODUCTS = (
    "poster",
    "card-level-1",
    "card-level-2",
    "booklet",
    *(f"leaflet-{p}" for p in ("person", "clinicians", "community")),
)
CATALOGUES = ROOT / "translations"
MM = 72 / 25.4


def options(data: Path = MINI, out: Path = Path("output"), *, catalogues: Path = CATALOGUES, theme=None, **what):
    """BuildOptions for a test: one worker unless asked, the shipped catalogues."""
    paths = Paths(data, out, catalogues, theme or Theme())
    return BuildOptions(paths, **{"workers": 1, **what})


def build(data: Path, out: Path, **what):
    """Build into `out` (see options) and return the Report."""
    return api.build(options(data, out, **what))


def run(*args: str):
    """The command line, in process: (exit code, output)."""
    result = CliRunner().invoke(cli, [str(a) for a in args])
    return result.exit_code, result.output


def shared_folder(base: Path, name: str, make: Callable[[Path], None]) -> Path:
    """A folder made once per test run and shared by its worker processes (the first makes it)."""
    root = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    folder, done = root / name, root / f"{name}.done"
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            make(folder)
            done.touch()
    return folder


# A product of each layout of the small data set (grid, matrix card, running text, folded
# leaflet; the press builds add the booklet's and leaflet's imposed forms): the drafts that the
# validators check and the pictures show. The other levels and audiences are the same
# templates; scripts/language_matrix.py builds and checks every product of every language.
DRAFTED_MINI = ("poster", "card-level-1", "booklet", "leaflet-person")


def mini_drafts(base: Path, profile: str = "press") -> Path:
    """DRAFTED_MINI as Polish and Urdu drafts, built once per test run and shared (see shared_folder)."""
    make = lambda out: build(  # noqa: E731
        MINI, out, langs=("pl", "ur"), products=DRAFTED_MINI, draft=True, profile=profile, workers=2
    )
    return shared_folder(base, f"mini-drafts-{profile}", make)


def mini_large_print(base: Path, size: int = 16) -> Path:
    """Every large-print product of the small data set at a body size, built once per test run and shared."""
    make = lambda out: build(MINI, out, variant="large-print", large_print_pt=size)  # noqa: E731
    return shared_folder(base, f"mini-large-{size}", make)


def copy_build(source: Path, target: Path) -> Path:
    """A writable copy of a build folder (PDFs, report, cache), without its proofs."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("proof", "*.lock"))
    return target


def pdfs(folder: Path) -> dict[str, bytes]:
    """Every PDF under a folder, by path relative to it."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*.pdf"))}


def line_of(path: Path, needle: str) -> int:
    """1-based number of the first line containing needle."""
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return n
    raise AssertionError(f"{needle!r} not in {path}")


def replace_in(path: Path, old: str, new: str) -> None:
    """Replace the first `old` in a file (which must hold it)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def page_texts(path: Path, product=None) -> list[str]:
    """Each page's text, squashed, from poppler's pdftotext (fast): in drawing order (which keeps
    table cells whole) within the BleedBox; with a product, in reading order and only what lies
    between its top and bottom margins (no running heads or folios, so text runs on across pages)."""
    import pikepdf

    with pikepdf.open(path) as pdf:
        page = pdf.pages[0].obj
        media = [float(v) for v in page.MediaBox]
        bleed = [float(v) for v in page.get("/BleedBox", page.MediaBox)]
    x, y, w, h = bleed[0] - media[0], media[3] - bleed[3], bleed[2] - bleed[0], bleed[3] - bleed[1]
    if product is None:
        return [squash(text) for text in region_texts(path, (x, y, w, h))]
    y += (product.bleed_mm + product.margins_mm[0]) * MM
    h -= (2 * product.bleed_mm + product.margins_mm[0] + product.margins_mm[2]) * MM
    return [squash(text) for text in region_texts(path, (x, y, w, h), raw=False)]


def region_texts(path: Path, region: tuple[float, float, float, float], raw: bool = True) -> list[str]:
    """The text of one region (x, y from the page's top left, width, height, in points) of every
    page, with poppler's pdftotext: in drawing order, or (raw=False) in reading order."""
    import subprocess

    x, y, w, h = (f"{v:.0f}" for v in region)
    crop = ["-r", "72", "-x", x, "-y", y, "-W", w, "-H", h]
    order = ["-raw"] if raw else []
    done = subprocess.run(
        ["pdftotext", *order, "-enc", "UTF-8", *crop, str(path), "-"], capture_output=True, check=True
    )
    return done.stdout.decode("utf-8").split("\f")[:-1]


def printed(page):
    """A pdfplumber page cut to its BleedBox: what is printed, without the marks and slug
    line a press PDF carries outside it."""
    return page.crop(page.bleedbox)


def squash(text: str) -> str:
    """Text with whitespace and hyphens removed: immune to line breaks and hyphenation."""
    return re.sub(r"[\s\-\u00ad\u2010]+", "", text)
