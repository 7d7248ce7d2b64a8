"""Daily manual CPO by business line: the catalog + Ibis metric layer against its floors.

For each Parquet demo (``sixsigma demo --scale N --parquet DIR``) this times, side by side
in one run, each in its own subprocess (so peak memory is that measurement's own):

- ``sixsigma``: ``Warehouse.metric("manual_cpo", grain="day", by=["business_line"])`` on
  DuckDB through a catalog whose sources are the Parquet files (no import);
- ``duckdb sql``: the same numbers from hand-written DuckDB SQL (the floor);
- ``pandas``: the same computation in pandas on the same Parquet (columns pruned,
  categoricals, the way a careful analyst would write it);
- ``spark``: the same ``Warehouse.metric`` on a local[2] SparkSession (with ``--spark``).

    uv run python bench/bench_metric_layer.py /tmp/bench10m /tmp/bench100m [--spark] [--repeat 3]

Prints a Markdown table: best-of-N seconds, peak RSS, and ratios to the sixsigma time.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

CHILD = r'''
import json, resource, sys, time
kind, data, catalog, repeat = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])

def run_sixsigma(engine):
    from sixsigma.warehouse import Warehouse
    session = None
    if engine == "spark":
        from pyspark.sql import SparkSession
        session = (SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false")
                   .config("spark.ui.showConsoleProgress", "false")
                   .config("spark.driver.memory", "6g").getOrCreate())
        session.sparkContext.setLogLevel("ERROR")
    wh = Warehouse(None, read_only=True, catalog=catalog, engine=engine, spark_session=session)
    return lambda: wh.metric("manual_cpo", grain="day", by=["business_line"])

def run_sql():
    import duckdb
    con = duckdb.connect()
    sql = f"""
    WITH num AS (SELECT started_at::DATE AS period, business_line, count(*) AS numerator
                 FROM read_parquet('{data}/contacts/*.parquet')
                 WHERE handled_by = 'agent' AND NOT outbound GROUP BY ALL),
         den AS (SELECT date AS period, business_line, sum(orders) AS denominator
                 FROM read_parquet('{data}/orders.parquet') GROUP BY ALL)
    SELECT period, business_line, coalesce(numerator, 0) AS numerator, denominator,
           coalesce(numerator, 0) / denominator AS value
    FROM den LEFT JOIN num USING (period, business_line) WHERE denominator > 0"""
    return lambda: con.execute(sql).df()

def run_pandas():
    import glob
    import pandas as pd
    files = sorted(glob.glob(f"{data}/contacts/*.parquet"))
    def go():
        import duckdb  # the demo's Parquet is read the same way sixsigma reads it
        parts = []
        for f in files:
            c = duckdb.read_parquet(f).select("started_at, business_line, handled_by, outbound").df()
            c = c[(c["handled_by"] == "agent") & ~c["outbound"]]
            c["business_line"] = c["business_line"].astype("category")
            parts.append(c.groupby([c["started_at"].dt.normalize(), "business_line"], observed=True)
                         .size().rename("numerator"))
        num = pd.concat(parts).groupby(level=[0, 1], observed=True).sum()
        o = duckdb.read_parquet(f"{data}/orders.parquet").df()
        den = o.groupby([pd.to_datetime(o["date"]), "business_line"])["orders"].sum().rename("denominator")
        num.index.names = den.index.names = ["period", "business_line"]
        out = den.to_frame().join(num, how="left").fillna({"numerator": 0})
        out["value"] = out["numerator"] / out["denominator"]
        return out.reset_index()
    return go

fn = {"sixsigma": lambda: run_sixsigma("duckdb"), "spark": lambda: run_sixsigma("spark"),
      "duckdb sql": run_sql, "pandas": run_pandas}[kind]()
times, rows, total = [], 0, 0.0
for _ in range(repeat):
    t = time.perf_counter()
    df = fn()
    times.append(time.perf_counter() - t)
    rows, total = len(df), float(df["numerator"].sum())
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"best": min(times), "peak_mb": peak, "rows": rows, "numerator": total}))
'''


def catalog_for(data: Path, folder: Path) -> Path:
    """The travel catalog with its sources on the demo's Parquet files."""
    text = (REPO / "datasets" / "catalogs" / "travel.yaml").read_text(encoding="utf-8")
    text = text.replace("table: contacts", f"parquet: {data}/contacts\n    hive: false")
    text = text.replace("table: orders", f"parquet: {data}/orders.parquet\n    hive: false")
    text = re.sub(r"^report: .*$", "", text, flags=re.M)
    path = folder / f"catalog_{data.name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", nargs="+", type=Path, help="folders written by `sixsigma demo --parquet`")
    ap.add_argument("--spark", action="store_true", help="also time the Spark engine (local[2])")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    kinds = ["sixsigma", "duckdb sql", "pandas"] + (["spark"] if args.spark else [])
    tmp = Path(tempfile.mkdtemp(prefix="bench-metric-"))
    print("| contacts | engine | best s | peak MB | vs sixsigma |")
    print("| ---: | --- | ---: | ---: | ---: |")
    for data in args.data:
        import duckdb

        n = duckdb.sql(f"SELECT count(*) FROM read_parquet('{data}/contacts/*.parquet')").fetchall()[0][0]
        cat = catalog_for(data.resolve(), tmp)
        res = {}
        for kind in kinds:
            out = subprocess.run([sys.executable, "-c", CHILD, kind, str(data.resolve()), str(cat),
                                  str(args.repeat)], capture_output=True, text=True, cwd=REPO)
            if out.returncode != 0:
                print(f"| {n:,} | {kind} | failed: {out.stderr.strip().splitlines()[-1]} | | |")
                continue
            res[kind] = json.loads(out.stdout.strip().splitlines()[-1])
        base = res.get("sixsigma", {}).get("best")
        sums = {k: v["numerator"] for k, v in res.items()}
        assert len(set(sums.values())) == 1, f"the engines disagree: {sums}"
        for kind, r in res.items():
            ratio = f"{r['best'] / base:.2f}x" if base else ""
            print(f"| {n:,} | {kind} | {r['best']:.3f} | {r['peak_mb']:,.0f} | {ratio} |")


if __name__ == "__main__":
    main()
