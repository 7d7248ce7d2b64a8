"""Bonett's test for two variances and Minitab's "2 Variances" (sixsigma.stats.two_variances).

References
- statpsych 1.x (D. G. Bonett's own R package), ``ci.ratio.sd2`` help page example, which
  prints for y1, y2 below: SD1 5.711587, SD2 6.450667, SD1/SD2 0.8854257, LL 0.486279,
  UL 1.728396. That function is the Minitab/Banga-Fox variant (pooled kurtosis under the
  hypothesized ratio, equalizer c = [n1/(n1 - z)]/[n2/(n2 - z)], trim 1/(2 sqrt(n - 4))); it
  runs 10 fixed-point steps where we solve the bound equation exactly.
- R car::leveneTest(handle_time_sec ~ team, data = AB, center = median): F 3.53411799363084,
  df 1, 74, p 0.06405452107961934 (tests/stats/test_stats_r_crosscheck.py) — Minitab's
  "Levene's test" is this median-centred (Brown-Forsythe) statistic.
- R var.test on the same two groups for the F method (CI for the variance ratio; the SD ratio
  interval is its square root).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats as st

from sixsigma.cli.app import main
from sixsigma.errors import InputError, SixSigmaError
from sixsigma.stats import bonett_two_variances, equal_variances, two_variances

Y1 = [32, 39, 26, 35, 43, 27, 40, 37, 34, 29]
Y2 = [36, 44, 47, 42, 49, 39, 46, 31, 33, 48]
HT = Path(__file__).parents[1] / "reference-data" / "cs_handle_times.csv"


def _statpsych_ci_ratio_sd2(y1, y2, alpha=0.05, steps=10):
    """A line-by-line transcription of statpsych::ci.ratio.sd2 (its 10 fixed-point steps)."""
    y1, y2 = np.asarray(y1, float), np.asarray(y2, float)
    z = st.norm.ppf(1 - alpha / 2)
    v1, v2 = np.var(y1, ddof=1), np.var(y2, ddof=1)
    n1, n2 = len(y1), len(y2)
    n = n1 + n2

    def rtrim(x, t):  # R mean(x, trim = t)
        k = int(np.floor(len(x) * t))
        return np.sort(x)[k : len(x) - k].mean()

    m1, m2 = rtrim(y1, 1 / (2 * np.sqrt(n1 - 4))), rtrim(y2, 1 / (2 * np.sqrt(n2 - 4)))
    c0 = (n1 / (n1 - z)) * ((n2 - z) / n2)
    c1, c2 = (n1 - 3) / n1, (n2 - 3) / n2
    a1, a2 = np.sum((y1 - m1) ** 4), np.sum((y2 - m2) ** 4)
    r_lo = r_hi = 1.0
    for _ in range(steps):
        k_lo = n * (a1 + r_lo**4 * a2) / ((n1 - 1) * v1 + r_lo**2 * (n2 - 1) * v2) ** 2
        k_hi = n * (a1 + r_hi**4 * a2) / ((n1 - 1) * v1 + r_hi**2 * (n2 - 1) * v2) ** 2
        se_lo = np.sqrt((k_lo - c1) / (n1 - 1) + (k_lo - c2) / (n2 - 1))
        se_hi = np.sqrt((k_hi - c1) / (n1 - 1) + (k_hi - c2) / (n2 - 1))
        lr = np.log(c0 * v1 / v2)
        r_lo, r_hi = np.sqrt(np.exp(lr - z * se_lo)), np.sqrt(np.exp(lr + z * se_hi))
    return r_lo, r_hi


def test_bonett_ci_matches_statpsych_help_example():
    res = bonett_two_variances(Y1, Y2)
    # statpsych ci.ratio.sd2(.05, y1, y2): SD1/SD2 0.8854257, LL 0.486279, UL 1.728396
    assert res["estimate"] == pytest.approx(0.8854257, abs=5e-8)
    assert res["ci"][0] == pytest.approx(0.486279, abs=5e-7)
    # the print is 10 fixed-point steps (1.7283959); the exact root is 1.7283978
    assert res["ci"][1] == pytest.approx(1.728396, abs=2.5e-6)
    lo10, hi10 = _statpsych_ci_ratio_sd2(Y1, Y2)
    assert (round(lo10, 6), round(hi10, 6)) == (0.486279, 1.728396)
    lo, hi = _statpsych_ci_ratio_sd2(Y1, Y2, steps=200)  # iterated to convergence
    assert res["ci"] == pytest.approx((lo, hi), rel=1e-9)


def test_balanced_p_value_is_the_z_statistic_and_inverts_the_interval():
    res = bonett_two_variances(Y1, Y2)
    # Minitab (balanced design): Z = [ln(S1²/S2²) - ln rho0²]/se(rho0), P = 2 P(Z > |z|)
    b = np.var(Y1, ddof=1) / np.var(Y2, ddof=1)
    assert res["statistic"] == pytest.approx(np.log(b) / res["se"], rel=1e-12)
    assert res["p_value"] == pytest.approx(2 * st.norm.sf(abs(res["statistic"])), rel=1e-12)
    # the p-value at a CI bound is alpha: the test and the interval are one procedure
    for bound in res["ci"]:
        assert bonett_two_variances(Y1, Y2, ratio=bound)["p_value"] == pytest.approx(0.05, abs=1e-9)


@pytest.mark.parametrize(
    "alternative,conf", [("two-sided", 0.95), ("two-sided", 0.9), ("greater", 0.95), ("less", 0.9)]
)
def test_unbalanced_p_value_inverts_the_interval(alternative, conf):
    rng = np.random.default_rng(7)
    x, y = rng.gamma(2.0, 3.0, 23), rng.gamma(2.0, 2.0, 31)
    res = bonett_two_variances(x, y, alternative=alternative, confidence=conf)
    assert res["statistic"] is None  # Minitab: no test statistic when n1 != n2
    bounds = [b for b in res["ci"] if 0 < b < np.inf]
    for bound in bounds:
        p = bonett_two_variances(x, y, ratio=bound, alternative=alternative)["p_value"]
        assert p == pytest.approx(1 - conf, abs=1e-9)
    # a ratio inside the interval is not rejected, one outside is
    lo, hi = res["ci"]
    inside = np.sqrt(max(lo, 1e-3) * min(hi, 1e3))
    assert bonett_two_variances(x, y, ratio=inside, alternative=alternative)["p_value"] > 1 - conf


def test_unbalanced_p_value_by_bisection_on_alpha():
    """Independent route: find the smallest two-sided alpha whose interval excludes rho0."""
    rng = np.random.default_rng(11)
    x, y = rng.normal(0, 1.6, 18), rng.normal(0, 1.0, 27)
    p = bonett_two_variances(x, y)["p_value"]
    lo_a, hi_a = 1e-8, 1 - 1e-8
    for _ in range(60):
        mid = (lo_a + hi_a) / 2
        lo, hi = bonett_two_variances(x, y, confidence=1 - mid)["ci"]
        if lo <= 1.0 <= hi:
            lo_a = mid
        else:
            hi_a = mid
    assert p == pytest.approx(lo_a, rel=1e-6)


def test_coverage_by_seeded_simulation():
    """Bonett's interval keeps ~95% coverage for normal and heavy-tailed (t5) data."""
    rng = np.random.default_rng(20240612)
    reps = 400
    for draw in (rng.standard_normal, lambda n: rng.standard_t(5, n)):
        hits = rejections = 0
        for _ in range(reps):
            res = bonett_two_variances(2 * draw(25), draw(40), ratio=2.0)
            lo, hi = res["ci"]
            hits += lo <= 2.0 <= hi
            rejections += res["p_value"] < 0.05
        assert 0.92 <= hits / reps <= 0.98
        assert hits + rejections == reps  # the test rejects exactly when the CI excludes 2


def test_levene_is_minitab_median_centred():
    ht = pd.read_csv(HT)
    ab = ht[ht.team.isin(["Alpha", "Bravo"])]
    res = two_variances(ab, "handle_time_sec", "team", method="levene")
    # car::leveneTest(handle_time_sec ~ team, data = AB, center = median)
    assert res.statistic == pytest.approx(3.53411799363084, rel=1e-9)
    assert res.df == (1.0, 74.0)
    assert res.p_value == pytest.approx(0.06405452107961934, rel=1e-9)
    bf = equal_variances(ab, "handle_time_sec", "team", method="brown-forsythe")
    assert res.p_value == bf.p_value


def test_f_method_is_var_test_on_the_sd_scale():
    ht = pd.read_csv(HT)
    ab = ht[ht.team.isin(["Alpha", "Bravo"])]
    res = two_variances(ab, "handle_time_sec", "team", groups=["Alpha", "Bravo"], method="f")
    a = ab.loc[ab.team == "Alpha", "handle_time_sec"].to_numpy()
    b = ab.loc[ab.team == "Bravo", "handle_time_sec"].to_numpy()
    f = a.var(ddof=1) / b.var(ddof=1)
    d1, d2 = a.size - 1, b.size - 1
    assert res.estimate == pytest.approx(np.sqrt(f))
    assert res.ci[0] ** 2 == pytest.approx(f / st.f.ppf(0.975, d1, d2))
    assert res.ci[1] ** 2 == pytest.approx(f / st.f.ppf(0.025, d1, d2))
    assert res.p_value == pytest.approx(2 * min(st.f.cdf(f, d1, d2), st.f.sf(f, d1, d2)))
    # a hypothesized SD ratio rescales F by 1/ratio²
    r2 = two_variances(
        ab, "handle_time_sec", "team", groups=["Alpha", "Bravo"], method="f", ratio=0.7
    )
    f0 = f / 0.49
    assert r2.p_value == pytest.approx(2 * min(st.f.cdf(f0, d1, d2), st.f.sf(f0, d1, d2)))


def test_bad_input_is_one_clear_error():
    with pytest.raises(InputError, match="at least 5 values"):
        bonett_two_variances([1, 2, 3, 4], [1, 2, 3, 4, 5])
    with pytest.raises(InputError, match="zero variance"):
        bonett_two_variances([1] * 6, [1, 2, 3, 4, 5, 6])
    with pytest.raises(InputError, match="positive"):
        bonett_two_variances(Y1, Y2, ratio=-1)
    with pytest.raises(SixSigmaError, match="2 variances method"):
        two_variances({"a": Y1, "b": Y2}, method="bartlett")
    with pytest.raises(InputError):
        two_variances({"a": Y1, "b": Y2, "c": Y1})


def _cli(capsys, *args):
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_two_variances(capsys):
    base = [
        "test",
        "two-variances",
        HT,
        "--value",
        "handle_time_sec",
        "--group",
        "team",
        "--groups",
        "Alpha,Bravo",
    ]
    code, out, err = _cli(capsys, *base, "--json")
    assert code == 0, err
    d = json.loads(out)
    assert d["test"] == "Bonett's test" and d["method"] == "bonett"
    ht = pd.read_csv(HT)
    a = ht.loc[ht.team == "Alpha", "handle_time_sec"]
    b = ht.loc[ht.team == "Bravo", "handle_time_sec"]
    assert d["p_value"] == pytest.approx(bonett_two_variances(a, b)["p_value"])
    code, out, _ = _cli(capsys, *base, "--method", "levene", "--json")
    assert json.loads(out)["p_value"] == pytest.approx(0.06405452107961934, rel=1e-9)
    code, out, _ = _cli(capsys, *base, "--method", "f", "--ratio", "0.7", "--json")
    assert code == 0 and json.loads(out)["method"] == "f"
    code, out, err = _cli(capsys, *base, "--method", "nope")
    assert code == 2 and "error:" in out + err and "Traceback" not in out + err
