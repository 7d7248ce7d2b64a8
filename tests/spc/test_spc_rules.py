"""Special-cause tests on constructed sequences (Minitab's definitions of tests 1-8, the
presets and the Anhøj run-chart rules), plus property tests against a point-by-point
reading of the definitions."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sixsigma.errors import InputError, UnknownNameError
from sixsigma.spc import control_chart
from sixsigma.spc import rules as R


def fire(values, test, K=None, sigma=1.0, center=0.0, k=3.0, segments=None):
    """Indices (0-based) where ``test`` fails, with side, for values around centre 0, sigma 1."""
    x = np.asarray(values, float)
    s = np.broadcast_to(np.asarray(sigma, float), x.shape)
    c = np.full(x.size, center)
    spec = R.TestSpec({test: R.DEFAULT_K[test] if K is None else K})
    res = R.evaluate(x, c, s, c - k * s, c + k * s, spec, segments)[test]
    return {int(i): int(res[i]) for i in np.flatnonzero(res)}


# A stable sequence (no test fires): small, irregular, both sides, never long runs.
STABLE = [0.3, 1.4, -0.5, -1.3, 0.6, 0.2, -0.8, 1.1, -0.1, -0.4] * 4


@pytest.mark.parametrize("test", range(1, 9))
def test_stable_series_fires_nothing(test):
    assert fire(STABLE, test) == {}


def test_1_beyond_limits_including_edges():
    x = [3.5, 0, 0.5, 3.0, -0.2, -3.0001]
    # exactly on the limit (3.0) is not beyond; both series edges fire
    assert fire(x, 1) == {0: 1, 5: -1}


def test_1_with_variable_limits_uses_each_points_sigma():
    x = [2.5, 2.5, -2.5]
    sig = [0.8, 1.0, 0.8]  # limits +/-2.4, +/-3, +/-2.4
    assert fire(x, 1, sigma=sig) == {0: 1, 2: -1}


def test_2_nine_on_one_side_from_the_first_point():
    x = [0.5] * 10 + [-0.2, 0.3]
    assert fire(x, 2) == {8: 1, 9: 1}
    # 8 in a row is not enough; a point on the centre line breaks the run
    assert fire([0.5] * 8 + [-0.1], 2) == {}
    assert fire([-0.5] * 4 + [0.0] + [-0.5] * 5, 2) == {}
    assert fire([-0.5] * 9, 2) == {8: -1}  # last point of the series


def test_3_six_increasing_or_decreasing_at_the_end():
    x = [0, -1, -0.5, 0, 0.2, 0.4, 0.9]  # 6 increasing points: indices 1..6
    assert fire(x, 3) == {6: 1}
    assert fire([0, 1, 0.8, 0.6, 0.4, 0.2, 0.0, -0.1], 3) == {6: -1, 7: -1}
    assert fire([0, 0.1, 0.2, 0.2, 0.3, 0.4, 0.5], 3) == {}  # a tie breaks the trend
    assert fire([0, 0.1, 0.2, 0.3, 0.4], 3) == {}  # 5 is not enough


def test_4_fourteen_alternating():
    alt = [(-1) ** i * 0.5 for i in range(14)]
    assert fire(alt, 4) == {13: 2}
    assert fire(alt[:13], 4) == {}
    # 0.0 then 0.5 is a step up, then down...: 15 alternating points fire at the 14th and 15th
    assert fire([0.0] + alt, 4) == {13: 2, 14: 2}


def test_5_two_of_three_beyond_2_sigma_same_side():
    assert fire([2.5, 0, 2.1], 5) == {2: 1}
    assert fire([2.5, 2.5, 0, 0], 5) == {1: 1}  # edge: window of the first points
    assert fire([2.5, -2.5, 0], 5) == {}  # opposite sides
    assert fire([2.5, 0, 0, 2.5], 5) == {}  # 2 of 4 is not 2 of 3
    assert fire([-2.2, 0, -2.3], 5) == {2: -1}
    # the point that completes the pattern must itself be beyond (Minitab marks it)
    assert fire([2.5, 2.5, 0.5], 5) == {1: 1}


def test_6_four_of_five_beyond_1_sigma_same_side():
    assert fire([1.5, 1.2, 0.2, 1.1, 1.3], 6) == {4: 1}
    assert fire([1.5, 0.2, -1.2, 1.1, 1.3], 6) == {}  # 3 of 5 above
    assert fire([-1.5, -1.2, -1.1, -1.3], 6) == {3: -1}  # edge: first 4 points


def test_5_and_6_with_variable_sigma():
    # 1.9 is beyond 2 sigma when sigma = 0.9 but not when sigma = 1
    assert fire([1.9, 0, 1.9], 5, sigma=[0.9, 1, 0.9]) == {2: 1}
    assert fire([1.9, 0, 1.9], 5, sigma=1.0) == {}
    assert fire([0.9, 0.9, 0.9, 0.9], 6, sigma=[0.8, 0.8, 0.8, 0.8]) == {3: 1}


def test_7_fifteen_within_1_sigma():
    x = [0.5, -0.5] * 7 + [0.2]
    assert fire(x, 7) == {14: 2}
    assert fire(x[:14], 7) == {}
    # with variable sigma, a point outside its own 1-sigma zone breaks the run
    sig = [1.0] * 15
    sig[7] = 0.4
    assert fire(x, 7, sigma=sig) == {}


def test_8_eight_beyond_1_sigma_either_side():
    x = [1.5, -1.5, 1.2, -1.8, 1.1, -1.1, 2.0, -2.5, 0.1]
    assert fire(x, 8) == {7: 2}
    assert fire(x[:7], 8) == {}


def test_custom_k():
    assert fire([0.5] * 7, 2, K=7) == {6: 1}
    assert fire([0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6], 3, K=7) == {6: 1}


def test_runs_restart_at_stage_boundaries():
    x = [0.5] * 12
    seg = np.array([0] * 6 + [1] * 6)
    assert fire(x, 2, segments=seg) == {}
    assert fire(x, 2) == {8: 1, 9: 1, 10: 1, 11: 1}
    assert fire([2.5, 2.5, 2.5], 5, segments=np.array([0, 1, 1])) == {2: 1}


def test_every_test_a_point_fails_is_listed():
    x = np.r_[STABLE[:10], [1.2] * 8, [3.5]]
    ch = control_chart("imr", value=x, mean=0.0, sigma=1.0, tests="nelson")
    last = ch.points["tests"].iloc[-1]
    assert last == [1, 2, 6, 8]  # beyond 3 sigma, 9 above, 4 of 5 > 1 sigma, 8 beyond 1 sigma


# ------------------------------------------------------------------ presets and parsing
def test_presets():
    allowed = set(range(1, 9))
    assert R.resolve_tests("minitab", allowed, "imr").k == {1: 3.0}
    assert R.resolve_tests("nelson", allowed, "imr").k == {
        1: 3.0,
        2: 9,
        3: 6,
        4: 14,
        5: 2,
        6: 4,
        7: 15,
        8: 8,
    }
    assert R.resolve_tests("western-electric", allowed, "imr").k == {1: 3.0, 2: 8, 5: 2, 6: 4}
    assert R.resolve_tests("mdc", allowed, "imr").k == {1: 3.0, 2: 7, 3: 7, 5: 2}
    assert R.resolve_tests("all", {1, 2, 3, 4}, "p").numbers == [1, 2, 3, 4]
    assert R.resolve_tests("nelson", {1, 2, 3, 4}, "p").numbers == [1, 2, 3, 4]
    assert R.resolve_tests("1,2,5", allowed, "imr").k == {1: 3.0, 2: 9, 5: 2}
    assert R.resolve_tests([2], allowed, "imr", test_k={2: 7}).k == {2: 7}
    assert R.resolve_tests([1], allowed, "imr", default_k1=2.0).k == {1: 2.0}


def test_test_errors():
    with pytest.raises(InputError, match="test 5 is not available on a p chart"):
        control_chart("p", count=[1, 2, 3], size=[10, 10, 10], tests=[5])
    with pytest.raises(InputError, match="numbered 1-8"):
        R.resolve_tests([9 + 3], set(range(1, 9)), "imr")
    with pytest.raises(UnknownNameError, match="valid test presets are"):
        R.resolve_tests("westernish", set(range(1, 9)), "imr")
    with pytest.raises(InputError, match="K must be a whole number"):
        R.resolve_tests({2: 1.5}, set(range(1, 9)), "imr")


def test_only_test_1_on_ewma_and_cusum_and_1_4_on_secondary():
    x = np.r_[STABLE, STABLE]
    assert control_chart("ewma", value=x, tests="nelson").tests == [1]
    assert control_chart("cusum", value=x, tests="all").tests == [1]
    ch = control_chart("imr", value=x, tests="nelson")
    assert ch.tests == list(range(1, 9)) and ch.secondary.tests == [1, 2, 3, 4]
    with pytest.raises(InputError, match="not available on a ewma chart"):
        control_chart("ewma", value=x, tests=[2])


# ------------------------------------------------------------------ Anhøj run-chart rules
def test_anhoj_limits_by_hand():
    # n = 24 useful points: longest-run limit round(log2(24) + 3) = round(7.585) = 8;
    # crossings limit qbinom(0.05, 23, 0.5): P(X <= 7) = (1 + 23 + 253 + 1771 + 8855 + 33649
    # + 100947 + 245157) / 2^23 = 390656 / 8388608 = 0.0466 < 0.05 and P(X <= 8) =
    # 880970 / 8388608 = 0.105 >= 0.05, so the limit is 8 (Anhøj & Olesen 2014, Table 1).
    x = np.r_[[1.0] * 9, [-1.0] * 15]  # one run of 9 above, then 15 below; 1 crossing
    ch = control_chart("run", value=x, center=0.0)
    a = ch.parameters["anhoj"][0]
    assert (a["n_useful"], a["run_limit"], a["crossings_limit"]) == (24, 8, 8)
    assert (a["longest_run"], a["crossings"]) == (15, 1)
    assert sorted(ch.signals["test"]) == [9, 9, 10]
    assert ch.points["tests"].map(lambda t: 9 in t).all()  # both runs are longer than 8
    # n = 10: limits 6 and 2 (round(6.32) = 6; qbinom(0.05, 9, 0.5) = 2 since P(X <= 1) =
    # 10/512 = 0.0195 and P(X <= 2) = 46/512 = 0.0898)
    y = np.array([1, -1, 1, -1, 1, -1, 1, -1, 1, -1], float)
    r = control_chart("run", value=y, center=0.0)
    assert (r.parameters["anhoj"][0]["run_limit"], r.parameters["anhoj"][0]["crossings_limit"]) == (
        6,
        2,
    )
    assert r.signals.empty and r.in_control


def test_run_chart_median_skips_points_on_it():
    x = [1, 2, 3, 4, 5, 3, 3, 2, 4, 1, 5]
    ch = control_chart("run", value=x)
    assert ch.points["center"].iloc[0] == 3.0
    assert ch.parameters["anhoj"][0]["n_useful"] == 8
    assert np.isnan(ch.points["ucl"]).all()


# ------------------------------------------------------------------ properties
def naive(x, c, s, lcl, ucl, t, K):
    """Point-by-point reading of Minitab's definitions (slow, obviously correct)."""
    n = len(x)
    out = []
    for i in range(n):
        hit = False
        if t == 1:
            hit = x[i] > ucl[i] or x[i] < lcl[i]
        elif t == 2 and i >= K - 1:
            w = range(i - K + 1, i + 1)
            hit = all(x[j] > c[j] for j in w) or all(x[j] < c[j] for j in w)
        elif t == 3 and i >= K - 1:
            w = range(i - K + 2, i + 1)
            hit = all(x[j] > x[j - 1] for j in w) or all(x[j] < x[j - 1] for j in w)
        elif t == 4 and i >= K - 1:
            d = [x[j] - x[j - 1] for j in range(i - K + 2, i + 1)]
            hit = all(d[j] * d[j - 1] < 0 for j in range(1, len(d)))
        elif t in (5, 6):
            z = 2 if t == 5 else 1
            w = range(max(0, i - K), i + 1)
            up = sum(x[j] - c[j] > z * s[j] for j in w)
            dn = sum(x[j] - c[j] < -z * s[j] for j in w)
            hit = (x[i] - c[i] > z * s[i] and up >= K) or (x[i] - c[i] < -z * s[i] and dn >= K)
        elif t == 7 and i >= K - 1:
            hit = all(abs(x[j] - c[j]) < s[j] for j in range(i - K + 1, i + 1))
        elif t == 8 and i >= K - 1:
            hit = all(abs(x[j] - c[j]) > s[j] for j in range(i - K + 1, i + 1))
        out.append(hit)
    return np.array(out)


values = st.lists(
    st.floats(-4, 4, allow_nan=False).map(lambda v: round(v, 2)), min_size=1, max_size=60
)


@settings(max_examples=60, deadline=None)
@given(values, st.lists(st.floats(0.5, 1.5), min_size=60, max_size=60))
def test_vectorised_tests_match_the_definitions(x, sig):
    x = np.array(x)
    s = np.array(sig[: x.size])
    c = np.zeros(x.size)
    spec = R.TestSpec(dict(R.DEFAULT_K))
    res = R.evaluate(x, c, s, c - 3 * s, c + 3 * s, spec)
    for t, K in spec.k.items():
        np.testing.assert_array_equal(
            res[t] != 0,
            naive(x, c, s, c - 3 * s, c + 3 * s, t, int(K) if t > 1 else K),
            err_msg=f"test {t}",
        )


@settings(max_examples=40, deadline=None)
@given(values.filter(lambda v: len(v) >= 3), st.floats(0.1, 100), st.floats(-1e3, 1e3))
def test_tests_invariant_under_affine_change_of_units(x, a, b):
    x = np.array(x)
    base = control_chart("imr", value=x, mean=0.0, sigma=1.0, tests="nelson")
    scaled = control_chart("imr", value=a * x + b, mean=b, sigma=a, tests="nelson")
    # rounding can move a point that sits exactly on a zone boundary; skip those draws
    if np.any(np.isclose(np.abs(x) % 1.0, 0.0)):
        return
    assert base.points["tests"].tolist() == scaled.points["tests"].tolist()
    np.testing.assert_allclose(scaled.points["ucl"], a * 3 + b, rtol=1e-12)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.floats(-50, 50, allow_nan=False), min_size=3, max_size=80).filter(
        lambda v: np.ptp(v) > 1e-6 and np.any(np.diff(v) != 0)
    )
)
def test_limits_scale_with_the_data_and_no_nan_leaks(x):
    x = np.array(x)
    ch = control_chart("imr", value=x)
    ch2 = control_chart("imr", value=10 * x + 5)
    assert np.isfinite(ch.points[["center", "lcl", "ucl", "sigma"]].to_numpy()).all()
    np.testing.assert_allclose(ch2.sigma, 10 * ch.sigma, rtol=1e-9)
    np.testing.assert_allclose(ch2.points["center"], 10 * ch.points["center"] + 5, rtol=1e-9)
    assert ch.points["lcl"].iloc[0] < ch.points["center"].iloc[0] < ch.points["ucl"].iloc[0]


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**31 - 1), st.floats(0.001, 0.6))
def test_attribute_limits_are_clamped_and_test_1_means_outside(seed, p):
    rng = np.random.default_rng(seed)
    n = rng.integers(20, 400, size=30)
    x = rng.binomial(n, p)
    if x.sum() in (0, n.sum()):
        return
    ch = control_chart("p", count=x, size=n, tests="all")
    pts = ch.points
    assert (
        (pts["lcl"] >= 0)
        & (pts["lcl"] <= pts["center"])
        & (pts["center"] <= pts["ucl"])
        & (pts["ucl"] <= 1)
    ).all()
    outside = (pts["value"] > pts["ucl"]) | (pts["value"] < pts["lcl"])
    assert (pts["tests"].map(lambda t: 1 in t) == outside).all()
    assert not pts[["center", "lcl", "ucl", "sigma"]].isna().any().any()


def test_math_helpers_match():
    # run_length and window_count on a small example, by hand
    f = np.array([1, 1, 0, 1, 1, 1, 0], bool)
    assert R.run_length(f).tolist() == [1, 2, 0, 1, 2, 3, 0]
    assert R.window_count(f, 3).tolist() == [1, 2, 2, 2, 2, 3, 2]
    assert math.isclose(R.DEFAULT_K[1], 3.0)
