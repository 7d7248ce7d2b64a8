"""The monthly report's portfolio at the program's scale: projects by phase and belt, cycle time
per phase, the benefits counted, the belt ladder's counts and the overdue projects by leader —
tables of a few rows each, readable with 1,000 projects (no chart with a bar per project).

Cycle time of a phase = days from its start to its tollgate, over the projects that passed it
(median and 90th percentile, numpy's linear interpolation). Benefits: see
:mod:`sixsigma.program.benefits` (closed, significant, in the goal's direction, at the result
window's monthly volume).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pandas as pd

from sixsigma.program.names import BELTS, PHASES, STAGES
from sixsigma.results import ResultMixin, jsonable


@dataclass(frozen=True)
class ProgramSection(ResultMixin):
    """The portfolio in a few small tables (see the module docstring)."""

    as_of: dt.date
    projects: int
    by_phase_belt: pd.DataFrame  # phase, belt, projects
    cycle: pd.DataFrame  # phase, projects, median_days, p90_days
    benefits: dict  # sixsigma.program.benefits.rollup
    belts: pd.DataFrame | None  # belt, people (None without a roster)
    roles: dict  # lecturer / mentor counts
    overdue: pd.DataFrame  # leader, overdue, oldest_due

    figure_builder: ClassVar[str] = "sixsigma.program.figures:program_figure"

    def summary(self) -> str:
        if not self.projects:
            return "No DMAIC projects."
        closed = int(self.by_phase_belt.loc[self.by_phase_belt["phase"] == "closed", "projects"].sum())
        parts = [f"{self.projects:,} projects as of {self.as_of}, {closed:,} closed."]
        if self.cycle["projects"].sum():
            parts.append("Median days per phase: " + ", ".join(
                f"{r.phase} {r.median_days:.0f}" for r in self.cycle.itertuples(index=False) if r.projects) + ".")
        b = self.benefits
        if b["counted"]:
            totals = "; ".join(f"{t['per_month']:,.0f} {t['unit']} a month (band {t['ci_low']:,.0f} to "
                               f"{t['ci_high']:,.0f})" for t in b["total"][:3])
            parts.append(f"{b['counted']:,} closed projects improved significantly: {totals}"
                         + (f"; {b['not_counted']:,} closed without a significant change are not counted." if
                            b["not_counted"] else "."))
        if self.belts is not None:
            n = int(self.belts["people"].sum())
            parts.append(f"{n:,} belt-holders: " + ", ".join(
                f"{r.belt} {r.people}" for r in self.belts.itertuples(index=False) if r.people)
                + f"; {self.roles.get('lecturer', 0)} lecturers, {self.roles.get('mentor', 0)} mentors.")
        if len(self.overdue):
            top = self.overdue.iloc[0]
            parts.append(f"{int(self.overdue['overdue'].sum())} projects overdue under {len(self.overdue)} leaders "
                         f"(most: {top.leader}, {top.overdue}).")
        return " ".join(parts)

    def to_dict(self) -> dict:
        return jsonable({"as_of": self.as_of, "projects": self.projects, "by_phase_belt": self.by_phase_belt,
                         "cycle": self.cycle, "benefits": self.benefits, "belts": self.belts, "roles": self.roles,
                         "overdue": self.overdue, "summary": self.summary()})


def rows_of(projects: dict, as_of: dt.date) -> list[dict]:
    """Index-shaped rows (with ``health``) of already loaded projects ({id: Project})."""
    from sixsigma.dmaic.portfolio import health
    from sixsigma.program.index import project_facts

    return [{"id": pid, **project_facts(pid, p), "health": health(p, as_of)} for pid, p in sorted(projects.items())]


def program_section(rows: list[dict], as_of: dt.date, roster=None, scales: dict | None = None) -> ProgramSection:
    """The section from index rows (:func:`sixsigma.program.index.select` or :func:`rows_of`)."""
    from sixsigma.program.benefits import rollup

    df = pd.DataFrame(rows)
    if not len(df):
        df = pd.DataFrame(columns=["phase", "belt", "health", "leader", "phase_due",
                                   *(f"{p}_days" for p in PHASES)])
    phase = df["phase"].where(df.get("status", pd.Series(dtype=object)) != "closed", "closed")
    by = (pd.DataFrame({"phase": phase, "belt": df["belt"]}).value_counts().rename("projects").reset_index()
          if len(df) else pd.DataFrame(columns=["phase", "belt", "projects"]))
    by["_p"], by["_b"] = by["phase"].map(STAGES.index), by["belt"].map(BELTS.index)
    by = by.sort_values(["_p", "_b"]).drop(columns=["_p", "_b"]).reset_index(drop=True)
    cycle = []
    for p in PHASES:
        days = pd.to_numeric(df[f"{p}_days"], errors="coerce").dropna().to_numpy(float)
        cycle.append({"phase": p, "projects": len(days),
                      "median_days": float(np.median(days)) if len(days) else None,
                      "p90_days": float(np.percentile(days, 90)) if len(days) else None})
    late = df[df["health"] == "overdue"]
    overdue = (late.groupby("leader").agg(overdue=("leader", "size"), oldest_due=("phase_due", "min"))
               .reset_index().sort_values(["overdue", "leader"], ascending=[False, True]).reset_index(drop=True)
               if len(late) else pd.DataFrame(columns=["leader", "overdue", "oldest_due"]))
    belts, roles = None, {}
    if roster is not None:
        tops = [p.belt for p in roster.people]
        belts = pd.DataFrame({"belt": list(BELTS), "people": [tops.count(b) for b in BELTS]})
        roles = {r: sum(r in p.roles for p in roster.people) for r in ("lecturer", "mentor")}
    return ProgramSection(as_of=as_of, projects=len(df), by_phase_belt=by, cycle=pd.DataFrame(cycle),
                          benefits=rollup(rows, scales), belts=belts, roles=roles, overdue=overdue.head(15))


def portfolio_program(projects: dict, as_of: dt.date) -> ProgramSection:
    """The section for the monthly report's portfolio: loaded projects, the roster if any."""
    from sixsigma.catalog import active
    from sixsigma.errors import SixSigmaError
    from sixsigma.program.belts import load_roster

    try:
        roster = load_roster()
    except SixSigmaError:
        roster = None
    rows = rows_of(projects, as_of)
    scales = {m: active().metric(m).scale for m in {r["metric"] for r in rows}}
    return program_section(rows, as_of, roster, scales)
