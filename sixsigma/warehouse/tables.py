"""Generic table writes and reads on the warehouse: replace whole tables in one transaction.

Other packages build derived tables (the root-cause index: :mod:`sixsigma.rootcause.cause_index`)
and hand them here as ``{name: (CREATE OR REPLACE DDL, DataFrame)}``; this module knows no
domain. A failure rolls back, so the old tables stay.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import duckdb
import pandas as pd

from sixsigma.errors import WarehouseError


def _writable(target, what: str) -> tuple[duckdb.DuckDBPyConnection, bool]:
    """(connection, opened_here) from a Warehouse (its ``con``) or a DuckDB file path."""
    con = getattr(target, "con", None)
    if con is not None:
        if getattr(target, "read_only", False):
            raise WarehouseError(f"the warehouse is open read-only; open it writable to rebuild {what}")
        return con, False
    try:
        return duckdb.connect(str(Path(target))), True
    except duckdb.Error as exc:
        raise WarehouseError(f"cannot open warehouse {target}: {exc}") from exc


def replace_tables(target, tables: Mapping[str, tuple[str, pd.DataFrame]], what: str = "the tables") -> None:
    """Run each table's DDL and insert its frame, all in one transaction (rolled back on error).

    ``target`` is a writable ``Warehouse`` or a DuckDB path; ``what`` names the tables in errors.
    """
    con, own = _writable(target, what)
    names = {name: f"_replace_{i}" for i, name in enumerate(tables)}
    try:
        for name, (_, frame) in tables.items():
            con.register(names[name], frame)
        con.execute("BEGIN TRANSACTION")
        try:
            for name, (ddl, _) in tables.items():
                con.execute(ddl)
                con.execute(f'INSERT INTO "{name}" SELECT * FROM {names[name]}')
            con.execute("COMMIT")
        except duckdb.Error as exc:
            con.execute("ROLLBACK")
            raise WarehouseError(f"{what} not rebuilt: {str(exc).splitlines()[0]}") from exc
        finally:
            for view in names.values():
                con.unregister(view)
    finally:
        if own:
            con.close()


def read_query(target, sql: str, *, needs: str, missing: str) -> pd.DataFrame:
    """``sql`` on a Warehouse or a DuckDB path (opened read-only), once table ``needs`` exists;
    otherwise a WarehouseError saying ``missing`` (what to run first)."""
    con, own = getattr(target, "con", None), False
    if con is None:
        try:
            from sixsigma.warehouse.readonly import hardened_connection

            con, own = hardened_connection(Path(target)), True
        except duckdb.Error as exc:
            raise WarehouseError(f"cannot open warehouse {target}: {exc}") from exc
    try:
        have = con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [needs]
        ).fetchone()[0]
        if not have:
            raise WarehouseError(missing)
        return con.execute(sql).df()
    finally:
        if own:
            con.close()
