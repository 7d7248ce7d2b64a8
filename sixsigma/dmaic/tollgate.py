"""Tollgates: each phase's deliverables checked against the evidence the project holds.

A deliverable's ``check`` names the evidence (see :data:`sixsigma.dmaic.models.CHECKS`):
Measure fails without a computed baseline (and, for ``capability``, without capability
against the goal's target); Analyze without at least one cause verified with data in the
project's fishbone (read through :mod:`sixsigma.rootcause`); Improve without a before/after
result that is significant and in the goal's direction; Control without a complete control
plan and a post-change control chart free of special-cause signals. ``manual`` deliverables
pass when ticked (``done: true``) with the evidence written down.

Any phase's checklist can be checked at any time (``project status`` shows every open gate),
but tollgates pass in order: Measure cannot pass while Define has not, and so on
(:func:`require_earlier_passed`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from sixsigma.dmaic.models import PHASES, Deliverable, Project, TollgateRecord
from sixsigma.errors import InputError, RecordError, SixSigmaError, unknown
from sixsigma.results import ResultMixin, fmt_p, jsonable


class TollgateFailed(SixSigmaError):
    """A tollgate's deliverables are not all backed by evidence (exit status 1)."""

    exit_code = 1


@dataclass
class ProjectEvidence:
    """What the checks read beyond project.yaml: the root-cause records, loaded once on demand."""

    project_id: str
    _records: object = None
    _error: str | None = None
    _loaded: bool = False

    def records(self):
        """The project's root-cause records (None when they cannot be read; ``error`` says why)."""
        if not self._loaded:
            self._loaded = True
            from sixsigma.rootcause import load_project as load_records

            try:
                self._records = load_records(self.project_id)
            except RecordError as exc:  # one line for a checklist: the first problem, and how many more
                head, probs = str(exc).splitlines()[0], exc.problems
                if len(probs) > 1:
                    head = (f"{head.rstrip(':')}: {probs[0]} (and {len(probs) - 1} more; "
                            f"`sixsigma rootcause list {self.project_id}` lists them all)")
                self._error = head
        return self._records

    @property
    def error(self) -> str | None:
        self.records()
        return self._error


def _join(items: list[str]) -> str:
    return ", ".join(items)


def _charter(p: Project, ev: ProjectEvidence) -> tuple[bool, str]:
    c, g = p.charter, p.charter.goal
    missing = [name for name, ok in (
        ("problem statement", c.problem.strip()), ("business case", c.business_case.strip()),
        ("goal target", g.target is not None), ("goal due date", g.due is not None),
        ("a team member with role: leader", c.leader is not None),
        ("sponsor", c.sponsor.strip()), ("champion", c.champion.strip())) if not ok]
    if missing:
        return False, f"charter is missing: {_join(missing)}"
    return True, (f"goal {g.metric} {'down' if g.better == 'down' else 'up'} to {g.target:g} by {g.due}; "
                  f"leader {c.leader.name}, sponsor {c.sponsor}, champion {c.champion}")


def _sipoc(p: Project, ev: ProjectEvidence) -> tuple[bool, str]:
    s = p.sipoc
    parts = {"suppliers": s.suppliers, "inputs": s.inputs, "process steps": s.process,
             "outputs": s.outputs, "customers": s.customers}
    missing = [k for k, v in parts.items() if not v]
    if missing:
        return False, f"SIPOC has no {_join(missing)}"
    return True, _join(f"{len(v)} {k}" for k, v in parts.items())


def _voc(p: Project, ev: ProjectEvidence) -> tuple[bool, str]:
    if not p.voc:
        return False, "no voice-of-the-customer notes (add voc: entries with source and note)"
    sources = sorted({v.source for v in p.voc})
    return True, f"{len(p.voc)} note{'s' if len(p.voc) > 1 else ''} from {_join(sources)}"


def _data_collection(p: Project, ev: ProjectEvidence) -> tuple[bool, str]:
    d = p.data_collection
    missing = [k for k, v in (("operational_definition", d.operational_definition.strip()),
                              ("source", d.source.strip()), ("owner", d.owner.strip())) if not v]
    if missing:
        return False, f"data collection plan is missing: {_join(missing)}"
    return True, f"{p.metric} per {d.grain} from the {d.source}, owner {d.owner}"


def _baseline(p: Project, ev: ProjectEvidence) -> tuple[bool, str]:
    b = p.baseline
    if b is None:
        return False, f"no baseline computed; run `sixsigma project baseline {ev.project_id}`"
    if p.rounds and b.window.end > p.rounds[0].date:
        return False, (f"the baseline window {b.window.label()} runs past the first round "
                       f"({p.rounds[0].date}); recompute it with a window before the change")
    return True, (f"baseline {b.value:.4g} ({b.confidence:.0%} CI {b.ci[0]:.4g} to {b.ci[1]:.4g}) "
                  f"over {b.window.label()}, {b.n} {b.chart.grain}s")


def _capability(p: Project, ev: ProjectEvidence) -> tuple[bool, str]:
    b, target = p.baseline, p.charter.goal.target
    if b is None:
        return False, f"no baseline computed, so no capability; run `sixsigma project baseline {ev.project_id}`"
    if b.capability is None:
        return False, (f"no capability against the goal: set charter.goal.target and run "
                       f"`sixsigma project baseline {ev.project_id}`")
    c = b.capability
    if target is not None and c.limit != target:
        return False, (f"capability was computed against {c.limit:g} but the target is now {target:g}; "
                       f"run `sixsigma project baseline {ev.project_id}` again")
    ppk = "n/a" if c.ppk is None else f"{c.ppk:.2f}"
    return True, f"Ppk {ppk} against {c.spec.upper()} {c.limit:g} (observed {c.ppm_observed or 0:,.0f} ppm beyond)"


def _fishbone(p: Project, ev: ProjectEvidence) -> tuple[bool, str]:
    rec = ev.records()
    if rec is None:
        return False, ev.error or "the project's root-cause records could not be read"
    fb = rec.fishbone
    if fb is None or not fb.causes:
        return False, "no fishbone causes (fishbone.yaml); add them with `sixsigma rootcause add`"
    extra = ""
    if rec.ipo is not None:
        xs = sum(len(s.inputs) for s in rec.ipo.steps)
        extra = f"; IPO of {len(rec.ipo.steps)} steps with {xs} inputs"
    return True, f"fishbone with {len(fb.causes)} causes in {len({fb.category_of(c.id) for c in fb.causes})} categories{extra}"


def _verified_cause(p: Project, ev: ProjectEvidence) -> tuple[bool, str]:
    rec = ev.records()
    if rec is None:
        return False, ev.error or "the project's root-cause records could not be read"
    fb = rec.fishbone
    causes = fb.causes if fb is not None else []
    verified = [c for c in causes if c.status == "verified"
                and any(e.outcome == "verified" for e in c.evidence)]
    if not verified:
        return False, ("no cause verified with data in fishbone.yaml; verify one with "
                       "`sixsigma rootcause verify`")
    parts = []
    for c in verified:
        e = next(e for e in reversed(c.evidence) if e.outcome == "verified")
        parts.append(f"{c.id} ({e.test}{', ' + fmt_p(e.p_value) if e.p_value is not None else ''})")
    n = len(verified)
    return True, f"{n} cause{'s' if n > 1 else ''} verified with data: {'; '.join(parts)}"


def _rounds(p: Project, ev: ProjectEvidence) -> tuple[bool, str]:
    if not p.rounds:
        return False, "no improvement rounds (add rounds: {date, change, owner})"
    missing = [str(i + 1) for i, r in enumerate(p.rounds) if not r.owner.strip()]
    if missing:
        return False, f"round{'s' if len(missing) > 1 else ''} {_join(missing)} without an owner"
    n = len(p.rounds)
    if n == 1:
        return True, f"1 round, on {p.rounds[0].date}"
    return True, f"{n} rounds, {p.rounds[0].date} to {p.rounds[-1].date}"


def _before_after(p: Project, ev: ProjectEvidence) -> tuple[bool, str]:
    r = p.result
    if r is None:
        return False, f"no before/after result; run `sixsigma project result {ev.project_id}`"
    t = r.test
    pv = fmt_p(t.p_value)
    if not t.significant:
        return False, f"{t.test}: not significant ({pv}, alpha {t.alpha:g})"
    better = p.charter.goal.better
    good = r.change_pct < 0 if better == "down" else r.change_pct > 0
    if not good:
        return False, f"{t.test}: significant but {r.change_pct:+.1f}%, against the goal's direction ({better})"
    return True, (f"{t.test}: {r.before:.4g} -> {r.value:.4g} (before {r.baseline_window.label()}, after "
                  f"{r.window.label()}): change {r.change_pct:+.1f}% ({r.confidence:.0%} CI "
                  f"{r.change_pct_ci[0]:+.1f}% to {r.change_pct_ci[1]:+.1f}%), {pv}")


def _control_plan(p: Project, ev: ProjectEvidence) -> tuple[bool, str]:
    if not p.control_plan:
        return False, "no control plan (add control_plan: items with what, chart, limits, reaction, owner)"
    complete = [i for i in p.control_plan if all(x.strip() for x in (i.what, i.chart, i.limits, i.reaction, i.owner))]
    if not complete:
        return False, "no control plan item has all of what, chart, limits, reaction and owner"
    return True, f"{len(complete)} complete item{'s' if len(complete) > 1 else ''}: {_join(i.what for i in complete)}"


def _stable_chart(p: Project, ev: ProjectEvidence) -> tuple[bool, str]:
    r = p.result
    if r is None:
        return False, f"no post-change chart; run `sixsigma project result {ev.project_id}`"
    c = r.post_change
    if not c.stable:
        return False, f"the post-change {c.chart} chart has {c.signals} point(s) with a special-cause signal"
    return True, f"post-change {c.chart} chart stable: {c.points} {c.grain}s, centre {c.center:.4g}, no signal"


def _manual(p: Project, ev: ProjectEvidence, d: Deliverable | None = None) -> tuple[bool, str]:
    if d is not None and d.done:
        return True, d.evidence or "ticked done"
    return False, "not done (set done: true and write the evidence)"


CHECKERS: dict[str, Callable[[Project, ProjectEvidence], tuple[bool, str]]] = {
    "charter": _charter, "sipoc": _sipoc, "voc": _voc, "data_collection": _data_collection,
    "baseline": _baseline, "capability": _capability, "fishbone": _fishbone,
    "verified_cause": _verified_cause, "rounds": _rounds, "before_after": _before_after,
    "control_plan": _control_plan, "stable_chart": _stable_chart,
}


def check_deliverable(project: Project, d: Deliverable, evidence: ProjectEvidence) -> tuple[bool, str]:
    """(done, what the evidence says) for one deliverable."""
    if d.check == "manual":
        return _manual(project, evidence, d)
    return CHECKERS[d.check](project, evidence)


@dataclass(frozen=True)
class TollgateResult(ResultMixin):
    """A phase's checklist: one row per deliverable (id, name, check, done, evidence)."""

    project: str
    phase: str
    items: pd.DataFrame
    passed_on: dt.date | None = None  # set when the pass was recorded

    @property
    def passed(self) -> bool:
        return bool(self.items["done"].all()) if len(self.items) else True

    @property
    def missing(self) -> pd.DataFrame:
        return self.items[~self.items["done"]]

    def summary(self) -> str:
        head = (f"{self.phase.capitalize()} tollgate of {self.project}: "
                + (f"passed{f' on {self.passed_on}' if self.passed_on else ''}" if self.passed
                   else f"not passed ({len(self.missing)} of {len(self.items)} deliverables missing)"))
        lines = [head]
        for r in self.items.itertuples(index=False):
            lines.append(f"  [{'x' if r.done else ' '}] {r.name}: {r.evidence}")
        return "\n".join(lines)

    def to_dict(self) -> dict:
        return jsonable({"project": self.project, "phase": self.phase, "passed": self.passed,
                         "passed_on": self.passed_on, "deliverables": self.items})

    def failure(self) -> TollgateFailed:
        """The one-line error naming every missing deliverable and what is missing."""
        parts = "; ".join(f"{r.name}: {r.evidence}" for r in self.missing.itertuples(index=False))
        return TollgateFailed(f"{self.phase} tollgate of {self.project} not passed — {parts}")


def check_phase(project: Project, project_id: str, phase: str,
                evidence: ProjectEvidence | None = None) -> TollgateResult:
    """Check every deliverable of a phase against the evidence."""
    phase = phase.lower()
    if phase not in PHASES:
        raise unknown("phase", phase, PHASES)
    evidence = evidence or ProjectEvidence(project_id)
    rows = []
    for d in project.phase(phase).deliverables:
        ok, msg = check_deliverable(project, d, evidence)
        rows.append({"id": d.id, "name": d.name, "check": d.check, "done": ok, "evidence": msg})
    items = pd.DataFrame(rows, columns=["id", "name", "check", "done", "evidence"]).astype({"done": bool})
    return TollgateResult(project=project_id, phase=phase, items=items)


def require_earlier_passed(project: Project, project_id: str, phase: str) -> None:
    """Refuse a tollgate while an earlier phase's tollgate has not passed (DMAIC goes in order)."""
    names = [q.name for q in project.phases]
    if phase not in names:
        raise unknown("phase", phase, names)
    open_ = [p.name for p in project.phases[: names.index(phase)] if p.tollgate is None]
    if open_:
        first = open_[0]
        raise InputError(
            f"the {first} tollgate of {project_id} has not passed; tollgates pass in order "
            f"({' -> '.join(names)}): pass {first} first with "
            f"`sixsigma project tollgate {project_id} {first}`")


def pass_tollgate(project: Project, project_id: str, phase: str, on: dt.date | None = None,
                  by: str | None = None) -> tuple[TollgateResult, Project]:
    """Check a phase; when every deliverable holds, record the pass (date, evidence).

    Returns the checklist and the updated project (the next phase starts on the pass date
    unless it already has a start). Raises :class:`TollgateFailed` naming what is missing, and
    :class:`InputError` while an earlier phase's tollgate has not passed.
    """
    on = on or dt.date.today()
    phase = phase.lower()
    require_earlier_passed(project, project_id, phase)
    names = [q.name for q in project.phases]
    earlier = [p for p in project.phases[: names.index(phase) if phase in names else 0]
               if p.tollgate is not None and p.tollgate.passed > on]
    if earlier:
        raise InputError(f"the {earlier[-1].name} tollgate passed on {earlier[-1].tollgate.passed}, "
                         f"after {on}; a later phase cannot pass first (give --date)")
    res = check_phase(project, project_id, phase)
    if not res.passed:
        raise res.failure()
    record = TollgateRecord(passed=on, by=by,
                            evidence=[f"{r.id}: {r.evidence}" for r in res.items.itertuples(index=False)])
    phases = []
    nxt = names.index(res.phase) + 1
    for i, p in enumerate(project.phases):
        if p.name == res.phase:
            p = p.model_copy(update={"tollgate": record})
        elif i == nxt and p.start is None:
            p = p.model_copy(update={"start": on})
        phases.append(p)
    updated = project.model_copy(update={"phases": phases})
    if all(p.tollgate is not None for p in phases) and updated.status == "active":
        updated = updated.model_copy(update={"status": "closed"})
    return TollgateResult(project_id, res.phase, res.items, passed_on=on), updated
