"""Rules that span objects: references between files and the shape of each tree's graph."""

from __future__ import annotations

import datetime as dt

from . import models as m
from .diagnostics import Diagnostic
from .knowledge_base import KnowledgeBase, Located


def validate(kb: KnowledgeBase, today: dt.date | None = None) -> list[Diagnostic]:
    today = today or dt.date.today()
    out: list[Diagnostic] = []
    for principle in kb.principles.values():
        site = kb.where[("principle", principle.id)]
        _check_principle_refs(kb, site, ("related",), principle.related, out)
        _check_citations(kb, site, ("sources",), principle.sources, out)
        if not principle.sources:
            out.append(site.diag(("id",), "C002",
                                 f"principle '{principle.id}' cites no source"))
        _check_review(site, principle.review, today, out)
    for tree in kb.trees.values():
        site = kb.where[("tree", tree.id)]
        _check_tree(kb, tree, site, out)
        _check_review(site, tree.review, today, out)
    for term in kb.glossary:
        site = kb.where[("term", term.term.lower())]
        _check_principle_refs(kb, site, ("principles",), term.principles, out)
        _check_citations(kb, site, ("sources",), term.sources, out)
    for case in kb.cases:
        _check_case(kb, case, kb.where[("case", case.id)], out)
    for item in kb.disagreements:
        site = kb.where[("disagreement", item.id)]
        _check_principle_refs(kb, site, ("principles",), item.principles, out)
        for i, pos in enumerate(item.positions):
            _check_citations(kb, site, ("positions", i, "sources"), pos.sources, out)
    return out


def _check_principle_refs(kb, site: Located, loc: tuple, ids: list[str], out) -> None:
    for i, pid in enumerate(ids):
        if not kb.defines("principle", pid):
            out.append(site.diag(loc + (i,), "R003", f"unknown principle '{pid}'"))


def _check_citations(kb, site: Located, loc: tuple, cites: list[m.CitationForm], out) -> None:
    for i, cite in enumerate(cites):
        if not kb.defines("source", cite.source):
            out.append(site.diag(loc + (i,), "R004", f"unknown source '{cite.source}'"))


def _check_review(site: Located, review: m.Review, today: dt.date, out) -> None:
    if review.next_review < today:
        out.append(site.diag(("review", "next_review"), "W001",
                             f"review was due on {review.next_review.isoformat()}"))


def _check_tree(kb: KnowledgeBase, tree: m.DecisionTree, site: Located, out) -> None:
    nodes = tree.nodes
    if tree.start not in nodes:
        out.append(site.diag(("start",), "R002", f"start node '{tree.start}' does not exist"))
    for nid, node in nodes.items():
        at = ("nodes", nid)
        if nid == "index":
            out.append(site.diag(at, "S004", "node id 'index' is reserved: it would clash with "
                                 "the tree's overview page", key=True))
        _check_principle_refs(kb, site, at + ("principles",), node.principles, out)
        _check_citations(kb, site, at + ("sources",), node.sources, out)
        if isinstance(node, m.QuestionNode):
            if len(node.answers) < 2:
                out.append(site.diag(at + ("answers",), "G003",
                                     f"question '{nid}' has {len(node.answers)} answer(s); "
                                     "it needs at least 2"))
            labels = set()
            for i, answer in enumerate(node.answers):
                if answer.next not in nodes:
                    out.append(site.diag(at + ("answers", i, "next"), "R002",
                                         f"answer '{answer.label}' leads to '{answer.next}', "
                                         f"which is not a node of tree '{tree.id}'"))
                if answer.label.lower() in labels:
                    out.append(site.diag(at + ("answers", i, "label"), "S005",
                                         f"question '{nid}' has two answers labelled "
                                         f"'{answer.label}'"))
                labels.add(answer.label.lower())
        else:
            if not node.sources:
                out.append(site.diag(at, "C001", f"outcome '{nid}' cites no source", key=True))
            if not node.actions:
                out.append(site.diag(at, "C003", f"outcome '{nid}' lists no action", key=True))
            if not node.principles:
                out.append(site.diag(at, "C005", f"outcome '{nid}' names no principle", key=True))
    if tree.start in nodes:
        _check_graph(tree, site, out)


def successors(node) -> list[str]:
    return [a.next for a in node.answers] if isinstance(node, m.QuestionNode) else []


def _check_graph(tree: m.DecisionTree, site: Located, out) -> None:
    nodes = tree.nodes
    # Depth-first from the start; an edge back to a node on the current stack is a cycle.
    state: dict[str, int] = {}  # 1 = on the stack, 2 = done
    stack = [(tree.start, iter(enumerate(successors(nodes[tree.start]))))]
    state[tree.start] = 1
    while stack:
        nid, it = stack[-1]
        step = next(it, None)
        if step is None:
            state[nid] = 2
            stack.pop()
            continue
        i, nxt = step
        if nxt not in nodes:
            continue
        if state.get(nxt) == 1:
            out.append(site.diag(("nodes", nid, "answers", i, "next"), "G002",
                                 f"answer '{nodes[nid].answers[i].label}' of '{nid}' leads back "
                                 f"to '{nxt}', making a cycle"))
        elif nxt not in state:
            state[nxt] = 1
            stack.append((nxt, iter(enumerate(successors(nodes[nxt])))))
    for nid in nodes:
        if nid not in state:
            out.append(site.diag(("nodes", nid), "G001",
                                 f"node '{nid}' cannot be reached from the start node "
                                 f"'{tree.start}'", key=True))
    # Nodes from which no outcome can be reached at all (fixed point over the graph).
    ends = {nid for nid, n in nodes.items() if isinstance(n, m.OutcomeNode)}
    changed = True
    while changed:
        changed = False
        for nid, node in nodes.items():
            if nid not in ends and any(s in ends for s in successors(node)):
                ends.add(nid)
                changed = True
    for nid in nodes:
        if nid not in ends and nid in state and all(s in nodes for s in successors(nodes[nid])):
            out.append(site.diag(("nodes", nid), "G004",
                                 f"no path from question '{nid}' ends in an outcome", key=True))


def walk_answers(tree: m.DecisionTree, labels: list[str]) -> tuple[list[str], str | None]:
    """Follow answer labels from the start. Returns the node ids visited and a problem, if any."""
    visited = [tree.start]
    for label in labels:
        node = tree.nodes.get(visited[-1])
        if not isinstance(node, m.QuestionNode):
            return visited, f"answer '{label}' given after reaching outcome '{visited[-1]}'"
        match = next((a for a in node.answers if a.label.lower() == label.lower()), None)
        if match is None:
            options = "; ".join(a.label for a in node.answers)
            return visited, f"'{visited[-1]}' has no answer '{label}' (answers: {options})"
        visited.append(match.next)
    return visited, None


def _check_case(kb: KnowledgeBase, case: m.WorkedCase, site: Located, out) -> None:
    tree = kb.trees.get(case.tree)
    if tree is None:
        if not kb.defines("tree", case.tree):
            out.append(site.diag(("tree",), "R005", f"unknown decision tree '{case.tree}'"))
        return
    if case.expected_outcome not in tree.nodes:
        out.append(site.diag(("expected_outcome",), "R005",
                             f"tree '{tree.id}' has no node '{case.expected_outcome}'"))
        return
    visited, problem = walk_answers(tree, case.answers)
    if any(nid not in tree.nodes for nid in visited):
        return  # the tree itself is broken there, and R002 already says where
    if problem:
        out.append(site.diag(("answers",), "C004", f"case '{case.id}': {problem}"))
    elif visited[-1] != case.expected_outcome:
        out.append(site.diag(("expected_outcome",), "C004",
                             f"case '{case.id}' reaches '{visited[-1]}', "
                             f"not '{case.expected_outcome}'"))
