"""The engine: the only module that imports WeasyPrint (lazily, so the CLI starts fast)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import BuildError
from ..hashing import sha
from ..session import Session
from . import hooks

PX_PER_MM = 96 / 25.4


@dataclass
class Rendered:
    """A laid-out document and what WeasyPrint said while laying it out."""

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

        hooks.install()
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
