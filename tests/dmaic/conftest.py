"""Fixtures for the DMAIC tests: a temporary projects folder and a copy of the flagship."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO_PROJECTS = Path(__file__).resolve().parents[2] / "projects"
FLAGSHIP = "reduce-intl-hotel-manual-cpo"


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


@pytest.fixture
def wh(demo_warehouse):
    from sixsigma.warehouse import Warehouse

    with Warehouse(demo_warehouse, read_only=True) as w:
        yield w
