"""Where projects stand: one project's status, and the portfolio with its summary.

A project's phase is the first phase whose tollgate has not passed (``closed`` once all
have); days in phase count from the phase's start (or the previous tollgate's pass date).
Its health is ``on_hold`` / ``cancelled`` when set so, ``closed`` when every tollgate passed
(or the status says closed), ``overdue`` when the current phase is past its due date, and
``on track`` otherwise.

A project whose record cannot be read never hides the others: the portfolio lists the
readable ones and names each unreadable one with its one-line reason (``unreadable``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from sixsigma.dmaic.models import BELT_LABELS, BELTS, PHASES, Project
from sixsigma.dmaic.tollgate import ProjectEvidence, check_deliverable
from sixsigma.errors import unknown
from sixsigma.results import ResultMixin, jsonable

STAGES = (*PHASES, "closed")


def phase_start(project: Project, phase: str) -> dt.date | None:
    """When a phase started: its own start, else the previous tollgate's pass (the first
    phase: the project's creation); None for a phase not started yet."""
    names = [p.name for p in project.phases]
    i = names.index(phase)
    p = project.phases[i]
    if p.start is not None:
        return p.start
    if i == 0:
        return project.created
    prev = project.phases[i - 1].tollgate
    return prev.passed if prev is not None else None


def health(project: Project, today: dt.date) -> str:
    """on track / overdue / closed / on_hold / cancelled (see the module docstring)."""
    if project.status in ("on_hold", "cancelled"):
        return project.status
    phase = project.current_phase
    if phase == "closed" or project.status == "closed":
        return "closed"
    due = project.phase(phase).due
    return "overdue" if due is not None and due < today else "on track"


@dataclass(frozen=True)
class ProjectStatus(ResultMixin):
    """Phase, days in phase, each phase's dates and tollgate, every deliverable's evidence."""

    project: str
    title: str
    leader: str
    belt: str
    phase: str
    health: str
    days_in_phase: int | None
    phase_due: dt.date | None
    phases: pd.DataFrame  # phase, start, due, passed
    deliverables: pd.DataFrame  # phase, id, name, check, done, evidence

    def summary(self) -> str:
        lines = [f"{self.title} ({self.project}) — {BELT_LABELS.get(self.belt, self.belt)} project"
                 + (f" led by {self.leader}" if self.leader else "")]
        if self.phase == "closed":
            lines.append("Phase: closed (every tollgate passed).")
        else:
            due = f", due {self.phase_due}" if self.phase_due else ""
            days = f", {self.days_in_phase} days in phase" if self.days_in_phase is not None else ""
            lines.append(f"Phase: {self.phase}{days}{due} — {self.health}.")
        for ph in self.phases.itertuples(index=False):
            d = self.deliverables[self.deliverables["phase"] == ph.phase]
            done = int(d["done"].sum())
            gate = f"tollgate passed {ph.passed}" if ph.passed is not None else "tollgate open"
            lines.append(f"  {ph.phase:<8} {done}/{len(d)} deliverables, {gate}")
            for r in d.itertuples(index=False):
                if not r.done or ph.phase == self.phase:
                    lines.append(f"    [{'x' if r.done else ' '}] {r.name}: {r.evidence}")
        return "\n".join(lines)

    def to_dict(self) -> dict:
        return jsonable({k: getattr(self, k) for k in (
            "project", "title", "leader", "belt", "phase", "health", "days_in_phase", "phase_due",
            "phases", "deliverables")})


def project_status(project: Project, project_id: str, today: dt.date | None = None,
                   evidence: ProjectEvidence | None = None) -> ProjectStatus:
    """Where a project stands, with every deliverable checked against the evidence."""
    today = today or dt.date.today()
    ev = evidence or ProjectEvidence(project_id)
    phase = project.current_phase
    rows, deliverables = [], []
    for p in project.phases:
        rows.append({"phase": p.name, "start": phase_start(project, p.name), "due": p.due,
                     "passed": p.tollgate.passed if p.tollgate else None})
        for d in p.deliverables:
            ok, msg = check_deliverable(project, d, ev)
            deliverables.append({"phase": p.name, "id": d.id, "name": d.name, "check": d.check,
                                 "done": ok, "evidence": msg})
    started = None if phase == "closed" else phase_start(project, phase)
    days = None if started is None else (today - started).days
    return ProjectStatus(
        project=project_id, title=project.title, leader=project.leader, belt=project.belt,
        phase=phase, health=health(project, today), days_in_phase=days,
        phase_due=None if phase == "closed" else project.phase(phase).due,
        phases=pd.DataFrame(rows, columns=["phase", "start", "due", "passed"]),
        deliverables=pd.DataFrame(deliverables, columns=["phase", "id", "name", "check", "done", "evidence"]),
    )


@dataclass(frozen=True)
class Portfolio(ResultMixin):
    """Every project in one table, and counts by phase and by belt level."""

    projects: pd.DataFrame  # id, title, leader, belt, phase, metric, baseline, current, change_pct, status
    by_phase: pd.DataFrame  # phase, projects, on_track, overdue
    by_belt: pd.DataFrame  # belt, projects, active, closed
    improved: int = 0  # projects whose result is significant and in the goal's direction
    unreadable: pd.DataFrame | None = None  # id, problem: project folders whose record cannot be read

    def summary(self) -> str:
        broken = self._broken_line()
        n = len(self.projects)
        if not n:
            return "\n".join(["No projects (create one with `sixsigma project new TITLE --metric M`).",
                              *([broken] if broken else [])])
        active = int((~self.projects["status"].isin(["closed", "cancelled"])).sum())
        overdue = int((self.projects["status"] == "overdue").sum())
        phases = ", ".join(f"{r.phase} {r.projects}" for r in self.by_phase.itertuples(index=False) if r.projects)
        belts = ", ".join(f"{BELT_LABELS[r.belt].lower()} {r.projects}" for r in self.by_belt.itertuples(index=False)
                          if r.projects)
        measured = int(self.projects["change_pct"].notna().sum())
        lines = [f"{n} project{'s' if n > 1 else ''}: {active} active ({overdue} overdue). By phase: {phases}. "
                 f"By belt: {belts}."]
        if measured:
            lines.append(f"{measured} with a measured result, {self.improved} of them a significant "
                         "improvement in the goal's direction.")
        if broken:
            lines.append(broken)
        return "\n".join(lines)

    def _broken_line(self) -> str:
        bad = self.unreadable
        if bad is None or not len(bad):
            return ""
        k = len(bad)
        return (f"{k} project{'s' if k > 1 else ''} could not be read and {'are' if k > 1 else 'is'} left out: "
                f"{', '.join(bad['id'])} (fix the file{'s' if k > 1 else ''}; see the reason"
                f"{'s' if k > 1 else ''} listed).")

    def to_dict(self) -> dict:
        unreadable = self.unreadable if self.unreadable is not None else pd.DataFrame(columns=UNREADABLE)
        return jsonable({"projects": self.projects, "by_phase": self.by_phase, "by_belt": self.by_belt,
                         "improved": self.improved, "unreadable": unreadable, "summary": self.summary()})


COLUMNS = ["id", "title", "leader", "belt", "phase", "metric", "baseline", "current", "change_pct", "status"]
UNREADABLE = ["id", "problem"]


def portfolio(projects: dict[str, Project], phase: str | None = None, belt: str | None = None,
              today: dt.date | None = None, unreadable: dict[str, str] | None = None) -> Portfolio:
    """The portfolio table (optionally only one phase / belt) and its summary by phase and belt.

    ``unreadable`` ({id: reason}, from :func:`sixsigma.dmaic.store.scan_projects`) names the
    projects that could not be read; they are listed whatever the phase/belt filter.
    """
    today = today or dt.date.today()
    if phase is not None and phase not in STAGES:
        raise unknown("phase", phase, STAGES)
    if belt is not None and belt not in BELTS:
        raise unknown("belt", belt, BELTS)
    rows, improved = [], set()
    for pid, p in sorted(projects.items()):
        r = p.result
        if r is not None and r.test.significant and (r.change_pct < 0) == (p.charter.goal.better == "down"):
            improved.add(pid)
        base = p.baseline.value if p.baseline is not None else p.charter.goal.baseline
        rows.append({
            "id": pid, "title": p.title, "leader": p.leader, "belt": p.belt, "phase": p.current_phase,
            "metric": p.metric, "baseline": base, "current": p.result.value if p.result else None,
            "change_pct": p.result.change_pct if p.result else None, "status": health(p, today),
        })
    df = pd.DataFrame(rows, columns=COLUMNS)
    df["change_pct"] = df["change_pct"].astype(float)
    if phase is not None:
        df = df[df["phase"] == phase]
    if belt is not None:
        df = df[df["belt"] == belt]
    df = df.reset_index(drop=True)
    by_phase = pd.DataFrame([
        {"phase": s, "projects": int((df["phase"] == s).sum()),
         "on_track": int(((df["phase"] == s) & (df["status"] == "on track")).sum()),
         "overdue": int(((df["phase"] == s) & (df["status"] == "overdue")).sum())} for s in STAGES])
    by_belt = pd.DataFrame([
        {"belt": b, "projects": int((df["belt"] == b).sum()),
         "active": int(((df["belt"] == b) & ~df["status"].isin(["closed", "cancelled"])).sum()),
         "closed": int(((df["belt"] == b) & (df["status"] == "closed")).sum())} for b in BELTS])
    bad = pd.DataFrame(sorted((unreadable or {}).items()), columns=UNREADABLE)
    return Portfolio(projects=df, by_phase=by_phase, by_belt=by_belt, improved=len(improved & set(df["id"])),
                     unreadable=bad)
