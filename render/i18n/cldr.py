"""A language's registry entry from CLDR, for `i18n init` of a language the registry lacks: its
names, script and direction, digits (Babel's CLDR data), quotation marks (CLDR's delimiters,
shipped as quotes.json: Babel carries none) and hyphenation dictionary (pyphen's, or none). Its script
must have an entry already: a script brings its fonts and line spacing, which CLDR cannot."""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import BuildError, Problem
from .languages import DIGITS, Registry, parse

QUOTES_TABLE = Path(__file__).with_name("quotes.json")  # CLDR's delimiters, by locale (scripts/cldr_quotes.py)
# The registry's scripts by their ISO 15924 code (a language in Arabic script is set in Naskh:
# Urdu's Nastaliq is its own registry entry).
SCRIPT_CODES = {"Latn": "latin", "Arab": "naskh", "Guru": "gurmukhi", "Beng": "bengali", "Gujr": "gujarati"}


def entry(code: str, reg: Registry, registry_file: Path) -> dict[str, object]:
    """The registry entry of a language CLDR knows; a BuildError saying what is missing otherwise."""
    from babel import Locale, UnknownLocaleError
    from babel.core import get_global

    try:
        locale = Locale.parse(code, sep="-")
    except (UnknownLocaleError, ValueError):
        raise BuildError(
            f"'{code}' is neither in the language registry ({registry_file}) nor a language CLDR knows"
        ) from None
    likely = get_global("likely_subtags").get(locale.language, "")
    script = locale.script or next((part for part in likely.split("_")[1:] if len(part) == 4), "")
    name = SCRIPT_CODES.get(script)
    if name not in reg.scripts:
        written = Locale("en").scripts.get(script, script or "an unknown")
        raise BuildError(
            f"'{code}' ({locale.english_name}) is written in the {written} script ({script}), which the registry "
            f"({registry_file}) has no entry for: add its fonts (render/compose/fonts.py) and its line spacing "
            f"(a `scripts:` entry) first"
        )
    digits = locale.default_numbering_system
    if digits not in DIGITS:
        raise BuildError(
            f"'{code}' prints numbers in {digits} digits, which the registry does not set (known: {DIGITS})"
        )
    return {
        "english": locale.english_name,
        "native": locale.display_name,
        "script": name,
        "hyphenation": _dictionary(code),
        "quotes": list(quotes(locale.language)),
        "digits": digits,
    }


def quotes(language: str) -> tuple[str, ...]:
    """A language's quotation marks (outer open, outer close, inner open, inner close): CLDR's,
    its own else the root's."""
    table = json.loads(QUOTES_TABLE.read_text(encoding="utf-8"))["quotes"]
    return tuple(table.get(language) or table["root"])


def _dictionary(code: str) -> str:
    """pyphen's hyphenation dictionary for a language, or "none" (its words are never broken)."""
    import pyphen

    return pyphen.language_fallback(code.replace("-", "_")) or "none"


def with_entry(text: str, code: str, found: dict[str, object], registry_file: Path) -> str:
    """The registry's text with a language's entry added at the end of its languages (every
    comment and entry kept as written); a BuildError if the result is not a valid registry."""
    values = ", ".join(f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in found.items())
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.startswith("languages:")), None)
    if start is None:
        raise BuildError(f"{registry_file}: no `languages:` to add '{code}' to")
    end = next((i for i in range(start + 1, len(lines)) if lines[i][:1] not in ("", " ", "\t", "#", "\n")), len(lines))
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    if lines[end - 1] and not lines[end - 1].endswith("\n"):
        lines[end - 1] += "\n"
    lines.insert(end, f"  {code}: {{{values}}}\n")
    result = "".join(lines)
    if code not in parsed(result, registry_file).languages:
        raise BuildError(f"{registry_file}: '{code}' could not be added")
    return result


def parsed(text: str, registry_file: Path) -> Registry:
    """A registry's text read; a BuildError naming each mistake at its line."""
    problems: list[Problem] = []
    found = parse(text, registry_file, problems)
    if problems or found is None:
        raise BuildError("\n".join(str(p) for p in problems) or f"{registry_file}: no language registry")
    return found
