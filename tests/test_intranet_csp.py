"""Every page works under a strict Content-Security-Policy (clinic intranets often send one):

    default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:

No inline script, no inline style, nothing from elsewhere. Material writes three inline scripts;
overrides/partials/javascripts/ load the same code from docs/assets/vendor/material/ instead.
Checked twice: in the files (no inline script, style attribute, style element or event handler
attribute anywhere), and in Chromium against a server that sends the header, where no
violation may be reported while search, the flowcharts and the decision walk are used.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from conftest import run_search

# Record violations from the first script of every document, frames and the SVG included.
CATCH_VIOLATIONS = """
(() => {
  const seen = [];
  Object.defineProperty(window, '__cspViolations', {value: seen});
  document.addEventListener('securitypolicyviolation', (e) => {
    seen.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + e.sourceFile + ':' + e.lineNumber);
  });
})();
"""


class _Inline(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._script: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            kind = (attrs.get("type") or "text/javascript").lower()
            executable = kind in ("text/javascript", "module", "application/javascript")
            if executable and not attrs.get("src"):
                self.problems.append("inline <script>")
        if tag == "style":
            self.problems.append("<style> element")
        for name, value in attrs.items():
            if name == "style":
                self.problems.append(f"style attribute on <{tag}>")
            elif name.startswith("on"):
                self.problems.append(f"event handler attribute {name} on <{tag}>")
            elif name in ("href", "xlink:href", "src", "action") and value and \
                    value.strip().lower().startswith("javascript:"):
                self.problems.append(f"javascript: URL on <{tag}>")

    handle_startendtag = handle_starttag


def test_no_inline_script_style_or_handler_in_any_file(built_site):
    problems = []
    checked = 0
    for path in sorted(list(built_site.rglob("*.html")) + list(built_site.rglob("*.svg"))):
        parser = _Inline()
        parser.feed(path.read_text(encoding="utf-8", errors="replace"))
        checked += 1
        rel = path.relative_to(built_site).as_posix()
        problems += [f"{rel}: {p}" for p in sorted(set(parser.problems))]
    assert checked > 200
    assert problems == [], "\n".join(problems[:40])


def test_material_s_scripts_load_from_files(built_site):
    """Material's inline scripts, moved to files (test_intranet_html_validity.py checks that
    Material's originals are still the ones we copied)."""
    page = (built_site / "index.html").read_text()
    assert 'src="assets/vendor/material/md-globals.js" data-md-scope="."' in page
    assert (built_site / "assets/vendor/material/LICENSE.txt").is_file()


@pytest.fixture
def csp_page(browser):
    context = browser.new_context()
    context.add_init_script(CATCH_VIOLATIONS)
    page = context.new_page()
    messages: list[str] = []
    page.on("console", lambda m: messages.append(m.text)
            if "Content Security Policy" in m.text or "Content-Security-Policy" in m.text else None)
    page.on("pageerror", lambda e: messages.append(f"script error: {e}"))
    page.csp_messages = messages
    yield page
    context.close()


def _violations(page) -> list[str]:
    found = []
    for frame in page.frames:
        try:
            found += frame.evaluate("() => window.__cspViolations || []")
        except Exception:  # a frame gone with a navigation
            pass
    return found + list(page.csp_messages)


def test_the_server_sends_the_policy(csp_server):
    import urllib.request

    with urllib.request.urlopen(csp_server) as response:
        assert response.headers["Content-Security-Policy"].startswith("default-src 'self'")


def test_every_kind_of_page_loads_without_a_violation(csp_page, csp_server, sample_pages):
    report = {}
    for kind, url in sample_pages.items():
        csp_page.goto(csp_server + url, wait_until="load")
        csp_page.wait_for_timeout(100)
        # Material's script ran (it swaps no-js for js), and so did ours on step pages.
        assert csp_page.evaluate("document.documentElement.classList.contains('js')"), kind
        if kind in ("question", "outcome"):
            assert csp_page.locator(".kb-copy-link").count() == 1, kind
        problems = _violations(csp_page)
        if problems:
            report[kind] = problems
        csp_page.csp_messages.clear()
    assert report == {}


def test_search_works_under_the_policy(csp_page, csp_server):
    csp_page.goto(csp_server)
    assert run_search(csp_page, "confidentiality") > 0
    first = csp_page.locator(".md-search-result__item a").first.element_handle()
    target = first.evaluate("a => a.href").split("?")[0].split("#")[0]
    first.click()
    csp_page.wait_for_load_state("load")
    assert csp_page.url.split("?")[0].split("#")[0] == target
    assert _violations(csp_page) == []


def test_flowchart_boxes_work_under_the_policy(csp_page, csp_server, sample_pages):
    # The overview draws the flowchart in the page.
    csp_page.goto(csp_server + sample_pages["tree"])
    box = csp_page.locator(".kb-flowchart svg a").first
    box.click()
    csp_page.wait_for_load_state("load")
    assert csp_page.locator("article.kb-step").count() == 1
    # Step pages embed the tree's flowchart.svg: its boxes open the step in the window.
    csp_page.goto(csp_server + sample_pages["question"])
    chart = next((f for f in csp_page.frames if ".svg" in f.url), None)
    if chart is None:  # the flowchart drawn inline
        links = csp_page.locator(".kb-flowchart svg a")
    else:
        chart.wait_for_load_state("load")
        links = chart.locator("a")
    before = csp_page.url
    links.last.click()
    csp_page.wait_for_url(lambda url: url != before)
    csp_page.wait_for_load_state("load")
    assert csp_page.locator("article.kb-step").count() == 1
    assert _violations(csp_page) == []


def test_the_decision_walk_works_under_the_policy(csp_page, csp_server, sample_pages):
    csp_page.goto(csp_server + sample_pages["question"])
    answer = csp_page.locator("a.kb-answer").first
    answer.click()
    csp_page.wait_for_load_state("load")
    assert csp_page.locator("article.kb-step").count() == 1
    assert csp_page.url != csp_server + sample_pages["question"]
    # With the walk's script running, the answers travel in the address and are summarised.
    assert "?" in csp_page.url, "the walk did not add the answers to the answer link"
    assert csp_page.locator("#your-answers").is_visible()
    assert _violations(csp_page) == []


def test_markdown_table_alignment_becomes_classes():
    from build_tools.strict_html import alignment_classes

    html = ('<th style="text-align: right;">n</th><td class="x" style="text-align: center;">1</td>'
            '<td style="color: red">left for the test above to report</td>')
    assert alignment_classes(html) == (
        '<th class="kb-align-right">n</th><td class="kb-align-center x">1</td>'
        '<td style="color: red">left for the test above to report</td>')


def test_aligned_table_cells_keep_their_alignment_under_the_policy(csp_page, csp_server,
                                                                     built_site):
    """Any hand-written page with an aligned Markdown table (none may exist: then nothing to do)."""
    pages = [p for p in built_site.rglob("*.html") if 'class="kb-align-right"' in p.read_text()]
    if not pages:
        pytest.skip("no hand-written page has a right-aligned table column")
    url = csp_server + pages[0].relative_to(built_site).as_posix()
    csp_page.goto(url)
    align = csp_page.locator("td.kb-align-right").first.evaluate("td => getComputedStyle(td).textAlign")
    assert align == "right"
    assert _violations(csp_page) == []
