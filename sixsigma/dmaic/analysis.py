"""A project's baseline and result, computed from the warehouse with the toolkit's statistics.

Baseline (Measure): the goal's metric over the baseline window, per ``data_collection.grain``
period (default day):

- value and confidence interval — per-order rates: the pooled rate sum(contacts)/sum(orders)
  with the exact Poisson interval (:func:`sixsigma.stats.poisson_rate_one`); proportions:
  the pooled proportion with the exact Clopper-Pearson interval
  (:func:`sixsigma.stats.one_proportion`); means and scores: the mean of the period values
  with the t interval (:func:`sixsigma.stats.one_sample_t`; the period is the unit, as on
  the I chart);
- the metric's natural control chart (Laney u' / Laney p' / I-MR, :mod:`sixsigma.spc`);
- capability of the period values against the goal's target as a one-sided specification
  (USL when lower is better, LSL when higher is better; :func:`sixsigma.capability.capability`).

Result (Improve): the same value over the result window; the before/after test — the exact
2-sample Poisson rate test for per-order metrics (rate ratio after/before and its % change
with the exact interval), the 2-proportions test for proportions, Welch's 2-sample t for
means and scores — and the chart from the baseline window's start to the result window's
end with the improvement rounds as stages, plus the post-change chart (after the last round)
whose stability the Control tollgate checks.

Windows are half-open ``[start, end)``. Defaults: the baseline is the three full calendar
months before the month of the first round (2023-10-01..2024-01-01 for a first round on
2024-01-08); the result is the three full months from the first month start after the last
round (2024-04-01..2024-07-01 for a last round on 2024-03-25). ``data_collection`` can set
either window explicitly.

Statistics are computed by :mod:`sixsigma.stats`, :mod:`sixsigma.spc` and
:mod:`sixsigma.capability`; this module chooses, gathers and records.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from sixsigma.capability import capability
from sixsigma.catalog import Metric
from sixsigma.dmaic.models import (
    Baseline,
    CapabilityRecord,
    ChartRecord,
    PlainTestRecord,
    Project,
    Result,
    StageRecord,
    TestRecord,
    Window,
)
from sixsigma.errors import InputError
from sixsigma.program.benefits import result_benefit  # a result's benefit per month
from sixsigma.results import ResultMixin, jsonable
from sixsigma.spc import ControlChart, metric_chart
from sixsigma.stats import run as run_test

MONTHS = 3  # default length of the baseline and result windows
MIN_PERIODS = 8  # fewer periods than this cannot support a chart or a test


def sig(x: float | None, digits: int = 6) -> float | None:
    """Round to ``digits`` significant digits for the record (None and non-finite pass through)."""
    if x is None:
        return None
    x = float(x)
    return float(f"{x:.{digits}g}") if np.isfinite(x) else x


def _month_start(d: dt.date) -> dt.date:
    return d.replace(day=1)


def _add_months(d: dt.date, n: int) -> dt.date:
    m = d.month - 1 + n
    return d.replace(year=d.year + m // 12, month=m % 12 + 1, day=1)


# -- windows ----------------------------------------------------------------------------------
def baseline_window(project: Project, data_end: dt.date | None = None) -> Window:
    """The baseline window: ``data_collection.baseline_window``, else the three full months
    before the month of the first round, else the last three full months of data."""
    dc = project.data_collection
    if dc.baseline_window is not None:
        return dc.baseline_window
    if project.rounds:
        end = _month_start(project.rounds[0].date)
    elif data_end is not None:
        end = _month_start(data_end + dt.timedelta(days=1))
    else:
        raise InputError("no rounds and no data to place the baseline window; set "
                         "data_collection.baseline_window: {start: ..., end: ...}")
    return Window(start=_add_months(end, -MONTHS), end=end)


def result_window(project: Project) -> Window:
    """The result window: ``data_collection.result_window``, else the three full months from
    the first month start on or after the last round."""
    dc = project.data_collection
    if dc.result_window is not None:
        return dc.result_window
    if not project.rounds:
        raise InputError("the project has no improvement rounds; add them under rounds: "
                         "({date, change, owner}) or set data_collection.result_window")
    last = project.rounds[-1].date
    start = last if last.day == 1 else _add_months(last, 1)
    return Window(start=start, end=_add_months(start, MONTHS))


# -- gathering --------------------------------------------------------------------------------
def metric_frame(wh, project: Project, window: Window) -> pd.DataFrame:
    """The goal's metric per period over a window (period, numerator, denominator, value)."""
    goal = project.charter.goal
    df = wh.metric(goal.metric, grain=project.data_collection.grain, filters=goal.filters,
                   start=window.start, end=window.end)
    if len(df) < MIN_PERIODS:
        where = ", ".join(f"{k}={','.join(v)}" for k, v in goal.filters.items()) or "all data"
        raise InputError(
            f"{goal.metric} ({where}) has {len(df)} {project.data_collection.grain}s with data in "
            f"{window.label()}; at least {MIN_PERIODS} are needed (check the window and the filters)")
    return df


def chart_for(metric: Metric, df: pd.DataFrame, **kw) -> ControlChart:
    """The metric's natural chart (Laney u' / Laney p' / I-MR) of per-period rows.

    Extra keywords (``stage_dates``, ``phase1``...) go to :func:`sixsigma.spc.control_chart`.
    """
    return metric_chart(df, metric.chart, scale=metric.scale, name=metric.label,
                        better=metric.better, **kw)


@dataclass(frozen=True)
class WindowValue:
    """The metric over one window: value, interval, totals and how the interval was made."""

    value: float
    ci: tuple[float, float]
    confidence: float
    interval: str
    n: int
    numerator: float
    denominator: float


def window_value(metric: Metric, df: pd.DataFrame, confidence: float = 0.95) -> WindowValue:
    """Value and CI of the metric over the rows of one window (see the module docstring)."""
    num, den = float(df["numerator"].sum()), float(df["denominator"].sum())
    res, how = _INTERVALS[metric.strategy.interval](df, num, den, confidence)
    return WindowValue(float(res.estimate), (float(res.ci[0]), float(res.ci[1])), confidence, how,
                       len(df), num, den)


def _ratio_change(test):
    """% change and its interval straight from a rate-ratio test (after / before - 1)."""
    return test.percent_change, tuple(test.percent_change_ci), ""


def _difference_change(test, before: WindowValue, after: WindowValue):
    """% change = difference / before; its interval divides the difference's interval by the
    before value (the baseline treated as known)."""
    pct = 100 * (after.value - before.value) / before.value
    ci = (100 * test.ci[0] / before.value, 100 * test.ci[1] / before.value)
    return pct, ci, "; interval of the difference over the baseline value"


def _poisson_rate(metric, rows, before, after, c):
    test = run_test("poisson-rate", rows, value="numerator", exposure="denominator", group="window",
                    groups=["after", "before"], confidence=c,
                    measure=metric.label.lower(), unit=metric.unit)
    return (test, *_ratio_change(test))


def _quasi_poisson(metric, rows, before, after, c):
    test = run_test("quasi-poisson", rows, value="numerator", exposure="denominator", group="window",
                    groups=["after", "before"], confidence=c, measure=metric.label.lower(),
                    unit=metric.unit)
    return (test, *_ratio_change(test))


def _quasi_binomial(metric, rows, before, after, c):
    counts = rows.assign(numerator=rows["numerator"].round(), denominator=rows["denominator"].round())
    test = run_test("quasi-binomial", counts, value="numerator", trials="denominator", group="window",
                    groups=["after", "before"], confidence=c, measure=metric.label.lower())
    return (test, *_difference_change(test, before, after))


def _two_proportions(metric, rows, before, after, c):
    test = run_test("two-proportions", events=[round(after.numerator), round(before.numerator)],
                    trials=[round(after.denominator), round(before.denominator)],
                    groups=["after", "before"], confidence=c)
    return (test, *_difference_change(test, before, after))


def _period_values(name):
    def run(metric, rows, before, after, c):
        test = run_test(name, rows, value="value", group="window", groups=["after", "before"],
                        confidence=c)
        return (test, *_difference_change(test, before, after))
    return run


# the before/after test of a project's result, by the metric's ``test`` (its kind's default)
_BEFORE_AFTER = {
    "quasi-poisson": _quasi_poisson,
    "quasi-binomial": _quasi_binomial,
    "poisson-rate": _poisson_rate,
    "two-proportions": _two_proportions,
    "two-sample-t": _period_values("two-sample-t"),
    "mann-whitney": _period_values("mann-whitney"),
}


# the window value's interval, by the kind's ``interval`` (sixsigma.catalog.kinds)
_INTERVALS = {
    "poisson": lambda df, num, den, c: (
        run_test("poisson-rate", counts=[round(num)], exposures=[den], confidence=c),
        "exact Poisson interval of the pooled rate"),
    "binomial": lambda df, num, den, c: (
        run_test("one-proportion", events=round(num), trials=round(den), confidence=c),
        "exact (Clopper-Pearson) interval of the pooled proportion"),
    "t": lambda df, num, den, c: (
        run_test("one-sample-t", df["value"].to_numpy(float), confidence=c),
        "t interval of the mean of the period values"),
}


# -- results ----------------------------------------------------------------------------------
def _chart_dict(chart: ControlChart) -> dict:
    sec = chart.secondary
    return {"chart": chart.chart, "in_control": chart.in_control, "signals": chart.signals,
            "secondary_signals": sec.signals if sec is not None else None, "stages": chart.stages}


@dataclass(frozen=True)
class BaselineResult(ResultMixin):
    """The baseline of a project: value with CI, the periods, their chart and capability."""

    project: str
    metric: str
    label: str
    unit: str
    filters: dict
    better: str
    window: Window
    value: WindowValue
    periods: pd.DataFrame
    chart: ControlChart
    capability: Any | None  # CapabilityResult against the goal's target, if there is one
    target: float | None
    grain: str = "day"

    def figure(self):
        return self.chart.figure()

    def summary(self) -> str:
        v = self.value
        lines = [
            f"Baseline of {self.label} ({self.unit}) for {self.project}, {self.window.label()}: "
            f"{v.value:.4g} ({v.confidence:.0%} CI {v.ci[0]:.4g} to {v.ci[1]:.4g}; "
            f"{v.n} {self.grain}s, {v.interval}).",
        ]
        signals = int(self.chart.points["signal"].sum())
        if self.chart.in_control:
            lines.append(f"{self.chart.title}: stable (no special-cause signal) — the baseline is a fair reference.")
        else:
            lines.append(f"{self.chart.title}: {signals} point(s) signal a special cause — explain them "
                         "before treating the baseline as the process's usual level.")
        if self.capability is not None:
            ppk = self.capability.value("ppk")
            side = "at most" if self.better == "down" else "at least"
            lines.append(f"Against the goal ({side} {self.target:g}): Ppk {ppk:.2f}. {self.capability.plain}")
        else:
            lines.append("No target in the charter's goal: capability against the goal was not computed "
                         "(set charter.goal.target and run `sixsigma project baseline` again).")
        return "\n".join(lines)

    def to_dict(self) -> dict:
        v = self.value
        return jsonable({
            "project": self.project, "metric": self.metric, "filters": self.filters,
            "window": {"start": self.window.start, "end": self.window.end},
            "value": v.value, "ci": list(v.ci), "confidence": v.confidence, "interval": v.interval,
            "n": v.n, "numerator": v.numerator, "denominator": v.denominator,
            "chart": _chart_dict(self.chart),
            "capability": self.capability.to_dict() if self.capability is not None else None,
            "summary": self.summary(),
        })

    def record(self, computed: dt.date | None = None) -> Baseline:
        """The :class:`~sixsigma.dmaic.models.Baseline` to keep in project.yaml."""
        v = self.value
        cap = None
        if self.capability is not None:
            c = self.capability
            obs, over = c.ppm_of("observed"), c.ppm_of("overall")
            cap = CapabilityRecord(
                spec="usl" if self.better == "down" else "lsl", limit=sig(self.target), mean=sig(c.mean),
                sigma_within=sig(c.sigma_within), sigma_overall=sig(c.sigma_overall),
                cpk=sig(c.value("cpk")), ppk=sig(c.value("ppk")),
                ppm_observed=sig(obs["total"]), ppm_overall=sig(over["total"]),
            )
        return Baseline(
            computed=computed or dt.date.today(), window=self.window, value=sig(v.value),
            ci=[sig(v.ci[0]), sig(v.ci[1])], confidence=v.confidence, interval=v.interval, n=v.n,
            numerator=sig(v.numerator, 12), denominator=sig(v.denominator, 12),
            chart=chart_record(self.chart, self.grain), capability=cap,
        )


@dataclass(frozen=True)
class ProjectResult(ResultMixin):
    """The improvement: after-value, before/after test, % change with CI, staged chart."""

    project: str
    metric: str
    label: str
    unit: str
    better: str
    window: Window
    baseline_window: Window
    before: WindowValue
    after: WindowValue
    test: Any  # sixsigma.stats.TestResult
    change_pct: float
    change_pct_ci: tuple[float, float]
    change_note: str
    chart: ControlChart  # staged: the rounds are the stages
    post_change: ControlChart  # after the last round, on its own limits
    rounds: pd.DataFrame = field(default_factory=pd.DataFrame)
    grain: str = "day"
    benefits: dict | None = None  # sixsigma.program.benefits.result_benefit

    def figure(self):
        return self.chart.figure()

    @property
    def improved(self) -> bool:
        """Significant and in the goal's direction."""
        good = self.change_pct < 0 if self.better == "down" else self.change_pct > 0
        return bool(self.test.reject) and good

    def summary(self) -> str:
        b, a = self.before, self.after
        lo, hi = self.change_pct_ci
        word = "drop" if self.change_pct < 0 else "rise"
        lines = [
            f"Result of {self.project}: {self.label} {b.value:.4g} -> {a.value:.4g} {self.unit} "
            f"(before {self.baseline_window.label()}, after {self.window.label()}): change "
            f"{self.change_pct:+.1f}% ({a.confidence:.0%} CI {lo:+.1f}% to {hi:+.1f}%{self.change_note}), a {word}.",
            f"{self.test.test}: {self.test.conclusion}.",
        ]
        if self.improved:
            lines.append("The change is significant and in the goal's direction: the Improve evidence holds.")
        elif self.test.reject:
            lines.append("The change is significant but in the wrong direction for the goal.")
        else:
            lines.append("The change is not significant: more data or a bigger effect is needed.")
        checks = self.test.checks
        for row in checks[checks["status"] == "warn"].itertuples(index=False):
            lines.append(f"Check ({row.name}): {row.message}.")
        n_sig = int(self.post_change.points["signal"].sum())
        lines.append(
            f"After the last round ({self.post_change.points['label'].iloc[0].date()} on): "
            + ("stable, no special-cause signal on its own limits." if self.post_change.in_control
               else f"{n_sig} point(s) signal a special cause — not yet stable.")
        )
        return "\n".join(lines)

    def to_dict(self) -> dict:
        return jsonable({
            "project": self.project, "metric": self.metric,
            "baseline_window": {"start": self.baseline_window.start, "end": self.baseline_window.end},
            "window": {"start": self.window.start, "end": self.window.end},
            "before": asdict(self.before), "after": asdict(self.after),
            "change_pct": self.change_pct, "change_pct_ci": list(self.change_pct_ci),
            "improved": self.improved, "test": self.test.to_dict(),
            "tests": tests_table(self.test),  # the test used and the plain exact test beside it
            "chart": _chart_dict(self.chart), "post_change": _chart_dict(self.post_change),
            "rounds": self.rounds, "benefits": self.benefits, "summary": self.summary(),
        })

    def record(self, computed: dt.date | None = None) -> Result:
        """The :class:`~sixsigma.dmaic.models.Result` to keep in project.yaml."""
        a, t = self.after, self.test
        return Result(
            computed=computed or dt.date.today(), window=self.window, baseline_window=self.baseline_window,
            value=sig(a.value), ci=[sig(a.ci[0]), sig(a.ci[1])], confidence=a.confidence,
            interval=a.interval, n=a.n, numerator=sig(a.numerator, 12), denominator=sig(a.denominator, 12),
            before=sig(self.before.value), change_pct=sig(self.change_pct, 4),
            change_pct_ci=[sig(self.change_pct_ci[0], 4), sig(self.change_pct_ci[1], 4)],
            test=test_record(t),
            chart=chart_record(self.chart, self.grain), post_change=chart_record(self.post_change, self.grain),
        )


def plain_test(t) -> dict | None:
    """The exact test on the summed totals a robust (quasi-likelihood) test carries, if any."""
    return t.extra.get("poisson_exact") or t.extra.get("two_proportions")


def test_record(t) -> TestRecord:
    """A before/after TestResult in a few numbers, with the plain test it was checked beside."""
    plain = plain_test(t)
    return TestRecord(
        test=t.test, alternative=t.alternative, statistic=sig(t.statistic), p_value=sig(t.p_value, 4),
        estimate=sig(t.estimate), ci=[sig(c) for c in t.ci] if t.ci is not None else None,
        alpha=t.alpha, significant=bool(t.reject), reason=t.extra.get("reason"),
        dispersion=sig(t.extra["dispersion"], 4) if "dispersion" in t.extra else None,
        plain=PlainTestRecord(test=plain["test"], p_value=sig(plain["p_value"], 4),
                              estimate=sig(plain["estimate"]),
                              ci=[sig(c) for c in plain["ci"]]) if plain else None,
    )


def tests_table(t) -> pd.DataFrame:
    """The before/after test and, beside it, the plain exact test on the sums (if it has one)."""
    rows = [{"test": t.test, "estimate": t.estimate, "ci_low": t.ci[0] if t.ci else None,
             "ci_high": t.ci[1] if t.ci else None, "p_value": t.p_value,
             "dispersion": t.extra.get("dispersion"), "used": "yes"}]
    plain = plain_test(t)
    if plain:
        ci = list(plain.get("ci") or [None, None])
        rows.append({"test": plain["test"], "estimate": plain["estimate"], "ci_low": ci[0],
                     "ci_high": ci[1], "p_value": plain["p_value"], "dispersion": 1.0,
                     "used": "no: assumes Poisson / binomial variation"})
    return pd.DataFrame(rows)


def chart_record(chart: ControlChart, grain: str) -> ChartRecord:
    """A control chart in a few numbers: centre and limits of its last stage, signals, stages."""
    pts = chart.points
    flagged = pts["signal"].to_numpy(bool)
    if chart.secondary is not None:
        flagged = flagged | chart.secondary.points["signal"].to_numpy(bool)
    last = chart.stages.iloc[-1]
    stages = []
    if len(chart.stages) > 1:
        per_stage = pd.Series(flagged).groupby(pts["stage"].to_numpy()).sum()
        for row in chart.stages.itertuples(index=False):
            stages.append(StageRecord(
                name=row.stage, first=pd.Timestamp(row.first).date(), last=pd.Timestamp(row.last).date(),
                points=int(row.n), center=sig(row.center), signals=int(per_stage.get(row.stage, 0))))
    return ChartRecord(
        chart=chart.chart, grain=grain, points=len(pts), center=sig(last["center"]),
        lcl=sig(last["lcl"]) if np.isfinite(last["lcl"]) else None,
        ucl=sig(last["ucl"]) if np.isfinite(last["ucl"]) else None,
        signals=int(flagged.sum()), stable=bool(chart.in_control), stages=stages or None,
    )


# -- the two computations ---------------------------------------------------------------------
def compute_baseline(wh, project: Project, project_id: str, window: Window | None = None,
                     confidence: float = 0.95) -> BaselineResult:
    """The project's baseline from the warehouse (see the module docstring)."""
    goal = project.charter.goal
    metric = wh.catalog.metric(goal.metric)
    if window is None:
        window = baseline_window(project, wh.date_range()[1])
    df = metric_frame(wh, project, window)
    value = window_value(metric, df, confidence)
    chart = chart_for(metric, df)
    cap = None
    if goal.target is not None:
        spec = {"usl": goal.target} if goal.better == "down" else {"lsl": goal.target}
        cap = capability(df, value="value", **spec, confidence=confidence, name=metric.label,
                         unit=None if metric.unit == "share" else metric.unit,
                         item=f"{project.data_collection.grain}s")
    return BaselineResult(
        project=project_id, metric=metric.name, label=metric.label, unit=metric.unit, filters=goal.filters,
        better=goal.better, window=window, value=value, periods=df, chart=chart, capability=cap,
        target=goal.target, grain=project.data_collection.grain,
    )


def compute_result(wh, project: Project, project_id: str, window: Window | None = None,
                   confidence: float = 0.95) -> ProjectResult:
    """The project's result from the warehouse: after-value, test, % change, staged chart."""
    goal = project.charter.goal
    metric = wh.catalog.metric(goal.metric)
    base_w = project.baseline.window if project.baseline is not None else baseline_window(project, wh.date_range()[1])
    window = window or result_window(project)
    data_end = wh.date_range()[1]
    if data_end is not None and window.end > data_end + dt.timedelta(days=1):
        if window.start > data_end:
            raise InputError(f"the result window {window.label()} starts after the last data ({data_end}); "
                             "wait for data or set data_collection.result_window")
        window = Window(start=window.start, end=data_end + dt.timedelta(days=1))
    if window.start < base_w.end:
        raise InputError(f"the result window {window.label()} overlaps the baseline {base_w.label()}")
    before_df = metric_frame(wh, project, base_w)
    after_df = metric_frame(wh, project, window)
    before, after = window_value(metric, before_df, confidence), window_value(metric, after_df, confidence)
    rows = pd.concat([after_df.assign(window="after"), before_df.assign(window="before")], ignore_index=True)
    test, pct, pct_ci, note = _BEFORE_AFTER[metric.test](metric, rows, before, after, confidence)
    rounds = pd.DataFrame([r.model_dump() for r in project.rounds])
    dates = [r.date for r in project.rounds if base_w.start < r.date < window.end]
    span = wh.metric(goal.metric, grain=project.data_collection.grain, filters=goal.filters,
                     start=base_w.start, end=window.end)
    staged = chart_for(metric, span, stage_dates=[pd.Timestamp(d) for d in dates] or None)
    post_start = pd.Timestamp(project.rounds[-1].date) if project.rounds else pd.Timestamp(window.start)
    post = span[span["period"] >= post_start]
    if len(post) < MIN_PERIODS:
        raise InputError(f"only {len(post)} periods after the last round; at least {MIN_PERIODS} are needed")
    return ProjectResult(
        project=project_id, metric=metric.name, label=metric.label, unit=metric.unit, better=goal.better,
        window=window, baseline_window=base_w, before=before, after=after, test=test,
        change_pct=float(pct), change_pct_ci=(float(pct_ci[0]), float(pct_ci[1])), change_note=note,
        chart=staged, post_change=chart_for(metric, post.reset_index(drop=True)), rounds=rounds,
        grain=project.data_collection.grain,
        benefits=result_benefit(wh, project, before.value, after.value, pct_ci, confidence),
    )


def record_baseline(project: Project, baseline: BaselineResult, computed: dt.date | None = None) -> Project:
    """The project with the baseline recorded (and the goal's baseline set to its value);
    the same numbers recomputed keep the recorded ``computed:`` date."""
    rec = _same_or_new(project.baseline, baseline.record(computed))
    goal = project.charter.goal.model_copy(update={"baseline": rec.value})
    charter = project.charter.model_copy(update={"goal": goal})
    return project.model_copy(update={"baseline": rec, "charter": charter})


def record_result(project: Project, result: ProjectResult, computed: dt.date | None = None) -> Project:
    """The project with the result recorded; the same numbers recomputed keep the recorded
    ``computed:`` date (so project.yaml is left untouched)."""
    return project.model_copy(update={"result": _same_or_new(project.result, result.record(computed))})


def _same_or_new(old, new):
    """``old`` when ``new`` differs from it only in its ``computed`` date, else ``new``."""
    if old is not None and old.model_copy(update={"computed": new.computed}) == new:
        return old
    return new
