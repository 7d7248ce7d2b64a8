"""The control-chart figure: points, stepped centre and limit lines per stage, failing points
in red with their tests' labels, stage labels, the MR/R/S chart underneath, and the active rule
set under the title.

Labels come from :func:`sixsigma.spc.rules.test_label`: the numbers 1-8 are Minitab's tests
only; other rule sets' rules carry their own names ("MDC shift", "Anhøj runs").

Draws only what the ControlChart result holds (no statistics are computed here).
"""

from __future__ import annotations

import html

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


# -- what a reader looks for around the points -------------------------------------------------
# Label placement works in pixels of a plot at least MIN_PLOT_PX wide: labels that cannot sit
# side by side there go to the next row, so they never overlap on any wider figure.
MIN_PLOT_PX = 520
CHAR_PX = 6.6        # a character at the 11 px label font (digits and lower case, generous)
ROW_PX = 15          # one row of 11 px labels
SHIFT_PX = 3         # labels start this far from their line
LEGEND = dict(orientation="h", yref="container", y=0.0, yanchor="bottom", x=0.0, xanchor="left")


def _label_px(text: str) -> float:
    return len(text) * CHAR_PX + 8


def label_rows(fractions, widths, anchors, blocked=()) -> np.ndarray:
    """Row of each label (0 = first) so that no two labels in a row overlap.

    ``fractions``: each label's anchor point as a fraction of the plot width; ``widths``: its
    width in pixels; ``anchors``: "left" (text starts at the point) or "right" (ends there);
    ``blocked``: (row, left px, right px) already taken (a limit label at the right edge).
    Greedy, in x order, on a plot of :data:`MIN_PLOT_PX` pixels: on a wider plot the gaps
    only grow.
    """
    f = np.asarray(fractions, dtype=float) * MIN_PLOT_PX
    w = np.asarray(widths, dtype=float)
    left = np.where(np.asarray(anchors) == "right", f - SHIFT_PX - w, f + SHIFT_PX)
    rows = np.zeros(len(f), dtype=int)
    taken: dict[int, list[tuple[float, float]]] = {}
    for r, lo, hi in blocked:
        taken.setdefault(int(r), []).append((lo, hi))
    for i in np.argsort(left, kind="stable"):  # a handful of labels, not points
        a, b = left[i], left[i] + w[i]
        r = 0
        while any(a < hi + 4 and lo < b + 4 for lo, hi in taken.get(r, [])):
            r += 1
        taken.setdefault(r, []).append((a, b))
        rows[i] = r
    return rows


def _fractions(x: pd.Series, at) -> np.ndarray:
    """Where values ``at`` (points' labels or dates) sit across the x range, 0 to 1."""
    if pd.api.types.is_datetime64_any_dtype(x) or pd.api.types.is_numeric_dtype(x):
        xs = (x.astype("int64") if pd.api.types.is_datetime64_any_dtype(x) else x).to_numpy(float)
        a = pd.to_datetime(pd.Series(at)).astype("int64").to_numpy(float) if pd.api.types.\
            is_datetime64_any_dtype(x) else np.asarray(at, dtype=float)
        lo, hi = np.nanmin(xs), np.nanmax(xs)
        return (a - lo) / (hi - lo) if hi > lo else np.zeros(len(a))
    first = pd.Series(np.arange(len(x)), index=x.astype(str).to_numpy()).groupby(level=0).first()
    pos = first.reindex(pd.Index(at).astype(str)).to_numpy(dtype=float)  # category labels: positions
    return pos / max(len(x) - 1, 1)


def _vline(xv, xref: str, color: str, dash: str, width: float = 1) -> dict:
    return dict(type="line", x0=xv, x1=xv, xref=xref, y0=0, y1=1, yref=f"{xref.replace('x', 'y')} domain",
                line=dict(color=color, dash=dash, width=width))


def _y_geometry(chart, height: int, share: float) -> tuple[float, float, float]:
    """(lowest, highest value drawn, pixels per unit), roughly: the plot's y range."""
    pts = chart.points
    value = pts["ewma"] if chart.chart == "ewma" else pts["value"]
    hi = np.nanmax([value.max(), pts["ucl"].max(), pts["center"].max()])
    lo = np.nanmin([value.min(), pts["lcl"].min(), pts["center"].min()])
    span = hi - lo
    return lo, hi, ((height - 110) * share / (1.1 * span) if span > 0 else 0.0)


def _blocked(chart, notes: list[dict], height: int, share: float) -> tuple[list, list]:
    """Rows of the top / bottom label bands the UCL / LCL labels at the right edge occupy."""
    lo, hi, px = _y_geometry(chart, height, share)
    top, bottom = [], []
    for n in notes:
        if n["yref"] != "y" or n["xshift"]:
            continue
        d = (hi - n["y"]) * px if n["yanchor"] == "bottom" else (n["y"] - lo) * px
        band = top if n["yanchor"] == "bottom" else bottom
        w = _label_px(n["text"])
        rows = range(0, 1) if px == 0 else range(max(int((d - ROW_PX - 4) // ROW_PX), 0),
                                                 max(int((d + 4) // ROW_PX), 0) + 1)
        band += [(r, MIN_PLOT_PX - w, MIN_PLOT_PX) for r in rows]
    return top, bottom


def _limit_labels(chart, height: int, xref: str, yref: str, share: float) -> list[dict]:
    """UCL / CL / LCL of the last point, labelled inside the right edge (Minitab prints them
    there); the CL label moves left of the UCL label when the two lines are too close."""
    pts = chart.points
    if not len(pts) or chart.chart == "cusum":
        return []
    last = pts.iloc[-1]
    _, _, px = _y_geometry(chart, height, share)
    out = []
    cl_name = "Median" if chart.chart == "run" else "CL"
    labels = [("UCL", last["ucl"], "bottom"), (cl_name, last["center"], "bottom"), ("LCL", last["lcl"], "top")]
    ucl_text = ""
    for name, v, anchor in labels:
        if v is None or not np.isfinite(v):
            continue
        text = f"{name}={v:.4g}"
        shift = 0
        if name == cl_name and ucl_text and (last["ucl"] - v) * px < ROW_PX:
            shift = -int(_label_px(ucl_text)) - 4
        ucl_text = text if name == "UCL" else ucl_text
        out.append(dict(x=1.0, xref=f"{xref} domain", xanchor="right", xshift=shift, y=float(v), yref=yref,
                        yanchor=anchor, text=text, showarrow=False, name="limit",
                        bgcolor="rgba(255,255,255,0.75)",
                        font=dict(size=11, color=COLORS["center" if name == cl_name else "limit"])))
    return out


def decorations(chart, rounds: pd.DataFrame | None = None, height: int = 420,
                secondary: bool = True) -> tuple[list, list]:
    """(shapes, annotations) around a chart's points: stage boundaries and labels, improvement
    rounds as annotated vertical markers, the Phase I / Phase II boundary, and UCL / CL / LCL
    values at the right edge (of the secondary chart too). Labels in the top band (stages and
    rounds) and in the bottom band (phases) are placed by :func:`label_rows`, never on top of
    each other. ``rounds``: date, round (its label) and optionally change (the hover text);
    ``secondary=False`` decorates the first panel only (a figure without the MR/R/S chart)."""
    pts = chart.points
    x = _x(pts)
    shapes, top, bottom = [], [], []  # top/bottom: (fraction, text, anchor, extra)
    sec = chart.secondary if secondary else None
    refs = ["x"] + (["x2"] if sec is not None else [])
    stage = pts["stage"].to_numpy()
    if len(stage) and (stage[1:] != stage[:-1]).any():
        starts = np.flatnonzero(np.r_[True, stage[1:] != stage[:-1]])
        fr = _fractions(x, x.iloc[starts])
        for i, f in zip(starts, fr, strict=True):
            if i > 0:
                shapes += [_vline(x.iloc[i], r, COLORS["muted"], "dot") for r in refs]
            top.append((f, x.iloc[i], str(stage[i]), "left", dict(name="stage", font=dict(size=11, color="#616161"))))
    phase = pts["phase"].astype(str).to_numpy()
    cut = np.flatnonzero((phase[1:] == "II") & (phase[:-1] == "I") & (stage[1:] == stage[:-1])) + 1
    for i, f in zip(cut, _fractions(x, x.iloc[cut]), strict=True):
        shapes += [_vline(x.iloc[i], r, "#616161", "dashdot") for r in refs]
        for text, anchor in (("Phase I", "right"), ("Phase II", "left")):
            bottom.append((f, x.iloc[i], text, anchor, dict(name="phase", font=dict(size=10, color="#616161"))))
    if rounds is not None and len(rounds):
        when = pd.to_datetime(rounds["date"]) if pd.api.types.is_datetime64_any_dtype(x) else rounds["date"]
        keep = ((when >= x.min()) & (when <= x.max())).to_numpy()
        shown, when = rounds[keep], when[keep]
        changes = shown["change"].astype(str) if "change" in shown else shown["round"].astype(str)
        for f, w, label, change in zip(_fractions(x, when), when, shown["round"].astype(str), changes,
                                       strict=True):
            shapes += [_vline(w, r, COLORS["improve"], "dash", 1.2) for r in refs]
            day = pd.Timestamp(w).date() if hasattr(w, "year") else w
            top.append((f, w, label, "left", dict(
                name="round", font=dict(size=11, color=COLORS["improve"]),
                hovertext=html.escape(f"{label} ({day}): {change}", quote=False))))
    share = 0.6 if sec is not None else 1.0
    limits = _limit_labels(chart, height, "x", "y", share)
    taken = _blocked(chart, limits, height, share)
    notes = []
    for band, y, yanchor, sign, blocked in ((top, 1.0, "top", -1, taken[0]), (bottom, 0.0, "bottom", 1, taken[1])):
        if not band:
            continue
        rows = label_rows([b[0] for b in band], [_label_px(b[2]) for b in band], [b[3] for b in band],
                          blocked)
        for (_f, xv, text, anchor, extra), r in zip(band, rows, strict=True):
            notes.append(dict(x=xv, xref="x", y=y, yref="y domain", xanchor=anchor, yanchor=yanchor,
                              xshift=SHIFT_PX if anchor == "left" else -SHIFT_PX, yshift=sign * int(r) * ROW_PX,
                              text=html.escape(text, quote=False), showarrow=False, bgcolor="rgba(255,255,255,0.8)",
                              **extra))
    notes += limits
    if sec is not None:
        notes += _limit_labels(sec, height, "x2", "y2", 0.32)
    return shapes, notes


def rules_note(chart) -> dict:
    """The active rule set, named above the plot's right edge on every chart."""
    return dict(text=chart.rules, xref="paper", yref="paper", x=1.0, y=1.0, xanchor="right", yanchor="bottom",
                yshift=18, showarrow=False, font=dict(size=10, color=COLORS["muted"]), name="rules")


def control_chart_figure(chart, height: int | None = None, title: str | None = None,
                         y_label: str | None = None, rounds: pd.DataFrame | None = None) -> go.Figure:
    """The Plotly figure for a :class:`~sixsigma.spc.ControlChart`.

    ``title`` / ``y_label``: what the reader calls the metric (e.g. the catalog's label, slice
    and unit) instead of the chart's own title and column name; ``rounds``: improvement rounds
    (date, round, change) drawn as annotated vertical markers on one process.
    """
    sec = chart.secondary
    rows = 2 if sec is not None else 1
    height = height or (560 if rows == 2 else 420)
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
    fig.update_yaxes(title_text=y_label or chart.name or chart.chart, row=1, col=1)
    shapes, notes = decorations(chart, rounds, height)
    n_sig = len(chart.signals) + (len(sec.signals) if sec is not None else 0)
    head = title or chart.title
    head += f" — {n_sig} signal{'s' if n_sig != 1 else ''}" if n_sig else " — in control"
    fig.update_layout(hovermode="closest", shapes=shapes, annotations=[*notes, rules_note(chart)],
                      legend=LEGEND, margin=dict(b=80))
    return themed(fig, title=html.escape(head, quote=False), height=height)
