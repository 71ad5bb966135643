"""Each validator rule, pinned with its exact message on a tiny fixture.

Every case edits one file of the minimal valid knowledge base and expects exactly one
located line (path:line:col: CODE message).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from build_tools.knowledge_base import Layout, load_and_validate

TREE = "decision_trees/peer-consultation.yaml"
PRINCIPLE = "knowledge/principles/confidentiality.yaml"
SOURCES = "knowledge/sources.yaml"
CASES = "knowledge/cases/peer-consultation.yaml"
TODAY = dt.date(2026, 11, 23)


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text()
    assert old in text, f"fixture no longer contains {old!r}"
    path.write_text(text.replace(old, new, 1))


def problems(root: Path) -> list[str]:
    _, diagnostics = load_and_validate(Layout(root), today=TODAY)
    return [str(d) for d in diagnostics]


def test_fixture_is_clean(minimal):
    assert problems(minimal) == []


CASES_TABLE = [
    # (id, file, old text, new text, expected lines)
    ("Y001-syntax", TREE, "title: Consulting a peer", "title: [Consulting a peer",
     [f"{TREE}:3:9: Y001 expected ',' or ']', but got ':'"]),
    ("Y001-tab", TREE, "  identifiable:\n", "\tidentifiable:\n",
     [f"{TREE}:9:1: Y001 found character '\\t' that cannot start any token (tabs are not allowed for indentation; use spaces)"]),
    ("Y002-duplicate-key", TREE, "    headline: You may consult without identifying details.\n",
     "    headline: You may consult without identifying details.\n    headline: Again.\n",
     [f"{TREE}:32:5: Y002 duplicate key 'headline' (first defined at line 31)"]),
    ("S001-unknown-key", TREE, "    text: Would the peer", "    txt: Would the peer",
     [f"{TREE}:10:5: S002 missing required field 'text'",
      f"{TREE}:11:5: S001 unknown key 'txt'"]),
    ("S002-missing", TREE, "    headline: You may consult, within the consent given.\n", "",
     [f"{TREE}:36:5: S002 missing required field 'headline'"]),
    ("S003-wrong-type", TREE, "    actions: [Record the consent.]", "    actions: Record the consent.",
     [f"{TREE}:39:14: S003 'actions' must be a list, not text"]),
    ("S004-malformed-id", PRINCIPLE, "related: [consultation]", "related: [Consultation_Peer]",
     [f"{PRINCIPLE}:14:11: S004 malformed related 'Consultation_Peer': use lowercase letters and digits joined by single hyphens"]),
    ("S005-verdict", TREE, "verdict: not-permitted", "verdict: forbidden",
     [f"{TREE}:47:14: S005 'verdict' cannot be 'forbidden'; expected 'required', 'permitted', "
      "'permitted-with-conditions', 'not-permitted', 'consult' or 'urgent'"]),
    ("S006-file-name", TREE, "id: peer-consultation", "id: peer-consult",
     [f"{TREE}:1:5: S006 id 'peer-consult' must match the file name 'peer-consultation.yaml' "
      "(rename the file to peer-consult.yaml)",
      "knowledge/cases/peer-consultation.yaml:4:11: R005 unknown decision tree 'peer-consultation'"]),
    ("R001-duplicate-source", SOURCES, "  - id: nasw-1.07", "  - id: apa-4.06\n    body: x\n"
     "    document: x\n    short: x\n    edition: x\n    section: x\n    title: x\n"
     "    url: https://example.org\n    paraphrase: x\n    verified: false\n"
     "    verification: x\n  - id: nasw-1.07",
     [f"{SOURCES}:13:9: R001 duplicate source id 'apa-4.06' (first defined in {SOURCES}:2)"]),
    ("R002-dangling-next", TREE, "        next: consult-freely", "        next: consult-freeley",
     [f"{TREE}:16:15: R002 answer 'No' leads to 'consult-freeley', which is not a node of tree 'peer-consultation'",
      f"{TREE}:28:3: G001 node 'consult-freely' cannot be reached from the start node 'identifiable'"]),
    ("R002-start", TREE, "start: identifiable", "start: nowhere",
     [f"{TREE}:6:8: R002 start node 'nowhere' does not exist"]),
    ("R003-unknown-principle", TREE, "principles: [confidentiality, consultation]",
     "principles: [confidentiality, consultaton]",
     [f"{TREE}:13:35: R003 unknown principle 'consultaton'"]),
    ("R004-unknown-source", TREE, "sources: [apa-4.06]\n  consult-with-consent",
     "sources: [apa-4.6]\n  consult-with-consent",
     [f"{TREE}:34:15: R004 unknown source 'apa-4.6'"]),
    ("R005-case-outcome", CASES, "expected_outcome: do-not-identify",
     "expected_outcome: no-such-outcome",
     [f"{CASES}:7:23: R005 tree 'peer-consultation' has no node 'no-such-outcome'"]),
    ("G001-unreachable", TREE, "        next: consult-with-consent", "        next: do-not-identify",
     [f"{TREE}:35:3: G001 node 'consult-with-consent' cannot be reached from the start node 'identifiable'"]),
    ("G002-cycle", TREE, "        next: do-not-identify", "        next: identifiable",
     [f"{TREE}:27:15: G002 answer 'No' of 'has-consent' leads back to 'identifiable', making a cycle",
      f"{TREE}:45:3: G001 node 'do-not-identify' cannot be reached from the start node 'identifiable'",
      f"{CASES}:7:23: C004 case 'rural-peer' reaches 'identifiable', not 'do-not-identify'"]),
    ("G003-one-answer", TREE,
     "      - label: \"No\"\n        next: do-not-identify\n", "",
     [f"{TREE}:24:7: G003 question 'has-consent' has 1 answer(s); it needs at least 2",
      f"{TREE}:43:3: G001 node 'do-not-identify' cannot be reached from the start node 'identifiable'",
      f"{CASES}:6:14: C004 case 'rural-peer': 'has-consent' has no answer 'No' (answers: Yes)"]),
    ("C001-no-source", TREE, "    sources: [apa-4.06]\n  consult-with-consent",
     "    sources: []\n  consult-with-consent",
     [f"{TREE}:28:3: C001 outcome 'consult-freely' cites no source"]),
    ("C002-principle-no-source", "knowledge/principles/consultation.yaml",
     "sources: [apa-4.06]", "sources: []",
     ["knowledge/principles/consultation.yaml:1:5: C002 principle 'consultation' cites no source"]),
    ("C003-no-action", TREE, "    actions: [Share only what the question needs.]",
     "    actions: []",
     [f"{TREE}:28:3: C003 outcome 'consult-freely' lists no action"]),
    ("C004-case-wrong-outcome", CASES, 'answers: ["Yes", "No"]', 'answers: ["Yes", "Yes"]',
     [f"{CASES}:7:23: C004 case 'rural-peer' reaches 'consult-with-consent', not "
      "'do-not-identify'"]),
    ("C004-case-bad-label", CASES, 'answers: ["Yes", "No"]', 'answers: ["Maybe"]',
     [f"{CASES}:6:14: C004 case 'rural-peer': 'identifiable' has no answer 'Maybe' "
      "(answers: No; Yes)"]),
    ("C005-no-principle", TREE, "    principles: [consultation]\n    sources: [apa-4.06]\n  consult-with",
     "    sources: [apa-4.06]\n  consult-with",
     [f"{TREE}:28:3: C005 outcome 'consult-freely' names no principle"]),
    ("W001-review-due", TREE, "next_review: 2030-11-01", "next_review: 2026-01-01",
     [f"{TREE}:7:50: W001 review was due on 2026-01-01"]),
]


@pytest.mark.parametrize("rule", CASES_TABLE, ids=[c[0] for c in CASES_TABLE])
def test_rule(minimal, rule):
    _, rel, old, new, expected = rule
    edit(minimal, rel, old, new)
    assert problems(minimal) == expected


def test_every_problem_is_reported_at_once(minimal):
    edit(minimal, TREE, "verdict: not-permitted", "verdict: forbidden")
    edit(minimal, PRINCIPLE, "related: [consultation]", "related: [nobody]")
    edit(minimal, SOURCES, "    verified: false", "    verified: maybe")
    codes = sorted(line.split(" ")[1] for line in problems(minimal))
    assert codes == ["R003", "S003", "S005"]


def test_empty_and_binary_files(minimal):
    (minimal / TREE).write_text("# only a comment\n")
    (minimal / PRINCIPLE).write_bytes(b"id: confidentiality\ntitle: caf\xe9\n")
    lines = problems(minimal)
    assert f"{TREE}:1:1: Y003 file holds no data, only comments" in lines
    assert f"{PRINCIPLE}:2:11: Y004 byte 0xe9 is not valid UTF-8" in lines


def test_yes_and_no_stay_text(minimal):
    # YAML 1.1 would read an unquoted Yes as a boolean; answer labels must stay words.
    edit(minimal, TREE, 'label: "No"', "label: No")
    edit(minimal, TREE, 'label: "Yes"', "label: Yes")
    assert problems(minimal) == []


def test_G004_questions_that_never_reach_an_outcome(minimal):
    edit(minimal, TREE, "        next: consult-freely", "        next: has-consent")
    edit(minimal, TREE, "        next: consult-with-consent", "        next: identifiable")
    edit(minimal, TREE, "        next: do-not-identify", "        next: identifiable")
    lines = problems(minimal)
    assert f"{TREE}:9:3: G004 no path from question 'identifiable' ends in an outcome" in lines
    assert f"{TREE}:19:3: G004 no path from question 'has-consent' ends in an outcome" in lines
    assert sum(" G002 " in line for line in lines) == 2


def test_node_id_index_is_reserved(minimal):
    edit(minimal, TREE, "consult-freely", "index")
    edit(minimal, TREE, "  consult-freely:", "  index:")
    assert (f"{TREE}:28:3: S004 node id 'index' is reserved: it would clash with the tree's "
            "overview page") in problems(minimal)


def test_every_code_is_documented_in_the_editing_guide():
    from build_tools.diagnostics import CODES
    from conftest import ROOT

    guide = (ROOT / "docs" / "guides" / "editing.md").read_text()
    missing = [code for code in CODES if f"### {code}:" not in guide]
    assert missing == []
