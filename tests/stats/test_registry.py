"""The test registry: tests by name, one vocabulary, checked against R's printed output."""

from __future__ import annotations

import pandas as pd
import pytest

from sixsigma import stats
from sixsigma.errors import InputError, SixSigmaError
from sixsigma.stats import registry

# R's `sleep` data (Student 1908), as printed by `sleep` in R.
SLEEP = pd.DataFrame({
    "extra": [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0,
              1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4],
    "group": ["1"] * 10 + ["2"] * 10,
})


def test_welch_t_by_name_matches_r_sleep_example():
    # R ?t.test: t.test(extra ~ group, data = sleep)
    # t = -1.8608, df = 17.776, p-value = 0.07939; 95 percent CI -3.3654832 0.2054832
    res = stats.run("two-sample-t", SLEEP, value="extra", group="group", groups=["1", "2"])
    assert res.statistic == pytest.approx(-1.8608, abs=5e-5)
    assert res.df == pytest.approx(17.776, abs=5e-4)
    assert res.p_value == pytest.approx(0.07939, abs=5e-6)
    assert res.ci == pytest.approx((-3.3654832, 0.2054832), abs=5e-7)
    # alpha= is the compatibility spelling of confidence = 1 - alpha
    same = stats.run("two_sample_t", SLEEP, value="extra", group="group", groups=["1", "2"],
                     alpha=0.05)
    assert same.to_dict() == res.to_dict()


def test_poisson_rate_underscore_alias_matches_r():
    # R ?poisson.test: poisson.test(137, 24.19893)
    # event rate 5.661407, 95 percent CI 4.753125 6.692709, p-value < 2.2e-16
    res = stats.run("poisson_rate", counts=[137], exposures=[24.19893])
    assert res.estimate == pytest.approx(5.661407, abs=5e-7)
    assert res.ci == pytest.approx((4.753125, 6.692709), abs=5e-7)
    assert res.p_value < 2.2e-16


def test_fisher_2x2_from_summarized_events_matches_r_tea_tasting():
    # R ?fisher.test, TeaTasting = matrix(c(3, 1, 1, 3)): two-sided p-value = 0.4857;
    # alternative = "greater": p-value = 0.2429
    table = registry.fisher_table([3, 1], [4, 4], ["milk", "tea"])
    assert table.to_numpy().tolist() == [[3, 1], [1, 3]]
    assert list(table.index) == ["milk", "tea"]
    two = stats.run("fisher-exact", events=[3, 1], trials=[4, 4])
    assert two.p_value == pytest.approx(0.4857, abs=5e-5)
    greater = stats.run("fisher-exact", events=[3, 1], trials=[4, 4], alternative="greater")
    assert greater.p_value == pytest.approx(0.2429, abs=5e-5)
    with pytest.raises(InputError, match="two of each"):
        registry.fisher_table([3, 1, 2], [4, 4, 4])


def test_bad_names_and_options_say_what_to_give():
    with pytest.raises(SixSigmaError, match="did you mean 'two-sample-t'"):
        stats.run("two-sample-tt", SLEEP)
    with pytest.raises(InputError, match="takes no option 'sigma'.*its options: .*equal_var"):
        stats.run("two-sample-t", SLEEP, value="extra", group="group", sigma=1.0)
    with pytest.raises(InputError, match="disagree"):
        stats.run("one-sample-t", SLEEP, value="extra", alpha=0.05, confidence=0.9)
    with pytest.raises(InputError, match="needs --sigma"):
        stats.run("one-sample-z", SLEEP, value="extra")
    with pytest.raises(InputError, match="needs a FILE"):
        stats.run("anova", None, value="extra", group="group")


def test_tests_lists_every_name_with_minitab_and_r():
    table = stats.tests()
    assert tuple(table["name"]) == registry.TEST_NAMES
    assert table["minitab"].str.len().min() > 0 and table["r"].str.len().min() > 0
    row = table.set_index("name").loc["two-sample-t"]
    assert row["defaults"] == {"confidence": 0.95, "alternative": "two-sided",
                               "equal_var": False, "mu": 0.0}
    assert "t.test" in row["r"] and row["minitab"] == "2-Sample t"


def test_cli_names_copy_the_registry():
    from sixsigma.cli import _names

    assert _names.TEST_NAMES == registry.TEST_NAMES


def test_compare_takes_value_and_group_and_the_former_names():
    new = stats.compare(SLEEP, value="extra", group="group")
    old = stats.compare(SLEEP, y="extra", x="group")
    assert new.to_dict() == old.to_dict()
    with pytest.raises(InputError, match="not both"):
        stats.compare(SLEEP, value="extra", y="group")


def test_missing_values_are_dropped_and_counted_or_refused():
    # one extra row with no value: the rest is R's sleep data, so R's Welch t still holds
    with_gap = pd.concat([SLEEP, pd.DataFrame({"extra": [None], "group": ["2"]})],
                         ignore_index=True)
    res = stats.run("two-sample-t", with_gap, value="extra", group="group", groups=["1", "2"])
    assert res.statistic == pytest.approx(-1.8608, abs=5e-5)
    assert res.to_dict()["dropped"] == 1 and "1 missing value(s) dropped" in res.summary()
    clean = stats.run("two-sample-t", SLEEP, value="extra", group="group", groups=["1", "2"])
    assert clean.extra["dropped"] == 0 and "dropped" not in clean.summary()
    with pytest.raises(InputError, match="1 missing value"):
        stats.run("two-sample-t", with_gap, value="extra", group="group", missing="raise")
    with pytest.raises(InputError, match="'drop' or 'raise'"):
        stats.run("two-sample-t", SLEEP, value="extra", group="group", missing="keep")


def test_paired_missing_pair_dropped_matches_r():
    # R ?t.test: t.test(extra ~ group, data = sleep, paired = TRUE) (R < 4.4 formula form)
    # t = -4.0621, df = 9, p-value = 0.002833; 95 percent CI -2.4598858 -0.7001142
    wide = pd.DataFrame({"before": list(SLEEP["extra"][:10]) + [1.0],
                         "after": list(SLEEP["extra"][10:]) + [None]})
    res = stats.run("paired-t", wide, before="before", after="after")
    assert res.statistic == pytest.approx(-4.0621, abs=5e-5)
    assert res.p_value == pytest.approx(0.002833, abs=5e-7)
    assert res.ci == pytest.approx((-2.4598858, -0.7001142), abs=5e-7)
    assert res.extra["dropped"] == 1


def test_result_needs_only_what_it_has():
    from sixsigma.stats.result import TestResult

    res = TestResult(test="demo", conclusion="nothing to conclude")
    d = res.to_dict()
    assert d["p_value"] is None and d["reject"] is None and d["alpha"] == 0.05
    assert d["summary"] == res.summary() and "Conclusion: nothing to conclude" in d["summary"]


def test_record_models_share_one_base():
    from sixsigma import records
    from sixsigma.dmaic import models as dmaic_models
    from sixsigma.finite import FINITE_FIELDS
    from sixsigma.rootcause import models as rc_models

    assert dmaic_models.Window is rc_models.Window is records.Window
    assert issubclass(dmaic_models.Record, records.RecordModel)
    assert issubclass(rc_models.Record, records.RecordModel)
    for key, value in FINITE_FIELDS.items():
        assert records.RecordModel.model_config[key] == value
    link = rc_models.DataLink(metric="manual_cpo", test="poisson-rate")
    assert link.test == "poisson_rate"
