"""Anderson-Darling p-values of the distribution fits (Minitab's Individual Distribution
Identification table) and Box-Cox lambda from the within-subgroup sigma (issue 12).

References beside the numbers:
- the A^2 statistics are checked against scipy.stats.anderson, which fits the exponential,
  logistic and extreme-value distributions with its own code (not the package's fits);
- the tabulated critical values are Stephens' (1974 JASA 69, Table 1A; 1977 Biometrika 64;
  1979 Biometrika 66), the same numbers scipy.stats.anderson prints as critical values;
- the tables are also checked by simulation: under the null the p-value is below 0.05
  about 5% of the time (seeded, 3-standard-error band);
- Box-Cox lambda (Minitab, Methods and formulas for Box-Cox transformation): the lambda in
  [-5, 5] minimising the within-subgroup SD of w = (x^l - 1) / (l GM^(l - 1)), computed here
  by brute force over a 0.001 grid with numpy and a pandas groupby pooled SD.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from cap_refs import groundbeef
from scipy import stats

from sixsigma.capability import capability
from sixsigma.capability import nonnormal as nn


@pytest.fixture(scope="module")
def beef():
    return groundbeef()


@pytest.mark.parametrize(
    ("ours", "scipy_name"),
    [("exponential", "expon"), ("logistic", "logistic"), ("sev", "gumbel_l"), ("lev", "gumbel_r")],
)
def test_ad_statistic_matches_scipy_anderson(beef, ours, scipy_name):
    fit = nn.fit_distribution(beef, ours)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = stats.anderson(beef, scipy_name)
    assert fit.ad == pytest.approx(float(ref.statistic), rel=1e-5)
    # the same data beyond every tabulated level: Minitab prints "<0.010" ("<0.005" logistic)
    assert fit.p_text in ("<0.010", "<0.005")


def test_stephens_tables_at_their_own_points_and_ends():
    # at a tabulated critical value the p-value is the tabulated level (A* = A^2 adjust(n))
    n = 50
    ev = 0.757 / (1 + 0.2 / math.sqrt(n))  # Stephens (1977): 0.757 at 5 %
    p, text = nn.stephens_pvalue(ev, n, "ev")
    assert p == pytest.approx(0.05, rel=1e-12) and text == "0.050"
    ex = 1.321 / (1 + 0.6 / n)  # Stephens (1974), case 3: 1.321 at 5 %
    assert nn.stephens_pvalue(ex, n, "exponential")[0] == pytest.approx(0.05, rel=1e-12)
    lg = 0.660 / (1 + 0.25 / n)  # Stephens (1979): 0.660 at 5 %
    assert nn.stephens_pvalue(lg, n, "logistic")[0] == pytest.approx(0.05, rel=1e-12)
    assert nn.stephens_pvalue(0.1, n, "ev") == (0.25, ">0.250")
    assert nn.stephens_pvalue(5.0, n, "ev") == (0.01, "<0.010")
    assert nn.stephens_pvalue(5.0, n, "logistic") == (0.005, "<0.005")
    # monotone between the points
    grid = np.linspace(0.48, 1.03, 40)
    ps = [nn.stephens_pvalue(a / (1 + 0.2 / math.sqrt(n)), n, "ev")[0] for a in grid]
    assert all(a >= b for a, b in zip(ps, ps[1:], strict=False))


@pytest.mark.parametrize(
    ("family", "draw"),
    [
        ("exponential", lambda r, n: r.exponential(3.0, n)),
        ("weibull", lambda r, n: r.weibull(1.7, n) * 40.0),
        ("logistic", lambda r, n: r.logistic(5.0, 2.0, n)),
        ("gamma", lambda r, n: r.gamma(2.5, 30.0, n)),
    ],
)
def test_p_values_are_calibrated_under_the_null(family, draw):
    rng = np.random.default_rng(20240612)
    reps, n = 400, 40
    rejected = sum(nn.fit_distribution(draw(rng, n), family).p_value < 0.05 for _ in range(reps))
    se = math.sqrt(0.05 * 0.95 / reps)
    assert abs(rejected / reps - 0.05) < 3 * se + 0.01  # 0.01: interpolation between levels


def test_every_fit_has_a_p_or_says_why(beef):
    fits, _ = nn.fit_all(beef)
    table = nn.fits_frame(fits)
    for row in table.itertuples():
        if row.distribution.endswith("3"):
            # as Minitab, 3-parameter fits print P = * (with an LRT P)
            assert row.p_text == "*" and pd.isna(row.p_value)
        else:
            assert row.p_value is not None and 0 < row.p_value <= 0.25
    # lognormal keeps D'Agostino & Stephens on ln x (fitdistrplus groundbeef test file value)
    assert table.set_index("distribution").loc["lognormal", "p_value"] == pytest.approx(
        2.81969947802434e-11, rel=1e-9
    )


def _pooled_sd(w: np.ndarray, g: np.ndarray) -> np.ndarray:
    """Pooled within-subgroup SD of each row of w (lambdas x values), without c4."""
    df = pd.DataFrame(w.T)
    dev = df - df.groupby(g).transform("mean")
    nu = len(g) - len(np.unique(g))
    return np.sqrt((dev**2).sum(axis=0).to_numpy() / nu)


def test_boxcox_lambda_minimises_within_subgroup_sigma(beef):
    g = np.arange(beef.size) // 2  # 127 subgroups of 2 in the data's order
    lam = np.round(np.arange(-5.0, 5.0005, 0.001), 3)
    lx, gm = np.log(beef), np.exp(np.log(beef).mean())
    with np.errstate(all="ignore"):
        w = np.where(
            np.abs(lam)[:, None] < 1e-12,
            gm * lx[None, :],
            (beef[None, :] ** lam[:, None] - 1) / (lam[:, None] * gm ** (lam[:, None] - 1)),
        )
    crit = _pooled_sd(w, g)
    best = lam[int(np.argmin(crit))]
    res = capability(beef, subgroup=2, usl=200, distribution="boxcox", check_stability=False)
    assert res.parameters["lambda_method"] == "within-subgroup sigma"
    assert res.parameters["lambda"] == pytest.approx(best, abs=1.5e-3)
    # the individual-value analysis keeps the maximum likelihood lambda
    ind = capability(beef, usl=200, distribution="boxcox", check_stability=False)
    assert ind.parameters["lambda_method"] == "mle"
    assert ind.parameters["lambda"] != pytest.approx(res.parameters["lambda"], abs=1e-3)
