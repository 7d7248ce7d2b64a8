"""One meaning per test label (issue 12): Minitab's numbers 1-8 mean Minitab's tests only.

Minitab (Control Charts > Options > Tests; Nelson 1984) numbers test 2 as 9 points in a row
on one side and test 3 as 6 in a row increasing or decreasing. NHS England's Making Data
Count ("SPC rules", 2019) uses 7 points on one side (shift) and 7 in a row up or down
(trend); the Western Electric Handbook (1956) uses 8 on one side. Those rules must carry their
own labels, on the markers, in the signals table, in the summary and in ``--json``.
"""

from __future__ import annotations

import numpy as np
import pytest

from sixsigma.spc import control_chart
from sixsigma.spc.rules import DEFAULT_K, PRESETS, resolve_tests, rule_set_text
from sixsigma.spc.rules import test_label as label_of

# 12 points alternating around 10 (last above), then 8 points below (7 would be an MDC shift; 8 < 9, so
# not Minitab's test 2), then 12 more alternating (first above): only the run of 8 is a pattern.
UP_LAST = np.array([9.5, 10.5] * 6)
UP_FIRST = np.array([10.5, 9.5] * 6)
SEQ = np.concatenate([UP_LAST, np.full(8, 9.8), UP_FIRST])


def _marker_text(fig) -> list[str]:
    out = []
    for tr in fig.data:
        if tr.name == "Signal" and tr.text is not None:
            out += list(tr.text)
    return out


def test_mdc_shift_is_not_labelled_as_minitab_test_2():
    mdc = control_chart("imr", SEQ, tests="mdc")
    shift = mdc.signals[mdc.signals["test"] == 2]
    assert len(shift) == 1 and shift["rule"].iloc[0] == "MDC shift"
    # MDC: 7 or more on one side; the pattern covers the whole run of 8
    assert len(shift["labels"].iloc[0]) == 8
    # the Minitab / Nelson preset on the same data: 8 in a row is not test 2 (K = 9)
    nelson = control_chart("imr", SEQ, tests="nelson")
    assert not (nelson.signals["test"] == 2).any()
    # a marker on the chart never reads "2" for the MDC rule
    texts = _marker_text(mdc.figure())
    assert texts and all("MDC shift" in t for t in texts)
    assert not any(part == "2" for t in texts for part in t.split(","))
    # the summary, the JSON and the figure name the rule set
    assert "Making Data Count rules: 1, 2" not in mdc.summary()
    assert "(Making Data Count rules: 1, MDC shift, MDC trend, 5)" in mdc.summary()
    assert "- MDC shift: 8 points in a row below the centre line" in mdc.summary()
    d = mdc.to_dict()
    assert d["rules"] == "Making Data Count rules: 1, MDC shift, MDC trend, 5"
    assert {s["rule"] for s in d["signals"]} == {"MDC shift"}
    notes = [a.text for a in mdc.figure().layout.annotations]
    assert "Making Data Count rules: 1, MDC shift, MDC trend, 5" in notes


def test_minitab_test_2_keeps_its_number():
    seq = np.concatenate([UP_LAST, np.full(9, 9.8), UP_FIRST])
    ch = control_chart("imr", seq, tests="nelson")
    two = ch.signals[ch.signals["test"] == 2]
    assert len(two) == 1 and two["rule"].iloc[0] == "2" and len(two["labels"].iloc[0]) == 9
    assert "2" in ",".join(_marker_text(ch.figure())).split(",")
    assert ch.to_dict()["rules"].startswith("Nelson rules (Minitab tests 1-8): 1, 2, 3")


@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_every_numeric_label_is_minitabs_test_with_minitabs_k(preset):
    spec = resolve_tests(preset, set(range(1, 11)), "imr")
    for t, k in spec.k.items():
        lab = spec.label(t)
        if lab.isdigit():
            assert int(lab) == t and (t == 1 or k == DEFAULT_K[t])
        else:
            assert not lab.split(" ")[0].isdigit() or "(K=" in lab


def test_labels_of_each_rule_set():
    assert label_of(2, 7, "mdc") == "MDC shift"
    assert label_of(3, 7, "mdc") == "MDC trend"
    assert label_of(5, 2, "mdc") == "5"  # MDC's 2 of 3 beyond 2 sigma is Minitab's test 5
    assert label_of(2, 8, "western-electric") == "WE shift"
    assert label_of(2, 7, None) == "2 (K=7)"  # Minitab's test 2 with the user's own K
    assert label_of(1, 2.0, "minitab") == "1"  # test 1 is "beyond a limit" at any k
    assert label_of(9, 0, "anhoj") == "Anhøj runs"
    assert label_of(10, 0, "anhoj") == "Anhøj crossings"
    assert rule_set_text(None, {1: 3.0, 2: 9, 5: 2}) == "Minitab tests: 1, 2, 5"
    assert rule_set_text(None, {1: 3.0, 2: 7}) == "custom tests: 1, 2 (K=7)"


def test_run_chart_states_anhoj_rules():
    rng = np.random.default_rng(3)
    x = np.concatenate([rng.normal(0, 1, 12), rng.normal(3, 1, 12)])
    ch = control_chart("run", x)
    assert ch.rules == "Anhøj run-chart rules: Anhøj runs, Anhøj crossings"
    assert set(ch.signals["rule"]) <= {"Anhøj runs", "Anhøj crossings"}
    assert ch.rules in ch.summary()


def test_explicit_k_is_shown_with_its_k():
    ch = control_chart("imr", SEQ, tests={2: 7})
    assert ch.signals["rule"].tolist() == ["2 (K=7)"]
    assert ch.to_dict()["rules"] == "custom tests: 2 (K=7)"
