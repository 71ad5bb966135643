"""Turn print documents into PDF files with WeasyPrint: tagged, reproducible, in parallel.

Reproducible: the same HTML gives the same bytes. The creation and modification dates come
from `dcterms.*` meta elements (set from the content), the file identifier is a hash of the
content, and nothing is fetched: the only resources are the document's own drawings.
Page numbers of cross references are settled by `pdf_page_numbers`. Documents render in
up to two worker processes, the longest first, and progress is reported as each finishes.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping

from . import pdf_cache
from .clinic import Clinic
from .knowledge_base import KnowledgeBase
from .pdf_handbook import HandbookBuilder, PrintDocument
from .pdf_page_numbers import lay_out
from .render_pages import SiteRenderer

MAX_WORKERS = 2
SKIP_ENV = "KB_SKIP_PDF"  # KB_SKIP_PDF=1: a site build writes no PDFs (quick previews)
ON_ENV = "KB_PDF"  # KB_PDF=0 does the same (the benchmarks use it)
CONFIG_KEY = "handbook_pdf"  # `extra: {handbook_pdf: false}` in mkdocs.yml does the same
# Tagged PDF/UA-1: structure tree, document title and language, alternative text.
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1", "pdf_identifier": True}
HEARTBEAT_SECONDS = 5.0


def pdf_wanted(extra: Mapping | None = None, environ: Mapping[str, str] | None = None) -> bool:
    """Whether a site build writes the PDFs: yes unless KB_SKIP_PDF is set (not 0), KB_PDF
    is 0, or extra.handbook_pdf is false. Without them the download links point at nothing."""
    environ = os.environ if environ is None else environ
    if (environ.get(SKIP_ENV) or "").strip() not in ("", "0"):
        return False
    if (environ.get(ON_ENV) or "").strip().lower() in ("0", "false", "no", "off"):
        return False
    return bool((extra or {}).get(CONFIG_KEY, True))


@dataclass(frozen=True)
class RenderResult:
    name: str
    path: Path
    pages: int
    seconds: float
    size: int  # bytes
    passes: int  # layouts needed to settle the page numbers
    warnings: tuple[str, ...] = ()

    cached: bool = False  # copied from the cache, not rendered

    def line(self) -> str:
        size = f"{self.size / 1e6:.1f} MB" if self.size >= 1e6 else f"{self.size // 1000} KB"
        if self.cached:
            return f"{self.path.name}: {self.pages} pages, {size} (unchanged: copied from cache)"
        return (f"{self.path.name}: {self.pages} pages in {self.seconds:.1f} s "
                f"({self.rate:.1f} pages/s, {self.passes} layout(s), {size})")

    @property
    def rate(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0


@dataclass
class PdfReport:
    results: list[RenderResult] = field(default_factory=list)
    seconds: float = 0.0  # wall clock for the whole batch

    @property
    def pages(self) -> int:
        return sum(r.pages for r in self.results)

    @property
    def warnings(self) -> list[str]:
        return [f"{r.path.name}: {w}" for r in self.results for w in r.warnings]

    def summary(self) -> str:
        rendered = [r for r in self.results if not r.cached]
        pages = sum(r.pages for r in rendered)
        line = f"{len(self.results)} PDF(s), {self.pages} pages in {self.seconds:.1f} s"
        if rendered and self.seconds:
            line += f": {len(rendered)} rendered ({pages / self.seconds:.1f} pages/s)"
        if len(rendered) < len(self.results):
            line += f", {len(self.results) - len(rendered)} unchanged (from .cache/pdf)"
        return line


def _fetcher(images: dict[str, str]):
    """Serves the document's own drawings and refuses everything else: no network, no files."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class DocumentImages(URLFetcher):
        def fetch(self, url, headers=None):
            if url not in images:
                raise ValueError(f"print documents load nothing from outside: {url}")
            return URLFetcherResponse(url, images[url].encode(),
                                      {"Content-Type": "image/svg+xml"})

    return DocumentImages()


class _Collect(logging.Handler):
    """WeasyPrint's warnings during one render, for the report."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def layout(html: str, images: dict[str, str]):
    """Lay the document out with its page numbers settled: (document, layouts, warnings)."""
    from weasyprint import HTML  # imported here: loading Pango is slow and only PDFs need it

    fetcher, cache = _fetcher(images), {}  # each drawing is parsed once for every layout
    return lay_out(lambda text: HTML(string=text, url_fetcher=fetcher).render(cache=cache), html)


@contextlib.contextmanager
def _page_list_kept():
    """pydyf 0.13 rebuilds its list of page references on every read, and WeasyPrint's PDF
    tagging reads it once per structure element: quadratic in pages, 10-20 % of writing the
    handbook. Keep the list until a page is added; the bytes written do not change."""
    import pydyf

    rebuilt = pydyf.PDF.page_references

    def page_references(pdf):
        kids = pdf.pages["Kids"]
        kept = getattr(pdf, "_kb_page_references", None)
        if kept is None or kept[0] != len(kids):
            kept = pdf._kb_page_references = (len(kids), rebuilt.fget(pdf))
        return kept[1]

    pydyf.PDF.page_references = property(page_references)
    try:
        yield
    finally:
        pydyf.PDF.page_references = rebuilt


def render_pdf(document: PrintDocument, path: Path) -> RenderResult:
    """Render one document and write it atomically; WeasyPrint's warnings are returned."""
    logger = logging.getLogger("weasyprint")
    collect = _Collect()
    logger.addHandler(collect)
    propagate, logger.propagate = logger.propagate, False
    try:
        start = time.perf_counter()
        rendered, passes, warnings = layout(document.html, document.images)
        with _page_list_kept():
            data = rendered.write_pdf(**PDF_OPTIONS)
        seconds = time.perf_counter() - start
    finally:
        logger.removeHandler(collect)
        logger.propagate = propagate
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)  # readers never see half a file
    return RenderResult(document.name, path, len(rendered.pages), seconds, len(data), passes,
                        tuple(dict.fromkeys(collect.messages + warnings)))


def render_documents(documents: list[PrintDocument], folder: Path, *,
                     workers: int = MAX_WORKERS, cache_dir: Path | None = None,
                     progress: Callable[[str], None] | None = None) -> PdfReport:
    """Render every document into `folder`/<name>.pdf, reporting each as it finishes.

    With `cache_dir`, a document rendered before with the same inputs is copied instead.
    """
    say = progress or (lambda line: None)
    report = PdfReport()
    start = time.perf_counter()
    total = len(documents)
    keys = {d.name: pdf_cache.document_key(d, PDF_OPTIONS) for d in documents} if cache_dir else {}

    def done(result: RenderResult, fresh: bool = True) -> None:
        report.results.append(result)
        if fresh and cache_dir:
            pdf_cache.store(cache_dir, documents_by_name[result.name], keys[result.name],
                            result.path, {"pages": result.pages, "passes": result.passes})
        say(f"  [{len(report.results)}/{total}] {result.line()}")

    documents_by_name = {d.name: d for d in documents}
    to_render = []
    for document in documents:
        target = folder / f"{document.name}.pdf"
        kept = cache_dir and pdf_cache.fetch(cache_dir, document, keys[document.name], target)
        if kept:
            done(RenderResult(document.name, target, kept["pages"], 0.0, target.stat().st_size,
                              kept["passes"], cached=True), fresh=False)
        else:
            to_render.append(document)

    workers = max(1, min(workers, MAX_WORKERS, len(to_render)))
    if to_render:
        say(f"Rendering {len(to_render)} PDF(s) into {folder} ({workers} process(es))...")
    if workers == 1:
        for document in to_render:
            done(render_pdf(document, folder / f"{document.name}.pdf"))
    elif to_render:
        # The handbook is by far the longest: it goes first, the booklets share the other worker.
        ordered = sorted(to_render, key=lambda d: -len(d.html))
        with ProcessPoolExecutor(max_workers=workers) as pool:
            pending = {pool.submit(render_pdf, d, folder / f"{d.name}.pdf"): d for d in ordered}
            while pending:
                finished, _ = wait(pending, timeout=HEARTBEAT_SECONDS, return_when=FIRST_COMPLETED)
                for future in finished:
                    pending.pop(future)
                    done(future.result())
                if not finished:
                    waiting = ", ".join(sorted(f"{d.name}.pdf" for d in pending.values()))
                    say(f"  ... {time.perf_counter() - start:.0f} s, to finish: {waiting}")
    order = [d.name for d in documents]
    report.results.sort(key=lambda r: order.index(r.name))
    report.seconds = time.perf_counter() - start
    say(report.summary())
    return report


def write_pdfs(kb: KnowledgeBase, folder: Path, *, tree_ids: list[str] | None = None,
               handbook: bool = True, renderer: SiteRenderer | None = None,
               cache_dir: Path | None = None, pdf_cache: Path | None = None,
               clinic: Clinic | None = None, workers: int = MAX_WORKERS,
               progress: Callable[[str], None] | None = None) -> PdfReport:
    """The handbook (`handbook.pdf`) and one PDF per tree (`<tree-id>.pdf`) in `folder`.

    `cache_dir` keeps the flowcharts (as for SiteRenderer), `pdf_cache` the rendered PDFs.
    """
    builder = HandbookBuilder(kb, renderer=renderer, clinic=clinic, cache_dir=cache_dir)
    return render_documents(builder.documents(tree_ids, handbook=handbook), folder,
                            workers=workers, progress=progress, cache_dir=pdf_cache)
