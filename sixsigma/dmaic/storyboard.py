"""What a project's storyboard shows, gathered in one object (``sixsigma project report``).

The storyboard retells a project phase by phase: the charter, SIPOC and voice of the
customer (Define); the baseline with its chart and capability against the goal (Measure);
the fishbone, IPO, a Pareto of the metric by contact reason over the baseline window and the
causes verified with data (Analyze); the chart with the improvement rounds as stages and the
before/after test (Improve); the control plan and the current control chart (Control).

Baseline and result are recomputed from the warehouse over the windows the project recorded,
so the figures are the data's, and the recorded values are shown next to them. The current
control chart runs from the last round to the latest data, with its limits estimated on the
post-change window (last round to the end of the result window, Phase I) and the later days
judged against them (Phase II), the way a control plan monitors.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd

from sixsigma.catalog import active
from sixsigma.dmaic.analysis import (
    MIN_PERIODS,
    BaselineResult,
    ProjectResult,
    chart_for,
    compute_baseline,
    compute_result,
)
from sixsigma.dmaic.models import Project
from sixsigma.dmaic.portfolio import ProjectStatus, project_status
from sixsigma.dmaic.tollgate import ProjectEvidence
from sixsigma.errors import InputError
from sixsigma.spc import ControlChart

VERIFIED_COLUMNS = ["id", "text", "category", "test", "p_value", "effect", "conclusion", "window", "date"]


@dataclass(frozen=True)
class Storyboard:
    """Everything the storyboard report draws; sections with nothing to show hold None."""

    project_id: str
    project: Project
    status: ProjectStatus
    baseline: BaselineResult | None
    result: ProjectResult | None
    current: ControlChart | None
    fishbone: Any | None  # sixsigma.rootcause FishboneResult
    ipo: Any | None  # sixsigma.rootcause IPOResult
    pareto: Any | None  # sixsigma.rootcause ParetoResult of the metric by reason
    verified: pd.DataFrame  # one row per verified cause with its evidence
    notes: tuple[str, ...] = ()
    generated: dt.date | None = None


def _verified(fishbone) -> pd.DataFrame:
    rows = []
    for c in fishbone.causes if fishbone is not None else []:
        if c.status != "verified":
            continue
        ev = next((e for e in reversed(c.evidence) if e.outcome == "verified"), None)
        rows.append({
            "id": c.id, "text": c.text, "category": fishbone.category_of(c.id),
            "test": ev.test if ev else None, "p_value": ev.p_value if ev else None,
            "effect": (f"{ev.effect_name} {ev.effect:.4g}" if ev and ev.effect is not None and ev.effect_name
                       else None),
            "conclusion": ev.conclusion if ev else "marked verified without evidence attached",
            "window": ev.window if ev else None, "date": ev.date if ev else None,
        })
    return pd.DataFrame(rows, columns=VERIFIED_COLUMNS)


def reason_pareto(wh, project: Project, start: dt.date, end: dt.date):
    """Pareto of the goal metric's defects by contact reason over [start, end).

    Defects are the metric's numerator when lower is better (manual contacts, transfers,
    handle seconds) and denominator - numerator for a proportion where higher is better
    (dissatisfied surveys, unresolved contacts). None for an up-is-better mean or score.
    """
    from sixsigma.rootcause.pareto import pareto

    goal = project.charter.goal
    metric = active().metric(goal.metric)
    if goal.better == "up" and metric.kind != "proportion":
        return None
    df = wh.metric(metric, grain="year", by=["reason"], filters=goal.filters, start=start, end=end,
                   keep_partial=True)  # totals of the window
    if df.empty:
        return None
    counts = df.groupby("reason", as_index=False)[["numerator", "denominator"]].sum()
    counts["defects"] = counts["numerator"] if goal.better == "down" else counts["denominator"] - counts["numerator"]
    what = metric.label if goal.better == "down" else f"not {metric.label}"
    return pareto(counts, category="reason", count="defects",
                  title=f"{what} by contact reason, {start}..{end - dt.timedelta(days=1)}")


def current_chart(wh, project: Project, result: ProjectResult | None) -> ControlChart | None:
    """The metric from the last round to the latest data; limits from the post-change window."""
    if result is None or not project.rounds:
        return None
    goal = project.charter.goal
    metric = active().metric(goal.metric)
    df = wh.metric(metric, grain=project.data_collection.grain, filters=goal.filters,
                   start=project.rounds[-1].date)
    if len(df) < MIN_PERIODS:
        return None
    return chart_for(metric, df, phase1=(df["period"] < pd.Timestamp(result.window.end)).to_numpy())


def build_storyboard(wh, project: Project, project_id: str, today: dt.date | None = None) -> Storyboard:
    """Gather the storyboard: recompute baseline, result and the current chart; read root cause."""
    from sixsigma.rootcause import analyze_fishbone, analyze_ipo

    notes: list[str] = []
    baseline = result = None
    if project.baseline is not None:
        baseline = compute_baseline(wh, project, project_id, window=project.baseline.window,
                                    confidence=project.baseline.confidence)
    if project.result is not None:
        try:
            result = compute_result(wh, project, project_id, window=project.result.window,
                                    confidence=project.result.confidence)
        except InputError as exc:
            notes.append(f"The result could not be recomputed from this warehouse: {exc}")
    evidence = ProjectEvidence(project_id)
    rec = evidence.records()
    fb_model = rec.fishbone if rec is not None else None
    fishbone = analyze_fishbone(fb_model) if fb_model is not None else None
    ipo = analyze_ipo(rec.ipo, fb_model) if rec is not None and rec.ipo is not None else None
    if evidence.error:
        notes.append(f"The root-cause records could not be read: {evidence.error}")
    if project.baseline is not None:
        w = project.baseline.window
        pareto = reason_pareto(wh, project, w.start, w.end)
    else:
        pareto = None
    return Storyboard(
        project_id=project_id, project=project, status=project_status(project, project_id, today, evidence),
        baseline=baseline, result=result, current=current_chart(wh, project, result),
        fishbone=fishbone, ipo=ipo, pareto=pareto, verified=_verified(fb_model), notes=tuple(notes),
        generated=today or dt.date.today(),
    )
