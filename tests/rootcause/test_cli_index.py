"""The CLI end to end (`sixsigma rootcause ...`, `sixsigma pareto`) and the cause index."""

from __future__ import annotations

import json
import shutil

import duckdb
import pandas as pd
import pytest
from rc_helpers import FLAGSHIP

from sixsigma.cli.app import main
from sixsigma.errors import RecordError
from sixsigma.rootcause.cause_index import rebuild_cause_index, verified_by_category
from sixsigma.rootcause.records import load_project


def run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_malformed_record_lists_every_problem_exits_2_and_leaves_files_untouched(projects, capsys):
    folder = projects / FLAGSHIP
    fb_path, fmea_path = folder / "fishbone.yaml", folder / "fmea.yaml"
    text = fb_path.read_text()
    # duplicate id (a second ppl-kl-language), dangling parent, FMEA severity 11
    text = text.replace("  - id: ppl-kl-night-languages\n",
                        "  - id: ppl-kl-language\n    text: written twice\n    category: people\n"
                        "  - id: ppl-kl-night-languages\n", 1)
    text = text.replace("    parent: sys-voucher\n", "    parent: sys-vouchers\n", 1)
    fb_path.write_text(text)
    fmea_path.write_text(fmea_path.read_text().replace("    severity: 7\n", "    severity: 11\n", 1))
    before = {p: p.read_bytes() for p in folder.iterdir()}
    lines = text.splitlines()
    dup_line = lines.index("  - id: ppl-kl-language", lines.index("  - id: ppl-kl-language") + 1) + 1
    for args in (["rootcause", "status", FLAGSHIP, "sys-app-no-push", "candidate"],
                 ["rootcause", "add", FLAGSHIP, "New cause", "--category", "people"],
                 ["rootcause", "fmea", FLAGSHIP],
                 ["rootcause", "show", FLAGSHIP, "--json"]):
        code, out, err = run(capsys, *args)
        assert code == 2
        assert out == ""
        assert err.startswith("error: 3 problems in ")
        assert f"fishbone.yaml:{dup_line}: causes[" in err and "duplicate cause id 'ppl-kl-language'" in err
        assert "parent 'sys-vouchers' does not exist" in err
        assert "fmea.yaml:10: rows[0].severity: Input should be less than or equal to 10 (got 11)" in err
        assert {p: p.read_bytes() for p in folder.iterdir()} == before


def test_add_list_show_move_status(projects, capsys):
    code, out, _ = run(capsys, "rootcause", "add", FLAGSHIP, "Hotels in Japan close the extranet at 18:00",
                       "--parent", "sys-extranet-manual", "--owner", "Hotel supply ops", "--id", "sys-jp-extranet",
                       "--json")
    assert code == 0
    info = json.loads(out)
    assert info["path"] == "sys-pending-confirmation/sys-extranet-manual/sys-jp-extranet"
    assert info["category"] == "machine" and info["depth"] == 3
    code, out, _ = run(capsys, "rootcause", "move", FLAGSHIP, "sys-jp-extranet", "--category", "environment", "--json")
    assert code == 0 and json.loads(out)["category"] == "environment"
    code, out, _ = run(capsys, "rootcause", "status", FLAGSHIP, "sys-jp-extranet", "rejected", "--reason", "rare")
    assert code == 0
    code, out, _ = run(capsys, "rootcause", "list", FLAGSHIP, "--status", "rejected", "--json")
    rows = json.loads(out)
    assert "sys-jp-extranet" in [r["id"] for r in rows]
    assert all(r["status"] == "rejected" for r in rows)
    code, out, err = run(capsys, "rootcause", "status", FLAGSHIP, "sys-jp-extranet", "verified")
    assert code == 2 and "no verified evidence" in err
    code, out, err = run(capsys, "rootcause", "show", FLAGSHIP, "nope")
    assert code == 2 and "unknown cause 'nope'" in err
    code, out, _ = run(capsys, "rootcause", "show", FLAGSHIP, "--json")
    overview = json.loads(out)
    assert set(overview) == {"project", "fishbone", "ipo", "ce_matrix", "fmea"}
    assert load_project(FLAGSHIP).fishbone.cause("sys-jp-extranet").reason == "rare"


def test_new_project_fishbone_via_add(projects, capsys):
    (projects / "new-one").mkdir()
    code, _, err = run(capsys, "rootcause", "add", "new-one", "Queue too long", "--category", "method")
    assert code == 2 and "does not exist" in err
    code, out, _ = run(capsys, "rootcause", "add", "new-one", "Queue too long", "--category", "method",
                       "--effect", "Abandonment", "--metric", "abandonment", "--filter", "channel=phone")
    assert code == 0
    fb = load_project("new-one").fishbone
    assert fb.effect.filters == {"channel": ["phone"]} and fb.causes[0].id == "queue-too-long"
    text = (projects / "new-one" / "fishbone.yaml").read_text()
    assert text.startswith("# Fishbone")


@pytest.mark.parametrize("cmd", ["fishbone", "ipo", "ce", "fmea"])
def test_record_views_json_and_html(projects, capsys, tmp_path, cmd):
    out_html = tmp_path / f"{cmd}.html"
    code, out, _ = run(capsys, "rootcause", cmd, FLAGSHIP, "--json", "--html", str(out_html))
    assert code == 0
    payload = json.loads(out)
    assert payload["summary"]
    html = out_html.read_text()
    assert "<html>" in html and "plotly" in html.lower()


def test_verify_on_the_demo_records_evidence(projects, demo_warehouse, capsys):
    path = projects / FLAGSHIP / "fishbone.yaml"
    comments = [ln for ln in path.read_text().splitlines() if ln.lstrip().startswith("#")]
    code, out, _ = run(capsys, "rootcause", "verify", FLAGSHIP, "sys-pending-confirmation",
                       "--warehouse", str(demo_warehouse), "--json")
    assert code == 0
    res = json.loads(out)
    assert res["outcome"] == "verified" and res["evidence"]["p_value"] < 1e-10
    code, out, _ = run(capsys, "rootcause", "verify", FLAGSHIP, "mth-invoice", "--warehouse", str(demo_warehouse))
    assert code == 0 and "mth-invoice: REJECTED" in out
    fb = load_project(FLAGSHIP).fishbone
    driver, decoy = fb.cause("sys-pending-confirmation"), fb.cause("mth-invoice")
    assert driver.status == "verified" and driver.evidence[-1].outcome == "verified"
    assert driver.evidence[-1].window == "reference 2023-01-01..2023-03-31 vs problem 2023-10-01..2023-12-31"
    assert decoy.status == "rejected" and "not verified" in decoy.reason
    assert [ln for ln in path.read_text().splitlines() if ln.lstrip().startswith("#")] == comments
    # a dry run tests without writing
    before = path.read_bytes()
    code, out, _ = run(capsys, "rootcause", "verify", FLAGSHIP, "mth-ci-passport-check", "--dry-run",
                       "--warehouse", str(demo_warehouse))
    assert code == 0 and "REJECTED" in out and path.read_bytes() == before


def test_pareto_from_the_warehouse_and_from_a_file(demo_warehouse, capsys, tmp_path):
    code, out, _ = run(capsys, "pareto", "--metric", "manual_cpo", "--by", "reason", "--filter",
                       "business_line=intl_hotel", "--start", "2023-10-01", "--end", "2024-01-01",
                       "--warehouse", str(demo_warehouse), "--json")
    assert code == 0
    res = json.loads(out)
    assert res["table"][0]["reason"] == "hotel_confirmation"  # the planted driver leads
    assert "hotel_confirmation" in res["vital_few"]
    code, out, _ = run(capsys, "pareto", "--by", "channel", "--warehouse", str(demo_warehouse), "--json")
    assert code == 0 and json.loads(out)["count"] == "count"
    f = tmp_path / "c.csv"
    pd.DataFrame({"defect": ["price code", "schedule date", "supplier code", "contact num.", "part num."],
                  "n": [80, 27, 66, 94, 33]}).to_csv(f, index=False)
    code, out, _ = run(capsys, "pareto", str(f), "--by", "defect", "--count", "n", "--json")
    assert code == 0 and json.loads(out)["vital_few"] == ["contact num.", "price code", "supplier code"]
    code, _, err = run(capsys, "pareto", str(f), "--by", "nope")
    assert code == 2 and "unknown column 'nope'; valid columns are: defect, n" in err


def test_cause_index_rebuilds_and_answers_verified_by_category(projects, tmp_path):
    # a second project with one verified system cause and one rejected people cause
    other = projects / "second"
    shutil.copytree(projects / FLAGSHIP, other)
    for name in ("ipo.yaml", "ce_matrix.yaml", "fmea.yaml"):
        (other / name).unlink()
    ev = ("    evidence:\n      - {date: 2024-05-01, test: t, outcome: verified, conclusion: ok, p_value: 0.001}\n")
    text = (other / "fishbone.yaml").read_text().replace(
        "  - id: sys-app-no-push\n    text: No push notification when the confirmation arrives\n"
        "    parent: sys-app-status\n    owner: Customer app\n    status: prioritized\n",
        "  - id: sys-app-no-push\n    text: No push notification when the confirmation arrives\n"
        "    parent: sys-app-status\n    owner: Customer app\n    status: verified\n" + ev)
    (other / "fishbone.yaml").write_text(text)
    db = tmp_path / "wh.duckdb"
    counts = rebuild_cause_index(db, root=projects)
    assert counts["projects"] == 2 and counts["causes"] == 2 * 214 and counts["evidence"] >= 1
    table = verified_by_category(db)
    assert table["causes"].sum() == 2 * 214
    assert (table["verified"].diff().dropna() <= 0).all()  # most often verified first
    flagship = load_project(FLAGSHIP).fishbone
    n_machine = sum(c.status == "verified" and flagship.category_of(c.id) == "machine" for c in flagship.causes)
    row = table.set_index("category").loc["machine"]
    assert row["verified"] == 2 * n_machine + 1 and row["projects"] == 2
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM causes WHERE project = 'second' AND status = 'verified'").fetchone()[0] >= 1
    assert con.execute("SELECT p_value FROM cause_evidence WHERE project = 'second' "
                       "AND cause_id = 'sys-app-no-push'").fetchone()[0] == 0.001
    con.close()
    # a malformed project stops the rebuild and the old index stays
    (other / "fishbone.yaml").write_text(text.replace("status: verified", "status: maybe", 1))
    with pytest.raises(RecordError, match="cannot rebuild the cause index"):
        rebuild_cause_index(db, root=projects)
    assert verified_by_category(db)["causes"].sum() == 2 * 214
