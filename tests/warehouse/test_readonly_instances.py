"""One process, one warehouse file, several catalogs open read-only at once.

DuckDB keeps one database instance per file and a process; once an instance has external
access off it refuses to widen ``allowed_directories``. So a Parquet-only catalog opens an
in-memory database of its own, and a catalog with tables and Parquet attaches the file to its
own instance; both stay hardened (no file outside their Parquet folders is readable).
"""

from __future__ import annotations

import duckdb
import pytest

from sixsigma.catalog import load_catalog, shipped
from sixsigma.errors import InputError
from sixsigma.warehouse import Warehouse


def _mixed_catalog(tmp_path, small_warehouse, name: str):
    """The travel catalog with its orders read from a Parquet copy in folder ``name``."""
    folder = tmp_path / name
    folder.mkdir()
    con = duckdb.connect(str(small_warehouse), read_only=True)
    con.execute(f"COPY orders TO '{folder / 'orders.parquet'}' (FORMAT parquet)")
    con.close()
    text = shipped("travel").read_text().replace("    table: orders", f"    parquet: {folder / 'orders.parquet'}")
    path = tmp_path / f"{name}.yaml"
    path.write_text(text)
    return load_catalog(path)


def test_parquet_only_and_table_catalogs_share_a_file(small_warehouse):
    lake = load_catalog(shipped("ride_hailing"))
    src = next(iter(lake.sources))
    with Warehouse(small_warehouse, read_only=True) as travel:
        assert travel.row_count("contacts") == 300
        with Warehouse(small_warehouse, read_only=True, catalog=lake) as a, \
                Warehouse(small_warehouse, read_only=True, catalog=lake) as b:
            assert a.path is None and b.path is None  # in memory: the file is not needed
            assert a.row_count(src) == b.row_count(src) > 0
        assert travel.row_count("orders") == 40


def test_two_mixed_catalogs_with_different_folders_on_one_file(tmp_path, small_warehouse):
    one, two = (_mixed_catalog(tmp_path, small_warehouse, n) for n in ("lake_one", "lake_two"))
    with Warehouse(small_warehouse, read_only=True) as travel, \
            Warehouse(small_warehouse, read_only=True, catalog=one) as a, \
            Warehouse(small_warehouse, read_only=True, catalog=two) as b:
        for wh in (travel, a, b):
            assert wh.row_count("contacts") == 300 and wh.row_count("orders") == 40
        m = a.metric("manual_cpo", grain="day")
        assert m.equals(travel.metric("manual_cpo", grain="day")) and not m.empty
        # still hardened: nothing outside the catalog's own Parquet folder is readable
        outside = tmp_path / "lake_two" / "orders.parquet"
        with pytest.raises(InputError):
            a.query(f"SELECT count(*) FROM read_parquet('{outside}')")
        with pytest.raises(duckdb.Error):
            a.con.execute(f"SELECT count(*) FROM read_parquet('{outside}')")
        assert a.con.execute(f"SELECT count(*) FROM read_parquet('{tmp_path / 'lake_one' / 'orders.parquet'}')"
                             ).fetchone()[0] == 40
        with pytest.raises(duckdb.Error):  # read-only, and configuration locked
            a.con.execute("CREATE TABLE x (i INTEGER)")
