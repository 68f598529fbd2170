"""Localise: the one place visible text passes through on its way to a template."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Text

RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur", "ps", "sd", "yi"})


@dataclass(frozen=True)
class Localiser:
    """Turns model Text (and template UI words) into the output language."""

    lang: str = "en"

    @property
    def direction(self) -> str:
        return "rtl" if self.lang.split("-")[0] in RTL_LANGUAGES else "ltr"

    @property
    def html_lang(self) -> str:
        return "en-GB" if self.lang == "en" else self.lang

    def __call__(self, text: Text | str | None) -> str:
        """The text in this language (English source strings pass through for now)."""
        if text is None:
            return ""
        if isinstance(text, str):
            text = Text("ui", text)
        return text.source
