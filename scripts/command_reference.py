"""The command reference of docs/developers.md, made from the command line itself (Click):
each command, what it does, its arguments and options with their help. A test holds the page
to it.

    .venv/bin/python scripts/command_reference.py     # the Markdown, to paste between the markers
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def reference() -> str:
    """Every command of `recovery-print`, as Markdown."""
    import click

    from render.cli import cli

    top = click.Context(cli, info_name="recovery-print")
    out = []
    for name in sorted(cli.commands):
        command = cli.commands[name]
        ctx = click.Context(command, info_name=name, parent=top)
        usage = " ".join(["recovery-print", name, *command.collect_usage_pieces(ctx)])
        out += [f"### `{name}`", "", _text((command.help or "").split("\n\n")[0]), ""]
        out += ["```text", usage, "```", ""]
        # (not --help: Click keeps one help option per command, named as the first context that asked)
        helps = command.get_help_option(ctx)
        rows = [p.get_help_record(ctx) for p in command.get_params(ctx) if p is not helps]
        rows = [r for r in rows if r]
        out += [f"- `{flag}`: {_text(text)}" if text else f"- `{flag}`" for flag, text in rows]
        out.append("")
    return "\n".join(out).rstrip("\n")


def _text(help_text: str) -> str:
    """Help text as Markdown prose: one line, its angle brackets shown, not taken for HTML."""
    return " ".join(help_text.split()).replace("<", "&lt;").replace(">", "&gt;")


if __name__ == "__main__":
    print(reference())
