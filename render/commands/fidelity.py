"""`fidelity`: the data's English against the published edition."""

from __future__ import annotations

from pathlib import Path

from ..paths import Paths


def fidelity(paths: Paths, source: Path | None = None):
    """The data's English against the published edition (by default DATA/source/...): every
    deviation, matched to data/corrections.yaml or not (DataError when either cannot be read)."""
    from ..errors import DataError
    from ..source import load_framework
    from ..source.fidelity import against_edition

    fw, _ = load_framework(paths.data)
    outcome, problems = against_edition(paths.data, fw, source)
    if outcome is None or problems:
        raise DataError(problems)
    return outcome
