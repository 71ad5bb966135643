"""End to end: the real MkDocs build, its pages, its links, and a build that must fail."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import jsonschema
import pytest

from build_tools.knowledge_base import Layout, load_and_validate
from build_tools.link_check import check_site
from conftest import ROOT, mkdocs_build


@pytest.fixture(scope="module")
def kb():
    kb, _ = load_and_validate(Layout(ROOT))
    return kb


def test_every_generated_page_exists(built_site, kb):
    expected = ["principles/index.html", "decisions/index.html", "sources/index.html"]
    expected += [f"principles/{pid}/index.html" for pid in kb.principles]
    for tree in kb.trees.values():
        expected.append(f"decisions/{tree.id}/index.html")
        expected += [f"decisions/{tree.id}/{nid}/index.html" for nid in tree.nodes]
    missing = [p for p in expected if not (built_site / p).is_file()]
    assert missing == []


def test_every_internal_link_resolves(built_site):
    checked, broken = check_site(built_site)
    assert [str(b) for b in broken] == []
    assert checked > 1000


def test_flowchart_boxes_link_to_built_step_pages(built_site, kb):
    tree = next(iter(kb.trees.values()))
    html = (built_site / f"decisions/{tree.id}/index.html").read_text()
    svg_links = re.findall(r'xlink:href="([^"]+)"', html)
    assert sorted(svg_links) == sorted(f"{nid}/" for nid in tree.nodes)
    for href in svg_links:
        assert (built_site / f"decisions/{tree.id}" / href / "index.html").is_file()


def test_step_pages_embed_the_trees_flowchart_file_with_their_node_marked(built_site, kb):
    tree = next(iter(kb.trees.values()))
    svg = (built_site / f"decisions/{tree.id}/flowchart.svg").read_text()
    assert sorted(re.findall(r'xlink:href="([^"]+)"', svg)) == sorted(f"{nid}/" for nid in tree.nodes)
    for nid in tree.nodes:
        page = (built_site / f"decisions/{tree.id}/{nid}/index.html").read_text()
        assert f'data="../flowchart.svg#fc-{nid}"' in page
        assert f'id="fc-{nid}"' in svg


def test_step_pages_stay_out_of_the_navigation(built_site, kb):
    tree = next(iter(kb.trees.values()))
    page = (built_site / f"decisions/{tree.id}/{tree.start}/index.html").read_text()
    nav = page[page.index('<nav class="md-nav md-nav--primary"'):page.index("</nav>", page.index('<nav class="md-nav md-nav--primary"'))]
    assert f"{tree.id}/{tree.start}/" not in nav
    assert "decisions/" in nav or "../../" in nav


def test_answers_are_plain_links_that_work_without_javascript(built_site, kb):
    tree = next(iter(kb.trees.values()))
    page = (built_site / f"decisions/{tree.id}/{tree.start}/index.html").read_text()
    node = tree.nodes[tree.start]
    for answer in node.answers:
        assert f'href="../{answer.next}/"' in page


def test_search_index_finds_principles_trees_questions_and_outcomes(built_site, kb):
    index = json.loads((built_site / "search/search_index.json").read_text())
    locations = {doc["location"] for doc in index["docs"]}
    tree = next(iter(kb.trees.values()))
    outcome = next(nid for nid, n in tree.nodes.items() if n.kind == "outcome")
    principle = next(iter(kb.principles))
    for loc in (f"principles/{principle}/", f"decisions/{tree.id}/",
                f"decisions/{tree.id}/{tree.start}/", f"decisions/{tree.id}/{outcome}/"):
        assert loc in locations


def test_kb_json_matches_its_schema(built_site, kb):
    data = json.loads((built_site / "kb.json").read_text())
    schema = json.loads((ROOT / "schemas" / "kb-export.schema.json").read_text())
    jsonschema.validate(data, schema)
    assert {t["id"] for t in data["trees"]} == set(kb.trees)
    node = data["trees"][0]["nodes"][0]
    assert node["url"] == f"decisions/{data['trees'][0]['id']}/{node['id']}/"


def _copy_project(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    for name in ("mkdocs.yml", "docs", "hooks", "overrides", "build_tools", "decision_trees",
                 "knowledge", "schemas"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, project / name)
    return project


def test_a_dangling_next_fails_validate_and_build_with_the_changed_line(tmp_path):
    project = _copy_project(tmp_path)
    tree_file = sorted((project / "decision_trees").glob("*.yaml"))[0]
    lines = tree_file.read_text().splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines) if line.strip().startswith("next:"))
    indent = lines[number].index("next:")
    lines[number] = lines[number][:indent] + "next: no-such-node\n"
    tree_file.write_text("".join(lines))
    expected = (f"decision_trees/{tree_file.name}:{number + 1}:{indent + 7}: R002 ")

    validate = subprocess.run([sys.executable, "-m", "build_tools", "--root", str(project),
                               "validate"], cwd=ROOT, capture_output=True, text=True)
    assert validate.returncode == 1
    assert expected in validate.stderr
    assert "Traceback" not in validate.stderr

    site = tmp_path / "site"
    build = mkdocs_build(project, site)
    assert build.returncode != 0
    assert expected in build.stderr
    assert "Traceback" not in build.stderr
    assert not site.exists(), "a failed build must leave no site behind"


def test_kb_json_holds_the_whole_knowledge_base(built_site):
    data = json.loads((built_site / "kb.json").read_text())
    counts = {key: len(data[key]) for key in
              ("principles", "trees", "sources", "glossary", "cases", "disagreements")}
    assert counts["principles"] >= 18
    assert counts["trees"] >= 8
    assert counts["sources"] >= 50
    assert counts["glossary"] >= 30
    assert counts["cases"] >= 24
    assert counts["disagreements"] >= 7


def test_glossary_abbreviations_are_focusable_tooltips(built_site):
    guide = (built_site / "guides" / "ethical-decision-making" / "index.html").read_text()
    principle = (built_site / "principles" / "supervision-and-consultation" / "index.html").read_text()
    for html in (guide, principle):
        abbrs = re.findall(r"<abbr[^>]*>", html)
        assert abbrs, "expected at least one glossary abbreviation"
        assert all('tabindex="0"' in a and "title=" in a for a in abbrs)


def test_every_consult_outcome_links_to_the_decision_making_guide(built_site, kb):
    for tree in kb.trees.values():
        for nid, node in tree.nodes.items():
            if node.kind == "outcome" and node.verdict.value == "consult":
                page = (built_site / f"decisions/{tree.id}/{nid}/index.html").read_text()
                assert 'href="../../../guides/ethical-decision-making/"' in page


def test_every_page_offers_the_emergency_shortcut(built_site):
    for page in list(built_site.rglob("index.html"))[:400]:
        html = page.read_text()
        assert "Danger to self or others?" in html, page


def test_search_index_leaves_out_repeated_blocks_and_stays_under_1_mb(built_site):
    path = built_site / "search" / "search_index.json"
    assert path.stat().st_size <= 1_000_000
    steps = [doc for doc in json.loads(path.read_text())["docs"]
             if doc["location"].startswith("decisions/") and doc["location"].count("/") >= 3]
    assert steps
    # hidden without JavaScript and repeated on every outcome: not worth indexing 184 times
    assert not [d for d in steps if "#decision-record" in d["location"]]
    assert not [d for d in steps if "educational, not legal advice" in d["text"]]
