"""The independent validators, run on PDFs the program made: qpdf, pdfcpu (strict) and two
PDF/UA-1 checkers (pdfua, outloud). Each function returns only what a validator complained
about, by file: an empty answer is a pass. Used by the tests and by scripts/language_matrix.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PDFCPU = ROOT / "scripts" / "pdfcpu"
BIN = Path(sys.executable).parent


class ValidatorError(RuntimeError):
    """A validator did not answer for every file it was given."""


def pdfs(folder: Path) -> list[Path]:
    """The PDFs of a build folder (not its proofs)."""
    return sorted(p for p in folder.rglob("*.pdf") if "proof" not in p.parts)


def qpdf(files: list[Path]) -> dict[str, str]:
    """qpdf --check's complaints, by file (exit 0: nothing wrong; 2: errors; 3: warnings)."""
    found = {}
    for path in files:
        done = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
        if done.returncode != 0:
            found[str(path)] = done.stdout + done.stderr
    return found


def pdfcpu(files: list[Path]) -> dict[str, str]:
    """pdfcpu's verdict in strict mode, by file, for those not "validation ok"."""
    if not files:
        return {}
    done = subprocess.run(
        ["node", str(PDFCPU / "validate.mjs"), "strict", *map(str, files)], capture_output=True, text=True, check=True
    )
    verdicts = dict(line.split(": ", 1) for line in done.stdout.splitlines())
    if set(verdicts) != {str(p) for p in files}:
        raise ValidatorError(f"pdfcpu did not answer for every file: {done.stdout}{done.stderr}")
    return {path: verdict for path, verdict in verdicts.items() if verdict != "validation ok"}


def pdfua(files: list[Path]) -> dict[str, list]:
    """pdfua's findings (errors, warnings, information), by file, for those with any."""
    if not files:
        return {}
    done = subprocess.run(
        [str(BIN / "pdfua"), "check", "--format", "json", *map(str, files)], capture_output=True, text=True
    )
    text, decoder, reports = done.stdout, json.JSONDecoder(), []
    at = 0
    while at < len(text.rstrip()):
        report, at = decoder.raw_decode(text, at)
        reports.append(report)
        while at < len(text) and text[at].isspace():
            at += 1
    if {r["file"] for r in reports} != {str(p) for p in files}:
        raise ValidatorError(f"pdfua did not answer for every file: {done.stderr}")
    return {r["file"]: r["findings"] for r in reports if r["findings"]}


def outloud(files: list[Path]) -> dict[str, set[str]]:
    """outloud's errors (its warnings are a reviewer's prompts), as rule ids by file, for those with any."""
    if not files:
        return {}
    done = subprocess.run([str(BIN / "outloud"), "--json", "-", *map(str, files)], capture_output=True, text=True)
    results = json.loads(done.stdout)["results"]
    if {r["path"] for r in results} != {str(p) for p in files}:
        raise ValidatorError(f"outloud did not answer for every file: {done.stderr}")
    errors = {r["path"]: {f["rule"] for f in r["findings"] if f["severity"] == "error"} for r in results}
    return {path: rules for path, rules in errors.items() if rules}
