"""The clinic edition's file: loaded and checked like the rest of the data, shown where it helps.

Errors are pinned exactly (`path:line:col: CODE message`); the browser side (contacts on the
built site, and their absence without a clinic file) is in test_walk_browser.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from build_tools.clinic import CLINIC_ENV, Clinic, clinic_file, load_clinic, load_configured_clinic
from build_tools.knowledge_base import Layout, load_and_validate
from build_tools.render_pages import SiteRenderer
from build_tools.schema_export import schema_texts
from build_tools.site_build import CLINIC_MARKER, SiteBuild, SiteBuildError
from conftest import ROOT

EXAMPLE = ROOT / "clinic.example.yml"


def write(folder: Path, text: str, name: str = "clinic.yml") -> Path:
    path = folder / name
    path.write_text(text)
    return path


def lines(diagnostics) -> list[str]:
    return [str(d) for d in diagnostics]


# ---------------------------------------------------------------- loading and checking


def test_the_example_file_is_valid_and_complete():
    clinic, problems = load_clinic(EXAMPLE, ROOT)
    assert problems == []
    assert isinstance(clinic, Clinic)
    roles = {c.role for c in clinic.contacts}
    assert {"Clinical supervisor", "Privacy officer", "Caldicott Guardian"} <= roles
    assert clinic.emergency and clinic.crisis and clinic.policies and clinic.jurisdiction
    assert clinic.emergency[0].tel == "tel:999"
    assert EXAMPLE.read_text().startswith("# yaml-language-server: $schema=schemas/clinic.schema.json")


def test_no_file_means_the_generic_edition(monkeypatch):
    monkeypatch.delenv(CLINIC_ENV, raising=False)
    assert load_clinic(None) == (None, [])
    assert load_configured_clinic(ROOT, {}) == (None, [])


def test_every_problem_is_one_located_line(tmp_path):
    path = write(tmp_path, (
        "name: Riverside\n"
        "contacts:\n"
        "  - role: Supervisor\n"
        "    phone: \"call reception\"\n"
        "    emial: sup@example.org\n"
        "  - name: Nobody\n"
        "emergency:\n"
        "  - {label: Emergency services, number: \"999\", hours: always}\n"
        "policies:\n"
        "  - title: Confidentiality\n"
        "    url: http://intranet/confidentiality\n"
        "crisis: 116 123\n"))
    clinic, problems = load_clinic(path, tmp_path)
    assert clinic is None
    assert lines(problems) == [
        "clinic.yml:4:12: S005 'phone' cannot be 'call reception'; expected a phone number: "
        "digits, spaces, a leading + and ( ) - only",
        "clinic.yml:5:5: S001 unknown key 'emial'",
        "clinic.yml:6:5: S002 missing required field 'role'",
        "clinic.yml:8:48: S001 unknown key 'hours'",
        "clinic.yml:11:10: S005 url 'http://intranet/confidentiality' must be a single "
        "https:// address",
        "clinic.yml:12:9: S003 'crisis' must be a list, not text",
    ]


def test_email_and_missing_name(tmp_path):
    path = write(tmp_path, "contacts:\n  - role: Privacy officer\n    email: privacy at clinic\n")
    _, problems = load_clinic(path, tmp_path)
    assert lines(problems) == [
        "clinic.yml:1:1: S002 missing required field 'name'",
        "clinic.yml:3:12: S005 'email' cannot be 'privacy at clinic'; expected an email "
        "address such as name@example.org",
    ]


@pytest.mark.parametrize("text, expected", [
    ("name: [unclosed\n", "clinic.yml:2:1: Y001"),
    ("name: A\nname: B\n", "clinic.yml:2:1: Y002 duplicate key 'name' (first defined at line 1)"),
    ("# nothing but a comment\n", "clinic.yml:1:1: Y003"),
    ("- name: A\n", "clinic.yml:1:1: S003 the file must hold a mapping"),
])
def test_yaml_problems_use_the_same_codes_as_the_data(tmp_path, text, expected):
    _, problems = load_clinic(write(tmp_path, text), tmp_path)
    assert len(problems) == 1 and str(problems[0]).startswith(expected)


def test_a_missing_file_is_an_error_not_a_silent_generic_site(tmp_path):
    _, problems = load_clinic(tmp_path / "no-such.yml", tmp_path)
    assert lines(problems) == [
        f"no-such.yml:1:1: S002 the clinic file does not exist (check {CLINIC_ENV} or "
        "extra.clinic_file in mkdocs.yml)"]


def test_which_file_the_environment_wins_over_mkdocs_yml(tmp_path, monkeypatch):
    extra = {"clinic_file": "clinics/ours.yml"}
    assert clinic_file(tmp_path, extra, environ={}) == tmp_path / "clinics/ours.yml"
    assert clinic_file(tmp_path, {}, environ={}) is None
    assert clinic_file(tmp_path, None, environ={CLINIC_ENV: ""}) is None  # `make site` without CLINIC
    monkeypatch.chdir(tmp_path)
    assert clinic_file(tmp_path / "elsewhere", extra, environ={CLINIC_ENV: "mine.yml"}) == \
        (tmp_path / "mine.yml").resolve()


def test_jurisdiction_notes_that_cover_the_clinic():
    clinic = Clinic(name="A", jurisdiction="England")
    assert clinic.applies_to("England")
    assert clinic.applies_to("England and UK")
    assert clinic.applies_to("england (data protection)")
    assert not clinic.applies_to("UK")
    assert not Clinic(name="A").applies_to("England")
    assert not Clinic(name="A", jurisdiction="US").applies_to("Texas")


def test_the_json_schema_is_exported_and_committed():
    text = schema_texts()["clinic.schema.json"]
    schema = json.loads(text)
    assert schema["additionalProperties"] is False
    assert schema["required"] == ["name"]
    assert (ROOT / "schemas" / "clinic.schema.json").read_text() == text


# ---------------------------------------------------------------- pages


@pytest.fixture
def consult_kb(minimal):
    """The minimal fixture with a consult and an urgent outcome, as real trees have."""
    tree = minimal / "decision_trees" / "peer-consultation.yaml"
    text = tree.read_text()
    text = text.replace("verdict: not-permitted", "verdict: consult")
    text = text.replace("verdict: permitted\n", "verdict: urgent\n")
    tree.write_text(text)
    kb, diagnostics = load_and_validate(Layout(minimal))
    assert not [d for d in diagnostics if not d.is_warning]
    return kb


def render(kb, clinic):
    pages = {p.url: p.html for p in SiteRenderer(kb, clinic=clinic).render_all()}
    base = "decisions/peer-consultation/"
    return (pages[base + "do-not-identify/"], pages[base + "consult-freely/"],
            pages[base + "consult-with-consent/"], pages[base + "identifiable/"])


def test_outcome_pages_show_the_clinic_only_with_a_clinic_file(consult_kb):
    clinic, _ = load_clinic(EXAMPLE, ROOT)
    clinic = clinic.model_copy(update={"jurisdiction": "US"})
    consult, urgent, conditions, question = render(consult_kb, clinic)

    assert 'class="kb-clinic kb-clinic--consult"' in consult
    assert f"Who to consult at {clinic.name}" in consult
    for contact in clinic.contacts:
        assert contact.role in consult
    assert 'href="tel:02079460001"' in consult and "mailto:supervision@" in consult

    assert 'class="kb-clinic kb-clinic--urgent"' in urgent
    assert urgent.index("kb-urgent") < urgent.index("kb-clinic--urgent") < urgent.index("what-to-do")
    assert 'href="tel:999"' in urgent and clinic.crisis[0].number in urgent

    assert 'class="kb-clinic kb-clinic--info"' in conditions  # policies and people, lower down
    assert clinic.policies[0].url in conditions
    assert "<dt>US <span class=\"kb-clinic-tag\">your clinic's jurisdiction</span></dt>" in conditions
    assert f'<dd class="kb-record__clinic">{clinic.name}</dd>' in conditions
    assert "kb-clinic" not in question

    for page in render(consult_kb, None):
        assert "kb-clinic" not in page and clinic.name not in page and "tel:" not in page


def test_the_emergency_guide_and_the_banner_get_the_numbers(minimal, monkeypatch):
    monkeypatch.setenv(CLINIC_ENV, str(EXAMPLE))
    build = SiteBuild.prepare(minimal, {})
    clinic = build.clinic
    markdown = build.handwritten_markdown(f"# Emergency\n\n{CLINIC_MARKER}\n\n## Next\n",
                                          "guides/emergency/")
    assert '<div class="kb-clinic kb-clinic--urgent" id="your-clinic">' in markdown
    assert clinic.emergency[0].number in markdown and clinic.contacts[0].role in markdown
    theme = build.theme_clinic()
    assert theme["name"] == clinic.name and theme["emergency"][0]["tel"] == "tel:999"

    monkeypatch.delenv(CLINIC_ENV)
    build = SiteBuild.prepare(minimal, {})
    assert build.clinic is None and build.theme_clinic() is None
    assert CLINIC_MARKER not in build.handwritten_markdown(CLINIC_MARKER, "guides/emergency/")


def test_a_bad_clinic_file_stops_the_build_with_every_located_problem(minimal, tmp_path,
                                                                     monkeypatch):
    bad = write(minimal, "name: Riverside\nemergency:\n  - label: 999\n")
    monkeypatch.delenv(CLINIC_ENV, raising=False)
    with pytest.raises(SiteBuildError) as caught:
        SiteBuild.prepare(minimal, {"clinic_file": bad.name})
    assert caught.value.lines == [
        "clinic.yml:3:5: S002 missing required field 'number'",
        "clinic.yml:3:12: S003 'label' must be text, not a number",
    ]

    # the real build, as `make site CLINIC=...` runs it: located lines, no traceback, no site
    site = tmp_path / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", CLINIC_ENV: str(bad)}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(ROOT / "mkdocs.yml"),
                           "-d", str(site)], cwd=ROOT, capture_output=True, text=True, env=env)
    assert done.returncode != 0
    assert f"{bad}:3:12: S003 'label' must be text, not a number" in done.stderr
    assert "Traceback" not in done.stderr
    assert not site.exists()


def test_validate_command_checks_the_clinic_file(tmp_path, capsys):
    from build_tools.cli import main
    from conftest import ROOT

    bad = tmp_path / "clinic.yml"
    bad.write_text((ROOT / "clinic.example.yml").read_text() + "\nunknown_setting: 1\n")
    assert main(["validate", "--clinic", str(bad)]) == 1
    assert " S001 unknown key 'unknown_setting'" in capsys.readouterr().err
    assert main(["validate", "--clinic", str(ROOT / "clinic.example.yml")]) == 0
