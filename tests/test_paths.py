"""Atomic writes: the old file survives a failed write; new files get the usual mode."""

from __future__ import annotations

import os
import stat

import pytest

from sixsigma.errors import InputError, UnknownNameError
from sixsigma.paths import atomic_write_text, check_id, make_id, project_dir


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


@pytest.mark.parametrize("title, expected", [
    ("降低国际酒店人工CPO", "降低国际酒店人工-cpo"),
    ("降低国内机票人工CPO", "降低国内机票人工-cpo"),  # a second Chinese title: its own id
    ("提升 NPS 至 40 分", "提升-nps-至-40-分"),
    ("降低ＣＰＯ（国际酒店）", "降低-cpo-国际酒店"),  # full-width letters and brackets folded
    ("Reduce international hotel manual CPO", "reduce-international-hotel-manual-cpo"),
    ("Café", "cafe"),
])
def test_ids_from_chinese_and_english_titles(title, expected):
    assert make_id(title) == expected
    assert check_id(expected) == expected


def test_a_long_chinese_title_is_cut_within_the_limit():
    pid = make_id("降" * 80, max_length=60)
    assert pid == "降" * 60 and len(pid.encode("utf-8")) == 180
    assert check_id(pid) == pid


@pytest.mark.parametrize("bad", [
    "../x", "..", "a/b", "a\\b", "/abs", "降低/../x", "降低.cpo", "a b", "a\x00", "", "-x", "降低国际酒店人工CPO",
    "\uf900", "ｃｐｏ", "降" * 101, "cpo\u3000",  # compatibility ideograph, full-width, too long, ideographic space
])
def test_the_id_rule_refuses_anything_that_is_not_a_plain_name(bad):
    with pytest.raises(InputError, match="is not valid"):
        check_id(bad)


def test_a_chinese_id_stays_inside_the_projects_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("SIXSIGMA_PROJECTS", str(tmp_path))
    path = project_dir("降低国际酒店人工-cpo", must_exist=False)
    assert path.parent == tmp_path and path.name == "降低国际酒店人工-cpo"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_two_chinese_projects_get_two_readable_folders(tmp_path, monkeypatch):
    from sixsigma.cli.app import main

    monkeypatch.setenv("SIXSIGMA_PROJECTS", str(tmp_path))
    for title in ("降低国际酒店人工CPO", "降低国内机票人工CPO"):
        assert main(["project", "new", title, "--metric", "manual_cpo"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["降低国内机票人工-cpo", "降低国际酒店人工-cpo"]
    assert (tmp_path / "降低国际酒店人工-cpo" / "project.yaml").is_file()
