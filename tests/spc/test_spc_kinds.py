"""The chart-kind registry (sixsigma.spc.kinds) and the stage policy of control_chart.

The statistics of each kind are checked against qcc, Montgomery and Minitab in the other
files of this folder; these tests check what the registry promises: a kind is found by name,
a new kind is one ChartKind (its stage function) and runs through the generic loop, and a
stage too short for limits is refused or, below 20 points, charted with a warning.
"""

from __future__ import annotations

import numpy as np
import pytest

from sixsigma.errors import InputError, UnknownNameError
from sixsigma.spc import KINDS, ChartKind, control_chart
from sixsigma.spc.kinds import LABELS, get_kind


def values(n: int, seed: int = 3) -> np.ndarray:
    return np.random.default_rng(seed).normal(10.0, 1.0, size=n)


# ------------------------------------------------------------------ the registry
def test_every_kind_names_its_secondary_and_tests():
    for name in ("imr", "xbar-r", "xbar-s"):
        spec = get_kind(name)
        assert spec.tests == frozenset(range(1, 9))  # Minitab: all eight tests on I / X-bar
    v = values(30)
    assert control_chart("imr", value=v).secondary.chart == "mr"
    sub = np.repeat(np.arange(10), 3)
    assert control_chart("xbar-r", value=values(30), subgroup=sub).secondary.chart == "r"
    assert control_chart("xbar-s", value=values(30), subgroup=sub).secondary.chart == "s"
    # Minitab offers tests 1-4 on MR / R / S and attribute charts, test 1 on EWMA / CUSUM
    for name in ("mr", "r", "s", "p", "np", "c", "u", "laney-p", "laney-u", "g"):
        assert KINDS[name].tests == frozenset({1, 2, 3, 4}), name
    assert KINDS["ewma"].tests == KINDS["cusum"].tests == frozenset({1})


def test_titles_and_report_labels_come_from_the_kinds():
    ch = control_chart("laney-u", count=[12, 30, 9, 35, 14], size=[100, 120, 110, 150, 100],
                       name="contacts")
    assert ch.title == "Laney U' chart of contacts"
    assert control_chart("imr", value=values(25)).title == "I chart + Moving-range chart"
    # the monthly report's names of its three charts (reporting/sections.py used to own them)
    assert (LABELS["laney-u"], LABELS["laney-p"], LABELS["imr"]) == (
        "Laney U'", "Laney P'", "I-MR (individuals)")


def test_unknown_and_secondary_only_kinds_are_refused():
    with pytest.raises(UnknownNameError, match="chart type"):
        control_chart("xbar-mr", value=values(25))
    with pytest.raises(UnknownNameError, match="chart type"):
        control_chart("mr", value=values(25))  # drawn only under an I chart


def _target_stage(obs, sl, est, P):
    """A toy kind: individuals judged against a given target +/- k sigma (both historical)."""
    x = obs["x"][sl]
    mu, sig = float(P["mean"]), float(P["sigma"])
    full = np.full
    return dict(value=x, center=full(x.size, mu), sigma=full(x.size, sig),
                lcl=full(x.size, mu - P["k"] * sig), ucl=full(x.size, mu + P["k"] * sig),
                stage_sigma=sig)


def test_a_new_kind_is_one_spec(monkeypatch):
    spec = ChartKind(name="target", title="Target chart", label="Target", stage=_target_stage,
                     tests=frozenset({1, 2}), subgroups="refused")
    monkeypatch.setitem(KINDS, "target", spec)
    x = [10.0, 10.5, 9.5, 16.5, 10.0, 11.0, 11.2, 11.1, 11.3, 11.4, 11.2, 11.6, 11.1]
    ch = control_chart("target", value=x, mean=10.0, sigma=2.0, tests=[1, 2], name="aht")
    assert ch.title == "Target chart of aht"
    # 10 +/- 3 * 2 = 4 to 16: point 4 (16.5) is beyond; points 6-13 are 8 in a row above 10,
    # so test 2 with Minitab's K = 9 has not fired yet, and K = 8 (test_k) fires at point 13
    assert ch.points["ucl"].tolist() == [16.0] * len(x)
    assert ch.signals["test"].tolist() == [1]
    assert ch.signals["labels"].tolist() == [[4]]
    ch8 = control_chart("target", value=x, mean=10.0, sigma=2.0, tests=[1, 2], test_k={2: 8})
    assert ch8.signals["test"].tolist() == [1, 2]
    assert ch8.signals["labels"].iloc[1] == list(range(6, 14))
    assert ch.warnings == ()  # historical mean and sigma: nothing estimated, nothing to warn
    with pytest.raises(InputError, match="test 3"):
        control_chart("target", value=x, mean=10.0, sigma=2.0, tests=[3])


# ------------------------------------------------------------------ the stage policy
def test_a_stage_without_enough_points_is_refused():
    stage = ["before"] * 24 + ["after"]
    with pytest.raises(InputError, match=r"stage 'after' has 1 point\(s\).*need at least 2"):
        control_chart("imr", value=values(25), stage=stage)
    with pytest.raises(InputError, match="stage 'after' has 1 point"):
        control_chart("laney-u", count=np.arange(25) + 20, size=np.full(25, 200.0), stage=stage)


def test_a_short_stage_is_charted_with_a_warning():
    stage = ["before"] * 25 + ["after"] * 8
    ch = control_chart("imr", value=values(33), stage=stage)
    assert ch.warnings == (
        "stage 'after': limits estimated from 8 points (fewer than 20) are preliminary; "
        "recompute them when more data is in",
    )
    assert "Note: stage 'after': limits estimated from 8 points" in ch.summary()
    assert "Note:" in ch.to_dict()["summary"]  # --json keeps its keys; the summary says it
    assert list(ch.stages["n_estimate"]) == [25, 8]


def test_the_warning_counts_estimation_points_not_plotted_ones():
    # 30 points, limits from the first 12 (Phase I): preliminary although 30 are drawn
    ch = control_chart("imr", value=values(30), phase1=12)
    assert ch.warnings == ("Limits estimated from 12 points (fewer than 20) are preliminary; "
                           "recompute them when more data is in",)
    assert control_chart("imr", value=values(30)).warnings == ()
    assert control_chart("imr", value=values(20)).warnings == ()  # 20 is enough


def test_no_warning_where_nothing_is_estimated():
    assert control_chart("imr", value=values(8), mean=10.0, sigma=1.0).warnings == ()
    assert control_chart("u", count=[3, 5, 4, 6], size=[100] * 4, center=0.05).warnings == ()
    assert control_chart("run", value=values(8)).warnings == ()  # no limits on a run chart
    # a centre alone does not fix an I chart's limits (sigma is still estimated)
    assert len(control_chart("imr", value=values(8), mean=10.0).warnings) == 1
