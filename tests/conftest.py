"""Shared fixtures: the data sets, loaded once, and builds made once per test run.

Unit tests use the small data set in tests/data (two levels, three components); the
tests of the shipped products use `english_build`, which makes them slow: they are
marked so, and kept on one worker process, which builds the English set once.
"""

from __future__ import annotations

import shutil

import pytest

from render.source import load_framework

from .helpers import MINI, SHIPPED, build, shared_folder


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    for item in items:
        if "english_build" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)
            item.add_marker(pytest.mark.xdist_group("english"))
    # The slow tests first (stably): the workers start on the longest work and end together,
    # instead of one of them starting a long test while the other runs out of work.
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture(scope="session")
def mini():
    """The small data set: (framework, products)."""
    return load_framework(MINI)


@pytest.fixture(scope="session")
def framework(mini):
    return mini[0]


@pytest.fixture(scope="session")
def products(mini):
    return mini[1]


@pytest.fixture(scope="session")
def shipped():
    """The shipped data: (framework, products)."""
    return load_framework(SHIPPED)


@pytest.fixture
def data_copy(tmp_path):
    """A writable copy of the small data set, for bad-input and edit tests."""
    return shutil.copytree(MINI, tmp_path / "data")


@pytest.fixture
def shipped_copy(tmp_path):
    """A writable copy of the shipped data."""
    return shutil.copytree(SHIPPED, tmp_path / "data")


@pytest.fixture(scope="session")
def mini_build(tmp_path_factory):
    """Every product of the small data set in English, built once per test run (shared by workers)."""
    return shared_folder(tmp_path_factory.getbasetemp(), "mini-build", lambda out: build(MINI, out))


@pytest.fixture(scope="session")
def screen_build(tmp_path_factory):
    """Every product of the small data set for the screen (tagged PDF/UA-1), built once per run."""
    return shared_folder(tmp_path_factory.getbasetemp(), "mini-screen", lambda out: build(MINI, out, profile="screen"))


@pytest.fixture(scope="session")
def english_build(tmp_path_factory):
    """Every English product of the shipped data, built once (on the worker that runs the slow tests)."""
    out = tmp_path_factory.mktemp("english")
    build(SHIPPED, out, workers=2)
    return out


@pytest.fixture(scope="session")
def english_report(english_build):
    """build-report.json entries of the English build, by product."""
    from render.run.report import BuildReport

    return {entry.product: entry for entry in BuildReport.read(english_build).outputs}
