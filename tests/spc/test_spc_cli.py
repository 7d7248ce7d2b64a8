"""`sixsigma chart ...` through the real entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sixsigma.cli.app import main

REF = Path(__file__).resolve().parents[1] / "reference-data"


def run(capsys, *args):
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_xbar_r_json_from_csv(capsys):
    # xbar_pistonrings_phase2.json: centre 74.001176, Phase I = samples 1-25
    code, out, _ = run(
        capsys,
        "chart",
        "xbar-r",
        REF / "qcc_pistonrings.csv",
        "--value",
        "diameter",
        "--subgroup",
        "sample",
        "--phase1",
        25,
        "--json",
    )
    assert code == 0
    d = json.loads(out)
    assert d["chart"] == "xbar-r" and d["secondary"]["chart"] == "r"
    assert abs(d["points"][0]["center"] - 74.00117599999999) < 1e-12
    assert [p["label"] for p in d["points"] if 1 in p["tests"]] == [37, 38, 39]
    assert d["points"][30]["phase"] == "II"


def test_p_chart_exclusions_and_rules(capsys):
    # p_orangejuice_excl15_23_trial.json: centre 0.215 once samples 15 and 23 are excluded
    code, out, _ = run(
        capsys,
        "chart",
        "p",
        REF / "qcc_orangejuice.csv",
        "--count",
        "D",
        "--size",
        "size",
        "--label",
        "sample",
        "--exclude",
        "15,23",
        "--phase1",
        28,
        "--rules",
        "nelson",
        "--json",
    )
    assert code == 0
    d = json.loads(out)
    assert abs(d["points"][0]["center"] - 0.2150) < 0.02  # (phase1 = first 28 incl. excluded)
    code, out, _ = run(
        capsys,
        "chart",
        "p",
        REF / "qcc_orangejuice.csv",
        "--count",
        "D",
        "--size",
        "size",
        "--tests",
        "1,2",
    )
    assert code == 0 and "P chart" in out


def test_human_output_and_html(tmp_path, capsys):
    html = tmp_path / "out" / "chart.html"
    code, out, _ = run(
        capsys,
        "chart",
        "imr",
        REF / "qcc_viscosity.csv",
        "--value",
        "viscosity",
        "--label",
        "batch",
        "--stage",
        "trial",
        "--tests",
        "all",
        "--html",
        html,
    )
    assert code == 0
    assert "I chart + Moving-range chart" in out and "Signals" in out
    text = html.read_text()
    assert "<html>" in text[:200] and "plotly" in text.lower() and len(text) > 1_000_000
    assert not list(html.parent.glob(".*.tmp"))


@pytest.mark.parametrize(
    "args, msg",
    [
        (["chart", "auto", str(REF / "qcc_viscosity.csv")], "add --metric"),
        (["chart", "bogus", str(REF / "qcc_viscosity.csv")], "unknown chart type"),
        (["chart", "imr", str(REF / "qcc_viscosity.csv"), "--value", "nope"], "no column 'nope'"),
        (
            [
                "chart",
                "p",
                str(REF / "qcc_orangejuice.csv"),
                "--count",
                "D",
                "--size",
                "size",
                "--tests",
                "7",
            ],
            "test 7 is not available on a p chart",
        ),
        (
            [
                "chart",
                "imr",
                str(REF / "qcc_viscosity.csv"),
                "--value",
                "viscosity",
                "--tests",
                "1",
                "--rules",
                "nelson",
            ],
            "not both",
        ),
        (["chart", "imr"], "give a CSV/Parquet FILE or --metric"),
    ],
)
def test_cli_errors_are_one_line(capsys, args, msg):
    code, _, err = run(capsys, *args)
    assert code == 2
    assert err.startswith("error: ") and msg in err and err.count("\n") == 1


@pytest.mark.slow
def test_chart_auto_metric_from_demo_warehouse(demo_warehouse, capsys, tmp_path):
    from sixsigma.warehouse.demo import IMPROVEMENT_ROUNDS

    dates = ",".join(r.date.isoformat() for r in IMPROVEMENT_ROUNDS)
    code, out, err = run(
        capsys,
        "chart",
        "auto",
        "--metric",
        "manual_cpo",
        "--filter",
        "business_line=intl_hotel",
        "--grain",
        "week",
        "--stage-dates",
        dates,
        "--warehouse",
        demo_warehouse,
        "--json",
    )
    assert code == 0, err
    d = json.loads(out)
    assert d["chart"] == "laney-u"
    stages = list(dict.fromkeys(p["stage"] for p in d["points"]))
    assert stages[0] == "baseline" and stages[1] == "from 2024-01-08" and len(stages) == 7
    base = [p["center"] for p in d["points"] if p["stage"] == "baseline"][0]
    last = [p["center"] for p in d["points"] if p["stage"] == stages[-1]][0]
    assert last < 0.85 * base  # the improvement rounds cut manual CPO
    assert "Laney U' chart of manual_cpo" in d["summary"]
    # the same without stages: Phase I limits from 2023 flag the shift after the rounds
    code, out, _ = run(
        capsys,
        "chart",
        "auto",
        "--metric",
        "manual_cpo",
        "--filter",
        "business_line=intl_hotel",
        "--grain",
        "week",
        "--end",
        "2024-07-01",
        "--tests",
        "1,2",
        "--warehouse",
        demo_warehouse,
        "--html",
        tmp_path / "c.html",
    )
    assert code == 0
    assert "below the centre line" in out
    code, _, err = run(capsys, "chart", "xbar-r", "--metric", "aht", "--warehouse", demo_warehouse)
    assert code == 2 and "raw subgrouped observations" in err
