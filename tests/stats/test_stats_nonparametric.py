"""Rank and sign tests against R's wilcox.test (help-page examples and R 4.2.2 output) and
Montgomery & Runger's propellant shear-strength example."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sixsigma.errors import InputError
from sixsigma.stats import mann_whitney, sign_test, wilcoxon
from sixsigma.stats.nonparametric import signrank_counts, wilcox_counts

REF = Path(__file__).resolve().parents[1] / "reference-data"

# ?wilcox.test: "Hollander & Wolfe (1973), 69f. Permeability constants of the human chorioamnion"
X = [0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46]
Y = [1.15, 0.88, 0.90, 0.74, 1.21]
# ?wilcox.test: depression scale, Hollander & Wolfe (1973), 29f.
PRE = np.array([1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30])
POST = np.array([0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29])
# Montgomery & Runger, Applied Statistics and Probability for Engineers, Table 15-1 / Example 15-1
# (propellant shear strength, psi): r+ = 14, r- = 6, P = 2 P(R- <= 6) = 0.1153; Example 15-4:
# Wilcoxon signed-rank w+ = 150, w- = 60 (fail to reject at 0.05).
SHEAR = [
    2158.70,
    1678.15,
    2316.00,
    2061.30,
    2207.50,
    1708.30,
    1784.70,
    2575.10,
    2357.90,
    2256.70,
    2165.20,
    2399.55,
    1779.80,
    2336.75,
    1765.30,
    2053.50,
    2414.40,
    2200.50,
    2654.20,
    1753.70,
]


def test_mann_whitney_exact_help_page():
    # wilcox.test(x, y, alternative = "g") -> W = 35, p-value = 0.1272; with conf.int = TRUE:
    # 95% CI -0.08 Inf, difference in location 0.305
    res = mann_whitney([X, Y], alternative="greater")
    assert res.statistic == 35
    assert res.p_value == pytest.approx(0.127206127206127, rel=1e-10)
    assert res.ci[0] == pytest.approx(-0.08) and res.ci[1] == np.inf
    assert res.estimate == pytest.approx(0.305)
    assert res.extra["method"] == "exact"
    assert res.extra["rank_sum"] == 35 + 10 * 11 / 2  # Minitab's W
    # two-sided: p = 0.2544, 95% CI -0.15 0.76 (R 4.2.2)
    two = mann_whitney([X, Y])
    assert two.p_value == pytest.approx(0.254412254412254, rel=1e-10)
    assert two.ci == pytest.approx((-0.15, 0.76))


def test_mann_whitney_normal_approximation_with_ties_matches_r():
    d = pd.read_csv(REF / "cs_handle_times.csv")
    # R 4.2.2: wilcox.test(Alpha, Bravo, conf.int = TRUE) (ties: normal approximation, uniroot)
    # W = 425, p 0.00218586859165863, CI (-109.500036661216, -23.8999564222188), estimate -67.2306742478084
    res = mann_whitney(d, "handle_time_sec", "team", groups=["Alpha", "Bravo"])
    assert res.statistic == 425
    assert res.p_value == pytest.approx(0.00218586859165863, rel=1e-10)
    assert res.ci == pytest.approx((-109.500036661216, -23.8999564222188), rel=1e-9)
    assert res.estimate == pytest.approx(-67.2306742478084, rel=1e-9)
    alpha_, bravo = (d.handle_time_sec[d.team == t].to_numpy() for t in ("Alpha", "Bravo"))
    assert res.extra["hl_median"] == pytest.approx(np.median(np.subtract.outer(alpha_, bravo)))
    # alternative = "less": p 0.00109293429582931, CI (-Inf, -31.2999221709413)
    less = mann_whitney(d, "handle_time_sec", "team", groups=["Alpha", "Bravo"], alternative="less")
    assert less.p_value == pytest.approx(0.00109293429582931, rel=1e-10)
    assert less.ci[1] == pytest.approx(-31.2999221709413, rel=1e-9)
    # correct = FALSE: p 0.00214816675993853, CI (-109.499997321486, -23.9000766822018)
    nc = mann_whitney(d, "handle_time_sec", "team", groups=["Alpha", "Bravo"], correction=False)
    assert nc.p_value == pytest.approx(0.00214816675993853, rel=1e-10)
    assert nc.ci == pytest.approx((-109.499997321486, -23.9000766822018), rel=1e-9)


def test_wilcoxon_signed_rank_help_page_and_paired():
    # wilcox.test(x, y, paired = TRUE, alternative = "greater") -> V = 40, p-value = 0.01953;
    # conf.int: 0.175 Inf, (pseudo)median 0.46
    res = wilcoxon(before=PRE, after=POST, alternative="greater")
    assert res.statistic == 40
    assert res.p_value == pytest.approx(0.01953125, rel=1e-12)
    assert res.ci[0] == pytest.approx(0.175) and res.ci[1] == np.inf
    assert res.estimate == pytest.approx(0.46)
    # wilcox.test(y - x, alternative = "less") -> V = 5, same p-value (help page)
    res = wilcoxon(POST - PRE, alternative="less")
    assert res.statistic == 5 and res.p_value == pytest.approx(0.01953125)
    assert res.ci[1] == pytest.approx(-0.175)


def test_wilcoxon_normal_approximation_matches_r():
    cpo = pd.read_csv(REF / "cs_cpo_before_after.csv")
    # R 4.2.2: wilcox.test(cpo_before, cpo_after, paired = TRUE, conf.int = TRUE) (tied differences)
    # V = 166, p 0.000493165220825478, CI (0.0068850434531017, 0.0130412971801845), estimate 0.00987673294242544
    res = wilcoxon(cpo, before="cpo_before", after="cpo_after")
    assert res.statistic == 166
    assert res.p_value == pytest.approx(0.000493165220825478, rel=1e-10)
    assert res.ci == pytest.approx((0.0068850434531017, 0.0130412971801845), rel=1e-9)
    assert res.estimate == pytest.approx(0.00987673294242544, rel=1e-9)
    # wilcox.test(Alpha handle times, mu = 450, conf.int = TRUE) (exact) -> V 182, p 0.0016823487039801,
    # CI (388.1, 435.5), estimate 408.525
    d = pd.read_csv(REF / "cs_handle_times.csv")
    a = d.handle_time_sec[d.team == "Alpha"].to_numpy()
    res = wilcoxon(a, mu=450)
    assert (res.statistic, res.ci, res.estimate) == (
        182,
        pytest.approx((388.1, 435.5)),
        pytest.approx(408.525),
    )
    assert res.p_value == pytest.approx(0.0016823487039801, rel=1e-10)
    # wilcox.test(round(a, -1), mu = 450, conf.int = TRUE) (ties and zeros) -> V 134.5,
    # p 0.00184081681922671, CI (379.999940772046, 430.000076507478), estimate 400.000014788246
    res = wilcoxon(np.round(a, -1), mu=450)
    assert res.statistic == 134.5
    assert res.p_value == pytest.approx(0.00184081681922671, rel=1e-10)
    assert res.ci == pytest.approx((379.999940772046, 430.000076507478), rel=1e-10)
    assert res.estimate == pytest.approx(400.000014788246, rel=1e-10)


def test_montgomery_runger_sign_and_signed_rank():
    res = sign_test(SHEAR, median=2000)
    assert (res.extra["n_above"], res.extra["n_below"]) == (14, 6)
    assert round(res.p_value, 4) == 0.1153
    assert not res.reject
    assert res.extra["achieved_confidence"] >= 0.95
    w = wilcoxon(SHEAR, mu=2000)
    assert w.statistic == 150  # w+ = 150 (so w- = 210 - 150 = 60)
    assert not w.reject


def test_exact_null_distributions():
    # Known counts: [5+3 choose 3]_q has C(8,3) = 56 arrangements; P(U <= 0) = 1/56.
    c = wilcox_counts(3, 5)
    assert c.sum() == 56 and c[0] == 1 and c.size == 16
    assert np.all(c == c[::-1])  # symmetric
    # R: psignrank(6, 9) = 0.02734375 (= 14/512)
    s = signrank_counts(9)
    assert s.sum() == 2**9
    assert s[:7].sum() / 512 == pytest.approx(0.02734375)
    # R: pwilcox(35, 10, 5) = 0.8967699
    assert wilcox_counts(10, 5)[:36].sum() / wilcox_counts(10, 5).sum() == pytest.approx(
        0.8967699, abs=5e-8
    )


def test_nonparametric_errors():
    with pytest.raises(InputError, match="nothing to test"):
        wilcoxon([3.0, 3.0], mu=3)
    with pytest.raises(InputError, match="nothing to test"):
        sign_test([1.0, 1.0], median=1)
    with pytest.raises(InputError, match="tied"):
        mann_whitney([[1.0, 1.0], [1.0, 1.0]], exact=False)
