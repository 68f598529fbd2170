"""recovery-print: print products of the Emerging Best Practices in Mental Health Recovery framework.

Stages, data flowing one way: source -> i18n -> compose -> press -> run -> proof; the commands
(render/commands/) combine them. For Python callers: `render.build(BuildOptions(...)) -> Report`,
and the rest of render.api.
"""

__version__ = "0.1.0"

_EXPORTS = {
    "BuildOptions": "options",
    "PressOptions": "options",
    "Paths": "paths",
    "Theme": "paths",
    "Report": "run.report",
    "build": "api",
}


def __getattr__(name: str):
    """The API's names, imported when first asked for (so the command line starts fast)."""
    import importlib

    if name in _EXPORTS:
        return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
