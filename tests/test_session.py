"""The session: what a process keeps between builds, bounded, renewed with what it was made from."""

from __future__ import annotations

import pickle
import shutil
from dataclasses import replace

from render.session import LIMITS, Session
from tests.helpers import CATALOGUES, MINI, options


def test_each_shelf_keeps_at_most_its_limit_the_least_used_let_go_first():
    session = Session()
    made = []
    for n in range(LIMITS["engines"] + 2):
        session.kept("engines", n, lambda n=n: made.append(n) or f"engine {n}")
    assert session.sizes()["engines"] == LIMITS["engines"]
    assert session.kept("engines", LIMITS["engines"] + 1, lambda: "again") == f"engine {LIMITS['engines'] + 1}"
    assert session.kept("engines", 0, lambda: "made again") == "made again"  # (the first was let go)
    assert made == list(range(LIMITS["engines"] + 2))


def test_a_session_is_not_current_once_the_registry_or_a_font_folder_changes(tmp_path):
    catalogues = shutil.copytree(CATALOGUES, tmp_path / "translations")
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    paths = options(MINI, tmp_path / "out", catalogues=catalogues).paths
    paths = replace(paths, fonts=(fonts, *paths.fonts))
    session = Session.of(paths)
    assert session.current(paths)
    registry = paths.registry
    assert registry.parent == catalogues  # (the registry beside the catalogues is the one in use)
    registry.write_text(registry.read_text() + "\n# an edit\n")
    assert not session.current(paths)
    session = Session.of(paths)
    (fonts / "Extra.ttf").write_bytes(b"a font")
    assert not session.current(paths) and Session.of(paths).current(paths)


def test_a_session_sent_to_a_new_process_arrives_empty():
    session = Session("made from")
    session.kept("lines", "a statement", lambda: (12.0, 0))
    arrived = pickle.loads(pickle.dumps(session))
    assert arrived.origin == "made from" and arrived.sizes()["lines"] == 0 and session.sizes()["lines"] == 1
