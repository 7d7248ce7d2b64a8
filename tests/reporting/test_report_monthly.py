"""The monthly report end to end on the quarter-volume demo: every section present, one
self-contained offline page, user strings escaped, the CLI writes it atomically."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest

from sixsigma.cli.app import main
from sixsigma.reporting.config import load_config
from sixsigma.reporting.monthly import build_monthly_report, render_html, write_monthly_report
from sixsigma.warehouse import Warehouse

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def report(demo_warehouse):
    import os

    old = os.environ.get("SIXSIGMA_PROJECTS")
    os.environ["SIXSIGMA_PROJECTS"] = str(REPO / "projects")
    try:
        steps = []
        with Warehouse(demo_warehouse, read_only=True) as wh:
            rep = build_monthly_report(wh, "2025-10", progress=lambda s, d, n: steps.append((s, d, n)))
        html = render_html(rep)
    finally:
        if old is None:
            os.environ.pop("SIXSIGMA_PROJECTS", None)
        else:
            os.environ["SIXSIGMA_PROJECTS"] = old
    return rep, html, steps


def test_progress_reports_every_step(report):
    _, _, steps = report
    n = len(load_config().kpis) + 4
    assert [d for _, d, _ in steps] == list(range(1, n + 1)) and all(t == n for _, _, t in steps)


def test_one_self_contained_offline_page(report):
    rep, html, _ = report
    assert len(re.findall(r"\* plotly\.js (?:\(basic - minified\) )?v\d", html)) == 1  # the library once
    assert "* plotly.js (basic - minified) v" in html  # scatter and bar only: the 1.2 MB bundle
    assert re.search(r"<(script|img|iframe|link)\b[^>]*\b(src|href)\s*=", html) is None  # no external files
    assert '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'' in html
    n_fig = sum((s.monthly is not None) + (s.daily is not None) for s in rep.slices) + len(rep.paretos) + 1
    assert html.count('class="figure-data"') == n_fig
    assert html.count("<script") == n_fig + 2  # plotly.js, one JSON block per figure, the draw call


def test_every_section_and_every_scorecard_row(report):
    rep, html, _ = report
    for anchor in ("scorecard", "signals", "reasons", "portfolio", "quality", "methods"):
        assert f'id="{anchor}"' in html
    for k, line, _ in rep.config.rows():
        assert f'data-kpi="{k.metric}" data-line="{line}"' in html
        assert f'id="{k.metric}--{line}"' in html
    assert html.count('<tr class="first" data-kpi=') == len(rep.config.kpis)
    assert "6 improvement rounds of reduce-intl-hotel-manual-cpo from 2024-01-08 to 2024-03-25" in html
    assert "Appendix A — data quality" in html and "Appendix B — methods" in html


def test_summary_and_json(report):
    rep, _, _ = report
    text = rep.summary()
    assert text.splitlines()[0].startswith("Customer-experience center: monthly performance report — October 2025:")
    assert "targets are consistently met" in text and "Data quality: no problems found." in text
    d = json.loads(json.dumps(rep.to_dict(), allow_nan=False))
    assert d["month"] == "2025-10" and len(d["scorecard"]) == len(rep.slices)
    assert {q["found"] for q in d["data_quality"]} == {0}
    assert len(rep.methods) == len(rep.config.kpis)


def _hostile_config(tmp_path) -> Path:
    p = tmp_path / "hostile.yaml"
    p.write_text(textwrap.dedent("""
        title: "<script>alert('title')</script> & Co"
        organisation: "<img src=x onerror=alert(1)>"
        kpis:
          - metric: csat
            label: "CSAT <b>bold</b> & more"
            target: 0.75
        paretos:
          - title: "</script><script>alert('pareto')</script>"
            by: reason
    """).lstrip(), encoding="utf-8")
    return p


def test_user_strings_are_escaped(tmp_path, demo_warehouse):
    out = tmp_path / "r.html"
    path, rep = write_monthly_report("2025-10", out=out, config=_hostile_config(tmp_path),
                                     warehouse=demo_warehouse, projects={})
    html = path.read_text(encoding="utf-8")
    for raw in ("<script>alert('title')</script>", "<img src=x onerror", "<b>bold</b>",
                "</script><script>alert('pareto')"):
        assert raw not in html
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; &amp; Co" in html
    assert "CSAT &lt;b&gt;bold&lt;/b&gt; &amp; more" in html
    # figure JSON is escaped for <script>: no "<" inside any JSON block
    for block in re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', html, flags=re.S):
        assert "<" not in block
        json.loads(block)


def test_cli_writes_the_report(tmp_path, capsys, demo_warehouse):
    cfg = tmp_path / "small.yaml"
    cfg.write_text("kpis:\n  - metric: manual_cpo\n    business_lines: [all, intl_hotel]\n    target: 0.1\n")
    out = tmp_path / "out" / "2025-10.html"
    code = main(["report", "monthly", "--month", "2025-10", "--out", str(out), "--config", str(cfg),
                 "--warehouse", str(demo_warehouse)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert out.exists() and 1_200_000 < out.stat().st_size < 2_500_000  # plotly.js basic is 1.19 MB
    assert f"Monthly report October 2025: {out}" in captured.out
    assert [p.name for p in out.parent.iterdir()] == ["2025-10.html"]  # no temp file left


def test_cli_bad_month_writes_nothing(tmp_path, capsys, demo_warehouse):
    out = tmp_path / "x.html"
    code = main(["report", "monthly", "--month", "2030-01", "--out", str(out), "--warehouse", str(demo_warehouse)])
    assert code == 2 and "error: no contacts in 2030-01" in capsys.readouterr().err
    assert not out.exists()


def test_the_smallest_plotly_bundle_that_draws_the_traces(monkeypatch):
    import plotly.offline

    from sixsigma.reporting.html import plotly_js, plotly_js_for

    basic = plotly_js_for({"scatter", "bar"})
    assert basic.lstrip("/*\n ").startswith("plotly.js (basic - minified) v" + plotly.offline.get_plotlyjs_version())
    assert len(basic) < 1_300_000 < 4_000_000 < len(plotly_js())
    assert plotly_js_for({"scatter", "heatmap"}) is plotly_js()  # a trace the basic bundle lacks
    monkeypatch.setattr(plotly.offline, "get_plotlyjs_version", lambda: "0.0.0")
    assert plotly_js_for({"scatter"}) is plotly_js()  # figures written for another plotly.js


def test_the_executive_summary_comes_first_and_follows_the_scorecard(report):
    rep, html, _ = report
    ex = rep.executive()
    sc = rep.scorecard
    # every special-cause concern and every target the process will consistently miss is named
    concerns = sc[sc["variation"].fillna("").str.startswith("concern")]
    failing = sc[sc["assurance"] == "fail"]
    problems = int((rep.quality["found"] > 0).sum())
    assert len(ex["attention"]) == len(concerns) + len(failing) + (problems > 0)
    for r in concerns.itertuples():
        assert any(t.startswith(f"{r.kpi}, ") and "concern" in t for t in ex["attention"])
    h = ex["headline"]
    assert h["concerns"] == len(concerns) and h["failing"] == len(failing)
    assert h["improvements"] == int(sc["variation"].fillna("").str.startswith("improvement").sum())
    assert h["targets"] == int(sc["target"].notna().sum())
    assert h["met_this_month"] == int(sc["met_this_month"].fillna(False).astype(bool).sum())
    # the flagship is the project whose rounds the config charts; its change is the portfolio's
    f = ex["flagship"]
    assert f["id"] == rep.config.rounds[0].project == "reduce-intl-hotel-manual-cpo"
    row = rep.portfolio.projects.set_index("id").loc[f["id"]]
    assert f["change"] == f"{row['change_pct']:+.1f}%"
    assert f["kpi"]["label"] == "Manual contacts per order" and f["kpi"]["line"] == "International hotel"
    # the page: the executive summary is the first card, before the scorecard
    cards = re.findall(r'<section class="card[^"]*" id="([^"]+)"', html)
    assert cards[:2] == ["executive", "scorecard"]
    assert rep.to_dict()["executive"]["flagship"]["id"] == f["id"]


def test_a_large_portfolio_is_shown_as_the_program_tables_not_one_row_per_project(report, monkeypatch):
    """Above ``PROGRAM_FROM`` projects the portfolio card shows cycle time per phase, benefits,
    the belt ladder and overdue projects by leader instead of a table with a row per project
    (the 1,000-project portfolio must stay readable). The threshold is lowered to the demo's
    four projects so the same report shows both layouts."""
    from sixsigma.reporting import sections as S

    rep, html, _ = report
    card = html.split('id="portfolio"', 1)[1].split("</section>", 1)[0]
    assert "All projects" in card and "Cycle time per phase" not in card  # 4 projects: one row each
    monkeypatch.setattr(S, "PROGRAM_FROM", 3)
    big = render_html(rep).split('id="portfolio"', 1)[1].split("</section>", 1)[0]
    assert "All projects" not in big
    for heading in ("Cycle time per phase", "Benefits counted", "Overdue projects by leader"):
        assert heading in big
    prog = rep.portfolio.program
    counted = next(b for b in prog.benefits["belt"] if b["projects"])
    assert f"{round(counted['per_month']):,}" in big  # the flagship's contacts avoided a month
