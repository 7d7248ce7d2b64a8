"""Shared fixtures: reference data (qcc/Montgomery inputs and qcc 3.0 outputs), the demo
warehouse, and a temporary projects folder with the flagship."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

REFERENCE_DIR = Path(__file__).parent / "reference-data"
REPO_PROJECTS = Path(__file__).resolve().parents[1] / "projects"
FLAGSHIP = "reduce-intl-hotel-manual-cpo"


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


@pytest.fixture(autouse=True)
def _portfolio_cache(tmp_path_factory, monkeypatch):
    """The portfolio index (sixsigma.program.index) caches in the session's temp folder, outside
    every test's tmp_path and never in the user's ~/.cache."""
    monkeypatch.setenv("SIXSIGMA_CACHE", str(tmp_path_factory.getbasetemp() / "portfolio-cache"))


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


@pytest.fixture
def wh(demo_warehouse):
    """The demo warehouse, opened read-only."""
    from sixsigma.warehouse import Warehouse

    with Warehouse(demo_warehouse, read_only=True) as w:
        yield w


@pytest.fixture
def projects(tmp_path, monkeypatch) -> Path:
    """An empty projects folder, made the active one through $SIXSIGMA_PROJECTS."""
    root = tmp_path / "projects"
    root.mkdir()
    monkeypatch.setenv("SIXSIGMA_PROJECTS", str(root))
    return root


@pytest.fixture
def flagship(projects) -> str:
    """A copy of the flagship project folder (project.yaml and its root-cause records)."""
    shutil.copytree(REPO_PROJECTS / FLAGSHIP, projects / FLAGSHIP)
    return FLAGSHIP


@pytest.fixture(scope="session")
def spark_session():
    """One local[2] SparkSession for the whole test session.

    Skipped with an install hint where Java or pyspark is missing; under CI (which installs
    both, see .ci/run) a missing runtime fails instead, so the engine-parity tests always run.
    """
    import os
    import shutil

    missing = []
    try:
        import pyspark  # noqa: F401
    except ImportError:
        missing.append("pyspark (uv sync --extra spark)")
    if shutil.which("java") is None:
        missing.append("Java 17 (apt-get install openjdk-17-jre-headless)")
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the Spark tests but lacks: {', '.join(missing)}")
        pytest.skip(f"Spark tests need {' and '.join(missing)}")
    from pyspark.sql import SparkSession

    session = (SparkSession.builder.master("local[2]").appName("sixsigma-tests")
               .config("spark.ui.enabled", "false")
               .config("spark.ui.showConsoleProgress", "false")
               .config("spark.sql.session.timeZone", "UTC")
               .config("spark.sql.shuffle.partitions", "1")
               .config("spark.sql.adaptive.enabled", "false")
               .config("spark.driver.memory", "1g")
               .config("spark.sql.warehouse.dir", str(tmp_spark_dir()))
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def tmp_spark_dir():
    import tempfile

    return Path(tempfile.mkdtemp(prefix="sixsigma-spark-"))
