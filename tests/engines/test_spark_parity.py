"""Engine parity: every travel-catalog metric gives the same rows on DuckDB and on Spark.

The DuckDB side reads the warehouse tables; the Spark side reads the same data exported by
``sixsigma data export --parquet`` (hive-partitioned year/month) through a catalog whose
sources are ``parquet:`` folders — so the export is checked too. Periods, slices, counts and
days covered must be identical; sums of floats (AHT's handle seconds) and values equal to
1e-12 relative (the engines add in different orders). One local[2] SparkSession serves the whole test session (tests/conftest.py).
"""

from __future__ import annotations

import itertools
import re

import pandas as pd
import pytest

from sixsigma.catalog import load_catalog, shipped
from sixsigma.warehouse import Warehouse
from sixsigma.warehouse.export import export_parquet

pytestmark = pytest.mark.spark

CASES = [  # (by, filters): with and without by (business_line, reason, team) and filters
    ([], None),
    (["business_line"], None),
    (["reason"], {"business_line": ["intl_hotel", "hotel"]}),
    (["team"], {"channel": ["phone"]}),
]
GRAINS = ["day", "week", "month"]
WINDOW = ("2024-01-01", "2024-03-01")  # two months, with a partial week at each end


@pytest.fixture(scope="module")
def small_warehouse(tmp_path_factory):
    from sixsigma.warehouse.demo import build_demo

    return build_demo(tmp_path_factory.mktemp("parity") / "warehouse.duckdb", scale=0.03)


@pytest.fixture(scope="module")
def lake_catalog(small_warehouse, tmp_path_factory):
    """The travel catalog with its sources moved to the exported Parquet folders."""
    folder = tmp_path_factory.mktemp("lake")
    written = export_parquet(small_warehouse, folder)
    assert set(written) == {"contacts", "orders"} and all(r > 0 for r, _ in written.values())
    assert (folder / "contacts" / "year=2024" / "month=1").is_dir()
    text = shipped("travel").read_text(encoding="utf-8")
    text = re.sub(r"table: (contacts|orders)\b", lambda m: f"parquet: {folder / m.group(1)}", text)
    path = folder / "travel_lake.yaml"
    path.write_text(text, encoding="utf-8")
    cat = load_catalog(path)
    assert all(s.parquet is not None for s in cat.sources.values())
    return path


@pytest.fixture(scope="module")
def engines(small_warehouse, lake_catalog, spark_session):
    duck = Warehouse(small_warehouse, read_only=True)
    spark = Warehouse(None, read_only=True, catalog=lake_catalog, engine="spark",
                      spark_session=spark_session)
    yield duck, spark
    duck.close()


def _same(a: pd.DataFrame, b: pd.DataFrame, keys: list[str]) -> None:
    a = a.sort_values(keys).reset_index(drop=True)
    b = b.sort_values(keys).reset_index(drop=True)
    assert list(a.columns) == list(b.columns)
    assert len(a) == len(b)
    for k in keys:
        assert a[k].astype(str).tolist() == b[k].astype(str).tolist(), k
    assert (a["days"] == b["days"]).all()
    for col in ("numerator", "denominator", "value"):  # counts equal; float sums to 1e-12
        pd.testing.assert_series_equal(a[col], b[col], rtol=1e-12, atol=0)


@pytest.mark.parametrize("metric", list(load_catalog(shipped("travel")).metrics))
def test_every_metric_same_on_duckdb_and_spark(engines, metric):
    duck, spark = engines
    rows = 0
    for grain, (by, flt) in itertools.product(GRAINS, CASES):
        kw = dict(grain=grain, by=by, filters=flt, start=WINDOW[0], end=WINDOW[1])
        a = duck.metric(metric, **kw)
        _same(a, spark.metric(metric, **kw), ["period", *by])
        rows += len(a)
    assert rows > 100  # the cases compared real rows (a bot metric has no team rows: empty there)


def test_partial_periods_and_values_same(engines):
    duck, spark = engines
    kw = dict(grain="week", filters={"business_line": "intl_hotel"}, start=WINDOW[0], end=WINDOW[1])
    a, b = duck.metric("manual_cpo", **kw), spark.metric("manual_cpo", **kw)
    assert a.attrs["partial_dropped"] == b.attrs["partial_dropped"] == ["2024-02-26 (4 of 7 days)"]
    pa = duck.population("aht", filters={"business_line": "hotel"}, start=WINDOW[0], end=WINDOW[1])
    pb = spark.population("aht", filters={"business_line": "hotel"}, start=WINDOW[0], end=WINDOW[1])
    assert len(pa) == len(pb) > 100
    assert sorted(pa) == sorted(pb)
    ca = duck.counts(["reason"], filters={"business_line": "intl_hotel"}, start=WINDOW[0], end=WINDOW[1])
    cb = spark.counts(["reason"], filters={"business_line": "intl_hotel"}, start=WINDOW[0], end=WINDOW[1])
    pd.testing.assert_frame_equal(ca, cb, check_dtype=False)


def test_the_cli_runs_metric_chart_and_test_on_spark(engines, lake_catalog, small_warehouse, capsys):
    """The commands that read metrics, with --engine spark (the session above is reused)."""
    import json

    from sixsigma.cli.app import main

    common = ["--filter", "business_line=intl_hotel", "--start", WINDOW[0], "--end", WINDOW[1], "--json"]
    out = {}
    for engine, extra in (("duckdb", ["--warehouse", str(small_warehouse)]),
                          ("spark", ["--engine", "spark", "--catalog", str(lake_catalog)])):
        assert main(["data", "metric", "manual_cpo", "--grain", "week", *common, *extra]) == 0
        out[engine] = json.loads(capsys.readouterr().out)
        assert main(["chart", "auto", "--metric", "fcr", "--grain", "day", *common, *extra]) == 0
        out[engine + " chart"] = json.loads(capsys.readouterr().out)
        assert main(["test", "auto", "--metric", "manual_cpo", "--before", "2024-02-01", "--after",
                     "2024-02-01", *common, *extra]) == 0
        out[engine + " test"] = json.loads(capsys.readouterr().out)
    assert out["spark"]["engine"] == "spark" and out["duckdb"]["engine"] == "duckdb"
    assert out["spark"]["rows"] == out["duckdb"]["rows"]
    assert out["spark chart"]["points"] == out["duckdb chart"]["points"]
    a, b = out["spark test"], out["duckdb test"]
    assert a["test"] == b["test"] and "quasi-Poisson" in a["test"]
    assert a["p_value"] == pytest.approx(b["p_value"], rel=1e-9)
