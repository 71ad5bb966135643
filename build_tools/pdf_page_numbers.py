"""Page numbers for cross references: "→ step 7 (p. 23)".

Each `<a class="xref" href="#id">` gets " (p. N)", the page of its target, at the end of its
text; each contents entry (`<a class="toc">`) gets N in `data-page`, printed after a leader.

Why not CSS target-counter(): WeasyPrint 70 then re-lays out most pages four or five times
and compares every reference with every id; the real handbook took three times as long.

How instead: the first layout uses guessed numbers; the real page of every id is then read
from it and written into the laid-out text (`pdf_renumber`). Only a longer number with no
room left on its line needs another layout, with the numbers found; the guesses are a
little high for that reason. Everything depends on the HTML alone: builds are reproducible.
"""

from __future__ import annotations

import math
import re

from .pdf_renumber import renumber_in_place

MAX_PASSES = 4
NBSP = "\u00a0"

_PAGE_REF = re.compile(r'<a class="(?:xref|toc)" href="#([^"]+)"')
_XREF = re.compile(r'(<a class="xref" href="#([^"]+)">.*?)(</a>)', re.S)
_TOC = re.compile(r'<a class="toc" href="#([^"]+)"')

# The first guess: text, pictures and forced page breaks before each id.
CHARS_PER_PAGE = 2800  # visible characters of a full page of text
PAGE_HEIGHT_PT = 720.0  # content height of a portrait page
# Guess a little high: a shorter number always fits, a longer one may cost another layout.
GUESS_BIAS, GUESS_MARGIN = 1.06, 0.7  # times the estimate, plus pages
_TAG = re.compile(r"<style\b.*?</style>|<[^>]*>", re.S)
_ID = re.compile(r'\sid="([^"]+)"')
_HEIGHT = re.compile(r"height: ([\d.]+)pt")
_NEW_PAGE = re.compile(r'<[a-z0-9]+ class="[^"]*\bpage-start\b')


def wanted(html: str) -> set[str]:
    """Every id a page-numbered link points to."""
    return set(_PAGE_REF.findall(html))


def with_page_numbers(html: str, pages: dict[str, int]) -> str:
    """Write the page of its target into each page-numbered link.

    As text inside the link rather than CSS generated content: thousands of ::after boxes
    would each need their own style, a sizeable part of the layout time.
    """
    def inline(match: re.Match) -> str:
        return f"{match.group(1)}{NBSP}(p.{NBSP}{pages.get(match.group(2), 0)}){match.group(3)}"

    def attribute(match: re.Match) -> str:
        return f'{match.group(0)} data-page="{pages.get(match.group(1), 0)}"'

    return _TOC.sub(attribute, _XREF.sub(inline, html))


def guess_pages(html: str) -> dict[str, int]:
    """Id -> a guess of its page, from the text, pictures and page breaks before it."""
    guesses: dict[str, int] = {}
    position = 0.0  # in pages
    last = 0
    for match in _TAG.finditer(html):
        position += (match.start() - last) / CHARS_PER_PAGE
        last = match.end()
        tag = match.group(0)
        if _NEW_PAGE.match(tag) and position % 1 > 0.02:
            position = math.ceil(position)
        if tag.startswith("<img") and (height := _HEIGHT.search(tag)):
            position += float(height.group(1)) / PAGE_HEIGHT_PT
        if found := _ID.search(tag):
            guesses.setdefault(found.group(1), 1 + int(position * GUESS_BIAS + GUESS_MARGIN))
    return guesses


def anchor_pages(rendered) -> dict[str, int]:
    """Id -> the page (1-based) where its element starts, in a laid-out document."""
    pages: dict[str, int] = {}
    for number, page in enumerate(rendered.pages, start=1):
        for name in page.anchors:
            pages.setdefault(name, number)
    return pages


def lay_out(render, html: str) -> tuple[object, int, list[str]]:
    """Lay `html` out with `render(html)` until every page number is right.

    Returns the laid-out document, the number of layouts it took, and warnings.
    """
    targets = wanted(html)
    pages = guess_pages(html)
    warnings: list[str] = []
    for passes in range(1, MAX_PASSES + 1):
        rendered = render(with_page_numbers(html, pages))
        found = anchor_pages(rendered)
        if all(found.get(t) == pages.get(t) for t in targets) or renumber_in_place(rendered, found):
            break
        pages = found
    else:
        warnings.append(f"page numbers still moving after {MAX_PASSES} layouts")
    warnings.extend(f"no target for the link #{t}" for t in sorted(targets - set(found)))
    return rendered, passes, warnings
