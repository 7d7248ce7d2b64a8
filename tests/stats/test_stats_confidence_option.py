"""``confidence=`` (the public option) sets the decision level of the tests that used to take
only ``alpha=``; ``alpha=`` keeps working as 1 - confidence and a disagreeing pair is refused.

Each case uses a data set whose p-value R prints (cited beside it) and two confidence levels on
either side of that p-value, so the decision must flip with ``confidence`` alone.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from sixsigma.errors import InputError
from sixsigma.stats import (
    anova_twoway,
    chi_square_gof,
    chi_square_independence,
    kruskal_wallis,
    mood_median,
    normality,
)

DATA = Path(__file__).parent / "data"


def _flips(run, p_published, rel, strict_conf, loose_conf):
    """Same p at both levels; not rejected at ``strict_conf``, rejected at ``loose_conf``."""
    strict, loose = run(confidence=strict_conf), run(confidence=loose_conf)
    assert strict.p_value == pytest.approx(p_published, rel=rel)
    assert loose.p_value == strict.p_value
    assert strict.alpha == pytest.approx(1 - strict_conf, abs=1e-12) and not strict.reject
    assert loose.alpha == pytest.approx(1 - loose_conf, abs=1e-12) and loose.reject
    assert strict.conclusion != loose.conclusion
    # alpha= is 1 - confidence; the default stays 0.05; both given must agree.
    assert run(alpha=round(1 - strict_conf, 12)).reject is False
    assert run().alpha == 0.05
    assert run(alpha=0.1, confidence=0.9).alpha == pytest.approx(0.1)
    with pytest.raises(InputError, match="disagree"):
        run(alpha=0.05, confidence=0.9)
    with pytest.raises(InputError, match="between 0 and 1"):
        run(confidence=1.5)


def test_normality_confidence():
    # nortest::ad.test(precip): A = 0.99894, p-value = 0.01163 (sprintf: 0.0116317801274504)
    x = pd.read_csv(DATA / "precip.csv")["precip"].to_numpy()
    _flips(lambda **kw: normality(x, **kw), 0.0116317801274504, 1e-10, 0.99, 0.95)


def test_kruskal_wallis_confidence():
    # kruskal.test(Ozone ~ Month, data = airquality): chi-squared = 29.267, df = 4, p-value = 6.901e-06
    aq = pd.read_csv(DATA / "airquality.csv")
    _flips(lambda **kw: kruskal_wallis(aq, "Ozone", "Month", **kw), 6.90071411854678e-06, 1e-9,
           1 - 1e-6, 0.95)


def test_mood_median_confidence_sets_level_and_intervals():
    # ?kruskal.test's x, y, z. By hand: grand median (2.8 + 2.9)/2 = 2.85; counts <= / > it per
    # level are 2/3, 2/2, 3/2; every expected count is 2.5 or 2, so X² = 4 · 0.25/2.5 = 0.4 on
    # df = 2 and p = exp(-0.4/2) = 0.818730753.
    data = {"x": [2.9, 3.0, 2.5, 2.6, 3.2], "y": [3.8, 2.7, 4.0, 2.4], "z": [2.8, 3.4, 3.7, 2.2, 2.0]}
    assert mood_median(data).statistic == pytest.approx(0.4, rel=1e-12)
    _flips(lambda **kw: mood_median(data, **kw), 0.818730753077982, 1e-12, 0.5, 0.1)
    # The per-level median intervals follow the same level, given either way.
    assert mood_median(data, confidence=0.9).extra["median_confidence"] == 0.9
    assert mood_median(data, alpha=0.1).extra["median_confidence"] == 0.9
    assert mood_median(data).extra["median_confidence"] == 0.95


def test_chi_square_independence_confidence():
    # ?chisq.test: M <- as.table(rbind(c(762, 327, 468), c(484, 239, 477))): X-squared = 30.07,
    # df = 2, p-value = 2.954e-07
    m = pd.DataFrame([[762, 327, 468], [484, 239, 477]])
    _flips(lambda **kw: chi_square_independence(table=m, **kw), 2.953589e-07, 1e-6, 1 - 1e-7, 0.95)


def test_chi_square_gof_confidence():
    # By hand (Pearson's X², as chisq.test(c(20, 15, 25))): expected 20 each, X² = (0 + 25 + 25)/20
    # = 2.5 on df = 2, whose tail is exp(-X²/2) = exp(-1.25) = 0.2865048
    _flips(lambda **kw: chi_square_gof(observed=[20, 15, 25], **kw), 0.2865048, 1e-6, 0.95, 0.5)


def test_anova_twoway_confidence():
    # summary(aov(breaks ~ wool * tension, data = warpbreaks)): wool:tension F = 4.189,
    # Pr(>F) = 0.021044 (the headline p-value of the result)
    wb = pd.read_csv(DATA / "warpbreaks.csv")
    wb["tension"] = pd.Categorical(wb["tension"], ["L", "M", "H"])
    _flips(lambda **kw: anova_twoway(wb, "breaks", "wool", "tension", **kw), 0.021044, 1e-4,
           0.99, 0.95)
