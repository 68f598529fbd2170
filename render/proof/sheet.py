"""Proofs for editors: a picture of every page of a build on one HTML sheet, and what changed since another build.

Works on PDFs already built (OUT/build-report.json and the files it lists); never renders.
Pages are rasterised with raster.page_pngs (poppler), compared with Pillow.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import click
import pikepdf
from PIL import Image

from .. import templating
from ..paths import confined
from ..press import raster
from ..run.report import FILE as REPORT_FILE
from ..run.report import BuildReport, OutputEntry
from ..write import write_atomic, write_files
from .compare import changes_picture, image, page_differs, png_bytes, png_size

PROOF_DIR = "proof"  # under the build's output folder
SHEET = "index.html"
DRAWN = ".drawn.json"  # the SHA-256 of each PDF whose pages were last drawn, so unchanged ones are not redrawn
PROOF_PX = 600  # longer side of a page picture
README_PX = 260  # longer side of a README picture


@dataclass(frozen=True)
class PageProof:
    """One page: its picture (relative to the proof folder), whether it changed, its before/after picture."""

    number: int
    path: str | None  # None: the page exists only in the previous build
    size: tuple[int, int] = (0, 0)  # pixels of the picture
    changed: bool = False
    changes: str | None = None


@dataclass(frozen=True)
class OutputProof:
    """One output of the build report and its pages, compared with the previous build or not."""

    pdf: str  # path in the build folder, e.g. en/card-level-2.pdf
    product: str
    lang: str
    kind: str  # press, screen or large print
    pages: int
    page_size: str
    body: str
    status: str
    pictures: tuple[PageProof, ...]
    compared: bool = False
    previous_pages: int | None = None  # None: not in the previous build (or not compared)

    @property
    def folder(self) -> str:
        """Where its pictures go, relative to the proof folder: the PDF's path without .pdf."""
        return proof_folder(self.pdf)

    @property
    def anchor(self) -> str:
        return self.folder.replace("/", "-")

    @property
    def changed(self) -> tuple[int, ...]:
        """Numbers of the pages that changed (those only in the previous build included)."""
        return tuple(p.number for p in self.pictures if p.changed)

    @property
    def gone(self) -> tuple[PageProof, ...]:
        """Pages of the previous build beyond this build's last page."""
        return tuple(p for p in self.pictures if p.path is None)

    def change_text(self) -> str | None:
        """What changed since the previous build, e.g. "pages 2, 3 changed"; None when nothing did."""
        if not self.compared:
            return None
        if self.previous_pages is None:
            return f"new output ({_count(self.pages, 'page')}, not in the previous build)"
        if not self.changed:
            return None
        noun = "page" if len(self.changed) == 1 else "pages"
        text = f"{noun} {page_list(self.changed)} changed"
        if self.previous_pages != self.pages:
            text += f" (now {self.pages} pages, was {self.previous_pages})"
        return text

    def change_line(self) -> str | None:
        """One line for the terminal when something changed, e.g. "en/card-level-2.pdf: pages 2, 3 changed"."""
        text = self.change_text()
        return f"{self.pdf}: {text}" if text else None


@dataclass(frozen=True)
class Proof:
    """A whole proof: every output, the files to write (by path under the proof folder), what was compared."""

    outputs: tuple[OutputProof, ...]
    files: dict[str, bytes]
    against: str | None = None
    removed: tuple[str, ...] = ()  # outputs of the previous build that this one no longer has

    @property
    def changed_pages(self) -> int:
        return sum(len(o.changed) for o in self.outputs)

    @property
    def changed_outputs(self) -> tuple[OutputProof, ...]:
        return tuple(o for o in self.outputs if o.change_line())

    def summary(self) -> str:
        """How much changed since the previous build, in one sentence."""
        if not self.changed_outputs and not self.removed:
            return "no pages changed."
        text = (
            f"{_count(self.changed_pages, 'page')} changed in {len(self.changed_outputs)} of "
            f"{_count(len(self.outputs), 'output')}"
        )
        if self.removed:
            text += f"; {_count(len(self.removed), 'output')} no longer built"
        return text + "."


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def page_list(numbers: tuple[int, ...]) -> str:
    """Page numbers for people: "2, 3", "5–40" for a run of three or more."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 2 else ", ".join(map(str, r)) for r in runs)


def proof_folder(pdf: str) -> str:
    """The folder of an output's pictures, relative to the proof folder: en/large-print/booklet for its PDF."""
    return str(PurePosixPath(pdf).with_suffix(""))


def page_name(number: int, pages: int, suffix: str = "") -> str:
    """page-03.png (two digits at least, more for longer documents), or page-03-changes.png."""
    return f"page-{number:0{max(2, len(str(pages)))}d}{suffix}.png"


# -- the build report ------------------------------------------------------------------------------------------


def read_pdf(folder: Path, rel: str) -> bytes:
    """The bytes of a PDF the report lists (ClickException if it is missing)."""
    path = confined(folder / rel, folder, f"output {rel}")
    try:
        return path.read_bytes()
    except OSError as err:
        reason = "missing" if isinstance(err, FileNotFoundError) else err.strerror
        raise click.ClickException(f"{path}: listed in {folder / REPORT_FILE} but {reason}; rebuild") from None


def kind(entry: OutputEntry) -> str:
    """The form of an output for people: press, screen or large print."""
    return "large print" if entry.variant == "large-print" else entry.profile


def body_text(entry: OutputEntry) -> str:
    """The body size the fitter chose: one size, or one per matrix for cards."""
    if entry.body_pt_by_matrix:
        return ", ".join(f"{name} {pt:.1f} pt" for name, pt in entry.body_pt_by_matrix.items())
    if entry.body_pt is not None:
        return f"{entry.body_pt:.1f} pt"
    if entry.imposed_from:
        return f"as {entry.imposed_from}"
    return "–"


def size_text(entry: OutputEntry) -> str:
    """Page size in mm, e.g. 210 × 297 mm."""
    w, h = entry.page_size_mm
    return f"{w:g} × {h:g} mm"


def status_text(entry: OutputEntry) -> str:
    """Fit and preflight status as the report gives them."""
    parts = [f"fit {entry.status}"]
    if entry.preflight is not None:
        warnings = entry.preflight_warnings or 0
        parts.append(f"preflight {entry.preflight}" + (f", {_count(warnings, 'warning')}" if warnings else ""))
    if entry.standard:
        parts.append(f"{entry.standard} {entry.output_condition or ''}".strip())
    if entry.draft:
        parts.append(f"DRAFT, {_count(len(entry.fallbacks), 'string')} in English")
    return " · ".join(parts)


# -- the proof of one output and of a build (pure: bytes in, files out) -----------------------------------------


def proof_output(
    entry: OutputEntry, pngs: list[bytes], compared: bool = False, previous: list[bytes] | None = None
) -> tuple[OutputProof, dict[str, bytes]]:
    """The proof of one output from its page pictures (and the previous build's, if compared): model and files.

    With `compared`, `previous` None means the output is new: every page counts as changed.
    """
    pages = len(pngs)
    folder = proof_folder(entry.path)
    files: dict[str, bytes] = {}
    pictures = []
    old = previous if previous is not None else []
    for number in range(1, max(pages, len(old)) + 1):
        new_png = pngs[number - 1] if number <= pages else None
        old_png = old[number - 1] if number <= len(old) else None
        path = size = None
        if new_png is not None:
            path, size = f"{folder}/{page_name(number, pages)}", png_size(new_png)
            files[path] = new_png
        changed, changes = compared and previous is None, None  # a new output: every page is new
        if compared and previous is not None and page_differs(old_png, new_png):
            changed, changes = True, f"{folder}/{page_name(number, pages, '-changes')}"
            files[changes] = changes_picture(old_png, new_png)
        pictures.append(PageProof(number, path, size or (0, 0), changed, changes))
    output = OutputProof(
        pdf=entry.path,
        product=entry.product,
        lang=entry.lang,
        kind=kind(entry),
        pages=entry.pages,
        page_size=size_text(entry),
        body=body_text(entry),
        status=status_text(entry),
        pictures=tuple(pictures),
        compared=compared,
        previous_pages=len(previous) if previous is not None else None,
    )
    return output, files


SHEET_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Proofs{% if edition %} · {{ edition }}{% endif %}</title>
<style>
body { font: 15px/1.4 system-ui, sans-serif; margin: 1.5rem; color: #1a1a1a; background: #f4f4f2; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.15rem; margin: 0; }
h2 span { font-weight: normal; color: #555; }
table { border-collapse: collapse; margin: 1rem 0 2rem; background: #fff; }
th, td { text-align: left; padding: .25rem .75rem; border-bottom: 1px solid #ddd; vertical-align: top; }
td.n { text-align: right; }
td.k { white-space: nowrap; }
.changed-count { color: #c00; font-weight: bold; }
section { background: #fff; padding: 1rem; margin: 0 0 1.5rem; border: 1px solid #ddd; }
section.has-changes { border-color: #c00; }
.facts { margin: .25rem 0 .75rem; color: #444; }
.pages { display: flex; flex-wrap: wrap; gap: .75rem; }
figure { margin: 0; padding: 3px; border: 3px solid transparent; text-align: center; }
figure img { display: block; height: 180px; width: auto; box-shadow: 0 0 0 1px #bbb; background: #fff; }
figure.changed { border-color: #d00000; }
figcaption { font-size: .85rem; color: #555; }
figure.changed figcaption strong { color: #c00; }
.gone { color: #c00; }
</style>
</head>
<body>
<h1>Proofs{% if edition %} · {{ edition }}{% endif %}</h1>
<p>{{ outputs|length }} output{{ "" if outputs|length == 1 else "s" }}, {{ total }} pages
{%- if engine %}, {{ engine }}{% endif %}.
{%- if against %} Compared with <code>{{ against }}</code>: {{ summary }}{% endif %}</p>
{% if removed %}<p class="gone">No longer built: {{ removed|join(", ") }}</p>
{% endif %}
<table>
<tr><th>product</th><th>language</th><th>form</th><th>page size</th><th>pages</th><th>body</th><th>status</th>
{%- if against %}<th>changed pages</th>{% endif %}</tr>
{% for o in outputs %}<tr><td class="k"><a href="#{{ o.anchor }}">{{ o.product }}</a></td>
<td>{{ o.lang }}</td><td class="k">{{ o.kind }}</td><td class="k">{{ o.page_size }}</td><td class="n">{{ o.pages }}</td>
<td>{{ o.body }}</td><td>{{ o.status }}</td>
{%- if against %}<td class="n{% if o.changed %} changed-count{% endif %}">
{%- if o.previous_pages is none %}new{% else %}{{ o.changed|length }}{% endif %}</td>{% endif %}</tr>
{% endfor %}</table>
{% for o in outputs %}
<section id="{{ o.anchor }}"{% if o.changed %} class="has-changes"{% endif %}>
<h2>{{ o.product }} <span>· {{ o.lang }} · {{ o.kind }}</span></h2>
<p class="facts">{{ o.page_size }} · {{ o.pages }} page{{ "" if o.pages == 1 else "s" }}
 · body {{ o.body }} · {{ o.status }} · <a href="../{{ o.pdf }}">{{ o.pdf }}</a>
{%- if o.change_text() %} · <strong class="changed-count">{{ o.change_text() }}</strong>{% endif %}</p>
<div class="pages">
{% for p in o.pictures if p.path %}<figure{% if p.changed %} class="changed"{% endif %}>
<a href="{{ p.path }}"><img src="{{ p.path }}" width="{{ p.size[0] }}" height="{{ p.size[1] }}"
 loading="lazy" alt="{{ o.product }} page {{ p.number }}"></a>
<figcaption>{{ p.number }}
{%- if p.changed %} · <strong>changed</strong>{% endif %}
{%- if p.changes %} · <a href="{{ p.changes }}">before | after</a>{% endif %}</figcaption>
</figure>
{% endfor %}</div>
{% if o.gone %}<p class="gone">No longer in this build:
{%- for p in o.gone %} page {{ p.number }} (<a href="{{ p.changes }}">before | after</a>)
{{- "," if not loop.last }}{% endfor %}</p>
{% endif %}
</section>
{% endfor %}
</body>
</html>
"""


def sheet_html(proof: Proof, edition: str = "", engine: str = "") -> str:
    """The proof sheet: a table of outputs, then each output's pages as linked thumbnails, changes marked."""
    return (
        templating.environment()
        .from_string(SHEET_TEMPLATE)
        .render(
            outputs=proof.outputs,
            total=sum(o.pages for o in proof.outputs),
            against=proof.against,
            summary=proof.summary() if proof.against else "",
            removed=proof.removed,
            edition=edition,
            engine=engine,
        )
    )


# -- doing it ----------------------------------------------------------------------------------------------------


def load_build(folder: Path, hint: str = "") -> tuple[BuildReport, dict[str, bytes]]:
    """A build folder's report and the bytes of every PDF it lists, each checked (ClickException otherwise)."""
    report = BuildReport.read(folder, hint)
    pdfs = {}
    for entry in report.outputs:
        pdf = pdfs[entry.path] = read_pdf(folder, entry.path)
        try:
            with pikepdf.open(io.BytesIO(pdf)) as doc:
                pages = len(doc.pages)
        except pikepdf.PdfError as err:
            raise click.ClickException(f"{folder / entry.path}: not a readable PDF ({err}); rebuild") from None
        if pages != entry.pages:
            raise click.ClickException(
                f"{folder / entry.path}: {pages} pages, but the build report says {entry.pages}; rebuild"
            )
    return report, pdfs


def make_proof(out_dir: Path, against: Path | None = None, echo: Callable[[str], None] = print) -> Proof:
    """Write OUT/proof: every page of every output of the build report as PNG, and the sheet index.html."""
    report, pdfs = load_build(out_dir, f"build first (recovery-print build --out {out_dir})")
    old_pdfs: dict[str, bytes] = {}
    if against is not None:
        old_pdfs = load_build(against, "--against needs a previous build's output folder")[1]
    proof_dir = out_dir / PROOF_DIR
    drawn = _drawn(proof_dir)
    outputs, files = [], {}
    for entry in report.outputs:
        pdf = pdfs[entry.path]
        digest = hashlib.sha256(pdf).hexdigest()
        pngs = _pictures(proof_dir, entry, drawn.get(entry.path) == digest)
        if pngs is None:
            pngs = raster.page_pngs(pdf, PROOF_PX)
        drawn[entry.path] = digest
        old_pdf = old_pdfs.get(entry.path)
        old = None
        if old_pdf is not None:  # the same PDF gives the same pixels: no need to draw it twice
            old = pngs if old_pdf == pdf else raster.page_pngs(old_pdf, PROOF_PX)
        output, output_files = proof_output(entry, pngs, against is not None, old)
        echo(f"{proof_dir / output.folder}/: {_count(output.pages, 'page')}")
        outputs.append(output)
        files.update(output_files)
    removed = tuple(path for path in old_pdfs if path not in pdfs)
    proof = Proof(tuple(outputs), files, str(against) if against is not None else None, removed)
    html = sheet_html(proof, report.edition, report.engine)
    drawn = {path: digest for path, digest in sorted(drawn.items()) if path in pdfs}
    sheet = {SHEET: html.encode("utf-8"), DRAWN: (json.dumps(drawn, indent=1) + "\n").encode()}
    write_files(proof_dir, {**files, **sheet})  # all or none
    remove_stale(proof_dir, set(files))
    if against is not None:
        for output in proof.changed_outputs:
            echo(f"{output.pdf}: {output.change_text()}")
        for path in removed:
            echo(f"{path}: no longer built")
        echo(f"Compared with {against}: {proof.summary()}")
    pages = sum(o.pages for o in outputs)
    echo(f"{proof_dir / SHEET}: proof sheet of {_count(len(outputs), 'output')}, {_count(pages, 'page')}")
    return proof


def _drawn(proof_dir: Path) -> dict[str, str]:
    try:
        return dict(json.loads((proof_dir / DRAWN).read_text()))
    except (OSError, ValueError, TypeError):
        return {}


def _pictures(proof_dir: Path, entry: OutputEntry, unchanged: bool) -> list[bytes] | None:
    """The page pictures drawn last time for an unchanged PDF, if they are all still there."""
    if not unchanged:
        return None
    folder, pages = proof_folder(entry.path), entry.pages
    paths = [proof_dir / folder / page_name(n, pages) for n in range(1, pages + 1)]
    return [p.read_bytes() for p in paths] if all(p.is_file() for p in paths) else None


def remove_stale(proof_dir: Path, written: set[str]) -> None:
    """Remove page pictures a previous run left that this one did not write (fewer pages, no longer changed)."""
    for path in sorted(proof_dir.rglob("page-*.png")):
        if path.relative_to(proof_dir).as_posix() not in written:
            path.unlink()
    for folder in sorted((p for p in proof_dir.rglob("*") if p.is_dir()), key=lambda p: -len(p.parts)):
        if not any(folder.iterdir()):
            folder.rmdir()


def readme_entries(report: BuildReport) -> list[OutputEntry]:
    """The outputs pictured in the README: each product in English, standard press form (no imposed forms)."""
    return [
        e
        for e in report.outputs
        if e.lang == "en" and e.variant == "standard" and e.profile == "press" and not e.imposed_from
    ]


def readme_picture(pdf: bytes) -> bytes:
    """A small picture of a PDF's first page (longer side README_PX), in a palette to keep it small."""
    first = image(raster.page_pngs(pdf, README_PX, first=1, last=1)[0])
    return png_bytes(first.quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE))


def write_readme_pictures(out_dir: Path, folder: Path, echo: Callable[[str], None] = print) -> list[Path]:
    """Write FOLDER/<product>.png, the first page of each English standard press output, for the README."""
    entries = readme_entries(BuildReport.read(out_dir))
    if not entries:
        raise click.ClickException(
            f"{out_dir / REPORT_FILE}: no English press outputs to picture; run `recovery-print build` first"
        )
    written = []
    for entry in entries:
        path = folder / f"{entry.product}.png"
        write_atomic(path, readme_picture(read_pdf(out_dir, entry.path)))
        echo(f"{path}: written")
        written.append(path)
    return written
