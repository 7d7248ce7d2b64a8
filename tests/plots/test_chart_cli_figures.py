"""`sixsigma chart ... --html`: the figure names the metric as the report does (catalog label,
slice and unit) and marks improvement rounds given with --rounds / --project-rounds."""

from __future__ import annotations

import json
from pathlib import Path

from sixsigma.cli.app import main

REPO = Path(__file__).resolve().parents[2]


def _figure(path: Path) -> dict:
    """The figure JSON plotly.js is given in a written HTML file."""
    text = path.read_text()
    at = text.index("Plotly.newPlot(")
    at = text.index(",", at) + 1  # after the div id
    dec = json.JSONDecoder()
    data, end = dec.raw_decode(text, at + len(text[at:]) - len(text[at:].lstrip()))
    rest = text[end:].lstrip()[1:]
    layout, _ = dec.raw_decode(rest.lstrip())
    return {"data": data, "layout": layout}


def test_metric_chart_named_by_the_catalog_with_project_rounds(demo_warehouse, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SIXSIGMA_PROJECTS", str(REPO / "projects"))
    out = tmp_path / "cpo.html"
    code = main(["chart", "auto", "--metric", "manual_cpo", "--filter", "business_line=intl_hotel",
                 "--grain", "week", "--start", "2023-09-01", "--end", "2024-06-30",
                 "--stage-dates", "2024-03-25", "--project-rounds", "reduce-intl-hotel-manual-cpo",
                 "--warehouse", str(demo_warehouse), "--html", str(out)])
    assert code == 0, capsys.readouterr().err
    lay = _figure(out)["layout"]
    assert lay["title"]["text"].startswith(
        "Laney U' chart of Manual contacts per order, International hotel (contacts/order) — ")
    assert lay["yaxis"]["title"]["text"] == "Manual contacts per order (contacts/order)"
    marks = [a for a in lay["annotations"] if a.get("name") == "round"]
    assert [a["text"] for a in marks] == [f"R{i}" for i in range(1, 7)]
    assert marks[0]["hovertext"].startswith("R1 (2024-01-08): Auto-chase overseas hotels")
    stages = [a["text"] for a in lay["annotations"] if a.get("name") == "stage"]
    assert stages == ["baseline", "from 2024-03-25"]  # the rounds are markers, not stages
    assert any(a.get("name") == "limit" and a["text"].startswith("UCL=") for a in lay["annotations"])


def test_rounds_option_labels_and_errors(tmp_path, capsys):
    csv = tmp_path / "aht.csv"
    csv.write_text("day,aht\n" + "".join(f"2024-01-{d:02d},{300 + (d * 7) % 13}\n" for d in range(1, 31)))
    out = tmp_path / "aht.html"
    assert main(["chart", "imr", str(csv), "--value", "aht", "--label", "day",
                 "--rounds", "2024-01-10:IVR fix,2024-01-20", "--html", str(out)]) == 0
    marks = [a for a in _figure(out)["layout"]["annotations"] if a.get("name") == "round"]
    assert [a["text"] for a in marks] == ["IVR fix", "R2"]
    capsys.readouterr()
    for args, msg in (
        (["--rounds", "2024-13-45:R1"], "is not a date"),
        (["--rounds", "2024-01-10"], None),
    ):
        bad = ["chart", "imr", str(csv), "--value", "aht", *args]
        if msg is None:  # dates on a chart whose labels are not dates
            bad = ["chart", "imr", str(csv), "--value", "aht", *args, "--html", str(tmp_path / "x.html")]
            msg = "mark dates"
        assert main(bad) == 2
        err = capsys.readouterr().err
        assert err.startswith("error: ") and msg in err and err.count("\n") == 1
    assert not (tmp_path / "x.html").exists()
