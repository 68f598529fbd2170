"""`build`: what the options ask for, made into the output folder; `build --plan`: the jobs it would make."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..options import BuildOptions
from ..session import Session

if TYPE_CHECKING:  # (the run stage is imported when a build starts: the command line starts fast)
    from ..run.report import Report
    from ..run.runner import Step


def build(
    options: BuildOptions, on_step: Callable[[Step], None] = lambda _: None, session: Session | None = None
) -> Report:
    """Build what the options ask for into options.paths.out; nothing is written if any output
    fails. A caller that builds again and again passes its `Session` (see render.session)."""
    from ..run.runner import build as run_build

    return run_build(options, on_step, session)


def plan(options: BuildOptions, session: Session | None = None) -> list[dict]:
    """The jobs a build with these options would make (with a shard, its slice), each with
    the hash of its inputs, its slice and whether options.paths.out holds it already."""
    from ..run.runner import jobs_planned

    return jobs_planned(options, session)
