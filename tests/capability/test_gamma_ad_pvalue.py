"""Anderson-Darling p-value of the gamma fit (Minitab's Individual Distribution Identification).

Reference: D'Agostino & Stephens (1986), Goodness-of-Fit Techniques, Table 4.21: upper-tail
points of A^2 for the gamma distribution with shape and scale estimated, by shape m; the rows
used here, at p = 0.25, 0.10, 0.05, 0.025, 0.01, 0.005:
    m = 1    0.486 0.657 0.786 0.917 1.092 1.227
    m = 2    0.477 0.643 0.768 0.894 1.062 1.190
    m = 5    0.472 0.635 0.758 0.881 1.045 1.170
    m = inf  0.470 0.631 0.752 0.873 1.035 1.159  (the normal case, Table 4.7's asymptotic row)

Independent check of the table: the points are the asymptotic distribution of A^2 with the
parameters estimated by maximum likelihood, sum_j lambda_j chi2_1, the lambda_j the eigenvalues
of the kernel [min(s,t) - st - g(s)' I^-1 g(t)] / sqrt(s(1-s) t(1-t)) (Stephens 1976, Ann.
Statist. 4; g = dF/d(parameters) at F^-1(s), I the Fisher information). The test computes the
eigenvalues (Nystrom, 1,200 midpoints) and the upper tail by Imhof's (1961) inversion (the 150
largest; the rest enter through their mean), first
for the normal case against the published 0.752 (5%) and 1.035 (1%), then for gamma shapes.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import integrate, special, stats

from sixsigma.capability import nonnormal as nn

LEVELS = (0.25, 0.10, 0.05, 0.025, 0.01, 0.005)


def _eigenvalues(g, info_inv, m=1200):
    s = (np.arange(m) + 0.5) / m
    gs = g(s)
    cov = np.minimum.outer(s, s) - np.outer(s, s) - gs.T @ info_inv @ gs
    w = 1.0 / np.sqrt(s * (1 - s))
    lam = np.linalg.eigvalsh(cov * np.outer(w, w) / m)
    return lam[lam > 1e-10]


def _imhof_sf(x, lam, keep=150):
    x, lam = x - lam[:-keep].sum(), lam[-keep:]  # the small eigenvalues' chi2s ~ their mean

    def f(u):
        theta = 0.5 * np.sum(np.arctan(lam * u)) - 0.5 * x * u
        rho = np.exp(0.25 * np.sum(np.log1p((lam * u) ** 2)))
        return math.sin(theta) / (u * rho)

    return 0.5 + integrate.quad(f, 0, np.inf, limit=1000)[0] / math.pi


def _normal_kernel():
    def g(s):
        z = stats.norm.ppf(s)
        f = stats.norm.pdf(z)
        return np.vstack([-f, -z * f])

    return g, np.linalg.inv(np.diag([1.0, 2.0]))


def _gamma_kernel(k):
    def g(s):
        x = special.gammaincinv(k, s)
        h = 1e-5 * k
        dk = (special.gammainc(k + h, x) - special.gammainc(k - h, x)) / (2 * h)
        return np.vstack([dk, -x * stats.gamma.pdf(x, k)])  # d/d shape, d/d scale at scale 1

    info = np.array([[special.polygamma(1, k), 1.0], [1.0, k]])
    return g, np.linalg.inv(info)


def _brackets(lam, crit, tol=0.002):
    """The asymptotic tail at crit -/+ tol brackets each level: the point is crit to +-tol."""
    for c, p in zip(crit, LEVELS, strict=True):
        assert _imhof_sf(c - tol, lam) > p > _imhof_sf(c + tol, lam), (c, p)


def test_the_eigenvalue_route_reproduces_the_published_normal_points():
    lam = _eigenvalues(*_normal_kernel())
    assert _imhof_sf(0.752, lam) == pytest.approx(0.05, abs=4e-4)
    assert _imhof_sf(1.035, lam) == pytest.approx(0.01, abs=1e-4)
    np.testing.assert_allclose(nn.gamma_critical_values(1e9), nn._GAMMA_CRIT[-1])


@pytest.mark.parametrize("shape", [1.0, 3.0, 10.0])
def test_table_4_21_rows_match_the_asymptotic_theory(shape):
    lam = _eigenvalues(*_gamma_kernel(shape))
    _brackets(lam, nn.gamma_critical_values(shape))


def test_published_rows_and_interpolation_in_one_over_shape():
    np.testing.assert_allclose(
        nn.gamma_critical_values(1.0), (0.486, 0.657, 0.786, 0.917, 1.092, 1.227)
    )
    np.testing.assert_allclose(
        nn.gamma_critical_values(2.0), (0.477, 0.643, 0.768, 0.894, 1.062, 1.190)
    )
    np.testing.assert_allclose(
        nn.gamma_critical_values(5.0), (0.472, 0.635, 0.758, 0.881, 1.045, 1.170)
    )
    # between m = 4 and 5, linear in 1/m
    t = (1 / 4.5 - 1 / 5) / (1 / 4 - 1 / 5)
    assert nn.gamma_critical_values(4.5)[2] == pytest.approx(0.758 + t * (0.759 - 0.758))


def test_shape_below_one_is_outside_the_table():
    # the asymptotic 5% point for m = 0.5 is above the m = 1 row's 0.786: no P is given
    lam = _eigenvalues(*_gamma_kernel(0.5))
    assert _imhof_sf(0.786, lam) > 0.06
    assert nn.gamma_ad_pvalue(0.9, 0.5) == (None, "*")
    rng = np.random.default_rng(8)
    fit = nn.fit_distribution(rng.gamma(0.5, 4.0, 60), "gamma")
    assert fit.params["shape"] < 1 and (fit.p_value, fit.p_text) == (None, "*")


def test_p_value_and_minitab_text():
    assert nn.gamma_ad_pvalue(0.768, 2.0) == (pytest.approx(0.05, rel=1e-12), "0.050")
    assert nn.gamma_ad_pvalue(0.2, 2.0) == (0.25, ">0.250")
    assert nn.gamma_ad_pvalue(3.0, 2.0) == (0.005, "<0.005")
    p, _ = nn.gamma_ad_pvalue(0.70, 2.0)  # between 0.643 (10%) and 0.768 (5%), log-linear
    assert p == pytest.approx(math.exp(np.interp(0.70, [0.643, 0.768], np.log([0.10, 0.05]))))


def test_fit_distribution_reports_the_gamma_p():
    rng = np.random.default_rng(3)
    fit = nn.fit_distribution(rng.gamma(2.0, 10.0, 80), "gamma")
    p, text = nn.gamma_ad_pvalue(fit.ad, fit.params["shape"])
    assert (fit.p_value, fit.p_text) == (p, text) and fit.p_value > 0.005
    bad = nn.fit_distribution(rng.uniform(10.0, 11.0, 300), "gamma")  # flat, not gamma
    assert bad.params["shape"] > 20 and bad.p_text == "<0.005"
