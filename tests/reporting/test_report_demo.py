"""`sixsigma demo` on an existing demo warehouse writes the month's report and the flagship
storyboard into the reports folder and says what they show."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sixsigma.cli.app import main
from sixsigma.cli.demo import latest_full_month

REPO = Path(__file__).resolve().parents[2]


def test_latest_full_month():
    assert latest_full_month(dt.date(2025, 12, 31)) == "2025-12"
    assert latest_full_month(dt.date(2025, 12, 30)) == "2025-11"
    assert latest_full_month(dt.date(2024, 2, 29)) == "2024-02"


def test_demo_writes_the_report_and_the_storyboard(tmp_path, capsys, demo_warehouse, monkeypatch):
    monkeypatch.setenv("SIXSIGMA_PROJECTS", str(REPO / "projects"))
    out = tmp_path / "reports" / "demo"
    code = main(["demo", "--warehouse", str(demo_warehouse), "--reports", str(out)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    report, story = out / "2025-12.html", out / "reduce-intl-hotel-manual-cpo.html"
    assert report.exists() and story.exists()
    text = captured.out
    assert "(existing)" in text and "Metric overview" in text  # the overview is kept
    assert f"Monthly report December 2025: {report}" in text
    assert "December 2025" in text and "targets are consistently met" in text
    assert f"Flagship storyboard Reduce international-hotel manual CPO: {story}" in text
    assert "drop" in text  # the flagship's before/after result
    html = story.read_text(encoding="utf-8")
    assert html.count("* plotly.js v") == 1
