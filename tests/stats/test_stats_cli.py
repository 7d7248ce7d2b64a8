"""`sixsigma test ...` and `sixsigma power ...` through the real entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from sixsigma.cli.app import main

REF = Path(__file__).resolve().parents[1] / "reference-data"
DATA = Path(__file__).parent / "data"
KEYS = {
    "test",
    "statistic",
    "df",
    "p_value",
    "estimate",
    "ci",
    "alternative",
    "alpha",
    "reject",
    "effect_size",
    "checks",
    "conclusion",
}


def run(capsys, *args):
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def run_json(capsys, *args):
    code, out, err = run(capsys, *args, "--json")
    assert code == 0, err
    d = json.loads(out)
    return d


def test_two_sample_t_json(capsys):
    d = run_json(
        capsys,
        "test",
        "two-sample-t",
        REF / "cs_handle_times.csv",
        "--value",
        "handle_time_sec",
        "--group",
        "team",
        "--groups",
        "Alpha,Bravo",
    )
    assert KEYS <= set(d)
    assert d["test"] == "2-sample t (Welch)" and d["reject"] is True
    h = pd.read_csv(REF / "cs_handle_times.csv").groupby("team")["handle_time_sec"].mean()
    assert d["estimate"] == pytest.approx(h["Alpha"] - h["Bravo"], rel=1e-12)
    assert d["groups"][0]["group"] == "Alpha"
    pooled = run_json(
        capsys,
        "test",
        "two-sample-t",
        DATA / "sleep.csv",
        "--value",
        "extra",
        "--group",
        "group",
        "--equal-var",
    )
    assert pooled["df"] == 18 and pooled["p_value"] == pytest.approx(0.07918671421593813, rel=1e-10)


def test_summarized_proportions_rates_and_tables(capsys):
    d = run_json(capsys, "test", "two-proportions", "--events", "172,151", "--trials", "200,190")
    assert (
        d["statistic"] == pytest.approx(2.47614512171098, rel=1e-12)
        and "groups" in d
        and "expected" in d
    )
    d = run_json(
        capsys,
        "test",
        "two-proportions",
        "--events",
        "172,151",
        "--trials",
        "200,190",
        "--no-correction",
    )
    assert d["statistic"] == pytest.approx(2.91680265772328, rel=1e-12)
    d = run_json(
        capsys,
        "test",
        "poisson-rate",
        "--counts",
        "95,120",
        "--exposures",
        "1050,1000",
        "--groups",
        "after,before",
    )
    assert (
        d["estimate"] == pytest.approx(0.753968253968254)
        and d["difference_ci"][0] < d["difference"]
    )
    assert d["conclusion"].startswith("the rate after is lower than before")
    d = run_json(
        capsys, "test", "one-proportion", "--events", "682", "--trials", "925", "--p0", "0.75"
    )
    assert d["p_value"] == pytest.approx(0.3824915595748518, rel=1e-8)
    d = run_json(
        capsys,
        "test",
        "chi-square",
        REF / "cs_channel_outcome.csv",
        "--row",
        "channel",
        "--column",
        "outcome",
        "--count",
        "count",
    )
    assert d["statistic"] == pytest.approx(24.2589694820551, rel=1e-12) and len(d["cells"]) == 9
    d = run_json(capsys, "test", "chi-square", "--counts", "20,15,25")
    assert d["statistic"] == pytest.approx(2.5)
    d = run_json(
        capsys,
        "test",
        "fisher-exact",
        REF / "cs_escalation_2x2.csv",
        "--row",
        "channel",
        "--column",
        "escalated",
        "--count",
        "count",
    )
    assert d["p_value"] == pytest.approx(0.165195678743085, rel=1e-10)
    d = run_json(capsys, "test", "fisher-exact", "--events", "14,7", "--trials", "100,100")
    assert d["p_value"] == pytest.approx(0.165195678743085, rel=1e-10)


def test_group_tests_and_methods(capsys):
    wb = DATA / "warpbreaks.csv"
    d = run_json(capsys, "test", "anova", wb, "--value", "breaks", "--group", "tension")
    assert len(d["pairs"]) == 3 and d["statistic"] == pytest.approx(7.20611388087116, rel=1e-12)
    d = run_json(capsys, "test", "anova", wb, "--value", "breaks", "--group", "wool,tension")
    assert d["test"] == "two-way ANOVA" and len(d["anova"]) == 5
    d = run_json(capsys, "test", "welch-anova", wb, "--value", "breaks", "--group", "tension")
    assert d["statistic"] == pytest.approx(5.80180485480409, rel=1e-12)
    d = run_json(
        capsys,
        "test",
        "kruskal-wallis",
        DATA / "airquality.csv",
        "--value",
        "Ozone",
        "--group",
        "Month",
    )
    assert d["statistic"] == pytest.approx(29.2665763061169, rel=1e-12)
    d = run_json(capsys, "test", "mood-median", wb, "--value", "breaks", "--group", "tension")
    assert d["test"] == "Mood's median test"
    d = run_json(
        capsys,
        "test",
        "equal-variances",
        DATA / "InsectSprays.csv",
        "--value",
        "count",
        "--group",
        "spray",
        "--method",
        "bartlett",
    )
    assert d["statistic"] == pytest.approx(25.9598, abs=5e-5)
    d = run_json(capsys, "test", "normality", DATA / "precip.csv", "--value", "precip")
    assert d["statistic"] == pytest.approx(0.998943794239977, rel=1e-12)
    d = run_json(
        capsys,
        "test",
        "normality",
        DATA / "precip.csv",
        "--value",
        "precip",
        "--method",
        "ryan-joiner",
    )
    assert d["test"] == "Ryan-Joiner normality test"


def test_nonparametric_paired_and_regression(capsys):
    cpo = REF / "cs_cpo_before_after.csv"
    d = run_json(capsys, "test", "paired-t", cpo, "--before", "cpo_before", "--after", "cpo_after")
    assert d["reject"] and d["estimate"] > 0
    d = run_json(capsys, "test", "wilcoxon", cpo, "--before", "cpo_before", "--after", "cpo_after")
    assert d["statistic"] == 166
    d = run_json(capsys, "test", "sign", cpo, "--before", "cpo_before", "--after", "cpo_after")
    assert d["n_above"] == 17
    d = run_json(
        capsys,
        "test",
        "mann-whitney",
        REF / "cs_handle_times.csv",
        "--value",
        "handle_time_sec",
        "--group",
        "team",
        "--groups",
        "Alpha,Bravo",
    )
    assert d["statistic"] == 425 and d["estimate"] == pytest.approx(-67.2306742478084, rel=1e-9)
    d = run_json(
        capsys,
        "test",
        "correlation",
        DATA / "longley.csv",
        "--x",
        "GNP",
        "--y",
        "Employed",
        "--method",
        "spearman",
    )
    assert d["statistic"] == pytest.approx(10)
    d = run_json(
        capsys,
        "test",
        "regression",
        DATA / "longley.csv",
        "--y",
        "Employed",
        "--x",
        "GNP.deflator,GNP,Unemployed,Armed.Forces,Population,Year",
    )
    assert len(d["coefficients"]) == 7 and d["r_squared"] == pytest.approx(
        0.9954790045772921, rel=1e-12
    )
    d = run_json(capsys, "test", "logistic", DATA / "mtcars.csv", "--y", "am", "--x", "hp,wt")
    assert d["deviance"] == pytest.approx(10.059110472, rel=1e-9)
    d = run_json(
        capsys,
        "test",
        "auto",
        REF / "cs_fcr_by_team.csv",
        "--value",
        "resolved",
        "--group",
        "team",
        "--trials",
        "total",
    )
    assert d["chosen"] == "chi-square" and d["reason"]


def test_power_cli(capsys):
    d = run_json(capsys, "power", "two-sample-t", "--delta", "1", "--power", "0.9")
    assert (
        d["solve_for"] == "n"
        and d["n"] == pytest.approx(22.021095570094, rel=1e-10)
        and d["n_rounded"] == 23
    )
    d = run_json(capsys, "power", "two-proportions", "--n", "50", "--p1", "0.5", "--p2", "0.75")
    assert d["power"] == pytest.approx(0.740165901331388, rel=1e-10)
    d = run_json(capsys, "power", "paired-t", "--n", "20", "--power", "0.9")
    assert d["delta"] == pytest.approx(0.764458022312366, rel=1e-10)
    d = run_json(
        capsys, "power", "anova", "--groups", "4", "--n", "5", "--delta", "2", "--sd", str(3**0.5)
    )
    assert d["power"] == pytest.approx(0.244011592017422, rel=1e-9)
    d = run_json(
        capsys, "power", "poisson-rate", "--rate1", "0.128", "--rate2", "0.093", "--power", "0.9"
    )
    assert d["n_rounded"] == 1896
    code, out, _ = run(
        capsys,
        "power",
        "one-proportion",
        "--p0",
        "0.05",
        "--p1",
        "0.03",
        "--n",
        "200",
        "--alternative",
        "less",
    )
    assert code == 0 and "power" in out


def test_human_output_and_errors(capsys):
    code, out, _ = run(
        capsys, "test", "anova", DATA / "warpbreaks.csv", "--value", "breaks", "--group", "tension"
    )
    assert (
        code == 0
        and "Conclusion:" in out
        and "Pairwise comparisons" in out
        and "Assumption checks" in out
    )
    code, _, err = run(capsys, "test", "bogus")
    assert code == 2 and err.startswith("error: unknown test 'bogus'")
    code, _, err = run(
        capsys, "test", "anova", DATA / "warpbreaks.csv", "--value", "nope", "--group", "tension"
    )
    assert code == 2 and "nope" in err and "\n" == err[-1] and err.count("\n") == 1
    code, _, err = run(capsys, "test", "two-proportions", "--events", "1,x", "--trials", "3,4")
    assert code == 2 and "error:" in err
    code, _, err = run(capsys, "test", "regression", DATA / "longley.csv", "--y", "Employed")
    assert code == 2 and "--x" in err
    code, _, err = run(capsys, "power", "two-sample-t", "--n", "20")
    assert code == 2 and "exactly two" in err
    code, _, err = run(capsys, "test", "one-sample-t")
    assert code == 2 and "FILE" in err
    code, _, err = run(
        capsys, "test", "two-sample-t", "missing.csv", "--value", "a", "--group", "b"
    )
    assert code == 2 and "file not found" in err
