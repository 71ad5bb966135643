"""MkDocs glue: validate the data, hand the pages rendered by `build_tools` to MkDocs.

Thin on purpose: everything that knows about principles, trees and sources lives in
`build_tools`, so the site can move to another generator with little change.
Validation and rendering run in `on_config`, before MkDocs cleans or writes the site
folder, so bad data never leaves a half-built site.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.structure.toc import get_toc

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `mkdocs` run as a script does not put the project on the path
    sys.path.insert(0, str(ROOT))

from build_tools.site_build import SiteBuild, SiteBuildError  # noqa: E402

log = logging.getLogger("mkdocs.hooks.knowledge_base")

_build: SiteBuild | None = None


def on_config(config):
    global _build
    try:
        _build = SiteBuild.prepare(Path(config.config_file_path).parent, config.get("extra", {}))
    except SiteBuildError as exc:
        for line in exc.lines:
            print(line, file=sys.stderr)
        raise PluginError(exc.summary) from None
    for warning in _build.warnings:
        log.warning(str(warning))
    config["extra"]["clinic"] = _build.theme_clinic()  # the banner's numbers, or None
    return config


def on_files(files, config):
    for page in _build.pages.values():
        files.append(File.generated(config, page.src_uri, content=""))
    for asset in _build.assets:
        files.append(File.generated(config, asset.path, content=asset.content))
    return files


def on_page_markdown(markdown, page, config, files):
    rendered = _build.pages.get(page.file.src_uri)
    if rendered is None:
        return _build.handwritten_markdown(markdown, page.url)
    page.meta["title"] = rendered.title
    if rendered.description:
        page.meta["description"] = rendered.description
    if not rendered.toc:
        page.meta["hide"] = ["toc"]
    return ""  # the body is already HTML: skip Markdown parsing entirely


def on_page_content(html, page, config, files):
    rendered = _build.pages.get(page.file.src_uri)
    if rendered is None:
        return _build.handwritten_html(html)
    page.toc = get_toc([
        {"level": level, "id": anchor, "name": name, "children": []}
        for level, anchor, name in rendered.toc
    ])
    return rendered.html


def on_post_build(config):
    _build.write_outputs(Path(config.site_dir))
