"""CLI start-up time: `sixsigma --help` and a small `chart imr --json`, best of 5 subprocess runs.

Run from the repository root: ``uv run python bench/bench_cli_start.py``. Also prints how many
modules ``import sixsigma.cli.app`` loads, and whether any heavy library is among them.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("scipy", "pandas", "numpy", "plotly", "duckdb", "ibis", "pyspark", "statsmodels")
RUNS = 5

COMMANDS = {
    "sixsigma --help": ["--help"],
    "sixsigma chart imr qcc_viscosity.csv --json": [
        "chart", "imr", str(ROOT / "tests/reference-data/qcc_viscosity.csv"),
        "--value", "viscosity", "--json",
    ],
}


def best_of(args: list[str], runs: int = RUNS) -> float:
    """Smallest wall time (s) of ``runs`` fresh interpreter runs of the CLI with ``args``."""
    code = "import sys; from sixsigma.cli.app import main; sys.exit(main(sys.argv[1:]))"
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t0)
    return min(times)


def module_count() -> tuple[int, list[str]]:
    """Modules in sys.modules after ``import sixsigma.cli.app``, and the heavy ones among them."""
    out = subprocess.run(
        [sys.executable, "-c", "import sys, sixsigma.cli.app; print('\\n'.join(sys.modules))"],
        cwd=ROOT, check=True, capture_output=True, text=True).stdout.split()
    heavy = sorted({m.split(".")[0] for m in out} & set(HEAVY))
    return len(out), heavy


def main() -> None:
    t0s = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        t0s.append(time.perf_counter() - t0)
    n, heavy = module_count()
    print(f"python -c pass                              {min(t0s):6.3f} s")
    for label, args in COMMANDS.items():
        print(f"{label:44s}{best_of(args):6.3f} s  (best of {RUNS})")
    print(f"import sixsigma.cli.app loads {n} modules; heavy: {', '.join(heavy) or 'none'}")


if __name__ == "__main__":
    main()
