"""Problems found in the data, reported like a compiler: ``path:line:col: CODE message``.

Every stage appends to one list so an editor sees all problems of a build at once.
Codes are permanent: the editing guide documents each with a minimal bad example.
"""

from __future__ import annotations

from dataclasses import dataclass

# code -> one-line title; the editing guide (docs/guides/editing.md) explains each one.
CODES: dict[str, str] = {
    "Y001": "YAML syntax error",
    "Y002": "duplicate key in a mapping",
    "Y003": "file is empty",
    "Y004": "file is not valid UTF-8 text",
    "Y005": "file is too large",
    "S001": "unknown key",
    "S002": "missing required field",
    "S003": "wrong type",
    "S004": "malformed id",
    "S005": "value not allowed",
    "S006": "file name does not match the id",
    "S007": "HTML or an unsafe link in a text field",
    "R001": "duplicate id",
    "R002": "`next` or `start` names no node in this tree",
    "R003": "unknown principle",
    "R004": "unknown source",
    "R005": "unknown decision tree or node",
    "G001": "node cannot be reached from the start",
    "G002": "cycle: the tree loops back on itself",
    "G003": "question with fewer than two answers",
    "G004": "path that does not end in an outcome",
    "C001": "outcome with no source",
    "C002": "principle with no source",
    "C003": "outcome with no action",
    "C004": "worked case does not reach its stated outcome",
    "C005": "outcome with no principle",
    "W001": "review date has passed",
}


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str  # relative to the repository root, with forward slashes
    line: int  # 1-based
    col: int  # 1-based
    code: str
    message: str

    @property
    def is_warning(self) -> bool:
        return self.code.startswith("W")

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.code} {self.message}"


class DataError(Exception):
    """Raised by callers that need an exception; carries every diagnostic of the build."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        super().__init__("\n".join(str(d) for d in diagnostics))


def errors_only(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if not d.is_warning]
