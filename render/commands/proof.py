"""`proof`: pictures of every page of a build and its proof sheet, marked against another build."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path


def proof(
    out_dir: Path,
    against: Path | None = None,
    readme_dir: Path | None = None,
    echo: Callable[[str], None] = lambda _: None,
):
    """OUT/proof/: a PNG of every page and OUT/proof/index.html, the pages that differ from the
    build in `against` marked; with `readme_dir`, a small picture of each product's first page."""
    from ..proof.sheet import make_proof, write_readme_pictures

    made = make_proof(out_dir, against, echo=echo)
    if readme_dir is not None:
        write_readme_pictures(out_dir, readme_dir, echo=echo)
    return made
