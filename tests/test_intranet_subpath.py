"""The site works below a path of an intranet server, such as https://intranet.example/ethics/.

Every link of the site is relative, so one build serves from any folder: here a server whose
root holds `ethics/` (the built site) and nothing else. Pages load, a flowchart box and an
answer open their steps, and search finds pages, with no request outside /ethics/.
"""

from __future__ import annotations

import pytest

from conftest import _QuietHandler, run_search

PREFIX = "ethics/"


@pytest.fixture(scope="module")
def subpath_server(built_site, tmp_path_factory):
    root = tmp_path_factory.mktemp("intranet")
    (root / PREFIX.rstrip("/")).symlink_to(built_site, target_is_directory=True)
    server = _QuietHandler.serve(root)
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    page.seen = []
    page.on("request", lambda r: page.seen.append(r.url))
    page.bad = []
    page.on("response", lambda r: page.bad.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    yield page
    context.close()


def _outside(page, server) -> list[str]:
    return [u for u in page.seen if not u.startswith(server + PREFIX)
            and not u.startswith(("data:", "blob:", "about:"))]


def test_every_kind_of_page_loads_below_the_path(page, subpath_server, sample_pages):
    base = subpath_server + PREFIX
    for kind, url in sample_pages.items():
        page.goto(base + url, wait_until="load")
        assert page.locator("article").count() >= 1, kind
        # Material's script ran, with the right base for its search worker.
        assert page.evaluate("document.documentElement.classList.contains('js')"), kind
    assert page.bad == []
    assert _outside(page, subpath_server) == []


def test_navigation_flowchart_and_answers_work_below_the_path(page, subpath_server, sample_pages):
    base = subpath_server + PREFIX
    page.goto(base)
    page.locator(".kb-index a").first.click()
    page.wait_for_load_state("load")
    assert page.url.startswith(base + "decisions/")
    page.locator(".kb-flowchart svg a").first.click()
    page.wait_for_load_state("load")
    assert page.locator("article.kb-step").count() == 1
    before = page.url
    page.locator("a.kb-answer").first.click()
    page.wait_for_url(lambda url: url != before)
    page.wait_for_load_state("load")
    assert page.url.startswith(base + "decisions/")
    assert page.locator("article.kb-step").count() == 1
    page.locator(".md-header__button.md-logo").click()
    page.wait_for_load_state("load")
    assert page.url.rstrip("/") + "/" == base
    assert page.bad == []
    assert _outside(page, subpath_server) == []


def test_search_works_below_the_path(page, subpath_server):
    base = subpath_server + PREFIX
    page.goto(base + "glossary/")
    assert run_search(page, "supervision") > 0
    hrefs = page.locator(".md-search-result__item a").evaluate_all(
        "links => links.map(a => a.href)")
    assert hrefs and all(h.startswith(base) for h in hrefs), hrefs[:5]
    page.locator(".md-search-result__item a").first.click()
    page.wait_for_load_state("load")
    assert page.url.startswith(base)
    assert page.bad == []
    assert _outside(page, subpath_server) == []
