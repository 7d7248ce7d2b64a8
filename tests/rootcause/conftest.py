"""Fixtures of the root-cause tests: a copy of the flagship project in a projects folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rc_helpers import FLAGSHIP, FLAGSHIP_DIR


@pytest.fixture
def projects(tmp_path, monkeypatch) -> Path:
    """A projects folder holding a copy of the flagship project (SIXSIGMA_PROJECTS points at it)."""
    root = tmp_path / "projects"
    shutil.copytree(FLAGSHIP_DIR, root / FLAGSHIP)
    monkeypatch.setenv("SIXSIGMA_PROJECTS", str(root))
    return root
