"""Permanent links: every URL the site has published stays valid.

`published-urls.txt` lists every page URL the site has ever published, one per line, sorted,
written below the site's address with a leading slash (`/decisions/involve-third-party/`).
`redirects.yml` maps an old URL to its new one (`/old/: /new/`) for each published URL whose
page has gone; the build writes a small redirect page at each old URL.

The build fails, before anything is written, when a listed URL has no page and no redirect
(U001) or when `redirects.yml` is wrong (U002-U005). New pages are not yet listed: the
build is fine with that, but a test asks for `python -m build_tools urls --update`, which
adds them. URLs are never removed from the list by a command: a page that goes needs a
redirect, which is a decision for a person.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import jinja2

from .diagnostics import Diagnostic
from .render_pages import relative
from .yaml_loader import parse_text

MANIFEST = "published-urls.txt"
REDIRECTS = "redirects.yml"

# code -> title; docs/guides/hosting.md explains each one (tests/test_intranet_stable_urls.py).
URL_CODES: dict[str, str] = {
    "U001": "a published URL has no page and no redirect",
    "U002": "redirect from a URL that still has a page",
    "U003": "redirect to a URL that has no page",
    "U004": "malformed URL in the manifest or the redirects",
    "U005": "redirects.yml is not a mapping of old URL to new URL",
}

MANIFEST_HEADER = """\
# Every page URL this site has published, below the site's address. Permanent: a URL is never
# removed from this list. When a page goes, map its URL to the new one in redirects.yml.
# Add new pages with `make urls` (python -m build_tools urls --update). Sorted, one a line.
"""

REDIRECT_TEMPLATE = Path(__file__).parent / "templates" / "redirect.html.j2"


def _well_formed(url: str) -> bool:
    path = url.partition("#")[0]
    return (url.startswith("/") and path.endswith("/") and "//" not in url
            and not any(c.isspace() for c in url) and "?" not in url
            and ".." not in path.split("/"))


def handwritten_urls(docs_dir: Path) -> set[str]:
    """Directory-style URLs of the Markdown pages under docs/ (`guides/x.md` -> `/guides/x/`)."""
    urls = set()
    for md in docs_dir.rglob("*.md"):
        rel = md.relative_to(docs_dir).as_posix()
        if any(part.startswith(".") for part in rel.split("/")):
            continue
        stem = rel[:-3]
        if stem == "index" or stem.endswith("/index"):
            stem = stem[:-len("index")]
        else:
            stem += "/"
        urls.add("/" + stem)
    return urls


def current_urls(root: Path, generated: Iterable[str]) -> set[str]:
    """Every page URL of this build: generated pages (`a/b/`) and hand-written ones."""
    return {"/" + url for url in generated} | handwritten_urls(root / "docs")


@dataclass
class UrlCheck:
    current: set[str]
    published: list[str] = field(default_factory=list)
    redirects: dict[str, str] = field(default_factory=dict)
    problems: list[Diagnostic] = field(default_factory=list)

    @property
    def unlisted(self) -> list[str]:
        """Pages of this build not yet in the manifest (`urls --update` adds them)."""
        return sorted(self.current - set(self.published))


def read_manifest(root: Path) -> tuple[list[str], list[Diagnostic]]:
    path = root / MANIFEST
    if not path.is_file():
        return [], []
    urls, problems = [], []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        if not _well_formed(text) or "#" in text:
            problems.append(Diagnostic(MANIFEST, number, 1, "U004",
                                       f"'{text}' is not a page URL such as /guides/emergency/ "
                                       "(leading and trailing slash, no spaces, no #fragment)"))
            continue
        urls.append(text)
    return urls, problems


def read_redirects(root: Path) -> tuple[dict[str, str], dict[str, int], list[Diagnostic]]:
    """Old URL -> new URL, the line of each entry, and the problems of the file."""
    path = root / REDIRECTS
    if not path.is_file():
        return {}, {}, []
    text = path.read_text(encoding="utf-8")
    if not any(line.strip() and not line.lstrip().startswith("#") for line in text.splitlines()):
        return {}, {}, []  # comments only: no redirects yet
    loaded, problems = parse_text(text, REDIRECTS)
    if problems:
        return {}, {}, problems
    if not isinstance(loaded.data, dict):
        return {}, {}, [loaded.diag((), "U005", "expected lines of `/old/url/: /new/url/`")]
    redirects, lines = {}, {}
    for old, new in loaded.data.items():
        line, col = loaded.where((old,), key=True)
        if not isinstance(new, str):
            problems.append(loaded.diag((old,), "U005", f"the new URL of '{old}' must be text"))
            continue
        for url, where in ((old, (old,)), (new, (old,))):
            if not _well_formed(url):
                problems.append(Diagnostic(REDIRECTS, *loaded.where(where, key=url == old), "U004",
                                           f"'{url}' is not a site URL such as /guides/emergency/"))
                break
        else:
            if "#" in old:
                problems.append(Diagnostic(REDIRECTS, line, col, "U004",
                                           f"'{old}': the old URL cannot have a #fragment"))
                continue
            redirects[old], lines[old] = new, line
    return redirects, lines, problems


def check_urls(root: Path, generated: Iterable[str]) -> UrlCheck:
    """Compare this build's pages with the manifest and the redirects."""
    check = UrlCheck(current=current_urls(root, generated))
    check.published, problems = read_manifest(root)
    check.redirects, lines, redirect_problems = read_redirects(root)
    problems += redirect_problems
    manifest_lines = _manifest_lines(root)
    for url in check.published:
        if url not in check.current and url not in check.redirects:
            problems.append(Diagnostic(
                MANIFEST, manifest_lines.get(url, 1), 1, "U001",
                f"{url} was published but this build has no page there: restore the page or add "
                f"`{url}: /its/new/url/` to {REDIRECTS}"))
    for old, new in check.redirects.items():
        if old in check.current:
            problems.append(Diagnostic(REDIRECTS, lines[old], 1, "U002",
                                       f"{old} still has a page: remove this redirect"))
        target = new.partition("#")[0]
        if target not in check.current:
            problems.append(Diagnostic(REDIRECTS, lines[old], 1, "U003",
                                       f"{old} redirects to {new}, which has no page in this build"))
    check.problems = sorted(problems)
    return check


def _manifest_lines(root: Path) -> dict[str, int]:
    path = root / MANIFEST
    if not path.is_file():
        return {}
    return {line.strip(): n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)}


def update_manifest(root: Path, check: UrlCheck) -> list[str]:
    """Add this build's new URLs to the manifest (never removes one). Returns those added."""
    added = check.unlisted
    urls = sorted(set(check.published) | set(added))
    (root / MANIFEST).write_text(MANIFEST_HEADER + "".join(f"{u}\n" for u in urls), encoding="utf-8")
    return added


def relative_href(old: str, new: str) -> str:
    """Relative link from the page at `old` to `new`, both `/a/b/` style (new may have #frag)."""
    return relative(old.lstrip("/"), new.lstrip("/"))


def redirect_pages(redirects: dict[str, str], titles: dict[str, str] | None = None) -> dict[str, str]:
    """Site-relative file path -> HTML of a redirect page, for every redirect.

    Relative links only (the site may be served under any sub-path), no script (the site's
    Content-Security-Policy allows none inline): a meta refresh, a canonical link and a link.
    """
    titles = titles or {}
    env = jinja2.Environment(autoescape=True, keep_trailing_newline=True)
    template = env.from_string(REDIRECT_TEMPLATE.read_text(encoding="utf-8"))
    pages = {}
    for old, new in sorted(redirects.items()):
        pages[old.strip("/") + "/index.html"] = template.render(
            href=relative_href(old, new), title=titles.get(new.partition("#")[0], new))
    return pages


def write_redirects(site_dir: Path, redirects: dict[str, str],
                    titles: dict[str, str] | None = None) -> list[Path]:
    written = []
    for rel, text in redirect_pages(redirects, titles).items():
        path = site_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
