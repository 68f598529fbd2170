"""Property tests: random and mutated inputs to the YAML and PO readers give a clear error or a
result, never anything else (no exception of another kind, nothing unprintable in a message)."""

from __future__ import annotations

import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from render.errors import BuildError, DataError, FolderError, printable
from render.i18n import catalogues
from render.source import load_framework
from render.source.yamlsafe import load
from tests.helpers import CATALOGUES, MINI

LEVEL = (MINI / "levels" / "level-1.yaml").read_text(encoding="utf-8")
PO = (CATALOGUES / "pl.po").read_bytes()
SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def mutate(text, data):
    """A text with a few random cuts, insertions and replacements."""
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(text)))
        kind = data.draw(st.sampled_from(["cut", "insert", "replace"]))
        piece = data.draw(st.text(max_size=12) if isinstance(text, str) else st.binary(max_size=12))
        end = min(len(text), at + data.draw(st.integers(0, 20)))
        text = text[:at] + (piece if kind != "cut" else text[:0]) + text[(end if kind != "insert" else at) :]
    return text


@SETTINGS
@given(st.text(max_size=400))
def test_any_text_is_a_tree_or_problems(text):
    root, problems = load(text, "data/x.yaml")
    assert (root is None) == bool(problems) or (root is not None and not problems)
    for p in problems:
        assert p.file == "data/x.yaml" and p.line >= 1 and p.message


@SETTINGS
@given(st.data())
def test_a_mutated_level_file_is_a_tree_or_problems(data):
    root, problems = load(mutate(LEVEL, data), "data/levels/level-1.yaml")
    assert root is not None or problems


@SETTINGS
@given(st.data())
def test_a_mutated_data_folder_loads_or_names_its_problems(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("data") / "data"
    shutil.copytree(MINI, folder)
    name = data.draw(
        st.sampled_from(["levels/level-1.yaml", "framework.yaml", "products.yaml", "edition.yaml", "text/notes.yaml"])
    )
    path = folder / name
    path.write_text(mutate(path.read_text(encoding="utf-8"), data), encoding="utf-8")
    try:
        load_framework(folder)
    except DataError as err:
        assert err.problems and all(str(folder.name) in p.file for p in err.problems)
        assert printable(err.message) == err.message or "\\u" in printable(err.message)
    except FolderError:  # pragma: no cover (the folder is there)
        pytest.fail("the folder was found")


@SETTINGS
@given(st.data())
def test_a_mutated_catalogue_reads_or_says_what_is_wrong(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("po")
    (folder / "pl.po").write_bytes(mutate(PO, data))
    try:
        translations, refused = catalogues.read("pl", (folder,), fuzzy=True)
    except BuildError as err:
        assert str(folder / "pl.po") in err.message
        return
    assert all(isinstance(k, tuple) and isinstance(v, str) for k, v in translations.items())
    assert set(translations).isdisjoint(refused)


@SETTINGS
@given(st.binary(max_size=600))
def test_any_bytes_as_a_catalogue(tmp_path_factory, blob):
    folder = tmp_path_factory.mktemp("po")
    (folder / "cy.po").write_bytes(blob)
    try:
        catalogues.read("cy", (folder,))
    except BuildError as err:
        assert str(folder / "cy.po") in err.message


def test_the_readers_reach_both_outcomes():
    """(The properties above would hold vacuously if nothing ever read, or nothing ever failed.)"""
    assert load(LEVEL, "x")[0] is not None and load(LEVEL.replace("level: 1", "level: [1", 1), "x")[1]
    assert catalogues.read("pl", (CATALOGUES,), fuzzy=True)[0]
