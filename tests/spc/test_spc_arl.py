"""Average run lengths against R's spc 0.6.7 (R 4.2.2) and qcc 3.0 (calls cited)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from sixsigma.errors import InputError, UnknownNameError
from sixsigma.spc import arl

REF = Path(__file__).resolve().parents[1] / "reference-data"
MU = [0.0, 0.5, 1.0, 2.0]
CONVERGED = 1e-10  # spc's values are converged to < 1e-12 (same r -> same nodes)


@pytest.mark.parametrize(
    "kw, want",
    [
        # sapply(c(0, .5, 1, 2), function(m) xewma.arl(0.2, 3, m, sided="two"))
        (
            dict(lam=0.2, L=3),
            [559.87407510687945, 44.127404840546014, 10.83587919688766, 3.8008545949483419],
        ),
        # sapply(c(0, .5, 1, 2), function(m) xewma.arl(0.1, 2.7, m, sided="two"))
        (
            dict(lam=0.1, L=2.7),
            [368.99373398058754, 28.190539620468961, 9.7300116222552262, 4.1785875792724383],
        ),
        # sapply(c(0, .5, 1, 2), function(m) xewma.arl(0.2, 3, m, hs=0.5, sided="two"))
        (
            dict(lam=0.2, L=3, headstart=0.5),
            [559.29007288111541, 42.827746190000624, 10.100440709200521, 3.4236955463931698],
        ),
    ],
)
def test_ewma_arl_spc(kw, want):
    a = arl("ewma", MU, **kw)
    np.testing.assert_allclose(a.curve["arl"], want, rtol=CONVERGED)
    np.testing.assert_array_equal(a.curve["shift"], MU)


@pytest.mark.parametrize(
    "kw, want",
    [
        # sapply(c(0, .5, 1, 2), function(m) xcusum.arl(0.5, 4, m, sided="two"))
        (
            dict(cusum_k=0.5, h=4),
            [167.68378881362094, 26.630203088869393, 8.3831318704951592, 3.3427701294298511],
        ),
        # sapply(c(0, .5, 1, 2), function(m) xcusum.arl(0.5, 5, m, sided="two"))
        (
            dict(cusum_k=0.5, h=5),
            [465.44350603211961, 37.996143189366599, 10.375969921593621, 4.0088710610310763],
        ),
        # sapply(c(0, .5, 1, 2), function(m) xcusum.arl(0.5, 4, m, hs=2, sided="two"))
        (
            dict(cusum_k=0.5, h=4, headstart=2),
            [148.69564999062268, 20.063961936481714, 5.2868862148919078, 2.0143748896937241],
        ),
    ],
)
def test_cusum_arl_spc(kw, want):
    a = arl("cusum", MU, **kw)
    np.testing.assert_allclose(a.curve["arl"], want, rtol=CONVERGED)


def test_converged_against_more_nodes():
    # xewma.arl(0.2, 3, 0, sided="two", r=80) = 559.87407510691833 and
    # xcusum.arl(0.5, 4, 0, sided="two", r=60) = 167.68378881361588: the defaults (40 / 30
    # nodes) are converged to ~1e-12, and so are more nodes here
    np.testing.assert_allclose(
        arl("ewma", 0, nodes=80).curve["arl"], [559.87407510691833], rtol=1e-10
    )
    np.testing.assert_allclose(
        arl("cusum", 0, nodes=60).curve["arl"], [167.68378881361588], rtol=1e-10
    )


def test_shewhart_arl_matches_qcc_oc_curve():
    # occurves_xbar_pistonrings.json (ocCurves.xbar, nsigmas = 3): ARL for size 1 at each shift
    e = json.loads((REF / "expected" / "occurves_xbar_pistonrings.json").read_text())
    a = arl("shewhart", e["shift"], k=3)
    want = [row[0] for row in e["arl"]]
    np.testing.assert_allclose(a.curve["arl"], want, rtol=1e-10)
    assert abs(a.curve["arl"].iloc[0] - 370.3983473449564) < 1e-9
    assert "370.4 points on average between false alarms" in a.summary()
    assert a.to_dict()["parameters"] == {"k": 3}


def test_bad_input():
    with pytest.raises(UnknownNameError):
        arl("xbar", 1)
    with pytest.raises(InputError, match="lambda"):
        arl("ewma", 1, lam=1.5)
    with pytest.raises(InputError, match="headstart"):
        arl("cusum", 1, headstart=5)
    with pytest.raises(InputError, match="finite"):
        arl("shewhart", [np.nan])
