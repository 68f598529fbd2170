"""Command-line wiring only: each command calls plain functions of the pipeline."""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

import click

from . import __version__
from .products import LARGE_PRINT_SIZES

CATALOGUES = click.option(
    "--catalogues",
    "directory",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Folder of translation catalogues (default: translations/).",
)
DATA = click.option(
    "--data",
    "data_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("data"),
    show_default=True,
    help="Folder of framework data.",
)


OUT = click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("output"),
    show_default=True,
    help="The build's output folder: PDFs, build-report.json, proof/.",
)
PRODUCTS = click.option(
    "--product", "products", multiple=True, metavar="NAME", help="Product (repeatable; default: all)."
)
LANGS = click.option("--lang", "langs", multiple=True, metavar="CODE", help="Language (repeatable; default: en).")
WORKERS = click.option(
    "-j",
    "--jobs",
    "workers",
    type=click.IntRange(1, 64),
    default=None,
    help="Outputs made at once, in parallel processes (default: one per core).",
)


def run_options(f):
    """-j and --no-cache: how a build runs."""
    f = click.option("--no-cache", is_flag=True, help="Make every output, even those whose inputs have not changed.")(f)
    return WORKERS(f)


def press_options(f):
    """--icc, --output-condition, --bleed, --no-slug: how press PDFs are finished."""
    f = click.option("--no-slug", is_flag=True, help="Leave out the slug line below each press page.")(f)
    f = click.option(
        "--bleed",
        "bleed_mm",
        type=click.FloatRange(0, 20),
        default=None,
        help="Bleed in mm on every side (default: each product's, 3 mm).",
    )(f)
    f = click.option(
        "--output-condition",
        "condition",
        metavar="NAME",
        default=None,
        help="OutputConditionIdentifier of --icc (e.g. FOGRA51); default FOGRA39 for the default profile.",
    )(f)
    return click.option(
        "--icc",
        type=click.Path(path_type=Path, dir_okay=False),
        default=None,
        help="CMYK output ICC profile for press PDFs (default: FOGRA39, made by `make setup`).",
    )(f)


def _press(icc: Path | None, condition: str | None, no_slug: bool):
    from .build import PressOptions

    return PressOptions(icc=icc, condition=condition, slug=not no_slug)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.version_option(__version__, prog_name="recovery-print")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Build print products of the Emerging Best Practices in Mental Health Recovery framework."""
    ctx.obj = {"debug": debug}


@cli.command()
@PRODUCTS
@LANGS
@click.option("--draft", is_flag=True, help="Build incomplete languages: English fallbacks, every page marked DRAFT.")
@click.option(
    "--profile",
    type=click.Choice(["press", "screen"]),
    default="press",
    show_default=True,
    help="press: for the printer; screen: tagged PDF/UA for reading on screen (OUT/<lang>/screen/).",
)
@click.option(
    "--variant",
    type=click.Choice(["standard", "large-print"]),
    default="standard",
    show_default=True,
    help="large-print: A4, one column, large type, tagged (OUT/<lang>/large-print/).",
)
@click.option(
    "--large-print-size",
    "large_print_pt",
    type=click.Choice([str(n) for n in LARGE_PRINT_SIZES]),
    default="16",
    show_default=True,
    help="Body size of the large-print variant, in points.",
)
@DATA
@OUT
@click.option(
    "--templates",
    "template_dirs",
    multiple=True,
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="Folder of templates that override the project's (repeatable).",
)
@CATALOGUES
@press_options
@run_options
def build(
    products: tuple[str, ...],
    langs: tuple[str, ...],
    draft: bool,
    profile: str,
    variant: str,
    large_print_pt: str,
    data_dir: Path,
    out_dir: Path,
    template_dirs: tuple[Path, ...],
    directory: Path | None,
    icc: Path | None,
    condition: str | None,
    bleed_mm: float | None,
    no_slug: bool,
    workers: int | None,
    no_cache: bool,
) -> None:
    """Build products into OUT/<lang>/<product>.pdf and OUT/build-report.json.

    Only outputs whose inputs changed since the last build into OUT are made again;
    they are made in parallel processes (-j).

    Press PDFs (the default profile) are PDF/X-4 in CMYK with an output intent, crop
    marks and a slug line outside the bleed, and each is preflighted before it is written.
    """
    from .build import plan
    from .load import load_framework

    fw, specs = load_framework(data_dir)
    jobs = plan(specs, products, langs, draft, profile, variant, float(large_print_pt), bleed_mm)
    press = _press(icc, condition, no_slug)
    _run(fw, jobs, data_dir, out_dir, template_dirs, directory, press, workers, no_cache)


def _run(fw, jobs, data_dir, out_dir, template_dirs, directory, press, workers, no_cache, quiet=False):
    """Run a build with the command line's progress display and final table."""
    from .run import build as run_build
    from .run import default_workers, table

    progress = sys.stderr.isatty() and not quiet
    done = run_build(
        fw,
        jobs,
        data_dir,
        out_dir,
        template_dirs,
        echo=(lambda _: None) if quiet else click.echo,
        catalogues=directory,
        press_options=press,
        workers=workers or default_workers(),
        use_cache=not no_cache,
        progress=progress,
    )
    if not quiet:
        for line in table(done, out_dir):
            click.echo(line)
        built = sum(d.status == "built" for d in done)
        click.echo(f"{built} output(s) built, {len(done) - built} unchanged; in {out_dir}/")
    return done


@cli.command()
@DATA
@click.option("--strict", is_flag=True, help="Treat editorial warnings as errors (exit 1 if any).")
def check(data_dir: Path, strict: bool) -> None:
    """Validate the data folder (exit 1 on any problem), then print editorial warnings."""
    from .errors import LintError
    from .lint import lint
    from .load import load_framework

    fw, products = load_framework(data_dir)
    click.echo(
        f"{data_dir}: OK: {len(fw.levels)} levels, {len(fw.components)} components, "
        f"{len(fw.cells)} cells, {len(fw.statements())} statements, "
        f"{len(fw.sections)} prose sections, {len(products)} products"
    )
    warnings = lint(fw)
    for finding in warnings:
        click.echo(str(finding))
    if strict and warnings:
        raise LintError(len(warnings))
    click.echo(f"{len(warnings)} warning{'' if len(warnings) == 1 else 's'}")


@cli.command("products")
@DATA
def list_products(data_dir: Path) -> None:
    """List the products with their trim size and page count."""
    from .load import load_framework

    _, products = load_framework(data_dir)
    width = max(len(n) for n in products)
    for p in products.values():
        w, h = p.trim_mm
        pages = f"{p.pages} page(s)" if p.pages else f"pages in {p.page_multiple}s"
        click.echo(f"{p.name:<{width}}  {w:g} x {h:g} mm  {pages:<14}  bleed {p.bleed_mm:g} mm  {p.title}")


@cli.group()
def i18n() -> None:
    """Translation catalogues (translations/*.po): extract, update, status, pseudo."""


def _write_catalogues(data_dir: Path, directory: Path | None, make) -> None:
    """Load the data, let `make(i18n module, template, folder)` produce catalogue files, write them."""
    from . import i18n as cat
    from .load import load_framework
    from .write import write_atomic

    fw, products = load_framework(data_dir)
    directory = directory or cat.CATALOGUES
    template = cat.template(fw, products)
    for name, data in make(cat, template, directory).items():
        write_atomic(directory / name, data)
        click.echo(f"{directory / name}: written")


@i18n.command()
@DATA
@CATALOGUES
def extract(data_dir: Path, directory: Path | None) -> None:
    """Write the template of every visible string (messages.pot)."""
    _write_catalogues(data_dir, directory, lambda cat, template, _: {cat.TEMPLATE_NAME: cat.po_bytes(template)})


@i18n.command()
@DATA
@CATALOGUES
def update(data_dir: Path, directory: Path | None) -> None:
    """Extract, then merge the template into every language's catalogue."""
    _write_catalogues(data_dir, directory, lambda cat, template, folder: cat.update(template, folder))


@i18n.command()
@DATA
@CATALOGUES
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def status(data_dir: Path, directory: Path | None, as_json: bool) -> None:
    """Per language: translated, fuzzy and untranslated messages and words; complete products."""
    import json

    from . import i18n as cat
    from .load import load_framework

    fw, products = load_framework(data_dir)
    rows = cat.status(fw, products, directory or cat.CATALOGUES)
    if as_json:
        click.echo(json.dumps({"languages": rows}, indent=2))
        return
    for r in rows:
        click.echo(
            f"{r['lang']:<6} translated {r['translated']} ({r['translated_words']} words), "
            f"fuzzy {r['fuzzy']} ({r['fuzzy_words']} words), "
            f"untranslated {r['untranslated']} ({r['untranslated_words']} words); "
            f"complete: {', '.join(r['complete_products']) or 'none'}"
        )


@i18n.command()
@DATA
@CATALOGUES
def pseudo(data_dir: Path, directory: Path | None) -> None:
    """Write the pseudo-locales en-XA (accented, longer) and ar-XB (right to left)."""
    _write_catalogues(data_dir, directory, lambda cat, template, _: cat.pseudo(template))


@cli.command("diff")
@click.argument("old")
@click.argument("new")
@click.option(
    "--html",
    "html_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    metavar="FILE",
    help="Write a standalone HTML page to FILE instead of Markdown to standard output.",
)
def diff_command(old: str, new: str, html_path: Path | None) -> None:
    """What changed from edition OLD to NEW (each a data folder or a git revision): statements and prose."""
    from .diff import diff_editions, load_edition, to_html, to_markdown
    from .write import write_atomic

    old_fw, old_source = load_edition(old)
    new_fw, new_source = load_edition(new)
    result = diff_editions(old_fw, new_fw, old_source, new_source)
    if html_path is None:
        click.echo(to_markdown(result), nl=False)
        return
    write_atomic(html_path, to_html(result).encode("utf-8"))
    click.echo(f"{html_path}: written ({result.summary()})")


@cli.command("watch")
@PRODUCTS
@LANGS
@click.option("--draft", is_flag=True, help="Build incomplete languages with English fallbacks.")
@DATA
@OUT
@CATALOGUES
@WORKERS
def watch_command(
    products: tuple[str, ...],
    langs: tuple[str, ...],
    draft: bool,
    data_dir: Path,
    out_dir: Path,
    directory: Path | None,
    workers: int | None,
) -> None:
    """Build, then rebuild what each saved change affects and refresh OUT/proof/index.html."""
    from . import i18n as cat
    from . import layout
    from .watch import watch

    def rebuild() -> None:
        import time

        from .build import plan
        from .load import load_framework
        from .proof import make_proof

        start = time.perf_counter()
        fw, specs = load_framework(data_dir)
        jobs = plan(specs, products, langs, draft)
        done = _run(fw, jobs, data_dir, out_dir, (), directory, _press(None, None, False), workers, False, True)
        built = [d.path for d in done if d.status == "built"]
        make_proof(out_dir, echo=lambda _: None)
        seconds = time.perf_counter() - start
        what = ", ".join(built) if built else "nothing changed"
        click.echo(f"Built {what} in {seconds:.1f} s; proofs: {out_dir / 'proof' / 'index.html'}")

    folders = (data_dir, layout.TEMPLATES, layout.STYLES, directory or cat.CATALOGUES)
    try:
        watch(folders, rebuild)
    except KeyboardInterrupt:
        click.echo("Stopped.")


@cli.command("proof")
@OUT
@click.option(
    "--against",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    metavar="DIR",
    help="A previous build's output folder: mark the pages that differ and picture each change.",
)
@click.option(
    "--readme",
    "readme_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    metavar="DIR",
    help="Also write a small picture of each product's first page to DIR/<product>.png (e.g. docs/products).",
)
def proof_command(out_dir: Path, against: Path | None, readme_dir: Path | None) -> None:
    """PNGs of every page of OUT's build and one HTML proof sheet, OUT/proof/index.html."""
    from .proof import make_proof, write_readme_pictures

    make_proof(out_dir, against, echo=click.echo)
    if readme_dir is not None:
        write_readme_pictures(out_dir, readme_dir, echo=click.echo)


@cli.command("preflight")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path, dir_okay=False))
@OUT
@DATA
@CATALOGUES
@click.option("--json", "as_json", is_flag=True, help="Machine-readable report.")
def preflight_command(files: tuple[Path, ...], out_dir: Path, data_dir: Path, directory: Path | None, as_json: bool):
    """Check built PDFs as a print shop would (all of OUT's when none are named); exit 1 on any error."""
    import json

    from . import i18n as cat
    from .errors import PreflightError
    from .load import load_framework
    from .preflight import check_files

    fw, products = load_framework(data_dir)
    reports = check_files(out_dir, files, fw, products, directory or cat.CATALOGUES)
    failed = [r for r in reports if not r.ok]
    if as_json:
        result = "fail" if failed else "pass"
        click.echo(json.dumps({"result": result, "files": [r.as_dict() for r in reports]}, indent=2))
    else:
        for r in reports:
            click.echo(r.text())
        click.echo(f"{len(reports)} file(s): {len(reports) - len(failed)} pass, {len(failed)} fail")
    if failed:
        raise PreflightError(len(failed), len(reports))


@cli.command("pack")
@PRODUCTS
@LANGS
@click.option(
    "--out",
    "pack_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("output/packs"),
    show_default=True,
    help="Folder for the zips.",
)
@click.option(
    "--build-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("output"),
    show_default=True,
    help="Where the press PDFs are built.",
)
@DATA
@CATALOGUES
@press_options
@run_options
def pack_command(
    products: tuple[str, ...],
    langs: tuple[str, ...],
    pack_dir: Path,
    build_dir: Path,
    data_dir: Path,
    directory: Path | None,
    icc: Path | None,
    condition: str | None,
    bleed_mm: float | None,
    no_slug: bool,
    workers: int | None,
    no_cache: bool,
) -> None:
    """Build press PDFs and write one print-shop zip per output: PDFs, job ticket, proofs, preflight."""
    from . import i18n as cat
    from .build import plan
    from .load import load_framework
    from .pack import make_pack
    from .press import load_intent
    from .write import write_atomic

    fw, specs = load_framework(data_dir)
    press = _press(icc, condition, no_slug)
    intent = load_intent(press.icc, press.condition)
    jobs = plan(specs, products, langs, bleed_mm=bleed_mm)
    done = _run(fw, jobs, data_dir, build_dir, (), directory, press, workers, no_cache)
    date = fw.edition.revised
    for d in done:
        pack = make_pack(d.job, d.entry.report, build_dir, fw, specs, intent, directory or cat.CATALOGUES)
        path = pack_dir / f"{pack.name}.zip"
        write_atomic(path, pack.zip_bytes((date.year, date.month, date.day)))
        click.echo(f"{path}: {len(pack.files)} files")


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the CLI; expected errors are one message, never a traceback."""
    args = sys.argv[1:] if argv is None else argv
    debug = "--debug" in args
    try:
        cli.main(args, prog_name="recovery-print", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return 1
    except click.ClickException as err:
        if debug:
            traceback.print_exc()
        err.show()
        return err.exit_code
    except click.exceptions.Exit as err:
        return err.exit_code
    except Exception as err:  # an internal error: say so plainly
        if debug:
            traceback.print_exc()
        click.echo(f"Error: internal error: {type(err).__name__}: {err} (run with --debug for details)", err=True)
        return 2
    return 0
