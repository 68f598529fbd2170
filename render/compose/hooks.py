"""Additions to WeasyPrint's PDF writer and a repair to its HTML parser, installed once per
process by the engine.

- `data-artifact`: an element marked "page" is pagination on every page, one marked
  "repeat" (a fixed box) is content on its first page and pagination on the others.
- Text a reader gets back: every glyph drawn maps to some text, and a line whose glyphs
  cannot spell it (a cluster of several glyphs, as Nastaliq and the Indic scripts draw,
  a glyph shared by two letters, or a mark drawn on its own) carries its text as ActualText.
- The parser's cache of character-class patterns is keyed as it is read: tinyhtml5 2.1 files
  each pattern under the pattern itself, so every text run of every page made it again.
"""

from __future__ import annotations

import re
import unicodedata


def install() -> None:
    """Put all three in place (idempotent)."""
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
