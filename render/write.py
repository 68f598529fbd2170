"""Write: the one owner of the output folder; files land atomically, a set of them all or none."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from .paths import confined


def write_atomic(path: Path, data: bytes) -> None:
    """Write bytes to a temporary file beside `path`, then rename it into place."""
    write_files(path.parent, {path.name: data})


def write_files(folder: Path, files: dict[str, bytes]) -> None:
    """Write files under a folder, all or none, in the order given (a report after the files it
    describes). Each goes to a temporary file beside its place, inside the folder (links
    followed); only when every one is written do they replace the old files, each old one kept
    aside until all are in place, and put back if any is refused."""
    staged: list[tuple[str, Path]] = []
    placed: list[tuple[Path, str | None]] = []  # (file, its old content's temporary name)
    try:
        for rel, data in files.items():
            path = folder / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            confined(path.parent, folder, f"output {rel}")
            if path.is_dir():
                raise IsADirectoryError(errno.EISDIR, "a folder stands where the file goes", str(path))
            staged.append((_stage(path, data), path))
        for tmp, path in staged:
            old = _aside(path) if path.exists() else None
            placed.append((path, old))
            os.replace(tmp, path)
    except BaseException:
        for path, old in reversed(placed):  # the previous files back where they were
            if old is not None:
                os.replace(old, path)
            elif path.exists():
                path.unlink()
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)
        raise
    for _, old in placed:
        if old is not None:
            Path(old).unlink(missing_ok=True)


def _stage(path: Path, data: bytes) -> str:
    """A temporary file beside `path` holding the data (removed again if writing fails)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def _aside(path: Path) -> str:
    """The file moved to a free name beside it (its old content, while the new one takes its place)."""
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".old", dir=path.parent)
    os.close(fd)
    try:
        os.replace(path, name)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return name
