"""The print pack: PDFs, job ticket with checksums, trimmed proofs and preflight, in one deterministic zip."""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile

import pytest

from tests.helpers import MINI, run


@pytest.fixture(scope="module")
def booklet_pack(tmp_path_factory):
    out = tmp_path_factory.mktemp("pack")
    zips = []
    for packs in ("packs", "again"):  # the second from the cache: the same bytes
        args = ["pack", "--data", MINI, "--product", "booklet", "--out", out / packs, "--build-dir", out / "build"]
        code, output = run(*args)
        assert code == 0, output
        assert output.splitlines()[-1] == f"{out / packs / 'NIMHE-booklet-en.zip'}: 18 files"
        zips.append((out / packs / "NIMHE-booklet-en.zip").read_bytes())
    assert zips[0] == zips[1]
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
        assert len([p for p in listed if p.startswith("proofs/")]) == ticket["pages"] == 12
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


def test_packing_outputs_made_from_older_inputs_is_refused_with_the_command(booklet_pack, tmp_path):
    import shutil

    built = booklet_pack.parent.parent / "build"
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    values = data / "text" / "values.yaml"
    values.write_text(values.read_text().replace("title: Emerging National", "title: The Emerging National"))
    code, out = run("pack", "--data", data, "--from", built, "--out", tmp_path / "packs")
    assert code == 1, out
    assert "2 output(s) were made from inputs that have changed since:" in out  # the booklet and its imposed form
    command = f"out of date — run `recovery-print build --product booklet --lang en --data {data} --out {built}`"
    assert f"{built / 'en' / 'booklet.pdf'}: {command}" in out
    assert f"{built / 'en' / 'booklet-imposed.pdf'}: {command}" in out
    assert not (tmp_path / "packs").exists()
    code, out = run("pack", "--data", MINI, "--from", built, "--out", tmp_path / "packs")
    assert code == 0 and out.splitlines()[-1].endswith("NIMHE-booklet-en.zip: 18 files"), out


def test_the_print_shops_guide_shows_the_layout_a_pack_has(booklet_pack):
    from tests.helpers import ROOT

    readme = (ROOT / "docs" / "print-shops.md").read_text(encoding="utf-8")
    block = readme.split("<!-- pack layout -->\n```text\n")[1].split("```")[0]
    shown, folder = set(), ""
    for line in block.splitlines():
        name = line.split("  (")[0].strip()
        if line.endswith("/") and not line.startswith(" "):
            folder = name
        else:
            shown.add(folder + name)
    with zipfile.ZipFile(booklet_pack) as z:
        written = {re.sub(r"page-\d\d\.png$", "page-NN.png", n) for n in z.namelist()}
    assert shown == written


def test_the_ticket_says_why_a_product_took_its_longer_form(booklet_pack):
    """A job ticket of a product that took a longer form names what the shorter one lacked."""
    from render.run.pack import _ticket_text

    with zipfile.ZipFile(booklet_pack) as z:
        ticket = json.loads(z.read("NIMHE-booklet-en/job-ticket.json"))
    assert ticket["form_reason"] is None and "not shorter" not in _ticket_text(ticket)
    longer = {**ticket, "form": "2 flat sheet(s)", "form_reason": "1 flat sheet(s) at 8 pt: 13 mm too tall"}
    (line,) = [line for line in _ticket_text(longer).splitlines() if line.startswith("Form")]
    assert line.endswith("2 flat sheet(s) (not shorter: 1 flat sheet(s) at 8 pt: 13 mm too tall)")
