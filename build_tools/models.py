"""The data model of the knowledge base, declared once.

These pydantic models check the shape of every YAML file, give the JSON Schema files in
`schemas/` (so editors get completion) and are the objects every renderer reads.
Cross-file rules (references, graph shape) live in `validate.py`.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum
from typing import Annotated, Any, Literal, Union

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field,
                      StringConstraints)
from pydantic_core import PydanticCustomError

# Ids are permanent URL segments: lowercase words joined by hyphens.
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
# Source ids follow the citation register (`apa-4.06`, `aca-b.7`): dots are allowed too.
SOURCE_ID_PATTERN = r"^[a-z0-9]+([.-][a-z0-9]+)*$"

# Text may use light Markdown but never HTML or script links: the renderer escapes both
# anyway; rejecting them here tells the editor at once instead of showing odd text.
_HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!?]")
_BAD_LINK = re.compile(r"\]\(\s*(?!https?:|mailto:|#|\.{0,2}/|[\w.-]+(?:/|#|\)|$))[^)]*\)")
_SCRIPT_URL = re.compile(r"(?i)\b(?:javascript|vbscript)\s*:")


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _no_markup(value: str) -> str:
    if _CONTROL.search(value):
        raise PydanticCustomError("control_character", "control characters are not allowed in text")
    if _HTML_TAG.search(value):
        raise PydanticCustomError("html_not_allowed",
                                  "HTML is not allowed in text; use Markdown (**bold**, lists, links)")
    if _BAD_LINK.search(value) or _SCRIPT_URL.search(value):
        raise PydanticCustomError("unsafe_link",
                                  "links may only point to https://, mailto: or pages of this site")
    return value


Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=80)]
SourceId = Annotated[str, StringConstraints(pattern=SOURCE_ID_PATTERN, max_length=80)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=4000, strip_whitespace=True),
                 AfterValidator(_no_markup)]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=300, strip_whitespace=True),
                      AfterValidator(_no_markup)]


class Strict(BaseModel):
    """Unknown keys are errors: a typo must not silently drop content."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Verdict(str, Enum):
    required = "required"
    permitted = "permitted"
    permitted_with_conditions = "permitted-with-conditions"
    not_permitted = "not-permitted"
    consult = "consult"
    urgent = "urgent"

    @property
    def label(self) -> str:
        return VERDICT_LABELS[self]


VERDICT_LABELS = {
    Verdict.required: "Required",
    Verdict.permitted: "Permitted",
    Verdict.permitted_with_conditions: "Permitted with conditions",
    Verdict.not_permitted: "Not permitted",
    Verdict.consult: "Consult before acting",
    Verdict.urgent: "Urgent: act now",
}


class Review(Strict):
    last_reviewed: dt.date = Field(description="Date a reviewer last checked the content.")
    next_review: dt.date = Field(description="Date by which it must be checked again.")
    reviewer: ShortText | None = Field(None, description="Role of the reviewer (never a client).")


def _citation_from_text(value: Any) -> Any:
    # `- apa-4.06` is shorthand for `- {source: apa-4.06}`
    return {"source": value} if isinstance(value, str) else value


class CitationForm(Strict):
    source: SourceId = Field(description="Id of an entry in knowledge/sources.yaml.")
    pinpoint: ShortText | None = Field(
        None, description="Sub-section within the source's section, e.g. '(c)'.")


Citation = Annotated[
    CitationForm,
    BeforeValidator(_citation_from_text, json_schema_input_type=Union[SourceId, CitationForm]),
]


# ---------------------------------------------------------------- sources


class Source(Strict):
    id: SourceId
    body: ShortText = Field(description="Issuing body, e.g. 'American Counseling Association'.")
    document: ShortText = Field(description="Document, e.g. 'ACA Code of Ethics'.")
    short: ShortText = Field(description="Short name used in citations, e.g. 'ACA' or '45 CFR'.")
    edition: ShortText = Field(description="Edition or year in force, e.g. '2014'.")
    section: ShortText = Field(description="Section number, e.g. 'B.7.b' or '164.512(j)'.")
    title: ShortText = Field(description="Heading of the section, in the source's own words.")
    url: Annotated[str, StringConstraints(pattern=r"^https://[^\s<>\"']+$")] = Field(
        description="Official URL of the text.")
    paraphrase: Text = Field(description="One line in our own words; never copied text.")
    jurisdiction: ShortText | None = Field(None, description="e.g. 'US (federal)', 'England'.")
    verified: bool = Field(
        description="True only when the section number was checked against the official text.")
    verification: Text = Field(description="What was checked, where and when, or what is pending.")

    @property
    def cite(self) -> str:
        return f"{self.short} {self.section}"

    def cite_with(self, pinpoint: str | None) -> str:
        """Citation text for a pinpoint: `(c)` or `.b` narrows the section (`1.07(a)–(w)` +
        `(c)` -> `1.07(c)`); a bare letter does the same; anything else (`B.1.c`, `C3b`,
        `164.502(b)`) is a full section number and stands in place of the section."""
        if not pinpoint:
            return self.cite
        p = pinpoint.strip()
        base = _SECTION_RANGE.sub("", self.section)
        dotted = bool(re.search(r"\.[a-z]\s*[–-]", self.section)) or bool(
            re.search(r"[A-Z]\.\d+$", base))
        if re.fullmatch(r"[a-z]{1,2}", p):
            p = f".{p}" if dotted else f"({p})"
        if p[0] in "(.":
            return f"{self.short} {base if base.endswith(p) else base + p}"
        return f"{self.short} {p}"


# A trailing range or list of sub-sections in a section number: "(a)–(w)", ".a–e", "(a), (b)".
_SECTION_RANGE = re.compile(r"(\([a-z0-9]+\)|\.[a-z])\s*([–-]|,).*$")


class SourcesFile(Strict):
    sources: list[Source] = Field(min_length=1)


# ---------------------------------------------------------------- principles


class PrincipleSections(Strict):
    what_it_means: Text
    why_it_matters: Text
    in_practice: list[Text] = Field(min_length=1)
    pitfalls: list[Text] = Field(min_length=1)
    exceptions: list[Text] = Field(default_factory=list)


class Principle(Strict):
    id: Id
    title: ShortText
    summary: Text = Field(description="One or two sentences: the verdict a busy reader needs.")
    sections: PrincipleSections
    related: list[Id] = Field(default_factory=list, description="Ids of related principles.")
    sources: list[Citation] = Field(default_factory=list)
    review: Review


# ---------------------------------------------------------------- decision trees


class Answer(Strict):
    label: ShortText
    next: Id = Field(description="Id of the node this answer leads to.")


class QuestionNode(Strict):
    kind: Literal["question"]
    text: ShortText = Field(description="The question, one sentence.")
    help: Text | None = Field(None, description="Guidance to answer it (Markdown).")
    principles: list[Id] = Field(default_factory=list)
    sources: list[Citation] = Field(default_factory=list)
    answers: list[Answer] = Field(description="At least two; each leads to the next node.")


class JurisdictionNote(Strict):
    jurisdiction: ShortText
    note: Text


class OutcomeNode(Strict):
    kind: Literal["outcome"]
    verdict: Verdict
    headline: ShortText = Field(description="The verdict in one plain sentence.")
    summary: Text | None = None
    actions: list[Text] = Field(default_factory=list, description="What to do, in order.")
    principles: list[Id] = Field(default_factory=list)
    sources: list[Citation] = Field(default_factory=list)
    jurisdiction_notes: list[JurisdictionNote] = Field(default_factory=list)


Node = Annotated[Union[QuestionNode, OutcomeNode], Field(discriminator="kind")]


class DecisionTree(Strict):
    id: Id
    title: ShortText
    question: ShortText = Field(description="The question the tree answers.")
    audience: ShortText = Field(description="Who it is for.")
    summary: Text
    start: Id
    review: Review
    nodes: dict[Id, Node] = Field(min_length=2)


# ---------------------------------------------------------------- glossary, cases, disagreements


class GlossaryTerm(Strict):
    term: ShortText
    abbreviation: ShortText | None = Field(None, description="Shown as a tooltip where it appears.")
    definition: Text
    principles: list[Id] = Field(default_factory=list)
    sources: list[Citation] = Field(default_factory=list)


class GlossaryFile(Strict):
    terms: list[GlossaryTerm] = Field(min_length=1)


class WorkedCase(Strict):
    id: Id
    title: ShortText
    tree: Id
    vignette: Text = Field(description="Fictional; never identifies a real person.")
    answers: list[ShortText] = Field(min_length=1, description="Answer labels chosen, in order.")
    expected_outcome: Id
    discussion: Text | None = None


class CasesFile(Strict):
    cases: list[WorkedCase] = Field(min_length=1)


class Position(Strict):
    who: ShortText = Field(description="Code, law or jurisdiction holding this position.")
    position: Text
    sources: list[Citation] = Field(min_length=1)


class Disagreement(Strict):
    id: Id
    title: ShortText
    summary: Text
    positions: list[Position] = Field(min_length=2)
    what_to_do: Text
    principles: list[Id] = Field(default_factory=list)


class DisagreementsFile(Strict):
    disagreements: list[Disagreement] = Field(min_length=1)
