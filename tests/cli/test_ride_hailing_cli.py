"""The second center from configuration alone: every metric-reading command on the ride-hailing
catalog, straight from its Parquet files, with no warehouse file and no import."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sixsigma.cli.app import main
from sixsigma.warehouse import Warehouse

ROOT = Path(__file__).resolve().parents[2]
CATALOG = str(ROOT / "datasets" / "catalogs" / "ride_hailing.yaml")


@pytest.fixture
def run(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)  # no datasets/warehouse.duckdb here: nothing but the catalog's files
    monkeypatch.delenv("SIXSIGMA_WAREHOUSE", raising=False)

    def go(*args):
        code = main([*args, "--catalog", CATALOG])
        out, err = capsys.readouterr()
        return code, out, err
    return go


def test_metrics_and_a_metric_read_the_parquet_files(run):
    code, out, err = run("data", "metrics", "--json")
    assert code == 0, err
    assert [m["name"] for m in json.loads(out)["metrics"]] == [
        "safety_response_rate", "time_to_contact", "phone_csat", "online_very_dissatisfied",
        "complaints_per_10k", "follow_up_calls", "follow_up_connect", "repeat_contact_rate"]
    code, out, err = run("data", "metric", "online_very_dissatisfied", "--grain", "month",
                         "--start", "2024-01-01", "--end", "2024-10-01", "--json")
    assert code == 0, err
    rows = json.loads(out)["rows"]
    with Warehouse(None, read_only=True, catalog=CATALOG) as wh:
        df = wh.metric("online_very_dissatisfied", grain="month", start="2024-01-01", end="2024-10-01")
    assert [r["value"] for r in rows] == pytest.approx(df["value"].tolist(), rel=1e-12)
    june = next(r for r in rows if r["period"].startswith("2024-06"))
    assert june["value"] == pytest.approx(0.045, abs=0.01)
    code, out, _ = run("data", "metric", "complaints_per_10k", "--grain", "week", "--by", "city",
                       "--filter", "channel=phone", "--start", "2025-10-06", "--end", "2025-10-20", "--json")
    assert code == 0 and {r["city"] for r in json.loads(out)["rows"]} >= {"wuhan", "chengdu"}


def test_chart_test_capability_and_pareto(run, tmp_path):
    code, out, err = run("chart", "auto", "--metric", "safety_response_rate", "--grain", "day",
                         "--start", "2025-07-01", "--end", "2025-11-01", "--json")
    assert code == 0, err
    chart = json.loads(out)
    assert chart["chart"] == "laney-p"
    flagged = [p["label"][:10] for p in chart["points"] if p["tests"]]
    assert flagged == ["2025-09-07"]  # the storm night, and only it
    assert [s["labels"] for s in chart["signals"]] == [["2025-09-07"]]
    code, out, err = run("test", "auto", "--metric", "online_very_dissatisfied", "--before", "2024-03-04",
                         "--after", "2024-06-03", "--days", "91", "--json")
    assert code == 0, err
    t = json.loads(out)
    assert t["chosen"] == "quasi-binomial" and t["reject"] and -0.045 < t["estimate"] < -0.02
    assert "two_proportions" in t
    code, out, err = run("capability", "--metric", "time_to_contact", "--start", "2025-10-01",
                         "--end", "2025-11-01", "--usl", "180", "--json")
    assert code == 0, err
    assert json.loads(out)["n"] > 1000
    code, out, err = run("pareto", "--by", "issue", "--start", "2025-10-01", "--end", "2025-11-01", "--json")
    assert code == 0, err
    assert json.loads(out)["table"][0]["count"] > 0


def test_the_monthly_report_and_a_travel_metric_refused(run, tmp_path):
    out_html = tmp_path / "ride.html"
    code, out, err = run("report", "monthly", "--month", "2025-10", "--out", str(out_html))
    assert code == 0, err
    html = out_html.read_text(encoding="utf-8")
    assert "Safety response rate" in html and "wuhan" in html and "Safety alerts" in html
    code, _, err = run("data", "metric", "manual_cpo")
    assert code == 2 and "unknown metric 'manual_cpo'" in err


def test_parquet_sources_read_beside_a_read_only_warehouse_file(run, demo_warehouse):
    # a warehouse file open read-only (the travel demo's here) must not stop Parquet sources:
    # their views are temporary
    code, out, err = run("data", "metric", "phone_csat", "--grain", "month", "--start", "2025-01-01",
                         "--end", "2025-03-01", "--warehouse", str(demo_warehouse), "--json")
    assert code == 0, err
    assert [r["value"] for r in json.loads(out)["rows"]] == pytest.approx([0.98, 0.98], abs=0.01)
