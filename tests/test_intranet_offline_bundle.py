"""The offline copy (site/downloads/offline.zip) works opened from the file system.

Built once per module from the session's built site, as `make site` does
(build_tools/offline_bundle.py: a second MkDocs build with the offline plugin, links rewritten
to name files, zipped reproducibly). Then unzipped and opened through file:// in Chromium:
pages, a flowchart box, the decision walk and search.
"""

from __future__ import annotations

import json
import re
import zipfile

import pytest

from build_tools.offline_bundle import FOLDER, OfflineBuildError, link_files, make_offline_zip, \
    write_zip
from conftest import ROOT, run_search


@pytest.fixture(scope="module")
def offline(built_site, tmp_path_factory):
    out = tmp_path_factory.mktemp("offline")
    archive = make_offline_zip(ROOT, built_site, out / "offline.zip")
    with zipfile.ZipFile(archive) as z:
        z.extractall(out / "unzipped")
    return archive, out / "unzipped" / FOLDER


@pytest.fixture
def file_page(browser):
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.script_errors, page.requests = errors, requests
    yield page
    context.close()


def _is_step_page(page) -> bool:
    return page.locator("article.kb-step").count() == 1


def test_the_zip_holds_one_folder_with_the_whole_site(offline):
    archive, folder = offline
    with zipfile.ZipFile(archive) as z:
        names = z.namelist()
        infos = z.infolist()
    assert names == sorted(names)
    assert {n.split("/")[0] for n in names} == {FOLDER}
    assert {i.date_time for i in infos} == {infos[0].date_time}
    for needed in ("index.html", "README.txt", "kb.json", "search/search_index.js",
                   "assets/vendor/iframe-worker/shim.js", "assets/vendor/iframe-worker/LICENSE.txt",
                   "sources/index.html", "guides/emergency.html"):
        assert f"{FOLDER}/{needed}" in names, needed
    for dropped in ("404.html", "sitemap.xml", "sitemap.xml.gz", "downloads/offline.zip"):
        assert f"{FOLDER}/{dropped}" not in names, dropped
    pages = [n for n in names if n.endswith(".html")]
    assert len(pages) > 200


def test_every_page_loads_the_vendored_shim_and_nothing_from_a_cdn(offline):
    _, folder = offline
    loads_from_elsewhere = re.compile(r'<(?:script|link|img|iframe|object)\b[^>]*?\s'
                                      r'(?:src|href|data)="(?:https?:)?//', re.I)
    for page in folder.rglob("*.html"):
        text = page.read_text()
        assert "unpkg.com" not in text, page
        assert not loads_from_elsewhere.search(text), page
    home = (folder / "index.html").read_text()
    assert '<script src="assets/vendor/iframe-worker/shim.js"></script>' in home


def test_the_site_itself_does_not_load_the_shim(built_site):
    assert "iframe-worker" not in (built_site / "index.html").read_text()


def test_the_vendored_shim_is_the_npm_package_s(offline):
    """docs/assets/vendor/iframe-worker/shim.js is an exact copy of the version in package-lock."""
    lock = json.loads((ROOT / "package-lock.json").read_text())
    version = lock["packages"]["node_modules/iframe-worker"]["version"]
    notice = (ROOT / "docs/assets/vendor/iframe-worker/NOTICE.txt").read_text()
    assert f"iframe-worker {version}" in notice
    installed = ROOT / "node_modules/iframe-worker/shim/index.js"
    if not installed.is_file():
        pytest.fail("node_modules is missing: run `make test` (npm ci --ignore-scripts)")
    vendored = ROOT / "docs/assets/vendor/iframe-worker/shim.js"
    assert vendored.read_bytes() == installed.read_bytes()


def test_pages_links_flowchart_and_walk_work_from_the_file_system(offline, file_page):
    _, folder = offline
    page = file_page
    page.goto((folder / "index.html").as_uri())
    assert page.title()
    # Home -> the first tree (a link the renderer wrote as a directory, rewritten to a file).
    page.locator(".kb-index a").first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/index.html"), page.url
    assert page.locator("article.kb-tree").count() == 1
    # Start -> the first question.
    page.locator("a.kb-start").click()
    page.wait_for_load_state("load")
    assert _is_step_page(page), page.url
    start_url = page.url
    # A box of the flowchart (embedded flowchart.svg, or drawn in the page).
    chart = next((f for f in page.frames if ".svg" in f.url), None)
    links = chart.locator("a") if chart is not None else page.locator(".kb-flowchart svg a")
    if chart is not None:
        chart.wait_for_load_state("load")
    links.last.click()
    page.wait_for_url(lambda url: url != start_url)
    page.wait_for_load_state("load")
    assert _is_step_page(page), page.url
    # An answer of the decision walk.
    page.goto(start_url)
    page.locator("a.kb-answer").first.click()
    page.wait_for_load_state("load")
    assert _is_step_page(page), page.url
    assert page.url.split("?")[0].endswith("/index.html")
    assert page.script_errors == []
    assert [u for u in page.requests if not u.startswith("file:")] == []


def test_the_walk_s_answers_summary_and_change_links_work_from_the_file_system(offline, file_page):
    """The walk keeps the answers in the address; its summary links back to each question."""
    _, folder = offline
    page = file_page
    page.goto((folder / "index.html").as_uri())
    page.locator(".kb-index a").first.click()
    page.locator("a.kb-start").click()
    page.wait_for_load_state("load")
    page.locator("a.kb-answer").first.click()
    page.wait_for_load_state("load")
    assert "?" in page.url, "the walk did not carry the answer in the address"
    assert page.locator("#your-answers").is_visible()
    for link in page.locator("#your-answers a").all():
        href = link.get_attribute("href")
        target = href.split("?")[0].split("#")[0]
        assert target.endswith(".html"), (
            f"the walk's link {href} names a folder: from file:// it opens a folder listing, "
            "not the step (step links must end in index.html when the page's own does)")
    page.locator("#your-answers a.kb-change").first.click()
    page.wait_for_load_state("load")
    assert _is_step_page(page), page.url
    assert page.script_errors == []


def test_search_works_from_the_file_system(offline, file_page):
    _, folder = offline
    page = file_page
    page.goto((folder / "index.html").as_uri())
    assert run_search(page, "interpreter") > 0
    first = page.locator(".md-search-result__item a").first
    first.click()
    page.wait_for_load_state("load")
    assert page.url.startswith((folder).as_uri())
    assert page.locator("article h1, article.kb-step, article.kb-tree").count() >= 1, page.url
    assert page.script_errors == []
    assert [u for u in page.requests if not u.startswith("file:")] == []


def test_links_are_rewritten_to_files_and_broken_ones_are_reported(tmp_path):
    site = tmp_path / "site"
    for rel in ("index.html", "decisions/t/index.html", "decisions/t/q1/index.html",
                "guides/emergency.html"):
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text("<p>page</p>")
    (site / "decisions/t/flowchart.svg").write_text(
        '<svg xmlns:xlink="http://www.w3.org/1999/xlink"><a xlink:href="q1/"><text>q</text></a></svg>')
    (site / "decisions/t/q1/index.html").write_text(
        '<a href="../">tree</a> <a href="../../../guides/emergency/#now">sos</a> '
        '<a href="../../../">home</a> <a href="https://example.org/">out</a> <a href="#top">top</a>'
        '<object data="../flowchart.svg#fc-q1"></object>')
    assert link_files(site) == 4
    assert (site / "decisions/t/q1/index.html").read_text() == (
        '<a href="../index.html">tree</a> <a href="../../../guides/emergency.html#now">sos</a> '
        '<a href="../../../index.html">home</a> <a href="https://example.org/">out</a> '
        '<a href="#top">top</a><object data="../flowchart.svg#fc-q1"></object>')
    assert 'xlink:href="q1/index.html"' in (site / "decisions/t/flowchart.svg").read_text()
    (site / "index.html").write_text('<a href="decisions/gone/">gone</a>')
    with pytest.raises(OfflineBuildError, match="index.html: decisions/gone/"):
        link_files(site)


def test_the_zip_is_the_same_whatever_the_files_dates(tmp_path, monkeypatch):
    import os

    folder = tmp_path / "f"
    (folder / "b").mkdir(parents=True)
    (folder / "b" / "x.html").write_text("x")
    (folder / "a.txt").write_text("a")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = write_zip(folder, tmp_path / "1.zip").read_bytes()
    os.utime(folder / "a.txt", (1, 1))
    second = write_zip(folder, tmp_path / "2.zip").read_bytes()
    assert first == second
    with zipfile.ZipFile(tmp_path / "1.zip") as z:
        assert z.namelist() == [f"{FOLDER}/a.txt", f"{FOLDER}/b/x.html"]
        assert z.infolist()[0].date_time == (2023, 11, 14, 22, 13, 20)
