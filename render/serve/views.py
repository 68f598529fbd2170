"""What the workbench's pages show, as plain data: products by language, fit, and each language's entries."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..i18n.catalogues import babel_locale, entry_problem, files, read_catalog, template
from ..paths import Paths, inside
from ..proof.sheet import body_text, page_name, proof_folder
from ..run.report import BuildReport, OutputEntry

STATUSES = ("translated", "fuzzy", "untranslated", "placeholder mismatch")


@dataclass(frozen=True)
class Fit:
    """How one output fitted: pages, body size against its floor, preflight."""

    path: str
    pages: int
    body: str
    floor_pt: float
    fits: bool
    preflight: str
    current: bool

    @classmethod
    def of(cls, entry: OutputEntry, current: bool) -> Fit:
        """The fit of a build report's entry."""
        smallest = min((entry.body_pt_by_matrix or {}).values(), default=entry.body_pt)
        fits = entry.status == "ok" and (smallest is None or smallest >= entry.body_min_pt - 1e-6)
        return cls(entry.path, entry.pages, body_text(entry), entry.body_min_pt, fits, entry.preflight or "–", current)


@dataclass(frozen=True)
class Entry:
    """One message as a translator reviews it: English beside the translation, its status and its products."""

    context: str
    note: str
    english: str
    translation: str
    status: str
    problem: str
    where: str  # the catalogue file and line, for the editor
    line: int
    products: tuple[str, ...]


def main_entries(report: BuildReport | None) -> list[OutputEntry]:
    """The reader's outputs of a report (not the imposed printer's forms)."""
    return [e for e in (report.outputs if report else ()) if e.imposed_from is None]


def pictures(entry: OutputEntry) -> list[str]:
    """The proof pictures of an output's pages, relative to the proof folder."""
    folder = proof_folder(entry.path)
    return [f"{folder}/{page_name(n, entry.pages)}" for n in range(1, entry.pages + 1)]


@dataclass(frozen=True)
class Words:
    """What the translator's views share while the data and the look stay as they are: the
    model, the catalogue template and the messages each product prints (laid out once)."""

    fw: object
    products: dict
    template: object
    prints: dict[str, frozenset]

    @classmethod
    def of(cls, paths: Paths) -> Words:
        from ..compose.html import environment, messages
        from ..source import load_framework

        fw, products = load_framework(paths.data)
        env = environment(paths.theme)
        prints = {name: frozenset(messages(fw, p, env)) for name, p in products.items()}
        return cls(fw, products, template(fw, products, paths.theme), prints)


def words_state(paths: Paths) -> str:
    """What Words are made from, by each file's digest: the data's files and the templates."""
    from ..hashing import digest, sha

    data = sorted(p for p in Path(paths.data).rglob("*") if p.is_file())
    named = [f"{p.relative_to(paths.data)}={digest(p.read_bytes())}" for p in data]
    named += [f"{name}={digest(p.read_bytes())}" for name, p in paths.theme.template_files().items()]
    return sha(*named)


def translator_entries(paths: Paths, words: Words, lang: str) -> list[Entry]:
    """Every message of the template with this language's translation and status, in template order."""
    prints = words.prints
    found = files(lang, paths.strings)
    catalogue = {}
    where = ""
    if found:
        where = str(found[-1])
        for m in read_catalog(found[-1], babel_locale(lang)):
            if m.id:
                catalogue[(m.context or "", m.id)] = m
    rows = []
    for message in words.template:
        if not message.id:
            continue
        key = (message.context or "", message.id)
        m = catalogue.get(key)
        text = str(m.string) if m is not None and m.string else ""
        problem = entry_problem(message.id, text, lang) if text else None
        status = (
            "untranslated"
            if not text
            else "placeholder mismatch"
            if problem and "placeholders" in problem
            else "fuzzy"
            if m.fuzzy
            else "translated"
        )
        rows.append(
            Entry(
                key[0],
                "; ".join(message.auto_comments),
                message.id,
                text,
                status,
                problem or "",
                where,
                (m.lineno or 0) if m is not None else 0,
                tuple(sorted(name for name, keys in prints.items() if key in keys)),
            )
        )
    return rows


def source_file(paths: Paths, name: str) -> Path | None:
    """A file a finding names, if it lies inside the data, the look or the catalogues (never elsewhere)."""
    path = Path(name)
    roots = (paths.data, *paths.theme.folders, paths.catalogues, *paths.theme.strings)
    for root in roots:  # as a finding names it (from here), or inside one of the roots
        for candidate in (path,) if path.is_absolute() else (Path.cwd() / path, root / path):
            if root.exists() and inside(candidate, root) and candidate.is_file():
                return candidate.resolve()
    return None


PAGE_ROWS = 100  # entries on a page of the translator's view


@dataclass(frozen=True)
class Query:
    """What the translator asked to see: words to search (English and translation), a product, a
    section (its context's first part: level-1, ui, principles...), a status, and a page of results."""

    words: str = ""
    product: str = ""
    section: str = ""
    status: str = ""
    page: int = 1
    at: int = 0  # the entry at this line of the catalogue (a problem's link)

    @classmethod
    def of(cls, params, products, sections) -> Query:
        """The query of a request's parameters; a ValueError naming a value no filter knows."""
        known = {"product": sorted(products), "section": sorted(sections), "status": list(STATUSES)}
        for name, values in known.items():
            if params.get(name) and params.get(name) not in values:
                raise ValueError(f"{name}={params.get(name)!r}: not one of {', '.join(values)}")
        page, at = params.get("page", "1"), params.get("at", "0")
        if not page.isdigit() or int(page) < 1:
            raise ValueError(f"page={page!r}: not a page number (1, 2, ...)")
        if not at.isdigit():
            raise ValueError(f"at={at!r}: not a line of the catalogue")
        return cls(params.get("q", "").strip(), *(params.get(n, "") for n in known), int(page), int(at))

    def keeps(self, entry: Entry) -> bool:
        """Whether an entry is one of those asked for."""
        words = self.words.casefold()
        return (
            (not words or words in entry.english.casefold() or words in entry.translation.casefold())
            and (not self.product or self.product in entry.products)
            and (not self.section or section(entry.context) == self.section)
            and (not self.status or entry.status == self.status)
            and (not self.at or entry.line == self.at)
        )

    def link(self, **changed) -> str:
        """The query string of this query with some values changed (a page of results, a filter)."""
        from urllib.parse import urlencode

        values = {"q": self.words, "product": self.product, "section": self.section, "status": self.status}
        values |= {"at": self.at}
        values |= {"page": self.page} | changed
        return "?" + urlencode({k: v for k, v in values.items() if v and (k != "page" or v != 1)})


def section(context: str) -> str:
    """The part of the framework or the page a context is in: its first part (level-2, ui, ...)."""
    return context.split("/", 1)[0]


NEAR_FLOOR = 0.02  # a block within 2 % of its floor: longer text takes more pages, or does not fit


@dataclass(frozen=True)
class EntryFit:
    """How one product prints an entry: the block it is set in (a matrix, or the product's body),
    its size against the floor, and the product's pages."""

    product: str
    block: str
    pt: float | None
    floor: float
    pages: int

    @property
    def room(self) -> float | None:
        """How far above its floor the block is set, as a share of the floor (None: no size)."""
        return None if self.pt is None else (self.pt - self.floor) / self.floor

    def text(self) -> str:
        """The fit in words, for the translator."""
        if self.pt is None:
            return f"{self.product}: {self.pages} pages"
        where = f"{self.product}: {self.block} {self.pt:.1f} pt"
        if self.room < NEAR_FLOOR:
            return f"{where}, at its {self.floor:.1f} pt floor: longer text takes more pages or does not fit"
        return f"{where}, {self.room:.0%} above its {self.floor:.1f} pt floor ({self.pages} pages)"


def entry_fits(entry: Entry, outputs: dict[str, OutputEntry]) -> list[EntryFit]:
    """How each built product that prints an entry sets it (`outputs`: the language's, by product)."""
    found = []
    for name in entry.products:
        output = outputs.get(name)
        if output is None:
            continue
        matrices = output.body_pt_by_matrix or {}
        parts = entry.context.split("/")
        block = parts[1] if parts[0].startswith("level-") and len(parts) > 2 and parts[1] in matrices else ""
        pt = matrices[block] if block else output.body_pt
        found.append(EntryFit(name, block or "body", pt, output.body_min_pt, output.pages))
    return found
