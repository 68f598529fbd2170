"""Incremental builds: what each output was made from, so an unchanged one is not made again.

An output's key hashes everything it is made from: the code and the versions of the
libraries that draw it, the templates, styles and fonts, the product's specification,
the job's options, the edition date, the language's catalogue, the press settings and,
for the data, the texts of every context (gettext msgctxt) the output printed last time,
recorded as it was built, and the rest of the model (see text_index). Editing one
statement changes its cell's context, so only the outputs that printed that cell are
made again. The keys, the files' checksums and the
report entries live in OUT/.cache/manifest.json; layout measurements (a pure function
of a page's HTML and styles) in OUT/.cache/measures.json.
"""

from __future__ import annotations

import dataclasses
import glob
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from . import i18n, layout
from .model import Cell, Framework, Text

FORMAT = 1
MANIFEST = ".cache/manifest.json"
MEASURES = ".cache/measures.json"
MAX_MEASURES = 20000
# System libraries that shape, break and subset text: their versioned file names.
TEXT_LIBRARIES = ("libpango-1.0.so.*", "libpangoft2-1.0.so.*", "libharfbuzz.so.*", "libharfbuzz-subset.so.*")
# Libraries whose version changes what is drawn or written.
ENGINE = ("weasyprint", "pydyf", "tinycss2", "tinyhtml5", "pyphen", "fonttools", "pikepdf", "jinja2", "babel")


def sha(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part if isinstance(part, bytes) else part.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def digest(data: bytes) -> str:
    """SHA-256 of bytes, in hex."""
    return hashlib.sha256(data).hexdigest()


def _files(folders: Iterable[Path]) -> list[str]:
    out = []
    for folder in folders:
        for path in sorted(p for p in Path(folder).rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            out += [str(path.relative_to(folder)), hashlib.sha256(path.read_bytes()).hexdigest()]
    return out


def engine_fingerprint(font_digests: Iterable[str], template_dirs: tuple[Path, ...] = ()) -> str:
    """Code, library versions, templates, styles and fonts: what every output shares."""
    versions = []
    for name in ENGINE:
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=-")
    code = _files([Path(__file__).parent])
    system = sorted(
        path.name
        for pattern in TEXT_LIBRARIES
        for folder in ("/usr/lib", "/usr/lib64", *glob.glob("/usr/lib/*-linux-gnu"))
        for path in Path(folder).glob(pattern)
        if not path.is_symlink()
    )
    looks = _files([*template_dirs, layout.TEMPLATES, layout.STYLES])
    return sha(f"format {FORMAT}", *versions, *system, *code, *looks, *font_digests)


def text_index(fw: Framework) -> dict[str, str]:
    """Each context's texts (in model order) hashed, plus "#structure": everything else
    in the model (its shape, ids, numbers, dates, phone numbers, list styles, audiences),
    which any output may depend on."""
    by_context: dict[str, list[str]] = {}
    for text in i18n.framework_texts(fw):
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
    elif dataclasses.is_dataclass(value):
        out.append(type(value).__name__)
        for f in dataclasses.fields(value):
            out.append(f.name)
            _structure(getattr(value, f.name), out)
    elif isinstance(value, (tuple, list)):
        out.append(f"[{len(value)}")
        for item in value:
            _structure(item, out)
        out.append("]")
    elif isinstance(value, dict):
        out.append(f"{{{len(value)}")
        for key, item in value.items():
            out.append(repr(key))
            _structure(item, out)
        out.append("}")
    else:
        out.append(repr(value))


def catalogue_digest(lang: str, directory: Path) -> str:
    """The language's catalogue file, hashed (English has none)."""
    if lang == "en":
        return "en"
    path = directory / f"{lang}.po"
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "missing"


def output_key(static: str, contexts: Iterable[str], index: dict[str, str]) -> str:
    """The key of an output: its static inputs and the texts of the contexts it prints."""
    return sha(static, index["#structure"], *(f"{c}={index.get(c, '-')}" for c in sorted(contexts)))


@dataclass(frozen=True)
class Entry:
    """What the manifest remembers of one output."""

    key: str
    contexts: tuple[str, ...]
    files: dict[str, str]  # path under the output folder -> sha256
    report: list[dict]
    pages: int
    sizes: dict[str, float]
    seconds: float

    def fresh(self, out_dir: Path) -> bool:
        """Every file it wrote is still there, unchanged."""
        for path, digest in self.files.items():
            file = out_dir / path
            if not file.is_file() or hashlib.sha256(file.read_bytes()).hexdigest() != digest:
                return False
        return True


@dataclass
class Store:
    """The manifest and the measurement cache of one output folder."""

    entries: dict[str, Entry] = field(default_factory=dict)  # by output path
    measures: dict[str, list] = field(default_factory=dict)  # page-HTML key -> [height mm, breaks]

    @classmethod
    def load(cls, out_dir: Path) -> Store:
        """Read both files; anything unreadable or of another format counts as empty."""
        store = cls()
        try:
            data = json.loads((out_dir / MANIFEST).read_text())
            if data.get("format") == FORMAT:
                store.entries = {
                    path: Entry(**{**e, "contexts": tuple(e["contexts"])}) for path, e in data["outputs"].items()
                }
        except (OSError, ValueError, TypeError, KeyError):
            pass
        try:
            data = json.loads((out_dir / MEASURES).read_text())
            if data.get("format") == FORMAT:
                store.measures = data["measures"]
        except (OSError, ValueError, TypeError, KeyError):
            pass
        return store

    def files(self) -> dict[str, bytes]:
        """Both files' bytes, for the writer."""
        outputs = {path: {**e.__dict__, "contexts": list(e.contexts)} for path, e in sorted(self.entries.items())}
        measures = dict(list(self.measures.items())[-MAX_MEASURES:])
        return {
            MANIFEST: (
                json.dumps({"format": FORMAT, "outputs": outputs}, indent=1, ensure_ascii=False) + "\n"
            ).encode(),
            MEASURES: (json.dumps({"format": FORMAT, "measures": measures}) + "\n").encode(),
        }


def measure_key(fingerprint: str, html: str, sheets: list[str], page_css: str) -> str:
    """The key of one measuring layout: the page's HTML, its styles, the page geometry."""
    return sha(fingerprint, *sheets, page_css, html)
