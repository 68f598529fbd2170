"""`check`: the data, the look, the catalogues and the language registry validated; then the lint."""

from __future__ import annotations

from dataclasses import dataclass

from ..paths import Paths
from ..session import Session
from ..source.fidelity import Fidelity
from ..source.model import Framework
from ..source.products import Product


@dataclass(frozen=True)
class Checked:
    """A valid data folder: the model, its products and the editorial warnings."""

    fw: Framework
    products: dict[str, Product]
    warnings: list  # open: not accepted by the editors (the data's accepted.yaml)
    accepted: list = ()  # (warning, its Acceptance)
    fidelity: Fidelity | None = None  # against the published edition, when the data folder holds it


def check(paths: Paths, session: Session | None = None) -> Checked:
    """Validate the data folder, every product's template and stylesheet on the theme's search
    path, every catalogue's entries and the language registry, and, when the data folder holds
    the published edition, the data's fidelity to it (DataError listing every problem); then
    lint the data."""
    from ..compose.html import look_problems
    from ..errors import DataError
    from ..i18n import languages
    from ..i18n.catalogues import problems as catalogue_problems
    from ..source import accepted, load_framework
    from ..source.lint import lint

    fw, products = load_framework(paths.data)
    acceptances, problems = accepted.read(paths.data)
    fidelity = _fidelity(paths, fw, problems)
    problems += look_problems(products, paths.theme, session) + catalogue_problems(paths.strings)
    languages.read(paths.registry, problems)
    if problems:
        raise DataError(problems)
    return Checked(fw, products, *accepted.sort(lint(fw), acceptances), fidelity)


def _fidelity(paths: Paths, fw: Framework, problems: list) -> Fidelity | None:
    """The data against the published edition, if the data folder holds it: each unrecorded
    deviation and stale correction added to the problems."""
    from ..source.fidelity import against_edition

    outcome, found = against_edition(paths.data, fw, required=False)
    problems += found + (outcome.problems() if outcome else [])
    return outcome
