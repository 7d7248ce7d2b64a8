"""The test-picking guide: which test it chooses, and that it says why."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sixsigma.errors import InputError
from sixsigma.stats import compare
from sixsigma.stats.guide import compare_levels, compare_periods, y_kind

REF = Path(__file__).resolve().parents[1] / "reference-data"


def _rows(name):
    d = pd.read_csv(REF / f"{name}.csv")
    return d.loc[d.index.repeat(d["count"])].drop(columns="count").reset_index(drop=True)


def test_kinds():
    df = pd.DataFrame(
        {
            "a": [1.0, 2.5, 3.1],
            "b": ["yes", "no", "yes"],
            "c": ["x", "y", "z"],
            "d": [True, False, True],
        }
    )
    assert y_kind(df, "a") == "continuous"
    assert y_kind(df, "b") == "proportion"
    assert y_kind(df, "d") == "proportion"
    assert y_kind(df, "c") == "categorical"
    assert y_kind(df, "a", exposure="x") == "rate"


def test_continuous_several_groups_unequal_spread_goes_welch():
    h = pd.read_csv(REF / "cs_handle_times.csv")
    res = compare(h, y="handle_time_sec", x="team")
    assert res.chosen == "welch-anova"  # Brown-Forsythe p = 0.047: spreads differ
    assert "spreads differ" in res.reason
    assert "pairs" in res.to_dict() and "reason" in res.to_dict()


def test_continuous_several_groups_equal_spread_goes_anova_tukey():
    rng = np.random.default_rng(3)
    df = pd.DataFrame(
        {
            "y": np.r_[rng.normal(10, 1, 30), rng.normal(11, 1, 30), rng.normal(12, 1, 30)],
            "g": np.repeat(["a", "b", "c"], 30),
        }
    )
    res = compare(df, y="y", x="g")
    assert res.chosen == "anova" and res.test == "one-way ANOVA"
    assert res.reject and res.pairs["significant"].any()


def test_continuous_two_groups_and_small_nonnormal():
    h = pd.read_csv(REF / "cs_handle_times.csv")
    res = compare(h, y="handle_time_sec", x="team", groups=["Alpha", "Charlie"])
    assert res.chosen == "two-sample-t" and "Welch" in res.test
    skewed = pd.DataFrame(
        {
            "y": [1.0, 1.1, 1.2, 1.3, 1.2, 9.0, 15.0, 2.0, 2.1, 2.2, 2.3, 2.4, 2.2, 30.0],
            "g": ["a"] * 7 + ["b"] * 7,
        }
    )
    res = compare(skewed, y="y", x="g")
    assert res.chosen == "mann-whitney" and "not normal" in res.reason
    res = compare(pd.concat([skewed, skewed.assign(g="c")]), y="y", x="g")
    assert res.chosen in ("kruskal-wallis", "mood-median")


def test_paired_choice():
    cpo = pd.read_csv(REF / "cs_cpo_before_after.csv")
    res = compare(cpo, before="cpo_before", after="cpo_after")
    assert res.chosen == "paired-t" and res.reject and res.estimate > 0
    long = cpo.melt(id_vars="market", var_name="when", value_name="cpo")
    res2 = compare(
        long, y="cpo", x="when", paired=True, subject="market", groups=["cpo_before", "cpo_after"]
    )
    assert res2.chosen == "paired-t" and res2.statistic == pytest.approx(res.statistic)
    small = pd.DataFrame(
        {"b": [1.0, 2, 3, 4, 5, 6, 7, 30], "a": [1.1, 1.9, 2.8, 3.5, 4.4, 5.6, 6.1, 2.0]}
    )
    assert compare(small, before="b", after="a").chosen == "wilcoxon"


def test_proportion_choices():
    f = pd.read_csv(REF / "cs_fcr_by_team.csv")
    res = compare(f, y="resolved", x="team", trials="total")
    assert res.chosen == "chi-square" and res.statistic == pytest.approx(
        4.34257095441306, rel=1e-12
    )
    two = compare(f, y="resolved", x="team", trials="total", groups=["Alpha", "Bravo"])
    assert two.chosen == "two-proportions" and two.p_value == pytest.approx(
        0.1155852338102558, rel=1e-10
    )
    esc = _rows("cs_escalation_2x2")
    res = compare(esc, y="escalated", x="channel")
    assert res.chosen == "two-proportions" and res.extra["event"] == "yes"
    sparse = pd.DataFrame(
        {"ok": ["y"] * 1 + ["n"] * 9 + ["y"] * 4 + ["n"] * 6, "g": ["a"] * 10 + ["b"] * 10}
    )
    assert compare(sparse, y="ok", x="g").chosen == "fisher-exact"


def test_rate_and_categorical_choices():
    c = pd.read_csv(REF / "cs_contact_rates.csv")
    res = compare(c, y="contacts", x="period", exposure="orders", groups=["after", "before"])
    assert res.chosen == "poisson-rate" and res.p_value == pytest.approx(
        0.0407237883668957, rel=1e-9
    )
    three = pd.DataFrame({"g": ["a", "b", "c"], "n": [120, 95, 130], "t": [1000, 1050, 990]})
    res = compare(three, y="n", x="g", exposure="t")
    assert res.chosen == "chi-square" and res.test == "chi-square goodness of fit"
    co = _rows("cs_channel_outcome")
    res = compare(co, y="outcome", x="channel")
    assert res.chosen == "chi-square" and res.statistic == pytest.approx(
        24.2589694820551, rel=1e-12
    )


def test_one_sample_choices():
    x = pd.DataFrame({"v": np.linspace(1, 3, 25)})
    assert compare(x, y="v", mu=2).chosen == "one-sample-t"
    yn = pd.DataFrame({"r": ["yes"] * 7 + ["no"] * 13})
    res = compare(yn, y="r", p0=0.1)
    assert res.chosen == "one-proportion" and res.p_value == pytest.approx(
        0.00238608940896613, rel=1e-9
    )


def _metric_table():
    days = pd.date_range("2024-01-01", periods=120, freq="D")
    rng = np.random.default_rng(11)
    den = np.full(120, 4000.0)
    rate = np.where(days < "2024-02-15", 0.128, 0.093)
    num = rng.poisson(rate * den).astype(float)
    return pd.DataFrame({"period": days, "numerator": num, "denominator": den, "value": num / den})


def test_compare_periods_by_metric_kind():
    m = _metric_table()
    res = compare_periods(
        m,
        "rate",
        before="2024-02-01",
        after="2024-03-01",
        measure="manual CPO",
        unit="contacts per order",
    )
    assert res.chosen == "quasi-poisson" and res.reject  # the kind's default (sixsigma.catalog.kinds)
    assert res.extra["poisson_exact"]["test"] == "2-sample Poisson rate (exact)"
    assert res.conclusion.startswith("manual CPO from 2024-03-01 is lower than before 2024-02-01")
    assert -31 < res.extra["percent_change"] < -24
    assert res.extra["windows"]["before"]["periods"] == 31
    t = compare_periods(m, "mean", before="2024-02-01", after="2024-03-01", days=14)
    assert t.chosen == "two-sample-t" and t.extra["windows"]["after"]["periods"] == 14
    p = compare_periods(m, "proportion", before="2024-02-01", after="2024-03-01")
    assert p.chosen == "quasi-binomial"
    p = compare_periods(m, "proportion", before="2024-02-01", after="2024-03-01", test="two-proportions")
    assert p.chosen == "two-proportions"
    with pytest.raises(InputError, match="no periods"):
        compare_periods(m, "rate", before="2023-01-01", after="2024-03-01")
    with pytest.raises(InputError, match="earlier"):
        compare_periods(m, "rate", before="2024-03-01", after="2024-02-01")


def test_compare_levels():
    m = _metric_table()
    m["team"] = np.tile(["a", "b", "c"], 40)
    res = compare_levels(m, "mean", "team")
    assert res.chosen in ("anova", "welch-anova", "kruskal-wallis", "mood-median")
    res = compare_levels(m, "rate", "team")
    assert res.chosen == "chi-square"
    with pytest.raises(InputError, match="by="):
        compare_levels(m, "rate", "site")
    with pytest.raises(InputError, match="compares period values"):
        compare_levels(m, "rate", "team", test="anova")


def test_numeric_x_goes_to_regression():
    agents = pd.read_csv(REF / "cs_agents.csv")
    res = compare(agents, y="aht_sec", x="tenure_months")
    assert res.chosen == "regression" and "coefficients" in res.to_dict()
    agents["high_csat"] = agents["csat"] >= agents["csat"].median()
    res = compare(agents, y="high_csat", x="complexity_score")
    assert res.chosen == "logistic"
