"""Reading a user's Parquet file into a DataFrame, through DuckDB (no extra Parquet engine)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from sixsigma.errors import InputError


def read_parquet(path: str | Path) -> pd.DataFrame:
    """The whole Parquet file as a DataFrame; a one-line error when it is not valid Parquet."""
    con = duckdb.connect()
    try:
        return con.execute("SELECT * FROM read_parquet(?)", [str(path)]).df()
    except duckdb.Error as exc:
        first = str(exc).strip().splitlines()[0]
        raise InputError(f"{path}: cannot be read as Parquet ({first})") from None
    finally:
        con.close()
