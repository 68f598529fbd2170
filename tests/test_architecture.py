"""The stages' imports flow one way: source -> i18n -> compose -> press -> run -> proof -> serve."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.helpers import ROOT

STAGES = ("source", "i18n", "compose", "press", "run", "proof", "serve")
GROUND = {"errors", "paths", "options", "hashing", "write", "templating"}


def imports(path: Path) -> set[str]:
    """The render modules a file imports (its first name under render/)."""
    package = path.relative_to(ROOT).with_suffix("").parts[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - node.level + 1]
            parts = [*base, *(node.module or "").split(".")] if node.module else list(base)
            names = [parts] if node.module else [[*base, a.name] for a in node.names]
            found |= {p[1] for p in names if len(p) > 1 and p[0] == "render"}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("render."):
            found.add(node.module.split(".")[1])
    return found


def test_each_stage_imports_only_the_stages_before_it_and_the_ground():
    wrong = []
    for i, stage in enumerate(STAGES):
        allowed = {*STAGES[: i + 1], *GROUND}
        for path in sorted((ROOT / "render" / stage).glob("*.py")):
            wrong += [f"{path.relative_to(ROOT)} imports render.{m}" for m in imports(path) - allowed]
    assert wrong == []


def test_the_ground_imports_no_stage_but_the_sources_model():
    for name in GROUND:
        found = imports(ROOT / "render" / f"{name}.py")
        assert found <= GROUND | {"source"}, (name, found)
        assert name == "options" or "source" not in found, name


def test_only_compose_imports_weasyprint():
    users = [
        p.relative_to(ROOT).as_posix() for p in (ROOT / "render").rglob("*.py") if "import weasyprint" in p.read_text()
    ]
    assert users == ["render/compose/engine.py"]
