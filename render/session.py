"""The session: everything a process keeps between builds, in one place, each shelf bounded.

A one-shot build makes one and drops it; `watch` and `serve` keep theirs between rebuilds and
make a new one when what it was made from changes (the language registry, the font folders),
so nothing kept can outlive the files it was made from, and memory stops growing.
"""

from __future__ import annotations

import contextlib
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from pathlib import Path
from typing import TypeVar

from .hashing import sha
from .paths import Paths

T = TypeVar("T")

# Each shelf holds at most this many things, the least recently used let go first.
LIMITS = {
    "engines": 4,  # WeasyPrint with one set of readable folders and fonts (a few megabytes each)
    "fonts": 4,  # the declared faces found in a set of font folders
    "templates": 4,  # Jinja on a theme's search path, its templates compiled (again when a file changes)
    "lines": 12000,  # a statement's lines by its page's frame and text (a card keeps about 1400)
    "versions": 1,  # the installed libraries' versions
    "views": 2,  # the translator's view's words (the model, the template, what each product prints)
}


def folder_state(folders: Iterable[Path]) -> tuple[tuple[str, int, int], ...]:
    """Each file of the folders (not their subfolders) by name, size and modification time."""
    found = []
    for folder in folders:
        if Path(folder).is_dir():
            for entry in sorted(Path(folder).iterdir()):
                if entry.is_file():
                    stat = entry.stat()
                    found.append((str(entry), stat.st_size, stat.st_mtime_ns))
    return tuple(found)


def made_from(paths: Paths) -> str:
    """What a session is made from: the language registry's bytes and the font folders' files."""
    registry = paths.registry.read_bytes() if paths.registry.is_file() else b""
    return sha(registry.decode("utf-8", "replace"), repr(folder_state(paths.fonts)))


class Session:
    """What a process keeps between builds: engines, the fonts found, statements' lines and the
    libraries' versions; made by the command line, the API, watch or serve and passed down."""

    def __init__(self, origin: str = "", start: str = "fork") -> None:
        self.origin = origin
        # How a build's worker processes are started: forked (with a copy of the session), or,
        # from a process with threads of its own (serve), forked from a server process started
        # clean, as a fork copies no thread and keeps every lock another thread held.
        self.start = start
        self._shelves: dict[str, OrderedDict] = {name: OrderedDict() for name in LIMITS}

    @classmethod
    def of(cls, paths: Paths, start: str = "fork") -> Session:
        """A session for builds of these folders (`start`: "fork" or "forkserver", see __init__)."""
        return cls(made_from(paths), start)

    def current(self, paths: Paths) -> bool:
        """Whether the registry and the font folders are still what the session was made from."""
        return self.origin == made_from(paths)

    def __reduce__(self):
        # A process started afresh (spawn, forkserver) gets an empty session: engines do not travel.
        return (Session, (self.origin, self.start))

    def kept(self, shelf: str, key: Hashable, make: Callable[[], T]) -> T:
        """The thing kept on a shelf under `key`, made (and kept) if it is not there."""
        # No lock (a forked worker would inherit one held): each step is one atomic operation
        # on the ordered dict, and two threads that both miss make the thing twice, no worse.
        things = self._shelves[shelf]
        try:
            thing = things[key]
        except KeyError:
            thing = things[key] = make()
            while len(things) > LIMITS[shelf]:
                with contextlib.suppress(KeyError):  # (emptied meanwhile by another thread)
                    things.popitem(last=False)
            return thing
        with contextlib.suppress(KeyError):  # (let go meanwhile by another thread)
            things.move_to_end(key)
        return thing

    def sizes(self) -> dict[str, int]:
        """How many things each shelf holds."""
        return {name: len(things) for name, things in self._shelves.items()}
