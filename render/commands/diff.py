"""`diff`: what changed between two editions, as Markdown or a standalone HTML page."""

from __future__ import annotations

from pathlib import Path


def diff(old: str, new: str):
    """What changed from edition `old` to `new`, each a data folder or a git revision."""
    from ..source.diff import diff_editions, load_edition

    (old_fw, old_source, old_fixes), (new_fw, new_source, new_fixes) = load_edition(old), load_edition(new)
    return diff_editions(old_fw, new_fw, old_source, new_source, old_fixes, new_fixes)


def markdown(result) -> str:
    """The changes as Markdown."""
    from ..source.diff_report import to_markdown

    return to_markdown(result)


def write_html(result, path: Path) -> None:
    """The changes as a standalone HTML page, written to `path` at once."""
    from ..source.diff_report import to_html
    from ..write import write_atomic

    write_atomic(path, to_html(result).encode("utf-8"))
