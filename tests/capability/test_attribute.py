"""Attribute capability against R's documented examples (R 4.2.2, full precision)."""

from __future__ import annotations

import pandas as pd
import pytest

from sixsigma.capability import binomial_capability, poisson_capability
from sixsigma.errors import InputError


def test_binomial_exact_interval_matches_binom_test():
    # ?binom.test (Conover 1971, p. 97f): binom.test(c(682, 243), p = 3/4)
    #   95 percent CI 0.707668264079039 0.765406558241525; estimate 682/925
    res = binomial_capability(count=682, size=925)
    assert res.estimate == pytest.approx(682 / 925, rel=1e-15)
    assert res.ci == pytest.approx([0.707668264079039, 0.765406558241525], rel=1e-10)
    assert res.ppm == pytest.approx(682 / 925 * 1e6, rel=1e-15)
    assert res.ppm_ci == pytest.approx([707668.264079039, 765406.558241525], rel=1e-10)
    # binom.test(682, 925, conf.level = 0.90)$conf.int: 0.712412924436548 0.761055274689545
    res90 = binomial_capability(count=682, size=925, confidence=0.90)
    assert res90.ci == pytest.approx([0.712412924436548, 0.761055274689545], rel=1e-10)


def test_binomial_process_z_and_samples():
    # Standard normal table: P(Z > 1.5) = 0.0668072; 66,807 defective per million -> Z = 1.5
    samples = pd.DataFrame(
        {
            "day": ["d1", "d2", "d3", "d4"],
            "late": [16000, 17000, 16807, 17000],
            "calls": [250000, 250000, 250000, 250000],
        }
    )
    res = binomial_capability(samples, count="late", size="calls", label="day")
    assert res.defects == 66807 and res.units == 1_000_000
    assert res.z == pytest.approx(1.5, abs=1e-5)
    assert res.z_ci[0] < res.z < res.z_ci[1]
    assert res.samples["label"].tolist() == ["d1", "d2", "d3", "d4"]
    assert res.samples["cumulative"].iloc[-1] == pytest.approx(res.estimate)
    d = res.to_dict()
    assert d["percent_defective"] == pytest.approx(6.6807)
    assert {c["name"] for c in d["checks"]} == {"stability", "amount of data"}


def test_poisson_exact_interval_matches_poisson_test():
    # ?poisson.test (Welsh nickel refinery, Breslow & Day): poisson.test(137, 24.19893)
    #   95 percent CI 4.75312480484875 6.69270933417607; rate 5.661407
    res = poisson_capability(count=137, size=24.19893)
    assert res.estimate == pytest.approx(137 / 24.19893, rel=1e-15)
    assert res.ci == pytest.approx([4.75312480484875, 6.69270933417607], rel=1e-10)
    assert "Mean DPU 5.661" in res.summary()


def test_attribute_targets_and_checks():
    res = poisson_capability(count=[120, 130, 125], size=[1000, 1000, 1000], target=0.2)
    assert "met" in res.summary()
    bad = binomial_capability(count=[3], size=[1000], target=0.001)
    assert "not shown to be met" in bad.summary()
    amount = bad.checks.set_index("name").loc["amount of data"]
    assert amount["status"] == "warn"
    unstable = binomial_capability(count=[10, 11, 9, 10, 12, 10, 60, 11], size=[200] * 8)
    assert unstable.checks.set_index("name").loc["stability", "status"] == "warn"


def test_attribute_errors():
    with pytest.raises(InputError, match="more defectives than trials"):
        binomial_capability(count=[5], size=[4])
    with pytest.raises(InputError, match="sizes > 0"):
        poisson_capability(count=[5], size=[0])
    with pytest.raises(InputError, match="count"):
        binomial_capability(pd.DataFrame({"a": [1]}), count="x", size="a")
