"""Quasi-Poisson and quasi-binomial before/after comparisons of per-period counts.

Independent reference: statsmodels' GLM (its own IRLS fit, not the closed form used in
sixsigma.stats.overdispersed) with ``scale="X2"`` (dispersion = Pearson X²/df_resid, as R's
summary.glm for quasi families) and ``use_t=True`` (t on n - 2 df, as R). The data are fixed
arrays written below, so the expected numbers do not depend on a random generator.
"""

from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm

from sixsigma.errors import InputError
from sixsigma.stats import (
    poisson_rate_two,
    quasi_binomial,
    rate_ratio_quasi_poisson,
    two_proportions,
)

# 20 days before and 16 after: manual contacts (y) over orders (e); day-to-day swings ~3x Poisson.
Y = np.array(
    [
        131,
        98,
        172,
        77,
        150,
        125,
        190,
        89,
        122,
        170,
        79,
        147,
        105,
        169,
        128,
        82,
        178,
        111,
        143,
        101,
        90,
        64,
        122,
        61,
        105,
        101,
        68,
        88,
        130,
        59,
        93,
        76,
        114,
        70,
        107,
        66,
    ],
    dtype=float,
)
E = np.array(
    [
        1010,
        980,
        1105,
        900,
        1050,
        1000,
        1190,
        940,
        1020,
        1130,
        890,
        1060,
        970,
        1100,
        1015,
        920,
        1150,
        990,
        1040,
        960,
        1000,
        970,
        1080,
        905,
        1010,
        1040,
        930,
        990,
        1120,
        880,
        1000,
        985,
        1060,
        950,
        1030,
        915,
    ],
    dtype=float,
)
AFTER = np.arange(Y.size) >= 20


def _sm_poisson():
    x = sm.add_constant(AFTER.astype(float))
    return sm.GLM(Y, x, family=sm.families.Poisson(), offset=np.log(E)).fit(scale="X2", use_t=True)


def test_quasi_poisson_matches_statsmodels_glm():
    res = rate_ratio_quasi_poisson(Y, E, AFTER)
    fit = _sm_poisson()
    assert res.dispersion == pytest.approx(fit.scale, rel=1e-9)
    assert res.estimate == pytest.approx(np.exp(fit.params[1]), rel=1e-9)
    assert res.log_rate_ratio_se == pytest.approx(fit.bse[1], rel=1e-9)
    assert res.statistic == pytest.approx(fit.tvalues[1], rel=1e-9)
    assert res.p_value == pytest.approx(fit.pvalues[1], rel=1e-7)
    assert res.ci == pytest.approx(tuple(np.exp(fit.conf_int()[1])), rel=1e-9)
    assert res.df == Y.size - 2
    # The plain exact Poisson test on the window totals is carried unchanged.
    plain = poisson_rate_two(
        counts=[Y[AFTER].sum(), Y[~AFTER].sum()],
        exposures=[E[AFTER].sum(), E[~AFTER].sum()],
        groups=["after", "before"],
    )
    assert res.poisson_exact["p_value"] == plain.p_value
    assert res.poisson_exact["ci"] == list(plain.ci)
    # Over-dispersed data: the quasi interval is wider by about sqrt(phi).
    assert res.dispersion > 1.5
    assert res.ci[1] / res.ci[0] > plain.ci[1] / plain.ci[0]
    assert "quasi-Poisson" in res.conclusion and "exact Poisson" in res.conclusion
    assert "dispersion" in res.reason


def test_quasi_poisson_one_sided_and_confidence():
    fit = _sm_poisson()
    res = rate_ratio_quasi_poisson(Y, E, AFTER, alternative="less", confidence=0.9)
    # one-sided t: P(T <= t) on n - 2 df, from statsmodels' two-sided p halved (t < 0)
    assert res.p_value == pytest.approx(fit.pvalues[1] / 2, rel=1e-7)
    lo, hi = res.ci
    assert lo == 0.0
    assert hi == pytest.approx(np.exp(fit.conf_int(alpha=0.2)[1][1]), rel=1e-9)


def test_poisson_data_give_dispersion_near_one_and_match_plain_test():
    # Counts equal to their expected values plus a tiny Poisson-like wobble: X² small.
    e = np.full(30, 1000.0)
    y = np.r_[np.full(15, 120.0), np.full(15, 90.0)] + np.tile([-3.0, 3.0, 0.0], 10)
    after = np.arange(30) >= 15
    res = rate_ratio_quasi_poisson(y, e, after)
    assert res.dispersion < 1
    assert res.checks.set_index("name").loc["dispersion", "status"] == "pass"


def _sm_binomial(link):
    x = sm.add_constant(AFTER.astype(float))
    return sm.GLM(Y / E, x, family=sm.families.Binomial(link=link), var_weights=E).fit(
        scale="X2", use_t=True
    )


@pytest.mark.filterwarnings("ignore::statsmodels.tools.sm_exceptions.DomainWarning")
def test_quasi_binomial_matches_statsmodels_for_three_links():
    # events Y of trials E per period (proportions around 0.1, over-dispersed)
    res = quasi_binomial(Y, E, AFTER)
    ident = _sm_binomial(sm.families.links.Identity())
    logit = _sm_binomial(sm.families.links.Logit())
    log = _sm_binomial(sm.families.links.Log())
    for fit in (ident, logit, log):
        assert res.dispersion == pytest.approx(fit.scale, rel=1e-8)
    assert res.estimate == pytest.approx(ident.params[1], rel=1e-9)
    assert res.difference_se == pytest.approx(ident.bse[1], rel=1e-8)
    assert res.p_value == pytest.approx(ident.pvalues[1], rel=1e-7)
    assert res.ci == pytest.approx(tuple(ident.conf_int()[1]), rel=1e-8)
    assert res.log_odds_ratio == pytest.approx(logit.params[1], rel=1e-9)
    assert res.log_odds_ratio_se == pytest.approx(logit.bse[1], rel=1e-8)
    assert res.odds_ratio_p == pytest.approx(logit.pvalues[1], rel=1e-7)
    assert res.odds_ratio_ci == pytest.approx(list(np.exp(logit.conf_int()[1])), rel=1e-8)
    assert np.log(res.ratio) == pytest.approx(log.params[1], rel=1e-9)
    assert res.ratio_p == pytest.approx(log.pvalues[1], rel=1e-7)
    plain = two_proportions(
        events=[Y[AFTER].sum(), Y[~AFTER].sum()],
        trials=[E[AFTER].sum(), E[~AFTER].sum()],
        groups=["after", "before"],
    )
    assert res.two_proportions["p_value"] == plain.p_value


@pytest.mark.parametrize(
    "args, message",
    [
        ((Y[:2], E[:2], AFTER[:2]), "need periods both before and after"),
        ((Y, E[:-1], AFTER), "one value per period"),
        ((np.r_[Y[:20], np.zeros(16)], E, AFTER), "no events"),
        ((Y, -E, AFTER), "> 0"),
        ((Y, E, np.full(Y.size, 2)), "True/False"),
    ],
)
def test_bad_input_is_one_clear_error(args, message):
    with pytest.raises(InputError, match=message):
        rate_ratio_quasi_poisson(*args)


def test_quasi_binomial_rejects_events_above_trials():
    with pytest.raises(InputError, match="cannot exceed"):
        quasi_binomial(E, Y, AFTER)


def test_result_is_json_safe():
    import json

    d = rate_ratio_quasi_poisson(Y, E, AFTER).to_dict()
    json.dumps(d)
    assert d["dispersion"] > 1 and d["poisson_exact"]["p_value"] < 1
