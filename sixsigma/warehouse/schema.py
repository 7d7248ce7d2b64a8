"""Import schemas: a catalog ``table:`` source's columns, SQL types and the rules an import
must pass (required, type, whole numbers, allowed values, ranges, key). The key is enforced
by a unique index that the first import (and the demo build) creates.

The columns come from the catalog (``datasets/catalogs/*.yaml``), the allowed values from its
dimensions; datasets/README.md documents the travel catalog's tables for users.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """One column: its SQL type, whether it may be empty, and the values it may take."""

    name: str
    sql: str  # DuckDB type
    nullable: bool = False
    choices: tuple[str, ...] | None = None
    low: float | None = None
    high: float | None = None
    required: bool = True  # must the column be present in an imported file?
    doc: str = ""


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    doc: str

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def ddl(self) -> str:
        cols = ",\n  ".join(
            f"{c.name} {c.sql}{'' if c.nullable else ' NOT NULL'}" for c in self.columns
        )
        return f"CREATE TABLE IF NOT EXISTS {self.name} (\n  {cols}\n)"

    def key_ddl(self) -> str:
        """The unique index that enforces the key from the first import on (``{table}_key``)."""
        return f"CREATE UNIQUE INDEX IF NOT EXISTS {self.name}_key ON {self.name} ({', '.join(self.key)})"


def enforced_keys(con) -> set[tuple[str, frozenset[str]]]:
    """(table, key columns) of every key DuckDB enforces in ``con``'s main schema: unique
    indexes on plain columns, PRIMARY KEY and UNIQUE constraints."""
    rows = con.execute(
        "SELECT table_name, string_split(trim(expressions, '[]'), ', ') FROM duckdb_indexes() "
        "WHERE is_unique AND schema_name = 'main' "
        "UNION ALL SELECT table_name, constraint_column_names FROM duckdb_constraints() "
        "WHERE constraint_type IN ('PRIMARY KEY', 'UNIQUE') AND schema_name = 'main'"
    ).fetchall()
    return {(table, frozenset(c.strip('"') for c in cols)) for table, cols in rows}


def tables_of(catalog) -> dict[str, Table]:
    """The import schema of every ``table:`` source of a catalog, by table name."""
    choices = {d.column: d.values for d in catalog.dimensions.values() if d.values is not None}
    out = {}
    for src in catalog.sources.values():
        if src.table is None:
            continue
        cols = tuple(
            Column(c.name, c.sql, c.nullable, choices.get(c.name), c.low, c.high, c.required, c.doc)
            for c in src.columns.values()
        )
        out[src.table] = Table(src.table, cols, src.key, src.doc)
    return out
