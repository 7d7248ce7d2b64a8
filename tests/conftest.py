"""Shared fixtures: reference data (qcc/Montgomery inputs and qcc 3.0 outputs) and the demo."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

REFERENCE_DIR = Path(__file__).parent / "reference-data"


def load_expected(case: str) -> dict:
    """A qcc 3.0 reference result from tests/reference-data/expected/<case>.json."""
    with open(REFERENCE_DIR / "expected" / f"{case}.json") as fh:
        return json.load(fh)


def load_reference(name: str) -> pd.DataFrame:
    """A reference input table from tests/reference-data/<name>.csv."""
    return pd.read_csv(REFERENCE_DIR / f"{name}.csv")


@pytest.fixture
def expected():
    return load_expected


@pytest.fixture
def reference():
    return load_reference


DEMO_TEST_SCALE = 0.25  # a quarter of the default volume: the same story, built in seconds


@pytest.fixture(scope="session")
def demo_warehouse(tmp_path_factory) -> Path:
    """Path of a seeded demo warehouse (default seed, quarter volume), built once per session."""
    from sixsigma.warehouse.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "warehouse.duckdb"
    return build_demo(path, scale=DEMO_TEST_SCALE)
