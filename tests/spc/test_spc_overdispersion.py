"""qcc's over-dispersion test (``qcc.overdispersion.test``): no qcc 3.0 reference file covers
it, so the numbers are the textbook formula D = (m - 1) var(x) / V evaluated in base R 4.2.2
(calls cited), plus a hand calculation."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sixsigma.errors import InputError
from sixsigma.spc import dispersion_check, overdispersion_test

REF = Path(__file__).resolve().parents[1] / "reference-data"


def ref(name: str) -> pd.DataFrame:
    return pd.read_csv(REF / f"{name}.csv")


def test_binomial_orangejuice():
    # R 4.2.2: oj <- orangejuice[orangejuice$trial, ]; x <- oj$D; n <- 30;
    # p <- sum(x) / sum(oj$size); V <- mean(oj$size) * p * (1 - p); D <- var(x) * (n - 1) / V
    # -> var(x) / V = 2.9451489441324514, D = 85.409319379841094,
    #    1 - pchisq(D, 29) = 1.8210951358010874e-07
    oj = ref("qcc_orangejuice").query("trial")
    t = overdispersion_test(oj, count="D", size="size")
    assert t.kind == "binomial" and t.df == 29
    np.testing.assert_allclose(t.ratio, 2.9451489441324514, rtol=1e-12)
    np.testing.assert_allclose(t.statistic, 85.409319379841094, rtol=1e-12)
    np.testing.assert_allclose(t.p_value, 1.8210951358010874e-07, rtol=1e-8)
    assert t.overdispersed and "Laney" in t.summary()
    # equal sizes: D is the Pearson X^2 of the P chart diagnostic
    d = dispersion_check(oj, count="D", size="size", kind="p")
    np.testing.assert_allclose(d.chi2, t.statistic, rtol=1e-12)


def test_poisson_circuit():
    # R 4.2.2: x <- circuit$x[circuit$trial]; D <- var(x) * 25 / mean(x)
    # -> var(x) / mean(x) = 2.5866666666666664, D = 64.666666666666657,
    #    1 - pchisq(D, 25) = 2.3090763737187991e-05
    c = ref("qcc_circuit").query("trial")
    t = overdispersion_test(c, count="x")
    assert t.kind == "poisson" and t.df == 25
    np.testing.assert_allclose(t.ratio, 2.5866666666666664, rtol=1e-12)
    np.testing.assert_allclose(t.statistic, 64.666666666666657, rtol=1e-12)
    np.testing.assert_allclose(t.p_value, 2.3090763737187991e-05, rtol=1e-8)
    assert t.to_dict()["overdispersed"] is True


def test_poisson_by_hand():
    # x = 4, 9, 2, 12, 3: mean 6, sum of squares 74, var = 74/4 = 18.5, ratio 18.5/6,
    # D = 74/6 = 12.333; chi2(4) upper tail = exp(-D/2)(1 + D/2) = 0.015046...
    t = overdispersion_test(count=[4, 9, 2, 12, 3])
    np.testing.assert_allclose(t.ratio, 18.5 / 6, rtol=1e-14)
    np.testing.assert_allclose(t.statistic, 74 / 6, rtol=1e-14)
    D = 74 / 6
    np.testing.assert_allclose(t.p_value, np.exp(-D / 2) * (1 + D / 2), rtol=1e-12)


def test_binomial_unequal_sizes_by_hand():
    # x = 2, 5, 9 of n = 20, 40, 60: p = 16/120 = 2/15, V = 40 * 2/15 * 13/15 = 4.6222,
    # var(x) = 12.333 (mean 16/3), D = 2 * 12.333 / 4.6222 = 5.3365; chi2(2) tail exp(-D/2)
    t = overdispersion_test(count=[2, 5, 9], size=[20, 40, 60])
    V = 40 * (2 / 15) * (13 / 15)
    var = np.var([2, 5, 9], ddof=1)
    np.testing.assert_allclose(var, 37 / 3, rtol=1e-14)
    np.testing.assert_allclose(t.statistic, 2 * var / V, rtol=1e-14)
    np.testing.assert_allclose(t.p_value, np.exp(-t.statistic / 2), rtol=1e-12)
    assert not t.overdispersed


def test_bad_input():
    with pytest.raises(InputError, match="cannot exceed"):
        overdispersion_test(count=[3, 4, 9], size=[5, 5, 5])
    with pytest.raises(InputError, match="kind must be"):
        overdispersion_test(count=[3, 4, 9], kind="normal")
    with pytest.raises(InputError, match="needs count= and size="):
        overdispersion_test(count=[3, 4, 9], kind="binomial")
    with pytest.raises(InputError, match="no variation"):
        overdispersion_test(count=[0, 0, 0])
