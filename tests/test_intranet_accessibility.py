"""Accessibility gate: axe-core finds no WCAG 2.2 A or AA violation on any kind of page.

Pages: home, a principle, a tree overview, a question, an outcome (also reached through the
decision walk, with its answers summary and decision record shown), sources, glossary, where
codes disagree, a guide, and the home page with search results open. Material's own findings
are fixed in overrides/ and docs/assets/kb-a11y.css (see the comments there).
"""

from __future__ import annotations

import pytest

from conftest import run_search

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture(scope="module")
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def _check(axe, page) -> list[str]:
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": TAGS},
                                     "resultTypes": ["violations"]})
    lines = []
    for v in results.response["violations"]:
        for node in v["nodes"][:5]:
            detail = (node.get("any") or node.get("all") or node.get("none") or [{}])[0]
            lines.append(f"{v['id']} ({v['impact']}): {', '.join(map(str, node['target']))}: "
                         f"{detail.get('message', v['help'])}")
        if len(v["nodes"]) > 5:
            lines.append(f"{v['id']}: ... and {len(v['nodes']) - 5} more")
    return lines


def test_every_kind_of_page_has_no_wcag_violation(axe, page, site_server, sample_pages):
    report = {}
    for kind, url in sample_pages.items():
        page.goto(site_server + url, wait_until="load")
        found = _check(axe, page)
        if found:
            report[kind] = found
    assert report == {}, "\n".join(f"{k}:\n  " + "\n  ".join(v) for k, v in report.items())


def test_every_guide_has_no_wcag_violation(axe, page, site_server, built_site):
    """The hand-written guides: code blocks, tables (wide ones scroll: kb-a11y.js), admonitions."""
    guides = sorted(p.parent.name for p in (built_site / "guides").glob("*/index.html"))
    assert len(guides) >= 5
    report = {}
    for name in guides:
        page.goto(f"{site_server}guides/{name}/", wait_until="load")
        found = _check(axe, page)
        if found:
            report[name] = found
    assert report == {}, "\n".join(f"{k}:\n  " + "\n  ".join(v) for k, v in report.items())


def test_a_walked_question_and_outcome_have_no_wcag_violation(axe, page, site_server, sample_pages):
    """The walk's own parts (answers summary, decision record) shown, as a reader sees them."""
    page.goto(site_server + sample_pages["question"])
    report = {}
    for step in range(12):
        page.locator("a.kb-answer").first.click()
        page.wait_for_load_state("load")
        kind = page.locator("article.kb-step").get_attribute("data-kb-kind")
        if kind == "question" and step == 0:
            found = _check(axe, page)
            if found:
                report["question with answers"] = found
        if kind == "outcome":
            found = _check(axe, page)
            if found:
                report["outcome with record"] = found
            break
    else:
        pytest.fail("no outcome within 12 answers")
    assert report == {}, "\n".join(f"{k}:\n  " + "\n  ".join(v) for k, v in report.items())


def test_open_search_results_have_no_wcag_violation(axe, page, site_server):
    page.goto(site_server)
    assert run_search(page, "consent") > 0
    found = _check(axe, page)
    assert found == [], "\n".join(found)


def test_search_dialog_has_a_name(page, site_server):
    page.goto(site_server)
    assert page.locator(".md-search[role=dialog]").get_attribute("aria-label") == "Search"


def test_flowchart_scroll_box_is_keyboard_reachable(page, site_server, sample_pages):
    page.goto(site_server + sample_pages["tree"])
    box = page.locator(".kb-flowchart__scroll").first
    assert box.get_attribute("tabindex") == "0"
    box.focus()
    assert page.evaluate("document.activeElement.classList.contains('kb-flowchart__scroll')")
