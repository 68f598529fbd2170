"""Jinja, one way for every part of the program: sandboxed, autoescaped, every name defined.

The products' templates (on the theme's search path), the workbench's pages, the proof sheet
and the edition diff's report are all made by `environment()`; only how they keep white space
differs, and which filters they add.
"""

from __future__ import annotations

from collections.abc import Callable

import jinja2
from jinja2.sandbox import SandboxedEnvironment


def environment(
    loader: jinja2.BaseLoader | None = None,
    *,
    trim: bool = False,
    filters: dict[str, Callable] | None = None,
) -> jinja2.Environment:
    """A sandboxed, autoescaping Jinja in which an undefined name is an error; templates from
    `loader` (a search path) or from strings. `trim`: a block tag's line leaves no white space
    (and a template's last newline is kept), for documents whose bytes are compared."""
    env = SandboxedEnvironment(
        loader=loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=trim,
        lstrip_blocks=trim,
        keep_trailing_newline=trim,
    )
    env.filters.update(filters or {})
    return env
