"""Atomic writes: the old file survives a failed write; new files get the usual mode."""

from __future__ import annotations

import os
import stat

import pytest

from sixsigma.errors import UnknownNameError
from sixsigma.paths import atomic_write_text, project_dir


def test_atomic_write_replaces_and_leaves_no_temp_files(tmp_path):
    target = tmp_path / "a" / "record.yaml"
    atomic_write_text(target, "one\n")
    atomic_write_text(target, "two\n")
    assert target.read_text() == "two\n"
    assert [p.name for p in target.parent.iterdir()] == ["record.yaml"]
    mode = stat.S_IMODE(target.stat().st_mode)
    assert mode == 0o666 & ~_umask()


def test_a_failed_write_keeps_the_old_file(tmp_path):
    target = tmp_path / "record.yaml"
    target.write_text("old\n")

    with pytest.raises(TypeError):
        atomic_write_text(target, 12345)  # not text: the write fails part-way
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["record.yaml"]


def test_unknown_project_lists_the_projects(tmp_path, monkeypatch):
    (tmp_path / "alpha").mkdir()
    monkeypatch.setenv("SIXSIGMA_PROJECTS", str(tmp_path))
    with pytest.raises(UnknownNameError, match="unknown project 'beta'; valid projects are: alpha"):
        project_dir("beta")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
