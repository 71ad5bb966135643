"""HTML gate: the Nu HTML checker (vnu.jar, npm package vnu-jar) finds no error in the site.

One run over the whole built site (every HTML page and the flowchart SVGs) plus a sample of the redirect pages the build writes for moved URLs: one Java start, about
ten seconds. `make test` installs vnu.jar with `npm ci` (package.json, package-lock.json).
Also here: links to the anchors of the sources page are checked like any other link.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from build_tools.link_check import check_site
from build_tools.url_manifest import write_redirects
from conftest import ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
MATERIAL = Path(__import__("material").__file__).parent / "templates"
# Every Material template that overrides/ replaces with a copy, and the SHA-256 of the original
# it was copied from (mkdocs-material 9.8.1). When an upgrade changes an original, copy it anew,
# re-apply the change that the header of our copy describes, and update the hash here.
PORTED = {
    "base.html": "8536d352b0093623df9e0032894f321cbe264b15a9b48cdd962583772455dadb",
    "partials/nav-item.html": "89895208f22d68ce405a4bcb6649b9150eba5bbb04663a6cb3f93f02daf1d2f7",
    "partials/toc.html": "fde48f583563364b0e0e6865a5ab1e7060ec1826161f69f5cbee653e621b0f84",
    "partials/search.html": "bfd556535abcddb99396ab2a7e3acc2ebcd3f36756007d3969396caa4126be30",
    "partials/javascripts/base.html":
        "d6113712bc4deb30b4bd810ee0dfc28b6f04d2f88cc0016c0f1766eac7b762b6",
    "partials/javascripts/content.html":
        "3722e156f0f6339de39fbbfc178b6e401d1a4fb890f189ac5b80c2504bda7dcf",
}


def _vnu() -> list[str]:
    java = shutil.which("java")
    if java is None or not VNU.is_file():
        pytest.fail("the Nu HTML checker is not installed: run `make test`, or `npm ci "
                    "--ignore-scripts` and install a Java runtime (apt-get install "
                    "default-jre-headless)")
    return [java, "-Xss4m", "-jar", str(VNU)]


def test_every_page_and_svg_is_valid(built_site, tmp_path):
    redirects = tmp_path / "redirect-sample"
    write_redirects(redirects, {"/decisions/old-name/": "/decisions/",
                                "/principles/old/": "/sources/#src-apa-4.01"},
                    {"/decisions/": "Decision trees"})
    done = subprocess.run(
        _vnu() + ["--skip-non-html", "--errors-only", "--also-check-svg", "--format", "json",
                  str(built_site), str(redirects)],
        capture_output=True, text=True, timeout=600)
    report = json.loads(done.stdout or done.stderr)
    errors = [m for m in report["messages"] if m["type"] in ("error", "non-document-error")]
    lines = [f"{m.get('url', '?').replace('file:' + str(built_site), '')}:{m.get('lastLine', '?')}: "
             f"{m['message']}" for m in errors]
    assert lines == [], f"{len(lines)} HTML error(s):\n" + "\n".join(lines[:60])
    pages = len(list(built_site.rglob("*.html")))
    assert pages > 200


def test_material_templates_we_copied_are_unchanged_upstream():
    changed = [name for name, digest in PORTED.items()
               if hashlib.sha256((MATERIAL / name).read_bytes()).hexdigest() != digest]
    assert changed == [], (
        f"mkdocs-material changed {changed}: overrides/ holds copies of the older files. Copy "
        "each anew, re-apply the change its header describes, and update PORTED in this test "
        "(the scripts: see docs/assets/vendor/material/NOTICE.txt)")
    missing = [name for name in PORTED if not (ROOT / "overrides" / name).is_file()]
    assert missing == []


def test_links_to_source_anchors_are_checked(tmp_path):
    site = tmp_path / "site"
    (site / "sources").mkdir(parents=True)
    (site / "principles" / "p").mkdir(parents=True)
    (site / "sources" / "index.html").write_text('<dt id="src-apa-4.01">APA 4.01</dt>')
    (site / "principles" / "p" / "index.html").write_text(
        '<a href="../../sources/#src-apa-4.01">ok</a> <a href="../../sources/#src-apa-9.99">bad</a>')
    checked, broken = check_site(site)
    assert checked == 2
    assert [str(b) for b in broken] == [
        "principles/p/index.html: ../../sources/#src-apa-9.99 (no element with id 'src-apa-9.99')"]


def test_the_real_site_links_to_source_anchors_that_exist(built_site):
    """Every `sources/#src-...` link of every page names a source on the sources page."""
    import re

    ids = set(re.findall(r'id="(src-[^"]+)"', (built_site / "sources/index.html").read_text()))
    cited = set()
    for page in built_site.rglob("*.html"):
        cited |= set(re.findall(r'sources/(?:index\.html)?#(src-[^"]+)"', page.read_text()))
    assert len(cited) > 50
    assert sorted(cited - ids) == []
