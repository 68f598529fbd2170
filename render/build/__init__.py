"""Build: what is out of date, made in parallel processes, written at once; the report, pack and watch.

Takes: BuildOptions, the Framework and the planned Jobs.
Gives: the files of every job in OUT (written only when every job succeeded),
OUT/build-report.json (typed, see report), the cache in OUT/.cache, and a Report.

- jobs: one job start to finish (compose, then press); runner: the whole build
- cache: what each output was made from; report: Result, Done, the build report
- recheck: preflight of written files; pack: print-shop zips; watch: rebuild on save

The stage can be called: `render.build(options)` runs a build (runner.build).
"""

import sys
import types


class _Stage(types.ModuleType):
    def __call__(self, options, on_step=None):
        from .runner import build

        return build(options) if on_step is None else build(options, on_step)


sys.modules[__name__].__class__ = _Stage
