"""Every option a message of the program names is one its command takes."""

from __future__ import annotations

import ast
import re

import click

from render.cli import cli
from tests.helpers import ROOT

# A command line a message shows, as a code span: `recovery-print CMD [SUB] ...`.
COMMAND = re.compile(r"`recovery-print ([a-z0-9]+(?: [a-z0-9]+)?)([^`]*)`")
# An option named in prose; not a CSS property (--leading: ...) nor a program's --opt=value.
FLAG = re.compile(r"(?<![\w(-])--[a-z][a-z0-9-]*(?![\w:{=-])")


def _options(command: click.Command) -> set[str]:
    flags = {"--help"}
    for param in command.params:
        flags |= {o for o in (*param.opts, *param.secondary_opts) if o.startswith("--")}
    return flags


def _command(words: str) -> click.Command | None:
    """The command a line names: `build`, or `i18n init` (a group's subcommand)."""
    names = words.split()
    found = cli.commands.get(names[0])
    if isinstance(found, click.Group) and len(names) > 1:
        found = found.commands.get(names[1])
    return found


def _every_command() -> list[click.Command]:
    found = []
    for c in cli.commands.values():
        found += list(c.commands.values()) if isinstance(c, click.Group) else [c]
    return found


def _messages() -> list[tuple[str, int, str]]:
    """Every string the package's code holds (f-strings by their literal parts, joined): (file, line, text)."""
    found = []
    for path in sorted((ROOT / "render").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                text = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = node.value
            else:
                continue
            if FLAG.fullmatch(text.strip()):
                continue  # an argument list's element (of git, of a subprocess), not a message
            found.append((str(path.relative_to(ROOT)), node.lineno, text))
    return found


def test_every_option_a_message_names_exists():
    everywhere = set().union(*(_options(c) for c in _every_command())) | {"--debug", "--version"}
    wrong = []
    for file, line, text in _messages():
        for match in COMMAND.finditer(text):
            command = _command(match.group(1))
            if command is None:
                wrong.append(f"{file}:{line}: no command `recovery-print {match.group(1)}`")
                continue
            for flag in FLAG.findall(match.group(2)):
                if flag not in _options(command):
                    wrong.append(f"{file}:{line}: `recovery-print {match.group(1)}` takes no {flag}")
        for flag in FLAG.findall(COMMAND.sub("", text)):
            if flag not in everywhere:
                wrong.append(f"{file}:{line}: no command takes {flag}")
    assert wrong == []


def test_the_walk_sees_the_messages_it_checks():
    texts = [text for _, _, text in _messages()]
    assert any("recovery-print build --product {} --lang {}{} --draft" in t for t in texts)  # the composer's hint
    assert any("recovery-print i18n init" in t for t in texts)
    assert _command("i18n init") is not None and "--draft" not in _options(_command("pack"))
