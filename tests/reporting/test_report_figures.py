"""The report's KPI charts are plain one-panel figures (no make_subplots): they must draw
exactly what the subplot construction they replaced drew — the same traces, shapes,
annotations and layout — for every chart of a real report (stages, targets, rounds)."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from sixsigma.plots import report as P
from sixsigma.plots.control_chart import control_chart_figure
from sixsigma.plots.theme import COLORS, themed
from sixsigma.reporting import sections as S
from sixsigma.reporting.config import load_config
from sixsigma.warehouse import Warehouse


def subplot_kpi_figure(chart, title, target=None, rounds=None, height=330, y_title=None, percent=False):
    """The construction the report used before: control_chart_figure (make_subplots) + updates."""
    fig = control_chart_figure(dataclasses.replace(chart, secondary=None), height=height)
    if target is not None:
        fig.add_hline(y=float(target), line=dict(color=COLORS["target"], dash="dash", width=1.5),
                      annotation_text="target", annotation_position="top left",
                      annotation_font=dict(color=COLORS["target"], size=11))
    pts = chart.points
    if rounds is not None and len(rounds) and pd.api.types.is_datetime64_any_dtype(pts["label"]):
        lo, hi = pts["label"].min(), pts["label"].max()
        when = pd.to_datetime(rounds["date"])
        shown = rounds[(when >= lo - pd.Timedelta(days=31)) & (when <= hi)]
        if len(shown):
            fig.add_trace(go.Scatter(
                x=pd.to_datetime(shown["date"]), y=[0.02] * len(shown), yaxis="y9", mode="markers+text",
                marker=dict(symbol="triangle-up", size=10, color=COLORS["improve"]),
                text=[str(r) for r in shown["round"]], textposition="top center",
                textfont=dict(size=10, color=COLORS["improve"]),
                customdata=np.stack([shown["date"].astype(str), shown["change"].astype(str)], axis=1),
                hovertemplate="Round %{text} (%{customdata[0]})<br>%{customdata[1]}<extra></extra>",
                name="Improvement round", showlegend=True,
            ))
            fig.update_layout(yaxis9=dict(overlaying="y", range=[0, 1], visible=False, fixedrange=True))
    fig.update_yaxes(title_text=y_title, row=1, col=1)
    if percent:
        fig.update_yaxes(tickformat=".1%", row=1, col=1)
    fig.update_layout(margin=dict(l=60, r=20, t=48, b=36), showlegend=False)
    return themed(fig, title=title, height=height)


@pytest.fixture(scope="module")
def slices(demo_warehouse):
    cfg = load_config()
    period = S.report_period("2025-10")
    with Warehouse(demo_warehouse, read_only=True) as wh:
        # the flagship project's rounds stage the intl-hotel CPO charts
        return S.kpi_slices(wh, cfg, period, S.process_changes(wh, cfg))


def _json(fig) -> dict:
    out = json.loads(fig.to_json())
    y = out["layout"]["yaxis"]
    if y.get("title") == {}:  # an emptied title (the old path's) draws nothing, as no title
        del y["title"]
    return out


def test_plain_figures_draw_what_the_subplot_figures_drew(slices):
    staged = targeted = rounds = 0
    for s in slices:
        for chart in (s.monthly, s.daily):
            if chart is None:
                continue
            for y_title, percent in ((None, False), ("contacts per order", True)):
                new = P.kpi_chart_figure(chart, "t", target=s.target, rounds=s.rounds, y_title=y_title,
                                         percent=percent)
                old = subplot_kpi_figure(chart, "t", target=s.target, rounds=s.rounds, y_title=y_title,
                                         percent=percent)
                assert _json(new) == _json(old), s.key
            staged += chart.points["stage"].nunique() > 1
            targeted += s.target is not None
            rounds += any(t.name == "Improvement round" for t in new.data)
    assert staged and targeted and rounds  # the cases that add shapes and traces were compared
