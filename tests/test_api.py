"""The Python API: one frozen BuildOptions in, a Report out; the same inputs give the same bytes."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pikepdf
import pytest

import render
from render import BuildOptions, Paths, Theme
from tests.helpers import CATALOGUES, MINI, pdfs


def test_render_build_takes_options_and_returns_a_report(tmp_path):
    options = BuildOptions(Paths(MINI, tmp_path / "out", CATALOGUES), products=("leaflet-person",), workers=1)
    report = render.build(options)
    assert isinstance(report, render.Report)
    assert [(d.path, d.status) for d in report.done] == [("en/leaflet-person.pdf", "built")]
    assert [e.path for e in report.folder.outputs] == ["en/leaflet-person.pdf", "en/leaflet-person-imposed.pdf"]
    assert report.intent.condition == "FOGRA39" and report.out == tmp_path / "out"
    assert (tmp_path / "out" / "build-report.json").read_bytes() == report.folder.to_bytes()
    again = render.build(options)
    assert [d.status for d in again.done] == ["cached"] and again.built == ()
    with pytest.raises(dataclasses.FrozenInstanceError):
        options.workers = 2  # made once, passed whole


def test_the_same_inputs_give_the_same_bytes_and_the_date_comes_from_the_edition(tmp_path, monkeypatch):
    what = dict(products=("leaflet-person",), workers=1, use_cache=False)
    first = render.build(BuildOptions(Paths(MINI, tmp_path / "a", CATALOGUES), **what))
    render.build(BuildOptions(Paths(MINI, tmp_path / "b", CATALOGUES), **what))
    assert pdfs(tmp_path / "a") == pdfs(tmp_path / "b")
    with pikepdf.open(tmp_path / "a" / "en" / "leaflet-person.pdf") as pdf:
        assert str(pdf.docinfo["/CreationDate"]).startswith("D:20261126")  # data/edition.yaml: revised
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    render.build(BuildOptions(Paths(MINI, tmp_path / "c", CATALOGUES), **what))
    with pikepdf.open(tmp_path / "c" / "en" / "leaflet-person.pdf") as pdf:
        assert str(pdf.docinfo["/CreationDate"]).startswith("D:20260101")
    assert first.done[0].status == "built"


def test_paths_start_from_the_working_folder(tmp_path, monkeypatch):
    from render.paths import CATALOGUES as SHIPPED_CATALOGUES

    monkeypatch.chdir(tmp_path)
    assert Paths().catalogues == SHIPPED_CATALOGUES  # no translations/ here: the shipped ones are read
    (tmp_path / "translations").mkdir()
    paths = Paths()
    assert (paths.data, paths.out, paths.catalogues) == (Path("data"), Path("output"), Path("translations"))
    theme = tmp_path / "theme"
    (theme / "translations").mkdir(parents=True)
    assert Paths(theme=Theme.layered(themes=[theme])).strings == (theme / "translations", paths.catalogues)
