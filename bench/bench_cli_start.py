"""CLI start-up time: `sixsigma --help`, `sixsigma data --help` and a small `chart imr --json`,
best of 5 fresh interpreters each, for the working tree and (``--before REV``) an older commit's
``sixsigma`` package side by side in the same run.

    uv run python bench/bench_cli_start.py --before 903048c

The older package is exported with ``git archive REV sixsigma`` into a temporary folder (with
``datasets`` linked beside it, for the shipped catalogs) and put first on PYTHONPATH. Also
prints how many modules ``import sixsigma.cli.app`` loads and which heavy libraries among them.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("scipy", "pandas", "numpy", "plotly", "duckdb", "ibis", "pyspark", "statsmodels")
RUNS = 5
CLI = "import sys; from sixsigma.cli.app import main; sys.exit(main(sys.argv[1:]))"

COMMANDS = {
    "sixsigma --help": ["--help"],
    "sixsigma data --help": ["data", "--help"],
    "sixsigma chart imr --help": ["chart", "imr", "--help"],
    "sixsigma report monthly --help": ["report", "monthly", "--help"],
    "sixsigma chart imr qcc_viscosity.csv --json": [
        "chart", "imr", str(ROOT / "tests/reference-data/qcc_viscosity.csv"),
        "--value", "viscosity", "--json",
    ],
}


def _cwd(env: dict[str, str]) -> str:
    """Run in the tree's own folder: ``python -c`` puts the current folder first on sys.path."""
    return env.get("PYTHONPATH") or str(ROOT)


def _child_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def best_of(args: list[str], env: dict[str, str], runs: int = RUNS) -> tuple[float, float]:
    """Smallest wall and CPU time (s) of ``runs`` fresh interpreter runs of the CLI with ``args``
    (CPU time moves less than wall time on a loaded machine)."""
    times, cpus = [], []
    for _ in range(runs):
        t0, c0 = time.perf_counter(), _child_cpu()
        subprocess.run([sys.executable, "-c", CLI, *args], cwd=_cwd(env), env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t0)
        cpus.append(_child_cpu() - c0)
    return min(times), min(cpus)


def module_count(env: dict[str, str]) -> tuple[int, list[str]]:
    """Modules in sys.modules after ``import sixsigma.cli.app``, and the heavy ones among them."""
    out = subprocess.run(
        [sys.executable, "-c", "import sys, sixsigma.cli.app; print('\\n'.join(sys.modules))"],
        cwd=_cwd(env), env=env, check=True, capture_output=True, text=True).stdout.split()
    heavy = sorted({m.split(".")[0] for m in out} & set(HEAVY))
    return len(out), heavy


def export(rev: str, into: Path) -> None:
    """``git archive rev sixsigma`` unpacked into ``into``, with the datasets folder linked."""
    tar = subprocess.run(["git", "archive", rev, "sixsigma"], cwd=ROOT, check=True,
                         capture_output=True).stdout
    with tarfile.open(fileobj=BytesIO(tar)) as tf:
        tf.extractall(into, filter="data")
    (into / "datasets").symlink_to(ROOT / "datasets")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", metavar="REV", help="also time this commit's package")
    opts = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        trees = {"now": dict(os.environ)}
        if opts.before:
            export(opts.before, Path(tmp))
            trees[opts.before] = {**os.environ, "PYTHONPATH": tmp}
        print(f"{'':44s}" + "".join(f"{name + ' wall':>14s}{name + ' CPU':>14s}" for name in trees)
              + ("  ratio (wall, CPU)" if opts.before else ""))
        for label, args in COMMANDS.items():
            times = {name: best_of(args, env) for name, env in trees.items()}
            row = f"{label:44s}" + "".join(f"{w:12.3f} s{c:12.3f} s" for w, c in times.values())
            if opts.before:
                (w0, c0), (w1, c1) = times[opts.before], times["now"]
                row += f"  {w0 / w1:.1f}x, {c0 / c1:.1f}x"
            print(row)
        for name, env in trees.items():
            n, heavy = module_count(env)
            print(f"{name}: import sixsigma.cli.app loads {n} modules; "
                  f"heavy: {', '.join(heavy) or 'none'}")


if __name__ == "__main__":
    main()
