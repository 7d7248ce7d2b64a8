"""The cause index: every project's fishbone causes and their evidence as DuckDB tables.

The YAML records stay the source of truth; ``rebuild_cause_index`` replaces the two tables
``causes`` and ``cause_evidence`` in one transaction (a failure leaves the old index), and
``verified_by_category`` answers the portfolio question "which cause categories are verified
most often".
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from sixsigma.errors import WarehouseError

CAUSES_DDL = """
CREATE OR REPLACE TABLE causes (
  project VARCHAR NOT NULL, cause_id VARCHAR NOT NULL, parent VARCHAR, category VARCHAR NOT NULL,
  category_label VARCHAR, depth INTEGER NOT NULL, text VARCHAR NOT NULL, owner VARCHAR,
  status VARCHAR NOT NULL, reason VARCHAR, tags VARCHAR[], metric VARCHAR, dimension VARCHAR,
  level VARCHAR, n_evidence INTEGER NOT NULL, effect VARCHAR, effect_metric VARCHAR,
  PRIMARY KEY (project, cause_id)
)"""
EVIDENCE_DDL = """
CREATE OR REPLACE TABLE cause_evidence (
  project VARCHAR NOT NULL, cause_id VARCHAR NOT NULL, seq INTEGER NOT NULL, date DATE NOT NULL,
  test VARCHAR NOT NULL, statistic_name VARCHAR, statistic DOUBLE, p_value DOUBLE,
  effect_name VARCHAR, effect DOUBLE, alpha DOUBLE, "window" VARCHAR, outcome VARCHAR NOT NULL,
  conclusion VARCHAR,
  PRIMARY KEY (project, cause_id, seq)
)"""


def _connect(target) -> tuple[duckdb.DuckDBPyConnection, bool]:
    """(connection, opened_here) from a Warehouse (its ``con``) or a DuckDB file path."""
    con = getattr(target, "con", None)
    if con is not None:
        if getattr(target, "read_only", False):
            raise WarehouseError("the warehouse is open read-only; open it writable to rebuild the cause index")
        return con, False
    try:
        return duckdb.connect(str(Path(target))), True
    except duckdb.Error as exc:
        raise WarehouseError(f"cannot open warehouse {target}: {exc}") from exc


def rebuild_cause_index(target, root: str | Path | None = None) -> dict[str, int]:
    """Rebuild ``causes`` and ``cause_evidence`` from every project's YAML under ``root``.

    ``target`` is a ``Warehouse`` (writable) or a DuckDB path. Returns the row counts.
    """
    from sixsigma.rootcause.index import cause_frames  # records are read before any SQL runs

    causes, evidence = cause_frames(root)
    con, own = _connect(target)
    try:
        con.register("_causes_df", causes)
        con.register("_evidence_df", evidence)
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(CAUSES_DDL)
            con.execute(EVIDENCE_DDL)
            con.execute("INSERT INTO causes SELECT * FROM _causes_df")
            con.execute("INSERT INTO cause_evidence SELECT * FROM _evidence_df")
            con.execute("COMMIT")
        except duckdb.Error as exc:
            con.execute("ROLLBACK")
            raise WarehouseError(f"cause index not rebuilt: {str(exc).splitlines()[0]}") from exc
        finally:
            con.unregister("_causes_df")
            con.unregister("_evidence_df")
    finally:
        if own:
            con.close()
    return {"projects": int(causes["project"].nunique()), "causes": len(causes), "evidence": len(evidence)}


def verified_by_category(target) -> pd.DataFrame:
    """Per cause category (across projects): causes, verified, rejected, verified share, projects.

    Ordered by the number verified, then the verified share. Needs a built index.
    """
    con, own = getattr(target, "con", None), False
    if con is None:
        try:
            from sixsigma.warehouse.readonly import hardened_connection

            con, own = hardened_connection(Path(target)), True
        except duckdb.Error as exc:
            raise WarehouseError(f"cannot open warehouse {target}: {exc}") from exc
    try:
        have = con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'causes'").fetchone()[0]
        if not have:
            raise WarehouseError("no cause index in the warehouse; run `sixsigma rootcause index` first")
        return con.execute("""
            SELECT category,
                   any_value(category_label) AS label,
                   count(*) AS causes,
                   count(*) FILTER (WHERE status = 'verified') AS verified,
                   count(*) FILTER (WHERE status = 'rejected') AS rejected,
                   count(*) FILTER (WHERE status IN ('verified', 'rejected')) AS tested,
                   count(*) FILTER (WHERE status = 'verified')
                     / nullif(count(*) FILTER (WHERE status IN ('verified', 'rejected')), 0) AS verified_share,
                   count(DISTINCT project) AS projects,
                   count(DISTINCT project) FILTER (WHERE status = 'verified') AS projects_verified
            FROM causes
            GROUP BY category
            ORDER BY verified DESC, verified_share DESC NULLS LAST, category
        """).df()
    finally:
        if own:
            con.close()
