"""Walks over a validated tree: step numbers, parents, and every route from start to outcome."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from . import models as m


def step_numbers(tree: m.DecisionTree) -> dict[str, int]:
    """Breadth-first order from the start: the same numbers on the site and in the handbook."""
    order: dict[str, int] = {}
    queue = deque([tree.start])
    while queue:
        nid = queue.popleft()
        if nid in order:
            continue
        order[nid] = len(order) + 1
        node = tree.nodes[nid]
        if isinstance(node, m.QuestionNode):
            queue.extend(a.next for a in node.answers)
    return order


def parents(tree: m.DecisionTree) -> dict[str, list[str]]:
    """Node id -> the questions that lead to it, in step order (for no-JavaScript back links)."""
    numbers = step_numbers(tree)
    out: dict[str, list[str]] = {nid: [] for nid in tree.nodes}
    for nid in sorted(tree.nodes, key=numbers.get):
        node = tree.nodes[nid]
        if isinstance(node, m.QuestionNode):
            for answer in node.answers:
                if nid not in out[answer.next]:
                    out[answer.next].append(nid)
    return out


@dataclass(frozen=True)
class Route:
    """One walk from the start: (question id, answer label) pairs, then the outcome reached."""

    steps: tuple[tuple[str, str], ...]
    outcome: str


def all_routes(tree: m.DecisionTree) -> list[Route]:
    """Every route from start to an outcome, depth first in answer order (trees are acyclic)."""
    routes: list[Route] = []
    stack: list[tuple[str, tuple]] = [(tree.start, ())]
    while stack:
        nid, steps = stack.pop()
        node = tree.nodes[nid]
        if isinstance(node, m.OutcomeNode):
            routes.append(Route(steps, nid))
            continue
        for answer in reversed(node.answers):
            stack.append((answer.next, steps + ((nid, answer.label),)))
    return routes
