"""Permanent links: every published URL keeps working (published-urls.txt, redirects.yml).

- Every page of the build is in the manifest (else: run `make urls`).
- The build stops, before writing anything, when a listed URL lost its page without a redirect,
  naming the manifest line; wrong redirects are errors with their line too.
- Redirect pages: meta refresh, canonical link, a plain link, no script, relative URLs.
- "Copy link to this step" on step pages: a keyboard-operable button that copies the address
  and says so to screen readers.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from build_tools.url_manifest import (MANIFEST, REDIRECTS, URL_CODES, check_urls,
                                      handwritten_urls, redirect_pages, relative_href)
from conftest import ROOT, mkdocs_build

FIX = "run `make urls` (python -m build_tools urls --update) and commit published-urls.txt"


def _manifest() -> list[str]:
    lines = (ROOT / MANIFEST).read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


def _built_pages(site: Path) -> set[str]:
    pages = set()
    for index in site.rglob("index.html"):
        if 'http-equiv="refresh"' in index.read_text(encoding="utf-8")[:2000]:
            continue  # a redirect page, not a page
        rel = index.parent.relative_to(site).as_posix()
        pages.add("/" if rel == "." else f"/{rel}/")
    return pages


def test_every_page_of_the_build_is_in_the_manifest(built_site):
    missing = sorted(_built_pages(built_site) - set(_manifest()))
    assert missing == [], (f"{len(missing)} page(s) not yet in {MANIFEST}: {FIX}.\n  "
                           + "\n  ".join(missing[:30]))


def test_every_listed_url_has_a_page_or_a_redirect(built_site):
    redirected = set(check_urls(ROOT, []).redirects)
    gone = sorted(set(_manifest()) - _built_pages(built_site) - redirected)
    assert gone == []
    for old in redirected:
        assert (built_site / old.strip("/") / "index.html").is_file(), old


def test_the_manifest_is_sorted_and_has_no_duplicates():
    urls = _manifest()
    assert urls == sorted(set(urls))
    assert all(u.startswith("/") and u.endswith("/") for u in urls)
    assert "/" in urls and "/decisions/" in urls


def test_url_codes_are_documented():
    guide = (ROOT / "docs" / "guides" / "hosting.md").read_text()
    assert [code for code in URL_CODES if f"### {code}:" not in guide] == []


# ---------------------------------------------------------------- the rules, on a small project

@pytest.fixture
def project(tmp_path):
    root = tmp_path / "p"
    (root / "docs" / "guides").mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Home\n")
    (root / "docs" / "guides" / "emergency.md").write_text("# SOS\n")
    (root / MANIFEST).write_text("# header\n/\n/decisions/\n/decisions/t/\n/guides/emergency/\n")
    return root


GENERATED = ["decisions/", "decisions/t/"]


def test_a_complete_manifest_passes_and_new_pages_are_reported(project):
    check = check_urls(project, GENERATED + ["decisions/t/new-step/"])
    assert check.problems == []
    assert check.unlisted == ["/decisions/t/new-step/"]
    assert handwritten_urls(project / "docs") == {"/", "/guides/emergency/"}


def test_a_page_gone_without_a_redirect_is_an_error_on_its_manifest_line(project):
    check = check_urls(project, ["decisions/"])
    assert [str(p) for p in check.problems] == [
        "published-urls.txt:4:1: U001 /decisions/t/ was published but this build has no page "
        "there: restore the page or add `/decisions/t/: /its/new/url/` to redirects.yml"]


def test_a_redirect_covers_a_page_that_moved(project):
    (project / REDIRECTS).write_text("# moved\n/decisions/t/: /decisions/tree/#start\n")
    check = check_urls(project, ["decisions/", "decisions/tree/"])
    assert check.problems == []
    assert check.redirects == {"/decisions/t/": "/decisions/tree/#start"}


@pytest.mark.parametrize("redirects, expected", [
    ("/decisions/: /guides/emergency/\n", "redirects.yml:1:1: U002 /decisions/ still has a page"),
    ("/decisions/t/: /nowhere/\n", "redirects.yml:1:1: U003 /decisions/t/ redirects to /nowhere/"),
    ("/decisions/t/: decisions/tree\n", "redirects.yml:1:16: U004 'decisions/tree' is not a site URL"),
    ("- /decisions/t/\n", "redirects.yml:1:1: U005 expected lines of `/old/url/: /new/url/`"),
    ("/a/: /b/\n/a/: /c/\n", "redirects.yml:2:1: Y002 duplicate key '/a/'"),
])
def test_wrong_redirects_are_errors_with_their_line(project, redirects, expected):
    (project / REDIRECTS).write_text(redirects)
    problems = [str(p) for p in check_urls(project, GENERATED).problems]
    assert any(p.startswith(expected) for p in problems), problems


def test_a_malformed_manifest_line_is_an_error(project):
    (project / MANIFEST).write_text("/\ndecisions\n/decisions/\n")
    problems = [str(p) for p in check_urls(project, GENERATED).problems]
    assert problems[0].startswith("published-urls.txt:2:1: U004 'decisions' is not a page URL")


def test_redirect_pages_are_small_static_and_relative():
    pages = redirect_pages({"/principles/old/": "/principles/new/",
                            "/decisions/t/": "/#top"}, {"/principles/new/": "New & better"})
    page = pages["principles/old/index.html"]
    assert '<meta http-equiv="refresh" content="0; url=../new/">' in page
    assert '<link rel="canonical" href="../new/">' in page
    assert '<a href="../new/">New &amp; better</a>' in page
    assert "<script" not in page and "style" not in page
    assert 'href="../../#top"' in pages["decisions/t/index.html"]
    assert relative_href("/a/b/", "/") == "../../"


# ---------------------------------------------------------------- the real build and command

def _copy_project(tmp_path) -> Path:
    project = tmp_path / "project"
    project.mkdir()
    for name in ("mkdocs.yml", "docs", "hooks", "overrides", "build_tools", "decision_trees",
                 "knowledge", "schemas", MANIFEST, REDIRECTS, "clinic.example.yml"):
        src = ROOT / name
        if src.exists():
            (shutil.copytree if src.is_dir() else shutil.copy)(src, project / name)
    return project


def test_the_build_stops_before_writing_when_a_published_url_disappears(tmp_path):
    project = _copy_project(tmp_path)
    manifest = project / MANIFEST
    lines = manifest.read_text().splitlines(keepends=True)
    lines.insert(5, "/decisions/a-tree-that-was-renamed/\n")
    manifest.write_text("".join(lines))
    site = tmp_path / "site"
    build = mkdocs_build(project, site)
    assert build.returncode != 0
    assert ("published-urls.txt:6:1: U001 /decisions/a-tree-that-was-renamed/ was published but "
            "this build has no page there") in build.stderr
    assert "Traceback" not in build.stderr
    assert not site.exists(), "a failed build must leave no site behind"


def test_the_urls_command_adds_new_pages_and_keeps_the_rest(tmp_path):
    project = _copy_project(tmp_path)
    manifest = project / MANIFEST
    urls = _manifest()
    kept = [u for u in urls if u not in ("/glossary/", "/sources/")]
    manifest.write_text("# old header\n" + "".join(f"{u}\n" for u in kept + ["/retired/"]))
    (project / REDIRECTS).write_text("/retired/: /glossary/\n")
    check = subprocess.run([sys.executable, "-m", "build_tools", "--root", str(project), "urls"],
                           cwd=ROOT, capture_output=True, text=True)
    assert check.returncode == 1
    assert "/glossary/ is not yet in published-urls.txt" in check.stderr
    assert "make urls" in check.stderr
    update = subprocess.run([sys.executable, "-m", "build_tools", "--root", str(project), "urls",
                             "--update"], cwd=ROOT, capture_output=True, text=True)
    assert update.returncode == 0, update.stderr
    assert "added /glossary/" in update.stdout and "added /sources/" in update.stdout
    written = [line for line in manifest.read_text().splitlines() if not line.startswith("#")]
    assert written == sorted(urls + ["/retired/"])


# ---------------------------------------------------------------- "Copy link to this step"

@pytest.fixture
def clip_page(browser):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    yield page
    context.close()


def test_copy_link_button_copies_the_address_and_announces_it(clip_page, site_server, sample_pages):
    page = clip_page
    for kind in ("question", "outcome"):
        page.goto(site_server + sample_pages[kind] + "#flowchart")
        assert page.locator("p.kb-share + p.kb-step-links").count() == 1, kind
        button = page.locator("p.kb-share button.kb-copy-link")
        assert button.count() == 1, kind
        assert button.inner_text() == "Copy link to this step"
        status = page.locator(".kb-copy-link__status")
        assert status.get_attribute("role") == "status"
        assert status.get_attribute("aria-live") == "polite"
        # Keyboard: reach it with Tab from the element before it, press Enter.
        button.focus()
        assert page.evaluate("document.activeElement.classList.contains('kb-copy-link')")
        page.keyboard.press("Enter")
        page.wait_for_function(
            "() => document.querySelector('.kb-copy-link__status').textContent === 'Link copied'")
        assert page.evaluate("navigator.clipboard.readText()") == page.url
        # Space works too (a real <button>).
        page.evaluate("navigator.clipboard.writeText('')")
        page.keyboard.press("Space")
        page.wait_for_function("async () => (await navigator.clipboard.readText()) !== ''")
        assert page.evaluate("navigator.clipboard.readText()") == page.url


def test_copy_link_stays_on_a_walked_step_and_copies_the_answers(clip_page, site_server,
                                                                 sample_pages):
    page = clip_page
    page.goto(site_server + sample_pages["question"])
    page.locator("a.kb-answer").first.click()
    page.wait_for_load_state("load")
    button = page.locator("button.kb-copy-link")
    assert button.is_visible()
    button.click()
    page.wait_for_function(
        "() => document.querySelector('.kb-copy-link__status').textContent === 'Link copied'")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.url
    assert "?" in copied or page.locator("#your-answers").count() == 0


def test_copy_link_works_without_the_async_clipboard(browser, site_server, sample_pages):
    """Plain http:// on an intranet is not a secure context: no navigator.clipboard there."""
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    context.add_init_script("Object.defineProperty(window, 'isSecureContext', {value: false})")
    page = context.new_page()
    try:
        page.goto(site_server + sample_pages["question"])
        page.locator("button.kb-copy-link").click()
        page.wait_for_function(
            "() => document.querySelector('.kb-copy-link__status').textContent !== ''")
        assert page.locator(".kb-copy-link__status").inner_text() == "Link copied"
        assert page.evaluate("navigator.clipboard.readText()") == page.url
        assert page.locator(".kb-copy-link__buffer").count() == 0
    finally:
        context.close()


def test_no_copy_link_button_on_other_pages(clip_page, site_server, sample_pages):
    for kind in ("home", "tree", "principle"):
        clip_page.goto(site_server + sample_pages[kind])
        assert clip_page.locator(".kb-copy-link").count() == 0, kind
