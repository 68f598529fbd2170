"""The workbench's app off its event loop: a page that takes long does not hold the others up."""

from __future__ import annotations

import asyncio
import time

from render.commands.serve import Workbench
from render.serve import app as workbench_app
from render.serve import views
from tests.helpers import MINI, options


async def _get(app, path: str, query: bytes = b"") -> tuple[float, int]:
    """One GET through the ASGI app: when its response ended, and its status."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query,
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1")],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
    }
    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    await app(scope, receive, send)
    return time.perf_counter(), next(m["status"] for m in sent if m["type"] == "http.response.start")


def test_a_slow_page_is_made_off_the_event_loop(tmp_path, monkeypatch):
    app = workbench_app.make_app(Workbench(options(MINI, tmp_path / "out")))
    found = views.source_file

    def slow(paths, name):
        time.sleep(1.5)  # (a page that takes long: the translator's view lays out every product)
        return found(paths, name)

    monkeypatch.setattr(views, "source_file", slow)

    async def both():
        page = asyncio.create_task(_get(app, "/source", f"file={MINI / 'edition.yaml'}".encode()))
        await asyncio.sleep(0.2)
        counter = await _get(app, "/generation")
        return counter, await page

    (counter_done, counter_status), (page_done, page_status) = asyncio.run(both())
    assert page_status == 200 and counter_status == 200
    assert counter_done < page_done - 0.5, "the counter waited for the slow page: it was made on the event loop"
