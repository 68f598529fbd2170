"""Declared fonts: the exact files every product uses, checked before rendering."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..errors import BuildError
from ..i18n import languages
from ..paths import confined
from ..session import Session, folder_state

# The folders come from Paths.fonts: Debian's fonts-noto-core by default (its version
# pinned by the distribution release), or RECOVERY_PRINT_FONT_DIRS.
INSTALL_HINT = "install Debian's fonts-noto-core (the README's set-up does this: make setup)"

# CSS family name -> (weight, style, file, expected family name inside the file).
# Every face is declared with @font-face from these exact files, so the family never
# resolves to whatever else the machine has installed.
FAMILIES: dict[str, tuple[tuple[int, str, str, str], ...]] = {
    "Noto Sans": (
        (400, "normal", "NotoSans-Regular.ttf", "Noto Sans"),
        (700, "normal", "NotoSans-Bold.ttf", "Noto Sans"),
        (400, "italic", "NotoSans-Italic.ttf", "Noto Sans"),
        (700, "italic", "NotoSans-BoldItalic.ttf", "Noto Sans"),
    ),
    "Noto Naskh Arabic": (
        (400, "normal", "NotoNaskhArabic-Regular.ttf", "Noto Naskh Arabic"),
        (700, "normal", "NotoNaskhArabic-Bold.ttf", "Noto Naskh Arabic"),
    ),
    "Noto Nastaliq Urdu": (
        (400, "normal", "NotoNastaliqUrdu-Regular.ttf", "Noto Nastaliq Urdu"),
        (700, "normal", "NotoNastaliqUrdu-Bold.ttf", "Noto Nastaliq Urdu"),
    ),
    "Noto Sans Bengali": (
        (400, "normal", "NotoSansBengali-Regular.ttf", "Noto Sans Bengali"),
        (700, "normal", "NotoSansBengali-Bold.ttf", "Noto Sans Bengali"),
    ),
    "Noto Sans Gurmukhi": (
        (400, "normal", "NotoSansGurmukhi-Regular.ttf", "Noto Sans Gurmukhi"),
        (700, "normal", "NotoSansGurmukhi-Bold.ttf", "Noto Sans Gurmukhi"),
    ),
    "Noto Sans Gujarati": (
        (400, "normal", "NotoSansGujarati-Regular.ttf", "Noto Sans Gujarati"),
        (700, "normal", "NotoSansGujarati-Bold.ttf", "Noto Sans Gujarati"),
    ),
}


# The name each declared family goes by in the stylesheets. It is not the font's own, so no
# file installed on the machine can answer for it: fontconfig matches a face by its file's
# own weight, and some files say Regular of their bold (Debian's Noto Nastaliq Urdu Bold),
# which once set every Urdu page in bold.
CSS_PREFIX = "RP "


def css_family(family: str) -> str:
    """The stylesheets' name for a declared family."""
    return CSS_PREFIX + family


def stack(language: languages.Language) -> tuple[str, ...]:
    """The font families that draw a language, in order of preference (see languages.yaml)."""
    return language.script.fonts


@dataclass(frozen=True)
class FontFile:
    """One resolved font face."""

    family: str
    weight: int
    style: str
    path: Path
    sha256: str

    @property
    def pdf_name(self) -> str:
        """The font name WeasyPrint writes into the PDF (after the subset tag)."""
        return css_family(self.family).replace(" ", "-")


def declared(session: Session, dirs: tuple[Path, ...]) -> tuple[FontFile, ...]:
    """The declared faces in these folders, found again when a file of theirs changes (kept by the session)."""
    return session.kept("fonts", (dirs, folder_state(dirs)), lambda: resolve_fonts(dirs))


def resolve_fonts(dirs: tuple[Path, ...]) -> tuple[FontFile, ...]:
    """Find every declared face in these folders; fail naming each missing or wrong file."""
    from fontTools.ttLib import TTFont

    found, missing = [], []
    for family, faces in FAMILIES.items():
        for weight, style, filename, expected in faces:
            folder = next((d for d in dirs if (d / filename).is_file()), None)
            if folder is None:
                missing.append(f"{filename} ({family} {weight} {style})")
                continue
            path = confined(folder / filename, folder, f"font {filename}")
            with TTFont(path, lazy=True) as font:
                name = font["name"]
                actual = name.getBestFamilyName()
            if actual != expected:
                missing.append(f"{path} is '{actual}', expected '{expected}'")
                continue
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            found.append(FontFile(family, weight, style, path, digest))
    if missing:
        where = ", ".join(map(str, dirs))
        raise BuildError(f"fonts not found in {where}: {'; '.join(missing)}; {INSTALL_HINT}")
    return tuple(found)


def font_face_css(fonts: tuple[FontFile, ...], registry: languages.Registry) -> str:
    """@font-face rules for the resolved files, and each language's settings (see languages.css)."""
    faces = [
        f'@font-face {{ font-family: "{css_family(f.family)}"; font-weight: {f.weight}; '
        f'font-style: {f.style}; src: url("{f.path.as_uri()}"); }}'
        for f in fonts
    ]
    return "\n".join([*faces, languages.css(registry, css_family)])


def missing_glyphs(
    fonts: tuple[FontFile, ...], language: languages.Language, texts: dict[str, str]
) -> dict[str, list[str]]:
    """Characters of `texts` (text -> where it is used) that no font of the language's
    stack can draw: {character: [where, ...]}. Spaces and invisible format characters
    (direction marks) need no glyph."""
    import unicodedata

    from fontTools.ttLib import TTFont

    families = stack(language)
    cmaps = []
    for f in fonts:
        if f.family in families and f.style == "normal" and f.weight == 400:
            with TTFont(f.path, lazy=True) as font:
                cmaps.append(set(font.getBestCmap()))
    missing: dict[str, list[str]] = {}
    for text, where in texts.items():
        for ch in set(text):
            if ch.isspace() or unicodedata.category(ch) in ("Cf", "Cc"):
                continue
            if not any(ord(ch) in cmap for cmap in cmaps):
                missing.setdefault(ch, []).append(where)
    return missing
