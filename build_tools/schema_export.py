"""Write the JSON Schema files that YAML files reference for editor completion."""

from __future__ import annotations

import json
from pathlib import Path

from . import models as m
from .clinic import Clinic

# file name -> model of one whole YAML file
SCHEMAS = {
    "decision-tree.schema.json": m.DecisionTree,
    "principle.schema.json": m.Principle,
    "sources.schema.json": m.SourcesFile,
    "glossary.schema.json": m.GlossaryFile,
    "cases.schema.json": m.CasesFile,
    "disagreements.schema.json": m.DisagreementsFile,
    "clinic.schema.json": Clinic,  # the optional clinic file (clinic.example.yml)
}


def schema_texts() -> dict[str, str]:
    out = {}
    for name, model in SCHEMAS.items():
        schema = model.model_json_schema(mode="validation")
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
        out[name] = json.dumps(schema, indent=2, sort_keys=True) + "\n"
    return out


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_texts().items():
        path = folder / name
        if not path.exists() or path.read_text() != text:
            path.write_text(text)
            written.append(path)
    return written
