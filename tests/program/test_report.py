"""The monthly report's portfolio at scale: small tables whatever the number of projects,
cycle time per phase (median and 90th percentile checked against R's default quantile,
type 7), overdue by leader, belt counts, and the hook in the report's portfolio section."""

from __future__ import annotations

import datetime as dt

import pytest

from sixsigma.program.report import program_section

AS_OF = dt.date(2025, 10, 31)


def row(**kw) -> dict:
    base = {"id": "p", "phase": "closed", "status": "closed", "belt": "green", "leader": "Ana", "health": "closed",
            "phase_due": None, "metric": "manual_cpo", "better": "down", "closed_on": dt.date(2024, 5, 1),
            "business_lines": "hotel", "before": 0.2, "current": 0.15, "change_lo": -30.0, "change_hi": -20.0,
            "result_days": 30, "result_denominator": 30_000.0, "improved": True,
            **{f"{p}_days": None for p in ("define", "measure", "analyze", "improve", "control")}}
    return {**base, **kw}


def test_cycle_time_and_counts():
    rows = [row(id="a", define_days=10, measure_days=40), row(id="b", define_days=20),
            row(id="c", define_days=30, belt="black"),
            row(id="d", phase="measure", status="active", health="overdue", leader="Bo", phase_due=dt.date(2025, 9, 1),
                improved=False, current=None),
            row(id="e", phase="define", status="active", health="overdue", leader="Bo", phase_due=dt.date(2025, 8, 1),
                improved=False, current=None),
            row(id="f", phase="improve", status="active", health="overdue", leader="Cy", phase_due=dt.date(2025, 10, 1),
                improved=False, current=None)]
    s = program_section(rows, AS_OF)
    cyc = s.cycle.set_index("phase")
    # R: quantile(c(10, 20, 30), 0.9) = 28 (type 7, the default); median 20
    assert cyc.loc["define", "projects"] == 3 and cyc.loc["define", "median_days"] == 20
    assert cyc.loc["define", "p90_days"] == pytest.approx(28)
    assert cyc.loc["measure", "median_days"] == 40 and cyc.loc["analyze", "projects"] == 0
    assert s.overdue.to_dict("records") == [{"leader": "Bo", "overdue": 2, "oldest_due": dt.date(2025, 8, 1)},
                                            {"leader": "Cy", "overdue": 1, "oldest_due": dt.date(2025, 10, 1)}]
    by = {(r.phase, r.belt): r.projects for r in s.by_phase_belt.itertuples(index=False)}
    assert by == {("define", "green"): 1, ("measure", "green"): 1, ("improve", "green"): 1,
                  ("closed", "green"): 2, ("closed", "black"): 1}
    assert s.benefits["counted"] == 3
    assert "6 projects as of 2025-10-31, 3 closed." in s.summary()
    assert "3 projects overdue under 2 leaders (most: Bo, 2)." in s.summary()


def test_portfolio_at_the_seeds_scale_stays_small(demo_portfolio, monkeypatch):
    from sixsigma.program.belts import load_roster
    from sixsigma.program.index import open_index, select

    monkeypatch.setenv("SIXSIGMA_PROJECTS", str(demo_portfolio))
    with open_index() as (con, _):
        rows = select(con, today=AS_OF)
    s = program_section(rows, AS_OF, load_roster())
    assert s.projects == 1000 and len(s.by_phase_belt) <= 36 and len(s.cycle) == 5 and len(s.overdue) <= 15
    assert int(s.belts["people"].sum()) == 289 and s.roles == {"lecturer": 8, "mentor": 38}
    assert s.benefits["counted"] > 500 and {t["unit"] for t in s.benefits["total"]} >= {"manual contacts"}
    d = s.to_dict()
    assert d["summary"].startswith("1,000 projects as of 2025-10-31") and "289 belt-holders" in d["summary"]
    fig = s.figure()
    assert sum(len(t.x) for t in fig.data) <= 36  # bars per phase and belt, never one per project


def test_report_portfolio_section_carries_the_program(four):
    from sixsigma.dmaic.store import load_all
    from sixsigma.reporting import sections as S

    folio = S.portfolio(S.report_period("2024-09"), load_all())
    prog = folio.to_dict()["program"]
    assert prog["projects"] == 4 and prog["benefits"]["counted"] == 1  # the flagship, closed 2024-09-27
    assert {r["phase"] for r in prog["cycle"]} == {"define", "measure", "analyze", "improve", "control"}
