"""Read one YAML file into plain Python data plus the line and column of every value.

PyYAML's composer keeps a position for each node; we build the data ourselves from the
node graph so that duplicate keys are errors (PyYAML silently keeps the last one) and so
that any later error can point at the exact value an editor has to change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Diagnostic

MAX_BYTES = 2 * 1024 * 1024  # far above any real tree; guards memory and build time

Loc = tuple  # a path into the data: keys (str) and list indices (int)


@dataclass
class LoadedFile:
    path: str  # repository-relative, forward slashes
    data: Any
    # path tuple -> (line, col) of the value; ("key",) + path -> position of the key itself
    positions: dict[tuple, tuple[int, int]] = field(default_factory=dict)

    def where(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """Position of a value (or of its key), falling back to the nearest enclosing value."""
        loc = tuple(loc)
        if key and ("key",) + loc in self.positions:
            return self.positions[("key",) + loc]
        while loc:
            if loc in self.positions:
                return self.positions[loc]
            loc = loc[:-1]
        return self.positions.get((), (1, 1))

    def diag(self, loc: Loc, code: str, message: str, *, key: bool = False) -> Diagnostic:
        line, col = self.where(loc, key=key)
        return Diagnostic(self.path, line, col, code, message)


class _Builder(yaml.SafeLoader):
    """SafeLoader whose scalar resolution we reuse; the tree walk is ours."""


# YAML 1.1 reads `Yes`, `No`, `on` and `off` as booleans; answer labels are often exactly
# those words. Keep only true/false as booleans, as YAML 1.2 does.
_Builder.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
for _first in "tTfF":
    _Builder.yaml_implicit_resolvers.setdefault(_first, []).insert(
        0, ("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")))


# libyaml (C) parses about five times faster than PyYAML's pure-Python parser and gives the
# same nodes and positions. It is used for files that parse cleanly; any file with a problem
# is parsed again by the pure-Python loader, whose messages the diagnostics are built from.
_FastBuilder = None
if getattr(yaml, "__with_libyaml__", False):
    class _FastBuilder(yaml.CSafeLoader):  # noqa: N801
        yaml_implicit_resolvers = _Builder.yaml_implicit_resolvers


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _build(node, loc, loader, out: LoadedFile, problems: list[Diagnostic], depth=0):
    out.positions[loc] = _mark(node)
    if depth > 50:
        problems.append(out.diag(loc, "S003", "nesting is deeper than 50 levels"))
        return None
    if isinstance(node, yaml.MappingNode):
        result: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                line, col = _mark(key_node)
                problems.append(Diagnostic(out.path, line, col, "S003", "a key must be plain text"))
                continue
            key = key_node.value  # the text as written: `yes:` or `1:` stay strings
            if key in result:
                line, col = _mark(key_node)
                first = out.positions[("key",) + loc + (key,)]
                problems.append(
                    Diagnostic(out.path, line, col, "Y002",
                               f"duplicate key '{key}' (first defined at line {first[0]})")
                )
                continue
            out.positions[("key",) + loc + (key,)] = _mark(key_node)
            result[key] = _build(value_node, loc + (key,), loader, out, problems, depth + 1)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _build(item, loc + (i,), loader, out, problems, depth + 1)
            for i, item in enumerate(node.value)
        ]
    try:
        return loader.construct_object(node)
    except (ValueError, OverflowError) as exc:  # e.g. an impossible date such as 2026-02-30
        problems.append(out.diag(loc, "S003", f"value '{node.value}' cannot be read: {exc}"))
        return None


def _parse_fast(text: str, path: str) -> tuple[LoadedFile, list[Diagnostic]] | None:
    """The libyaml path: None when libyaml is missing or the file has any problem."""
    if _FastBuilder is None or not text.strip() or yaml.reader.Reader.NON_PRINTABLE.search(text):
        return None
    loader = _FastBuilder(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None
        out = LoadedFile(path=path, data=None)
        problems: list[Diagnostic] = []
        out.data = _build(root, (), loader, out, problems)
        return (out, problems) if not problems else None
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()


def parse_text(text: str, path: str) -> tuple[LoadedFile, list[Diagnostic]]:
    fast = _parse_fast(text, path)
    if fast is not None:
        return fast
    out = LoadedFile(path=path, data=None)
    problems: list[Diagnostic] = []
    if not text.strip():
        problems.append(Diagnostic(path, 1, 1, "Y003", "file is empty"))
        return out, problems
    loader = None
    try:
        loader = _Builder(text)  # the reader rejects control characters here already
        root = loader.get_single_node()
        if root is None:
            problems.append(Diagnostic(path, 1, 1, "Y003", "file holds no data, only comments"))
            return out, problems
        out.data = _build(root, (), loader, out, problems)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = (exc.problem or "invalid YAML").strip()
        lines = text.splitlines() or [""]
        if "\t" in lines[min(line, len(lines)) - 1]:
            problem += " (tabs are not allowed for indentation; use spaces)"
        problems.append(Diagnostic(path, line, col, "Y001", problem))
    except yaml.YAMLError as exc:  # reader errors: control characters and the like
        line, col = _reader_position(text, getattr(exc, "position", 0))
        problems.append(Diagnostic(path, line, col, "Y001", str(exc).splitlines()[0]))
    finally:
        if loader is not None:
            loader.dispose()
    return out, problems


def _reader_position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def load_file(file: Path, root: Path) -> tuple[LoadedFile, list[Diagnostic]]:
    rel = file.relative_to(root).as_posix()
    raw = file.read_bytes()
    if len(raw) > MAX_BYTES:
        return LoadedFile(rel, None), [
            Diagnostic(rel, 1, 1, "Y005", f"file is {len(raw):,} bytes; the limit is {MAX_BYTES:,}")
        ]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return LoadedFile(rel, None), [
            Diagnostic(rel, line, col, "Y004", f"byte 0x{raw[exc.start]:02x} is not valid UTF-8")
        ]
    text = text.removeprefix("\ufeff")
    return parse_text(text, rel)
