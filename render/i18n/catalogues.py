"""Translation catalogues: the template (POT), merging it into each language's PO file,
completeness per language and product, and loading a language to build.

Every visible string is a gettext message: msgctxt is its stable place in the framework
("level-2/best-practices/clinicians/stigma"), msgid its English. Catalogues are read and
written with Babel, so translators' tools (Poedit, Weblate) see standard PO files.
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from .. import templating
from ..errors import BuildError, Problem
from ..options import LANGUAGE
from ..paths import Theme, confined
from ..source.model import Framework, Text, texts
from ..source.products import Product
from ..source.schema import MAX_TEXT_CHARS, unsafe_characters
from .languages import Language, Registry
from .localise import FIELD, UI_CONTEXT

TEMPLATE_NAME = "messages.pot"
MAX_CATALOGUE_BYTES = 20_000_000
LONGER, SPARE = 4, 100  # a translation may be 4 times as long as its English, and 100 characters more
PROJECT_NAME = "recovery-print"


def ui_texts(products: dict[str, Product], theme: Theme) -> Iterator[Text]:
    """The templates' own words (each call of t with a string, as Jinja's parser finds it: every
    template of the search path) and the product titles."""
    from jinja2.ext import extract_from_ast

    parser = templating.environment()
    for name, path in theme.template_files().items():
        where = f"{path.parents[name.count('/')].name}/{name}"  # templates/card.html
        tree = parser.parse(path.read_text(encoding="utf-8"), name, str(path))
        for line, _, found in extract_from_ast(tree, gettext_functions=("t",)):
            message = found[0] if isinstance(found, tuple) else found  # (the rest: the placeholders' values)
            if isinstance(message, str):
                yield Text(UI_CONTEXT, message, f"{where}:{line}")
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
            parts.append(names.get(part, part.replace("-", " ").replace("_", " ").capitalize()))
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
    """A PO or POT file, read with Babel; a malformed, unreadable or oversized file is a BuildError naming it."""
    return parse_catalog(path, catalogue_bytes(path), locale)


def catalogue_bytes(path: Path) -> bytes:
    """A catalogue file's bytes; an unreadable or oversized one is a BuildError naming it."""
    try:
        if path.stat().st_size > MAX_CATALOGUE_BYTES:
            raise BuildError(f"{path}: larger than {MAX_CATALOGUE_BYTES:,} bytes: not a catalogue of this program")
        return path.read_bytes()
    except OSError as err:
        raise BuildError(f"{path}: cannot be read: {err.strerror}") from err


def parse_catalog(path: Path, data: bytes, locale: str | None = None):
    """A PO or POT file's bytes, read with Babel; a malformed one is a BuildError naming it."""
    from babel.messages.pofile import PoFileError, read_po

    line = _bad_line(data)
    if line:
        raise BuildError(f"{path}:{line}: not a valid PO file: not a comment, keyword or quoted string")
    try:
        return read_po(io.BytesIO(data), locale=locale, abort_invalid=True)
    except LookupError as err:  # a charset Python does not know
        raise BuildError(f"{path}: not a valid PO file: {err}") from err
    except (PoFileError, ValueError, UnicodeDecodeError) as err:
        raise BuildError(f"{path}: not a valid PO file: {err}") from err


_PO_LINE = re.compile(
    rb'\s*(?:#.*|(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+"(?:\\.|[^"\\])*"|"(?:\\.|[^"\\])*")?\s*'
)


def _bad_line(data: bytes) -> int | None:
    """The first line that is no part of a PO file (Babel's reader lets some through, garbled)."""
    for n, line in enumerate(data.split(b"\n"), 1):
        if not _PO_LINE.fullmatch(line.rstrip(b"\r")):
            return n
    return None


def languages(directory: Path) -> list[str]:
    """The languages that have a catalogue (files not named by a language code are not catalogues)."""
    return sorted(p.stem for p in directory.glob("*.po") if LANGUAGE.fullmatch(p.stem))


def update(catalog, directory: Path) -> dict[str, bytes]:
    """Merge the template into every catalogue: changed English becomes fuzzy with the
    previous English kept (#|), removed strings become obsolete (#~); nothing is lost."""
    out = {TEMPLATE_NAME: po_bytes(catalog)}
    for lang in languages(directory):
        po = read_catalog(directory / f"{lang}.po", babel_locale(lang))
        po.update(catalog, update_header_comment=False, keep_user_comments=True)
        out[f"{lang}.po"] = po_bytes(po)
    return out


def new(catalog, language: Language) -> bytes:
    """A language's first catalogue (`i18n init`): every message of the template, none yet
    translated; its header names the language (its registry entry) and its plural forms from CLDR."""
    po = catalogue_for(catalog, language.code, language_team=f"{language.english} ({language.native})", fuzzy=False)
    po.header_comment = (
        f"# {language.english} translation of the Emerging Best Practices in Mental Health Recovery\n"
        "# print products. Until every message a product needs is translated and reviewed\n"
        "# (not fuzzy), the language builds only with --draft."
    )
    po.update(catalog, update_header_comment=False)
    return po_bytes(po)


def catalogue_for(catalog, lang: str, **headers):
    """An empty catalogue of a language, dated and versioned as the template."""
    from babel.messages.catalog import Catalog

    return Catalog(
        locale=babel_locale(lang),
        project=PROJECT_NAME,
        version=catalog.version,
        creation_date=catalog.creation_date,
        revision_date=catalog.creation_date,
        **headers,
    )


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
    found = [folder / f"{lang}.po" for folder in folders if (folder / f"{lang}.po").is_file()]
    return [confined(path, path.parent, f"catalogue {path.name}") for path in found]


def load(lang: str, folders: tuple[Path, ...], fuzzy: bool = False) -> dict[tuple[str, str], str]:
    """The translations of a language: (context, English) -> text (see read)."""
    return read(lang, folders, fuzzy)[0]


def read(lang: str, folders: tuple[Path, ...], fuzzy: bool = False):
    """A language's translations, (context, English) -> text, from the first of the folders
    that has each message (a theme's strings before the project's catalogue); and the
    problems of the entries left out, by (context, English).

    Fuzzy entries await review: a final build leaves them out (and so counts them
    missing); a draft build (`fuzzy=True`) prints them, for proofing. An entry whose
    placeholders differ from the English's, or that carries a control character, is
    left out and named: a translation is data, never code.
    """
    if lang == "en":
        return {}, {}
    found = files(lang, folders)
    if not found:
        home = folders[-1]
        known = ", ".join(["en (the source)", *languages(home)])
        raise BuildError(
            f"no catalogue for language '{lang}' ({home / f'{lang}.po'}); known: {known}; "
            f"start one with `recovery-print i18n init {lang}`"
        )
    translations, refused = _entries(lang, fuzzy, tuple((str(path), catalogue_bytes(path)) for path in found))
    return dict(translations), dict(refused)


@functools.lru_cache(maxsize=48)  # (check reads every catalogue on each of a workbench's rebuilds)
def _entries(lang: str, fuzzy: bool, found: tuple[tuple[str, bytes], ...]):
    """read's answer from the files' bytes: a file read again parses again only if it changed."""
    translations: dict[tuple[str, str], str] = {}
    refused: dict[tuple[str, str], Problem] = {}
    for name, data in reversed(found):
        path = Path(name)
        for m in parse_catalog(path, data, babel_locale(lang)):
            if not (m.id and m.string and (fuzzy or not m.fuzzy) and isinstance(m.string, str)):
                continue
            key = (m.context or "", m.id)
            wrong = entry_problem(m.id, m.string, lang)
            if wrong:
                refused[key] = Problem(str(path), m.lineno or 0, m.context or "", wrong)
                translations.pop(key, None)
            else:
                translations[key] = m.string
                refused.pop(key, None)
    return translations, refused


def entry_problem(english: str, translation: str, lang: str) -> str | None:
    """What makes a translation unusable, or None: placeholders other than the English's, or
    characters no text may carry (a pseudo-locale may force its direction)."""
    most = min(MAX_TEXT_CHARS, LONGER * len(english) + SPARE)
    if len(translation) > most:
        rule = f"{LONGER} times the English and {SPARE} more, at most {MAX_TEXT_CHARS:,}"
        return f"the translation is longer than {most:,} characters ({len(translation):,}; {rule})"
    ours, theirs = sorted(FIELD.findall(english)), sorted(FIELD.findall(translation))
    if ours != theirs:
        theirs_, ours_ = ", ".join(theirs) or "none", ", ".join(ours) or "none"
        return f"the translation's placeholders ({theirs_}) are not the English's ({ours_})"
    return unsafe_characters(translation, bidi=not is_pseudo(lang))


def is_pseudo(lang: str) -> bool:
    """en-XA, ar-XB and each script's -XA: generated for layout tests (ar-XB forces right to
    left with bidi overrides)."""
    return lang.endswith(("-XA", "-XB"))


def problems(folders: tuple[Path, ...]) -> list[Problem]:
    """Every refused entry of every catalogue of the project's folder, and every catalogue that
    cannot be read at all (for check)."""
    found = []
    for lang in languages(folders[-1]):
        try:
            found += read(lang, folders, fuzzy=True)[1].values()
        except BuildError as err:
            found.append(Problem(str(folders[-1] / f"{lang}.po"), 0, "", err.message.split(": ", 1)[-1]))
    return found


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
        done, refused = read(lang, folders)
        complete = [name for name in products if all(k in done for k in needs[name])]
        rows.append(
            {
                "lang": lang,
                **{kind: n for kind, (n, _) in counts.items()},
                **{f"{kind}_words": w for kind, (_, w) in counts.items()},
                "complete_products": complete,
                "problems": [str(p) for p in sorted(refused.values())],
            }
        )
    return rows


def matrix(rows: list[dict], reg: Registry) -> str:
    """The language matrix (`i18n status --markdown`): per language of the registry, its
    messages translated, fuzzy and untranslated, and the products it builds final."""
    head = "| code | language | script | translated | fuzzy (drafts to review) | untranslated | builds final |"
    lines = [head, "|---|---|---|--:|--:|--:|---|"]
    lines.append("| en | English | Latin | (the source) | | | every product |")
    for r in rows:
        lang = reg.of(r["lang"])
        if not lang.known or is_pseudo(r["lang"]):
            continue
        final = ", ".join(r["complete_products"]) or "none: `--draft` only"
        lines.append(
            f"| {r['lang']} | {lang.english} ({lang.native}) | {lang.script.name.capitalize()} | "
            f"{r['translated']} | {r['fuzzy']} | {r['untranslated']} | {final} |"
        )
    return "\n".join(lines)
