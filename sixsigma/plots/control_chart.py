"""The control-chart figure: points, stepped centre and limit lines per stage, failing points
in red with their tests' labels, stage labels, the MR/R/S chart underneath, and the active rule
set under the title.

Labels come from :func:`sixsigma.spc.rules.test_label`: the numbers 1-8 are Minitab's tests
only; other rule sets' rules carry their own names ("MDC shift", "Anhøj runs").

Draws only what the ControlChart result holds (no statistics are computed here).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from sixsigma.plots.theme import COLORS, themed
from sixsigma.spc.rules import point_labels

_WEBGL_AT = 5000  # switch to WebGL traces for long charts


def _x(points: pd.DataFrame):
    lab = points["label"]
    if pd.api.types.is_datetime64_any_dtype(lab):
        return lab
    return lab.astype(str) if lab.dtype == object else lab


def _gapped(x, y, stage):
    """x/y with a gap between stages so lines do not join across stages."""
    st = np.asarray(stage, dtype=object)
    cut = np.flatnonzero(st[1:] != st[:-1]) + 1
    xs = np.insert(np.asarray(list(x), dtype=object), cut, None)
    ys = np.insert(np.asarray(y, dtype=float), cut, np.nan)
    return xs, ys


def _add_chart(fig, chart, row: int, show_legend: bool, rules: str | None = None) -> None:
    pts = chart.points
    test_k = dict(chart.test_k)

    def _fmt_tests(tests) -> str:
        return point_labels(tests, test_k, rules)

    x = _x(pts)
    scatter = go.Scattergl if len(pts) > _WEBGL_AT else go.Scatter
    kind = chart.chart
    stage = pts["stage"]

    # limit and centre lines, stepped per point and broken between stages
    def line(col, name, color, dash):
        xs, ys = _gapped(x, pts[col], stage)
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                name=name,
                line=dict(color=color, dash=dash, width=1.5, shape="hvh"),
                hoverinfo="skip",
                showlegend=show_legend,
                legendgroup=name,
            ),
            row=row,
            col=1,
        )

    if kind == "cusum":
        line("ucl", "h", COLORS["limit"], "dash")
        line("lcl", "-h", COLORS["limit"], "dash")
        zero = pts["ucl"] * 0.0
        xs, ys = _gapped(x, zero, stage)
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                name="Centre",
                line=dict(color=COLORS["center"], width=1.5),
                hoverinfo="skip",
                showlegend=show_legend,
            ),
            row=row,
            col=1,
        )
        series = [("upper", "Upper CUSUM"), ("lower", "Lower CUSUM")]
    else:
        if pts["ucl"].notna().any():
            line("ucl", "UCL", COLORS["limit"], "dash")
            line("lcl", "LCL", COLORS["limit"], "dash")
        line("center", "Median" if kind == "run" else "Centre", COLORS["center"], "solid")
        series = [("ewma", "EWMA")] if kind == "ewma" else [("value", chart.name or "Value")]
        if kind == "ewma":
            fig.add_trace(
                scatter(
                    x=x,
                    y=pts["value"],
                    mode="markers",
                    name="Observations",
                    marker=dict(color=COLORS["muted"], size=4),
                    showlegend=show_legend,
                    hovertemplate="%{x}<br>observed %{y:.5g}<extra></extra>",
                ),
                row=row,
                col=1,
            )

    custom = np.stack(
        [
            pts["center"].to_numpy(dtype=float),
            pts["lcl"].to_numpy(dtype=float),
            pts["ucl"].to_numpy(dtype=float),
            pts["stage"].astype(str).to_numpy(),
            pts["tests"].map(_fmt_tests).to_numpy(),
            pts["phase"].astype(str).to_numpy(),
        ],
        axis=1,
    )
    for col, name in series:
        fig.add_trace(
            scatter(
                x=x,
                y=pts[col],
                mode="lines+markers",
                name=name,
                line=dict(color=COLORS["point"], width=1.2),
                marker=dict(color=COLORS["point"], size=5),
                customdata=custom,
                showlegend=show_legend,
                hovertemplate=(
                    "%{x}<br>" + name + " %{y:.5g}<br>centre %{customdata[0]:.5g}"
                    "<br>LCL %{customdata[1]:.5g} · UCL %{customdata[2]:.5g}"
                    "<br>stage %{customdata[3]} · phase %{customdata[5]}"
                    "<br>tests failed: %{customdata[4]}<extra></extra>"
                ),
            ),
            row=row,
            col=1,
        )

    bad = pts[pts["signal"]]
    if len(bad):
        if kind == "cusum":
            y = np.where(bad["upper"] > bad["ucl"], bad["upper"], bad["lower"])
        else:
            y = bad["ewma"] if kind == "ewma" else bad["value"]
        fig.add_trace(
            go.Scatter(
                x=_x(bad),
                y=y,
                mode="markers+text",
                name="Signal",
                marker=dict(color=COLORS["signal"], size=9, symbol="circle"),
                text=bad["tests"].map(_fmt_tests),
                textposition="top center",
                textfont=dict(color=COLORS["signal"], size=11),
                showlegend=show_legend,
                hovertemplate="%{x}<br>%{y:.5g}<br>tests failed: %{text}<extra></extra>",
            ),
            row=row,
            col=1,
        )


def control_chart_figure(chart, height: int | None = None) -> go.Figure:
    """The Plotly figure for a :class:`~sixsigma.spc.ControlChart`."""
    sec = chart.secondary
    rows = 2 if sec is not None else 1
    fig = make_subplots(
        rows=rows,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.08,
        row_heights=[0.65, 0.35] if rows == 2 else [1.0],
    )
    rules = chart.parameters.get("rules")
    _add_chart(fig, chart, 1, True, rules)
    if sec is not None:
        _add_chart(fig, sec, 2, False, rules)
        fig.update_yaxes(title_text=sec.chart.upper(), row=2, col=1)
    fig.update_yaxes(title_text=chart.name or chart.chart, row=1, col=1)

    # stage labels and boundaries
    pts = chart.points
    if pts["stage"].nunique() > 1:
        x = _x(pts)
        starts = np.flatnonzero(
            np.r_[True, pts["stage"].to_numpy()[1:] != pts["stage"].to_numpy()[:-1]]
        )
        for i in starts:
            xv = x.iloc[i]
            if i > 0:
                fig.add_vline(x=xv, line=dict(color=COLORS["muted"], dash="dot", width=1))
            fig.add_annotation(
                x=xv,
                y=1.0,
                yref="paper",
                text=str(pts["stage"].iloc[i]),
                showarrow=False,
                xanchor="left",
                yanchor="bottom",
                font=dict(size=11, color=COLORS["muted"]),
            )
    n_sig = len(chart.signals) + (len(sec.signals) if sec is not None else 0)
    title = chart.title + (
        f" — {n_sig} signal{'s' if n_sig != 1 else ''}" if n_sig else " — in control"
    )
    fig.update_layout(hovermode="closest")
    fig = themed(fig, title=title, height=height or (560 if rows == 2 else 420))
    fig.add_annotation(  # the active rule set, on every chart
        text=chart.rules,
        xref="paper",
        yref="paper",
        x=1.0,
        y=1.0,
        xanchor="right",
        yanchor="bottom",
        yshift=18,
        showarrow=False,
        font=dict(size=10, color=COLORS["muted"]),
        name="rules",
    )
    return fig
