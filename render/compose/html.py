"""HTML: the model as the HTML of one product (Jinja, autoescaped, strict, on the theme's search path)."""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import traceback
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import markupsafe

from .. import templating
from ..errors import BuildError, OutsideError, Problem
from ..i18n.localise import LRI, PDI, Localiser
from ..paths import Theme, confined
from ..session import Session
from ..source.model import Framework, Term
from ..source.products import WHOLE, Product

MM_PER_PT = 25.4 / 72
# An e-mail address, or a web address with its scheme or "www."; trailing punctuation is
# the sentence's, not the address's.
ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?:https?://|www\.)[^\s<>\"]+[^\s<>\".,;:!?)\]]")
# Estimates for sizing matrix columns (in em of the body size), close to Noto Sans
# at the stylesheet's leading, bullet indent and cell padding.
MIN_SHARE = 0.55  # no column narrower than this share of an even split
CHAR_EM = 0.5
CELL_INSET_EM = 1.4
LINE_EM = 1.16
GAP_EM = 0.1
LABEL_COLUMN_MM = 20.0  # the label column's least width (see label_width_mm)
BOLD_CHAR_EM = 0.62  # a bold letter, on average (the labels' longest words are lower case)
LABEL_INSET_EM = 0.9  # the label cell's padding, and a little room


@dataclass(frozen=True)
class RowBreaks:
    """Where matrix rows meet page breaks: rows that start a new page, and for rows that
    run over a page break, the part (1, 2, …) of each statement past the first page."""

    parts: Mapping[str, int] = field(default_factory=dict)  # statement key -> part
    new_page: frozenset[tuple[str, str]] = frozenset()  # (matrix, component)

    def part_of(self, key: str) -> int:
        return self.parts.get(key, 0)

    def parts_of_row(self, matrix: str, component: str) -> int:
        return 1 + max((k for key, k in self.parts.items() if row_of(key) == (matrix, component)), default=0)

    def starts_page(self, matrix: str, component: str) -> bool:
        return (matrix, component) in self.new_page


class ThemeLoader(jinja2.FileSystemLoader):
    """Templates from the theme's folders, first layer first; one that lies, links followed,
    outside its folder is refused before it is read."""

    def get_source(self, environment, template):
        first = self._first(template)
        if first is not None:
            confined(first[1], first[0], f"template {template}")
        source, name, current = super().get_source(environment, template)
        # A template kept by a session's environment is read again when its file changes, and
        # when a layer in front of it gains one of its name.
        return source, name, lambda: current() and self._first(template) == first

    def _first(self, template: str) -> tuple[Path, Path] | None:
        """The first layer with the template, and its file there."""
        pieces = jinja2.loaders.split_template_path(template)
        found = ((Path(folder), Path(folder, *pieces)) for folder in self.searchpath)
        return next(((folder, path) for folder, path in found if path.is_file()), None)


def environment(theme: Theme, session: Session | None = None) -> jinja2.Environment:
    """Jinja's sandbox on the theme's template search path (its layers first, the shipped templates
    last): templates reach only what they are given, never the program's internals; kept by the
    session, if one is given (its templates compiled once, and again when their files change)."""
    if session is not None:
        return session.kept("templates", theme, lambda: environment(theme))
    loader = ThemeLoader([str(folder) for folder in theme.templates])
    return templating.environment(loader, trim=True, filters={"linked": linked, "isolated": isolated})


def isolated(text: str, t=None) -> str:
    """Left-to-right text (an address, a phone number) as an isolate in a right-to-left page
    (UAX #9: its punctuation stays with it)."""
    return f"{LRI}{text}{PDI}" if t is not None and t.direction == "rtl" and text else text


def linked(text: str, t=None) -> markupsafe.Markup:
    """The text, escaped, with each e-mail and web address in it a link to itself (an isolate
    in a right-to-left page: `t`, the page's Localiser)."""
    out, at = [], 0
    for match in ADDRESS.finditer(str(text)):
        address = match.group()
        if "@" in address and "://" not in address:
            href = "mailto:" + address
        else:
            href = address if "://" in address else "https://" + address
        shown = isolated(address, t)
        form = '<a href="{}" dir="ltr">{}</a>' if shown != address else '<a href="{}">{}</a>'
        link = markupsafe.Markup(form).format(href, shown)
        out += [markupsafe.escape(text[at : match.start()]), link]
        at = match.end()
    out.append(markupsafe.escape(text[at:]))
    return markupsafe.Markup("").join(out)


def even_widths(lengths: list[list[list[int]]], grid_mm: float, body_pt: float) -> list[float]:
    """Column widths (percent of the grid) that even out the cells of each row (see _even)."""
    return list(_even(tuple(tuple(tuple(cell) for cell in row) for row in lengths), grid_mm, body_pt))


@functools.lru_cache(maxsize=512)  # a layout pass asks again for the sizes measured before
def _even(lengths: tuple[tuple[tuple[int, ...], ...], ...], grid_mm: float, body_pt: float) -> tuple[float, ...]:
    """Column widths (percent of the grid) that even out the cells of each row.

    A table row is as tall as its tallest cell, so this is a local search minimising
    the summed row heights, each cell's height estimated from its statements' lengths
    (`lengths[row][column]`) at this body size, in whole lines per statement as the
    text will wrap. No column drops below MIN_SHARE of an even split.
    """
    grid_em = grid_mm / (body_pt * MM_PER_PT)
    n = len(lengths[0])
    widths = [100.0 / n] * n
    narrowest = MIN_SHARE * 100.0 / n

    known: dict[tuple[int, float], list[float]] = {}  # (column, percent): its cells' heights, row by row

    def column_em(i: int, percent: float) -> list[float]:
        if (i, percent) not in known:
            per_line = max(1.0, (percent / 100 * grid_em - CELL_INSET_EM) / CHAR_EM)
            known[i, percent] = [sum(math.ceil(k / per_line) * LINE_EM + GAP_EM for k in row[i]) for row in lengths]
        return known[i, percent]

    def height(w: list[float]) -> float:
        return sum(map(max, zip(*(column_em(i, w[i]) for i in range(n)), strict=True)))

    best, step = height(widths), 4.0
    while step > 0.05:
        improved = False
        for i in range(n):
            for j in range(n):
                if i == j or widths[j] - step < narrowest:
                    continue
                widths[i] += step
                widths[j] -= step
                trial = height(widths)
                if trial < best - 1e-9:
                    best, improved = trial, True
                else:
                    widths[i] -= step
                    widths[j] += step
        if not improved:
            step /= 2
    return tuple(round(w, 3) for w in widths)


def column_widths(
    fw: Framework, t: Localiser, level: int, matrix: str, grid_mm: float, body_pt: float, by_component: bool = False
) -> dict[str, float]:
    """Column widths of one level's matrix: component columns, or perspective columns
    when the matrix is set a row per component."""
    rows, cols = (fw.components, fw.perspectives) if by_component else (fw.perspectives, fw.components)

    def lengths(level: int, matrix: str, row, col) -> list[int]:
        p, c = (col, row) if by_component else (row, col)
        return [len(t(s.text)) for s in fw.cell(level, matrix, p.id, c.id).statements]

    widths = even_widths([[lengths(level, matrix, r, c) for c in cols] for r in rows], grid_mm, body_pt)
    return {c.id: w for c, w in zip(cols, widths, strict=True)}


def grid_widths(fw: Framework, t: Localiser, grid_mm: float, body_pt: float) -> dict[str, float]:
    """One set of component column widths for every level's matrices together (the poster's
    grid): each component keeps its column down the whole sheet, sized from all its cells."""
    rows = [
        [[len(t(s.text)) for s in fw.cell(lv.number, mx.id, p.id, c.id).statements] for c in fw.components]
        for lv in fw.levels
        for mx in fw.matrices
        for p in fw.perspectives
    ]
    widths = even_widths(rows, grid_mm, body_pt)
    return {c.id: w for c, w in zip(fw.components, widths, strict=True)}


def label_width_mm(fw: Framework, t: Localiser, body_pt: float) -> float:
    """The poster grid's label column: wide enough for its longest word (a perspective's or,
    a size larger, a matrix's name) on one line, so no word runs into the cells beside it."""
    rows = [w for mx in fw.matrices for p in fw.perspectives for w in t(mx.rows[p.id]).split()]
    names = [w for mx in fw.matrices for w in t(mx.short_name).split()]
    longest = max([len(w) for w in rows] + [len(w) * 1.12 for w in names] + [0])
    return max(LABEL_COLUMN_MM, (longest * BOLD_CHAR_EM + LABEL_INSET_EM) * body_pt * MM_PER_PT)


def keep_whole(page: str, keys: frozenset[str]) -> str:
    """The page with the blocks of these keys (a statement's data-s, a text's data-t) marked to
    break no word at a line end (see audit.hyphenation)."""
    for key in sorted(keys):
        for attr in ("data-s", "data-t"):
            named = f'{attr}="{markupsafe.escape(key)}"'
            page = page.replace(named, f"{named} data-whole")
    return page


def render_html(
    fw: Framework,
    product: Product,
    t: Localiser,
    *,
    sizes: dict[str, float],
    flows: tuple[str, ...] | None = None,
    slack_mm: float = 0.0,
    breaks: RowBreaks | None = None,
    fillers: int = 0,
    draft: bool = False,
    date: dt.date | None = None,
    band: float = 1.0,
    env: jinja2.Environment,
) -> str:
    """The HTML of one product (or of some of its flows) at the given body sizes per flow.

    `breaks` tells how matrix rows meet page breaks (see RowBreaks); none at first.
    `fillers` is the number of note pages that complete the last sheet of a booklet.
    `band` scales the display type of a fixed band (see Composer.band_scale).
    """
    text_width = product.trim_mm[0] - product.margins_mm[1] - product.margins_mm[3]

    def columns(level: int, matrix: str, by_component: bool = False) -> dict[str, float]:
        body = sizes.get(matrix, sizes.get(WHOLE, product.body_min_pt))
        if by_component:
            return column_widths(fw, t, level, matrix, text_width, body, by_component)
        return grid_widths(fw, t, text_width - label_width_mm(fw, t, body), body)

    def label_mm(matrix: str | None = None) -> float:
        return label_width_mm(fw, t, sizes.get(matrix, sizes.get(WHOLE, product.body_min_pt)))

    def audience_blocks(section: str) -> list:
        return [b for b in fw.section(section).blocks if {"leaflets", product.name} & set(b.audiences)]

    try:
        return env.get_template(product.template).render(
            fw=fw,
            breaks=breaks or RowBreaks(),
            fillers=fillers,
            draft=draft,
            audience_blocks=audience_blocks,
            terms_used=terms_used(fw, t, product.perspective) if product.perspective else [],
            product=product,
            level=fw.levels[product.level - 1] if product.level else None,
            t=t,
            lang=t.html_lang,
            dir=t.direction,
            sizes=sizes,
            body_pt=max(sizes.values()),
            flows=flows,
            slack_mm=slack_mm,
            band_scale=band,
            columns=columns,
            label_mm=label_mm,
            date=date or fw.edition.revised,
            revised_text=format_date(fw.edition.revised, t.base),
        )
    except jinja2.TemplateError as err:
        raise template_error(err, product.template) from None


def template_error(err: jinja2.TemplateError, name: str) -> BuildError:
    """A template that is missing, does not compile or fails as it runs, as an error naming its file and line."""
    if isinstance(err, jinja2.TemplateSyntaxError):
        where = f"{err.filename or name}:{err.lineno}"
    else:
        lines = [
            f"{f.filename}:{f.lineno}" for f in traceback.extract_tb(err.__traceback__) if f.filename.endswith(".html")
        ]
        where = lines[-1] if lines else name
    if isinstance(err, jinja2.TemplateNotFound):
        return BuildError(f"template {err.name} (from {where}) not found in the theme's folders")
    return BuildError(f"template {where}: {err.message or type(err).__name__}")


def look_problems(products: dict[str, Product], theme: Theme, session: Session | None = None) -> list[Problem]:
    """Each product's templates and stylesheets that the theme's search path lacks, or that do
    not compile, as problems at the product's entry in products.yaml (each name once); and
    every other template of the search path that does not compile, at its own line."""
    env, problems, seen = environment(theme, session), [], set()

    def problem(p: Product, key: str, message: str) -> None:
        file, _, line = p.where.rpartition(":")
        problems.append(Problem(file, int(line or 0), f"{p.family}.{key}", message))

    for p in products.values():
        for key, name in (("template", p.template), ("large_print", p.large_print), ("stylesheet", p.stylesheet)):
            if name is None or name in seen:
                continue
            seen.add(name)
            if key == "stylesheet":
                if not theme.has_style(name):
                    problem(p, key, f"{name} not found in {', '.join(map(str, theme.styles))}")
                    continue
            try:
                theme.style(name) if key == "stylesheet" else env.get_template(name)
            except OutsideError as err:
                problem(p, key, err.message)
            except jinja2.TemplateNotFound as err:
                problem(p, key, f"template {err.name} not found in {', '.join(map(str, theme.templates))}")
            except jinja2.TemplateSyntaxError as err:
                problem(p, key, f"template {err.filename or name}:{err.lineno}: {err.message}")
    for name, path in theme.template_files().items():  # the partials too: every template must compile
        try:
            env.get_template(name)
        except jinja2.TemplateSyntaxError as err:
            if name not in seen:
                problems.append(Problem(str(path), err.lineno or 0, "", f"template: {err.message}"))
    return problems


def stylesheets(theme: Theme, product: Product, profile: str, direction: str) -> list[Path]:
    """Tokens, the press layer (press profile), shared styles, scripts, the product's own,
    the screen layer (screen profile), and its right-to-left layer if it has one."""
    names = ["tokens.css", "base.css", "scripts.css", product.stylesheet]
    if profile == "press":
        names.insert(1, "press.css")
    else:
        names.append("screen.css")
    rtl = product.stylesheet.replace(".css", "-rtl.css")
    if direction == "rtl" and theme.has_style(rtl):
        names.append(rtl)
    return [theme.style(name) for name in names]


def terms_used(fw: Framework, t: Localiser, perspective: str) -> list[Term]:
    """The key terms an audience's leaflet uses: those defining a component, and those
    any of whose names (a term may have several, split by "/") its statements mention."""
    text = " ".join(t(s.text) for s in fw.statements() if s.perspective == perspective).casefold()
    defining = {c.term for c in fw.components}
    used = []
    for block in fw.section("key-terms").blocks:
        for term in getattr(block, "terms", ()):
            names = [n.strip().casefold() for n in t(term.term).split("/")]
            if term.id in defining or any(len(n) > 3 and n in text for n in names):
                used.append(term)
    return used


def row_of(statement_key: str) -> tuple[str, str]:
    """(matrix, component) of a statement key "level-N/matrix/perspective/component/index"."""
    _, matrix, _, component, _ = statement_key.split("/")
    return matrix, component


def format_date(day: dt.date, lang: str = "en") -> str:
    """An edition date as the language prints it: 26 November 2026, 26 listopada 2026."""
    from babel import Locale, UnknownLocaleError
    from babel.dates import format_date as babel_date

    try:
        locale = Locale.parse(lang)
    except (UnknownLocaleError, ValueError):
        locale = Locale.parse("en")
    return babel_date(day, "d MMMM y", locale=locale)


def messages(fw: Framework, product: Product, env: jinja2.Environment) -> dict[tuple[str, str], None]:
    """The messages (context, English) a product prints, found by laying out its HTML with a recording localiser."""
    t = Localiser("und")  # a language with no translations: everything asked for is recorded
    render_html(fw, product, t, sizes=product.probe_sizes, env=env)
    return t.missing
