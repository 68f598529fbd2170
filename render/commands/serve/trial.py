"""What a translation would cost before it is saved, and how much longer it could grow: each
product of a workbench that prints the entry fitted again with another text (nothing written)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace

from ...options import BuildOptions
from ...run.report import BuildReport
from ...session import Session

# How much longer than now an entry is tried, in characters: the first of these that changes a
# product's page count (or no longer fits) is what the translator is told.
GROWTH = (0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1.0)


def grown(text: str, share: float) -> str:
    """The text made `share` longer (in characters) with its own words again, the last cut to
    length: the same script, the same kind of line breaks; its placeholders are not repeated."""
    if not text.strip():
        return text
    words = [w for w in text.split() if "{" not in w] or [text.replace("{", "").replace("}", "")]
    target = round(len(text) * (1 + share))
    out, n = text, 0
    while len(out) < target:
        out += " " + words[n % len(words)]
        n += 1
    # (the last word cut short: a one-word text grows by its share too; never ending in a space)
    return out[: target + 1] if out[target - 1] == " " else out[:target]


@contextmanager
def fitting(
    options: BuildOptions,
    session: Session,
    engine: threading.Lock,
    report: BuildReport | None,
    lang: str,
    context: str,
    english: str,
) -> Iterator[tuple[list, Callable[[object, str], dict]]]:
    """The jobs of a workbench that print an entry, each with its output as last built, and a
    function fitting one of them again with another translation of the entry: its pages and
    body sizes, or the error that stops it. Holds the engine while open."""
    from ...compose import Composer
    from ...compose.html import messages
    from ...errors import BuildError
    from ...i18n.catalogues import entry_problem
    from ...options import edition_date
    from ...options import plan as planned
    from ...press.finish import load_intent
    from ...run.jobs import Workshop, make
    from ...run.runner import learnt
    from ...source import load_framework

    built = {e.product: e for e in (report.outputs if report else ()) if e.lang == lang and not e.imposed_from}
    fw, products = load_framework(options.paths.data)
    jobs = planned(products, replace(options, langs=(lang,), shard=None))
    with engine:
        # Fitted as a rebuild would be: from the form and sizes the last build took (a form
        # that no longer holds is decided again, every level measured).
        hints, measures = learnt(options, fw, jobs, session)
        composer = Composer(fw, options.paths, edition_date(fw), measures, session=session)
        press = any(job.profile == "press" for job in jobs)
        intent = load_intent(options.press.icc, options.press.condition) if press else None
        workshop = Workshop(replace(options, html_dir=None), composer, intent)
        translations, refused = workshop.catalogue(jobs[0]) if jobs else ({}, {})
        key = (context, english)
        others = {k: v for k, v in refused.items() if k != key}

        def fit(job, text: str) -> dict:
            problem = entry_problem(english, text, lang)
            if problem:
                return {"error": f"refused, not printed: {problem}"}
            workshop.translations[(job.lang, job.draft)] = ({**translations, key: text}, others)
            try:
                result = make(workshop, job, hints)
            except BuildError as err:
                return {"error": err.message}
            return {"pages": result.pages, "sizes": dict(result.sizes)}

        printing = [
            (job, built[job.product.name])
            for job in jobs
            if job.product.name in built and key in messages(fw, job.product, composer.env)
        ]
        yield printing, fit


def trial(fitting_entry, translation: str) -> list[dict]:
    """Each product that prints the entry fitted with `translation`: pages and sizes before and after."""
    found = []
    with fitting_entry as (printing, fit):
        for job, before in printing:
            got = fit(job, translation)
            if "error" in got:
                found.append({"product": job.product.name, "error": got["error"]})
                continue
            found.append(
                {
                    "product": job.product.name,
                    "pages": [before.pages, got["pages"]],
                    "sizes": [before.body_pt_by_matrix or {"body": before.body_pt}, got["sizes"]],
                    "floor": before.body_min_pt,
                }
            )
    return found


def room(fitting_entry, context: str, text: str) -> list[dict]:
    """For each product that prints the entry: the least growth of `text` (of GROWTH) that changes
    its page count or no longer fits, and what it does then; or that the largest changes neither."""
    found = []
    with fitting_entry as (printing, fit):
        for job, _ in printing:
            name = job.product.name
            now = fit(job, text)
            if "error" in now:
                found.append({"product": name, "error": now["error"]})
                continue
            kept, changed = least_growth(lambda share, job=job: fit(job, grown(text, share)), now["pages"])
            block = block_of(context, now["sizes"])
            answer = {"product": name, "now": now, "kept": kept, "changed": changed}
            found.append({**answer, "said": said(name, block, now, kept, changed)})
    return found


def least_growth(fit: Callable[[float], dict], pages: int) -> tuple[tuple, tuple | None]:
    """The largest growth of GROWTH tried that keeps the page count, and the least that changes
    it or no longer fits (None if even the largest does not), each with its fit: found by
    halving, as a longer text takes the same or more room."""

    def changes(got: dict) -> bool:
        return "error" in got or got["pages"] != pages

    kept, kept_got = -1, {"pages": pages}  # -1: no growth (the text as it is)
    over, over_got = len(GROWTH) - 1, fit(GROWTH[-1])
    if not changes(over_got):
        return (GROWTH[over], over_got), None
    while over - kept > 1:
        mid = (kept + over) // 2
        got = fit(GROWTH[mid])
        if changes(got):
            over, over_got = mid, got
        else:
            kept, kept_got = mid, got
    return (GROWTH[kept] if kept >= 0 else 0.0, kept_got), (GROWTH[over], over_got)


def block_of(context: str, sizes: dict[str, float]) -> str | None:
    """The flow (a card's matrix) a statement's context is set in, if the product sizes it apart."""
    parts = context.split("/")
    return parts[1] if len(parts) > 2 and parts[1] in sizes else None


def said(name: str, block: str | None, now: dict, kept: tuple, changed: tuple | None) -> str:
    """What a product's room for growth is, in words (its print consequence included)."""
    share, got = kept

    def at(sizes: dict) -> str:
        size = sizes[block] if block else min(sizes.values(), default=None)
        return "" if size is None else f" ({block or 'its type'} at {size:.1f} pt)"

    now_at, kept_at = at(now["sizes"]), at(got.get("sizes", now["sizes"]))
    if changed is None:
        return f"{name}: {now['pages']} pages{now_at}; even {share:.0%} more text keeps {now['pages']}{kept_at}"
    more, then = f"{changed[0]:.0%} more text", changed[1]
    if "error" in then:
        effect = f"{more}: {then['error']}"
    else:
        cost = "more paper and printing for each copy" if then["pages"] > now["pages"] else "fewer pages"
        effect = f"{more} takes it from {now['pages']} to {then['pages']} pages ({cost})"
    kept_said = f"; up to {share:.0%} more keeps {now['pages']}{kept_at}" if share else ""
    return f"{name}: {now['pages']} pages{now_at}; {effect}{kept_said}"
