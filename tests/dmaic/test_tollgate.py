"""Tollgates pass only on evidence; passes are recorded with their date; status and portfolio."""

from __future__ import annotations

import datetime as dt

import pytest

from sixsigma.dmaic import (
    check_phase,
    load_project,
    new_project,
    pass_tollgate,
    portfolio,
    project_status,
    save_project,
)
from sixsigma.dmaic.models import (
    SIPOC,
    VOC,
    CapabilityRecord,
    ChartRecord,
    ControlPlanItem,
    Deliverable,
    Round,
    TollgateRecord,
)
from sixsigma.dmaic.tollgate import TollgateFailed
from sixsigma.errors import InputError, UnknownNameError

FISHBONE = """\
effect: {text: Manual CPO, metric: manual_cpo, filters: {business_line: [intl_hotel]}}
causes:
  - {id: slow-confirm, text: Hotels confirm slowly, category: machine, status: prioritized}
"""

VERIFIED = """\
effect: {text: Manual CPO, metric: manual_cpo, filters: {business_line: [intl_hotel]}}
causes:
  - id: slow-confirm
    text: Hotels confirm slowly
    category: machine
    status: verified
    evidence:
      - {date: 2024-01-04, test: 2-sample Poisson rate (exact), outcome: verified, conclusion: rate up, p_value: 0.0001}
"""


def _new(projects, **kw):
    pid, _ = new_project("Reduce intl hotel manual CPO", "manual_cpo", filters={"business_line": ["intl_hotel"]},
                         leader="Chen Jing", start=dt.date(2023, 11, 6), **kw)
    return pid, load_project(pid)


def _define_passed(p, on=dt.date(2023, 11, 24)):
    """The project with its Define tollgate recorded as passed."""
    gate = TollgateRecord(passed=on)
    return p.model_copy(update={"phases": [p.phases[0].model_copy(update={"tollgate": gate}), *p.phases[1:]]})


def _evidence(check: str, p, pid):
    res = check_phase(p, pid, next(ph.name for ph in p.phases if any(d.check == check for d in ph.deliverables)))
    row = res.items[res.items["check"] == check].iloc[0]
    return bool(row["done"]), row["evidence"]


def test_define_checks_the_charter_sipoc_and_voc(projects):
    pid, p = _new(projects, target=0.1)
    done, msg = _evidence("charter", p, pid)
    assert not done
    assert msg == "charter is missing: problem statement, business case, sponsor, champion"
    assert _evidence("sipoc", p, pid) == (False, "SIPOC has no suppliers, inputs, process steps, outputs, customers")
    charter = p.charter.model_copy(update={"problem": "CPO rose", "business_case": "cost", "sponsor": "S",
                                           "champion": "C"})
    p = p.model_copy(update={"charter": charter, "sipoc": SIPOC(suppliers=["a"], inputs=["b"], process=["c"],
                                                                 outputs=["d"], customers=["e"]),
                             "voc": [VOC(source="listen-in", note="no confirmation")]})
    res = check_phase(p, pid, "define")
    assert res.passed, res.summary()
    assert res.items["evidence"].iloc[0].startswith("goal manual_cpo down to 0.1 by")


def test_measure_fails_without_a_baseline_and_capability(projects):
    pid, p = _new(projects)
    res = check_phase(p, pid, "measure")
    assert not res.passed
    assert list(res.missing["check"]) == ["baseline", "capability"]
    err = res.failure()
    assert isinstance(err, TollgateFailed) and err.exit_code == 1
    assert "no baseline computed; run `sixsigma project baseline" in str(err)
    with pytest.raises(TollgateFailed, match="Baseline with confidence interval"):
        pass_tollgate(_define_passed(p), pid, "measure")


def test_measure_detects_a_stale_capability_and_a_baseline_overlapping_the_change(flagship):
    p = load_project(flagship)
    assert check_phase(p, flagship, "measure").passed
    moved = p.model_copy(update={"charter": p.charter.model_copy(
        update={"goal": p.charter.goal.model_copy(update={"target": 0.09})})})
    assert _evidence("capability", moved, flagship) == (
        False, f"capability was computed against 0.1 but the target is now 0.09; "
               f"run `sixsigma project baseline {flagship}` again")
    late = p.model_copy(update={"baseline": p.baseline.model_copy(
        update={"window": p.baseline.window.model_copy(update={"end": dt.date(2024, 2, 1)})})})
    done, msg = _evidence("baseline", late, flagship)
    assert not done and "runs past the first round (2024-01-08)" in msg
    no_cap = p.model_copy(update={"baseline": p.baseline.model_copy(update={"capability": None})})
    assert "set charter.goal.target" in _evidence("capability", no_cap, flagship)[1]


def test_analyze_needs_a_cause_verified_with_data(projects):
    pid, p = _new(projects)
    res = check_phase(p, pid, "analyze")
    assert not res.passed
    assert res.items["evidence"].iloc[0] == "no fishbone causes (fishbone.yaml); add them with `sixsigma rootcause add`"
    (projects / pid / "fishbone.yaml").write_text(FISHBONE)
    res = check_phase(p, pid, "analyze")
    assert list(res.items["done"]) == [True, False]
    assert res.items["evidence"].iloc[0].startswith("fishbone with 1 causes in 1 categories")
    assert "no cause verified with data" in res.items["evidence"].iloc[1]
    (projects / pid / "fishbone.yaml").write_text(VERIFIED)
    res = check_phase(p, pid, "analyze")
    assert res.passed
    assert res.items["evidence"].iloc[1] == (
        "1 cause verified with data: slow-confirm (2-sample Poisson rate (exact), p < 0.001)")


def test_improve_needs_a_significant_result_in_the_goals_direction(flagship):
    p = load_project(flagship)
    assert check_phase(p, flagship, "improve").passed
    r = p.result
    flat = p.model_copy(update={"result": r.model_copy(update={"test": r.test.model_copy(
        update={"significant": False, "p_value": 0.31})})})
    assert _evidence("before_after", flat, flagship) == (
        False, "2-sample rate ratio (quasi-Poisson): not significant (p = 0.310, alpha 0.05)")
    wrong = p.model_copy(update={"result": r.model_copy(update={"change_pct": 12.0})})
    assert "against the goal's direction (down)" in _evidence("before_after", wrong, flagship)[1]
    none = p.model_copy(update={"result": None, "rounds": []})
    res = check_phase(none, flagship, "improve")
    assert list(res.items["evidence"]) == [
        "no improvement rounds (add rounds: {date, change, owner})",
        f"no before/after result; run `sixsigma project result {flagship}`"]


def test_control_needs_a_complete_plan_and_a_stable_post_change_chart(flagship):
    p = load_project(flagship)
    assert check_phase(p, flagship, "control").passed
    partial = p.model_copy(update={"control_plan": [ControlPlanItem(what="CPO", chart="laney-u")]})
    assert _evidence("control_plan", partial, flagship)[1] == (
        "no control plan item has all of what, chart, limits, reaction and owner")
    unstable = p.model_copy(update={"result": p.result.model_copy(update={"post_change": ChartRecord(
        chart="laney-u", grain="day", points=98, center=0.1, signals=3, stable=False)})})
    assert _evidence("stable_chart", unstable, flagship) == (
        False, "the post-change laney-u chart has 3 point(s) with a special-cause signal")
    manual = p.phases[-1].deliverables[-1]
    assert manual.check == "manual" and manual.done
    unticked = p.model_copy(update={"phases": [*p.phases[:-1], p.phases[-1].model_copy(update={
        "deliverables": [*p.phases[-1].deliverables[:-1], Deliverable(id="handover", name="Handover")]})]})
    assert _evidence("manual", unticked, flagship)[1] == "not done (set done: true and write the evidence)"


def test_a_pass_is_recorded_with_its_date_and_opens_the_next_phase(projects, wh):
    from sixsigma.dmaic import compute_baseline, record_baseline

    pid, p = _new(projects, target=0.1)
    p = p.model_copy(update={"rounds": [Round(date=dt.date(2024, 1, 8), change="auto-chase", owner="ops")]})
    p = record_baseline(p, compute_baseline(wh, p, pid), computed=dt.date(2024, 1, 3))
    # Tollgates pass in order: not Measure while Define is open.
    with pytest.raises(InputError, match=rf"^the define tollgate of {pid} has not passed; tollgates pass in order"):
        pass_tollgate(p, pid, "measure", on=dt.date(2024, 1, 4))
    p = _define_passed(p)
    res, updated = pass_tollgate(p, pid, "measure", on=dt.date(2024, 1, 4), by="Wang Lei")
    assert res.passed and res.passed_on == dt.date(2024, 1, 4)
    gate = updated.phase("measure").tollgate
    assert gate.passed == dt.date(2024, 1, 4) and gate.by == "Wang Lei"
    assert gate.evidence[1].startswith("baseline: baseline 0.13")
    assert updated.phase("analyze").start == dt.date(2024, 1, 4)
    save_project(pid, updated)
    assert load_project(pid).phase("measure").tollgate.passed == dt.date(2024, 1, 4)
    # A later phase cannot pass before an earlier one did, nor skip one.
    with pytest.raises(InputError, match="the analyze tollgate of .* has not passed"):
        pass_tollgate(updated, pid, "improve", on=dt.date(2024, 1, 1))
    analyzed = updated.model_copy(update={"phases": [*updated.phases[:2], updated.phases[2].model_copy(
        update={"tollgate": TollgateRecord(passed=dt.date(2024, 1, 5))}), *updated.phases[3:]]})
    with pytest.raises(InputError, match="analyze tollgate passed on 2024-01-05, after 2024-01-01"):
        pass_tollgate(analyzed, pid, "improve", on=dt.date(2024, 1, 1))
    with pytest.raises(UnknownNameError, match="unknown phase 'meassure'"):
        check_phase(updated, pid, "meassure")


def test_status_counts_days_in_phase_and_flags_overdue(projects):
    pid, p = _new(projects)
    st = project_status(p, pid, today=dt.date(2023, 11, 20))
    assert (st.phase, st.days_in_phase, st.health, st.phase_due) == ("define", 14, "on track", dt.date(2023, 11, 27))
    assert project_status(p, pid, today=dt.date(2023, 12, 1)).health == "overdue"
    assert list(st.phases["phase"]) == ["define", "measure", "analyze", "improve", "control"]
    assert st.phases["start"].tolist()[1:] == [None] * 4  # not started yet
    missing = st.deliverables[~st.deliverables["done"]]
    assert {"charter", "baseline", "before-after"} <= set(missing["id"])
    text = st.summary()
    assert "Phase: define, 14 days in phase, due 2023-11-27 — on track." in text
    assert "[ ] Project charter: charter is missing:" in text


def test_status_of_the_closed_flagship(flagship):
    st = project_status(load_project(flagship), flagship, today=dt.date(2025, 1, 1))
    assert st.phase == "closed" and st.health == "closed" and st.days_in_phase is None
    assert st.deliverables["done"].all()
    assert list(st.phases["passed"]) == [dt.date(2023, 11, 24), dt.date(2024, 1, 4), dt.date(2024, 1, 5),
                                         dt.date(2024, 7, 5), dt.date(2024, 9, 27)]


def test_portfolio_table_and_summary_by_phase_and_belt(projects):
    a, pa = _new(projects)
    b, _ = new_project("Raise phone CSAT", "csat", belt="associate_green", leader="Ana", start=dt.date(2023, 11, 1))
    pb = load_project(b)
    gate = pass_tollgate(pb.model_copy(update={"phases": [pb.phases[0].model_copy(update={"deliverables": []}),
                                                           *pb.phases[1:]]}), b, "define", on=dt.date(2023, 11, 10))[1]
    c, _ = new_project("Lower black-tier transfers", "transfer_rate", belt="black", start=dt.date(2023, 11, 1))
    pc = load_project(c).model_copy(update={"status": "on_hold"})
    res = portfolio({a: pa, b: gate, c: pc}, today=dt.date(2023, 11, 20))
    t = res.projects.set_index("id")
    assert list(res.projects.columns) == ["id", "title", "leader", "belt", "phase", "metric", "baseline",
                                          "current", "change_pct", "status"]
    assert t.loc[b, "phase"] == "measure" and t.loc[a, "phase"] == "define"
    assert t.loc[c, "status"] == "on_hold" and t.loc[a, "status"] == "on track"
    by_phase = res.by_phase.set_index("phase")["projects"]
    assert by_phase.to_dict() == {"define": 2, "measure": 1, "analyze": 0, "improve": 0, "control": 0, "closed": 0}
    assert list(res.by_belt["belt"]) == ["associate_blue", "blue", "associate_green", "green", "black", "master_black"]
    assert res.by_belt.set_index("belt")["projects"].to_dict()["associate_green"] == 1
    assert res.summary().startswith("3 projects: 3 active (0 overdue). By phase: define 2, measure 1.")
    only = portfolio({a: pa, b: gate, c: pc}, belt="black")
    assert list(only.projects["id"]) == [c]
    assert list(portfolio({a: pa, b: gate}, phase="measure").projects["id"]) == [b]
    with pytest.raises(UnknownNameError, match="unknown phase"):
        portfolio({}, phase="design")


def test_capability_record_keeps_the_spec_side():
    c = CapabilityRecord(spec="lsl", limit=0.8, mean=0.76)
    assert c.spec == "lsl"


def test_unreadable_records_name_the_first_problem_on_the_checklist(flagship, projects):
    path = projects / flagship / "fishbone.yaml"
    text = path.read_text()
    path.write_text(text.replace("category: people", "category: stormy", 1).replace("status: verified", "status: bogus", 1))
    res = check_phase(load_project(flagship), flagship, "analyze")
    ev = res.items.set_index("check").loc["fishbone", "evidence"]
    assert ev.startswith(f"{path} has 2 problems; fix them and run again: {path}:")
    assert ev.endswith(f"(and 1 more; `sixsigma rootcause list {flagship}` lists them all)")
    assert "\n" not in ev
