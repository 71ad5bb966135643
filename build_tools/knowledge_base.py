"""Load every data file into one validated knowledge base, or report every problem.

Stage order: read YAML (yaml_loader) -> check shape (models) -> check references and
graphs (validate). Nothing is rendered from a knowledge base that has errors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from . import models as m
from .diagnostics import Diagnostic, errors_only
from .schema_errors import diagnostics_from
from .yaml_loader import LoadedFile, load_file

T = TypeVar("T", bound=BaseModel)


@dataclass(frozen=True)
class Layout:
    """Where the data lives, relative to the project root."""

    root: Path
    trees: str = "decision_trees"
    principles: str = "knowledge/principles"
    sources: str = "knowledge/sources.yaml"
    glossary: str = "knowledge/glossary.yaml"
    cases: str = "knowledge/cases"
    disagreements: str = "knowledge/disagreements.yaml"

    def data_paths(self) -> list[Path]:
        """Every file and folder the build reads (for `mkdocs serve` to watch)."""
        return [self.root / p for p in (self.trees, "knowledge")]


@dataclass
class Located:
    """Where an object was defined, so later checks can point at it."""

    file: LoadedFile
    loc: tuple = ()

    def diag(self, sub: tuple, code: str, message: str, *, key: bool = False) -> Diagnostic:
        return self.file.diag(self.loc + tuple(sub), code, message, key=key)


@dataclass
class KnowledgeBase:
    sources: dict[str, m.Source] = field(default_factory=dict)
    principles: dict[str, m.Principle] = field(default_factory=dict)
    trees: dict[str, m.DecisionTree] = field(default_factory=dict)
    glossary: list[m.GlossaryTerm] = field(default_factory=list)
    cases: list[m.WorkedCase] = field(default_factory=list)
    disagreements: list[m.Disagreement] = field(default_factory=list)
    # ("tree", id) / ("principle", id) / ("source", id) / ("case", id) ... -> definition site
    where: dict[tuple[str, str], Located] = field(default_factory=dict)
    # ids whose definition failed its shape check: references to them are not errors too
    unparsed: set[tuple[str, str]] = field(default_factory=set)

    def defines(self, kind: str, obj_id: str) -> bool:
        return (kind, obj_id) in self.where or (kind, obj_id) in self.unparsed


def _yaml_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def _parse(model: type[T], loaded: LoadedFile, problems: list[Diagnostic]) -> T | None:
    if loaded.data is None:
        return None
    if not isinstance(loaded.data, dict):
        problems.append(loaded.diag((), "S003", "the file must hold a mapping of keys to values"))
        return None
    try:
        return model.model_validate(loaded.data)
    except ValidationError as exc:
        problems.extend(diagnostics_from(exc, loaded))
        return None


def _raw_id(raw) -> str | None:
    return raw.get("id") if isinstance(raw, dict) and isinstance(raw.get("id"), str) else None


def _parse_list(model: type[T], key: str, item: type, loaded: LoadedFile,
                problems: list[Diagnostic], unparsed: set | None = None,
                kind: str = "") -> list[tuple[object, Located]]:
    """Validate a list file item by item, so one bad item does not hide the others."""
    if loaded.data is None:
        return []
    if not isinstance(loaded.data, dict) or not isinstance(loaded.data.get(key), list):
        # Let the file model report the exact shape problem.
        _parse(model, loaded, problems)
        return []
    extra = set(loaded.data) - {key}
    for name in sorted(extra):
        problems.append(loaded.diag((name,), "S001", f"unknown key '{name}'", key=True))
    out = []
    for i, raw in enumerate(loaded.data[key]):
        try:
            out.append((item.model_validate(raw), Located(loaded, (key, i))))
        except ValidationError as exc:
            problems.extend(diagnostics_from(exc, loaded, base=(key, i)))
            if unparsed is not None and _raw_id(raw):
                unparsed.add((kind, _raw_id(raw)))
    if not loaded.data[key]:
        problems.append(loaded.diag((key,), "S005", f"'{key}' needs at least 1 item(s)"))
    return out


def load(layout: Layout, problems: list[Diagnostic]) -> KnowledgeBase:
    """Read and shape-check every file; duplicate ids are left to `validate`."""
    kb = KnowledgeBase()
    root = layout.root

    def read(path: Path) -> LoadedFile:
        loaded, found = load_file(path, root)
        problems.extend(found)
        return loaded

    def remember(kind: str, obj_id: str, site: Located, store: dict, obj) -> None:
        key = (kind, obj_id)
        if key in kb.where:
            first = kb.where[key]
            line = first.file.where(first.loc + ("id",))[0]
            problems.append(site.diag(("id",), "R001",
                                      f"duplicate {kind} id '{obj_id}' "
                                      f"(first defined in {first.file.path}:{line})"))
            return
        kb.where[key] = site
        store[obj_id] = obj

    sources_file = root / layout.sources
    if sources_file.is_file():
        for source, site in _parse_list(m.SourcesFile, "sources", m.Source,
                                         read(sources_file), problems, kb.unparsed, "source"):
            remember("source", source.id, site, kb.sources, source)
    else:
        problems.append(Diagnostic(layout.sources, 1, 1, "S002", "the sources file is missing"))

    for path in _yaml_files(root / layout.principles):
        loaded = read(path)
        principle = _parse(m.Principle, loaded, problems)
        if principle:
            _check_file_name(path, principle.id, loaded, problems)
            remember("principle", principle.id, Located(loaded), kb.principles, principle)
        else:
            kb.unparsed.add(("principle", _raw_id(loaded.data) or path.stem))

    for path in _yaml_files(root / layout.trees):
        loaded = read(path)
        tree = _parse(m.DecisionTree, loaded, problems)
        if tree:
            _check_file_name(path, tree.id, loaded, problems)
            remember("tree", tree.id, Located(loaded), kb.trees, tree)
        else:  # unreadable: assume the file name is its id, so references to it stay quiet
            kb.unparsed.add(("tree", _raw_id(loaded.data) or path.stem))

    glossary_file = root / layout.glossary
    if glossary_file.is_file():
        for term, site in _parse_list(m.GlossaryFile, "terms", m.GlossaryTerm,
                                       read(glossary_file), problems):
            kb.glossary.append(term)
            kb.where[("term", term.term.lower())] = site

    for path in _yaml_files(root / layout.cases):
        for case, site in _parse_list(m.CasesFile, "cases", m.WorkedCase, read(path), problems):
            remember("case", case.id, site, {}, case)
            if kb.where.get(("case", case.id)) is site:
                kb.cases.append(case)

    dis_file = root / layout.disagreements
    if dis_file.is_file():
        for item, site in _parse_list(m.DisagreementsFile, "disagreements", m.Disagreement,
                                       read(dis_file), problems):
            remember("disagreement", item.id, site, {}, item)
            if kb.where.get(("disagreement", item.id)) is site:
                kb.disagreements.append(item)
    return kb


def _check_file_name(path: Path, obj_id: str, loaded: LoadedFile,
                     problems: list[Diagnostic]) -> None:
    if path.stem != obj_id:
        problems.append(loaded.diag(("id",), "S006",
                                    f"id '{obj_id}' must match the file name '{path.name}' "
                                    f"(rename the file to {obj_id}.yaml)"))


def load_and_validate(layout: Layout, today=None) -> tuple[KnowledgeBase, list[Diagnostic]]:
    """The one entry point every renderer uses: a knowledge base and all its diagnostics."""
    from .validate import validate  # local import: validate imports this module's types

    problems: list[Diagnostic] = []
    kb = load(layout, problems)
    problems.extend(validate(kb, today=today))
    return kb, sorted(set(problems))


def has_errors(diagnostics: list[Diagnostic]) -> bool:
    return bool(errors_only(diagnostics))
