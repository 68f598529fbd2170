"""Installed from a wheel into a fresh virtual environment, the program works from any folder."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pikepdf
import pytest

from tests.helpers import MINI, ROOT

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("install")]  # one venv, on one worker


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh venv holding the wheel of this checkout (its dependencies seen from the test's own environment)."""
    root = tmp_path_factory.mktemp("install")
    source, wheels = root / "source", root / "wheels"
    for name in ("render", "templates", "styles", "translations"):  # the checkout's sources, built elsewhere
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    build = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet", "-w", str(wheels)]
    done = subprocess.run([*build, str(source)], capture_output=True, text=True)  # offline: setuptools is here
    assert done.returncode == 0, done.stderr
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    # The dependencies are this environment's: a .pth file puts its site-packages on the path
    # (its editable install of the checkout is not, as .pth files of a .pth's folder are not read).
    site = next(venv.glob("lib/python*/site-packages"))
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    (wheel,) = wheels.glob("*.whl")
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--no-deps", "--quiet", str(wheel)]
    done = subprocess.run(pip, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return venv


def test_the_wheel_builds_the_poster_from_a_folder_outside_the_checkout(installed, tmp_path):
    work = tmp_path / "elsewhere"
    shutil.copytree(MINI, work / "content")
    command = [str(installed / "bin" / "recovery-print"), "build", "--data", "content", "--out", "pdfs"]
    done = subprocess.run([*command, "--product", "poster", "-j", "1"], cwd=work, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 output(s) built, 0 unchanged; in pdfs/" in done.stdout
    with pikepdf.open(work / "pdfs" / "en" / "poster.pdf") as pdf:
        assert len(pdf.pages) == 1 and str(pdf.docinfo["/GTS_PDFXVersion"]) == "PDF/X-4"
    where = subprocess.run(
        [str(installed / "bin" / "python"), "-c", "import render.paths as p; print(p.ASSETS)"],
        cwd=work,
        capture_output=True,
        text=True,
    )
    assert where.stdout.strip().endswith("site-packages/render/assets"), where.stdout  # not the checkout's


def test_without_a_data_folder_it_says_where_it_looked_in_one_line(installed, tmp_path):
    done = subprocess.run(
        [str(installed / "bin" / "recovery-print"), "build"], cwd=tmp_path, capture_output=True, text=True
    )
    assert done.returncode == 1
    assert done.stderr == f"Error: no data folder: looked for data in {tmp_path}; point at one with --data DIR\n"


def test_the_shipped_catalogues_build_a_language_and_extract_writes_here(installed, tmp_path):
    shutil.copytree(MINI, tmp_path / "data")
    bin_ = installed / "bin" / "recovery-print"
    done = subprocess.run(
        [str(bin_), "build", "--product", "leaflet-person", "--lang", "cy", "--draft", "-j", "1"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "output" / "cy" / "leaflet-person.pdf").is_file()
    done = subprocess.run([str(bin_), "i18n", "extract"], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout == "translations/messages.pot: written\n"
