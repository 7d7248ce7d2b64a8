"""Poisson rate tests against R's poisson.test (documented examples and R 4.2.2 output)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sixsigma.errors import InputError
from sixsigma.stats import poisson_rate_one, poisson_rate_two

REF = Path(__file__).resolve().parents[1] / "reference-data"


def test_one_sample_exact_help_page_example():
    # ?poisson.test: poisson.test(137, 24.19893) -> p-value < 2.2e-16,
    # 95% CI 4.753125 6.692709, event rate 5.661407
    res = poisson_rate_one(count=137, total_exposure=24.19893)
    assert res.p_value < 2.2e-16
    assert res.ci == pytest.approx((4.753125, 6.692709), abs=5e-7)
    assert res.estimate == pytest.approx(5.661407, abs=5e-7)
    # R: poisson.test(137, 24.19893, r = 5) -> p-value = 0.1456
    assert poisson_rate_one(count=137, total_exposure=24.19893, rate0=5).p_value == pytest.approx(
        0.1456, abs=5e-5
    )


def test_one_sample_exact_tails():
    # R 4.2.2: poisson.test(10, 2, r = 2, alternative = "greater") -> p 0.00813224279693387, CI (2.71270284854565, Inf)
    res = poisson_rate_one(count=10, total_exposure=2, rate0=2, alternative="greater")
    assert res.p_value == pytest.approx(0.00813224279693387, rel=1e-10)
    assert res.ci[0] == pytest.approx(2.71270284854565, rel=1e-12)
    assert res.ci[1] == np.inf
    # R: poisson.test(3, 2, r = 5) -> p 0.0246136642729753 (count below its mean), CI (0.309336061447801, 4.38363653487116)
    res = poisson_rate_one(count=3, total_exposure=2, rate0=5)
    assert res.p_value == pytest.approx(0.0246136642729753, rel=1e-10)
    assert res.ci == pytest.approx((0.309336061447801, 4.38363653487116), rel=1e-12)


def test_two_sample_exact_help_page_example():
    # ?poisson.test (Gehan's leukaemia data): poisson.test(c(11, 6+8+7), c(800, 1083+1050+878))
    # -> count1 = 11, expected count1 = 6.7174, p-value = 0.07967, CI 0.8584264 4.2772659, rate ratio 1.971488
    res = poisson_rate_two(counts=[11, 21], exposures=[800, 3011])
    assert res.statistic == 11
    assert res.extra["expected_count1"] == pytest.approx(6.7174, abs=5e-5)
    assert res.p_value == pytest.approx(0.07967, abs=5e-6)
    assert res.ci == pytest.approx((0.8584264, 4.2772659), abs=5e-8)
    assert res.estimate == pytest.approx(1.971488, abs=5e-7)


def test_contact_rates_reference_before_after():
    c = pd.read_csv(REF / "cs_contact_rates.csv").set_index("period")
    # R 4.2.2: poisson.test(c(95, 120), c(1050, 1000)) -> p 0.0407237883668957, ratio 0.753968253968254,
    # CI (0.569888056067718, 0.995144589701749); alternative = "less" -> p = 0.02299, CI 0 0.9532907
    res = poisson_rate_two(
        counts=[c.contacts["after"], c.contacts["before"]],
        exposures=[c.orders["after"], c.orders["before"]],
        groups=["after", "before"],
        measure="CPO",
        unit="contacts per order",
    )
    assert res.p_value == pytest.approx(0.0407237883668957, rel=1e-9)
    assert res.estimate == pytest.approx(0.753968253968254, rel=1e-12)
    assert res.ci == pytest.approx((0.569888056067718, 0.995144589701749), rel=1e-10)
    assert res.extra["difference"] == pytest.approx(95 / 1050 - 120 / 1000)
    assert res.extra["percent_change"] == pytest.approx((0.753968253968254 - 1) * 100)
    assert res.conclusion.startswith(
        "CPO after is lower than before: 0.090 vs 0.120 contacts per order, a 25% drop"
    )
    less = poisson_rate_two(counts=[95, 120], exposures=[1050, 1000], alternative="less")
    assert less.p_value == pytest.approx(0.02299, abs=5e-6)
    assert less.ci[0] == 0 and less.ci[1] == pytest.approx(0.9532907, abs=5e-8)


def test_cpo_conclusion_reads_like_the_issue():
    res = poisson_rate_two(
        counts=[9300, 12800],
        exposures=[100000, 100000],
        groups=["after the change", "before"],
        measure="manual CPO",
        unit="contacts per order",
    )
    assert res.conclusion.startswith(
        "manual CPO after the change is lower than before: 0.093 vs 0.128 contacts per order, a 27% drop, 95% CI"
    )
    assert res.conclusion.endswith("p < 0.001")
    lo, hi = res.extra["percent_change_ci"]
    assert -30 < lo < hi < -24


def test_normal_method_agrees_with_exact_for_large_counts():
    ex = poisson_rate_two(counts=[930, 1280], exposures=[10000, 10000])
    nm = poisson_rate_two(counts=[930, 1280], exposures=[10000, 10000], method="normal")
    assert nm.statistic == pytest.approx((0.093 - 0.128) / np.sqrt(0.1105 * 2 / 10000))
    assert nm.p_value == pytest.approx(ex.p_value, rel=0.5)
    assert nm.ci == pytest.approx(ex.ci, rel=1e-2)


def test_rows_sum_per_group_and_dispersion_check():
    rng = np.random.default_rng(7)
    days = 60
    orders = np.full(days * 2, 5000.0)
    # Overdispersed daily rates (gamma-mixed Poisson): the Poisson test must warn.
    rate = rng.gamma(20, 0.12 / 20, days * 2)
    rows = pd.DataFrame(
        {
            "window": ["a"] * days + ["b"] * days,
            "contacts": rng.poisson(rate * orders),
            "orders": orders,
        }
    )
    res = poisson_rate_two(rows, "contacts", "window", "orders")
    assert res.rates["count"].sum() == rows.contacts.sum()
    assert res.checks.set_index("name").loc["dispersion", "status"] == "warn"
    calm = rows.assign(contacts=rng.poisson(0.12 * orders))
    assert (
        poisson_rate_two(calm, "contacts", "window", "orders")
        .checks.set_index("name")
        .loc["dispersion", "status"]
        == "pass"
    )


def test_rate_errors():
    with pytest.raises(InputError, match="exposures"):
        poisson_rate_two(counts=[1, 2], exposures=[1, 2, 3])
    with pytest.raises(InputError, match="positive"):
        poisson_rate_two(counts=[1, 2], exposures=[0, 2])
    with pytest.raises(InputError, match="both counts are zero"):
        poisson_rate_two(counts=[0, 0], exposures=[1, 2])
