"""Figures of the monthly report: KPI control charts with target and improvement rounds,
Making-Data-Count icons and sparklines (inline SVG), the reason Pareto this month vs last, and
the DMAIC portfolio by phase and belt.

Only drawing here: every number comes from the results the report sections computed.
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from sixsigma.i18n import _
from sixsigma.plots.theme import COLORS, SEQUENCE, TEMPLATE_NAME, themed

ICON_COLORS = {
    "common": COLORS["common"], "improvement": COLORS["improve"], "concern": COLORS["concern"],
    "neutral": "#6a1b9a", "pass": COLORS["improve"], "fail": COLORS["concern"],
    "hit_and_miss": COLORS["common"], "none": "#cfcfcf",
}


def _esc(text) -> str:
    return html.escape(str(text), quote=True)


# -- icons -----------------------------------------------------------------------------------

def variation_icon_svg(code: str, title: str, size: int = 26) -> str:
    """A Making-Data-Count style variation icon: a ring with H / L (or a flat line).

    Grey = common cause, blue = special-cause improvement, orange = concern, purple = special
    cause with no better direction. Accessible: ``role="img"`` with the meaning as its label.
    """
    kind, _, side = code.partition("_")
    kind = "common" if code == "common_cause" else kind
    color = ICON_COLORS.get(kind, ICON_COLORS["none"])
    r = size / 2
    if kind == "common":
        glyph = (f'<path d="M{r * 0.5:.1f} {r:.1f} h{r:.1f}" stroke="{color}" stroke-width="{size / 10:.1f}" '
                 'stroke-linecap="round"/>')
    else:
        letter = {"high": "H", "low": "L"}.get(side, "!")
        glyph = (f'<text x="{r:.1f}" y="{r:.1f}" dy="0.36em" text-anchor="middle" font-size="{size * 0.5:.0f}" '
                 f'font-weight="700" fill="{color}" font-family="Arial, sans-serif">{letter}</text>')
    return (f'<svg class="icon" width="{size}" height="{size}" viewBox="0 0 {size} {size}" role="img" '
            f'aria-label="{_esc(title)}"><title>{_esc(title)}</title>'
            f'<circle cx="{r:.1f}" cy="{r:.1f}" r="{r - 2:.1f}" fill="white" stroke="{color}" '
            f'stroke-width="{size / 10:.1f}"/>{glyph}</svg>')


def assurance_icon_svg(code: str | None, title: str, size: int = 26) -> str:
    """Assurance icon: P (blue, consistently met), F (orange, consistently missed), ? (grey)."""
    color = ICON_COLORS.get(code or "none", ICON_COLORS["none"])
    letter = {"pass": "P", "fail": "F", "hit_and_miss": "?"}.get(code or "", "–")
    r = size / 2
    return (f'<svg class="icon" width="{size}" height="{size}" viewBox="0 0 {size} {size}" role="img" '
            f'aria-label="{_esc(title)}"><title>{_esc(title)}</title>'
            f'<rect x="2" y="2" width="{size - 4}" height="{size - 4}" rx="{size / 5:.1f}" fill="white" '
            f'stroke="{color}" stroke-width="{size / 10:.1f}"/>'
            f'<text x="{r:.1f}" y="{r:.1f}" dy="0.36em" text-anchor="middle" font-size="{size * 0.5:.0f}" '
            f'font-weight="700" fill="{color}" font-family="Arial, sans-serif">{letter}</text></svg>')


def sparkline_svg(values, center=None, lcl=None, ucl=None, target=None, last_color: str | None = None,
                  width: int = 140, height: int = 34, title: str = "") -> str:
    """A small inline SVG line of ``values`` with the process-limit band, centre and target.

    ``center``/``lcl``/``ucl`` may be arrays (per point) or scalars; NaN values leave gaps.
    """
    y = np.asarray(values, dtype=float)
    n = y.size
    if n == 0 or not np.isfinite(y).any():
        return f'<svg class="spark" width="{width}" height="{height}" role="img" aria-label="no data"></svg>'

    def arr(v):
        return np.full(n, np.nan) if v is None else np.broadcast_to(np.asarray(v, dtype=float), (n,))

    c, lo, hi = arr(center), arr(lcl), arr(ucl)
    t = np.nan if target is None else float(target)
    every = np.concatenate([y, lo, hi, [t]])
    every = every[np.isfinite(every)]
    ymin, ymax = float(every.min()), float(every.max())
    if ymax - ymin < 1e-12:
        ymin, ymax = ymin - 1, ymax + 1
    pad = 3
    xs = pad + (width - 2 * pad) * (np.arange(n) / max(n - 1, 1))

    def ys(v):
        return pad + (height - 2 * pad) * (1 - (v - ymin) / (ymax - ymin))

    def path(v):
        out, pen = [], "M"
        for x_, y_ in zip(xs, v, strict=True):
            if np.isfinite(y_):
                out.append(f"{pen}{x_:.1f} {ys(y_):.1f}")
                pen = "L"
            else:
                pen = "M"
        return " ".join(out)

    parts = []
    if np.isfinite(lo).any() and np.isfinite(hi).any():
        ok = np.isfinite(lo) & np.isfinite(hi)
        top = " ".join(f"{x_:.1f},{ys(h):.1f}" for x_, h in zip(xs[ok], hi[ok], strict=True))
        bot = " ".join(f"{x_:.1f},{ys(v):.1f}" for x_, v in zip(xs[ok][::-1], lo[ok][::-1], strict=True))
        parts.append(f'<polygon points="{top} {bot}" fill="#e9eef5"/>')
    if np.isfinite(c).any():
        parts.append(f'<path d="{path(c)}" stroke="{COLORS["center"]}" stroke-width="1" fill="none"/>')
    if np.isfinite(t):
        parts.append(f'<line x1="{pad}" x2="{width - pad}" y1="{ys(t):.1f}" y2="{ys(t):.1f}" '
                     f'stroke="{COLORS["target"]}" stroke-width="1" stroke-dasharray="3,2"/>')
    parts.append(f'<path d="{path(y)}" stroke="{COLORS["point"]}" stroke-width="1.4" fill="none"/>')
    last = np.flatnonzero(np.isfinite(y))[-1]
    parts.append(f'<circle cx="{xs[last]:.1f}" cy="{ys(y[last]):.1f}" r="2.8" '
                 f'fill="{last_color or COLORS["point"]}"/>')
    label = _esc(title or "trend")
    return (f'<svg class="spark" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
            f'role="img" aria-label="{label}"><title>{label}</title>{"".join(parts)}</svg>')


# -- KPI control charts ----------------------------------------------------------------------

class _Traces(list):
    """Collects the traces :func:`~sixsigma.plots.control_chart._add_chart` adds (it calls
    ``add_trace(trace, row=, col=)``), so a one-panel chart needs no subplot grid."""

    def add_trace(self, trace, row=None, col=None):
        trace.update(xaxis="x", yaxis="y")
        self.append(trace)


def kpi_chart_figure(chart, title: str, target: float | None = None, rounds: pd.DataFrame | None = None,
                     height: int = 330, y_title: str | None = None, percent: bool = False) -> go.Figure:
    """A KPI's control chart for the report: the individuals / attribute panel only (no MR
    panel), a dashed target line, and a marker per improvement round (hover: the change).

    The same traces, shapes and annotations as :func:`~sixsigma.plots.control_chart.
    control_chart_figure` draws for one panel, built as one plain figure (no ``make_subplots``
    and one layout update instead of a dozen: a fifth of the time per chart).
    """
    from sixsigma.plots.control_chart import LEGEND, _add_chart, decorations, rules_note

    traces = _Traces()
    _add_chart(traces, chart, 1, True, chart.parameters.get("rules"))
    pts = chart.points
    shapes, notes = decorations(chart, height=height, secondary=False)  # stages, phases, limit values
    notes.append(rules_note(chart))
    layout = dict(template=TEMPLATE_NAME, title=dict(text=title), height=height, hovermode="closest",
                  margin=dict(l=60, r=20, t=48, b=36), showlegend=False, legend=LEGEND,
                  xaxis=dict(anchor="y", domain=[0.0, 1.0]),
                  yaxis=dict(anchor="x", domain=[0.0, 1.0], title=dict(text=y_title) if y_title else {}))
    if percent:
        layout["yaxis"]["tickformat"] = ".1%"
    if target is not None:
        shapes.append(dict(type="line", x0=0, x1=1, xref="x domain", y0=float(target), y1=float(target),
                           yref="y", line=dict(color=COLORS["target"], dash="dash", width=1.5)))
        notes.append(dict(text=_("target"), x=0, xref="x domain", xanchor="left", y=float(target), yref="y",
                          yanchor="bottom", showarrow=False, font=dict(color=COLORS["target"], size=11)))
    if rounds is not None and len(rounds) and pd.api.types.is_datetime64_any_dtype(pts["label"]):
        lo, hi = pts["label"].min(), pts["label"].max()
        when = pd.to_datetime(rounds["date"])
        shown = rounds[(when >= lo - pd.Timedelta(days=31)) & (when <= hi)]
        if len(shown):
            traces.append(go.Scatter(
                x=pd.to_datetime(shown["date"]), y=[0.02] * len(shown), yaxis="y9", mode="markers+text",
                marker=dict(symbol="triangle-up", size=10, color=COLORS["improve"]),
                text=[str(r) for r in shown["round"]], textposition="top center",
                textfont=dict(size=10, color=COLORS["improve"]),
                customdata=np.stack([shown["date"].astype(str), shown["change"].astype(str)], axis=1),
                hovertemplate=_("Round %{text} (%{customdata[0]})") + "<br>%{customdata[1]}<extra></extra>",
                name=_("Improvement round"), showlegend=True,
            ))
            layout["yaxis9"] = dict(overlaying="y", range=[0, 1], visible=False, fixedrange=True)
    layout["shapes"], layout["annotations"] = shapes, notes
    return go.Figure(data=list(traces), layout=layout)


# -- Pareto this month vs last ---------------------------------------------------------------

def pareto_compare_figure(table: pd.DataFrame, category: str, title: str, this_label: str,
                          last_label: str, height: int = 420) -> go.Figure:
    """Bars of this month's and last month's counts per category (this month's order, largest
    first), with this month's cumulative percent and the 80% line.

    ``table``: category, count_this, count_last, cumulative_percent (this month), vital.
    """
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    cats = table[category].astype(str)
    vital = table["vital"].to_numpy(dtype=bool)
    fig.add_trace(go.Bar(x=cats, y=table["count_last"], name=last_label, marker_color="#c5cdd8",
                         hovertemplate="%{x}: %{y:,}<extra>" + _esc(last_label) + "</extra>"),
                  secondary_y=False)
    fig.add_trace(go.Bar(x=cats, y=table["count_this"], name=this_label,
                         marker_color=[COLORS["concern"] if v else COLORS["point"] for v in vital],
                         hovertemplate="%{x}: %{y:,}<extra>" + _esc(this_label) + "</extra>"),
                  secondary_y=False)
    fig.add_trace(go.Scatter(x=cats, y=table["cumulative_percent"], mode="lines+markers",
                             name=f"cumulative % ({this_label})", line=dict(color=COLORS["center"]),
                             hovertemplate="%{x}: %{y:.1f}%<extra></extra>"), secondary_y=True)
    fig.add_hline(y=80, line=dict(color=COLORS["muted"], dash="dash", width=1), secondary_y=True)
    fig.update_yaxes(title_text="contacts", secondary_y=False)
    fig.update_yaxes(range=[0, 105], ticksuffix="%", showgrid=False, tickmode="array",
                     tickvals=[0, 20, 40, 60, 80, 100], secondary_y=True)
    fig.update_layout(barmode="group", bargap=0.25, margin=dict(l=60, r=50, t=64 if title else 36, b=90))
    return themed(fig, title=title, height=height)


# -- DMAIC portfolio -------------------------------------------------------------------------

PHASES = ("define", "measure", "analyze", "improve", "control", "closed")


def portfolio_figure(by_phase_belt: pd.DataFrame, title: str = "Projects by phase and belt",
                     height: int = 280) -> go.Figure:
    """Stacked bars: projects per phase (x, DMAIC order) split by belt.

    ``by_phase_belt``: phase, belt, projects (one row per combination).
    """
    fig = go.Figure()
    df = by_phase_belt
    phases = [p for p in PHASES if p in set(df["phase"])] + sorted(set(df["phase"]) - set(PHASES))
    for i, belt in enumerate(sorted(df["belt"].astype(str).unique())):
        sub = df[df["belt"].astype(str) == belt].set_index("phase")["projects"].reindex(phases, fill_value=0)
        fig.add_trace(go.Bar(x=phases, y=sub.to_numpy(), name=belt, marker_color=SEQUENCE[i % len(SEQUENCE)],
                             hovertemplate="%{x}: %{y} project(s)<extra>" + _esc(belt) + "</extra>"))
    fig.update_layout(barmode="stack", bargap=0.45, margin=dict(l=50, r=20, t=60, b=40))
    fig.update_yaxes(title_text=_("projects"), dtick=1)
    return themed(fig, title=title, height=height)


# -- result-level builders (figure_builder targets) --------------------------------------------

def kpi_slice_figures(s, height: int = 330) -> tuple[go.Figure | None, go.Figure | None]:
    """(monthly, daily) figures of a report KPI slice (:class:`~sixsigma.reporting.sections.KpiSlice`)."""
    percent = s.unit == "share"
    y_title = {"share": None, "seconds": "seconds", "contacts/order": "contacts per order"}.get(s.unit, s.unit)
    out = []
    for chart, grain in ((s.monthly, "monthly"), (s.daily, "daily")):
        if chart is None:
            out.append(None)
            continue
        n_sig = len(chart.signals)
        sig = f"{n_sig} signal{'s' if n_sig != 1 else ''}" if n_sig else "no signals"
        title = f"{s.line_label}: {grain} ({len(chart.points)} points, {sig})"
        out.append(kpi_chart_figure(chart, title, target=s.target, rounds=s.rounds, height=height,
                                    y_title=y_title, percent=percent))
    return out[0], out[1]


def kpi_slice_figure(s) -> go.Figure | None:
    """The monthly chart of a KPI slice (what ``KpiSlice.figure()`` shows in a notebook)."""
    return kpi_slice_figures(s)[0]


def pareto_comparison_figure(result, height: int = 420, title: str | None = None) -> go.Figure:
    """Figure of a :class:`~sixsigma.reporting.sections.ParetoComparison` (titled with the
    result's title unless ``title`` is given; ``""`` for none)."""
    return pareto_compare_figure(result.table, result.category, result.title if title is None else title,
                                 result.month, result.prev_month, height=height)


def portfolio_result_figure(result) -> go.Figure | None:
    """Figure of a :class:`~sixsigma.reporting.sections.PortfolioSection` (None without projects)."""
    if not len(result.by_phase_belt):
        return None
    return portfolio_figure(result.by_phase_belt)
