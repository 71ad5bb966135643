"""`kb.json`: the validated knowledge base as JSON for intranet tools and our own checks.

Described by `schemas/kb-export.schema.json`. URLs are site-relative, like the pages.
"""

from __future__ import annotations

import json
from pathlib import Path

from . import models as m
from .knowledge_base import KnowledgeBase
from .render_pages import node_url, principle_url, source_url, tree_url
from .tree_paths import step_numbers

EXPORT_VERSION = 1


def _cites(cites: list[m.CitationForm]) -> list[dict]:
    return [{"source": c.source, "pinpoint": c.pinpoint} for c in cites]


def _node(tree: m.DecisionTree, nid: str, node, number: int) -> dict:
    out = {"id": nid, "kind": node.kind, "url": node_url(tree.id, nid), "step": number,
           "principles": list(node.principles), "sources": _cites(node.sources)}
    if isinstance(node, m.QuestionNode):
        out.update(text=node.text, help=node.help,
                   answers=[{"label": a.label, "next": a.next} for a in node.answers])
    else:
        out.update(verdict=node.verdict.value, verdict_label=node.verdict.label,
                   headline=node.headline, summary=node.summary, actions=list(node.actions),
                   jurisdiction_notes=[j.model_dump() for j in node.jurisdiction_notes])
    return out


def export(kb: KnowledgeBase) -> dict:
    trees = []
    for tree in kb.trees.values():
        numbers = step_numbers(tree)
        trees.append({
            "id": tree.id, "title": tree.title, "question": tree.question,
            "audience": tree.audience, "summary": tree.summary, "url": tree_url(tree.id),
            "start": tree.start, "review": tree.review.model_dump(mode="json"),
            "nodes": [_node(tree, nid, tree.nodes[nid], numbers[nid])
                      for nid in sorted(tree.nodes, key=numbers.get)],
        })
    return {
        "version": EXPORT_VERSION,
        "principles": [{**p.model_dump(mode="json"), "url": principle_url(p.id)}
                       for p in kb.principles.values()],
        "sources": [{**s.model_dump(mode="json"), "cite": s.cite, "url_on_site": source_url(s.id)}
                    for s in kb.sources.values()],
        "trees": trees,
        "glossary": [t.model_dump(mode="json") for t in kb.glossary],
        "cases": [c.model_dump(mode="json") for c in kb.cases],
        "disagreements": [d.model_dump(mode="json") for d in kb.disagreements],
    }


def export_text(kb: KnowledgeBase) -> str:
    return json.dumps(export(kb), indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def write_export(kb: KnowledgeBase, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "kb.json"
    path.write_text(export_text(kb), encoding="utf-8")
    return path
