"""The language registry (translations/languages.yaml): each language's script, fonts,
line spacing, hyphenation, quotation marks and digits; plural forms from CLDR. The registry
in use is the one beside the catalogues (Paths.registry).

A code not in the registry (a regional or pseudo-locale variant, as en-XA or ar-XB) is
its base language's entry; one whose base is not there either is set as Latin, left to
right, unhyphenated. `check` reads the registry with the data, each mistake at its line.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import BuildError, Problem
from ..paths import CATALOGUES, REGISTRY_NAME
from ..source.schema import Reader
from ..source.yamlsafe import load

REGISTRY = CATALOGUES / REGISTRY_NAME  # the shipped one
DIRECTIONS = ("ltr", "rtl")
ZEROS = {
    "latn": "0",
    "arab": "\u0660",
    "arabext": "\u06f0",
    "beng": "\u09e6",
    "guru": "\u0a66",
    "gujr": "\u0ae6",
    "deva": "\u0966",
}
DIGITS = tuple(ZEROS)
COUNTER_STYLES = {  # CSS's predefined counter style of each numbering system
    "latn": "decimal",
    "arab": "arabic-indic",
    "arabext": "persian",
    "beng": "bengali",
    "guru": "gurmukhi",
    "gujr": "gujarati",
    "deva": "devanagari",
}
LEADING = ("matrix", "tight", "text", "display", "large", "heading")  # the --leading-* tokens


@dataclass(frozen=True)
class Script:
    """A way of writing: direction, fonts, line spacing."""

    name: str
    direction: str
    fonts: tuple[str, ...]
    leading: tuple[tuple[str, float], ...]  # (token, value) in LEADING order
    rise: float  # ems its tallest strokes reach above a line's room


@dataclass(frozen=True)
class Language:
    """One language as it is set."""

    code: str
    english: str
    native: str
    script: Script
    hyphenation: str | None  # a pyphen dictionary, or None: words never broken
    quotes: tuple[str, str, str, str]
    digits: str
    known: bool = True  # False: not in the registry (set as Latin)

    @property
    def direction(self) -> str:
        return self.script.direction

    def number(self, n: int) -> str:
        """An integer in the language's digits (CLDR numbering system)."""
        zero = ord(ZEROS[self.digits])
        return "".join(chr(zero + int(d)) if d.isdigit() else d for d in str(n))

    @property
    def counter_css(self) -> str:
        """The counter style `rp-digits` (page numbers, numbered lists) in the language's digits."""
        return f"@counter-style rp-digits {{ system: extends {COUNTER_STYLES[self.digits]}; }}"

    @property
    def plural_forms(self) -> str:
        """The gettext Plural-Forms header, from CLDR (Babel)."""
        from babel.messages.plurals import get_plural

        plural = get_plural(self.code.replace("-", "_"))
        return f"nplurals={plural.num_plurals}; plural={plural.plural_expr};"


@dataclass(frozen=True)
class Registry:
    """Every language of the registry, by code."""

    languages: dict[str, Language]
    scripts: dict[str, Script]

    def of(self, code: str) -> Language:
        """The entry of a code, or of its base language (en-XA: en), or the Latin default."""
        base = code.replace("_", "-").split("-")[0]
        found = self.languages.get(code) or self.languages.get(base)
        if found is not None:
            return found
        latin = self.scripts["latin"]
        return Language(code, code, code, latin, None, ("“", "”", "‘", "’"), "latn", known=False)


def registry(path: Path = REGISTRY) -> Registry:
    """The registry in a file (as it is now: an edited file is read again); a mistake in it is
    a BuildError naming file:line."""
    return _parsed(str(path), path.read_bytes())


@functools.lru_cache(maxsize=8)
def _parsed(path: str, text: bytes) -> Registry:
    problems: list[Problem] = []
    found = parse(_text(text, path, problems), Path(path), problems)
    if problems or found is None:
        raise BuildError("\n".join(str(p) for p in problems) or f"{path}: no language registry")
    return found


def read(path: Path, problems: list[Problem]) -> Registry | None:
    """Read a registry file, every mistake a problem at its line."""
    return parse(_text(path.read_bytes(), str(path), problems), path, problems)


def _text(data: bytes, path: str, problems: list[Problem]) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        problems.append(Problem(path, line, "", f"not UTF-8 text (byte {err.start})"))
        return None


def parse(text: str | None, path: Path, problems: list[Problem]) -> Registry | None:
    """A registry's text (from `path`), every mistake a problem at its line."""
    if text is None:
        return None
    root, found = load(text, path.name)
    problems += found
    if root is None:
        return None
    r = Reader(str(path), problems)
    top = r.mapping(root, "", {"scripts": True, "languages": True}) or {}
    scripts = {}
    for name, node in (r.mapping(top.get("scripts"), "scripts") or {}).items():
        s = r.mapping(node, f"scripts.{name}", {"direction": True, "fonts": True, "leading": True, "rise": True})
        if s is None:
            continue
        direction = r.text(s.get("direction"), f"scripts.{name}.direction")
        if direction not in DIRECTIONS:
            r.error(s.get("direction"), f"scripts.{name}.direction", f"expected one of: {', '.join(DIRECTIONS)}")
        fonts = [
            r.text(f, f"scripts.{name}.fonts[{i}]")
            for i, f in enumerate(r.seq(s.get("fonts"), f"scripts.{name}.fonts"))
        ]
        keys = dict.fromkeys(LEADING, True)
        leading = r.mapping(s.get("leading"), f"scripts.{name}.leading", keys) or {}
        values = [(k, r.number(leading.get(k), f"scripts.{name}.leading.{k}")) for k in LEADING if k in leading]
        rise = r.number(s.get("rise"), f"scripts.{name}.rise")
        if any(v is None for _, v in values) or rise is None or None in fonts:
            continue
        scripts[name] = Script(name, direction, tuple(fonts), tuple(values), rise)
    if "latin" not in scripts:
        r.error(top.get("scripts"), "scripts", "needs `latin` (the default for languages not listed)")
    languages = {}
    wanted = {"english": True, "native": True, "script": True, "hyphenation": True, "quotes": True, "digits": True}
    for code, node in (r.mapping(top.get("languages"), "languages") or {}).items():
        d = r.mapping(node, f"languages.{code}", wanted)
        if d is None:
            continue
        script = r.text(d.get("script"), f"languages.{code}.script")
        if script not in scripts:
            r.error(d.get("script"), f"languages.{code}.script", f"not a script of the registry ({', '.join(scripts)})")
            continue
        hyphenation = r.text(d.get("hyphenation"), f"languages.{code}.hyphenation")
        if hyphenation not in (None, "none") and not _dictionary(hyphenation):
            r.error(d.get("hyphenation"), f"languages.{code}.hyphenation", f"{hyphenation}: not a pyphen dictionary")
        quotes = [r.text(q, f"languages.{code}.quotes[{i}]") for i, q in enumerate(r.seq(d.get("quotes"), "quotes"))]
        if len(quotes) != 4:
            r.error(
                d.get("quotes"),
                f"languages.{code}.quotes",
                "four marks: outer open, outer close, inner open, inner close",
            )
            continue
        digits = r.text(d.get("digits"), f"languages.{code}.digits")
        if digits not in DIGITS:
            r.error(d.get("digits"), f"languages.{code}.digits", f"expected one of: {', '.join(DIGITS)}")
        languages[code] = Language(
            code,
            r.text(d.get("english"), f"languages.{code}.english") or code,
            r.text(d.get("native"), f"languages.{code}.native") or code,
            scripts[script],
            None if hyphenation in (None, "none") else hyphenation,
            tuple(quotes),
            digits or "latn",
        )
    return Registry(languages, scripts)


def _dictionary(name: str) -> bool:
    import pyphen

    return name in pyphen.LANGUAGES


def css(reg: Registry, family: Callable[[str], str] = str) -> str:
    """Each language's settings as CSS: its font stack, line spacing, rise, quotation marks,
    and no hyphenation where it has no dictionary (`family`: a font family's name in CSS)."""
    rules = []
    for code, lang in reg.languages.items():
        tokens = []
        if lang.script.name != "latin":  # (Latin's are the design tokens' own, which a theme may change)
            families = ", ".join(f'"{family(f)}"' for f in lang.script.fonts)
            tokens.append(f"--font: {families}")
            tokens += [f"--leading{'' if k == 'matrix' else '-' + k}: {v:g}" for k, v in lang.script.leading]
            tokens.append(f"--rise: {lang.script.rise:g}")
        tokens.append(f"--hyphens: {'auto' if lang.hyphenation else 'manual'}")
        q = " ".join(f'"{m}"' for m in lang.quotes)
        rules.append(f":root:lang({code}) {{ {'; '.join(tokens)}; quotes: {q}; }}")
    return "\n".join(rules)
