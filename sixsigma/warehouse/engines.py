"""Engines: where a catalog's sources are read and its metrics computed.

- ``duckdb`` (the default): embedded, no server. ``table:`` sources are tables of the DuckDB
  warehouse file; ``parquet:`` sources are read in place (globs and hive-partitioned folders).
- ``spark``: a SparkSession — ``local[*]`` unless ``spark.master`` says otherwise, or Spark
  Connect when the master is ``sc://host:port``. ``table:`` sources are tables (or views) of
  the session's catalog; ``parquet:`` sources are read by Spark.

Chosen with ``--engine``, ``$SIXSIGMA_ENGINE`` or the catalog's ``engine:`` (in that order).
Both compile the same Ibis expression (:mod:`sixsigma.warehouse.compile`); Python receives
only the aggregated result.
"""

from __future__ import annotations

import os

from sixsigma.catalog.model import Catalog, Source
from sixsigma.errors import InputError, WarehouseError, unknown

ENGINE_ENV = "SIXSIGMA_ENGINE"
SPARK_MASTER_ENV = "SIXSIGMA_SPARK_MASTER"
ENGINES = ("duckdb", "spark")
_ACTIVE: list[str | None] = [None]


def use_engine(name: str | None) -> None:
    """Make ``name`` this process's engine (the CLI's ``--engine``); None: back to the default."""
    if name is not None and name not in ENGINES:
        raise unknown("engine", name, ENGINES)
    _ACTIVE[0] = name


def engine_name(engine: str | None, catalog: Catalog) -> str:
    """The engine to use: the argument, else the one :func:`use_engine` chose, else
    $SIXSIGMA_ENGINE, else the catalog's, else duckdb."""
    name = engine or _ACTIVE[0] or os.environ.get(ENGINE_ENV) or catalog.engine or "duckdb"
    if name not in ENGINES:
        raise unknown("engine", name, ENGINES)
    return name


class Engine:
    """Source tables as Ibis expressions on one backend; the columns renamed to the catalog's."""

    name = "engine"

    def __init__(self, catalog: Catalog):
        self.catalog = catalog
        self._tables: dict[str, object] = {}

    def table(self, source: Source):
        if source.name not in self._tables:
            t = self._raw(source)
            missing = [c.source_name for c in source.columns.values()
                       if c.required and c.source_name not in t.columns]
            if missing:
                where = source.table or str(source.parquet)
                raise WarehouseError(
                    f"source {source.name} ({where}) lacks column(s) {', '.join(missing)} that the "
                    f"catalog {self.catalog.path or self.catalog.name} declares; fix the catalog's "
                    "columns (from: names the column in your data) or the data")
            renames = {c.name: c.source_name for c in source.columns.values()
                       if c.name != c.source_name and c.source_name in t.columns}
            if renames:
                t = t.rename(renames)
            absent = [c for c in source.columns.values() if c.name not in t.columns]
            if absent:  # optional columns the data lacks read as NULL
                import ibis

                t = t.mutate(**{c.name: ibis.null().cast(_ibis_type(c.type)) for c in absent})
            self._tables[source.name] = t
        return self._tables[source.name]

    def execute(self, expr):
        return expr.to_pandas()

    def close(self) -> None:
        """Release what the engine holds (its DuckDB cursor); a SparkSession is left running."""

    def _raw(self, source: Source):  # pragma: no cover - each engine defines it
        raise NotImplementedError


def _ibis_type(t: str) -> str:
    return {"string": "string", "timestamp": "timestamp", "date": "date", "double": "float64",
            "bigint": "int64", "integer": "int32", "tinyint": "int8", "boolean": "boolean"}[t]


class DuckDBEngine(Engine):
    name = "duckdb"

    def __init__(self, catalog: Catalog, con):

        super().__init__(catalog)
        # a cursor of its own: a result the warehouse's connection left open (DuckDB 2 keeps a
        # fetchone()'s result pending) never blocks a metric query, nor the other way round
        self.con = con.cursor()
        db = con.execute("SELECT current_database()").fetchall()[0][0]
        if self.con.execute("SELECT current_database()").fetchall()[0][0] != db:
            self.con.execute(f'USE "{db}"')  # a cursor starts in the default database, not an attached one
        self.backend = _ibis_backend(self.con)

    def close(self) -> None:
        self.con.close()

    def _raw(self, source: Source):
        if source.table is not None:
            try:
                return self.backend.table(source.table)
            except Exception as exc:  # ibis raises its own TableNotFound / duckdb errors
                raise WarehouseError(
                    f"the warehouse has no table {source.table!r} (source {source.name}); import it "
                    "with `sixsigma data import`, or describe the data as parquet: in the catalog"
                ) from exc
        return self._parquet(source)

    def _parquet(self, source: Source):
        import glob

        path = str(source.parquet)
        pattern = path if any(ch in path for ch in "*?[") else (
            os.path.join(path, "**", "*.parquet") if os.path.isdir(path) else path)
        if not glob.glob(pattern, recursive=True):
            raise WarehouseError(
                f"source {source.name}: no Parquet files at {path}; write them first (e.g. "
                "`sixsigma demo`, or `sixsigma data export --parquet DIR`) or fix parquet: in the catalog")
        try:  # a TEMP view: the warehouse file itself may be open read-only
            return self.backend.read_parquet(pattern, table_name=f"_src_{source.name}",
                                             hive_partitioning=source.hive, union_by_name=True)
        except Exception as exc:
            first = str(exc).strip().splitlines()[0]
            raise WarehouseError(f"source {source.name}: cannot read {path} as Parquet ({first})") from exc


def _ibis_backend(con):
    """Ibis over a DuckDB connection. Ibis sets the session's TimeZone to UTC on connect; a
    database whose configuration the read-only query path has locked (see
    :mod:`sixsigma.warehouse.readonly`) refuses that, and nothing here needs it: the catalog's
    timestamps are naive local times, so the backend is then attached without the setting."""
    import duckdb
    import ibis

    try:
        return ibis.duckdb.from_connection(con)
    except duckdb.InvalidInputException:
        backend = ibis.duckdb.Backend()
        backend._can_reconnect = False
        backend.con = con
        backend._record_batch_readers_consumed = {}
        return backend


class SparkEngine(Engine):
    name = "spark"

    def __init__(self, catalog: Catalog, session=None):
        super().__init__(catalog)
        try:
            import ibis
            import pyspark  # noqa: F401
        except ImportError:
            raise InputError(
                "the spark engine needs the spark extra: `uv sync --extra spark` (or "
                "`pip install 'sixsigma[spark]'`) and Java 17 (`apt-get install openjdk-17-jre-headless`)"
            ) from None
        self.session = session or spark_session(catalog.spark)
        self.backend = ibis.pyspark.connect(self.session)

    def _raw(self, source: Source):
        if source.table is not None:
            try:
                return self.backend.table(source.table)
            except Exception as exc:
                raise WarehouseError(
                    f"the Spark session has no table {source.table!r} (source {source.name}); "
                    "register it, or describe the data as parquet: in the catalog") from exc
        path = str(source.parquet)
        if not any(ch in path for ch in "*?[") and not os.path.exists(path) and "://" not in path:
            raise WarehouseError(f"source {source.name}: no Parquet files at {path}")
        df = self.session.read.option("basePath", path if os.path.isdir(path) else os.path.dirname(path))
        frame = df.parquet(path)
        view = f"_src_{source.name}"
        frame.createOrReplaceTempView(view)
        return self.backend.table(view)


def spark_session(conf: dict | None = None):
    """The active SparkSession, or a new one: ``local[*]`` unless ``spark.master`` (or
    $SIXSIGMA_SPARK_MASTER) names a cluster; ``sc://host:port`` connects with Spark Connect."""
    from pyspark.sql import SparkSession

    conf = dict(conf or {})
    master = os.environ.get(SPARK_MASTER_ENV) or conf.pop("spark.master", None) or conf.pop("master", None)
    active = SparkSession.getActiveSession()
    if active is not None and master is None:
        return active
    master = master or "local[*]"
    if master.startswith("sc://"):
        builder = SparkSession.builder.remote(master)
    else:
        builder = (SparkSession.builder.master(master).appName("sixsigma")
                   .config("spark.ui.enabled", "false")
                   .config("spark.ui.showConsoleProgress", "false")
                   .config("spark.sql.session.timeZone", "UTC")
                   .config("spark.sql.shuffle.partitions", "8"))
    for k, v in conf.items():
        builder = builder.config(k, v)
    try:
        session = builder.getOrCreate()
    except Exception as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise WarehouseError(
            f"cannot start Spark ({first}); check Java 17 is installed (`java -version`) and "
            "the master address") from exc
    if not master.startswith("sc://"):
        session.sparkContext.setLogLevel("ERROR")  # the CLI prints one line per problem, not Spark's log
    return session
