"""Verification: the test a data link implies, its decision, and the stored evidence.

The statistics are checked against R's documented examples through a fake warehouse that
serves the example's counts; the must-show runs on the seeded demo warehouse.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from rc_helpers import FakeWarehouse

from sixsigma.errors import InputError
from sixsigma.rootcause.fishbone import record_evidence
from sixsigma.rootcause.models import Cause, Effect, Fishbone
from sixsigma.rootcause.verify import verify_cause

TODAY = dt.date(2024, 4, 30)
REF = {"start": "2023-01-01", "end": "2023-04-01"}
PROB = {"start": "2023-10-01", "end": "2024-01-01"}


def _fishbone(link: dict, metric="manual_cpo") -> Fishbone:
    return Fishbone(
        effect=Effect(text="Y", metric=metric, filters={"business_line": ["intl_hotel"]}),
        causes=[Cause(id="x", text="the X", category="machine", data_link=link)],
    )


def _poisson_wh():
    # R: poisson.test(c(11, 6 + 8 + 7), c(800, 1083 + 1050 + 878)) (R's documented example,
    # ?poisson.test): count1 = 11, expected count1 = 6.7174, p-value = 0.07967,
    # rate ratio 1.971488, 95% CI 0.8584264 4.2772659.  Problem window: 11 contacts of the
    # level over 800 orders; reference window: 21 over 3011.
    rows = pd.DataFrame({
        "period": ["2023-02-01", "2023-02-01", "2023-11-01", "2023-11-01"],
        "reason": ["confirm", "other", "confirm", "other"],
        "numerator": [21, 300, 11, 100],
        "denominator": [0, 0, 0, 0],
    })
    return FakeWarehouse(rows, orders={"2023-02-01": 3011, "2023-11-01": 800})


@pytest.mark.parametrize(("alpha", "outcome"), [(0.05, "rejected"), (0.10, "verified")])
def test_poisson_rate_link_matches_r_poisson_test(alpha, outcome):
    link = {"metric": "manual_cpo", "dimension": "reason", "level": "confirm", "reference": REF,
            "problem": PROB, "direction": "either", "alpha": alpha, "test": "poisson_rate"}
    res = verify_cause(_fishbone(link), "x", _poisson_wh(), today=TODAY)
    ev = res.evidence
    assert res.test_name == "poisson_rate"
    assert ev.p_value == pytest.approx(0.07967, abs=5e-6)
    assert ev.data["rate_ratio"] == pytest.approx(1.971488, rel=5e-6)  # stored to 6 significant digits
    assert ev.data["problem_count"] == 11 and ev.data["problem_exposure"] == 800
    assert ev.data["reference_count"] == 21 and ev.data["reference_exposure"] == 3011
    assert ev.effect == pytest.approx(1.971488 - 1, rel=1e-5)
    assert ev.outcome == outcome
    assert ev.date == TODAY and ev.alpha == alpha
    assert ev.window == "reference 2023-01-01..2023-03-31 vs problem 2023-10-01..2023-12-31"
    if outcome == "rejected":
        assert "within chance" in ev.conclusion
    # the effect's own change: (100 + 11)/800 vs (300 + 21)/3011
    assert ev.data["effect_problem"] == pytest.approx(111 / 800, rel=1e-6)
    assert ev.data["effect_reference"] == pytest.approx(321 / 3011, rel=1e-6)


def test_poisson_rate_in_the_wrong_direction_is_rejected():
    link = {"metric": "manual_cpo", "dimension": "reason", "level": "confirm", "reference": PROB,
            "problem": REF, "alpha": 0.10, "test": "poisson_rate"}  # swapped windows: the rate fell; manual CPO is 'down is better'
    ev = verify_cause(_fishbone(link), "x", _poisson_wh(), today=TODAY).evidence
    assert ev.outcome == "rejected"


def test_poisson_rate_below_the_material_threshold_is_rejected():
    link = {"metric": "manual_cpo", "dimension": "reason", "level": "confirm", "reference": REF,
            "problem": PROB, "direction": "either", "alpha": 0.10, "min_effect": 1.5,
            "test": "poisson_rate"}
    ev = verify_cause(_fishbone(link), "x", _poisson_wh(), today=TODAY).evidence
    assert ev.outcome == "rejected" and "below the material threshold 150%" in ev.conclusion


def test_anova_link_matches_r_plantgrowth():
    # R: summary(aov(weight ~ group, data = PlantGrowth)) -> F = 4.846 on 2 and 27 df,
    # p = 0.01591; SS group 3.76634, residual 10.49209 (eta² = 3.76634 / 14.25843 = 0.26415).
    w = {"ctrl": [4.17, 5.58, 5.18, 6.11, 4.50, 4.61, 5.17, 4.53, 5.33, 5.14],
         "trt1": [4.81, 4.17, 4.41, 3.59, 5.87, 3.83, 6.03, 4.89, 4.32, 4.69],
         "trt2": [6.31, 5.12, 5.54, 5.50, 5.37, 5.29, 4.92, 6.15, 5.80, 5.26]}
    days = pd.date_range("2023-10-01", periods=10, freq="D")
    rows = pd.DataFrame([{"period": d, "team": g, "numerator": v, "denominator": 1.0}
                         for g, vals in w.items() for d, v in zip(days, vals, strict=True)])
    link = {"metric": "aht", "dimension": "team", "window": PROB}
    res = verify_cause(_fishbone(link), "x", FakeWarehouse(rows), today=TODAY)
    ev = res.evidence
    assert res.test_name == "anova"
    assert ev.statistic == pytest.approx(4.846088, rel=1e-5)
    assert ev.p_value == pytest.approx(0.01591, abs=5e-6)
    assert ev.effect == pytest.approx(3.76634 / 14.25843, rel=1e-4)
    assert ev.outcome == "verified" and ev.data["worst"] == "trt2"  # AHT: higher is worse


def test_chi_square_link_matches_r_chisq_test():
    # R ?chisq.test (Agresti 2007, p. 39): M <- as.table(rbind(c(762, 327, 468), c(484, 239, 477)))
    # chisq.test(M) -> X-squared = 30.07, df = 2, p-value = 2.954e-07.  Served as a proportion
    # metric by 'team' (the party): events = first row, trials = column totals.
    rows = pd.DataFrame({"period": "2023-11-01", "team": ["Democrat", "Independent", "Republican"],
                         "numerator": [762, 327, 468], "denominator": [762 + 484, 327 + 239, 468 + 477]})
    link = {"metric": "fcr", "dimension": "team", "window": PROB}
    res = verify_cause(_fishbone(link), "x", FakeWarehouse(rows), today=TODAY)
    ev = res.evidence
    assert res.test_name == "chi_square"
    assert ev.statistic == pytest.approx(30.07, abs=0.005)
    assert ev.p_value == pytest.approx(2.954e-07, rel=1e-3)
    assert ev.outcome == "verified"
    assert ev.data["worst"] == "Republican"  # lowest FCR share


def test_two_proportions_level_vs_rest_and_direction():
    rows = pd.DataFrame({"period": "2023-11-01", "site": ["kuala_lumpur", "shanghai", "other"],
                         "numerator": [300, 200, 100], "denominator": [2000, 2000, 1000]})
    link = {"metric": "transfer_rate", "dimension": "site", "level": "kuala_lumpur", "window": PROB,
            "test": "two_proportions"}
    res = verify_cause(_fishbone(link), "x", FakeWarehouse(rows), today=TODAY)
    ev = res.evidence
    assert res.test_name == "two_proportions"
    # level 300/2000 = 15% vs the rest 300/3000 = 10%: bad share 50% higher
    assert ev.data["proportion_1"] == pytest.approx(0.15) and ev.data["proportion_2"] == pytest.approx(0.10)
    assert ev.effect == pytest.approx(0.5)
    assert ev.outcome == "verified" and ev.p_value < 1e-6
    link["direction"] = "down"  # claiming KL transfers *less*: the data say the opposite
    ev = verify_cause(_fishbone(link), "x", FakeWarehouse(rows), today=TODAY).evidence
    assert ev.outcome == "rejected"


def test_links_that_cannot_run_say_what_to_add():
    fb = _fishbone({"metric": "manual_cpo", "dimension": "reason", "level": "confirm"})
    with pytest.raises(InputError, match="reference \\+ problem windows"):
        verify_cause(fb, "x", _poisson_wh())
    fb = Fishbone(effect=Effect(text="Y"), causes=[Cause(id="x", text="t", category="people")])
    with pytest.raises(InputError, match="has no data_link"):
        verify_cause(fb, "x", _poisson_wh())
    fb = _fishbone({"metric": "aht", "dimension": "team"})
    with pytest.raises(InputError, match="give the data window"):
        verify_cause(fb, "x", _poisson_wh())
    fb = _fishbone({"metric": "aht", "dimension": "team", "window": PROB, "test": "poisson_rate"})
    with pytest.raises(InputError, match="does not fit metric 'aht'"):
        verify_cause(fb, "x", _poisson_wh())


def test_evidence_sets_status_and_reason():
    link = {"metric": "manual_cpo", "dimension": "reason", "level": "confirm", "reference": REF,
            "problem": PROB, "direction": "either", "alpha": 0.10, "test": "poisson_rate"}
    fb = _fishbone(link)
    res = verify_cause(fb, "x", _poisson_wh(), today=TODAY)
    out = record_evidence(fb, "x", res.evidence)
    c = out.cause("x")
    assert c.status == "verified" and c.reason.startswith("2024-04-30: verified:")
    assert c.evidence == [res.evidence]
    assert fb.cause("x").evidence == []  # the input is not modified
    d = res.to_dict()
    assert d["outcome"] == "verified" and d["evidence"]["p_value"] == res.evidence.p_value


def test_rate_link_defaults_to_the_quasi_poisson_test_of_the_daily_counts():
    # Ten days per window; the level's daily manual contacts over the slice's daily orders.
    # Independent check: statsmodels' GLM (Poisson family, log link, offset log(orders),
    # scale = Pearson X^2 / df_resid) is what R's glm(family = quasipoisson) fits.
    import numpy as np
    import statsmodels.api as sm
    from scipy import stats as st

    ref_days = pd.date_range("2023-01-02", periods=10).strftime("%Y-%m-%d")
    prob_days = pd.date_range("2023-10-02", periods=10).strftime("%Y-%m-%d")
    y_ref = [3, 7, 2, 9, 4, 1, 8, 5, 2, 6]
    y_prob = [9, 15, 4, 12, 18, 7, 11, 5, 16, 10]
    orders = dict(zip([*ref_days, *prob_days], [100, 120, 90, 130, 110, 95, 140, 105, 100, 115] * 2,
                      strict=True))
    rows = pd.DataFrame({"period": [*ref_days, *prob_days], "reason": "confirm",
                         "numerator": y_ref + y_prob, "denominator": 0})
    wh = FakeWarehouse(rows, orders=orders)
    link = {"metric": "manual_cpo", "dimension": "reason", "level": "confirm", "reference": REF,
            "problem": PROB, "direction": "either"}
    res = verify_cause(_fishbone(link), "x", wh, today=TODAY)
    ev = res.evidence
    assert res.test_name == "quasi_poisson" and "quasi-Poisson" in ev.test
    y = np.array(y_ref + y_prob, float)
    e = np.array([orders[d] for d in [*ref_days, *prob_days]], float)
    x = sm.add_constant(np.r_[np.zeros(10), np.ones(10)])
    fit = sm.GLM(y, x, family=sm.families.Poisson(), offset=np.log(e)).fit(scale="X2")
    t = fit.params[1] / fit.bse[1]
    p = 2 * st.t.sf(abs(t), fit.df_resid)
    assert ev.data["dispersion"] == pytest.approx(fit.scale, rel=1e-5)
    assert ev.p_value == pytest.approx(p, rel=1e-5)
    assert ev.data["rate_ratio"] == pytest.approx(np.exp(fit.params[1]), rel=1e-5)
    # the plain exact Poisson test on the sums is reported beside, and is more confident
    assert "Poisson" in ev.data["plain_test"] and ev.data["plain_p_value"] < ev.p_value
    assert ev.outcome == "verified"


# -- must show: the demo warehouse's planted driver and decoys ----------------------------------

@pytest.fixture(scope="module")
def demo_fishbone():
    from rc_helpers import FLAGSHIP_DIR

    from sixsigma.rootcause.records import load_folder

    return load_folder(FLAGSHIP_DIR).fishbone


def test_demo_driver_is_verified_and_decoys_rejected(demo_warehouse, demo_fishbone):
    from sixsigma.warehouse import Warehouse

    with Warehouse(demo_warehouse, read_only=True) as wh:
        driver = verify_cause(demo_fishbone, "sys-pending-confirmation", wh, today=TODAY)
        decoys = [verify_cause(demo_fishbone, c, wh, today=TODAY) for c in ("mth-invoice", "mth-ci-passport-check")]
    ev = driver.evidence
    assert ev.outcome == "verified"
    assert ev.p_value < 1e-10
    assert ev.effect > 1.0  # hotel_confirmation contacts per order more than doubled through 2023
    assert ev.data["share_of_effect_change"] > 0.8  # it explains most of the rise
    for d in decoys:
        assert d.evidence.outcome == "rejected", d.evidence.conclusion
        assert d.evidence.p_value is not None
