"""Catalogues: extract, update (fuzzy, obsolete, nothing lost), status, language builds."""

from __future__ import annotations

import io
import json

import pdfplumber
import pikepdf
import pytest
from babel.messages.pofile import read_po, write_po
from click.testing import CliRunner

from render import i18n
from render.build import Builder, plan
from render.cli import cli
from render.load import load_framework
from render.localise import Localiser

from .conftest import DATA, squash

STATEMENT = "Cannot identify personal needs"
CONTEXT = "level-1/recovery-process/person/clinical-care"


def run(*args: str):
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def write_catalog(path, catalog) -> None:
    buffer = io.BytesIO()
    write_po(buffer, catalog, include_previous=True)
    path.write_bytes(buffer.getvalue())


@pytest.fixture
def catalogues(tmp_path):
    """An empty catalogue folder with the template, and a Polish catalogue translated in full."""
    folder = tmp_path / "translations"
    folder.mkdir()
    code, out = run("i18n", "extract", "--catalogues", str(folder))
    assert code == 0, out
    pot = read_po((folder / "messages.pot").open("rb"))
    for message in pot:
        if message.id:
            message.string = f"PL {message.id}"
    pot.locale = "pl"
    write_catalog(folder / "pl.po", pot)
    return folder


def test_template_has_places_and_notes(framework):
    catalog = i18n.template(framework, load_framework(DATA)[1])
    message = catalog.get(STATEMENT, CONTEXT)
    assert message.auto_comments == ["Level 1 · Recovery Process · The person in recovery · Clinical Care"]
    assert message.locations[0][0] == "data/levels/level-1.yaml"
    stigma = framework.cell(2, "best-practices", "clinicians", "stigma").statements[0]
    assert catalog.get(stigma.text.source, stigma.text.context).auto_comments == [
        "Level 2 · Best Practices · Clinicians · Stigma"
    ]
    assert catalog.get("Level {number} of {total}", "ui") is not None
    assert catalog.get("A4 card, level 3", "ui") is not None
    statements = [m for m in catalog if m.id and m.context.startswith("level-") and m.context.count("/") == 3]
    assert len(statements) == 970
    assert catalog.get("DRAFT — not for print", "ui") is not None


def test_update_marks_changed_english_fuzzy_and_keeps_removed_as_obsolete(catalogues, data_copy):
    level1 = data_copy / "levels" / "level-1.yaml"
    text = level1.read_text(encoding="utf-8")
    text = text.replace(f"    - {STATEMENT}\n", "    - Cannot yet identify personal needs\n", 1)
    text = text.replace("    - Uninformed of resource opportunities\n", "", 1)
    level1.write_text(text, encoding="utf-8")
    before = {(m.context, m.id): m.string for m in read_po((catalogues / "pl.po").open("rb")) if m.id}

    code, out = run("i18n", "update", "--data", str(data_copy), "--catalogues", str(catalogues))
    assert code == 0, out
    po = read_po((catalogues / "pl.po").open("rb"))
    changed = po.get("Cannot yet identify personal needs", CONTEXT)
    assert changed.fuzzy and changed.string == f"PL {STATEMENT}"
    assert ("Uninformed of resource opportunities", CONTEXT) in {(m.id, m.context) for m in po.obsolete.values()}
    after = {(m.context, m.id): m.string for m in po if m.id}
    unchanged = {k: v for k, v in before.items() if k[1] not in (STATEMENT, "Uninformed of resource opportunities")}
    assert all(after[k] == v for k, v in unchanged.items())
    assert sum(1 for m in po if m.id and m.fuzzy) == 1
    written = (catalogues / "pl.po").read_text(encoding="utf-8")
    assert (
        f'#, fuzzy\n#| msgid "{STATEMENT}"\nmsgctxt "{CONTEXT}"\nmsgid "Cannot yet identify personal needs"' in written
    )
    assert '#~ msgid "Uninformed of resource opportunities"' in written


def test_status_counts_exact(catalogues):
    po = read_po((catalogues / "pl.po").open("rb"))
    messages = [m for m in po if m.id]
    for m in messages[:10]:
        m.flags.add("fuzzy")
    for m in messages[10:25]:
        m.string = ""
    write_catalog(catalogues / "pl.po", po)
    code, out = run("i18n", "status", "--json", "--catalogues", str(catalogues))
    assert code == 0, out
    row = next(r for r in json.loads(out)["languages"] if r["lang"] == "pl")
    assert (row["translated"], row["fuzzy"], row["untranslated"]) == (len(messages) - 25, 10, 15)
    assert row["fuzzy_words"] == sum(len(m.id.split()) for m in messages[:10])
    # The first messages are edition strings: every product prints them.
    assert row["complete_products"] == []


def test_final_build_refuses_an_incomplete_language_and_draft_marks_every_page(catalogues, tmp_path, framework):
    gaps = len([s for s in framework.statements(4) if s.matrix == "best-practices"])
    po = read_po((catalogues / "pl.po").open("rb"))
    for m in po:
        if m.id and m.context.startswith("level-4/best-practices"):
            m.string = ""
    write_catalog(catalogues / "pl.po", po)
    out_dir = tmp_path / "out"
    args = (
        "build",
        "--product",
        "card-level-4",
        "--lang",
        "pl",
        "--catalogues",
        str(catalogues),
        "--out",
        str(out_dir),
    )
    code, out = run(*args)
    assert code == 1
    assert f"card-level-4 [pl]: {gaps} of the strings it prints are untranslated or fuzzy" in out
    assert "level-4/best-practices" in out and not out_dir.exists()

    code, out = run(*args, "--draft")
    assert code == 0, out
    pdf = out_dir / "pl" / "card-level-4.pdf"
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            assert squash("DRAFT — not for print") in squash(page.extract_text())
    entry = json.loads((out_dir / "build-report.json").read_text())["outputs"][0]
    assert entry["draft"] is True and len(entry["fallbacks"]) == gaps
    assert all(f["context"].startswith("level-4/best-practices") for f in entry["fallbacks"])
    with pikepdf.open(pdf) as doc:
        assert str(doc.Root.Lang) == "pl"


def test_missing_glyph_fails_before_rendering(catalogues, framework, products, monkeypatch):
    po = read_po((catalogues / "pl.po").open("rb"))
    po.get(STATEMENT, CONTEXT).string = "Nie potrafi 漢 określić"
    write_catalog(catalogues / "pl.po", po)
    builder = Builder(framework, DATA, catalogues=catalogues)
    monkeypatch.setattr(builder.engine, "render", lambda *a, **k: pytest.fail("rendered despite a missing glyph"))
    job = plan(products, ("card-level-1",), ("pl",))[0]
    with pytest.raises(Exception) as err:
        builder.build(job)
    assert "U+6F22" in str(err.value) and "'漢'" in str(err.value) and CONTEXT in str(err.value)


@pytest.fixture(scope="module", params=["ar-XB", "ur"])
def rtl_card(framework, products, request):
    builder = Builder(framework, DATA)
    job = plan(products, ("card-level-4",), (request.param,), draft=True)[0]
    builder.t = builder.localiser(job)
    rendered = builder.render(job, {"recovery-process": 9.0, "best-practices": 9.0})
    return builder, job, rendered


def test_right_to_left_mirrors_the_matrix(rtl_card):
    _, job, rendered = rtl_card
    fonts = {box.style["font_family"][0] for _, box in rendered.boxes() if getattr(box, "text", "").strip()}
    assert ("Noto Nastaliq Urdu" if job.lang == "ur" else "Noto Naskh Arabic") in fonts
    xs = {}
    for _, box in rendered.boxes():
        element = getattr(box, "element", None)
        if element is not None and box.element_tag == "th" and element.get("data-perspective"):
            xs.setdefault(element.get("data-perspective"), box.position_x)
    assert xs["person"] > xs["clinicians"] > xs["community"], "first column on the right"
    html_root = rendered.document.pages[0]._page_box.descendants()
    assert any(getattr(b, "style", None) and b.style["direction"] == "rtl" for b in html_root)


def test_right_to_left_pdf_language_and_order(tmp_path):
    code, out = run("build", "--product", "card-level-4", "--lang", "ar-XB", "--out", str(tmp_path))
    assert code == 0, out
    with pikepdf.open(tmp_path / "ar-XB" / "card-level-4.pdf") as pdf:
        assert str(pdf.Root.Lang) == "ar-XB"
    with pdfplumber.open(tmp_path / "ar-XB" / "card-level-4.pdf") as pdf:
        page = pdf.pages[0]
        words = page.extract_words()
        # ar-XB shows English reversed: the first perspective's heading reads right to left.
        status = next(w for w in words if w["text"] == "sutatS")
        community = next(w for w in words if w["text"] == "seloR" and w["x0"] < status["x0"])
        assert status["x0"] > community["x0"]


def test_localiser_fills_placeholders_and_records_missing():
    t = Localiser("pl", {("ui", "Level {number}"): "Poziom {number}"})
    assert t("Level {number}", number=3) == "Poziom 3"
    assert t("Contents") == "Contents" and ("ui", "Contents") in t.missing
    assert Localiser("ur").direction == "rtl" and Localiser("ar-XB").direction == "rtl"
    assert Localiser("pl").direction == "ltr"


def test_pseudo_locales():
    assert i18n.pseudo_en("Level {number}").startswith("[Ĺéṽéĺ {number} ")
    assert len(i18n.pseudo_en("Stigma")) >= 2 * len("Stigma")
    long = "Provides housing, transport support and educational opportunities"
    assert len(i18n.pseudo_en(long)) >= 1.3 * len(long)
    assert i18n.pseudo_rtl("Stigma") == "\u200f\u202eStigma\u202c\u200f"


@pytest.mark.parametrize("lang", ["en-XA"])  # ar-XB's products are built by the right-to-left tests
def test_pseudo_locales_build_every_product_or_name_the_block(framework, products, lang, tmp_path):
    builder = Builder(framework, DATA)
    outcomes = {}
    for job in plan(products, (), (lang,)):
        try:
            result = builder.build(job)
            outcomes[job.product.name] = result.sizes
        except Exception as err:  # a fit failure must name product and block
            message = str(err)
            assert f"{job.product.name} [{lang}]" in message and "does not fit" in message, message
            outcomes[job.product.name] = message
    assert any(isinstance(v, dict) for v in outcomes.values())


def test_right_to_left_booklet_heads_sit_at_the_outer_edges(tmp_path, framework):
    code, out = run("build", "--product", "booklet", "--lang", "ar-XB", "--out", str(tmp_path))
    assert code == 0, out
    with pdfplumber.open(tmp_path / "ar-XB" / "booklet.pdf") as pdf:
        for index in (2, 3):  # page 3, a recto bound on the right, is a left-hand page
            page = pdf.pages[index]
            left, top, right, _ = page.bleedbox
            head = page.crop((left, top, right, top + 20 * 72 / 25.4)).extract_words()
            middle = (left + right) / 2
            if index == 2:  # the section ("Introduction", reversed by ar-XB) at the left edge
                assert head[0]["text"] == "noitcudortnI" and head[0]["x1"] < middle
            else:  # the title on the verso, at the right edge
                assert head[-1]["x0"] > middle
