"""Project records: templates, creation, validation with file/line/field, git-friendly saving."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sixsigma.dmaic import (
    BELTS,
    belt_rank,
    load_all,
    load_project,
    new_project,
    save_project,
    slugify,
)
from sixsigma.dmaic.models import PHASES, VOC, Project, Round
from sixsigma.dmaic.store import TEMPLATE_DIR, load_template, project_ids, templates
from sixsigma.errors import InputError, RecordError, UnknownNameError

REPO_PROJECTS = Path(__file__).resolve().parents[2] / "projects"


def test_belt_ladder_is_the_centers_order():
    # DOMAIN.md: associate blue -> blue -> associate green -> green, plus black belts.
    assert BELTS == ("associate_blue", "blue", "associate_green", "green", "black", "master_black")
    ranks = [belt_rank(b) for b in BELTS]
    assert ranks == sorted(ranks) == list(range(6))
    assert belt_rank(None) == -1


@pytest.mark.parametrize("title, slug", [
    ("Reduce international hotel manual CPO", "reduce-international-hotel-manual-cpo"),
    ("  Raise phone CSAT to 80%!  ", "raise-phone-csat-to-80"),
    ("Cut AHT for train refunds (Q4)", "cut-aht-for-train-refunds-q4"),
    ("Café <script>alert(1)</script>", "cafe-script-alert-1-script"),
])
def test_slug_from_title(title, slug):
    assert slugify(title) == slug


def test_slug_cut_at_a_word_boundary_and_empty_titles_rejected():
    assert slugify("word " * 30, max_length=22) == "word-word-word-word"
    with pytest.raises(InputError, match="--id"):
        slugify("!!!")


def test_shipped_templates_are_valid_and_have_all_phases():
    assert templates() == ["dmaic", "quick_win"]
    for name in templates():
        tpl, _ = load_template(name)
        assert [p.name for p in tpl.phases] == list(PHASES)
    dmaic, _ = load_template("dmaic")
    checks = {p.name: [d.check for d in p.deliverables] for p in dmaic.phases}
    # The checklist: Measure = data plan, baseline, capability; Analyze = verified
    # causes; Improve = rounds + before/after; Control = control plan + control chart.
    assert checks["measure"] == ["data_collection", "baseline", "capability"]
    assert "verified_cause" in checks["analyze"]
    assert checks["improve"] == ["rounds", "before_after"]
    assert checks["control"] == ["control_plan", "stable_chart"]
    quick, _ = load_template("quick_win")
    assert sum(len(p.deliverables) for p in quick.phases) < sum(len(p.deliverables) for p in dmaic.phases)


def test_new_project_from_the_dmaic_template(projects):
    pid, path = new_project("Reduce international hotel manual CPO", "manual_cpo",
                            filters={"business_line": ["intl_hotel"]}, belt="green", leader="Li Wei",
                            target=0.1, start=dt.date(2023, 11, 6))
    assert pid == "reduce-international-hotel-manual-cpo"
    assert path == projects / pid / "project.yaml"
    p = load_project(pid)
    assert p.title == "Reduce international hotel manual CPO" and p.belt == "green"
    g = p.charter.goal
    assert (g.metric, g.filters, g.direction, g.target) == ("manual_cpo", {"business_line": ["intl_hotel"]}, "down", 0.1)
    assert p.leader == "Li Wei" and p.charter.team[0].belt == "green"
    # Planned days 21 + 35 + 28 + 60 + 45 from the template become due dates.
    assert p.phases[0].start == dt.date(2023, 11, 6)
    assert p.phases[0].due == dt.date(2023, 11, 27)
    assert p.phases[-1].due == dt.date(2023, 11, 6) + dt.timedelta(days=21 + 35 + 28 + 60 + 45) == g.due
    assert "Human-handled inbound contacts / orders" in p.data_collection.operational_definition
    assert p.current_phase == "define"
    text = path.read_text()
    # The template's comments above unchanged sections survive; the file is block-style YAML.
    assert "# Suppliers, inputs, process steps" in text
    assert "  - {id: charter, name: Project charter, check: charter}" in text
    assert "&id" not in text  # no YAML anchors for repeated dates


def test_new_project_quick_win_and_a_users_own_template(projects, tmp_path):
    pid, _ = new_project("Cut AHT for train refunds", "aht", template="quick_win", belt="associate_green",
                         project_id="aht-train-refunds")
    assert load_project(pid).template == "quick_win"
    own = tmp_path / "mine.yaml"
    own.write_text((TEMPLATE_DIR / "quick_win.yaml").read_text().replace("name: quick_win", "name: mine")
                   .replace("days: 5", "days: 3"))
    pid2, _ = new_project("Another", "csat", template=str(own), start=dt.date(2025, 1, 1))
    p = load_project(pid2)
    assert p.template == "mine" and p.phases[0].due == dt.date(2025, 1, 4)


def test_new_project_errors(projects):
    new_project("Same title", "csat")
    with pytest.raises(InputError, match="already exists"):
        new_project("Same title", "csat")
    with pytest.raises(UnknownNameError, match="unknown metric 'cpo'"):
        new_project("X", "cpo")
    with pytest.raises(UnknownNameError, match="unknown belt 'yellow'"):
        new_project("X", "csat", belt="yellow")
    with pytest.raises(UnknownNameError, match="unknown template 'lean'"):
        new_project("X", "csat", template="lean")
    with pytest.raises(UnknownNameError, match="unknown project 'nope'"):
        load_project("nope")


BROKEN = """\
title: Broken project
belt: yellow
status: active
created: 2024-01-01
charter:
  goal:
    metric: manual_cp
    filters: {planet: [mars]}
  team:
    - {name: A, role: leader, belt: green}
  sponser: typo
phases:
  - name: define
    deliverables:
      - {id: charter, name: Charter, check: charter}
  - name: measure
    deliverables:
      - {id: charter, name: Again, check: baseline}
  - name: measure
  - name: improve
  - name: control
rounds:
  - {date: 2024-02-01, change: b, owner: x}
  - {date: 2024-01-15, change: a, owner: y}
"""


def test_every_problem_is_reported_at_once_with_file_line_and_field(projects):
    (projects / "broken").mkdir()
    path = projects / "broken" / "project.yaml"
    path.write_text(BROKEN)
    with pytest.raises(RecordError) as err:
        load_project("broken")
    problems = err.value.problems
    text = str(err.value)
    assert text.startswith(f"{path} has {len(problems)} problems")
    expected = [
        (2, "belt", "Input should be"),
        (7, "charter.goal.metric", "unknown metric 'manual_cp'"),
        (8, "charter.goal.filters", "unknown dimension 'planet'"),
        (11, "charter.sponser", "unknown field"),
        (13, "phases", "missing phase: analyze"),  # the list starts on line 13
        (18, "phases[1].deliverables[0].id", "deliverable id 'charter' is used twice"),
        (19, "phases[2].name", "phase 'measure' is listed twice"),
        (24, "rounds[1].date", "round 2 (2024-01-15) is not after round 1"),
    ]
    for line, field, message in expected:
        assert any(p.startswith(f"{path}:{line}: {field}: ") and message in p for p in problems), (line, field, problems)
    assert len(problems) == len(expected)


def test_bad_yaml_and_duplicate_keys_name_the_line(projects):
    (projects / "bad").mkdir()
    (projects / "bad" / "project.yaml").write_text("title: x\nbelt: [green\n")
    with pytest.raises(RecordError, match=r"project.yaml:3: not valid YAML"):
        load_project("bad")
    (projects / "bad" / "project.yaml").write_text("title: x\ntitle: y\n")
    with pytest.raises(RecordError, match=r"project.yaml:2: title: key written twice"):
        load_project("bad")


def test_save_keeps_unchanged_sections_verbatim_and_round_trips(projects):
    pid, path = new_project("Raise phone CSAT", "csat", filters={"channel": ["phone"]}, leader="Ana",
                            start=dt.date(2025, 9, 1))
    before = path.read_text()
    p = load_project(pid)
    save_project(pid, p)
    assert path.read_text() == before  # nothing changed, nothing rewritten
    text = before.replace("voc: []", "# our listen-in notes\nvoc: []")
    path.write_text(text)
    p = load_project(pid)
    p2 = p.model_copy(update={"rounds": [Round(date=dt.date(2025, 10, 13), change="Scripted apology", owner="QA")]})
    save_project(pid, p2)
    after = path.read_text()
    assert "# our listen-in notes\nvoc: []" in after  # comments of untouched sections stay
    assert "date: 2025-10-13" in after
    assert load_project(pid) == p2
    # Key order is the model's (git diffs stay small).
    keys = list(yaml.safe_load(after))
    assert keys == [k for k in Project.model_fields if k in keys]


def test_load_all_collects_problems_from_every_file(projects):
    new_project("Good one", "csat")
    for name in ("bad-a", "bad-b"):
        (projects / name).mkdir()
        (projects / name / "project.yaml").write_text("title: x\n")
    with pytest.raises(RecordError) as err:
        load_all()
    files = {p.split(":", 1)[0] for p in err.value.problems}
    assert {str(projects / n / "project.yaml") for n in ("bad-a", "bad-b")} == files


def test_the_example_projects_in_the_repository_load(monkeypatch):
    monkeypatch.setenv("SIXSIGMA_PROJECTS", str(REPO_PROJECTS))
    ids = project_ids()
    assert "reduce-intl-hotel-manual-cpo" in ids and len(ids) >= 3
    projects = load_all()
    flagship = projects["reduce-intl-hotel-manual-cpo"]
    assert flagship.current_phase == "closed"
    assert [r.date for r in flagship.rounds][0] == dt.date(2024, 1, 8) and len(flagship.rounds) == 6
    assert {p.current_phase for p in projects.values()} - {"closed"}, "other projects are at other phases"


TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=0, max_size=240)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(problem=TEXT, note=TEXT, change=TEXT.filter(str.strip), title=TEXT.filter(str.strip))
def test_any_text_survives_a_save_and_load(projects, problem, note, change, title):
    # Colons, quotes, '#', leading dashes, unicode, newlines, long lines: the file must read
    # back exactly what was saved (the writer checks this before it replaces the file).
    pid = "roundtrip"
    if not (projects / pid).exists():
        new_project("Round trip", "csat", project_id=pid, start=dt.date(2025, 1, 1))
    p = load_project(pid)
    p = p.model_copy(update={
        "title": title[:200],
        "charter": p.charter.model_copy(update={"problem": problem}),
        "voc": [VOC(source="listen-in", note=note)],
        "rounds": [Round(date=dt.date(2025, 2, 3), change=change, owner="o")],
    })
    save_project(pid, p)
    assert load_project(pid) == p


@given(words=st.lists(st.sampled_from(["refund", "#1", "a: b", "'q'", '"dq"', "-", "[x]", "{y}", "é", "&", "*a",
                                       "!tag", "%", "@", "`", "|", ">", "? ", "null", "true", "0x1F", "1e3"]),
                      min_size=20, max_size=60))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_long_texts_are_folded_and_read_back_exactly(projects, words):
    text = " ".join(words)
    pid = "folded"
    if not (projects / pid).exists():
        new_project("Folded", "csat", project_id=pid, start=dt.date(2025, 1, 1))
    p = load_project(pid)
    p = p.model_copy(update={"charter": p.charter.model_copy(update={"business_case": text})})
    path = save_project(pid, p)
    assert load_project(pid) == p
    if len(text) > 88 and text == text.strip() and "  " not in text:
        assert "business_case: >-" in path.read_text()
