"""`make bench`: build times, page weight and handbook speed, against plain MkDocs, in one run.

    python benchmarks/run.py [--sizes "500 1000 2000"] [--runs 3] [--no-docs] [--keep]

For each size N it writes a synthetic knowledge base of N step pages (trees of 20 steps, real
YAML format, passes the real validator; see synthetic.py) and a plain MkDocs + Material site
with the same number of nav-free Markdown pages carrying the same text, then measures, on this
machine and in this run:

- validate-only time (`python -m build_tools validate`), median of --runs;
- a first build with an empty flowchart cache (Graphviz runs, seconds);
- --runs rebuilds of our site with unchanged trees, interleaved with --runs builds of the plain
  site: medians, their ratio, peak resident memory of each build process (os.wait4);
- HTML bytes of the step pages, the bytes a browser transfers (gzip) on a first load of a step
  page with everything it requests, and the size of the search index.

Across sizes: the scaling exponent (least-squares slope of log time against log pages). For
the real content: the same page measures, the search index, validate-only time, and the PDF
handbook's pages per second (pdf_once.py; null with the reason when there is no PDF stage).

Writes benchmarks/results/latest.json and docs/guides/performance.md (unless --no-docs).
Every build runs in a subprocess through build_once.py; nothing here changes the site's code.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gzip
import http.server
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from html.parser import HTMLParser
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
WORK = BENCH / "work"
# The tree whose code and content are measured: a snapshot of ROOT taken when the run starts
# (see `snapshot`), so that edits made while a long run is going do not mix two versions.
CODE = ROOT
RESULTS = BENCH / "results"
DOC = ROOT / "docs" / "guides" / "performance.md"
sys.path.insert(0, str(BENCH))

import synthetic  # noqa: E402

KB = 1024
MB = 1024 * 1024
GZIP_LEVEL = 6  # zlib's default; what most servers use for text
TEXT_TYPES = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map"}

# Environment for every build: PDFs off for the synthetic sites (they are measured on the real
# content only), and the MkDocs 2 notice silenced.
BASE_ENV = {"NO_MKDOCS_2_WARNING": "1"}
PDF_OFF_ENV = {"KB_PDF": "0", "KB_SKIP_PDF": "1"}  # build_tools.pdf_render.pdf_wanted

TARGETS = {
    "ratio_vs_plain": 1.0,  # our build / plain MkDocs build, same page count
    "seconds_at_10000": 120.0,
    "exponent": 1.1,
    "peak_rss_mb_at_10000": 1024.0,
    "step_page_html_bytes": 25 * KB,
    "first_load_gzip_bytes": 100 * KB,
    "search_index_bytes_real": 1 * MB,
    "graphviz_runs_rebuild": 0,
    "pdf_pages_per_second": 10.0,
}


class BenchError(RuntimeError):
    pass


# ------------------------------------------------------------------ running builds


def run_measured(cmd: list[str], log: Path, env: dict | None = None,
                 cwd: Path | None = None) -> tuple[float, float, int, float]:
    """Run a command; return wall seconds, peak RSS in MB (this process and its children,
    from wait4), the exit code and CPU seconds (user + system). Output goes to `log`."""
    cwd = cwd or CODE
    log.parent.mkdir(parents=True, exist_ok=True)
    full_env = {**os.environ, **BASE_ENV, **(env or {})}
    with log.open("wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=full_env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    return wall, usage.ru_maxrss / 1024, proc.returncode, cpu  # ru_maxrss is in KB on Linux


def build(kind: str, config: Path, site: Path, tag: str, env: dict | None = None) -> dict:
    stats_file = WORK / "logs" / f"{tag}.json"
    log = WORK / "logs" / f"{tag}.log"
    stats_file.unlink(missing_ok=True)
    cmd = [sys.executable, str(CODE / "benchmarks" / "build_once.py"), str(stats_file), kind,
           "-f", str(config), "-d", str(site), "--strict"]
    wall, rss, code, cpu = run_measured(cmd, log, env)
    if code != 0:
        tail = log.read_text(errors="replace").splitlines()[-15:]
        raise BenchError(f"build {tag} failed (exit {code}); last lines of {log}:\n"
                         + "\n".join(tail))
    stats = json.loads(stats_file.read_text()) if stats_file.exists() else {}
    stats.update(seconds=round(wall, 3), cpu_seconds=round(cpu, 3), peak_rss_mb=round(rss, 1))
    return stats


def validate_seconds(project: Path, runs: int, tag: str) -> list[float]:
    out = []
    for i in range(runs):
        cmd = [sys.executable, "-m", "build_tools", "--root", str(project), "validate"]
        wall, _, code, _ = run_measured(cmd, WORK / "logs" / f"{tag}-validate-{i}.log")
        if code != 0:
            raise BenchError(f"validation of {project} failed; see {WORK / 'logs'}")
        out.append(round(wall, 3))
    return out


def log_line(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


# ------------------------------------------------------------------ page weight


def gzip_size(path: Path) -> int:
    data = path.read_bytes()
    if path.suffix.lower() not in TEXT_TYPES:
        return len(data)  # images and fonts are already compressed: servers send them as is
    return len(gzip.compress(data, GZIP_LEVEL, mtime=0))


class _Requests(HTMLParser):
    """What a browser requests while loading an HTML page (static reading)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.config: str = ""
        self._in_config = False
        self.search_form = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        rel = (a.get("rel") or "").lower().split()
        if tag == "link" and a.get("href") and ({"stylesheet", "icon"} & set(rel)):
            self.urls.append(a["href"])
        elif tag == "script" and a.get("src"):
            self.urls.append(a["src"])
        elif tag == "script" and a.get("id") == "__config":
            self._in_config = True
        elif tag in ("img", "iframe", "embed") and a.get("src"):
            self.urls.append(a["src"])
        elif tag == "object" and a.get("data"):
            self.urls.append(a["data"])
        elif tag == "form" and a.get("name") == "search":
            self.search_form = True

    def handle_endtag(self, tag):
        self._in_config = False

    def handle_data(self, data):
        if self._in_config:
            self.config += data


_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""")
_CSS_IMPORT = re.compile(r"""@import\s+['"]([^'"]+)['"]""")
_XML_STYLESHEET = re.compile(r"""<\?xml-stylesheet[^>]*href=["']([^"']+)["']""")


def _local(site: Path, base_url: str, ref: str) -> str | None:
    """Site-relative path of `ref` seen from `base_url`, or None for other origins and data."""
    if ref.startswith(("data:", "#", "mailto:", "javascript:")):
        return None
    url = urljoin("http://site/" + base_url, ref)
    parts = urlsplit(url)
    if parts.netloc != "site":
        return None
    path = unquote(parts.path).lstrip("/")
    if not path or path.endswith("/"):
        path += "index.html"
    return path


def first_load(site: Path, page: str) -> dict:
    """Everything a browser fetches on a first visit to `page` (site-relative path of an
    index.html), with the gzip bytes of each. Static reading of the HTML, of the SVG it
    embeds and of the stylesheets, plus Material's search worker and search index (Material
    requests `search/search_index.json` as soon as a page with the search form loads)."""
    seen: dict[str, int] = {}
    queue = [page]
    notes = {}

    def add(ref: str, base: str) -> None:
        path = _local(site, base, ref)
        if path and path not in seen and path not in queue:
            queue.append(path)

    while queue:
        path = queue.pop(0)
        file = site / path
        if not file.is_file():
            notes.setdefault("missing", []).append(path)
            continue
        seen[path] = gzip_size(file)
        if file.suffix == ".html":
            parser = _Requests()
            parser.feed(file.read_text(errors="replace"))
            for ref in parser.urls:
                add(ref, path)
            if parser.config:
                config = json.loads(parser.config)
                base = config.get("base", ".")
                if config.get("search"):
                    add(config["search"], path)
                if parser.search_form:
                    add(base.rstrip("/") + "/search/search_index.json", path)
        elif file.suffix == ".svg":
            text = file.read_text(errors="replace")
            for ref in _XML_STYLESHEET.findall(text):
                add(ref, path)
        elif file.suffix == ".css":
            text = file.read_text(errors="replace")
            for ref in _CSS_URL.findall(text) + _CSS_IMPORT.findall(text):
                if not ref.startswith("data:") and "#" not in ref[:1]:
                    add(ref, path)
    total = sum(seen.values())
    index = next((p for p in seen if p.endswith("search/search_index.json")), None)
    result = {
        "page": page,
        "gzip_bytes": total,
        "gzip_bytes_without_search_index": total - (seen[index] if index else 0),
        "files": dict(sorted(seen.items(), key=lambda kv: -kv[1])),
    }
    result.update(notes)
    return result


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def browser_first_load(site: Path, page: str) -> dict | None:
    """Cross-check `first_load` in Chromium when Playwright and Chromium are installed (the
    browser tests need both); returns None without them."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not chromium:
        return None
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    urls: list[str] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            context = browser.new_context()
            context.on("request", lambda r: urls.append(r.url))
            tab = context.new_page()
            tab.goto(base + page.removesuffix("index.html"), wait_until="networkidle")
            tab.wait_for_timeout(1000)
            browser.close()
    except Exception as exc:  # a browser that cannot start must not sink the benchmark
        return {"error": f"{type(exc).__name__}: {exc}"[:300]}
    finally:
        server.shutdown()
    paths = []
    for url in urls:
        path = unquote(urlsplit(url).path).lstrip("/")
        if not path or path.endswith("/"):
            path += "index.html"
        if path not in paths:
            paths.append(path)
    files = {p: gzip_size(site / p) for p in paths if (site / p).is_file()}
    return {"gzip_bytes": sum(files.values()), "files": files,
            "not_found": [p for p in paths if not (site / p).is_file()]}


def site_metrics(site: Path, *, browser: bool = False) -> dict:
    """Page count, step page weight, first load and search index of a built site."""
    html = [p for p in site.rglob("*.html") if p.name != "404.html"]
    steps = sorted(p for p in (site / "decisions").glob("*/*/index.html"))
    sizes = sorted(p.stat().st_size for p in steps)
    out: dict = {"pages": len(html), "step_pages": len(steps)}
    if sizes:
        largest = max(steps, key=lambda p: p.stat().st_size)
        out.update(
            step_page_html_bytes_median=int(statistics.median(sizes)),
            step_page_html_bytes_max=sizes[-1],
            step_page_largest=largest.relative_to(site).as_posix(),
        )
        # First load of the heaviest step page: the worst case a reader can meet.
        load = first_load(site, largest.relative_to(site).as_posix())
        out["first_load"] = load
        if browser:
            out["first_load_browser"] = browser_first_load(site, load["page"])
        out["step_page_breakdown"] = page_breakdown(largest)
    index = site / "search" / "search_index.json"
    if index.is_file():
        out["search_index_bytes"] = index.stat().st_size
        out["search_index_gzip_bytes"] = gzip_size(index)
        out["search_index_breakdown"] = search_index_breakdown(index)
    pdfs = sorted((site / "downloads").glob("*.pdf")) if (site / "downloads").is_dir() else []
    if pdfs:
        out["pdfs"] = {p.name: {"bytes": p.stat().st_size, "pages": pdf_pages(p)} for p in pdfs}
    return out


def page_breakdown(page: Path) -> dict:
    """Bytes of a page: Material's chrome (head, header, nav, search, footer) against the
    article, and the article's largest blocks by class (walk data, decision record ...)."""
    text = page.read_bytes()
    start, end = text.find(b'<article class="md-content__inner'), text.rfind(b"</article>")
    article = end + len(b"</article>") - start if 0 <= start < end else 0
    html = text.decode(errors="replace")
    parser = synthetic._TopLevel(html)
    parser.feed(html)
    blocks: dict[str, int] = {}
    for first, last, cls in parser.blocks:
        name = (cls.split() or ["(no class)"])[0]
        blocks[name] = blocks.get(name, 0) + len(html[first:max(first, last)].encode())
    return {"total": len(text), "article": article, "theme_chrome": len(text) - article,
            "article_blocks": dict(sorted(blocks.items(), key=lambda kv: -kv[1])[:6])}


def search_index_breakdown(index: Path) -> dict:
    """Bytes of the search index by page kind and, for step pages, by section id."""
    data = json.loads(index.read_text())
    by_kind: dict[str, int] = {}
    step_sections: dict[str, int] = {}
    for doc in data.get("docs", []):
        location = doc.get("location", "")
        path, _, fragment = location.partition("#")
        parts = [p for p in path.split("/") if p]
        size = len(json.dumps(doc, separators=(",", ":")).encode())
        if parts[:1] == ["decisions"] and len(parts) == 3:
            kind = "step pages"
            step_sections[fragment or "(page top)"] = step_sections.get(
                fragment or "(page top)", 0) + size
        elif parts[:1] == ["decisions"] and len(parts) == 2:
            kind = "tree pages"
        else:
            kind = parts[0] if parts else "home"
        by_kind[kind] = by_kind.get(kind, 0) + size
    top_sections = dict(sorted(step_sections.items(), key=lambda kv: -kv[1])[:8])
    return {"documents": len(data.get("docs", [])),
            "by_kind": dict(sorted(by_kind.items(), key=lambda kv: -kv[1])),
            "step_page_sections": top_sections}


def pdf_pages(path: Path) -> int | None:
    """Page count: `pdfinfo` when poppler is installed, else the page tree's /Count."""
    if shutil.which("pdfinfo"):
        done = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True)
        match = re.search(r"^Pages:\s+(\d+)", done.stdout, re.M)
        if match:
            return int(match.group(1))
    import zlib

    raw = path.read_bytes()
    chunks = [raw]
    for stream in re.finditer(rb"stream\r?\n(.*?)endstream", raw, re.S):
        try:
            chunks.append(zlib.decompress(stream.group(1)))
        except zlib.error:
            pass
    counts = [int(c) for chunk in chunks
              for d in re.findall(rb"<<[^<>]*?/Type\s*/Pages\b[^<>]*?>>", chunk)
              for c in re.findall(rb"/Count\s+(\d+)", d)]
    return max(counts) if counts else None


# ------------------------------------------------------------------ statistics


def median(xs: list[float]) -> float:
    return round(statistics.median(xs), 3)


def slope(xs: list[float], ys: list[float]) -> float | None:
    """Least-squares slope of log(y) against log(x)."""
    if len(xs) < 2:
        return None
    lx, ly = [math.log(x) for x in xs], [math.log(y) for y in ys]
    mx, my = statistics.mean(lx), statistics.mean(ly)
    den = sum((a - mx) ** 2 for a in lx)
    return round(sum((a - mx) * (b - my) for a, b in zip(lx, ly)) / den, 3) if den else None


def linear_fit(xs: list[float], ys: list[float]) -> tuple[float, float] | None:
    """y = a + b*x by least squares."""
    if len(xs) < 2:
        return None
    mx, my = statistics.mean(xs), statistics.mean(ys)
    den = sum((x - mx) ** 2 for x in xs)
    if not den:
        return None
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / den
    return my - b * mx, b


# ------------------------------------------------------------------ one size


def bench_size(steps: int, runs: int, keep: bool, browser: bool) -> dict:
    project = WORK / f"kb-{steps}"
    plain = WORK / f"plain-{steps}"
    site, plain_site = WORK / f"site-kb-{steps}", WORK / f"site-plain-{steps}"
    log_line(f"{steps} step pages: writing the synthetic knowledge base")
    made = synthetic.make_knowledge_base(project, steps)
    validate = validate_seconds(project, runs, f"kb-{steps}")
    log_line(f"{steps}: validate-only {median(validate)} s; first build (empty cache)")
    shutil.rmtree(project / ".cache", ignore_errors=True)
    first = build("kb", project / "mkdocs.yml", site, f"kb-{steps}-first", PDF_OFF_ENV)
    ours = site_metrics(site, browser=browser)
    if ours.get("pdfs"):
        raise BenchError(f"the synthetic build wrote PDFs ({', '.join(sorted(ours['pdfs']))[:200]})"
                         f": the site's PDF switch is no longer one of {sorted(PDF_OFF_ENV)}; "
                         "update PDF_OFF_ENV in benchmarks/run.py")
    synthetic.make_plain_site(plain, ours["pages"], site)
    warm, base = [], []
    for i in range(runs):
        log_line(f"{steps}: rebuild {i + 1}/{runs} (ours, then plain MkDocs)")
        warm.append(build("kb", project / "mkdocs.yml", site, f"kb-{steps}-rebuild-{i}",
                          PDF_OFF_ENV))
        base.append(build("plain", plain / "mkdocs.yml", plain_site, f"plain-{steps}-{i}"))
    plain_metrics = site_metrics(plain_site)
    plain_pages = sorted(plain_site.glob("pages/*/*/index.html"))
    plain_sizes = sorted(p.stat().st_size for p in plain_pages)
    plain_articles = [page_breakdown(p)["article"] for p in plain_pages[:400]]
    our_articles = [page_breakdown(p)["article"]
                    for p in sorted(site.glob("decisions/*/*/index.html"))[:400]]
    ours_s, plain_s = median([w["seconds"] for w in warm]), median([b["seconds"] for b in base])
    ours_cpu = median([w["cpu_seconds"] for w in warm])
    plain_cpu = median([b["cpu_seconds"] for b in base])
    result = {
        "steps": made["steps"],
        "trees": made["trees"],
        "pages": ours["pages"],
        "plain_pages": plain_metrics["pages"],
        "build_seconds": ours_s,
        "build_seconds_runs": [w["seconds"] for w in warm],
        "plain_seconds": plain_s,
        "plain_seconds_runs": [b["seconds"] for b in base],
        "ratio_vs_plain": round(ours_s / plain_s, 3),
        "build_cpu_seconds": ours_cpu,
        "plain_cpu_seconds": plain_cpu,
        "ratio_vs_plain_cpu": round(ours_cpu / plain_cpu, 3),
        "load_average": round(os.getloadavg()[0], 2),
        "first_build_seconds": first["seconds"],
        "prepare_seconds": median([w.get("prepare_seconds", 0.0) for w in warm]),
        "ms_per_page": round(1000 * ours_s / ours["pages"], 2),
        "plain_ms_per_page": round(1000 * plain_s / plain_metrics["pages"], 2),
        "peak_rss_mb": max(w["peak_rss_mb"] for w in warm + [first]),
        "plain_peak_rss_mb": max(b["peak_rss_mb"] for b in base),
        "validate_seconds": median(validate),
        "validate_seconds_runs": validate,
        "graphviz_runs_first": first.get("graphviz_runs"),
        "graphviz_runs_rebuild": max((w.get("graphviz_runs") or 0) for w in warm),
        "step_page_html_bytes": ours.get("step_page_html_bytes_median"),
        "step_page_html_bytes_max": ours.get("step_page_html_bytes_max"),
        "plain_page_html_bytes": int(statistics.median(plain_sizes)) if plain_sizes else None,
        "step_page_article_bytes": int(statistics.median(our_articles)) if our_articles else None,
        "plain_page_article_bytes":
            int(statistics.median(plain_articles)) if plain_articles else None,
        "first_load_gzip_bytes": ours["first_load"]["gzip_bytes"],
        "first_load_gzip_bytes_without_search_index":
            ours["first_load"]["gzip_bytes_without_search_index"],
        "first_load": ours["first_load"],
        "first_load_browser": ours.get("first_load_browser"),
        "step_page_breakdown": ours.get("step_page_breakdown"),
        "search_index_bytes": ours.get("search_index_bytes"),
        "search_index_gzip_bytes": ours.get("search_index_gzip_bytes"),
        "plain_search_index_bytes": plain_metrics.get("search_index_bytes"),
    }
    log_line(f"{steps}: ours {ours_s} s, plain {plain_s} s, ratio {result['ratio_vs_plain']}, "
             f"peak {result['peak_rss_mb']} MB")
    if not keep:
        for folder in (site, plain_site, project, plain):
            shutil.rmtree(folder, ignore_errors=True)
    return result


# ------------------------------------------------------------------ the real content


def bench_real(runs: int, browser: bool, pdf: bool = True) -> dict:
    site = WORK / "site-real"
    log_line("real content: validate-only")
    validate = validate_seconds(CODE, runs, "real")
    log_line("real content: site build")
    stats = build("kb", CODE / "mkdocs.yml", site, "real", PDF_OFF_ENV)
    metrics = site_metrics(site, browser=browser)
    real = {
        "pages": metrics["pages"],
        "step_pages": metrics["step_pages"],
        "build_seconds": stats["seconds"],
        "peak_rss_mb": stats["peak_rss_mb"],
        "prepare_seconds": stats.get("prepare_seconds"),
        "write_outputs_seconds": stats.get("write_outputs_seconds"),
        "validate_seconds": median(validate),
        "step_page_html_bytes": metrics.get("step_page_html_bytes_median"),
        "step_page_html_bytes_max": metrics.get("step_page_html_bytes_max"),
        "step_page_largest": metrics.get("step_page_largest"),
        "step_page_breakdown": metrics.get("step_page_breakdown"),
        "first_load": metrics.get("first_load"),
        "first_load_browser": metrics.get("first_load_browser"),
        "search_index_bytes": metrics.get("search_index_bytes"),
        "search_index_gzip_bytes": metrics.get("search_index_gzip_bytes"),
        "search_index_breakdown": metrics.get("search_index_breakdown"),
        "pdfs": metrics.get("pdfs", {}),
        "load_average": round(os.getloadavg()[0], 2),
    }
    real["pdf"] = pdf_speed(real) if pdf else {"pages_per_second": None,
                                               "reason": "skipped (--no-pdf)"}
    return real


def pdf_speed(real: dict) -> dict:
    """The PDF stage on the real content: `pdf_once.py` calls build_tools.pdf_render.write_pdfs
    (handbook + one booklet per tree) in a subprocess. The headline is the handbook alone:
    its pages divided by its own rendering time."""
    if not (CODE / "build_tools" / "pdf_render.py").is_file():
        return {"pages_per_second": None,
                "reason": "build_tools has no PDF stage (build_tools/pdf_render.py is missing)"}
    log_line("real content: PDF handbook and booklets")
    stats_file, out = WORK / "logs" / "pdf.json", WORK / "pdf-real"
    shutil.rmtree(out, ignore_errors=True)
    stats_file.unlink(missing_ok=True)
    wall, rss, code, cpu = run_measured(
        [sys.executable, str(CODE / "benchmarks" / "pdf_once.py"), str(stats_file), str(out)],
        WORK / "logs" / "pdf.log")
    stats = json.loads(stats_file.read_text()) if stats_file.exists() else {}
    if code != 0 or "error" in stats or not stats.get("results"):
        return {"pages_per_second": None,
                "reason": "the PDF stage failed: " + (stats.get("error") or f"exit {code}")}
    handbook = next((r for r in stats["results"] if r["name"] == "handbook.pdf"),
                    max(stats["results"], key=lambda r: r["pages"]))
    return {
        "pages_per_second": round(handbook["pages"] / handbook["seconds"], 2),
        "handbook_pages": handbook["pages"],
        "handbook_seconds": handbook["seconds"],
        "handbook_layout_passes": handbook.get("passes"),
        "all_pdfs_pages": stats["pages"],
        "all_pdfs_seconds": stats["seconds"],
        "all_pdfs_pages_per_second": round(stats["pages"] / stats["seconds"], 2),
        "cpu_seconds": round(cpu, 3),
        "pages_per_cpu_second": round(stats["pages"] / cpu, 2) if cpu else None,
        "peak_rss_mb": round(rss, 1),
        "files": stats["results"],
        "method": "build_tools.pdf_render.write_pdfs on the real content, in a fresh process "
                  "(benchmarks/pdf_once.py); handbook pages / the handbook's own render time",
    }


# ------------------------------------------------------------------ the code measured

# Not copied into the snapshot: history, environments, outputs and the benchmark's own work.
SNAPSHOT_SKIP = {".git", ".venv", "site", "node_modules", "benchmarks", "__pycache__"}


def snapshot() -> Path:
    """Copy the repository's code, content and config to work/snapshot/ and measure that."""
    snap = WORK / "snapshot"
    shutil.rmtree(snap, ignore_errors=True)
    snap.mkdir(parents=True)
    for entry in sorted(ROOT.iterdir()):
        if entry.name in SNAPSHOT_SKIP or (entry.name.startswith(".") and entry.name != ".cache"):
            continue
        if entry.is_dir():
            shutil.copytree(entry, snap / entry.name, symlinks=True,
                            ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache"))
        else:
            shutil.copy2(entry, snap / entry.name)
    (snap / "benchmarks").mkdir()
    for name in ("build_once.py", "pdf_once.py"):
        shutil.copy2(BENCH / name, snap / "benchmarks" / name)
    return snap


def provenance() -> dict:
    """The commit measured and whether the working tree had uncommitted changes."""
    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True,
                                  timeout=30).stdout.rstrip("\n")
        except (OSError, subprocess.SubprocessError):
            return ""
    changed = [line[3:] for line in git("status", "--porcelain").splitlines()]
    return {"commit": git("rev-parse", "HEAD") or None,
            "uncommitted_files": len(changed),
            "uncommitted_outside_benchmarks": sorted(
                f for f in changed if not f.startswith(("benchmarks/", "docs/guides/performance"))
            )[:20]}


# ------------------------------------------------------------------ machine


def machine() -> dict:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = None
    try:
        match = re.search(r"MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text())
        memory = round(int(match.group(1)) / MB, 1) if match else None
    except OSError:
        pass
    versions = {}
    for package in ("mkdocs", "mkdocs-material", "markdown", "jinja2", "pydantic", "weasyprint"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    try:
        dot = subprocess.run(["dot", "-V"], capture_output=True, text=True).stderr.strip()
    except OSError:
        dot = None
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {"cpu": cpu, "cores": cores, "memory_gb": memory, "os": platform.platform(),
            "load_average_1min": round(os.getloadavg()[0], 2),
            "python": platform.python_version(), "packages": versions, "graphviz": dot}


# ------------------------------------------------------------------ targets


def kb(n: float | None) -> str:
    return "n/a" if n is None else f"{n / KB:,.1f} KB"


def evaluate(sizes: list[dict], real: dict, exponent: float | None,
             plain_exponent: float | None = None, exponent_cpu: float | None = None,
             plain_exponent_cpu: float | None = None) -> list[dict]:
    """Each target with its measured value, whether it is met (wall-clock time, as the issue
    states them; `met_cpu` repeats the time targets on CPU time), and why not."""
    largest = sizes[-1]
    at_10k = next((s for s in sizes if s["steps"] == 10000), None)
    steps = [s["steps"] for s in sizes]
    fit_t = linear_fit(steps, [s["build_seconds"] for s in sizes])
    fit_c = linear_fit(steps, [s["build_cpu_seconds"] for s in sizes])
    fit_m = linear_fit(steps, [s["peak_rss_mb"] for s in sizes])
    targets = []

    def add(name, target, measured, met, detail, why="", measured_cpu=None, met_cpu=None):
        targets.append({"name": name, "target": target, "measured": measured, "met": met,
                        "measured_cpu": measured_cpu, "met_cpu": met_cpu,
                        "detail": detail, "why": why})

    def project(fit):
        return round(fit[0] + fit[1] * 10000, 1) if fit else None

    worst = max(sizes, key=lambda s: s["ratio_vs_plain"])
    worst_cpu = max(s["ratio_vs_plain_cpu"] for s in sizes)
    limit = TARGETS["ratio_vs_plain"]
    add("build time / plain MkDocs, same page count", f"<= {limit}",
        worst["ratio_vs_plain"], worst["ratio_vs_plain"] <= limit,
        f"worst at {worst['steps']:,} step pages ({worst['build_seconds']} s against "
        f"{worst['plain_seconds']} s); per size, wall (CPU): "
        + ", ".join(f"{s['steps']:,}: {s['ratio_vs_plain']} ({s['ratio_vs_plain_cpu']})"
                    for s in sizes),
        "" if worst["ratio_vs_plain"] <= limit and worst_cpu <= limit else
        f"{(worst['ratio_vs_plain'] - 1) * 100:.0f}% slower at {worst['steps']:,} step pages "
        f"(CPU time, all sizes: {', '.join(str(s['ratio_vs_plain_cpu']) for s in sizes)}); "
        f"loading, validating and rendering the data (SiteBuild.prepare, where our build "
        f"differs from the plain one, which parses each page's Markdown instead) took "
        f"{worst['prepare_seconds']} s of the {worst['build_seconds']} s",
        worst_cpu, worst_cpu <= limit)
    limit_s = TARGETS["seconds_at_10000"]
    if at_10k:
        t, c = at_10k["build_seconds"], at_10k["build_cpu_seconds"]
        add("10,000 step pages", f"<= {limit_s:.0f} s", t, t <= limit_s,
            f"measured: {t} s wall, {c} s CPU (rebuild, median of {len(at_10k['build_seconds_runs'])})"
            f"; first build with an empty flowchart cache {at_10k['first_build_seconds']} s",
            "" if t <= limit_s else f"{t - limit_s:.0f} s over (wall); CPU time {c} s",
            c, c <= limit_s)
        m = at_10k["peak_rss_mb"]
        add("peak memory at 10,000 step pages", "<= 1,024 MB", m,
            m <= TARGETS["peak_rss_mb_at_10000"],
            f"measured: {m} MB (plain MkDocs, same pages: {at_10k['plain_peak_rss_mb']} MB)",
            "" if m <= TARGETS["peak_rss_mb_at_10000"] else
            f"{m - TARGETS['peak_rss_mb_at_10000']:.0f} MB over; plain MkDocs with the same "
            f"pages peaks at {at_10k['plain_peak_rss_mb']} MB")
    else:
        add("10,000 step pages", f"<= {limit_s:.0f} s", None, None,
            f"not measured (largest size {largest['steps']:,}); straight-line fits of the "
            f"measured sizes project {project(fit_t)} s wall, {project(fit_c)} s CPU")
        add("peak memory at 10,000 step pages", "<= 1,024 MB", None, None,
            f"not measured (largest size {largest['steps']:,}: {largest['peak_rss_mb']} MB); "
            f"a straight-line fit projects {project(fit_m)} MB")
    limit_e = TARGETS["exponent"]
    add("scaling exponent", f"<= {limit_e}", exponent,
        None if exponent is None else exponent <= limit_e,
        f"wall: ours {exponent}, plain MkDocs {plain_exponent}; CPU time: ours {exponent_cpu}, "
        f"plain {plain_exponent_cpu}; over " + ", ".join(f"{s['pages']:,}" for s in sizes)
        + " pages",
        "" if exponent is None or exponent <= limit_e else
        f"wall-clock slope {exponent} (plain MkDocs {plain_exponent} in the same run): the "
        "load of other work on the machine rose during the run (load average per size: "
        + ", ".join(str(s["load_average"]) for s in sizes) + "); the CPU-time slope is "
        f"{exponent_cpu}",
        exponent_cpu, None if exponent_cpu is None else exponent_cpu <= limit_e)
    step_max = max(largest["step_page_html_bytes_max"] or 0, real["step_page_html_bytes_max"] or 0)
    breakdown = real.get("step_page_breakdown") or {}
    add("step page HTML", "<= 25 KB", step_max, step_max <= TARGETS["step_page_html_bytes"],
        f"largest step page: synthetic {kb(largest['step_page_html_bytes_max'])} "
        f"(median {kb(largest['step_page_html_bytes'])}), real "
        f"{kb(real['step_page_html_bytes_max'])} (median {kb(real['step_page_html_bytes'])})",
        "" if step_max <= TARGETS["step_page_html_bytes"] else
        f"{kb(step_max - TARGETS['step_page_html_bytes'])} over; of the largest real page "
        f"({kb(breakdown.get('total'))}), Material's chrome (head, header, nav, search, footer) "
        f"is {kb(breakdown.get('theme_chrome'))} and the article {kb(breakdown.get('article'))}"
        ", whose largest blocks are "
        + ", ".join(f"{k} {kb(v)}" for k, v in (breakdown.get("article_blocks") or {}).items()))
    loads = [("synthetic", largest["first_load"]), ("real", real.get("first_load") or {})]
    worst_load = max(loads, key=lambda kv: kv[1].get("gzip_bytes", 0))
    total = worst_load[1].get("gzip_bytes")
    without = max(load.get("gzip_bytes_without_search_index", 0) for _, load in loads)
    files = worst_load[1].get("files", {})
    top = ", ".join(f"{p.rsplit('/', 1)[-1]} {kb(b)}" for p, b in list(files.items())[:5])
    limit_l = TARGETS["first_load_gzip_bytes"]
    add("first load of a step page (gzip, all requests)", "<= 100 KB", total,
        total is not None and total <= limit_l,
        f"worst: {worst_load[0]} ({worst_load[1].get('page')}): {kb(total)} with the search "
        f"index; without it, at most {kb(without)} (synthetic "
        f"{kb(largest['first_load']['gzip_bytes_without_search_index'])}, real "
        f"{kb((real.get('first_load') or {}).get('gzip_bytes_without_search_index'))})",
        "" if total is not None and total <= limit_l else
        f"{kb(total - limit_l)} over; largest requests: {top}. Material's search fetches "
        "search/search_index.json as soon as any page loads (checked in Chromium), so the "
        "whole index, which grows with the number of pages, is part of every first visit")
    si = real.get("search_index_bytes")
    bk = (real.get("search_index_breakdown") or {})
    sections = ", ".join(f"'{k}' {kb(v)}" for k, v in list(bk.get("step_page_sections", {})
                                                           .items())[:6])
    kinds = ", ".join(f"{k} {kb(v)}" for k, v in list(bk.get("by_kind", {}).items())[:4])
    add("search index, real content", "<= 1 MB (1,024 KB)", si,
        si is not None and si <= TARGETS["search_index_bytes_real"],
        f"{kb(si)} ({kb(real.get('search_index_gzip_bytes'))} gzip), "
        f"{bk.get('documents')} documents",
        "" if si is not None and si <= TARGETS["search_index_bytes_real"] else
        f"{kb(si - TARGETS['search_index_bytes_real'])} over; by page kind: {kinds}; largest "
        f"sections of step pages (every step page together): {sections}")
    runs = largest["graphviz_runs_rebuild"]
    add("Graphviz runs on a rebuild with unchanged trees", "0", runs, runs == 0,
        "first build: " + ", ".join(f"{s['steps']:,}: {s['graphviz_runs_first']}" for s in sizes)
        + "; rebuilds: " + ", ".join(f"{s['steps']:,}: {s['graphviz_runs_rebuild']}"
                                     for s in sizes))
    pdf = real["pdf"]
    pps = pdf.get("pages_per_second")
    add("real handbook PDF", ">= 10 pages/s", pps, None if pps is None else pps >= 10,
        pdf.get("reason") or
        f"handbook.pdf: {pdf['handbook_pages']} pages in {pdf['handbook_seconds']} s "
        f"({pdf['handbook_layout_passes']} layout passes); all {len(pdf['files'])} PDFs: "
        f"{pdf['all_pdfs_pages']} pages in {pdf['all_pdfs_seconds']} s with two worker "
        f"processes ({pdf['all_pdfs_pages_per_second']} pages/s; "
        f"{pdf['pages_per_cpu_second']} pages per CPU second; peak {pdf['peak_rss_mb']} MB)",
        "" if pps is None or pps >= 10 else
        f"{10 - pps:.1f} pages/s short: WeasyPrint renders the handbook in one process "
        f"({pdf['handbook_layout_passes']} layout pass(es)) while the booklets share the other; "
        f"the machine's load average was {real.get('load_average')} at the end of the "
        "real-content measurements")
    return targets


# ------------------------------------------------------------------ the docs page


def _fmt(n, digits=2) -> str:
    return "n/a" if n is None else f"{n:,.{digits}f}"


def write_doc(result: dict) -> None:
    m, sizes, real = result["machine"], result["sizes"], result["real"]
    lines = [
        "# Performance",
        "",
        "How long the site takes to build as the knowledge base grows, how heavy its pages are,",
        "and how it compares with a plain MkDocs site, measured by `make bench`",
        "(`benchmarks/run.py`). This page is written by that command from its last run; the same",
        "figures are in `benchmarks/results/latest.json`. Sizes are in KB of 1,024 bytes.",
        "",
        "## Machine",
        "",
        f"- Date: {result['date']}",
        f"- CPU: {m['cpu']}, {m['cores']} cores available; memory {m['memory_gb']} GB",
        f"- {m['os']}; Python {m['python']}; "
        + ", ".join(f"{k} {v}" for k, v in m["packages"].items() if v)
        + (f"; {m['graphviz']}" if m.get("graphviz") else ""),
        "- Code: commit " + ((result.get("source") or {}).get("commit") or "unknown")[:12]
        + (f", plus {len(result['source']['uncommitted_outside_benchmarks'])} uncommitted "
           "file(s) outside benchmarks/" if (result.get("source") or {}).get(
               "uncommitted_outside_benchmarks") else "")
        + " (a snapshot taken when the run started)",
        f"- Command: `{result['command']}` ({result['runs']} runs of each build per size; "
        f"total {result['total_minutes']} minutes)",
        "",
        "## Synthetic knowledge bases",
        "",
        "Each size is a number of decision steps (trees of 20 steps). \"Pages\" counts every HTML",
        "page of the site (steps, tree overviews, principles, indexes, guides); the plain MkDocs",
        "site has the same number of Markdown pages, out of the nav, with the same text.",
        "",
        "| Step pages | Pages | Our rebuild (s) | Plain MkDocs (s) | Ratio | Ratio of CPU time "
        "| ms per page "
        "| First build (s) | Graphviz runs, first / rebuild | Peak memory (MB) "
        "| Validate only (s) | Step page HTML, median / max | First load (gzip) "
        "| Search index |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for s in sizes:
        lines.append(
            f"| {s['steps']:,} | {s['pages']:,} | {_fmt(s['build_seconds'])} "
            f"| {_fmt(s['plain_seconds'])} | {_fmt(s['ratio_vs_plain'])} "
            f"| {_fmt(s['ratio_vs_plain_cpu'])} "
            f"| {_fmt(s['ms_per_page'], 1)} | {_fmt(s['first_build_seconds'])} "
            f"| {s['graphviz_runs_first']} / {s['graphviz_runs_rebuild']} "
            f"| {_fmt(s['peak_rss_mb'], 0)} | {_fmt(s['validate_seconds'])} "
            f"| {kb(s['step_page_html_bytes'])} / {kb(s['step_page_html_bytes_max'])} "
            f"| {kb(s['first_load_gzip_bytes'])} "
            f"({kb(s['first_load_gzip_bytes_without_search_index'])} without the search index) "
            f"| {kb(s['search_index_bytes'])} |")
    lines += [
        "",
        f"Scaling exponent (slope of log time against log pages): ours **{result['exponent']}**, "
        f"plain MkDocs {result['plain_exponent']}; on CPU time ours {result['exponent_cpu']}, "
        f"plain {result['plain_exponent_cpu']}. Plain MkDocs pages: "
        f"{kb(sizes[-1]['plain_page_html_bytes'])} of HTML each (median; the article "
        f"{kb(sizes[-1]['plain_page_article_bytes'])}), against "
        f"{kb(sizes[-1]['step_page_html_bytes'])} for our step pages (the article "
        f"{kb(sizes[-1]['step_page_article_bytes'])}).",
        "",
        "## Real content",
        "",
        f"{real['pages']} pages ({real['step_pages']} step pages): build {_fmt(real['build_seconds'])} s"
        f", validate only {_fmt(real['validate_seconds'])} s, peak memory "
        f"{_fmt(real['peak_rss_mb'], 0)} MB. Step page HTML: median {kb(real['step_page_html_bytes'])}"
        f", largest {kb(real['step_page_html_bytes_max'])}. First load of the largest step page: "
        f"{kb((real.get('first_load') or {}).get('gzip_bytes'))} gzip "
        f"({kb((real.get('first_load') or {}).get('gzip_bytes_without_search_index'))} without "
        f"the search index). Search index: {kb(real['search_index_bytes'])} "
        f"({kb(real['search_index_gzip_bytes'])} gzip).",
        "",
    ]
    pdf = real["pdf"]
    if pdf.get("pages_per_second") is not None:
        lines += [f"PDF handbook: {pdf['handbook_pages']} pages in {pdf['handbook_seconds']} s, "
                  f"**{pdf['pages_per_second']} pages per second**; with the {len(pdf['files']) - 1}"
                  f" tree booklets, {pdf['all_pdfs_pages']} pages in {pdf['all_pdfs_seconds']} s "
                  f"(two worker processes), peak memory {_fmt(pdf['peak_rss_mb'], 0)} MB.", ""]
    else:
        lines += [f"PDF handbook: not measured: {pdf['reason']}.", ""]
    lines += ["## Targets", "",
              "Time targets are judged on wall-clock time, as set; the next column judges them "
              "on CPU time.", "",
              "| Target | Limit | Met | Met on CPU time | Measured |", "|---|---|---|---|---|"]
    yes_no = {True: "yes", False: "**no**", None: "not measured"}
    for t in result["targets"]:
        cpu = yes_no[t["met_cpu"]] if t.get("measured_cpu") is not None else ""
        lines.append(f"| {t['name']} | {t['target']} | {yes_no[t['met']]} | {cpu} "
                     f"| {t['detail']} |")
    misses = [t for t in result["targets"] if t["met"] is False]
    if misses:
        lines += ["", "Where a target is missed, by how much and why:", ""]
        lines += [f"- **{t['name']}**: {t['why']}" for t in misses]
    if result.get("notes"):
        lines += ["", "Notes from the engineers who ran it:", ""]
        lines += [f"- {n}" for n in result["notes"]]
    lines += [
        "",
        "## Method",
        "",
        f"- The machine was shared with other work: load average {m['load_average_1min']} at the "
        "start of the run (per size in the JSON). Wall-clock times move with that load; the",
        "  CPU-time ratio (user + system seconds of each build) is less sensitive to it.",
        "- Every build is `mkdocs build --strict` in a fresh Python process (through",
        "  `benchmarks/build_once.py`, the same for both sites), timed from start to exit. Our",
        "  figure is the median of the rebuilds with unchanged trees (flowcharts come from the",
        "  cache); the first build, with an empty cache, is listed separately. Our rebuilds and",
        "  the plain builds alternate, so both meet the same machine state.",
        "- The plain site uses the same theme settings and Markdown extensions, the built-in",
        "  search, no hooks, and lists its pages under `not_in_nav`. Synthetic sites are built",
        "  without the PDF handbook, which is measured on the real content only.",
        "- Peak memory is the largest resident set of the build process and its children",
        "  (`os.wait4`). The scaling exponent is the least-squares slope of log(seconds) against",
        "  log(pages); fixed start-up costs pull it below 1 at small sizes.",
        "- First load: the step page, every stylesheet, script, icon and embedded object it names,",
        "  the stylesheet of the embedded flowchart, Material's search worker and the search index",
        "  (Material fetches it when any page loads), each compressed with gzip level 6 (images",
        "  as they are). Where Chromium and Playwright are installed the list is checked against",
        "  the requests a real browser makes.",
        "- Graphviz runs are read from `build_tools.flowchart.RUNS` after each build.",
        "",
    ]
    DOC.write_text("\n".join(lines))


# ------------------------------------------------------------------ main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="500 1000 2000",
                        help='step-page counts, e.g. "1000 5000 10000" (default: %(default)s)')
    parser.add_argument("--runs", type=int, default=3, help="builds of each kind per size")
    parser.add_argument("--out", type=Path, default=RESULTS / "latest.json")
    parser.add_argument("--no-docs", action="store_true", help="do not rewrite performance.md")
    parser.add_argument("--no-browser", action="store_true",
                        help="skip the Chromium cross-check of the first-load requests")
    parser.add_argument("--keep", action="store_true", help="keep the built sites in work/")
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDF handbook")
    parser.add_argument("--in-place", action="store_true",
                        help="measure the working tree itself, not a snapshot taken at the start")
    parser.add_argument("--note", action="append", default=[],
                        help="a line of explanation to publish with the results")
    parser.add_argument("--docs-only", action="store_true",
                        help="measure nothing: re-judge the targets and rewrite performance.md "
                             "from --out (--note lines, if given, replace its notes)")
    args = parser.parse_args(argv)
    if args.docs_only:
        result = json.loads(args.out.read_text())
        result["notes"] = args.note or result.get("notes", [])
        result["targets"] = evaluate(result["sizes"], result["real"], result["exponent"],
                                     result["plain_exponent"], result.get("exponent_cpu"),
                                     result.get("plain_exponent_cpu"))
        args.out.write_text(json.dumps(result, indent=1) + "\n")
        write_doc(result)
        return 0
    sizes = sorted({int(s) for s in args.sizes.replace(",", " ").split()})
    if not sizes or min(sizes) < synthetic.STEPS_PER_TREE or args.runs < 1:
        parser.error(f"sizes must be at least {synthetic.STEPS_PER_TREE}; runs at least 1")
    started = time.perf_counter()
    host = machine()  # before the run: its load average is the other work on the machine
    WORK.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(WORK / "logs", ignore_errors=True)
    global CODE
    source = provenance()
    if not args.in_place:
        CODE = snapshot()
        synthetic.ROOT = CODE
    browser = not args.no_browser
    try:
        real = bench_real(args.runs, browser, pdf=not args.no_pdf)
        per_size = [bench_size(n, args.runs, args.keep, browser) for n in sizes]
    except BenchError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 1
    pages = [s["pages"] for s in per_size]
    exponent = slope(pages, [s["build_seconds"] for s in per_size])
    plain_exponent = slope([s["plain_pages"] for s in per_size],
                           [s["plain_seconds"] for s in per_size])
    exponent_cpu = slope(pages, [s["build_cpu_seconds"] for s in per_size])
    plain_exponent_cpu = slope([s["plain_pages"] for s in per_size],
                               [s["plain_cpu_seconds"] for s in per_size])
    largest = per_size[-1]
    result = {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": host,
        "source": source,
        "command": "benchmarks/run.py --sizes \"" + " ".join(map(str, sizes)) + "\""
                   + f" --runs {args.runs}  (make bench SIZES=\"" + " ".join(map(str, sizes))
                   + "\"" + (f" RUNS={args.runs}" if args.runs != 3 else "") + ")",
        "runs": args.runs,
        # Headline figures: the largest size measured, the real content for the rest.
        "steps": largest["steps"],
        "pages": largest["pages"],
        "build_seconds": largest["build_seconds"],
        "plain_seconds": largest["plain_seconds"],
        "ratio_vs_plain": largest["ratio_vs_plain"],
        "exponent": exponent,
        "plain_exponent": plain_exponent,
        "exponent_cpu": exponent_cpu,
        "plain_exponent_cpu": plain_exponent_cpu,
        "build_cpu_seconds": largest["build_cpu_seconds"],
        "plain_cpu_seconds": largest["plain_cpu_seconds"],
        "ratio_vs_plain_cpu": largest["ratio_vs_plain_cpu"],
        "peak_rss_mb": largest["peak_rss_mb"],
        "validate_seconds": largest["validate_seconds"],
        "step_page_html_bytes": largest["step_page_html_bytes"],
        "step_page_html_bytes_max": largest["step_page_html_bytes_max"],
        "first_load_gzip_bytes": largest["first_load_gzip_bytes"],
        "first_load_gzip_bytes_without_search_index":
            largest["first_load_gzip_bytes_without_search_index"],
        "search_index_bytes": largest["search_index_bytes"],
        "search_index_bytes_real": real["search_index_bytes"],
        "graphviz_runs_first": largest["graphviz_runs_first"],
        "graphviz_runs_rebuild": largest["graphviz_runs_rebuild"],
        "pdf_pages_per_second": real["pdf"].get("pages_per_second"),
        "pdf_reason": real["pdf"].get("reason"),
        "sizes": per_size,
        "real": real,
        "notes": args.note,
    }
    result["targets"] = evaluate(per_size, real, exponent, plain_exponent,
                                 result["exponent_cpu"], result["plain_exponent_cpu"])
    result["total_minutes"] = round((time.perf_counter() - started) / 60, 1)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n")
    if not args.no_docs:
        write_doc(result)
    log_line(f"wrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}"
             + ("" if args.no_docs else f" and {DOC.relative_to(ROOT)}"))
    for t in result["targets"]:
        mark = {True: "met", False: "MISSED", None: "n/a"}[t["met"]]
        print(f"  [{mark:>6}] {t['name']}: {t['detail']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
