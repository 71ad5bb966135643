"""Turn pydantic's validation errors into located, plain-language diagnostics."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from .diagnostics import Diagnostic
from .yaml_loader import LoadedFile

_TYPE_NAMES = {
    str: "text", int: "a number", float: "a number", bool: "true or false",
    list: "a list", dict: "a mapping", type(None): "an empty value",
}
_EXPECTED = {
    "string_type": "text", "list_type": "a list", "dict_type": "a mapping",
    "model_type": "a mapping", "model_attributes_type": "a mapping", "bool_type": "true or false",
    "bool_parsing": "true or false", "date_type": "a date (YYYY-MM-DD)",
    "date_parsing": "a date (YYYY-MM-DD)", "date_from_datetime_parsing": "a date (YYYY-MM-DD)",
    "date_from_datetime_inexact": "a date (YYYY-MM-DD)", "int_type": "a whole number",
}
_TAGS = {"question", "outcome"}


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true or false"
    for kind, name in _TYPE_NAMES.items():
        if isinstance(value, kind):
            return name
    return type(value).__name__


def _clean_loc(loc: tuple) -> tuple:
    """Drop pydantic's internal loc parts (union tags, dict-key markers)."""
    out = []
    for i, part in enumerate(loc):
        if part == "[key]":
            continue
        if part in _TAGS and i >= 2 and loc[i - 2] == "nodes":
            continue
        if isinstance(part, str) and ("[" in part or "function-" in part):
            continue
        out.append(part)
    return tuple(out)


def _field_name(loc: tuple) -> str:
    names = [str(p) for p in loc if isinstance(p, str)]
    return names[-1] if names else "document"


def diagnostics_from(error: ValidationError, loaded: LoadedFile, base: tuple = ()) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    seen: set[tuple] = set()
    for err in error.errors(include_url=False):
        raw_loc = tuple(err["loc"])
        is_key = "[key]" in raw_loc
        loc = base + _clean_loc(raw_loc)
        kind = err["type"]
        value = err.get("input")
        name = _field_name(loc)
        if kind == "extra_forbidden":
            d = loaded.diag(loc, "S001", f"unknown key '{name}'", key=True)
        elif kind in ("missing", "union_tag_not_found"):
            missing = "kind" if kind == "union_tag_not_found" else name
            where = loc[:-1] if kind == "missing" else loc
            d = loaded.diag(where, "S002", f"missing required field '{missing}'")
        elif kind == "string_pattern_mismatch" and name == "url":
            d = loaded.diag(loc, "S005", f"url '{value}' must be a single https:// address")
        elif kind == "string_pattern_mismatch":
            what = "node id" if is_key else name
            d = loaded.diag(loc, "S004",
                            f"malformed {what} '{value}': use lowercase letters and digits "
                            "joined by single hyphens")
        elif kind == "string_too_long":
            d = loaded.diag(loc, "S005", f"'{name}' is longer than "
                            f"{err['ctx']['max_length']} characters")
        elif kind in ("string_too_short",):
            d = loaded.diag(loc, "S005", f"'{name}' must not be empty")
        elif kind == "too_short":
            d = loaded.diag(loc, "S005", f"'{name}' needs at least "
                            f"{err['ctx']['min_length']} item(s)")
        elif kind in ("enum", "literal_error", "union_tag_invalid"):
            expected = err.get("ctx", {}).get("expected") or err.get("ctx", {}).get("expected_tags")
            d = loaded.diag(loc, "S005", f"'{name}' cannot be '{value}'; expected {expected}")
        elif kind == "control_character":
            d = loaded.diag(loc, "S005", f"'{name}': {err['msg']}")
        elif kind in ("html_not_allowed", "unsafe_link"):
            d = loaded.diag(loc, "S007", f"'{name}': {err['msg']}")
        elif kind in _EXPECTED:
            d = loaded.diag(loc, "S003", f"'{name}' must be {_EXPECTED[kind]}, not {_describe(value)}")
        else:
            d = loaded.diag(loc, "S003", f"'{name}': {err['msg']}")
        if (d.line, d.col, d.code) not in seen:
            seen.add((d.line, d.col, d.code))
            found.append(d)
    return found
