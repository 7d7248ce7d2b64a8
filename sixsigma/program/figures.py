"""Figures of the program section (Plotly; no statistics computed here): projects by phase
stacked by belt (six bars whatever the number of projects), and benefits by year closed."""

from __future__ import annotations

import plotly.graph_objects as go

from sixsigma.program.names import BELTS, STAGES


def program_figure(section) -> go.Figure:
    """Projects by phase, one stacked trace per belt."""
    by = section.by_phase_belt
    fig = go.Figure()
    for belt in BELTS:
        part = by[by["belt"] == belt].set_index("phase")["projects"]
        if part.sum():
            fig.add_bar(name=belt.replace("_", " "), x=list(STAGES), y=[int(part.get(s, 0)) for s in STAGES])
    fig.update_layout(barmode="stack", title="Projects by phase and belt", yaxis_title="projects",
                      template="plotly_white", height=360, legend_title_text="belt")
    return fig


def benefits_figure(section, unit: str | None = None) -> go.Figure:
    """Units avoided a month by the projects closed each year (one unit: the first counted)."""
    rows = section.benefits["year"]
    unit = unit or (section.benefits["total"][0]["unit"] if section.benefits["total"] else "")
    rows = [r for r in rows if r["unit"] == unit]
    fig = go.Figure(go.Bar(x=[r["year"] for r in rows], y=[r["per_month"] for r in rows],
                           error_y={"type": "data", "symmetric": False,
                                    "array": [r["ci_high"] - r["per_month"] for r in rows],
                                    "arrayminus": [r["per_month"] - r["ci_low"] for r in rows]}))
    fig.update_layout(title=f"{unit.capitalize()} avoided a month, by year closed", template="plotly_white",
                      height=320, yaxis_title=f"{unit} a month")
    return fig
