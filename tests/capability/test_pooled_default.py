"""The within-subgroup sigma defaults to Minitab's pooled standard deviation (issue 12).

Minitab, Capability Analysis (Normal), Methods and formulas, "Pooled standard deviation":
sigma_within = Sp / c4(d), Sp = sqrt(sum_i sum_j (x_ij - xbar_i)^2 / sum_i (n_i - 1)),
d = sum_i (n_i - 1) + 1, c4(d) = sqrt(2 / (d - 1)) Gamma(d / 2) / Gamma((d - 1) / 2); and
"Cp confidence interval bounds": nu = sum(n_i - 1) for the pooled SD, nu = N - 1 for the
average moving range (span 2), Cpk by Bissell's formula with the same nu.

The expected values below are computed in the test from the raw data with numpy and the
gamma function (math.lgamma), not with the package's constants, and the pooled SD is also
checked against qcc 3.0's ``sd.xbar(std.dev = "RMSDF")`` output, which is the same formula.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
from cap_refs import REF, load_expected, load_reference
from scipy import special

from sixsigma.capability import capability
from sixsigma.cli.app import main

SPEC = dict(lsl=73.95, usl=74.05)


def _c4(m: float) -> float:
    """c4 for m observations: sqrt(2 / (m - 1)) Gamma(m / 2) / Gamma((m - 1) / 2)."""
    return math.sqrt(2.0 / (m - 1)) * math.exp(math.lgamma(m / 2) - math.lgamma((m - 1) / 2))


def _minitab_pooled(x: np.ndarray, g: np.ndarray) -> tuple[float, float]:
    """(Sp / c4(d), sum(n_i - 1)) by Minitab's formula, straight from the data."""
    df = pd.DataFrame({"x": x, "g": g})
    dev2 = (df["x"] - df.groupby("g")["x"].transform("mean")) ** 2
    nu = float((df.groupby("g").size() - 1).sum())
    sp = math.sqrt(dev2.sum() / nu)
    return sp / _c4(nu + 1), nu


def _chi2_q(p: float, nu: float) -> float:
    """Chi-square quantile from the regularised incomplete gamma inverse (2 P^-1(nu/2, p))."""
    return 2.0 * float(special.gammaincinv(nu / 2.0, p))


@pytest.fixture(scope="module")
def piston() -> pd.DataFrame:
    d = load_reference("qcc_pistonrings")
    return d[d["trial"]].reset_index(drop=True)


def test_c4_helper_matches_montgomery_appendix_vi():
    # Montgomery, Introduction to SQC, Appendix VI: c4(5) = 0.9400, c4(10) = 0.9727,
    # c4(25) = 0.9896 -- the hand-written c4 above is the textbook constant.
    assert _c4(5) == pytest.approx(0.9400, abs=5e-5)
    assert _c4(10) == pytest.approx(0.9727, abs=5e-5)
    assert _c4(25) == pytest.approx(0.9896, abs=5e-5)


def test_default_with_subgroups_is_minitab_pooled_sd_and_df(piston):
    x, g = piston["diameter"].to_numpy(), piston["sample"].to_numpy()
    sigma, nu = _minitab_pooled(x, g)
    assert nu == 100  # 25 subgroups of 5
    # qcc 3.0 sd.xbar(pistonrings[1:25, ], std.dev = "RMSDF") = 0.00988754721015943
    rmsdf = load_expected("sd_estimators_pistonrings")["equal_sizes"]["RMSDF"]
    assert sigma == pytest.approx(rmsdf, rel=1e-12)

    res = capability(piston, value="diameter", subgroup="sample", **SPEC, check_stability=False)
    assert res.sigma_method == "pooled"
    assert res.sigma_within == pytest.approx(sigma, rel=1e-12)
    assert res.within_df == nu

    # Cp and its interval (Minitab): Cp sqrt(chi2_{a/2, nu} / nu) .. Cp sqrt(chi2_{1-a/2, nu} / nu)
    cp = (SPEC["usl"] - SPEC["lsl"]) / (6 * sigma)
    assert res.value("cp") == pytest.approx(cp, rel=1e-12)
    lo, hi = (cp * math.sqrt(_chi2_q(p, nu) / nu) for p in (0.025, 0.975))
    assert res.ci("cp") == pytest.approx([lo, hi], rel=1e-9)
    # Cpk (Minitab, Bissell): Cpk -/+ z_{0.975} sqrt(1 / (9 N) + Cpk^2 / (2 nu))
    mean = x.mean()
    cpk = min(mean - SPEC["lsl"], SPEC["usl"] - mean) / (3 * sigma)
    z = math.sqrt(2.0) * float(special.erfinv(0.95))
    half = z * math.sqrt(1 / (9 * x.size) + cpk**2 / (2 * nu))
    assert res.value("cpk") == pytest.approx(cpk, rel=1e-12)
    assert res.ci("cpk") == pytest.approx([cpk - half, cpk + half], rel=1e-9)
    # overall indices keep nu = N - 1
    pp = (SPEC["usl"] - SPEC["lsl"]) / (6 * x.std(ddof=1))
    plo = pp * math.sqrt(_chi2_q(0.025, 124) / 124)
    assert res.ci("pp")[0] == pytest.approx(plo, rel=1e-9)


def test_unequal_subgroup_sizes_pool_by_degrees_of_freedom():
    d = load_reference("qcc_pistonrings")
    out = np.array([9, 10, 30, 35, 45, 64, 65, 74, 75, 85, 99, 100]) - 1  # qcc's selection
    d = d.drop(index=out)
    d = d[d["sample"] <= 25]
    x, g = d["diameter"].to_numpy(), d["sample"].to_numpy()
    sigma, nu = _minitab_pooled(x, g)
    # qcc 3.0 sd.xbar(diameter[-out, ], std.dev = "RMSDF") = 0.010139476725939482
    rmsdf = load_expected("sd_estimators_pistonrings")["unequal_sizes"]["RMSDF"]
    assert sigma == pytest.approx(rmsdf, rel=1e-12)
    res = capability(d, value="diameter", subgroup="sample", **SPEC, check_stability=False)
    assert res.sigma_within == pytest.approx(sigma, rel=1e-12)
    assert res.within_df == nu == x.size - 25


def test_singleton_subgroup_adds_nothing_to_the_pooled_sd(piston):
    # A subgroup of one value has no within deviation: it adds 0 to both sums (n_i - 1 = 0).
    extra = pd.DataFrame({"diameter": [74.2], "sample": [99], "trial": [True]})
    both = pd.concat([piston, extra], ignore_index=True)
    x, g = both["diameter"].to_numpy(), both["sample"].to_numpy()
    sigma, nu = _minitab_pooled(x, g)
    res = capability(both, value="diameter", subgroup="sample", **SPEC, check_stability=False)
    assert nu == 100 and res.within_df == 100
    assert res.sigma_within == pytest.approx(sigma, rel=1e-12)


def test_named_options_rbar_and_sbar_and_individuals_default(piston):
    x = piston["diameter"].to_numpy()
    mat = x.reshape(25, 5)
    rb = capability(piston, value="diameter", subgroup="sample", **SPEC, sigma_method="rbar",
                    check_stability=False)
    # Montgomery Appendix VI d2(5) = 2.326 (4 digits): R-bar / d2 to the table's precision
    assert rb.sigma_within == pytest.approx(np.ptp(mat, axis=1).mean() / 2.326, rel=5e-5)
    assert rb.within_df == pytest.approx(0.9 * 25 * 4)  # Minitab: 0.9 k (n - 1)
    sb = capability(piston, value="diameter", subgroup="sample", **SPEC, sigma_method="sbar",
                    check_stability=False)
    assert sb.sigma_within == pytest.approx(mat.std(axis=1, ddof=1).mean() / _c4(5), rel=1e-12)
    assert sb.within_df == pytest.approx(0.95 * 25 * 4)  # Minitab's f(5) = 0.95
    # individual values: average moving range / d2(2), d2(2) = 2 / sqrt(pi), nu = N - 1
    ind = capability(x, **SPEC, check_stability=False)
    assert ind.sigma_method == "mr" and ind.within_df == x.size - 1
    assert ind.sigma_within == pytest.approx(
        np.abs(np.diff(x)).mean() * math.sqrt(math.pi) / 2, rel=1e-12
    )
    # the qcc / Montgomery degrees of freedom remain an option
    qcc = capability(piston, value="diameter", subgroup="sample", **SPEC, within_df="n-1",
                     check_stability=False)
    assert qcc.sigma_method == "pooled" and qcc.within_df == 124


def test_cli_default_is_pooled_and_help_says_so(capsys, tmp_path):
    d = pd.read_csv(REF / "qcc_pistonrings.csv")
    path = tmp_path / "p.csv"
    d[d["trial"]].to_csv(path, index=False)
    code = main(["capability", str(path), "--value", "diameter", "--subgroup", "sample",
                 "--lsl", "73.95", "--usl", "74.05", "--distribution", "normal", "--json"])
    out = capsys.readouterr()
    assert code == 0, out.err
    rmsdf = load_expected("sd_estimators_pistonrings")["equal_sizes"]["RMSDF"]
    assert json.loads(out.out)["sigma_within"] == pytest.approx(rmsdf, rel=1e-12)
    assert main(["capability", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.replace("│", " ").split())
    assert "pooled" in text and "default: pooled standard deviation" in text
