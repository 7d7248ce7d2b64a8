"""The one visual theme every figure uses: colours, fonts, layout defaults."""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

COLORS = {
    "point": "#1f4e79",      # data points and lines
    "center": "#2e7d32",     # centre line
    "limit": "#c62828",      # control limits
    "signal": "#d32f2f",     # points failing a special-cause test
    "spec": "#6a1b9a",       # specification limits (LSL/USL)
    "target": "#ef6c00",     # target
    "muted": "#9e9e9e",      # secondary lines, zones
    "improve": "#1565c0",    # special-cause improvement (Making Data Count blue)
    "concern": "#ef6c00",    # special-cause concern (Making Data Count orange)
    "common": "#757575",     # common-cause variation (grey)
}
SEQUENCE = ["#1f4e79", "#ef6c00", "#2e7d32", "#6a1b9a", "#00838f", "#ad1457", "#5d4037", "#455a64"]

TEMPLATE_NAME = "sixsigma"

pio.templates[TEMPLATE_NAME] = go.layout.Template(
    layout=go.Layout(
        font=dict(family="Inter, Segoe UI, Helvetica, Arial, sans-serif", size=13, color="#222"),
        title=dict(x=0.0, xanchor="left", font=dict(size=16)),
        paper_bgcolor="white",
        plot_bgcolor="white",
        colorway=SEQUENCE,
        xaxis=dict(showgrid=True, gridcolor="#eeeeee", linecolor="#bbbbbb", zeroline=False),
        yaxis=dict(showgrid=True, gridcolor="#eeeeee", linecolor="#bbbbbb", zeroline=False),
        hoverlabel=dict(bgcolor="white"),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="right", x=1.0),
        margin=dict(l=60, r=30, t=60, b=50),
    )
)


def themed(fig: go.Figure, title: str | None = None, height: int | None = None) -> go.Figure:
    """Apply the sixsigma template (and optionally a title and height) to a figure."""
    fig.update_layout(template=TEMPLATE_NAME)
    if title is not None:
        fig.update_layout(title_text=title)
    if height is not None:
        fig.update_layout(height=height)
    return fig
