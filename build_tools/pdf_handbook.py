"""The printed handbook and the one-tree booklets, as HTML documents for WeasyPrint.

Built from the same validated model, flowcharts and TextRenderer as the site, through the
print templates in `templates/print/`. Ids carry their kind and, for steps, their tree
(`step--<tree>--<node>`), so they stay unique across the whole handbook. Nothing here
reads the clock: the edition date is the latest review date in the content.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from markupsafe import Markup

from . import models as m
from .clinic import Clinic
from .export_json import export_text
from .flowchart import VERDICT_FILL
from .knowledge_base import KnowledgeBase
from .markdown_text import TextRenderer
from .print_flowchart import PrintChart, print_chart, step_anchor
from .print_layout import MARGIN_BOTTOM, MARGIN_SIDE, MARGIN_TOP
from .render_pages import SiteRenderer, slug
from .tree_paths import parents, step_numbers
from .validate import walk_answers

TEMPLATES = Path(__file__).parent / "templates" / "print"
HANDBOOK_TITLE = "Therapy Ethics Decisions"
PUBLISHER = "Therapy Ethics Decisions"
HANDBOOK_NAME = "handbook"  # downloads/handbook.pdf; each tree's is downloads/<tree-id>.pdf

# Links inside data text that point into the website mean nothing on paper: keep the words.
_SITE_LINK = re.compile(r'<a href="(?!https?:|mailto:)[^"]*"[^>]*>(.*?)</a>', re.S)


@dataclass(frozen=True)
class PrintDocument:
    name: str  # output file name without ".pdf"
    title: str
    html: str
    images: dict[str, str] = field(default_factory=dict)  # URL in the HTML -> SVG


@dataclass(frozen=True)
class TreePrint:
    """Everything the print templates need about one tree, in step order."""

    tree: m.DecisionTree
    numbers: dict[str, int]
    order: list[str]
    parents: dict[str, list[str]]
    chart: PrintChart
    cases: list[tuple[m.WorkedCase, list[tuple[str, str]], str]]  # case, (node, answer), outcome

    @property
    def outcome_count(self) -> int:
        return sum(1 for node in self.tree.nodes.values() if isinstance(node, m.OutcomeNode))


def principle_anchor(pid: str) -> str:
    return f"principle--{pid}"


def tree_anchor(tid: str) -> str:
    return f"tree--{tid}"


def source_anchor(sid: str) -> str:
    return f"source--{sid}"


def css_string(text: str) -> Markup:
    """A quoted CSS string that is also safe inside an HTML <style> element."""
    escaped = "".join(c if c.isalnum() or c in " .,:;·-_()'" else f"\\{ord(c):x} " for c in text)
    return Markup(f'"{escaped}"')


def content_date(reviews: list[m.Review]) -> dt.date:
    """The edition date: the latest review of anything printed (never the clock)."""
    return max(r.last_reviewed for r in reviews)


def edition_version(kb: KnowledgeBase, date: dt.date) -> str:
    """Date plus a fingerprint of the whole content, so any edit gives a new version."""
    digest = hashlib.sha256(export_text(kb).encode()).hexdigest()[:8]
    return f"{date:%Y.%m.%d}-{digest}"


class HandbookBuilder:
    def __init__(self, kb: KnowledgeBase, *, renderer: SiteRenderer | None = None,
                 cache_dir: Path | None = None, clinic: Clinic | None = None):
        self.kb = kb
        # Reuse the site's renderer: its flowcharts are already drawn (and cached).
        self.site = renderer or SiteRenderer(kb, cache_dir=cache_dir, clinic=clinic)
        self.clinic = clinic if clinic is not None else self.site.clinic
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
            trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
        # The site's Markdown rules, without glossary tooltips: paper cannot show them, and
        # hundreds of <abbr> elements slow the layout down. The glossary is printed instead.
        self.text = TextRenderer()
        self.env.filters["md"] = lambda text: self._print_text(self.text.block(text))
        self.env.filters["mdi"] = lambda text: self._print_text(self.text.inline(text))
        self.env.filters["slug"] = slug
        self.env.filters["css_string"] = css_string
        self._trees: dict[str, TreePrint] = {}

    @staticmethod
    def _print_text(html: Markup) -> Markup:
        return Markup(_SITE_LINK.sub(r"\1", str(html)))

    # ------------------------------------------------------------ model for the templates

    def tree_print(self, tid: str) -> TreePrint:
        if tid not in self._trees:
            tree = self.kb.trees[tid]
            numbers = step_numbers(tree)
            cases = []
            for case in (c for c in self.kb.cases if c.tree == tid):
                visited, _ = walk_answers(tree, case.answers)
                cases.append((case, list(zip(visited, case.answers)), visited[-1]))
            self._trees[tid] = TreePrint(
                tree, numbers, sorted(tree.nodes, key=numbers.get), parents(tree),
                print_chart(tree, self.site.flowchart(tree), numbers), cases)
        return self._trees[tid]

    def _cited_by(self, principles: list[m.Principle], trees: list[TreePrint]) -> dict:
        """Source id -> [(group, [(label, anchor)])]: the principles citing it (no group),
        then the steps citing it, grouped by tree."""
        out: dict[str, dict[str, list[tuple[str, str]]]] = {}

        def add(cites, group, label, anchor):
            for c in cites:
                refs = out.setdefault(c.source, {}).setdefault(group, [])
                if (label, anchor) not in refs:
                    refs.append((label, anchor))

        for p in principles:
            add(p.sources, "", p.title, principle_anchor(p.id))
        for t in trees:
            for nid in t.order:
                add(t.tree.nodes[nid].sources, t.tree.title, f"step\u00a0{t.numbers[nid]}",
                    step_anchor(t.tree.id, nid))
        return {sid: list(groups.items()) for sid, groups in out.items()}

    def _used_in(self, trees: list[TreePrint]) -> dict[str, list[tuple[TreePrint, list[str]]]]:
        """Principle id -> [(tree, node ids)] of the steps that cite it."""
        out: dict[str, list] = {}
        for t in trees:
            for pid in dict.fromkeys(p for nid in t.order for p in t.tree.nodes[nid].principles):
                nids = [nid for nid in t.order if pid in t.tree.nodes[nid].principles]
                out.setdefault(pid, []).append((t, nids))
        return out

    def _source_groups(self, ids: set[str]) -> dict[str, list[m.Source]]:
        """Sources by document, as on the site's sources page."""
        groups: dict[str, list[m.Source]] = {}
        for s in sorted(map(self.kb.sources.get, ids), key=lambda s: (s.document.lower(), s.id)):
            groups.setdefault(s.document, []).append(s)
        return groups

    def _render(self, template: str, *, title: str, version: str, **context) -> str:
        css = self.env.get_template("handbook.css.j2").render(
            top=MARGIN_TOP, bottom=MARGIN_BOTTOM, side=MARGIN_SIDE,
            footer=f"{title} · version {version}",
            verdict_fill={v.value: colour for v, colour in VERDICT_FILL.items()})
        return self.env.get_template(template).render(
            kb=self.kb, css=Markup(css), clinic=self.clinic, publisher=PUBLISHER,
            title=title, version=version,
            step_anchor=step_anchor, principle_anchor=principle_anchor,
            tree_anchor=tree_anchor, source_anchor=source_anchor, **context)

    # ------------------------------------------------------------ documents

    def handbook(self) -> PrintDocument:
        kb = self.kb
        principles = sorted(kb.principles.values(), key=lambda p: p.title.lower())
        trees = [self.tree_print(tid) for tid in kb.trees]
        date = content_date([p.review for p in principles] + [t.tree.review for t in trees])
        title = f"{HANDBOOK_TITLE}: the handbook"
        html = self._render(
            "handbook.html.j2", kind="handbook", title=title, date=date,
            version=edition_version(kb, date), principles=principles, trees=trees,
            used_in=self._used_in(trees), sources=self._source_groups(set(kb.sources)),
            cited_by=self._cited_by(principles, trees),
            glossary=sorted(kb.glossary, key=lambda t: t.term.lower()),
            disagreements=kb.disagreements)
        images = {url: svg for t in trees for url, svg in t.chart.images().items()}
        return PrintDocument(HANDBOOK_NAME, title, html, images)

    def tree_booklet(self, tid: str) -> PrintDocument:
        """One tree on its own, with the principles and sources it cites, so every
        reference in it still resolves to a page of the same file."""
        t = self.tree_print(tid)
        nodes = [t.tree.nodes[nid] for nid in t.order]
        pids = list(dict.fromkeys(pid for n in nodes for pid in n.principles))
        principles = sorted((self.kb.principles[p] for p in pids), key=lambda p: p.title.lower())
        sids = {c.source for n in nodes for c in n.sources}
        date = content_date([t.tree.review] + [p.review for p in principles])
        html = self._render(
            "tree.html.j2", kind="booklet", title=t.tree.title, date=date,
            version=edition_version(self.kb, date), t=t, principles=principles,
            sources=self._source_groups(sids), cited_by={})  # booklets list no "cited by"
        return PrintDocument(tid, t.tree.title, html, t.chart.images())

    def documents(self, tree_ids: list[str] | None = None, *, handbook: bool = True
                  ) -> list[PrintDocument]:
        """The handbook and the booklets of `tree_ids` (None: every tree; []: none)."""
        tree_ids = list(self.kb.trees) if tree_ids is None else tree_ids
        unknown = [tid for tid in tree_ids if tid not in self.kb.trees]
        if unknown:
            raise KeyError(f"no such tree: {', '.join(unknown)} "
                           f"(trees: {', '.join(self.kb.trees)})")
        if HANDBOOK_NAME in tree_ids and handbook:
            raise KeyError(f"a tree called '{HANDBOOK_NAME}' would overwrite the handbook's PDF")
        docs = [self.handbook()] if handbook else []
        return docs + [self.tree_booklet(tid) for tid in tree_ids]
