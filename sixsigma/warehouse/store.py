"""The Warehouse: the one class that speaks SQL to the DuckDB file.

Everything heavy happens here, in DuckDB: Python receives per-period aggregates, counts, or
an explicitly limited slice of rows, never the raw contact table.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from sixsigma.errors import InputError, WarehouseError, unknown
from sixsigma.paths import ensure_dir
from sixsigma.warehouse.catalog import Metric, get_metric
from sixsigma.warehouse.schema import CONTACT_DIMS, CONTACTS, ORDER_DIMS, TABLES, check_filters

WAREHOUSE_ENV = "SIXSIGMA_WAREHOUSE"
DEFAULT_PATH = Path("datasets") / "warehouse.duckdb"
GRAINS = ("day", "week", "month", "quarter", "year")

Filters = Mapping[str, str | Sequence[str]]


def default_path() -> Path:
    """$SIXSIGMA_WAREHOUSE, else datasets/warehouse.duckdb under the working directory."""
    env = os.environ.get(WAREHOUSE_ENV)
    return Path(env) if env else DEFAULT_PATH


class Warehouse:
    """A DuckDB warehouse of orders and contacts.

    ``Warehouse(path, read_only=True)`` opens an existing file for queries; with
    ``read_only=False`` the file (and its folder) is created when missing and the base tables
    are ensured.
    """

    def __init__(self, path: str | Path | None = None, read_only: bool = False):
        self.path = Path(path) if path is not None else default_path()
        self.read_only = read_only
        if read_only and not self.path.exists():
            raise WarehouseError(
                f"no warehouse at {self.path}; run `sixsigma demo` (or `sixsigma data import`) "
                "to create one, or point --warehouse / SIXSIGMA_WAREHOUSE at an existing file"
            )
        # a file this object creates is removed again if the `with` block fails (e.g. an import
        # that does not validate), so a failed first import leaves no empty warehouse behind
        self._created = not read_only and not self.path.exists()
        if not read_only:
            ensure_dir(self.path.parent)
        try:
            if read_only:  # external access off (see sixsigma.warehouse.readonly)
                from sixsigma.warehouse.readonly import hardened_connection

                self.con = hardened_connection(self.path, lock=False)
            else:
                self.con = duckdb.connect(str(self.path))
        except duckdb.Error as exc:
            raise WarehouseError(f"cannot open warehouse {self.path}: {exc}") from exc
        if not read_only:
            self.ensure_schema()

    # -- lifecycle -------------------------------------------------------------------------
    def __enter__(self) -> Warehouse:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self.close()
        if exc_type is not None and self._created:
            for p in (self.path, Path(f"{self.path}.wal")):
                p.unlink(missing_ok=True)

    def close(self) -> None:
        self.con.close()

    def ensure_schema(self) -> None:
        for table in TABLES.values():
            self.con.execute(table.ddl())

    # -- catalogue -------------------------------------------------------------------------
    def tables(self) -> pd.DataFrame:
        """Every table and view with its row and column counts."""
        names = self.con.execute(
            "SELECT table_name, table_type FROM information_schema.tables "
            "WHERE table_schema = 'main' ORDER BY table_name"
        ).fetchall()
        rows = []
        for name, kind in names:
            n = self.con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
            ncol = self.con.execute(
                "SELECT count(*) FROM information_schema.columns WHERE table_name = ?", [name]
            ).fetchone()[0]
            rows.append({"table": name, "type": kind.lower(), "rows": n, "columns": ncol})
        return pd.DataFrame(rows, columns=["table", "type", "rows", "columns"])

    def row_count(self, table: str) -> int:
        if table not in TABLES:
            raise unknown("table", table, TABLES)
        return self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    def date_range(self) -> tuple[dt.date | None, dt.date | None]:
        """First and last contact date in the warehouse."""
        lo, hi = self.con.execute(
            "SELECT min(started_at)::DATE, max(started_at)::DATE FROM contacts"
        ).fetchone()
        return lo, hi

    # -- writes ----------------------------------------------------------------------------
    def import_file(self, path: str | Path, table: str):
        """Validate a CSV/Parquet export and load it into ``table`` (all or nothing)."""
        from sixsigma.warehouse.importer import import_file

        if self.read_only:
            raise WarehouseError("the warehouse is open read-only; open it writable to import")
        return import_file(self.con, path, table)

    # -- reads -----------------------------------------------------------------------------
    def query(self, sql: str, params: Sequence | None = None, *, limit: int | None = None,
              trusted: bool = False) -> pd.DataFrame:
        """Run one read-only SELECT and return a DataFrame (at most ``limit`` rows).

        User SQL (the default) must pass :func:`~sixsigma.warehouse.readonly.check_select`
        and runs with the configuration locked; ``trusted=True`` is for SQL this package builds.
        """
        from sixsigma.warehouse.readonly import run_query

        return run_query(self.con, sql, params, limit=limit, trusted=trusted)


    def metric(
        self,
        name: str | Metric,
        grain: str = "day",
        by: Sequence[str] | None = None,
        filters: Filters | None = None,
        start: str | dt.date | None = None,
        end: str | dt.date | None = None,
    ) -> pd.DataFrame:
        """A metric per period (and per ``by`` slice): period, *by, numerator, denominator, value.

        Filters and ``by`` dims on ``business_line``/``member_tier`` apply to numerator and
        orders alike; other dims (reason, channel, team...) split only the contacts, so for a
        per-order metric ``by=["reason"]`` gives each reason's contacts per order of the slice.
        ``start`` is inclusive and ``end`` exclusive (ISO dates).
        """
        metric = name if isinstance(name, Metric) else get_metric(name)
        if grain not in GRAINS:
            raise unknown("grain", grain, GRAINS)
        by = list(by or [])
        for dim in by:
            _check_dim(dim)
        if len(set(by)) != len(by):
            raise InputError(f"--by lists a dimension twice: {by}")
        where, params = self._where(filters, start, end, "started_at")
        period = f"date_trunc('{grain}', started_at)::DATE"
        by_sql = "".join(f", {d}" for d in by)
        num_sql = (
            f"SELECT {period} AS period{by_sql}, {metric.numerator} AS numerator"
            + ("" if metric.per_order else f", {metric.denominator} AS denominator")
            + f" FROM contacts {where} GROUP BY ALL"
        )
        if not metric.per_order:
            sql = (
                f"SELECT period{by_sql}, numerator, denominator, "
                f"{metric.scale} * numerator / NULLIF(denominator, 0) AS value "
                f"FROM ({num_sql}) WHERE denominator > 0 ORDER BY ALL"
            )
            df = self.query(sql, params, trusted=True)
        else:
            order_by = [d for d in by if d in ORDER_DIMS]
            contact_only = [d for d in by if d not in ORDER_DIMS]
            o_filters = {k: v for k, v in (filters or {}).items() if k in ORDER_DIMS}
            o_where, o_params = self._where(o_filters, start, end, "date")
            o_by = "".join(f", {d}" for d in order_by)
            den_sql = (
                f"SELECT date_trunc('{grain}', date)::DATE AS period{o_by}, "
                f"sum(orders) AS denominator FROM orders {o_where} GROUP BY ALL"
            )
            grid = "den"
            if contact_only:
                levels = ", ".join(contact_only)
                grid = f"(SELECT * FROM den CROSS JOIN (SELECT DISTINCT {levels} FROM num))"
            keys = ", ".join(["period", *by])
            sql = (
                f"WITH num AS ({num_sql}), den AS ({den_sql}) "
                f"SELECT {keys}, coalesce(num.numerator, 0) AS numerator, g.denominator, "
                f"{metric.scale} * coalesce(num.numerator, 0) / g.denominator AS value "
                f"FROM {grid} AS g LEFT JOIN num USING ({keys}) "
                f"WHERE g.denominator > 0 ORDER BY ALL"
            )
            df = self.query(sql, [*params, *o_params], trusted=True)
        df["period"] = pd.to_datetime(df["period"])
        df["numerator"] = df["numerator"].astype(float)
        df["denominator"] = df["denominator"].astype(float)
        return df[["period", *by, "numerator", "denominator", "value"]].reset_index(drop=True)

    def values(
        self,
        column: str,
        filters: Filters | None = None,
        start: str | dt.date | None = None,
        end: str | dt.date | None = None,
        limit: int | None = None,
        where: str | None = None,
    ) -> np.ndarray:
        """Raw per-contact values of a numeric contacts column (NULLs dropped), in time order.

        ``where`` is one of the catalog's named conditions: ``"answered_agent"`` (answered
        inbound agent contacts, the AHT population) or None.
        """
        col = _check_column(column)
        if col.sql not in {"DOUBLE", "TINYINT", "BIGINT", "INTEGER"}:
            raise InputError(f"column {column!r} is not numeric; choose one of wait_s, handle_s, csat, nps")
        sql_where, params = self._where(filters, start, end, "started_at")
        extra = [f"{column} IS NOT NULL"]
        if where == "answered_agent":
            extra.append("handled_by = 'agent' AND NOT outbound AND NOT abandoned")
        elif where is not None:
            raise unknown("population", where, ["answered_agent"])
        sql_where = _and(sql_where, extra)
        lim = f" LIMIT {int(limit)}" if limit else ""
        rows = self.con.execute(
            f"SELECT {column}::DOUBLE FROM contacts {sql_where} ORDER BY started_at{lim}", params
        ).fetchnumpy()
        return next(iter(rows.values())).astype(float)

    def frame(
        self,
        columns: Iterable[str],
        filters: Filters | None = None,
        start: str | dt.date | None = None,
        end: str | dt.date | None = None,
        limit: int | None = 100_000,
    ) -> pd.DataFrame:
        """Raw contact rows (chosen columns) of a slice, in time order, at most ``limit`` rows."""
        cols = [c for c in columns]
        for c in cols:
            _check_column(c)
        sql_where, params = self._where(filters, start, end, "started_at")
        lim = f" LIMIT {int(limit)}" if limit else ""
        return self.query(
            f"SELECT {', '.join(cols)} FROM contacts {sql_where} ORDER BY started_at{lim}", params
        )

    def counts(
        self,
        by: Sequence[str],
        filters: Filters | None = None,
        start: str | dt.date | None = None,
        end: str | dt.date | None = None,
        table: str = "contacts",
    ) -> pd.DataFrame:
        """Row counts per combination of ``by`` dims (``count`` column), largest first."""
        if table != "contacts":
            raise unknown("table", table, ["contacts"])
        by = list(by)
        if not by:
            raise InputError("give at least one dimension to count by, e.g. --by reason")
        for d in by:
            _check_dim(d)
        sql_where, params = self._where(filters, start, end, "started_at")
        cols = ", ".join(by)
        return self.query(
            f"SELECT {cols}, count(*) AS count FROM contacts {sql_where} "
            f"GROUP BY ALL ORDER BY count DESC, {cols}",
            params,
        )

    def distinct(self, dim: str, filters: Filters | None = None) -> list[str]:
        """The distinct values of a dimension (sorted)."""
        _check_dim(dim)
        sql_where, params = self._where(filters, None, None, "started_at")
        rows = self.con.execute(
            f"SELECT DISTINCT {dim} FROM contacts {sql_where} ORDER BY 1", params
        ).fetchall()
        return [r[0] for r in rows if r[0] is not None]

    # -- helpers ---------------------------------------------------------------------------
    @staticmethod
    def _where(filters: Filters | None, start, end, time_col: str) -> tuple[str, list]:
        """WHERE clause with bound parameters for dimension filters and a [start, end) window."""
        clauses, params = [], []
        check_filters(filters)
        for dim, values in (filters or {}).items():
            vals = [values] if isinstance(values, str) else list(values)
            if not vals:
                continue
            clauses.append(f"{dim} IN ({', '.join('?' for _ in vals)})")
            params.extend(str(v) for v in vals)
        lo = _to_date(start, "start") if start is not None else None
        hi = _to_date(end, "end") if end is not None else None
        if lo is not None and hi is not None and hi <= lo:
            raise InputError(f"end date {hi} must be after start date {lo} (the end is exclusive)")
        if lo is not None:
            clauses.append(f"{time_col} >= ?")
            params.append(lo)
        if hi is not None:
            clauses.append(f"{time_col} < ?")
            params.append(hi)
        return ("WHERE " + " AND ".join(clauses)) if clauses else "", params


def _and(where: str, extra: list[str]) -> str:
    joined = " AND ".join(f"({e})" for e in extra)
    return f"{where} AND {joined}" if where else f"WHERE {joined}"


def _check_dim(dim: str) -> None:
    if dim not in CONTACT_DIMS:
        raise unknown("dimension", dim, CONTACT_DIMS)


def _check_column(column: str):
    if column not in CONTACTS.names:
        raise unknown("contacts column", column, CONTACTS.names)
    return CONTACTS.column(column)


def _to_date(value, what: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InputError(f"{what} date {value!r} is not an ISO date like 2024-03-01") from None
