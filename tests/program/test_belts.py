"""The belt ladder: one test per certification rule (met and not met), on evidence rows shaped
as the portfolio index keeps them, and the CLI on the example projects and their roster."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from sixsigma.cli.app import main
from sixsigma.program.belts import (
    Certification,
    Person,
    Rules,
    check_certification,
    load_roster,
    load_rules,
)

D = dt.date
RULES = load_rules(Path("/nonexistent"))  # the package's default rules
REPO_ROSTER = Path(__file__).resolve().parents[2] / "projects" / "people.yaml"


def project(**kw) -> dict:
    """An index row of a closed project led by Ana with every kind of evidence."""
    row = {"leader": "Ana", "phase": "closed", "tollgates": 5, "current": 0.1, "verified_cause": True,
           "improved": True, "created": D(2023, 1, 1), "closed_on": D(2023, 6, 1), "mentors": "Bo"}
    return {**row, **kw}


def people(*ps: Person) -> dict[str, Person]:
    return {p.name.casefold(): p for p in ps}


CERTIFIED = D(2023, 9, 1)
MENTOR = Person(name="Bo", belts=[Certification(belt="black", certified=D(2020, 1, 1), legacy=True)])


def run_check(belt: str, projects: dict, *, prior=("associate_green",), mentor="Bo", roster=(MENTOR,),
              day=CERTIFIED, listed=None):
    earlier = [Certification(belt=b, certified=D(2022, 1, 1), legacy=True) for b in prior]
    cert = Certification(belt=belt, certified=day, mentor=mentor,
                         projects=list(projects) if listed is None else listed)
    ana = Person(name="Ana", belts=[*earlier, cert])
    return {c.requirement: c for c in check_certification(ana, cert, RULES, people(ana, *roster), projects)}


def test_default_rules_are_the_ladder():
    assert isinstance(RULES, Rules)
    assert list(RULES.rules) == ["associate_blue", "blue", "associate_green", "green", "black", "master_black"]
    assert RULES.rules["green"].evidence == ["closed", "verified_cause", "improved"]
    assert RULES.rules["black"].led == 2 and RULES.rules["black"].mentored == 2


def test_green_supported_by_a_closed_verified_significant_project():
    checks = run_check("green", {"p1": project()})
    assert all(c.met for c in checks.values()), checks
    assert set(checks) == {"holds associate_green first", "mentor holds black or above",
                           "led 1 project with every tollgate passed, a cause verified with data, "
                           "a significant improvement in the goal's direction"}


def test_rule_requires_the_rung_below_first():
    c = run_check("green", {"p1": project()}, prior=())["holds associate_green first"]
    assert not c.met and "no associate_green certification on or before 2023-09-01" in c.detail
    late = run_check("green", {"p1": project()}, day=D(2021, 6, 1))  # associate green (2022) came later
    assert not late["holds associate_green first"].met


@pytest.mark.parametrize("roster, mentor, says", [
    ((MENTOR,), None, "no mentor named"),
    ((), "Bo", "mentor 'Bo' is not in the roster"),
    ((Person(name="Bo", belts=[Certification(belt="green", certified=D(2020, 1, 1), legacy=True)]),), "Bo",
     "Bo held no black belt or above on 2023-09-01"),
    ((Person(name="Bo", belts=[Certification(belt="black", certified=D(2024, 1, 1), legacy=True)]),), "Bo",
     "Bo held no black belt or above on 2023-09-01"),  # black only after the certification
])
def test_rule_mentor_belt(roster, mentor, says):
    c = run_check("green", {"p1": project()}, roster=roster, mentor=mentor)["mentor holds black or above"]
    assert not c.met and c.detail == says


LED_GREEN = ("led 1 project with every tollgate passed, a cause verified with data, "
             "a significant improvement in the goal's direction")


@pytest.mark.parametrize("change, lacks", [
    ({"phase": "control", "tollgates": 4, "closed_on": None}, "every tollgate passed"),
    ({"verified_cause": False}, "a cause verified with data"),
    ({"improved": False}, "a significant improvement in the goal's direction"),
    ({"leader": "Cy"}, "led by Cy"),
    ({"closed_on": D(2023, 10, 1)}, "closed 2023-10-01, after the certification"),
])
def test_rule_led_projects_evidence_green(change, lacks):
    """A green belt its evidence does not support: each way the led project falls short."""
    c = run_check("green", {"p1": project(**change)})[LED_GREEN]
    assert not c.met and f"p1: lacks {lacks}" in c.detail


def test_rule_led_needs_listed_readable_projects():
    assert run_check("green", {}, listed=[])[LED_GREEN].detail == "no projects listed in the certification"
    c = run_check("green", {}, listed=["ghost"])[LED_GREEN]
    assert not c.met and "ghost: no such readable project" in c.detail


def test_rule_blue_needs_a_measured_project_and_associate_green_a_closed_result():
    blue = run_check("blue", {"p1": project(phase="measure", tollgates=1, closed_on=None)}, prior=("associate_blue",))
    assert not blue["led 1 project with Define and Measure tollgates passed"].met
    blue = run_check("blue", {"p1": project(phase="analyze", tollgates=2, closed_on=None)}, prior=("associate_blue",))
    assert blue["led 1 project with Define and Measure tollgates passed"].met
    ag = run_check("associate_green", {"p1": project(current=None)}, prior=("blue",),
                   roster=(Person(name="Bo", belts=[Certification(belt="green", certified=D(2020, 1, 1),
                                                                  legacy=True)]),))
    key = "led 1 project with every tollgate passed, a before/after result recorded"
    assert not ag[key].met and "lacks a before/after result recorded" in ag[key].detail
    assert ag["mentor holds green or above"].met


def test_rule_black_needs_two_led_and_two_mentored():
    led = {"p1": project(), "p2": project(mentors="")}
    mentored = {"m1": project(leader="Cy", mentors="Ana"), "m2": project(leader="Dee", mentors="Bo; Ana"),
                "m3": project(leader="Cy", mentors="Ana", closed_on=D(2024, 1, 1))}  # after: not counted
    checks = run_check("black", {**led, **mentored}, prior=("green",), listed=["p1", "p2"])
    assert checks["led 2 projects with every tollgate passed, a cause verified with data, "
                  "a significant improvement in the goal's direction"].met
    m = checks["mentored 2 closed projects"]
    assert m.met and m.detail.startswith("2 closed on or before 2023-09-01: m1, m2")
    one = run_check("black", {"p1": project(), "m1": project(leader="Cy", mentors="Ana")}, prior=("green",),
                    listed=["p1"])
    assert not one["mentored 2 closed projects"].met
    assert not one["led 2 projects with every tollgate passed, a cause verified with data, "
                   "a significant improvement in the goal's direction"].met


def test_rule_master_black_counts_mentoring_only():
    rows = {f"m{i}": project(leader="Cy", mentors="Ana") for i in range(10)}
    checks = run_check("master_black", rows, prior=("black",), listed=[])
    assert set(checks) == {"holds black first", "mentored 10 closed projects"} and all(c.met for c in checks.values())
    rows.pop("m0")
    assert not run_check("master_black", rows, prior=("black",), listed=[])["mentored 10 closed projects"].met


def test_legacy_certification_checks_only_the_order():
    cert = Certification(belt="black", certified=D(2019, 1, 1), legacy=True)
    p = Person(name="Ana", belts=[Certification(belt="green", certified=D(2018, 1, 1), legacy=True), cert])
    checks = check_certification(p, cert, RULES, people(p), {})
    assert [c.requirement for c in checks] == ["holds green first", "legacy certification"]
    assert all(c.met for c in checks)


def test_roster_problems_are_located(tmp_path):
    from sixsigma.errors import RecordError

    (tmp_path / "people.yaml").write_text("people:\n  - name: Ana\n    belts:\n      - {belt: purple, certified: 2020-01-01}\n"
                                          "  - name: ana\n")
    with pytest.raises(RecordError, match=r"people.yaml:4: .*belt"):
        load_roster(tmp_path)
    (tmp_path / "people.yaml").write_text("people:\n  - name: Ana\n  - name: ana\n")
    with pytest.raises(RecordError, match=r"people.yaml:3: .*'ana' is listed twice"):
        load_roster(tmp_path)


# -- the CLI on the example projects ---------------------------------------------------------
def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def examples(four):
    shutil.copy(REPO_ROSTER, four / "people.yaml")
    return four


def test_belt_check_names_the_unsupported_certification(examples, capsys):
    code, out, _ = run(capsys, "belt", "check", "--json")
    data = json.loads(out)
    assert code == 1
    assert {(u["person"], u["belt"]) for u in data["unsupported"]} == {("Xu Ming", "associate_green")}
    assert "cut-aht-train-refunds: lacks every tollgate passed" in data["unsupported"][0]["detail"]
    assert data["summary"].endswith("1 not supported by the evidence.")


def test_belt_status_and_list(examples, capsys):
    code, out, _ = run(capsys, "belt", "status", "chen jing", "--json")
    data = json.loads(out)
    assert code == 0 and data["belt"] == "green"
    green = [c for c in data["certifications"] if c["belt"] == "green"]
    assert all(c["met"] for c in green) and any("reduce-intl-hotel-manual-cpo" in c["detail"] for c in green)
    assert data["next"]["belt"] == "black"
    assert "Every certification is supported by its evidence." in data["summary"]
    code, out, _ = run(capsys, "belt", "list", "--json")
    data = json.loads(out)
    assert code == 0 and {c["belt"]: c["people"] for c in data["by_belt"]}["black"] == 2
    code, out, _ = run(capsys, "belt", "list", "--belt", "black")
    assert code == 0 and "Wang Lei" in out and "Li Qiang" in out and "Chen Jing" not in out


def test_belt_errors_are_one_line(projects, capsys):
    code, _, err = run(capsys, "belt", "list")
    assert code == 2 and err.startswith("error: ") and "people.yaml does not exist" in err and err.count("\n") == 1
    shutil.copy(REPO_ROSTER, projects / "people.yaml")
    code, _, err = run(capsys, "belt", "status", "Xu Ning")
    assert code == 2 and "did you mean 'Xu Ming'?" in err
    code, _, err = run(capsys, "belt", "list", "--belt", "yellow")
    assert code == 2 and "unknown belt 'yellow'" in err
