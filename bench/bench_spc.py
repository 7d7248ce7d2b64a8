"""Benchmark: control charts at scale (run: `uv run python bench/bench_spc.py [--before REV]`).

Times an I-MR chart with all eight special-cause tests on 1,000,000 points and a Laney U'
chart on 100,000 subgroups (plus the plain U chart), best of 3 runs, and measures the peak
memory of one I-MR build: the tracemalloc peak of the call (numpy and pandas report their
buffers to it) and the process's peak resident size (``ru_maxrss``). Each case runs in its
own subprocess, so peaks do not mix. It also times the on-demand parts: the summary, the
full ``signals`` table and ``to_dict()`` (JSON) of that chart.

``--before REV`` (e.g. ``--before HEAD~3``) runs the same cases on the ``sixsigma`` package
of git revision REV too (extracted with ``git archive`` into a temporary directory, the
checkout is not touched) and prints both side by side, with the ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CASE = r"""
import json, resource, sys, time, tracemalloc
import sixsigma
assert sixsigma.__file__.startswith(sys.argv[2]), (sixsigma.__file__, sys.argv[2])
import numpy as np
from sixsigma.spc import control_chart

def best_of(fn, repeat=3, clock=time.perf_counter):
    times = []
    for _ in range(repeat):
        t0 = clock(); fn(); times.append(clock() - t0)
    return min(times)

case = sys.argv[1]
rng = np.random.default_rng(42)
x = rng.normal(300.0, 20.0, size=1_000_000)
x[500_000:] += 4.0  # a small shift so the run tests have something to find
orders = rng.integers(20_000, 30_000, size=100_000)
contacts = rng.poisson(orders * 0.12 * np.exp(rng.normal(0, 0.05, size=100_000)))
out = {}
if case == "imr":
    imr = lambda: control_chart("imr", value=x, tests="all")
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    imr()  # warm-up (imports, caches)
    tracemalloc.start()
    chart = imr()
    out["trace_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    del chart
    out["seconds"] = best_of(imr)
    out["cpu_seconds"] = best_of(imr, clock=time.process_time)
    out["rss_peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out["rss_before_mb"] = rss0 / 1024
    chart = imr()
    out["flagged"] = int(chart.points["signal"].sum())
    t0 = time.perf_counter(); chart.summary(); out["summary_s"] = time.perf_counter() - t0
    t0 = time.perf_counter(); n = len(chart.signals); out["signals_s"] = time.perf_counter() - t0
    out["signals"] = n
    t0 = time.perf_counter(); chart.to_dict(); out["to_dict_s"] = time.perf_counter() - t0
elif case == "laney-u":
    lu = control_chart("laney-u", count=contacts, size=orders, tests="all")
    out["seconds"] = best_of(lambda: control_chart("laney-u", count=contacts, size=orders, tests="all"))
    out["sigma_z"] = lu.sigma_z
elif case == "u":
    out["seconds"] = best_of(lambda: control_chart("u", count=contacts, size=orders))
print(json.dumps(out))
"""


def run_case(case: str, pythonpath: str) -> dict:
    env = dict(os.environ, PYTHONPATH=pythonpath)
    # run from the tree itself: "python -c" puts the working directory first on sys.path
    done = subprocess.run(
        [sys.executable, "-c", CASE, case, pythonpath], env=env, capture_output=True, text=True, cwd=pythonpath
    )
    if done.returncode:
        raise SystemExit(f"case {case} failed under {pythonpath}:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def extract(rev: str, into: str) -> str:
    """The sixsigma package of git revision ``rev``, unpacked into ``into``."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", rev, "sixsigma"], capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", into], input=archive, check=True)
    return into


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--before", metavar="REV", help="also run git revision REV's sixsigma")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        trees = {"now": str(ROOT)}
        if args.before:
            trees[f"before ({args.before})"] = extract(args.before, tmp)
        res = {
            name: {c: run_case(c, path) for c in ("imr", "laney-u", "u")}
            for name, path in trees.items()
        }
    names = list(res)
    rows = [
        ("I-MR, 1M points, tests 1-8: seconds (best of 3)", "imr", "seconds", "{:.2f}"),
        ("  CPU seconds of the process (best of 3; less sensitive to load)", "imr",
         "cpu_seconds", "{:.2f}"),
        ("  peak traced memory of one build, MB", "imr", "trace_peak_mb", "{:.0f}"),
        ("  process peak RSS, MB", "imr", "rss_peak_mb", "{:.0f}"),
        ("  (RSS before the first build: interpreter, imports, data, MB)", "imr", "rss_before_mb", "{:.0f}"),
        ("  summary(), s", "imr", "summary_s", "{:.3f}"),
        ("  full signals table on first access, s (before: built with the chart)", "imr",
         "signals_s", "{:.2f}"),
        ("  to_dict() (JSON), s", "imr", "to_dict_s", "{:.2f}"),
        ("Laney U', 100k subgroups, tests 1-4: seconds", "laney-u", "seconds", "{:.3f}"),
        ("U, 100k subgroups, test 1: seconds", "u", "seconds", "{:.3f}"),
    ]
    print(" | ".join(["case", *names] + (["before / now"] if len(names) > 1 else [])))
    for label, case, key, fmt in rows:
        vals = [res[nm][case].get(key) for nm in names]
        cells = [fmt.format(v) if v is not None else "-" for v in vals]
        if len(names) > 1 and vals[0] is not None and vals[1] is not None and min(vals[:2]) > 1e-3:
            cells.append(f"{vals[1] / vals[0]:.1f}x")
        print(" | ".join([label, *cells]))
    imr = res["now"]["imr"]
    print(f"({imr['flagged']:,} flagged points, {imr['signals']:,} signals on the I chart)")


if __name__ == "__main__":
    main()
