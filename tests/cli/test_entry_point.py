"""The real `sixsigma` entry point: help, a user error as one line with exit 2."""

from __future__ import annotations

import subprocess
import sys


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
    assert "unknown metric 'manual_cp'; valid metrics are:" in out.stderr


def test_usage_errors_exit_2():
    out = run("data", "metric")
    assert out.returncode == 2
