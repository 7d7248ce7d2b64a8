"""The monthly report's sections as plain functions: each returns DataFrames or result objects,
so an analyst can call any of them in a notebook and get the same numbers the report shows.

>>> from sixsigma.warehouse import Warehouse
>>> from sixsigma.reporting import sections as S
>>> from sixsigma.reporting.config import load_config
>>> cfg, period = load_config(), S.report_period("2025-10")
>>> with Warehouse("datasets/warehouse.duckdb", read_only=True) as wh:
...     changes = S.process_changes(wh, cfg)
...     slices = S.kpi_slices(wh, cfg, period, changes)
>>> S.scorecard(slices)             # one row per KPI x slice (business line)
>>> slices[1].monthly.signals       # the international-hotel manual-CPO chart's signals

Aggregation happens in DuckDB: one daily rollup of every KPI's numerator and denominator
(one grouped scan per source over the history, split by business line; months are sums of
the days, the daily charts its last days); the whole center ("all") is the sum of
the lines' numerators over the sum of their denominators, which is exactly the metric's
definition (every catalog metric is a ratio of sums).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np
import pandas as pd

from sixsigma.catalog import active
from sixsigma.errors import InputError, WarehouseError
from sixsigma.i18n import _, fmt_month, ngettext
from sixsigma.i18n import active as language
from sixsigma.i18n import label as i18n_label
from sixsigma.reporting.config import ALL, MonthlyConfig, text
from sixsigma.reporting.icons import Icons, icons
from sixsigma.reporting.words import phase as phase_label
from sixsigma.results import ResultMixin, jsonable
from sixsigma.rootcause.pareto import ParetoResult, pareto
from sixsigma.spc import ControlChart, metric_chart
from sixsigma.spc.kinds import LABELS as CHART_LABELS  # the charts' names (one table)
from sixsigma.warehouse import Warehouse
from sixsigma.warehouse import quality as Q

MIN_POINTS = 3  # fewer points than this: no chart


def slice_name() -> str:
    """What the report's slices are, e.g. "Business line" (the ``slice_by`` dimension's label)."""
    cat = active()
    return i18n_label(cat.dimensions[cat.slice_by].labels, cat.slice_by) if cat.slice_by else _("Slice")


def dim_label(name: str) -> str:
    """A dimension's label in the active language ("reason" -> "Contact reason" / "联络原因")."""
    d = active().dimensions.get(name)
    return i18n_label(d.labels, name) if d is not None else name


def line_label(line: str) -> str:
    """A slice's label: "Whole center" for ``all``, else the catalog's label of the value."""
    cat = active()
    if line == ALL:
        return _("Whole center")
    return cat.dimensions[cat.slice_by].value_label(line, language()) if cat.slice_by else line


# -- the period ------------------------------------------------------------------------------

@dataclass(frozen=True)
class ReportPeriod:
    """The report month and the windows of its charts (all ``[start, end)``)."""

    month: str  # "2025-10"
    start: dt.date
    end: dt.date
    prev_start: dt.date
    history_start: dt.date  # first month on the monthly charts
    daily_start: dt.date  # first day on the daily charts

    @property
    def label(self) -> str:
        return fmt_month(self.start)

    @property
    def prev_label(self) -> str:
        return fmt_month(self.prev_start)

    @property
    def days(self) -> int:
        return (self.end - self.start).days


def report_period(month: str, history_months: int = 36, daily_days: int = 90) -> ReportPeriod:
    """The period of a report on ``month`` ("YYYY-MM"): monthly charts over the
    ``history_months`` months ending with it, daily charts over its last ``daily_days`` days."""
    try:
        p = pd.Period(str(month).strip(), freq="M")
        if len(str(month).strip()) != 7:
            raise ValueError
    except (ValueError, TypeError):
        raise InputError(f"month {month!r} is not a month like 2025-10 (YYYY-MM)") from None
    start = p.start_time.date()
    end = (p + 1).start_time.date()
    return ReportPeriod(
        month=str(p), start=start, end=end, prev_start=(p - 1).start_time.date(),
        history_start=(p - (history_months - 1)).start_time.date(),
        daily_start=end - dt.timedelta(days=daily_days),
    )


# -- data --------------------------------------------------------------------------------------

def kpi_frames(wh: Warehouse, metric: str, period: ReportPeriod) -> dict[str, pd.DataFrame]:
    """{"month": ..., "day": ...}: the metric per period and business line, plus ``all`` rows.

    Columns: period, slice (a value of the catalog's ``slice_by`` dimension, or ``all``),
    numerator, denominator, value. See :func:`kpi_frames_all` (this is it for one metric).
    """
    return kpi_frames_all(wh, [metric], period)[wh.catalog.metric(metric).name]


def kpi_frames_all(wh: Warehouse, metrics, period: ReportPeriod) -> dict[str, dict[str, pd.DataFrame]]:
    """{metric: {"month": ..., "day": ...}} for several metrics from one daily rollup
    (:meth:`Warehouse.daily_rollup`: one grouped scan per source over the history window,
    split by the ``slice_by`` dimension); months are sums of the days, the daily frame the
    last ``daily_days`` of them. The ``all`` rows are each period's sum of the slices'
    numerators over the sum of their denominators (every catalog metric is a ratio of sums).
    """
    ms = [wh.catalog.metric(x) for x in dict.fromkeys(metrics)]
    groups: dict[str | None, list] = {}
    for m in ms:  # a metric its source cannot slice: the whole center only
        dim = wh.catalog.slice_by
        groups.setdefault(dim if dim is not None and dim in wh.catalog.sources[m.source].dims else None,
                          []).append(m)
    start = min(period.history_start, period.daily_start)
    out: dict[str, dict[str, pd.DataFrame]] = {m.name: {} for m in ms}
    for dim, group in groups.items():
        roll = wh.daily_rollup(group, by=[dim] if dim else [], start=start, end=period.end)
        for grain, lo in (("month", period.history_start), ("day", period.daily_start)):
            for name, df in roll.frames(grain, start=lo).items():
                out[name][grain] = _with_all(df, dim, wh.catalog.metric(name).scale)
    return out


def _with_all(df: pd.DataFrame, dim: str | None, scale: float) -> pd.DataFrame:
    if not dim:
        df.insert(1, "slice", ALL)
        return df
    df = df.rename(columns={dim: "slice"})
    tot = df.groupby("period", as_index=False)[["numerator", "denominator"]].sum()
    tot = tot[tot["denominator"] > 0]
    tot["value"] = scale * tot["numerator"] / tot["denominator"]
    tot.insert(1, "slice", ALL)
    return pd.concat([tot, df], ignore_index=True)


def slice_of(frame: pd.DataFrame, line: str) -> pd.DataFrame:
    """One slice's (or ``all``'s) rows of a :func:`kpi_frames` frame, in time order."""
    df = frame[frame["slice"] == line]
    return df.drop(columns="slice").sort_values("period").reset_index(drop=True)


def process_changes(wh: Warehouse, config: MonthlyConfig, projects: dict | None = None) -> pd.DataFrame:
    """Improvement rounds that changed a KPI slice: metric, slice, project, round,
    date, change, owner — from the warehouse tables the config names (the demo's
    ``improvement_rounds``) and from the DMAIC projects' records (their goal's metric; a
    business-line filter, or none for the whole center). The same round found in both (same
    project and date) is kept once."""
    cols = ["metric", "slice", "project", "round", "date", "change", "owner"]
    frames = []
    if config.rounds:
        table = Q.improvement_rounds(wh)
        for r in config.rounds:
            if len(table):
                frames.append(table.assign(metric=r.metric, slice=r.slice, project=r.project))
    for pid, p in (projects if projects is not None else load_projects()[0]).items():
        goal = p.charter.goal
        dim = wh.catalog.slice_by
        lines = goal.filters.get(dim, [])
        if set(goal.filters) - {dim} or len(lines) > 1 or not p.rounds:
            continue  # a sub-population: its rounds do not restage a whole KPI slice
        frames.append(pd.DataFrame({
            "metric": goal.metric, "slice": lines[0] if lines else ALL, "project": pid,
            "round": np.arange(1, len(p.rounds) + 1), "date": pd.to_datetime([r.date for r in p.rounds]),
            "change": [r.change for r in p.rounds], "owner": [r.owner for r in p.rounds],
        }))
    if not frames:
        return pd.DataFrame(columns=cols)
    df = pd.concat([f[cols] for f in frames], ignore_index=True)
    df["date"] = pd.to_datetime(df["date"])
    return df.drop_duplicates(["metric", "slice", "project", "date"]).sort_values(
        ["metric", "slice", "date"]).reset_index(drop=True)


def load_projects() -> tuple[dict, str]:
    """The DMAIC projects of the workspace ({id: Project}) and a note when they cannot be read."""
    from sixsigma.dmaic.store import scan_projects

    good, bad = scan_projects()  # one broken project never hides the others
    note = "; ".join(f"project {pid} could not be read: {why}" for pid, why in sorted(bad.items()))
    return good, note


# -- stages ----------------------------------------------------------------------------------

_STEP = {"day": pd.Timedelta(days=1), "week": pd.Timedelta(days=7)}


def stage_labels(periods, grain: str, changes: pd.DataFrame) -> tuple[np.ndarray | None, np.ndarray | None]:
    """Stage per point from improvement rounds, and the points to exclude from the limits.

    For each project (its rounds' first and last dates d1, dk) a period that ends on or
    before d1 is *before* it, one that starts on or after dk is *after* it, and one in
    between is *during its rounds*. A stage of one point cannot estimate limits: it joins the
    next stage (the previous one at the end) and is excluded from that stage's estimates, so
    a transition month neither gets limits of its own nor distorts its neighbours'. Returns
    (None, None) when the window holds a single stage.
    """
    ps = pd.to_datetime(pd.Series(periods)).reset_index(drop=True)
    n = len(ps)
    if n == 0 or changes is None or not len(changes):
        return None, None
    pe = ps + pd.offsets.MonthBegin(1) if grain == "month" else ps + _STEP[grain]
    windows = (changes.groupby("project")["date"].agg(["min", "max"]).sort_values("min"))
    single = len(windows) == 1
    label = np.full(n, "before", dtype=object)
    for pid, (d1, dk) in windows.iterrows():
        during = (pe > d1).to_numpy() & (ps < dk).to_numpy()
        after = (ps >= dk).to_numpy()
        label[during] = "rounds" if single else f"{pid}: rounds"
        label[after] = "after" if single else f"after {pid}"
    exclude = np.zeros(n, dtype=bool)
    while True:
        starts = np.flatnonzero(np.r_[True, label[1:] != label[:-1]])
        lengths = np.diff(np.r_[starts, n])
        if len(starts) == 1:
            return None, None
        short = np.flatnonzero(lengths < 2)
        if not len(short):
            return label, exclude
        i = short[0]
        a, b = starts[i], starts[i] + lengths[i]
        target = label[b] if i + 1 < len(starts) else label[a - 1]
        label[a:b] = target
        exclude[a:b] = True


# -- KPI charts ------------------------------------------------------------------------------

def kpi_chart(df: pd.DataFrame, metric: str, *, rules: str = "mdc", sigma: float = 3.0,
              stage=None, exclude=None, name: str | None = None, better: str | None = None) -> ControlChart:
    """The catalog's chart for a metric slice (period, numerator, denominator, value):
    Laney U' for rates per order, Laney P' for proportions, I-MR for means and scores."""
    m = active().metric(metric)
    return metric_chart(df, m.chart, scale=m.scale, stage=stage, exclude=exclude, tests=rules,
                        k=sigma, name=name or m.label, better=better or m.better)


@dataclass(frozen=True)
class KpiSlice(ResultMixin):
    """One scorecard row: a KPI on one business line this month, its charts and icons."""

    metric: str
    label: str
    slice: str
    unit: str
    better: str
    target: float | None
    month: str
    value: float | None
    previous: float | None
    monthly: ControlChart | None
    daily: ControlChart | None
    icons: Icons | None
    rounds: pd.DataFrame = field(default_factory=pd.DataFrame)
    notes: tuple[str, ...] = ()

    figure_builder: ClassVar[str] = "sixsigma.plots.report:kpi_slice_figure"

    @property
    def line_label(self) -> str:
        return line_label(self.slice)

    @property
    def change(self) -> float | None:
        """Relative change on last month (e.g. -0.05 = 5% lower)."""
        if self.value is None or self.previous is None or not self.previous:
            return None
        return (self.value - self.previous) / abs(self.previous)

    @property
    def key(self) -> str:
        return f"{self.metric}--{self.slice}"

    def signal_lines(self, grain: str = "month", limit: int = 6) -> list[str]:
        """The chart's signals in plain language: all of the monthly chart's, the latest
        ``limit`` of the daily chart's (with a count of those left out)."""
        chart = self.monthly if grain == "month" else self.daily
        if chart is None or chart.signals.empty:
            return []
        desc = chart.signals["description"].tolist()
        out = desc[-limit:] if grain == "day" else desc
        if grain == "day" and len(desc) > limit:
            out = [_("({n} earlier signals not listed)").format(n=len(desc) - limit)] + out
        return out

    def summary(self) -> str:
        head = f"{self.label}, {self.line_label}, {self.month}: "
        if self.value is None:
            return head + _("no data this month.")
        text = head + fmt_value(self.unit, self.value)
        if self.previous is not None:
            text += _(" ({change} on last month)").format(change=fmt_change(self.unit, self.value, self.previous))
        if self.target is not None:
            text += _("; target {target}").format(target=fmt_value(self.unit, self.target))
        text += _(".")
        if self.icons is not None:
            text += " " + self.icons.summary()
        for note in self.notes:
            text += _(" Note: {note}").format(note=note)
        return text

    def to_dict(self) -> dict:
        return jsonable({
            "metric": self.metric, "label": self.label, "slice": self.slice,
            "unit": self.unit, "better": self.better, "target": self.target, "month": self.month,
            "value": self.value, "previous": self.previous, "change": self.change,
            "icons": None if self.icons is None else self.icons.to_dict(),
            "monthly_signals": self.signal_lines("month"), "daily_signals": self.signal_lines("day", 50),
            "monthly": None if self.monthly is None else self.monthly.to_dict(),
            "notes": list(self.notes), "summary": self.summary(),
        })


def kpi_slices(wh: Warehouse, config: MonthlyConfig, period: ReportPeriod,
               changes: pd.DataFrame | None = None, progress=None) -> list[KpiSlice]:
    """Every scorecard row of the config: data (one daily rollup for all metrics), charts and icons.

    ``progress(done, total)`` is called after each metric.
    """
    if changes is None:
        changes = process_changes(wh, config)
    out = []
    every = kpi_frames_all(wh, [k.metric for k in config.kpis], period)
    for i, kpi in enumerate(config.kpis):
        frames = every[wh.catalog.metric(kpi.metric).name]
        for line in kpi.lines(config.slices):
            out.append(_slice(kpi, line, kpi.target_for(line), frames, period, config, changes))
        if progress:
            progress(i + 1, len(config.kpis))
    return out


def _slice(kpi, line, target, frames, period, config, changes) -> KpiSlice:
    m = active().metric(kpi.metric)
    month = slice_of(frames["month"], line)
    day = slice_of(frames["day"], line)
    notes = []
    this = month[month["period"] == pd.Timestamp(period.start)]
    prev = month[month["period"] == pd.Timestamp(period.prev_start)]
    value = float(this["value"].iloc[0]) if len(this) else None
    previous = float(prev["value"].iloc[0]) if len(prev) else None
    rounds = changes[(changes["metric"] == kpi.metric) & (changes["slice"] == line)] \
        if len(changes) else changes
    name = f"{kpi.title} ({line_label(line)})"
    monthly = daily = ic = None
    if value is None:
        notes.append(_("no data for {month}").format(month=period.month))
    elif len(month) < MIN_POINTS:
        notes.append(_("only {n} month(s) of data: no monthly chart").format(n=len(month)))
    else:
        if len(month) < 24:
            notes.append(_("only {n} months of history (24 or more make reliable limits)").format(n=len(month)))
        stage, excl = stage_labels(month["period"], "month", rounds)
        try:
            monthly = kpi_chart(month, kpi.metric, rules=config.rules, sigma=config.sigma, stage=stage,
                                exclude=excl, name=name, better=kpi.direction)
            ic = icons(monthly, kpi.direction, target)
        except InputError as exc:
            notes.append(_("monthly chart not available: {why}").format(why=exc))
    if len(day) >= MIN_POINTS:
        stage, excl = stage_labels(day["period"], "day", rounds)
        try:
            daily = kpi_chart(day, kpi.metric, rules=config.rules, sigma=config.sigma, stage=stage,
                              exclude=excl, name=name, better=kpi.direction)
        except InputError as exc:
            notes.append(_("daily chart not available: {why}").format(why=exc))
    return KpiSlice(metric=kpi.metric, label=kpi.title, slice=line, unit=m.unit,
                    better=kpi.direction, target=target, month=period.month, value=value,
                    previous=previous, monthly=monthly, daily=daily, icons=ic,
                    rounds=rounds.reset_index(drop=True), notes=tuple(notes))


def scorecard(slices: list[KpiSlice]) -> pd.DataFrame:
    """One row per KPI x business line: value, previous, change, target, icons, met."""
    rows = []
    for s in slices:
        met = None
        if s.target is not None and s.value is not None:
            met = s.value <= s.target if s.better == "down" else s.value >= s.target
        rows.append({
            "metric": s.metric, "kpi": s.label, "slice": s.slice, "unit": s.unit,
            "better": s.better, "value": s.value, "previous": s.previous, "change": s.change,
            "target": s.target, "met_this_month": met,
            "variation": s.icons.variation if s.icons else None,
            "assurance": s.icons.assurance if s.icons else None,
            "monthly_signals": 0 if s.monthly is None else len(s.monthly.signals),
            "daily_signals": 0 if s.daily is None else len(s.daily.signals),
        })
    return pd.DataFrame(rows)


# -- formatting (shared by summaries and the page) --------------------------------------------

def fmt_value(unit: str, v: float | None) -> str:
    """A KPI value as people read it: shares in %, seconds with 's', CPO to 4 decimals."""
    if v is None or not np.isfinite(v):
        return "–"
    if unit == "share":
        return f"{100 * v:.1f}%" if abs(v) >= 0.1 else f"{100 * v:.2f}%"
    if unit == "seconds":
        return _("{v} s").format(v=f"{v:.1f}")
    if unit == "points":
        return f"{v:.1f}"
    return f"{v:.4f}"


def fmt_change(unit: str, value: float | None, previous: float | None) -> str:
    """Change on last month: percentage points for shares, relative % otherwise."""
    if value is None or previous is None:
        return "–"
    if unit == "share":
        return _("{v} pts").format(v=f"{100 * (value - previous):+.2f}")
    if unit == "points":
        return _("{v} pts").format(v=f"{value - previous:+.1f}")
    if not previous:
        return "–"
    return f"{100 * (value - previous) / abs(previous):+.1f}%"


# -- Pareto this month vs last ------------------------------------------------------------------

@dataclass(frozen=True)
class ParetoComparison(ResultMixin):
    """A Pareto of contacts by a dimension this month, with last month's counts alongside.

    ``table``: category, count_this, count_last, percent_this, percent_last, share_change
    (points), change (relative count change), cumulative_percent, vital (this month).
    """

    title: str
    category: str
    month: str
    prev_month: str
    this: ParetoResult
    last: ParetoResult
    table: pd.DataFrame

    figure_builder: ClassVar[str] = "sixsigma.plots.report:pareto_comparison_figure"

    def summary(self) -> str:
        t = self.table
        if not len(t) or t["count_this"].sum() == 0:
            return _("{title}: no contacts in {month}.").format(title=self.title, month=self.month)
        vital = t[t["vital"]]
        sep = _(", ")
        items = sep.join(f"{c} ({p:.1f}%)" for c, p in zip(vital[self.category], vital["percent_this"], strict=True))
        text = _("{title}, {month}: {n} of {total} {category} values make {share} of {contacts} contacts: "
                 "{items}.").format(title=self.title, month=self.month, n=len(vital), total=len(t),
                                    category=dim_label(self.category).lower(), share=f"{vital['percent_this'].sum():.1f}%",
                                    contacts=f"{int(t['count_this'].sum()):,}", items=items)
        movers = t.reindex(t["share_change"].abs().sort_values(ascending=False).index).head(2)
        moves = [f"{c} " + _("{v} pts").format(v=f"{d:+.1f}")
                 for c, d in zip(movers[self.category], movers["share_change"], strict=True) if abs(d) >= 0.5]
        if moves:
            text += _(" Largest changes in share since {month}: {moves}.").format(month=self.prev_month,
                                                                                   moves=sep.join(moves))
        return text

    def to_dict(self) -> dict:
        return jsonable({"kind": "pareto_comparison", "title": self.title, "category": self.category,
                         "month": self.month, "prev_month": self.prev_month, "table": self.table,
                         "summary": self.summary()})


def reason_pareto(wh: Warehouse, period: ReportPeriod, title: str, by: str = "reason",
                  filters: dict | None = None) -> ParetoComparison:
    """Contacts by ``by`` this month (Pareto order, vital few at 80%) vs last month."""
    this_c = wh.counts([by], filters=filters, start=period.start, end=period.end)
    last_c = wh.counts([by], filters=filters, start=period.prev_start, end=period.start)
    this = pareto(this_c, by, "count", other_after=None, title=title)
    last = pareto(last_c, by, "count", other_after=None, title=title)
    t = this.table[[by, "count", "percent", "cumulative_percent", "vital"]].rename(
        columns={"count": "count_this", "percent": "percent_this"})
    lt = last.table[[by, "count", "percent"]].rename(columns={"count": "count_last", "percent": "percent_last"})
    t = t.merge(lt, on=by, how="outer")
    t["count_this"] = t["count_this"].fillna(0).astype("int64")
    t["count_last"] = t["count_last"].fillna(0).astype("int64")
    t[["percent_this", "percent_last"]] = t[["percent_this", "percent_last"]].fillna(0.0)
    t["vital"] = t["vital"].fillna(False).astype(bool)
    t = t.sort_values(["count_this", by], ascending=[False, True], kind="stable").reset_index(drop=True)
    t["cumulative_percent"] = 100 * t["count_this"].cumsum() / max(int(t["count_this"].sum()), 1)
    t["share_change"] = t["percent_this"] - t["percent_last"]
    t["change"] = np.where(t["count_last"] > 0, t["count_this"] / t["count_last"].where(t["count_last"] > 0) - 1,
                           np.nan)
    cols = [by, "count_this", "count_last", "percent_this", "percent_last", "share_change", "change",
            "cumulative_percent", "vital"]
    return ParetoComparison(title=title, category=by, month=period.label, prev_month=period.prev_label,
                            this=this, last=last, table=t[cols])


def reason_paretos(wh: Warehouse, config: MonthlyConfig, period: ReportPeriod) -> list[ParetoComparison]:
    """Every Pareto the config lists (one ``counts`` query per month each)."""
    return [reason_pareto(wh, period, text(p.title), p.by, p.filters) for p in config.paretos]


# -- DMAIC portfolio ------------------------------------------------------------------------------

@dataclass(frozen=True)
class PortfolioSection(ResultMixin):
    """The DMAIC projects: one row each, counts by phase and belt, the ones closed this month."""

    projects: pd.DataFrame
    by_phase_belt: pd.DataFrame
    closed: pd.DataFrame
    month: str
    note: str = ""
    program: object = None  # sixsigma.program.report.ProgramSection (the portfolio at scale)

    figure_builder: ClassVar[str] = "sixsigma.plots.report:portfolio_result_figure"

    def summary(self) -> str:
        if not len(self.projects):
            return _("No DMAIC projects recorded.") + (f" ({self.note})" if self.note else "")
        by_phase = self.projects.groupby("phase").size()
        n = len(self.projects)
        text = ngettext("{n} project: ", "{n} projects: ", n).format(n=n) + _(", ").join(
            _("{n} in {phase}").format(n=k, phase=phase_label(p)) for p, k in by_phase.items()) + _(".")
        if len(self.closed):
            parts = [f"{r.title} ({r.change})" for r in self.closed.itertuples(index=False)]
            text += _(" Closed in {month}: {projects}.").format(month=self.month, projects=_("; ").join(parts))
        else:
            text += _(" None closed in {month}.").format(month=self.month)
        if self.program is not None and self.program.projects > PROGRAM_FROM:
            text += " " + self.program.summary()
        return text

    def to_dict(self) -> dict:
        return jsonable({"projects": self.projects, "by_phase_belt": self.by_phase_belt,
                         "closed": self.closed, "month": self.month, "note": self.note,
                         "program": self.program.to_dict() if self.program is not None else None,
                         "summary": self.summary()})


PROGRAM_FROM = 20  # more projects than this, and the summary adds the program's numbers


def portfolio(period: ReportPeriod, projects: dict | None = None, note: str = "") -> PortfolioSection:
    """Projects by phase and belt (``sixsigma.dmaic``'s portfolio as of the month's last day),
    and the results of the projects closed in the report month (control tollgate passed then)."""
    from sixsigma.dmaic.portfolio import portfolio as dmaic_portfolio

    if projects is None:
        projects, note = load_projects()
    as_of = period.end - dt.timedelta(days=1)
    table = dmaic_portfolio(projects, today=as_of).projects
    extra = []
    for pid, p in projects.items():
        control = next((ph for ph in p.phases if ph.name == "control"), None)
        closed_on = control.tollgate.passed if control is not None and control.tollgate else None
        res = p.result
        lines = p.charter.goal.filters.get(active().slice_by, [])
        extra.append({
            "id": pid, "slice": ", ".join(lines) or ALL, "rounds": len(p.rounds),
            "closed_on": closed_on if p.current_phase == "closed" else None,
            "change_ci": None if res is None else res.change_pct_ci,
            "p_value": None if res is None else res.test.p_value,
            "test": None if res is None else res.test.test,
        })
    extra = pd.DataFrame(extra, columns=["id", "slice", "rounds", "closed_on", "change_ci", "p_value", "test"])
    df = table.merge(extra, on="id", how="left")
    df.loc[df["status"] == "closed", "phase"] = "closed"  # closed on record, whatever its tollgates say
    if len(df):
        by = pd.crosstab(df["phase"], df["belt"]).stack().rename("projects").reset_index()
        by = by[by["projects"] > 0].reset_index(drop=True)
    else:
        by = pd.DataFrame(columns=["phase", "belt", "projects"])
    when = pd.to_datetime(df["closed_on"])
    closed = df[(when >= pd.Timestamp(period.start)) & (when < pd.Timestamp(period.end))].copy()
    closed["change"] = [_change_text(r) for r in closed.itertuples(index=False)]
    from sixsigma.program.report import portfolio_program  # the portfolio at scale

    return PortfolioSection(projects=df, by_phase_belt=by, closed=closed.reset_index(drop=True),
                     month=period.label, note=note, program=portfolio_program(projects, as_of))


def _change_text(r) -> str:
    if r.change_pct is None or pd.isna(r.change_pct):
        return _("no result recorded")
    ci = ""
    if r.change_ci is not None and len(r.change_ci) == 2:
        ci = _(", 95% CI {low}% to {high}%").format(low=f"{r.change_ci[0]:+.1f}", high=f"{r.change_ci[1]:+.1f}")
    p = "" if r.p_value is None or pd.isna(r.p_value) else f", p = {r.p_value:.2g}"
    return f"{r.change_pct:+.1f}%{ci}{p}"


# -- header, data quality, methods ----------------------------------------------------------------

def header(wh: Warehouse, period: ReportPeriod) -> dict:
    """Period, data freshness and volumes (this month, last month, same month last year)."""
    fresh = Q.freshness(wh)
    what = fresh["label"].lower()
    if fresh["last"] is None:
        raise WarehouseError(f"the data hold no {what}; import data or run `sixsigma demo`")
    this = Q.volumes(wh, period.start, period.end)
    if this["sources"][fresh["source"]]["volume"] == 0:
        lo, hi = fresh["first"].date(), fresh["last"].date()
        raise WarehouseError(f"no {what} in {period.month}; the data hold {lo} to {hi}: "
                             "choose a month in that range with --month")
    prev = Q.volumes(wh, period.prev_start, period.start)
    ly = pd.Period(period.month, freq="M") - 12
    last_year = Q.volumes(wh, ly.start_time.date(), (ly + 1).start_time.date())
    complete = all(v["days"] == period.days for v in this["sources"].values())
    sources = active().sources  # labels in the report's language (the catalog's en / zh-CN)
    for vols in (this, prev, last_year):
        for name, v in vols["sources"].items():
            v["label"] = i18n_label(sources[name].labels, v["label"]) if name in sources else v["label"]
    if fresh["source"] in sources:
        fresh = {**fresh, "label": i18n_label(sources[fresh["source"]].labels, fresh["label"])}
    return {"month": period.month, "label": period.label, "start": period.start, "end": period.end,
            "freshness": fresh, "this": this, "previous": prev, "last_year": last_year,
            "complete": complete, "generated": dt.datetime.now().replace(microsecond=0)}


def data_quality(wh: Warehouse, period: ReportPeriod) -> pd.DataFrame:
    """The data-quality checks over the window the charts use: from the first monthly point
    (or the first day of data, when the warehouse starts later) to the end of the month."""
    first = Q.freshness(wh)["first"]
    start = max(period.history_start, first.date()) if first is not None else period.history_start
    df = Q.quality_checks(wh, start, period.end)
    df.attrs["window"] = (start, period.end)
    return df


def methods(config: MonthlyConfig, slices: list[KpiSlice]) -> pd.DataFrame:
    """Which chart each metric uses, with which rule set, rules and sigma multiple.

    Each rule is shown by the label its markers carry on the charts
    (:func:`sixsigma.spc.rules.test_label`: numbers 1-8 for Minitab's tests only, "MDC shift"
    for Making Data Count's 7 in a row, ...), then what it looks for.
    """
    from sixsigma.spc.rules import RULE_SET_NAMES, TEST_NAMES, test_label

    rows = []
    seen = set()
    for s in slices:
        if s.metric in seen or s.monthly is None:
            continue
        seen.add(s.metric)
        m = active().metric(s.metric)
        rules = s.monthly.parameters.get("rules")
        k = s.monthly.test_k
        name = RULE_SET_NAMES.get(rules or "", _("custom selection"))
        tests = f"{name} — " + "; ".join(
            f"{test_label(t, k.get(t), rules)}: "
            + TEST_NAMES[t].format(K=_k(k.get(t)), K1=_k(k.get(t), 1)) for t in s.monthly.tests)
        rows.append({"metric": s.metric, "kpi": s.label, "kind": m.kind,
                     "chart": CHART_LABELS.get(s.monthly.chart, s.monthly.chart),
                     "numerator / denominator": m.description,
                     "rules": name, "tests": tests,
                     "sigma": _("{k} sigma limits").format(k=f"{config.sigma:g}")})
    return pd.DataFrame(rows)


def _k(v, plus: int = 0) -> str:
    if v is None:
        return "?"
    return f"{float(v) + plus:g}"


__all__ = [
"KpiSlice", "ParetoComparison", "PortfolioSection", "ReportPeriod",
    "data_quality", "fmt_change", "fmt_value", "header", "kpi_chart", "kpi_frames", "kpi_frames_all",
    "kpi_slices",
    "dim_label", "line_label", "load_projects", "methods", "portfolio", "process_changes", "reason_pareto",
    "reason_paretos", "report_period", "scorecard", "slice_of", "stage_labels",
]
