"""Sign confidence intervals for medians (Minitab's nonlinear interpolation) and Mood's test.

Reference: Minitab 21 help, 1-Sample Sign, "Interpret the key results" (%Chromium, n = 12,
median 17.7): (17.5, 18.1) achieved 85.40% at positions (4, 9); (17.4263, 18.7632) at 95.00%
by interpolation; (17.4, 19) achieved 96.14% at positions (3, 10). The sample below has those
order statistics (the interval depends on nothing else).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sixsigma.stats import median_ci, mood_median
from sixsigma.stats.groups import mood_median as plain_mood

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
    base = plain_mood(df, "y", "g")
    assert res.statistic == base.statistic and res.p_value == base.p_value
    g = res.groups.set_index("group")
    for lab in ("a", "b"):
        lo, hi, _ = median_ci(df.loc[df["g"] == lab, "y"], 0.95)
        assert g.loc[lab, "ci_lo"] == lo and g.loc[lab, "ci_hi"] == hi
        assert lo < g.loc[lab, "median"] < hi
