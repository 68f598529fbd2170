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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.version_option(__version__, prog_name="recovery-print")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Build print products of the Emerging Best Practices in Mental Health Recovery framework."""
    ctx.obj = {"debug": debug}


@cli.command()
@click.option(
    "--product", "products", multiple=True, metavar="NAME", help="Product to build (repeatable; default: all)."
)
@click.option("--lang", "langs", multiple=True, metavar="CODE", help="Language to build (repeatable; default: en).")
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
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("output"),
    show_default=True,
    help="Folder for the PDFs and build report.",
)
@click.option(
    "--templates",
    "template_dirs",
    multiple=True,
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="Folder of templates that override the project's (repeatable).",
)
@CATALOGUES
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
) -> None:
    """Build products into OUT/<lang>/<product>.pdf and OUT/build-report.json."""
    from .build import build as run_build
    from .build import plan
    from .load import load_framework

    fw, specs = load_framework(data_dir)
    jobs = plan(specs, products, langs, draft, profile, variant, float(large_print_pt))
    results = run_build(fw, jobs, data_dir, out_dir, template_dirs, echo=click.echo, catalogues=directory)
    click.echo(f"{len(results)} output(s) written to {out_dir}/")


@cli.command()
@DATA
def check(data_dir: Path) -> None:
    """Validate the data folder; print every problem (exit 1 if any)."""
    from .load import load_framework

    fw, products = load_framework(data_dir)
    click.echo(
        f"{data_dir}: OK: {len(fw.levels)} levels, {len(fw.components)} components, "
        f"{len(fw.cells)} cells, {len(fw.statements())} statements, "
        f"{len(fw.sections)} prose sections, {len(products)} products"
    )


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
