"""One build of the site's generated content, independent of any site generator.

`prepare` validates and renders everything in memory (and fails with every located
problem before anything is written); `write_outputs` writes the files that sit beside the
pages (kb.json today; the handbook PDFs when that stage is on).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from .clinic import Clinic, load_configured_clinic
from .diagnostics import Diagnostic, errors_only
from .export_json import write_export
from .flowchart import GraphvizFailed, GraphvizMissing
from .glossary_terms import abbreviation_markdown, focusable_abbreviations
from .knowledge_base import KnowledgeBase, Layout, load_and_validate
from .pdf_render import pdf_wanted, write_pdfs
from .render_pages import GeneratedAsset, RenderedPage, SiteRenderer
from .reproducible import ensure_source_date_epoch
from .strict_html import alignment_classes
from .url_manifest import UrlCheck, check_urls, write_redirects


HOME_MARKER = "<!-- kb:trees -->"  # where the home page lists the decision trees
CLINIC_MARKER = "<!-- kb:clinic -->"  # where a guide shows the clinic's numbers (if any)


class SiteBuildError(Exception):
    def __init__(self, lines: list[str], summary: str):
        super().__init__(summary)
        self.lines = lines
        self.summary = summary


@dataclass
class SiteBuild:
    root: Path
    kb: KnowledgeBase
    renderer: SiteRenderer
    pages: dict[str, RenderedPage]  # by src_uri
    assets: list[GeneratedAsset]
    warnings: list[Diagnostic] = field(default_factory=list)
    clinic: Clinic | None = None  # the clinic edition's details (build_tools/clinic.py)
    urls: UrlCheck | None = None  # permanent links and redirects (build_tools/url_manifest.py)
    pdf: bool = True  # write the PDFs into downloads/ (off: KB_SKIP_PDF=1 or extra.handbook_pdf)

    @classmethod
    def prepare(cls, root: Path, options: dict | None = None) -> "SiteBuild":
        ensure_source_date_epoch(root)  # dated outputs (sitemap) follow the commit, not the clock
        kb, diagnostics = load_and_validate(Layout(root))
        clinic, clinic_problems = load_configured_clinic(root, options)
        diagnostics = sorted(set(diagnostics) | set(clinic_problems))
        errors = errors_only(diagnostics)
        if errors:
            raise SiteBuildError([str(d) for d in errors],
                                 f"{len(errors)} error(s) in the knowledge base data; "
                                 "nothing was built (each is listed above as path:line:col).")
        renderer = SiteRenderer(kb, cache_dir=root / ".cache" / "flowcharts", clinic=clinic)
        try:
            pages = {p.src_uri: p for p in renderer.render_all()}
            assets = renderer.assets()
        except (GraphvizMissing, GraphvizFailed) as exc:
            raise SiteBuildError([], str(exc)) from None
        urls = check_urls(root, [p.url for p in pages.values()])
        if urls.problems:
            raise SiteBuildError([str(d) for d in urls.problems],
                                 f"{len(urls.problems)} problem(s) with published URLs; nothing was "
                                 "built (see 'Permanent links' in docs/guides/hosting.md).")
        warnings = [d for d in diagnostics if d.is_warning]
        return cls(root=root, kb=kb, renderer=renderer, pages=pages, assets=assets,
                   warnings=warnings, clinic=clinic, urls=urls, pdf=pdf_wanted(options))

    def home_fragment(self, url: str) -> str:
        return self.renderer.home_fragment(url)

    def handwritten_markdown(self, markdown: str, url: str) -> str:
        """A hand-written page's Markdown with the tree list and glossary tooltips added."""
        markdown = markdown.replace(HOME_MARKER, self.home_fragment(url))
        if CLINIC_MARKER in markdown:
            markdown = markdown.replace(CLINIC_MARKER, f"\n\n{self.clinic_fragment(url)}\n\n")
        return markdown + abbreviation_markdown(self.kb)

    @staticmethod
    def handwritten_html(html: str) -> str:
        return focusable_abbreviations(alignment_classes(html))  # no inline style: strict CSP

    def clinic_fragment(self, url: str) -> str:
        """The clinic's numbers and contacts for a hand-written page ('' without a clinic)."""
        if self.clinic is None:
            return ""
        template = self.renderer.env.from_string(
            '{% import "_macros.html.j2" as ui with context %}{{ ui.clinic_emergency() }}')
        return template.render(self.renderer._context(url)).strip()

    def theme_clinic(self) -> dict | None:
        """The clinic as plain data for theme templates (the banner in overrides/main.html)."""
        if self.clinic is None:
            return None
        data = self.clinic.model_dump(mode="json")
        for kind in ("emergency", "crisis"):
            for item, number in zip(data[kind], getattr(self.clinic, kind)):
                item["tel"] = number.tel
        return data

    def write_outputs(self, site_dir: Path) -> list[Path]:
        outputs = [write_export(self.kb, site_dir)]
        if self.urls is not None:  # a small page at each URL that moved (redirects.yml)
            titles = {"/" + p.url: p.title for p in self.pages.values()}
            outputs += write_redirects(site_dir, self.urls.redirects, titles)
        if self.pdf:  # downloads/handbook.pdf and downloads/<tree-id>.pdf
            report = write_pdfs(self.kb, site_dir / "downloads", renderer=self.renderer,
                                clinic=self.clinic, pdf_cache=self.root / ".cache" / "pdf",
                                progress=lambda line: print(line, file=sys.stderr, flush=True))
            for warning in report.warnings:
                print(f"WARNING - PDF {warning}", file=sys.stderr)
            outputs += [r.path for r in report.results]
        return outputs
