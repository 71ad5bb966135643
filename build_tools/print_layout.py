"""Page geometry of the printed handbook, and how a flowchart is placed on its pages.

A flowchart prints at its natural size when it fits. Larger ones are shrunk no further than
`MIN_SCALE` (so the smallest label stays at least 6.5 pt) and otherwise split into parts,
cut between boxes where possible; a box cut by one part is shown whole in the next. Each
part is a window (an SVG viewBox) on the same drawing, trimmed of empty bands, and parts
flow down portrait or landscape pages, whichever needs fewer pages. Pure arithmetic: no
HTML, no WeasyPrint.
"""

from __future__ import annotations

from dataclasses import dataclass

from .flowchart import Box, Flowchart

MM = 72 / 25.4  # points per millimetre

# A4, and the margins the print stylesheet uses (it is rendered from these numbers).
PAGE_SHORT, PAGE_LONG = 210 * MM, 297 * MM
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_SIDE = 22 * MM, 20 * MM, 16 * MM

# Graphviz draws box text at 11 pt and answer labels at 10 pt: 0.65 keeps them >= 6.5 pt.
SMALLEST_FONT_PT = 10.0
MIN_SCALE = 0.65
CAPTION_PT = 18.0  # one caption line above each part
HEADING_PT = 28.0  # room for the "Flowchart, part n" heading line on each page
PAD = 4.0  # SVG units kept around a box when a cut moves to its edge
TRIM_MARGIN = 48.0  # SVG units kept above and below the boxes of a part


@dataclass(frozen=True)
class PageArea:
    orientation: str  # "portrait" | "landscape"
    width: float  # content box, points
    height: float

    @classmethod
    def of(cls, orientation: str) -> "PageArea":
        wide = orientation == "landscape"
        page_w, page_h = (PAGE_LONG, PAGE_SHORT) if wide else (PAGE_SHORT, PAGE_LONG)
        return cls(orientation, page_w - 2 * MARGIN_SIDE, page_h - MARGIN_TOP - MARGIN_BOTTOM)

    @property
    def drawing_height(self) -> float:
        """Height left for one part's drawing on a page of its own."""
        return self.height - HEADING_PT - CAPTION_PT


PORTRAIT, LANDSCAPE = PageArea.of("portrait"), PageArea.of("landscape")


@dataclass(frozen=True)
class Window:
    """A rectangle of the drawing, in SVG user units."""

    x: float
    y: float
    width: float
    height: float

    def clip(self, box: Box) -> Box | None:
        """The part of `box` inside this window, in window coordinates; None if outside."""
        left, top = max(box.x, self.x), max(box.y, self.y)
        right = min(box.x + box.width, self.x + self.width)
        bottom = min(box.y + box.height, self.y + self.height)
        if right - left < 1 or bottom - top < 1:
            return None
        return Box(left - self.x, top - self.y, right - left, bottom - top)

    def holds(self, box: Box) -> bool:
        return (box.x >= self.x - 0.5 and box.y >= self.y - 0.5
                and box.x + box.width <= self.x + self.width + 0.5
                and box.y + box.height <= self.y + self.height + 0.5)


@dataclass(frozen=True)
class ChartPlan:
    area: PageArea
    scale: float  # points per SVG unit on paper
    parts: tuple[Window, ...]  # reading order: left to right, then top to bottom
    columns: int
    pages: int

    @property
    def split(self) -> bool:
        return len(self.parts) > 1

    @property
    def smallest_font(self) -> float:
        return SMALLEST_FONT_PT * self.scale


Span = tuple[float, float]


def _cuts(spans: list[Span], length: float, window: float) -> list[Span]:
    out: list[tuple[float, float]] = []
    start = 0.0
    while length - start > window + 0.5:
        limit = start + window
        best: tuple | None = None
        for cut in [limit] + [right + PAD for _, right in spans if start < right + PAD < limit]:
            crossed = [left for left, right in spans if left < cut < right]
            # The next window starts at the left edge of any box this cut crossed.
            resume = min([cut] + [left - PAD for left in crossed if left - PAD > start])
            key = (resume, -len(crossed), cut)
            if best is None or key > best[0]:
                best = (key, cut, resume)
        _, cut, resume = best
        out.append((start, cut))
        start = resume
    out.append((start, length))
    return out


def cut_axis(spans: list[Span], length: float, window: float) -> list[Span]:
    """Split [0, length] into as few windows no longer than `window` as the boxes allow.

    A cut goes where the next window can start furthest on: a box the cut crosses is
    shown whole again at the start of the next window. Then the windows are evened out:
    the shortest window length that needs no more windows is used, so no part is a sliver.
    """
    parts = _cuts(spans, length, window)
    low, high = length / len(parts), window
    for _ in range(20):  # bisection to within a fraction of a point
        middle = (low + high) / 2
        if len(_cuts(spans, length, middle)) <= len(parts):
            high = middle
        else:
            low = middle
    return _cuts(spans, length, high)


def _pages_needed(part_heights: list[float], area: PageArea) -> int:
    """Parts flow down the page; a part never breaks across pages."""
    pages, used = 1, 0.0
    room = area.height - HEADING_PT
    for height in part_heights:
        need = height + CAPTION_PT
        if used and used + need > room:
            pages, used = pages + 1, 0.0
        used += need
    return pages


def _trimmed(window: Window, chart: Flowchart) -> Window:
    """The window without the empty bands above and below its boxes (a side part of a tall
    tree often starts halfway down). A margin keeps the ends of the arrows coming in."""
    inside = [b for b in chart.boxes.values() if window.clip(b)]
    if not inside:
        return window
    top = max(window.y, min(b.y for b in inside) - TRIM_MARGIN)
    bottom = min(window.y + window.height, max(b.y + b.height for b in inside) + TRIM_MARGIN)
    return Window(window.x, top, window.width, bottom - top)


def _plan_for(chart: Flowchart, area: PageArea, scale: float) -> ChartPlan:
    width, height = chart.width, chart.height
    columns = cut_axis([(b.x, b.x + b.width) for b in chart.boxes.values()], width,
                       area.width / scale)
    rows = cut_axis([(b.y, b.y + b.height) for b in chart.boxes.values()], height,
                    area.drawing_height / scale)
    parts = tuple(_trimmed(Window(x0, y0, x1 - x0, y1 - y0), chart)
                  for y0, y1 in rows for x0, x1 in columns)
    pages = _pages_needed([p.height * scale for p in parts], area)
    return ChartPlan(area, scale, parts, len(columns), pages)


def plan_flowchart(chart: Flowchart) -> ChartPlan:
    """The plan that needs the fewest pages, then the fewest parts, the largest print, portrait.

    Graphviz's SVG user unit is one point at natural size, so box coordinates and sizes
    share one unit here.
    """
    best: tuple | None = None
    for area in (PORTRAIT, LANDSCAPE):
        fit = overview_scale(chart, area.width, area.drawing_height)
        scales = [round(fit, 4)] if fit >= MIN_SCALE else []
        scales += [s / 100 for s in range(100, int(MIN_SCALE * 100) - 1, -5) if s / 100 > fit]
        for scale in scales:
            plan = _plan_for(chart, area, scale)
            key = (plan.pages, len(plan.parts), -plan.scale, area.orientation != "portrait")
            if best is None or key < best[0]:
                best = (key, plan)
    return best[1]


def overview_scale(chart: Flowchart, width: float, height: float) -> float:
    """Scale at which the whole drawing fits a `width` x `height` point area (for the map)."""
    return min(1.0, width / chart.width, height / chart.height)
