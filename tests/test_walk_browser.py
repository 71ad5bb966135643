"""The decision walk in a real browser: Playwright driving Debian's Chromium.

Every route of every tree (build_tools.tree_paths.all_routes, the same routes as the committed
path catalogue) is followed by clicking answer links from the overview's Start link, once with
JavaScript off and once with it on. With JavaScript the answers travel in the query string
(`?<question>=<answer index>&...`, see docs/guides/how-to-use.md); we check the answers summary
at every step, and the decision record and its copy text at every outcome. Then, per tree:
change links, the back button, deep links, Start again and the path on the flowchart. Last:
keyboard access, the emergency banner, no network requests, a strict CSP, and the clinic
edition (a second site built with clinic.example.yml).

One browser, one context per mode, no waiting on network idle. Routes share their first steps,
so the walk goes depth first and loads each shared step once (about 250 answer clicks per mode
for 170 routes); the walk's server lets the browser cache files and serves Material an empty
search index, which it would otherwise download and index on every page load.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import subprocess
import sys
import threading
from urllib.parse import parse_qsl, urlsplit

import pytest

from build_tools import models as m
from build_tools.knowledge_base import Layout, load_and_validate
from build_tools.tree_paths import all_routes
from conftest import ROOT, _QuietHandler

TREE_IDS = sorted(p.stem for p in (ROOT / "decision_trees").glob("*.yaml"))
CLINIC_EXAMPLE = ROOT / "clinic.example.yml"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:")

# One evaluate per step: where we are and what the walk shows.
STEP_STATE = """() => {
  const article = document.querySelector('article.kb-step');
  const summary = document.querySelector('#your-answers');
  const rows = [...document.querySelectorAll('#your-answers .kb-summary__row')].map(r => [
    r.querySelector('dt').textContent, r.querySelector('.kb-summary__answer').textContent,
    r.querySelector('a.kb-change').getAttribute('href')]);
  const record = document.querySelector('#decision-record');
  return {
    node: article && article.dataset.kbNode,
    kind: article && article.dataset.kbKind,
    summaryShown: !!summary && !summary.hidden && summary.offsetParent !== null,
    rows,
    answerHrefs: [...document.querySelectorAll('a.kb-answer')].map(a => a.getAttribute('href')),
    recordShown: !!record && !record.hidden && record.offsetParent !== null,
    recordAnswers: [...document.querySelectorAll('#decision-record .kb-record__answers li')].map(li => [
      li.querySelector('.kb-record__question').textContent,
      li.querySelector('.kb-record__answer strong').textContent]),
    recordText: record ? record.querySelector('.kb-record__text').value : null,
    verdictShown: !!document.querySelector('.kb-verdict') &&
                  document.querySelector('.kb-verdict').offsetParent !== null,
    verdict: document.querySelector('.kb-verdict strong') &&
             document.querySelector('.kb-verdict strong').textContent,
    actions: [...document.querySelectorAll('.kb-actions li')].filter(li => li.offsetParent).length,
    sourcesShown: !!document.querySelector('h2#sources') &&
                  document.querySelector('h2#sources').offsetParent !== null,
  };
}"""


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def kb():
    kb, diagnostics = load_and_validate(Layout(ROOT))
    assert not [d for d in diagnostics if not d.is_warning]
    return kb


class _WalkHandler(http.server.SimpleHTTPRequestHandler):
    """The built site with caching allowed (no revalidation on every step) and an empty
    search index: Material's search worker downloads and indexes the whole index (1.5 MB) on
    every page load, which the walk never uses (search is tested in test_site_build.py)."""

    protocol_version = "HTTP/1.1"
    empty_index = b""

    def log_message(self, *args):
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def do_GET(self):
        if self.path.split("?")[0].endswith("/search/search_index.json"):
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(self.empty_index)))
            self.end_headers()
            self.wfile.write(self.empty_index)
            return
        super().do_GET()


def serve_for_walking(site):
    index = json.loads((site / "search" / "search_index.json").read_text())
    handler = type("Handler", (_WalkHandler,), {
        "empty_index": json.dumps({**index, "docs": []}).encode()})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture(scope="module")
def walk_server(built_site):
    server, base = serve_for_walking(built_site)
    yield base
    server.shutdown()


@pytest.fixture(scope="module")
def nojs_page(browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="module")
def js_context(browser, site_server):
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_server.rstrip("/"))
    yield context
    context.close()


@pytest.fixture(scope="module")
def js_page(js_context):
    page = js_context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.js_errors = errors
    yield page
    page.close()


# ---------------------------------------------------------------- helpers


def labels(tree: m.DecisionTree, nid: str) -> list[str]:
    return [a.label for a in tree.nodes[nid].answers]


def answer_index(tree: m.DecisionTree, nid: str, label: str) -> int:
    return labels(tree, nid).index(label)


def query_of(tree: m.DecisionTree, steps) -> list[tuple[str, str]]:
    return [(nid, str(answer_index(tree, nid, label))) for nid, label in steps]


def node_url(base: str, tree_id: str, nid: str, pairs=()) -> str:
    query = "&".join(f"{k}={v}" for k, v in pairs)
    return f"{base}decisions/{tree_id}/{nid}/" + (f"?{query}" if query else "")


def click_and_load(page, selector: str) -> None:
    with page.expect_navigation(wait_until="domcontentloaded"):
        page.click(selector)


def start(page, base: str, tree: m.DecisionTree) -> None:
    page.goto(f"{base}decisions/{tree.id}/", wait_until="domcontentloaded")
    click_and_load(page, "a.kb-start")


def route_name(route) -> str:
    return " -> ".join(f"{nid} [{label}]" for nid, label in route.steps) + f" -> {route.outcome}"


def current_node(page) -> str:
    return page.get_attribute("article.kb-step", "data-kb-node")


def walk_every_route(page, base, tree, at_question, at_outcome) -> int:
    """Follow every route of the tree, depth first in the catalogue's order, by clicking
    answer links from the overview's Start link. Routes share their first steps: where the
    next route branches off, the walk returns to the branch point's own address (what the
    back button would show) and clicks on from there, so every answer link of every route is
    clicked and each shared step is loaded once, not once per route."""
    start(page, base, tree)
    visited = [page.url]  # visited[k]: the address after k answers of the current route
    current: tuple = ()
    routes = all_routes(tree)
    for route in routes:
        common = 0
        while common < len(current) and current[common] == route.steps[common]:
            common += 1
        if len(visited) - 1 > common:
            page.goto(visited[common], wait_until="domcontentloaded")
            del visited[common + 1:]
        for i in range(common, len(route.steps)):
            nid, label = route.steps[i]
            at_question(page, tree, route, i)
            with page.expect_navigation(wait_until="domcontentloaded"):
                # a DOM click on the link: what a real click does, without Playwright's
                # actionability checks (they double the time per step; walk_with_js and
                # the keyboard test click and press for real)
                page.dispatch_event(
                    f'a.kb-answer[data-kb-answer="{answer_index(tree, nid, label)}"]', "click")
            visited.append(page.url)
        at_outcome(page, tree, route)
        current = route.steps
    return len(routes)


def check_question_without_js(page, tree, route, i):
    assert current_node(page) == route.steps[i][0], f"{route_name(route)} at step {i + 1}"


def check_question_with_js(page, tree, route, i):
    """Step i of a route: the answers so far in the URL, the summary and the answer links."""
    nid = route.steps[i][0]
    pairs = query_of(tree, route.steps)
    state = page.evaluate(STEP_STATE)
    where = f"{route_name(route)} at step {i + 1}"
    assert state["node"] == nid, where
    assert parse_qsl(urlsplit(page.url).query) == pairs[:i], where
    expected_rows = [(tree.nodes[q].text, a) for q, a in route.steps[:i]]
    assert [tuple(r[:2]) for r in state["rows"]] == expected_rows, where
    assert state["summaryShown"] == (i > 0), where
    # each answer link carries the answers so far plus its own
    for j, href in enumerate(state["answerHrefs"]):
        assert parse_qsl(urlsplit(href).query) == pairs[:i] + [(nid, str(j))], where


def walk_with_js(page, base, tree, route) -> dict:
    """Follow one route from the overview's Start link, checking every step on the way."""
    start(page, base, tree)
    for i, (nid, label) in enumerate(route.steps):
        check_question_with_js(page, tree, route, i)
        click_and_load(page, f'a.kb-answer[data-kb-answer="{answer_index(tree, nid, label)}"]')
    state = page.evaluate(STEP_STATE)
    assert state["node"] == route.outcome, route_name(route)
    assert parse_qsl(urlsplit(page.url).query) == query_of(tree, route.steps), route_name(route)
    return state


def check_outcome_with_js(state, kb, tree, route, page):
    where = route_name(route)
    outcome = tree.nodes[route.outcome]
    expected = [(tree.nodes[q].text, a) for q, a in route.steps]
    assert state["summaryShown"], where
    assert [tuple(r[:2]) for r in state["rows"]] == expected, where
    # change links: back to each question with the answers up to and including it
    pairs = query_of(tree, route.steps)
    for i, row in enumerate(state["rows"]):
        path, query = row[2].split("?")
        assert path == f"../{route.steps[i][0]}/", where
        assert parse_qsl(query) == pairs[: i + 1], where
    # the decision record: date, tree, every question with its answer, outcome, citations
    assert state["recordShown"], where
    assert [tuple(r) for r in state["recordAnswers"]] == expected, where
    text = state["recordText"]
    assert re.search(r"^Date: \d{4}-\d{2}-\d{2}$", text, re.M), where
    assert f"Decision tree: {tree.title}" in text
    for n, (question, answer) in enumerate(expected, 1):
        assert f"{n}. {question}\n   Answer: {answer}\n" in text, where
    assert f"Outcome: {outcome.verdict.label}. {outcome.headline}" in text, where
    for c in outcome.sources:
        assert f"\n- {kb.sources[c.source].cite_with(c.pinpoint)} " in text, where
    for pid in outcome.principles:
        assert f"\n- {kb.principles[pid].title}\n" in text, where
    for field in ("Rationale:", "Consulted:", "Follow-up:"):
        assert f"\n{field}" in text, where
    assert page.url in text, where
    assert "Clinic:" not in text, "the generic edition names no clinic"


# ---------------------------------------------------------------- every route, both modes


@pytest.mark.parametrize("tree_id", TREE_IDS)
def test_every_route_without_javascript(kb, nojs_page, walk_server, tree_id):
    tree = kb.trees[tree_id]

    def at_outcome(page, tree, route):
        where = route_name(route)
        state = page.evaluate(STEP_STATE)  # Playwright's evaluate runs even with page JS off
        outcome = tree.nodes[route.outcome]
        assert state["node"] == route.outcome, where
        assert state["verdictShown"] and state["sourcesShown"], where
        assert state["verdict"] == outcome.verdict.label, where
        assert state["actions"] == len(outcome.actions), where
        # what needs JavaScript stays out of the way
        assert not state["summaryShown"] and not state["recordShown"], where
        assert urlsplit(page.url).query == "", where

    assert walk_every_route(nojs_page, walk_server, tree, check_question_without_js, at_outcome)


@pytest.mark.parametrize("tree_id", TREE_IDS)
def test_every_route_with_javascript(kb, js_page, walk_server, tree_id):
    tree = kb.trees[tree_id]

    def at_outcome(page, tree, route):
        state = page.evaluate(STEP_STATE)
        assert state["node"] == route.outcome, route_name(route)
        assert parse_qsl(urlsplit(page.url).query) == query_of(tree, route.steps)
        check_outcome_with_js(state, kb, tree, route, page)

    assert walk_every_route(js_page, walk_server, tree, check_question_with_js, at_outcome)
    assert js_page.js_errors == []


# ---------------------------------------------------------------- change, back, deep links


def longest(tree):
    return max(all_routes(tree), key=lambda r: (len(r.steps), r.outcome))


@pytest.mark.parametrize("tree_id", TREE_IDS)
def test_change_answer_back_button_deep_link_and_start_again(kb, js_page, walk_server, tree_id):
    tree = kb.trees[tree_id]
    route = longest(tree)
    page = js_page
    pairs = query_of(tree, route.steps)
    walk_with_js(page, walk_server, tree, route)

    # back button: the previous question, with the answers before it
    page.go_back(wait_until="domcontentloaded")
    state = page.evaluate(STEP_STATE)
    assert state["node"] == route.steps[-1][0]
    assert len(state["rows"]) == len(route.steps) - 1
    page.go_forward(wait_until="domcontentloaded")
    assert page.evaluate(STEP_STATE)["node"] == route.outcome

    # change the last answer: its question, the answers before it, the old answer marked
    click_and_load(page, "#your-answers .kb-summary__row:last-child a.kb-change")
    state = page.evaluate(STEP_STATE)
    last_q, last_label = route.steps[-1]
    assert state["node"] == last_q
    assert [tuple(r[:2]) for r in state["rows"]] == [
        (tree.nodes[q].text, a) for q, a in route.steps[:-1]]
    marked = page.get_attribute("a.kb-answer--previous", "data-kb-answer")
    assert marked == str(answer_index(tree, last_q, last_label))
    assert page.locator(".kb-answer__previous").is_visible()

    # change the first answer and take another: the walk goes on from the new answer
    page.goto(node_url(walk_server, tree.id, route.outcome, pairs), wait_until="domcontentloaded")
    click_and_load(page, "#your-answers .kb-summary__row:first-child a.kb-change")
    first_q, first_label = route.steps[0]
    state = page.evaluate(STEP_STATE)
    assert state["node"] == first_q == tree.start
    assert not state["summaryShown"] and state["rows"] == []
    other = next(i for i, _ in enumerate(labels(tree, first_q))
                 if i != answer_index(tree, first_q, first_label))
    click_and_load(page, f'a.kb-answer[data-kb-answer="{other}"]')
    state = page.evaluate(STEP_STATE)
    assert state["node"] == tree.nodes[first_q].answers[other].next
    assert parse_qsl(urlsplit(page.url).query) == [(first_q, str(other))]
    assert [tuple(r[:2]) for r in state["rows"]] == [
        (tree.nodes[first_q].text, labels(tree, first_q)[other])]

    # a shared link to a later step opens it with its summary (and Start again empties it)
    page.goto(node_url(walk_server, tree.id, route.outcome, pairs), wait_until="domcontentloaded")
    state = page.evaluate(STEP_STATE)
    assert state["summaryShown"] and len(state["rows"]) == len(route.steps)
    assert [tuple(r) for r in state["recordAnswers"]] == [
        (tree.nodes[q].text, a) for q, a in route.steps]
    click_and_load(page, "#your-answers .kb-restart")
    assert current_node(page) == tree.start
    assert urlsplit(page.url).query == ""
    assert not page.locator("#your-answers").is_visible()

    if len(route.steps) > 1:
        # answers that do not lead to the page are not shown, and the reader is told
        page.goto(node_url(walk_server, tree.id, route.outcome, pairs[:1]),
                  wait_until="domcontentloaded")
        assert not page.evaluate(STEP_STATE)["summaryShown"]
        assert page.locator(".kb-walk-notice").is_visible()
        # a walk begun part-way (a flowchart box, a bookmark) is summarised from there on
        page.goto(node_url(walk_server, tree.id, route.outcome, pairs[1:]),
                  wait_until="domcontentloaded")
        state = page.evaluate(STEP_STATE)
        assert len(state["rows"]) == len(route.steps) - 1
        assert "Started part-way through the tree" in state["recordText"]


@pytest.mark.parametrize("tree_id", TREE_IDS)
def test_the_flowchart_marks_the_path_taken(kb, js_page, walk_server, tree_id):
    tree = kb.trees[tree_id]
    route = longest(tree)
    pairs = query_of(tree, route.steps)
    js_page.goto(node_url(walk_server, tree.id, route.outcome, pairs), wait_until="domcontentloaded")
    js_page.wait_for_function("""() => {
      const o = document.querySelector('.kb-flowchart object');
      const svg = o ? o.contentDocument : document;
      return svg && svg.querySelector('.kb-path');
    }""")
    marked = js_page.evaluate("""() => {
      const o = document.querySelector('.kb-flowchart object');
      const svg = o ? o.contentDocument : document;
      return [...svg.querySelectorAll('.kb-path')].map(g => g.id).sort();
    }""")
    expected = {f"fc-{nid}" for nid, _ in route.steps} | {f"fc-{route.outcome}"}
    expected |= {f"fce-{nid}-{i}" for nid, i in pairs}
    assert set(marked) == expected
    # the marked edges are drawn differently from the others
    widths = js_page.evaluate("""(ids) => {
      const o = document.querySelector('.kb-flowchart object');
      const svg = o ? o.contentDocument : document;
      const view = o ? o.contentWindow : window;
      const edge = svg.getElementById(ids[0]).querySelector('path');
      const other = [...svg.querySelectorAll('g.edge:not(.kb-path) path')][0];
      return [view.getComputedStyle(edge).strokeWidth,
              other ? view.getComputedStyle(other).strokeWidth : null];
    }""", [f"fce-{pairs[0][0]}-{pairs[0][1]}"])
    assert widths[0] != widths[1]
    # boxes on the path link back with the answers up to them
    first_href = js_page.evaluate("""(id) => {
      const o = document.querySelector('.kb-flowchart object');
      const svg = o ? o.contentDocument : document;
      const a = svg.getElementById(id).querySelector('a');
      return a.getAttributeNS('http://www.w3.org/1999/xlink', 'href') || a.getAttribute('href');
    }""", f"fc-{tree.start}")
    assert parse_qsl(urlsplit(first_href).query) == pairs[:1]


# ---------------------------------------------------------------- decision record


def record_route(kb):
    """The route whose record is longest: most answers, then most citations."""
    best = None
    for tree in kb.trees.values():
        for route in all_routes(tree):
            o = tree.nodes[route.outcome]
            size = sum(len(tree.nodes[q].text) + len(a) for q, a in route.steps) \
                + 60 * (len(o.sources) + len(o.principles)) + len(o.headline)
            if best is None or size > best[0]:
                best = (size, tree, route)
    return best[1], best[2]


def test_decision_record_copy_print_and_no_network(kb, js_page, site_server):
    tree, route = record_route(kb)
    page = js_page
    page.goto(node_url(site_server, tree.id, route.outcome, query_of(tree, route.steps)),
              wait_until="load")
    requests: list[str] = []
    page.on("request", lambda r: r.url.endswith("/favicon.png") or requests.append(r.url))

    page.fill("#record-rationale", "Risk outweighs the duty of confidence.\nSee notes.")
    page.fill("#record-consulted", "Clinical supervisor, same day")
    page.fill("#record-follow-up", "Review at next session")
    text = page.input_value(".kb-record__text")
    assert "Rationale: Risk outweighs the duty of confidence.\n   See notes." in text
    assert "Consulted: Clinical supervisor, same day" in text
    assert "Follow-up: Review at next session" in text

    # Copy as text puts exactly that text on the clipboard and says so
    page.click(".kb-record__copy")
    page.wait_for_function("() => document.querySelector('.kb-record__status').textContent")
    assert "Copied" in page.inner_text(".kb-record__status")
    assert page.evaluate("() => navigator.clipboard.readText()") == text

    # Print: the button prints the record alone, on one page
    page.evaluate("() => { window.print = () => { window.__printed = "
                  "document.documentElement.classList.contains('kb-print-record'); }; }")
    page.click(".kb-record__print")
    assert page.evaluate("() => window.__printed") is True
    page.emulate_media(media="print")
    try:
        visible = page.evaluate("""() => [...document.querySelector('article.kb-step').children]
            .filter(e => e.offsetParent !== null || getComputedStyle(e).display !== 'none')
            .map(e => e.id || e.className)""")
        assert visible == ["decision-record"]
        assert not page.locator(".md-header").is_visible()
        assert page.locator(".kb-record__print-value").first.inner_text().startswith("Risk")
        pdf = page.pdf(format="A4")
        assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1, "the record prints on one page"
    finally:
        page.emulate_media(media="screen")
        page.evaluate("() => document.documentElement.classList.remove('kb-print-record')")
    assert requests == [], "the record sends nothing anywhere"


def test_the_walk_script_makes_no_network_requests():
    source = (ROOT / "docs" / "assets" / "kb-walk.js").read_text()
    for call in ("fetch(", "XMLHttpRequest", "sendBeacon", "WebSocket", "EventSource",
                 "import(", "new Image", "localStorage", "document.cookie", "innerHTML", "eval("):
        assert call not in source, call


def test_works_under_a_strict_content_security_policy(kb, browser, built_site):
    server = _QuietHandler.serve(built_site, {"Content-Security-Policy": CSP})
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    context = browser.new_context()
    try:
        page = context.new_page()
        blocked: list[str] = []
        page.on("console", lambda msg: "Content Security Policy" in msg.text
                and "kb-" in msg.text and blocked.append(msg.text))
        tree = kb.trees[TREE_IDS[0]]
        route = longest(tree)
        state = walk_with_js(page, base, tree, route)
        check_outcome_with_js(state, kb, tree, route, page)
        assert blocked == []
        styled = page.evaluate("() => document.querySelectorAll('article.kb-step [style]').length")
        assert styled == 0
    finally:
        context.close()
        server.shutdown()


# ---------------------------------------------------------------- keyboard and screen readers


def tab_sequence(page, limit=400) -> list[dict]:
    """Press Tab through the page; what got focus, in order, with its focus outline."""
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        info = page.evaluate("""() => {
          const e = document.activeElement;
          if (!e || e === document.body) return null;
          const s = getComputedStyle(e);
          return {tag: e.tagName, cls: e.className && e.className.baseVal === undefined ? e.className : '',
                  id: e.id, text: (e.textContent || '').trim().slice(0, 80),
                  outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
                  focusVisible: e.matches(':focus-visible')};
        }""")
        if info is None:
            continue
        if seen and info == seen[0]:
            break
        seen.append(info)
    return seen


def test_keyboard_reaches_every_control_with_visible_focus(kb, js_page, site_server):
    tree = kb.trees[TREE_IDS[0]]
    route = longest(tree)
    pairs = query_of(tree, route.steps)
    page = js_page
    page.set_viewport_size({"width": 1100, "height": 900})

    # a question page: every answer and every change link, focus drawn visibly
    page.goto(node_url(site_server, tree.id, route.steps[1][0], pairs[:1]), wait_until="load")
    seq = tab_sequence(page)
    answers = [s for s in seq if "kb-answer" in s["cls"]]
    assert len(answers) == len(tree.nodes[route.steps[1][0]].answers)
    assert all(s["outline"] for s in answers)
    changes = [s for s in seq if "kb-change" in s["cls"]]
    assert len(changes) == 1 and changes[0]["outline"]
    assert changes[0]["text"].startswith("Change your answer to: ")

    # an answer is chosen with Enter
    page.focus('a.kb-answer[data-kb-answer="0"]')
    with page.expect_navigation(wait_until="domcontentloaded"):
        page.keyboard.press("Enter")
    assert len(page.evaluate(STEP_STATE)["rows"]) == 2

    # an outcome page: change links, the record's fields and buttons
    page.goto(node_url(site_server, tree.id, route.outcome, pairs), wait_until="load")
    seq = tab_sequence(page)
    kinds = [s["cls"] or s["tag"] for s in seq]
    assert sum("kb-change" in k for k in kinds) == len(route.steps)
    assert [s["id"] for s in seq if s["tag"] == "TEXTAREA"][:3] == [
        "record-rationale", "record-consulted", "record-follow-up"]
    buttons = [s for s in seq if s["tag"] == "BUTTON" and "kb-record" in s["cls"]]
    assert [b["text"] for b in buttons] == ["Print the record", "Copy as text"]
    assert all(s["outline"] for s in seq if "kb-change" in s["cls"] or s["tag"] in ("BUTTON", "TEXTAREA"))

    # the record's Copy button works from the keyboard (Space), and the result is announced
    page.focus(".kb-record__copy")
    page.keyboard.press("Space")
    page.wait_for_function("() => document.querySelector('.kb-record__status').textContent")
    assert page.get_attribute(".kb-record__status", "role") == "status"

    # headings name the summary and the record
    assert page.get_attribute("#your-answers", "aria-labelledby") == "your-answers-title"
    assert page.inner_text("#your-answers-title") == "Your answers"
    assert page.inner_text("#decision-record-title") == "Decision record"


def test_emergency_shortcut_is_one_keypress_away_on_every_kind_of_page(kb, js_page, nojs_page,
                                                                      walk_server):
    tree = kb.trees[TREE_IDS[0]]
    outcome = all_routes(tree)[0].outcome
    for page in (js_page, nojs_page):
        for url in ("", f"decisions/{tree.id}/", f"decisions/{tree.id}/{tree.start}/",
                    f"decisions/{tree.id}/{outcome}/", "principles/"):
            page.goto(walk_server + url, wait_until="domcontentloaded")
            banner = page.locator(".kb-emergency-banner a").first
            assert banner.is_visible()
            assert "Danger to self or others?" in page.inner_text(".kb-emergency-banner")
            for _ in range(3):  # the skip link (where there is one), then the banner
                page.keyboard.press("Tab")
                if page.evaluate("() => document.activeElement.closest('.kb-emergency-banner') !== null"):
                    break
            else:
                pytest.fail(f"the emergency link is not among the first Tab stops of /{url}")
            with page.expect_navigation(wait_until="domcontentloaded"):
                page.keyboard.press("Enter")
            assert urlsplit(page.url).path.endswith("/guides/emergency/")


# ---------------------------------------------------------------- the clinic edition


@pytest.fixture(scope="module")
def clinic_site(tmp_path_factory):
    site = tmp_path_factory.mktemp("clinic") / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KB_CLINIC_FILE": str(CLINIC_EXAMPLE)}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f",
                           str(ROOT / "mkdocs.yml"), "-d", str(site)],
                          cwd=ROOT, capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    server, base = serve_for_walking(site)
    yield base
    server.shutdown()


def outcomes_by_verdict(kb):
    found = {}
    for tree in kb.trees.values():
        for route in all_routes(tree):
            found.setdefault(tree.nodes[route.outcome].verdict.value, (tree, route))
    return found


def test_clinic_contacts_appear_only_in_the_clinic_edition(kb, js_page, walk_server, clinic_site):
    from build_tools.clinic import load_clinic

    clinic, problems = load_clinic(CLINIC_EXAMPLE, ROOT)
    assert problems == [] and clinic is not None
    by_verdict = outcomes_by_verdict(kb)
    page = js_page
    for verdict in ("urgent", "consult", "permitted"):
        if verdict not in by_verdict:
            continue
        tree, route = by_verdict[verdict]
        pairs = query_of(tree, route.steps)
        page.goto(node_url(clinic_site, tree.id, route.outcome, pairs), wait_until="domcontentloaded")
        panel = page.locator("section.kb-clinic")
        assert panel.is_visible(), verdict
        text = panel.inner_text()
        assert clinic.name in text
        for contact in clinic.contacts:
            assert contact.role in text
        if verdict == "urgent":
            assert clinic.emergency[0].number in text
            assert page.locator(f'.kb-clinic a[href="{clinic.emergency[0].tel}"]').count() == 1
        assert f"Clinic: {clinic.name}" in page.input_value(".kb-record__text")
        banner = page.inner_text(".kb-emergency-banner")
        assert clinic.emergency[0].number in banner

        page.goto(node_url(walk_server, tree.id, route.outcome, pairs), wait_until="domcontentloaded")
        assert page.locator(".kb-clinic").count() == 0
        assert clinic.name not in page.content()
        assert "Clinic:" not in page.input_value(".kb-record__text")
        assert page.locator(".kb-emergency-banner a[href^='tel:']").count() == 0

    page.goto(clinic_site + "guides/emergency/", wait_until="domcontentloaded")
    guide = page.inner_text("#your-clinic")
    assert clinic.name in guide and clinic.crisis[0].number in guide
    page.goto(walk_server + "guides/emergency/", wait_until="domcontentloaded")
    assert page.locator("#your-clinic").count() == 0
