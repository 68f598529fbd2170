"""PDF/UA-1 (ISO 14289-1:2014) as rules a tagged file must keep, each with its clause.

preflight runs them on screen and large-print files (and any file that claims PDF/UA).
Clauses are of ISO 14289-1 unless another standard is named; the Matterhorn Protocol 1.1
checkpoint follows in brackets. Each rule reads the file itself: the structure tree, the
parent tree and what each page's content stream paints inside which marked content.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field

from .metadata import xmp
from .tagtables import kids

Error = Callable[..., None]

CLAUSES = {
    "ua-identification": "§5, §7.1: pdfuaid:part 1 in the XMP, a dc:title shown as the window's title [06, 07]",
    "ua-tagged": "§7.1: marked as tagged, with a structure tree [01]",
    "ua-language": "§7.2: the document's natural language in the catalogue [11]",
    "ua-content": "§7.1: content is tagged and reachable from the structure tree, or an artifact [01]",
    "ua-order": "§7.1: the page paints its tagged content in the structure's (reading) order [09]",
    "ua-tables": "§7.5: each header cell scoped, or named by the Headers of its data cells [15]",
    "ua-links": "§7.18.1, §7.18.5: each link described (Contents) and in a Link element by an OBJR [28]",
    "ua-invisible": "§7.1: tagged text is text a reader sees (no render mode 3, no clip of no area)",
    "ua-hyphens": "ISO 32000-1 §14.8.2.2.3: a hyphen added at a line break reads as a soft hyphen (U+00AD)",
    "ua-unicode": "§7.21.7: every glyph shown maps to Unicode [10]",
}
IN_ORDER = 0.8  # share of a page's tagged sequences painted in tree order, below which it reads scrambled


def claims(pdf) -> bool:
    """Whether the file says it is PDF/UA (its XMP's pdfuaid:part)."""
    return bool(xmp(pdf).get("pdfuaid:part"))


def check(pdf, error: Error) -> None:
    """Every rule of PDF/UA-1 this preflight knows."""

    def fail(rule: str, message: str, page: int | None = None, report: Error = error) -> None:
        report(rule, f"{message} ({CLAUSES[rule]})", page)

    meta = xmp(pdf)
    if meta.get("pdfuaid:part") != "1":
        fail("ua-identification", f"pdfuaid:part is '{meta.get('pdfuaid:part', '')}', not 1")
    if not meta.get("dc:title"):
        fail("ua-identification", "no dc:title in the XMP")
    prefs = pdf.Root.get("/ViewerPreferences") or {}
    if not bool(prefs.get("/DisplayDocTitle", False)):
        fail("ua-identification", "the viewer is not told to show the title (DisplayDocTitle)")
    if not bool((pdf.Root.get("/MarkInfo") or {}).get("/Marked", False)):
        fail("ua-tagged", "not marked as tagged (MarkInfo /Marked)")
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        fail("ua-tagged", "no structure tree")
        return
    if not str(pdf.Root.get("/Lang", "")).strip():
        fail("ua-language", "no /Lang in the catalogue")
    tree = Tree.read(root)
    _tables(tree, fail)
    _links(pdf, tree, fail)
    shown: dict[str, set[int]] = {}
    fonts: dict[str, object] = {}
    for n, page in enumerate(pdf.pages, 1):
        painted = paint(page)
        _content(tree, page, painted, n, fail)
        _order(tree, page, painted, n, fail)
        if painted.invisible:
            fail("ua-invisible", f"{painted.invisible} tagged text run(s) drawn invisibly: {painted.invisible_text}", n)
        fonts.update(painted.fonts)
        for key, codes in painted.codes.items():
            shown.setdefault(key, set()).update(codes)
    _hyphens(fonts.values(), fail)
    _unicode(fonts, shown, fail)


# --- the structure tree -----------------------------------------------------------------


@dataclass
class Tree:
    """What the structure tree reaches: elements in order, and each page's MCIDs in reading order."""

    elements: list = field(default_factory=list)
    order: dict[tuple, int] = field(default_factory=dict)  # (page objgen, mcid) -> rank in the tree
    objects: set = field(default_factory=set)  # objgens of annotations reached by an OBJR

    @classmethod
    def read(cls, root) -> Tree:
        """Walk the tree from its root, depth first, in the order of each element's /K."""
        import pikepdf

        tree, seen = cls(), set()

        def walk(element, page) -> None:
            if element.objgen in seen:
                return
            seen.add(element.objgen)
            tree.elements.append(element)
            page = element.get("/Pg", page)
            kids = element.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [] if kids is None else [kids]:
                if isinstance(kid, pikepdf.Dictionary):
                    kind = kid.get("/Type")
                    if kind == pikepdf.Name.MCR:
                        tree.mark(kid.get("/Pg", page), int(kid.MCID))
                    elif kind == pikepdf.Name.OBJR:
                        tree.objects.add(kid.Obj.objgen)
                    else:
                        walk(kid, page)
                elif isinstance(kid, int):
                    tree.mark(page, int(kid))

        for kid in kids(root):
            walk(kid, None)
        return tree

    def mark(self, page, mcid: int) -> None:
        if page is not None:
            self.order.setdefault((page.objgen, mcid), len(self.order))


def _tables(tree: Tree, fail) -> None:
    named = {str(h) for e in tree.elements for h in _attribute(e, "/Headers") or []}
    loose = [
        e
        for e in tree.elements
        if e.get("/S") == "/TH" and _attribute(e, "/Scope") is None and str(e.get("/ID", "")) not in named
    ]
    if loose:
        fail("ua-tables", f"{len(loose)} header cell(s) with no /Scope that no data cell names")


def _attribute(element, key: str):
    """An attribute of the element, from its /A (a dictionary or an array of them)."""
    import pikepdf

    attributes = element.get("/A")
    for a in attributes if isinstance(attributes, pikepdf.Array) else [attributes]:
        if isinstance(a, pikepdf.Dictionary) and key in a:
            return a[key]
    return None


def _links(pdf, tree: Tree, fail) -> None:
    for n, page in enumerate(pdf.pages, 1):
        for annot in page.obj.get("/Annots") or []:
            if annot.get("/Subtype") != "/Link":
                continue
            if not str(annot.get("/Contents", "")).strip():
                fail("ua-links", "a link with no description (Contents)", n)
            if annot.objgen not in tree.objects:
                fail("ua-links", "a link annotation that no Link element holds by an OBJR", n)


# --- what the pages paint ----------------------------------------------------------------


@dataclass
class Painted:
    """What one page paints, as far as PDF/UA asks: marked content and the text in it."""

    mcids: list[int] = field(default_factory=list)  # in paint order, each once
    untagged: int = 0  # text shows outside any marked content
    untagged_text: str = ""
    invisible: int = 0
    invisible_text: str = ""
    codes: dict[str, set[int]] = field(default_factory=dict)  # font (its objgen, as text) -> codes shown
    fonts: dict[str, object] = field(default_factory=dict)  # the same key -> the font


def paint(page) -> Painted:
    """Interpret the page's content (and forms) for marked content, clips and text."""
    painted = Painted()
    _paint(page.obj, page.obj.get("/Resources") or {}, painted, [], set())
    return painted


def _paint(container, resources, painted: Painted, marks: list, seen: set) -> None:
    import pikepdf

    state = {"clip0": False, "mode": 0, "font": None}
    saved: list[dict] = []
    path_empty = False
    for operands, op in pikepdf.parse_content_stream(container):
        op = str(op)
        if op == "q":
            saved.append(dict(state))
        elif op == "Q" and saved:
            state = saved.pop()
        elif op == "re":
            path_empty = float(operands[2]) == 0 or float(operands[3]) == 0
        elif op in ("W", "W*") and path_empty:
            state["clip0"] = True
        elif op == "Tr":
            state["mode"] = int(operands[0])
        elif op == "Tf":
            state["font"] = (resources.get("/Font") or {}).get(str(operands[0]))
        elif op in ("BDC", "BMC"):
            tag = str(operands[0])
            props = operands[1] if op == "BDC" and len(operands) > 1 else None
            mcid = props.get("/MCID") if isinstance(props, pikepdf.Dictionary) else None
            marks.append((tag, None if mcid is None else int(mcid)))
            if mcid is not None and int(mcid) not in painted.mcids:
                painted.mcids.append(int(mcid))
        elif op == "EMC" and marks:
            marks.pop()
        elif op in ("Tj", "TJ", "'", '"'):
            _show(operands, state, marks, painted)
        elif op == "Do":
            xobject = (resources.get("/XObject") or {}).get(str(operands[0]))
            if xobject is not None and xobject.get("/Subtype") == "/Form" and xobject.objgen not in seen:
                _paint(xobject, xobject.get("/Resources") or resources, painted, marks, seen | {xobject.objgen})


def _show(operands, state: dict, marks: list, painted: Painted) -> None:
    import pikepdf

    shown = operands[-1]
    strings = [o for o in shown if isinstance(o, pikepdf.String)] if isinstance(shown, pikepdf.Array) else [shown]
    data = b"".join(bytes(s) for s in strings)
    if not data:
        return
    artifact = any(tag == "/Artifact" for tag, _ in marks)
    tagged = any(mcid is not None for _, mcid in marks)
    font = state["font"]
    if not artifact and not tagged:
        painted.untagged += 1
        painted.untagged_text = painted.untagged_text or _decode(font, data)
    if tagged and not artifact and (state["mode"] == 3 or state["clip0"]):
        painted.invisible += 1
        painted.invisible_text = painted.invisible_text or _decode(font, data)
    if font is not None:
        width = _width(font)
        key = f"{font.objgen[0]} {font.objgen[1]}"
        painted.fonts[key] = font
        painted.codes.setdefault(key, set()).update(
            int.from_bytes(data[i : i + width], "big") for i in range(0, len(data) - width + 1, width)
        )


def _width(font) -> int:
    """Bytes per character code (two for the composite fonts WeasyPrint writes)."""
    return 2 if font.get("/Subtype") == "/Type0" else 1


def _decode(font, data: bytes) -> str:
    """The text of a string shown in a font, by its ToUnicode (for messages)."""
    if font is None or "/ToUnicode" not in font:
        return "?"
    table, width = to_unicode(font), _width(font)
    return "".join(table.get(int.from_bytes(data[i : i + width], "big"), "") for i in range(0, len(data), width))[:40]


_BFCHAR = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>")
_BFRANGE = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>")


def to_unicode(font) -> dict[int, str]:
    """A font's ToUnicode CMap as code -> text (bfchar and bfrange entries)."""
    cmap = font.ToUnicode.read_bytes()
    table: dict[int, str] = {}
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        for start, end, first in _BFRANGE.findall(block):
            base = int(first, 16)
            for offset, code in enumerate(range(int(start, 16), int(end, 16) + 1)):
                table[code] = _utf16(f"{base + offset:04x}".encode())
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, text in _BFCHAR.findall(block):
            table[int(code, 16)] = _utf16(text)
    return table


def _utf16(hex_text: bytes) -> str:
    return bytes.fromhex(hex_text.decode()).decode("utf-16-be", "replace")


def _content(tree: Tree, page, painted: Painted, n: int, fail) -> None:
    if painted.untagged:
        runs = f"{painted.untagged} text run(s)"
        fail("ua-content", f"{runs} neither tagged nor an artifact: {painted.untagged_text!r}", n)
    lost = [m for m in painted.mcids if (page.obj.objgen, m) not in tree.order]
    if lost:
        fail("ua-content", f"{len(lost)} marked-content sequence(s) the structure tree does not reach", n)


def _order(tree: Tree, page, painted: Painted, n: int, fail) -> None:
    ranks = [tree.order[(page.obj.objgen, m)] for m in painted.mcids if (page.obj.objgen, m) in tree.order]
    if len(ranks) < 4:
        return
    in_order = _longest_increasing(ranks) / len(ranks)
    if in_order < IN_ORDER:
        fail("ua-order", f"{round(100 * in_order)}% of {len(ranks)} tagged sequences painted in reading order", n)


def _longest_increasing(values: list[int]) -> int:
    tails: list[int] = []
    for v in values:
        i = bisect_left(tails, v)
        tails[i : i + 1] = [v]
    return len(tails)


def _hyphens(fonts, fail) -> None:
    hard = sorted(
        str(f.get("/BaseFont", ""))[1:] for f in fonts if "/ToUnicode" in f and "\u2010" in to_unicode(f).values()
    )
    if hard:
        fail("ua-hyphens", f"a glyph reads as U+2010 in {', '.join(hard)}: words broken at a line end extract as two")


def _unicode(fonts: dict, shown: dict[str, set[int]], fail) -> None:
    for key, font in sorted(fonts.items()):
        codes = shown.get(key, set())
        table = to_unicode(font) if "/ToUnicode" in font else {}
        gaps = [c for c in codes if not table.get(c)]
        if gaps:
            name = str(font.get("/BaseFont", ""))[1:]
            fail("ua-unicode", f"{len(gaps)} of {len(codes)} glyph code(s) shown in {name} map to no text")
