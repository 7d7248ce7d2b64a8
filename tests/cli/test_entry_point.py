"""The real `sixsigma` entry point: help, a user error as one line with exit 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest


def run(*args: str, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sixsigma", *args], capture_output=True, text=True,
                          timeout=120)


def test_help_lists_the_command_groups():
    out = run("--help")
    assert out.returncode == 0
    for group in ["data", "chart", "capability", "test", "power", "rootcause", "pareto", "project",
                  "report", "demo"]:
        assert group in out.stdout


def test_a_user_error_is_one_line_and_exit_2(tmp_path):
    out = run("data", "tables", "--warehouse", str(tmp_path / "missing.duckdb"))
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1 and out.stderr.startswith("error: no warehouse at")
    assert "Traceback" not in out.stderr


def test_an_unknown_metric_lists_the_valid_ones(tmp_path):
    out = run("data", "metric", "manual_cp", "--warehouse", str(tmp_path / "missing.duckdb"))
    assert out.returncode == 2
    assert out.stderr.startswith("error: unknown metric 'manual_cp'; did you mean 'manual_cpo'? valid metrics are:")
    assert out.stderr.count("\n") == 1


def test_usage_errors_exit_2():
    out = run("data", "metric")
    assert out.returncode == 2


def test_parquet_files_are_read_through_duckdb(tmp_path, capsys):
    import duckdb
    import pandas as pd

    from sixsigma.cli.app import main

    # Montgomery's viscosity data (qcc): I chart centre = mean of the 35 batches.
    df = pd.read_csv(Path(__file__).parents[1] / "reference-data" / "qcc_viscosity.csv")
    pq = tmp_path / "viscosity.parquet"
    con = duckdb.connect()
    con.register("df", df)
    con.execute(f"COPY df TO '{pq}' (FORMAT parquet)")
    con.close()
    assert main(["chart", "imr", str(pq), "--value", "viscosity", "--label", "batch", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["points"][0]["center"] == pytest.approx(df["viscosity"].mean(), rel=1e-12)

    bad = tmp_path / "broken.parquet"
    bad.write_text("not parquet")
    assert main(["chart", "imr", str(bad), "--value", "viscosity"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and "cannot be read as Parquet" in err and err.count("\n") == 1
