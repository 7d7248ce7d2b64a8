"""The daily rollup (Warehouse.daily_rollup / rollup) against Warehouse.metric, one metric at a
time, and against raw SQL counts: the report's KPI frames come from the rollup, so every
travel metric must give the same rows, numerators, denominators, values, days and partial
periods as the metric layer's own query at every grain."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sixsigma.catalog import load_catalog
from sixsigma.errors import InputError, SixSigmaError
from sixsigma.reporting import sections as S
from sixsigma.reporting.config import ALL
from sixsigma.warehouse import Warehouse

METRICS = list(load_catalog().metrics)
START, END = "2023-02-14", "2025-10-19"  # partial months (and weeks) at both ends


@pytest.fixture(scope="module")
def wh(demo_warehouse):
    with Warehouse(demo_warehouse, read_only=True) as w:
        yield w


@pytest.fixture(scope="module")
def roll(wh):
    return wh.daily_rollup(METRICS, by=["business_line"], start=START, end=END)


def _same(got: pd.DataFrame, ref: pd.DataFrame, metric: str) -> None:
    """Same rows and columns; counts exactly, sums of doubles to 1e-12 (a sum of days and
    DuckDB's sum of the rows add the same numbers in another order), values to 1e-12."""
    assert list(got.columns) == list(ref.columns), metric
    assert len(got) == len(ref) and len(ref) > 0, metric
    keys = [c for c in ref.columns if c not in ("numerator", "denominator", "value")]
    pd.testing.assert_frame_equal(got[keys], ref[keys], check_exact=True)
    m = load_catalog().metric(metric)
    for col, agg in (("numerator", m.numerator), ("denominator", m.denominator)):
        if agg.op == "count" or agg.source == "orders":
            np.testing.assert_array_equal(got[col].to_numpy(), ref[col].to_numpy(), err_msg=f"{metric} {col}")
        else:
            np.testing.assert_allclose(got[col], ref[col], rtol=1e-12, atol=0, err_msg=f"{metric} {col}")
    np.testing.assert_allclose(got["value"], ref["value"], rtol=1e-12, atol=0, err_msg=metric)
    assert got.attrs == ref.attrs, metric


@pytest.mark.parametrize("grain", ["day", "month"])
def test_rollup_equals_metric_for_every_travel_metric(wh, roll, grain):
    frames = roll.frames(grain)
    assert set(frames) == set(METRICS)
    for name in METRICS:
        ref = wh.metric(name, grain=grain, by=["business_line"], start=START, end=END)
        _same(frames[name], ref, name)
    if grain == "month":  # the cut months are dropped and named exactly as metric() names them
        assert frames["manual_cpo"].attrs["partial_dropped"] == ["2023-02-01 (15 of 28 days)",
                                                                  "2025-10-01 (18 of 31 days)"]


def test_weeks_quarters_sub_windows_and_kept_partials(wh, roll):
    for grain in ("week", "quarter", "year"):
        got = roll.frames(grain, keep_partial=True)
        for name in ("manual_cpo", "aht", "nps", "service_level"):
            ref = wh.metric(name, grain=grain, by=["business_line"], start=START, end=END, keep_partial=True)
            _same(got[name], ref, name)
            assert got[name]["partial"].tolist() == ref["partial"].tolist()
    got = roll.frames("day", start="2025-07-22")  # the report's daily window: a sub-window
    ref = wh.metric("fcr", grain="day", by=["business_line"], start="2025-07-22", end=END)
    _same(got["fcr"], ref, "fcr")


def test_numerator_only_dimension_and_filters(wh):
    """Per-order metric by a dim the orders lack: every reason in every order period (a reason
    with no contact that day is a 0 row), the filter applied to both sources."""
    flt = {"business_line": "intl_hotel"}
    roll = wh.daily_rollup(["manual_cpo", "total_cpo", "fcr"], by=["reason"], filters=flt,
                           start="2025-01-01", end="2025-04-01")
    for grain in ("day", "week"):
        got = roll.frames(grain)
        for name in ("manual_cpo", "total_cpo", "fcr"):
            ref = wh.metric(name, grain=grain, by=["reason"], filters=flt, start="2025-01-01", end="2025-04-01")
            _same(got[name], ref, name)
        if grain == "day":  # the zero rows of the grid are there
            assert (got["manual_cpo"]["numerator"] == 0).any()


def test_rollup_matches_raw_sql(wh, roll):
    """October 2025 is cut by END; September 2025 for intl_hotel against hand-written SQL."""
    m = roll.frames("month")
    sep = pd.Timestamp("2025-09-01")
    num, = wh.query("SELECT count(*) FROM contacts WHERE business_line = 'intl_hotel' AND handled_by = 'agent' "
                    "AND NOT outbound AND started_at >= '2025-09-01' AND started_at < '2025-10-01'",
                    trusted=True).iloc[0]
    den, = wh.query("SELECT sum(orders) FROM orders WHERE business_line = 'intl_hotel' "
                    "AND date >= '2025-09-01' AND date < '2025-10-01'", trusted=True).iloc[0]
    row = m["manual_cpo"].set_index(["period", "business_line"]).loc[(sep, "intl_hotel")]
    assert (row["numerator"], row["denominator"], row["days"]) == (num, den, 30)
    hs, n = wh.query("SELECT sum(handle_s), count(*) FROM contacts WHERE business_line = 'intl_hotel' AND "
                     "handled_by = 'agent' AND NOT outbound AND NOT abandoned AND started_at >= '2025-09-01' "
                     "AND started_at < '2025-10-01'", trusted=True).iloc[0]
    row = m["aht"].set_index(["period", "business_line"]).loc[(sep, "intl_hotel")]
    assert row["denominator"] == n and row["numerator"] == pytest.approx(hs, rel=1e-12)


def test_report_frames_equal_the_metric_layer(wh):
    """kpi_frames (one rollup for every KPI) = the two metric() queries per KPI it replaced."""
    period = S.report_period("2025-10")
    every = S.kpi_frames_all(wh, METRICS, period)
    for name in METRICS:
        for grain, lo in (("month", period.history_start), ("day", period.daily_start)):
            ref = wh.metric(name, grain=grain, by=["business_line"], start=lo, end=period.end)
            got = every[name][grain]
            lines = got[got["slice"] != ALL].drop(columns="slice").reset_index(drop=True)
            lines["days"] = lines["days"].astype("int64")  # float beside the 'all' rows' NaN days
            ref = ref.drop(columns="business_line")
            pd.testing.assert_frame_equal(lines, ref, check_exact=False, rtol=1e-12)
            tot = got[got["slice"] == ALL].set_index("period")
            sums = ref.groupby("period")[["numerator", "denominator"]].sum()
            np.testing.assert_allclose(tot["numerator"], sums["numerator"], rtol=1e-12)
            np.testing.assert_array_equal(tot["denominator"], sums["denominator"])


def test_bad_input(wh, roll):
    with pytest.raises(InputError, match="at least one metric"):
        wh.rollup([])
    with pytest.raises(InputError, match="listed twice"):
        wh.rollup(["aht", "aht"])
    with pytest.raises(SixSigmaError, match="unknown dimension 'no_such_dim'"):
        wh.rollup(["aht"], by=["no_such_dim"])
    with pytest.raises(InputError, match="not inside the rollup"):
        roll.frames("month", start="2022-01-01")
    with pytest.raises(SixSigmaError, match="unknown grain"):
        roll.frames("fortnight")
