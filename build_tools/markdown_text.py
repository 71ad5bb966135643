"""Light Markdown for text fields in the data, made safe to put in a page.

Data text may use emphasis, lists and links, never HTML: raw HTML is escaped before
Markdown sees it, and links to anything but http(s), mailto, anchors and relative
paths are dropped (no `javascript:` URLs). Glossary abbreviations become <abbr> tooltips.
"""

from __future__ import annotations

import html
import re

import markdown
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from .glossary_terms import focusable_abbreviations

_SAFE_HREF = re.compile(r"^(https?://|mailto:|#|\.{0,2}/|[a-z0-9._-]+(/|#|$))", re.I)


class _DropUnsafeLinks(Treeprocessor):
    def run(self, root):
        for el in root.iter("a"):
            href = el.get("href", "")
            if not _SAFE_HREF.match(href.strip()):
                el.attrib.pop("href", None)
        for el in root.iter("img"):  # images would fetch from anywhere: not allowed in data text
            el.tag = "span"
            el.text = el.attrib.get("alt", "")
            el.attrib.clear()


class _SafeExtension(markdown.Extension):
    def extendMarkdown(self, md):
        md.treeprocessors.register(_DropUnsafeLinks(md), "kb_safe_links", 0)


class TextRenderer:
    """Reusable converter; `abbreviations` maps a token (e.g. HIPAA) to its expansion."""

    def __init__(self, abbreviations: dict[str, str] | None = None):
        extensions = [_SafeExtension(), "sane_lists"]
        configs = {}
        if abbreviations:
            extensions.append("abbr")
            configs["abbr"] = {"glossary": dict(abbreviations)}
        self._md = markdown.Markdown(extensions=extensions, extension_configs=configs)

    def block(self, text: str | None) -> Markup:
        if not text:
            return Markup("")
        self._md.reset()
        return Markup(focusable_abbreviations(self._md.convert(html.escape(text, quote=False))))

    def inline(self, text: str | None) -> Markup:
        """One line of text: no wrapping paragraph."""
        out = self.block(text)
        if out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
            out = Markup(out[3:-4])
        return out
