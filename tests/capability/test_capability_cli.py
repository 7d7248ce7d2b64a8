"""`sixsigma capability` / `sixsigma sigma-level` through the real entry point, and the
demo warehouse's AHT (the issue's must-show: non-normal, distribution named, checks flag)."""

from __future__ import annotations

import json

import pytest
from cap_refs import REF, load_expected

from sixsigma.capability import capability
from sixsigma.capability.metrics import metric_capability
from sixsigma.cli.app import main

PISTON = str(REF / "qcc_pistonrings.csv")


def run(capsys, *args):
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture()
def phase1(tmp_path):
    import pandas as pd

    d = pd.read_csv(PISTON)
    path = tmp_path / "phase1.csv"
    d[d["trial"]].to_csv(path, index=False)
    return path


def test_json_is_the_result_dict(capsys, phase1):
    code, out, err = run(
        capsys,
        "capability",
        phase1,
        "--value",
        "diameter",
        "--subgroup",
        "sample",
        "--lsl",
        73.95,
        "--usl",
        74.05,
        "--target",
        74,
        "--distribution",
        "normal",
        "--sigma-method",
        "rbar",
        "--json",
    )
    assert code == 0, err
    d = json.loads(out)
    exp = load_expected("cap_pistonrings_lsl73.95_usl74.05_target74")
    assert d["n"] == 125 and d["distribution"] == "normal"
    assert d["cp"] == pytest.approx(
        exp["indices"]["Cp"]["value"], rel=5e-5
    )  # exact d2 vs qcc's 2.326
    assert d["pp"] == pytest.approx(exp["indices"]["Pp"]["value"], rel=1e-12)
    assert d["ci"]["pp"] == pytest.approx(
        [exp["indices"]["Pp"]["lower"], exp["indices"]["Pp"]["upper"]], rel=1e-10
    )
    import pandas as pd

    df = pd.read_csv(phase1)
    again = capability(
        df,
        value="diameter",
        subgroup="sample",
        lsl=73.95,
        usl=74.05,
        target=74,
        sigma_method="rbar",
    ).to_dict()
    assert d == json.loads(json.dumps(again))


def test_human_output_and_html(capsys, phase1, tmp_path):
    html = tmp_path / "out" / "cap.html"
    code, out, err = run(
        capsys,
        "capability",
        phase1,
        "--value",
        "diameter",
        "--subgroup",
        "sample",
        "--usl",
        74.05,
        "--html",
        html,
    )
    assert code == 0, err
    assert "Model: Normal" in out and "Ppk" in out and "Checks:" in out and f"wrote {html}" in out
    text = html.read_text()
    assert text.startswith("<!DOCTYPE html>") and "plotly" in text and "Capable" in text


def test_attribute_from_a_file(capsys, tmp_path):
    path = tmp_path / "late.csv"
    path.write_text("day,late,calls\n1,30,400\n2,25,380\n3,41,420\n")
    code, out, err = run(
        capsys,
        "capability",
        path,
        "--distribution",
        "binomial",
        "--count",
        "late",
        "--size",
        "calls",
        "--json",
    )
    assert code == 0, err
    d = json.loads(out)
    assert d["kind"] == "binomial" and d["defects"] == 96 and d["units"] == 1200
    assert d["p"] == pytest.approx(0.08)


def test_user_errors_are_one_line_exit_2(capsys, phase1):
    code, _, err = run(capsys, "capability", phase1, "--value", "diameter")
    assert code == 2 and err.startswith("error: give at least one specification limit")
    code, _, err = run(
        capsys, "capability", phase1, "--value", "diameter", "--usl", 74, "--distribution", "cauchy"
    )
    assert code == 2 and "unknown distribution 'cauchy'" in err
    code, _, err = run(capsys, "capability", "--usl", 1)
    assert code == 2 and "FILE" in err
    code, _, err = run(capsys, "capability", phase1, "--distribution", "binomial", "--usl", 1)
    assert code == 2 and "--count" in err


def test_sigma_level_command(capsys):
    code, out, _ = run(capsys, "sigma-level", 3.4, "--shift", "--json")
    assert code == 0
    d = json.loads(out)
    assert d["sigma_level"] == pytest.approx(6.0, abs=0.005) and d["shift"] == 1.5
    code, out, _ = run(
        capsys, "sigma-level", "--defects", 62, "--units", 1000, "--opportunities", 10
    )
    assert code == 0 and "no shift" in out.lower()


# ----------------------------------------------------------------- the demo warehouse
@pytest.mark.slow
def test_demo_aht_is_non_normal_with_the_distribution_named_and_checks_flagged(demo_warehouse):
    from sixsigma.warehouse import Warehouse

    with Warehouse(demo_warehouse, read_only=True) as wh:
        res = metric_capability(wh, "aht", filters={"business_line": ["intl_hotel"]}, usl=900)
        n = wh.values(
            "handle_s", filters={"business_line": ["intl_hotel"]},
            where="handled_by = 'agent' AND NOT outbound AND NOT abandoned",
        ).size
    assert res.n == n > 1000
    assert res.distribution not in ("normal", "auto")
    assert res.distribution == res.fits.loc[res.fits["chosen"], "distribution"].item()
    assert res.fits.iloc[0]["distribution"] == res.distribution  # best Anderson-Darling
    assert "not normal" in res.reason and res.fits.iloc[0]["label"].lower() in res.summary().lower()
    checks = res.checks.set_index("name")["status"]
    assert checks["normality"] == "warn"  # not normal: the fitted distribution is used
    assert checks["stability"] == "warn"  # per-contact times mix teams, days and rounds
    assert checks["amount of data"] == "pass"
    assert "contacts will exceed 900 s" in res.summary()
    assert res.value("ppu") is not None and res.value("cp") is None  # overall only


@pytest.mark.slow
def test_metric_command_on_the_demo(demo_warehouse, capsys):
    code, out, err = run(
        capsys,
        "capability",
        "--metric",
        "aht",
        "--filter",
        "business_line=intl_hotel",
        "--usl",
        900,
        "--json",
        "--warehouse",
        demo_warehouse,
    )
    assert code == 0, err
    d = json.loads(out)
    assert d["distribution"] != "normal" and d["usl"] == 900 and d["sigma_within"] is not None
    assert {c["name"]: c["status"] for c in d["checks"]}["normality"] == "warn"
    code, out, err = run(
        capsys,
        "capability",
        "--metric",
        "service_level",
        "--lsl",
        0.8,
        "--json",
        "--warehouse",
        demo_warehouse,
    )
    assert code == 0, err
    d = json.loads(out)
    assert d["kind"] == "binomial" and d["target"] == pytest.approx(0.2) and 0 < d["p"] < 1
    code, out, err = run(
        capsys,
        "capability",
        "--metric",
        "manual_cpo",
        "--filter",
        "business_line=intl_hotel",
        "--grain",
        "week",
        "--json",
        "--warehouse",
        demo_warehouse,
    )
    assert code == 0, err
    assert json.loads(out)["kind"] == "poisson"
    code, _, err = run(
        capsys,
        "capability",
        "--metric",
        "asa",
        "--filter",
        "channel=online_chat",
        "--usl",
        20,
        "--warehouse",
        demo_warehouse,
    )
    assert code == 2 and "phone" in err
