"""Fligner-Killeen and Kendall's tau against R's documented output and independent methods."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats as st

from sixsigma.errors import InputError
from sixsigma.stats import fligner_killeen, kendall_tau

DATA = Path(__file__).parent / "data"


def test_fligner_insectsprays_matches_r():
    # R 4.2.2, example(fligner.test): fligner.test(InsectSprays)  (count ~ spray)
    #   Fligner-Killeen:med chi-squared = 14.483, df = 5, p-value = 0.01282
    ins = pd.read_csv(DATA / "InsectSprays.csv")
    res = fligner_killeen(ins, "count", "spray")
    assert res.statistic == pytest.approx(14.483, abs=5e-4)
    assert res.df == 5
    assert res.p_value == pytest.approx(0.01282, abs=5e-6)
    # To 1e-10: scipy.stats.fligner, a separate implementation of the same FK:med statistic
    # (its own ranking and scoring code; this module does not call it).
    ref = st.fligner(*[g["count"].to_numpy() for _, g in ins.groupby("spray")], center="median")
    assert res.statistic == pytest.approx(ref.statistic, rel=1e-10)
    assert res.p_value == pytest.approx(ref.pvalue, rel=1e-10)
    assert "variances differ" in res.conclusion


def test_fligner_equal_spread_is_not_significant():
    a = np.array([1.0, 2, 3, 4, 5, 6, 7, 8])
    res = fligner_killeen(groups=None, data=[a, a + 10, a * 1.0 - 3])
    assert res.statistic == pytest.approx(0.0, abs=1e-12)
    assert res.p_value == pytest.approx(1.0)


def test_fligner_constant_groups_error():
    with pytest.raises(InputError, match="undefined"):
        fligner_killeen(data=[[1.0, 1, 1], [2.0, 2, 2]])


# ?cor.test (Hollander & Wolfe 1973, p. 187f.): x, y as printed in R's help page.
X = [44.4, 45.9, 41.9, 53.3, 44.7, 44.1, 50.7, 45.2, 60.1]
Y = [2.6, 3.1, 2.5, 5.0, 3.6, 4.0, 5.2, 2.8, 3.8]


def _brute_force_tail(x, y):
    """P(T >= observed T) by listing all 9! = 362880 orderings of y (independent of the
    Mahonian recursion used by the module)."""
    x, y = np.asarray(x), np.asarray(y)
    i, j = np.triu_indices(x.size, 1)
    sx = np.sign(x[i] - x[j])
    obs = int(np.sum(sx * np.sign(y[i] - y[j]) > 0))
    perms = np.array(list(itertools.permutations(range(x.size))))
    yy = y[perms]
    conc = np.sum(sx * np.sign(yy[:, i] - yy[:, j]) > 0, axis=1)
    return obs, float(np.mean(conc >= obs)), float(np.mean(conc <= obs))


def test_kendall_exact_matches_r_help_example():
    # R: cor.test(x, y, method = "kendall", alternative = "greater")
    #   T = 26, p-value = 0.05972; sample estimates: tau 0.4444444
    res = kendall_tau(x=X, y=Y, alternative="greater")
    assert res.statistic == 26
    assert res.estimate == pytest.approx(0.4444444, abs=5e-8)
    assert res.p_value == pytest.approx(0.05972, abs=5e-6)
    obs, upper, lower = _brute_force_tail(X, Y)
    assert obs == 26
    assert res.p_value == pytest.approx(upper, rel=1e-12)
    two = kendall_tau(x=X, y=Y)
    # R: cor.test(x, y, method = "kendall") -> p-value = 0.1194
    assert two.p_value == pytest.approx(0.1194, abs=5e-5)
    assert two.p_value == pytest.approx(2 * upper, rel=1e-12)
    assert kendall_tau(x=X, y=Y, alternative="less").p_value == pytest.approx(lower, rel=1e-12)
    assert two.extra["exact"] is True


def test_kendall_ties_normal_approximation_matches_scipy():
    # With ties R uses z = S / sqrt(Var S) with the full tie correction (no continuity
    # correction); scipy.stats.kendalltau(method="asymptotic") computes the same tau-b and
    # variance with its own O(n log n) code.
    x = np.array([1, 2, 2, 3, 4, 4, 4, 5, 6, 7, 7, 8, 9, 9, 10, 11], dtype=float)
    y = np.array([2, 1, 3, 3, 5, 4, 6, 6, 5, 8, 7, 9, 9, 12, 10, 10], dtype=float)
    res = kendall_tau(x=x, y=y)
    ref = st.kendalltau(x, y, method="asymptotic")
    assert res.estimate == pytest.approx(ref.statistic, rel=1e-12)
    assert res.p_value == pytest.approx(ref.pvalue, rel=1e-9)
    assert res.statistic_name == "z" and res.extra["exact"] is False


def test_kendall_large_n_without_ties_uses_normal():
    rng = np.random.default_rng(3)
    x = rng.normal(size=60)
    y = x + rng.normal(size=60)
    res = kendall_tau(x=x, y=y)
    ref = st.kendalltau(x, y, method="asymptotic")
    assert res.p_value == pytest.approx(ref.pvalue, rel=1e-9)


def test_kendall_exact_with_ties_refused():
    with pytest.raises(InputError, match="without ties"):
        kendall_tau(x=[1, 2, 2, 3], y=[1, 2, 3, 4], exact=True)
