"""Graphviz flowcharts: one `dot` run per tree, cached by content hash.

The SVG is made once with placeholder links (`kbnode:<id>`) and node ids (`fc-<id>`);
each page then sets its own link prefix and marks its own node, so a tree with twenty
steps costs one Graphviz run, not twenty-one. A rebuild with unchanged trees costs none.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import textwrap
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import graphviz

from . import models as m

LINK_PLACEHOLDER = "kbnode:"
# Fill colours: light enough for black text at WCAG AA; the verdict is also written in
# the box, so colour is never the only cue.
VERDICT_FILL = {
    m.Verdict.required: "#cfe0fc",
    m.Verdict.permitted: "#cdeccd",
    m.Verdict.permitted_with_conditions: "#e4f1c0",
    m.Verdict.not_permitted: "#f7cccc",
    m.Verdict.consult: "#fbe7b0",
    m.Verdict.urgent: "#f2a7a7",
}


class GraphvizMissing(RuntimeError):
    pass


@dataclass(frozen=True)
class Box:
    x: float  # left, in SVG user units from the top-left of the drawing
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Flowchart:
    svg: str  # with placeholders; use `for_page`
    width: float  # points
    height: float
    boxes: dict[str, Box]

    def standalone(self, stylesheet_href: str) -> str:
        """The SVG as its own file beside the tree's pages (`decisions/<tree>/flowchart.svg`).

        Step pages embed this one file with <object> instead of inlining the drawing, so a
        browser fetches it once per tree and each step page stays small. The external
        stylesheet marks the step named in the URL fragment (`#fc-<node>`) via :target.
        """
        return (f'<?xml version="1.0" encoding="UTF-8"?>\n'
                f'<?xml-stylesheet href="{stylesheet_href}" type="text/css"?>\n'
                + self.svg.replace(LINK_PLACEHOLDER, ""))

    def for_page(self, link_prefix: str, current: str | None = None) -> str:
        """The SVG with links relative to the page and the current node marked."""
        svg = self.svg.replace(LINK_PLACEHOLDER, link_prefix)
        if current:
            svg = svg.replace(f'id="fc-{current}" class="node', f'id="fc-{current}" class="node kb-current', 1)
        return svg


# Counts real Graphviz runs (the benchmark reports runs on a rebuild: it should be 0).
RUNS = {"count": 0}


def _wrap(text: str, width: int = 26) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


def dot_source(tree: m.DecisionTree) -> str:
    g = graphviz.Digraph(tree.id, graph_attr={
        "rankdir": "TB", "nodesep": "0.25", "ranksep": "0.35", "bgcolor": "transparent",
        "fontname": "Helvetica", "pad": "0.1",
    })
    g.attr("node", fontname="Helvetica", fontsize="11", margin="0.12,0.06", penwidth="1.2",
           color="#1f2937", fontcolor="#111111")
    g.attr("edge", fontname="Helvetica", fontsize="10", color="#4b5563", fontcolor="#111111",
           arrowsize="0.7")
    for nid, node in tree.nodes.items():
        common = {"id": f"fc-{nid}", "URL": f"{LINK_PLACEHOLDER}{nid}/", "target": "_top"}
        if isinstance(node, m.QuestionNode):
            g.node(nid, _wrap(node.text), shape="box", style="rounded,filled",
                   fillcolor="#ffffff", tooltip=node.text, **common)
        else:
            label = f"{node.verdict.label.upper()}\n{_wrap(node.headline)}"
            g.node(nid, label, shape="box", style="filled", fillcolor=VERDICT_FILL[node.verdict],
                   penwidth="2.4" if node.verdict is m.Verdict.urgent else "1.2",
                   tooltip=f"{node.verdict.label}: {node.headline}", **common)
    for nid, node in tree.nodes.items():
        if isinstance(node, m.QuestionNode):
            for i, answer in enumerate(node.answers):
                g.edge(nid, answer.next, label=_wrap(answer.label, 22), id=f"fce-{nid}-{i}")
    return g.source


@lru_cache(maxsize=1)
def graphviz_version() -> str:
    try:
        done = subprocess.run(["dot", "-V"], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        raise GraphvizMissing(
            "Graphviz's `dot` was not found. Install it (Debian/Ubuntu: apt-get install graphviz; "
            "macOS: brew install graphviz) or run `make site`, which installs it.") from exc
    return done.stderr.strip()


class GraphvizFailed(RuntimeError):
    pass


def _run_dot(source: str) -> str:
    RUNS["count"] += 1
    done = subprocess.run(["dot", "-Tsvg"], input=source.encode(), capture_output=True)
    if done.returncode != 0:
        raise GraphvizFailed(f"Graphviz could not draw a flowchart: {done.stderr.decode().strip()}")
    return done.stdout.decode()


def _tidy(svg: str) -> str:
    """Drop the XML prolog, comments and <title>s (node names would be read aloud), keep the drawing."""
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"<!--.*?-->", "", svg, flags=re.S)
    svg = re.sub(r"<title>[^<]*</title>", "", svg)
    svg = re.sub(r"\n\s*", "\n", svg)
    svg = svg.replace("&#45;", "-")  # Graphviz escapes hyphens in ids and text; plain is valid
    return svg.strip()


_NUM = re.compile(r"-?\d+(?:\.\d+)?")


def _boxes(svg: str) -> dict[str, Box]:
    translate = re.search(r'class="graph" transform="[^"]*translate\(([-\d.]+) ([-\d.]+)\)', svg)
    tx, ty = (float(translate.group(1)), float(translate.group(2))) if translate else (0.0, 0.0)
    boxes = {}
    for match in re.finditer(r'<g id="fc-([a-z0-9-]+)" class="node[^"]*">(.*?)</g>\s*</g>', svg, re.S):
        shape = re.search(r'<(?:polygon|path)[^>]*(?:points|d)="([^"]+)"', match.group(2))
        if not shape:
            continue
        nums = [float(n) for n in _NUM.findall(shape.group(1))]
        xs, ys = nums[0::2], nums[1::2]
        boxes[match.group(1)] = Box(min(xs) + tx, min(ys) + ty, max(xs) - min(xs), max(ys) - min(ys))
    return boxes


def build_flowchart(tree: m.DecisionTree, cache_dir: Path | None) -> Flowchart:
    source = dot_source(tree)
    key = hashlib.sha256((graphviz_version() + "\n" + source).encode()).hexdigest()[:32]
    cached = cache_dir / f"{key}.svg" if cache_dir else None
    if cached and cached.exists():
        svg = cached.read_text()
    else:
        svg = _tidy(_run_dot(source))
        if cached:
            cached.parent.mkdir(parents=True, exist_ok=True)
            tmp = cached.with_suffix(".tmp")
            tmp.write_text(svg)
            tmp.replace(cached)  # atomic: parallel builds never read half a file
    size = re.search(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"', svg)
    width, height = (float(size.group(1)), float(size.group(2))) if size else (0.0, 0.0)
    return Flowchart(svg=svg, width=width, height=height, boxes=_boxes(svg))
