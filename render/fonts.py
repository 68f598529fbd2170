"""Declared fonts: the exact files every product uses, checked before rendering."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from .errors import BuildError

# Debian's fonts-noto-core (version pinned by the distribution release).
DEFAULT_FONT_DIRS = (Path("/usr/share/fonts/truetype/noto"),)
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
}


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
        return self.family.replace(" ", "-")


def font_dirs() -> tuple[Path, ...]:
    """Where fonts are looked for: RECOVERY_PRINT_FONT_DIRS (colon-separated) or the default."""
    env = os.environ.get("RECOVERY_PRINT_FONT_DIRS")
    return tuple(Path(p) for p in env.split(os.pathsep) if p) if env else DEFAULT_FONT_DIRS


def resolve_fonts() -> tuple[FontFile, ...]:
    """Find every declared face; fail naming each missing or wrong file."""
    from fontTools.ttLib import TTFont

    found, missing = [], []
    for family, faces in FAMILIES.items():
        for weight, style, filename, expected in faces:
            path = next((d / filename for d in font_dirs() if (d / filename).is_file()), None)
            if path is None:
                missing.append(f"{filename} ({family} {weight} {style})")
                continue
            with TTFont(path, lazy=True) as font:
                name = font["name"]
                actual = name.getBestFamilyName()
            if actual != expected:
                missing.append(f"{path} is '{actual}', expected '{expected}'")
                continue
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            found.append(FontFile(family, weight, style, path, digest))
    if missing:
        dirs = ", ".join(map(str, font_dirs()))
        raise BuildError(f"fonts not found in {dirs}: {'; '.join(missing)}; {INSTALL_HINT}")
    return tuple(found)


def font_face_css(fonts: tuple[FontFile, ...]) -> str:
    """@font-face rules for the resolved files."""
    return "\n".join(
        f'@font-face {{ font-family: "{f.family}"; font-weight: {f.weight}; '
        f'font-style: {f.style}; src: url("{f.path.as_uri()}"); }}'
        for f in fonts
    )
