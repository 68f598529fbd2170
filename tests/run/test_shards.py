"""A build spread over machines: the plan and its keys, deterministic slices, reports merged;
and the final HTML a plain WeasyPrint lays out as the build did."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from collections import Counter

import pdfplumber
import pytest

from render.options import BuildOptions, plan, shards
from render.paths import Paths
from tests.helpers import MINI, copy_build, replace_in, run

STATEMENT = "Establishes relationship with the person that is reciprocal"  # level 2, clinicians


def planned(*args) -> list[dict]:
    code, out = run("build", "--plan", "--json", "--data", *args)
    assert code == 0, out
    return json.loads(out)["jobs"]


def test_the_plan_keys_each_job_by_its_inputs(tmp_path, mini_build, data_copy):
    built = copy_build(mini_build, tmp_path / "out")
    jobs = planned(MINI, "--out", built)
    assert len(jobs) == 7 and all(len(j["key"]) == 64 and j["current"] for j in jobs)
    assert planned(MINI, "--out", built) == jobs, "the same inputs, the same plan"
    replace_in(data_copy / "levels" / "level-2.yaml", STATEMENT, STATEMENT + " and kind")
    edited = {j["path"]: j for j in planned(data_copy, "--out", built)}
    for job in jobs:
        assert edited[job["path"]]["key"] != job["key"]
    assert not edited["en/card-level-2.pdf"]["current"]  # it prints the statement
    assert edited["en/card-level-1.pdf"]["current"]  # it does not


@pytest.mark.parametrize("n", [1, 2, 3, 7, 10])
def test_shards_cover_every_job_once_and_keep_a_set_together(mini, n):
    _, products = mini
    options = BuildOptions(Paths(MINI), langs=("en", "pl"))
    jobs = plan(products, options)
    where = shards(jobs, n)
    assert set(where) == {j.path for j in jobs} and set(where.values()) <= set(range(1, n + 1))
    for lang in ("en", "pl"):
        assert where[f"{lang}/card-level-1.pdf"] == where[f"{lang}/card-level-2.pdf"]
    sliced = [plan(products, BuildOptions(Paths(MINI), langs=("en", "pl"), shard=(i, n))) for i in range(1, n + 1)]
    assert sorted(j.path for s in sliced for j in s) == sorted(j.path for j in jobs)
    assert set(where.values()) == set(range(1, n + 1)), "12 groups (a set counts once): no slice idle"


def test_a_bad_shard_is_a_usage_error():
    for bad in ("3/2", "a/b"):
        command = [sys.executable, "-m", "render", "build", "--plan", "--data", str(MINI), "--shard", bad]
        done = subprocess.run(command, capture_output=True, text=True)
        assert done.returncode == 1 and "I/N with 1 <= I <= N" in done.stderr, done.stderr


@pytest.mark.slow
def test_shards_built_apart_are_checked_and_packed_together(tmp_path):
    """A card set (kept in one shard) and the booklet (imposed too), built in two shards."""
    folders = [tmp_path / f"shard-{i}" for i in (1, 2)]
    products = ("--product", "card-level-1", "--product", "card-level-2", "--product", "booklet")
    for i, folder in enumerate(folders, 1):
        code, out = run("build", "--data", MINI, "--out", folder, *products, "--shard", f"{i}/2", "-j", "1")
        assert code == 0, out
    made = [json.loads((f / "build-report.json").read_text())["outputs"] for f in folders]
    readers = [{e["path"] for e in outputs if not e.get("imposed_from")} for outputs in made]
    assert readers[0] and readers[1] and not readers[0] & readers[1]
    assert readers[0] | readers[1] == {j["path"] for j in planned(MINI, *products)} == {
        "en/card-level-1.pdf", "en/card-level-2.pdf", "en/booklet.pdf"
    }  # fmt: skip
    assert any({"en/card-level-1.pdf", "en/card-level-2.pdf"} <= r for r in readers), "a set in one shard"
    code, out = run("preflight", "--data", MINI, *folders)
    assert code == 0 and "4 file(s): 4 pass, 0 fail" in out, out
    code, out = run("pack", "--data", MINI, "--from", folders[0], "--from", folders[1], "--out", tmp_path / "packs")
    assert code == 0, out
    zips = sorted(p.name for p in (tmp_path / "packs").glob("*.zip"))
    assert len(zips) == 3, zips
    with zipfile.ZipFile(tmp_path / "packs" / "NIMHE-booklet-en.zip") as z:
        assert {"NIMHE-booklet-en/booklet-en.pdf", "NIMHE-booklet-en/booklet-en-imposed.pdf"} <= set(z.namelist())


def _sizes(path) -> tuple[int, Counter, list[str]]:
    with pdfplumber.open(path) as pdf:
        chars = [c for page in pdf.pages for c in page.chars]
        texts = [page.extract_text().replace("\u00ad", "\u2010") for page in pdf.pages]  # (the tagged finish)
        return len(pdf.pages), Counter(round(c["size"], 2) for c in chars), texts


def test_the_final_html_lays_out_in_plain_weasyprint_as_the_build_did(tmp_path):
    code, out = run(
        "build", "--data", MINI, "--out", tmp_path / "out", "--html", tmp_path / "html", "--product", "card-level-2",
        "--profile", "screen",
    )  # fmt: skip
    assert code == 0, out
    page = tmp_path / "html" / "en" / "screen" / "card-level-2.html"
    assert '<link rel="stylesheet" href="file:///' in page.read_text()
    plain = tmp_path / "plain.pdf"
    done = subprocess.run([sys.executable, "-m", "weasyprint", str(page), str(plain)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert _sizes(plain) == _sizes(tmp_path / "out" / "en" / "screen" / "card-level-2.pdf")
