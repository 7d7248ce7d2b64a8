"""`sixsigma data ...`: import exports, list tables, run read-only SQL, read metrics."""

from __future__ import annotations

from pathlib import Path

import typer

from sixsigma.cli._names import GRAINS
from sixsigma.cli.common import (
    EndOption,
    FilterOption,
    JsonOption,
    KeepPartialOption,
    StartOption,
    WarehouseOption,
    console,
    parse_filters,
    partial_note,
    print_frame,
    print_json,
    split_list,
)

data_app = typer.Typer(help="The warehouse: import files, list tables, query, read metrics.",
                       no_args_is_help=True)


@data_app.command("import")
def import_cmd(
    file: Path = typer.Argument(..., help="CSV or Parquet export."),
    table: str = typer.Option(..., "--table", help="contacts or orders."),
    warehouse: Path = WarehouseOption,
    as_json: bool = JsonOption,
) -> None:
    """Validate FILE against the table's schema and load it (all or nothing; re-import safe)."""
    from sixsigma.warehouse import Warehouse

    with Warehouse(warehouse) as wh:
        result = wh.import_file(file, table)
    if as_json:
        print_json(result)
    else:
        console.print(result.summary(), markup=False)


@data_app.command("tables")
def tables_cmd(warehouse: Path = WarehouseOption, as_json: bool = JsonOption) -> None:
    """List the warehouse's tables with row counts."""
    from sixsigma.warehouse import Warehouse

    with Warehouse(warehouse, read_only=True) as wh:
        df = wh.tables()
    print_json(df) if as_json else print_frame(df, title=f"Tables in {wh.path}")


@data_app.command("query")
def query_cmd(
    sql: str = typer.Argument(..., help="One SELECT (or WITH ... SELECT) statement."),
    limit: int = typer.Option(10_000, "--limit", min=1, help="Return at most this many rows."),
    warehouse: Path = WarehouseOption,
    as_json: bool = JsonOption,
) -> None:
    """Run one SELECT on the warehouse, read-only: no writes, no files, no settings, no extensions."""
    from sixsigma.warehouse import Warehouse
    from sixsigma.warehouse.readonly import lock_configuration

    with Warehouse(warehouse, read_only=True) as wh:
        lock_configuration(wh.con)  # this connection runs nothing else: no SET can follow
        df = wh.query(sql, limit=limit + 1)
    cut = len(df) > limit
    df = df.head(limit)
    print_json(df) if as_json else print_frame(df)
    if cut:
        typer.echo(f"note: showing the first {limit:,} rows; the query returned more "
                   "(raise --limit, or aggregate in the SQL)", err=as_json)


@data_app.command("metrics")
def metrics_cmd(as_json: bool = JsonOption) -> None:
    """List the catalog's metrics: kind, direction, default chart and tests, definition."""
    import pandas as pd

    from sixsigma.catalog import active

    cat = active()
    df = pd.DataFrame(
        [{"name": m.name, "label": m.label, "unit": m.unit, "kind": m.kind, "better": m.better,
          "chart": m.chart, "test": m.test, "level_test": m.level_test,
          "definition": m.describe(), "description": m.description} for m in cat.metrics.values()]
    )
    if as_json:
        print_json({"catalog": cat.name, "path": str(cat.path), "metrics": df})
    else:
        print_frame(df[["name", "label", "unit", "kind", "better", "chart", "test"]],
                    title=f"Metric catalog: {cat.label} ({cat.path})")


@data_app.command("metric")
def metric_cmd(
    name: str = typer.Argument(..., help="Metric name (see `sixsigma data metrics`)."),
    grain: str = typer.Option("day", "--grain", help=f"One of {', '.join(GRAINS)}."),
    by: str = typer.Option("", "--by", help="Dimensions to split by, comma-separated."),
    filters: list[str] = FilterOption,
    start: str = StartOption,
    end: str = EndOption,
    keep_partial: bool = KeepPartialOption,
    warehouse: Path = WarehouseOption,
    as_json: bool = JsonOption,
) -> None:
    """Print a metric per period (and slice): numerator, denominator, value, days covered."""
    from sixsigma.catalog import active
    from sixsigma.warehouse import Warehouse

    metric = active().metric(name)  # an unknown name is refused before anything is opened
    with Warehouse(warehouse, read_only=True) as wh:
        df = wh.metric(metric, grain=grain, by=split_list(by), filters=parse_filters(filters),
                       start=start, end=end, keep_partial=keep_partial)
        engine = wh.engine_name
    note = partial_note(df)
    if as_json:
        print_json({"metric": metric.name, "label": metric.label, "unit": metric.unit,
                    "grain": grain, "engine": engine, "partial_dropped": df.attrs.get("partial_dropped", []),
                    "rows": df})
    else:
        print_frame(df, title=f"{metric.label} ({metric.unit}) by {grain}", max_rows=400)
        if note:
            typer.echo(note)


@data_app.command("export")
def export_cmd(
    parquet: Path = typer.Option(..., "--parquet", help="Folder to write (one sub-folder per table)."),
    warehouse: Path = WarehouseOption,
) -> None:
    """Write the warehouse's tables as hive-partitioned Parquet (year=/month=) for a lake or Spark."""
    from sixsigma.warehouse.export import export_parquet
    from sixsigma.warehouse.store import default_path

    written = export_parquet(warehouse or default_path(), parquet)
    for table, (rows, folder) in written.items():
        typer.echo(f"{table}: {rows:,} rows -> {folder}")


def register(app: typer.Typer) -> None:
    app.add_typer(data_app, name="data")
