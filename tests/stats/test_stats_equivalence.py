"""Equivalence tests (TOST) against independent t tests.

Reference values: each one-sided test of Schuirmann's TOST is an ordinary one-sided t test
with a shifted null, so scipy.stats.ttest_1samp / ttest_ind (a separate implementation this
module does not call) give both p-values; the 1 - 2 alpha interval is R's
t.test(..., conf.level = 0.90)$conf.int, checked on R's sleep data against R 4.2.2's printed
Welch interval for t.test(extra ~ group, data = sleep): 95% CI -3.3654832 to 0.2054832 and the
90% interval from scipy's confidence_interval.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats as st

from sixsigma.errors import InputError
from sixsigma.stats import equivalence_one_sample, equivalence_two_sample

DATA = Path(__file__).parent / "data"


@pytest.fixture
def sleep():
    return pd.read_csv(DATA / "sleep.csv")


def test_two_sample_welch_matches_shifted_t_tests(sleep):
    a = sleep.loc[sleep["group"] == 1, "extra"].to_numpy()
    b = sleep.loc[sleep["group"] == 2, "extra"].to_numpy()
    lo, hi = -2.0, 2.0
    res = equivalence_two_sample(sleep, "extra", "group", lower=lo, upper=hi)
    p1 = st.ttest_ind(a, b + lo, equal_var=False, alternative="greater").pvalue
    p2 = st.ttest_ind(a, b + hi, equal_var=False, alternative="less").pvalue
    assert res.tests["p"].tolist() == pytest.approx([p1, p2], rel=1e-10)
    assert res.p_value == pytest.approx(max(p1, p2), rel=1e-10)
    # R: t.test(extra ~ group, data = sleep) -> 95 percent CI -3.3654832 0.2054832, df 17.77647
    r95 = equivalence_two_sample(sleep, "extra", "group", lower=lo, upper=hi, confidence=0.975)
    assert r95.tost_ci == pytest.approx([-3.3654832, 0.2054832], abs=5e-7)
    assert res.df == pytest.approx(17.77647, abs=5e-6)
    ci90 = st.ttest_ind(a, b, equal_var=False).confidence_interval(0.90)
    assert res.tost_ci == pytest.approx([ci90.low, ci90.high], rel=1e-10)
    # Minitab's default 95% "CI for equivalence": [min(0, D_L), max(0, D_U)]
    assert res.ci == pytest.approx((ci90.low, max(0.0, ci90.high)), rel=1e-10)
    assert not res.equivalent and "not shown equivalent" in res.conclusion


def test_two_sample_pooled_and_equivalent(sleep):
    a = sleep.loc[sleep["group"] == 1, "extra"].to_numpy()
    b = sleep.loc[sleep["group"] == 2, "extra"].to_numpy()
    res = equivalence_two_sample(sleep, "extra", "group", lower=-5, upper=5, equal_var=True)
    p1 = st.ttest_ind(a, b - 5, equal_var=True, alternative="greater").pvalue
    p2 = st.ttest_ind(a, b + 5, equal_var=True, alternative="less").pvalue
    assert res.p_value == pytest.approx(max(p1, p2), rel=1e-10)
    assert res.df == 18
    assert res.equivalent and res.conclusion.startswith("equivalent within [-5, 5]")


def test_one_sample_matches_shifted_t_tests():
    x = np.array([99.2, 100.4, 100.1, 99.7, 100.9, 100.3, 99.5, 100.0, 100.6, 99.9, 100.2, 99.8])
    res = equivalence_one_sample(x, target=100, lower=-0.5, upper=0.5)
    p1 = st.ttest_1samp(x, 99.5, alternative="greater").pvalue
    p2 = st.ttest_1samp(x, 100.5, alternative="less").pvalue
    assert res.p_value == pytest.approx(max(p1, p2), rel=1e-10)
    ci = st.ttest_1samp(x, 100).confidence_interval(0.90)
    assert res.tost_ci == pytest.approx([ci.low - 100, ci.high - 100], rel=1e-9, abs=1e-12)
    assert res.ci == pytest.approx((min(0, ci.low - 100), max(0, ci.high - 100)), abs=1e-12)
    assert res.equivalent


def test_limits_must_be_ordered():
    with pytest.raises(InputError, match="lower < upper"):
        equivalence_one_sample([1.0, 2.0, 3.0], lower=1, upper=-1)
    with pytest.raises(InputError, match="both equivalence limits"):
        equivalence_one_sample([1.0, 2.0, 3.0], lower=1)
