"""Command-line wiring only: each command parses its options, calls one function of render.api, prints the result."""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

import click

from . import __version__
from .errors import DataError, printable
from .options import LARGE_PRINT_SIZES, PROFILES, VARIANTS


def folder(flag: str, dest: str, help: str, default: str | None = None):
    """An option naming a folder (shown with its default, if it has one)."""
    kind = click.Path(path_type=Path, file_okay=False)
    default = Path(default) if default else None
    return click.option(
        flag, dest, type=kind, default=default, show_default=default is not None, metavar="DIR", help=help
    )


def choice(flag: str, dest: str, values, help: str):
    """An option taking one of a few values, the first by default."""
    return click.option(flag, dest, type=click.Choice(list(values)), default=values[0], show_default=True, help=help)


CATALOGUES = folder(
    "--catalogues", "catalogues", "Folder of translation catalogues (default: ./translations, else the shipped ones)."
)
DATA = folder("--data", "data_dir", "Folder of framework data.", "data")
OUT = folder("--out", "out_dir", "The build's output folder: PDFs, build-report.json, proof/.", "output")
PRODUCTS = click.option(
    "--product", "products", multiple=True, metavar="NAME", help="Product (repeatable; default: all)."
)
LANGS = click.option("--lang", "langs", multiple=True, metavar="CODE", help="Language (repeatable; default: en).")
DRAFT = click.option(
    "--draft", is_flag=True, help="Build incomplete languages: English fallbacks, every page marked DRAFT."
)
WORKERS = click.option(
    "-j",
    "--jobs",
    "workers",
    type=click.IntRange(1, 64),
    default=None,
    help="Outputs made at once, in parallel processes (default: one per core).",
)


def look(f):
    """--theme and --templates: layers over the shipped templates, styles and strings."""
    layers = (
        ("--templates", "template_dirs", "Folder of templates that override the shipped ones (repeatable)."),
        ("--theme", "themes", "Folder with templates/, styles/ and translations/ over the shipped look (repeatable)."),
    )
    kind = click.Path(path_type=Path, file_okay=False, exists=True)
    for flag, dest, help in layers:
        f = click.option(flag, dest, multiple=True, type=kind, metavar="DIR", help=help)(f)
    return f


class Shard(click.ParamType):
    """I/N: the I-th of N slices of a build's jobs."""

    name = "I/N"

    def convert(self, value, param, ctx):
        if isinstance(value, tuple):
            return value
        i, slash, n = str(value).partition("/")
        if not (slash and i.isdigit() and n.isdigit() and 1 <= int(i) <= int(n) <= 1000):
            self.fail(f"{value!r}: I/N with 1 <= I <= N <= 1000 (e.g. 2/4)", param, ctx)
        return int(i), int(n)


def run_options(f):
    """-j, --no-cache and --shard: how a build runs."""
    f = click.option(
        "--shard",
        type=Shard(),
        default=None,
        help="Make only the I-th of N slices of the jobs (the same jobs always slice alike), for a CI matrix.",
    )(f)
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


def _paths(data_dir: Path, out_dir: Path = Path("output"), catalogues=None, themes=(), template_dirs=()):
    """The Paths of a command's options (defaults where none is given)."""
    from .paths import Paths, Theme, default_catalogues

    theme = Theme.layered(themes, template_dirs)
    return Paths(data_dir, out_dir, catalogues or default_catalogues(), theme)


def _options(paths, *, icc=None, condition=None, no_slug=False, workers=None, no_cache=False, **what):
    """The one BuildOptions of a command."""
    from .options import BuildOptions, PressOptions, default_workers

    press = PressOptions(icc=icc, condition=condition, slug=not no_slug)
    return BuildOptions(paths, press=press, workers=workers or default_workers(), use_cache=not no_cache, **what)


def _progress(quiet: bool = False):
    from .cli_progress import Progress

    return Progress((lambda _: None) if quiet else click.echo, bar=sys.stderr.isatty() and not quiet)


def _summary(report) -> None:
    from .cli_progress import table

    for warning in report.warnings:
        click.echo(printable(f"warning: {warning}"))
    for line in table(report.done, report.out):
        click.echo(line)
    built = len(report.built)
    click.echo(f"{built} output(s) built, {len(report.done) - built} unchanged; in {report.out}/")


# What a command that writes did not do when the data has problems (check and diff only read).
_UNDONE = {
    "build": "nothing was built",
    "watch": "nothing was built",
    "serve": "nothing was built",
    "pack": "nothing was packed",
    "i18n": "no catalogue was written",
}


class _Commands(click.Group):
    """The command group; a list of data problems ends with what the command did not do."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except DataError as err:
            raise err.after(_UNDONE.get(ctx.invoked_subcommand or "")) from None


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.version_option(__version__, prog_name="recovery-print")
def cli(debug: bool) -> None:
    """Build print products of the Emerging Best Practices in Mental Health Recovery framework."""


@cli.command()
@PRODUCTS
@LANGS
@DRAFT
@click.option(
    "--profile",
    "profile",
    type=click.Choice(list(PROFILES)),
    help="press (the default): for the printer; screen: tagged PDF/UA to read on screen (OUT/<lang>/screen/).",
)
@choice("--variant", "variant", VARIANTS, "large-print: A4, one column, large type, tagged (OUT/<lang>/large-print/).")
@choice(
    "--large-print-size", "large_print_pt", [str(n) for n in LARGE_PRINT_SIZES], "Large-print body size, in points."
)
@DATA
@OUT
@look
@CATALOGUES
@press_options
@run_options
@click.option("--plan", "show_plan", is_flag=True, help="Print the jobs (with --shard, its slice's); build nothing.")
@click.option("--json", "as_json", is_flag=True, help="With --plan: the jobs as JSON, each keyed by its inputs' hash.")
@folder("--html", "html_dir", "Also write each output's final HTML to DIR/<lang>/<product>.html (the engine's floor).")
def build(
    data_dir, out_dir, catalogues, themes, template_dirs, large_print_pt, products, langs, show_plan, as_json, **options
) -> None:
    """Build products into OUT/<lang>/<product>.pdf and OUT/build-report.json.

    Only outputs whose inputs changed since the last build into OUT are made again;
    they are made in parallel processes (-j).

    Press PDFs (the default profile) are PDF/X-4 in CMYK with an output intent, crop
    marks and a slug line outside the bleed, and each is preflighted before it is written.
    """
    from . import api

    paths = _paths(data_dir, out_dir, catalogues, themes, template_dirs)
    what = dict(products=products, langs=langs or ("en",), large_print_pt=float(large_print_pt))
    chosen = _options(paths, **what, **options)
    if show_plan:
        import json

        jobs = api.plan(chosen)
        if as_json:
            click.echo(json.dumps({"jobs": jobs}, indent=2, ensure_ascii=False))
        for job in [] if as_json else jobs:
            state = "current" if job["current"] else "to make"
            click.echo(f"{job['path']:<44} shard {job['shard']:<7} {job['key'][:12]}  {state}")
        return
    if as_json:
        raise click.UsageError("--json goes with --plan")
    _summary(api.build(chosen, _progress()))


@cli.command()
@DATA
@look
@CATALOGUES
@click.option("--strict", is_flag=True, help="Treat editorial warnings as errors (exit 1 if any).")
def check(data_dir: Path, themes, template_dirs, catalogues, strict: bool) -> None:
    """Validate the data, the look and the catalogues (exit 1 on any problem), then print editorial warnings."""
    from . import api
    from .errors import LintError

    result = api.check(_paths(data_dir, catalogues=catalogues, themes=themes, template_dirs=template_dirs))
    fw = result.fw
    click.echo(
        f"{data_dir}: OK: {len(fw.levels)} levels, {len(fw.components)} components, "
        f"{len(fw.cells)} cells, {len(fw.statements())} statements, "
        f"{len(fw.sections)} prose sections, {len(result.products)} products"
    )
    if result.fidelity:
        click.echo(f"fidelity: {result.fidelity.summary()}")
    for finding, entry in result.accepted:
        shown = str(finding).replace(": warning: ", ": accepted: ", 1)
        click.echo(f"{shown} — {entry.reason} ({entry.where})")
    for finding in result.warnings:
        click.echo(str(finding))
    count = len(result.warnings)
    if strict and count:
        raise LintError(count)
    kept = (
        f", {len(result.accepted)} accepted ({result.accepted[0][1].where.rpartition(':')[0]})"
        if result.accepted
        else ""
    )
    click.echo(f"{count} warning{'' if count == 1 else 's'}{kept}")


@cli.command("fidelity")
@DATA
@click.option(
    "--source",
    "source",
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="FILE",
    help="The published edition's text extraction (default: DATA/source/emerging-best-practices.txt).",
)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def fidelity_command(data_dir: Path, source: Path | None, as_json: bool) -> None:
    """Compare the data's English with the published edition: every difference, recorded or not (exit 1)."""
    import json

    from . import api
    from .errors import FidelityError

    outcome = api.fidelity(_paths(data_dir), source)
    if as_json:
        click.echo(json.dumps(outcome.as_dict(), indent=2, ensure_ascii=False))
    else:
        for line in outcome.lines():
            click.echo(line)
    if not outcome.ok:
        raise FidelityError(len(outcome.unrecorded), len(outcome.unused))


@cli.command("products")
@DATA
@click.option("--markdown", is_flag=True, help="The table as Markdown (for docs/products.md).")
def list_products(data_dir: Path, markdown: bool) -> None:
    """List the products with their trim size and page count."""
    from . import api

    if markdown:
        click.echo(api.products_markdown(data_dir))
        return
    rows = api.products(data_dir)
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for *columns, title in rows:
        click.echo("  ".join([*(c.ljust(w) for c, w in zip(columns, widths, strict=True)), title]))


@cli.group()
def i18n() -> None:
    """Translation catalogues (translations/*.po): extract, update, init, status, pseudo."""


def _catalogue_command(action: str, summary: str):
    @DATA
    @look
    @CATALOGUES
    def command(data_dir: Path, themes, template_dirs, catalogues) -> None:
        from . import api

        paths = _paths(
            data_dir, catalogues=catalogues or Path("translations"), themes=themes, template_dirs=template_dirs
        )
        for path in api.catalogues(paths, action):
            click.echo(f"{path}: written")

    command.__doc__ = summary
    return i18n.command(action)(command)


_catalogue_command("extract", "Write the template of every visible string (messages.pot).")
_catalogue_command("update", "Extract, then merge the template into every language's catalogue.")
_catalogue_command(
    "pseudo", "Write the pseudo-locales: en-XA (accented, longer), ar-XB (right to left), one per script."
)


@i18n.command("init")
@click.argument("lang", metavar="CODE")
@DATA
@look
@CATALOGUES
def init(lang: str, data_dir: Path, themes, template_dirs, catalogues) -> None:
    """Start the catalogue of a language of the registry (translations/languages.yaml): CODE.po."""
    from . import api

    paths = _paths(data_dir, catalogues=catalogues or Path("translations"), themes=themes, template_dirs=template_dirs)
    for path in api.catalogues(paths, "init", lang):
        click.echo(f"{path}: written")


@i18n.command()
@DATA
@look
@CATALOGUES
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--markdown", is_flag=True, help="The language matrix as a Markdown table (for docs/translators.md).")
def status(data_dir: Path, themes, template_dirs, catalogues, as_json: bool, markdown: bool) -> None:
    """Per language: translated, fuzzy and untranslated messages and words; complete products."""
    import json

    from . import api
    from .commands.i18n import status_markdown
    from .errors import BuildError

    paths = _paths(data_dir, catalogues=catalogues, themes=themes, template_dirs=template_dirs)
    rows = api.translation_status(paths)
    if as_json:
        click.echo(json.dumps({"languages": rows}, indent=2))
    if markdown:
        click.echo(status_markdown(paths, rows))
    for r in rows if not (as_json or markdown) else ():
        click.echo(
            f"{r['lang']:<6} translated {r['translated']} ({r['translated_words']} words), "
            f"fuzzy {r['fuzzy']} ({r['fuzzy_words']} words), "
            f"untranslated {r['untranslated']} ({r['untranslated_words']} words); "
            f"complete: {', '.join(r['complete_products']) or 'none'}"
        )
        for problem in r["problems"]:
            click.echo(f"       {problem}")
    refused = sum(len(r["problems"]) for r in rows)
    if refused:
        raise BuildError(f"{refused} catalogue entries cannot be used (each is named above); correct them")


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
    from . import api
    from .commands.diff import markdown, write_html

    result = api.diff(old, new)
    if html_path is None:
        click.echo(markdown(result), nl=False)
        return
    write_html(result, html_path)
    click.echo(f"{html_path}: written ({result.summary()})")


@cli.command("watch")
@PRODUCTS
@LANGS
@click.option("--draft", is_flag=True, help="Build incomplete languages with English fallbacks.")
@DATA
@OUT
@look
@CATALOGUES
@WORKERS
def watch_command(data_dir, out_dir, catalogues, themes, template_dirs, **what) -> None:
    """Build, then rebuild what each saved change affects and refresh OUT/proof/index.html."""
    from . import api

    paths = _paths(data_dir, out_dir, catalogues, themes, template_dirs)
    try:
        api.watch(_options(paths, **{**what, "langs": what["langs"] or ("en",)}), click.echo)
    except KeyboardInterrupt:
        click.echo("Stopped.")


@cli.command("serve")
@PRODUCTS
@LANGS
@DRAFT
@DATA
@OUT
@look
@CATALOGUES
@WORKERS
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback unless told).")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port to listen on.")
def serve_command(data_dir, out_dir, catalogues, themes, template_dirs, host, port, **what) -> None:
    """A live preview in the browser: pages, fit, preflight, findings and each language's entries, rebuilt on save."""
    from .commands.serve import Workbench
    from .serve.app import serve

    paths = _paths(data_dir, out_dir, catalogues, themes, template_dirs)
    options = _options(paths, **{**what, "langs": what["langs"] or ("en",)})
    try:
        serve(Workbench(options, click.echo), host, port)
    except KeyboardInterrupt:
        click.echo("Stopped.")


@cli.command("proof")
@OUT
@folder("--against", "against", "A previous build's output folder: mark the pages that differ and picture each change.")
@folder("--readme", "readme_dir", "Also write a small picture of each product's first page to DIR/<product>.png.")
def proof_command(out_dir: Path, against: Path | None, readme_dir: Path | None) -> None:
    """PNGs of every page of OUT's build and one HTML proof sheet, OUT/proof/index.html."""
    from . import api

    api.proof(out_dir, against, readme_dir, echo=click.echo)


@cli.command("preflight")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@OUT
@DATA
@CATALOGUES
@click.option("--json", "as_json", is_flag=True, help="Machine-readable report.")
def preflight_command(files: tuple[Path, ...], out_dir: Path, data_dir: Path, catalogues, as_json: bool):
    """Check built PDFs as a print shop would; exit 1 on any error.

    FILES are PDFs, or build folders (all the files their reports list: the shards of one
    build, together); with none, every file of OUT's report.
    """
    import json

    from . import api
    from .errors import PreflightError

    reports = api.preflight(_paths(data_dir, out_dir, catalogues), files)
    failed = [r for r in reports if r.result == "fail"]
    stale = [r for r in reports if r.result == "out of date"]
    if as_json:
        result = "fail" if failed else "out of date" if stale else "pass"
        click.echo(json.dumps({"result": result, "files": [r.as_dict() for r in reports]}, indent=2))
    else:
        for r in reports:
            click.echo(r.text())
        passed = len(reports) - len(failed) - len(stale)
        click.echo(
            f"{len(reports)} file(s): {passed} pass, {len(failed)} fail"
            + (f", {len(stale)} out of date (rebuild them: each names its command)" if stale else "")
        )
    if failed or stale:
        raise PreflightError(len(failed), len(reports), len(stale))


@cli.command("pack")
@PRODUCTS
@LANGS
@folder("--out", "pack_dir", "Folder for the zips.", "output/packs")
@folder("--build-dir", "build_dir", "Where the press PDFs are built.", "output")
@click.option(
    "--from",
    "built",
    multiple=True,
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    metavar="DIR",
    help="Pack what these build folders' reports list (the shards of one build), building nothing (repeatable).",
)
@DATA
@look
@CATALOGUES
@press_options
@run_options
def pack_command(
    pack_dir, build_dir, built, data_dir, catalogues, themes, template_dirs, products, langs, **options
) -> None:
    """Build press PDFs and write one print-shop zip per output: PDFs, job ticket, proofs, preflight."""
    from . import api

    paths = _paths(data_dir, build_dir, catalogues, themes, template_dirs)
    what = dict(products=products, langs=langs or ("en",), bleed_mm=options.pop("bleed_mm"))
    report, zips = api.pack(_options(paths, **what, **options), pack_dir, _progress(), built)
    if report is not None:
        _summary(report)
    for path, count in zips:
        click.echo(f"{path}: {count} files")


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the CLI; expected errors are one message, never a traceback."""
    args = sys.argv[1:] if argv is None else argv
    debug = "--debug" in args
    try:
        cli.main(args, prog_name="recovery-print", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return 1
    except click.UsageError as err:  # the command line itself is wrong: bad input, not a bug
        err.show()
        return 1
    except click.ClickException as err:
        if debug:
            traceback.print_exc()
        prefix = "" if isinstance(err, DataError) else "Error: "  # (a DataError is its list of problems)
        click.echo(printable(prefix + err.format_message()), err=True)
        return err.exit_code
    except click.exceptions.Exit as err:
        return err.exit_code
    except OSError as err:  # the system said no: a full disk, a read-only folder, a file where a folder goes
        if debug:
            traceback.print_exc()
        where = f"{err.filename}: " if err.filename else ""
        click.echo(printable(f"Error: {where}{err.strerror or err}; nothing was changed"), err=True)
        return 1
    except Exception as err:  # a bug: say so plainly
        if debug:
            traceback.print_exc()
        message = f"Error: internal error: {type(err).__name__}: {err}"
        click.echo(printable(message), err=True)
        click.echo("This is a bug in recovery-print: please report it with the output of --debug.", err=True)
        return 2
    return 0
