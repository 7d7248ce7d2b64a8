"""The warehouse as hive-partitioned Parquet: what a lake, or the Spark engine, reads.

``export_parquet(path, folder)`` writes every ``table:`` source of the catalog to
``folder/<table>/year=YYYY/month=M/*.parquet`` (partitioned by its time column), written
first to a temporary folder beside the target and renamed into place, so a failed export
leaves no half-written table. A catalog for the exported lake is the same catalog with
``parquet: <folder>/<table>`` in place of ``table: <table>``.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import duckdb

from sixsigma.catalog import load_catalog
from sixsigma.errors import InputError, WarehouseError
from sixsigma.paths import ensure_dir


def export_parquet(path: str | Path, folder: str | Path, catalog=None) -> dict[str, tuple[int, Path]]:
    """Write each ``table:`` source of the warehouse file ``path``; return {table: (rows, folder)}.

    Opens its own read-only connection (the query path's is sealed against writing files)."""
    cat = load_catalog(catalog)
    if not Path(path).is_file():
        raise WarehouseError(f"no warehouse at {path}; run `sixsigma demo` or give --warehouse")
    root = ensure_dir(folder)
    con = duckdb.connect(str(path), read_only=True)
    try:
        return _export(con, cat, root)
    finally:
        con.close()


def _export(con, cat, root: Path) -> dict[str, tuple[int, Path]]:
    out: dict[str, tuple[int, Path]] = {}
    for src in cat.sources.values():
        if src.table is None:
            continue
        target = root / src.table
        tmp = Path(tempfile.mkdtemp(prefix=f".{src.table}.", dir=root))
        try:
            time = src.time
            sql = (f'COPY (SELECT *, year("{time}") AS year, month("{time}") AS month '
                   f'FROM "{src.table}") TO ? (FORMAT parquet, PARTITION_BY (year, month), '
                   "OVERWRITE_OR_IGNORE true)")
            con.execute(sql, [str(tmp / "data")])
            rows = con.execute(f'SELECT count(*) FROM "{src.table}"').fetchone()[0]
            if target.exists():
                shutil.rmtree(target)
            (tmp / "data").rename(target)
        except OSError as exc:
            raise InputError(f"cannot write {target}: {exc.strerror or exc}") from None
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        out[src.table] = (int(rows), target)
    return out
