"""The Python API: each command of the command line as one function, for CI-for-content users.

    import render
    from render import BuildOptions, Paths

    report = render.build(BuildOptions(Paths(data=Path("data"), out=Path("output")), products=("poster",)))
    for done in report.done:
        print(done.path, done.status)

Every function takes its options whole, does its command's work (render/commands/, one module
per command) and returns what it made; expected problems raise click.ClickException subclasses
(DataError, BuildError, ...). Each is imported from its command when first asked for, so a
command line that needs one command loads only that one's stages.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass

COMMANDS = {
    "build": "build",
    "plan": "build",
    "check": "check",
    "diff": "diff",
    "fidelity": "fidelity",
    "catalogues": "i18n",
    "translation_status": "i18n",
    "pack": "pack",
    "preflight": "preflight",
    "products": "products",
    "products_markdown": "products",
    "proof": "proof",
    "rebuilt": "watch",
    "watch": "watch",
}
__all__ = sorted(COMMANDS)


def __getattr__(name: str):
    """A command's function, from its module of render/commands/."""
    if name in COMMANDS:
        return getattr(importlib.import_module(f".commands.{COMMANDS[name]}", __package__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
