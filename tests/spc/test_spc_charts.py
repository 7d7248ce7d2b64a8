"""Laney, G, EWMA with unequal sizes, stages, phases, exclusions, historical values, inputs,
errors and the result object (summary, to_dict)."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from sixsigma.errors import InputError, UnknownNameError
from sixsigma.results import jsonable
from sixsigma.spc import (
    ControlChart,
    chart_for_metric_kind,
    control_chart,
    dispersion_check,
    ewma,
    g_chart,
    imr,
    laney_p,
    laney_u,
    u_chart,
    xbar_r,
)


# ------------------------------------------------------------------ Laney U' by hand
def test_laney_u_hand_calculation():
    # Laney (2002), Quality Engineering 14(4): z_i = (u_i - u-bar) / sigma_i,
    # sigma_z = MR-bar(z) / d2(2), limits u-bar +/- 3 sigma_i sigma_z.
    x = [12, 30, 9, 35, 14]
    n = [100, 120, 110, 150, 100]
    # u-bar = 100 / 580 = 0.1724137931
    # u_i = 0.12, 0.25, 0.0818181818, 0.2333333333, 0.14
    # sigma_i = sqrt(0.1724137931 / n_i) = 0.0415227399, 0.0379049022, 0.0395903791,
    #           0.0339031752, 0.0415227399
    # z_i = -1.2622912938, 2.0468647177, -2.2883239133, 1.7968682846, -0.7806275106
    # |MR| = 3.3091560114, 4.3351886310, 4.0851921979, 2.5774957952; MR-bar = 3.5767581589
    # sigma_z = 3.5767581589 / 1.1283791671 (= 2 / sqrt(pi)) = 3.1698193862
    # UCL_1 = 0.1724137931 + 3 * 0.0415227399 * 3.1698193862 = 0.5672725511
    # LCL_i = 0.1724 - 3 * sigma_i * sigma_z < 0 -> clamped at 0
    ch = laney_u(count=x, size=n)
    p = ch.points
    assert math.isclose(p["center"].iloc[0], 0.1724137931034483, rel_tol=1e-12)
    assert math.isclose(ch.sigma_z, 3.1698193862423647, rel_tol=1e-10)
    assert ch.sigma == ch.sigma_z
    np.testing.assert_allclose(
        p["ucl"],
        [
            0.5672725510737253,
            0.5328688743847709,
            0.5488968468640874,
            0.49481461893554796,
            0.5672725510737253,
        ],
        rtol=1e-10,
    )
    assert (p["lcl"] == 0).all()
    np.testing.assert_allclose(
        p["sigma"],
        np.array(
            [
                0.041522739926869986,
                0.037904902178945175,
                0.03959037912324479,
                0.03390317518104052,
                0.041522739926869986,
            ]
        )
        * 3.1698193862423647,
        rtol=1e-10,
    )
    # the ordinary U chart's half-width is sigma_z = 3.17 times narrower:
    # UCL_1 = 0.1724137931 + 3 * 0.0415227399 = 0.2969820129
    u = u_chart(count=x, size=n)
    np.testing.assert_allclose(u.points["ucl"].iloc[0], 0.29698201288405823, rtol=1e-12)
    np.testing.assert_allclose(
        (ch.points["ucl"] - ch.points["center"]) / (u.points["ucl"] - u.points["center"]),
        3.1698193862423647,
        rtol=1e-10,
    )


def test_laney_p_equals_p_chart_when_sigma_z_is_one():
    x = np.array([10, 14, 9, 12, 11, 13])
    n = np.full(6, 100)
    lp = laney_p(count=x, size=n, sigma=1.0)  # historical sigma_z = 1
    p = control_chart("p", count=x, size=n)
    np.testing.assert_allclose(lp.points["ucl"], p.points["ucl"], rtol=1e-14)
    assert lp.points["ucl"].max() <= 1


# ------------------------------------------------------------------ G chart by hand
def test_g_chart_minitab_probability_limits():
    # x-bar = (10 + 25 + 4 + 40 + 13) / 5 = 18.4, p = 1 / 19.4 = 0.0515463918.
    # Geometric "number until": F(g) = 1 - (1 - p)^g. Minitab interpolates the inverse CDF:
    # median: F(13) = 0.4974153618 < 0.5 <= F(14) = 0.5233217864 ->
    #   G2 = 13 + (0.5 - 0.4974153618) / (0.5233217864 - 0.4974153618) = 13.0997682345,
    #   CL = G2 - 1 = 12.0997682345
    # Phi(3) = 0.9986501020: F(124) = 0.9985874770, F(125) = 0.9986602874 ->
    #   G3 = 124.8601100390, UCL = 123.8601100390
    # Phi(-3) = 0.0013498980 < F(1) = p: G1 = 0 + 0.0013498980 / 0.0515463918 = 0.0261880,
    #   LCL = max(0, G1 - 1) = 0
    ch = g_chart(value=[10, 25, 4, 40, 13])
    p = ch.points
    assert math.isclose(p["center"].iloc[0], 12.09976823446288, rel_tol=1e-9)
    assert math.isclose(p["ucl"].iloc[0], 123.86011003902978, rel_tol=1e-9)
    assert p["lcl"].iloc[0] == 0.0
    assert math.isclose(ch.stages["p"].iloc[0], 1 / 19.4, rel_tol=1e-12)
    # sigma form: mean +/- 3 sqrt(1 - p) / p
    s = g_chart(value=[10, 25, 4, 40, 13], g_limits="sigma")
    assert math.isclose(s.points["center"].iloc[0], 18.4, rel_tol=1e-12)
    assert math.isclose(
        s.points["ucl"].iloc[0], 18.4 + 3 * math.sqrt(1 - 1 / 19.4) * 19.4, rel_tol=1e-12
    )


def test_g_chart_from_event_dates():
    dates = pd.to_datetime(["2024-01-01", "2024-01-11", "2024-01-12", "2024-02-01"])
    ch = g_chart(value=dates)
    assert ch.points["value"].tolist() == [10.0, 1.0, 20.0]
    assert ch.points["label"].iloc[0] == pd.Timestamp("2024-01-11")


# ------------------------------------------------------------------ EWMA with unequal sizes
def test_ewma_unequal_sizes_exact_variance():
    # Var(z_t) = lambda^2 sum_j (1 - lambda)^(2(t - j)) sigma^2 / n_j, checked with a loop
    vals = np.array([10.0, 10.5, 9.8, 10.9, 10.2, 11.0])
    n = np.array([4, 2, 5, 3, 4, 6])
    df = pd.DataFrame({"v": np.repeat(vals, n), "g": np.repeat(np.arange(6), n)})
    ch = ewma(df, value="v", subgroup="g", mean=10.0, sigma=0.6, lam=0.3, L=2.8)
    var, z, zs, vs = 0.0, 10.0, [], []
    for t in range(6):
        z = 0.3 * vals[t] + 0.7 * z
        var = 0.7**2 * var + 0.3**2 * 0.36 / n[t]
        zs.append(z)
        vs.append(var)
    np.testing.assert_allclose(ch.points["ewma"], zs, rtol=1e-13)
    np.testing.assert_allclose(ch.points["ucl"], 10 + 2.8 * np.sqrt(vs), rtol=1e-13)


# ------------------------------------------------------------------ stages, phases, exclusions
def weekly(n=40, shift_at=20, seed=3):
    rng = np.random.default_rng(seed)
    v = np.r_[rng.normal(100, 5, shift_at), rng.normal(80, 5, n - shift_at)]
    return pd.DataFrame({"week": pd.date_range("2024-01-01", periods=n, freq="W-MON"), "aht": v})


def test_stage_dates_recompute_limits_per_stage():
    df = weekly()
    cut = df["week"].iloc[20]
    ch = imr(df, value="aht", label="week", stage_dates=[cut.date().isoformat()])
    st = ch.stages
    assert st["stage"].tolist() == ["baseline", f"from {cut.date().isoformat()}"]
    assert st["n"].tolist() == [20, 20]
    for i, part in enumerate((df["aht"][:20], df["aht"][20:])):
        v = part.to_numpy()
        assert math.isclose(st["center"].iloc[i], v.mean(), rel_tol=1e-12)
        mr = np.abs(np.diff(v)).mean()
        assert math.isclose(st["sigma"].iloc[i], mr / (2 / math.sqrt(math.pi)), rel_tol=1e-12)
    # the moving range does not cross the stage boundary
    assert np.isnan(ch.secondary.points["value"].iloc[20])
    assert "-19." in ch.summary() or "-2" in ch.summary()


def test_stage_column_and_shift_signal_in_plain_language():
    df = weekly()
    df["round"] = np.where(df.index < 20, "before", "after")
    ch = imr(df, value="aht", label="week", stage="round", tests="nelson")
    assert ch.points["stage"].iloc[0] == "before" and ch.points["stage"].iloc[-1] == "after"
    one = imr(df, value="aht", label="week", tests=[2])
    text = one.summary()
    assert "points in a row below the centre line from 2024-" in text
    assert "the process shifted down" in text
    sig = one.signals.iloc[-1]
    assert sig["side"] == "below" and sig["labels"][0] == df["week"].iloc[20]


def test_phase1_first_n_and_limits_applied_unchanged():
    df = weekly()
    ch = imr(df, value="aht", phase1=20)
    p = ch.points
    assert (p["phase"][:20] == "I").all() and (p["phase"][20:] == "II").all()
    assert p["ucl"].nunique() == 1
    assert math.isclose(p["center"].iloc[-1], df["aht"][:20].mean(), rel_tol=1e-12)
    assert (p["value"][20:] < p["lcl"][20:]).sum() > 10  # the shift shows against Phase I limits


def test_phase1_by_labels_and_exclusions_by_label():
    df = weekly()
    labels = df["week"].dt.strftime("%Y-%m-%d").tolist()
    ch = imr(df, value="aht", label="week", phase1=labels[:20], exclude=[labels[3]])
    v = df["aht"].to_numpy()[:20]
    est = np.delete(v, 3)
    assert math.isclose(ch.points["center"].iloc[0], est.mean(), rel_tol=1e-12)
    # moving ranges touching the excluded point are not used
    mr = np.abs(np.diff(v))
    used = np.delete(mr, [2, 3])
    assert math.isclose(ch.sigma, used.mean() / (2 / math.sqrt(math.pi)), rel_tol=1e-12)
    assert bool(ch.points["excluded"].iloc[3]) and ch.points["excluded"].sum() == 1
    with pytest.raises(InputError, match="not on the chart"):
        imr(df, value="aht", label="week", exclude=["1999-01-01"])


def test_historical_parameters():
    df = weekly()
    ch = imr(df, value="aht", mean=90.0, sigma=4.0)
    assert (ch.points["ucl"] == 102.0).all() and (ch.points["lcl"] == 78.0).all()
    mr = ch.secondary.points
    assert math.isclose(mr["center"].iloc[1], 4.0 * 2 / math.sqrt(math.pi), rel_tol=1e-12)
    p = control_chart("p", count=[5, 7, 6], size=[100, 100, 100], center=0.05)
    assert math.isclose(
        p.points["ucl"].iloc[0], 0.05 + 3 * math.sqrt(0.05 * 0.95 / 100), rel_tol=1e-12
    )


def test_xbar_from_wide_array_and_long_data_agree():
    rng = np.random.default_rng(0)
    m = rng.normal(10, 1, size=(12, 4))
    wide = xbar_r(value=m)
    long = pd.DataFrame({"v": m.ravel(), "g": np.repeat(np.arange(1, 13), 4)})
    lg = xbar_r(long, value="v", subgroup="g")
    np.testing.assert_allclose(wide.points["ucl"], lg.points["ucl"], rtol=1e-14)
    assert wide.points["label"].tolist() == lg.points["label"].tolist()


def test_np_chart_limits_clamped():
    ch = control_chart("np", count=[0, 1, 0, 2, 1], size=[20] * 5)
    assert (ch.points["lcl"] == 0).all()
    assert (ch.points["ucl"] <= 20).all()


# ------------------------------------------------------------------ inputs and errors
@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: control_chart("zchart", value=[1, 2]), "valid chart types are"),
        (lambda: control_chart("imr", pd.DataFrame({"a": [1, 2]}), value="b"), "no column 'b'"),
        (lambda: control_chart("imr", value=[1.0, np.nan, 2.0]), "missing value"),
        (lambda: control_chart("imr", value=[1.0]), "at least 2 points"),
        (lambda: control_chart("p", count=[3, 12], size=[10, 10]), "count exceeds size"),
        (lambda: control_chart("u", count=[3, 2]), "needs size="),
        (lambda: control_chart("xbar-r", value=[1, 2, 3]), "needs subgroup="),
        (lambda: control_chart("imr", value=[1.0, 1.0, 1.0]), "sigma is zero"),
        (
            lambda: control_chart("imr", value=[1, 2, 3], sigma_method="r-bar"),
            "valid sigma methods",
        ),
        (lambda: control_chart("imr", value=[1, 2, 3], phase1=1), "at least 2 points"),
        (lambda: control_chart("ewma", value=[1, 2, 3], lam=1.5), "lambda"),
        (lambda: control_chart("imr", value=[1, 2, 3], stage=["a", "b"]), "stage has 2 values"),
    ],
)
def test_clear_errors(call, match):
    with pytest.raises((InputError, UnknownNameError), match=match):
        call()


def test_chart_for_metric_kind():
    assert chart_for_metric_kind("rate") == "laney-u"
    assert chart_for_metric_kind("proportion") == "laney-p"
    assert chart_for_metric_kind("mean") == chart_for_metric_kind("score") == "imr"
    with pytest.raises(UnknownNameError):
        chart_for_metric_kind("ratio")


# ------------------------------------------------------------------ the result object
def test_to_dict_shape_and_json():
    df = weekly()
    ch = imr(df, value="aht", label="week", tests="nelson", stage_dates=["2024-05-20"])
    d = ch.to_dict()
    assert list(d) == ["chart", "sigma", "rules", "points", "secondary", "signals", "summary"]
    assert d["rules"] == "Nelson rules (Minitab tests 1-8): 1, 2, 3, 4, 5, 6, 7, 8"
    assert list(d["points"][0]) == [
        "label",
        "value",
        "center",
        "lcl",
        "ucl",
        "stage",
        "phase",
        "tests",
    ]
    assert d["points"][0]["label"] == "2024-01-01"
    assert list(d["secondary"]) == ["chart", "points"] and d["secondary"]["chart"] == "mr"
    assert d["secondary"]["points"][0]["value"] is None
    assert all(list(s) == ["test", "rule", "labels", "description"] for s in d["signals"])
    json.dumps(d, allow_nan=False)
    cu = control_chart("cusum", df, value="aht")
    assert {"upper", "lower"} <= set(cu.to_dict()["points"][0])
    ew = control_chart("ewma", df, value="aht")
    assert "ewma" in ew.to_dict()["points"][0]
    assert jsonable(ch.points)  # the frame itself is JSON-able too


def test_in_control_and_summary():
    quiet = control_chart("imr", value=[0.3, 1.4, -0.5, -1.3, 0.6, 0.2, -0.8, 1.1, -0.1, -0.4] * 3)
    assert quiet.in_control and "No special-cause signals" in quiet.summary()
    loud = control_chart("imr", value=[0.3, 1.4, -0.5, -1.3, 0.6, 0.2, -0.8, 1.1, -0.1, 25.0])
    assert not loud.in_control
    assert "1 point above the upper control limit at 10" in loud.summary()
    assert isinstance(loud, ControlChart)
    assert loud.figure_builder == "sixsigma.plots.control_chart:control_chart_figure"


# ------------------------------------------------------------------ dispersion diagnostic
def test_dispersion_check_by_hand():
    # Poisson counts with equal sizes: X2 = sum (x - xbar)^2 / xbar (Fisher's index of
    # dispersion). x = 4, 9, 2, 12, 3: xbar = 6, sum of squares = 4 + 9 + 16 + 36 + 9 = 74,
    # X2 = 74 / 6 = 12.3333, df = 4, P(chi2_4 > 12.3333) = exp(-6.1667)(1 + 6.1667) = 0.01505
    d = dispersion_check(count=[4, 9, 2, 12, 3], size=[1] * 5, kind="u")
    assert math.isclose(d.chi2, 74 / 6, rel_tol=1e-12)
    assert math.isclose(d.p_over, math.exp(-74 / 12) * (1 + 74 / 12), rel_tol=1e-10)
    assert d.overdispersed and d.recommendation == "laney-u"
    assert "Laney U'" in d.summary()
    # binomial counts close to expectation: no over-dispersion
    calm = dispersion_check(count=[10, 11, 9, 10, 10, 11, 9], size=[100] * 7, kind="p")
    assert not calm.overdispersed and calm.underdispersed and calm.recommendation == "laney-p"
    json.dumps(calm.to_dict())


def test_cpo_like_data_is_overdispersed():
    rng = np.random.default_rng(7)
    orders = rng.integers(20_000, 30_000, size=60)
    rate = 0.12 * np.exp(rng.normal(0, 0.05, size=60))  # day-to-day variation of the true rate
    contacts = rng.poisson(orders * rate)
    d = dispersion_check(count=contacts, size=orders, kind="u")
    assert d.overdispersed and d.sigma_z > 2
    lu = laney_u(count=contacts, size=orders)
    u = u_chart(count=contacts, size=orders)
    assert u.points["signal"].sum() > lu.points["signal"].sum()


def test_p_and_u_charts_say_when_laney_is_needed(reference):
    """The P/U diagnostic runs with every P and U chart and speaks only when it matters.

    Orangejuice trial samples: qcc.overdispersion.test gives D = 85.41 on 29 df,
    p = 1.82e-07 (see test_spc_overdispersion.py), so the P chart must recommend Laney P'.
    """
    import numpy as np

    from sixsigma.spc import control_chart

    oj = reference("qcc_orangejuice")
    oj = oj[oj["trial"]]
    p = control_chart("p", oj, count="D", size="size", label="sample")
    assert p.parameters["dispersion"].recommendation == "laney-p"
    assert "use the Laney P' chart" in p.summary()

    rng = np.random.default_rng(3)
    size = np.full(200, 5000.0)
    calm = control_chart("u", count=rng.poisson(0.06 * size), size=size)
    assert calm.parameters["dispersion"].recommendation == "u"
    assert "dispersion" not in calm.summary().lower()


def test_metric_chart_maps_a_warehouse_frame_and_checks_the_fit():
    """metric_chart charts numerator per denominator/scale units (so the plotted value is the
    metric's value) and refuses charts that do not fit the metric's kind."""
    from sixsigma.errors import InputError
    from sixsigma.spc import metric_chart

    df = pd.DataFrame({
        "period": pd.date_range("2025-01-01", periods=6, freq="D"),
        "numerator": [12.0, 15, 9, 11, 14, 10],
        "denominator": [100.0, 120, 90, 110, 100, 95],
    })
    df["value"] = 10_000 * df["numerator"] / df["denominator"]  # e.g. complaints per 10k orders
    u = metric_chart(df, "u", metric_kind="rate", scale=10_000)
    # u-bar = 10,000 * sum(c) / sum(n) = 10,000 * 71 / 615 (Montgomery 7.3, in scaled units)
    assert u.points["center"].iloc[0] == pytest.approx(10_000 * 71 / 615, rel=1e-12)
    assert u.points["value"].tolist() == pytest.approx(df["value"].tolist(), rel=1e-12)
    assert metric_chart(df, "imr").points["value"].tolist() == df["value"].tolist()
    with pytest.raises(InputError, match="a mean metric, which a p chart does not fit; use imr"):
        metric_chart(df, "p", metric_kind="mean")
    with pytest.raises(InputError, match="raw subgrouped observations"):
        metric_chart(df, "xbar-r", metric_kind="mean")
