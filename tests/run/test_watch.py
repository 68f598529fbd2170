"""Watch: rebuild what a save affects, survive errors, ignore editors' files."""

from __future__ import annotations

import threading
import time

from render import api
from render.run.watch import relevant, watch
from tests.helpers import options, replace_in


def wait_for(predicate, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while not predicate() and time.monotonic() < deadline:
        time.sleep(0.05)
    return predicate()


def test_watch_rebuilds_after_a_change_and_survives_errors(tmp_path):
    import click

    folder = tmp_path / "data"
    folder.mkdir()
    calls, lines = [], []
    stop = threading.Event()

    def rebuild():
        calls.append(time.monotonic())
        if len(calls) == 2:
            raise click.ClickException("data/levels/level-1.yaml:3: level: must be a number")
        if len(calls) == 3:
            stop.set()

    thread = threading.Thread(target=watch, args=([folder], rebuild, lines.append, stop))
    thread.start()
    for n in (2, 3):
        assert wait_for(lambda n=n: len(calls) >= n - 1, 20)
        time.sleep(0.3)
        (folder / "level-1.yaml").write_text(f"level: {n}\n")
        assert wait_for(lambda n=n: len(calls) >= n, 20)
    stop.set()
    thread.join(timeout=20)
    assert len(calls) == 3
    assert any(line.startswith("Changed: data/level-1.yaml") for line in lines), lines
    assert "error: data/levels/level-1.yaml:3: level: must be a number" in lines
    assert "Waiting for the next change." in lines


def test_a_saved_statement_rebuilds_its_card_and_the_proof_sheet(tmp_path, data_copy):
    out = tmp_path / "out"
    lines: list[str] = []
    stop = threading.Event()
    opts = options(data_copy, out, products=("card-level-1", "card-level-2"))
    thread = threading.Thread(target=api.watch, args=(opts, lines.append, stop))
    thread.start()
    try:
        assert wait_for(lambda: any(line.startswith("Watching ") for line in lines)), lines
        first = out / "proof" / "en" / "card-level-2" / "page-01.png"
        assert lines[0].startswith("Built en/card-level-1.pdf, en/card-level-2.pdf in ") and first.is_file()
        before = first.read_bytes()
        time.sleep(0.5)
        replace_in(data_copy / "levels" / "level-2.yaml", "Aware of illness", "Aware of the illness")
        assert wait_for(lambda: any(line.startswith("Built en/card-level-2.pdf in") for line in lines)), lines
        assert first.read_bytes() != before  # the proof sheet's picture of the page is redrawn
        replace_in(data_copy / "text" / "values.yaml", "title: Emerging", "title: The Emerging")  # no card prints it
        assert wait_for(lambda: any(line.startswith("Nothing to rebuild: every output is current") for line in lines))
    finally:
        stop.set()
        thread.join(timeout=30)
    assert any(line == "Changed: data/levels/level-2.yaml" for line in lines), lines


def test_watch_ignores_editor_files():
    assert relevant("data/levels/level-2.yaml")
    assert not relevant("data/levels/.level-2.yaml.swp")
    assert not relevant("data/levels/level-2.yaml~")
    assert not relevant("data/.#level-2.yaml")
