"""Benchmark: the 2025-10 monthly report on the default demo warehouse
(run: `uv run python bench/bench_report.py [--warehouse PATH]`).

Builds the default (scale 1) demo warehouse first if the path does not exist, then times, in
a fresh process each run: the sections (DuckDB aggregation, charts, icons), the HTML
rendering (figures + page) and the whole `write_monthly_report`, and prints the file size.
Best of 3 runs; the import time of the package is reported separately.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import_t0 = time.perf_counter()
from sixsigma.reporting.monthly import build_monthly_report, render_html, write_monthly_report  # noqa: E402
from sixsigma.warehouse import Warehouse  # noqa: E402
from sixsigma.warehouse.demo import build_demo  # noqa: E402

IMPORT_SECONDS = time.perf_counter() - import_t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--warehouse", default=os.environ.get("SIXSIGMA_WAREHOUSE", "/tmp/report-demo.duckdb"))
    ap.add_argument("--month", default="2025-10")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    path = Path(args.warehouse)
    if not path.exists():
        t0 = time.perf_counter()
        build_demo(path)
        print(f"built the demo warehouse at {path} in {time.perf_counter() - t0:.1f} s")
    print(f"import sixsigma.reporting.monthly: {IMPORT_SECONDS:.2f} s")

    build, render, total, size = [], [], [], 0
    for _ in range(args.repeat):
        with Warehouse(path, read_only=True) as wh:
            t0 = time.perf_counter()
            report = build_monthly_report(wh, args.month)
            t1 = time.perf_counter()
        render_html(report)
        t2 = time.perf_counter()
        build.append(t1 - t0)
        render.append(t2 - t1)
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / f"{args.month}.html"
            t3 = time.perf_counter()
            write_monthly_report(args.month, out=out, warehouse=path)
            total.append(time.perf_counter() - t3)
            size = out.stat().st_size
    n_fig = sum((s.monthly is not None) + (s.daily is not None) for s in report.slices) + len(report.paretos) + 1
    print(f"report {args.month}: {len(report.slices)} KPI rows, {n_fig} charts, {size / 1e6:.2f} MB "
          f"({size:,} bytes; plotly.js is ~4.8 MB of it)")
    print(f"sections (queries, charts, icons): best {min(build):.2f} s of {', '.join(f'{x:.2f}' for x in build)}")
    print(f"HTML rendering (figures, page):    best {min(render):.2f} s of {', '.join(f'{x:.2f}' for x in render)}")
    print(f"write_monthly_report end to end:   best {min(total):.2f} s of {', '.join(f'{x:.2f}' for x in total)}")


if __name__ == "__main__":
    main()
