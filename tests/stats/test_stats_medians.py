"""Sign confidence intervals for medians (Minitab's nonlinear interpolation) and Mood's test.

Reference: Minitab 21 help, 1-Sample Sign, "Interpret the key results" (%Chromium, n = 12,
median 17.7): (17.5, 18.1) achieved 85.40% at positions (4, 9); (17.4263, 18.7632) at 95.00%
by interpolation; (17.4, 19) achieved 96.14% at positions (3, 10). The sample below has those
order statistics (the interval depends on nothing else).

Difference of two medians (Mood's median test with two levels; Minitab's help: "When there are
only two factor levels, Minitab displays a 95% two-sample confidence interval for the
difference between the two population medians"): Bonett & Price (2002), checked against the
printed examples of statpsych (D. G. Bonett's R package), ci.median2 and ci.median help pages:
  ci.median2(.05, y1, y2), y1 = 32.1 ... 29.2, y2 = 36.8 ... 48.4 -> Median1-Median2 -8.85,
  SE 4.494993, LL -17.66002, UL -0.0399751; integer data -> -8.5, SE 4.316291, LL -16.95977,
  UL -0.04022524; ci.median(.05, y) (19 values) -> Estimate 20.7, SE 4.292277.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sixsigma.errors import InputError
from sixsigma.stats import groups, median_ci, mood_median
from sixsigma.stats.medians import median_difference_ci, median_se

CHROMIUM_LIKE = [16.9, 17.2, 17.4, 17.5, 17.6, 17.7, 17.7, 17.9, 18.1, 19.0, 19.4, 20.1]


def test_sign_interval_matches_minitab_example():
    lo, hi, level = median_ci(CHROMIUM_LIKE, 0.95)
    assert lo == pytest.approx(17.4263, abs=5e-5)
    assert hi == pytest.approx(18.7632, abs=5e-5)
    assert level == 0.95
    # the two bracketing order-statistic intervals and their achieved levels
    lo, hi, level = median_ci(CHROMIUM_LIKE, 1 - 158 / 4096)  # exactly gamma_3 = 96.14%
    assert (lo, hi) == (17.4, 19.0)
    _, _, achieved = median_ci(CHROMIUM_LIKE, 0.8540)
    assert achieved == pytest.approx(0.8540, abs=1e-4)


def test_small_sample_gives_range_with_achieved_level():
    lo, hi, level = median_ci([3.0, 1.0, 2.0, 5.0, 4.0], 0.95)
    assert (lo, hi) == (1.0, 5.0)
    assert level == pytest.approx(1 - 2 / 32)  # 93.75%, Minitab's "less than 95%" case


def test_mood_median_carries_per_level_intervals():
    rng = np.random.default_rng(5)
    df = pd.DataFrame(
        {"y": np.r_[rng.normal(10, 1, 25), rng.normal(12, 1, 30)], "g": ["a"] * 25 + ["b"] * 30}
    )
    res = mood_median(df, "y", "g")
    assert groups.mood_median is mood_median  # one implementation, both import paths
    g = res.groups.set_index("group")
    for lab in ("a", "b"):
        lo, hi, _ = median_ci(df.loc[df["g"] == lab, "y"], 0.95)
        assert g.loc[lab, "ci_lo"] == lo and g.loc[lab, "ci_hi"] == hi
        assert lo < g.loc[lab, "median"] < hi


Y1 = [32.1, 39.8, 26.3, 35.0, 43.1, 27.0, 40.9, 37.4, 34.0, 29.2]
Y2 = [36.8, 44.0, 47.1, 42.7, 49.0, 39.6, 46.2, 31.6, 33.1, 48.4]


def test_median_difference_matches_statpsych_ci_median2():
    d = median_difference_ci(Y1, Y2)
    assert d["estimate"] == pytest.approx(-8.85, abs=1e-12)
    assert d["se"] == pytest.approx(4.494993, abs=5e-7)
    assert d["ci"][0] == pytest.approx(-17.66002, abs=5e-6)
    assert d["ci"][1] == pytest.approx(-0.0399751, abs=5e-8)
    # the help page's integer example
    d = median_difference_ci(
        [32, 39, 26, 35, 43, 27, 40, 37, 34, 29], [36, 44, 47, 42, 49, 39, 46, 31, 33, 48]
    )
    assert d["estimate"] == -8.5
    assert d["se"] == pytest.approx(4.316291, abs=5e-7)
    assert d["ci"] == pytest.approx((-16.95977, -0.04022524), abs=5e-6)


def test_median_se_matches_statpsych_ci_median():
    y = [30.2, 20.4, 15.1, 10.2, 10.5, 60.8, 20.8, 25.0, 20.7, 30.9, 10.8, 5.1, 50.9, 40.0,
         20.9, 10.8, 0, 20.5, 50.8]  # fmt: skip
    assert median_se(y) == pytest.approx(4.292277, abs=5e-7)


def test_mood_median_two_levels_reports_the_difference():
    df = pd.DataFrame({"y": Y1 + Y2, "g": ["a"] * 10 + ["b"] * 10})
    diff = mood_median(df, "y", "g", confidence=0.9).extra["difference"]
    assert diff["estimate"] == pytest.approx(-8.85)
    assert diff["confidence"] == 0.9
    assert diff["ci"] == pytest.approx(median_difference_ci(Y1, Y2, 0.9)["ci"])
    assert "median a - b = -8.850 (90% CI" in mood_median(df, "y", "g", confidence=0.9).conclusion
    assert "difference" not in mood_median({"a": Y1, "b": Y2, "c": Y1}).extra
    with pytest.raises(InputError, match="at least 2 values"):
        median_difference_ci([1.0], Y2)
