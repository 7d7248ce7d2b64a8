"""Three-parameter (threshold) fits: 3-parameter Weibull, lognormal, gamma, loglogistic.

No published 3-parameter fit with its data was found offline, so each MLE is checked by an
independent route: a Nelder-Mead search of all three parameters on the log-likelihood written
out here from the textbook densities (not scipy's), from several starts; our profile-likelihood
answer must reach at least the same log-likelihood and the same parameters. The LRT column is
2 (LL3 - LL2) on chi-square 1 df against the 2-parameter fit (Minitab's Individual
Distribution Identification, "LRT P").
"""

from __future__ import annotations

import numpy as np
import pytest
from cap_refs import groundbeef
from scipy import optimize, special
from scipy import stats as st

from sixsigma.capability import capability
from sixsigma.capability import nonnormal as nn
from sixsigma.errors import InputError


def ll_weibull3(p, x):
    c, b, t = p
    y = x - t
    if c <= 0 or b <= 0 or np.any(y <= 0):
        return -np.inf
    return np.sum(np.log(c / b) + (c - 1) * np.log(y / b) - (y / b) ** c)


def ll_lognormal3(p, x):
    mu, s, t = p
    y = x - t
    if s <= 0 or np.any(y <= 0):
        return -np.inf
    ly = np.log(y)
    return np.sum(-ly - np.log(s * np.sqrt(2 * np.pi)) - (ly - mu) ** 2 / (2 * s * s))


def ll_gamma3(p, x):
    a, b, t = p
    y = x - t
    if a <= 0 or b <= 0 or np.any(y <= 0):
        return -np.inf
    return np.sum((a - 1) * np.log(y) - y / b - special.gammaln(a) - a * np.log(b))


def ll_loglogistic3(p, x):
    mu, s, t = p  # ln(X - t) is logistic(mu, s)
    y = x - t
    if s <= 0 or np.any(y <= 0):
        return -np.inf
    z = (np.log(y) - mu) / s
    return np.sum(-z - np.log(s * y) - 2 * np.log1p(np.exp(-z)))


LL = {
    "weibull3": (ll_weibull3, ("shape", "scale", "threshold")),
    "lognormal3": (ll_lognormal3, ("location", "scale", "threshold")),
    "gamma3": (ll_gamma3, ("shape", "scale", "threshold")),
    "loglogistic3": (ll_loglogistic3, ("location", "scale", "threshold")),
}


def _sample(name):
    rng = np.random.default_rng(12)
    return {
        "weibull3": lambda: 300 + 90 * rng.weibull(1.7, 120),
        "lognormal3": lambda: 200 + np.exp(rng.normal(4.0, 0.5, 120)),
        "gamma3": lambda: 400 + rng.gamma(2.5, 40, 150),
        "loglogistic3": lambda: 100 + np.exp(st.logistic.rvs(3.5, 0.3, 150, random_state=rng)),
    }[name]()


def _independent_mle(name, x, start):
    f, _ = LL[name]
    best = None
    for shrink in (0.5, 0.9, 0.99):
        p0 = np.array(start, dtype=float)
        p0[2] = x.min() - shrink * (x.min() - start[2]) if start[2] < x.min() else x.min() - 1
        r = optimize.minimize(
            lambda p: -f(p, x),
            p0,
            method="Nelder-Mead",
            options={"xatol": 1e-10, "fatol": 1e-12, "maxiter": 40000, "maxfev": 40000},
        )
        if best is None or r.fun < best.fun:
            best = r
    return best.x, -best.fun


@pytest.mark.parametrize("name", list(LL))
def test_mle_matches_a_separate_optimisation(name):
    x = _sample(name)
    fit = nn.fit_distribution(x, name)
    f, keys = LL[name]
    ours = [fit.params[k] for k in keys]
    # the log-likelihood we report is the textbook density's at our parameters
    assert fit.loglik == pytest.approx(f(ours, x), rel=1e-10)
    start = [v * 1.1 for v in ours[:2]] + [ours[2] - 0.2 * np.ptp(x)]
    theirs, ll_theirs = _independent_mle(name, x, start)
    assert fit.loglik >= ll_theirs - 1e-7  # we reach (at least) the independent maximum
    assert ours == pytest.approx(list(theirs), rel=2e-4, abs=1e-6 * np.ptp(x))
    assert fit.p_text == "*" and fit.p_value is None  # Minitab prints P = * for 3-parameter


@pytest.mark.parametrize("name", list(LL))
def test_lrt_against_the_two_parameter_fit(name):
    x = _sample(name)
    fit = nn.fit_distribution(x, name)
    two = nn.fit_distribution(x, name[:-1])
    lrt = 2 * (fit.loglik - two.loglik)
    assert lrt >= 0
    assert fit.lrt_p == pytest.approx(st.chi2.sf(lrt, 1), rel=1e-9)
    assert fit.lrt_p < 0.05  # these samples have a real floor far from 0


def test_groundbeef_table_has_the_threshold_fits_and_auto_rule():
    x = groundbeef()
    fits, skipped = nn.fit_all(x)
    table = nn.fits_frame(fits)
    assert {"weibull3", "lognormal3", "gamma3", "loglogistic3"} <= set(table.distribution)
    assert table.ad.is_monotonic_increasing
    # gamma3's threshold adds nothing here: LRT p >= 0.05, so auto keeps a 2-parameter gamma
    g3 = next(f for f in fits if f.name == "gamma3")
    assert g3.lrt_p > 0.05
    best = nn.best_fit(fits)
    assert best.name not in {"gamma3"} and (best.lrt_p is None or best.lrt_p < 0.05)
    assert best.ad == min(
        f.ad for f in fits if f.name != "normal" and (f.lrt_p is None or f.lrt_p < 0.05)
    )


def test_threshold_fit_allows_non_positive_data_and_capability_uses_it():
    x = _sample("weibull3") - 330.0  # some values below 0: only threshold fits apply
    assert x.min() < 0
    fit = nn.fit_distribution(x, "weibull3")
    assert fit.params["threshold"] < x.min()
    assert fit.lrt_p is None  # no 2-parameter Weibull for data <= 0
    res = capability(x, usl=250.0, distribution="weibull3")
    assert "3-Parameter Weibull" in res.summary()
    ppu = res.to_dict()["ppu"]
    q50, q99 = fit.dist.ppf([0.5, 0.99865])
    assert ppu == pytest.approx((250.0 - q50) / (q99 - q50), rel=1e-9)


def test_no_interior_maximum_is_said_and_left_out():
    # Weibull shape well below 1: the likelihood rises without bound as theta -> min(x)
    rng = np.random.default_rng(5)
    x = 10 + rng.weibull(0.45, 200)
    with pytest.raises(InputError, match="no maximum"):
        nn.fit_distribution(x, "weibull3")
    fits, _ = nn.fit_all(x)
    assert "weibull3" not in {f.name for f in fits}
