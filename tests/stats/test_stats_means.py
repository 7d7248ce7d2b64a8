"""Tests on means against published values (R's documented examples, Montgomery & Runger)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sixsigma.errors import InputError
from sixsigma.stats import one_sample_t, one_sample_z, paired_t, two_sample_t

DATA = Path(__file__).parent / "data"
REF = Path(__file__).resolve().parents[1] / "reference-data"


@pytest.fixture
def sleep():
    return pd.read_csv(DATA / "sleep.csv")


def test_welch_two_sample_t_matches_r_sleep_example(sleep):
    # R 4.2.2, ?t.test example: t.test(extra ~ group, data = sleep)
    # t = -1.8608, df = 17.776, p-value = 0.07939, 95% CI -3.3654832 0.2054832, means 0.75 2.33
    res = two_sample_t(sleep, "extra", "group")
    assert res.test == "2-sample t (Welch)"
    assert res.statistic == pytest.approx(-1.860813467486853, rel=1e-12)
    assert res.df == pytest.approx(17.77647351617849, rel=1e-12)
    assert res.p_value == pytest.approx(0.07939414018735816, rel=1e-10)
    assert res.ci == pytest.approx((-3.3654832307117, 0.2054832307117), rel=1e-10)
    assert res.estimate == pytest.approx(0.75 - 2.33)
    assert res.reject is False
    assert list(res.groups["mean"]) == pytest.approx([0.75, 2.33])


def test_pooled_two_sample_t_matches_r(sleep):
    # R: t.test(extra ~ group, data = sleep, var.equal = TRUE)
    # t = -1.8608, df = 18, p-value = 0.07919, 95% CI -3.363874 0.203874
    res = two_sample_t(sleep, "extra", "group", equal_var=True)
    assert res.df == 18
    assert res.p_value == pytest.approx(0.07918671421593813, rel=1e-10)
    assert res.ci == pytest.approx((-3.3638740322876, 0.2038740322876), rel=1e-10)
    assert res.checks.set_index("name").loc["equal variances", "status"] == "pass"


def test_two_sample_t_from_summaries_equals_raw(sleep):
    g1, g2 = sleep.extra[sleep.group == 1], sleep.extra[sleep.group == 2]
    raw = two_sample_t([g1.to_numpy(), g2.to_numpy()])
    summ = two_sample_t(means=[g1.mean(), g2.mean()], sds=[g1.std(), g2.std()], ns=[10, 10])
    assert summ.statistic == pytest.approx(raw.statistic, rel=1e-12)
    assert summ.p_value == pytest.approx(0.07939414018735816, rel=1e-10)


def test_paired_t_matches_r_sleep_example(sleep):
    # R: with(sleep, t.test(extra[group == 1], extra[group == 2], paired = TRUE))
    # t = -4.0621, df = 9, p-value = 0.002833, 95% CI -2.4598858 -0.7001142, mean diff -1.58
    res = paired_t(before=sleep.extra[:10].to_numpy(), after=sleep.extra[10:].to_numpy())
    assert res.statistic == pytest.approx(-4.062127683382037, rel=1e-12)
    assert res.df == 9
    assert res.p_value == pytest.approx(0.002832890197384, rel=1e-10)
    assert res.ci == pytest.approx((-2.4598857632770, -0.7001142367230), rel=1e-10)
    assert res.estimate == pytest.approx(-1.58)
    assert res.reject
    assert "higher" in res.conclusion  # after (drug 2) is higher than before (drug 1)


def test_one_sample_t_matches_r():
    # R 4.2.2: t.test(sleep$extra[1:10], mu = 0) -> t = 1.3257, df = 9, p-value = 0.2176,
    # 95% CI -0.5297804 2.0297804 (full precision: sprintf("%.15g")).
    x = np.array([0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0])
    res = one_sample_t(x, mu=0)
    assert res.statistic == pytest.approx(1.32571014071382, rel=1e-12)
    assert res.p_value == pytest.approx(0.217597780068449, rel=1e-10)
    assert res.ci == pytest.approx((-0.529780413526232, 2.02978041352623), rel=1e-12)


def test_one_sample_t_one_sided_bound():
    x = np.array([0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0])
    # R 4.2.2: t.test(sleep$extra[1:10], alternative = "greater") -> p-value = 0.1088,
    # 95% CI -0.2870553 Inf
    res = one_sample_t(x, alternative="greater")
    assert res.p_value == pytest.approx(0.108798890034224, rel=1e-10)
    assert res.ci[0] == pytest.approx(-0.287055278729259, rel=1e-12)
    assert res.ci[1] == np.inf


def test_one_sample_z_montgomery_runger_burning_rate():
    # Montgomery & Runger, Applied Statistics and Probability for Engineers, Example 9-2
    # (propellant burning rate): n = 25, xbar = 51.3, sigma = 2, mu0 = 50 -> z0 = 3.25,
    # P = 2[1 - Phi(3.25)] = 0.0012; 95% CI 51.3 +/- 1.96 (2/5).
    res = one_sample_z(mean=51.3, n=25, sigma=2, mu=50)
    assert res.statistic == pytest.approx(3.25, rel=1e-12)
    assert round(res.p_value, 4) == 0.0012
    assert res.ci == pytest.approx((51.3 - 1.959964 * 0.4, 51.3 + 1.959964 * 0.4), rel=1e-6)


def test_groups_order_and_labels_from_reference_data():
    df = pd.read_csv(REF / "cs_handle_times.csv")
    ab = two_sample_t(df, "handle_time_sec", "team", groups=["Alpha", "Bravo"])
    ba = two_sample_t(df, "handle_time_sec", "team", groups=["Bravo", "Alpha"])
    assert ab.estimate == pytest.approx(-ba.estimate)
    assert ab.p_value == pytest.approx(ba.p_value)
    assert "Alpha" in ab.estimate_name and ab.estimate_name.index("Alpha") < ab.estimate_name.index(
        "Bravo"
    )


def test_bad_input_errors():
    df = pd.DataFrame({"y": [1, 2, 3, 4], "g": ["a", "a", "b", "c"]})
    with pytest.raises(InputError, match="found 3 groups"):
        two_sample_t(df, "y", "g")
    with pytest.raises(InputError, match="not found"):
        two_sample_t(df, "nope", "g")
    with pytest.raises(InputError, match="alternative"):
        one_sample_t([1, 2, 3], alternative="sideways")
    with pytest.raises(InputError, match="identical"):
        one_sample_t([2, 2, 2])
    with pytest.raises(InputError, match="sigma"):
        one_sample_z([1, 2, 3], sigma=0)


def test_result_dict_has_the_contract_keys(sleep):
    d = two_sample_t(sleep, "extra", "group").to_dict()
    for key in (
        "test",
        "statistic",
        "df",
        "p_value",
        "estimate",
        "ci",
        "alternative",
        "alpha",
        "reject",
        "effect_size",
        "checks",
        "conclusion",
    ):
        assert key in d
    assert d["alpha"] == 0.05
    assert isinstance(d["checks"], list) and {"name", "status", "message"} <= set(d["checks"][0])
