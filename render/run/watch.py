"""Watch: rebuild what a saved change affects, and refresh the proof sheet."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path

import click

# Editors' temporary files and the build's own output are not changes to the sources.
IGNORED_SUFFIXES = (".swp", ".swx", ".tmp", "~", ".pyc")


def relevant(path: str) -> bool:
    """Whether a changed file is a source (not an editor's backup or a temporary file)."""
    name = Path(path).name
    return not (name.startswith((".#", ".")) or name.endswith(IGNORED_SUFFIXES))


def watch(
    folders: Iterable[Path],
    rebuild: Callable[[], None],
    echo: Callable[[str], None] = click.echo,
    stop: threading.Event | None = None,
) -> None:
    """Run `rebuild` once, then after every saved change under the folders, until stopped.

    `rebuild` reports its own outcome; expected errors (bad data, a product that no longer
    fits) are shown as one-line messages and the watch goes on.
    """
    from watchfiles import watch as changes_of

    folders = [Path(f) for f in folders if Path(f).is_dir()]
    _attempt(rebuild, echo)
    echo(f"Watching {', '.join(map(str, folders))} (Ctrl-C to stop)")
    for changes in changes_of(*folders, stop_event=stop, debounce=400, watch_filter=lambda _, p: relevant(p)):
        # (a file that came and went is an editor's or a tool's temporary one)
        names = sorted({_short(p, folders) for _, p in changes if Path(p).exists() or Path(p).suffix})
        echo(f"Changed: {', '.join(names)}")
        _attempt(rebuild, echo)


def _attempt(rebuild: Callable[[], None], echo: Callable[[str], None]) -> None:
    try:
        rebuild()
    except click.ClickException as err:
        for line in err.format_message().splitlines():
            echo(f"error: {line}")
        echo("Waiting for the next change.")


def _short(path: str, folders: list[Path]) -> str:
    p = Path(path)
    for folder in folders:
        if folder.resolve() in p.resolve().parents:
            return str(Path(folder.name) / p.resolve().relative_to(folder.resolve()))
    return p.name
