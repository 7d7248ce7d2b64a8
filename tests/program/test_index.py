"""The portfolio index: correct after one project's file changes, re-reading only that folder;
project list's filters and sorts; the names it copies from the project model."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil

import pytest

from sixsigma.cli.app import main
from sixsigma.program.index import index_path, open_index, select, unreadable

FLAGSHIP = "reduce-intl-hotel-manual-cpo"


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def rows() -> tuple[dict[str, dict], list[str]]:
    with open_index() as (con, reread):
        return {r["id"]: r for r in select(con, today=dt.date(2026, 1, 1))}, reread


def test_names_match_the_project_model():
    from sixsigma.dmaic.models import BELTS, PHASES
    from sixsigma.dmaic.portfolio import STAGES
    from sixsigma.program import names

    assert (names.BELTS, names.PHASES, names.STAGES) == (BELTS, PHASES, STAGES)


def test_index_rereads_only_the_changed_folder_and_is_right_after(four):
    first, reread = rows()
    assert sorted(reread) == sorted(first) and len(first) == 4 and index_path().exists()
    assert first[FLAGSHIP]["phase"] == "closed" and first[FLAGSHIP]["improved"] and first[FLAGSHIP]["verified_cause"]
    assert first[FLAGSHIP]["closed_on"] == dt.date(2024, 9, 27)

    again, reread = rows()
    assert reread == [] and again == first  # nothing changed: no YAML read at all

    csat = four / "raise-phone-csat" / "project.yaml"
    csat.write_text(csat.read_text().replace("status: active", "status: on_hold", 1))
    after, reread = rows()
    assert reread == ["raise-phone-csat"]
    assert after["raise-phone-csat"]["health"] == "on_hold"
    assert {k: v for k, v in after.items() if k != "raise-phone-csat"} == \
        {k: v for k, v in first.items() if k != "raise-phone-csat"}

    # a same-size edit is seen through the modification time
    text = csat.read_text()
    st = os.stat(csat)
    csat.write_text(text.replace("title: Raise phone CSAT", "title: Raise phone CSAX", 1))
    os.utime(csat, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    now, reread = rows()
    assert reread == ["raise-phone-csat"] and now["raise-phone-csat"]["title"] == "Raise phone CSAX"

    # the fishbone is evidence too: un-verifying the flagship's cause is seen
    fb = four / FLAGSHIP / "fishbone.yaml"
    fb.write_text(fb.read_text().replace("status: verified", "status: prioritized"))
    now, reread = rows()
    assert reread == [FLAGSHIP] and now[FLAGSHIP]["verified_cause"] is False


def test_index_drops_removed_folders_and_names_broken_ones(four):
    rows()
    shutil.rmtree(four / "lower-black-tier-transfers")
    (four / "broken").mkdir()
    (four / "broken" / "project.yaml").write_text("title: [x\n")
    now, reread = rows()
    assert reread == ["broken"] and "lower-black-tier-transfers" not in now and "broken" not in now
    with open_index() as (con, _):
        bad = unreadable(con)
    assert [b["id"] for b in bad] == ["broken"] and "not valid YAML" in bad[0]["problem"]


def test_an_index_of_another_version_or_a_corrupt_file_is_rebuilt(four):
    rows()
    index_path().write_bytes(b"not a duckdb file")
    now, reread = rows()
    assert len(reread) == 4 and len(now) == 4


def test_unwritable_cache_falls_back_to_memory(four, monkeypatch, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("SIXSIGMA_CACHE", str(blocker / "cache"))  # a folder under a file: cannot be made
    now, reread = rows()
    assert len(now) == 4 and len(reread) == 4


def test_list_filters_and_sorts(four, capsys):
    def ids(*args):
        code, out, err = run(capsys, "project", "list", "--json", *args)
        assert code == 0, err
        return [r["id"] for r in json.loads(out)["projects"]]

    assert ids("--phase", "closed") == [FLAGSHIP]
    assert ids("--belt", "black") == ["lower-black-tier-transfers"]
    assert ids("--leader", "chen") == [FLAGSHIP]
    assert ids("--metric", "aht") == ["cut-aht-train-refunds"]
    assert ids("--business-line", "intl_hotel") == [FLAGSHIP]
    assert ids("--closed-since", "2024-09-01") == [FLAGSHIP]
    assert ids("--closed-since", "2024-10-01") == []
    assert FLAGSHIP not in ids("--overdue")
    assert ids("--sort", "change") == [FLAGSHIP, "cut-aht-train-refunds", "lower-black-tier-transfers",
                                       "raise-phone-csat"]  # -27.6%, +1.6%, then no result (by id)
    assert ids("--sort", "-belt")[0] == "lower-black-tier-transfers"
    assert ids("--sort", "phase")[-1] == FLAGSHIP


@pytest.mark.parametrize("args, says", [
    (["--phase", "design"], "unknown phase 'design'"),
    (["--belt", "yellow"], "unknown belt 'yellow'"),
    (["--sort", "size"], "unknown sort key 'size'"),
    (["--closed-since", "last week"], "--closed-since 'last week' is not an ISO date"),
])
def test_list_bad_options_are_one_line(four, capsys, args, says):
    code, out, err = run(capsys, "project", "list", *args)
    assert code == 2 and says in err and err.count("\n") == 1 and out == ""


def test_list_table_and_summary(four, capsys):
    code, out, _ = run(capsys, "project", "list")
    assert code == 0 and "DMAIC projects" in out and "By phase" in out and "By belt" in out
    assert "4 projects:" in out and "2 with a measured result, 1 of them a significant improvement" in out


def test_cache_path_with_a_quote(four, monkeypatch, tmp_path):
    monkeypatch.setenv("SIXSIGMA_CACHE", str(tmp_path / "it's cache"))
    rows()
    csat = four / "raise-phone-csat" / "project.yaml"
    csat.write_text(csat.read_text().replace("status: active", "status: cancelled", 1))
    now, reread = rows()  # the kept rows are copied from the old index file (ATTACH of a quoted path)
    assert reread == ["raise-phone-csat"] and len(now) == 4 and now["raise-phone-csat"]["health"] == "cancelled"
