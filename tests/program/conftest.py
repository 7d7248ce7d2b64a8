"""Fixtures for the program tests: the four example projects and the generated 1,000-project
portfolio (the projects folder, the flagship and the warehouse are in tests/conftest.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO_PROJECTS = Path(__file__).resolve().parents[2] / "projects"


@pytest.fixture
def four(projects) -> Path:
    """The four example projects (the flagship and three others) copied into the projects folder."""
    for src in REPO_PROJECTS.iterdir():
        if (src / "project.yaml").exists():
            shutil.copytree(src, projects / src.name)
    return projects


DEMO_SEED, DEMO_END = 7, __import__("datetime").date(2026, 6, 30)


@pytest.fixture(scope="session")
def demo_portfolio(tmp_path_factory) -> Path:
    """The generated 1,000-project portfolio (seed 7, ten years to 2026-06-30), written once per
    session; its index is built by the first test that lists it and shared through the cache."""
    from sixsigma.program.demo import write_portfolio

    root = tmp_path_factory.mktemp("demo-portfolio") / "portfolio"
    write_portfolio(root, seed=DEMO_SEED, end=DEMO_END)
    return root
