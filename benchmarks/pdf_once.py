"""Render the real handbook PDFs once, in this process, and write what happened as JSON.

    python benchmarks/pdf_once.py STATS.json OUT_FOLDER

Calls the PDF stage directly (`build_tools.pdf_render.write_pdfs`: the handbook and one
booklet per tree) on the repository's own content, so its speed is measured whether or not
the site build has the stage switched on. Writes `{"error": ...}` when the module or the
function is missing or fails, so the benchmark can say why there is no figure.
"""

from __future__ import annotations

import json
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    stats_file, out = Path(argv[0]), Path(argv[1])
    sys.path.insert(0, str(ROOT))
    stats: dict = {}
    try:
        from build_tools import pdf_render
        from build_tools.knowledge_base import Layout, load_and_validate

        kb, _ = load_and_validate(Layout(ROOT))
        start = time.perf_counter()
        report = pdf_render.write_pdfs(kb, out, cache_dir=ROOT / ".cache" / "flowcharts")
        stats["wall_seconds"] = round(time.perf_counter() - start, 3)
        stats["seconds"] = round(getattr(report, "seconds", stats["wall_seconds"]), 3)
        stats["results"] = [
            {"name": r.path.name, "pages": r.pages, "seconds": round(r.seconds, 3),
             "bytes": r.size, "passes": getattr(r, "passes", None)}
            for r in report.results]
        stats["pages"] = sum(r["pages"] for r in stats["results"])
    except Exception as exc:  # reported, not raised: the benchmark records the reason
        stats["error"] = f"{type(exc).__name__}: {exc}"[:500]
        stats["traceback"] = traceback.format_exc()[-2000:]
    stats_file.write_text(json.dumps(stats, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
