"""Missing values are reported, not dropped silently: capability's input (issue 13)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from sixsigma.capability import capability

REF = Path(__file__).resolve().parents[1] / "reference-data"


def test_capability_reports_the_missing_values_it_drops():
    # qcc 3.0 piston rings, Phase I (125 values): process.capability(qcc(diameter[1:25, ],
    # type = "xbar"), spec.limits = c(73.95, 74.05)); expected values in
    # tests/reference-data/expected/cap_pistonrings_lsl73.95_usl74.05_notarget.json
    exp = json.loads((REF / "expected" / "cap_pistonrings_lsl73.95_usl74.05_notarget.json").read_text())
    d = pd.read_csv(REF / "qcc_pistonrings.csv")
    piston = d[d["trial"]].reset_index(drop=True)
    gap = pd.DataFrame({"sample": [piston["sample"].iloc[0]], "diameter": [float("nan")]})
    with_gap = pd.concat([piston[["sample", "diameter"]], gap], ignore_index=True)
    res = capability(with_gap, value="diameter", subgroup="sample", lsl=exp["lsl"],
                     usl=exp["usl"], historical_sigma=exp["std_dev"], check_stability=False)
    assert res.n == exp["n"] == 125
    assert res.mean == pytest.approx(exp["center"], rel=1e-14)
    assert res.sigma_overall == pytest.approx(exp["overall_std_dev"], rel=1e-12)
    row = res.checks.set_index("name").loc["missing values"]
    assert row["status"] == "warn" and "1 missing value(s) dropped; 125 analysed" in row["message"]
    clean = capability(piston, value="diameter", subgroup="sample", lsl=exp["lsl"],
                       usl=exp["usl"], historical_sigma=exp["std_dev"], check_stability=False)
    assert "missing values" not in set(clean.checks["name"])
