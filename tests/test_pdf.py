"""The PDF handbook and the per-tree PDFs: content, outline, page numbers, links, metadata,
reproducibility. The real handbook is rendered once for this module (about 20 s); the PDFs
are read back with poppler's `pdftotext` and `pdftohtml -xml` (make browser-system)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from build_tools.clinic import load_clinic
from build_tools.flowchart import Box, build_flowchart
from build_tools.knowledge_base import Layout, load_and_validate
from build_tools.pdf_handbook import HandbookBuilder, content_date
from build_tools.pdf_render import PdfReport, pdf_wanted, render_documents, write_pdfs
from build_tools.print_layout import MIN_SCALE, Window, cut_axis, plan_flowchart
from build_tools.tree_paths import step_numbers
from conftest import ROOT

pytestmark = pytest.mark.skipif(
    not (shutil.which("pdftotext") and shutil.which("pdftohtml") and shutil.which("pdfinfo")),
    reason="poppler-utils is needed to read the PDFs back (make browser-system installs it)")

SPACES = re.compile(r"\s+")  # also no-break and figure spaces


def squash(text: str) -> str:
    return SPACES.sub(" ", text).strip()


# ------------------------------------------------------------ reading a PDF back


@dataclass
class Link:
    page: int  # where the link is
    target: int  # the page it goes to
    text: str
    badge: bool  # a step number on a flowchart box


class ReadPdf:
    """Text per page, links and outline of a PDF, as poppler sees them."""

    def __init__(self, path: Path):
        self.path = path
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                              check=True).stdout
        self.pages = text.split("\f")  # pages[0] is page 1
        xml = subprocess.run(["pdftohtml", "-xml", "-i", "-stdout", str(path)],
                             capture_output=True, text=True, check=True).stdout
        root = ET.fromstring(xml[xml.index("<pdf2xml"):])
        # Fonts are declared once, on the page that first uses them; white is a badge's.
        white = {f.get("id") for f in root.iter("fontspec") if f.get("color") == "#ffffff"}
        self.links: list[Link] = []
        for page in root.iter("page"):
            for text_el in page.iter("text"):
                for a in text_el.iter("a"):
                    target = re.search(r"#(\d+)$", a.get("href", ""))
                    if target:
                        words = "".join(a.itertext())
                        self.links.append(Link(int(page.get("number")), int(target.group(1)),
                                               words, text_el.get("font") in white
                                               and words.strip().isdigit()))
        self.outline: list[tuple[int, str, int]] = []  # (level, title, page)

        def walk(node, level):
            for child in node:
                if child.tag == "item":
                    self.outline.append((level, squash("".join(child.itertext())),
                                         int(child.get("page"))))
                elif child.tag == "outline":
                    walk(child, level + 1)

        top = root.find("outline")
        if top is not None:
            walk(top, 1)

    def info(self) -> dict[str, str]:
        done = subprocess.run(["pdfinfo", str(self.path)], capture_output=True, text=True,
                              check=True)
        return dict(line.split(":", 1) for line in done.stdout.splitlines() if ":" in line)

    def tree_sections(self, titles: list[str]) -> dict[str, dict]:
        """Per tree: its first page, flowchart page, the page of each step, its last page."""
        sections = {}
        items = self.outline
        for i, (level, title, page) in enumerate(items):
            if title not in titles or level != 2:
                continue
            steps, flowchart, end = {}, None, None
            for sub_level, sub_title, sub_page in items[i + 1:]:
                if sub_level <= 2:
                    end = sub_page
                    break
                if sub_title == "Flowchart":
                    flowchart = sub_page
                found = re.match(r"Step (\d+):", sub_title)
                if found:
                    steps[int(found.group(1))] = sub_page
            sections[title] = {"start": page, "flowchart": flowchart, "steps": steps,
                               "end": end or len(self.pages)}
        return sections


def raw_pdf_text(path: Path) -> bytes:
    """Every stream of the file, inflated, plus the file itself: to look for PDF keys."""
    data = path.read_bytes()
    out = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
        try:
            out.append(zlib.decompressobj().decompress(match.group(1)))
        except zlib.error:
            pass
    return b"\n".join(out)


# ------------------------------------------------------------ fixtures


@pytest.fixture(scope="module")
def kb():
    kb, diagnostics = load_and_validate(Layout(ROOT))
    assert not [d for d in diagnostics if not d.is_warning]
    return kb


@pytest.fixture(scope="module")
def first_tree(kb):
    return next(iter(kb.trees.values()))


@pytest.fixture(scope="module")
def rendered(kb, first_tree, tmp_path_factory) -> PdfReport:
    """The real handbook and one tree's PDF, rendered once, in parallel, without the cache."""
    out = tmp_path_factory.mktemp("pdf")
    lines: list[str] = []
    report = write_pdfs(kb, out, tree_ids=[first_tree.id], cache_dir=None, progress=lines.append)
    report.lines = lines
    return report


@pytest.fixture(scope="module")
def handbook(rendered) -> ReadPdf:
    return ReadPdf(next(r.path for r in rendered.results if r.name == "handbook"))


@pytest.fixture(scope="module")
def booklet(rendered, first_tree) -> ReadPdf:
    return ReadPdf(next(r.path for r in rendered.results if r.name == first_tree.id))


# ------------------------------------------------------------ the build


def test_the_build_reports_progress_time_and_pages(rendered, first_tree):
    assert {p.name for p in (r.path for r in rendered.results)} == {
        "handbook.pdf", f"{first_tree.id}.pdf"}
    assert rendered.warnings == []  # WeasyPrint's warnings and unresolved links
    handbook = next(r for r in rendered.results if r.name == "handbook")
    assert handbook.pages > 50 and handbook.seconds > 0
    # Page numbers settle in the first layout, or the second: never the slow path.
    assert all(r.passes <= 2 for r in rendered.results)
    assert any("handbook.pdf:" in line and "pages in" in line for line in rendered.lines)
    assert "pages in" in rendered.lines[-1]


def test_ids_are_unique_and_every_reference_has_a_target(kb):
    html = HandbookBuilder(kb).handbook().html
    ids = Counter(re.findall(r'\sid="([^"]+)"', html))
    assert [i for i, n in ids.items() if n > 1] == []
    targets = set(re.findall(r'<a class="(?:xref|toc)" href="#([^"]+)"', html))
    assert targets and targets <= set(ids)


# ------------------------------------------------------------ content and navigation


def test_every_principle_and_tree_title_is_in_the_handbook(handbook, kb):
    text = squash(" ".join(handbook.pages))
    missing = [t for t in [p.title for p in kb.principles.values()]
               + [t.title for t in kb.trees.values()] if squash(t) not in text]
    assert missing == []


def test_the_outline_has_every_chapter_principle_tree_and_step(handbook, kb):
    entries = Counter((level, title) for level, title, _ in handbook.outline)
    for chapter in ("About this handbook", "Contents", "Principles", "Decision trees",
                    "Sources", "Glossary"):
        assert entries[(1, chapter)] == 1, chapter
    for p in kb.principles.values():
        assert entries[(2, squash(p.title))] >= 1, p.title
    sections = handbook.tree_sections([squash(t.title) for t in kb.trees.values()])
    assert set(sections) == {squash(t.title) for t in kb.trees.values()}
    for tree in kb.trees.values():
        assert set(sections[squash(tree.title)]["steps"]) == set(step_numbers(tree).values())


def test_each_answer_names_the_page_where_its_step_is_printed(handbook, kb):
    sections = handbook.tree_sections([squash(t.title) for t in kb.trees.values()])
    checked = 0
    for tree in kb.trees.values():
        section = sections[squash(tree.title)]
        for page in range(section["start"], section["end"] + 1):
            text = squash(handbook.pages[page - 1])
            for step, printed in re.findall(r"→ step (\d+) \(p\. (\d+)\)", text):
                assert int(printed) == section["steps"][int(step)], (tree.id, page, step)
                checked += 1
    answers = sum(len(n.answers) for t in kb.trees.values() for n in t.nodes.values()
                  if n.kind == "question")
    assert checked >= answers  # every answer, and the routes of the worked examples


def test_every_page_number_is_a_link_to_that_page(handbook):
    numbered = [link for link in handbook.links if re.search(r"\(p\. ?\d+\)", squash(link.text))]
    assert len(numbered) > 1000
    wrong = [(link.page, link.text) for link in numbered
             if int(re.search(r"\(p\. ?(\d+)\)", squash(link.text)).group(1)) != link.target]
    assert wrong == []


def test_contents_entries_give_the_page_of_each_chapter(handbook):
    contents = squash(handbook.pages[2])
    for level, title, page in handbook.outline:
        if level == 1 and title != "Contents":
            assert re.search(re.escape(title) + r"[ .]*" + str(page) + r"\b", contents), title


def test_flowchart_boxes_link_to_their_steps(handbook, kb):
    sections = handbook.tree_sections([squash(t.title) for t in kb.trees.values()])
    for tree in kb.trees.values():
        section = sections[squash(tree.title)]
        last_chart_page = min(section["steps"].values())
        badges = [link for link in handbook.links if link.badge
                  and section["flowchart"] <= link.page <= last_chart_page]
        assert {int(b.text) for b in badges} == set(step_numbers(tree).values()), tree.id
        assert all(b.target == section["steps"][int(b.text)] for b in badges), tree.id


def test_a_tree_pdf_is_complete_on_its_own(booklet, first_tree):
    section = booklet.tree_sections([squash(first_tree.title)])[squash(first_tree.title)]
    assert set(section["steps"]) == set(step_numbers(first_tree).values())
    numbered = [link for link in booklet.links if re.search(r"\(p\. ?\d+\)", squash(link.text))]
    assert numbered and all(
        int(re.search(r"\(p\. ?(\d+)\)", squash(link.text)).group(1)) == link.target
        for link in numbered)


def test_metadata_tags_and_dates_come_from_the_content(handbook, kb):
    info = {k: v.strip() for k, v in handbook.info().items()}
    assert info["Title"] == "Therapy Ethics Decisions: the handbook"
    assert info["Tagged"] == "yes"
    date = content_date([p.review for p in kb.principles.values()]
                        + [t.review for t in kb.trees.values()])
    assert re.search(rf"{date:%b}\s+{date.day}\s.*{date.year}", info["CreationDate"])
    assert info["CreationDate"] == info["ModDate"]
    raw = raw_pdf_text(handbook.path)
    assert b"/Lang (en)" in raw
    assert b"/StructTreeRoot" in raw


# ------------------------------------------------------------ reproducible


def test_two_builds_give_the_same_bytes(tmp_path, rendered, kb, first_tree, minimal):
    # The real tree's PDF again, alone and in this process.
    again = render_documents([HandbookBuilder(kb).tree_booklet(first_tree.id)],
                             tmp_path / "again", workers=1)
    first = next(r.path for r in rendered.results if r.name == first_tree.id)
    assert again.results[0].path.read_bytes() == first.read_bytes()
    # The whole minimal knowledge base, twice.
    small, _ = load_and_validate(Layout(minimal))
    builds = [write_pdfs(small, tmp_path / name, cache_dir=None, workers=1) for name in "ab"]
    for a, b in zip(*(build.results for build in builds)):
        assert a.path.read_bytes() == b.path.read_bytes()


# ------------------------------------------------------------ flowcharts on paper


def test_flowcharts_are_printed_legibly_and_whole(kb):
    for tree in kb.trees.values():
        chart = build_flowchart(tree, ROOT / ".cache" / "flowcharts")
        plan = plan_flowchart(chart)
        assert plan.scale >= MIN_SCALE and plan.smallest_font >= 6.5
        for part in plan.parts:
            assert part.width * plan.scale <= plan.area.width + 0.5
            assert part.height * plan.scale <= plan.area.drawing_height + 0.5
        for nid, box in chart.boxes.items():  # every box is whole in some part
            assert any(part.holds(box) for part in plan.parts), (tree.id, nid)


def test_cut_axis_covers_everything_and_keeps_boxes_whole():
    spans = [(x, x + 150) for x in range(0, 2000, 170)] + [(60, 300), (900, 1150)]
    windows = cut_axis(spans, 2100, 700)
    assert windows[0][0] == 0 and windows[-1][1] == 2100
    assert all(b - a <= 700.5 for a, b in windows)
    assert all(a2 <= b1 for (_, b1), (a2, _) in zip(windows, windows[1:]))  # no gaps
    for left, right in spans:
        assert any(a <= left and right <= b for a, b in windows)
    assert cut_axis(spans, 500, 700) == [(0.0, 500)]
    assert Window(0, 0, 10, 10).clip(Box(20, 20, 5, 5)) is None
    assert Window(0, 0, 10, 10).clip(Box(5, 5, 10, 10)) == Box(5, 5, 5, 5)


# ------------------------------------------------------------ switches, command line, clinic


def test_the_site_build_writes_pdfs_unless_switched_off():
    assert pdf_wanted({}, {})
    assert not pdf_wanted({}, {"KB_SKIP_PDF": "1"})
    assert pdf_wanted({}, {"KB_SKIP_PDF": "0"})
    assert not pdf_wanted({"handbook_pdf": False}, {})
    assert not pdf_wanted({}, {"KB_PDF": "0"})


def test_command_line_builds_a_subset_and_rejects_unknown_trees(minimal, tmp_path):
    env = {**os.environ, "KB_CLINIC_FILE": ""}
    run = [sys.executable, "-m", "build_tools", "--root", str(minimal), "pdf", "--no-cache"]
    done = subprocess.run(run + ["--out", str(tmp_path / "a"), "--no-handbook", "--tree",
                                 "peer-consultation"],
                          cwd=ROOT, capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["peer-consultation.pdf"]
    assert "peer-consultation.pdf:" in done.stdout and "pages in" in done.stdout
    done = subprocess.run(run + ["--out", str(tmp_path / "b"), "--tree", "no-such-tree"],
                          cwd=ROOT, capture_output=True, text=True, env=env)
    assert done.returncode == 2 and "no such tree: no-such-tree" in done.stderr


def test_the_clinic_edition_prints_the_clinics_page(minimal):
    clinic, problems = load_clinic(ROOT / "clinic.example.yml", ROOT)
    assert problems == [] and clinic is not None
    small, _ = load_and_validate(Layout(minimal))
    html = HandbookBuilder(small, clinic=clinic).handbook().html
    assert f"Edition for {clinic.name}" in html
    assert 'id="your-clinic"' in html and 'href="#your-clinic"' in html
    assert 'id="your-clinic"' not in HandbookBuilder(small).handbook().html
