"""OC curves against qcc 3.0's ``ocCurves`` (tests/reference-data/expected/occurves_*.json)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sixsigma.errors import InputError
from sixsigma.spc import control_chart, oc_curve

REF = Path(__file__).resolve().parents[1] / "reference-data"
SPECIAL = 1e-10  # pnorm / pbinom / ppois based


def expected(case: str) -> dict:
    return json.loads((REF / "expected" / f"{case}.json").read_text())


def ref(name: str) -> pd.DataFrame:
    return pd.read_csv(REF / f"{name}.csv")


def _arl(values) -> np.ndarray:
    return np.array([np.inf if v == "Infinity" else v for v in values], dtype=float)


def test_oc_xbar_pistonrings():
    # occurves_xbar_pistonrings.json: ocCurves.xbar(qcc(diameter, type="xbar", nsigmas=3))
    # beta[i][j] for shift[i] and size[j]; beta(0) = pnorm(3) - pnorm(-3), ARL 370.398
    e = expected("occurves_xbar_pistonrings")
    ch = control_chart("xbar-r", ref("qcc_pistonrings"), value="diameter", subgroup="sample")
    oc = oc_curve(ch)
    assert oc.variable == "shift"
    m = oc.beta_matrix()
    assert list(m.columns) == e["sizes"]
    np.testing.assert_allclose(m.index, e["shift"], rtol=0, atol=0)
    np.testing.assert_allclose(m.to_numpy(), np.array(e["beta"]), rtol=SPECIAL, atol=1e-15)
    arl = oc.curve.pivot(index="shift", columns="size", values="arl").to_numpy()
    np.testing.assert_allclose(arl, np.array(e["arl"], dtype=float), rtol=SPECIAL)
    assert abs(oc.curve["arl"].iloc[0] - 370.3983473449564) < 1e-9
    assert "370.4" in oc.summary()


def test_oc_p_orangejuice():
    # occurves_p_orangejuice.json: ocCurves(qcc(D[trial], sizes=size[trial], type="p"))
    e = expected("occurves_p_orangejuice")
    oj = ref("qcc_orangejuice")
    oc = oc_curve(control_chart("p", oj[oj["trial"]], count="D", size="size"))
    np.testing.assert_allclose(oc.curve["p"], e["p"], rtol=0, atol=0)
    np.testing.assert_allclose(oc.curve["beta"], e["beta"], rtol=SPECIAL, atol=1e-15)
    np.testing.assert_allclose(oc.curve["arl"], _arl(e["arl"]), rtol=SPECIAL)
    assert oc.size == 50 and oc.to_dict()["curve"][1]["p"] == 0.01


def test_oc_np_matches_p():
    # the np chart's limits are n times the p chart's: the same OC curve (occurves_p_orangejuice)
    e = expected("occurves_p_orangejuice")
    oj = ref("qcc_orangejuice")
    oc = oc_curve(control_chart("np", oj[oj["trial"]], count="D", size="size"))
    np.testing.assert_allclose(oc.curve["beta"], e["beta"], rtol=SPECIAL, atol=1e-15)


def test_oc_c_circuit():
    # occurves_c_circuit.json: ocCurves(qcc(x[trial], sizes=size[trial], type="c"));
    # lambda = 0..ceiling(c-bar + 10 sqrt(c-bar)) = 0..65
    e = expected("occurves_c_circuit")
    c = ref("qcc_circuit")
    oc = oc_curve(control_chart("c", c[c["trial"]], count="x", size="size"))
    assert oc.variable == "lambda"
    np.testing.assert_allclose(oc.curve["lambda"], e["lambda"], rtol=0, atol=0)
    np.testing.assert_allclose(oc.curve["beta"], e["beta"], rtol=SPECIAL, atol=1e-15)
    np.testing.assert_allclose(oc.curve["arl"], _arl(e["arl"]), rtol=SPECIAL)


def test_oc_u_chart_hand_calculation():
    # u_pcmanufact.json (u-bar = 1.93, n = 5 units, LCL 0.0661, UCL 3.7939): beta at lambda = 2
    # = ppois(floor(3.7939 * 5), 10) - ppois(floor(0.0661 * 5 - 1), 10) = ppois(18, 10) - 0;
    # R 4.2.2: ppois(18, 10) = 0.992813495396146
    e = expected("u_pcmanufact")
    oc = oc_curve(control_chart("u", ref("qcc_pcmanufact"), count="x", size="size"), lam=[2.0])
    assert np.floor(e["ucl"][0] * 5) == 18
    np.testing.assert_allclose(oc.curve["beta"], [0.992813495396146], rtol=1e-12)


def test_oc_bad_input():
    dy = ref("qcc_dyedcloth")
    with pytest.raises(InputError, match="equal subgroup sizes"):
        oc_curve(control_chart("u", dy, count="x", size="size"))
    v = ref("qcc_viscosity")
    with pytest.raises(InputError, match="not ewma"):
        oc_curve(control_chart("ewma", v, value="viscosity"))
    with pytest.raises(InputError, match="ControlChart"):
        oc_curve("p")
