"""Run a build: what is out of date, made in parallel processes, written at once; the report, pack and watch.

Takes: BuildOptions, the Framework and the planned Jobs.
Gives: the files of every job in OUT (written only when every job succeeded),
OUT/build-report.json (typed, see report), the cache in OUT/.cache, and a Report.

- jobs: one job start to finish (compose, then press); runner: the whole build
- cache: what each output was made from; report: Result, Done, the build report
- recheck: preflight of written files; pack: print-shop zips; watch: rebuild on save
"""
