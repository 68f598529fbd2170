"""Where things are: the shipped look and catalogues, and the folders one build reads and writes.

A Theme is the look as layers: templates, styles and the strings of their own words,
each looked up in the layers in order (the first that has a file wins), the shipped
look last. Paths adds the data, the catalogues, the output folder and the fonts.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import BuildError, OutsideError

PACKAGE = Path(__file__).resolve().parent
# Installed from a wheel, the look and the catalogues ship inside the package
# (render/assets/, see pyproject.toml); in a checkout they are the project's own folders.
ASSETS = PACKAGE / "assets" if (PACKAGE / "assets").is_dir() else PACKAGE.parent
TEMPLATES = ASSETS / "templates"
STYLES = ASSETS / "styles"
CATALOGUES = ASSETS / "translations"
REGISTRY_NAME = "languages.yaml"  # the language registry, beside the catalogues
DEFAULT_PROFILE = Path("/usr/local/share/color/icc/recovery-print/FOGRA39L-argyll.icc")
DEFAULT_FONT_DIRS = (Path("/usr/share/fonts/truetype/noto"),)  # Debian's fonts-noto-core
FONT_DIRS_VARIABLE = "RECOVERY_PRINT_FONT_DIRS"


def inside(path: Path, root: Path) -> bool:
    """Whether a path lies in a folder, links followed on both sides."""
    return Path(path).resolve().is_relative_to(Path(root).resolve())


def confined(path: Path, root: Path, what: str) -> Path:
    """The path, if it lies in the folder; else an OutsideError naming what it is and the folder."""
    if not inside(path, root):
        raise OutsideError(what, path, root)
    return path


@dataclass(frozen=True)
class Theme:
    """The look: folders of templates, of styles and of their strings, searched in order."""

    templates: tuple[Path, ...] = (TEMPLATES,)
    styles: tuple[Path, ...] = (STYLES,)
    strings: tuple[Path, ...] = ()  # catalogue folders of the layers' own words, read before the project's

    @classmethod
    def layered(cls, themes: Iterable[Path] = (), templates: Iterable[Path] = ()) -> Theme:
        """The shipped look under `--templates DIR` (templates only) and `--theme DIR`
        (its templates/, styles/ and translations/, whichever it has), first named first."""
        themes, templates = [Path(t) for t in themes], [Path(t) for t in templates]
        return cls(
            templates=(*templates, *_subfolders(themes, "templates"), TEMPLATES),
            styles=(*_subfolders(themes, "styles"), STYLES),
            strings=tuple(_subfolders(themes, "translations")),
        )

    def style(self, name: str) -> Path:
        """A stylesheet by name, from the first layer that has it (and keeps it inside)."""
        for folder in self.styles:
            if (folder / name).is_file():
                return confined(folder / name, folder, f"stylesheet {name}")
        raise BuildError(f"stylesheet {name} not found in {', '.join(map(str, self.styles))}")

    def has_style(self, name: str) -> bool:
        return any((folder / name).is_file() for folder in self.styles)

    def template_files(self) -> dict[str, Path]:
        """Every template name the search path offers, with the file that serves it (none that
        lies, links followed, outside its folder)."""
        found: dict[str, Path] = {}
        for folder in self.templates:
            for path in sorted(Path(folder).rglob("*.html")):
                if inside(path, folder):
                    found.setdefault(path.relative_to(folder).as_posix(), path)
        return dict(sorted(found.items()))

    @property
    def folders(self) -> tuple[Path, ...]:
        """Every folder of the look (what the cache fingerprints and the engine may read)."""
        return (*self.templates, *self.styles, *self.strings)


def _subfolders(themes: list[Path], name: str) -> list[Path]:
    return [theme / name for theme in themes if (theme / name).is_dir()]


def default_catalogues() -> Path:
    """The catalogue folder when none is named: ./translations, else the shipped catalogues."""
    here = Path("translations")
    return here if here.is_dir() else CATALOGUES


def font_dirs() -> tuple[Path, ...]:
    """Where fonts are looked for: RECOVERY_PRINT_FONT_DIRS (colon-separated) or Debian's Noto folder."""
    value = os.environ.get(FONT_DIRS_VARIABLE)
    return tuple(Path(p) for p in value.split(os.pathsep) if p) if value else DEFAULT_FONT_DIRS


@dataclass(frozen=True)
class Paths:
    """The folders of one build: data read, catalogues, output written, the look and the fonts."""

    data: Path = Path("data")
    out: Path = Path("output")
    catalogues: Path = field(default_factory=default_catalogues)
    theme: Theme = Theme()
    fonts: tuple[Path, ...] = field(default_factory=font_dirs)

    @property
    def registry(self) -> Path:
        """The language registry in use: the one beside the catalogues (CATALOGUES/languages.yaml),
        else the shipped one."""
        beside = self.catalogues / REGISTRY_NAME
        if beside.is_file():
            return confined(beside, self.catalogues, "language registry")
        return CATALOGUES / REGISTRY_NAME

    @property
    def strings(self) -> tuple[Path, ...]:
        """Catalogue folders a language's translations are read from, the first that has a message winning."""
        return (*self.theme.strings, self.catalogues)
