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
    """The language matrix (translation_status's rows) as a Markdown table, for the README."""
    from ..i18n.catalogues import matrix
    from ..i18n.languages import registry

    return matrix(rows, registry(paths.registry))
