"""The Python API: each command of the command line as one function, for CI-for-content users.

    import render
    from render import BuildOptions, Paths

    report = render.build(BuildOptions(Paths(data=Path("data"), out=Path("output")), products=("poster",)))
    for done in report.done:
        print(done.path, done.status)

Every function takes its options whole, does its stage's work, and returns what it made;
expected problems raise click.ClickException subclasses (DataError, BuildError, ...).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from . import options as planning
from .options import BuildOptions
from .paths import Paths
from .session import Session
from .source import load_framework
from .source.products import Product
from .write import write_atomic, write_files

if TYPE_CHECKING:  # (the run stage is imported when a build starts: the command line starts fast)
    from .compose.checked import Checked
    from .run.report import Report
    from .run.runner import Step


def build(
    options: BuildOptions, on_step: Callable[[Step], None] = lambda _: None, session: Session | None = None
) -> Report:
    """Build what the options ask for into options.paths.out; nothing is written if any output
    fails. A caller that builds again and again passes its `Session` (see render.session)."""
    from .run.runner import build as run_build

    return run_build(options, on_step, session)


def plan(options: BuildOptions) -> list[dict]:
    """The jobs a build with these options would make (with a shard, its slice), each with
    the hash of its inputs, its slice and whether options.paths.out holds it already."""
    from .run.runner import jobs_planned

    return jobs_planned(options)


def check(paths: Paths) -> Checked:
    """Validate the data, the look, the catalogues and the registry (DataError listing every
    problem); then lint the data (see compose.checked)."""
    from .compose.checked import check as run_check

    return run_check(paths)


def fidelity(paths: Paths, source: Path | None = None):
    """The data's English against the published edition (by default DATA/source/...): every
    deviation, matched to data/corrections.yaml or not (DataError when either cannot be read)."""
    from .errors import DataError
    from .source.fidelity import against_edition

    fw, _ = load_framework(paths.data)
    outcome, problems = against_edition(paths.data, fw, source)
    if outcome is None or problems:
        raise DataError(problems)
    return outcome


def diff(old: str, new: str):
    """What changed from edition `old` to `new`, each a data folder or a git revision."""
    from .source.diff import diff_editions, load_edition

    (old_fw, old_source, old_fixes), (new_fw, new_source, new_fixes) = load_edition(old), load_edition(new)
    return diff_editions(old_fw, new_fw, old_source, new_source, old_fixes, new_fixes)


def catalogues(paths: Paths, action: str, lang: str = "") -> list[Path]:
    """`extract` the template, `update` every catalogue from it, write the `pseudo` locales,
    or `init` a new language's catalogue; the files written, all in paths.catalogues (never
    in the program's own folder)."""
    from .i18n import catalogues as cat
    from .i18n.pseudo import pseudo

    fw, products = load_framework(paths.data)
    template = cat.template(fw, products, paths.theme)
    made = {
        "extract": lambda: {cat.TEMPLATE_NAME: cat.po_bytes(template)},
        "update": lambda: cat.update(template, paths.catalogues),
        "pseudo": lambda: pseudo(template),
        "init": lambda: _first_catalogue(template, lang, paths),
    }[action]()
    write_files(paths.catalogues, made)
    return [paths.catalogues / name for name in made]


def _first_catalogue(template, lang: str, paths: Paths) -> dict[str, bytes]:
    from .errors import BuildError
    from .i18n import catalogues as cat
    from .options import LANGUAGE

    folder = paths.catalogues
    if not LANGUAGE.fullmatch(lang) or cat.is_pseudo(lang):
        raise BuildError(f"'{lang}': not a language code (as pl, pt-BR)")
    if (folder / f"{lang}.po").exists():
        raise BuildError(f"{folder / f'{lang}.po'}: exists already (`i18n update` merges new messages into it)")
    return {f"{lang}.po": cat.new(template, lang, paths.registry)}


def translation_status(paths: Paths) -> list[dict]:
    """Per language: translated, fuzzy and untranslated messages and words; complete products."""
    from .compose.html import environment, messages
    from .i18n.catalogues import status

    fw, products = load_framework(paths.data)
    env = environment(paths.theme)
    needs = {name: messages(fw, p, env) for name, p in products.items()}
    return status(products, needs, paths.strings)


def preflight(paths: Paths, files: tuple[Path, ...] = ()) -> list:
    """Preflight PDFs wherever they lie (all of paths.out's build report when none are named):
    a Report each. Without a data folder, each is checked for what it says and shows of itself."""
    from .errors import FolderError
    from .run.recheck import preflight_files

    try:
        fw, products = load_framework(paths.data)
    except FolderError:
        fw = products = None
    return preflight_files(paths, files, fw, products)


def pack(
    options: BuildOptions,
    pack_dir: Path,
    on_step: Callable[[Step], None] = lambda _: None,
    built: tuple[Path, ...] = (),
):
    """Build the press PDFs, then write one print-shop zip per output into pack_dir: (report, [(zip, files)]).

    With `built` folders (the shards of one build, each with its report), pack the press
    outputs those reports list instead, building nothing: (None, [(zip, files)])."""
    from .press.finish import load_intent
    from .run.pack import make_pack
    from .run.report import BuildReport, Done
    from .run.runner import run

    fw, products = load_framework(options.paths.data)
    if built:
        from .errors import BuildError
        from .run.recheck import stale_outputs

        stale = stale_outputs(options.paths, list(built))
        if stale:
            lines = "\n".join(f"  {path}: out of date — run `{command}`" for path, command in sorted(stale.items()))
            raise BuildError(f"{len(stale)} output(s) were made from inputs that have changed since:\n{lines}")
        intent = load_intent(options.press.icc, options.press.condition)
        wanted = planning.readers(options.products, products)
        report, made = None, []
        for folder in built:
            entries = [e for e in BuildReport.read(folder).outputs if e.profile == "press"]
            for e in (e for e in entries if e.imposed_from is None and (not options.products or e.product in wanted)):
                imposed = [x for x in entries if x.imposed_from == e.product and x.lang == e.lang]
                job = _job_of(options, products, e)
                made.append(
                    make_pack(
                        Done(job, "built", (e, *imposed)), replace(options.paths, out=folder), fw, products, intent
                    )
                )
    else:
        report = run(options, fw, planning.plan(products, options), on_step)
        made = [make_pack(done, options.paths, fw, products, report.intent) for done in report.done]
    date = fw.edition.revised
    zips = []
    for one in made:
        path = pack_dir / f"{one.name}.zip"
        write_atomic(path, one.zip_bytes((date.year, date.month, date.day)))
        zips.append((path, len(one.files)))
    return report, zips


def _job_of(options: BuildOptions, products: dict[str, Product], entry) -> planning.Job:
    """The job that made a build report's entry, in the form (page count) it took."""
    asked = replace(
        options, products=(entry.product,), langs=(entry.lang,), draft=entry.draft, bleed_mm=entry.bleed_mm, shard=None
    )
    (job,) = planning.plan(products, asked)
    if job.product.pages not in (None, entry.pages):
        job = replace(job, product=job.product.with_pages(entry.pages))
    return job


def rebuilt(report, seconds: float, sheet: Path) -> str:
    """What one rebuild of a watch did, in a line."""
    if not report.built:
        return f"Nothing to rebuild: every output is current ({seconds:.1f} s); proofs: {sheet}"
    return f"Built {', '.join(d.path for d in report.built)} in {seconds:.1f} s; proofs: {sheet}"


def watch(options: BuildOptions, echo: Callable[[str], None], stop=None) -> None:
    """Build, then after every saved change under the data, look and catalogues rebuild what it
    affects and refresh the proof sheet; errors are printed and the watch goes on."""
    import time

    from .proof.sheet import make_proof
    from .run.watch import watch as watch_folders

    sessions = [Session.of(options.paths)]

    def rebuild() -> None:
        start = time.perf_counter()
        if not sessions[-1].current(options.paths):  # an edited registry or font folder
            sessions[-1] = Session.of(options.paths)
        report = build(options, session=sessions[-1])
        make_proof(options.paths.out, echo=lambda _: None)
        echo(rebuilt(report, time.perf_counter() - start, options.paths.out / "proof" / "index.html"))

    paths = options.paths
    folders = (paths.data, *paths.theme.folders, paths.catalogues)
    watch_folders(dict.fromkeys(folders), rebuild, echo, stop)
