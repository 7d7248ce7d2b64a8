"""Power and sample size against R's power.t.test / power.prop.test / power.anova.test (documented
examples and R 4.2.2 output with tol = 1e-12), Montgomery & Runger and statsmodels."""

from __future__ import annotations

import math

import pytest

from sixsigma.errors import InputError, UnknownNameError
from sixsigma.stats import power


def test_power_t_test_help_page_examples():
    # ?power.t.test: power.t.test(n = 20, delta = 1) -> power = 0.8689528
    assert power("two-sample-t", n=20, delta=1).power == pytest.approx(0.868952801692498, rel=1e-10)
    # power.t.test(power = .90, delta = 1) -> n = 22.02110 (R's uniroot tol; tol = 1e-12: 22.021095570094)
    res = power("two-sample-t", power=0.9, delta=1)
    assert res.n == pytest.approx(22.021095570094, rel=1e-10)
    assert res.n == pytest.approx(22.02110, abs=5e-5)
    assert res.n_rounded == 23 and res.actual_power > 0.9
    # power.t.test(power = .90, delta = 1, alternative = "one.sided") -> n = 17.84713 (tight 17.8471206265367)
    one = power("two-sample-t", power=0.9, delta=1, alternative="greater")
    assert one.n == pytest.approx(17.8471206265367, rel=1e-10)
    # strict = TRUE adds the far tail: power.t.test(n = 20, delta = 1, strict = TRUE) = 0.868953027724586
    assert power("two-sample-t", n=20, delta=1, strict=True).power == pytest.approx(
        0.868953027724586, rel=1e-10
    )


def test_power_t_one_sample_paired_and_delta():
    # R 4.2.2: power.t.test(n = 20, delta = 1, type = "one.sample")$power = 0.988591294544565
    assert power("one-sample-t", n=20, delta=1).power == pytest.approx(0.988591294544565, rel=1e-10)
    # power.t.test(power = 0.8, delta = 0.5, type = "one.sample", tol = 1e-12)$n = 33.3672039788038
    assert power("one-sample-t", power=0.8, delta=0.5).n == pytest.approx(
        33.3672039788038, rel=1e-10
    )
    # power.t.test(n = 20, power = .90, type = "paired", tol = 1e-12)$delta = 0.764458022312366
    assert power("paired-t", n=20, power=0.9).delta == pytest.approx(0.764458022312366, rel=1e-10)
    # power.t.test(power = 0.9, n = 30, sd = 2, tol = 1e-12)$delta = 1.70234302867275
    res = power("two-sample-t", n=30, power=0.9, sd=2)
    assert res.solve_for == "delta" and res.delta == pytest.approx(1.70234302867275, rel=1e-10)


def test_power_prop_test_help_page_examples():
    # ?power.prop.test: power.prop.test(n = 50, p1 = .50, p2 = .75) -> power = 0.7401659
    assert power("two-proportions", n=50, p1=0.5, p2=0.75).power == pytest.approx(
        0.740165901331388, rel=1e-10
    )
    # power.prop.test(p1 = .50, p2 = .75, power = .90) -> n = 76.7 (tight: 76.7069284517774)
    assert power("two-proportions", p1=0.5, p2=0.75, power=0.9).n == pytest.approx(
        76.7069284517774, rel=1e-10
    )
    # power.prop.test(n = 50, p1 = .5, power = .90) -> p2 = 0.8026 (tight: 0.802630581703895)
    res = power("two-proportions", p1=0.5, n=50, power=0.9)
    assert res.to_dict()["p2"] == pytest.approx(0.802630581703895, rel=1e-10)
    assert res.delta == pytest.approx(0.302630581703895, rel=1e-9)
    # strict = TRUE: 0.802630567988423
    strict = power("two-proportions", p1=0.5, n=50, power=0.9, strict=True)
    assert strict.delta + 0.5 == pytest.approx(0.802630567988423, rel=1e-10)
    # R: power.prop.test(n = 100, p1 = 0.2, p2 = 0.1, alternative = "one.sided")$power = 0.632611989473708
    assert power(
        "two-proportions", n=100, p1=0.2, p2=0.1, alternative="less"
    ).power == pytest.approx(0.632611989473708, rel=1e-10)


def test_power_anova_test_help_page_examples():
    # ?power.anova.test: power.anova.test(groups = 4, n = 5, between.var = 1, within.var = 3) -> power = 0.3535594
    res = power("anova", groups=4, n=5, between_var=1, sd=math.sqrt(3))
    assert res.power == pytest.approx(0.353559423815302, rel=1e-9)
    # power.anova.test(groups = 4, between.var = 1, within.var = 3, power = .80) -> n = 11.92613
    # (R's uniroot tolerance; the exact root is 11.9261112)
    assert power("anova", groups=4, between_var=1, sd=math.sqrt(3), power=0.8).n == pytest.approx(
        11.92613, abs=5e-5
    )
    # Minitab's "maximum difference" D between two means = between.var D^2 / (2 (k - 1)):
    # R: power.anova.test(groups = 4, n = 5, between.var = 4/6, within.var = 3)$power = 0.244011592017422
    assert power("anova", groups=4, n=5, delta=2, sd=math.sqrt(3)).power == pytest.approx(
        0.244011592017422, rel=1e-9
    )


def test_one_proportion_power_montgomery_runger():
    # Montgomery & Runger, Applied Statistics and Probability for Engineers, section 9-5 (semiconductor
    # fallout, H0: p = 0.05 vs H1: p < 0.05, alpha = 0.05): with true p = 0.03 and n = 200,
    # beta = 1 - Phi[(0.05 - 0.03 - 1.645 sqrt(0.05(0.95)/200)) / sqrt(0.03(0.97)/200)] = 0.67;
    # n = [(1.645 sqrt(0.05(0.95)) + 1.28 sqrt(0.03(0.97))) / (0.03 - 0.05)]^2 = 832 for beta = 0.10.
    res = power("one-proportion", p0=0.05, p1=0.03, n=200, alternative="less")
    assert 1 - res.power == pytest.approx(0.67, abs=0.005)
    n = power("one-proportion", p0=0.05, p1=0.03, power=0.9, alternative="less").n
    z_a, z_b = 1.6448536269514722, 1.2815515655446004
    assert n == pytest.approx(
        ((z_a * math.sqrt(0.05 * 0.95) + z_b * math.sqrt(0.03 * 0.97)) / 0.02) ** 2, rel=1e-9
    )
    assert round(n) in (832, 833)


def test_poisson_rate_power_matches_statsmodels():
    # statsmodels 0.15 stats.rates.power_poisson_diff_2indep(0.128, 0.093, nobs1=1895.62) -> power 0.8999994
    # (its normal approximation of the difference of two Poisson rates, an independent implementation)
    res = power("poisson-rate", rate1=0.128, rate2=0.093, power=0.9)
    assert res.n == pytest.approx(1895.62, abs=0.01)
    assert power("poisson-rate", rate1=0.128, rate2=0.093, n=1895.62).power == pytest.approx(
        0.8999993643, rel=1e-6
    )
    assert res.to_dict()["rate2"] == pytest.approx(0.093)
    assert "1,896" in res.conclusion


def test_power_result_shape_and_errors():
    d = power("two-sample-t", delta=1, power=0.9).to_dict()
    assert d["solve_for"] == "n" and {
        "n",
        "power",
        "delta",
        "alpha",
        "n_rounded",
        "actual_power",
    } <= set(d)
    with pytest.raises(InputError, match="exactly two"):
        power("two-sample-t", n=20)
    with pytest.raises(InputError, match="exactly two"):
        power("two-sample-t", n=20, delta=1, power=0.8)
    with pytest.raises(UnknownNameError):
        power("three-sample-t", n=10, delta=1)
    with pytest.raises(InputError, match="p1"):
        power("two-proportions", n=10, p2=0.4)
    with pytest.raises(InputError, match="groups"):
        power("anova", n=10, delta=1)
