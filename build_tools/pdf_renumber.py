"""Write the real page numbers into a laid-out WeasyPrint document, without a new layout.

The first layout prints guessed page numbers; once it is done the real page of every id is
known. Laying the whole document out again only to change some digits would double the
render time, so the text of each number is changed where it lies:

- same number of digits: only the text changes (DejaVu's digits all have one width);
- a shorter number: the link gets narrower and what follows on its line moves left;
- a longer one: the same to the right, if the line has room; if not, this gives up and
  the caller lays the document out again with the numbers found.
- contents entries (right-aligned after a leader) are padded with a figure space instead.

This works on WeasyPrint 70's laid-out boxes (TextBox.text and its Pango layout's text,
positions, widths, Page.links), so it is pinned with WeasyPrint in requirements.txt; the
tests read every printed page number back from the PDF and compare it with its link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FIGURE_SPACE = "\u2007"  # as wide as a digit
NBSP = "\u00a0"
_XREF_TAIL = re.compile(NBSP + r"\(p\." + NBSP + r"(\d+)\)$")
_LEFT = ("start", "left")


@dataclass
class _Number:
    """One printed page number: its text box and the boxes around it on its line."""

    page: object  # weasyprint Page
    container: object  # the block whose line it is on
    path: list  # LineBox, inline boxes ..., TextBox
    target: str
    shown: str
    start: int  # where the number's text begins in the text box (its "tail")
    contents: bool  # an entry of the contents (a leader before it)

    @property
    def box(self):
        return self.path[-1]


def _paths(box, path):
    """Every text box inside the inline boxes of one line, with the boxes leading to it."""
    from weasyprint.formatting_structure.boxes import InlineBox, TextBox

    for child in box.children:
        if isinstance(child, TextBox):
            yield path + [child]
        elif isinstance(child, InlineBox):
            yield from _paths(child, path + [child])


def _lines(box):
    """(container, line box) for every line of a page."""
    from weasyprint.formatting_structure.boxes import LineBox, ParentBox

    for child in getattr(box, "children", ()):
        if isinstance(child, LineBox):
            yield box, child
        if isinstance(child, ParentBox):
            yield from _lines(child)


def _numbers(rendered):
    for page in rendered.pages:
        for container, line in _lines(page._page_box):
            for path in _paths(line, [line]):
                box = path[-1]
                element = box.element
                if element is None or element.tag != "a":
                    continue
                kind, target = element.get("class"), element.get("href", "")[1:]
                if kind == "xref" and (tail := _XREF_TAIL.search(box.text)):
                    yield _Number(page, container, path, target, tail.group(1), tail.start(), False)
                elif kind == "toc" and box.element_tag.endswith("::after"):
                    digits = box.text.lstrip(FIGURE_SPACE)
                    if digits.isdigit():
                        yield _Number(page, container, path, target, digits,
                                      len(box.text) - len(digits), True)


def _width(text: str, style) -> float:
    from weasyprint.text.line_break import Layout, line_size

    layout = Layout(style)
    layout.set_text(text)
    line, _ = layout.get_first_line()
    return line_size(line, style)[0]


def _room(container, line) -> float:
    """Free width at the end of a line."""
    return container.content_box_x() + container.width - (line.position_x + line.width)


def _resize(number: _Number, delta: float) -> None:
    """Make the number's text box `delta` wider and move what follows it on the line."""
    path = number.path
    for box in path[1:]:  # the text box and the inline boxes around it (the link ...)
        box.width += delta
    path[0].width += delta
    for parent, child in zip(path, path[1:]):
        after = False
        for sibling in parent.children:
            if after:
                sibling.translate(dx=delta)
            after = after or sibling is child


def renumber_in_place(rendered, pages: dict[str, int]) -> bool:
    """Write the real page numbers into the laid-out text; False (nothing changed) if a
    longer number does not fit on its line or the text is not where it is expected."""
    edits = []
    room: dict[int, float] = {}  # per line: free width left after the edits planned
    for number in _numbers(rendered):
        real = str(pages.get(number.target, 0))
        if real == number.shown:
            continue
        box, line = number.box, number.path[0]
        layout = getattr(box, "pango_layout", None)
        old_tail = box.text[number.start:]
        if layout is None or not layout.text.endswith(old_tail):
            return False
        if number.contents:
            pad = len(number.shown) - len(real)
            if pad < 0:
                return False
            edits.append((number, FIGURE_SPACE * pad + real, 0.0))
            continue
        new_tail = f"{NBSP}(p.{NBSP}{real})"
        delta = _width(new_tail, box.style) - _width(old_tail, box.style)
        left = line.style["text_align_all"] in _LEFT and line.style["direction"] == "ltr"
        free = room.setdefault(id(line), _room(number.container, line))
        if delta > 0.01 and (not left or delta > free):
            return False
        if delta < -0.01 and not left:  # keep the width: pad instead of moving anything
            new_tail = f"{NBSP}{FIGURE_SPACE * (len(number.shown) - len(real))}(p.{NBSP}{real})"
            delta = 0.0
        room[id(line)] = free - delta
        edits.append((number, new_tail, delta))
    touched = []
    for number, new_tail, delta in edits:
        box = number.box
        old_tail = box.text[number.start:]
        box.pango_layout.text = box.pango_layout.text[:-len(old_tail)] + new_tail
        box.text = box.text[:number.start] + new_tail
        if abs(delta) > 0.01:
            _resize(number, delta)
            touched.append(number.page)
    for page in {id(p): p for p in touched}.values():
        _relink(page)
    return True


def _relink(page) -> None:
    """Link areas are measured when a page is made: measure them again after a move."""
    from weasyprint.anchors import gather_anchors

    links: list = []
    gather_anchors(page._page_box, {}, links, [], {})
    page.links[:] = links
