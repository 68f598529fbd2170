"""A workbench left running: one statement edited again and again, rebuilt after each edit, the
language registry edited once half-way. Prints a JSON line per rebuild (what it built, the
process's memory, the session's shelves); run by test_long_run in a process of its own.

    python -m tests.serve.long_run DATA OUT CATALOGUES EDITS
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from render.commands.serve import Workbench
from tests.helpers import options, replace_in

STATEMENT = "Uninformed of resource opportunities"


def memory() -> dict[str, int]:
    """This process's resident memory now and at its peak (kB), from the kernel."""
    status = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    return {key: int(status[key].split()[0]) for key in ("VmRSS", "VmHWM")}


def main(data: Path, out: Path, catalogues: Path, edits: int) -> None:
    bench = Workbench(
        options(data, out, catalogues=catalogues, products=("card-level-1",), workers=1), echo=lambda _: None
    )
    level = data / "levels" / "level-1.yaml"
    before = STATEMENT
    for n in range(edits + 1):
        if n:
            after = f"{STATEMENT} ({n} times edited)"
            replace_in(level, before, after)
            before = after
        if n == edits // 2:
            registry = catalogues / "languages.yaml"
            registry.write_text(registry.read_text(encoding="utf-8") + f"\n# edited at {n}\n", encoding="utf-8")
        origin = bench.session.origin
        done = bench.rebuild()
        line = {"edit": n, "built": done.built, "errors": done.errors, "renewed": bench.session.origin != origin}
        print(json.dumps({**line, **memory(), "shelves": bench.session.sizes()}), flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4]))
