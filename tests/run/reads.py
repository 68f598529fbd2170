"""Builds under a recorder of every file opened for reading (Python's audit hook `open` events).

Run as a module in a fresh interpreter, so no cache of an earlier build in the process hides a
read: `python -m tests.run.reads DATA CATALOGUES OUT RESULT.json`. RESULT holds, for each kind
of build, the files it read, and the data files the model is loaded from.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

# Each kind of build: (name, BuildOptions fields besides the paths).
KINDS = (
    ("card", {"products": ("card-level-1",)}),
    ("poster and booklet", {"products": ("poster", "booklet")}),
    ("large print", {"products": ("card-level-1",), "variant": "large-print"}),
    ("screen", {"products": ("leaflet-person",), "profile": "screen"}),
    ("right-to-left draft", {"products": ("card-level-1",), "langs": ("ur",), "draft": True}),
)
_SYSTEM = ("/dev/", "/proc/", "/sys/")

_recording: list[set[str]] = []


def _hook(event: str, args: tuple) -> None:
    if event != "open" or not _recording:
        return
    path, mode, flags = args
    if isinstance(path, int) or path is None:
        return
    path = os.fsdecode(path)
    reading = ("r" in mode or "+" in mode) if mode else (flags & os.O_ACCMODE) != os.O_WRONLY
    if reading and not path.startswith(_SYSTEM):
        _recording[-1].add(_source(os.path.abspath(path)))


def _source(path: str) -> str:
    """A module's source for its compiled bytecode (folder/__pycache__/name.tag.pyc): what it is made from."""
    folder, name = os.path.split(path)
    if name.endswith(".pyc") and os.path.basename(folder) == "__pycache__":
        return os.path.join(os.path.dirname(folder), name.split(".", 1)[0] + ".py")
    return path


def recorded(make) -> set[str]:
    """The files (not folders) opened for reading while `make()` runs."""
    _recording.append(set())
    try:
        make()
    finally:
        found = _recording.pop()
    return {p for p in found if os.path.isfile(p)}


def main(data: str, catalogues: str, out: str, result: str) -> None:
    sys.addaudithook(_hook)
    from render import api
    from render.options import BuildOptions
    from render.paths import Paths
    from render.source import load_framework

    reads = {"model": sorted(recorded(lambda: load_framework(Path(data))))}
    for i, (kind, what) in enumerate(KINDS):
        paths = Paths(Path(data), Path(out) / str(i), Path(catalogues))
        reads[kind] = sorted(recorded(lambda p=paths, w=what: api.build(BuildOptions(p, workers=1, **w))))
    Path(result).write_text(json.dumps(reads, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:])
