"""Render every generated page of the site to HTML from the validated knowledge base.

Output is a list of `RenderedPage`: a site-relative URL, a title, the HTML of the page body
and its table of contents. Any site generator can place them; `hooks/` hands them to MkDocs.
All links are relative, so the site works under any sub-path and from `file://`.
"""

from __future__ import annotations

import functools
import json
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from . import models as m
from .flowchart import Flowchart, build_flowchart
from .glossary_terms import abbreviations
from .knowledge_base import KnowledgeBase
from .markdown_text import TextRenderer
from .tree_paths import parents, step_numbers
from .validate import walk_answers

TEMPLATES = Path(__file__).parent / "templates"

# Hand-written pages the generated ones link to (they live in docs/).
GUIDE_DECISION_MAKING = "guides/ethical-decision-making/"
GUIDE_EMERGENCY = "guides/emergency/"


@dataclass
class RenderedPage:
    url: str  # site-relative, e.g. "decisions/involve-third-party/interpreter/"
    title: str
    html: str
    kind: str  # home-section, principle, tree, question, outcome, sources, glossary, ...
    toc: list[tuple[int, str, str]] = field(default_factory=list)  # (level, anchor, title)
    description: str = ""

    @property
    def src_uri(self) -> str:
        """The source file name a generator maps to this URL (`a/b/` -> `a/b/index.md`)."""
        return self.url + "index.md"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def principle_url(pid: str) -> str:
    return f"principles/{pid}/"


def tree_url(tid: str) -> str:
    return f"decisions/{tid}/"


def node_url(tid: str, nid: str) -> str:
    return f"decisions/{tid}/{nid}/"


def source_url(sid: str) -> str:
    return f"sources/#src-{sid}"


def relative(from_url: str, to_url: str) -> str:
    """Relative link between two site-relative URLs (directory style, with #fragments)."""
    target, _, fragment = to_url.partition("#")
    base = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url) + "/"
    rel = posixpath.relpath("/" + target, "/" + base)
    if rel == ".":
        rel = "./"
    elif (not target or target.endswith("/")) and not rel.endswith("/"):
        rel += "/"
    return rel + ("#" + fragment if fragment else "")


@dataclass
class GeneratedAsset:
    """A non-page file that sits beside the pages (e.g. a tree's flowchart.svg)."""

    path: str  # site-relative
    content: str


def flowchart_url(tid: str) -> str:
    return f"decisions/{tid}/flowchart.svg"


def walk_data_url(tid: str) -> str:
    return f"decisions/{tid}/walk-data.js"


def walk_data_script(tree: m.DecisionTree) -> str:
    """The tree's questions and answers for docs/assets/kb-walk.js, as one script per tree:
    loaded once and cached, instead of repeated in every step page; a file, not inline
    script (strict CSP), and a script, not fetched JSON, so it also works from file://."""
    nodes = {}
    for nid, n in tree.nodes.items():
        nodes[nid] = ({"kind": "question", "text": n.text,
                       "answers": [{"label": a.label, "next": a.next} for a in n.answers]}
                      if isinstance(n, m.QuestionNode) else {"kind": "outcome"})
    data = {"id": tree.id, "title": tree.title, "question": tree.question,
            "start": tree.start, "nodes": nodes}
    return ("window.kbWalkData = window.kbWalkData || {};\n"
            f"window.kbWalkData[{json.dumps(tree.id)}] = {json.dumps(data, ensure_ascii=True)};\n")


FLOWCHART_CSS = "assets/kb-flowchart.css"


@dataclass
class Usage:
    """Where a principle or source is cited, for "Used in these decisions" and "Cited by"."""

    by_principle: dict[str, list[tuple[str, str]]]  # principle -> [(tree, node)]
    by_source: dict[str, list[tuple[str, str]]]  # source -> [(title, url)]


def build_usage(kb: KnowledgeBase) -> Usage:
    by_principle: dict[str, list] = {pid: [] for pid in kb.principles}
    by_source: dict[str, list] = {sid: [] for sid in kb.sources}

    def cite(cites, title, url):
        for c in cites:
            if (title, url) not in by_source[c.source]:
                by_source[c.source].append((title, url))

    for p in kb.principles.values():
        cite(p.sources, f"Principle: {p.title}", principle_url(p.id))
    for tree in kb.trees.values():
        for nid in sorted(tree.nodes, key=step_numbers(tree).get):
            node = tree.nodes[nid]
            for pid in node.principles:
                by_principle[pid].append((tree.id, nid))
            label = node.text if isinstance(node, m.QuestionNode) else node.headline
            cite(node.sources, f"{tree.title}: {label}", node_url(tree.id, nid))
    return Usage(by_principle, by_source)


class SiteRenderer:
    def __init__(self, kb: KnowledgeBase, *, cache_dir: Path | None = None,
                 clinic: dict | None = None):
        self.kb = kb
        self.cache_dir = cache_dir
        self.clinic = clinic
        self.text = TextRenderer(abbreviations(kb))
        self.usage = build_usage(kb)
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
            trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
        # Principle summaries and other repeated text appear on many pages: convert each
        # recent text once (same text, same HTML), not once per page that shows it.
        self.env.filters["md"] = functools.lru_cache(maxsize=4096)(self.text.block)
        self.env.filters["mdi"] = functools.lru_cache(maxsize=4096)(self.text.inline)
        self.env.filters["slug"] = slug
        self.flowcharts: dict[str, Flowchart] = {}

    # ------------------------------------------------------------ helpers for templates

    def _context(self, url: str, **extra) -> dict:
        kb = self.kb

        def link(to: str) -> str:
            return relative(url, to)

        def cite_text(c: m.CitationForm) -> str:
            return kb.sources[c.source].cite_with(c.pinpoint)

        return {
            "kb": kb, "m": m, "url": url, "link": link, "cite_text": cite_text,
            "principle_url": principle_url, "tree_url": tree_url, "node_url": node_url,
            "source_url": source_url, "clinic": self.clinic,
            "guide_decision_making": GUIDE_DECISION_MAKING, "guide_emergency": GUIDE_EMERGENCY,
            **extra,
        }

    def _page(self, template: str, url: str, title: str, kind: str, description: str = "",
              toc: list | None = None, **extra) -> RenderedPage:
        html = self.env.get_template(template).render(self._context(url, title=title, **extra))
        return RenderedPage(url=url, title=title, html=html, kind=kind,
                            toc=toc or [], description=description)

    def flowchart(self, tree: m.DecisionTree) -> Flowchart:
        if tree.id not in self.flowcharts:
            self.flowcharts[tree.id] = build_flowchart(tree, self.cache_dir)
        return self.flowcharts[tree.id]

    # ------------------------------------------------------------ pages

    def assets(self) -> list[GeneratedAsset]:
        """One standalone flowchart per tree, embedded by every step page of that tree."""
        out = []
        for t in self.kb.trees.values():
            out.append(GeneratedAsset(flowchart_url(t.id), self.flowchart(t).standalone(
                relative(flowchart_url(t.id), FLOWCHART_CSS))))
            out.append(GeneratedAsset(walk_data_url(t.id), walk_data_script(t)))
        return out

    def render_all(self) -> list[RenderedPage]:
        pages = [self.principles_index(), self.trees_index(), self.sources_page()]
        pages += [self.principle_page(p) for p in self.kb.principles.values()]
        for tree in self.kb.trees.values():
            pages += self.tree_pages(tree)
        if self.kb.glossary:
            pages.append(self.glossary_page())
        if self.kb.disagreements:
            pages.append(self.disagreements_page())
        return pages

    def principles_index(self) -> RenderedPage:
        items = sorted(self.kb.principles.values(), key=lambda p: p.title.lower())
        return self._page("principles_index.html.j2", "principles/", "Principles", "index",
                          "Core principles of therapy ethics, each with its sources.",
                          principles=items)

    def trees_index(self) -> RenderedPage:
        return self._page("trees_index.html.j2", "decisions/", "Decision trees", "index",
                          "Step-by-step decision trees for ethical questions in therapy.",
                          trees=list(self.kb.trees.values()))

    def principle_page(self, p: m.Principle) -> RenderedPage:
        used = {}
        for tid, nid in self.usage.by_principle.get(p.id, []):
            used.setdefault(tid, []).append(nid)
        toc = [(2, "what-it-means", "What it means"), (2, "why-it-matters", "Why it matters"),
               (2, "in-practice", "In practice"), (2, "pitfalls", "Common pitfalls")]
        if p.sections.exceptions:
            toc.append((2, "exceptions", "Exceptions"))
        toc += [(2, "sources", "Sources"), (2, "used-in", "Used in these decisions")]
        return self._page("principle.html.j2", principle_url(p.id), p.title, "principle",
                          p.summary, toc=toc, p=p, used=used)

    def tree_pages(self, tree: m.DecisionTree) -> list[RenderedPage]:
        numbers = step_numbers(tree)
        back = parents(tree)
        chart = self.flowchart(tree)
        cases = []
        for case in (c for c in self.kb.cases if c.tree == tree.id):
            visited, _ = walk_answers(tree, case.answers)
            cases.append((case, list(zip(visited, case.answers)), visited[-1]))
        base = tree_url(tree.id)
        pages = [self._page(
            "tree.html.j2", base, tree.title, "tree", tree.question,
            toc=[(2, "flowchart", "Flowchart"), (2, "outline", "The tree as text")]
            + ([(2, "examples", "Worked examples")] if cases else []),
            tree=tree, numbers=numbers, svg=chart.for_page(""), outline=self._outline(tree, numbers),
            cases=cases)]
        ordered = sorted(tree.nodes, key=numbers.get)
        for nid in ordered:
            node = tree.nodes[nid]
            template = "question.html.j2" if isinstance(node, m.QuestionNode) else "outcome.html.j2"
            kind = "question" if isinstance(node, m.QuestionNode) else "outcome"
            title = node.text if kind == "question" else node.headline
            pages.append(self._page(
                template, node_url(tree.id, nid), title, kind, tree.title,
                tree=tree, nid=nid, node=node, number=numbers[nid], total=len(numbers),
                parents=back[nid], chart=chart,
                chart_src=relative(node_url(tree.id, nid), flowchart_url(tree.id)) + f"#fc-{nid}",
                walk_src=relative(node_url(tree.id, nid), walk_data_url(tree.id))))
        return pages

    def _outline(self, tree: m.DecisionTree, numbers: dict[str, int]) -> list[dict]:
        """Nested outline: each node is expanded once; later mentions point to its step."""
        seen: set[str] = set()

        def expand(nid: str) -> dict:
            node = tree.nodes[nid]
            entry = {"id": nid, "node": node, "number": numbers[nid], "repeat": nid in seen,
                     "answers": []}
            if nid in seen:
                return entry
            seen.add(nid)
            if isinstance(node, m.QuestionNode):
                entry["answers"] = [(a.label, expand(a.next)) for a in node.answers]
            return entry

        return [expand(tree.start)]

    def sources_page(self) -> RenderedPage:
        groups: dict[str, list[m.Source]] = {}
        for s in sorted(self.kb.sources.values(), key=lambda s: (s.document.lower(), s.id)):
            groups.setdefault(s.document, []).append(s)
        verified = sum(1 for s in self.kb.sources.values() if s.verified)
        return self._page("sources.html.j2", "sources/", "Sources", "sources",
                          "Every code section, law and case the knowledge base cites.",
                          groups=groups, usage=self.usage.by_source, verified=verified)

    def glossary_page(self) -> RenderedPage:
        terms = sorted(self.kb.glossary, key=lambda t: t.term.lower())
        return self._page("glossary.html.j2", "glossary/", "Glossary", "glossary",
                          "Plain-language definitions of terms used in therapy ethics.",
                          terms=terms)

    def disagreements_page(self) -> RenderedPage:
        toc = [(2, f"d-{d.id}", d.title) for d in self.kb.disagreements]
        return self._page("disagreements.html.j2", "where-codes-disagree/",
                          "Where codes and laws disagree", "disagreements",
                          "Where professional codes and laws give different answers.",
                          toc=toc, items=self.kb.disagreements)

    def home_fragment(self, url: str = "") -> str:
        """The list of decision trees for the hand-written home page."""
        return self.env.get_template("home_trees.html.j2").render(
            self._context(url, trees=list(self.kb.trees.values())))
