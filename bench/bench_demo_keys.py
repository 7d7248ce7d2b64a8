"""Benchmark (issue 15): the demo build, and the data-quality duplicate check with keys
enforced at import, side by side in one run.

    uv run python bench/bench_demo_keys.py [--before REV] [--scale 1 --scale 4] [--out /tmp/bench-keys]

For each scale: the demo build with this tree's builder and, with ``--before REV``, with that
commit's ``sixsigma/warehouse/demo.py`` (run against this tree's package; it writes no key
index); then, on this tree's warehouse, ``quality._duplicates`` as reports now run it (the key
is enforced: no scan) and forced to re-group the window by the key (what it did before), and
``write_monthly_report`` end to end. Wall and CPU seconds (CPU includes DuckDB's threads).
"""

from __future__ import annotations

import argparse
import importlib.util
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def timed(label: str, func, *args, **kwargs):
    t0, c0 = time.perf_counter(), cpu()
    out = func(*args, **kwargs)
    print(f"| {label} | {time.perf_counter() - t0:.2f} | {cpu() - c0:.2f} |", flush=True)
    return out


def old_builder(rev: str, folder: Path):
    src = subprocess.run(["git", "show", f"{rev}:sixsigma/warehouse/demo.py"], cwd=REPO, check=True,
                         capture_output=True, text=True).stdout
    path = folder / "old_demo.py"
    path.write_text(src)
    spec = importlib.util.spec_from_file_location("old_demo", path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules["old_demo"] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod.build_demo


def main() -> None:
    from sixsigma.reporting.monthly import write_monthly_report
    from sixsigma.warehouse import Warehouse
    from sixsigma.warehouse import quality as Q
    from sixsigma.warehouse.demo import build_demo

    ap = argparse.ArgumentParser()
    ap.add_argument("--before", metavar="REV")
    ap.add_argument("--scale", type=float, action="append")
    ap.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "bench-keys")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    print("| step | wall s | CPU s |\n| --- | ---: | ---: |")
    for scale in args.scale or [1.0, 4.0]:
        if args.before:
            old = timed(f"build, scale {scale:g}, before ({args.before})", old_builder(args.before, args.out),
                        args.out / "old.duckdb", scale=scale)
            old.unlink()
        path = timed(f"build, scale {scale:g}, after", build_demo, args.out / "new.duckdb", scale=scale)
        with Warehouse(path, read_only=True) as wh:
            n = wh.row_count("contacts")
            s, e = Q._date("2023-01-01"), Q._date("2025-11-01")  # at most the 2025-10 report's window
            timed(f"duplicate-key check, {n:,} contacts, key enforced (now)", Q._duplicates, wh, s, e, 5)
            enforced, Q._enforced = Q._enforced, lambda wh: set()
            try:
                timed(f"duplicate-key check, {n:,} contacts, re-grouped (before)", Q._duplicates, wh, s, e, 5)
            finally:
                Q._enforced = enforced
        out = args.out / "report.html"
        timed(f"write_monthly_report 2025-10, {n:,} contacts", write_monthly_report, "2025-10", out=out,
              warehouse=path)
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB", file=sys.stderr)


if __name__ == "__main__":
    main()
