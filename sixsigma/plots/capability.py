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


def _fmt(v, digits: int = 4) -> str:
    """Minitab's look: 4 significant digits, '*' for a value that does not apply."""
    if v is None or (isinstance(v, float) and not np.isfinite(v)):
        return "*"
    return f"{v:.{digits}g}" if isinstance(v, float) else str(v)


def _process_data(res) -> go.Table:
    """Minitab's Process Data panel: specs, target, sample mean, N and both standard deviations."""
    names = ["LSL", "Target", "USL", "Sample Mean", "Sample N", "StDev(Within)", "StDev(Overall)"]
    values = [_fmt(res.lsl, 6), _fmt(res.target, 6), _fmt(res.usl, 6), _fmt(res.mean, 6), str(res.n),
              _fmt(res.sigma_within, 5), _fmt(res.sigma_overall, 5)]
    if res.distribution != "normal":
        names.append("Model")
        values.append(res.label)
    return go.Table(header=dict(values=["<b>Process Data</b>", ""], fill_color="#eef3f8", align="left"),
                    cells=dict(values=[names, values], align=["left", "right"], height=22),
                    columnwidth=[1.4, 1.0])


def _indices(res) -> go.Table:
    """Within (potential) and overall capability with their confidence intervals."""
    names, values, cis = [], [], []
    for r in res.indices.itertuples(index=False):
        names.append(f"{_LABELS.get(r.index, r.index)} ({r.basis})")
        values.append(_num(r.value, 2))
        cis.append(
            f"{_num(r.lower, 2)} to {_num(r.upper, 2)}"
            if np.isfinite(r.lower) and np.isfinite(r.upper)
            else ""
        )
    if res.z_bench is not None:
        names.append("Z.Bench (overall)")
        values.append(_num(res.z_bench, 2))
        cis.append("")
    return go.Table(
        header=dict(values=["<b>Capability</b>", "Value", f"{res.confidence:.0%} CI"],
                    fill_color="#eef3f8", align="left"),
        cells=dict(values=[names, values, cis], align="left", height=22),
        columnwidth=[1.5, 0.8, 1.4],
    )


def _performance(res) -> go.Table:
    """Minitab's Performance panel: PPM < LSL, > USL and total, observed and expected."""
    cols = {r.basis: r for r in res.ppm.itertuples(index=False)}
    order = [b for b in ("observed", "within", "overall") if b in cols]
    head = {"observed": "Observed", "within": "Exp. Within", "overall": "Exp. Overall"}
    rows = [("PPM < LSL", "below", res.lsl is not None), ("PPM > USL", "above", res.usl is not None),
            ("PPM Total", "total", True)]
    cells = [[name for name, _, _ in rows]] + [
        [_ppm(getattr(cols[b], key)) if ok else "*" for _, key, ok in rows] for b in order]
    return go.Table(header=dict(values=["<b>Performance</b>", *[head[b] for b in order]],
                                fill_color="#eef3f8", align="left"),
                    cells=dict(values=cells, align=["left"] + ["right"] * len(order), height=22),
                    columnwidth=[1.5] + [1.0] * len(order))


CARD = {  # status: (fill, border / text colour, sign)
    "pass": ("#e8f5e9", "#2e7d32", "✓"),
    "warn": ("#fff8e1", "#ef6c00", "!"),
    "fail": ("#ffebee", "#c62828", "✗"),
}


def _report_card(fig, res, row: int, col: int) -> None:
    """The Assistant's report card as tiles: one per check, coloured pass / warn / fail, with
    its sign and message (wrapped) inside the tile."""
    from sixsigma.plots.rootcause import _wrap

    sub = fig.get_subplot(row, col)
    xref, yref = sub.xaxis.plotly_name.replace("axis", ""), sub.yaxis.plotly_name.replace("axis", "")
    checks = res.checks.reset_index(drop=True)
    k = max(len(checks), 1)
    for i, c in enumerate(checks.itertuples(index=False)):
        fill, color, sign = CARD.get(c.status, CARD["warn"])
        fig.add_shape(type="rect", x0=i / k + 0.005, x1=(i + 1) / k - 0.005, y0=0.02, y1=0.98,
                      xref=xref, yref=yref, fillcolor=fill, line=dict(color=color, width=1.5), layer="below")
        fig.add_annotation(x=i / k + 0.015, y=0.93, xref=xref, yref=yref, xanchor="left", yanchor="top",
                           showarrow=False, align="left", name="check",
                           text=f"<b><span style='color:{color}'>{sign} {_esc(c.name.capitalize())}: "
                                f"{_esc(c.status)}</span></b><br>" + "<br>".join(_wrap(c.message, 52)),
                           font=dict(size=11, color="#333"))
    fig.update_xaxes(range=[0, 1], visible=False, fixedrange=True, row=row, col=col)
    fig.update_yaxes(range=[0, 1], visible=False, fixedrange=True, row=row, col=col)


def _esc(text) -> str:
    import html

    return html.escape(str(text), quote=False)


def _histogram(fig, res, row: int, col: int, legend: bool = True) -> None:
    """Histogram with the within and overall curves and the LSL / target / USL lines."""
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
            showlegend=legend,
        ),
        row=row,
        col=col,
    )
    for i, (curve, part) in enumerate(res.curves.groupby("curve", sort=False)):
        style = _CURVE_STYLE.get(
            curve, dict(name=res.label, color=SEQUENCE[(i + 1) % len(SEQUENCE)], dash="solid")
        )
        fig.add_trace(
            go.Scatter(x=part["x"], y=part["density"], mode="lines", name=style["name"],
                       line=dict(color=style["color"], dash=style["dash"], width=2.2), showlegend=legend),
            row=row,
            col=col,
        )
    _spec_lines(fig, res, row, col)
    fig.update_yaxes(title_text="density", row=row, col=col)


def _probability(fig, res, row: int, col: int, titles: bool = True) -> None:
    p = res.probability
    lo = float(np.nanmin([p["fitted"].min(), p["value"].min()]))
    hi = float(np.nanmax([p["fitted"].max(), p["value"].max()]))
    fig.add_trace(
        go.Scatter(x=[lo, hi], y=[lo, hi], mode="lines", name="Model", showlegend=False,
                   line=dict(color=COLORS["center"], width=1.5), hoverinfo="skip"),
        row=row,
        col=col,
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
        row=row,
        col=col,
    )
    if titles:
        fig.update_xaxes(title_text="model quantile", row=row, col=col)
        fig.update_yaxes(title_text="observed", row=row, col=col)


def capability_figure(res) -> go.Figure:
    """Minitab's capability report: Process Data panel, histogram with the within and overall
    curves and the spec lines, the indices with their intervals; the probability plot and the
    observed / expected PPM; and the Assistant's report card (stability, normality, amount of
    data) as pass / warn / fail tiles."""
    fig = make_subplots(
        rows=3,
        cols=3,
        specs=[[{"type": "table", "rowspan": 2}, {}, {"type": "table"}],
               [None, {}, {"type": "table"}],
               [{"colspan": 3}, None, None]],
        column_widths=[0.22, 0.48, 0.30],
        row_heights=[0.38, 0.34, 0.28],
        vertical_spacing=0.1,
        horizontal_spacing=0.07,
        subplot_titles=("", "", "", f"Probability plot ({res.label.split(' (')[0]})", "",
                        "Report card: the checks before the indices (as Minitab's Assistant)"),
    )
    _histogram(fig, res, 1, 2)
    fig.update_xaxes(
        title_text=f"{res.name or 'value'}" + (f" ({res.unit})" if res.unit else ""), row=1, col=2
    )
    _probability(fig, res, 2, 2)
    _report_card(fig, res, 3, 1)
    # tables last: plotly's add_vline looks for x axes on every trace drawn before it
    fig.add_trace(_process_data(res), row=1, col=1)
    fig.add_trace(_indices(res), row=1, col=3)
    fig.add_trace(_performance(res), row=2, col=3)
    fig.update_layout(legend=dict(orientation="h", x=0.22, xanchor="left", y=1.02, yanchor="bottom"))
    title = f"Process capability of {res.name}" if res.name else "Process capability"
    return themed(fig, f"{title}: {res.label}", height=1150)


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


def _last_panel(fig, chart, row: int, col: int, last: int = 25) -> None:
    """Minitab's 'Last 25' panel: the last observations of an I-MR chart, or the last subgroup
    means of an X-bar chart (the result keeps subgroup statistics, not each subgroup's values)."""
    pts = chart.points.tail(last)
    x = pts["label"].astype(str) if pts["label"].dtype == object else pts["label"]
    fig.add_trace(go.Scatter(x=x, y=pts["value"], mode="markers", name="Last values", showlegend=False,
                             marker=dict(color=COLORS["point"], size=6),
                             hovertemplate="%{x}: %{y:.5g}<extra></extra>"), row=row, col=col)
    fig.add_trace(go.Scatter(x=x, y=pts["center"], mode="lines", name="Centre", showlegend=False,
                             line=dict(color=COLORS["center"], width=1), hoverinfo="skip"), row=row, col=col)
    fig.update_yaxes(title_text="value" if chart.chart == "imr" else "mean", row=row, col=col)


def _capability_plot(fig, res, row: int, col: int) -> None:
    """Minitab's capability plot: the within and overall process spreads (mean +/- 3 sigma)
    against the specification interval, with the indices beside them."""
    idx = {r.index: r.value for r in res.indices.itertuples(index=False)}
    lines = []
    if res.sigma_within:
        lines.append(("Within", res.mean - 3 * res.sigma_within, res.mean + 3 * res.sigma_within,
                      COLORS["center"], f"Cp {_fmt(idx.get('cp'), 3)} · Cpk {_fmt(idx.get('cpk'), 3)}"))
    lines.append(("Overall", res.mean - 3 * res.sigma_overall, res.mean + 3 * res.sigma_overall,
                  COLORS["point"], f"Pp {_fmt(idx.get('pp'), 3)} · Ppk {_fmt(idx.get('ppk'), 3)}"
                  + (f" · Cpm {_fmt(idx.get('cpm'), 3)}" if "cpm" in idx else "")))
    lo = res.lsl if res.lsl is not None else min(line[1] for line in lines)
    hi = res.usl if res.usl is not None else max(line[2] for line in lines)
    lines.append(("Specs", lo, hi, COLORS["spec"], ""))
    for i, (name, a, b, color, text) in enumerate(lines):
        y = len(lines) - i
        open_end = name == "Specs" and (res.lsl is None or res.usl is None)
        fig.add_trace(go.Scatter(x=[a, b], y=[y, y], mode="lines+markers", name=name, showlegend=False,
                                 line=dict(color=color, width=3, dash="dot" if open_end else "solid"),
                                 marker=dict(symbol="line-ns-open", size=14, color=color),
                                 hovertemplate=f"{name}: %{{x:.5g}}<extra></extra>"), row=row, col=col)
        if text:
            fig.add_annotation(text=text, x=(a + b) / 2, y=y, yanchor="bottom", yshift=6, showarrow=False,
                               font=dict(size=11, color=color), row=row, col=col)
    fig.update_yaxes(tickvals=list(range(1, len(lines) + 1)), ticktext=[n for n, *_ in lines[::-1]],
                     range=[0.4, len(lines) + 0.6], showgrid=False, row=row, col=col)


def capability_sixpack_figure(res) -> go.Figure:
    """Minitab's Capability Sixpack: the X-bar (or I) chart and the R / S (or MR) chart of the
    data, the last 25 subgroups (observations), the capability histogram with both curves and
    the specs, the normal probability plot, and the capability plot of the within and overall
    spreads against the specs. Needs the stability chart the analysis drew (the default)."""
    from sixsigma.errors import InputError
    from sixsigma.plots.control_chart import _add_chart

    chart = getattr(res, "stability_chart", None)
    if chart is None or not hasattr(res, "histogram"):
        raise InputError("the capability sixpack needs a normal or non-normal capability analysis with "
                         "its stability chart (check_stability=True, the default); attribute capability "
                         "has no sixpack")
    sec = chart.secondary
    names = {"xbar-r": ("X-bar chart", "R chart"), "xbar-s": ("X-bar chart", "S chart"),
             "imr": ("I chart", "Moving range chart")}.get(chart.chart, (chart.chart, "secondary"))
    last = "Last 25 observations" if chart.chart == "imr" else "Last 25 subgroup means"
    fig = make_subplots(rows=3, cols=2, column_widths=[0.55, 0.45], vertical_spacing=0.1,
                        horizontal_spacing=0.09,
                        subplot_titles=(names[0], "", names[1],
                                        f"Probability plot ({res.label.split(' (')[0]})", last,
                                        "Capability plot"))
    _add_chart(fig, chart, 1, False, chart.parameters.get("rules"))
    if sec is not None:
        _add_chart(fig, sec, 2, False, chart.parameters.get("rules"))
    _last_panel(fig, chart, 3, 1)
    _histogram(fig, res, 1, 2, legend=True)
    _probability(fig, res, 2, 2, titles=False)
    _capability_plot(fig, res, 3, 2)
    fig.update_layout(legend=dict(orientation="h", x=1.0, xanchor="right", y=1.04, yanchor="bottom"))
    title = f"Capability Sixpack of {res.name}" if res.name else "Capability Sixpack"
    return themed(fig, f"{title}: {res.label}", height=900)
