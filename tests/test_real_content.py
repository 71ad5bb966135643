"""Every real tree loads, validates, renders and ends every path in an outcome; every worked
case reaches its stated outcome; the committed path catalogue matches the data."""

from __future__ import annotations

import pytest

from build_tools import models as m
from build_tools.knowledge_base import Layout, load_and_validate
from build_tools.path_catalogue import catalogue_files
from build_tools.render_pages import SiteRenderer
from build_tools.tree_paths import all_routes
from build_tools.validate import walk_answers
from conftest import ROOT

TREE_FILES = sorted((ROOT / "decision_trees").glob("*.yaml"))


@pytest.fixture(scope="module")
def real():
    kb, diagnostics = load_and_validate(Layout(ROOT))
    return kb, diagnostics


def test_real_data_has_no_errors(real):
    _, diagnostics = real
    assert [str(d) for d in diagnostics if not d.is_warning] == []


def test_there_is_content():
    assert TREE_FILES, "no decision tree files found"


@pytest.mark.parametrize("path", TREE_FILES, ids=[p.stem for p in TREE_FILES])
def test_tree_renders_and_every_path_ends_in_an_outcome(real, path):
    kb, _ = real
    tree = kb.trees[path.stem]
    routes = all_routes(tree)
    assert routes
    reached = set()
    for route in routes:
        assert isinstance(tree.nodes[route.outcome], m.OutcomeNode)
        reached.add(route.outcome)
        # the route's questions are asked in order and each answer leads to the next step
        for (nid, label), following in zip(route.steps, [s[0] for s in route.steps[1:]] + [route.outcome]):
            answer = next(a for a in tree.nodes[nid].answers if a.label == label)
            assert answer.next == following
    outcomes = {nid for nid, n in tree.nodes.items() if isinstance(n, m.OutcomeNode)}
    assert reached == outcomes, "every outcome is reached by some route"
    pages = SiteRenderer(kb).tree_pages(tree)
    assert len(pages) == len(tree.nodes) + 1
    for page in pages:
        assert page.html.count("<h1") == 1


def test_path_catalogue_matches_the_data(real):
    kb, _ = real
    folder = ROOT / "decision_trees" / "paths"
    expected = catalogue_files(kb)
    committed = {p.name: p.read_text() for p in folder.glob("*.txt")} if folder.is_dir() else {}
    assert committed.keys() == expected.keys(), "run `make paths` and commit the result"
    for name, text in expected.items():
        assert committed[name] == text, f"{name} is stale: run `make paths` and review the diff"


def _cases():
    kb, _ = load_and_validate(Layout(ROOT))
    return [(c.id, c) for c in kb.cases]


@pytest.mark.parametrize("case_id,case", _cases(), ids=[c[0] for c in _cases()])
def test_worked_case_reaches_its_outcome(real, case_id, case):
    kb, _ = real
    visited, problem = walk_answers(kb.trees[case.tree], case.answers)
    assert problem is None
    assert visited[-1] == case.expected_outcome
