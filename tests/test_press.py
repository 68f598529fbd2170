"""Press output: PDF/X-4, output intent, boxes, marks outside the bleed, preflight, print pack."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import replace
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner

from render import i18n
from render.build import plan
from render.cli import cli
from render.errors import BuildError
from render.preflight import Expect, check_files, preflight
from render.press import PT_PER_MM, load_intent
from render.run import build

from .conftest import DATA

MM = PT_PER_MM


@pytest.fixture(scope="session")
def press_files(english_build, report):
    """(report entry, path) of every English press output, the imposed forms included."""
    out = english_build[0]
    return [(entry, out / entry["path"]) for entry in report.values() if entry["profile"] == "press"]


def _box(page, name):
    return [float(v) for v in page.obj[name]]


def test_every_output_is_press(press_files):
    assert len(press_files) == 13  # poster, 4 cards, booklet, 3 leaflets, 4 imposed forms


def test_pdfx4_identification_and_output_intent(press_files):
    for entry, path in press_files:
        with pikepdf.open(path) as pdf:
            assert pdf.pdf_version == "1.6", path
            assert str(pdf.docinfo["/GTS_PDFXVersion"]) == "PDF/X-4"
            assert pdf.docinfo["/Trapped"] == pikepdf.Name.False_
            with pdf.open_metadata() as meta:
                assert meta["pdfxid:GTS_PDFXVersion"] == "PDF/X-4"
                assert meta["xmpMM:DocumentID"].startswith("uuid:")
                assert meta["xmp:CreateDate"].startswith("20")
            (intent,) = pdf.Root.OutputIntents
            assert intent.S == pikepdf.Name.GTS_PDFX
            assert str(intent.OutputConditionIdentifier) == "FOGRA39"
            profile = intent.DestOutputProfile
            assert int(profile.N) == 4
            assert profile.read_bytes()[16:20] == b"CMYK"
        assert entry["standard"] == "PDF/X-4" and entry["output_condition"] == "FOGRA39"


def test_boxes_exact_no_artbox(press_files, products):
    for entry, path in press_files:
        spec = products[entry.get("imposed_from", entry["product"])]
        w, h = spec.trim_mm
        if "imposed_from" in entry:
            w *= 2
        b = spec.bleed_mm * MM
        with pikepdf.open(path) as pdf:
            for page in pdf.pages:
                assert "/ArtBox" not in page.obj
                x0, y0, x1, y1 = _box(page, "/TrimBox")
                assert x1 - x0 == pytest.approx(w * MM, abs=0.01) and y1 - y0 == pytest.approx(h * MM, abs=0.01)
                assert _box(page, "/BleedBox") == pytest.approx([x0 - b, y0 - b, x1 + b, y1 + b], abs=0.01)
                mx0, my0, mx1, my1 = _box(page, "/MediaBox")
                assert mx0 < x0 - b and my0 < y0 - b and mx1 > x1 + b and my1 > y1 + b


def _mark_segments(page):
    """Segments stroked in the registration colour (/Reg), in page space, from the page's
    own content (reader's PDFs) — the imposed forms draw theirs at the sheet's top level."""
    segments, reg, point = [], False, None
    for operands, op in pikepdf.parse_content_stream(page):
        op = str(op)
        if op == "CS":
            reg = str(operands[0]) == "/Reg"
        elif op == "Q":
            reg = False
        elif op == "m":
            point = tuple(float(v) for v in operands)
        elif op == "l" and reg:
            end = tuple(float(v) for v in operands)
            segments.append((*point, *end))
    return segments


def test_marks_outside_the_bleed(press_files):
    for _entry, path in press_files:
        with pikepdf.open(path) as pdf:
            for page in pdf.pages:
                segments = _mark_segments(page)
                assert len(segments) >= 8, path
                bx0, by0, bx1, by1 = _box(page, "/BleedBox")
                tx0, ty0, tx1, ty1 = _box(page, "/TrimBox")
                for ax, ay, cx, cy in segments:
                    # A segment lies wholly beside the bleed box, never inside it.
                    outside = (
                        max(ax, cx) <= bx0 + 0.01
                        or min(ax, cx) >= bx1 - 0.01
                        or max(ay, cy) <= by0 + 0.01
                        or min(ay, cy) >= by1 - 0.01
                    )
                    assert outside, (path, (ax, ay, cx, cy))
                    # At least 3 mm from the trim.
                    gap = max(tx0 - max(ax, cx), min(ax, cx) - tx1, ty0 - max(ay, cy), min(ay, cy) - ty1)
                    assert gap >= 3 * MM - 0.01, (path, gap)


def test_a_wider_bleed_moves_the_marks_out(tmp_path, framework, products):
    out = tmp_path / "out"
    build(framework, plan(products, ("card-level-4",), ("en",), bleed_mm=5.0), DATA, out, echo=lambda _: None)
    with pikepdf.open(out / "en" / "card-level-4.pdf") as pdf:
        for page in pdf.pages:
            tx0, ty0, tx1, ty1 = _box(page, "/TrimBox")
            assert _box(page, "/BleedBox") == pytest.approx([tx0 - 5 * MM, ty0 - 5 * MM, tx1 + 5 * MM, ty1 + 5 * MM])
            for ax, _, cx, _ in _mark_segments(page):
                assert min(ax, cx) >= tx1 + 5 * MM or max(ax, cx) <= tx0 - 5 * MM or ax == cx


def test_registration_colour_is_separation_all(press_files):
    _, path = press_files[0]
    with pikepdf.open(path) as pdf:
        space = pdf.pages[0].Resources.ColorSpace.Reg
        assert str(space[0]) == "/Separation" and str(space[1]) == "/All"


def test_slug_names_job_and_page(english_build):
    import pdfplumber

    with pdfplumber.open(english_build[0] / "en" / "leaflet-person.pdf") as pdf:
        total = len(pdf.pages)
        for n, page in enumerate(pdf.pages, 1):
            text = " ".join(page.extract_text().split())
            slug = "NIMHE-leaflet-person-en · Leaflet: The person in recovery · en · UK Version 1 (2026-11-26)"
            assert slug in text, n
            assert f"page {n}/{total} · trim 148 × 210 mm, bleed 3 mm · PDF/X-4 FOGRA39" in text, (n, text[-200:])


def test_fonts_embedded(press_files):
    for _, path in press_files:
        with pikepdf.open(path) as pdf:
            descriptors = [
                obj
                for obj in pdf.objects
                if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == pikepdf.Name.FontDescriptor
            ]
            assert descriptors, path
            for d in descriptors:
                assert any(k in d for k in ("/FontFile", "/FontFile2", "/FontFile3")), (path, d.FontName)


def test_build_report_and_preflight_command_pass(english_build, press_files, framework, products):
    assert all(entry["preflight"] == "pass" for entry, _ in press_files)
    reports = check_files(english_build[0], (), framework, products, i18n.CATALOGUES)
    assert len(reports) == 13 and all(r.ok for r in reports), [str(f) for r in reports for f in r.findings]
    for r in reports:
        if r.facts.get("statements"):
            assert r.facts["statements_once"] == r.facts["statements"]


def test_preflight_cli_json(english_build):
    out = english_build[0]
    result = CliRunner().invoke(cli, ["preflight", "--out", str(out), "--json", str(out / "en" / "poster.pdf")])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    (poster,) = data["files"]
    assert poster["result"] == "pass"
    assert poster["facts"]["statements_once"] == 970
    assert poster["facts"]["smallest_text_pt"] >= 8.0
    assert poster["facts"]["colour"] == ["DeviceCMYK", "Separation(DeviceCMYK)"]


# Preflight must fail, naming the problem, on broken files.


def _broken(tmp_path, english_build, name: str, damage) -> Path:
    """A copy of the build folder whose `name` PDF has been damaged by `damage(pdf)`."""
    import shutil

    out = tmp_path / "out"
    shutil.copytree(english_build[0], out)
    path = out / "en" / name
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        damage(pdf)
        pdf.save(path)
    return out


def _run_preflight(out: Path, name: str):
    return CliRunner().invoke(cli, ["preflight", "--out", str(out), str(out / "en" / name)])


def test_preflight_fails_on_font_not_embedded(tmp_path, english_build):
    def unembed(pdf):
        for _, font in pdf.pages[0].Resources.Font.items():
            del font.DescendantFonts[0].FontDescriptor["/FontFile2"]
            return

    result = _run_preflight(_broken(tmp_path, english_build, "card-level-3.pdf", unembed), "card-level-3.pdf")
    assert result.exit_code == 1
    assert "error: fonts: page 1: font" in result.output and "is not embedded" in result.output


def test_preflight_fails_on_pdfx_without_output_intent(tmp_path, english_build):
    def drop_intent(pdf):
        del pdf.Root["/OutputIntents"]

    result = _run_preflight(_broken(tmp_path, english_build, "booklet.pdf", drop_intent), "booklet.pdf")
    assert result.exit_code == 1
    assert "error: output-intent: no PDF/X output intent" in result.output


def test_preflight_fails_on_wrong_page_size(tmp_path, english_build):
    def shrink(pdf):
        page = pdf.pages[1].obj  # page 2 becomes A5
        x0, y0 = float(page.TrimBox[0]), float(page.TrimBox[1])
        page.TrimBox = [x0, y0, x0 + 148 * MM, y0 + 210 * MM]

    result = _run_preflight(_broken(tmp_path, english_build, "card-level-1.pdf", shrink), "card-level-1.pdf")
    assert result.exit_code == 1
    assert "error: trim: page 2: trim 148.0 x 210.0 mm, the product is 210 x 297 mm" in result.output


def test_preflight_fails_on_missing_statement(tmp_path, framework, products, data_copy):
    # A card built from data with one statement taken out, checked against the real data.
    level = data_copy / "levels" / "level-4.yaml"
    lines = level.read_text().splitlines(keepends=True)
    target = next(s for s in framework.statements(4) if s.text.source.startswith("Maintains adequate housing"))
    line = int(target.text.where.rsplit(":", 1)[1])
    assert target.text.source in lines[line - 1]
    del lines[line - 1]
    level.write_text("".join(lines))
    from render.load import load_framework

    fw, specs = load_framework(data_copy)
    out = tmp_path / "out"
    build(fw, plan(specs, ("card-level-4",), ("en",)), data_copy, out, echo=lambda _: None)
    reports = check_files(out, (), framework, products, i18n.CATALOGUES)
    (card,) = reports
    assert not card.ok
    assert [str(f) for f in card.errors] == ['error: fidelity: missing: "Maintains adequate housing/accommodation"']


def test_preflight_of_a_file_not_built(tmp_path, english_build):
    stray = tmp_path / "stray.pdf"
    stray.write_bytes((english_build[0] / "en" / "booklet.pdf").read_bytes())
    result = CliRunner().invoke(cli, ["preflight", "--out", str(english_build[0]), str(stray)])
    assert result.exit_code == 1 and "not an output listed in" in result.output


def test_preflight_checks_text_size_and_images(tmp_path):
    """Text below the floor and images below 150 / 300 ppi, in a small rendered file."""
    from PIL import Image

    from render import fonts
    from render.pdf import Engine

    Image.new("RGB", (100, 100), "white").save(tmp_path / "low.png")
    html = (
        "<p style='font-size:6pt'>small print</p>"
        "<img src='low.png' style='width:20mm'>"  # 100 px over 20 mm: 127 ppi
        "<img src='low.png' style='width:10mm'>"  # 254 ppi
    )
    engine = Engine((tmp_path, *fonts.font_dirs()), fonts.font_face_css(fonts.resolve_fonts()))
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


# Output intent configuration.


def test_output_intent_profile_must_be_cmyk(tmp_path):
    with pytest.raises(BuildError, match="not found"):
        load_intent(tmp_path / "none.icc")
    srgb = Path("/usr/share/color/icc/sRGB.icc")
    if srgb.exists():
        with pytest.raises(BuildError, match="must be a CMYK output"):
            load_intent(srgb)
    intent = load_intent()
    assert intent.condition == "FOGRA39" and "FOGRA39" in intent.info


def test_build_refuses_press_without_output_intent(tmp_path):
    out = tmp_path / "out"
    args = ["build", "--product", "booklet", "--out", str(out), "--icc", str(tmp_path / "missing.icc")]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert "no output intent" in result.output
    assert not out.exists()


# The print pack.


@pytest.fixture(scope="module")
def booklet_pack(tmp_path_factory):
    out = tmp_path_factory.mktemp("pack")
    args = ["pack", "--product", "booklet", "--out", str(out / "packs"), "--build-dir", str(out / "build")]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return out / "packs" / "NIMHE-booklet-en.zip"


def test_pack_contents_and_checksums(booklet_pack):
    with zipfile.ZipFile(booklet_pack) as z:
        names = set(z.namelist())
        ticket = json.loads(z.read("NIMHE-booklet-en/job-ticket.json"))
        listed = {f["path"]: f for f in ticket["files"]}
        assert {f"NIMHE-booklet-en/{p}" for p in listed} | {
            "NIMHE-booklet-en/job-ticket.json",
            "NIMHE-booklet-en/job-ticket.txt",
        } == names
        for path, f in listed.items():
            data = z.read(f"NIMHE-booklet-en/{path}")
            assert hashlib.sha256(data).hexdigest() == f["sha256"] and len(data) == f["bytes"]
        assert "booklet-en.pdf" in listed and "booklet-en-imposed.pdf" in listed
        assert len([p for p in listed if p.startswith("proofs/")]) == ticket["pages"] == 20
        text = z.read("NIMHE-booklet-en/job-ticket.txt").decode()
        preflight_report = json.loads(z.read("NIMHE-booklet-en/preflight.json"))
    assert ticket["trim_mm"] == [148, 210] and ticket["bleed_mm"] == 3 and ticket["sides"] == 2
    assert ticket["pdf_standard"].startswith("PDF/X-4") and ticket["output_condition"]["identifier"] == "FOGRA39"
    assert ticket["colours"] == "4/4 process CMYK" and "Saddle-stitch" in ticket["finishing"]
    assert ticket["imposed"]["sheet_mm"] == [320, 225]
    assert preflight_report["result"] == "pass" and len(preflight_report["files"]) == 2
    for f in ticket["files"]:
        assert f"{f['sha256']}  {f['path']}" in text


def test_pack_proofs_are_trimmed_pages(booklet_pack):
    from PIL import Image

    with zipfile.ZipFile(booklet_pack) as z:
        image = Image.open(io.BytesIO(z.read("NIMHE-booklet-en/proofs/page-01.png")))
    w, h = image.size
    assert h == 800 and w == pytest.approx(800 * 148 / 210, abs=2)
