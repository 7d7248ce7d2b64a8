"""A DMAIC project as pydantic models: charter, SIPOC, VOC, phases, rounds, control plan.

One ``project.yaml`` per project folder holds a :class:`Project`. The fields people write
(charter, SIPOC, voice of the customer, data collection plan, phases with their deliverables,
improvement rounds, control plan) sit next to what the toolkit computed and recorded
(:class:`Baseline`, :class:`Result`, :class:`TollgateRecord`). Unknown keys are errors, so a
typo never vanishes silently. Date windows are half-open ``[start, end)`` like every window
in sixsigma.

The belt ladder is the center's (DOMAIN.md): associate blue < blue < associate green <
green < black < master black.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, field_validator

from sixsigma.catalog import active
from sixsigma.records import RecordModel, Window
from sixsigma.records import as_list as _as_list

#: The belt ladder, lowest first.
BELTS = ("associate_blue", "blue", "associate_green", "green", "black", "master_black")
BELT_LABELS = {
    "associate_blue": "Associate blue belt",
    "blue": "Blue belt",
    "associate_green": "Associate green belt",
    "green": "Green belt",
    "black": "Black belt",
    "master_black": "Master black belt",
}
Belt = Literal["associate_blue", "blue", "associate_green", "green", "black", "master_black"]

PHASES = ("define", "measure", "analyze", "improve", "control")
PhaseName = Literal["define", "measure", "analyze", "improve", "control"]

#: What a deliverable's tollgate check looks at (see :mod:`sixsigma.dmaic.tollgate`).
CHECKS = {
    "charter": "problem, business case, goal (metric, target, due), leader, sponsor, champion",
    "sipoc": "suppliers, inputs, process steps, outputs and customers all listed",
    "voc": "at least one voice-of-the-customer note",
    "data_collection": "operational definition, grain, source and owner of the data",
    "baseline": "a baseline computed from the warehouse (`sixsigma project baseline`)",
    "capability": "capability of the baseline against the goal's target",
    "fishbone": "a fishbone (fishbone.yaml) with potential causes",
    "verified_cause": "at least one cause verified with data in fishbone.yaml",
    "rounds": "at least one improvement round (date, change, owner)",
    "before_after": "a significant before/after result in the goal's direction (`sixsigma project result`)",
    "control_plan": "a control plan item with what, chart, limits, reaction plan and owner",
    "stable_chart": "a post-change control chart with no special-cause signal",
    "manual": "ticked by hand (done: true) with the evidence written down",
}
CheckKind = Literal[
    "charter", "sipoc", "voc", "data_collection", "baseline", "capability", "fishbone",
    "verified_cause", "rounds", "before_after", "control_plan", "stable_chart", "manual",
]
STATUSES = ("active", "on_hold", "closed", "cancelled")

Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_\-]*$", max_length=60)]
Text = Annotated[str, Field(max_length=4000)]


def belt_rank(belt: str | None) -> int:
    """Position on the ladder (0 = associate blue); -1 for no belt."""
    return BELTS.index(belt) if belt in BELTS else -1


class Record(RecordModel):
    """Base of every project model: unknown keys are errors."""


def _check_filters(value: dict[str, list[str]]) -> dict[str, list[str]]:
    dims = active().dimensions
    bad = [d for d in value if d not in dims]
    if bad:
        raise ValueError(f"unknown dimension {bad[0]!r}; valid dimensions are: {', '.join(dims)}")
    return value


def _check_metric(value: str | None) -> str | None:
    metrics = active().metrics
    if value is not None and value not in metrics:
        raise ValueError(f"unknown metric {value!r}; valid metrics are: {', '.join(sorted(metrics))}")
    return value


# -- what people write ------------------------------------------------------------------------
class Goal(Record):
    """The Y and where it should go: metric (+ filters), baseline, target, direction, due date.

    ``direction`` defaults to the metric's better direction in the catalog.
    """

    metric: str
    filters: dict[str, list[str]] = Field(default_factory=dict)
    direction: Literal["up", "down"] | None = None
    baseline: float | None = None
    target: float | None = None
    due: dt.date | None = None

    _filters_list = field_validator("filters", mode="before")(_as_list)
    _filters_ok = field_validator("filters")(_check_filters)
    _metric_ok = field_validator("metric")(_check_metric)

    @property
    def better(self) -> str:
        return self.direction or active().metric(self.metric).better


class CTQ(Record):
    """A critical-to-quality requirement: the customer need and the measurable requirement."""

    name: Text
    requirement: Text = ""
    metric: str | None = None

    _metric_ok = field_validator("metric")(_check_metric)


class TeamMember(Record):
    """A person on the team, with their role (``leader`` leads) and belt, if any."""

    name: str = Field(min_length=1)
    role: str = "member"
    belt: Belt | None = None
    department: str | None = None


class Charter(Record):
    problem: Text = ""
    business_case: Text = ""
    goal: Goal
    in_scope: list[Text] = Field(default_factory=list)
    out_of_scope: list[Text] = Field(default_factory=list)
    ctqs: list[CTQ] = Field(default_factory=list)
    team: list[TeamMember] = Field(default_factory=list)
    sponsor: str = ""
    champion: str = ""

    @property
    def leader(self) -> TeamMember | None:
        return next((m for m in self.team if m.role == "leader"), None)


class SIPOC(Record):
    suppliers: list[Text] = Field(default_factory=list)
    inputs: list[Text] = Field(default_factory=list)
    process: list[Text] = Field(default_factory=list)
    outputs: list[Text] = Field(default_factory=list)
    customers: list[Text] = Field(default_factory=list)


class VOC(Record):
    """One voice-of-the-customer note: where it came from, what was heard, the CTQ it feeds."""

    source: str
    note: Text
    count: int | None = Field(None, ge=0)
    ctq: str | None = None
    date: dt.date | None = None


class DataCollection(Record):
    """The data collection plan: how the Y is measured, over which windows, by whom.

    ``baseline_window`` / ``result_window`` override the defaults (the three full months
    before the first round, and the three full months after the last one).
    """

    operational_definition: Text = ""
    source: str = "warehouse"
    grain: Literal["day", "week", "month"] = "day"
    sampling: Text = ""
    owner: str = ""
    baseline_window: Window | None = None
    result_window: Window | None = None


class Deliverable(Record):
    """One item of a phase's tollgate checklist; ``check`` says what evidence proves it."""

    id: Id
    name: str
    check: CheckKind = "manual"
    done: bool | None = None  # manual deliverables only
    evidence: Text | None = None  # manual deliverables: where the evidence is


class TollgateRecord(Record):
    """A passed tollgate: the date and the evidence each deliverable was passed on."""

    passed: dt.date
    by: str | None = None
    evidence: list[Text] = Field(default_factory=list)


class Phase(Record):
    name: PhaseName
    start: dt.date | None = None
    due: dt.date | None = None
    deliverables: list[Deliverable] = Field(default_factory=list)
    tollgate: TollgateRecord | None = None


class Round(Record):
    """An improvement round: when the change went live, what changed, who owns it."""

    date: dt.date
    change: Text
    owner: str = ""
    note: Text | None = None


class ControlPlanItem(Record):
    """What is monitored, on which chart, with which limits, who reacts and how."""

    what: Text
    metric: str | None = None
    filters: dict[str, list[str]] = Field(default_factory=dict)
    chart: str = ""
    limits: Text = ""
    frequency: str = ""
    reaction: Text = ""
    owner: str = ""

    _filters_list = field_validator("filters", mode="before")(_as_list)
    _filters_ok = field_validator("filters")(_check_filters)
    _metric_ok = field_validator("metric")(_check_metric)

    @field_validator("chart")
    @classmethod
    def _chart_ok(cls, value: str) -> str:
        from sixsigma.spc import CHART_TYPES

        if value and value not in CHART_TYPES:
            raise ValueError(f"unknown chart {value!r}; valid charts are: {', '.join(CHART_TYPES)}")
        return value


# -- what the toolkit computes and records ----------------------------------------------------
class StageRecord(Record):
    name: str
    first: dt.date
    last: dt.date
    points: int
    center: float
    signals: int


class ChartRecord(Record):
    """The control chart a baseline or result was judged on, in a few numbers."""

    chart: str
    grain: str
    points: int
    center: float
    lcl: float | None = None
    ucl: float | None = None
    signals: int
    stable: bool
    stages: list[StageRecord] | None = None  # staged charts only


class CapabilityRecord(Record):
    """Capability of the baseline against the goal's target (a one-sided spec limit)."""

    spec: Literal["lsl", "usl"]
    limit: float
    mean: float
    sigma_within: float | None = None
    sigma_overall: float | None = None
    cpk: float | None = None
    ppk: float | None = None
    ppm_observed: float | None = None
    ppm_overall: float | None = None


class PlainTestRecord(Record):
    """The plain exact test on the summed totals, kept beside a robust before/after test."""

    __test__ = False

    test: str
    p_value: float | None = None
    estimate: float | None = None
    ci: list[float | None] | None = None


class TestRecord(Record):
    """The before/after hypothesis test as computed."""

    __test__ = False  # not a pytest class

    test: str
    alternative: str
    statistic: float | None = None
    p_value: float | None = None
    estimate: float | None = None
    ci: list[float | None] | None = None
    alpha: float = 0.05
    significant: bool
    reason: str | None = None  # why this test (e.g. the dispersion it allows for)
    dispersion: float | None = None  # the quasi-likelihood tests' phi
    plain: PlainTestRecord | None = None  # what the exact test on the summed totals said


class Baseline(Record):
    """The baseline as computed: value with its CI over the window, chart, capability."""

    computed: dt.date
    window: Window
    value: float
    ci: list[float]
    confidence: float = 0.95
    interval: str = ""
    n: int  # periods (days) in the window
    numerator: float
    denominator: float
    chart: ChartRecord
    capability: CapabilityRecord | None = None


class Result(Record):
    """The improvement as computed: after-value, before/after test, % change with its CI."""

    computed: dt.date
    window: Window
    baseline_window: Window
    value: float
    ci: list[float]
    confidence: float = 0.95
    interval: str = ""
    n: int
    numerator: float
    denominator: float
    before: float
    change_pct: float
    change_pct_ci: list[float]
    test: TestRecord
    chart: ChartRecord  # the staged chart, rounds as stages
    post_change: ChartRecord  # the last stage on its own limits: is the new process stable?


class Project(Record):
    """A DMAIC project record (``projects/<id>/project.yaml``)."""

    title: str = Field(min_length=1, max_length=200)
    belt: Belt
    status: Literal["active", "on_hold", "closed", "cancelled"] = "active"
    template: str = "dmaic"
    created: dt.date
    charter: Charter
    sipoc: SIPOC = Field(default_factory=SIPOC)
    voc: list[VOC] = Field(default_factory=list)
    data_collection: DataCollection = Field(default_factory=DataCollection)
    phases: list[Phase]
    rounds: list[Round] = Field(default_factory=list)
    control_plan: list[ControlPlanItem] = Field(default_factory=list)
    baseline: Baseline | None = None
    result: Result | None = None

    @property
    def leader(self) -> str:
        m = self.charter.leader
        return m.name if m else ""

    @property
    def metric(self) -> str:
        return self.charter.goal.metric

    def phase(self, name: str) -> Phase:
        from sixsigma.errors import unknown

        for p in self.phases:
            if p.name == name:
                return p
        raise unknown("phase", name, [p.name for p in self.phases])

    @property
    def current_phase(self) -> str:
        """The first phase whose tollgate has not passed ('closed' when all have)."""
        for p in self.phases:
            if p.tollgate is None:
                return p.name
        return "closed"


class TemplatePhase(Record):
    """A phase in a template: its planned length in days and its deliverables."""

    name: PhaseName
    days: int = Field(ge=1, le=730)
    deliverables: list[Deliverable] = Field(default_factory=list)


class TemplateInfo(Record):
    name: str
    description: str = ""


class TemplateCharter(Charter):
    """A template's charter: everything optional (``project new`` fills in the goal)."""

    goal: Goal | None = None


class Template(Record):
    """A project template: a project.yaml skeleton whose phases carry planned lengths."""

    template: TemplateInfo
    charter: TemplateCharter = Field(default_factory=TemplateCharter)
    sipoc: SIPOC = Field(default_factory=SIPOC)
    voc: list[VOC] = Field(default_factory=list)
    data_collection: DataCollection = Field(default_factory=DataCollection)
    phases: list[TemplatePhase]
    rounds: list[Round] = Field(default_factory=list)
    control_plan: list[ControlPlanItem] = Field(default_factory=list)


def cross_checks(data) -> list[tuple[tuple, str]]:
    """Checks spanning fields, on the raw data: (location, message) for every problem.

    Phases are the five DMAIC phases once each, in order; deliverable ids are unique;
    improvement rounds are in date order; tollgates pass in phase order.
    """
    out: list[tuple[tuple, str]] = []
    if not isinstance(data, dict):
        return out
    phases = data.get("phases")
    if isinstance(phases, list):
        names = [p.get("name") if isinstance(p, dict) else None for p in phases]
        known = [n for n in names if n in PHASES]
        for i, n in enumerate(names):
            if n in PHASES and names.index(n) != i:
                out.append((("phases", i, "name"), f"phase {n!r} is listed twice"))
        missing = [p for p in PHASES if p not in known]
        if missing:
            out.append((("phases",), f"missing phase{'s' if len(missing) > 1 else ''}: {', '.join(missing)} "
                        f"(a project has all five: {', '.join(PHASES)})"))
        elif known != sorted(set(known), key=PHASES.index) and len(set(known)) == len(known):
            out.append((("phases",), f"phases must be in DMAIC order: {', '.join(PHASES)}"))
        seen: dict[str, str] = {}
        last_pass, last_name = None, None
        for i, p in enumerate(phases):
            if not isinstance(p, dict):
                continue
            for j, d in enumerate(p.get("deliverables") or []):
                did = d.get("id") if isinstance(d, dict) else None
                if isinstance(did, str):
                    if did in seen:
                        out.append((("phases", i, "deliverables", j, "id"),
                                    f"deliverable id {did!r} is used twice (also in {seen[did]})"))
                    else:
                        seen[did] = str(p.get("name"))
            gate = p.get("tollgate")
            passed = gate.get("passed") if isinstance(gate, dict) else None
            if isinstance(passed, dt.date):
                if last_pass is not None and passed < last_pass:
                    out.append((("phases", i, "tollgate", "passed"),
                                f"tollgate passed {passed} before the {last_name} tollgate ({last_pass})"))
                last_pass, last_name = passed, p.get("name")
    rounds = data.get("rounds")
    if isinstance(rounds, list):
        dates = [r.get("date") if isinstance(r, dict) else None for r in rounds]
        for i in range(1, len(dates)):
            a, b = dates[i - 1], dates[i]
            if isinstance(a, dt.date) and isinstance(b, dt.date) and b <= a:
                out.append((("rounds", i, "date"),
                            f"round {i + 1} ({b}) is not after round {i} ({a}); list rounds in date order"))
    return out
