"""Golden files for rendered output. Run `pytest --update-golden` to rewrite them after an
intended change, and review the diff like any other change."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from build_tools.knowledge_base import Layout, load_and_validate
from build_tools.render_pages import SiteRenderer
from conftest import FIXTURE

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="module")
def rendered():
    kb, diagnostics = load_and_validate(Layout(FIXTURE))
    assert not diagnostics
    renderer = SiteRenderer(kb, cache_dir=None)
    pages = {p.url: p for p in renderer.render_all()}
    return renderer, pages, kb


def check_golden(name: str, actual: str, update: bool) -> None:
    path = GOLDEN / name
    if update:
        path.parent.mkdir(exist_ok=True)
        path.write_text(actual)
        return
    assert path.exists(), f"missing golden file {name}: run pytest --update-golden"
    expected = path.read_text()
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                            f"golden/{name}", "rendered"))
        pytest.fail(f"{name} differs from its golden file:\n{diff}")


def test_question_page(rendered, update_golden):
    _, pages, _ = rendered
    check_golden("question.html", pages["decisions/peer-consultation/has-consent/"].html,
                 update_golden)


def test_outcome_page(rendered, update_golden):
    _, pages, _ = rendered
    check_golden("outcome.html", pages["decisions/peer-consultation/consult-with-consent/"].html,
                 update_golden)


def test_flowchart_svg(rendered, update_golden):
    renderer, _, kb = rendered
    svg = renderer.flowchart(kb.trees["peer-consultation"]).standalone("../../assets/kb-flowchart.css")
    check_golden("flowchart.svg", svg, update_golden)
