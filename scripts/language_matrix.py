"""The language matrix from real builds: every product of a language as a press draft, card-level-1
and the booklet for the screen and in large print, each checked by preflight and the independent
validators (qpdf and pdfcpu on press files; pdfua and outloud on tagged ones). One language at a
time, two outputs at once; the record of each language goes to docs/languages/CODE.json and the
table in docs/translators.md is made from those records (`--markdown`; a test holds the two to each other).

    .venv/bin/python scripts/language_matrix.py --lang pl --lang ro      # build, check, record
    .venv/bin/python scripts/language_matrix.py --script Latin           # every language of a script
    .venv/bin/python scripts/language_matrix.py --all --shard 2/4        # a CI matrix's slice
    .venv/bin/python scripts/language_matrix.py --markdown               # the translators' guide's table

A product that does not build is recorded with the build's own message (product, block, how far
over), never left out.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.validators import outloud, pdfcpu, pdfs, pdfua, qpdf  # noqa: E402

RECORDS = ROOT / "docs" / "languages"
CLI = [sys.executable, "-m", "render"]
VARIANTS = {  # form: the build's options and the products it makes
    "press": ([], ()),
    "screen": (["--profile", "screen"], ("card-level-1", "booklet")),
    "large-print": (["--variant", "large-print"], ("card-level-1", "booklet")),
}
PRODUCTS = (
    "poster",
    "card-level-1",
    "card-level-2",
    "card-level-3",
    "card-level-4",
    "booklet",
    "leaflet-person",
    "leaflet-clinicians",
    "leaflet-community",
)


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], cwd=ROOT, capture_output=True, text=True)


def _build(lang: str, form: str, out: Path, options: list[str], products: tuple[str, ...]) -> dict[str, str]:
    """Build a language in one form; the products that failed, with the build's message."""
    names = products or PRODUCTS
    common = ["build", "--lang", lang, "--draft", "-j", "2", *options]
    done = _run(*common, *(a for p in names for a in ("--product", p)), "--out", str(out))
    if done.returncode == 0:
        return {}
    failed = {}
    for product in names:  # one by one, to know which (the build writes all or none)
        single = _run(*common, "--product", product, "--out", str(out.parent / f"{out.name}-{product}"))
        if single.returncode != 0:
            failed[product] = (single.stderr or single.stdout).strip().removeprefix("Error: ")
        else:
            _merge(out.parent / f"{out.name}-{product}", out)
    return failed


def _merge(single: Path, out: Path) -> None:
    """A single product's build folded into the form's folder: its files and report entries."""
    report = json.loads((single / "build-report.json").read_text(encoding="utf-8"))
    for entry in report["outputs"]:
        target = out / entry["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(single / entry["path"], target)
    whole = out / "build-report.json"
    if whole.is_file():
        merged = json.loads(whole.read_text(encoding="utf-8"))
        merged["outputs"] += report["outputs"]
    else:
        merged = report
    whole.parent.mkdir(parents=True, exist_ok=True)
    whole.write_text(json.dumps(merged, indent=2), encoding="utf-8")


def _preflight(out: Path) -> dict[str, str]:
    """preflight's result for every file of a build folder, by path under it."""
    done = _run("preflight", "--out", str(out), "--json")
    text = done.stdout
    results = json.loads(text[: text.rindex("}") + 1])["files"] if "{" in text else []
    return {str(Path(r["path"]).resolve().relative_to(out.resolve())): r["result"] for r in results}


def record(lang: str, work: Path, products: tuple[str, ...] = ()) -> dict:
    """Build, check and describe one language (or only some of its press products, their
    entries put into its record as it stands, each marked with the commit that made it)."""
    outputs, failed = [], []
    variants = {"press": ([], products)} if products else VARIANTS
    for form, (options, names) in variants.items():
        out = work / lang / form
        shutil.rmtree(work / lang / form, ignore_errors=True)
        for product, message in _build(lang, form, out, options, names).items():
            failed.append({"product": product, "form": form, "message": message})
        if not (out / "build-report.json").is_file():
            continue
        report = json.loads((out / "build-report.json").read_text(encoding="utf-8"))
        preflight = _preflight(out)
        files = pdfs(out)
        tagged = form != "press"
        complaints = {
            "qpdf": qpdf(files),
            **({"pdfua": pdfua(files), "outloud": outloud(files)} if tagged else {"pdfcpu": pdfcpu(files)}),
        }
        for e in report["outputs"]:
            path = str((out / e["path"]).resolve())
            sizes = list((e.get("body_pt_by_matrix") or {}).values()) or [e.get("body_pt")]
            outputs.append(
                {
                    "product": e["imposed_from"] + "-imposed" if e.get("imposed_from") else e["product"],
                    "form": form,
                    "pages": e["pages"],
                    "body_pt": min((s for s in sizes if s is not None), default=None),
                    "floor_pt": e["body_min_pt"],
                    "preflight": preflight.get(e["path"], "not checked"),
                    **{tool: "fail" if path in found else "pass" for tool, found in complaints.items()},
                    **{key: e[key] for key in ("form_reason", "masthead", "headroom_mm") if e.get(key)},
                }
            )
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short=12", "HEAD"], capture_output=True, text=True)
    made = {"lang": lang, "commit": commit.stdout.strip(), "outputs": outputs, "failed": failed}
    return _into(made, products) if products else made


def _into(made: dict, products: tuple[str, ...]) -> dict:
    """Some press products' new entries in place of theirs in the language's record."""
    path = RECORDS / f"{made['lang']}.json"
    if not path.is_file():
        return made
    old = json.loads(path.read_text(encoding="utf-8"))

    def mine(o: dict) -> bool:
        return o["form"] == "press" and o["product"].removesuffix("-imposed") in products

    new = {o["product"]: {**o, "commit": made["commit"]} for o in made["outputs"]}
    outputs = [new.pop(o["product"], None) if mine(o) else o for o in old["outputs"]]
    old["outputs"] = [o for o in outputs if o is not None] + list(new.values())
    old["failed"] = [f for f in old["failed"] if not mine(f)] + made["failed"]
    return old


def _languages(script: str | None) -> list[str]:
    from render.i18n.languages import registry

    reg = registry()
    found = []
    for code in sorted(reg.languages):
        lang = reg.of(code)
        if code != "en" and (script is None or lang.script.name.lower() == script.lower()):
            found.append(code)
    return found


def _cell(r: dict):
    """A language record's table cell for a product in a form: pages and smallest body size."""
    by = {(o["product"], o["form"]): o for o in r["outputs"]}
    failed = {(f["product"], f["form"]) for f in r["failed"]}

    def cell(product: str, form: str) -> str:
        if (product, form) in failed:
            return "**does not build**"
        o = by.get((product, form))
        if o is None:
            return "–"
        size = f" · {o['body_pt']:g} pt" if o["body_pt"] else ""
        gave = " · masthead smaller" if o.get("masthead") else ""
        return f"{o['pages']} p{size}{gave}"

    return cell


def markdown(records: list[dict]) -> str:
    """The translators' guide's table: per language, each product's pages and smallest body size, and the checks."""
    from render.i18n.languages import registry

    reg = registry()
    head = ["lang", "script", *PRODUCTS, "screen: card-level-1, booklet", "large print: card-level-1, booklet"]
    lines = ["| " + " | ".join(head) + " | checks |", "|" + "---|" * (len(head) + 1)]
    for r in records:
        cell = _cell(r)

        row = [r["lang"], reg.of(r["lang"]).script.name.capitalize(), *(cell(p, "press") for p in PRODUCTS)]
        for form in ("screen", "large-print"):
            row.append(" / ".join(cell(p, form) for p in VARIANTS[form][1]))
        checks = []
        for tool in ("preflight", "qpdf", "pdfcpu", "pdfua", "outloud"):
            results = [o[tool] for o in r["outputs"] if tool in o]
            passed = sum(x == "pass" for x in results)
            if results:
                checks.append(f"{tool} {passed}/{len(results)}")
        commits = dict.fromkeys([r["commit"][:7], *(o["commit"][:7] for o in r["outputs"] if "commit" in o)])
        row.append(", ".join(checks) + f" ({', '.join(commits)})")
        lines.append("| " + " | ".join(row) + " |")
    keys = ("form_reason", "masthead", "headroom_mm")
    forms = [(r["lang"], o) for r in records for o in r["outputs"] if any(o.get(k) for k in keys)]
    if forms:
        lines.append("")
        for lang, o in forms:
            room = o.get("headroom_mm")
            gave = f"one sheet, its masthead smaller ({o['masthead']})" if o.get("masthead") else "one sheet"
            why = f"not shorter: {o['form_reason']}" if o.get("form_reason") else gave
            spare = f"; {room[0]:g} mm to spare at the floor" if room else ""
            lines.append(f"- {lang} {o['product']}: {why}{spare}")
    failures = [(r["lang"], f) for r in records for f in r["failed"]]
    if failures:
        lines.append("")
        lines += [
            f"- {lang} {f['product']} ({f['form']}): {' / '.join(f['message'].splitlines())}" for lang, f in failures
        ]
    return "\n".join(lines)


def records() -> list[dict]:
    """Every recorded language, by code."""
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(RECORDS.glob("*.json"))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lang", action="append", default=[], help="a language code (repeatable)")
    parser.add_argument("--script", help="every language of a script (Latin, Naskh, Nastaliq, ...)")
    parser.add_argument("--all", action="store_true", help="every language of the registry")
    parser.add_argument("--shard", help="I/N: the I-th of N slices of the languages (a CI matrix)")
    parser.add_argument("--work", type=Path, default=ROOT / "output" / "language-matrix", help="build folder")
    parser.add_argument("--markdown", action="store_true", help="print docs/translators.md's table from the records")
    parser.add_argument("--product", action="append", default=[], help="only this press product, into the record")
    args = parser.parse_args()
    if args.markdown:
        print(markdown(records()))
        return 0
    langs = args.lang or (_languages(args.script) if args.script or args.all else [])
    if args.shard:
        i, n = map(int, args.shard.split("/"))
        langs = langs[i - 1 :: n]
    if not langs:
        parser.error("name a language (--lang), a script (--script) or --all")
    RECORDS.mkdir(parents=True, exist_ok=True)
    bad = 0
    for lang in langs:
        r = record(lang, args.work, tuple(args.product))
        (RECORDS / f"{lang}.json").write_text(json.dumps(r, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        fails = [o for o in r["outputs"] if any(o.get(t) == "fail" for t in ("preflight", "qpdf", "pdfcpu", "pdfua"))]
        bad += len(fails) + len(r["failed"])
        print(f"{lang}: {len(r['outputs'])} outputs, {len(fails)} failing a check, {len(r['failed'])} not built")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
