"""The Warehouse: a catalog's sources on an engine, and the DuckDB file imports write to.

Everything heavy happens in the engine: a metric is compiled from the catalog to one Ibis
expression (:mod:`sixsigma.warehouse.compile`) and run on DuckDB (embedded, the default) or
Spark (:mod:`sixsigma.warehouse.engines`). Python receives per-period aggregates, counts, or
an explicitly limited slice of values, never the raw contact table.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from sixsigma.catalog import Catalog, Metric, active, load_catalog
from sixsigma.errors import InputError, WarehouseError, unknown
from sixsigma.paths import ensure_dir

WAREHOUSE_ENV = "SIXSIGMA_WAREHOUSE"
DEFAULT_PATH = Path("datasets") / "warehouse.duckdb"
GRAINS = ("day", "week", "month", "quarter", "year")
_GRAIN_OFFSET = {"week": pd.DateOffset(weeks=1), "month": pd.DateOffset(months=1),
                 "quarter": pd.DateOffset(months=3), "year": pd.DateOffset(years=1)}

Filters = Mapping[str, str | Sequence[str]]


def default_path() -> Path:
    """$SIXSIGMA_WAREHOUSE, else datasets/warehouse.duckdb under the working directory."""
    env = os.environ.get(WAREHOUSE_ENV)
    return Path(env) if env else DEFAULT_PATH


class Warehouse:
    """A catalog's data: its sources read on an engine, and the DuckDB file imports write to.

    ``Warehouse(path, read_only=True)`` opens an existing file for queries; with
    ``read_only=False`` the file (and its folder) is created when missing and the catalog's
    ``table:`` sources are ensured. ``catalog`` is a path or a loaded
    :class:`~sixsigma.catalog.Catalog` (default: $SIXSIGMA_CATALOG, else the travel
    catalog); ``engine`` is ``duckdb`` or ``spark`` (default: $SIXSIGMA_ENGINE, else the
    catalog's, else duckdb). A catalog whose sources are all Parquet files needs no
    warehouse file: read-only, it opens an in-memory database (``path`` is then None).
    """

    def __init__(self, path: str | Path | None = None, read_only: bool = False,
                 catalog: str | Path | Catalog | None = None, engine: str | None = None,
                 spark_session=None):
        from sixsigma.warehouse.engines import engine_name

        self.catalog = load_catalog(catalog) if catalog is not None else active()
        self.engine_name = engine_name(engine, self.catalog)
        self._spark_session = spark_session
        self._engine = None
        self._spans: dict[str, tuple] = {}
        self.path = Path(path) if path is not None else default_path()
        self.read_only = read_only
        needs_file = self.engine_name == "duckdb" and any(
            s.table is not None for s in self.catalog.sources.values())
        if read_only and needs_file and not self.path.exists():
            raise WarehouseError(
                f"no warehouse at {self.path}; run `sixsigma demo` (or `sixsigma data import`) "
                "to create one, or point --warehouse / SIXSIGMA_WAREHOUSE at an existing file"
            )
        if read_only and not needs_file:  # Parquet only: an in-memory database of its own, also
            # when the file exists (DuckDB shares one instance per file, configured once)
            self.path, self._created = None, False
            from sixsigma.warehouse.readonly import hardened_connection, parquet_roots

            self.con = hardened_connection(None, lock=False, allowed_directories=parquet_roots(self.catalog))
            return
        # a file this object creates is removed again if the `with` block fails (e.g. an import
        # that does not validate), so a failed first import leaves no empty warehouse behind
        self._created = not read_only and not self.path.exists()
        if not read_only:
            ensure_dir(self.path.parent)
        try:
            if read_only:  # external access off, except the catalog's Parquet folders
                from sixsigma.warehouse.readonly import hardened_connection, parquet_roots

                self.con = hardened_connection(self.path, lock=False,
                                               allowed_directories=parquet_roots(self.catalog))
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
        if self._engine is not None:
            self._engine.close()
            self._engine = None
        self.con.close()

    @property
    def engine(self):
        """The engine the catalog's metrics run on (created on first use)."""
        if self._engine is None:
            from sixsigma.warehouse.engines import DuckDBEngine, SparkEngine

            if self.engine_name == "spark":
                self._engine = SparkEngine(self.catalog, self._spark_session)
            else:
                self._engine = DuckDBEngine(self.catalog, self.con)
        return self._engine

    def tables_spec(self) -> dict:
        """The import schema (:class:`~sixsigma.warehouse.schema.Table`) of each ``table:`` source."""
        from sixsigma.warehouse.schema import tables_of

        return tables_of(self.catalog)

    def ensure_schema(self) -> None:
        for table in self.tables_spec().values():
            self.con.execute(table.ddl())

    # -- catalogue -------------------------------------------------------------------------
    def tables(self) -> pd.DataFrame:
        """Every table and view with its row and column counts."""
        names = self.con.execute(
            "SELECT table_name, table_type FROM information_schema.tables "
            "WHERE table_schema = 'main' AND table_name NOT LIKE '\\_src\\_%' ESCAPE '\\' "
            "ORDER BY table_name"
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
        """Rows of a source (a table or its Parquet files)."""
        src = self.catalog.source(table)
        return int(self.engine.table(src).count().to_pandas())

    def date_range(self, source: str | None = None) -> tuple[dt.date | None, dt.date | None]:
        """First and last date of a source's time column (default: the first source)."""
        src = self.catalog.source(source or next(iter(self.catalog.sources)))
        if src.name not in self._spans:
            t = self.engine.table(src)
            row = t.aggregate(lo=t[src.time].min(), hi=t[src.time].max()).to_pandas().iloc[0]
            self._spans[src.name] = tuple(None if pd.isna(v) else pd.Timestamp(v).date()
                                          for v in (row["lo"], row["hi"]))
        return self._spans[src.name]

    # -- writes ----------------------------------------------------------------------------
    def import_file(self, path: str | Path, table: str):
        """Validate a CSV/Parquet export and load it into ``table`` (all or nothing)."""
        from sixsigma.warehouse.importer import import_file

        if self.read_only or self.path is None:
            raise WarehouseError("the warehouse is open read-only; open it writable to import")
        return import_file(self.con, path, table, tables=self.tables_spec())

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
        keep_partial: bool = False,
    ) -> pd.DataFrame:
        """A metric per period (and ``by`` slice): period, *by, numerator, denominator, value, days.

        Filters and ``by`` dims that the denominator's source holds apply to it too; other
        dims (reason, channel, team...) split only the numerator, so for a per-order metric
        ``by=["reason"]`` gives each reason's contacts per order of the slice. ``start`` is
        inclusive and ``end`` exclusive (ISO dates). ``days`` is how many days of the period
        lie inside both the window and the data; a period at either end with fewer days than
        its grain is *partial* and dropped unless ``keep_partial`` (then a ``partial`` column
        marks it). ``df.attrs["partial_dropped"]`` lists what was dropped, e.g.
        ``["2022-12-26 (1 of 7 days)"]``.
        """
        from sixsigma.warehouse.compile import metric_expr

        metric = self.catalog.metric(name)
        if grain not in GRAINS:
            raise unknown("grain", grain, GRAINS)
        by = list(by or [])
        nsrc = self.catalog.sources[metric.numerator.source]
        for dim in by:
            self._check_dim(dim, nsrc.name)
        if len(set(by)) != len(by):
            raise InputError(f"--by lists a dimension twice: {by}")
        flt, lo, hi = self._window(filters, start, end, nsrc.name)
        expr = metric_expr(self.catalog, metric, self.engine.table, grain, by, flt, lo, hi)
        df = self._run(expr)
        if by:
            df = df.sort_values(["period", *by], kind="stable")
        else:
            df = df.sort_values("period", kind="stable")
        df["period"] = pd.to_datetime(df["period"])
        df["numerator"] = df["numerator"].astype(float)
        df["denominator"] = df["denominator"].astype(float)
        df["value"] = metric.scale * df["numerator"] / df["denominator"]
        df = df[["period", *by, "numerator", "denominator", "value"]].reset_index(drop=True)
        return self._mark_partial(df, grain, lo, hi, nsrc.name, keep_partial)

    def rollup(self, metrics: Sequence[str | Metric], grain: str = "day", by: Sequence[str] | None = None,
               filters: Filters | None = None, start: str | dt.date | None = None,
               end: str | dt.date | None = None, keep_partial: bool = False) -> dict[str, pd.DataFrame]:
        """Several metrics at once: {name: frame}, each frame what :meth:`metric` returns for
        it (same rows, columns, ``days`` and partial periods), from one grouped daily scan per
        source (:meth:`daily_rollup`); coarser grains are sums of the days."""
        return self.daily_rollup(metrics, by, filters, start, end).frames(grain, keep_partial=keep_partial)

    def daily_rollup(self, metrics: Sequence[str | Metric], by: Sequence[str] | None = None,
                     filters: Filters | None = None, start: str | dt.date | None = None,
                     end: str | dt.date | None = None):
        """Every numerator and denominator of ``metrics`` per day (and ``by`` level) over
        ``[start, end)``: one grouped scan of the numerator source, one of each other
        denominator source. ``.frames(grain, start, end)`` of the result gives the metrics'
        frames at any grain over any sub-window (:class:`~sixsigma.warehouse.rollup.Rollup`)."""
        from sixsigma.warehouse.rollup import build_rollup

        return build_rollup(self, metrics, by, filters, start, end)

    def _mark_partial(self, df, grain, lo, hi, source, keep) -> pd.DataFrame:
        """Add ``days`` (days of each period inside the window and the data) and drop or mark
        the periods at either end that the window or the data cut short."""
        if df.empty:
            df["days"] = pd.Series(dtype="int64")
            return df
        if grain == "day":  # a day is never cut short: no span query needed
            df["days"] = 1
            return df
        first, last = self.date_range(source)
        starts = df["period"]
        ends = starts + _GRAIN_OFFSET[grain]
        a = pd.Timestamp(max(d for d in (lo, first) if d is not None))
        b = pd.Timestamp(min(d for d in (hi, last + dt.timedelta(days=1)) if d is not None))
        inside = (np.minimum(ends, b) - np.maximum(starts, a)).dt.days.clip(lower=0)
        length = (ends - starts).dt.days
        df["days"] = inside.astype("int64")
        partial = (inside < length).to_numpy()
        cut = df.loc[partial, ["period", "days"]].drop_duplicates("period")
        notes = [f"{p.date()} ({d} of {n} days)"
                 for p, d, n in zip(cut["period"], cut["days"], length[cut.index], strict=True)]
        if keep:
            df["partial"] = partial
            df.attrs["partial_kept"] = notes
            return df
        out = df.loc[~partial].reset_index(drop=True)
        out.attrs["partial_dropped"] = notes
        return out

    def values(
        self,
        column: str,
        filters: Filters | None = None,
        start: str | dt.date | None = None,
        end: str | dt.date | None = None,
        limit: int | None = None,
        where: str | None = None,
        source: str | None = None,
    ) -> np.ndarray:
        """Raw per-row values of a numeric column (NULLs dropped), in time order.

        ``where`` is a catalog condition (e.g. ``"NOT abandoned"``) or the name of a metric
        whose ``population`` the values are drawn from (its ``where`` applies).
        """
        from sixsigma.catalog import expr as E
        from sixsigma.warehouse.compile import values_expr

        cond = None
        if where is not None and where in self.catalog.metrics:
            pop = self.catalog.metrics[where].population
            if pop is None:
                raise InputError(f"metric {where!r} declares no population of individual values")
            source = source or pop.source
            cond = pop.where
        src = self.catalog.source(source or next(iter(self.catalog.sources)))
        col = src.columns.get(column)
        if col is None:
            raise unknown(f"{src.name} column", column, src.columns)
        if col.type not in ("double", "bigint", "integer", "tinyint"):
            nums = [c.name for c in src.columns.values() if c.type in ("double", "bigint", "integer", "tinyint")]
            raise InputError(f"column {column!r} is not numeric; choose one of {', '.join(nums)}")
        if where is not None and cond is None:
            try:
                cond = E.parse(where, src.columns)
            except E.ExprError as exc:
                raise InputError(str(exc)) from None
        flt, lo, hi = self._window(filters, start, end, src.name)
        value = E.parse(column, src.columns)
        df = self._run(values_expr(self.catalog, src, self.engine.table, value, cond, flt, lo, hi, limit))
        return df["value"].to_numpy(float)

    def population(self, metric: str | Metric, filters: Filters | None = None, start=None, end=None,
                   limit: int | None = None) -> np.ndarray:
        """The individual values a metric is the mean of (its catalog ``population``)."""
        from sixsigma.warehouse.compile import values_expr

        m = self.catalog.metric(metric)
        pop = m.population
        if pop is None:
            raise InputError(f"metric {m.name!r} declares no population of individual values")
        src = self.catalog.sources[pop.source]
        flt, lo, hi = self._window(filters, start, end, src.name)
        expr = values_expr(self.catalog, src, self.engine.table, pop.value, pop.where, flt, lo, hi, limit)
        return self._run(expr)["value"].to_numpy(float)

    def frame(
        self,
        columns: Iterable[str],
        filters: Filters | None = None,
        start: str | dt.date | None = None,
        end: str | dt.date | None = None,
        limit: int | None = 100_000,
        source: str | None = None,
    ) -> pd.DataFrame:
        """Raw rows (chosen columns) of a slice of a source, in time order, at most ``limit``."""
        src = self.catalog.source(source or next(iter(self.catalog.sources)))
        cols = list(columns)
        for c in cols:
            if c not in src.columns:
                raise unknown(f"{src.name} column", c, src.columns)
        from sixsigma.warehouse.compile import filtered

        flt, lo, hi = self._window(filters, start, end, src.name)
        t = filtered(self.engine.table(src), src, flt, self.catalog, lo, hi)
        expr = t.order_by(t[src.time]).select(*cols)
        return self._run(expr.limit(int(limit)) if limit else expr)

    def counts(
        self,
        by: Sequence[str],
        filters: Filters | None = None,
        start: str | dt.date | None = None,
        end: str | dt.date | None = None,
        table: str | None = None,
    ) -> pd.DataFrame:
        """Row counts per combination of ``by`` dims (``count`` column), largest first."""
        from sixsigma.warehouse.compile import counts_expr

        src = self.catalog.source(table or next(iter(self.catalog.sources)))
        by = list(by)
        if not by:
            raise InputError("give at least one dimension to count by, e.g. --by reason")
        for d in by:
            self._check_dim(d, src.name)
        flt, lo, hi = self._window(filters, start, end, src.name)
        df = self._run(counts_expr(self.catalog, src, self.engine.table, by, flt, lo, hi))
        df["count"] = df["count"].astype("int64")
        return df.reset_index(drop=True)

    def distinct(self, dim: str, filters: Filters | None = None, source: str | None = None) -> list[str]:
        """The distinct values of a dimension (sorted)."""
        src = self.catalog.source(source or next(iter(self.catalog.sources)))
        self._check_dim(dim, src.name)
        from sixsigma.warehouse.compile import filtered

        flt, _, _ = self._window(filters, None, None, src.name)
        t = filtered(self.engine.table(src), src, flt, self.catalog, None, None)
        col = self.catalog.dimensions[dim].column
        df = self._run(t.select(v=t[col]).distinct())
        return sorted(v for v in df["v"].tolist() if v is not None and not pd.isna(v))

    # -- helpers ---------------------------------------------------------------------------
    def _run(self, expr) -> pd.DataFrame:
        try:
            return self.engine.execute(expr)
        except (WarehouseError, InputError):
            raise
        except Exception as exc:  # the engine's own error: one line, what and where
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise WarehouseError(f"the {self.engine_name} engine failed: {first}") from exc

    def _check_dim(self, dim: str, source: str) -> None:
        src = self.catalog.sources[source]
        if dim not in src.dims:
            raise unknown("dimension", dim, src.dims)

    def _window(self, filters: Filters | None, start, end, source: str):
        """Checked filters as {dim: [values]} and the [start, end) window as dates."""
        self.catalog.check_filters(filters, source)
        flt = {d: [v] if isinstance(v, str) else [str(x) for x in v] for d, v in (filters or {}).items()}
        lo = _to_date(start, "start") if start is not None else None
        hi = _to_date(end, "end") if end is not None else None
        if lo is not None and hi is not None and hi <= lo:
            raise InputError(f"end date {hi} must be after start date {lo} (the end is exclusive)")
        return flt, lo, hi


def _to_date(value, what: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InputError(f"{what} date {value!r} is not an ISO date like 2024-03-01") from None
