"""PDF/X-4, rule by rule: a good press file passes; the same file broken in exactly one way fails
on exactly that rule, named with its clause. The defects once found in the program's own files
are among them."""

from __future__ import annotations

import io

import pikepdf
import pytest

from render.commands.preflight import expectation, identity_of
from render.press import pdfx
from render.press.metadata import xmp
from render.press.preflight import preflight
from tests.helpers import options


@pytest.fixture(scope="module")
def good(mini_build) -> bytes:
    return (mini_build / "en" / "card-level-2.pdf").read_bytes()


def errors(data: bytes) -> list:
    """Preflight's errors for a file, checked by the identity it carries, as a print shop would."""
    expect, _ = expectation(identity_of(data), None, None, options().paths)
    return preflight(data, expect).errors


def broken(good: bytes, damage, **save) -> list:
    """Preflight's errors once `damage(pdf)` is done to a copy of the good file."""
    with pikepdf.open(io.BytesIO(good)) as pdf:
        damage(pdf)
        buffer = io.BytesIO()
        pdf.save(buffer, **save)
    return errors(buffer.getvalue())


def only(found: list, rule: str, *texts: str) -> None:
    """Every error is of this rule, names its clause, and the texts are among the messages."""
    assert found, "preflight found nothing"
    assert {f.check for f in found} == {rule}, [str(f) for f in found]
    assert all(f.message.endswith(f"({pdfx.CLAUSES[rule]})") for f in found), [str(f) for f in found]
    for text in texts:
        assert any(text in f.message for f in found), (text, [str(f) for f in found])


def set_xmp(pdf, **values) -> None:
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        for key, value in values.items():
            meta[key.replace("_", ":", 1)] = value


def states(pdf):
    """Page 1's graphics states."""
    resources = pdf.pages[0].Resources
    if "/ExtGState" not in resources:
        resources.ExtGState = pikepdf.Dictionary()
    return resources.ExtGState


def test_the_good_file_passes_every_rule(good):
    assert errors(good) == []
    with pikepdf.open(io.BytesIO(good)) as pdf:
        found = []
        pdfx.check(pdf, lambda *a: found.append(a))
        assert found == []
        assert pdf.pdf_version == "1.6" and pdf.docinfo.Trapped == pikepdf.Name("/False")
        meta = xmp(pdf)
        assert meta["pdf:Trapped"] == "False" and meta["pdfxid:GTS_PDFXVersion"] == "PDF/X-4"
        assert meta["xmp:CreateDate"] == "2026-11-26T00:00:00+00:00"


def test_version(good):
    only(broken(good, lambda pdf: None, force_version="1.7"), "version", "PDF 1.7")


def test_standard_in_info_and_xmp(good):
    only(broken(good, lambda pdf: pdf.docinfo.__delitem__("/GTS_PDFXVersion")), "standard", "Info ''")
    only(broken(good, lambda pdf: set_xmp(pdf, pdfxid_GTS_PDFXVersion="PDF/X-3")), "standard", "XMP 'PDF/X-3'")


def test_trapped_is_true_or_false(good):
    def unknown(pdf):
        pdf.docinfo.Trapped = pikepdf.Name.Unknown
        set_xmp(pdf, pdf_Trapped="Unknown")

    only(broken(good, unknown), "trapped", "Trapped is /Unknown")


def test_the_trapped_defect_once_in_every_press_file(good):
    # /False_ (pikepdf's Python spelling leaking into the file), and not what the XMP says
    found = broken(good, lambda pdf: pdf.docinfo.__setitem__("/Trapped", pikepdf.Name("/False_")))
    assert {f.check for f in found} == {"trapped", "metadata"}
    assert "Trapped is /False_" in str(found[0]) and "Info /Trapped 'False_' is not XMP pdf:Trapped 'False'" in str(
        found[1]
    )


def test_info_and_xmp_agree_key_by_key(good):
    only(broken(good, lambda pdf: pdf.docinfo.__setitem__("/Title", "Another")), "metadata", "Info /Title 'Another'")
    only(broken(good, lambda pdf: set_xmp(pdf, pdf_Producer="someone")), "metadata", "XMP pdf:Producer 'someone'")
    only(broken(good, lambda pdf: set_xmp(pdf, xmp_CreatorTool="x")), "metadata", "XMP xmp:CreatorTool 'x'")


def test_dates_with_time_and_zone(good):
    # the defect once in every file: XMP dates with the day only
    only(broken(good, lambda pdf: set_xmp(pdf, xmp_CreateDate="2026-11-26")), "metadata", "XMP xmp:CreateDate")
    found = broken(good, lambda pdf: pdf.docinfo.__setitem__("/ModDate", "D:20261126"))
    only(found, "metadata", "Info /ModDate D:20261126 has no time or no time zone")


def test_one_output_intent_with_a_printer_profile_and_a_condition(good):
    def two(pdf):
        pdf.Root.OutputIntents.append(pdf.Root.OutputIntents[0])

    def no_profile(pdf):
        del pdf.Root.OutputIntents[0]["/DestOutputProfile"]

    def monitor(pdf):
        profile = pdf.Root.OutputIntents[0].DestOutputProfile
        data = bytearray(profile.read_bytes())
        data[12:16] = b"mntr"
        profile.write(bytes(data))

    def no_condition(pdf):
        del pdf.Root.OutputIntents[0]["/OutputConditionIdentifier"]

    only(broken(good, two), "output-intent", "2 GTS_PDFX output intents")
    only(broken(good, no_profile), "output-intent", "embeds no output profile")
    only(broken(good, monitor), "output-intent", "not an output (prtr) profile")
    only(broken(good, no_condition), "output-intent", "no OutputConditionIdentifier")


def test_a_trim_or_an_art_box_nested(good):
    def both(pdf):
        for page in pdf.pages:
            page.obj.ArtBox = page.obj.TrimBox

    def art_only(pdf):
        for page in pdf.pages:
            page.obj.ArtBox = page.obj.TrimBox
            del page.obj["/TrimBox"]

    def bleed_beyond_media(pdf):
        x0, y0, x1, y1 = (float(v) for v in pdf.pages[0].obj.MediaBox)
        pdf.pages[0].obj.BleedBox = [x0 - 5, y0, x1, y1]

    only(broken(good, both), "boxes", "both a TrimBox and an ArtBox")
    assert broken(good, art_only) == []  # an ArtBox alone is as good
    only(broken(good, bleed_beyond_media), "boxes", "BleedBox is not inside the MediaBox")


def test_fonts_embedded(good):
    def unembed(pdf):
        for _, font in pdf.pages[0].Resources.Font.items():
            del font.DescendantFonts[0].FontDescriptor["/FontFile2"]
            return

    only(broken(good, unembed), "fonts", "is not embedded")


def test_a_subset_tag_per_font_program(good):
    # the defect once in most press files: the slug's font and the body's under one tag
    def share(pdf):
        fonts = [f for _, f in pdf.pages[0].Resources.Font.items() if "+" in str(f.BaseFont)]
        first, second = str(fonts[0].BaseFont)[1:], str(fonts[1].BaseFont)[1:]
        renamed = pikepdf.Name("/" + first.split("+")[0] + "+" + second.split("+")[1])
        second_font = fonts[1]
        second_font.BaseFont = renamed
        for descendant in second_font.get("/DescendantFonts") or []:
            descendant.BaseFont = renamed
            descendant.FontDescriptor.FontName = renamed

    only(broken(good, share), "subset-tags", "share the tag", "are different font programs")


def test_no_annotations_inside_the_bleed(good):
    def note(pdf):
        annot = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Text, Rect=[100, 100, 120, 120])
        pdf.pages[0].obj.Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(annot)]))

    only(broken(good, note), "annotations", "a Text annotation inside the BleedBox")


def test_not_encrypted(good):
    found = broken(good, lambda pdf: None, encryption=pikepdf.Encryption(owner="secret", user="", R=4))
    only(found, "security", "the file is encrypted")


def test_no_javascript_and_no_actions(good):
    def script(pdf):
        pdf.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS="app.alert(1)")

    only(broken(good, script), "actions", "an OpenAction action")


def test_transparency_blends_in_the_output_space_with_standard_modes(good):
    def rgb_group(pdf):
        pdf.pages[0].obj.Group = pikepdf.Dictionary(S=pikepdf.Name.Transparency, CS=pikepdf.Name.DeviceRGB)

    def odd_mode(pdf):
        states(pdf)["/Odd"] = pikepdf.Dictionary(BM=pikepdf.Name("/Dissolve"))

    only(broken(good, rgb_group), "transparency", "blends in DeviceRGB")
    only(broken(good, odd_mode), "transparency", "the blend mode Dissolve")


def test_no_embedded_files_transfer_functions_or_postscript(good):
    def attach(pdf):
        pdf.attachments["notes.txt"] = pikepdf.AttachedFileSpec(pdf, b"hello")

    def transfer(pdf):
        states(pdf)["/T"] = pikepdf.Dictionary(TR=pikepdf.Name.Identity)

    only(broken(good, attach), "restricted", "embeds files")
    only(broken(good, transfer), "restricted", "transfer function (TR)")


def test_no_lzw(good):
    def lzw(pdf):
        stream = pikepdf.Stream(pdf, b"\x80\x0b\x60\x50\x22\x0c\x0c\x85\x01")
        stream.Filter = pikepdf.Name.LZWDecode
        pdf.Root["/Extra"] = pdf.make_indirect(stream)

    only(broken(good, lzw, compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.none), "lzw", "LZW")


def test_colour_spaces_named_but_never_used_are_pointed_out(good):
    # the defect once in the slug: Lab colour spaces in its resources that nothing draws with
    def lab(pdf):
        forms = [x for _, x in pdf.pages[0].Resources.XObject.items() if "/Resources" in x]
        resources = forms[-1].Resources
        lab = pikepdf.Array([pikepdf.Name.Lab, pikepdf.Dictionary(WhitePoint=[0.9505, 1, 1.089])])
        resources.ColorSpace = pikepdf.Dictionary({"/L1": lab, **dict(resources.get("/ColorSpace") or {})})

    with pikepdf.open(io.BytesIO(good)) as pdf:
        lab(pdf)
        buffer = io.BytesIO()
        pdf.save(buffer)
    expect, _ = expectation(identity_of(buffer.getvalue()), None, None, options().paths)
    report = preflight(buffer.getvalue(), expect)
    assert report.ok
    (warning,) = [f for f in report.findings if f.check == "resources"]
    assert warning.message.startswith("a colour space named but never used (page > Slug")
    assert warning.message.endswith(": L1 (Lab))")
