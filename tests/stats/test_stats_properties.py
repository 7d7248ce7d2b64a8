"""Invariants that must hold for any data (hypothesis, modest example counts)."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sixsigma.results import jsonable
from sixsigma.stats import mann_whitney, poisson_rate_two, two_proportions, two_sample_t, wilcoxon
from sixsigma.tukey import ptukey

SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
values = st.lists(
    st.floats(-1e3, 1e3, allow_nan=False).map(lambda v: round(v, 2)), min_size=3, max_size=25
)


def _varied(xs):
    return len(set(xs)) > 1


@SETTINGS
@given(values, values, st.floats(-100, 100).map(lambda v: round(v, 1)))
def test_two_sample_t_symmetry_and_shift(a, b, shift):
    if not (_varied(a) or _varied(b)):
        return
    r1 = two_sample_t([a, b])
    r2 = two_sample_t([b, a])
    assert r1.statistic == pytest.approx(-r2.statistic, rel=1e-9, abs=1e-12)
    assert r1.p_value == pytest.approx(r2.p_value, rel=1e-9, abs=1e-15)
    assert 0 <= r1.p_value <= 1
    assert r1.ci[0] <= r1.estimate <= r1.ci[1]
    r3 = two_sample_t([np.add(a, shift), np.add(b, shift)])
    assert r3.statistic == pytest.approx(r1.statistic, rel=1e-6, abs=1e-9)
    json.dumps(jsonable(r1.to_dict()), allow_nan=False)  # no NaN leaks into JSON


@SETTINGS
@given(st.integers(0, 500), st.integers(0, 500), st.floats(10, 1e4), st.floats(10, 1e4))
def test_poisson_ratio_inverts_when_groups_swap(c1, c2, e1, e2):
    if c1 == 0 or c2 == 0:
        return
    a = poisson_rate_two(counts=[c1, c2], exposures=[e1, e2])
    b = poisson_rate_two(counts=[c2, c1], exposures=[e2, e1])
    assert a.estimate == pytest.approx(1 / b.estimate, rel=1e-9)
    assert a.ci[0] == pytest.approx(1 / b.ci[1], rel=1e-6)
    assert a.p_value == pytest.approx(b.p_value, rel=1e-9, abs=1e-300)
    assert a.ci[0] <= a.estimate <= a.ci[1]
    assert a.extra["difference_ci"][0] <= a.extra["difference"] <= a.extra["difference_ci"][1]


@SETTINGS
@given(values, values)
def test_mann_whitney_u_statistics_add_up(a, b):
    r1 = mann_whitney([a, b], exact=False) if len(set(a + b)) > 1 else None
    if r1 is None:
        return
    r2 = mann_whitney([b, a], exact=False)
    assert r1.statistic + r2.statistic == pytest.approx(len(a) * len(b))
    assert r1.p_value == pytest.approx(r2.p_value, rel=1e-9)
    assert r1.ci[0] <= r1.ci[1]


@SETTINGS
@given(values)
def test_wilcoxon_p_in_range_and_ci_ordered(a):
    if all(v == 0 for v in a):
        return
    r = wilcoxon(a)
    assert 0 <= r.p_value <= 1
    if math.isfinite(r.ci[0]):
        assert r.ci[0] <= r.ci[1]


@SETTINGS
@given(st.integers(1, 200), st.integers(1, 200), st.integers(201, 400), st.integers(201, 400))
def test_two_proportions_difference_inside_its_interval(x1, x2, n1, n2):
    r = two_proportions(events=[x1, x2], trials=[n1, n2])
    assert r.ci[0] <= r.estimate <= r.ci[1]
    assert r.extra["fisher_p_value"] <= 1


def test_ptukey_is_a_distribution_function():
    q = np.linspace(0.01, 10, 200)
    for k, df in [(2, 5), (5, 30), (10, 400), (4, 30000)]:
        p = ptukey(q, k, df)
        assert np.all(np.diff(p) >= -1e-12) and p[0] < 0.01 and p[-1] > 0.99
