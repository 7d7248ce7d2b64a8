"""The OC-curve figure: probability of *not* detecting a shift (beta) against the shift,
one line per subgroup size for X-bar charts, with the ARL in the hover.

Draws only what the :class:`~sixsigma.spc.oc.OCCurve` result holds.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from sixsigma.plots.theme import COLORS, SEQUENCE, themed

_XTITLE = {
    "shift": "Process shift (standard deviations)",
    "p": "True proportion p",
    "lambda": "True mean count (lambda)",
}


def oc_curve_figure(oc, height: int | None = None) -> go.Figure:
    """Plotly figure of an OC curve (beta against shift / p / lambda)."""
    fig = go.Figure()
    var = oc.variable
    c = oc.curve
    groups = (
        [(f"n = {n:g}", g) for n, g in c.groupby("size", sort=True)]
        if "size" in c
        else [("beta", c)]
    )
    for i, (name, g) in enumerate(groups):
        fig.add_trace(
            go.Scatter(
                x=g[var],
                y=g["beta"],
                mode="lines" if len(groups) > 1 else "lines+markers",
                name=name,
                line=dict(
                    color=SEQUENCE[i % len(SEQUENCE)] if len(groups) > 1 else COLORS["point"]
                ),
                customdata=np.asarray(g["arl"], dtype=float),
                hovertemplate=(
                    f"{var} %{{x:.4g}}<br>beta %{{y:.4f}}<br>ARL %{{customdata:.4g}}"
                    f"<extra>{name}</extra>"
                ),
            )
        )
    if var != "shift":
        fig.add_vline(x=oc.center, line=dict(color=COLORS["center"], width=1.5))
    fig.update_xaxes(title_text=_XTITLE[var])
    fig.update_yaxes(title_text="Prob. type II error (beta)", range=[-0.02, 1.02])
    title = f"OC curve of the {oc.chart} chart"
    return themed(fig, title=title, height=height or 420)
