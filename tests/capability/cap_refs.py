"""Reference data for the capability tests (qcc 3.0 outputs, qcc inputs, groundbeef)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

TESTS = Path(__file__).resolve().parents[1]
REF = TESTS / "reference-data"
DATA = Path(__file__).resolve().parent / "data"


def load_expected(case: str) -> dict:
    """A qcc 3.0 result from tests/reference-data/expected/<case>.json."""
    return json.loads((REF / "expected" / f"{case}.json").read_text())


def load_reference(name: str) -> pd.DataFrame:
    """An input table from tests/reference-data/<name>.csv."""
    return pd.read_csv(REF / f"{name}.csv")


def groundbeef():
    """The 254 serving sizes (g) of fitdistrplus's groundbeef data (see data/README.md)."""
    return pd.read_csv(DATA / "groundbeef.csv")["serving"].to_numpy(dtype=float)
