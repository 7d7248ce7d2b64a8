"""The ride-hailing example center: a second world from configuration alone.

``datasets/catalogs/ride_hailing.yaml`` describes Parquet files written by
``datasets/ride_hailing/generate.py`` (committed, read in place, no import). These tests check
that its metrics run at every grain, by every dimension and with filters; that the numbers
match a computation straight from the files with pandas (their own column names, no catalog);
that the data tell the story DOMAIN.md publishes; that the generator is deterministic; and that
nothing under ``sixsigma/`` names this center's metrics, dimensions, values or columns.
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
from pathlib import Path

import ibis
import numpy as np
import pandas as pd
import pytest
import yaml

from sixsigma.catalog import load_catalog
from sixsigma.spc import metric_chart
from sixsigma.warehouse import Warehouse
from sixsigma.warehouse.compile import to_ibis

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "datasets" / "catalogs" / "ride_hailing.yaml"
TRAVEL = ROOT / "datasets" / "catalogs" / "travel.yaml"
DATA = ROOT / "datasets" / "ride_hailing" / "data"
GENERATOR = ROOT / "datasets" / "ride_hailing" / "generate.py"
CHANGE = "2024-06-03"  # the online channel's change (README)
STORM = pd.Timestamp("2025-09-07")  # the storm night (README)


@pytest.fixture(scope="module")
def wh():
    # no warehouse file: every source is Parquet, read in place
    w = Warehouse(ROOT / "no-such-warehouse.duckdb", read_only=True, catalog=CATALOG)
    yield w
    w.close()


@pytest.fixture(scope="module")
def raw():
    """The generator's files read with pandas, in their own column names."""
    def hive(name):
        return pd.concat([pd.read_parquet(f) for f in sorted((DATA / name).glob("year=*/*.parquet"))],
                         ignore_index=True)
    return {"contacts": hive("contacts"), "alerts": hive("alerts"),
            "callbacks": pd.read_parquet(DATA / "callbacks.parquet"),
            "trips": pd.read_parquet(DATA / "trips.parquet")}


def _month(ts) -> pd.Series:
    return pd.to_datetime(ts).dt.to_period("M").dt.start_time


# -- the catalog and every metric on DuckDB ----------------------------------------------------
def test_the_catalog_loads_with_its_own_sources_dimensions_and_metrics():
    cat = load_catalog(CATALOG)
    assert set(cat.sources) == {"contacts", "alerts", "callbacks", "trips"}
    assert all(s.parquet is not None and s.table is None for s in cat.sources.values())
    assert set(cat.metrics) == {"safety_response_rate", "time_to_contact", "phone_csat",
                                "online_very_dissatisfied", "complaints_per_10k", "follow_up_calls",
                                "follow_up_connect", "repeat_contact_rate"}
    assert cat.slice_by == "city" and cat.report == CATALOG.with_name("ride_hailing.report.yaml")
    assert cat.sources["contacts"].renames()["channel"] == "chan"
    assert cat.sources["alerts"].renames()["raised_at"] == "alert_ts"
    for m in cat.metrics.values():
        assert m.labels["en"] and m.labels["zh-CN"] and m.labels["zh-CN"] != m.labels["en"]
    assert cat.metric("time_to_contact").population.item == "alerts"
    assert cat.metric("complaints_per_10k").per_order and cat.metric("complaints_per_10k").scale == 10_000


@pytest.mark.parametrize("grain", ["day", "week", "month"])
def test_every_metric_runs_at_each_grain(wh, grain):
    for name in wh.catalog.metrics:
        df = wh.metric(name, grain=grain)
        assert len(df) > 0, name
        assert list(df.columns[:4]) == ["period", "numerator", "denominator", "value"]
        assert (df["denominator"] > 0).all() and np.isfinite(df["value"]).all(), name
        # complete periods only: 2023-01-02 is the first full week (2023-01-01 is a Sunday)
        assert df["period"].min() == pd.Timestamp({"day": "2023-01-01", "week": "2023-01-02",
                                                   "month": "2023-01-01"}[grain]), name


def test_every_metric_runs_by_each_dimension_of_its_source_and_the_slices_add_up(wh):
    cat = wh.catalog
    for name, m in cat.metrics.items():
        total = wh.metric(name, grain="month", start="2025-01-01", end="2025-04-01")
        for dim in cat.sources[m.source].dims:
            df = wh.metric(name, grain="month", by=[dim], start="2025-01-01", end="2025-04-01")
            assert set(df["period"]) == set(total["period"]), (name, dim)
            # a count numerator splits exactly into its dimension's levels
            got = df.groupby("period")["numerator"].sum().to_numpy()
            assert np.allclose(got, total["numerator"].to_numpy()), (name, dim)


def test_every_metric_runs_with_a_filter_of_each_source(wh):
    cat = wh.catalog
    for name, m in cat.metrics.items():
        flt = {"city": "wuhan"} if "city" in cat.sources[m.source].dims else {}
        all_cities = wh.metric(name, grain="month", start="2025-10-01", end="2025-11-01")
        wuhan = wh.metric(name, grain="month", filters=flt, start="2025-10-01", end="2025-11-01")
        assert len(wuhan) == 1 and 0 < wuhan["numerator"].iloc[0] < all_cities["numerator"].iloc[0], name


def test_monthly_metrics_equal_a_pandas_computation_straight_from_the_files(wh, raw):
    """Each metric's numerator and denominator, recomputed from the Parquet files by hand."""
    c, a, cb, tr = raw["contacts"], raw["alerts"], raw["callbacks"], raw["trips"]
    c = c.assign(m=_month(c["open_ts"]))
    a = a[~a["drill"]].assign(m=_month(a["alert_ts"]))
    cb = cb.assign(m=_month(cb["call_ts"]))
    trips = tr.groupby(_month(tr["trip_day"]))["n_trips"].sum()
    phone = c[(c["chan"] == "phone") & c["csat_score"].notna()]
    online = c[(c["chan"] == "online") & c["csat_score"].notna()]
    expected = {
        "safety_response_rate": (a[a["in_sla"]].groupby("m").size(), a.groupby("m").size()),
        "time_to_contact": (a.groupby("m")["ttfc_sec"].sum(), a.groupby("m").size()),
        "phone_csat": (phone[phone["csat_score"] >= 4].groupby("m").size(), phone.groupby("m").size()),
        "online_very_dissatisfied": (online[online["csat_score"] == 1].groupby("m").size(),
                                     online.groupby("m").size()),
        "complaints_per_10k": (c[c["complaint_flag"]].groupby("m").size(), trips),
        "follow_up_calls": (cb.groupby("m").size(), trips),
        "follow_up_connect": (cb[cb["call_result"] == "connected"].groupby("m").size(), cb.groupby("m").size()),
        "repeat_contact_rate": (c[c["recontact_7d"]].groupby("m").size(), c.groupby("m").size()),
    }
    for name, (num, den) in expected.items():
        df = wh.metric(name, grain="month").set_index("period")
        assert len(df) == 36, name
        np.testing.assert_allclose(df["numerator"], num.reindex(df.index).to_numpy(float), rtol=1e-12, err_msg=name)
        np.testing.assert_allclose(df["denominator"], den.reindex(df.index).to_numpy(float), rtol=1e-12, err_msg=name)
    # a per-10k-trips metric by a dimension both sources hold: each city's complaints / its trips
    df = wh.metric("complaints_per_10k", grain="month", by=["city"], filters={"channel": "phone"},
                   start="2025-10-01", end="2025-11-01").set_index("city")
    oct_c = c[(c["m"] == "2025-10-01") & (c["chan"] == "phone") & c["complaint_flag"]].groupby("city_code").size()
    oct_t = tr[_month(tr["trip_day"]) == "2025-10-01"].groupby("city_code")["n_trips"].sum()
    np.testing.assert_allclose(df["value"], (1e4 * oct_c / oct_t).reindex(df.index), rtol=1e-12)


def test_population_and_pareto_counts_read_the_files(wh, raw):
    a = raw["alerts"]
    ts = pd.to_datetime(a["alert_ts"])
    octo = a[(ts >= "2025-10-01") & (ts < "2025-11-01") & ~a["drill"]]
    v = wh.population("time_to_contact", start="2025-10-01", end="2025-11-01")
    assert len(v) == len(octo) and v.sum() == pytest.approx(octo["ttfc_sec"].sum(), rel=1e-12)
    counts = wh.counts(["issue"], start="2025-10-01", end="2025-11-01").set_index("issue")["count"]
    c = raw["contacts"]
    cts = pd.to_datetime(c["open_ts"])
    want = c[(cts >= "2025-10-01") & (cts < "2025-11-01")]["issue_cat"].value_counts()
    assert counts.to_dict() == want.to_dict()


# -- the story ---------------------------------------------------------------------------------
def test_online_very_dissatisfied_share_falls_about_40_percent_after_the_change(wh):
    df = wh.metric("online_very_dissatisfied", grain="month")
    before = df[df["period"] < "2024-06-01"]
    after = df[df["period"] >= "2024-07-01"]
    p0 = before["numerator"].sum() / before["denominator"].sum()
    p1 = after["numerator"].sum() / after["denominator"].sum()
    assert 0.07 < p0 < 0.09  # about 8% before
    assert 0.35 < 1 - p1 / p0 < 0.48  # "cut by more than 40%" (DOMAIN.md); planted 42.5%
    # and it is a step at the change, not a drift: the weeks either side of 2024-06-03
    w = wh.metric("online_very_dissatisfied", grain="week", start="2024-03-04", end="2024-09-02")
    pre, post = w[w["period"] < CHANGE], w[w["period"] >= CHANGE]
    assert post["value"].max() < pre["value"].min() + 0.02
    assert post["numerator"].sum() / post["denominator"].sum() < 0.7 * pre["numerator"].sum() / pre["denominator"].sum()


def test_phone_csat_is_near_98_percent(wh):
    df = wh.metric("phone_csat", grain="year")
    assert df["value"].between(0.975, 0.985).all()  # DOMAIN.md: phone CSAT 98%


def test_safety_response_is_100_percent_except_the_storm_day(wh):
    df = wh.metric("safety_response_rate", grain="day")
    assert len(df) == 1096
    below = df[df["value"] < 1]
    assert below["period"].tolist() == [STORM]
    assert 0.85 < below["value"].iloc[0] < 0.95
    storm_city = wh.metric("safety_response_rate", grain="day", by=["city"], start="2025-09-07", end="2025-09-08")
    assert storm_city.set_index("city")["value"].lt(1).to_dict() == {
        "chengdu": False, "chongqing": False, "hangzhou": False, "nanjing": False, "tianjin": False, "wuhan": True}


@pytest.mark.parametrize("chart", ["laney-p", "imr"])
def test_a_control_chart_flags_the_storm_day_and_only_it(wh, chart):
    m = wh.catalog.metric("safety_response_rate")
    df = wh.metric(m, grain="day", start="2025-07-01", end="2025-11-01")
    ch = metric_chart(df, chart, metric_kind=m.kind, name=m.label, better=m.better)
    # Minitab test 1 (a point beyond the limits) fires once, on the storm day, on the low side
    assert ch.signals[["test", "side"]].to_dict("records") == [{"test": 1, "side": "below"}]
    assert list(ch.signals["labels"].iloc[0]) == [STORM]
    if chart == "imr":
        # I chart limits by hand (Montgomery, Introduction to Statistical Quality Control,
        # 6th ed., sec. 6.4): centre x-bar, limits x-bar -/+ 3 MR-bar / d2 with d2 = 1.128
        x = df["value"].to_numpy()
        mr_bar = np.abs(np.diff(x)).mean()
        pts = ch.points.set_index("label")
        assert pts["center"].iloc[0] == pytest.approx(x.mean(), rel=1e-12)
        assert pts["lcl"].iloc[0] == pytest.approx(x.mean() - 3 * mr_bar / 1.128, rel=1e-4)
        assert pts.loc[STORM, "value"] < pts.loc[STORM, "lcl"]


def test_safety_volumes_drills_and_follow_up_anchors(wh, raw):
    a = raw["alerts"]
    year = pd.to_datetime(a["alert_ts"]).dt.year
    real = a[~a["drill"]]
    # 855,156 safety outbound calls a year (DOMAIN.md), scaled 1/8 in the example
    per_year = real.groupby(year[~a["drill"]]).size()
    assert ((per_year * 8 > 700_000) & (per_year * 8 < 1_000_000)).all()
    assert (a[a["drill"]].groupby(year[a["drill"]]).size() >= 50).all()  # 50+ emergency call drills
    assert (a.loc[a["drill"], "alert_kind"] == "one_tap_alarm").all()
    # 30,000+ follow-up calls a year; one agent 8,000+ of them (DOMAIN.md)
    calls = wh.metric("follow_up_calls", grain="year", by=["agent_id"])
    per_year = calls.groupby("period")["numerator"].sum()
    assert (per_year > 30_000).all()
    top = calls.loc[calls.groupby("period")["numerator"].idxmax()]
    assert (top["agent_id"] == "C07").all() and (top["numerator"] > 8_000).all()
    # the 180 s target is never missed outside the storm night
    v = wh.population("time_to_contact", end="2025-09-07")
    assert v.max() <= 180 and len(v) > 200_000


def test_every_data_quality_check_holds_on_the_data_and_catches_a_bad_row(wh):
    cat = wh.catalog
    bad_rows = {  # one row per check that its condition must catch (catalog column names)
        "contacts": pd.DataFrame({"talk_s": [-1.0, 10, 10], "csat": pd.array([3, 6, 3], dtype="Int8"),
                                  "agent_id": ["a", "a", None], "team": ["t", "t", "t"]}),
        "alerts": pd.DataFrame({"first_contact_s": [-2.0, 200, 30], "within_target": [True, True, True],
                                "drill": [False, False, True], "alert_type": ["long_stop", "long_stop", "night_trip"]}),
        "callbacks": pd.DataFrame({"agent_id": [None]}, dtype="string"),
        "trips": pd.DataFrame({"trips": [-5]}),
    }
    con = ibis.duckdb.connect()
    for check in cat.checks:
        t = wh.engine.table(cat.sources[check.source])
        assert int(t.filter(to_ibis(check.fails.tree, t)).count().to_pandas()) == 0, check.name
        mem = ibis.memtable(bad_rows[check.source])
        assert int(con.execute(mem.filter(to_ibis(check.fails.tree, mem)).count())) == 1, check.name


# -- the generator -----------------------------------------------------------------------------
def _load_generator():
    spec = importlib.util.spec_from_file_location("ride_hailing_generate", GENERATOR)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _digests(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*.parquet"))}


def test_the_generator_rewrites_the_committed_files_byte_for_byte(tmp_path):
    gen = _load_generator()
    rows = gen.generate(tmp_path / "data")
    assert rows == {"trips": 13_152, "contacts": 384_143, "alerts": 303_913, "callbacks": 93_920}
    assert _digests(tmp_path / "data") == _digests(DATA)
    assert sum(p.stat().st_size for p in DATA.rglob("*.parquet")) < 6_000_000  # small enough to commit
    # the seed matters: another seed draws other trips (so this test could fail)
    same, other = gen.trips(np.random.default_rng(gen.SEED)), gen.trips(np.random.default_rng(gen.SEED + 1))
    committed = pd.read_parquet(DATA / "trips.parquet")
    assert same["n_trips"].tolist() == committed["n_trips"].tolist() != other["n_trips"].tolist()


# -- nothing in the package names this center --------------------------------------------------
GENERIC = {"online"}  # an English word: sixsigma/warehouse/demo.py says "online-travel"


def _names(cat) -> set[str]:
    out = set(cat.metrics) | set(cat.dimensions) | set(cat.sources)
    for d in cat.dimensions.values():
        out |= set(d.values or ())
    for s in cat.sources.values():
        for col in s.columns.values():
            out |= {col.name, col.source_name}
    return out


def test_no_file_under_sixsigma_names_a_ride_hailing_metric_dimension_value_or_column():
    own = _names(load_catalog(CATALOG)) - _names(load_catalog(TRAVEL)) - GENERIC
    assert {"safety_response_rate", "city", "wuhan", "intercity_carpool", "chan", "ttfc_sec"} <= own
    pattern = re.compile(r"\b(" + "|".join(sorted(map(re.escape, own), key=len, reverse=True)) + r")\b")
    hits = []
    for p in sorted((ROOT / "sixsigma").rglob("*")):
        if p.is_file() and "__pycache__" not in p.parts:
            for m in pattern.finditer(p.read_text(errors="ignore")):
                hits.append(f"{p.relative_to(ROOT)}: {m.group(0)}")
    assert hits == []


# -- the report configuration beside the catalog -----------------------------------------------
def test_the_report_config_names_only_this_catalogs_metrics_and_slices():
    cat = load_catalog(CATALOG)
    cfg = yaml.safe_load(cat.report.read_text())
    slices = {"all", *cat.dimension(cat.slice_by).values}
    assert [k["metric"] for k in cfg["kpis"]] == list(cat.metrics)
    for k in cfg["kpis"]:
        assert set(k.get("slices", cfg["slices"])) <= slices, k
        target = k["target"]
        if cat.metric(k["metric"]).kind == "proportion":
            assert 0 <= target <= 1, k
    for p in cfg["paretos"]:
        assert p["by"] in cat.sources["contacts"].dims
        cat.check_filters(p["filters"], "contacts")
