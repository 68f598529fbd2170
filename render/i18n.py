"""Translation catalogues: the template (POT), merging it into each language's PO file,
completeness per language and product, pseudo-locales, and loading a language to build.

Every visible string is a gettext message: msgctxt is its stable place in the framework
("level-2/best-practices/clinicians/stigma"), msgid its English. Catalogues are read and
written with Babel, so translators' tools (Poedit, Weblate) see standard PO files.
"""

from __future__ import annotations

import dataclasses
import io
import re
from collections.abc import Iterator
from pathlib import Path

from .errors import BuildError
from .layout import PROJECT, TEMPLATES
from .localise import UI_CONTEXT, Localiser
from .model import Framework, Text
from .products import Product

CATALOGUES = PROJECT / "translations"
TEMPLATE_NAME = "messages.pot"
PROJECT_NAME = "recovery-print"
_UI_CALL = re.compile(r"""\bt\(\s*"((?:[^"\\]|\\.)+)"\s*[,)]""")


def framework_texts(fw: Framework) -> Iterator[Text]:
    """Every Text of the model, in a stable order."""

    def walk(value: object) -> Iterator[Text]:
        if isinstance(value, Text):
            yield value
        elif dataclasses.is_dataclass(value):
            for f in dataclasses.fields(value):
                yield from walk(getattr(value, f.name))
        elif isinstance(value, (tuple, list)):
            for item in value:
                yield from walk(item)
        elif isinstance(value, dict):
            for item in value.values():
                yield from walk(item)

    yield from walk(fw)


def ui_texts(products: dict[str, Product]) -> Iterator[Text]:
    """The templates' own words (t("...") calls) and the product titles."""
    for path in sorted(TEMPLATES.rglob("*.html")):
        source = path.read_text(encoding="utf-8")
        for match in _UI_CALL.finditer(source):
            line = source[: match.start()].count("\n") + 1
            yield Text(UI_CONTEXT, match.group(1), f"{path.relative_to(PROJECT)}:{line}")
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


def template(fw: Framework, products: dict[str, Product]):
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
    for text in [*framework_texts(fw), *ui_texts(products)]:
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


def languages(directory: Path = CATALOGUES) -> list[str]:
    """The languages that have a catalogue."""
    return sorted(p.stem for p in directory.glob("*.po"))


def update(catalog, directory: Path = CATALOGUES) -> dict[str, bytes]:
    """Merge the template into every catalogue: changed English becomes fuzzy with the
    previous English kept (#|), removed strings become obsolete (#~); nothing is lost."""
    out = {TEMPLATE_NAME: po_bytes(catalog)}
    for lang in languages(directory):
        po = read_catalog(directory / f"{lang}.po", _babel_locale(lang))
        po.update(catalog, update_header_comment=False, keep_user_comments=True)
        out[f"{lang}.po"] = po_bytes(po)
    return out


def _babel_locale(lang: str) -> str | None:
    from babel import Locale, UnknownLocaleError

    base = lang.split("-")[0]
    try:
        Locale.parse(base)
    except (UnknownLocaleError, ValueError):
        return None
    return base


def load(lang: str, directory: Path = CATALOGUES, fuzzy: bool = False) -> dict[tuple[str, str], str]:
    """The translations of a language: (context, English) -> text.

    Fuzzy entries await review: a final build leaves them out (and so counts them
    missing); a draft build (`fuzzy=True`) prints them, for proofing.
    """
    if lang == "en":
        return {}
    path = directory / f"{lang}.po"
    if not path.is_file():
        raise BuildError(f"no catalogue for language '{lang}' ({path}); known: {', '.join(languages(directory))}")
    return {
        (m.context or "", m.id): m.string
        for m in read_catalog(path, _babel_locale(lang))
        if m.id and m.string and (fuzzy or not m.fuzzy) and isinstance(m.string, str)
    }


def needed(fw: Framework, product: Product) -> dict[tuple[str, str], None]:
    """The messages a product prints, found by laying out its HTML with a recording localiser."""
    from .layout import render_html

    t = Localiser("und")  # a language with no translations: everything asked for is recorded
    render_html(fw, product, t, sizes=product.probe_sizes)
    return t.missing


def status(fw: Framework, products: dict[str, Product], directory: Path = CATALOGUES) -> list[dict]:
    """Per language: translated / fuzzy / untranslated counts and words, and the products
    whose every message is translated."""
    needs = {name: needed(fw, p) for name, p in products.items()}
    rows = []
    for lang in languages(directory):
        catalog = read_catalog(directory / f"{lang}.po", _babel_locale(lang))
        counts = {"translated": [0, 0], "fuzzy": [0, 0], "untranslated": [0, 0]}
        for m in catalog:
            if not m.id:
                continue
            kind = "untranslated" if not m.string else "fuzzy" if m.fuzzy else "translated"
            counts[kind][0] += 1
            counts[kind][1] += len(str(m.id).split())
        done = load(lang, directory)
        complete = [name for name, keys in needs.items() if all(k in done for k in keys)]
        rows.append(
            {
                "lang": lang,
                **{kind: n for kind, (n, _) in counts.items()},
                **{f"{kind}_words": w for kind, (_, w) in counts.items()},
                "complete_products": complete,
            }
        )
    return rows


_ACCENTED = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "àƀçđéƒĝĥîĵķĺḿñöƥǫŕšţûṽŵẋýžÀƁÇĐÉƑĜĤÎĴĶĹḾÑÖƤǪŔŠŢÛṼŴẊÝŽ",
)
_PLACEHOLDER = re.compile(r"(\{[a-z_]+\})")
_PADDING = "ŀõŕéḿ ïƥšûḿ đõŀõŕ šïţ àḿéţ çõñšéçţéţûŕ àđïƥïšçïñĝ éŀïţ "


def pseudo_en(text: str) -> str:
    """en-XA: every letter accented, and longer by the usual rule (short +100 %, long +30 %)."""
    parts = _PLACEHOLDER.split(text)
    accented = "".join(p if _PLACEHOLDER.fullmatch(p) else p.translate(_ACCENTED) for p in parts)
    extra = round(len(text) * (1.0 if len(text) <= 20 else 0.3))
    padding = (_PADDING * (extra // len(_PADDING) + 1))[:extra].strip()
    return f"[{accented} {padding}]" if padding else f"[{accented}]"


def pseudo_rtl(text: str) -> str:
    """ar-XB: the English forced right to left (as the Android pseudo-locale does)."""
    return f"\u200f\u202e{text}\u202c\u200f"


def pseudo(catalog) -> dict[str, bytes]:
    """The pseudo-locale catalogues, every message translated (not fuzzy: they are generated)."""
    from babel.messages.catalog import Catalog

    out = {}
    for lang, transform in (("en-XA", pseudo_en), ("ar-XB", pseudo_rtl)):
        po = Catalog(
            locale=_babel_locale(lang),
            project=PROJECT_NAME,
            version=catalog.version,
            creation_date=catalog.creation_date,
            revision_date=catalog.creation_date,
        )
        po.header_comment = (
            f"# Pseudo-locale {lang}, generated by `recovery-print i18n pseudo` for layout testing.\n"
            "# Not a translation: regenerate it rather than editing it."
        )
        for m in catalog:
            if m.id:
                po.add(m.id, transform(m.id), context=m.context, locations=m.locations, auto_comments=m.auto_comments)
        out[f"{lang}.po"] = po_bytes(po)
    return out
