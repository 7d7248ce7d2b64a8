"""Equal-variance tests against R's documented examples (bartlett.test, var.test) and
car::leveneTest (median = Brown-Forsythe, mean = Levene)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from sixsigma.errors import InputError, UnknownNameError
from sixsigma.stats import equal_variances

DATA = Path(__file__).parent / "data"


@pytest.fixture
def sprays():
    return pd.read_csv(DATA / "InsectSprays.csv")


def test_bartlett_help_page(sprays):
    # ?bartlett.test: bartlett.test(count ~ spray, data = InsectSprays)
    # -> Bartlett's K-squared = 25.96, df = 5, p-value = 9.085e-05
    res = equal_variances(sprays, "count", "spray", method="bartlett")
    assert res.statistic == pytest.approx(25.9598, abs=5e-5)
    assert res.df == 5
    assert res.p_value == pytest.approx(9.085e-05, rel=5e-4)
    assert res.reject


def test_brown_forsythe_and_levene(sprays):
    # car 3.1-1: leveneTest(count ~ spray, data = InsectSprays) (center = median)
    # -> F value 3.8214 on 5 and 66 df, Pr(>F) 0.004223
    bf = equal_variances(sprays, "count", "spray")
    assert bf.test.startswith("Brown-Forsythe")
    assert bf.statistic == pytest.approx(3.8214, abs=5e-5)
    assert bf.df == (5.0, 66.0)
    assert bf.p_value == pytest.approx(0.004223, abs=5e-7)
    # leveneTest(..., center = mean) -> F 6.4554, Pr(>F) 6.104e-05
    lev = equal_variances(sprays, "count", "spray", method="levene")
    assert lev.statistic == pytest.approx(6.4554, abs=5e-5)
    assert lev.p_value == pytest.approx(6.104e-05, rel=5e-4)


def test_f_test_matches_var_test():
    # R: var.test(extra ~ group, data = sleep) -> F = 0.79834, num df = 9, denom df = 9,
    # p-value = 0.7427, 95% CI 0.198297 3.214123, ratio of variances 0.7983426
    sleep = pd.read_csv(DATA / "sleep.csv")
    res = equal_variances(sleep, "extra", "group", method="f")
    assert res.statistic == pytest.approx(0.7983426, abs=5e-8)
    assert res.df == (9.0, 9.0)
    assert res.p_value == pytest.approx(0.7427, abs=5e-5)
    assert res.ci == pytest.approx((0.198297, 3.214123), abs=5e-7)
    assert res.estimate == res.statistic


def test_variance_errors(sprays):
    with pytest.raises(UnknownNameError):
        equal_variances(sprays, "count", "spray", method="cochran")
    with pytest.raises(InputError, match="found 6 groups"):
        equal_variances(sprays, "count", "spray", method="f")
    with pytest.raises(InputError, match="one-sided"):
        equal_variances(sprays, "count", "spray", alternative="less")
