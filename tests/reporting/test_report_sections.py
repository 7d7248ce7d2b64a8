"""The monthly report's sections, on the quarter-volume demo warehouse, checked against the
warehouse's own counts (raw SQL) and hand-worked stage rules."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sixsigma.catalog import load_catalog
from sixsigma.errors import InputError, WarehouseError
from sixsigma.reporting import sections as S
from sixsigma.reporting.config import ALL, load_config
from sixsigma.warehouse import Warehouse

METRICS = load_catalog().metrics

REPO = Path(__file__).resolve().parents[2]
FLAGSHIP = "reduce-intl-hotel-manual-cpo"


@pytest.fixture(scope="module")
def wh(demo_warehouse):
    with Warehouse(demo_warehouse, read_only=True) as w:
        yield w


@pytest.fixture(scope="module")
def cfg():
    return load_config()


@pytest.fixture(scope="module")
def period():
    return S.report_period("2025-10")


@pytest.fixture(scope="module")
def slices(wh, cfg, period):
    changes = S.process_changes(wh, cfg, projects={})
    return S.kpi_slices(wh, cfg, period, changes)


def test_period_windows():
    p = S.report_period("2025-10", history_months=36, daily_days=90)
    assert (str(p.start), str(p.end), str(p.prev_start)) == ("2025-10-01", "2025-11-01", "2025-09-01")
    assert str(p.history_start) == "2022-11-01"  # 36 months ending with October 2025
    assert str(p.daily_start) == "2025-08-03"  # 90 days ending 2025-10-31
    assert p.label == "October 2025" and p.days == 31
    for bad in ("2025-13", "Oct 2025", "2025-10-01", ""):
        with pytest.raises(InputError, match="not a month like 2025-10"):
            S.report_period(bad)


def test_whole_center_is_the_ratio_of_sums(wh, period):
    """'all' rows = sum of numerators / sum of denominators, checked against raw SQL counts."""
    frames = S.kpi_frames(wh, "manual_cpo", period)
    oct_all = S.slice_of(frames["month"], ALL).set_index("period").loc[pd.Timestamp("2025-10-01")]
    contacts = wh.query("SELECT count(*) AS n FROM contacts WHERE handled_by = 'agent' AND NOT outbound "
                        "AND started_at >= '2025-10-01' AND started_at < '2025-11-01'")["n"][0]
    orders = wh.query("SELECT sum(orders) AS n FROM orders WHERE date >= '2025-10-01' AND date < '2025-11-01'")["n"][0]
    assert oct_all["numerator"] == contacts and oct_all["denominator"] == orders
    assert oct_all["value"] == pytest.approx(contacts / orders, rel=1e-12)
    aht = S.kpi_frames(wh, "aht", period)["day"]
    day = S.slice_of(aht, ALL).set_index("period").loc[pd.Timestamp("2025-10-15")]
    raw = wh.query("SELECT avg(handle_s) AS v FROM contacts WHERE handled_by = 'agent' AND NOT outbound "
                   "AND NOT abandoned AND started_at >= '2025-10-15' AND started_at < '2025-10-16'")["v"][0]
    assert day["value"] == pytest.approx(raw, rel=1e-12)


def test_every_metric_total_matches_the_warehouse_unsliced(wh, period):
    for name in METRICS:
        mine = S.slice_of(S.kpi_frames(wh, name, period)["month"], ALL)
        direct = wh.metric(name, grain="month", start=period.history_start, end=period.end)
        np.testing.assert_allclose(mine["value"].to_numpy(), direct["value"].to_numpy(), rtol=1e-12)


# -- stages: hand-worked cases -----------------------------------------------------------------

def rounds(*dates, project="p"):
    return pd.DataFrame({"project": project, "date": pd.to_datetime(list(dates))})


def months(first, n):
    return pd.Series(pd.date_range(first, periods=n, freq="MS"))


def test_stages_before_rounds_after_for_monthly_points():
    stage, excl = S.stage_labels(months("2023-01-01", 24), "month", rounds("2024-01-08", "2024-03-25"))
    assert list(stage) == ["before"] * 12 + ["rounds"] * 3 + ["after"] * 9  # Jan-Mar 2024 hold rounds
    assert not excl.any()


def test_a_one_month_transition_joins_the_next_stage_and_is_excluded():
    stage, excl = S.stage_labels(months("2023-07-01", 12), "month", rounds("2024-01-15"))
    # July-December 2023 before; January 2024 holds the change (1 point) -> joins "after"
    assert list(stage) == ["before"] * 6 + ["after"] * 6
    assert list(np.flatnonzero(excl)) == [6]


def test_daily_stages_start_on_the_round_dates():
    days = pd.Series(pd.date_range("2024-01-01", "2024-01-31"))
    stage, excl = S.stage_labels(days, "day", rounds("2024-01-08", "2024-01-22"))
    assert list(stage) == ["before"] * 7 + ["rounds"] * 14 + ["after"] * 10
    assert not excl.any()


def test_no_stages_when_the_window_is_all_after_or_there_are_no_rounds():
    assert S.stage_labels(months("2025-01-01", 12), "month", rounds("2024-01-08", "2024-03-25")) == (None, None)
    assert S.stage_labels(months("2025-01-01", 12), "month", rounds()[:0]) == (None, None)


def test_two_projects_get_named_stages():
    r = pd.concat([rounds("2023-03-10", project="a"), rounds("2023-09-01", "2023-09-20", project="b")])
    stage, excl = S.stage_labels(months("2023-01-01", 12), "month", r)
    # March 2023 holds a's round (one point): it joins "after a" and is left out of its limits;
    # September 2023 holds b's rounds (one point): it joins "after b" likewise
    assert list(stage) == ["before"] * 2 + ["after a"] * 6 + ["after b"] * 4
    assert list(np.flatnonzero(excl)) == [2, 8]


# -- KPI slices ----------------------------------------------------------------------------------

def test_one_slice_per_config_row_with_the_catalog_chart(slices, cfg):
    assert [(s.metric, s.slice, s.target) for s in slices] == \
        [(k.metric, line, t) for k, line, t in cfg.rows()]
    kinds = {s.metric: s.monthly.chart for s in slices if s.monthly is not None}
    assert kinds == {m: METRICS[m].chart for m in kinds}  # Laney U' / P' / I-MR from the catalog
    assert all(s.icons is not None and s.daily is not None for s in slices)
    assert all(len(s.monthly.points) == 34 for s in slices)  # 2023-01 .. 2025-10
    assert all(len(s.daily.points) == 90 for s in slices if s.metric != "outbound_connect")


def test_slice_values_equal_the_warehouse(slices, wh):
    for s in slices[:6]:
        f = {} if s.slice == ALL else {"business_line": [s.slice]}
        df = wh.metric(s.metric, grain="month", filters=f, start="2025-09-01", end="2025-11-01")
        assert s.previous == pytest.approx(df["value"].iloc[0], rel=1e-12)
        assert s.value == pytest.approx(df["value"].iloc[1], rel=1e-12)
        assert s.change == pytest.approx(df["value"].iloc[1] / df["value"].iloc[0] - 1, rel=1e-9)


def test_laney_centre_is_total_count_over_total_size(slices):
    """Laney (2002): the centre of a U' chart is u-bar = sum(c) / sum(n)."""
    s = next(x for x in slices if x.metric == "total_cpo")
    pts = s.monthly.points
    assert s.monthly.chart == "laney-u" and pts["stage"].nunique() == 1
    assert pts["center"].iloc[0] == pytest.approx((pts["value"] * pts["n"]).sum() / pts["n"].sum(), rel=1e-12)


def test_the_flagship_slice_is_staged_at_its_rounds(slices):
    s = next(x for x in slices if (x.metric, x.slice) == ("manual_cpo", "intl_hotel"))
    st = s.monthly.stages
    assert list(st["stage"]) == ["before", "rounds", "after"]
    assert [str(pd.Timestamp(x).date()) for x in st["first"]] == ["2023-01-01", "2024-01-01", "2024-04-01"]
    assert len(s.rounds) == 6
    drop = 1 - st["center"].iloc[2] / st["center"].iloc[0]
    assert 0.15 < drop < 0.35  # the rounds cut it; 2023 includes the early months of the rise
    # other slices are not staged
    other = next(x for x in slices if (x.metric, x.slice) == ("manual_cpo", "hotel"))
    assert other.monthly.stages["stage"].tolist() == ["all"] and other.rounds.empty


def test_scorecard_and_summaries(slices):
    sc = S.scorecard(slices)
    assert len(sc) == len(slices)
    assert set(sc["variation"]) <= {"common_cause", "improvement_high", "improvement_low",
                                     "concern_high", "concern_low"}
    assert set(sc["assurance"]) <= {"pass", "fail", "hit_and_miss"}
    met = sc.dropna(subset=["target"])
    expect = np.where(met["better"] == "down", met["value"] <= met["target"], met["value"] >= met["target"])
    assert (met["met_this_month"].to_numpy() == expect).all()
    text = slices[1].summary()
    assert text.startswith("Manual contacts per order, International hotel, 2025-10: ")
    assert "target 0.1000" in text


def test_formatting():
    assert S.fmt_value("share", 0.7534) == "75.3%" and S.fmt_value("share", 0.0264) == "2.64%"
    assert S.fmt_value("seconds", 422.68) == "422.7 s" and S.fmt_value("contacts/order", 0.063011) == "0.0630"
    assert S.fmt_change("share", 0.75, 0.83) == "-8.00 pts"
    assert S.fmt_change("contacts/order", 0.063, 0.06) == "+5.0%"
    assert S.fmt_value("share", None) == "–"


def test_reason_pareto_this_month_vs_last(wh, period):
    pc = S.reason_pareto(wh, period, "Manual contacts by reason", filters={"handled_by": ["agent"]})
    t = pc.table
    raw = wh.query("SELECT reason, count(*) AS n FROM contacts WHERE handled_by = 'agent' "
                   "AND started_at >= '2025-10-01' AND started_at < '2025-11-01' GROUP BY reason")
    assert dict(zip(t["reason"], t["count_this"], strict=True)) == dict(zip(raw["reason"], raw["n"], strict=True))
    last = wh.counts(["reason"], filters={"handled_by": ["agent"]}, start="2025-09-01", end="2025-10-01")
    assert dict(zip(t["reason"], t["count_last"], strict=True)) == dict(zip(last["reason"], last["count"], strict=True))
    assert t["count_this"].is_monotonic_decreasing
    assert t["percent_this"].sum() == pytest.approx(100) and t["cumulative_percent"].iloc[-1] == pytest.approx(100)
    before = (t["cumulative_percent"] - t["percent_this"]).to_numpy()
    assert (t["vital"].to_numpy() == (before < 80 - 1e-9)).all()  # vital few at 80%
    assert np.allclose(t["share_change"], t["percent_this"] - t["percent_last"])
    assert pc.summary().startswith("Manual contacts by reason, October 2025:")


def test_header_volumes_and_an_empty_month(wh, period):
    h = S.header(wh, period)
    n = wh.query("SELECT count(*) AS n FROM contacts WHERE started_at >= '2025-10-01' "
                 "AND started_at < '2025-11-01'")["n"][0]
    orders = wh.query("SELECT sum(orders) AS n FROM orders WHERE date >= '2025-10-01' "
                      "AND date < '2025-11-01'")["n"][0]
    assert h["this"]["sources"]["contacts"]["volume"] == n and h["complete"]
    assert h["this"]["sources"]["orders"]["volume"] == orders  # the catalog's volume: sum(orders)
    assert str(h["freshness"]["last"].date()) == "2025-12-31"
    with pytest.raises(WarehouseError, match="no contacts in 2026-03; the data hold 2023-01-01 to 2025-12-31"):
        S.header(wh, S.report_period("2026-03"))


def test_portfolio_of_the_repository_projects(monkeypatch):
    monkeypatch.setenv("SIXSIGMA_PROJECTS", str(REPO / "projects"))
    projects, note = S.load_projects()
    assert note == "" and FLAGSHIP in projects
    # the flagship with its control tollgate passed on 2024-09-27 (closed that month)
    from sixsigma.dmaic.models import TollgateRecord

    p = projects[FLAGSHIP]
    phases = [ph.model_copy(update={"tollgate": TollgateRecord(passed=pd.Timestamp("2024-09-27").date())})
              if ph.name == "control" else ph for ph in p.phases]
    projects = {**projects, FLAGSHIP: p.model_copy(update={"phases": phases, "status": "closed"})}
    folio = S.portfolio(S.report_period("2024-09"), projects)
    assert folio.by_phase_belt["projects"].sum() == len(projects)
    row = folio.closed.set_index("id").loc[FLAGSHIP]
    assert row["phase"] == "closed"
    if p.result is not None:
        assert row["change_pct"] < -20 and row["change"].startswith(f"{p.result.change_pct:+.1f}%")
    assert "Closed in" in folio.summary()
    assert S.portfolio(S.report_period("2025-10"), projects).closed.empty
    empty = S.portfolio(S.report_period("2025-10"), {})
    assert empty.projects.empty and empty.summary() == "No DMAIC projects recorded."


def test_process_changes_from_projects_dedupe_the_warehouse_table(wh, cfg, monkeypatch):
    monkeypatch.setenv("SIXSIGMA_PROJECTS", str(REPO / "projects"))
    projects, _ = S.load_projects()
    ch = S.process_changes(wh, cfg, projects)
    flagship = ch[ch["project"] == FLAGSHIP]
    assert len(flagship) == 6  # the same six rounds from the record and the demo table, once
    assert set(zip(flagship["metric"], flagship["slice"], strict=True)) == {("manual_cpo", "intl_hotel")}


def test_one_unreadable_project_does_not_hide_the_others_in_the_report(tmp_path, monkeypatch):
    import shutil

    shutil.copytree(REPO / "projects", tmp_path / "projects")
    (tmp_path / "projects" / "broken").mkdir()
    (tmp_path / "projects" / "broken" / "project.yaml").write_text("title: [unclosed\n")
    monkeypatch.setenv("SIXSIGMA_PROJECTS", str(tmp_path / "projects"))
    projects, note = S.load_projects()
    assert FLAGSHIP in projects and "broken" not in projects
    assert note.startswith("project broken could not be read:") and "broken/project.yaml:" in note
