"""Keys enforced at import: the first import (and the demo build) creates a unique index on a
table's key, DuckDB refuses a repeated key from then on, and the data-quality check reports
such a table as enforced instead of re-grouping it; sources without the index are checked."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest
from test_import import contacts_frame

from sixsigma.errors import DataValidationError
from sixsigma.warehouse import Warehouse
from sixsigma.warehouse import quality as Q
from sixsigma.warehouse.schema import enforced_keys


def _dup_row(check: str, df: pd.DataFrame) -> dict:
    return df[df["check"] == check].iloc[0].to_dict()


def test_first_import_creates_the_key_index_and_duckdb_enforces_it(tmp_path):
    path = tmp_path / "wh.duckdb"
    f = tmp_path / "c.csv"
    contacts_frame(20).to_csv(f, index=False)
    with Warehouse(path) as wh:
        assert ("contacts", frozenset({"contact_id"})) not in enforced_keys(wh.con)  # empty table
        wh.import_file(f, "contacts")
        assert ("contacts", frozenset({"contact_id"})) in enforced_keys(wh.con)
        wh.import_file(f, "contacts")  # re-import: delete + insert of the same keys still works
        assert wh.row_count("contacts") == 20
        with pytest.raises(duckdb.ConstraintException):  # a raw write cannot repeat a key now
            wh.con.execute("INSERT INTO contacts SELECT * FROM contacts LIMIT 1")
    with Warehouse(path, read_only=True) as wh:
        df = Q.quality_checks(wh, "2024-03-01", "2024-03-02")
    row = _dup_row("contacts with a repeated key", df)
    assert row["found"] == 0 and row["examples"] == "enforced at import (unique index)"
    assert row["rule"] == "contact_id is unique"


def test_import_into_a_table_with_raw_repeated_keys_is_refused_and_changes_nothing(tmp_path):
    path = tmp_path / "wh.duckdb"
    with Warehouse(path) as wh:  # rows written around the importer, twice the same key
        wh.con.register("c", contacts_frame(3))
        wh.con.execute("INSERT INTO contacts SELECT * FROM c UNION ALL SELECT * FROM c LIMIT 4")
    f = tmp_path / "more.csv"
    contacts_frame(5, first=100).to_csv(f, index=False)
    with Warehouse(path) as wh:
        with pytest.raises(DataValidationError,
                           match=r"contacts already holds 1 repeated value of its key \(contact_id\)"):
            wh.import_file(f, "contacts")
        assert wh.row_count("contacts") == 4  # nothing imported
        assert ("contacts", frozenset({"contact_id"})) not in enforced_keys(wh.con)
    with Warehouse(path, read_only=True) as wh:  # no index: the check groups and finds it
        row = _dup_row("contacts with a repeated key", Q.quality_checks(wh, "2024-03-01", "2024-03-02"))
    assert row["found"] == 1 and row["examples"] == "c0 (x2)"


def test_demo_build_enforces_both_keys(demo_warehouse):
    with Warehouse(demo_warehouse, read_only=True) as wh:
        keys = enforced_keys(wh.con)
        df = Q.quality_checks(wh, "2025-10-01", "2025-11-01")
    assert {("contacts", frozenset({"contact_id"})),
            ("orders", frozenset({"date", "business_line", "member_tier"}))} <= keys
    dup = df[df["kind"] == "duplicate keys"]
    assert list(dup["found"]) == [0, 0]
    assert set(dup["examples"]) == {"enforced at import (unique index)"}


def test_parquet_sources_are_still_checked(tmp_path):
    from sixsigma.catalog import load_catalog, shipped

    (tmp_path / "contacts").mkdir()
    df = contacts_frame(4)
    df.loc[3, "contact_id"] = "c0"
    con = duckdb.connect()
    con.register("df", df)
    con.execute(f"COPY df TO '{tmp_path / 'contacts' / 'a.parquet'}' (FORMAT parquet)")
    con.register("o", pd.DataFrame({"date": [pd.Timestamp("2024-03-01").date()], "business_line": ["intl_hotel"],
                                    "member_tier": ["regular"], "orders": [10]}))
    con.execute(f"COPY o TO '{tmp_path / 'orders.parquet'}' (FORMAT parquet)")
    con.close()
    text = shipped("travel").read_text()
    text = text.replace("    table: contacts", f"    parquet: {tmp_path / 'contacts'}/*.parquet")
    text = text.replace("    table: orders", f"    parquet: {tmp_path / 'orders.parquet'}")
    cat_path = tmp_path / "lake.yaml"
    cat_path.write_text(text)
    with Warehouse(tmp_path / "none.duckdb", read_only=True, catalog=load_catalog(cat_path)) as wh:
        df = Q.quality_checks(wh, "2024-03-01", "2024-03-02")
    row = _dup_row("contacts with a repeated key", df)
    assert row["found"] == 1 and row["examples"] == "c0 (x2)"
