"""The engine: the one adapter to WeasyPrint. The only module that imports it (lazily, so the
command line starts fast) or touches its boxes; the rest of the program reads a layout through
`Rendered`. With WeasyPrint's additions: pagination artifacts, every glyph mapped to its text
(ActualText), and the HTML parser's pattern cache repaired."""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import BuildError
from ..hashing import sha
from ..session import Session

PX_PER_MM = 96 / 25.4


@dataclass(frozen=True)
class Placed:
    """An element's principal box (its first) as laid out: its page, its border box's top and
    bottom and its margin box's bottom (mm from the page's top)."""

    page: int
    tag: str
    element: Any  # the HTML element: .get(attribute)
    top: float
    bottom: float
    below: float


@dataclass
class Rendered:
    """A laid-out document and what WeasyPrint said while laying it out; what the rest of the
    program reads of a layout, it reads here (WeasyPrint's boxes stay inside this module)."""

    document: Any
    warnings: list[str] = field(default_factory=list)
    whole: frozenset[str] = frozenset()  # blocks set without breaking words (see Composer.render)

    @property
    def pages(self) -> int:
        return len(self.document.pages)

    def boxes(self):
        """(page index, box) for every box of every page."""
        for index, page in enumerate(self.document.pages):
            for box in page._page_box.descendants():
                yield index, box

    def placed(self) -> Iterator[Placed]:
        """Each element's principal box, in document order."""
        seen: set[int] = set()
        for index, box in self.boxes():
            element = getattr(box, "element", None)
            if element is None or id(element) in seen:
                continue
            seen.add(id(element))
            top = box.border_box_y() / PX_PER_MM
            below = (box.position_y + box.margin_height()) / PX_PER_MM
            yield Placed(index, box.element_tag, element, top, top + box.border_height() / PX_PER_MM, below)

    def element_pages(self, wanted: Callable[[str, Any], bool]) -> list[set[int]]:
        """The pages on which each element the test picks (by tag and element) has a box, in document order."""
        pages: dict[int, set[int]] = {}
        for index, box in self.boxes():
            element = getattr(box, "element", None)
            if element is not None and wanted(box.element_tag, element):
                pages.setdefault(id(element), set()).add(index)
        return list(pages.values())

    def content_top(self, page: int) -> float:
        """The top of a page's content box (mm from the page's top)."""
        return self.document.pages[page]._page_box.content_box_y() / PX_PER_MM

    def line_ends(self) -> Iterator[tuple[int, Any, list[bool]]]:
        """For each block of lines: its page, its element and, for each line, whether it ends
        in a broken word (its last text ends with the hyphenation character)."""
        for index, box in self.boxes():
            lines = [c for c in getattr(box, "children", ()) if type(c).__name__ == "LineBox"]
            if lines:
                yield index, getattr(box, "element", None), [_broken(line) for line in lines]

    def filler_pages(self) -> list[int]:
        """Indexes of the pages that hold a filler (a block marked data-filler: a note page)."""
        found = []
        for index, page in enumerate(self.document.pages):
            for box in page._page_box.descendants():
                element = getattr(box, "element", None)
                if element is not None and element.get("data-filler") is not None:
                    found.append(index)
                    break
        return found

    def keeping(self, dropped: set[int]) -> Rendered:
        """The same layout without these pages (WeasyPrint's Document.copy: the pages kept are
        written as laid out)."""
        pages = [p for i, p in enumerate(self.document.pages) if i not in dropped]
        return Rendered(self.document.copy(pages), self.warnings, self.whole)

    def positions(self, ids: set[str]) -> dict[str, tuple[int, float]]:
        """Page index and top edge (mm from the page top) of elements with these ids."""
        found: dict[str, tuple[int, float]] = {}
        for index, box in self.boxes():
            element = getattr(box, "element", None)
            if element is not None and element.get("id") in ids and element.get("id") not in found:
                found[element.get("id")] = (index, box.position_y / PX_PER_MM)
        return found

    def heights(self, wanted) -> list[float]:
        """The border-box height (mm) of each element the test picks (its first box: a
        table's, its wrapper's), in document order."""
        found, seen = [], set()
        for _, box in self.boxes():
            element = getattr(box, "element", None)
            if element is not None and id(element) not in seen and wanted(element):
                seen.add(id(element))
                found.append(box.border_height() / PX_PER_MM)
        return found

    def attr_pages(self, attr: str) -> dict[str, set[int]]:
        """Pages on which each element carrying `attr` has a box, by the attribute's value."""
        pages: dict[str, set[int]] = {}
        for index, box in self.boxes():
            element = getattr(box, "element", None)
            if element is not None and box.element_tag in ("li", "th") and element.get(attr):
                pages.setdefault(element.get(attr), set()).add(index)
        return pages

    def page_feet(self) -> list[tuple[str, str]]:
        """For each page, the tag and text of the element that holds its last line of text
        (or its last ruled line, on a page of notes)."""
        feet = []
        for page in self.document.pages:
            last = ("", "")
            for box in page._page_box.descendants():
                element = getattr(box, "element", None)
                if element is None:
                    continue
                if getattr(box, "text", "").strip():
                    last = (box.element_tag, box.text.strip())
                elif "rule" in (element.get("class") or "").split():
                    last = ("rule", "")
            feet.append(last)
        return feet

    def count_class(self, tag: str, cls: str) -> int:
        """How many distinct elements <tag class=cls> got at least one box."""
        seen = set()
        for _, box in self.boxes():
            element = getattr(box, "element", None)
            if box.element_tag == tag and element is not None and cls in (element.get("class") or "").split():
                seen.add(id(element))
        return len(seen)


def engine(session: Session, allowed_roots: tuple[Path, ...], font_css: str) -> Engine:
    """The session's engine for these folders and fonts, started on first use and kept:
    a watch's next rebuild skips loading fonts and styles."""
    return session.kept("engines", (allowed_roots, font_css), lambda: Engine(allowed_roots, font_css))


def _broken(line) -> bool:
    """Whether a line box ends in a broken word: its last text ends with the hyphenation character."""
    leaf = line
    while getattr(leaf, "children", None):
        leaf = leaf.children[-1]
    return hasattr(leaf, "text") and leaf.text.endswith(leaf.style["hyphenate_character"] or "\u2010")


def percentage(value, style, width: float) -> float:
    """A computed length or percentage resolved against a width (px), as the engine resolves it."""
    from weasyprint.layout.percent import percentage as resolve

    return resolve(value, style, width)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class Engine:
    """WeasyPrint with our fonts and a URL fetcher that only reads the project's files."""

    def __init__(self, allowed_roots: tuple[Path, ...], font_css: str):
        import weasyprint
        from weasyprint.text.fonts import FontConfiguration
        from weasyprint.urls import URLFetcher

        roots = tuple(p.resolve() for p in allowed_roots)

        class LocalFetcher(URLFetcher):
            def fetch(self, url, headers=None):
                if not url.startswith("file:"):
                    raise ValueError(f"refused to fetch {url}: only the project's own files are read")
                from urllib.request import url2pathname

                path = Path(url2pathname(url.split("?")[0].removeprefix("file:"))).resolve()
                if not any(path == r or r in path.parents for r in roots):
                    raise ValueError(f"refused to read {path}: outside the project's folders")
                return super().fetch(url, headers)

        install_hooks()
        self._weasyprint = weasyprint
        self.fetcher = LocalFetcher(fail_on_errors=True)
        self.font_config = FontConfiguration()
        self.font_css = weasyprint.CSS(string=font_css, font_config=self.font_config, url_fetcher=self.fetcher)
        self._sheets: dict[Path, tuple[bytes, Any]] = {}  # each file's last version, parsed
        self.version = weasyprint.__version__
        self.identity = sha(self.version, font_css)  # (engines with these fonts break lines alike)

    def _sheet(self, path: Path) -> Any:
        # Parsed again when the file changes: an engine kept between rebuilds sees edits, and
        # keeps one version of each file.
        text = path.read_bytes()
        if self._sheets.get(path, (None,))[0] != text:
            sheet = self._weasyprint.CSS(
                string=text.decode("utf-8"), base_url=str(path), font_config=self.font_config, url_fetcher=self.fetcher
            )
            self._sheets[path] = (text, sheet)
        return self._sheets[path][1]

    def _document(self, html: str, base: Path, stylesheets: list[Path], extra_css: str) -> tuple[Any, list, Any]:
        """A document, its style sheets in order, and its own counter styles (a language's digits)."""
        from weasyprint.css.counters import CounterStyle

        counters = CounterStyle()
        sheets = [self.font_css, *(self._sheet(p) for p in stylesheets)]
        if extra_css:
            sheets.append(self._weasyprint.CSS(string=extra_css, font_config=self.font_config, counter_style=counters))
        doc = self._weasyprint.HTML(string=html, base_url=str(base) + "/", url_fetcher=self.fetcher)
        return doc, sheets, counters

    def computed_styles(self, html: str, base: Path, stylesheets: list[Path], extra_css: str = "") -> tuple[Any, Any]:
        """The computed style of each element of a document (a function of the element), and its
        element tree: the cascade alone, no layout."""
        from weasyprint.css import get_all_computed_styles
        from weasyprint.urls import FatalURLFetchingError

        try:
            doc, sheets, counters = self._document(html, base, stylesheets, extra_css)
            styles = get_all_computed_styles(
                doc, user_stylesheets=sheets, font_config=self.font_config, counter_style=counters
            )
        except FatalURLFetchingError as err:  # (a stylesheet reaching outside the project's folders)
            raise BuildError(f"{err} ({err.__cause__})") from err
        return styles, doc.etree_element

    @property
    def text_layer(self) -> tuple[Any, Any]:
        """WeasyPrint's line breaker and line height (split_first_line, strut), as its inline layout uses them."""
        from weasyprint.text.line_break import split_first_line, strut

        return split_first_line, strut

    def render(self, html: str, base: Path, stylesheets: list[Path], extra_css: str = "") -> Rendered:
        """Lay out one HTML document with the given stylesheets (in order)."""
        from weasyprint.urls import FatalURLFetchingError

        logger = logging.getLogger("weasyprint")
        handler = _Collect()
        logger.addHandler(handler)
        try:
            doc, sheets, counters = self._document(html, base, stylesheets, extra_css)
            document = doc.render(stylesheets=sheets, font_config=self.font_config, counter_style=counters)
        except FatalURLFetchingError as err:
            raise BuildError(f"{err} ({err.__cause__})") from err
        finally:
            logger.removeHandler(handler)
        return Rendered(document, handler.messages)

    def write(self, rendered: Rendered, tagged: bool = False) -> bytes:
        """The PDF bytes of a rendered document (deterministic identifier); `tagged`: an
        accessible PDF/UA-1 (structure tree, language, title shown, outline)."""
        if tagged:
            return rendered.document.write_pdf(pdf_identifier=True, pdf_variant="pdf/ua-1")
        return rendered.document.write_pdf(pdf_identifier=True)


# Additions to WeasyPrint, installed once per process by the engine:
#
# - `data-artifact`: an element marked "page" is pagination on every page, one marked
# "repeat" (a fixed box) is content on its first page and pagination on the others.
# - Text a reader gets back: every glyph drawn maps to some text, and a line whose glyphs
# cannot spell it (a cluster of several glyphs, as Nastaliq and the Indic scripts draw,
# a glyph shared by two letters, or a mark drawn on its own) carries its text as ActualText.
# - The parser's cache of character-class patterns is keyed as it is read: tinyhtml5 2.1 files
# each pattern under the pattern itself, so every text run of every page made it again.


def install_hooks() -> None:
    """Put the three additions in place (idempotent)."""
    _tag_artifacts()
    _actual_text()
    _parser_patterns()


class _Patterns(dict):
    """tinyhtml5's chars_until patterns by (characters, opposite), made on first use as
    chars_until makes them (a character class of the characters, or of all but them)."""

    def __missing__(self, key: tuple) -> re.Pattern:
        characters, opposite = key
        escaped = "".join(f"\\x{ord(c):02x}" for c in characters)
        self[key] = pattern = re.compile(f"[{escaped}]+" if opposite else f"[^{escaped}]+")
        return pattern


def _parser_patterns() -> None:
    """Put a cache that finds what it keeps in place of the parser's (same patterns, parsed the same)."""
    from tinyhtml5 import inputstream

    if not isinstance(inputstream.characters_until_regex, _Patterns):
        inputstream.characters_until_regex = _Patterns()


def _tag_artifacts() -> None:
    """Such an element's tree is built, so its marked content is accounted for, but not
    linked into the document's, as WeasyPrint does for margin boxes; the tagged finish
    then marks that content as a Pagination artifact."""
    from weasyprint.layout.absolute import AbsolutePlaceholder
    from weasyprint.pdf import tags

    build = tags._build_box_tree
    if getattr(build, "artifacts", False):
        return

    def build_box_tree(box, parent, pdf, page_number, nums, annotations, marked):
        inner = box._box if isinstance(box, AbsolutePlaceholder) else box
        element = getattr(inner, "element", None)
        mark = element.get("data-artifact") if element is not None and inner.element_tag != "html" else None
        if mark == "page" or (mark == "repeat" and page_number > 0):
            tuple(build(box, parent, pdf, page_number, nums, annotations, marked))
            return
        yield from build(box, parent, pdf, page_number, nums, annotations, marked)

    build_box_tree.artifacts = True
    tags._build_box_tree = build_box_tree


def _actual_text() -> None:
    """WeasyPrint maps a glyph to the text of its cluster the first time it draws it: the
    second glyph of a cluster maps to nothing, and a glyph drawn for two letters keeps the
    first. ISO 14289-1 §7.21.7 wants every glyph mapped, ISO 32000-1 §14.9.4 gives the
    exact text of a span as ActualText; readers (poppler, MuPDF, screen readers) use it."""
    import pydyf
    from weasyprint.draw import text

    draw = text.draw_first_line
    if getattr(draw, "actual_text", False):
        return

    def draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix):
        start = len(stream.stream)
        emojis = draw(stream, textbox, text_overflow, block_ellipsis, matrix)
        if len(stream.stream) > start and not _spelled(stream, textbox):
            line = _line_text(textbox)
            stream.stream.insert(start, pydyf.Dictionary({"ActualText": pydyf.String(line)}))
            stream.stream.insert(start, b"/Span")
            stream.stream.insert(start + 2, b"BDC")
            stream.end_marked_content()
        return emojis

    draw_first_line.actual_text = True
    text.draw_first_line = draw_first_line


def _line_text(textbox) -> str:
    """The text of a box's first line; a line-end hyphen reads as a soft hyphen."""
    line, _ = textbox.pango_layout.get_first_line()
    utf8 = textbox.pango_layout.text.encode()
    words = utf8[line.start_index : line.start_index + line.length].decode()
    hyphen = textbox.style["hyphenate_character"]
    if hyphen and words.endswith(hyphen) and not textbox.text.endswith(hyphen):
        words = words[: -len(hyphen)] + "\u00ad"
    return words


def _spelled(stream, textbox) -> bool:
    """Do the glyphs of the line just drawn map back to its text, glyph by glyph? Gives
    each glyph left without text the text of its whole cluster."""
    from bisect import bisect_right
    from collections import Counter

    from weasyprint.text.ffi import ffi, pango

    line, _ = textbox.pango_layout.get_first_line()
    utf8 = textbox.pango_layout.text.encode()
    spelled = True
    run = line.runs[0]
    while run != ffi.NULL:
        item = run.data
        run = run.next
        glyphs = item.glyphs
        font, _ = stream.add_font(item.item.analysis.font)
        offset, length, count = item.item.offset, item.item.length, glyphs.num_glyphs
        clusters = ffi.unpack(glyphs.log_clusters, count)
        sizes = Counter(clusters)
        starts = sorted(sizes)
        infos, mapping = glyphs.glyphs, font.to_unicode
        for i, start in enumerate(clusters):
            glyph = infos[i].glyph
            if glyph == pango.PANGO_GLYPH_EMPTY or glyph & pango.PANGO_GLYPH_UNKNOWN_FLAG:
                continue
            after = bisect_right(starts, start)
            end = starts[after] if after < len(starts) else length
            cluster = utf8[offset + start : offset + end].decode()
            mapped = mapping.get(glyph)
            if not mapped:
                mapping[glyph] = cluster
            if sizes[start] > 1:
                spelled = False
            elif (mapped or cluster) == cluster and cluster.isascii():
                continue  # (one letter, its own glyph: the common case, nothing more to ask)
            elif _shown(mapped or cluster) != _shown(cluster) or _marks_only(cluster):
                spelled = False
    return spelled


def _marks_only(text: str) -> bool:
    """A cluster of marks alone (an Arabic shadda on its own glyph): placed by its position,
    a reader takes it for a word of its own (poppler reads "الصح ّ ة")."""
    shown = _shown(text)
    return bool(shown) and all(unicodedata.category(c) == "Mn" for c in shown)


def _shown(text: str) -> str:
    """Text without its format characters (bidi marks, joiners), which draw no glyph."""
    return "".join(c for c in text if unicodedata.category(c) != "Cf")
