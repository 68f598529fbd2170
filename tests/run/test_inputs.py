"""The cache key is what a build reads: every file a build of each kind opens is in its key, and
after an edit to any kind of input the incremental build is the cold one, byte for byte."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from render import api
from render.options import BuildOptions, plan
from render.paths import STYLES, TEMPLATES, Paths, Theme
from render.run import cache
from render.run.runner import Inputs, jobs_planned
from render.session import Session
from render.source import load_framework
from tests.helpers import CATALOGUES, MINI, ROOT, page_texts, pdfs, replace_in, squash
from tests.run.reads import KINDS


def test_every_file_a_build_reads_is_in_its_key(tmp_path):
    result = tmp_path / "reads.json"
    out = tmp_path / "out"
    args = [sys.executable, "-m", "tests.run.reads", MINI, CATALOGUES, out, result]
    ran = subprocess.run([str(a) for a in args], cwd=ROOT, capture_output=True, text=True)
    assert ran.returncode == 0, ran.stderr[-3000:]
    reads = json.loads(result.read_text(encoding="utf-8"))
    model = set(reads.pop("model"))  # the data's files, in the key as the model they load into
    assert {Path(p).name for p in model} >= {"edition.yaml", "framework.yaml", "level-1.yaml", "products.yaml"}
    fw, products = load_framework(MINI)
    for i, (kind, what) in enumerate(KINDS):
        options = BuildOptions(Paths(MINI, out / str(i), CATALOGUES), **what)
        jobs = plan(products, options)
        sources = Inputs.of(options, fw, jobs, Session()).sources
        catalogues = {str(p.absolute()) for job in jobs for p in cache.catalogue_paths(job.lang, options.paths.strings)}
        read = set(reads[kind])
        assert str(options.paths.registry.absolute()) in read, kind  # what the recorder sees is read
        assert catalogues <= read, kind
        missing = sorted(p for p in read - model - catalogues if not sources.covers(Path(p)))
        assert missing == [], f"{kind}: read, but not in the key"


def test_the_registry_is_the_one_beside_the_catalogues_and_in_the_plans_keys(tmp_path):
    folder = shutil.copytree(CATALOGUES, tmp_path / "translations")
    paths = Paths(MINI, tmp_path / "out", folder)
    assert paths.registry == folder / "languages.yaml"
    assert Paths(MINI, tmp_path / "out", tmp_path).registry == CATALOGUES / "languages.yaml"  # none there
    options = BuildOptions(paths, products=("card-level-1",), langs=("pl",), draft=True)
    before = jobs_planned(options)[0]["key"]
    replace_in(folder / "languages.yaml", "hyphenation: pl_PL", "hyphenation: none")
    assert jobs_planned(options)[0]["key"] != before


# Each kind of input a build is made from, edited once: (file under the world, text, its edit,
# the products that print it).
CARD, LEAFLET = ("card-level-1",), ("leaflet-person",)
EDITS = {
    "statement": (
        "data/levels/level-1.yaml",
        "Cannot identify personal needs",
        "Cannot name personal needs",
        CARD + LEAFLET,
    ),
    "prose": ("data/text/overview.yaml", "what people experience themselves", "what people live themselves", LEAFLET),
    "catalogue entry": (
        "translations/pl.po",
        '"Nie potrafi określić własnych potrzeb"',
        '"Nie umie nazwać potrzeb"',
        CARD + LEAFLET,
    ),
    "registry": (
        "translations/languages.yaml",
        "hyphenation: pl_PL, quotes",
        "hyphenation: none, quotes",
        CARD + LEAFLET,
    ),
    "products.yaml": ("data/products.yaml", "margins_mm: [21, 10, 13, 10]", "margins_mm: [22, 10, 13, 10]", CARD),
    "template": ("theme/templates/card.html", "<span>", "<span>~ ", CARD),
    "stylesheet": (
        "theme/styles/card.css",
        "calc(var(--margin-left) + var(--bleed)) 2.5mm;",
        "calc(var(--margin-left) + var(--bleed)) 3.5mm;",
        CARD,
    ),
    "accepted.yaml": ("data/accepted.yaml", "the wording kept", "the wording kept, as printed", ()),
    "corrections.yaml": ("data/corrections.yaml", "a publisher's typo", "the publisher's typo", ()),
}
PRODUCTS = ("card-level-1", "leaflet-person")
ACCEPTED = """accepted:
  - path: level-1/recovery-process/person/clinical-care[0]
    rule: glossary drift
    reason: the wording kept
"""
CORRECTIONS = """corrections:
  - path: level-1/recovery-process/person/clinical-care
    source: Cannot identfy personal needs
    printed: Cannot identify personal needs
    reason: extraction error
    note: a publisher's typo
"""


def _options(world: Path, out: str, use_cache: bool = True, products: tuple[str, ...] = PRODUCTS) -> BuildOptions:
    theme = Theme.layered(themes=[world / "theme"])
    paths = Paths(world / "data", world / out, world / "translations", theme)
    return BuildOptions(paths, products=products, langs=("pl",), draft=True, use_cache=use_cache, workers=1)


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """The data, catalogues and a theme (copies of the card's template and stylesheet), built once."""
    root = tmp_path_factory.mktemp("world")
    shutil.copytree(MINI, root / "data")
    (root / "data" / "accepted.yaml").write_text(ACCEPTED, encoding="utf-8")
    (root / "data" / "corrections.yaml").write_text(CORRECTIONS, encoding="utf-8")
    shutil.copytree(CATALOGUES, root / "translations", ignore=shutil.ignore_patterns("*.pot"))
    (root / "theme" / "templates").mkdir(parents=True)
    (root / "theme" / "styles").mkdir()
    shutil.copy(TEMPLATES / "card.html", root / "theme" / "templates")
    shutil.copy(STYLES / "card.css", root / "theme" / "styles")
    api.build(_options(root, "out"))
    return root


@pytest.mark.parametrize("kind", EDITS)
def test_after_an_edit_of_each_input_the_incremental_build_is_the_cold_one(world, tmp_path, kind):
    file, old, new, printed = EDITS[kind]
    here = shutil.copytree(world, tmp_path / "world", symlinks=True)
    before = pdfs(here / "out")
    replace_in(here / file, old, new)
    incremental = api.build(_options(here, "out"))
    # The cold build makes what prints the edit (a card for an edit that prints nowhere); the
    # incremental one considers both products, and must keep the other's file as it was.
    api.build(_options(here, "cold", use_cache=False, products=printed or CARD))
    after, cold = pdfs(here / "out"), pdfs(here / "cold")
    assert sorted(after) == sorted(before) and set(cold) <= set(after)
    assert all(p in cold or after[p] == before[p] for p in after), f"{kind}: an output the edit cannot reach changed"
    assert [p for p in cold if after[p] != cold[p]] == [], f"{kind}: the incremental build kept stale bytes"
    changed = [p for p in after if after[p] != before[p]]
    made = [e.path for d in incremental.done if d.status == "built" for e in d.entries]
    if printed:
        assert changed, f"{kind}: the edit changed no output (the test proves nothing)"
        assert set(changed) <= set(made)
    else:
        assert changed == [] and made == []


def test_an_edited_translation_rebuilds_only_the_outputs_that_print_it(world, tmp_path):
    """A clinicians' statement's translation: the card prints it, the person's leaflet does not."""
    here = shutil.copytree(world, tmp_path / "world", symlinks=True)
    replace_in(here / "translations" / "pl.po", '"Daje nadzieję i oferuje przyjaźń"', '"Daje nadzieję i przyjaźń"')
    report = api.build(_options(here, "out"))
    made = sorted(d.path for d in report.done if d.status == "built")
    assert made == ["pl/card-level-1.pdf"]
    assert squash("Daje nadzieję i przyjaźń") in squash(" ".join(page_texts(here / "out" / "pl" / "card-level-1.pdf")))
