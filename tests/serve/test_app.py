"""The workbench's app off its event loop: a page that takes long does not hold the others up."""

from __future__ import annotations

import asyncio
import io
import json
import re
import shutil
import time

from render.commands.serve import Workbench
from render.serve import app as workbench_app
from render.serve import views
from tests.helpers import CATALOGUES, MINI, line_of, options, replace_in


async def _get(
    app,
    path: str,
    query: bytes = b"",
    host: bytes = b"127.0.0.1",
    body: list | None = None,
    method: str = "GET",
    headers: tuple = (),
    content: bytes = b"",
):
    """One request through the ASGI app: when its response ended, and its status (its body into `body`)."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query,
        "root_path": "",
        "headers": [(b"host", host), *headers],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
    }
    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": content, "more_body": False}

    async def send(message):
        sent.append(message)

    await app(scope, receive, send)
    if body is not None:
        body.append(b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body").decode())
    return time.perf_counter(), next(m["status"] for m in sent if m["type"] == "http.response.start")


def get(app, path: str, query: bytes = b"", host: bytes = b"127.0.0.1") -> tuple[int, str]:
    """The status and text of one GET."""
    body: list[str] = []
    _, status = asyncio.run(_get(app, path, query, host, body))
    return status, body[0]


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


def test_it_answers_only_the_address_it_serves(tmp_path):
    """A page whose script reaches the workbench by another name (DNS rebinding) gets nothing."""
    app = workbench_app.make_app(Workbench(options(MINI, tmp_path / "out")))
    assert get(app, "/generation")[0] == 200
    assert get(app, "/generation", host=b"localhost:8000")[0] == 200
    status, text = get(app, "/source", f"file={MINI / 'edition.yaml'}".encode(), host=b"attacker.example:8000")
    assert status == 400 and "edition" not in text
    served = workbench_app.make_app(Workbench(options(MINI, tmp_path / "out")), host="192.168.1.5")
    assert get(served, "/generation", host=b"192.168.1.5:8000")[0] == 200
    assert get(served, "/generation", host=b"127.0.0.1")[0] == 400


def test_broken_data_is_a_page_naming_it_which_recovers_after_the_fix(tmp_path):
    """A YAML slip: the translator's view is a 200 naming the file and line, and the view
    itself once the file is put right; an unknown filter is named, not an empty page."""
    data = shutil.copytree(MINI, tmp_path / "data")
    app = workbench_app.make_app(Workbench(options(data, tmp_path / "out", langs=("en", "pl"), draft=True)))
    level = data / "levels" / "level-1.yaml"
    line = line_of(level, "peer-support:")
    replace_in(level, "    peer-support:", "    peer-support: [")
    status, text = get(app, "/translate/pl")
    found = re.search(r"level-1\.yaml:(\d+): invalid YAML", text)
    assert status == 200 and found and int(found.group(1)) in (line, line + 1) and "cannot be shown" in text
    replace_in(level, "    peer-support: [", "    peer-support:")
    status, text = get(app, "/translate/pl")
    assert status == 200 and "cannot be shown" not in text and "Cannot identify personal needs" in text
    status, text = get(app, "/translate/pl", b"status=bogus")
    assert status == 400 and "status=&#39;bogus&#39;: not one of" in text and "fuzzy" in text


ENTRY = ("level-1/recovery-process/person/clinical-care", "Cannot identify personal needs")


def post(app, path: str, data: dict, origin: str = "http://127.0.0.1", token: str = "") -> tuple[int, dict]:
    """The status and JSON answer of a POST from a page (its origin, its token)."""
    headers = (
        (b"origin", origin.encode()),
        (b"x-workbench-token", token.encode()),
        (b"content-type", b"application/json"),
    )
    body: list[str] = []
    request = _get(app, path, body=body, method="POST", headers=headers, content=json.dumps(data).encode())
    _, status = asyncio.run(request)
    return status, json.loads(body[0])


def entries(path) -> dict:
    from babel.messages.pofile import read_po

    with path.open("rb") as file:
        return {(m.context, m.id): (m.string, m.fuzzy) for m in read_po(file) if m.id}


def test_a_translation_is_saved_only_from_the_workbenchs_own_page_and_never_over_a_newer_file(tmp_path):
    catalogues = shutil.copytree(CATALOGUES, tmp_path / "translations")
    po = catalogues / "pl.po"
    app = workbench_app.make_app(Workbench(options(MINI, tmp_path / "out", catalogues=catalogues, langs=("en", "pl"))))
    status, page = get(app, "/translate/pl")
    token, seen = re.search(r'data-seen="(\w*)" data-token="([\w-]+)"', page).group(2, 1)
    mine = {"context": ENTRY[0], "english": ENTRY[1], "translation": "Nie rozpoznaje własnych potrzeb", "fuzzy": False}
    before = po.read_bytes()
    assert (
        post(app, "/translate/pl/save", {**mine, "seen": seen}, origin="http://attacker.example", token=token)[0] == 403
    )
    assert post(app, "/translate/pl/save", {**mine, "seen": seen}, token="guessed")[0] == 403
    wrong = {**mine, "context": "ui", "english": "Level {number}", "translation": "Poziom {numer}", "seen": seen}
    status, answer = post(app, "/translate/pl/save", wrong, token=token)
    assert status == 400 and "placeholders" in answer["error"] and po.read_bytes() == before
    status, answer = post(app, "/translate/pl/save", {**mine, "seen": seen}, token=token)
    assert status == 200 and answer["status"] == "translated"
    after = entries(po)
    assert after[ENTRY] == ("Nie rozpoznaje własnych potrzeb", False)
    old = entries_of(before)
    assert {k: v for k, v in after.items() if k != ENTRY} == {k: v for k, v in old.items() if k != ENTRY}
    # Another hand changes the file: a save made from the page as it was is refused, both shown.
    replace_in(po, 'msgstr "Nie rozpoznaje własnych potrzeb"', 'msgstr "Nie zna swoich potrzeb"')
    status, answer = post(app, "/translate/pl/save", {**mine, "fuzzy": True, "seen": answer["seen"]}, token=token)
    assert status == 409 and answer["disk"]["translation"] == "Nie zna swoich potrzeb"
    assert answer["yours"] == {"translation": "Nie rozpoznaje własnych potrzeb", "fuzzy": True}
    assert entries(po)[ENTRY] == ("Nie zna swoich potrzeb", False)
    status, answer = post(app, "/translate/pl/save", {**mine, "fuzzy": True, "seen": answer["seen"]}, token=token)
    assert status == 200 and answer["status"] == "fuzzy" and entries(po)[ENTRY] == (mine["translation"], True)


def entries_of(data: bytes) -> dict:
    from babel.messages.pofile import read_po

    return {(m.context, m.id): (m.string, m.fuzzy) for m in read_po(io.BytesIO(data)) if m.id}


def test_the_translators_view_finds_filters_and_pages_its_entries(tmp_path):
    app = workbench_app.make_app(Workbench(options(MINI, tmp_path / "out", langs=("en", "pl"), draft=True)))

    def rows(query: bytes = b"") -> tuple[int, list[str], str]:
        status, text = get(app, "/translate/pl", query)
        return status, re.findall(r'<tr class="status-[^"]*" data-context="([^"]*)" data-english="([^"]*)"', text), text

    status, every, text = rows()
    total = int(re.search(r"(\d+) of (\d+) entries", text).group(2))
    assert status == 200 and len(every) == 100 and total > 200 and 'rel="next"' in text and 'rel="prev"' not in text
    _, second, text = rows(b"page=2")
    assert len(second) == 100 and not set(second) & set(every) and 'rel="prev"' in text
    _, found, text = rows(b"q=PEER")
    assert found and all("peer" in english.lower() or "peer" in context for context, english in found)
    assert f"{len(found)} of {total} entries" in text
    _, ui, _ = rows(b"section=ui")
    assert ui and {context for context, _ in ui} == {"ui"}
    _, card, _ = rows(b"product=card-level-1&section=level-2")
    assert card == []  # (the first level's card prints nothing of level 2)
    _, leaflet, _ = rows(b"product=leaflet-person&section=level-1")
    assert leaflet and all(c.startswith("level-1/") for c, _ in leaflet)
    for wrong, said in ((b"product=card-level-9", "product=&#39;card-level-9&#39;: not one of"), (b"page=0", "page")):
        status, text = get(app, "/translate/pl", wrong)
        assert status == 400 and said in text


def test_a_catalogue_problem_links_to_its_entry(tmp_path):
    """A translation whose placeholders are not the English's: the workbench's check names it
    at its line, and links to the translator's view of that one entry."""
    catalogues = shutil.copytree(CATALOGUES, tmp_path / "translations")
    po = catalogues / "pl.po"
    replace_in(po, 'msgstr "Poziom {number}"', 'msgstr "Poziom {numer}"')
    line = line_of(po, 'msgstr "Poziom {numer}"') - 1  # (the entry's msgid line, as Babel numbers it)
    bench = Workbench(options(MINI, tmp_path / "out", catalogues=catalogues, langs=("en", "pl"), draft=True))
    bench.echo = lambda _: None
    bench.rebuild()
    app = workbench_app.make_app(bench)
    status, text = get(app, "/")
    link = re.search(r'<a class="entry" href="(/translate/pl\?at=(\d+))">', text)
    assert status == 200 and "placeholders" in text and link and abs(int(link.group(2)) - line) <= 1
    status, text = get(app, "/translate/pl", link.group(1).split("?")[1].encode())
    assert status == 200 and "1 of " in text and 'data-english="Level {number}"' in text
    assert "refused, not printed: the translation&#39;s placeholders" in text and "fits" not in text


def test_the_translators_words_are_laid_out_once_while_the_data_stays_as_it_is(tmp_path, monkeypatch):
    data = shutil.copytree(MINI, tmp_path / "data")
    app = workbench_app.make_app(Workbench(options(data, tmp_path / "out", langs=("en", "pl"), draft=True)))
    made = []
    original = views.Words.of
    monkeypatch.setattr(views.Words, "of", classmethod(lambda cls, paths: made.append(1) or original(paths)))
    for _ in range(3):
        assert get(app, "/translate/pl")[0] == 200
    assert len(made) == 1
    replace_in(data / "levels" / "level-1.yaml", "Cannot identify personal needs", "Cannot name personal needs")
    status, text = get(app, "/translate/pl")
    assert status == 200 and len(made) == 2 and "Cannot name personal needs" in text


def test_a_broken_template_is_a_page_naming_it(tmp_path):
    """A theme's card template that does not compile: the translator's view names it at its line."""
    from render.paths import TEMPLATES, Theme

    (tmp_path / "theme" / "templates").mkdir(parents=True)
    card = tmp_path / "theme" / "templates" / "card.html"
    card.write_text((TEMPLATES / "card.html").read_text(encoding="utf-8").replace("{{", "{{ (", 1), encoding="utf-8")
    theme = Theme.layered(themes=[tmp_path / "theme"])
    app = workbench_app.make_app(Workbench(options(MINI, tmp_path / "out", theme=theme, langs=("en", "pl"))))
    status, text = get(app, "/translate/pl")
    assert status == 200 and re.search(r"card\.html:\d+: unexpected", text) and "cannot be shown" in text


def test_what_a_translation_would_cost_is_said_before_it_is_saved(tmp_path):
    """A translation five times as long as the English, on a card set as large as its pages
    allow: fitted again with it (nothing written), the matrix is set smaller or takes more pages;
    a refused one is said refused."""
    catalogues = shutil.copytree(CATALOGUES, tmp_path / "translations")
    data = shutil.copytree(MINI, tmp_path / "data")  # (its card set as large as its pages allow)
    replace_in(data / "products.yaml", "body_pt: {min: 8.0, max: 14.0}", "body_pt: {min: 8.0, max: 40.0}")
    what = dict(catalogues=catalogues, langs=("en", "pl"), draft=True, products=("card-level-1",))
    bench = Workbench(options(data, tmp_path / "out", **what), echo=lambda _: None)
    assert bench.rebuild().built
    app = workbench_app.make_app(bench)
    _, page = get(app, "/translate/pl")
    token = re.search(r'data-token="([\w-]+)"', page).group(1)
    before = (catalogues / "pl.po").read_bytes()
    long = "Nie potrafi określić ani nazwać własnych potrzeb, nie wie, czego potrzebuje, od kogo, kiedy i gdzie"
    long += " mogłaby szukać pomocy w swojej społeczności, ani jak o nią poprosić"
    assert len(long) <= 4 * len(ENTRY[1]) + 100  # (within what the catalogue takes)
    ask = {"context": ENTRY[0], "english": ENTRY[1], "translation": long}
    status, answer = post(app, "/translate/pl/try", ask, token=token)
    (card,) = answer["products"]
    assert status == 200 and card["product"] == "card-level-1"
    (pages, now), (was, then) = card["pages"], card["sizes"]
    assert now > pages or then["recovery-process"] < was["recovery-process"], card
    assert (catalogues / "pl.po").read_bytes() == before
    status, answer = post(app, "/translate/pl/try", {**ask, "context": "ui", "english": "Level {number}"}, token=token)
    assert status == 200 and "refused, not printed" in answer["products"][0]["error"]
    assert post(app, "/translate/pl/try", ask, origin="http://attacker.example", token=token)[0] == 403


def test_how_much_longer_an_entry_can_grow_is_the_least_growth_that_changes_its_product(tmp_path):
    """A long translation on a card with little room: the growth said to change it does (here,
    past the catalogue's length limit), the one said to keep it keeps its pages."""
    from render.commands.serve.trial import grown

    catalogues = shutil.copytree(CATALOGUES, tmp_path / "translations")
    data = shutil.copytree(MINI, tmp_path / "data")
    replace_in(data / "products.yaml", "margins_mm: [21, 10, 13, 10]", "margins_mm: [168, 10, 13, 10]")
    what = dict(catalogues=catalogues, langs=("en", "pl"), draft=True, products=("card-level-1",))
    bench = Workbench(options(data, tmp_path / "out", **what), echo=lambda _: None)
    assert bench.rebuild().built
    app = workbench_app.make_app(bench)
    token = re.search(r'data-token="([\w-]+)"', get(app, "/translate/pl")[1]).group(1)
    long = "Nie potrafi określić ani nazwać własnych potrzeb, nie wie, czego potrzebuje, od kogo, kiedy i gdzie"
    long += " mogłaby szukać pomocy w swojej społeczności, ani jak o nią poprosić"
    status, answer = post(
        app, "/translate/pl/room", {"context": ENTRY[0], "english": ENTRY[1], "translation": long}, token=token
    )
    (card,) = answer["products"]
    (kept, _), (over, then) = card["kept"], card["changed"]
    assert status == 200 and 0 < kept < over and "error" in then, card
    assert card["said"].startswith(f"card-level-1: {card['now']['pages']} pages (recovery-process at ")
    assert f"{over:.0%} more text: refused, not printed" in card["said"]
    assert bench.trial("pl", *ENTRY, grown(long, kept))[0]["pages"] == [card["now"]["pages"]] * 2
    assert "error" in bench.trial("pl", *ENTRY, grown(long, over))[0]


def test_eight_translators_views_at_once_keep_no_other_page_waiting(tmp_path, monkeypatch):
    """Eight translator's views asked for at once, each taking 1.5 s to make: made side by
    side off the event loop (all eight in little more than one's time), the products' words laid
    out once for all of them, and the index asked for meanwhile answers at once."""
    bench = Workbench(options(MINI, tmp_path / "out", langs=("en", "pl"), draft=True), echo=lambda _: None)
    app = workbench_app.make_app(bench)
    made = []
    words, entries = views.Words.of, views.translator_entries
    monkeypatch.setattr(views.Words, "of", classmethod(lambda cls, paths: made.append(1) or words(paths)))

    def slow(*args):
        time.sleep(1.5)  # (a view that takes long to make: a large catalogue)
        return entries(*args)

    monkeypatch.setattr(views, "translator_entries", slow)

    async def at_once():
        asked = [asyncio.create_task(_get(app, "/translate/pl", body=[])) for _ in range(8)]
        await asyncio.sleep(0.2)
        index = await _get(app, "/")
        return index, await asyncio.gather(*asked)

    start = time.perf_counter()
    (index_done, index_status), answers = asyncio.run(at_once())
    assert index_status == 200 and [status for _, status in answers] == [200] * 8
    assert len(made) == 1, "the products' words were laid out again for each view"
    last = max(done for done, _ in answers) - start
    assert last < 4.0, f"eight views took {last:.1f} s: one waited on another"
    assert index_done - start < 1.4, "the index waited for the translator's views"
