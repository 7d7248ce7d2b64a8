"""Proportions, chi-square and Fisher's exact test against R's documented examples.

Values quoted in full precision were printed by R 4.2.2 with sprintf("%.15g") for the call
shown; the short forms are R's printed output on the help pages.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sixsigma.errors import InputError
from sixsigma.stats import (
    chi_square_gof,
    chi_square_independence,
    fisher_exact,
    one_proportion,
    two_proportions,
)

REF = Path(__file__).resolve().parents[1] / "reference-data"


def test_exact_one_proportion_matches_binom_test_example():
    # ?binom.test: binom.test(682, 925, p = 0.75) -> p-value = 0.3825,
    # 95% CI 0.7076683 0.7654066, estimate 0.7372973
    res = one_proportion(events=682, trials=925, p0=0.75)
    assert res.test.startswith("1-proportion (exact")
    assert res.p_value == pytest.approx(0.3824915595748518, rel=1e-8)
    assert res.ci == pytest.approx((0.7076683, 0.7654066), abs=5e-8)
    assert res.estimate == pytest.approx(682 / 925)


def test_exact_one_proportion_one_sided_and_small():
    # R: binom.test(682, 925, p = 0.75, alternative = "less") -> p 0.196009267053883, CI (0, 0.761055274689545)
    res = one_proportion(events=682, trials=925, p0=0.75, alternative="less")
    assert res.p_value == pytest.approx(0.196009267053883, rel=1e-10)
    assert res.ci == pytest.approx((0.0, 0.761055274689545), rel=1e-10)
    # R: binom.test(7, 20, p = 0.1) -> p 0.00238608940896613, CI (0.153909204784541, 0.592188534532828)
    res = one_proportion(events=7, trials=20, p0=0.1)
    assert res.p_value == pytest.approx(0.00238608940896613, rel=1e-9)
    assert res.ci == pytest.approx((0.153909204784541, 0.592188534532828), rel=1e-10)


def test_score_one_proportion_matches_prop_test():
    # R: prop.test(682, 925, p = 0.75) -> X-squared = 0.72973, p-value = 0.393,
    # 95% CI 0.7074391 0.7651554
    res = one_proportion(events=682, trials=925, p0=0.75, method="score")
    assert res.statistic**2 == pytest.approx(0.72973, rel=1e-4)
    assert res.p_value == pytest.approx(0.393, abs=5e-4)
    assert res.ci == pytest.approx((0.7074391, 0.7651554), abs=5e-8)


def test_one_proportion_from_a_yes_no_column():
    s = pd.Series(["yes"] * 7 + ["no"] * 13)
    res = one_proportion(s, p0=0.1)
    assert res.extra["event"] == "yes" and res.extra["events"] == 7
    assert res.p_value == pytest.approx(0.00238608940896613, rel=1e-9)


def test_k_proportions_smokers_example():
    # ?prop.test: smokers <- c(83, 90, 129, 70); patients <- c(86, 93, 136, 82)
    # prop.test(smokers, patients) -> X-squared = 12.6, df = 3, p-value = 0.005585
    res = two_proportions(events=[83, 90, 129, 70], trials=[86, 93, 136, 82])
    assert res.statistic == pytest.approx(12.60041129712764, rel=1e-10)
    assert res.df == 3
    assert res.p_value == pytest.approx(0.005585476661627, rel=1e-8)
    assert res.estimate is None and res.ci is None
    assert res.reject
    assert res.checks.set_index("name").loc["expected counts", "status"] == "pass"
    # prop.test(smokers[1:2], patients[1:2]) warns "Chi-squared approximation may be incorrect"
    # (expected non-smokers below 5); R prints X-squared = 8.3539e-30, p-value = 1,
    # 95% CI -0.05810303 0.05285172.
    two = two_proportions(events=[83, 90], trials=[86, 93])
    assert two.checks.set_index("name").loc["expected counts", "status"] == "warn"
    assert two.p_value == pytest.approx(1.0)
    assert two.ci == pytest.approx((-0.05810303, 0.05285172), abs=5e-9)


def test_two_proportions_fcr_by_team():
    f = pd.read_csv(REF / "cs_fcr_by_team.csv")
    # R: prop.test(c(172, 151, 160), c(200, 190, 185)) -> X-squared 4.34257095441306, df 2, p 0.114030938482888
    res = two_proportions(events=f.resolved, trials=f.total, groups=f.team)
    assert res.statistic == pytest.approx(4.34257095441306, rel=1e-12)
    assert res.p_value == pytest.approx(0.114030938482888, rel=1e-10)
    # R: prop.test(c(172, 151), c(200, 190)) -> X-squared = 2.4761, p-value = 0.1156,
    # 95% CI -0.01477341 0.14529973
    two = two_proportions(events=[172, 151], trials=[200, 190], groups=["Alpha", "Bravo"])
    assert two.statistic == pytest.approx(2.47614512171098, rel=1e-12)
    assert two.p_value == pytest.approx(0.1155852338102558, rel=1e-10)
    assert two.ci == pytest.approx((-0.01477341, 0.14529973), abs=5e-9)
    assert two.extra["z"] == pytest.approx(np.sqrt(2.47614512171098))
    # R: prop.test(..., correct = FALSE) -> 2.91680265772328, p 0.0876614056977372, CI (-0.00964183393568789, 0.140168149725162)
    nc = two_proportions(events=[172, 151], trials=[200, 190], correction=False)
    assert nc.statistic == pytest.approx(2.91680265772328, rel=1e-12)
    assert nc.p_value == pytest.approx(0.0876614056977372, rel=1e-10)
    assert nc.ci == pytest.approx((-0.00964183393568789, 0.140168149725162), rel=1e-12)
    # R: prop.test(..., alternative = "greater") -> p 0.0577926169051277, CI (-0.00273067181891683, 1)
    gt = two_proportions(events=[172, 151], trials=[200, 190], alternative="greater")
    assert gt.p_value == pytest.approx(0.0577926169051277, rel=1e-10)
    assert gt.ci == pytest.approx((-0.00273067181891683, 1.0), rel=1e-12)


def test_two_proportions_from_raw_rows_equals_summaries():
    rows = pd.DataFrame(
        {
            "team": ["A"] * 200 + ["B"] * 190,
            "resolved": [True] * 172 + [False] * 28 + [True] * 151 + [False] * 39,
        }
    )
    res = two_proportions(rows, "resolved", "team")
    assert res.statistic == pytest.approx(2.47614512171098, rel=1e-12)
    assert list(res.groups["events"]) == [172, 151]


def test_chi_square_independence_help_page_table():
    # ?chisq.test: M <- as.table(rbind(c(762, 327, 468), c(484, 239, 477)))
    # X-squared = 30.07, df = 2, p-value = 2.954e-07; Xsq$expected row A 703.6714 319.6453 533.6834;
    # Xsq$stdres row A 4.5020535 0.6994517 -5.3159455
    m = pd.DataFrame(
        [[762, 327, 468], [484, 239, 477]],
        index=["F", "M"],
        columns=["Democrat", "Independent", "Republican"],
    )
    res = chi_square_independence(table=m)
    assert res.statistic == pytest.approx(30.070149095754672, rel=1e-10)
    assert res.df == 2
    assert res.p_value == pytest.approx(2.953589e-07, rel=1e-6)
    cells = res.cells
    assert cells["expected"].iloc[:3].to_numpy() == pytest.approx(
        [703.6714, 319.6453, 533.6834], abs=5e-5
    )
    assert cells["std_residual"].iloc[:3].to_numpy() == pytest.approx(
        [4.5020535, 0.6994517, -5.3159455], abs=5e-8
    )


def test_chi_square_independence_from_long_counts():
    co = pd.read_csv(REF / "cs_channel_outcome.csv")
    # R: chisq.test(xtabs(count ~ channel + outcome, co)) -> 24.2589694820551, df 4, p 7.08727674412449e-05;
    # stdres chat/abandoned -2.4284603314552897, email/escalated 4.1351823024098131
    res = chi_square_independence(co, row="channel", column="outcome", count="count")
    assert res.statistic == pytest.approx(24.2589694820551, rel=1e-12)
    assert res.p_value == pytest.approx(7.08727674412449e-05, rel=1e-10)
    c = res.cells.set_index(["row", "column"])
    assert c.loc[("chat", "abandoned"), "std_residual"] == pytest.approx(
        -2.4284603314552897, rel=1e-12
    )
    assert c.loc[("email", "escalated"), "expected"] == pytest.approx(23.7111597374179, rel=1e-12)
    assert "email/escalated more than expected" in res.conclusion


def test_two_by_two_yates_and_fisher():
    e = pd.read_csv(REF / "cs_escalation_2x2.csv")
    # R: chisq.test(xtabs(count ~ channel + escalated, e)) -> 1.91540303272147, p 0.166364314155835
    res = chi_square_independence(e, "channel", "escalated", "count")
    assert res.statistic == pytest.approx(1.91540303272147, rel=1e-12)
    assert res.p_value == pytest.approx(0.166364314155835, rel=1e-10)
    # correct = FALSE -> 2.60707635009311, p 0.106387737112515
    nc = chi_square_independence(e, "channel", "escalated", "count", correction=False)
    assert nc.statistic == pytest.approx(2.60707635009311, rel=1e-12)
    # fisher.test(...) -> p 0.165195678743085, odds ratio 0.464109811618979, CI (0.15100316766782, 1.29866261205736)
    fx = fisher_exact(e, "channel", "escalated", "count")
    assert fx.p_value == pytest.approx(0.165195678743085, rel=1e-10)
    assert fx.estimate == pytest.approx(0.464109811618979, rel=1e-9)
    assert fx.ci == pytest.approx((0.15100316766782, 1.29866261205736), rel=1e-9)


def test_fisher_tea_tasting_help_page():
    # ?fisher.test: TeaTasting <- matrix(c(3, 1, 1, 3), nrow = 2)
    # fisher.test(TeaTasting, alternative = "greater") -> p-value = 0.2429, CI 0.3135693 Inf, odds ratio 6.408309
    # fisher.test(TeaTasting) -> p-value = 0.4857, CI 0.2117329 621.9337505
    tea = [[3, 1], [1, 3]]
    g = fisher_exact(table=tea, alternative="greater")
    assert g.p_value == pytest.approx(0.2428571, abs=5e-8)
    assert g.estimate == pytest.approx(6.408309, abs=5e-7)
    assert g.ci[0] == pytest.approx(0.3135693, abs=5e-8)
    assert g.ci[1] == np.inf
    t = fisher_exact(table=tea)
    assert t.p_value == pytest.approx(0.4857143, abs=5e-8)
    # R solves the interval with uniroot (tol 1.2e-4); the same iteration gives R's printed bound.
    assert t.ci == pytest.approx((0.2117329, 621.9337505), rel=1e-7)


def test_two_proportions_fisher_method_uses_fisher_p():
    res = two_proportions(events=[14, 7], trials=[100, 100], method="fisher")
    assert res.p_value == pytest.approx(0.165195678743085, rel=1e-10)


def test_chi_square_goodness_of_fit_help_page():
    # ?chisq.test: x <- c(A = 20, B = 15, C = 25); chisq.test(x) -> X-squared = 2.5, df = 2, p-value = 0.2865
    res = chi_square_gof(observed=[20, 15, 25], labels=["A", "B", "C"])
    assert res.statistic == pytest.approx(2.5)
    assert res.p_value == pytest.approx(0.28650479686019, rel=1e-12)
    # x <- c(89,37,30,28,2); p <- c(40,20,20,15,5); chisq.test(x, p = p, rescale.p = TRUE)
    # -> X-squared = 9.9901, df = 4, p-value = 0.04059
    res = chi_square_gof(observed=[89, 37, 30, 28, 2], proportions=[40, 20, 20, 15, 5])
    assert res.statistic == pytest.approx(9.9901, abs=5e-5)
    assert res.p_value == pytest.approx(0.04059, abs=5e-6)
    assert res.checks.set_index("name").loc["expected counts", "status"] == "pass"


def test_proportion_errors():
    with pytest.raises(InputError):
        one_proportion(events=5, trials=3)
    with pytest.raises(InputError, match="between 0 and 1"):
        one_proportion(events=3, trials=5, p0=1.5)
    with pytest.raises(InputError, match="2x2"):
        fisher_exact(table=[[1, 2, 3], [4, 5, 6]])
    with pytest.raises(InputError, match="distinct values"):
        one_proportion(pd.Series(["a", "b", "c"]))
    with pytest.raises(InputError, match="one-sided"):
        two_proportions(events=[1, 2, 3], trials=[10, 10, 10], alternative="less")
