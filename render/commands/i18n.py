"""`i18n`: the catalogues (extract, update, pseudo, init) and each language's status."""

from __future__ import annotations

from pathlib import Path

from ..paths import Paths


def catalogues(paths: Paths, action: str, lang: str = "") -> list[Path]:
    """`extract` the template, `update` every catalogue from it, write the `pseudo` locales,
    or `init` a new language's catalogue; the files written, all in paths.catalogues (never
    in the program's own folder)."""
    from ..i18n import catalogues as cat
    from ..i18n.pseudo import pseudo
    from ..source import load_framework
    from ..write import write_files

    fw, products = load_framework(paths.data)
    template = cat.template(fw, products, paths.theme)
    made = {
        "extract": lambda: {cat.TEMPLATE_NAME: cat.po_bytes(template)},
        "update": lambda: cat.update(template, paths.catalogues),
        "pseudo": lambda: pseudo(template),
        "init": lambda: _first_catalogue(template, lang, paths),
    }[action]()
    write_files(paths.catalogues, made)
    return [paths.catalogues / name for name in made]


def _first_catalogue(template, lang: str, paths: Paths) -> dict[str, bytes]:
    """A language's first catalogue; for a language the registry lacks, its entry from CLDR
    added to the registry beside the catalogues too (a copy of the shipped one, if none is there)."""
    from ..errors import BuildError
    from ..i18n import catalogues as cat
    from ..i18n import cldr
    from ..i18n.languages import registry
    from ..options import LANGUAGE
    from ..paths import REGISTRY_NAME

    folder = paths.catalogues
    if not LANGUAGE.fullmatch(lang) or cat.is_pseudo(lang):
        raise BuildError(f"'{lang}': not a language code (as pl, pt-BR)")
    if (folder / f"{lang}.po").exists():
        raise BuildError(f"{folder / f'{lang}.po'}: exists already (`i18n update` merges new messages into it)")
    reg = registry(paths.registry)
    if reg.of(lang).known:
        return {f"{lang}.po": cat.new(template, reg.of(lang))}
    text = cldr.with_entry(
        paths.registry.read_text(encoding="utf-8"), lang, cldr.entry(lang, reg, paths.registry), paths.registry
    )
    written = folder / REGISTRY_NAME
    added = cldr.parsed(text, written)
    return {f"{lang}.po": cat.new(template, added.of(lang)), REGISTRY_NAME: text.encode("utf-8")}


def translation_status(paths: Paths) -> list[dict]:
    """Per language: translated, fuzzy and untranslated messages and words; complete products."""
    from ..compose.html import environment, messages
    from ..i18n.catalogues import status
    from ..source import load_framework

    fw, products = load_framework(paths.data)
    env = environment(paths.theme)
    needs = {name: messages(fw, p, env) for name, p in products.items()}
    return status(products, needs, paths.strings)


def status_markdown(paths: Paths, rows: list[dict]) -> str:
    """The language matrix (translation_status's rows) as a Markdown table, for docs/translators.md."""
    from ..i18n.catalogues import matrix
    from ..i18n.languages import registry

    return matrix(rows, registry(paths.registry))


class Conflict(Exception):
    """A catalogue changed on disk since its entry was shown: the entry as the file has it now."""

    def __init__(self, translation: str, fuzzy: bool, seen: str):
        super().__init__("the catalogue changed on disk since the page showed it")
        self.translation, self.fuzzy, self.seen = translation, fuzzy, seen


def catalogue_file(paths: Paths, lang: str) -> Path:
    """The project's catalogue of a language (the one a translator edits: the last folder's)."""
    from ..errors import BuildError
    from ..i18n.catalogues import files

    found = files(lang, paths.strings)
    if not found or found[-1].parent.resolve() != paths.catalogues.resolve():
        raise BuildError(
            f"no catalogue of {lang!r} in {paths.catalogues} (`recovery-print i18n init {lang}` starts one)"
        )
    return found[-1]


def save_translation(
    paths: Paths, lang: str, context: str, english: str, translation: str, fuzzy: bool, seen: str
) -> tuple[str, str]:
    """Write one entry's translation into the language's catalogue (Babel; every other byte as
    it was; at once), fuzzy or not as the translator says; refused (BuildError) if the
    translation could not be printed, (Conflict) if the file is no longer the one whose digest
    `seen` the translator saw. The catalogue's new digest and the entry's status."""
    from ..errors import BuildError
    from ..hashing import digest
    from ..i18n.catalogues import babel_locale, catalogue_bytes, entry_problem, parse_catalog, po_bytes
    from ..write import write_atomic

    path = catalogue_file(paths, lang)
    data = catalogue_bytes(path)
    catalog = parse_catalog(path, data, babel_locale(lang))
    message = catalog.get(english, context or None)
    if message is None:
        raise BuildError(f"{path}: no entry {english!r} in context {context!r} (`i18n update` adds new messages)")
    if digest(data) != seen:
        raise Conflict(str(message.string or ""), message.fuzzy, digest(data))
    problem = entry_problem(english, translation, lang) if translation else None
    if problem:
        raise BuildError(f"{path}:{message.lineno}: {problem}; not saved")
    message.string = translation
    if fuzzy and translation:
        message.flags.add("fuzzy")
    else:
        message.flags.discard("fuzzy")
    written = po_bytes(catalog)
    write_atomic(path, written)
    status = "untranslated" if not translation else "fuzzy" if fuzzy else "translated"
    return digest(written), status
