"""PDF/UA-1, rule by rule: the screen files pass; each defect once found in them, put back into
a copy, fails on exactly its rule, named with its clause."""

from __future__ import annotations

import io
import re
import subprocess

import pikepdf
import pytest

from render.commands.preflight import expectation, identity_of
from render.press import pdfua
from render.press.preflight import preflight
from tests.helpers import options


@pytest.fixture(scope="module")
def card(screen_build) -> bytes:
    return (screen_build / "en" / "screen" / "card-level-2.pdf").read_bytes()


@pytest.fixture(scope="module")
def booklet(screen_build) -> bytes:
    return (screen_build / "en" / "screen" / "booklet.pdf").read_bytes()


def findings(data: bytes, severity: str = "error") -> list:
    """Preflight's findings of a severity for a file, checked by the identity it carries."""
    expect, _ = expectation(identity_of(data), None, None, options().paths)
    return [f for f in preflight(data, expect).findings if f.severity == severity and f.check != "fidelity"]


def broken(good: bytes, damage) -> bytes:
    with pikepdf.open(io.BytesIO(good)) as pdf:
        damage(pdf)
        buffer = io.BytesIO()
        pdf.save(buffer)
    return buffer.getvalue()


def only(found: list, rule: str, *texts: str) -> None:
    """Every finding is of this rule, names its clause, and the texts are among the messages."""
    assert found, "preflight found nothing"
    assert {f.check for f in found} == {rule}, [str(f) for f in found]
    assert all(f.message.endswith(f"({pdfua.CLAUSES[rule]})") for f in found), [str(f) for f in found]
    for text in texts:
        assert any(text in f.message for f in found), (text, [str(f) for f in found])


def rewrite(pdf, page: int, change) -> None:
    """Page `page`'s content stream, changed by `change(bytes) -> bytes`."""
    obj = pdf.pages[page].obj
    obj.Contents = pdf.make_stream(change(pdf.pages[page].Contents.read_bytes()))


def elements(pdf, kind: str) -> list:
    found, stack = [], [pdf.Root.StructTreeRoot]
    while stack:
        element = stack.pop()
        kids = element.get("/K")
        kids = list(kids) if isinstance(kids, pikepdf.Array) else [] if kids is None else [kids]
        stack += [k for k in kids if isinstance(k, pikepdf.Dictionary) and "/S" in k]
        if element.get("/S") == kind:
            found.append(element)
    return found


@pytest.mark.parametrize("name", ["card-level-2", "booklet", "poster", "leaflet-person"])
def test_the_screen_files_pass_every_rule(screen_build, name):
    data = (screen_build / "en" / "screen" / f"{name}.pdf").read_bytes()
    assert findings(data) == []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        found = []
        pdfua.check(pdf, lambda *a: found.append(a))
        assert found == []


def test_identification(card):
    def unclaim(pdf):
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            del meta["pdfuaid:part"]

    only(findings(broken(card, unclaim)), "ua-identification", "pdfuaid:part is ''")
    only(findings(broken(card, lambda pdf: pdf.Root.__delitem__("/ViewerPreferences"))), "ua-identification")


def test_tagged_and_language(card):
    only(findings(broken(card, lambda pdf: pdf.Root.__delitem__("/MarkInfo"))), "ua-tagged", "MarkInfo")
    only(findings(broken(card, lambda pdf: pdf.Root.__delitem__("/Lang"))), "ua-language")


def test_running_heads_that_are_neither_tagged_nor_artifacts(booklet):
    # As WeasyPrint leaves them: marked content that no element of the structure tree reaches.
    orphan = broken(
        booklet,
        lambda pdf: rewrite(
            pdf, 2, lambda s: s.replace(b"/Artifact << /Type /Pagination >>", b"/Span << /MCID 900 >>", 1)
        ),
    )
    only(findings(orphan), "ua-content", "does not reach")
    # And drawn with no marked content at all.
    bare = broken(
        booklet,
        lambda pdf: rewrite(
            pdf, 2, lambda s: re.sub(rb"/Artifact << /Type /Pagination >> BDC(.*?)EMC", rb"\1", s, count=1, flags=re.S)
        ),
    )
    only(findings(bare), "ua-content", "neither tagged nor an artifact")


def test_structure_order_against_paint_order(card):
    # The structure read in the opposite order to the page (as positioned bullets once made it).
    def reverse(pdf):
        document = elements(pdf, "/Document")[0]
        document.K = pikepdf.Array(reversed(list(document.K)))
        for element in elements(pdf, "/L") + elements(pdf, "/TBody"):
            element.K = pikepdf.Array(reversed(list(element.K)))

    only(findings(broken(card, reverse)), "ua-order", "tagged sequences painted in reading order")


def test_header_cells_without_scope(card):
    def unscope(pdf):
        for th in elements(pdf, "/TH"):
            del th.A["/Scope"]
            if "/ID" in th:
                del th["/ID"]

    only(findings(broken(card, unscope)), "ua-tables", "header cell(s) with no /Scope")


def test_the_cards_row_headings_join_their_rows(card):
    # A component's name heads its row of cells (not a row of its own), each cell names it.
    with pikepdf.open(io.BytesIO(card)) as pdf:
        rows = [[str(k.S) for k in row.K] for body in elements(pdf, "/TBody") for row in body.K]
        assert rows and all(r == ["/TH", "/TD", "/TD", "/TD"] for r in rows), rows
        for body in elements(pdf, "/TBody"):
            for row in body.K:
                th, *cells = list(row.K)
                assert th.A.Scope == pikepdf.Name.Row
                assert all(th.ID in list(td.A.Headers) for td in cells)


def test_links_described_and_in_link_elements(booklet):
    def undescribe(pdf):
        for page in pdf.pages:
            for annot in page.obj.get("/Annots") or []:
                del annot["/Contents"]

    only(findings(broken(booklet, undescribe)), "ua-links", "no description")

    def unlink(pdf):
        for link in elements(pdf, "/Link"):
            link.K = pikepdf.Array(
                [k for k in link.K if not (isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR")]
            )

    only(findings(broken(booklet, unlink)), "ua-links", "no Link element holds")


def test_addresses_are_links(booklet):
    with pikepdf.open(io.BytesIO(booklet)) as pdf:
        targets = {str(a.A.URI) for p in pdf.pages for a in p.obj.get("/Annots") or [] if "/URI" in a.get("/A", {})}
    assert {"mailto:s.iles@scmh.org.uk", "mailto:Piers.Allott@wlv.ac.uk", "http://kc.nimhe.org.uk"} <= targets


def test_invisible_text(card):
    # The card's title once hid in a box of no height (a clip of no area); text in render mode 3.
    clipped = broken(card, lambda pdf: rewrite(pdf, 0, lambda s: b"0 0 500 0 re W n\n" + s))
    only(findings(clipped), "ua-invisible", "drawn invisibly")
    unseen = broken(card, lambda pdf: rewrite(pdf, 0, lambda s: s.replace(b"BT\n", b"BT\n3 Tr\n")))
    only(findings(unseen), "ua-invisible")


def test_words_broken_at_a_line_end_extract_whole(booklet, tmp_path):
    path = tmp_path / "booklet.pdf"
    path.write_bytes(booklet)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert "\u00ad\n" in text and "\u2010" not in text

    def hard(pdf):
        for page in pdf.pages:
            for _, font in page.Resources.Font.items():
                cmap = font.ToUnicode.read_bytes()
                font.ToUnicode.write(cmap.replace(b"<00ad>", b"<2010>"))

    only(findings(broken(booklet, hard)), "ua-hyphens", "U+2010")


def test_glyphs_with_no_text(card):
    def unmap(pdf):
        for _, font in pdf.pages[0].Resources.Font.items():
            font.ToUnicode.write(re.sub(rb"<0048> <[0-9a-f]+>\n", b"", font.ToUnicode.read_bytes()))

    only(findings(broken(card, unmap)), "ua-unicode", "map to no text")
