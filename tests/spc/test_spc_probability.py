"""Probability limits (``confidence=``) against qcc 3.0's ``confidence.level`` results and R.

Each test names its qcc file (tests/reference-data/expected/, the exact R call is inside) or
the base-R call that gives the numbers (R 4.2.2).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sixsigma.cli.app import main
from sixsigma.errors import InputError
from sixsigma.spc import control_chart

REF = Path(__file__).resolve().parents[1] / "reference-data"
EXACT, D2TOL, QTUKEY = 1e-12, 5e-4, 1e-8


def expected(case: str) -> dict:
    return json.loads((REF / "expected" / f"{case}.json").read_text())


def ref(name: str) -> pd.DataFrame:
    return pd.read_csv(REF / f"{name}.csv")


def close(actual, want, rtol, atol=0.0):
    np.testing.assert_allclose(
        np.asarray(actual, float), np.asarray(want, float), rtol=rtol, atol=atol
    )


def flagged(chart, test: int = 1) -> list[int]:
    return [i + 1 for i, t in enumerate(chart.points["tests"]) if test in t]


def pistonrings(phase1_only: bool = False) -> pd.DataFrame:
    df = ref("qcc_pistonrings")
    return df[df["sample"] <= 25] if phase1_only else df


def test_xbar_probability_limits():
    # xbar_pistonrings_phase2_conf099.json: qcc(diameter[1:25,], type="xbar",
    # newdata=diameter[26:40,], confidence.level=0.99): nsigmas = qnorm(0.995) = 2.5758293035489
    e = expected("xbar_pistonrings_phase2_conf099")
    ch = control_chart(
        "xbar-r", pistonrings(), value="diameter", subgroup="sample", phase1=25, confidence=0.99
    )
    close(ch.k, e["nsigmas"], EXACT)
    close(ch.points["center"], e["center_per_point"], EXACT)
    close(ch.points["lcl"], e["lcl"], D2TOL)  # exact d2 vs qcc's 2.326
    close(ch.points["ucl"], e["ucl"], D2TOL)
    assert flagged(ch) == e["violations"]["beyond_limits"] == [35, 37, 38, 39, 40]
    assert ch.parameters["confidence"] == 0.99
    # with qcc's sigma the limits agree to rounding
    ch2 = control_chart(
        "xbar-r",
        pistonrings(),
        value="diameter",
        subgroup="sample",
        phase1=25,
        confidence=0.99,
        sigma=e["std_dev"],
    )
    close(ch2.points["lcl"], e["lcl"], EXACT)
    close(ch2.points["ucl"], e["ucl"], EXACT)


def test_r_chart_probability_limits_qtukey():
    # R_pistonrings_phase1_conf099.json: qcc(diameter[1:25,], type="R", confidence.level=0.99)
    # LCL = qtukey(0.005, 5, 1e100) sigma, UCL = qtukey(0.995, 5, 1e100) sigma
    e = expected("R_pistonrings_phase1_conf099")
    df = pistonrings(phase1_only=True)
    ch = control_chart(
        "xbar-r", df, value="diameter", subgroup="sample", confidence=0.99, sigma=e["std_dev"]
    )
    r = ch.secondary
    close(r.points["lcl"], e["lcl"], QTUKEY)
    close(r.points["ucl"], e["ucl"], QTUKEY)
    assert flagged(r) == e["violations"]["beyond_limits"] == []
    est = control_chart("xbar-r", df, value="diameter", subgroup="sample", confidence=0.99)
    close(est.secondary.points["ucl"], e["ucl"], D2TOL)  # our sigma uses the exact d2


def test_mr_chart_probability_limits():
    # R 4.2.2: qtukey(c(0.005, 0.995), 2, Inf) = 0.008862328075772679, 3.9697452258637229
    v = ref("qcc_viscosity")
    ch = control_chart("imr", v[v["trial"]], value="viscosity", confidence=0.99)
    mr = ch.secondary.points.iloc[1:]
    close(mr["lcl"], 0.008862328075772679 * ch.sigma, QTUKEY)
    close(mr["ucl"], 3.9697452258637229 * ch.sigma, QTUKEY)


def test_s_chart_probability_limits_chi2():
    # S_pistonrings_phase1_conf099.json: qcc(diameter[1:25,], type="S", confidence.level=0.99)
    # limits sigma sqrt(qchisq(c(0.005, 0.995), 4) / 4); sigma = mean(S_i / c4) (c4 exact)
    e = expected("S_pistonrings_phase1_conf099")
    ch = control_chart(
        "xbar-s", pistonrings(True), value="diameter", subgroup="sample", confidence=0.99
    )
    close(ch.sigma, e["std_dev"], EXACT)
    close(ch.secondary.points["lcl"], e["lcl"], 1e-10)
    close(ch.secondary.points["ucl"], e["ucl"], 1e-10)
    close(ch.secondary.points["center"], e["center_per_point"], EXACT)


def test_c_chart_probability_limits_qpois():
    # c_circuit_trial_conf099.json: with(circuit, qcc(x[trial], sizes=size[trial], type="c",
    # confidence.level=0.99)): LCL = qpois(0.005, 19.846) = 9, UCL = qpois(0.995, 19.846) = 32
    e = expected("c_circuit_trial_conf099")
    c = ref("qcc_circuit")
    ch = control_chart("c", c[c["trial"]], count="x", confidence=0.99)
    close(ch.points["lcl"], e["lcl"], 0)
    close(ch.points["ucl"], e["ucl"], 0)
    close(ch.points["center"], e["center_per_point"], EXACT)
    assert flagged(ch) == e["violations"]["beyond_limits"] == [6, 20]


@pytest.mark.parametrize("kind, lo, hi", [("p", 5 / 50, 20 / 50), ("np", 5, 20)])
def test_p_np_probability_limits_qbinom(kind, lo, hi):
    # R 4.2.2: qbinom(c(0.005, 0.995), 50, 0.23133333333333334) = 5, 20 (p-bar of
    # p_orangejuice_trial.json; qcc's limits.p / limits.np use the same qbinom quantiles)
    oj = ref("qcc_orangejuice")
    ch = control_chart(kind, oj[oj["trial"]], count="D", size="size", confidence=0.99)
    close(ch.points["center"].iloc[0] / (50 if kind == "np" else 1), 0.23133333333333334, EXACT)
    close(ch.points["lcl"], [lo] * 30, EXACT)
    close(ch.points["ucl"], [hi] * 30, EXACT)
    assert flagged(ch) == [i + 1 for i, x in enumerate(oj["D"][oj["trial"]]) if x > 20 or x < 5]


def test_u_probability_limits_variable_sizes():
    # R 4.2.2: n <- dyedcloth$size; u <- 1.4232558139534883 (u_dyedcloth.json centre);
    # qpois(0.005, u * n) / n and qpois(0.995, u * n) / n
    n = np.array([10, 8, 13, 10, 9.5, 10, 12, 10.5, 12, 12.5])
    lo_counts = np.array([6, 4, 8, 6, 5, 6, 7, 6, 7, 8])
    hi_counts = np.array([25, 21, 30, 25, 24, 25, 29, 26, 29, 30])
    ch = control_chart("u", ref("qcc_dyedcloth"), count="x", size="size", confidence=0.99)
    close(ch.points["center"], [1.4232558139534883] * 10, EXACT)
    close(ch.points["lcl"], lo_counts / n, EXACT)
    close(ch.points["ucl"], hi_counts / n, EXACT)


def test_confidence_bad_input():
    df = pistonrings(True)
    with pytest.raises(InputError, match="between 0 and 1"):
        control_chart("xbar-r", df, value="diameter", subgroup="sample", confidence=99)
    with pytest.raises(InputError, match="not ewma"):
        control_chart("ewma", df, value="diameter", subgroup="sample", confidence=0.99)


def test_cli_confidence(capsys, tmp_path):
    # c_circuit_trial_conf099.json through `sixsigma chart c --confidence 0.99` (trial rows)
    e = expected("c_circuit_trial_conf099")
    c = ref("qcc_circuit")
    path = tmp_path / "circuit_trial.csv"
    c[c["trial"]].to_csv(path, index=False)
    code = main(["chart", "c", str(path), "--count", "x", "--confidence", "0.99", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    close([p["lcl"] for p in out["points"]], e["lcl"], 0)
    close([p["ucl"] for p in out["points"]], e["ucl"], 0)
    assert [i + 1 for i, p in enumerate(out["points"]) if 1 in p["tests"]] == [6, 20]
    code = main(["chart", "ewma", str(path), "--value", "x", "--confidence", "0.99"])
    assert code == 2 and "probability limits" in capsys.readouterr().err
