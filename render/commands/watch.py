"""`watch`: build, then rebuild what each saved change affects and refresh the proof sheet."""

from __future__ import annotations

from collections.abc import Callable

from ..options import BuildOptions
from ..session import Session
from .build import build
from .proof import proof


def rebuilt(report, seconds: float, sheet) -> str:
    """What one rebuild of a watch did, in a line."""
    if not report.built:
        return f"Nothing to rebuild: every output is current ({seconds:.1f} s); proofs: {sheet}"
    return f"Built {', '.join(d.path for d in report.built)} in {seconds:.1f} s; proofs: {sheet}"


def watch(options: BuildOptions, echo: Callable[[str], None], stop=None) -> None:
    """Build, then after every saved change under the data, look and catalogues rebuild what it
    affects and refresh the proof sheet, in one session (renewed when the registry or a font
    folder changes); errors are printed and the watch goes on."""
    import time

    from ..run.watch import watch as watch_folders

    sessions = [Session.of(options.paths)]

    def rebuild() -> None:
        start = time.perf_counter()
        if not sessions[-1].current(options.paths):  # an edited registry or font folder
            sessions[-1] = Session.of(options.paths)
        report = build(options, session=sessions[-1])
        proof(options.paths.out)
        echo(rebuilt(report, time.perf_counter() - start, options.paths.out / "proof" / "index.html"))

    paths = options.paths
    folders = (paths.data, *paths.theme.folders, paths.catalogues)
    watch_folders(dict.fromkeys(folders), rebuild, echo, stop)
