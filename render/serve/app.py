"""The workbench's web application (Starlette), and running it with uvicorn beside the watcher."""

from __future__ import annotations

import secrets
import threading
from pathlib import Path

import click
import jinja2

from .. import templating
from ..commands.i18n import Conflict, catalogue_file, save_translation
from ..commands.serve import Workbench
from ..hashing import digest
from ..i18n.catalogues import catalogue_bytes
from ..paths import confined
from ..press import raster
from ..proof.sheet import PROOF_DIR
from . import views

PAGES = Path(__file__).parent / "templates"
POLL_MS = 700  # how often a page asks whether a rebuild has finished
READ_DPI = 150  # a page opened to read: 8 pt type legible on screen
MARGIN_PT = 48  # what is shown round an entry on its page


def pages() -> jinja2.Environment:
    """The workbench's own templates: sandboxed, escaped, every name defined."""
    return templating.environment(jinja2.FileSystemLoader(PAGES))


def hosts(host: str) -> list[str]:
    """The Host headers the workbench answers: the address it serves (and localhost's names on
    loopback). Any other is refused: a web page's script, whose name an attacker points at this
    address (DNS rebinding), must not read the data."""
    loopback = {"127.0.0.1", "localhost", "::1", "[::1]"}
    return sorted({host, *loopback}) if host in loopback else [host]


def make_app(bench: Workbench, host: str = "127.0.0.1"):
    """The Starlette application of a workbench: its pages, the page pictures and the rebuild
    counter; each page a 200 that names the problem (file:line) when the data, look or
    catalogues are broken, and recovers by itself after the fix."""
    from starlette.applications import Starlette
    from starlette.exceptions import HTTPException
    from starlette.middleware import Middleware
    from starlette.middleware.trustedhost import TrustedHostMiddleware
    from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
    from starlette.routing import Mount, Route
    from starlette.staticfiles import StaticFiles

    env = pages()
    options = bench.options
    token = secrets.token_urlsafe(32)  # a write carries it: only this workbench's own pages know it
    proof = options.paths.out / PROOF_DIR
    laying_out = threading.Lock()  # (the server's build workers come from a fork server: no fork copies it)
    proof.mkdir(parents=True, exist_ok=True)

    def page(template: str, status: int = 200, **context) -> HTMLResponse:
        outcome = bench.outcome
        common = dict(outcome=outcome, building=bench.building, findings=bench.findings, poll_ms=POLL_MS)
        return HTMLResponse(env.get_template(template).render(**common, langs=options.langs, **context), status)

    def shown(view):
        """A view whose data, look or catalogues cannot be read: a page naming the problem."""

        def answer(request):
            try:
                return view(request)
            except click.ClickException as err:
                return page("trouble.html", lines=err.format_message().splitlines())

        return answer

    def outputs() -> tuple[list, dict]:
        """The outputs this workbench builds (never others the output folder holds), with their fit."""
        current = {j["path"]: j["current"] for j in bench.jobs()}
        entries = [e for e in views.main_entries(bench.report()) if e.path in current]
        return entries, {e.path: views.Fit.of(e, current[e.path]) for e in entries}

    def index(request):
        entries, fits = outputs()
        return page("index.html", entries=entries, fits=fits, jobs=bench.jobs())

    def product(request):
        lang, name = request.path_params["lang"], request.path_params["product"]
        entries, fits = outputs()
        chosen = [e for e in entries if e.lang == lang and e.product == name]
        if not chosen:
            raise HTTPException(404, f"{name} in {lang} is not built by this workbench")
        entry = chosen[0]
        return page("product.html", entry=entry, fit=fits[entry.path], pictures=views.pictures(entry))

    def translate(request):
        lang = request.path_params["lang"]
        if lang not in options.langs or lang == "en":
            raise HTTPException(
                404, f"no translator's view of {lang!r}: the workbench serves {', '.join(options.langs)}"
            )
        seen = _seen(options.paths, lang)  # (before the entries: a change in between is a conflict, never lost)
        # Kept while the data and the look stay as they are: views asked for at once, and each
        # after the first, do not lay out every product's messages again.
        state = views.words_state(options.paths)
        with laying_out:  # (views asked for at once wait for one layout of the words, not make eight)
            words = bench.session.kept("views", state, lambda: views.Words.of(options.paths))
        products = words.products
        rows = views.translator_entries(options.paths, words, lang)
        entries, fits = outputs()
        fit_of = {e.product: fits[e.path] for e in entries if e.lang == lang}
        sections = sorted({views.section(r.context) for r in rows})
        try:
            query = views.Query.of(request.query_params, products, sections)
        except ValueError as err:
            return page("trouble.html", 400, lines=[str(err)])
        found = [r for r in rows if query.keeps(r)]
        counts = {s: sum(r.status == s for r in found) for s in views.STATUSES}
        pages = max(1, -(-len(found) // views.PAGE_ROWS))
        shown = found[(query.page - 1) * views.PAGE_ROWS : query.page * views.PAGE_ROWS]
        by_product = {e.product: e for e in entries if e.lang == lang}
        fits = {id(r): views.entry_fits(r, by_product) for r in shown}
        context = dict(lang=lang, rows=shown, found=len(found), total=len(rows), counts=counts, fit_of=fit_of)
        context |= dict(fits=lambda r: fits[id(r)])
        context |= dict(query=query, pages=pages, products=sorted(products), sections=sections)
        return page("translate.html", **context, token=token, seen=seen)

    async def asked(request, names: tuple[str, ...]):
        """The fields of a request from this workbench's own page (its origin the address served,
        its token this app's), or the refusal to answer it with."""
        lang = request.path_params["lang"]
        origin = request.headers.get("origin", "")
        if origin != f"{request.url.scheme}://{request.headers.get('host', '')}":
            return JSONResponse({"error": f"refused: a request from {origin or 'no origin'}"}, 403)
        if not secrets.compare_digest(request.headers.get("x-workbench-token", ""), token):
            return JSONResponse({"error": "refused: not from this workbench's page"}, 403)
        if lang not in options.langs or lang == "en":
            return JSONResponse({"error": f"this workbench does not serve {lang!r}"}, 404)
        try:
            body = await request.json()
            return [body[k] for k in names]
        except (ValueError, KeyError, TypeError):
            return JSONResponse({"error": f"expected JSON: {', '.join(names)}"}, 400)

    def fitted(work):
        """A request to fit an entry again (unsaved), answered off the event loop by `work`."""

        async def answer(request):
            from starlette.concurrency import run_in_threadpool

            fields = await asked(request, ("context", "english", "translation"))
            if isinstance(fields, JSONResponse):
                return fields
            try:
                found = await run_in_threadpool(work, request.path_params["lang"], *fields)
            except click.ClickException as err:
                return JSONResponse({"error": err.format_message()}, 400)
            return JSONResponse({"products": found})

        return answer

    async def save(request):
        """One entry's translation saved from the translator's view (JSON), if it comes from this
        workbench's own page."""
        from starlette.concurrency import run_in_threadpool

        lang = request.path_params["lang"]
        fields = await asked(request, ("context", "english", "translation", "fuzzy", "seen"))
        if isinstance(fields, JSONResponse):
            return fields
        try:
            seen, status = await run_in_threadpool(save_translation, options.paths, lang, *fields)
        except Conflict as err:
            mine = {"translation": fields[2], "fuzzy": fields[3]}
            disk = {"translation": err.translation, "fuzzy": err.fuzzy}
            return JSONResponse({"error": str(err), "disk": disk, "yours": mine, "seen": err.seen}, 409)
        except click.ClickException as err:
            return JSONResponse({"error": err.format_message()}, 400)
        return JSONResponse({"saved": True, "status": status, "seen": seen})

    def source(request):
        name = request.query_params.get("file", "")
        path = views.source_file(options.paths, name)
        if path is None:
            raise HTTPException(404, f"{name!r} is not a file of the data, the look or the catalogues")
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        line = request.query_params.get("line", "")
        return page("source.html", name=name, lines=lines, line=int(line) if line.isdigit() else 0)

    def output(request) -> Path:
        """The PDF of a built output of this workbench (a 404 for any other)."""
        entries, _ = outputs()
        lang, name = request.path_params["lang"], request.path_params["product"]
        chosen = [e for e in entries if e.lang == lang and e.product == name]
        if not chosen:
            raise HTTPException(404, f"{name} in {lang} is not built by this workbench")
        return confined(options.paths.out / chosen[0].path, options.paths.out, f"output {chosen[0].path}")

    def large(request):
        """A page to read: its picture at READ_DPI."""
        png = raster.page_png(output(request).read_bytes(), request.path_params["page"], READ_DPI)
        return Response(png, media_type="image/png", headers={"Cache-Control": "no-store"})

    def marked(request):
        """An entry as printed: the page's picture cropped round it, the entry outlined."""
        from ..i18n.catalogues import read

        lang, params = request.path_params["lang"], request.query_params
        key = (params.get("context", ""), params.get("english", ""))
        translations, _ = read(lang, options.paths.strings, fuzzy=options.draft)
        text = translations.get(key) or key[1]  # (a draft prints the English of an untranslated entry)
        data = output(request).read_bytes()
        found = raster.find_text(data, text)
        if found is None:
            raise HTTPException(404, f"{text!r} is not found on the pages of {request.path_params['product']}")
        png = raster.marked_png(data, *found, READ_DPI, MARGIN_PT)
        return Response(png, media_type="image/png", headers={"Cache-Control": "no-store"})

    def pdf(request):
        return FileResponse(output(request), media_type="application/pdf", headers={"Cache-Control": "no-store"})

    async def generation(request):
        o = bench.outcome
        state = {"generation": o.generation, "building": bench.building, "errors": len(o.errors)}
        return JSONResponse({**state, "built": list(o.built)})

    # The pages are made in Starlette's thread pool (plain functions), never on the event loop:
    # the translator's view lays out every product's messages, and a page reads the build's
    # report; the loop stays free for the counter pages poll (an async function: it only reads).
    routes = [
        Route("/", shown(index)),
        Route("/product/{lang}/{product}", shown(product)),
        Route("/translate/{lang}", shown(translate)),
        Route("/translate/{lang}/save", save, methods=["POST"]),
        Route("/translate/{lang}/try", fitted(bench.trial), methods=["POST"]),
        Route("/translate/{lang}/room", fitted(bench.room), methods=["POST"]),
        Route("/source", shown(source)),
        Route("/page/{lang}/{product}/{page:int}.png", shown(large)),
        Route("/pdf/{lang}/{product}.pdf", shown(pdf)),
        Route("/entry/{lang}/{product}.png", shown(marked)),
        Route("/generation", generation),
        Mount("/pictures", StaticFiles(directory=proof, check_dir=False), name="pictures"),
    ]
    return Starlette(routes=routes, middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=hosts(host))])


def _seen(paths, lang: str) -> str:
    """The digest of a language's catalogue as a page shows it ("" without one)."""
    try:
        return digest(catalogue_bytes(catalogue_file(paths, lang)))
    except click.ClickException:
        return ""


def serve(bench: Workbench, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the workbench until interrupted; the watcher rebuilds in a thread beside the server."""
    import uvicorn

    stop = threading.Event()
    watcher = threading.Thread(target=bench.watch, args=(stop,), name="watch", daemon=True)
    watcher.start()
    config = uvicorn.Config(make_app(bench, host), host=host, port=port, log_level="warning", lifespan="off")
    bench.echo(f"Serving the workbench on http://{host}:{port}/ (Ctrl-C to stop)")
    try:
        uvicorn.Server(config).run()
    finally:
        stop.set()
        watcher.join(timeout=5)
