"""Rendered PDFs kept between builds (`.cache/pdf/`), keyed by everything that makes them.

A PDF depends only on its HTML, its drawings, the WeasyPrint and pydyf versions and our
rendering code (builds are reproducible), so an unchanged document is copied instead of
rendered again: a rebuild after editing a guide, or a second `make site`, costs no PDF time.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from importlib import metadata
from pathlib import Path

from .pdf_handbook import PrintDocument

_CODE = ("pdf_render.py", "pdf_page_numbers.py", "pdf_renumber.py")  # code that shapes the bytes


def document_key(document: PrintDocument, options: dict) -> str:
    digest = hashlib.sha256()
    for part in (document.html, json.dumps(document.images, sort_keys=True),
                 json.dumps(options, sort_keys=True),
                 metadata.version("weasyprint"), metadata.version("pydyf")):
        digest.update(part.encode())
        digest.update(b"\0")
    for name in _CODE:
        digest.update((Path(__file__).parent / name).read_bytes())
    return digest.hexdigest()[:24]


def fetch(cache_dir: Path, document: PrintDocument, key: str, target: Path) -> dict | None:
    """Copy a kept PDF to `target`; returns what was recorded about it, or None."""
    pdf, info = cache_dir / f"{document.name}.{key}.pdf", cache_dir / f"{document.name}.{key}.json"
    if not (pdf.is_file() and info.is_file()):
        return None
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    shutil.copyfile(pdf, tmp)
    tmp.replace(target)
    return json.loads(info.read_text())


def store(cache_dir: Path, document: PrintDocument, key: str, source: Path, info: dict) -> None:
    """Keep a rendered PDF, replacing older ones of the same document."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    for old in cache_dir.glob(f"{document.name}.*"):
        old.unlink(missing_ok=True)
    tmp = cache_dir / f".{document.name}.{os.getpid()}.tmp"
    shutil.copyfile(source, tmp)
    (cache_dir / f"{document.name}.{key}.json").write_text(json.dumps(info))
    tmp.replace(cache_dir / f"{document.name}.{key}.pdf")
