"""Proofs: a PNG of every page of a build, one HTML proof sheet, and the pages changed since another build."""

from __future__ import annotations

import dataclasses
import io
import json
import re
import shutil
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner
from PIL import Image

from render.cli import cli
from render.proof import compare, sheet
from render.run.report import OutputEntry


def run_proof(*args):
    return CliRunner().invoke(cli, ["proof", *map(str, args)])


def copy_build(source: Path, target: Path, products: tuple[str, ...] = ()) -> Path:
    """A copy of a build folder without its proofs; with `products`, its report keeps only those outputs."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("proof", "*.lock"))
    if products:
        report = json.loads((target / "build-report.json").read_text())
        report["outputs"] = [e for e in report["outputs"] if e["product"] in products]
        (target / "build-report.json").write_text(json.dumps(report, indent=2))
    return target


def outputs(folder: Path) -> list[dict]:
    return json.loads((folder / "build-report.json").read_text())["outputs"]


def page_pictures(folder: Path, entry: dict) -> list[Path]:
    """The page PNGs of one output (not its before/after pictures)."""
    pictures = folder / "proof" / entry["path"].removesuffix(".pdf")
    return sorted(p for p in pictures.glob("page-*.png") if not p.stem.endswith("-changes"))


def black_box_on_page(pdf_path: Path, number: int) -> None:
    """Append a filled black square to one page's content, inside its trim."""
    with pikepdf.open(pdf_path, allow_overwriting_input=True) as pdf:
        page = pdf.pages[number - 1]
        x, y = (float(v) + 60 for v in page.obj.TrimBox[:2])
        page.contents_add(pikepdf.Stream(pdf, f"q 0 0 0 1 k {x} {y} 120 120 re f Q".encode()), prepend=False)
        pdf.save(pdf_path)


def changed_figures(html: str) -> int:
    return html.count('<figure class="changed">')


@pytest.fixture(scope="module")
def proofed(mini_build, tmp_path_factory):
    """A copy of the small English build, proofed once: (folder, command output)."""
    folder = copy_build(mini_build, tmp_path_factory.mktemp("proofed") / "out")
    result = run_proof("--out", folder)
    assert result.exit_code == 0, result.output
    return folder, result.output


@pytest.fixture
def small_build(mini_build, tmp_path) -> Path:
    """A copy of the build whose report lists only the poster and the booklet (quick to proof)."""
    return copy_build(mini_build, tmp_path / "small", ("poster", "booklet"))


def test_sheet_lists_every_output(proofed):
    folder, _ = proofed
    html = (folder / "proof" / "index.html").read_text(encoding="utf-8")
    entries = outputs(folder)
    assert len(entries) == 11
    sections = {}
    for chunk in html.split("<section")[1:]:
        product = re.search(r"<h2>([^ <]+) <span>", chunk).group(1)
        sections[product] = re.sub(r"\s+", " ", chunk)
    assert set(sections) == {e["product"] for e in entries}
    for e in entries:
        section = sections[e["product"]]
        assert f"· {e['pages']} page{'' if e['pages'] == 1 else 's'} ·" in section
        assert section.count("<img ") == e["pages"]
        assert f'href="../{e["path"]}"' in section
    assert html.count("<img ") == sum(e["pages"] for e in entries) == 71
    card = next(e for e in entries if e["product"] == "card-level-2")["body_pt_by_matrix"]
    assert (
        f"recovery-process {card['recovery-process']:.1f} pt, best-practices {card['best-practices']:.1f} pt"
        in (
            sections["card-level-2"]  # the body size per matrix
        )
    )
    assert "420 × 594 mm" in sections["poster"] and "preflight pass" in sections["poster"]
    assert "changed" not in html.split("<section")[1]  # nothing compared, nothing marked
    assert "<script" not in html


def test_one_png_per_page_with_relative_links(proofed):
    folder, output = proofed
    html = (folder / "proof" / "index.html").read_text(encoding="utf-8")
    for e in outputs(folder):
        pictures = page_pictures(folder, e)
        assert [p.name for p in pictures] == [f"page-{n:02d}.png" for n in range(1, e["pages"] + 1)], e["path"]
        with Image.open(pictures[0]) as image:
            assert max(image.size) == sheet.PROOF_PX
        rel = pictures[0].relative_to(folder / "proof").as_posix()
        assert f'<a href="{rel}"><img src="{rel}"' in html
        assert f"{folder / 'proof' / e['path'].removesuffix('.pdf')}/: {e['pages']} page" in output
    assert f"{folder / 'proof' / 'index.html'}: proof sheet of 11 outputs, 71 pages" in output
    assert not list((folder / "proof").rglob("*-changes.png"))


def test_against_flags_exactly_the_changed_page(mini_build, tmp_path):
    original = mini_build
    altered = copy_build(original, tmp_path / "altered")
    black_box_on_page(altered / "en" / "booklet.pdf", 3)
    result = run_proof("--out", altered, "--against", original)
    assert result.exit_code == 0, result.output
    assert "en/booklet.pdf: page 3 changed" in result.output
    assert [line for line in result.output.splitlines() if " changed" in line and ".pdf: " in line] == [
        "en/booklet.pdf: page 3 changed"
    ]
    assert f"Compared with {original}: 1 page changed in 1 of 11 outputs." in result.output
    html = (altered / "proof" / "index.html").read_text(encoding="utf-8")
    assert changed_figures(html) == 1
    assert '<figure class="changed">\n<a href="en/booklet/page-03.png">' in html
    assert '<a href="en/booklet/page-03-changes.png">before | after</a>' in html
    assert html.count("<img ") == 71  # before/after pictures are linked, not shown
    changes = list((altered / "proof").rglob("*-changes.png"))
    assert changes == [altered / "proof" / "en" / "booklet" / "page-03-changes.png"]
    with Image.open(changes[0]) as picture, Image.open(altered / "proof/en/booklet/page-03.png") as page:
        assert picture.width > 3 * page.width  # before | after | changes
        red = picture.convert("RGB").crop((2 * page.width, 0, picture.width, picture.height))
        assert (220, 0, 0) in {c for _, c in red.getcolors(1 << 20)}


def test_identical_builds_flag_nothing_and_reruns_are_identical(small_build, tmp_path):
    before = copy_build(small_build, tmp_path / "before")
    first = run_proof("--out", small_build, "--against", before)
    assert first.exit_code == 0, first.output
    assert f"Compared with {before}: no pages changed." in first.output
    assert " changed\n" not in first.output.replace("no pages changed.", "")
    html = (small_build / "proof" / "index.html").read_text(encoding="utf-8")
    assert changed_figures(html) == 0 and 'class="has-changes"' not in html
    assert not list((small_build / "proof").rglob("*-changes.png"))
    files = {p: p.read_bytes() for p in sorted((small_build / "proof").rglob("*")) if p.is_file()}
    again = run_proof("--out", small_build, "--against", before)
    assert again.exit_code == 0 and again.output == first.output
    assert {p: p.read_bytes() for p in sorted((small_build / "proof").rglob("*")) if p.is_file()} == files


def test_pictures_that_no_longer_apply_are_removed(small_build, tmp_path):
    before = copy_build(small_build, tmp_path / "before")
    black_box_on_page(small_build / "en" / "booklet.pdf", 3)
    assert run_proof("--out", small_build, "--against", before).exit_code == 0
    assert (small_build / "proof" / "en" / "booklet" / "page-03-changes.png").is_file()
    stale = small_build / "proof" / "en" / "poster" / "page-02.png"  # as if the poster had had two pages
    stale.write_bytes(b"")
    result = run_proof("--out", small_build)
    assert result.exit_code == 0, result.output
    assert not list((small_build / "proof").rglob("*-changes.png")) and not stale.exists()
    assert "Compared" not in result.output


def test_readme_pictures(small_build, tmp_path):
    result = run_proof("--out", small_build, "--readme", tmp_path / "products")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "products").iterdir()) == ["booklet.png", "poster.png"]
    for name in ("booklet", "poster"):
        with Image.open(tmp_path / "products" / f"{name}.png") as image:
            assert max(image.size) == sheet.README_PX
        assert f"{tmp_path / 'products' / name}.png: written" in result.output


def test_missing_build_report_is_an_error(tmp_path):
    result = run_proof("--out", tmp_path / "nowhere")
    assert result.exit_code == 1
    assert "build-report.json: no build report; build first" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "nowhere").exists()


def test_missing_previous_build_is_an_error(small_build, tmp_path):
    result = run_proof("--out", small_build, "--against", tmp_path / "nowhere")
    assert result.exit_code == 1
    assert "build-report.json: no build report; --against needs a previous build's output folder" in result.output
    assert not (small_build / "proof").exists()


def test_missing_pdf_is_an_error(small_build):
    (small_build / "en" / "booklet.pdf").unlink()
    result = run_proof("--out", small_build)
    assert result.exit_code == 1
    assert f"{small_build / 'en' / 'booklet.pdf'}: listed in {small_build / 'build-report.json'} but missing" in (
        result.output
    )
    assert not (small_build / "proof").exists()  # everything is checked before anything is written


def test_report_that_does_not_match_its_pdfs_is_an_error(small_build):
    report = json.loads((small_build / "build-report.json").read_text())
    report["outputs"][1]["pages"] = 24
    (small_build / "build-report.json").write_text(json.dumps(report))
    result = run_proof("--out", small_build)
    assert result.exit_code == 1
    assert "booklet.pdf: 12 pages, but the build report says 24; rebuild" in result.output


def test_page_comparison():
    def png(size, colour=(255, 255, 255), dot=None):
        image = Image.new("RGB", size, colour)
        if dot:
            image.putpixel((3, 3), dot)
        buffer = io.BytesIO()
        image.save(buffer, "PNG")
        return buffer.getvalue()

    white = png((20, 30))
    assert not compare.page_differs(white, png((20, 30)))
    assert not compare.page_differs(white, png((20, 30), dot=(254, 253, 255)))  # within the tolerance
    assert compare.page_differs(white, png((20, 30), dot=(250, 250, 250)))
    assert compare.page_differs(white, png((30, 20)))
    assert compare.page_differs(white, None) and compare.page_differs(None, white)
    with Image.open(io.BytesIO(compare.changes_picture(white, None))) as picture:
        assert picture.width == 3 * 20 + 4 * compare.GUTTER_PX


def test_names_and_texts():
    assert sheet.page_list((3,)) == "3"
    assert sheet.page_list((2, 3)) == "2, 3"
    assert sheet.page_list((1, 2, 3, 7, 9, 10, 11, 12)) == "1–3, 7, 9–12"
    assert sheet.proof_folder("en/large-print/booklet.pdf") == "en/large-print/booklet"
    assert sheet.page_name(3, 40) == "page-03.png" and sheet.page_name(7, 120, "-changes") == "page-007-changes.png"
    base = OutputEntry("card-level-2", "en", "standard", "press", "en/card-level-2.pdf", 4, 2, (210.0, 297.0), 3.0, 8.0)
    card = dataclasses.replace(base, body_pt=8.7, body_pt_by_matrix={"recovery-process": 8.9, "best-practices": 8.7})
    assert sheet.body_text(card) == "recovery-process 8.9 pt, best-practices 8.7 pt"
    assert sheet.body_text(dataclasses.replace(base, imposed_from="booklet")) == "as booklet"
    checked = dataclasses.replace(base, preflight="pass", preflight_warnings=1, standard="PDF/X-4")
    assert sheet.status_text(checked) == "fit ok · preflight pass, 1 warning · PDF/X-4"
    assert sheet.kind(dataclasses.replace(base, variant="large-print", profile="screen")) == "large print"
    assert sheet.size_text(base) == "210 × 297 mm"


def test_a_change_is_marked_beside_the_text_not_over_it():
    from PIL import ImageDraw

    old = Image.new("RGB", (200, 120), (255, 255, 255))
    new = old.copy()
    ImageDraw.Draw(new).rectangle((60, 40, 120, 52), fill=(0, 0, 0))  # a changed line of "text"
    buffer = io.BytesIO()
    old.save(buffer, "PNG")
    before = buffer.getvalue()
    buffer = io.BytesIO()
    new.save(buffer, "PNG")
    with Image.open(io.BytesIO(compare.changes_picture(before, buffer.getvalue()))) as sheet:
        after = sheet.convert("RGB").crop((12 + 200 + 12, 22, 12 + 200 + 12 + 200, 22 + 120))
    assert after.crop((60, 40, 121, 53)).getcolors() == [(61 * 13, (0, 0, 0))], "the text is untouched"
    red = [(x, y) for x in range(200) for y in range(120) if after.getpixel((x, y)) == compare.CHANGED_RGB]
    assert red and all(x < 60 or x > 120 for x, _ in red), "bars beside it"
    assert {y for _, y in red} <= set(range(40, 53)), "as tall as the change"
