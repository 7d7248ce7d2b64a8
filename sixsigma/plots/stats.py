"""Figures for hypothesis tests and power: group box plots with mean intervals, Tukey /
Games-Howell intervals, proportions and rates with intervals, residual heat maps, probability
plots, regression fit and residuals, odds ratios, interaction plots and power curves.

Draws only what the results hold (every quartile, interval and fitted value is computed by
``sixsigma.stats``).
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from sixsigma.plots.theme import COLORS, SEQUENCE, themed


def _title(res) -> str:
    p = res.p_value
    ptxt = "" if p is None else (" · p < 0.001" if p < 0.001 else f" · p = {p:.3f}")
    return f"{res.test}{ptxt}"


def _box_traces(groups):
    """Box plots from precomputed quartiles and whiskers, plus mean ± CI markers."""
    traces = [
        go.Box(
            name="distribution",
            x=groups["group"].astype(str),
            q1=groups["q1"],
            median=groups["median"],
            q3=groups["q3"],
            lowerfence=groups["whisker_lo"],
            upperfence=groups["whisker_hi"],
            marker_color=COLORS["muted"],
            fillcolor="rgba(158,158,158,0.25)",
            line_color=COLORS["muted"],
            hoverinfo="skip",
            showlegend=True,
        )
    ]
    if {"ci_lo", "ci_hi"}.issubset(groups.columns):
        traces.append(
            go.Scatter(
                name="mean and CI",
                x=groups["group"].astype(str),
                y=groups["mean"],
                mode="markers",
                marker=dict(color=COLORS["point"], size=9, symbol="diamond"),
                error_y=dict(
                    type="data",
                    symmetric=False,
                    array=groups["ci_hi"] - groups["mean"],
                    arrayminus=groups["mean"] - groups["ci_lo"],
                    color=COLORS["point"],
                ),
                customdata=np.c_[groups["n"]],
                hovertemplate="%{x}: mean %{y:.4g} (n = %{customdata[0]})<extra></extra>",
            )
        )
    return traces


def _pairs_traces(pairs, method):
    sig = pairs["p_adj"] < 0.05
    colors = np.where(sig, COLORS["signal"], COLORS["point"])
    return [
        go.Scatter(
            name=f"{method} difference",
            x=pairs["diff"],
            y=pairs["pair"].astype(str),
            mode="markers",
            marker=dict(color=colors, size=9),
            error_x=dict(
                type="data",
                symmetric=False,
                array=pairs["ci_hi"] - pairs["diff"],
                arrayminus=pairs["diff"] - pairs["ci_lo"],
                color=COLORS["point"],
            ),
            customdata=np.c_[pairs["p_adj"]],
            hovertemplate="%{y}: %{x:.4g} (p adj %{customdata[0]:.3g})<extra></extra>",
        )
    ]


def _groups_figure(res):
    groups = res.plot_data.get("groups")
    pairs = res.plot_data.get("pairs")
    null = res.plot_data.get("null")
    if groups is None:
        return None
    if pairs is not None and len(pairs):
        fig = make_subplots(
            rows=1,
            cols=2,
            column_widths=[0.55, 0.45],
            horizontal_spacing=0.12,
            subplot_titles=(
                "Groups: box plot and mean with CI",
                f"{res.plot_data.get('pairs_method', '')} intervals for differences",
            ),
        )
        for t in _box_traces(groups):
            fig.add_trace(t, row=1, col=1)
        for t in _pairs_traces(pairs, res.plot_data.get("pairs_method", "")):
            fig.add_trace(t, row=1, col=2)
        fig.add_vline(x=0, line=dict(color=COLORS["muted"], dash="dash"), row=1, col=2)
        return themed(fig, _title(res), height=460)
    fig = go.Figure(_box_traces(groups) if "q1" in groups.columns else [])
    if "q1" not in groups.columns and {"mean", "se"}.issubset(groups.columns):  # summarized data
        fig.add_trace(
            go.Scatter(
                name="mean",
                x=groups["group"].astype(str),
                y=groups["mean"],
                mode="markers",
                marker=dict(color=COLORS["point"], size=9),
            )
        )
    if null is not None:
        fig.add_hline(
            y=null, line=dict(color=COLORS["target"], dash="dot"), annotation_text=f"H0 {null:g}"
        )
    return themed(fig, _title(res), height=420)


def _interval_figure(res, value_col, title_y):
    g = res.plot_data["groups"]
    fig = go.Figure(
        go.Scatter(
            name=value_col,
            x=g["group"].astype(str),
            y=g[value_col],
            mode="markers",
            marker=dict(color=COLORS["point"], size=11),
            error_y=dict(
                type="data",
                symmetric=False,
                array=g["ci_hi"] - g[value_col],
                arrayminus=g[value_col] - g["ci_lo"],
                color=COLORS["point"],
            ),
        )
    )
    null = res.plot_data.get("null")
    if null is not None:
        fig.add_hline(
            y=null, line=dict(color=COLORS["target"], dash="dot"), annotation_text=f"H0 {null:g}"
        )
    fig.update_yaxes(title_text=title_y)
    return themed(fig, _title(res), height=400)


def _table_figure(res):
    cells = res.plot_data["cells"]
    rows = list(dict.fromkeys(cells["row"].astype(str)))
    cols = list(dict.fromkeys(cells["column"].astype(str)))
    z = cells["std_residual"].to_numpy(float).reshape(len(rows), len(cols))
    obs = cells["observed"].to_numpy(float).reshape(len(rows), len(cols))
    if np.all(np.isnan(z)):
        fig = go.Figure(
            go.Heatmap(
                z=obs,
                x=cols,
                y=rows,
                colorscale="Blues",
                text=obs,
                texttemplate="%{text:.0f}",
                colorbar=dict(title="count"),
            )
        )
    else:
        lim = float(np.nanmax(np.abs(z))) or 1.0
        fig = go.Figure(
            go.Heatmap(
                z=z,
                x=cols,
                y=rows,
                zmin=-lim,
                zmax=lim,
                colorscale="RdBu_r",
                text=obs,
                texttemplate="%{text:.0f}",
                colorbar=dict(title="std resid"),
                hovertemplate="%{y} / %{x}: observed %{text:.0f}, std residual %{z:.2f}<extra></extra>",
            )
        )
    fig.update_xaxes(title_text=res.plot_data.get("column_name", ""))
    fig.update_yaxes(title_text=res.plot_data.get("row_name", ""))
    return themed(fig, _title(res), height=380)


def _gof_figure(res):
    c = res.plot_data["cells"]
    fig = go.Figure(
        [
            go.Bar(
                name="observed",
                x=c["category"].astype(str),
                y=c["observed"],
                marker_color=COLORS["point"],
            ),
            go.Bar(
                name="expected",
                x=c["category"].astype(str),
                y=c["expected"],
                marker_color=COLORS["muted"],
            ),
        ]
    )
    fig.update_layout(barmode="group")
    return themed(fig, _title(res), height=400)


def _normality_figure(res):
    p = res.plot_data["probability"]
    fig = go.Figure(
        [
            go.Scatter(
                name="data",
                x=p["x"],
                y=p["z"],
                mode="markers",
                marker=dict(color=COLORS["point"], size=6),
                customdata=np.c_[p["percentile"] * 100],
                hovertemplate="%{x:.4g} at %{customdata[0]:.1f}%<extra></extra>",
            ),
            go.Scatter(
                name="normal fit",
                x=p["fit"],
                y=p["z"],
                mode="lines",
                line=dict(color=COLORS["center"]),
            ),
        ]
    )
    fig.update_yaxes(
        title_text="percent", tickvals=p["tick_z"], ticktext=[f"{t:g}" for t in p["tick_percent"]]
    )
    fig.update_xaxes(title_text="value")
    return themed(fig, f"Probability plot · {_title(res)}", height=420)


def _correlation_figure(res):
    d = res.plot_data
    fig = go.Figure(
        go.Scattergl(
            x=d["x"],
            y=d["y"],
            mode="markers",
            marker=dict(color=COLORS["point"], size=6, opacity=0.7),
        )
    )
    fig.update_xaxes(title_text=d["x_name"])
    fig.update_yaxes(title_text=d["y_name"])
    return themed(fig, f"{_title(res)} · r = {res.estimate:.3f}", height=420)


def _regression_figure(res):
    d = res.plot_data
    diag = d["diagnostics"]
    fig = make_subplots(
        rows=1,
        cols=2,
        horizontal_spacing=0.12,
        subplot_titles=(
            "Fitted line" if d.get("x") is not None else "Observed vs fitted",
            "Standardized residuals vs fitted",
        ),
    )
    if d.get("x") is not None:
        order = np.argsort(d["x"], kind="stable")
        fig.add_trace(
            go.Scattergl(
                name="data",
                x=d["x"],
                y=d["y"],
                mode="markers",
                marker=dict(color=COLORS["point"], size=6, opacity=0.7),
            ),
            row=1,
            col=1,
        )
        fig.add_trace(
            go.Scatter(
                name="fit",
                x=d["x"][order],
                y=diag["fitted"].to_numpy()[order],
                mode="lines",
                line=dict(color=COLORS["center"]),
            ),
            row=1,
            col=1,
        )
        fig.update_xaxes(title_text=d["x_name"], row=1, col=1)
    else:
        fig.add_trace(
            go.Scattergl(
                name="data",
                x=diag["fitted"],
                y=d["y"],
                mode="markers",
                marker=dict(color=COLORS["point"], size=6, opacity=0.7),
            ),
            row=1,
            col=1,
        )
        fig.update_xaxes(title_text="fitted", row=1, col=1)
    fig.update_yaxes(title_text=d["y_name"], row=1, col=1)
    flag = np.abs(diag["std_residual"].to_numpy()) > 2
    fig.add_trace(
        go.Scattergl(
            name="residuals",
            x=diag["fitted"],
            y=diag["std_residual"],
            mode="markers",
            marker=dict(color=np.where(flag, COLORS["signal"], COLORS["point"]), size=6),
        ),
        row=1,
        col=2,
    )
    for y in (-2, 0, 2):
        fig.add_hline(
            y=y, line=dict(color=COLORS["muted"], dash="dot" if y else "solid"), row=1, col=2
        )
    fig.update_xaxes(title_text="fitted", row=1, col=2)
    return themed(fig, f"{res.test} · R² = {res.effect_size:.1%}", height=440)


def _logistic_figure(res):
    c = res.plot_data["coefficients"].iloc[1:]
    fig = go.Figure(
        go.Scatter(
            x=c["odds_ratio"],
            y=c["term"],
            mode="markers",
            marker=dict(color=COLORS["point"], size=10),
            error_x=dict(
                type="data",
                symmetric=False,
                array=c["or_ci_hi"] - c["odds_ratio"],
                arrayminus=c["odds_ratio"] - c["or_ci_lo"],
                color=COLORS["point"],
            ),
        )
    )
    fig.add_vline(x=1, line=dict(color=COLORS["muted"], dash="dash"))
    fig.update_xaxes(type="log", title_text="odds ratio (log scale)")
    return themed(fig, _title(res), height=360 + 20 * len(c))


def _twoway_figure(res):
    d = res.plot_data
    m = d["cell_means"]
    a, b = d["factor_a"], d["factor_b"]
    fig = go.Figure()
    for i, (level, sub) in enumerate(m.groupby(b, sort=False)):  # one line per level of B
        fig.add_trace(
            go.Scatter(
                name=f"{b} = {level}",
                x=sub[a].astype(str),
                y=sub["mean"],
                mode="lines+markers",
                line=dict(color=SEQUENCE[i % len(SEQUENCE)]),
            )
        )
    fig.update_xaxes(title_text=a)
    fig.update_yaxes(title_text="mean")
    return themed(fig, f"Interaction plot · {_title(res)}", height=420)


def test_figure(res):
    """The figure for any TestResult (chosen by its kind)."""
    kind = res.kind
    if kind in ("groups", "anova", "paired", "one-sample", "variances"):
        return _groups_figure(res)
    if kind == "proportions":
        return _interval_figure(res, "proportion", "proportion")
    if kind == "rates":
        return _interval_figure(res, "rate", "rate")
    if kind == "table":
        return _table_figure(res)
    if kind == "gof":
        return _gof_figure(res)
    if kind == "normality":
        return _normality_figure(res)
    if kind == "correlation":
        return _correlation_figure(res)
    if kind == "regression":
        return _regression_figure(res)
    if kind == "logistic":
        return _logistic_figure(res)
    if kind == "twoway":
        return _twoway_figure(res)
    return None


test_figure.__test__ = False  # not a pytest test despite the name


def power_figure(res):
    """Power curve over the difference at the (rounded) sample size, with the solved point."""
    c = res.curve
    fig = go.Figure(
        [
            go.Scatter(
                name=f"n = {res.n_rounded}",
                x=c["delta"],
                y=c["power"],
                mode="lines",
                line=dict(color=COLORS["point"]),
            ),
            go.Scatter(
                name="solution",
                x=[res.delta],
                y=[res.actual_power if res.solve_for == "n" else res.power],
                mode="markers",
                marker=dict(color=COLORS["target"], size=11, symbol="diamond"),
            ),
        ]
    )
    fig.add_hline(
        y=res.alpha,
        line=dict(color=COLORS["muted"], dash="dot"),
        annotation_text=f"alpha {res.alpha:g}",
    )
    fig.update_xaxes(title_text="difference (delta)")
    fig.update_yaxes(title_text="power", range=[0, 1.02])
    return themed(fig, f"Power curve · {res.test}", height=400)
