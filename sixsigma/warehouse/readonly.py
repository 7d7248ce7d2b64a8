"""The read-only query path: a connection that cannot touch the machine, and a check that user
SQL is one SELECT.

Two independent layers (see DuckDB's "Securing DuckDB" page, operations manual):

1. :func:`hardened_connection` opens the warehouse file read-only with external access off
   (no file, network or host access: ``COPY ... TO``, ``read_csv``, ``read_text``, ``glob``,
   ``ATTACH`` of a file and ``INSTALL`` all fail), no extension autoload/autoinstall, no
   replacement scans of Python variables, and the configuration locked so that ``SET`` /
   ``PRAGMA`` cannot undo any of it.
2. :func:`check_select` parses user SQL (sqlglot, DuckDB dialect) and refuses anything but one
   ``SELECT`` / ``WITH ... SELECT`` / set operation of them, any statement node that writes or
   configures (COPY, INSERT, CREATE, SET, PRAGMA, ATTACH, USE, ...), any function that reads
   files or the host or runs SQL text (``read_*``, ``glob``, ``*_scan``, ``query`` ...), and any
   table named like a file (``FROM '/etc/passwd'``). :func:`run_query` then asks DuckDB's own
   parser too: exactly one statement, of type SELECT.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from pathlib import Path

import duckdb

from sixsigma.errors import InputError, WarehouseError

#: DuckDB settings of every read-only connection (all accepted by DuckDB 2.0 at connect time).
HARDENED_CONFIG = {
    "enable_external_access": False,  # no COPY TO/FROM files, read_csv, read_text, glob, ATTACH
    "autoload_known_extensions": False,
    "autoinstall_known_extensions": False,
    "allow_community_extensions": False,
    "allow_unsigned_extensions": False,
    "allow_persistent_secrets": False,
    "python_enable_replacements": False,  # `FROM df` must not read the caller's Python objects
}

_RESERVED = {"memory", "system", "temp", "main"}  # catalog names DuckDB keeps for itself

REFUSED_PREFIX = "data query runs one read-only SELECT (or WITH ... SELECT)"

# functions that read files, list the host, reach other databases or run SQL given as text
_FILE_FUNCTIONS = re.compile(
    r"^(read_\w*|parquet_\w*|sniff_csv|glob|\w+_scan|scan_\w+|iceberg_\w*|delta_\w*|st_read\w*"
    r"|query|query_table|getenv|json_execute_serialized_sql|checkpoint|force_checkpoint"
    r"|duckdb_secrets|which_secret|load_extension|install_extension|sqlite_\w+|postgres_\w+"
    r"|mysql_\w+|ducklake_\w+|http_\w+)$",
    re.IGNORECASE,
)
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# statement kinds refused wherever they appear in the tree (also inside a CTE or subquery)
_REFUSED_NODES = (
    "Copy", "Insert", "Update", "Delete", "Merge", "Create", "Drop", "Alter", "Command", "Pragma",
    "Set", "Attach", "Detach", "Use", "Install", "Transaction", "Commit", "Rollback", "Describe",
    "Export", "LoadData", "Analyze", "Grant", "Revoke", "Refresh", "Cache", "Uncache", "TruncateTable",
)


def hardened_connection(
    path: str | Path | None,
    *,
    lock: bool = True,
    allowed_directories: Sequence[str | Path] = (),
) -> duckdb.DuckDBPyConnection:
    """Open the DuckDB file at ``path`` read-only (None: an empty in-memory database), hardened.

    Settings: :data:`HARDENED_CONFIG`; external access off, and once off DuckDB refuses to turn
    it back on or to widen ``allowed_directories`` while the database runs. Only the folders in
    ``allowed_directories`` (a catalog's Parquet lake) stay readable. ``lock=True`` also sets
    ``lock_configuration`` so that no ``SET`` changes anything; ``lock=False`` is for a wrapper
    that must set session options first (Ibis sets ``TimeZone``): call :func:`lock_configuration` after it.
    The configuration lock is per database instance, and DuckDB shares one instance between
    the connections of a process to the same file: lock only a connection nobody will wrap.
    With ``allowed_directories`` the file is attached read-only to an in-memory instance of
    the connection's own, so opening it again with other folders (another catalog) works: a
    shared instance, once external access is off, refuses new folders.
    """
    if path is not None:
        path = Path(path)
        if not path.is_file():
            raise WarehouseError(
                f"no warehouse at {path}; run `sixsigma demo` (or `sixsigma data import`) to create "
                "one, or point --warehouse / SIXSIGMA_WAREHOUSE at an existing file"
            )
    roots = [str(Path(d).resolve()).rstrip("/") + "/" for d in allowed_directories]
    config = dict(HARDENED_CONFIG)
    if roots:  # DuckDB takes allowed_directories only once it runs, before access is disabled
        config.pop("enable_external_access")
    try:
        if path is not None and roots:  # its own instance: see the docstring
            con = duckdb.connect(":memory:", config=config)
            alias = path.stem if path.stem.isidentifier() and path.stem not in _RESERVED else "warehouse"
            con.execute(f"ATTACH ? AS {alias} (READ_ONLY)", [str(path)])
            con.execute(f"USE {alias}")
        else:
            con = duckdb.connect(":memory:" if path is None else str(path), read_only=path is not None,
                                 config=config)
    except duckdb.Error as exc:
        first = str(exc).strip().splitlines()[0]
        raise WarehouseError(f"cannot open warehouse {path}: {first}") from exc
    if roots:
        con.execute("SET allowed_directories = ?", [roots])
        con.execute("SET enable_external_access = false")
    if lock:
        lock_configuration(con)
    return con


def lock_configuration(con: duckdb.DuckDBPyConnection) -> None:
    """Lock a connection's configuration (no more SET / PRAGMA changes); idempotent."""
    if not con.execute("SELECT current_setting('lock_configuration')").fetchone()[0]:
        con.execute("SET lock_configuration = true")


def parquet_roots(catalog) -> list[Path]:
    """The folders holding a catalog's Parquet sources (what a read-only connection may read)."""
    roots = []
    for source in getattr(catalog, "sources", {}).values():
        location = getattr(source, "parquet", None)
        if location is None:
            continue
        p = Path(str(location))
        while any(ch in str(p) for ch in "*?["):  # a glob: its fixed leading folders
            p = p.parent
        roots.append(p if p.is_dir() else p.parent)
    return roots


def hardened_ibis(path: str | Path | None, allowed_directories: Sequence[str | Path] = ()):
    """An Ibis DuckDB backend over a hardened, locked read-only connection of ``path``."""
    import ibis

    con = hardened_connection(path, lock=False, allowed_directories=allowed_directories)
    backend = ibis.duckdb.from_connection(con)  # sets TimeZone (a SET): before the lock
    lock_configuration(con)
    return backend


def check_select(sql: str) -> str:
    """Return ``sql`` (stripped) if it is one read-only SELECT; else raise a one-line InputError.

    Parsed with sqlglot (DuckDB dialect); the whole tree is walked, so a COPY or a file-reading
    function inside a CTE, a subquery or a LATERAL join is refused as well.
    """
    import sqlglot
    from sqlglot import exp

    if not isinstance(sql, str) or not sql.strip():
        raise InputError("the SQL is empty; give one SELECT, e.g. \"SELECT count(*) FROM contacts\"")
    text = sql.strip()
    log = logging.getLogger("sqlglot")
    level = log.level
    log.setLevel(logging.CRITICAL)  # sqlglot warns on stderr when it falls back to a Command
    try:
        trees = [t for t in sqlglot.parse(text, read="duckdb") if t is not None]
    except sqlglot.errors.SqlglotError as exc:
        kind = _kind(None, text)
        if kind.split()[0] not in {"SELECT", "WITH", "FROM", "VALUES", "TABLE"} and text[0] != "(":
            raise InputError(f"{REFUSED_PREFIX}; {kind} is refused") from None
        raise InputError(f"cannot parse the SQL: {_parse_message(exc)}") from None
    except RecursionError:
        raise InputError("the SQL is nested too deeply to check; simplify it") from None
    finally:
        log.setLevel(level)
    if not trees:
        raise InputError("the SQL holds no statement (only comments?); give one SELECT")
    if len(trees) > 1:
        raise InputError(
            f"{REFUSED_PREFIX}; this text holds {len(trees)} statements: run them one at a time"
        )
    tree = trees[0]
    if not isinstance(tree, (exp.Select, exp.SetOperation, exp.Subquery)):
        raise InputError(f"{REFUSED_PREFIX}; {_kind(tree, text)} is refused")
    refused = tuple(getattr(exp, n) for n in _REFUSED_NODES if hasattr(exp, n))
    for node in tree.walk():
        if isinstance(node, refused):
            raise InputError(f"{REFUSED_PREFIX}; {_kind(node)} inside the query is refused")
        if isinstance(node, exp.Func):
            name = node.name if isinstance(node, exp.Anonymous) else node.sql_name()
            if name and _FILE_FUNCTIONS.match(name):
                raise InputError(
                    f"{REFUSED_PREFIX}; {name.lower()}() reads files, the host or SQL text and is "
                    "refused: query the warehouse tables (see `sixsigma data tables`)"
                )
        if isinstance(node, exp.Table):
            for part in (node.args.get("this"), node.args.get("db"), node.args.get("catalog")):
                if isinstance(part, exp.Identifier) and not _IDENTIFIER.match(part.name):
                    raise InputError(
                        f"{REFUSED_PREFIX}; the table name {part.name!r} looks like a file or URL "
                        "and is refused: query the warehouse tables (see `sixsigma data tables`)"
                    )
    return text


def run_query(
    con: duckdb.DuckDBPyConnection,
    sql: str,
    params: Sequence | None = None,
    *,
    limit: int | None = None,
    trusted: bool = False,
):
    """Run ``sql`` on ``con`` and return a DataFrame of at most ``limit`` rows (None: all).

    Untrusted SQL (the default) must pass :func:`check_select`, and DuckDB's own parser must see
    exactly one SELECT; ``trusted=True`` is only for SQL the package builds itself.
    """
    import pandas as pd

    if limit is not None and (not isinstance(limit, int) or limit < 1):
        raise InputError(f"the row limit must be a whole number of at least 1, not {limit!r}")
    if not trusted:
        sql = check_select(sql)
    try:
        if not trusted:
            statements = con.extract_statements(sql)
            if len(statements) != 1 or statements[0].type != duckdb.StatementType.SELECT:
                kinds = ", ".join(s.type.name for s in statements) or "nothing"
                raise InputError(f"{REFUSED_PREFIX}; DuckDB reads this as {kinds}, which is refused")
        result = con.execute(sql, list(params or []))
        if limit is None:
            return result.df()
        vectors = -(-limit // 2048)  # fetched in DuckDB vectors of 2,048 rows
        chunks = [result.fetch_df_chunk(vectors)]
        rows = len(chunks[0])
        while rows < limit and len(chunks[-1]):
            chunks.append(result.fetch_df_chunk(vectors))
            rows += len(chunks[-1])
        df = chunks[0] if len(chunks) == 1 else pd.concat(chunks, ignore_index=True)
        return df.head(limit)
    except duckdb.Error as exc:
        first = str(exc).strip().splitlines()[0]
        raise InputError(f"query failed: {first}") from exc


def _kind(node, text: str | None = None) -> str:
    """What a refused statement is, in the user's words: COPY, SET, CREATE SECRET, ..."""
    if text is not None:  # the whole statement: its own first keyword(s)
        words = re.findall(r"[A-Za-z_]+", re.sub(r"--[^\n]*|/\*.*?\*/", " ", text, flags=re.S))
        if not words:
            return "this statement"
        n = 2 if words[0].upper() in {"CREATE", "DROP", "ALTER", "EXPORT", "IMPORT"} and len(words) > 1 else 1
        return " ".join(w.upper() for w in words[:n]) + " ..."
    return f"{node.key.upper()} ..."


def _parse_message(exc) -> str:
    errors = getattr(exc, "errors", None) or []
    if errors:
        e = errors[0]
        return f"{e.get('description', 'invalid SQL')} (line {e.get('line')}, column {e.get('col')})"
    return " ".join(str(exc).split())[:200]
