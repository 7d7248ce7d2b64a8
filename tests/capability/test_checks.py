"""The Assistant-style checks, the plain-words line and the Cpm interval's coverage."""

from __future__ import annotations

import numpy as np
import pytest

from sixsigma.capability import capability
from sixsigma.capability.checks import one_in, plain_words
from sixsigma.capability.normal import normal_indices


def _standard(n, seed=2):
    z = np.random.default_rng(seed).standard_normal(n)
    return (z - z.mean()) / z.std(ddof=1)


def test_plain_words_example_from_the_issue():
    # mean 360 - 1.959964 * 30 and s = 30: P(X > 360) = 0.025 -> "about 1 in 40 calls"
    x = 360 - 1.959963984540054 * 30 + 30 * _standard(400)
    res = capability(x, usl=360, unit="s", item="calls", check_stability=False)
    assert res.ppm_of("overall")["above"] == pytest.approx(25000, rel=1e-9)
    assert res.plain == "About 1 in 40 calls will exceed 360 s."
    assert "about 1 in 40 calls will exceed 360 s" in res.summary()


def test_one_in_wording():
    assert one_in(0.02275, "calls") == "about 1 in 44 calls"
    assert one_in(0.00074, "calls") == "about 1 in 1,400 calls"
    assert one_in(0.23, "calls") == "about 23% of calls"
    assert one_in(1e-9, "calls") == "fewer than 1 in a million calls"
    text = plain_words({"below": 1000.0, "above": None}, 10.0, None, "orders", "min")
    assert text == "About 1 in 1,000 orders will fall below 10 min."


def test_checks_pass_for_a_stable_normal_process():
    # a normal series without chance signals (with 150 points, tests 1-2 on the I chart and
    # test 1 on the MR chart give a false alarm in most random series: seed 14 has none)
    x = 50 + 2 * _standard(150, seed=14)
    res = capability(x, lsl=40, usl=60)
    c = res.checks.set_index("name")["status"]
    assert c.to_dict() == {"stability": "pass", "normality": "pass", "amount of data": "pass"}
    assert res.stability_chart is not None and res.stability_chart.signals.empty


def test_stability_warns_and_shows_the_signals_when_the_process_shifts():
    x = 50 + 2 * _standard(150, seed=14)
    x[100:] += 6  # a 3-sigma shift for the last third
    res = capability(x, lsl=40, usl=60)
    row = res.checks.set_index("name").loc["stability"]
    assert row["status"] == "warn"
    assert (
        "I-MR" in row["message"]
        and "special-cause" in row["message"]
        and "not stable" in row["message"]
    )
    assert not res.stability_chart.in_control


def test_subgrouped_stability_uses_xbar_chart(reference):
    d = reference("qcc_pistonrings")  # all 40 samples: 37-39 are out of control (Montgomery)
    res = capability(d, value="diameter", subgroup="sample", lsl=73.95, usl=74.05)
    row = res.checks.set_index("name").loc["stability"]
    assert row["status"] == "warn" and "X-bar/R" in row["message"]


def test_normality_fails_for_skewed_data_analysed_as_normal():
    x = np.random.default_rng(5).lognormal(5.5, 0.6, 400)
    res = capability(x, usl=900, check_stability=False)
    row = res.checks.set_index("name").loc["normality"]
    assert row["status"] == "fail" and "p < 0.005" in row["message"] and "auto" in row["message"]
    auto = capability(x, usl=900, distribution="auto", check_stability=False)
    assert auto.distribution == "lognormal"
    assert auto.checks.set_index("name").loc["normality", "status"] == "warn"


def test_amount_of_data_warns_under_100():
    x = 10 + _standard(60)
    res = capability(x, lsl=5, usl=15, check_stability=False)
    row = res.checks.set_index("name").loc["amount of data"]
    assert row["status"] == "warn" and "60" in row["message"]
    assert (
        capability(10 + _standard(100), lsl=5, usl=15, check_stability=False)
        .checks.set_index("name")
        .loc["amount of data", "status"]
        == "pass"
    )


def test_cpm_interval_has_its_nominal_coverage_off_target():
    """Boyles' chi-square interval with nu = n(1 + a^2)^2 / (1 + 2a^2) covers the true Cpm
    about 95% of the time even 2 sigma off target (qcc's nu without the square covers ~100%)."""
    rng = np.random.default_rng(20240108)
    n, mu, target, lsl, usl = 100, 2.0, 0.0, -4.0, 4.0
    true = (usl - lsl) / (6 * np.sqrt(1 + (mu - target) ** 2))
    x = rng.normal(mu, 1.0, (1000, n))
    hits = 0
    for row in x:
        s = row.std(ddof=1)
        t = normal_indices(n, row.mean(), s, s, lsl, usl, target, n - 1, 0.95)
        lo, hi = t.loc[t["index"] == "cpm", ["lower", "upper"]].to_numpy()[0]
        hits += lo <= true <= hi
    assert 0.93 <= hits / len(x) <= 0.965
