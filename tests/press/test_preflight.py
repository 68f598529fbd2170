"""Preflight: the command passes a good build and fails, naming the problem, on broken files; the output intent."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path

import pikepdf
import pytest

from render import api
from render.errors import BuildError
from render.i18n import languages
from render.press import pdfx
from render.press.finish import load_intent
from render.press.metadata import NS
from render.press.preflight import Expect, preflight
from tests.helpers import MINI, MM, build, copy_build, options, run


def preflight_command(out: Path, *args):
    return run("preflight", "--data", MINI, "--out", out, *args)


def test_the_command_passes_every_output_of_a_build(mini_build):
    reports = api.preflight(options(MINI, mini_build).paths)
    assert len(reports) == 11 and all(r.ok for r in reports), [str(f) for r in reports for f in r.findings]
    for r in reports:
        if r.facts.get("statements"):
            assert r.facts["statements_once"] == r.facts["statements"]
    code, out = preflight_command(mini_build)
    assert code == 0 and out.splitlines()[-1] == "11 file(s): 11 pass, 0 fail"
    assert out.startswith(
        f"PASS  {mini_build / 'en' / 'poster.pdf'}  (poster [en, press])\n      PDF/X-4; output intent FOGRA39;"
    )


def test_the_command_as_json(mini_build, framework):
    code, out = preflight_command(mini_build, "--json", mini_build / "en" / "poster.pdf")
    assert code == 0, out
    data = json.loads(out)
    (poster,) = data["files"]
    assert data["result"] == poster["result"] == "pass"
    assert poster["facts"]["statements_once"] == len(framework.statements()) == 83
    assert poster["facts"]["smallest_text_pt"] >= 8.0
    assert poster["facts"]["colour"] == ["DeviceCMYK", "Separation(DeviceCMYK)"]


@pytest.fixture
def broken(tmp_path, mini_build):
    """A copy of the small build with one PDF damaged: broken(name, damage) -> the folder."""

    def damage_one(name: str, damage) -> Path:
        out = copy_build(mini_build, tmp_path / "out")
        path = out / "en" / name
        with pikepdf.open(path, allow_overwriting_input=True) as pdf:
            damage(pdf)
            pdf.save(path)
        return out

    return damage_one


def test_fails_on_font_not_embedded(broken):
    def unembed(pdf):
        for _, font in pdf.pages[0].Resources.Font.items():
            del font.DescendantFonts[0].FontDescriptor["/FontFile2"]
            return

    out = broken("card-level-2.pdf", unembed)
    code, text = preflight_command(out, out / "en" / "card-level-2.pdf")
    assert code == 1
    assert "error: fonts: page 1: font" in text and "is not embedded" in text


def test_fails_on_pdfx_without_output_intent(broken):
    out = broken("booklet.pdf", lambda pdf: pdf.Root.__delitem__("/OutputIntents"))
    code, text = preflight_command(out, out / "en" / "booklet.pdf")
    assert code == 1
    assert "error: output-intent: 0 GTS_PDFX output intents (§6.2.3" in text


def test_fails_on_wrong_page_size(broken):
    def shrink(pdf):
        page = pdf.pages[1].obj  # page 2 becomes A5
        x0, y0 = float(page.TrimBox[0]), float(page.TrimBox[1])
        page.TrimBox = [x0, y0, x0 + 148 * MM, y0 + 210 * MM]

    out = broken("card-level-1.pdf", shrink)
    code, text = preflight_command(out, out / "en" / "card-level-1.pdf")
    assert code == 1
    assert "error: trim: page 2: trim 148.0 x 210.0 mm, the product is 210 x 297 mm" in text


def test_fails_on_a_missing_statement(tmp_path, data_copy):
    # A card built from data with one statement taken out, checked against the small data set.
    level = data_copy / "levels" / "level-2.yaml"
    level.write_text(level.read_text().replace("      - Aware of illness\n", "", 1))
    out = tmp_path / "out"
    build(data_copy, out, products=("card-level-2",))
    code, text = preflight_command(out)
    assert code == 1
    lines = text.splitlines()
    assert '      error: fidelity: missing: "Aware of illness"' in lines
    # Checked against other data than it was built from: out of date, not failed, with the cure.
    assert lines[0].startswith("OUT OF DATE  ") and "card-level-2 [en, press]" in lines[0]
    assert lines[1] == (
        "      out of date: its inputs changed since it was built; run "
        f"`recovery-print build --product card-level-2 --lang en --data {MINI} --out {out}`"
    )
    assert lines[-2] == "1 file(s): 0 pass, 0 fail, 1 out of date (rebuild them: each names its command)"
    assert lines[-1] == "Error: preflight failed: 1 of 1 file(s) are out of date"
    build(MINI, out, products=("card-level-2",))  # the command's cure
    code, text = preflight_command(out)
    assert code == 0 and text.splitlines()[-1] == "1 file(s): 1 pass, 0 fail", text


def test_a_copy_is_checked_wherever_it_lies_by_the_identity_it_carries(tmp_path, mini_build, framework, monkeypatch):
    """What a print shop has: the file alone, no build folder, perhaps no data."""
    copy = tmp_path / "from-the-publisher.pdf"
    copy.write_bytes((mini_build / "en" / "card-level-1.pdf").read_bytes())
    monkeypatch.chdir(tmp_path)  # no data folder here
    code, text = run("preflight", copy)
    assert code == 0, text
    assert text.startswith(f"PASS  {copy}  (card-level-1 [en, press])")
    assert (
        "warning: fidelity: the data is not at hand (data not found): the statements and the product are not checked"
        in text
    )
    code, text = run("preflight", "--data", MINI, copy)  # with the data: the statements too
    n = len(framework.statements(1))
    assert code == 0 and f"statements {n}/{n} found once" in text, text
    assert "the data is not at hand" not in text


def test_a_blank_page_is_no_press_file(tmp_path):
    """A PDF without the project's identity is held to the rules of any press file: a blank A4
    page (no PDF/X identification, no output intent, no TrimBox, no fonts) fails, each finding
    with its clause, and the report says what could not be checked without its product."""
    import pikepdf

    stranger = tmp_path / "blank.pdf"
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595.28, 841.89))
    pdf.save(stranger)
    code, text = run("preflight", "--data", MINI, stranger)
    assert code == 1, text
    assert text.startswith(f"FAIL  {stranger}  (?)")
    for rule in ("standard", "trapped", "output-intent", "boxes"):
        assert f"error: {rule}: " in text and f"({pdfx.CLAUSES[rule]})" in text, (rule, text)
    assert "warning: identity: not identified as an output of recovery-print (no identity in its XMP)" in text
    assert "not checked: its trim size against its product's, the bleed its product asks for, the type floor" in text
    assert "Error: preflight failed: 1 of 1 file(s)" in text
    code, text = run("preflight", "--data", MINI, "--out", tmp_path / "nothing")
    assert (
        code == 1
        and text == f"Error: nothing to check: no PDFs named and no {tmp_path / 'nothing' / 'build-report.json'}\n"
    )


def _copy(card: bytes, damage, path, **save):
    import pikepdf

    with pikepdf.open(io.BytesIO(card)) as pdf:
        damage(pdf)
        pdf.save(path, **save)
    return path


def _without_identity(pdf) -> None:
    """Our identity (and nothing else) out of the XMP: a file as another program might write it."""
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        for key in [k for k in meta if k.startswith(f"{{{NS}}}")]:
            del meta[key]


def _stripped(pdf) -> None:
    """The PDF/X parts gone: the output intent, the identification in Info and in the XMP."""
    del pdf.Root.OutputIntents
    del pdf.docinfo["/GTS_PDFXVersion"]
    del pdf.Root.Metadata


def _resaved_by_a_viewer(pdf) -> None:
    """What a viewer's Save As does: PDF 1.7, its own producer and date, Trapped dropped."""
    del pdf.docinfo["/Trapped"]
    pdf.docinfo["/Producer"] = "Some Viewer 1.0"
    pdf.docinfo["/ModDate"] = "D:20270101120000+00'00'"


def test_a_press_file_of_ours_without_its_identity_passes_on_the_press_rules_alone(mini_build, tmp_path):
    card = (mini_build / "en" / "card-level-1.pdf").read_bytes()
    code, text = run("preflight", _copy(card, _without_identity, tmp_path / "card.pdf"))
    assert code == 0, text
    assert text.startswith(f"PASS  {tmp_path / 'card.pdf'}  (?)")
    assert "PDF/X-4; output intent FOGRA39" in text and "not checked: its trim size" in text


@pytest.mark.parametrize(
    ("damage", "clauses"),
    [
        (_stripped, ("standard", "output-intent", "metadata")),
        (_resaved_by_a_viewer, ("version", "trapped", "metadata")),
    ],
)
def test_a_card_stripped_or_resaved_fails_naming_each_clause(mini_build, tmp_path, damage, clauses):
    card = (mini_build / "en" / "card-level-1.pdf").read_bytes()
    copy = _copy(card, damage, tmp_path / "card.pdf", force_version="1.7")
    code, text = run("preflight", "--data", MINI, copy)
    assert code == 1, text
    assert text.startswith(f"FAIL  {copy}")
    for rule in clauses:
        assert f"error: {rule}: " in text and f"({pdfx.CLAUSES[rule]})" in text, (rule, text)
    errors = [line.strip() for line in text.splitlines() if line.strip().startswith("error:")]
    assert {e.split(":")[1].strip() for e in errors} <= set(pdfx.CLAUSES), errors  # nothing but PDF/X's rules
    assert all(any(e.endswith(f"({c})") for c in pdfx.CLAUSES.values()) for e in errors), errors


def test_text_past_the_trim_of_a_file_without_its_product(tmp_path):
    """With no product's safe margin, text is still held inside the file's own trim."""
    from render.compose import fonts
    from render.compose.engine import Engine
    from render.paths import font_dirs

    engine = Engine(
        (tmp_path, *font_dirs()), fonts.font_face_css(fonts.resolve_fonts(font_dirs()), languages.registry())
    )
    css = "@page { size: 100mm 100mm; margin: 0 } html { font-family: 'Noto Sans' } p { margin: 0 0 0 -3mm }"
    data = engine.write(engine.render("<p>Cut off at the edge</p>", tmp_path, [], extra_css=css))
    report = preflight(data, Expect("test", (100, 100), 0, False, 0))
    trimmed = [f for f in report.errors if f.check == "trim"]
    assert trimmed and "past the trim, cut off when the sheet is trimmed" in trimmed[0].message, report.findings


def test_text_size_and_images(tmp_path):
    """Text below the floor and images below 150 / 300 ppi, in a small rendered file."""
    from PIL import Image

    from render.compose import fonts
    from render.compose.engine import Engine
    from render.paths import font_dirs

    Image.new("RGB", (100, 100), "white").save(tmp_path / "low.png")
    html = (
        "<p style='font-size:6pt'>small print</p>"
        "<img src='low.png' style='width:20mm'>"  # 100 px over 20 mm: 127 ppi
        "<img src='low.png' style='width:10mm'>"  # 254 ppi
    )
    engine = Engine(
        (tmp_path, *font_dirs()), fonts.font_face_css(fonts.resolve_fonts(font_dirs()), languages.registry())
    )
    css = "@page { size: 100mm 100mm; margin: 10mm } html { font-family: 'Noto Sans' }"
    data = engine.write(engine.render(html, tmp_path, [], extra_css=css))
    expect = Expect("test", (100, 100), 0, False, 8.0)
    report = preflight(data, expect)
    checks = [(f.severity, f.check) for f in report.findings]
    assert ("error", "text-size") in checks
    assert ("error", "images") in checks and ("warning", "images") in checks
    assert report.facts["images"] == 2
    # The RGB image is also what a press file must not carry.
    press = preflight(data, replace(expect, press=True))
    assert any(f.check == "colour" for f in press.errors)


def test_output_intent_profile_must_be_a_cmyk_printer_profile(tmp_path):
    with pytest.raises(BuildError, match="not found"):
        load_intent(tmp_path / "none.icc")
    (tmp_path / "junk.icc").write_bytes(b"x" * 200)
    with pytest.raises(BuildError, match="not an ICC profile"):
        load_intent(tmp_path / "junk.icc")
    rgb = bytearray(200)
    rgb[12:20], rgb[36:40] = b"mntrRGB ", b"acsp"
    (tmp_path / "rgb.icc").write_bytes(bytes(rgb))
    with pytest.raises(BuildError, match="a RGB mntr profile; the press output intent must be a CMYK output"):
        load_intent(tmp_path / "rgb.icc")
    intent = load_intent()
    assert intent.condition == "FOGRA39" and "FOGRA39" in intent.info


def test_build_refuses_press_without_output_intent(tmp_path):
    out = tmp_path / "out"
    code, text = run("build", "--data", MINI, "--product", "booklet", "--out", out, "--icc", tmp_path / "missing.icc")
    assert code == 1
    assert "no output intent" in text
    assert not out.exists()


def test_a_folded_card_in_other_than_fours_fails(mini_build, products):
    data = (mini_build / "en" / "card-level-2.pdf").read_bytes()  # the small data's cards are 2 pages
    folded = replace(products["card-level-2"], binding="folded")
    from render.press.preflight import expect

    report = preflight(data, expect(folded, "card", press=True, pages=2))
    assert [f.check for f in report.errors] == ["binding"]
    assert "2 pages: a folded product is made of sheets of four pages" in report.errors[0].message
