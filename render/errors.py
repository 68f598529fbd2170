"""Errors that reach the user: each names where it comes from, none shows a traceback."""

from __future__ import annotations

import re
from dataclasses import dataclass

import click

_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """A message as the terminal may show it: control characters and bidi controls as escapes."""
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


@dataclass(frozen=True, order=True)
class Problem:
    """One finding about the input: file, line, key path and what is wrong."""

    file: str
    line: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class DataError(click.ClickException):
    """The data folder has one or more problems; all of them are reported at once."""

    exit_code = 1

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        noun = "problem" if len(self.problems) == 1 else "problems"
        lines = [str(p) for p in self.problems]
        super().__init__("\n".join([*lines, f"{len(self.problems)} {noun} found."]))

    def after(self, outcome: str | None) -> DataError:
        """The same problems, ending with what the command did not do because of them."""
        if outcome:
            self.message = f"{self.message[:-1]}; {outcome}."
        return self

    def format_message(self) -> str:
        return self.message


class FolderError(click.ClickException):
    """A folder the command needs is not there (the message says where it looked)."""

    exit_code = 1


class OutsideError(click.ClickException):
    """A file that would be read or written resolves (links followed) outside the folder it must stay in."""

    exit_code = 1

    def __init__(self, what: str, path, root):
        super().__init__(f"{what}: {path} resolves outside {root}; refused (nothing of it was read or written)")


class BuildError(click.ClickException):
    """A product could not be produced (fitting, fonts, rendering checks)."""

    exit_code = 1


class LintError(click.ClickException):
    """`check --strict`: the data is valid but the editorial lint found something."""

    exit_code = 1

    def __init__(self, count: int):
        noun = "warning" if count == 1 else "warnings"
        super().__init__(
            f"{count} {noun}; --strict treats warnings as errors (to keep one, accept it with its reason in "
            "the data folder's accepted.yaml)."
        )


class FidelityError(click.ClickException):
    """`fidelity`: the printed text departs from the published edition where no correction records it."""

    exit_code = 1

    def __init__(self, unrecorded: int, unused: int):
        parts = [f"{unrecorded} unrecorded deviation(s) from the published edition"] if unrecorded else []
        parts += [f"{unused} recorded correction(s) that match nothing any more"] if unused else []
        super().__init__(f"{'; '.join(parts)}: record each in the data folder's corrections.yaml, or mend the data")


class PreflightError(click.ClickException):
    """One or more files failed preflight (the report has been printed)."""

    exit_code = 1

    def __init__(self, failed: int, total: int, stale: int = 0):
        parts = [f"{failed} of {total} file(s) have errors"] if failed else []
        parts += [f"{stale} of {total} file(s) are out of date"] if stale else []
        super().__init__(f"preflight failed: {'; '.join(parts)}")
