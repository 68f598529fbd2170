"""Incremental builds: what each output was made from, so an unchanged one is not made again.

An output's key hashes everything it is made from (everything a build reads: a test records
the files a build opens and holds them to Sources): the code, Python's and every library's
version, the templates, styles and fonts, the language registry, the system files the
libraries read, the product's specification, the job's options, the edition date, the
language's catalogue, the press settings and,
for the data, the texts of every context (gettext msgctxt) the output printed last time,
recorded as it was built, and the rest of the model (see text_index). Editing one
statement changes its cell's context, so only the outputs that printed that cell are
made again. The keys, the files' checksums and the report entries live in
OUT/.cache/manifest.json; layout measurements (a pure function of a page's HTML and
styles) in OUT/.cache/measures.json.
"""

from __future__ import annotations

import glob
import json
import os
import sys
import sysconfig
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from importlib import metadata
from pathlib import Path, PurePosixPath

import click

from ..compose.record import Record
from ..hashing import digest, sha
from ..i18n.catalogues import files as catalogue_files
from ..i18n.catalogues import read as catalogue_read
from ..paths import PACKAGE, Paths, inside
from ..session import Session
from ..source.model import Cell, Framework, Text, children, texts
from .report import OutputEntry

FORMAT = 4  # (4: the measurements are compose.record's versioned records)
MANIFEST = ".cache/manifest.json"
MEASURES = ".cache/measures.json"
MAX_MEASURES = 20000
# System libraries that shape, break and subset text: their versioned file names.
TEXT_LIBRARIES = ("libpango-1.0.so.*", "libpangoft2-1.0.so.*", "libharfbuzz.so.*", "libharfbuzz-subset.so.*")


def _files(folders: Iterable[tuple[str, Path]]) -> dict[str, tuple[str, str]]:
    """Every file under the (named) folders, none of Python's byte-code caches: by absolute path,
    its name in the key (the folder's name and its path there) and its digest."""
    out = {}
    for name, folder in folders:
        for path in sorted(p for p in Path(folder).rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            out[str(path.absolute())] = (f"{name}/{path.relative_to(folder).as_posix()}", digest(path.read_bytes()))
    return out


def _versions() -> tuple[str, ...]:
    """Python's version, every installed distribution's and the system's text libraries (their
    versioned file names): the identity of each library file a build may read."""
    dists = sorted({f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions() if d.metadata["Name"]})
    system = sorted(
        path.name
        for pattern in TEXT_LIBRARIES
        for folder in ("/usr/lib", "/usr/lib64", *glob.glob("/usr/lib/*-linux-gnu"))
        for path in Path(folder).glob(pattern)
        if not path.is_symlink()
    )
    return (f"python {sys.version}", *dists, *system)


@dataclass(frozen=True)
class Sources:
    """What every output of a build is made from, besides its data and its catalogue: the
    program's code, the look, the fonts, the language registry in use and the output intent's
    profile, each file by its digest; and the versions of Python and of every library."""

    files: dict[str, tuple[str, str]]  # absolute path -> (its name in the key, SHA-256 of its bytes)
    versions: tuple[str, ...]

    @classmethod
    def of(
        cls, paths: Paths, fonts: Iterable[Path], profile: Path | None = None, session: Session | None = None
    ) -> Sources:
        look = paths.theme
        folders = [("code", PACKAGE)]
        folders += [
            (f"{kind}{i}", f) for kind in ("templates", "styles", "strings") for i, f in enumerate(getattr(look, kind))
        ]
        files = _files(folders)
        named = [(f"font/{Path(f).name}", f) for f in fonts] + [("registry", paths.registry)]
        named += [("profile", profile)] if profile else []
        named += _system_files()
        for name, path in named:
            files[str(Path(path).absolute())] = (name, digest(Path(path).read_bytes()))
        versions = (session or Session()).kept("versions", (), _versions)
        return cls(files, (*versions, f"TZ={os.environ.get('TZ', '')}"))

    @property
    def fingerprint(self) -> str:
        """The hash of all of them (by their names, not where they lie): what every output shares."""
        named = sorted(f"{name}={d}" for name, d in self.files.values())
        return sha(f"format {FORMAT}", *self.versions, *named)

    def covers(self, path: Path) -> bool:
        """Whether a file read is in the key: one of the files, or a file of Python or of an
        installed library (whose version is)."""
        path = Path(path).absolute()
        if str(path) in self.files or str(path.resolve()) in self.files:
            return True
        return self._library_file(path.resolve())

    def _library_file(self, path: Path) -> bool:
        """A file of Python's standard library or of an installed distribution."""
        stdlib = {Path(sysconfig.get_paths()[k]).resolve() for k in ("stdlib", "platstdlib")}
        return any(path.is_relative_to(folder) for folder in stdlib) or path in self._distribution_files

    @cached_property
    def _distribution_files(self) -> frozenset[Path]:
        return _distribution_files()


def _system_files() -> list[tuple[str, Path]]:
    """Files of the system the libraries read: the media types (mimetypes, for WeasyPrint's
    fetcher) and the local time zone (Babel reads it on import)."""
    import mimetypes

    found = [(f"system/mime.types/{i}", Path(f)) for i, f in enumerate(mimetypes.knownfiles) if Path(f).is_file()]
    for name in ("/etc/timezone", "/etc/localtime"):
        if Path(name).is_file():
            found.append((f"system{name}", Path(name).resolve()))
    return found


def _distribution_files() -> frozenset[Path]:
    found = set()
    for dist in metadata.distributions():
        folder = getattr(dist, "_path", None)  # its metadata (its version among them)
        if folder is not None and Path(folder).is_dir():
            found.update(p.resolve() for p in Path(folder).iterdir() if p.is_file())
        if dist.metadata["Name"] == "recovery-print":  # (its files are the code and look, hashed)
            continue
        for file in dist.files or ():
            located = Path(dist.locate_file(file)).resolve()
            found.add(located)
            if located.suffix == ".py":  # its byte code, made on import
                found.update(located.parent.glob(f"__pycache__/{located.stem}.*.pyc"))
    return frozenset(found)


def text_index(fw: Framework) -> dict[str, str]:
    """Each context's texts (in model order) hashed, plus "#structure": everything else
    in the model (its shape, ids, numbers, dates, phone numbers, list styles, audiences),
    which any output may depend on."""
    by_context: dict[str, list[str]] = {}
    for text in texts(fw):
        by_context.setdefault(text.context, []).append(text.source)
    index = {context: sha(*sources) for context, sources in by_context.items()}
    shape: list[str] = []
    _structure(fw, shape)
    index["#structure"] = sha(*shape)
    return index


def _structure(value: object, out: list[str]) -> None:
    """The model without its texts (and without the statements of a cell: those are its
    context's texts, so adding one rebuilds only the outputs that print that cell)."""
    if isinstance(value, Text):
        out.append(f"T {value.context}")
    elif isinstance(value, Cell):
        out.append(f"cell {value.level} {value.matrix} {value.perspective} {value.component}")
    elif parts := children(value):
        out.append(type(value).__name__)
        if isinstance(value, dict):
            out.append(repr(list(value)))
        out.append(f"[{len(parts)}")
        for part in parts:
            _structure(part, out)
        out.append("]")
    else:
        out.append(repr(value))


def catalogue_paths(lang: str, folders: tuple[Path, ...]) -> tuple[Path, ...]:
    """The language's catalogue files, which its outputs' keys hash (English has none)."""
    return () if lang == "en" else tuple(catalogue_files(lang, folders))


def translation_index(lang: str, folders: tuple[Path, ...], fuzzy: bool) -> dict[str, str]:
    """A language's translations as its outputs print them (fuzzy ones in drafts; refused ones
    left out, each named), hashed context by context: an edited entry changes the key of the
    outputs that print its context only (see merged_index). English has none."""
    if lang == "en":
        return {}
    try:
        translations, refused = catalogue_read(lang, folders, fuzzy)
    except click.ClickException as err:  # (the output's build says it; its key says which)
        return {"#catalogue": sha("unreadable", err.format_message())}
    by_context: dict[str, list[str]] = {}
    for (context, english), text in sorted(translations.items()):
        by_context.setdefault(context, []).append(f"{english}\0{text}")
    for (context, english), problem in sorted(refused.items()):
        by_context.setdefault(context, []).append(f"{english}\0refused\0{problem.message}")
    return {context: sha(*entries) for context, entries in by_context.items()}


def merged_index(index: dict[str, str], translations: dict[str, str]) -> dict[str, str]:
    """The model's texts and a language's translations, hashed together context by context."""
    if not translations:
        return index
    merged = dict(index)
    for context, hashed in translations.items():
        merged[context] = sha(index.get(context, "-"), hashed)
    return merged


def output_key(static: str, contexts: Iterable[str], index: dict[str, str]) -> str:
    """The key of an output: its static inputs and the texts of the contexts it prints."""
    return sha(static, index["#structure"], *(f"{c}={index.get(c, '-')}" for c in sorted(contexts)))


@dataclass(frozen=True)
class Entry:
    """What the manifest remembers of one output."""

    key: str
    contexts: tuple[str, ...]
    files: dict[str, str]  # path under the output folder -> sha256
    entries: tuple[OutputEntry, ...]
    pages: int
    sizes: dict[str, float]
    seconds: float

    def fresh(self, out_dir: Path) -> bool:
        """Every file it wrote is still there, unchanged."""
        for path, expected in self.files.items():
            file = out_dir / path
            if not file.is_file() or not inside(file, out_dir) or digest(file.read_bytes()) != expected:
                return False
        return True


@dataclass
class Store:
    """The manifest and the measurement cache of one output folder."""

    entries: dict[str, Entry] = field(default_factory=dict)  # by output path
    measures: dict[str, Record] = field(default_factory=dict)  # by page-HTML key (see compose.record)
    warnings: list[str] = field(default_factory=list, compare=False)  # what was found unusable, and dropped

    @classmethod
    def load(cls, out_dir: Path) -> Store:
        """Read both files; what is unreadable, of another format or malformed is dropped, with a
        warning (the outputs it concerned are made again)."""
        store = cls()
        manifest = _read(out_dir / MANIFEST, store.warnings)
        try:
            store.entries = {path: _entry(e, out_dir) for path, e in manifest.get("outputs", {}).items()}
        except (AttributeError, ValueError, TypeError, KeyError, click.ClickException):
            store.warnings.append(f"{out_dir / MANIFEST}: malformed; every output is made again")
        measures = _read(out_dir / MEASURES, store.warnings).get("measures", {})
        read = {k: Record.from_json(v) for k, v in measures.items()} if isinstance(measures, dict) else {}
        kept = {k: record for k, record in read.items() if record is not None}
        if len(kept) != len(measures):
            store.warnings.append(f"{out_dir / MEASURES}: malformed records dropped; they are measured again")
        store.measures = kept
        return store

    def files(self) -> dict[str, bytes]:
        """Both files' bytes, for the writer."""
        outputs = {
            path: {**e.__dict__, "contexts": list(e.contexts), "entries": [x.as_dict() for x in e.entries]}
            for path, e in sorted(self.entries.items())
        }
        measures = {k: record.to_json() for k, record in list(self.measures.items())[-MAX_MEASURES:]}
        return {
            MANIFEST: (
                json.dumps({"format": FORMAT, "outputs": outputs}, indent=1, ensure_ascii=False) + "\n"
            ).encode(),
            MEASURES: (json.dumps({"format": FORMAT, "measures": measures}) + "\n").encode(),
        }


def _read(path: Path, warnings: list[str]) -> dict:
    """A cache file's data, or {} if it is missing, unreadable or of another format (with a warning)."""
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        warnings.append(f"{path}: unreadable ({err.__class__.__name__}); the cache starts again")
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return {}  # another version's cache: quietly made again
    return data


def _entry(data: dict, out_dir: Path) -> Entry:
    where = str(out_dir / MANIFEST)
    entries = tuple(OutputEntry.from_dict(x, where) for x in data["entries"])
    for path in data["files"]:  # read back (hashed) later: only files under the output folder
        parts = PurePosixPath(path)
        if parts.is_absolute() or ".." in parts.parts:
            raise ValueError(f"{path}: not a file of the output folder")
    return Entry(**{**data, "contexts": tuple(data["contexts"]), "entries": entries})
