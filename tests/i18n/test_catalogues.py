"""Catalogues: extract, update (fuzzy, obsolete, nothing lost), status, layered strings, language builds."""

from __future__ import annotations

import io
import json

import pdfplumber
import pikepdf
import pytest
from babel.messages.pofile import read_po, write_po

from render.i18n import catalogues
from render.paths import Theme
from tests.helpers import MINI, build, run, squash

STATEMENT = "Cannot identify personal needs"
CONTEXT = "level-1/recovery-process/person/clinical-care"


def write_catalog(path, catalog) -> None:
    buffer = io.BytesIO()
    write_po(buffer, catalog, include_previous=True)
    path.write_bytes(buffer.getvalue())


@pytest.fixture
def pl_folder(tmp_path):
    """An empty catalogue folder with the template, and a Polish catalogue translated in full."""
    folder = tmp_path / "translations"
    folder.mkdir()
    code, out = run("i18n", "extract", "--data", MINI, "--catalogues", folder)
    assert code == 0, out
    pot = read_po((folder / "messages.pot").open("rb"))
    for message in pot:
        if message.id:
            message.string = f"PL {message.id}"
    pot.locale = "pl"
    write_catalog(folder / "pl.po", pot)
    return folder


def test_template_has_places_and_notes(framework, products):
    catalog = catalogues.template(framework, products, Theme())
    message = catalog.get(STATEMENT, CONTEXT)
    assert message.auto_comments == ["Level 1 · Recovery Process · The person in recovery · Clinical Care"]
    assert message.locations[0] == ("tests/data/levels/level-1.yaml", 6)
    stigma = framework.cell(2, "best-practices", "clinicians", "stigma").statements[0]
    assert catalog.get(stigma.text.source, stigma.text.context).auto_comments == [
        "Level 2 · Best Practices · Clinicians · Stigma"
    ]
    assert catalog.get("Level {number} of {total}", "ui").locations[0][0] == "templates/card.html"
    assert catalog.get("A4 card, level 2", "ui") is not None
    statements = [m for m in catalog if m.id and m.context.startswith("level-") and m.context.count("/") == 3]
    assert len(statements) == len(framework.statements()) == 83
    assert catalog.get("DRAFT — not for print", "ui") is not None


def test_template_takes_the_words_of_a_themes_templates(framework, products, tmp_path):
    (tmp_path / "partials").mkdir()
    (tmp_path / "partials" / "level-heading.html").write_text(
        '{% macro level_heading(t, level) %}{{ t("Stage {n}", n=1) }}{% endmacro %}'
    )
    catalog = catalogues.template(framework, products, Theme.layered(templates=[tmp_path]))
    assert catalog.get("Stage {n}", "ui").locations == [(f"{tmp_path.name}/partials/level-heading.html", 1)]
    assert catalog.get("Level {number} of {total}", "ui") is not None  # the shipped templates' words stay


def test_a_templates_words_are_what_jinjas_parser_finds(framework, products, tmp_path):
    """Calls of t with a string, in either quotes, over lines, with values or without; not a
    method of t, a comment, or a call of another name."""
    (tmp_path / "card.html").write_text(
        '{{ t(\'Single quoted\') }}{{ t(\n  "Over {n} lines", n=2) }}{# t("In a comment") #}'
        '{% if t.translates("Asked, not printed") %}{{ tt("Another name") }}{% endif %}'
    )
    found = {text.source for text in catalogues.ui_texts({}, Theme.layered(templates=[tmp_path]))}
    assert {"Single quoted", "Over {n} lines"} <= found
    assert not found & {"In a comment", "Asked, not printed", "Another name"}


def test_every_word_a_product_prints_is_in_the_template(framework, products):
    """What rendering asks the localiser for (each product's messages) the parser found: the
    two ways of finding a template's words cannot disagree."""
    from render.compose.html import environment, messages

    template = catalogues.template(framework, products, Theme())
    env = environment(Theme())
    for name, product in products.items():
        missing = {(c, m) for c, m in messages(framework, product, env) if template.get(m, c) is None}
        assert missing == set(), name


def test_update_marks_changed_english_fuzzy_and_keeps_removed_as_obsolete(pl_folder, data_copy):
    level1 = data_copy / "levels" / "level-1.yaml"
    text = level1.read_text(encoding="utf-8")
    text = text.replace(f"      - {STATEMENT}\n", "      - Cannot yet identify personal needs\n", 1)
    text = text.replace("      - Uninformed of resource opportunities\n", "", 1)
    level1.write_text(text, encoding="utf-8")
    before = {(m.context, m.id): m.string for m in read_po((pl_folder / "pl.po").open("rb")) if m.id}

    code, out = run("i18n", "update", "--data", data_copy, "--catalogues", pl_folder)
    assert code == 0, out
    assert out.splitlines() == [f"{pl_folder / 'messages.pot'}: written", f"{pl_folder / 'pl.po'}: written"]
    po = read_po((pl_folder / "pl.po").open("rb"))
    changed = po.get("Cannot yet identify personal needs", CONTEXT)
    assert changed.fuzzy and changed.string == f"PL {STATEMENT}"
    assert ("Uninformed of resource opportunities", CONTEXT) in {(m.id, m.context) for m in po.obsolete.values()}
    after = {(m.context, m.id): m.string for m in po if m.id}
    unchanged = {k: v for k, v in before.items() if k[1] not in (STATEMENT, "Uninformed of resource opportunities")}
    assert all(after[k] == v for k, v in unchanged.items())
    assert sum(1 for m in po if m.id and m.fuzzy) == 1
    written = (pl_folder / "pl.po").read_text(encoding="utf-8")
    assert (
        f'#, fuzzy\n#| msgid "{STATEMENT}"\nmsgctxt "{CONTEXT}"\nmsgid "Cannot yet identify personal needs"' in written
    )
    assert '#~ msgid "Uninformed of resource opportunities"' in written


def test_catalogue_commands_write_to_the_working_folder_not_the_programs(tmp_path, monkeypatch):
    import shutil

    project = tmp_path / "copy"
    shutil.copytree(MINI, project / "data")
    monkeypatch.chdir(project)
    before = {p.name: p.read_bytes() for p in catalogues_shipped()}
    code, out = run("i18n", "extract")
    assert code == 0, out
    assert out == "translations/messages.pot: written\n"
    assert (project / "translations" / "messages.pot").is_file()
    assert before == {p.name: p.read_bytes() for p in catalogues_shipped()}


def catalogues_shipped():
    from render.paths import CATALOGUES

    return sorted(CATALOGUES.glob("*.po*"))


def test_status_counts_exact(pl_folder):
    po = read_po((pl_folder / "pl.po").open("rb"))
    messages = [m for m in po if m.id]
    for m in messages[:10]:
        m.flags.add("fuzzy")
    for m in messages[10:25]:
        m.string = ""
    write_catalog(pl_folder / "pl.po", po)
    code, out = run("i18n", "status", "--json", "--data", MINI, "--catalogues", pl_folder)
    assert code == 0, out
    row = next(r for r in json.loads(out)["languages"] if r["lang"] == "pl")
    assert (row["translated"], row["fuzzy"], row["untranslated"]) == (len(messages) - 25, 10, 15)
    assert row["fuzzy_words"] == sum(len(m.id.split()) for m in messages[:10])
    # The first messages are edition strings: every product prints them.
    assert row["complete_products"] == []


def test_status_names_the_complete_products(pl_folder):
    code, out = run("i18n", "status", "--data", MINI, "--catalogues", pl_folder)
    assert code == 0, out
    (line,) = out.splitlines()
    assert line.startswith("pl     translated ") and "fuzzy 0 (0 words), untranslated 0 (0 words)" in line
    assert line.endswith(
        "complete: poster, card-level-1, card-level-2, booklet, leaflet-person, leaflet-clinicians, leaflet-community"
    )


def test_a_themes_strings_come_before_the_projects(pl_folder, tmp_path):
    theme = tmp_path / "theme" / "translations"
    theme.mkdir(parents=True)
    po = read_po((pl_folder / "pl.po").open("rb"))
    for m in list(po):
        if m.id and m.id != STATEMENT:
            po.delete(m.id, m.context)
    po.get(STATEMENT, CONTEXT).string = "Nie potrafi określić potrzeb"
    write_catalog(theme / "pl.po", po)
    found = catalogues.load("pl", (theme, pl_folder))
    assert found[(CONTEXT, STATEMENT)] == "Nie potrafi określić potrzeb"
    assert found[("ui", "Contents")] == "PL Contents"  # the rest from the project's catalogue
    with pytest.raises(Exception, match="no catalogue for language 'de'"):
        catalogues.load("de", (theme, pl_folder))


def test_a_language_without_a_catalogue_names_english_and_how_to_start_one(pl_folder):
    with pytest.raises(Exception) as err:
        catalogues.load("de", (pl_folder,))
    assert "known: en (the source), pl;" in str(err.value)
    assert "start one with `recovery-print i18n init de`" in str(err.value)


def test_final_build_refuses_an_incomplete_language_and_draft_marks_every_page(pl_folder, tmp_path, framework):
    gaps = len([s for s in framework.statements(2) if s.matrix == "best-practices"])
    po = read_po((pl_folder / "pl.po").open("rb"))
    for m in po:
        if m.id and m.context.startswith("level-2/best-practices"):
            m.string = ""
    write_catalog(pl_folder / "pl.po", po)
    out_dir = tmp_path / "out"
    args = ("build", "--data", MINI, "--product", "card-level-2", "--lang", "pl", "--catalogues", pl_folder)
    code, out = run(*args, "--out", out_dir)
    assert code == 1
    assert f"card-level-2 [pl]: {gaps} of the strings it prints are untranslated or fuzzy" in out
    assert "level-2/best-practices" in out and not out_dir.exists()
    assert squash("a draft to proof: `recovery-print build --product card-level-2 --lang pl --draft`") in squash(out)
    code, out = run(
        "pack",
        "--data",
        MINI,
        "--product",
        "card-level-2",
        "--lang",
        "pl",
        "--catalogues",
        pl_folder,
        "--out",
        tmp_path / "p",
    )
    assert code == 1 and "pack --draft" not in out
    assert squash("`recovery-print build --product card-level-2 --lang pl --draft`") in squash(out), out

    code, out = run(*args, "--out", out_dir, "--draft")
    assert code == 0, out
    pdf = out_dir / "pl" / "card-level-2.pdf"
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:  # the language's own words, and DRAFT in English for a print shop
            assert squash("PL DRAFT — not for print · DRAFT") in squash(page.extract_text())
    entry = json.loads((out_dir / "build-report.json").read_text())["outputs"][0]
    assert entry["draft"] is True and len(entry["fallbacks"]) == gaps
    assert all(f["context"].startswith("level-2/best-practices") for f in entry["fallbacks"])
    with pikepdf.open(pdf) as doc:
        assert str(doc.Root.Lang) == "pl"


def test_missing_glyph_fails_before_rendering(pl_folder, monkeypatch, tmp_path):
    from render.compose.engine import Engine

    po = read_po((pl_folder / "pl.po").open("rb"))
    po.get(STATEMENT, CONTEXT).string = "Nie potrafi 漢 określić"
    write_catalog(pl_folder / "pl.po", po)
    monkeypatch.setattr(Engine, "render", lambda *a, **k: pytest.fail("rendered despite a missing glyph"))
    with pytest.raises(Exception) as err:
        build(MINI, tmp_path / "out", products=("card-level-1",), langs=("pl",), catalogues=pl_folder)
    assert "U+6F22" in str(err.value) and "'漢'" in str(err.value) and CONTEXT in str(err.value)
    assert not (tmp_path / "out" / "pl").exists()


def test_init_starts_a_registry_languages_catalogue_with_its_cldr_header(tmp_path, monkeypatch):
    from babel.messages.pofile import read_po

    monkeypatch.chdir(tmp_path)
    (tmp_path / "translations").mkdir()
    code, out = run("i18n", "init", "ar", "--data", MINI)
    assert code == 0, out
    assert out == "translations/ar.po: written\n"
    po = read_po((tmp_path / "translations" / "ar.po").open("rb"))
    assert po.locale_identifier == "ar" and po.num_plurals == 6
    assert po.language_team == "Arabic (العربية)"
    messages = [m for m in po if m.id]
    assert messages and not any(m.string for m in messages)
    code, out = run("i18n", "init", "ar", "--data", MINI)
    assert code == 1 and "exists already" in out  # never overwritten
    code, out = run("i18n", "init", "xx", "--data", MINI)
    assert code == 1 and "'xx' is neither in the language registry" in out and "nor a language CLDR knows" in out
    assert "Traceback" not in out
    code, out = run("i18n", "init", "../ar", "--data", MINI)
    assert code == 1 and "not a language code" in out
    assert sorted(p.name for p in (tmp_path / "translations").iterdir()) == ["ar.po"]


def test_init_of_a_language_the_registry_lacks_writes_its_entry_from_cldr_and_it_builds(tmp_path, monkeypatch):
    """French is not in the registry: its entry comes from CLDR (names, script, digits, quotation
    marks, plural forms) and pyphen (its dictionary), beside the catalogue; a draft card builds.
    Hindi's script has no entry (fonts, line spacing): refused, naming the script."""
    from babel.messages.pofile import read_po

    from render.i18n.languages import registry

    monkeypatch.chdir(tmp_path)
    (tmp_path / "translations").mkdir()
    code, out = run("i18n", "init", "fr", "--data", MINI)
    assert code == 0, out
    assert out == "translations/fr.po: written\ntranslations/languages.yaml: written\n"
    french = registry(tmp_path / "translations" / "languages.yaml").of("fr")
    assert (french.english, french.native, french.script.name, french.hyphenation) == (
        "French",
        "français",
        "latin",
        "fr",
    )
    assert french.quotes == ("«", "»", "«", "»") and french.digits == "latn"
    assert registry(tmp_path / "translations" / "languages.yaml").of("ur").script.name == "nastaliq"  # (all kept)
    po = read_po((tmp_path / "translations" / "fr.po").open("rb"))
    assert po.locale_identifier == "fr" and po.language_team == "French (français)" and po.num_plurals >= 2
    code, out = run("i18n", "init", "hi", "--data", MINI)
    assert code == 1 and "Devanagari script (Deva)" in out and "fonts" in out and "Traceback" not in out
    assert not (tmp_path / "translations" / "hi.po").exists()
    code, out = run("build", "--data", MINI, "--lang", "fr", "--draft", "--product", "card-level-1", "--out", "out")
    assert code == 0, out
    assert "DRAFT" in squash(pdfplumber.open(tmp_path / "out" / "fr" / "card-level-1.pdf").pages[0].extract_text())


def test_status_markdown_is_the_language_matrix_of_the_counts():
    import json

    code, out = run("i18n", "status", "--markdown", "--data", MINI)
    assert code == 0, out
    code, raw = run("i18n", "status", "--json", "--data", MINI)
    counts = {r["lang"]: r for r in json.loads(raw)["languages"]}
    rows = {line.split(" | ")[0].strip("| "): line for line in out.splitlines()[2:]}
    assert set(rows) == {"en"} | {lang for lang in counts if not catalogues.is_pseudo(lang)}
    pa = counts["pa"]
    assert rows["pa"].startswith(f"| pa | Panjabi (ਪੰਜਾਬੀ) | Gurmukhi | {pa['translated']} | {pa['fuzzy']} |")
    assert rows["ur"].split(" | ")[2] == "Nastaliq"


def test_the_translators_guides_language_matrix_is_the_commands():
    from tests.helpers import ROOT

    readme = (ROOT / "docs" / "translators.md").read_text(encoding="utf-8")
    shown = readme.split("<!-- language matrix: recovery-print i18n status --markdown -->\n")[1]
    shown = shown.split("\n<!-- end of language matrix -->")[0]
    code, out = run("i18n", "status", "--markdown", "--data", ROOT / "data")
    assert code == 0, out
    assert shown == out.rstrip("\n"), (
        "run `recovery-print i18n status --markdown` and paste it into docs/translators.md"
    )


def test_the_shipped_template_and_catalogues_are_in_step_with_the_templates_and_data(tmp_path):
    """`i18n update` (and `pseudo`) on a copy of translations/ changes no byte: nothing is stale."""
    import shutil
    import subprocess
    import sys

    from tests.helpers import ROOT

    copy = tmp_path / "translations"
    copy.mkdir()
    for path in (ROOT / "translations").glob("*.po*"):
        shutil.copy(path, copy / path.name)
    for action in ("update", "pseudo"):
        done = subprocess.run(
            [sys.executable, "-m", "render", "i18n", action, "--catalogues", str(copy)],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
    stale = [p.name for p in sorted(copy.iterdir()) if p.read_bytes() != (ROOT / "translations" / p.name).read_bytes()]
    assert stale == [], "run `recovery-print i18n update` and `recovery-print i18n pseudo`, then commit translations/"
