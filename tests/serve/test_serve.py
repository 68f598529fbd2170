"""The workbench (recovery-print serve) in a real browser: Debian's Chromium, driven by Playwright."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.helpers import CATALOGUES, MINI, ROOT

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.xdist_group("serve")  # (one workbench and one browser for every test here)
VIEWS = ("/", "/product/en/card-level-1", "/product/pl/card-level-1", "/translate/pl")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


@pytest.fixture(scope="module")
def workbench(tmp_path_factory):
    """A workbench on a copy of the small data set, building card-level-1 in English and Polish (draft)."""
    tmp = tmp_path_factory.mktemp("serve")
    data = shutil.copytree(MINI, tmp / "data")
    port = free_port()
    log = (tmp / "serve.log").open("w")
    args = [sys.executable, "-m", "render", "serve", "--data", str(data), "--out", str(tmp / "out")]
    catalogues = shutil.copytree(CATALOGUES, tmp / "translations")  # (the translator's view writes to it)
    args += ["--catalogues", str(catalogues), "--product", "card-level-1", "--lang", "en", "--lang", "pl"]
    args += ["--draft", "-j", "2", "--port", str(port)]
    server = subprocess.Popen(
        args, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"}
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            if json.loads(fetch(f"{url}/generation")[1])["generation"] >= 1:
                break
        except (OSError, ValueError):
            pass
        assert server.poll() is None, (tmp / "serve.log").read_text()
        time.sleep(0.5)
    else:
        pytest.fail(f"the workbench did not build: {(tmp / 'serve.log').read_text()}")
    yield url, data, tmp / "serve.log", server.pid
    server.send_signal(signal.SIGINT)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()


@pytest.fixture(scope="module")
def browser():
    import playwright.sync_api as playwright  # (in the test extras: a missing one is a failure, not a skip)

    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is not installed: run `make setup`")
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield chromium
        chromium.close()


def open_page(browser, url: str):
    """A new page at url, and the list its console errors (and uncaught exceptions) go to."""
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page, errors


def test_it_listens_on_loopback_and_says_where(workbench):
    url, _, log = workbench[:3]
    assert f"Serving the workbench on {url}/" in log.read_text()


def test_its_build_workers_are_not_forked_from_the_threaded_server(workbench):
    """The first build made two outputs with -j 2: in workers forked from a server process the
    workbench started clean (multiprocessing's forkserver), never from its own threaded process."""
    *_, log, pid = workbench
    assert "Built en/card-level-1.pdf, pl/card-level-1.pdf" in log.read_text()
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            command = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, IndexError, ValueError):
            continue
        if ppid == pid:
            children.append(command)
    assert any("multiprocessing.forkserver import main" in c for c in children), children


def test_it_shows_no_file_outside_its_folders(workbench):
    url, data, _ = workbench[:3]
    status, text = fetch(f"{url}/source?file=/etc/passwd")
    assert status == 404 and "root:" not in text
    status, text = fetch(f"{url}/source?file={data}/levels/level-1.yaml&line=3")
    assert status == 200 and 'id="L3" class="here"' in text


def test_every_view_loads_without_console_errors(workbench, browser):
    url, _, _ = workbench[:3]
    for view in VIEWS:
        page, errors = open_page(browser, url + view)
        assert page.title().endswith("recovery-print workbench"), view
        assert errors == [], view
        page.close()


def test_the_product_view_shows_its_pages_and_fit(workbench, browser):
    url, _, _ = workbench[:3]
    page, _ = open_page(browser, url + "/product/pl/card-level-1")
    sizes = page.eval_on_selector_all("#pages img", "imgs => imgs.map(i => [i.naturalWidth, i.naturalHeight])")
    assert len(sizes) == 2 and all(w > 100 and h > w for w, h in sizes)  # two A4 pages, drawn
    fit = page.inner_text("#fit")
    assert "floor 8.0 pt" in fit and "fits" in fit and "pass" in fit and "current" in fit


def test_the_translators_view_lists_a_fuzzy_entry_as_fuzzy(workbench, browser):
    url, _, _ = workbench[:3]
    catalogue = read_po((CATALOGUES / "pl.po").open("rb"))
    fuzzy = next(m for m in catalogue if m.id and m.string and m.fuzzy and m.context == "level-1/name")
    page, _ = open_page(browser, url + "/translate/pl?status=fuzzy")
    row = page.locator("#entries tr", has_text=fuzzy.string).first
    assert row.locator("td.status").inner_text().strip() == "fuzzy"
    assert fuzzy.id in row.inner_text()
    assert "untranslated" not in page.locator("#entries").inner_text()  # (only the fuzzy ones, as asked)


def test_an_edit_shows_up_in_the_open_page_by_itself(workbench, browser):
    url, data, _ = workbench[:3]
    page, errors = open_page(browser, url + "/translate/pl")
    level = data / "levels" / "level-1.yaml"
    text = level.read_text(encoding="utf-8")
    assert "Advanced Agreements" in text
    start = time.monotonic()
    level.write_text(text.replace("Advanced Agreements", "Advance Agreements (Zanzibar)", 1), encoding="utf-8")
    page.wait_for_function("document.body.innerText.includes('Advance Agreements (Zanzibar)')", timeout=90_000)
    seconds = time.monotonic() - start
    assert "untranslated" in page.locator("#entries tr", has_text="Zanzibar").first.inner_text()
    assert seconds < 60, seconds
    index, _ = open_page(browser, url + "/")
    assert "glossary drift" not in index.inner_text("main")  # the warning the edit put right is gone
    assert errors == []


def test_a_translation_typed_and_saved_is_in_the_catalogue_and_the_page(workbench, browser):
    """Type a translation in the translator's view and save it: the PO file holds it, not fuzzy;
    the page, rebuilt, shows it translated."""
    url, data, _ = workbench[:3]
    catalogue = data.parent / "translations" / "pl.po"
    page, errors = open_page(browser, url + "/translate/pl")
    row = page.locator("#entries tr", has_text="Cannot identify personal needs").first
    row.locator("textarea").fill("Nie rozpoznaje własnych potrzeb")
    row.locator("button.try").click()  # what it would cost, before it is saved
    page.wait_for_function("document.querySelector('.said.trial') !== null", timeout=60_000)
    assert row.locator(".said").inner_text().startswith("card-level-1: 2 → 2 pages; recovery-process ")
    row.locator("button.room").click()  # how much longer it could grow
    page.wait_for_function("document.querySelector('.said.room') !== null", timeout=60_000)
    assert re.match(r"card-level-1: 2 pages \(recovery-process at [\d.]+ pt\); ", row.locator(".said").inner_text())
    row.locator("input.fuzzy").uncheck()
    row.locator("button.save").click()
    page.wait_for_function("document.body.innerText.includes('saved')", timeout=20_000)
    saved = {(m.context, m.id): m for m in read_po(catalogue.open("rb")) if m.id}
    entry = saved[("level-1/recovery-process/person/clinical-care", "Cannot identify personal needs")]
    assert entry.string == "Nie rozpoznaje własnych potrzeb" and not entry.fuzzy
    page.wait_for_function("!document.body.innerText.includes('saved: rebuilding')", timeout=90_000)  # (reloaded)
    row = page.locator("#entries tr", has_text="Cannot identify personal needs").first
    assert row.locator("td.status").inner_text().strip() == "translated"
    assert row.locator("textarea").input_value() == "Nie rozpoznaje własnych potrzeb"
    # The entry on its page: the page's picture cropped round it, outlined.
    import io

    from PIL import Image

    with urllib.request.urlopen(url + row.locator("a.on-page").first.get_attribute("href"), timeout=30) as answer:
        picture = Image.open(io.BytesIO(answer.read())).convert("RGB")
    assert 100 < picture.width < 1240 / 2 and picture.height < 1754 / 3  # (a part of an A4 page at 150 dpi)
    assert (214, 40, 40) in {colour for _, colour in picture.getcolors(1 << 16)}  # the outline
    assert errors == []


def test_a_page_opens_large_enough_to_read_and_the_pdf_itself(workbench, browser):
    """A page picture is a link to the page at 150 dpi (an A4 page 1240 px wide); the PDF is linked."""
    import io

    from PIL import Image

    url, _, _ = workbench[:3]
    page, errors = open_page(browser, url + "/product/pl/card-level-1")
    large = page.locator("#pages a").first.get_attribute("href")
    with urllib.request.urlopen(url + large, timeout=30) as answer:
        picture = Image.open(io.BytesIO(answer.read()))
    assert answer.headers["Content-Type"] == "image/png" and abs(picture.width - 1240) <= 2
    with urllib.request.urlopen(url + page.locator("#pdf").get_attribute("href"), timeout=30) as answer:
        assert answer.read(5) == b"%PDF-" and answer.headers["Content-Type"] == "application/pdf"
    assert fetch(f"{url}/pdf/pl/poster.pdf")[0] == 404  # (not built by this workbench)
    assert errors == []
