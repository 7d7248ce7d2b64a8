"""Baseline and result computed from the demo warehouse, checked against independent values.

Independent references used here:
- counts and orders straight from the warehouse tables with hand-written SQL (not the metric
  catalog's query builder);
- Garwood's exact Poisson interval chi2(a/2; 2x)/2T .. chi2(1 - a/2; 2x + 2)/2T, which is R's
  ``poisson.test(x, T)$conf.int``;
- R's two-sample ``poisson.test(c(x1, x2), c(T1, T2))``: the rate ratio's interval is the
  Clopper-Pearson interval of x1 out of x1 + x2 (beta quantiles) mapped by p/(1-p)·T2/T1, and
  the p-value is the exact binomial test of x1 with p = T1/(T1 + T2) (scipy's binomtest);
- R's ``prop.test`` interval with continuity correction, Welch's t from scipy's ``ttest_ind``,
  and Minitab's Ppk = (USL - mean)/(3 s) and Cpk = (USL - mean)/(3 MR-bar/1.128).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from sixsigma.dmaic import (
    baseline_window,
    compute_baseline,
    compute_result,
    load_project,
    new_project,
    record_baseline,
    record_result,
    result_window,
)
from sixsigma.dmaic.models import Round, Window
from sixsigma.errors import InputError
from sixsigma.warehouse.demo import IMPROVEMENT_ROUNDS

MANUAL_SQL = ("SELECT count(*) FROM contacts WHERE business_line = 'intl_hotel' AND handled_by = 'agent' "
              "AND NOT outbound AND started_at >= ? AND started_at < ?")
ORDERS_SQL = "SELECT sum(orders) FROM orders WHERE business_line = 'intl_hotel' AND date >= ? AND date < ?"


DAILY_SQL = (
    "WITH c AS (SELECT started_at::DATE AS d, count(*) AS y FROM contacts WHERE business_line = 'intl_hotel' "
    "AND handled_by = 'agent' AND NOT outbound AND started_at >= ? AND started_at < ? GROUP BY 1), "
    "o AS (SELECT date AS d, sum(orders) AS e FROM orders WHERE business_line = 'intl_hotel' "
    "AND date >= ? AND date < ? GROUP BY 1) "
    "SELECT coalesce(y, 0) AS y, e FROM o LEFT JOIN c USING (d) ORDER BY d")


def _quasi_poisson_glm(wh, before, after):
    """R's glm(y ~ after + offset(log(orders)), family = quasipoisson) on the daily counts, via
    statsmodels' GLM (Poisson family, scale = Pearson X^2 / df): an independent implementation."""
    import statsmodels.api as sm

    parts = [wh.con.execute(DAILY_SQL, [*w, *w]).df().assign(after=float(i)) for i, w in enumerate((before, after))]
    df = pd.concat(parts, ignore_index=True)
    x = sm.add_constant(df["after"].to_numpy())
    fit = sm.GLM(df["y"].to_numpy(float), x, family=sm.families.Poisson(),
                 offset=np.log(df["e"].to_numpy(float))).fit(scale="X2")
    q = stats.t.ppf(0.975, fit.df_resid)
    beta, se = fit.params[1], fit.bse[1]
    p = 2 * stats.t.sf(abs(beta / se), fit.df_resid)
    return np.exp(beta), (np.exp(beta - q * se), np.exp(beta + q * se)), p, fit.scale


def _manual(wh, start, end):
    x = wh.con.execute(MANUAL_SQL, [start, end]).fetchone()[0]
    t = wh.con.execute(ORDERS_SQL, [start, end]).fetchone()[0]
    return float(x), float(t)


def test_default_windows_come_from_the_rounds(flagship):
    p = load_project(flagship)
    p = p.model_copy(update={"data_collection": p.data_collection.model_copy(
        update={"baseline_window": None, "result_window": None})})
    assert [r.date for r in p.rounds] == [r.date for r in IMPROVEMENT_ROUNDS]
    # Three full months before the month of the first round (2024-01-08) ...
    assert baseline_window(p) == Window(start=dt.date(2023, 10, 1), end=dt.date(2024, 1, 1))
    # ... and three full months from the first month start after the last round (2024-03-25).
    assert result_window(p) == Window(start=dt.date(2024, 4, 1), end=dt.date(2024, 7, 1))
    no_rounds = p.model_copy(update={"rounds": []})
    assert baseline_window(no_rounds, data_end=dt.date(2025, 12, 31)) == Window(
        start=dt.date(2025, 10, 1), end=dt.date(2026, 1, 1))
    assert baseline_window(no_rounds, data_end=dt.date(2025, 12, 15)).end == dt.date(2025, 12, 1)
    with pytest.raises(InputError, match="no improvement rounds"):
        result_window(no_rounds)


def test_flagship_baseline_matches_the_warehouse_and_garwoods_interval(flagship, wh):
    p = load_project(flagship)
    b = compute_baseline(wh, p, flagship)
    x, t = _manual(wh, "2023-10-01", "2024-01-01")
    assert b.value.numerator == x and b.value.denominator == t
    assert b.value.value == pytest.approx(x / t, rel=1e-12)
    lo = stats.chi2.ppf(0.025, 2 * x) / (2 * t)
    hi = stats.chi2.ppf(0.975, 2 * x + 2) / (2 * t)
    assert b.value.ci == pytest.approx((lo, hi), rel=1e-9)
    assert b.value.n == 92  # days of Q4 2023
    assert b.chart.chart == "laney-u"
    # Capability against the goal (USL = target 0.10): Minitab's Ppk and Cpk of the daily values.
    daily = b.periods["value"].to_numpy()
    mr_bar = np.abs(np.diff(daily)).mean()
    assert b.capability.value("ppk") == pytest.approx((0.1 - daily.mean()) / (3 * daily.std(ddof=1)), rel=1e-9)
    assert b.capability.value("cpk") == pytest.approx((0.1 - daily.mean()) / (3 * mr_bar / 1.128379167), rel=1e-6)
    rec = record_baseline(p, b, computed=dt.date(2024, 1, 4))
    assert rec.baseline.value == pytest.approx(x / t, rel=1e-5)  # recorded to 6 significant digits
    assert rec.charter.goal.baseline == rec.baseline.value
    assert rec.baseline.capability.spec == "usl" and rec.baseline.capability.limit == 0.1
    assert rec.baseline.computed == dt.date(2024, 1, 4)


def test_flagship_result_is_about_27_percent_with_the_quasi_poisson_test_beside_the_exact_one(flagship, wh):
    p = load_project(flagship)
    r = compute_result(wh, p, flagship)
    x0, t0 = _manual(wh, "2023-10-01", "2024-01-01")
    x1, t1 = _manual(wh, "2024-04-01", "2024-07-01")
    ratio = (x1 / t1) / (x0 / t0)
    # the default for a rate measured per day: quasi-Poisson, checked against statsmodels' GLM
    assert r.test.test == "2-sample rate ratio (quasi-Poisson)"
    est, ci, pv, phi = _quasi_poisson_glm(wh, ("2023-10-01", "2024-01-01"), ("2024-04-01", "2024-07-01"))
    assert r.test.estimate == pytest.approx(ratio, rel=1e-12) == pytest.approx(est, rel=1e-9)
    assert r.test.ci == pytest.approx(ci, rel=1e-7)
    assert r.test.p_value == pytest.approx(pv, rel=1e-6, abs=1e-300)
    assert r.test.extra["dispersion"] == pytest.approx(phi, rel=1e-9) and phi > 1.1  # over-dispersed (2.5 at full scale)
    assert r.change_pct == pytest.approx(100 * (ratio - 1), rel=1e-9)
    assert r.change_pct_ci == pytest.approx((100 * (ci[0] - 1), 100 * (ci[1] - 1)), rel=1e-7)
    assert -31 < r.change_pct < -23  # "about 27% in three months" (DOMAIN.md): the story still holds
    # the exact Poisson test on the sums is reported beside it: same estimate, a narrower interval
    plain = r.test.extra["poisson_exact"]
    n = x0 + x1
    p_lo, p_hi = stats.beta.ppf(0.025, x1, n - x1 + 1), stats.beta.ppf(0.975, x1 + 1, n - x1)
    exact_ci = (p_lo / (1 - p_lo) * t0 / t1, p_hi / (1 - p_hi) * t0 / t1)
    assert plain["test"] == "2-sample Poisson rate (exact)"
    assert plain["ci"] == pytest.approx(exact_ci, rel=1e-7)
    assert plain["p_value"] == pytest.approx(stats.binomtest(int(x1), int(n), t1 / (t0 + t1)).pvalue,
                                             rel=1e-6, abs=1e-300)
    assert exact_ci[1] - exact_ci[0] < ci[1] - ci[0]
    assert r.improved
    # The staged chart: the rounds are the stages; the post-change chart starts at round 6.
    assert list(r.chart.stages["stage"]) == ["baseline"] + [f"from {d.date}" for d in IMPROVEMENT_ROUNDS]
    assert r.post_change.points["label"].iloc[0] == np.datetime64("2024-03-25")
    assert len(r.post_change.points) == 98
    xp, tp = _manual(wh, "2024-03-25", "2024-07-01")
    assert r.post_change.stages["center"].iloc[0] == pytest.approx(xp / tp, rel=1e-12)
    text = r.summary()
    assert "quasi-Poisson" in text and "CI" in text and "drop" in text
    rec = record_result(p, r, computed=dt.date(2024, 7, 5)).result
    assert rec.test.significant and rec.change_pct == pytest.approx(r.change_pct, abs=0.01)
    assert rec.test.dispersion == pytest.approx(phi, rel=1e-3)
    assert rec.test.plain.test == "2-sample Poisson rate (exact)"
    assert rec.test.plain.ci == pytest.approx(exact_ci, rel=1e-5)
    both = r.to_dict()["tests"]
    assert [t["test"] for t in both] == [r.test.test, "2-sample Poisson rate (exact)"]
    assert [s.name for s in rec.chart.stages][0] == "baseline" and len(rec.chart.stages) == 7
    assert rec.post_change.stable == r.post_change.in_control


def _project_with(projects, title, metric, filters, rounds, target=None):
    pid, _ = new_project(title, metric, filters=filters, target=target, leader="A")
    p = load_project(pid)
    return pid, p.model_copy(update={"rounds": [Round(date=d, change="change", owner="o") for d in rounds]})


def test_proportion_metric_uses_the_quasi_binomial_test(projects, wh):
    pid, p = _project_with(projects, "Raise phone CSAT", "csat", {"channel": ["phone"]}, [dt.date(2025, 3, 10)],
                           target=0.8)
    b = compute_baseline(wh, p, pid)
    assert b.window == Window(start=dt.date(2024, 12, 1), end=dt.date(2025, 3, 1))
    assert b.chart.chart == "laney-p"
    sql = ("SELECT count(*) FILTER (WHERE csat >= 4), count(*) FILTER (WHERE csat IS NOT NULL) FROM contacts "
           "WHERE channel = 'phone' AND started_at >= ? AND started_at < ?")
    e0, n0 = wh.con.execute(sql, ["2024-12-01", "2025-03-01"]).fetchone()
    e1, n1 = wh.con.execute(sql, ["2025-04-01", "2025-07-01"]).fetchone()
    assert (b.value.numerator, b.value.denominator) == (e0, n0)
    # Clopper-Pearson interval of the pooled proportion.
    assert b.value.ci == pytest.approx((stats.beta.ppf(0.025, e0, n0 - e0 + 1),
                                        stats.beta.ppf(0.975, e0 + 1, n0 - e0)), rel=1e-9)
    # Capability against an LSL of 0.8 (higher is better).
    assert b.capability.lsl == 0.8 and b.capability.usl is None
    r = compute_result(wh, record_baseline(p, b), pid)
    p0, p1 = e0 / n0, e1 / n1
    # the default for a proportion measured per day: the quasi-binomial difference, checked
    # against statsmodels' GLM (binomial family, identity link, scale = Pearson X^2 / df)
    import statsmodels.api as sm

    daily = ("SELECT count(*) FILTER (WHERE csat >= 4) AS y, count(*) FILTER (WHERE csat IS NOT NULL) AS n "
             "FROM contacts WHERE channel = 'phone' AND started_at >= ? AND started_at < ? "
             "GROUP BY started_at::DATE HAVING n > 0")
    parts = [wh.con.execute(daily, w).df().assign(after=float(i))
             for i, w in enumerate((["2024-12-01", "2025-03-01"], ["2025-04-01", "2025-07-01"]))]
    d = pd.concat(parts, ignore_index=True)
    fit = sm.GLM((d["y"] / d["n"]).to_numpy(float), sm.add_constant(d["after"].to_numpy()),
                 family=sm.families.Binomial(link=sm.families.links.Identity()),
                 var_weights=d["n"].to_numpy(float)).fit(scale="X2")
    q = stats.t.ppf(0.975, fit.df_resid)
    assert r.test.test.startswith("2-sample proportions (quasi-binomial)")
    assert r.test.estimate == pytest.approx(p1 - p0, rel=1e-12) == pytest.approx(fit.params[1], rel=1e-6)
    assert r.test.ci == pytest.approx((fit.params[1] - q * fit.bse[1], fit.params[1] + q * fit.bse[1]), rel=1e-5)
    # R prop.test(c(e1, e0), c(n1, n0))$conf.int: Wald with Yates' continuity correction, beside it
    half = 1.959963985 * np.sqrt(p1 * (1 - p1) / n1 + p0 * (1 - p0) / n0) + 0.5 * (1 / n1 + 1 / n0)
    assert r.test.extra["two_proportions"]["ci"] == pytest.approx((p1 - p0 - half, p1 - p0 + half), rel=1e-7)
    ci = r.test.ci
    assert r.change_pct == pytest.approx(100 * (p1 - p0) / p0, rel=1e-12)
    assert r.change_pct_ci == pytest.approx((100 * ci[0] / p0, 100 * ci[1] / p0), rel=1e-12)


def test_mean_metric_uses_welchs_t_on_the_daily_values(projects, wh):
    pid, p = _project_with(projects, "Cut AHT for train refunds", "aht",
                           {"business_line": ["train"], "reason": ["refund"]}, [dt.date(2025, 10, 13)], target=400)
    b = compute_baseline(wh, p, pid)
    daily0 = b.periods["value"].to_numpy()
    assert b.chart.chart == "imr"
    assert b.value.value == pytest.approx(daily0.mean(), rel=1e-12)
    lo, hi = stats.t.interval(0.95, daily0.size - 1, loc=daily0.mean(), scale=stats.sem(daily0))
    assert b.value.ci == pytest.approx((lo, hi), rel=1e-9)
    r = compute_result(wh, record_baseline(p, b), pid)
    # The result window runs past the demo's last day (2025-12-31) and is cut there.
    assert r.window == Window(start=dt.date(2025, 11, 1), end=dt.date(2026, 1, 1))
    after = wh.metric("aht", filters={"business_line": ["train"], "reason": ["refund"]},
                      start="2025-11-01", end="2026-01-01")["value"].to_numpy()
    welch = stats.ttest_ind(after, daily0, equal_var=False)
    assert r.test.test == "2-sample t (Welch)"
    assert r.test.statistic == pytest.approx(welch.statistic, rel=1e-9)
    assert r.test.p_value == pytest.approx(welch.pvalue, rel=1e-7)


def test_window_errors_are_clear(projects, wh):
    pid, p = _project_with(projects, "No rounds", "manual_cpo", {"business_line": ["intl_hotel"]}, [])
    with pytest.raises(InputError, match="no improvement rounds"):
        compute_result(wh, p, pid)
    with pytest.raises(InputError, match=r"has 0 days with data in 2030-01-01..2030-03-31"):
        compute_baseline(wh, p, pid, window=Window(start=dt.date(2030, 1, 1), end=dt.date(2030, 4, 1)))
    late = p.model_copy(update={"rounds": [Round(date=dt.date(2026, 6, 1), change="x", owner="o")]})
    with pytest.raises(InputError, match="starts after the last data"):
        compute_result(wh, late, pid)
