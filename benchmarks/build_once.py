"""Run one `mkdocs build` in this process and write what the benchmark reads as JSON.

    python benchmarks/build_once.py STATS.json kb|plain [mkdocs build options...]

`run.py` starts every build, ours and the plain baseline, through this file, so both pay the
same interpreter start-up. For our site (`kb`) it also records, without changing the site's
code:

- `graphviz_runs`: `build_tools.flowchart.RUNS["count"]` after the build, i.e. how many
  times `dot` ran (0 on a rebuild with unchanged trees: flowcharts are cached by content hash);
- `prepare_seconds`: time in `SiteBuild.prepare` (load, validate, render every page);
- `write_outputs_seconds`: time in `SiteBuild.write_outputs` (kb.json and, when that stage is
  on, the PDF handbook).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _time_calls(cls, name: str, timings: dict, key: str, *, classmethod_: bool = False) -> None:
    original = getattr(cls, name, None)
    if original is None:
        return

    def timed(*args, **kwargs):
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            timings[key] = timings.get(key, 0.0) + time.perf_counter() - start

    if classmethod_:
        setattr(cls, name, classmethod(lambda _cls, *a, **k: timed(*a, **k)))
    else:
        setattr(cls, name, timed)


def main(argv: list[str]) -> int:
    stats_file, kind, mkdocs_args = Path(argv[0]), argv[1], argv[2:]
    stats: dict = {"kind": kind}
    started = time.perf_counter()
    if kind == "kb":
        sys.path.insert(0, str(ROOT))
        from build_tools import site_build  # the module the hook imports: same object

        _time_calls(site_build.SiteBuild, "prepare", stats, "prepare_seconds", classmethod_=True)
        _time_calls(site_build.SiteBuild, "write_outputs", stats, "write_outputs_seconds")
    from mkdocs.__main__ import cli

    code = 0
    try:
        cli.main(args=["build", *mkdocs_args], prog_name="mkdocs", standalone_mode=True)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    stats["exit_code"] = code
    stats["in_process_seconds"] = round(time.perf_counter() - started, 4)
    flowchart = sys.modules.get("build_tools.flowchart")
    if flowchart is not None and hasattr(flowchart, "RUNS"):
        stats["graphviz_runs"] = flowchart.RUNS["count"]
    stats_file.write_text(json.dumps(stats, indent=1))
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
