"""Benchmark: the 2025-10 monthly report on the default demo warehouse
(run: `uv run python bench/bench_report.py [--warehouse PATH]`).

Builds the default (scale 1) demo warehouse first if the path does not exist, then times, in
a fresh process each run: the sections (DuckDB aggregation, charts, icons), the HTML
rendering (figures + page) and the whole `write_monthly_report`, and prints the file size.
Best of 3 runs; the import time of the package is reported separately.

``--compare`` also times, side by side in the same run, the two steps issue 15 replaced: the
KPI data (the old two ``Warehouse.metric`` queries per KPI vs the one daily rollup of
``kpi_frames_all``) and the KPI charts (the old ``make_subplots`` construction vs the plain
figures of ``plots.report.kpi_chart_figure``), and prints the process's peak RSS.
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
    ap.add_argument("--compare", action="store_true", help="also time the old and new KPI data and charts")
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
    if args.compare:
        compare(path, args.month, report, args.repeat)


def _metric_frames(wh, metrics, period):
    """The report's KPI data before the rollup: two metric() queries per KPI."""
    dim = wh.catalog.slice_by
    return {m: {g: wh.metric(m, grain=g, by=[dim], start=lo, end=period.end)
                for g, lo in (("month", period.history_start), ("day", period.daily_start))}
            for m in metrics}


def _subplot_figure(chart, title, target=None, height=330):
    """A KPI chart before: control_chart_figure (make_subplots) plus the report's updates."""
    import dataclasses

    from sixsigma.plots.control_chart import control_chart_figure
    from sixsigma.plots.theme import COLORS, themed

    fig = control_chart_figure(dataclasses.replace(chart, secondary=None), height=height)
    if target is not None:
        fig.add_hline(y=float(target), line=dict(color=COLORS["target"], dash="dash", width=1.5),
                      annotation_text="target", annotation_position="top left",
                      annotation_font=dict(color=COLORS["target"], size=11))
    fig.update_yaxes(title_text=None, row=1, col=1)
    fig.update_layout(margin=dict(l=60, r=20, t=48, b=36), showlegend=False)
    return themed(fig, title=title, height=height)


def compare(path, month, report, repeat) -> None:
    import resource

    from sixsigma.plots.report import kpi_chart_figure
    from sixsigma.reporting import sections as S

    period = S.report_period(month)
    metrics = list(dict.fromkeys(k.metric for k in report.config.kpis))
    old_q, new_q, old_f, new_f = [], [], [], []
    charts = [(c, s.target) for s in report.slices for c in (s.monthly, s.daily) if c is not None]
    with Warehouse(path, read_only=True) as wh:
        for _ in range(repeat):
            t0 = time.perf_counter()
            _metric_frames(wh, metrics, period)
            t1 = time.perf_counter()
            S.kpi_frames_all(wh, metrics, period)
            t2 = time.perf_counter()
            old_q.append(t1 - t0)
            new_q.append(t2 - t1)
    for _ in range(repeat):
        t0 = time.perf_counter()
        for c, target in charts:
            _subplot_figure(c, "t", target)
        t1 = time.perf_counter()
        for c, target in charts:
            kpi_chart_figure(c, "t", target)
        t2 = time.perf_counter()
        old_f.append(t1 - t0)
        new_f.append(t2 - t1)
    print(f"KPI data, {len(metrics)} metrics: 2 metric() queries each: best {min(old_q):.2f} s; "
          f"one daily rollup: best {min(new_q):.2f} s ({min(old_q) / min(new_q):.1f}x)")
    print(f"{len(charts)} KPI charts: make_subplots: best {min(old_f):.2f} s; plain figures: best "
          f"{min(new_f):.2f} s ({min(old_f) / min(new_f):.1f}x)")
    print(f"peak RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
