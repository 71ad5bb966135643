"""Glossary abbreviations as tooltips: <abbr title="..."> wherever a term appears.

Generated pages get them from `markdown_text.TextRenderer`; hand-written pages get the same
definitions appended as Markdown abbreviations. `tabindex="0"` lets keyboard users focus
an abbreviation to show its tooltip (WCAG 2.1.1), not only mouse users.
"""

from __future__ import annotations

import re

from .knowledge_base import KnowledgeBase


def abbreviations(kb: KnowledgeBase) -> dict[str, str]:
    return {t.abbreviation: t.term for t in kb.glossary if t.abbreviation}


def abbreviation_markdown(kb: KnowledgeBase) -> str:
    """Markdown `abbr` definitions to append to a hand-written page."""
    lines = [f"*[{abbr}]: {term}" for abbr, term in sorted(abbreviations(kb).items())]
    return "\n\n" + "\n".join(lines) + "\n" if lines else ""


_ABBR = re.compile(r"<abbr(?![^>]*tabindex)")


def focusable_abbreviations(html: str) -> str:
    return _ABBR.sub('<abbr tabindex="0"', html)
