"""The CLI starts without loading the heavy libraries (issue 15: `sixsigma --help` in < 0.5 s).

Each check runs in a fresh interpreter and asserts on the set of loaded modules, not on time.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("scipy", "pandas", "numpy", "plotly", "duckdb", "ibis", "pyspark", "statsmodels")

_PROBE = """
import sys
{body}
print("MODULES", " ".join(sorted(sys.modules)))
"""


def _loaded(body: str) -> tuple[set[str], subprocess.CompletedProcess]:
    proc = subprocess.run([sys.executable, "-c", _PROBE.format(body=body)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    line = [ln for ln in proc.stdout.splitlines() if ln.startswith("MODULES ")]
    assert line, f"probe failed: {proc.stderr[-2000:]}"
    return {m.split(".")[0] for m in line[-1].split()[1:]}, proc


def test_import_cli_app_loads_no_heavy_library():
    tops, _ = _loaded("import sixsigma.cli.app")
    assert "typer" in tops and "sixsigma" in tops  # the probe really imported the app
    assert sorted(tops & {*HEAVY, "sqlglot", "rich"}) == []


@pytest.mark.parametrize("argv", [["--help"], ["data", "--help"], ["chart", "--help"],
                                  ["test", "--help"], ["capability", "--help"]])
def test_help_loads_no_heavy_library(argv):
    body = ("from sixsigma.cli.app import main\n"
            f"code = main({argv!r})\n"
            "print('EXIT', code)")
    tops, proc = _loaded(body)
    assert "EXIT 0" in proc.stdout
    assert "Usage" in proc.stdout  # the help text was printed
    assert sorted(tops & set(HEAVY)) == []


@pytest.mark.parametrize("argv", [["chart", "imr", "--help"], ["data", "metric", "--help"],
                                  ["report", "monthly", "--help"], ["demo", "--help"]])
def test_subcommand_help_loads_no_catalog(argv):
    """The root callback skips the catalog when the command line asks for help (issue 15)."""
    body = ("from sixsigma.cli.app import main\n"
            f"code = main({argv!r})\n"
            "print('EXIT', code)")
    tops, proc = _loaded(body)
    assert "EXIT 0" in proc.stdout and "Usage" in proc.stdout
    assert sorted(tops & {*HEAVY, "sqlglot", "yaml"}) == []


def test_a_bad_catalog_is_still_refused_before_a_command_runs(tmp_path):
    body = ("from sixsigma.cli.app import main\n"
            f"code = main(['--catalog', {str(tmp_path / 'none.yaml')!r}, 'chart', 'imr', "
            "'tests/reference-data/qcc_viscosity.csv', '--value', 'viscosity'])\n"
            "print('EXIT', code)")
    tops, proc = _loaded(body)
    assert "EXIT 2" in proc.stdout and "no catalog at" in proc.stderr
    assert "scipy" not in tops  # refused before the chart code was imported


def test_a_real_command_still_loads_what_it_needs():
    """The probe can fail: a command that computes does import numpy/pandas."""
    body = ("from sixsigma.cli.app import main\n"
            "code = main(['chart', 'imr', 'tests/reference-data/qcc_viscosity.csv', "
            "'--value', 'viscosity', '--json'])\n"
            "print('EXIT', code)")
    tops, proc = _loaded(body)
    assert "EXIT 0" in proc.stdout
    assert {"numpy", "pandas"} <= tops


def test_cli_names_match_their_owners():
    """sixsigma.cli._names copies constants so help texts need no heavy import; keep them equal."""
    from sixsigma.capability.analysis import DISTRIBUTIONS
    from sixsigma.capability.normal import SIGMA_METHODS
    from sixsigma.cli import _names
    from sixsigma.spc.charts import CHART_TYPES
    from sixsigma.spc.rules import PRESETS
    from sixsigma.stats.power import TESTS
    from sixsigma.warehouse.demo import DEFAULT_SEED
    from sixsigma.warehouse.store import GRAINS, WAREHOUSE_ENV

    assert _names.CHART_TYPES == CHART_TYPES
    assert _names.PRESETS == tuple(PRESETS)
    assert _names.GRAINS == GRAINS
    assert _names.WAREHOUSE_ENV == WAREHOUSE_ENV
    assert _names.DEFAULT_SEED == DEFAULT_SEED
    assert _names.POWER_TESTS == TESTS
    assert _names.DISTRIBUTIONS == DISTRIBUTIONS
    assert _names.SIGMA_METHODS == SIGMA_METHODS


def test_import_catalog_loads_no_sql_engine():
    """The root callback imports sixsigma.catalog for every command; sqlglot/ibis wait for use."""
    tops, _ = _loaded("import sixsigma.catalog")
    assert "sixsigma" in tops
    assert sorted(tops & {*HEAVY, "sqlglot"}) == []
