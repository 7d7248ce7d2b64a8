"""Variation and assurance icons on constructed control charts.

Rules: NHS England / NHS Improvement, "Making Data Count: Strengthening Your Decisions" (SPC
icons), as implemented by the NHS-R Community's NHSRplotthedots (ptd_calculate_point_type,
ptd_calculate_assurance_type): the variation icon judges the latest point (beyond a limit >
7-point trend > 2 of 3 beyond 2 sigma > 7 on one side, a 2-of-3 point must itself be beyond
2 sigma), the assurance icon compares the target with the latest limits (strictly).

Most charts use historical parameters (mean 10, sigma 1), so the limits are exactly 7 and 13
and every expected icon can be read off by hand.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sixsigma.errors import InputError
from sixsigma.reporting.icons import assurance_icon, icons, variation_icon
from sixsigma.spc import control_chart

STABLE = [10, 10.5, 9.5, 10.2, 9.8, 10.4, 9.6, 10.1, 9.9, 10.3, 9.7, 10.0]


def chart(values, **kw):
    kw.setdefault("mean", 10.0)
    kw.setdefault("sigma", 1.0)
    return control_chart("imr", list(values), tests="mdc", **kw)


def test_stable_process_is_common_cause_for_either_direction():
    c = chart(STABLE)
    assert c.signals.empty
    for better in ("up", "down"):
        code, test, pattern = variation_icon(c, better)
        assert (code, test, pattern) == ("common_cause", None, "")


@pytest.mark.parametrize(("last", "better", "expected"), [
    (13.5, "up", "improvement_high"), (13.5, "down", "concern_high"),
    (6.5, "up", "concern_low"), (6.5, "down", "improvement_low"),
])
def test_latest_point_beyond_a_limit(last, better, expected):
    code, test, _ = variation_icon(chart([*STABLE, last]), better)
    assert (code, test) == (expected, 1)


def test_an_old_signal_does_not_colour_the_latest_point():
    # a point beyond the UCL early on, the latest point is ordinary
    c = chart([10, 13.6, 9.5, 10.2, 9.8, 10.4, 9.6, 10.1])
    assert not c.signals.empty
    assert variation_icon(c, "up")[0] == "common_cause"


def test_seven_in_a_row_on_one_side_is_a_shift():
    low = [9.6, 9.5, 9.7, 9.4, 9.8, 9.6, 9.5]  # 7 below the centre, within 1 sigma, no trend
    c = chart([*STABLE, *low])
    assert variation_icon(c, "down")[:2] == ("improvement_low", 2)
    assert variation_icon(c, "up")[:2] == ("concern_low", 2)
    # six in a row is not enough (MDC: 7)
    assert variation_icon(chart([*STABLE, *low[:6]]), "up")[0] == "common_cause"


def test_seven_point_trend():
    rising = [9.0, 9.3, 9.6, 9.9, 10.2, 10.5, 10.8]  # 7 increasing points crossing the centre
    c = chart([*STABLE, *rising])
    assert variation_icon(c, "up")[:2] == ("improvement_high", 3)
    assert variation_icon(c, "down")[:2] == ("concern_high", 3)
    # six increasing points are not a trend
    assert variation_icon(chart([*STABLE, *rising[1:]]), "up")[0] == "common_cause"


def test_trend_takes_precedence_over_a_shift_on_the_other_side():
    # 7 points above the centre (a shift up) that are also 7 decreasing (a trend down):
    # NHSRplotthedots ranks the trend first, so the side is low.
    falling = [11.9, 11.6, 11.3, 11.0, 10.7, 10.4, 10.1]
    c = chart([*STABLE[:-1], 9.0, *falling])
    tests = set(c.signals["test"])
    assert {2, 3} <= tests
    assert variation_icon(c, "down")[:2] == ("improvement_low", 3)
    assert variation_icon(c, "up")[:2] == ("concern_low", 3)


def test_two_of_three_beyond_two_sigma_needs_the_latest_point_beyond():
    # latest point beyond +2 sigma with one of the two before it: special cause, high
    c = chart([*STABLE, 12.5, 10.2, 12.4])
    assert variation_icon(c, "up")[:2] == ("improvement_high", 5)
    # the two points beyond 2 sigma come first; the latest (10.2) is not itself beyond it
    c = chart([*STABLE, 12.5, 12.4, 10.2])
    assert 5 in set(c.signals["test"])
    assert variation_icon(c, "up")[0] == "common_cause"


def test_no_direction_gives_the_neutral_icon():
    assert variation_icon(chart([*STABLE, 13.5]), None)[0] == "neutral"
    assert icons(chart([*STABLE, 13.5]), None, target=12).assurance is None


@pytest.mark.parametrize(("target", "better", "expected"), [
    (6.0, "up", "pass"), (14.0, "up", "fail"), (10.0, "up", "hit_and_miss"),
    (6.0, "down", "fail"), (14.0, "down", "pass"), (10.0, "down", "hit_and_miss"),
    # on a limit: not outside it (strict comparisons)
    (7.0, "up", "hit_and_miss"), (13.0, "up", "hit_and_miss"),
    (7.0, "down", "hit_and_miss"), (13.0, "down", "hit_and_miss"),
    (None, "up", None),
])
def test_assurance_from_the_latest_limits(target, better, expected):
    assert assurance_icon(chart(STABLE), better, target) == expected


def test_assurance_uses_the_latest_points_limits_when_they_vary():
    # Laney P' with a small last subgroup: its limits are wider than the others'.
    counts = np.array([50, 52, 48, 51, 49, 50, 53, 47, 50, 20])
    sizes = np.array([1000] * 9 + [400])
    c = control_chart("laney-p", count=counts, size=sizes, tests="mdc")
    last = c.points.iloc[-1]
    mid_ucl = float(c.points["ucl"].iloc[0])
    assert last["ucl"] > mid_ucl
    target = (mid_ucl + float(last["ucl"])) / 2  # outside the early limits, inside the latest
    assert assurance_icon(c, "up", target) == "hit_and_miss"
    assert assurance_icon(c, "up", float(last["ucl"]) + 1e-6) == "fail"


def _halves(first_mean: float, second_mean: float):
    a = [first_mean + (0.5 if i % 2 == 0 else -0.5) for i in range(12)]  # ends at -0.5
    b = [second_mean + (-0.5 if i % 2 == 0 else 0.5) for i in range(12)]  # starts at -0.5
    return a + b


def test_matches_nhsrplotthedots_reference_cases():
    """NHSRplotthedots tests (ptd_create_plotly icons): a series whose second half moves to
    +5 with target -3 gives H/P when increase is better and H/F when decrease is; moved to -5
    with target 3 it gives L/F and L/P. The I chart here estimates its limits: mean 2.5 and
    MR-bar = (22 x 1 + 5) / 23, sigma = MR-bar / d2(2), d2(2) = 2 / sqrt(pi)."""
    up = control_chart("imr", _halves(0.0, 5.0), tests="mdc")
    sigma = (27 / 23) / (2 / math.sqrt(math.pi))
    last = up.points.iloc[-1]
    assert last["center"] == pytest.approx(2.5)
    assert last["lcl"] == pytest.approx(2.5 - 3 * sigma)
    assert last["ucl"] == pytest.approx(2.5 + 3 * sigma)
    a = icons(up, "up", target=-3)
    assert (a.variation, a.assurance) == ("improvement_high", "pass")
    b = icons(up, "down", target=-3)
    assert (b.variation, b.assurance) == ("concern_high", "fail")
    down = control_chart("imr", _halves(0.0, -5.0), tests="mdc")
    c = icons(down, "up", target=3)
    assert (c.variation, c.assurance) == ("concern_low", "fail")
    d = icons(down, "down", target=3)
    assert (d.variation, d.assurance) == ("improvement_low", "pass")


def test_result_summary_and_json():
    res = icons(chart([*STABLE, 13.5]), "down", target=14)
    assert res.variation == "concern_high" and res.assurance == "pass"
    text = res.summary()
    assert "Special-cause concern (higher)" in text and "consistently met" in text
    d = res.to_dict()
    assert d["variation"] == "concern_high" and d["assurance"] == "pass" and d["test"] == 1
    assert d["lcl"] == 7.0 and d["ucl"] == 13.0


def test_bad_direction_is_a_clear_error():
    with pytest.raises(InputError, match="better must be 'up' or 'down'"):
        variation_icon(chart(STABLE), "sideways")


@settings(max_examples=40, deadline=None)
@given(target=st.floats(-5, 25, allow_nan=False), shift=st.floats(-4, 4, allow_nan=False))
def test_assurance_mirrors_with_the_direction(target, shift):
    """Swapping the better direction swaps pass and fail and keeps hit-and-miss."""
    c = chart([v + shift for v in STABLE], mean=10 + shift)
    up, down = assurance_icon(c, "up", target), assurance_icon(c, "down", target)
    assert {"pass": "fail", "fail": "pass", "hit_and_miss": "hit_and_miss"}[up] == down
    lcl, ucl = c.points["lcl"].iloc[-1], c.points["ucl"].iloc[-1]
    assert (lcl, ucl) == (pytest.approx(7 + shift), pytest.approx(13 + shift))
    assert (up == "hit_and_miss") == (lcl <= target <= ucl)
    assert (up == "pass") == (target < lcl)


def test_the_deciding_rule_carries_the_label_the_chart_shows():
    # Eight points above a phase-I centre line of 10, inside the limits: Making Data Count's
    # shift (7 in a row) decides. Its number is 2 inside the rule engine, but a reader sees
    # "MDC shift" on the chart, in the summary and in the icon's JSON, never a bare "2".
    import numpy as np
    import pandas as pd

    from sixsigma.reporting.icons import icons
    from sixsigma.spc import control_chart

    base = np.tile([9.0, 11.0, 10.0, 9.5, 10.5], 4)
    x = np.r_[base, np.full(8, 10.6) + np.tile([0.05, -0.05], 4)]
    ch = control_chart("imr", pd.DataFrame({"v": x}), value="v", tests="mdc", phase1=20)
    i = icons(ch, "up")
    assert i.variation == "improvement_high" and i.to_dict()["rule"] == "MDC shift"
