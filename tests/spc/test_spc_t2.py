"""Hotelling T^2 charts against qcc 3.0's ``mqcc`` (tests/reference-data/expected/mqcc_*.json)
and Phase II limits against base R (R 4.2.2 calls cited next to the numbers)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sixsigma.cli.app import main
from sixsigma.errors import InputError
from sixsigma.spc import hotelling_t2

REF = Path(__file__).resolve().parents[1] / "reference-data"
EXACT, SPECIAL = 1e-12, 1e-10


def expected(case: str) -> dict:
    return json.loads((REF / "expected" / f"{case}.json").read_text())


def ref(name: str) -> pd.DataFrame:
    return pd.read_csv(REF / f"{name}.csv")


def close(actual, want, rtol, atol=0.0):
    np.testing.assert_allclose(
        np.asarray(actual, float), np.asarray(want, float), rtol=rtol, atol=atol
    )


def test_t2_subgroups_ryan():
    # mqcc_T2_RyanMultivar.json: mqcc(RyanMultivar, type="T2"); 20 subgroups of 4, p = 2,
    # confidence (1 - 0.0027)^2, UCL = p(m-1)(n-1)/(mn-m-p+1) qf(conf, p, mn-m-p+1)
    e = expected("mqcc_T2_RyanMultivar")
    ch = hotelling_t2(ref("qcc_RyanMultivar"), value=["X1", "X2"], subgroup="subgroup")
    assert ch.chart == "t2" and ch.tests == [1]
    close(ch.parameters["confidence"], e["confidence_level"], EXACT)
    close(ch.points["value"], e["statistics"], EXACT)
    close(ch.parameters["mean"], e["center"], EXACT)
    close(ch.parameters["covariance"], e["cov"], EXACT)
    close(ch.points["ucl"], [e["ucl"]] * 20, SPECIAL)
    close(ch.points["lcl"], [e["lcl"]] * 20, 0)
    flagged = [i + 1 for i, t in enumerate(ch.points["tests"]) if 1 in t]
    assert flagged == e["beyond_limits"] == [10, 20]
    assert [s["labels"] for s in ch.to_dict()["signals"]] == [[10], [20]]


def test_t2_individuals_boiler():
    # mqcc_T2single_boiler.json: mqcc(boiler, type="T2.single", confidence.level=0.999);
    # UCL = (m-1)^2/m qbeta(0.999, p/2, (m-p-1)/2), m = 25, p = 8
    e = expected("mqcc_T2single_boiler")
    ch = hotelling_t2(ref("qcc_boiler"), confidence=0.999)
    close(ch.points["value"], e["statistics"], 1e-12)
    close(ch.parameters["mean"], e["center"], EXACT)
    close(ch.parameters["covariance"], e["cov"], EXACT, atol=1e-13)
    close(ch.points["ucl"], [e["ucl"]] * 25, SPECIAL)
    assert [i + 1 for i, t in enumerate(ch.points["tests"]) if 1 in t] == e["beyond_limits"]
    d = ch.to_dict()
    assert set(d) == {"chart", "sigma", "rules", "points", "secondary", "signals", "summary"}
    assert "Hotelling" in ch.summary() and "above the upper control limit at 9" in ch.summary()


def test_t2_phase2_individuals():
    # R 4.2.2: x <- as.matrix(boiler); mahalanobis(x[21:25,], colMeans(x[1:20,]), cov(x[1:20,]))
    # and UCL = 8 * 21 * 19 / (20^2 - 20 * 8) * qf(0.999, 8, 12) (Montgomery 11.3.2, Phase II)
    ch = hotelling_t2(ref("qcc_boiler"), phase1=20, confidence=0.999)
    p2 = ch.points.iloc[20:]
    close(
        p2["value"],
        [
            40.119661145948733,
            11.787801908504685,
            34.972836150478294,
            32.955971334008481,
            22.995981550651432,
        ],
        1e-11,
    )
    close(p2["ucl"], [102.54768570351145] * 5, SPECIAL)
    assert list(ch.points["phase"]) == ["I"] * 20 + ["II"] * 5


def test_t2_phase2_subgroups_limit():
    # R 4.2.2: m <- 15; n <- 4; p <- 2; p*(m+1)*(n-1)/(m*n-m-p+1)*qf((1-0.0027)^2, p, m*n-m-p+1)
    ch = hotelling_t2(ref("qcc_RyanMultivar"), value="X1,X2", subgroup="subgroup", phase1=15)
    close(ch.points["ucl"].iloc[15:], [12.861256769603369] * 5, SPECIAL)


def test_t2_bad_input():
    d = ref("qcc_RyanMultivar")
    with pytest.raises(InputError, match="at least 2 variables"):
        hotelling_t2(d, value=["X1"], subgroup="subgroup")
    with pytest.raises(InputError, match="equal subgroup sizes"):
        hotelling_t2(d.iloc[1:], value=["X1", "X2"], subgroup="subgroup")
    with pytest.raises(InputError, match="no column"):
        hotelling_t2(d, value=["X1", "X9"])
    with pytest.raises(InputError, match="singular"):
        hotelling_t2(d.assign(X3=d["X1"] * 2), value=["X1", "X2", "X3"])


def test_cli_t2(capsys, tmp_path):
    # mqcc_T2_RyanMultivar.json through `sixsigma chart t2 FILE --value X1,X2 --subgroup subgroup`
    e = expected("mqcc_T2_RyanMultivar")
    path = REF / "qcc_RyanMultivar.csv"
    out_html = tmp_path / "t2.html"
    args = ["chart", "t2", str(path), "--value", "X1,X2", "--subgroup", "subgroup"]
    code = main([*args, "--json", "--html", str(out_html)])
    d = json.loads(capsys.readouterr().out)
    assert code == 0 and d["chart"] == "t2" and out_html.exists()
    close([p["value"] for p in d["points"]], e["statistics"], EXACT)
    assert [p["label"] for p in d["points"] if 1 in p["tests"]] == [10, 20]
    assert main(args) == 0
    assert "2 special-cause signals" in capsys.readouterr().out
    assert main(["chart", "t2", str(path), "--value", "X1"]) == 2
    assert "2 or more columns" in capsys.readouterr().err
