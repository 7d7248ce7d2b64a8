"""The monthly report's methods appendix names the rule set and uses the charts' labels
(issue 12: a "2" must not mean Making Data Count's 7-point shift in one place and Minitab's
9-point test 2 in another)."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from sixsigma.spc import control_chart


def test_methods_appendix_labels_mdc_rules_by_name():
    from sixsigma.reporting import sections as S

    ch = control_chart("imr", np.arange(20.0) % 3, tests="mdc")
    slices = [SimpleNamespace(metric="aht", label="AHT", monthly=ch)]
    row = S.methods(SimpleNamespace(sigma=3.0), slices).iloc[0]
    assert row["rules"] == "Making Data Count rules"
    assert row["tests"].startswith("Making Data Count rules — 1: ")
    assert "; MDC shift: 7 points in a row on one side" in row["tests"]
    assert "; MDC trend: 7 points in a row all increasing" in row["tests"]
    assert "; 2: " not in row["tests"] and "; 3: " not in row["tests"]
    assert "; 5: 2 out of 3 points more than 2 sigma" in row["tests"]  # Minitab's test 5
