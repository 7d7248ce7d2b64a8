"""Import CSV / Parquet exports into the warehouse: validate everything, then load atomically.

The file is staged (every column as text, with its row number), every rule of the table's
schema is checked in SQL, and only a file with no problem is loaded, in one transaction:
rows whose key already exists are replaced, so importing the same file twice changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from sixsigma.errors import DataValidationError, InputError, unknown
from sixsigma.warehouse.schema import TABLES, Table

MAX_REPORTED = 10


@dataclass(frozen=True)
class ImportSummary:
    table: str
    file: str
    rows_in_file: int
    rows_before: int
    rows_after: int

    @property
    def replaced(self) -> int:
        return self.rows_in_file - (self.rows_after - self.rows_before)

    def to_dict(self) -> dict:
        return {
            "table": self.table,
            "file": self.file,
            "rows_in_file": self.rows_in_file,
            "rows_added": self.rows_after - self.rows_before,
            "rows_replaced": self.replaced,
            "rows_after": self.rows_after,
        }

    def summary(self) -> str:
        d = self.to_dict()
        return (
            f"{self.file}: {d['rows_in_file']:,} rows -> {self.table} "
            f"({d['rows_added']:,} added, {d['rows_replaced']:,} replaced; {d['rows_after']:,} now)"
        )


def import_file(con: duckdb.DuckDBPyConnection, path: str | Path, table: str) -> ImportSummary:
    """Validate ``path`` against ``table``'s schema and load it (all or nothing)."""
    if table not in TABLES:
        raise unknown("table", table, TABLES)
    spec = TABLES[table]
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: file not found")
    if path.is_dir():
        raise InputError(f"{path}: is a folder; give the path of a CSV or Parquet file")
    kind = _kind(path)
    if path.stat().st_size == 0:
        raise DataValidationError(f"{path.name}: the file is empty; export the {table} table with its header row")
    _stage(con, path, kind)
    try:
        present = [r[0] for r in con.execute("DESCRIBE _staged").fetchall()]
        missing = [c.name for c in spec.columns if c.required and c.name not in present]
        if missing:
            raise DataValidationError(
                f"{path.name}: missing column(s) {', '.join(missing)}; "
                f"{table} files need: {', '.join(c.name for c in spec.columns if c.required)}"
            )
        problems = _problems(con, spec, present, path, kind)
        if problems:
            total = problems[0]["total"]
            listed = "; ".join(p["text"] for p in problems)
            more = f"; and {total - len(problems)} more" if total > len(problems) else ""
            raise DataValidationError(
                f"{path.name}: {total} problem{'s' if total != 1 else ''}, nothing imported: "
                f"{listed}{more}. Fix the file and import it again.",
                problems=problems,
            )
        return _load(con, spec, present, path)
    finally:
        con.execute("DROP TABLE IF EXISTS _staged")


def _kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in {".csv", ".txt"}:
        return "csv"
    if suffix in {".parquet", ".pq"}:
        return "parquet"
    raise InputError(f"{path.name}: unsupported file type {suffix!r}; use .csv or .parquet")


def _stage(con, path: Path, kind: str) -> None:
    """Copy the file into a temporary text table with a 1-based row number ``_row``."""
    con.execute("DROP TABLE IF EXISTS _staged")
    try:
        if kind == "csv":
            src = "read_csv(?, all_varchar = true, header = true)"
            con.execute(
                f"CREATE TEMP TABLE _staged AS SELECT row_number() OVER () AS _row, * FROM {src}",
                [str(path)],
            )
        else:
            con.execute(
                "CREATE TEMP TABLE _staged AS SELECT row_number() OVER () AS _row, "
                "COLUMNS(*)::VARCHAR FROM read_parquet(?)",
                [str(path)],
            )
    except duckdb.Error as exc:
        first = str(exc).splitlines()[0]
        raise DataValidationError(f"{path.name}: cannot be read as {kind.upper()}: {first}") from exc


def _cell(name: str) -> str:
    return f"NULLIF(trim(\"{name}\"), '')"


def _problems(con, spec: Table, present: list[str], path: Path, kind: str) -> list[dict]:
    """Every rule violation as (row, column, message), first MAX_REPORTED of them in file order."""
    checks = []
    for i, col in enumerate(spec.columns):
        if col.name not in present:
            continue
        v = _cell(col.name)
        typed = f"TRY_CAST({v} AS {col.sql})"
        rules = []
        if not col.nullable:
            rules.append((f"{v} IS NULL", "'is empty; a value is required'"))
        rules.append(
            (f"{v} IS NOT NULL AND {typed} IS NULL",
             f"'''' || {v} || ''' is not a valid {col.sql.lower()}'")
        )
        if col.sql in {"BIGINT", "INTEGER", "TINYINT"}:  # TRY_CAST would round 1.5 to 2
            as_double = f"TRY_CAST({v} AS DOUBLE)"
            rules.append(
                (f"{as_double} IS NOT NULL AND {as_double} <> floor({as_double})",
                 f"'''' || {v} || ''' is not a whole number'")
            )
        if col.choices:
            allowed = ", ".join(f"'{c}'" for c in col.choices)
            rules.append(
                (f"{v} IS NOT NULL AND {v} NOT IN ({allowed})",
                 f"'''' || {v} || ''' is not one of {'/'.join(col.choices)}'")
            )
        if col.low is not None or col.high is not None:
            lo = "-inf" if col.low is None else f"{col.low:g}"
            hi = "inf" if col.high is None else f"{col.high:g}"
            conds = []
            if col.low is not None:
                conds.append(f"{typed} < {col.low}")
            if col.high is not None:
                conds.append(f"{typed} > {col.high}")
            rules.append(
                (f"{typed} IS NOT NULL AND ({' OR '.join(conds)})",
                 f"{v} || ' is outside the allowed range {lo}..{hi}'")
            )
        for cond, msg in rules:
            checks.append(
                f"SELECT _row, {i} AS col_index, '{col.name}' AS col, {msg} AS message "
                f"FROM _staged WHERE {cond}"
            )
    key = ", ".join(f'"{k}"' for k in spec.key)
    checks.append(
        f"SELECT max(_row) AS _row, -1, '{'+'.join(spec.key)}', "
        f"'duplicates the key of row ' || min(_row)::VARCHAR || ' in the same file' "
        f"FROM _staged GROUP BY {key} HAVING count(*) > 1"
    )
    union = " UNION ALL ".join(checks)
    rows = con.execute(
        f"WITH p AS ({union}) SELECT _row, col, message, count(*) OVER () AS total "
        f"FROM p ORDER BY _row, col_index LIMIT {MAX_REPORTED}"
    ).fetchall()
    out = []
    for row, col, message, total in rows:
        where = f"line {row + 1}" if kind == "csv" else f"row {row}"
        out.append({
            "file": str(path), "line": int(row + 1) if kind == "csv" else None,
            "row": int(row), "column": col, "message": message, "total": int(total),
            "text": f"{where}, column {col}: {message}",
        })
    return out


def _load(con, spec: Table, present: list[str], path: Path) -> ImportSummary:
    names = spec.names
    select = ", ".join(
        (f"CAST({_cell(c.name)} AS {c.sql})" if c.name in present else f"NULL::{c.sql}")
        + f" AS {c.name}"
        for c in spec.columns
    )
    key_match = " AND ".join(f"t.{k} = s.{k}" for k in spec.key)
    n_file = con.execute("SELECT count(*) FROM _staged").fetchone()[0]
    before = con.execute(f"SELECT count(*) FROM {spec.name}").fetchone()[0]
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(f"CREATE TEMP TABLE _typed AS SELECT {select} FROM _staged")
        con.execute(
            f"DELETE FROM {spec.name} AS t WHERE EXISTS (SELECT 1 FROM _typed AS s WHERE {key_match})"
        )
        con.execute(f"INSERT INTO {spec.name} ({', '.join(names)}) SELECT * FROM _typed")
        con.execute("DROP TABLE _typed")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    after = con.execute(f"SELECT count(*) FROM {spec.name}").fetchone()[0]
    return ImportSummary(spec.name, str(path), n_file, before, after)
