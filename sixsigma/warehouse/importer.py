"""Import CSV / Parquet exports into the warehouse: validate everything, then load atomically.

The file is staged (every column as text, with its record number), every rule of the table's
schema is checked in SQL, and only a file with no problem is loaded, in one transaction:
rows whose key already exists are replaced, so importing the same file twice changes nothing.
The first import creates a unique index on the table's key, so DuckDB enforces it from then on.

What is refused, each with file, line and column: a value that is not of the column's type,
outside its range or allowed values; a non-finite number (``nan``, ``inf``, ``1e400``, NaN in
Parquet); a timestamp with a time-zone offset (the warehouse stores local time without zone);
a date with a time of day; two rows of one file whose keys are equal *as loaded* (trimmed and
typed: ``2031-1-1`` and ``2031-01-01`` are the same date); a row with more or fewer fields than
the header (DuckDB's ``strict_mode`` and ``store_rejects``); a header that names a column twice.
Lines are physical file lines, also after a quoted field that spans lines.

``SIXSIGMA_IMPORT_KILL_AT=<step>[+<ms>]`` (a test hook) SIGKILLs the process at a named step,
or ``ms`` milliseconds after it: steps ``staged``, ``validated``, ``begin``, ``deleted``,
``inserted``, ``commit`` (just before COMMIT) and ``committed``.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np

from sixsigma.errors import DataValidationError, InputError, unknown
from sixsigma.warehouse.schema import Table, enforced_keys, tables_of

MAX_REPORTED = 10
KILL_ENV = "SIXSIGMA_IMPORT_KILL_AT"
DELIMITERS = (",", ";", "\t", "|")
FLOAT_TYPES = {"DOUBLE", "FLOAT", "REAL", "FLOAT4", "FLOAT8"}
# a time (hh:mm[:ss[.fff]]) followed by a zone: Z, +08, -05:30, +0800, UTC, Asia/Shanghai
ZONE_RE = r"[0-9]:[0-9]{2}(:[0-9]{2}([.][0-9]*)?)?\s*([zZ]|[+-][0-9]{1,2}(:?[0-9]{2})?|[A-Za-z][A-Za-z_]*(/[A-Za-z_+-]+)*)$"
_REJECTS = ("_import_rejects", "_import_reject_scans")


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


def import_file(con: duckdb.DuckDBPyConnection, path: str | Path, table: str,
                tables: dict[str, Table] | None = None) -> ImportSummary:
    """Validate ``path`` against ``table``'s schema and load it (all or nothing)."""
    if tables is None:  # the default catalog's tables
        from sixsigma.catalog import load_catalog

        tables = tables_of(load_catalog())
    if table not in tables:
        raise unknown("table", table, tables)
    spec = tables[table]
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: file not found")
    if path.is_dir():
        raise InputError(f"{path}: is a folder; give the path of a CSV or Parquet file")
    kind = _kind(path)
    if path.stat().st_size == 0:
        raise DataValidationError(f"{path.name}: the file is empty; export the {table} table with its header row")
    _step("start")
    present, rejects = _stage(con, path, kind, spec)
    try:
        _step("staged")
        missing = [c.name for c in spec.columns if c.required and c.name not in present]
        if missing:
            raise DataValidationError(
                f"{path.name}: missing column(s) {', '.join(missing)}; "
                f"{table} files need: {', '.join(c.name for c in spec.columns if c.required)}"
            )
        problems = _problems(con, spec, present, path, kind, rejects)
        if problems:
            total = problems[0]["total"]
            listed = "; ".join(p["text"] for p in problems)
            more = f"; and {total - len(problems)} more" if total > len(problems) else ""
            raise DataValidationError(
                f"{path.name}: {total} problem{'s' if total != 1 else ''}, nothing imported: "
                f"{listed}{more}. Fix the file and import it again.",
                problems=problems,
            )
        _step("validated")
        return _load(con, spec, present, path)
    finally:
        con.execute("DROP TABLE IF EXISTS _staged")
        for name in _REJECTS:
            con.execute(f"DROP TABLE IF EXISTS {name}")


def _kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in {".csv", ".txt"}:
        return "csv"
    if suffix in {".parquet", ".pq"}:
        return "parquet"
    raise InputError(f"{path.name}: unsupported file type {suffix!r}; use .csv or .parquet")


def _step(name: str) -> None:
    """Test hook: SIGKILL this process at step ``name`` (or ``ms`` after it), see the docstring."""
    want = os.environ.get(KILL_ENV)
    if not want:
        return
    step, _, delay = want.partition("+")
    if step != name:
        return
    import signal

    if not delay:
        os.kill(os.getpid(), signal.SIGKILL)
    import threading

    threading.Timer(float(delay) / 1000, os.kill, (os.getpid(), signal.SIGKILL)).start()


def _stage(con, path: Path, kind: str, spec: Table) -> tuple[list[str], list[tuple]]:
    """Copy the file's columns of ``spec`` into a temporary text table with its record number.

    Returns the spec columns present and, for CSV, the first rows DuckDB's strict reader
    rejected as (DuckDB line, error type, error message, how many lines were rejected): wrong
    field count, bad quoting, bad encoding. All rejected lines stay in the rejects table.
    """
    con.execute("DROP TABLE IF EXISTS _staged")
    for name in _REJECTS:
        con.execute(f"DROP TABLE IF EXISTS {name}")
    wanted = {c.name.lower(): c.name for c in spec.columns}
    try:
        if kind == "csv":
            delim, header = _header(path, spec)
            cols = {wanted[h.lower()]: f"c{i}" for i, h in enumerate(header) if h.lower() in wanted}
            struct = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(header))) + "}"
            select = "".join(f", {src} AS {name}" for name, src in cols.items())
            con.execute(
                f"CREATE TEMP TABLE _staged AS SELECT row_number() OVER () AS _row{select} "
                f"FROM read_csv(?, header = true, auto_detect = false, columns = {struct}, delim = ?, "
                "quote = '\"', escape = '\"', strict_mode = true, null_padding = false, "
                f"store_rejects = true, rejects_table = '{_REJECTS[0]}', rejects_scan = '{_REJECTS[1]}')",
                [str(path), delim],
            )
            rejects = con.execute(
                f"SELECT line, min(error_type), min(csv_line), count(*) OVER () "
                f"FROM {_REJECTS[0]} GROUP BY line ORDER BY line LIMIT {MAX_REPORTED}"
            ).fetchall()
        else:
            names = [r[0] for r in con.execute(
                "DESCRIBE SELECT * FROM read_parquet(?)", [str(path)]).fetchall()]
            _check_unique(path, names, "column")
            cols = {wanted[n.lower()]: n for n in names if n.lower() in wanted}
            select = "".join(f', "{src}"::VARCHAR AS {name}' for name, src in cols.items())
            con.execute(
                f"CREATE TEMP TABLE _staged AS SELECT row_number() OVER () AS _row{select} "
                "FROM read_parquet(?)",
                [str(path)],
            )
            rejects = []
    except duckdb.Error as exc:
        first = str(exc).strip().splitlines()[0]
        raise DataValidationError(f"{path.name}: cannot be read as {kind.upper()}: {first}") from exc
    return list(cols), rejects


def _header(path: Path, spec: Table) -> tuple[str, list[str]]:
    """The delimiter (the one naming most of the table's columns) and the header's names."""
    with open(path, "rb") as fh:
        raw = fh.readline(1 << 20)
    try:
        line = raw.decode("utf-8-sig").rstrip("\r\n")
    except UnicodeDecodeError:
        raise DataValidationError(
            f"{path.name}: line 1 (the header) is not UTF-8 text; export the file as UTF-8 CSV") from None
    wanted = {c.name.lower() for c in spec.columns}
    best = None
    for delim in DELIMITERS:
        try:
            names = next(csv.reader([line], delimiter=delim, quotechar='"'), [])
        except csv.Error as exc:
            raise DataValidationError(f"{path.name}: line 1 (the header) is not valid CSV: {exc}") from None
        names = [n.strip() or f"column{i + 1}" for i, n in enumerate(names)] or ["column1"]
        hits = sum(n.lower() in wanted for n in names)
        if best is None or hits > best[0]:
            best = (hits, delim, names)
    _, delim, names = best
    _check_unique(path, names, "header name")
    return delim, names


def _check_unique(path: Path, names: list[str], what: str) -> None:
    seen: dict[str, int] = {}
    for i, n in enumerate(names):
        if n.lower() in seen:
            raise DataValidationError(
                f"{path.name}: line 1, column {i + 1}: the {what} {n!r} repeats column "
                f"{seen[n.lower()] + 1} (names are compared ignoring case); give every column "
                "one distinct name"
            )
        seen[n.lower()] = i


def _cell(name: str) -> str:
    return f"NULLIF(trim(\"{name}\"), '')"


def _shown(v: str) -> str:
    """SQL showing a cell in a one-line message: newlines and tabs escaped, at most 80 chars."""
    return (f"regexp_replace(replace(replace(replace(left({v}, 80), chr(13), '\\r'), chr(10), "
            f"'\\n'), chr(9), '\\t'), '[\\x00-\\x1f]', '?', 'g')")


def _typed(col) -> str:
    return f"TRY_CAST({_cell(col.name)} AS {col.sql})"


def _problems(con, spec: Table, present: list[str], path: Path, kind: str,
              rejects: list[tuple]) -> list[dict]:
    """Every rule violation, first MAX_REPORTED of them in file order, located by physical line."""
    checks = []
    for i, col in enumerate(spec.columns):
        if col.name not in present:
            continue
        v = _cell(col.name)
        q = _shown(v)
        typed = _typed(col)
        sql = col.sql.upper()
        rules = []
        if not col.nullable:
            rules.append((f"{v} IS NULL", "'is empty; a value is required'"))
        rules.append(
            (f"{v} IS NOT NULL AND {typed} IS NULL",
             f"'''' || {q} || ''' is not a valid {col.sql.lower()}'")
        )
        finite = "TRUE"
        if sql in FLOAT_TYPES:  # nan, inf, -inf, and 1e400 (which DuckDB reads as inf)
            finite = f"isfinite({typed})"
            rules.append(
                (f"{typed} IS NOT NULL AND NOT {finite}",
                 f"'''' || {q} || ''' is not a finite number'")
            )
        if sql in {"BIGINT", "INTEGER", "TINYINT", "SMALLINT", "HUGEINT"}:  # TRY_CAST rounds 1.5
            as_double = f"TRY_CAST({v} AS DOUBLE)"
            rules.append(
                (f"{as_double} IS NOT NULL AND {as_double} <> floor({as_double})",
                 f"'''' || {q} || ''' is not a whole number'")
            )
        if sql.startswith("TIMESTAMP"):
            rules.append(
                (f"{typed} IS NOT NULL AND regexp_matches({v}, '{ZONE_RE}')",
                 f"'''' || {q} || ''' has a time-zone offset; the warehouse stores local time "
                 f"without a zone: give the local time, e.g. ' || strftime({typed}, '%Y-%m-%d %H:%M:%S')")
            )
        if sql == "DATE":
            rules.append(
                (f"{typed} IS NOT NULL AND TRY_CAST({v} AS TIMESTAMP) IS DISTINCT FROM {typed}::TIMESTAMP",
                 f"'''' || {q} || ''' has a time of day; {col.name} is a date: give ' || {typed}::VARCHAR")
            )
        if col.choices:
            allowed = ", ".join("'" + c.replace("'", "''") + "'" for c in col.choices)
            rules.append(
                (f"{v} IS NOT NULL AND {v} NOT IN ({allowed})",
                 f"'''' || {q} || ''' is not one of {'/'.join(col.choices).replace(chr(39), chr(39) * 2)}'")
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
                (f"{typed} IS NOT NULL AND {finite} AND ({' OR '.join(conds)})",
                 f"{q} || ' is outside the allowed range {lo}..{hi}'")
            )
        for cond, msg in rules:
            checks.append(
                f"SELECT _row, {i} AS col_index, '{col.name}' AS col, {msg} AS message, "
                f"NULL::BIGINT AS other FROM _staged WHERE {cond}"
            )
    key_cols = [spec.column(k) for k in spec.key if k in present]
    if key_cols and len(key_cols) == len(spec.key):
        # the key as the load compares it: trimmed and typed (2031-1-1 = 2031-01-01)
        typed_keys = ", ".join(_typed(c) for c in key_cols)
        shown = " || ', ' || ".join(f"'{c.name}=' || {_typed(c)}::VARCHAR" for c in key_cols)
        not_null = " AND ".join(f"{_typed(c)} IS NOT NULL" for c in key_cols)
        checks.append(
            f"SELECT _row, -1, '{'+'.join(spec.key)}', 'has the same key (' || shown || ') as ', "
            f"first FROM (SELECT _row, {shown} AS shown, min(_row) OVER (PARTITION BY {typed_keys}) "
            f"AS first FROM _staged WHERE {not_null}) WHERE _row <> first"
        )
    union = " UNION ALL ".join(checks) if checks else (
        "SELECT NULL::BIGINT AS _row, 0 AS col_index, '' AS col, '' AS message, NULL::BIGINT AS other "
        "WHERE false")
    rows = con.execute(
        f"WITH p AS ({union}) SELECT _row, col_index, col, message, other, count(*) OVER () AS total "
        f"FROM p ORDER BY _row, col_index LIMIT {MAX_REPORTED}"
    ).fetchall()
    if not rows and not rejects:
        return []
    total = (rows[0][5] if rows else 0) + (rejects[0][3] if rejects else 0)
    where = _locator(con, path, kind, rejects)
    found = []
    for row, col_index, col, message, other, _ in rows:
        line, text = where(row=row)
        if other is not None:
            message = message + where(row=other)[1] + " in the same file"
        found.append((line, col_index, col, message, row, text))
    delim, names = _header(path, spec) if rejects else (",", [])
    for line_no, error_type, csv_line, _ in rejects:
        line, text = where(reject=line_no)
        found.append((line, -2, None, _reject_message(error_type, csv_line, len(names), delim), None, text))
    found.sort(key=lambda f: (f[0], f[1]))
    out = []
    for line, _, col, message, row, text in found[:MAX_REPORTED]:
        out.append({
            "file": str(path), "line": line if kind == "csv" else None,
            "row": None if row is None else int(row), "column": col, "message": message,
            "total": int(total),
            "text": f"{text}, column {col}: {message}" if col else f"{text}: {message}",
        })
    return out


def _reject_message(error_type: str, csv_line: str | None, n_header: int, delim: str) -> str:
    """DuckDB's strict-reader error for a row, in the words of someone fixing the file."""
    if error_type in {"TOO MANY COLUMNS", "MISSING COLUMNS"}:
        fields = None
        try:  # the rejected record's raw text, as DuckDB kept it (blank lines before it stripped)
            fields = len(next(csv.reader([(csv_line or "").lstrip("\r\n")], delimiter=delim), []))
        except csv.Error:
            pass
        if fields is not None:
            return f"has {fields} field{'s' if fields != 1 else ''} but the header has {n_header}"
        return f"has {'more' if error_type == 'TOO MANY COLUMNS' else 'fewer'} fields than the header's {n_header}"
    if error_type == "INVALID ENCODING":
        return "is not valid UTF-8 text; export the file as UTF-8"
    if error_type == "UNQUOTED VALUE":
        return ("has a double quote that does not close its quoted field; quote the whole field "
                "and double every quote inside it")
    return f"cannot be read ({(error_type or 'unknown error').lower()})"


def _locator(con, path: Path, kind: str, rejects: list[tuple]):
    """A function giving (sort key, 'line N' / 'row N') for a staged row or a rejected line.

    CSV: the physical line where the record starts. A record's end is a newline outside quotes
    (an even number of double quotes before it); DuckDB skips blank records but counts them in
    its reject line numbers. If the staged and rejected rows do not add up to the records found
    this way (a stray quote inside an unquoted field), records are counted instead of lines.
    """
    if kind != "csv":
        return lambda row=None, reject=None: (row, f"row {row}")
    lines, blank, balanced = _record_lines(path)
    rejected = np.zeros(0, dtype=np.int64)
    if rejects:  # DuckDB's line L is record L-1 (0 = the header)
        rejected = con.execute(f"SELECT DISTINCT line - 1 AS r FROM {_REJECTS[0]}").fetchnumpy()["r"]
        rejected = np.asarray(rejected, dtype=np.int64)
    data = np.flatnonzero(~blank)
    data = data[data > 0]
    kept = data[~np.isin(data, rejected)]
    n_staged = con.execute("SELECT count(*) FROM _staged").fetchone()[0]
    inside = (rejected > 0) & (rejected < lines.size)
    ok = bool(balanced and kept.size == n_staged and inside.all()
              and not blank[rejected[inside]].any())
    if not ok:
        return lambda row=None, reject=None: (
            (row, f"record {row}") if reject is None else (reject - 1, f"record {reject - 1}"))

    def where(row=None, reject=None):
        line = int(lines[kept[row - 1]] if reject is None else lines[reject - 1])
        return line, f"line {line}"

    return where


def _record_lines(path: Path, chunk: int = 1 << 26) -> tuple[np.ndarray, np.ndarray, bool]:
    """Physical start line of every CSV record (0 = the header), whether it is blank, and
    whether the file's double quotes are balanced. Vectorised over the bytes, in chunks."""
    data = np.memmap(path, dtype=np.uint8, mode="r")

    def positions(byte: int) -> np.ndarray:
        parts = [np.flatnonzero(data[i:i + chunk] == byte) + i for i in range(0, data.size, chunk)]
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)

    newlines, quotes = positions(10), positions(34)
    ends = newlines[np.searchsorted(quotes, newlines) % 2 == 0]  # newlines outside quotes
    starts = np.concatenate(([0], ends + 1))
    stops = np.concatenate((ends, [data.size]))
    keep = starts < data.size
    starts, stops = starts[keep], stops[keep]
    length = stops - starts
    first = data[np.minimum(starts, data.size - 1)]
    blank = (length == 0) | ((length == 1) & (first == 13))
    lines = 1 + np.searchsorted(newlines, starts)  # newlines before the record's first byte
    return lines, blank, quotes.size % 2 == 0


def _enforce_key(con, spec: Table) -> None:
    """Create the key's unique index if the table has none; refuse when rows loaded before
    it (not by an import) already repeat a key, naming how many."""
    if (spec.name, frozenset(spec.key)) in enforced_keys(con):
        return
    keys = ", ".join(spec.key)
    n = con.execute(f"SELECT count(*) FROM (SELECT 1 FROM {spec.name} GROUP BY {keys} "
                    "HAVING count(*) > 1)").fetchone()[0]
    if n:
        raise DataValidationError(
            f"{spec.name} already holds {n} repeated value{'s' if n != 1 else ''} of its key "
            f"({keys}), loaded outside `sixsigma data import`; keep one row per key and import again"
        )
    con.execute(spec.key_ddl())


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
        _step("begin")
        con.execute(f"CREATE TEMP TABLE _typed AS SELECT {select} FROM _staged")
        con.execute(
            f"DELETE FROM {spec.name} AS t WHERE EXISTS (SELECT 1 FROM _typed AS s WHERE {key_match})"
        )
        _step("deleted")
        con.execute(f"INSERT INTO {spec.name} ({', '.join(names)}) SELECT * FROM _typed")
        _step("inserted")
        if spec.key:  # from the first import on, DuckDB enforces the key (reports skip the check)
            _enforce_key(con, spec)
        con.execute("DROP TABLE _typed")
        _step("commit")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    _step("committed")
    after = con.execute(f"SELECT count(*) FROM {spec.name}").fetchone()[0]
    return ImportSummary(spec.name, str(path), n_file, before, after)
