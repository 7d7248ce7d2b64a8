"""Capability figures: histogram with LSL / target / USL and the fitted curves, a probability
plot, and the index table; for attribute capability the sample rates and the cumulative rate.

Draws only what the result objects hold (no statistics are computed here).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from sixsigma.plots.theme import COLORS, SEQUENCE, themed

_CURVE_STYLE = {
    "within": dict(name="Within (short-term)", color=COLORS["center"], dash="dash"),
    "overall": dict(name="Overall (long-term)", color=COLORS["point"], dash="solid"),
}
_LABELS = {
    "cp": "Cp",
    "cpl": "CPL",
    "cpu": "CPU",
    "cpk": "Cpk",
    "cpm": "Cpm",
    "pp": "Pp",
    "ppl": "PPL",
    "ppu": "PPU",
    "ppk": "Ppk",
}


def _num(v, digits=3) -> str:
    if v is None or (isinstance(v, float) and not np.isfinite(v)):
        return ""
    return f"{v:.{digits}f}"


def _ppm(v) -> str:
    if v is None or pd.isna(v):
        return "n/a"
    return f"{v:,.0f}" if v >= 100 else f"{v:.3g}"


def _spec_lines(fig, res, row: int, col: int) -> None:
    for value, name, color, dash in (
        (res.lsl, "LSL", COLORS["spec"], "dash"),
        (res.target, "Target", COLORS["target"], "dot"),
        (res.usl, "USL", COLORS["spec"], "dash"),
    ):
        if value is None:
            continue
        fig.add_vline(
            x=value,
            line=dict(color=color, dash=dash, width=2),
            row=row,
            col=col,
            annotation_text=f"{name} {value:g}",
            annotation_position="top",
            annotation_font_color=color,
        )


def _table(res) -> go.Table:
    names, values, cis = [], [], []
    for r in res.indices.itertuples(index=False):
        names.append(f"{_LABELS.get(r.index, r.index)} ({r.basis})")
        values.append(_num(r.value))
        cis.append(
            f"{_num(r.lower)} to {_num(r.upper)}"
            if np.isfinite(r.lower) and np.isfinite(r.upper)
            else ""
        )
    if res.z_bench is not None:
        names.append("Z.Bench (overall)")
        values.append(_num(res.z_bench, 2))
        cis.append("")
    for r in res.ppm.itertuples(index=False):
        names.append(f"PPM {r.basis}")
        values.append(_ppm(r.total))
        detail = []
        if res.lsl is not None:
            detail.append(f"< LSL {_ppm(r.below)}")
        if res.usl is not None:
            detail.append(f"> USL {_ppm(r.above)}")
        cis.append("; ".join(detail))
    return go.Table(
        header=dict(
            values=["Statistic", "Value", f"{res.confidence:.0%} CI / detail"],
            fill_color="#f2f2f2",
            align="left",
            font=dict(size=12),
        ),
        cells=dict(values=[names, values, cis], align="left", font=dict(size=12), height=21),
        columnwidth=[1.6, 0.9, 1.8],
    )


def capability_figure(res) -> go.Figure:
    """Histogram + curves + spec lines (top), probability plot and index table (bottom)."""
    fig = make_subplots(
        rows=2,
        cols=2,
        specs=[[{"colspan": 2}, None], [{}, {"type": "table"}]],
        row_heights=[0.5, 0.5],
        vertical_spacing=0.1,
        horizontal_spacing=0.08,
        subplot_titles=("", f"Probability plot ({res.label.split(' (')[0]})", ""),
    )
    h = res.histogram
    fig.add_trace(
        go.Bar(
            x=(h["left"] + h["right"]) / 2,
            y=h["density"],
            width=h["right"] - h["left"],
            name="Data",
            marker=dict(color=COLORS["muted"], line=dict(color="white", width=0.5)),
            opacity=0.75,
            customdata=np.stack([h["left"], h["right"], h["count"]], axis=1),
            hovertemplate="%{customdata[0]:.4g} to %{customdata[1]:.4g}: %{customdata[2]} values"
            "<extra></extra>",
        ),
        row=1,
        col=1,
    )
    for i, (curve, part) in enumerate(res.curves.groupby("curve", sort=False)):
        style = _CURVE_STYLE.get(
            curve, dict(name=res.label, color=SEQUENCE[(i + 1) % len(SEQUENCE)], dash="solid")
        )
        fig.add_trace(
            go.Scatter(
                x=part["x"],
                y=part["density"],
                mode="lines",
                name=style["name"],
                line=dict(color=style["color"], dash=style["dash"], width=2.2),
            ),
            row=1,
            col=1,
        )
    _spec_lines(fig, res, 1, 1)
    fig.update_xaxes(
        title_text=f"{res.name or 'value'}" + (f" ({res.unit})" if res.unit else ""), row=1, col=1
    )
    fig.update_yaxes(title_text="density", row=1, col=1)

    p = res.probability
    lo = float(np.nanmin([p["fitted"].min(), p["value"].min()]))
    hi = float(np.nanmax([p["fitted"].max(), p["value"].max()]))
    fig.add_trace(
        go.Scatter(
            x=[lo, hi],
            y=[lo, hi],
            mode="lines",
            name="Model",
            showlegend=False,
            line=dict(color=COLORS["center"], width=1.5),
            hoverinfo="skip",
        ),
        row=2,
        col=1,
    )
    fig.add_trace(
        go.Scatter(
            x=p["fitted"],
            y=p["value"],
            mode="markers",
            name="Ordered data",
            showlegend=False,
            marker=dict(color=COLORS["point"], size=5, opacity=0.8),
            customdata=p["percentile"] * 100,
            hovertemplate="model %{x:.4g}, observed %{y:.4g} (%{customdata:.2f}%)<extra></extra>",
        ),
        row=2,
        col=1,
    )
    fig.update_xaxes(title_text="model quantile", row=2, col=1)
    fig.update_yaxes(title_text="observed", row=2, col=1)
    fig.add_trace(_table(res), row=2, col=2)
    title = f"Process capability of {res.name}" if res.name else "Process capability"
    return themed(fig, f"{title}: {res.label}", height=900)


def attribute_capability_figure(res) -> go.Figure:
    """Sample rates with the overall estimate and its interval; cumulative rate by sample."""
    s = res.samples
    scale = 100.0 if res.kind == "binomial" else 1.0
    what = "% defective" if res.kind == "binomial" else "defects per unit"
    fig = make_subplots(
        rows=1,
        cols=2,
        horizontal_spacing=0.1,
        subplot_titles=(f"{what.capitalize()} by sample", f"Cumulative {what}"),
    )
    x = s["label"].astype(str) if s["label"].dtype == object else s["label"]
    lo, hi = res.ci
    for col in (1, 2):
        fig.add_hrect(
            y0=lo * scale,
            y1=hi * scale,
            fillcolor=COLORS["center"],
            opacity=0.12,
            line_width=0,
            row=1,
            col=col,
        )
        fig.add_hline(
            y=res.estimate * scale, line=dict(color=COLORS["center"], width=2), row=1, col=col
        )
        if res.target is not None:
            fig.add_hline(
                y=res.target * scale,
                line=dict(color=COLORS["target"], dash="dot", width=2),
                annotation_text="target",
                row=1,
                col=col,
            )
    fig.add_trace(
        go.Scatter(
            x=x,
            y=s["rate"] * scale,
            mode="lines+markers",
            name=what,
            line=dict(color=COLORS["point"]),
        ),
        row=1,
        col=1,
    )
    fig.add_trace(
        go.Scatter(
            x=x,
            y=s["cumulative"] * scale,
            mode="lines+markers",
            name=f"cumulative {what}",
            line=dict(color=COLORS["concern"]),
        ),
        row=1,
        col=2,
    )
    fig.update_yaxes(title_text=what, row=1, col=1)
    kind = "Binomial" if res.kind == "binomial" else "Poisson"
    return themed(fig, f"{kind} capability" + (f" of {res.name}" if res.name else ""), height=420)
