"""`preflight`: files wherever they lie, each checked against the identity it carries (see
press.metadata) and, when the data is at hand, against the data (its statements, its product)."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import click

from ..errors import BuildError
from ..i18n import catalogues, languages
from ..i18n.localise import Localiser
from ..options import shaped
from ..paths import Paths, confined
from ..press import preflight as press_preflight
from ..press.metadata import Identity
from ..press.preflight import UNCHECKED, Expect, Finding, Report, expect_of_file
from ..run.report import FILE, BuildReport
from ..source.model import Framework
from ..source.products import Product


def identity_of(data: bytes) -> Identity | None:
    """The identity a PDF carries, or None."""
    import pikepdf

    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            return Identity.read(pdf)
    except pikepdf.PdfError:
        return None


def expectation(
    me: Identity, fw: Framework | None, products: dict[str, Product] | None, paths: Paths
) -> tuple[Expect, list[Finding]]:
    """What a file should be, from the identity it carries, checked against the data when it is
    at hand; and what that comparison found (or could not do)."""
    form = me.variant if me.variant != "standard" else me.profile
    registry = languages.registry(paths.registry)
    t = Localiser(me.lang, registry=registry)
    expect = Expect(
        label=f"{me.product} [{me.lang}, {form}]",
        trim_mm=me.trim_mm,
        bleed_mm=me.bleed_mm,
        press=me.profile == "press",
        tagged=me.profile == "screen",
        text_floor_pt=me.body_min_pt,
        pages=me.pages,
        rtl=t.direction == "rtl",
    )
    if fw is None or products is None:
        note = f"the data is not at hand ({paths.data} not found): the statements and the product are not checked"
        return expect, [Finding("warning", "fidelity", note)]
    name = me.imposed_from or me.product
    spec = products.get(name)
    if spec is None:
        return expect, [Finding("error", "identity", f"product {name} is not in the data's products.yaml")]
    product = shaped(spec, me.variant, me.profile, me.body_min_pt, me.bleed_mm)
    expect = replace(expect, safe_mm=product.safe_mm)
    w, h = product.trim_mm
    wanted = (2 * w, h) if me.imposed_from else (w, h)
    findings = []
    if any(abs(a - b) > 0.05 for a, b in zip(wanted, me.trim_mm, strict=True)):
        said, data = " x ".join(f"{v:g}" for v in me.trim_mm), " x ".join(f"{v:g}" for v in wanted)
        findings.append(Finding("error", "identity", f"the file says {said} mm, the data's {name} is {data} mm"))
    if spec.statements:
        if me.lang != "en":
            try:
                t = Localiser(me.lang, catalogues.load(me.lang, paths.strings, fuzzy=me.draft), registry=registry)
            except BuildError as err:
                return expect, [
                    *findings,
                    Finding("warning", "fidelity", f"{err.message}: the statements are not checked"),
                ]
        statements = tuple(t(s.text) for s in fw.statements(spec.level, spec.perspective))
        expect = replace(expect, statements=statements)
    return expect, findings


def preflight(paths: Paths, files: tuple[Path, ...] = ()) -> list[Report]:
    """Preflight PDFs wherever they lie (all of paths.out's build report when none are named):
    a Report each. Without a data folder, each is checked for what it says and shows of itself."""
    from ..errors import FolderError
    from ..source import load_framework

    try:
        fw, products = load_framework(paths.data)
    except FolderError:
        fw = products = None
    return preflight_files(paths, files, fw, products)


def check_file(data: bytes, path: str, fw, products, paths: Paths, status: str = "ok", notes=()) -> Report:
    """Preflight one file by the identity it carries (see expectation); one without, for what it shows of itself."""
    me = identity_of(data)
    notes = list(notes)
    if me is None:
        expect = expect_of_file(data)
        why = "not identified as an output of recovery-print (no identity in its XMP)"
        held = "held to the rules of any press file (PDF/X-4, CMYK, fonts, boxes, text inside the trim, overlap)"
        notes.append(Finding("warning", "identity", f"{why}: {held}; not checked: {UNCHECKED}"))
    else:
        expect, found = expectation(me, fw, products, paths)
        expect = replace(expect, status=status)
        notes += found
    report = press_preflight.preflight(data, expect, path)
    return replace(report, findings=(*notes, *report.findings))


def preflight_files(
    paths: Paths, files: tuple[Path, ...], fw: Framework | None, products: dict[str, Product] | None
) -> list[Report]:
    """Preflight files (all of paths.out's build report when none are named; a folder named is
    a build folder, all of its report: the shards of one build, merged): each by the identity
    it carries; a file without one (not made by this program) for what it shows of itself."""
    chosen: list[tuple[Path, str, str | None]] = []  # (file, status in its report, why the report is unread)
    for named in files or (paths.out,):
        if Path(named).is_dir() or not files:
            chosen += _listed(Path(named))
        else:
            chosen.append((Path(named), "ok", None))
    stale = stale_outputs(paths, [Path(f) for f in files if Path(f).is_dir()] or [paths.out]) if fw else {}
    reports = []
    for path, state, unreadable in chosen:
        if not path.is_file():
            reports.append(Report(str(path), "?", (Finding("error", "file", "no such file"),)))
            continue
        notes = [Finding("warning", "report", f"{unreadable}: each file checked by the identity it carries")]
        data = path.read_bytes()
        report = check_file(data, str(path), fw, products, paths, state, notes if unreadable else ())
        reports.append(replace(report, rebuild=stale.get(path.resolve(), "")))
    return reports


def stale_outputs(paths: Paths, folders: list[Path]) -> dict[Path, str]:
    """The outputs of these build folders made from inputs that have changed since (their
    recorded input hash is not the current one): file -> the command that makes it again."""
    from ..options import BuildOptions
    from ..run.runner import jobs_planned

    stale: dict[Path, str] = {}
    for folder in folders:
        try:
            entries = BuildReport.read(folder).outputs
        except click.ClickException:
            continue
        groups: dict[tuple, list] = {}
        for e in entries:
            size = e.body_min_pt if e.variant == "large-print" else None
            groups.setdefault((e.profile, e.variant, e.draft, size), []).append(e)
        for (profile, variant, draft, size), group in groups.items():
            names = tuple(dict.fromkeys(e.imposed_from or e.product for e in group))
            langs = tuple(dict.fromkeys(e.lang for e in group))
            extra = {"large_print_pt": size} if size else {"profile": profile}
            asked = BuildOptions(
                replace(paths, out=folder), products=names, langs=langs, draft=draft, variant=variant, **extra
            )
            try:
                current = {j["path"]: j["inputs_current"] for j in jobs_planned(asked)}
            except click.ClickException:
                continue
            for e in group:
                reader = next((x for x in group if x.product == (e.imposed_from or e.product) and x.lang == e.lang), e)
                if current.get(reader.path, True) is False:
                    stale[(folder / e.path).resolve()] = rebuild_command(paths, folder, reader)
    return stale


def rebuild_command(paths: Paths, folder: Path, e) -> str:
    """The command that makes an output again, as the user would type it."""
    words = ["recovery-print build", f"--product {e.product}", f"--lang {e.lang}"]
    words += ["--draft"] * e.draft
    words += [f"--profile {e.profile}"] * (e.profile != "press")
    words += [f"--variant {e.variant}"] * (e.variant != "standard")
    if e.variant == "large-print" and e.body_min_pt != 16:
        words.append(f"--large-print-size {e.body_min_pt:g}")
    words += [f"--data {paths.data}"] * (Path(paths.data) != Path("data"))
    words += [f"--out {folder}"] * (Path(folder) != Path("output"))
    return " ".join(words)


def _listed(folder: Path) -> list[tuple[Path, str, str | None]]:
    """The files a build folder's report lists, with their status; every PDF in it when
    the report cannot be read."""
    report_path = folder / FILE
    if not report_path.is_file():
        raise BuildError(f"nothing to check: no PDFs named and no {report_path}")
    try:
        entries = BuildReport.read(folder).outputs
    except click.ClickException as err:
        found = sorted(p for p in folder.rglob("*.pdf") if "proof" not in p.relative_to(folder).parts)
        if not found:
            raise BuildError(f"nothing to check: {err.message}") from None
        return [(p, "ok", err.message) for p in found]
    return [(confined(folder / e.path, folder, f"output {e.path}"), e.status, None) for e in entries]
