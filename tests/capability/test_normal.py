"""Normal capability against qcc 3.0 (tests/reference-data/expected/cap_*.json) and the
sigma estimators against qcc's sd.xbar outputs (expected/sd_estimators_pistonrings.json).

qcc's capability uses the X-bar chart's sigma (UWAVE-R with a 3-decimal d2) and n - 1
degrees of freedom for every interval. Passing qcc's sigma as ``historical_sigma`` and
``within_df = n - 1`` makes the definitions identical, so those comparisons are at 1e-12
(closed form) / 1e-10 (normal and chi-square quantiles), as the reference README asks.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from cap_refs import load_expected, load_reference

from sixsigma.capability import capability
from sixsigma.capability.normal import within_sigma
from sixsigma.errors import InputError, UnknownNameError

PISTON_CASES = [
    "cap_pistonrings_lsl73.95_usl74.05_notarget",
    "cap_pistonrings_lsl73.95_usl74.05_target74",
    "cap_pistonrings_lsl73.95_usl74.05_target74.02",
    "cap_pistonrings_lsl73.95_usl74.05_target74_conf090",
    "cap_pistonrings_lsl73.99_usl74.01",
    "cap_pistonrings_lsl73.99_usl74.1",
    "cap_pistonrings_usl_only74.05",
]
QCC_TO_OURS = {"Cp": "cp", "Cp_k": "cpk", "Pp": "pp", "Pp_k": "ppk"}
REL = dict(rel=1e-10, abs=0)


@pytest.fixture(scope="module")
def piston() -> pd.DataFrame:
    d = load_reference("qcc_pistonrings")
    return d[d["trial"]].reset_index(drop=True)  # Phase I: samples 1-25, 125 values


def _run(piston, exp, **kw):
    lsl, usl = exp["lsl"], exp["usl"]
    # qcc uses the midpoint when no target is given; we compute Cpm only with a target.
    target = (
        exp["target"]
        if "notarget" not in exp["case_id"] and "call" in exp and "target=" in exp["call"]
        else None
    )
    return capability(
        piston,
        value="diameter",
        subgroup="sample",
        lsl=lsl,
        usl=usl,
        target=target,
        confidence=exp["confidence_level"],
        **kw,
    )


@pytest.mark.parametrize("case", PISTON_CASES)
def test_pistonrings_matches_qcc_with_qcc_sigma(piston, case):
    """Every index and interval qcc reports, with qcc's sigma and df passed explicitly."""
    exp = load_expected(case)
    res = _run(
        piston,
        exp,
        sigma_method="rbar",
        historical_sigma=exp["std_dev"],
        within_df=exp["n"] - 1,
        check_stability=False,
    )
    assert res.n == exp["n"]
    assert res.mean == pytest.approx(exp["center"], rel=1e-14)
    assert res.sigma_overall == pytest.approx(exp["overall_std_dev"], rel=1e-12)
    for qname, ours in QCC_TO_OURS.items():
        q = exp["indices"][qname]
        if q["value"] is None:
            assert res.value(ours) is None
            assert not (res.indices["index"] == ours).any()  # absent, not a NaN row
            continue
        assert res.value(ours) == pytest.approx(q["value"], rel=1e-12)
        assert res.ci(ours) == pytest.approx([q["lower"], q["upper"]], **REL)
    # qcc's Cp_l / Cp_u / Pp_l / Pp_u limits are one-sided bounds at the confidence level,
    # i.e. the two-sided interval at level 2 * conf - 1 (Bissell's formula both times).
    two = capability(
        piston,
        value="diameter",
        subgroup="sample",
        lsl=exp["lsl"],
        usl=exp["usl"],
        confidence=2 * exp["confidence_level"] - 1,
        sigma_method="rbar",
        historical_sigma=exp["std_dev"],
        within_df=exp["n"] - 1,
        check_stability=False,
    )
    for qname, ours in (("Cp_l", "cpl"), ("Cp_u", "cpu"), ("Pp_l", "ppl"), ("Pp_u", "ppu")):
        q = exp["indices"][qname]
        if q["value"] is None:
            assert res.value(ours) is None
            continue
        assert res.value(ours) == pytest.approx(q["value"], rel=1e-12)
        assert two.ci(ours) == pytest.approx([q["lower"], q["upper"]], **REL)
    # expected % out of spec (qcc truncates < 0.01 % to 0; the untruncated check is base R)
    within = res.ppm_of("within")
    for side, key in (
        ("below", "exp_lsl_pct_untruncated_check"),
        ("above", "exp_usl_pct_untruncated_check"),
    ):
        if key in exp:
            assert within[side] / 1e4 == pytest.approx(exp[key], rel=1e-9)
        else:
            assert within[side] is None
    for side, key in (("below", "obs_lsl_pct"), ("above", "obs_usl_pct")):
        obs = res.ppm_of("observed")[side]
        assert (
            (obs is None) if exp[key] is None else obs / 1e4 == pytest.approx(exp[key], abs=1e-12)
        )


@pytest.mark.parametrize(
    "case",
    ["cap_pistonrings_lsl73.95_usl74.05_target74", "cap_pistonrings_lsl73.95_usl74.05_target74.02"],
)
def test_cpm_point_estimate_matches_qcc_including_off_centre_target(piston, case):
    exp = load_expected(case)
    res = _run(
        piston,
        exp,
        sigma_method="rbar",
        historical_sigma=exp["std_dev"],
        within_df=124,
        check_stability=False,
    )
    assert res.target == exp["target"]
    assert res.value("cpm") == pytest.approx(exp["indices"]["Cpm"]["value"], rel=1e-12)


def test_pistonrings_rbar_sigma_matches_qcc_within_d2_rounding(piston):
    """R-bar / d2 with the exact d2(5) = 2.32593 vs qcc's 2.326: relative 3e-5 (README)."""
    exp = load_expected("cap_pistonrings_lsl73.95_usl74.05_target74")
    res = _run(piston, exp, sigma_method="rbar", within_df="n-1", check_stability=False)
    assert res.sigma_within == pytest.approx(exp["std_dev"], rel=5e-5) and res.within_df == 124
    for qname in ("Cp", "Cp_k", "Cpm"):
        assert res.value(qname.lower().replace("_", "")) == pytest.approx(
            exp["indices"][qname]["value"], rel=5e-5
        )
    # the documented difference is d2 only: R-bar / 2.326 reproduces qcc's sigma exactly
    rbar = piston.groupby("sample")["diameter"].agg(lambda v: v.max() - v.min()).mean()
    assert rbar / 2.326 == pytest.approx(exp["std_dev"], rel=1e-13)


def test_one_sided_spec_has_no_two_sided_rows(piston):
    exp = load_expected("cap_pistonrings_usl_only74.05")
    res = capability(
        piston,
        value="diameter",
        subgroup="sample",
        usl=74.05,
        target=74.0,
        sigma_method="rbar",
        historical_sigma=exp["std_dev"],
        within_df=124,
        check_stability=False,
    )
    assert set(res.indices["index"]) == {"cpu", "cpk", "ppu", "ppk"}
    assert not res.indices[["value", "lower", "upper"]].isna().any().any()
    d = res.to_dict()
    assert d["cp"] is None and d["pp"] is None and d["cpl"] is None and d["cpm"] is None
    assert d["cpk"] == pytest.approx(exp["indices"]["Cp_k"]["value"], rel=1e-12)
    assert d["ppm"]["within"]["below"] is None
    assert d["ppm"]["within"]["total"] == pytest.approx(d["ppm"]["within"]["above"])
    assert d["ci"]["cp"] is None and d["ci"]["cpk"] is not None


def test_viscosity_individuals_matches_qcc(reference):
    exp = load_expected("cap_viscosity_xbarone_lsl31_usl36")
    v = reference("qcc_viscosity")
    v = v[v["trial"]]
    # default within sigma: MR-bar / d2(2), exact d2(2) = 2/sqrt(pi) vs qcc's 1.128 (3.4e-4)
    res = capability(v, value="viscosity", lsl=31, usl=36, check_stability=False)
    assert res.sigma_method == "mr" and res.within_df == exp["n"] - 1  # Minitab's df = n - 1
    assert res.sigma_within == pytest.approx(exp["std_dev"], rel=5e-4)
    mr = np.abs(np.diff(v["viscosity"].to_numpy())).mean()
    assert mr / 1.128 == pytest.approx(exp["std_dev"], rel=1e-13)
    exact = capability(
        v,
        value="viscosity",
        lsl=31,
        usl=36,
        historical_sigma=exp["std_dev"],
        within_df=exp["n"] - 1,
        check_stability=False,
    )
    for qname, ours in QCC_TO_OURS.items():
        q = exp["indices"][qname]
        assert exact.value(ours) == pytest.approx(q["value"], rel=1e-12)
        assert exact.ci(ours) == pytest.approx([q["lower"], q["upper"]], **REL)
    assert exact.ppm_of("within")["above"] / 1e4 == pytest.approx(
        exp["exp_usl_pct_untruncated_check"], rel=1e-9
    )


# ----------------------------------------------------------------- sigma estimators
@pytest.fixture(scope="module")
def estimators():
    return load_expected("sd_estimators_pistonrings")


def _codes(df):
    return pd.factorize(df["sample"], sort=False)[0]


def test_within_sigma_equal_sizes_match_qcc(piston, estimators):
    x, codes = piston["diameter"].to_numpy(), _codes(piston)
    eq = estimators["equal_sizes"]
    assert within_sigma(x, codes, "pooled")[0] == pytest.approx(
        eq["RMSDF"], rel=1e-12
    )  # Sp / c4(d+1)
    assert within_sigma(x, codes, "sbar")[0] == pytest.approx(eq["UWAVE-SD"], rel=1e-12)
    assert within_sigma(x, codes, "rbar")[0] == pytest.approx(eq["UWAVE-R"], rel=5e-5)


def test_within_sigma_unequal_sizes_match_qcc(estimators):
    d = load_reference("qcc_pistonrings")
    out = np.array([9, 10, 30, 35, 45, 64, 65, 74, 75, 85, 99, 100]) - 1  # the file's selection
    d = d.drop(index=out)
    d = d[d["sample"] <= 25]
    sizes = d.groupby("sample").size().to_numpy()
    assert sizes.tolist() == estimators["unequal_group_sizes"]
    x, codes = d["diameter"].to_numpy(), _codes(d)
    un = estimators["unequal_sizes"]
    assert within_sigma(x, codes, "pooled")[0] == pytest.approx(un["RMSDF"], rel=1e-12)
    # Minitab's weighted S-bar and R-bar are qcc's MVLUE estimators; R-bar differs by qcc's
    # 3-decimal d2 / 7-digit d3 tables only.
    assert within_sigma(x, codes, "sbar")[0] == pytest.approx(un["MVLUE-SD"], rel=1e-12)
    assert within_sigma(x, codes, "rbar")[0] == pytest.approx(un["MVLUE-R"], rel=5e-4)


def test_default_sigma_method_and_minitab_degrees_of_freedom(piston):
    res = capability(
        piston, value="diameter", subgroup="sample", lsl=73.95, usl=74.05, check_stability=False
    )
    # Default (Minitab's Capability Analysis (Normal)): pooled SD / c4 with Minitab's
    # degrees of freedom sum(n_i - 1) = 25 * 4 for the Cp/Cpk intervals.
    assert res.sigma_method == "pooled" and res.within_df == 100
    montgomery = capability(
        piston, value="diameter", subgroup="sample", lsl=73.95, usl=74.05,
        sigma_method="rbar", within_df="n-1", check_stability=False,
    )
    assert montgomery.within_df == 124  # qcc / Montgomery: N - 1 for every method
    rb = capability(
        piston,
        value="diameter",
        subgroup="sample",
        lsl=73.95,
        usl=74.05,
        sigma_method="rbar",
        within_df="minitab",
        check_stability=False,
    )
    assert rb.within_df == pytest.approx(0.9 * 25 * 4)  # Minitab: 0.9 k (n - 1)
    sb = capability(
        piston,
        value="diameter",
        subgroup="sample",
        lsl=73.95,
        usl=74.05,
        sigma_method="sbar",
        within_df="minitab",
        check_stability=False,
    )
    assert sb.within_df == pytest.approx(0.95 * 25 * 4)  # f(5) = 0.95
    # constant subgroup size (Minitab's "subgroup size: 5") is the same as the sample column
    same = capability(
        piston["diameter"].to_numpy(), subgroup=5, lsl=73.95, usl=74.05, check_stability=False
    )
    assert same.sigma_within == pytest.approx(res.sigma_within, rel=1e-14)
    # 2-D array: one subgroup per row
    mat = piston["diameter"].to_numpy().reshape(25, 5)
    assert capability(
        mat, lsl=73.95, usl=74.05, check_stability=False
    ).sigma_within == pytest.approx(res.sigma_within, rel=1e-14)


def test_overall_unbiasing_option(piston):
    from sixsigma.spc.constants import c4

    a = capability(piston, value="diameter", lsl=73.95, usl=74.05, check_stability=False)
    b = capability(
        piston, value="diameter", lsl=73.95, usl=74.05, unbias_overall=True, check_stability=False
    )
    assert b.sigma_overall == pytest.approx(a.sigma_overall / c4(125), rel=1e-14)


def test_z_bench_and_expected_ppm_montgomery_fallout_table():
    """Montgomery (ISQC), the table of process fallout for a centred normal process:
    Cp = 1.0 -> 2,700 PPM (1,350 each side), Cp = 1.2 -> 318, Cp = 1.5 -> 7 (rounded);
    Z.Bench = Phi^-1(1 - p) = 2.782 for p = 0.0027 (normal table)."""
    rng = np.random.default_rng(1)
    x = rng.standard_normal(200)
    x = (x - x.mean()) / x.std(ddof=1)  # mean 0, s 1 exactly
    for half, total in ((3.0, 2700), (3.6, 318), (4.5, 7)):
        res = capability(x, lsl=-half, usl=half, historical_sigma=1.0, check_stability=False)
        assert res.value("cp") == pytest.approx(half / 3, rel=1e-12)
        assert res.ppm_of("within")["total"] == pytest.approx(total, abs=0.5)
        assert res.ppm_of("overall")["total"] == pytest.approx(
            res.ppm_of("within")["total"], rel=1e-12
        )
    res = capability(x, lsl=-3, usl=3, check_stability=False)
    assert res.ppm_of("overall")["below"] == pytest.approx(
        res.ppm_of("overall")["above"], rel=1e-12
    )
    assert res.z_bench == pytest.approx(2.782, abs=5e-4)


def test_bad_input_raises_clear_errors(piston):
    with pytest.raises(InputError, match="specification limit"):
        capability(piston, value="diameter")
    with pytest.raises(InputError, match="below the upper"):
        capability(piston, value="diameter", lsl=74.1, usl=74.0)
    with pytest.raises(InputError, match="not found"):
        capability(piston, value="nope", usl=74)
    with pytest.raises(UnknownNameError, match="sigma method"):
        capability(piston, value="diameter", subgroup="sample", usl=74.05, sigma_method="magic")
    with pytest.raises(InputError, match="individual values"):
        capability(piston, value="diameter", subgroup="sample", usl=74.05, sigma_method="mr")
    with pytest.raises(InputError, match="identical"):
        capability([1.0, 1.0, 1.0, 1.0], usl=2)
    with pytest.raises(InputError, match="confidence"):
        capability(piston, value="diameter", usl=74.05, confidence=95)
    with pytest.raises(UnknownNameError, match="distribution"):
        capability(piston, value="diameter", usl=74.05, distribution="cauchy")


def test_to_dict_has_exactly_the_contract_keys(piston):
    res = capability(piston, value="diameter", subgroup="sample", lsl=73.95, usl=74.05, target=74)
    d = res.to_dict()
    assert list(d) == [
        "n",
        "mean",
        "sigma_within",
        "sigma_overall",
        "lsl",
        "usl",
        "target",
        "distribution",
        "cp",
        "cpl",
        "cpu",
        "cpk",
        "cpm",
        "pp",
        "ppl",
        "ppu",
        "ppk",
        "z_bench",
        "ppm",
        "ci",
        "checks",
        "summary",
    ]
    assert set(d["ppm"]) == {"within", "overall", "observed"}
    assert all(set(v) == {"below", "above", "total"} for v in d["ppm"].values())
    assert {"cp", "cpk", "pp", "ppk"} <= set(d["ci"])
    assert all(set(c) == {"name", "status", "message"} for c in d["checks"])
    assert {c["status"] for c in d["checks"]} <= {"pass", "warn", "fail"}
    assert isinstance(d["summary"], str) and "Ppk" in d["summary"]
