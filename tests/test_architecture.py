"""The stages' imports flow one way: source -> i18n -> compose -> press -> run -> proof, then the
commands (the only code that combines them) and the workbench's web pages; the faces (cli, api)
reach the stages only through the commands."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.helpers import ROOT

STAGES = ("source", "i18n", "compose", "press", "run", "proof", "commands", "serve")
GROUND = {"errors", "paths", "options", "hashing", "write", "templating", "session"}


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


def test_the_faces_reach_the_stages_only_through_the_commands():
    """cli.py parses and prints, api.py re-exports: neither loads data nor calls a stage itself
    (the command line starts the workbench's server: `serve` is its web face)."""
    faces = {"cli": {"api", "commands", "cli_progress", "serve", "__version__"}, "api": {"commands"}}
    for face, allowed in faces.items():
        found = imports(ROOT / "render" / f"{face}.py")
        assert found - GROUND - allowed == set(), face


def test_every_command_of_the_command_line_has_its_module():
    """One module (or package) of render/commands/ per command (the catalogue commands share i18n)."""
    from render.cli import cli

    folder = ROOT / "render" / "commands"
    names = {path.stem for path in folder.glob("*.py")} - {"__init__"}
    names |= {path.parent.name for path in folder.glob("*/__init__.py")}
    assert set(cli.commands) == names


def test_the_ground_imports_no_stage_but_the_sources_model():
    for name in GROUND:
        found = imports(ROOT / "render" / f"{name}.py")
        assert found <= GROUND | {"source"}, (name, found)
        assert name == "options" or "source" not in found, name


# WeasyPrint's box and page API: read through compose/engine.py's Rendered, never elsewhere.
BOX_API = {"_page_box", "descendants", "position_y", "border_box_y", "border_height", "margin_height", "content_box_y"}
BOX_API |= {"element_tag", "pango_layout", "write_pdf", "etree_element"}
ADAPTER = "render/compose/engine.py"


def weasyprint_uses(text: str) -> list[str]:
    """What a module takes of WeasyPrint itself: imports of it, its box API, others' private names."""
    found = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            found += [f"{node.lineno}: imports {n}" for n in names if n.split(".")[0] == "weasyprint"]
        elif isinstance(node, ast.Attribute):
            private = node.attr.startswith("_") and not node.attr.startswith("__")
            own = isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")
            if node.attr in BOX_API or (private and not own):
                found.append(f"{node.lineno}: .{node.attr}")
    return found


def test_only_the_engine_touches_weasyprint():
    """Every import of WeasyPrint (`import` or `from`), every use of its boxes and every private
    name of another object is in the one adapter module."""
    found = {
        path.relative_to(ROOT).as_posix(): uses
        for path in sorted((ROOT / "render").rglob("*.py"))
        if (uses := weasyprint_uses(path.read_text(encoding="utf-8")))
    }
    assert list(found) == [ADAPTER], {k: v for k, v in found.items() if k != ADAPTER}


def test_the_weasyprint_test_finds_each_use():
    text = (
        "from weasyprint.layout.percent import percentage\nimport weasyprint.text\n"
        "top = box.position_y\npage = doc.pages[0]._page_box\nself._own = 1\n"
    )
    assert [use.split(": ")[1] for use in weasyprint_uses(text)] == [
        "imports weasyprint.layout.percent",
        "imports weasyprint.text",
        ".position_y",
        "._page_box",
    ]


MUTATING = {"append", "extend", "add", "update", "setdefault", "pop", "popitem", "clear", "insert", "remove", "discard"}
WORKER = ("render/run/runner.py", "_worker")  # a pool's initializer can only leave a worker's workshop there


def module_state(text: str, name: str) -> list[str]:
    """What a module keeps between calls: names of its own changed by its functions, and
    memos that grow without bound."""
    tree = ast.parse(text)
    own = {
        t.id
        for node in tree.body
        if isinstance(node, ast.Assign | ast.AnnAssign)
        for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
        if isinstance(t, ast.Name)
    }
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Global):
            found += [f"{name}: global {n}" for n in node.names if (name, n) != WORKER]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in MUTATING:
            if isinstance(node.func.value, ast.Name) and node.func.value.id in own:
                found.append(f"{name}:{node.lineno}: {ast.unparse(node)}")
        elif isinstance(node, ast.Assign | ast.AugAssign | ast.Delete):
            targets = node.targets if isinstance(node, ast.Assign | ast.Delete) else [node.target]
            for t in targets:
                if isinstance(t, ast.Subscript | ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id in own:
                    found.append(f"{name}:{node.lineno}: {ast.unparse(node)}")
        elif isinstance(node, ast.FunctionDef):
            for decorator in node.decorator_list:
                text = ast.unparse(decorator)
                bounded = "lru_cache(maxsize=" in text and "maxsize=None" not in text
                if "cache" in text and "cached_property" not in text and not bounded:
                    found.append(f"{name}:{node.lineno}: @{text} {node.name} grows without bound")
    return found


def test_no_state_outlives_its_session():
    """What a process keeps between builds is the Session's (bounded, renewed with what it was
    made from); a module keeps nothing of its own but bounded memos of pure functions."""
    found = [
        line
        for path in sorted((ROOT / "render").rglob("*.py"))
        for line in module_state(path.read_text(encoding="utf-8"), path.relative_to(ROOT).as_posix())
    ]
    assert found == []


def test_the_state_test_finds_state():
    """A module cache, a mutated global and an unbounded memo are each found."""
    text = (
        "import functools\n_SEEN = {}\nCOUNT = 0\n\n"
        "def remember(k):\n    _SEEN[k] = 1\n\n"
        "def bump():\n    global COUNT\n    COUNT += 1\n\n"
        "@functools.cache\ndef memo(x):\n    return x\n"
    )
    found = module_state(text, "render/compose/probe.py")
    assert sorted(found) == [
        "render/compose/probe.py: global COUNT",
        "render/compose/probe.py:13: @functools.cache memo grows without bound",
        "render/compose/probe.py:6: _SEEN[k] = 1",
    ]


def test_the_wheel_carries_every_package():
    """Each package of render/ is listed in pyproject.toml's packages (a new stage left out of
    the wheel would fail only when installed)."""
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "render").rglob("__init__.py")}
    assert found <= listed, found - listed
