"""The cache: what each output's key covers, the manifest read back, anything unreadable counts as empty."""

from __future__ import annotations

import dataclasses
import json

from render.compose.record import VERSION, Record
from render.paths import Paths, Theme
from render.run import cache
from render.run.report import OutputEntry
from render.source import load_framework
from tests.helpers import MINI, build, replace_in

ENTRY = OutputEntry("booklet", "en", "standard", "press", "en/booklet.pdf", 12, 2, (148.0, 210.0), 3.0, 9.5)


def test_a_statement_changes_its_cells_context_only(framework, data_copy):
    before = cache.text_index(framework)
    replace_in(data_copy / "levels" / "level-2.yaml", "Aware of illness", "Aware of the illness")
    after = cache.text_index(load_framework(data_copy)[0])
    assert {c for c in after if after[c] != before.get(c)} == {"level-2/recovery-process/person/clinical-care"}
    static = "x"
    card_1 = ["level-1/recovery-process/person/clinical-care", "ui"]
    card_2 = ["level-2/recovery-process/person/clinical-care", "ui"]
    assert cache.output_key(static, card_1, before) == cache.output_key(static, card_1, after)
    assert cache.output_key(static, card_2, before) != cache.output_key(static, card_2, after)


def test_data_that_is_not_text_changes_every_key(framework, data_copy):
    replace_in(data_copy / "edition.yaml", "01902 518 652", "01902 518 000")
    after = cache.text_index(load_framework(data_copy)[0])
    assert after["#structure"] != cache.text_index(framework)["#structure"]
    assert cache.output_key("x", ["ui"], after) != cache.output_key("x", ["ui"], cache.text_index(framework))


def test_the_look_and_the_catalogues_are_in_the_keys(tmp_path):
    theme = tmp_path / "theme" / "styles"
    theme.mkdir(parents=True)
    font, other = tmp_path / "a.ttf", tmp_path / "b.ttf"
    font.write_bytes(b"font")
    other.write_bytes(b"other font")
    plain = cache.Sources.of(Paths(MINI), [font]).fingerprint
    (theme / "card.css").write_text("body { color: black }")
    layered = cache.Sources.of(Paths(MINI, theme=Theme.layered(themes=[tmp_path / "theme"])), [font]).fingerprint
    assert plain != layered != cache.Sources.of(Paths(MINI), [other]).fingerprint
    assert plain == cache.Sources.of(Paths(MINI), [font]).fingerprint
    po = 'msgid ""\nmsgstr ""\n\nmsgctxt "a"\nmsgid "One"\nmsgstr "Jeden"\n\nmsgctxt "b"\nmsgid "Two"\nmsgstr "Dwa"\n'
    (tmp_path / "pl.po").write_text(po)
    assert cache.translation_index("en", (tmp_path,), False) == {}
    assert list(cache.translation_index("de", (tmp_path,), False)) == ["#catalogue"]  # (no catalogue: said)
    first = cache.translation_index("pl", (tmp_path,), False)
    (tmp_path / "pl.po").write_text(po.replace('"Dwa"', '"Dwie"'))
    second = cache.translation_index("pl", (tmp_path,), False)
    assert first["a"] == second["a"] and first["b"] != second["b"]  # (only the edited entry's context)
    merged = cache.merged_index({"a": "A", "#structure": "S"}, second)
    assert merged["#structure"] == "S" and merged["a"] != "A" and "b" in merged


def test_the_manifest_reads_back_what_was_written(tmp_path):
    pdf = tmp_path / "en" / "booklet.pdf"
    pdf.parent.mkdir()
    pdf.write_bytes(b"%PDF-1.6 booklet")
    entry = cache.Entry(
        "key", ("ui",), {"en/booklet.pdf": cache.digest(pdf.read_bytes())}, (ENTRY,), 12, {"all": 10.0}, 1.5
    )
    store = cache.Store({"en/booklet.pdf": entry}, {"m": Record(1.0, {"a/b/c/d/0": 1}, (("a", "d"),), ("a/b/c/d/0",))})
    for name, data in store.files().items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_bytes(data)
    again = cache.Store.load(tmp_path)
    assert again == store
    assert again.entries["en/booklet.pdf"].fresh(tmp_path)
    pdf.write_bytes(b"%PDF-1.6 edited")
    assert not again.entries["en/booklet.pdf"].fresh(tmp_path)


def test_an_unreadable_or_foreign_manifest_counts_as_empty(tmp_path):
    (tmp_path / ".cache").mkdir()
    for text in ("not json", '{"format": 1, "outputs": {}}', '{"format": 2, "outputs": {"a": {"key": 1}}}', "[]"):
        (tmp_path / cache.MANIFEST).write_text(text)
        (tmp_path / cache.MEASURES).write_text(text)
        assert cache.Store.load(tmp_path) == cache.Store()
    bad = dataclasses.asdict(ENTRY) | {"path": "../../etc/passwd.pdf"}
    (tmp_path / cache.MANIFEST).write_text(
        f'{{"format": {cache.FORMAT}, "outputs": {{"x": {{"key": "k", "contexts": [], "files": {{}}, "pages": 1, "sizes": {{}}, '
        f'"seconds": 0, "entries": [{__import__("json").dumps(bad)}]}}}}}}'
    )
    assert cache.Store.load(tmp_path).entries == {}


def test_a_builds_measurements_are_read_back_whole(tmp_path):
    """What the fitter keeps is what the cache takes back: the next build measures nothing again."""
    build(MINI, tmp_path, products=("card-level-1", "poster"))
    written = json.loads((tmp_path / cache.MEASURES).read_text())["measures"]
    store = cache.Store.load(tmp_path)
    assert written and {k: r.to_json() for k, r in store.measures.items()} == written and not store.warnings


def test_a_measurement_record_reads_back_and_nothing_else_does():
    record = Record(12.5, {"level-1/recovery-process/person/clinical-care/0": 1}, (("recovery-process", "x"),), ("s",))
    assert Record.from_json(json.loads(json.dumps(record.to_json()))) == record
    assert Record.from_json(Record(3.0).to_json()) == Record(3.0)
    for wrong in (
        [VERSION + 1, *record.to_json()[1:]],  # another version's: measured again
        record.to_json()[1:],  # the shape before records were versioned
        [VERSION, "tall", {}, [], []],
        [VERSION, float("nan"), {}, [], []],
        [VERSION, 1.0, {"a": "1"}, [], []],
        [VERSION, 1.0, {}, [["a"]], []],
        [VERSION, True, {}, [], []],
        "not a record",
    ):
        assert Record.from_json(wrong) is None, wrong
