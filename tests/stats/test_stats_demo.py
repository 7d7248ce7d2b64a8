"""The demo story through `sixsigma test`: the intl-hotel manual CPO cut, AHT across teams and
FCR across sites give the right verdicts, and `test auto` picks the right test for each."""

from __future__ import annotations

import json

import pytest

from sixsigma.cli.app import main

pytestmark = pytest.mark.slow

WINDOWS = [
    "--before",
    "2024-01-08",
    "--after",
    "2024-04-08",
    "--days",
    "90",
]  # first round 2024-01-08


def run_json(capsys, *args):
    code = main([str(a) for a in args] + ["--json"])
    out = capsys.readouterr()
    assert code == 0, out.err
    return json.loads(out.out)


def test_intl_hotel_manual_cpo_before_after(demo_warehouse, capsys):
    d = run_json(
        capsys,
        "test",
        "auto",
        "--metric",
        "manual_cpo",
        "--filter",
        "business_line=intl_hotel",
        *WINDOWS,
        "--warehouse",
        demo_warehouse,
    )
    assert d["chosen"] == "quasi-poisson" and "rate metric" in d["reason"]
    assert d["test"] == "2-sample rate ratio (quasi-Poisson)"
    assert d["poisson_exact"]["test"] == "2-sample Poisson rate (exact)" and "Poisson allows" in d["reason"]
    assert d["reject"] and d["p_value"] < 1e-6
    assert -33 < d["percent_change"] < -21  # the story: about 27% within three months
    assert d["ci"][1] < 1  # the whole interval of the ratio is a drop
    assert "is lower than" in d["conclusion"] and "drop" in d["conclusion"]
    assert (
        d["windows"]["before"]["to"] == "2024-01-07"
        and d["windows"]["after"]["from"] == "2024-04-08"
    )
    # The same comparison named explicitly gives the same answer.
    same = run_json(
        capsys,
        "test",
        "quasi-poisson",
        "--metric",
        "manual_cpo",
        "--filter",
        "business_line=intl_hotel",
        *WINDOWS,
        "--warehouse",
        demo_warehouse,
    )
    assert same["p_value"] == d["p_value"]
    # the exact Poisson test by name is the option it always was, and is the one reported beside
    exact = run_json(capsys, "test", "poisson-rate", "--metric", "manual_cpo", "--filter",
                     "business_line=intl_hotel", *WINDOWS, "--warehouse", demo_warehouse)
    assert exact["test"] == "2-sample Poisson rate (exact)"
    assert exact["p_value"] == pytest.approx(d["poisson_exact"]["p_value"], rel=1e-12, abs=1e-300)


def test_planted_driver_moves_and_decoy_does_not(demo_warehouse, capsys):
    base = [
        "test",
        "auto",
        "--metric",
        "manual_cpo",
        "--filter",
        "business_line=intl_hotel",
        *WINDOWS,
        "--warehouse",
        demo_warehouse,
    ]
    driver = run_json(capsys, *base, "--filter", "reason=hotel_confirmation")
    decoy = run_json(capsys, *base, "--filter", "reason=refund")
    assert driver["reject"] and driver["percent_change"] < -40
    assert not decoy["reject"]
    assert "no significant change" in decoy["conclusion"]


def test_aht_across_teams_anova_tukey_and_auto(demo_warehouse, capsys):
    window = ["--start", "2024-06-01", "--end", "2024-09-01", "--warehouse", demo_warehouse]
    d = run_json(capsys, "test", "anova", "--metric", "aht", "--group", "team", *window)
    assert d["test"] == "one-way ANOVA" and d["reject"]
    pairs = {p["pair"]: p for p in d["pairs"]}
    # Team multipliers in the demo: sh_flight_c 1.14 vs sh_flight_b 0.95 (different), sh_flight_a 1.00
    # vs sh_hotel_a 1.00 (the same by construction).
    assert (
        pairs["sh_flight_c-sh_flight_b"]["significant"]
        and pairs["sh_flight_c-sh_flight_b"]["diff"] > 0
    )
    groups = {g["group"]: g["mean"] for g in d["groups"]}
    assert max(groups, key=groups.get) in ("kl_intl_c", "sh_flight_c")
    auto = run_json(capsys, "test", "auto", "--metric", "aht", "--group", "team", *window)
    # Daily AHT spreads differ between teams (Brown-Forsythe), so the guide picks Welch + Games-Howell.
    assert auto["chosen"] == "welch-anova" and "spreads differ" in auto["reason"]
    assert auto["reject"] and len(auto["pairs"]) == len(d["pairs"])


def test_fcr_across_sites(demo_warehouse, capsys):
    d = run_json(
        capsys,
        "test",
        "auto",
        "--metric",
        "fcr",
        "--group",
        "site",
        "--start",
        "2024-06-01",
        "--end",
        "2024-09-01",
        "--warehouse",
        demo_warehouse,
    )
    assert d["chosen"] == "two-proportions" and "expected" in d["reason"]
    assert d["reject"]
    props = {g["group"]: g["proportion"] for g in d["groups"]}
    assert props["kuala_lumpur"] < props["shanghai"]  # KL teams repeat more (multipliers 1.05-1.40)
    assert "kuala_lumpur is lower than in shanghai" in d["conclusion"]


def test_metric_errors(demo_warehouse, capsys):
    code = main(
        [
            "test",
            "auto",
            "--metric",
            "manual_cpo",
            "--before",
            "2024-01-08",
            "--warehouse",
            str(demo_warehouse),
        ]
    )
    assert code == 2 and "--after" in capsys.readouterr().err
    code = main(
        [
            "test",
            "auto",
            "--metric",
            "no_such_metric",
            "--group",
            "team",
            "--warehouse",
            str(demo_warehouse),
        ]
    )
    assert code == 2 and "no_such_metric" in capsys.readouterr().err
    code = main(
        ["test", "anova", "--metric", "fcr", "--group", "site", "--warehouse", str(demo_warehouse)]
    )
    assert code == 2 and "compared on its sums" in capsys.readouterr().err
