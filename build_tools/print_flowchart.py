"""A tree's flowchart prepared for paper: vector parts, link boxes and an overview map.

WeasyPrint makes no PDF links from SVG `<a>` elements, so each node box gets an absolutely
positioned HTML link laid over the drawing, carrying the node's step number. Each part of
a split chart is the drawing cropped to a viewBox. Parts are SVG images the document
refers to by URL (`kb-chart:<tree>/<n>`) rather than inline SVG: WeasyPrint then parses
each once for all layout passes, instead of styling thousands of SVG elements each pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import models as m
from .flowchart import Box, Flowchart
from .print_layout import PORTRAIT, ChartPlan, Window, overview_scale, plan_flowchart

OVERVIEW_MAX_HEIGHT = 300.0  # points: the map sits under the tree's introduction


def step_anchor(tree_id: str, node_id: str) -> str:
    # Ids never contain "--" (see models.ID_PATTERN), so the joined anchor is unambiguous.
    return f"step--{tree_id}--{node_id}"


def part_anchor(tree_id: str, index: int) -> str:
    return f"chart--{tree_id}--{index}"


@dataclass(frozen=True)
class NodeLink:
    """A link box over one node, in points from the top-left of its part."""

    anchor: str
    number: int  # the step number (on a map: the part number)
    box: Box
    whole: bool  # the node is fully inside this part: it gets its step badge here


@dataclass(frozen=True)
class ChartPart:
    index: int  # 1-based
    anchor: str
    url: str  # how the document refers to the image
    svg: str
    width: float  # points
    height: float
    links: tuple[NodeLink, ...]


@dataclass(frozen=True)
class PrintChart:
    plan: ChartPlan
    parts: tuple[ChartPart, ...]
    overview: ChartPart | None  # only when the chart is split; its links go to the parts

    @property
    def orientation(self) -> str:
        return self.plan.area.orientation

    def images(self) -> dict[str, str]:
        """URL -> SVG of every drawing this chart prints."""
        parts = self.parts + ((self.overview,) if self.overview else ())
        return {part.url: part.svg for part in parts}


_ROOT = re.compile(r'<svg width="[^"]*" height="[^"]*"\s+viewBox="[^"]*"')
_GROUP = re.compile(r'<g id="fc-[^"]*" class="node[^"]*">.*?</g>\s*</g>\n?'
                    r'|<g id="fce-[^"]*" class="edge">.*?</g>\n?', re.S)
_TRANSLATE = re.compile(r'class="graph" transform="[^"]*translate\(([-\d.]+) ([-\d.]+)\)')
_SHAPE = re.compile(r'(?:points|d)="([^"]+)"')
_TEXT = re.compile(r'<text[^>]* x="([-\d.]+)" y="([-\d.]+)".*?</text>\n?', re.S)
_NUM = re.compile(r"-?\d+(?:\.\d+)?")
TEXT_REACH = (60.0, 12.0)  # how far a label may extend from its anchor point, SVG units


def _extent(group: str, tx: float, ty: float) -> Window:
    """The bounding box of the shapes (boxes, lines, arrowheads) of one group, SVG units."""
    xs, ys = [], []
    for shape in _SHAPE.findall(group):
        nums = [float(n) for n in _NUM.findall(shape)]
        xs += nums[0::2]
        ys += nums[1::2]
    if not xs:
        return Window(0, 0, 0, 0)
    return Window(min(xs) + tx, min(ys) + ty, max(xs) - min(xs), max(ys) - min(ys))


def _overlaps(a: Window, b: Window) -> bool:
    return (a.x < b.x + b.width and b.x < a.x + a.width
            and a.y < b.y + b.height and b.y < a.y + a.height)


def _print_svg(chart: Flowchart, window: Window, scale: float, *, text: bool = True) -> str:
    """The drawing cropped to `window`, ready to print several times in one document.

    Nodes and edges outside the window are dropped (drawing them clipped would cost
    render time); without `text`, labels are dropped too (the reduced overview map).
    Ids and SVG links go: they are unused on paper and ids must stay unique.
    """
    move = _TRANSLATE.search(chart.svg)
    tx, ty = (float(move.group(1)), float(move.group(2))) if move else (0.0, 0.0)

    reach = Window(window.x - TEXT_REACH[0] - tx, window.y - TEXT_REACH[1] - ty,
                   window.width + 2 * TEXT_REACH[0], window.height + 2 * TEXT_REACH[1])

    def keep_text(match: re.Match) -> str:
        x, y = float(match.group(1)), float(match.group(2))
        inside = reach.x <= x <= reach.x + reach.width and reach.y <= y <= reach.y + reach.height
        return match.group(0) if text and inside else ""

    def keep(match: re.Match) -> str:
        group = match.group(0)
        if not _overlaps(_extent(group, tx, ty), window):
            return ""
        return _TEXT.sub(keep_text, group)

    svg = _GROUP.sub(keep, chart.svg)
    svg = re.sub(r'\s(?:id|class)="[^"]*"', "", svg)
    svg = re.sub(r"</?a\b[^>]*>", "", svg)
    root = (f'<svg width="{window.width * scale:.2f}pt" height="{window.height * scale:.2f}pt" '
            f'viewBox="{window.x:.2f} {window.y:.2f} {window.width:.2f} {window.height:.2f}" '
            'preserveAspectRatio="xMinYMin meet"')
    return _ROOT.sub(root, svg, count=1)


def print_chart(tree: m.DecisionTree, chart: Flowchart, numbers: dict[str, int]) -> PrintChart:
    plan = plan_flowchart(chart)
    s = plan.scale
    parts = []
    for index, window in enumerate(plan.parts, start=1):
        links = []
        for nid in sorted(chart.boxes, key=numbers.get):
            clipped = window.clip(chart.boxes[nid])
            if clipped is None:
                continue
            links.append(NodeLink(
                step_anchor(tree.id, nid), numbers[nid],
                Box(clipped.x * s, clipped.y * s, clipped.width * s, clipped.height * s),
                window.holds(chart.boxes[nid])))
        parts.append(ChartPart(index, part_anchor(tree.id, index), f"kb-chart:{tree.id}/{index}",
                               _print_svg(chart, window, s),
                               window.width * s, window.height * s, tuple(links)))
    overview = None
    if plan.split:
        whole = Window(0, 0, chart.width, chart.height)
        o = overview_scale(chart, PORTRAIT.width, OVERVIEW_MAX_HEIGHT)
        overview = ChartPart(
            0, f"chart--{tree.id}--map", f"kb-chart:{tree.id}/map",
            _print_svg(chart, whole, o, text=False), chart.width * o, chart.height * o,
            tuple(NodeLink(part.anchor, part.index,
                           Box(w.x * o, w.y * o, w.width * o, w.height * o), True)
                  for part, w in zip(parts, plan.parts)))
    return PrintChart(plan, tuple(parts), overview)
