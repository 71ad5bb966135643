"""Keep hand-written pages within the site's Content-Security-Policy (`style-src 'self'`).

Markdown's tables write column alignment as an inline style (`<td style="text-align: right;">`),
which that policy blocks. Each such style becomes a class (`kb-align-right`), styled in
docs/assets/kb-a11y.css. Any other inline style is left alone, for the tests to report.
"""

from __future__ import annotations

import re

_ALIGN = re.compile(r'<(t[dh])( [^>]*?)? style="text-align: ?(left|right|center);?"([^>]*)>')


def _to_class(match: re.Match) -> str:
    tag, before, side, after = match.group(1), match.group(2) or "", match.group(3), match.group(4)
    attrs = before + after
    if ' class="' in attrs:
        attrs = attrs.replace(' class="', f' class="kb-align-{side} ', 1)
    else:
        attrs += f' class="kb-align-{side}"'
    return f"<{tag}{attrs}>"


def alignment_classes(html: str) -> str:
    """`<td style="text-align: right;">` -> `<td class="kb-align-right">` (and th, left, center)."""
    return _ALIGN.sub(_to_class, html)
