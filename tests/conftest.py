"""Shared test helpers: the project root, a copy of the minimal fixture, the golden switch."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "minimal"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite the golden files from the current output")


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


@pytest.fixture
def minimal(tmp_path) -> Path:
    """A writable copy of the minimal valid knowledge base."""
    target = tmp_path / "kb"
    shutil.copytree(FIXTURE, target)
    return target


def mkdocs_build(project: Path, site_dir: Path, *, strict: bool = True):
    """Run the real MkDocs build in a subprocess, as `make site` does."""
    import os
    import subprocess

    cmd = [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"),
           "-d", str(site_dir)]
    if strict:
        cmd.append("--strict")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(cmd, cwd=project, capture_output=True, text=True, env=env)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site, built once per test session into a temporary folder."""
    site = tmp_path_factory.mktemp("built") / "site"
    done = mkdocs_build(ROOT, site)
    assert done.returncode == 0, f"site build failed:\n{done.stderr[-5000:]}"
    return site


class _QuietHandler:
    """Static file server for the built site on the loopback interface only."""

    @staticmethod
    def serve(directory: Path, extra_headers: dict[str, str] | None = None):
        import functools
        import http.server
        import threading

        class Handler(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def end_headers(self):
                for key, value in (extra_headers or {}).items():
                    self.send_header(key, value)
                super().end_headers()

        server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(Handler, directory=str(directory)))
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        return server


@pytest.fixture(scope="session")
def site_server(built_site):
    """Base URL of the built site served over HTTP on 127.0.0.1."""
    server = _QuietHandler.serve(built_site)
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (browser downloads are not possible here)."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with playwright_api.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


# ---------------------------------------------------------------- intranet and offline gates
# Shared by tests/test_intranet_*.py: the pages every browser gate loads, the strict CSP
# server, and driving Material's search.

STRICT_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:"


@pytest.fixture(scope="session")
def sample_pages(built_site) -> dict[str, str]:
    """One site-relative URL per kind of page (from the built kb.json, so always current)."""
    import json

    data = json.loads((built_site / "kb.json").read_text(encoding="utf-8"))
    tree = data["trees"][0]
    start = next(n for n in tree["nodes"] if n["id"] == tree["start"])
    outcome = next(n for n in tree["nodes"] if n["kind"] == "outcome")
    return {
        "home": "",
        "principle": data["principles"][0]["url"],
        "tree": tree["url"],
        "question": start["url"],
        "outcome": outcome["url"],
        "sources": "sources/",
        "glossary": "glossary/",
        "where-codes-disagree": "where-codes-disagree/",
        "guide": "guides/how-to-use/",
    }


@pytest.fixture(scope="session")
def csp_server(built_site):
    """The built site served with the strict Content-Security-Policy header on every file."""
    server = _QuietHandler.serve(built_site, {"Content-Security-Policy": STRICT_CSP})
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def run_search(page, query: str, timeout: float = 15000) -> int:
    """Type `query` into Material's search box once its index is ready; returns the number of
    results shown (waits for at least one)."""
    box = page.locator("input.md-search__input")
    if not box.is_visible():
        page.locator("label.md-header__button[for='__search']").click()
    box.click()
    page.wait_for_function(
        "() => !/Initializing/i.test(document.querySelector('.md-search-result__meta').textContent)",
        timeout=timeout)
    page.keyboard.type(query)
    page.wait_for_selector(".md-search-result__item", timeout=timeout)
    page.wait_for_function(  # the results of the whole query, not of its first letters
        "q => document.querySelector('.md-search__input').value === q && "
        "/matching|result/i.test(document.querySelector('.md-search-result__meta').textContent)",
        arg=query, timeout=timeout)
    page.wait_for_timeout(250)
    return page.locator(".md-search-result__item").count()
