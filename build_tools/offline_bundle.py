"""The offline copy: the whole site in one zip that works opened from the file system.

`site/downloads/offline.zip` is for clinics without a web server, or readers without a
network: unzip it and open `index.html`. It is a second build of the same sources with
Material's offline plugin on (`KB_OFFLINE=true`, see mkdocs.yml), which

- makes search work from file:// (the index as a script, and the iframe-worker shim that
  overrides/main.html loads from docs/assets/vendor/, never from a CDN), and
- turns directory URLs off, so MkDocs's own links name files (`guides/emergency.html`).

The pages we render ourselves keep their directory links (`../next-step/`), which a browser
cannot open from the file system, so `link_files` rewrites every relative link of every HTML
and SVG file to the file it means (`../next-step/index.html`), and fails on a link to nothing.
The main site keeps its directory URLs: they are its permanent links.

The zip is reproducible: sorted entries, one fixed timestamp (SOURCE_DATE_EPOCH, else
1980-01-01), fixed permissions, fixed compression.
"""

from __future__ import annotations

import os
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .reproducible import ensure_source_date_epoch

ZIP_NAME = "offline.zip"
FOLDER = "therapy-ethics-decisions"  # the one top-level folder inside the zip
# Files of the web build that mean nothing from the file system.
DROP = ("404.html", "sitemap.xml", "sitemap.xml.gz")

README = """\
Therapy Ethics Decisions: offline copy
======================================

Open index.html in this folder with a web browser. Everything works without a network:
pages, decision trees, flowcharts and search. Nothing you click or answer is sent anywhere.

This copy does not update itself: download a new one to get later changes.
Educational guidance, not legal advice.
"""

# Attributes that hold a URL the browser follows or loads. Our pages, MkDocs and Material
# write them in double quotes; Graphviz writes xlink:href in SVG.
_URL_ATTR = re.compile(r'(\s(?:href|src|data|xlink:href)=")([^"]*)(")')
_REFRESH = re.compile(r'(<meta http-equiv="refresh" content="\d+;\s*url=)([^"]*)(")', re.I)


class OfflineBuildError(Exception):
    pass


def build_offline_site(root: Path, out_dir: Path) -> None:
    """The second MkDocs build, with the offline plugin on, into `out_dir`."""
    env = {**os.environ, "KB_OFFLINE": "true", "NO_MKDOCS_2_WARNING": "1"}
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
           "-f", str(root / "mkdocs.yml"), "-d", str(out_dir)]
    done = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise OfflineBuildError(f"the offline build failed:\n{done.stderr.strip()}")


def _target(folder: Path, page: str, url: str) -> str | None:
    """The new value of one relative URL in file `page`, or None when it points at nothing."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path or url.startswith("/"):
        return url  # external, pure #fragment or ?query, or root-relative (404.html only)
    base = posixpath.dirname(page)
    resolved = posixpath.normpath(posixpath.join(base, unquote(parts.path)))
    if resolved.startswith("../") or resolved == "..":
        return None
    if resolved == ".":
        resolved = ""
    path = folder / resolved
    if path.is_file() and not parts.path.endswith("/"):
        return url
    for candidate in (posixpath.join(resolved, "index.html"), resolved.rstrip("/") + ".html"):
        if candidate and (folder / candidate).is_file():
            new = posixpath.relpath(candidate, base or ".")
            suffix = ("?" + parts.query if parts.query else "") + ("#" + parts.fragment if parts.fragment else "")
            return new + suffix
    return None


def link_files(folder: Path) -> int:
    """Rewrite every relative link of the HTML and SVG files to name a file. Returns the count
    of rewritten links; raises OfflineBuildError listing every link that points at nothing."""
    broken: list[str] = []
    rewritten = 0
    for file in sorted(list(folder.rglob("*.html")) + list(folder.rglob("*.svg"))):
        page = file.relative_to(folder).as_posix()
        text = file.read_text(encoding="utf-8")

        def fix(match: re.Match) -> str:
            nonlocal rewritten
            url = match.group(2).replace("&amp;", "&")
            new = _target(folder, page, url)
            if new is None:
                broken.append(f"{page}: {match.group(2)}")
                return match.group(0)
            if new != url:
                rewritten += 1
            return match.group(1) + new.replace("&", "&amp;") + match.group(3)

        new_text = _REFRESH.sub(fix, _URL_ATTR.sub(fix, text))
        if new_text != text:
            file.write_text(new_text, encoding="utf-8")
    if broken:
        raise OfflineBuildError("links that point at no file in the offline copy:\n  "
                                + "\n  ".join(broken))
    return rewritten


def zip_epoch() -> int:
    """The one timestamp of every zip entry: SOURCE_DATE_EPOCH, else 1980-01-01 (zip's first)."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    return max(int(value), 315532800) if value else 315532800


def write_zip(folder: Path, out: Path, prefix: str = FOLDER) -> Path:
    """Zip `folder` reproducibly: same files in, same bytes out."""
    stamp = time.gmtime(zip_epoch())[:6]
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    with zipfile.ZipFile(tmp, "w") as archive:
        for path in files:
            info = zipfile.ZipInfo(f"{prefix}/{path.relative_to(folder).as_posix()}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o100644 << 16
            info.create_system = 3  # unix, so that the permissions above are read
            archive.writestr(info, path.read_bytes(), compresslevel=9)
    tmp.replace(out)
    return out


def make_offline_zip(root: Path, site_dir: Path, out: Path | None = None) -> Path:
    """Build the offline copy of the project at `root` and zip it to `out` (by default
    `site_dir/downloads/offline.zip`). The handbook PDFs already in `site_dir/downloads/` are
    copied in rather than made again."""
    out = out or site_dir / "downloads" / ZIP_NAME
    ensure_source_date_epoch(root)  # the zip's dates: the last commit's, as the site's
    with tempfile.TemporaryDirectory(prefix="kb-offline-") as tmp:
        copy = Path(tmp) / "site"
        build_offline_site(root, copy)
        for name in DROP:
            (copy / name).unlink(missing_ok=True)
        shutil.rmtree(copy / "downloads", ignore_errors=True)
        downloads = site_dir / "downloads"
        if downloads.is_dir():
            for file in sorted(downloads.iterdir()):
                if file.is_file() and file.name != ZIP_NAME and not file.name.endswith(".tmp"):
                    (copy / "downloads").mkdir(exist_ok=True)
                    shutil.copy2(file, copy / "downloads" / file.name)
        (copy / "README.txt").write_text(README, encoding="utf-8")
        link_files(copy)
        return write_zip(copy, out)
