"""Fixtures for the program tests: a temporary projects folder, the flagship, the demo warehouse."""

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
def four(projects) -> Path:
    """The four example projects (the flagship and three others) copied into the projects folder."""
    for src in REPO_PROJECTS.iterdir():
        if (src / "project.yaml").exists():
            shutil.copytree(src, projects / src.name)
    return projects


@pytest.fixture
def wh(demo_warehouse):
    from sixsigma.warehouse import Warehouse

    with Warehouse(demo_warehouse, read_only=True) as w:
        yield w


DEMO_SEED, DEMO_END = 7, __import__("datetime").date(2026, 6, 30)


@pytest.fixture(scope="session")
def demo_portfolio(tmp_path_factory) -> Path:
    """The generated 1,000-project portfolio (seed 7, ten years to 2026-06-30), written once per
    session; its index is built by the first test that lists it and shared through the cache."""
    from sixsigma.program.demo import write_portfolio

    root = tmp_path_factory.mktemp("demo-portfolio") / "portfolio"
    write_portfolio(root, seed=DEMO_SEED, end=DEMO_END)
    return root
