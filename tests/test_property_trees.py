"""Property-based tests: random trees through the loader, validator and renderer."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from build_tools import models as m
from build_tools.knowledge_base import Layout, load_and_validate
from build_tools.render_pages import SiteRenderer
from build_tools.tree_paths import all_routes
from build_tools.yaml_loader import parse_text
from conftest import FIXTURE

SOURCES = (FIXTURE / "knowledge" / "sources.yaml").read_text()
PRINCIPLE = (FIXTURE / "knowledge" / "principles" / "consultation.yaml").read_text()
TREE_PATH = "decision_trees/random-tree.yaml"
LINE = re.compile(r"^decision_trees/random-tree\.yaml:\d+:\d+: [A-Z]\d{3} .+$")


@st.composite
def valid_trees(draw) -> dict:
    """An acyclic tree where every node is reachable and every question has >= 2 answers."""
    n_questions = draw(st.integers(1, 6))
    n_outcomes = draw(st.integers(1, 6))
    kinds = ["q"] * (n_questions - 1) + ["o"] * n_outcomes
    order = ["q0"] + [f"{k}{i}" for i, k in enumerate(draw(st.permutations(kinds)), start=1)]
    questions = [n for n in order if n.startswith("q")]
    outcomes = [n for n in order if n.startswith("o")]
    edges: dict[str, list[str]] = {q: [] for q in questions}
    for i, nid in enumerate(order[1:], start=1):  # each node gets a parent among earlier questions
        earlier = [q for q in order[:i] if q.startswith("q")]
        edges[draw(st.sampled_from(earlier))].append(nid)
    for q in questions:
        later = order[order.index(q) + 1:]
        while len(edges[q]) < 2:
            edges[q].append(draw(st.sampled_from([n for n in later if n.startswith("o")] or outcomes)))
    verdicts = [v.value for v in m.Verdict]
    nodes = {}
    for q in questions:
        nodes[q] = {"kind": "question", "text": f"Question {q}?", "principles": ["consultation"],
                    "answers": [{"label": f"Answer {i + 1}", "next": t}
                                for i, t in enumerate(edges[q])]}
    for o in outcomes:
        nodes[o] = {"kind": "outcome", "verdict": draw(st.sampled_from(verdicts)),
                    "headline": f"Outcome {o}.", "actions": ["Do the thing."],
                    "principles": ["consultation"], "sources": ["apa-4.06"]}
    return {"id": "random-tree", "title": "Random", "question": "Random?", "audience": "Tests",
            "summary": "A generated tree.", "start": "q0",
            "review": {"last_reviewed": "2026-01-01", "next_review": "2030-01-01"},
            "nodes": nodes}


def _mutate(tree: dict, how: str, pick: int) -> dict:
    nodes = tree["nodes"]
    questions = [k for k, v in nodes.items() if v["kind"] == "question"]
    outcomes = [k for k, v in nodes.items() if v["kind"] == "outcome"]
    q = questions[pick % len(questions)]
    if how == "dangling":
        nodes[q]["answers"][0]["next"] = "missing-node"
    elif how == "cycle":
        nodes[q]["answers"][0]["next"] = q
    elif how == "one-answer":
        nodes[q]["answers"] = nodes[q]["answers"][:1]
    elif how == "unknown-key":
        nodes[q]["colour"] = "red"
    elif how == "missing-field":
        del nodes[outcomes[pick % len(outcomes)]]["headline"]
    elif how == "bad-verdict":
        nodes[outcomes[pick % len(outcomes)]]["verdict"] = "perhaps"
    elif how == "bad-id":
        nodes["Bad Id"] = nodes.pop(q)
    elif how == "no-source":
        nodes[outcomes[pick % len(outcomes)]]["sources"] = []
    elif how == "unknown-principle":
        nodes[q]["principles"] = ["no-such-principle"]
    elif how == "html":
        nodes[q]["text"] = "<script>alert(1)</script>"
    return tree


def _check(tree_text: str):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "knowledge" / "principles").mkdir(parents=True)
        (root / "decision_trees").mkdir()
        (root / "knowledge" / "sources.yaml").write_text(SOURCES)
        (root / "knowledge" / "principles" / "consultation.yaml").write_text(
            PRINCIPLE.replace("related: [confidentiality]", "related: []"))
        (root / TREE_PATH).write_text(tree_text)
        return load_and_validate(Layout(root))


SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(valid_trees())
def test_valid_trees_build_and_every_path_ends_in_an_outcome(tree):
    kb, diagnostics = _check(yaml.safe_dump(tree, sort_keys=False))
    assert [str(d) for d in diagnostics] == []
    parsed = kb.trees["random-tree"]
    for route in all_routes(parsed):
        assert isinstance(parsed.nodes[route.outcome], m.OutcomeNode)
    pages = SiteRenderer(kb).tree_pages(parsed)
    assert len(pages) == len(parsed.nodes) + 1


MUTATIONS = ["dangling", "cycle", "one-answer", "unknown-key", "missing-field", "bad-verdict",
             "bad-id", "no-source", "unknown-principle", "html"]


@SETTINGS
@given(valid_trees(), st.sampled_from(MUTATIONS), st.integers(0, 50))
def test_invalid_trees_always_get_a_located_error(tree, how, pick):
    _, diagnostics = _check(yaml.safe_dump(_mutate(tree, how, pick), sort_keys=False))
    errors = [str(d) for d in diagnostics if not d.is_warning]
    assert errors, f"mutation {how} was not detected"
    assert all(LINE.match(e) for e in errors), errors


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_the_loader_never_raises_on_any_text(text):
    loaded, problems = parse_text(text, "decision_trees/x.yaml")
    for p in problems:
        assert p.line >= 1 and p.col >= 1


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=120))
def test_any_headline_is_either_rejected_with_a_location_or_rendered_escaped(headline):
    tree = {"id": "random-tree", "title": "T", "question": "Q?", "audience": "A", "summary": "S",
            "start": "q0", "review": {"last_reviewed": "2026-01-01", "next_review": "2030-01-01"},
            "nodes": {"q0": {"kind": "question", "text": "Q?", "answers": [
                {"label": "A", "next": "o1"}, {"label": "B", "next": "o1"}]},
                "o1": {"kind": "outcome", "verdict": "permitted", "headline": headline,
                       "actions": ["x"], "sources": ["apa-4.06"]}}}
    kb, diagnostics = _check(yaml.safe_dump(tree))
    if diagnostics:
        assert all(LINE.match(str(d)) for d in diagnostics)
        return
    page = SiteRenderer(kb).tree_pages(kb.trees["random-tree"])[-1]
    assert "<script" not in page.html.lower()
