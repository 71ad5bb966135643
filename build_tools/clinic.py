"""The clinic edition: one optional YAML file with a clinic's own contacts and numbers.

The file (see `clinic.example.yml`) names the clinic, the people to consult, emergency and
crisis numbers, links to local policies and the default jurisdiction. The site shows them
where they help (outcome pages, the emergency guide, every page's banner); the handbook can
print them. Which file: the environment variable `KB_CLINIC_FILE` if set, else
`extra.clinic_file` in mkdocs.yml; with neither, the site is the generic edition.

It is checked like every other data file: unknown keys are errors, and every problem is one
`path:line:col: CODE message` line.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated

from pydantic import Field, StringConstraints, ValidationError

from .diagnostics import Diagnostic
from .models import ShortText, Strict
from .schema_errors import diagnostics_from
from .yaml_loader import load_file

CLINIC_ENV = "KB_CLINIC_FILE"
CONFIG_KEY = "clinic_file"  # under `extra:` in mkdocs.yml

PHONE_PATTERN = r"^\+?[0-9][0-9 ()-]*[0-9]$"
EMAIL_PATTERN = r"^[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+$"

Phone = Annotated[str, StringConstraints(pattern=PHONE_PATTERN, max_length=30)]
Email = Annotated[str, StringConstraints(pattern=EMAIL_PATTERN, max_length=200)]
HttpsUrl = Annotated[str, StringConstraints(pattern=r"^https://[^\s<>\"']+$", max_length=2000)]

# Messages for fields whose pattern is not an id (schema_errors words those as ids).
_PATTERN_HINTS = {
    "phone": "a phone number: digits, spaces, a leading + and ( ) - only",
    "number": "a phone number: digits, spaces, a leading + and ( ) - only",
    "email": "an email address such as name@example.org",
}


class Contact(Strict):
    role: ShortText = Field(
        description="What they are for, e.g. 'Clinical supervisor', 'Privacy officer', "
                    "'Caldicott Guardian'.")
    name: ShortText | None = Field(None, description="Name or team.")
    phone: Phone | None = Field(None, description="Phone number, e.g. '+44 20 7946 0000'.")
    email: Email | None = None
    when: ShortText | None = Field(
        None, description="When to contact them, e.g. 'before any disclosure without consent'.")

    @property
    def tel(self) -> str | None:
        return "tel:" + re.sub(r"[^0-9+]", "", self.phone) if self.phone else None


class PhoneNumber(Strict):
    label: ShortText = Field(description="Who answers, e.g. 'Emergency services'.")
    number: Phone = Field(description="The number as dialled, e.g. '999' or '116 123'.")
    when: ShortText | None = Field(None, description="Hours or when to use it.")

    @property
    def tel(self) -> str:
        return "tel:" + re.sub(r"[^0-9+]", "", self.number)


class PolicyLink(Strict):
    title: ShortText
    url: HttpsUrl = Field(description="https:// address of the policy (intranet or public).")


class Clinic(Strict):
    """A clinic's own details, shown alongside the generic guidance."""

    name: ShortText = Field(description="The clinic's name as staff know it.")
    jurisdiction: ShortText | None = Field(
        None, description="Default jurisdiction, e.g. 'England' or 'US'; notes for it are "
                          "marked on outcome pages.")
    contacts: list[Contact] = Field(
        default_factory=list, description="People to consult: supervisor, privacy officer, "
                                          "Caldicott Guardian ...")
    emergency: list[PhoneNumber] = Field(
        default_factory=list, description="Emergency numbers, most urgent first.")
    crisis: list[PhoneNumber] = Field(
        default_factory=list, description="Crisis lines and teams.")
    policies: list[PolicyLink] = Field(
        default_factory=list, description="Links to the clinic's own policies.")

    def applies_to(self, jurisdiction: str) -> bool:
        """Whether a jurisdiction note ('England and UK', 'US (HIPAA)') covers the clinic's."""
        if not self.jurisdiction:
            return False
        word = re.escape(self.jurisdiction.strip())
        return re.search(rf"(?<![\w]){word}(?![\w])", jurisdiction, re.IGNORECASE) is not None


def clinic_file(root: Path, extra: Mapping | None = None,
                environ: Mapping[str, str] | None = None) -> Path | None:
    """The clinic file to use: `KB_CLINIC_FILE` (relative to the working folder) if set and
    not empty, else `extra.clinic_file` (relative to the project root), else None."""
    environ = os.environ if environ is None else environ
    from_env = (environ.get(CLINIC_ENV) or "").strip()
    if from_env:
        return Path(from_env).expanduser().resolve()
    configured = (extra or {}).get(CONFIG_KEY)
    if configured:
        path = Path(str(configured)).expanduser()
        return path if path.is_absolute() else (root / path)
    return None


def _display(path: Path, root: Path | None) -> tuple[Path, str]:
    """The folder to report paths against and the path as an editor should see it."""
    resolved = path.resolve()
    for base in [root, Path.cwd()]:
        if base is not None:
            try:
                return base.resolve(), resolved.relative_to(base.resolve()).as_posix()
            except ValueError:
                continue
    return resolved.parent, resolved.as_posix()


def load_clinic(path: Path | str | None, root: Path | None = None
                ) -> tuple[Clinic | None, list[Diagnostic]]:
    """Read and check a clinic file. Returns the clinic (None when there is no file or it has
    errors) and every problem found, each located as `path:line:col: CODE message`."""
    if path is None or str(path) == "":
        return None, []
    path = Path(path)
    base, shown = _display(path, root)
    if not path.is_file():
        return None, [Diagnostic(shown, 1, 1, "S002", "the clinic file does not exist (check "
                                 f"{CLINIC_ENV} or extra.{CONFIG_KEY} in mkdocs.yml)")]
    loaded, problems = load_file(path.resolve(), base)
    loaded.path = shown
    problems = [dataclasses.replace(d, path=shown) for d in problems]
    if problems or loaded.data is None:
        return None, problems
    if not isinstance(loaded.data, dict):
        return None, [loaded.diag((), "S003", "the file must hold a mapping of keys to values")]
    try:
        return Clinic.model_validate(loaded.data), []
    except ValidationError as exc:
        found = diagnostics_from(exc, loaded)
        better = {}
        for err in exc.errors(include_url=False):
            field = err["loc"][-1] if err["loc"] else None
            if err["type"] == "string_pattern_mismatch" and field in _PATTERN_HINTS:
                line, col = loaded.where(tuple(err["loc"]))
                better[(line, col)] = Diagnostic(
                    shown, line, col, "S005",
                    f"'{field}' cannot be '{err.get('input')}'; expected {_PATTERN_HINTS[field]}")
        found = [better.get((d.line, d.col), d) if d.code == "S004" else d for d in found]
        return None, sorted(found)


def load_configured_clinic(root: Path, extra: Mapping | None = None
                           ) -> tuple[Clinic | None, list[Diagnostic]]:
    """The clinic of a build: `clinic_file` then `load_clinic` (for the site and the PDF)."""
    return load_clinic(clinic_file(root, extra), root)
