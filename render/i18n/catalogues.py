"""Translation catalogues: the template (POT), merging it into each language's PO file,
completeness per language and product, and loading a language to build.

Every visible string is a gettext message: msgctxt is its stable place in the framework
("level-2/best-practices/clinicians/stigma"), msgid its English. Catalogues are read and
written with Babel, so translators' tools (Poedit, Weblate) see standard PO files.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import BuildError
from ..paths import Theme
from ..source.model import Framework, Text, texts
from ..source.products import Product
from .localise import UI_CONTEXT

TEMPLATE_NAME = "messages.pot"
PROJECT_NAME = "recovery-print"
_UI_CALL = re.compile(r"""\bt\(\s*"((?:[^"\\]|\\.)+)"\s*[,)]""")


def ui_texts(products: dict[str, Product], theme: Theme) -> Iterator[Text]:
    """The templates' own words (t("...") calls; every template of the search path) and the product titles."""
    for name, path in theme.template_files().items():
        source = path.read_text(encoding="utf-8")
        where = f"{path.parents[name.count('/')].name}/{name}"  # templates/card.html
        for match in _UI_CALL.finditer(source):
            line = source[: match.start()].count("\n") + 1
            yield Text(UI_CONTEXT, match.group(1), f"{where}:{line}")
    for product in products.values():
        yield Text(UI_CONTEXT, product.title, "data/products.yaml")


def describe(context: str, fw: Framework) -> str:
    """A translator's note on where a context appears: "Level 2 · Best Practices · Stigma"."""
    names = {c.id: c.name.source for c in fw.components}
    names |= {p.id: p.name.source for p in fw.perspectives}
    names |= {m.id: m.short_name.source for m in fw.matrices}
    parts = []
    for part in context.split("/"):
        if m := re.fullmatch(r"level-(\d+)", part):
            parts.append(f"Level {m.group(1)}")
        else:
            parts.append(names.get(part, part.replace("-", " ").capitalize()))
    if context == UI_CONTEXT:
        return "Words of the page templates; {placeholders} are filled in, keep them as they are."
    return " · ".join(parts)


def template(fw: Framework, products: dict[str, Product], theme: Theme):
    """The catalogue template: one message per (context, English), with where it appears."""
    from babel.messages.catalog import Catalog

    catalog = Catalog(
        project=PROJECT_NAME,
        version=fw.edition.edition.source,
        fuzzy=False,
        creation_date=_edition_datetime(fw),
        revision_date=_edition_datetime(fw),
    )
    catalog.header_comment = (
        "# Every visible string of the recovery-print products (`recovery-print i18n extract`).\n"
        "# msgctxt is the string's place in the framework, msgid its English; the comment\n"
        "# above each entry says where it appears."
    )
    for text in [*texts(fw), *ui_texts(products, theme)]:
        location = _location(text.where)
        message = catalog.get(text.source, text.context)
        if message is not None:
            if location and location not in message.locations:
                message.locations.append(location)
            continue
        catalog.add(
            text.source,
            context=text.context,
            locations=[location] if location else [],
            auto_comments=[describe(text.context, fw)],
        )
    return catalog


def _location(where: str) -> tuple[str, int] | None:
    if not where:
        return None
    path, _, line = where.rpartition(":")
    return (path, int(line)) if line.isdigit() else (where, None)


def _edition_datetime(fw: Framework):
    import datetime as dt

    return dt.datetime.combine(fw.edition.revised, dt.time(), dt.UTC)


def po_bytes(catalog, *, omit_header: bool = False) -> bytes:
    """A catalogue as PO text (previous msgids kept, for fuzzy entries)."""
    from babel.messages.pofile import write_po

    buffer = io.BytesIO()
    write_po(buffer, catalog, width=79, include_previous=True, sort_output=False, omit_header=omit_header)
    return buffer.getvalue()


def read_catalog(path: Path, locale: str | None = None):
    """A PO or POT file, read with Babel; a malformed file is a BuildError naming it."""
    from babel.messages.pofile import PoFileError, read_po

    try:
        with path.open("rb") as f:
            return read_po(f, locale=locale, abort_invalid=True)
    except (PoFileError, ValueError, UnicodeDecodeError) as err:
        raise BuildError(f"{path}: not a valid PO file: {err}") from err


def languages(directory: Path) -> list[str]:
    """The languages that have a catalogue."""
    return sorted(p.stem for p in directory.glob("*.po"))


def update(catalog, directory: Path) -> dict[str, bytes]:
    """Merge the template into every catalogue: changed English becomes fuzzy with the
    previous English kept (#|), removed strings become obsolete (#~); nothing is lost."""
    out = {TEMPLATE_NAME: po_bytes(catalog)}
    for lang in languages(directory):
        po = read_catalog(directory / f"{lang}.po", babel_locale(lang))
        po.update(catalog, update_header_comment=False, keep_user_comments=True)
        out[f"{lang}.po"] = po_bytes(po)
    return out


def babel_locale(lang: str) -> str | None:
    """The Babel locale of a language code (its first part), or None if Babel does not know it."""
    from babel import Locale, UnknownLocaleError

    base = lang.split("-")[0]
    try:
        Locale.parse(base)
    except (UnknownLocaleError, ValueError):
        return None
    return base


def files(lang: str, folders: Iterable[Path]) -> list[Path]:
    """The catalogue files of a language in these folders, in order (the first wins)."""
    return [folder / f"{lang}.po" for folder in folders if (folder / f"{lang}.po").is_file()]


def load(lang: str, folders: tuple[Path, ...], fuzzy: bool = False) -> dict[tuple[str, str], str]:
    """The translations of a language: (context, English) -> text, from the first of the
    folders that has each message (a theme's strings before the project's catalogue).

    Fuzzy entries await review: a final build leaves them out (and so counts them
    missing); a draft build (`fuzzy=True`) prints them, for proofing.
    """
    if lang == "en":
        return {}
    found = files(lang, folders)
    if not found:
        home = folders[-1]
        known = ", ".join(languages(home))
        raise BuildError(f"no catalogue for language '{lang}' ({home / f'{lang}.po'}); known: {known}")
    translations: dict[tuple[str, str], str] = {}
    for path in reversed(found):
        translations |= {
            (m.context or "", m.id): m.string
            for m in read_catalog(path, babel_locale(lang))
            if m.id and m.string and (fuzzy or not m.fuzzy) and isinstance(m.string, str)
        }
    return translations


def status(
    products: dict[str, Product], needs: dict[str, Iterable[tuple[str, str]]], folders: tuple[Path, ...]
) -> list[dict]:
    """Per language of the project's catalogues (the last folder): translated / fuzzy /
    untranslated counts and words, and the products whose every message (`needs`) is translated."""
    rows = []
    for lang in languages(folders[-1]):
        catalog = read_catalog(folders[-1] / f"{lang}.po", babel_locale(lang))
        counts = {"translated": [0, 0], "fuzzy": [0, 0], "untranslated": [0, 0]}
        for m in catalog:
            if not m.id:
                continue
            kind = "untranslated" if not m.string else "fuzzy" if m.fuzzy else "translated"
            counts[kind][0] += 1
            counts[kind][1] += len(str(m.id).split())
        done = load(lang, folders)
        complete = [name for name in products if all(k in done for k in needs[name])]
        rows.append(
            {
                "lang": lang,
                **{kind: n for kind, (n, _) in counts.items()},
                **{f"{kind}_words": w for kind, (_, w) in counts.items()},
                "complete_products": complete,
            }
        )
    return rows
