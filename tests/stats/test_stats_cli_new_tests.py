"""The issue-12 tests through the real `sixsigma test NAME` entry point (thin dispatch)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats as st

from sixsigma.cli.app import main

DATA = Path(__file__).parent / "data"


def run(capsys, *args):
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def run_json(capsys, *args):
    code, out, err = run(capsys, *args, "--json")
    assert code == 0, err
    return json.loads(out)


def test_fligner_killeen_cli(capsys):
    d = run_json(
        capsys,
        "test",
        "fligner-killeen",
        DATA / "InsectSprays.csv",
        "--value",
        "count",
        "--group",
        "spray",
    )
    assert d["statistic"] == pytest.approx(14.483, abs=5e-4)  # R: fligner.test(InsectSprays)


def test_kendall_cli(capsys, tmp_path):
    f = tmp_path / "xy.csv"
    pd.DataFrame(
        {
            "x": [44.4, 45.9, 41.9, 53.3, 44.7, 44.1, 50.7, 45.2, 60.1],
            "y": [2.6, 3.1, 2.5, 5.0, 3.6, 4.0, 5.2, 2.8, 3.8],
        }
    ).to_csv(f, index=False)
    d = run_json(capsys, "test", "kendall", f, "--x", "x", "--y", "y")
    assert d["p_value"] == pytest.approx(0.1194, abs=5e-5)  # R ?cor.test, kendall


def test_fisher_exact_cli_uses_rxc_for_bigger_tables(capsys, tmp_path):
    f = tmp_path / "t.csv"
    rows = [
        ("a", "x", 2),
        ("a", "y", 3),
        ("a", "z", 1),
        ("b", "x", 5),
        ("b", "y", 1),
        ("b", "z", 2),
        ("c", "x", 1),
        ("c", "y", 4),
        ("c", "z", 3),
    ]
    pd.DataFrame(rows, columns=["r", "c", "n"]).to_csv(f, index=False)
    d = run_json(capsys, "test", "fisher-exact", f, "--row", "r", "--column", "c", "--count", "n")
    assert d["test"] == "Fisher's exact test (r x c)"
    sim = run_json(
        capsys,
        "test",
        "fisher-exact",
        f,
        "--row",
        "r",
        "--column",
        "c",
        "--count",
        "n",
        "--method",
        "simulate",
        "--seed",
        "1",
    )
    assert abs(sim["p_value"] - d["p_value"]) < 0.03


def test_equivalence_cli(capsys):
    d = run_json(
        capsys,
        "test",
        "equivalence",
        DATA / "sleep.csv",
        "--value",
        "extra",
        "--group",
        "group",
        "--lower",
        "-5",
        "--upper",
        "5",
    )
    assert d["equivalent"] is True and d["tost_ci"][0] < d["estimate"] < d["tost_ci"][1]
    assert d["ci"][0] <= min(0, d["tost_ci"][0]) and d["ci"][1] >= max(0, d["tost_ci"][1])
    code, _, err = run(
        capsys, "test", "equivalence", DATA / "sleep.csv", "--value", "extra", "--lower", "1"
    )
    assert code == 2 and "error:" in err and "Traceback" not in err


def test_quasi_poisson_cli(capsys, tmp_path):
    rng = np.random.default_rng(7)
    e = rng.integers(900, 1100, 40)
    y = rng.poisson(np.where(np.arange(40) < 20, 0.12, 0.09) * e * rng.gamma(5, 0.2, 40))
    f = tmp_path / "daily.csv"
    pd.DataFrame(
        {"contacts": y, "orders": e, "window": np.where(np.arange(40) < 20, "before", "after")}
    ).to_csv(f, index=False)
    d = run_json(
        capsys,
        "test",
        "quasi-poisson",
        f,
        "--value",
        "contacts",
        "--exposure",
        "orders",
        "--group",
        "window",
        "--groups",
        "after,before",
    )
    assert d["test"] == "2-sample rate ratio (quasi-Poisson)"
    ratio = (y[20:].sum() / e[20:].sum()) / (y[:20].sum() / e[:20].sum())
    assert d["estimate"] == pytest.approx(ratio, rel=1e-12)
    assert d["df"] == 38 and d["poisson_exact"]["p_value"] is not None
    assert d["p_value"] == pytest.approx(2 * st.t.sf(abs(d["statistic"]), 38), rel=1e-9)
