"""The page HTML edits the measurer reads: each statement's text by its key, the page cut to
the first and last statement of each list (every statement of a list shares its style), and
the page without its statements' texts (what decides their styles and widths)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_CELL = re.compile(r'(<ul class="statements">)(.*?)(</ul>)', re.S)

_ITEM = re.compile(r"<li\b.*?</li>", re.S)

_ITEM_TEXT = re.compile(r"(<li\b[^>]*>).*?(</li>)", re.S)


def skeleton(page: str) -> str:
    """The page with each list of statements cut to its first and last, none marked whole."""

    def cut(match: re.Match) -> str:
        items = _ITEM.findall(match.group(2))
        kept = items[:1] + items[1:][-1:]
        return match.group(1) + "".join(kept).replace(" data-whole", "") + match.group(3)

    return _CELL.sub(cut, page)


class _Statements(HTMLParser):
    """The text of every statement (an element with data-s) of a page, and whether it is marked whole."""

    def __init__(self) -> None:
        super().__init__()
        self.found: dict[str, tuple[str, bool]] = {}
        self._open: tuple[str, bool, list[str]] | None = None

    def handle_starttag(self, tag, attrs) -> None:
        named = dict(attrs)
        if named.get("data-s") and self._open is None:
            self._open = (named["data-s"], "data-whole" in named, [])

    def handle_endtag(self, tag) -> None:
        if tag == "li" and self._open is not None:
            key, whole, parts = self._open
            self.found[key] = ("".join(parts), whole)
            self._open = None

    def handle_data(self, data) -> None:
        if self._open is not None:
            self._open[2].append(data)


def statement_texts(page: str) -> dict[str, tuple[str, bool]]:
    """Every statement of a page by its key, in the page's order: (text, marked whole)."""
    parser = _Statements()
    parser.feed(page)
    parser.close()
    return parser.found


def blank(page: str) -> str:
    """The page with every statement's text taken out (its element kept)."""
    return _ITEM_TEXT.sub(r"\1\2", page)
