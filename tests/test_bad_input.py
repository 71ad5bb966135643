"""A corpus of malformed data files (tests/bad_input/). Each one, dropped into a valid
knowledge base, must give a located error line with its code, exit status 1, no traceback,
and a MkDocs build that writes nothing."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from build_tools.cli import main
from conftest import FIXTURE, ROOT

CORPUS = sorted((Path(__file__).parent / "bad_input").glob("*.yaml"))


def test_the_corpus_is_large_enough():
    assert len(CORPUS) >= 40


def _header(path: Path) -> tuple[str, str]:
    head = path.read_bytes()[:200].decode("ascii", errors="replace")
    target = re.search(r"^# target: (\S+)", head, re.M).group(1)
    code = re.search(r"^# expect: (\S+)", head, re.M).group(1)
    return target, code


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """Site scaffolding (config, hand-written pages, hooks) around the minimal data."""
    base = tmp_path_factory.mktemp("project")
    for name in ("mkdocs.yml", "docs", "hooks", "overrides", "build_tools"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, base / name)
    return base


@pytest.mark.parametrize("bad", CORPUS, ids=[p.stem for p in CORPUS])
def test_bad_file_is_reported_and_nothing_is_built(bad, project, tmp_path, capsys):
    target, code = _header(bad)
    root = tmp_path / "kb"
    shutil.copytree(project, root)
    shutil.copytree(FIXTURE, root, dirs_exist_ok=True)
    (root / target).write_bytes(bad.read_bytes())

    status = main(["--root", str(root), "validate"])
    err = capsys.readouterr().err
    assert status == 1
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if re.match(r"^\S+:\d+:\d+: [A-Z]\d{3} ", line)]
    assert any(line.startswith(f"{target}:") and f": {code} " in line for line in lines), err
    assert all(int(line.split(":")[1]) >= 1 for line in lines)

    site = tmp_path / "site"
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site))
    with pytest.raises(MkDocsException):
        build(config)
    assert not site.exists(), "a failed build must write nothing"
