"""Benchmark: build the demo warehouse, then compute daily metrics over 10M+ contacts.

    uv run python bench/bench_warehouse.py [--big-scale 4] [--out bench/out]

Prints one line per step (seconds, rows). Not a test: numbers go to bench/README.md.
"""

from __future__ import annotations

import argparse
import shutil
import time
from pathlib import Path

from sixsigma.warehouse import Warehouse
from sixsigma.warehouse.demo import build_demo, write_parquet


def timed(label: str, func, *args, **kwargs):
    t0 = time.perf_counter()
    out = func(*args, **kwargs)
    print(f"{label:<58} {time.perf_counter() - t0:8.2f} s")
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--big-scale", type=float, default=4.0, help="scale of the 10M+ build")
    ap.add_argument("--out", default="bench/out")
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    demo = timed("build demo warehouse (scale 1)", build_demo, out / "demo.duckdb", scale=1.0)
    with Warehouse(demo, read_only=True) as wh:
        print(f"{'  contacts':<58} {wh.row_count('contacts'):>10,}")
        timed("  daily manual CPO by business line (3 years)", wh.metric, "manual_cpo", by=["business_line"])

    big = timed(f"build warehouse at scale {args.big_scale:g}", build_demo, out / "big.duckdb",
                scale=args.big_scale)
    with Warehouse(big, read_only=True) as wh:
        n = wh.row_count("contacts")
        print(f"{'  contacts':<58} {n:>10,}")
        for name in ["manual_cpo", "aht", "service_level", "fcr"]:
            df = timed(f"  daily {name} by business line", wh.metric, name, by=["business_line"])
        timed("  daily manual CPO, intl_hotel, by reason", wh.metric, "manual_cpo", by=["reason"],
              filters={"business_line": "intl_hotel"})
        timed("  monthly AHT by team", wh.metric, "aht", grain="month", by=["team"])
        print(f"{'  rows returned by the last daily metric':<58} {len(df):>10,}")
    timed(f"write Parquet at scale {args.big_scale:g}", write_parquet, out / "parquet", scale=args.big_scale)
    for p in (demo, big):
        p.unlink(missing_ok=True)
    shutil.rmtree(out / "parquet", ignore_errors=True)


if __name__ == "__main__":
    main()
