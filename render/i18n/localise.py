"""Localise: the one place visible text passes through on its way to a template.

Model text is looked up in the language's gettext catalogue by (context, English); words
of the templates themselves ("Contents", "Level {number}") are looked up in the "ui"
context. What a language lacks is recorded: a final build refuses it, a draft build
falls back to English and lists it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..source.model import Text
from . import languages

UI_CONTEXT = "ui"
LRI, PDI = "\u2066", "\u2069"  # a left-to-right isolate (UAX #9): punctuation stays with its words
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")  # {number}: filled in by name, nothing else
FIELD = re.compile(r"\{[^{}]*\}")  # anything in braces: a placeholder, or something posing as one


def fill(text: str, values: dict[str, object]) -> str:
    """A text with its {placeholders} replaced by the values of those names: plain substitution,
    never attribute or index access (a translation is data, not code)."""
    return PLACEHOLDER.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), text)


@dataclass
class Localiser:
    """Turns model Text (and template UI words) into the output language."""

    lang: str = "en"
    translations: dict[tuple[str, str], str] = field(default_factory=dict)  # (context, English) -> text
    missing: dict[tuple[str, str], None] = field(default_factory=dict)  # asked for but not translated
    used: dict[str, str] = field(default_factory=dict)  # every text given out -> its context
    contexts: set[str] = field(default_factory=set)  # every context asked for
    registry: languages.Registry | None = None  # the language registry in use (None: the shipped one)
    language: languages.Language = field(init=False)

    def __post_init__(self) -> None:
        self.language = (self.registry or languages.registry()).of(self.lang)

    @property
    def base(self) -> str:
        """The language without region or pseudo-locale suffix (ar-XB -> ar)."""
        return self.lang.split("-")[0].split("_")[0]

    @property
    def direction(self) -> str:
        return self.language.direction

    @property
    def html_lang(self) -> str:
        return "en-GB" if self.lang == "en" else self.lang

    def translates(self, text: str) -> bool:
        """Whether a template's word has its own form in this language (not English's)."""
        return self.lang != "en" and bool(self.translations.get((UI_CONTEXT, text)))

    def __call__(self, text: Text | str | None, **values: object) -> str:
        """The text in this language; UI strings may carry {placeholders} filled from values."""
        if text is None:
            return ""
        if isinstance(text, str):
            text = Text(UI_CONTEXT, text)
        key = (text.context, text.source)
        self.contexts.add(text.context)
        result = text.source
        if self.lang != "en":
            translated = self.translations.get(key)
            if translated:
                result = translated
            else:
                self.missing[key] = None
                if self.direction == "rtl":  # English in a right-to-left page: its own left-to-right run
                    result = f"{LRI}{result}{PDI}"
        if values:
            language = self.language
            result = fill(result, {k: language.number(v) if isinstance(v, int) else v for k, v in values.items()})
        self.used.setdefault(result, text.context)
        return result
