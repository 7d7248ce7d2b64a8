"""The ControlChart result: tidy per-point table, signals, stages, summary and JSON."""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from sixsigma.results import ResultMixin, jsonable
from sixsigma.spc.kinds import KINDS
from sixsigma.spc.kinds import title as chart_title
from sixsigma.spc.kinds.base import fmt as _fmt
from sixsigma.spc.rules import SignalSet, rule_set_text

_POINT_KEYS = ("label", "value", "center", "lcl", "ucl", "stage", "phase", "tests")


def _json_column(col: pd.Series) -> list:
    """``[jsonable(v) for v in col]``, vectorised for numbers and categoricals."""
    dt = col.dtype
    if isinstance(dt, pd.CategoricalDtype):
        cats = np.empty(len(dt.categories) + 1, dtype=object)
        cats[:-1] = [jsonable(c) for c in dt.categories.tolist()]
        cats[-1] = None  # code -1: missing
        return cats[col.cat.codes.to_numpy()].tolist()
    if isinstance(dt, np.dtype) and dt.kind == "f":
        a = col.to_numpy()
        out = a.astype(object)
        out[~np.isfinite(a)] = None
        return out.tolist()
    if isinstance(dt, np.dtype) and dt.kind in "iub":
        return col.to_numpy().tolist()  # Python ints / bools
    return [jsonable(v) for v in col.tolist()]


def _json_tests(pts: pd.DataFrame) -> list:
    """Each point's failed tests as a fresh list of ints, from the ``test_mask`` bits (one
    pattern made per distinct mask) or, without the mask, from the ``tests`` column."""
    if "test_mask" not in pts.columns:
        return [[int(v) for v in row] for row in pts["tests"]]
    mask = pts["test_mask"].to_numpy()
    patterns = {}
    for m in np.unique(mask).tolist():
        patterns[m] = [t + 1 for t in range(32) if (m >> t) & 1]
    return [patterns[m].copy() for m in mask.tolist()]


@dataclass(frozen=True, eq=False)
class ControlChart(ResultMixin):
    """A control chart: one row per point, the signals, the stages and the sigma estimate.

    ``points``: label, value, center, lcl, ucl, sigma (the point's own sigma), stage, phase
    ("I" estimates the limits, "II" is judged against them), excluded, tests (every test the
    point fails), signal (+ n, and ewma / upper / lower for EWMA / CUSUM).
    ``signals``: test, rule, labels (the points in the pattern), description, side; it may
    be given as a :class:`~sixsigma.spc.rules.SignalSet` (arrays), whose table is then built
    on first access -- the summary only makes the sentences it shows.
    ``stages``: one row per stage with its centre, sigma and (mean) limits.
    ``sigma``: the sigma estimate of the last stage (sigma_z for Laney charts).
    ``warnings``: what the reader should know about the limits (preliminary limits of a
    short stage, see :func:`sixsigma.spc.charts.control_chart`); the summary says them too.
    """

    chart: str
    points: pd.DataFrame
    secondary: ControlChart | None
    sigma: float
    signals: pd.DataFrame
    stages: pd.DataFrame
    tests: list[int] = field(default_factory=list)
    test_k: dict = field(default_factory=dict)
    k: float = 3.0
    parameters: dict = field(default_factory=dict)
    name: str | None = None
    better: str | None = None
    sigma_z: float | None = None
    warnings: tuple = ()

    figure_builder: ClassVar[str] = "sixsigma.plots.control_chart:control_chart_figure"

    @property
    def title(self) -> str:
        base = chart_title(self.chart)
        if self.secondary is not None:
            base = f"{base} + {chart_title(self.secondary.chart)}"
        return f"{base} of {self.name}" if self.name else base

    @property
    def rules(self) -> str:
        """The active rule set and its rules' labels (:func:`sixsigma.spc.rules.rule_set_text`)."""
        return rule_set_text(self.parameters.get("rules"), self.test_k)

    @property
    def n_signals(self) -> int:
        """Number of signals on this chart (not its secondary), without building the table."""
        return len(self.__dict__["_signals"])

    def _signal_head(self, k: int) -> list[tuple[str, str]]:
        """(rule, description) of the first ``k`` signals, sentences made only for those."""
        s = self.__dict__["_signals"]
        if isinstance(s, SignalSet):
            return s.head(k)
        return [(r.rule, r.description) for r in s.head(k).itertuples(index=False)]

    @property
    def in_control(self) -> bool:
        """True when neither the chart nor its secondary chart shows a special-cause signal."""
        sec = self.secondary is None or self.secondary.n_signals == 0
        return bool(self.n_signals == 0 and sec)

    # ------------------------------------------------------------------ text
    def _stage_text(self, row) -> str:
        """A stage's sentence: the kind's own, or its centre and limits (and sigma_z)."""
        kind = KINDS.get(self.chart)  # None for a Hotelling T2 chart
        if kind is not None and kind.stage_text is not None:
            return kind.stage_text(row, self.parameters)
        vary = " (vary by point; mean shown)" if getattr(row, "limits_vary", False) else ""
        text = f"centre {_fmt(row.center)}, limits {_fmt(row.lcl)} to {_fmt(row.ucl)}{vary}"
        sigma_z = getattr(row, "sigma_z", None)
        if sigma_z is not None and np.isfinite(sigma_z):
            text += f", sigma_z {_fmt(sigma_z)}"
            if sigma_z > 1.0:
                text += " (wider than P/U limits: over-dispersion)"
        return text

    def summary(self) -> str:
        lines = []
        n = len(self.points)
        st = self.stages
        head = f"{self.title}: {n} points"
        if len(st) > 1:
            head += f" in {len(st)} stages"
        lines.append(head + ".")
        lines += [f"Note: {w}." for w in self.warnings]
        for i, row in enumerate(st.itertuples(index=False)):
            prefix = (
                f"Stage {row.stage} ({_fmt(row.first)} to {_fmt(row.last)}): "
                if len(st) > 1
                else ""
            )
            text = self._stage_text(row)
            if i > 0 and (self.chart not in KINDS or KINDS[self.chart].compare_stages):
                prev = st.iloc[i - 1]["center"]
                if prev and np.isfinite(prev):
                    chg = (row.center - prev) / abs(prev)
                    text += f"; {chg:+.1%} vs the previous stage"
                    if self.better in ("up", "down") and chg != 0:
                        text += " (better)" if (chg > 0) == (self.better == "up") else " (worse)"
            lines.append(prefix + text + ".")
        for a in self.parameters.get("anhoj", []):  # run charts: the Anhøj counts per stage
            pre = f"Stage {a['stage']}: " if len(st) > 1 else ""
            lines.append(
                f"{pre}longest run {a['longest_run']} (limit {a['run_limit']}), "
                f"crossings {a['crossings']} (at least {a['crossings_limit']} expected)."
            )
        disp = self.parameters.get("dispersion")
        if disp is not None and (disp.overdispersed or disp.underdispersed):
            name = self.chart.upper()
            if disp.overdispersed:
                lines.append(
                    f"Over-dispersion: the points vary {disp.sigma_z:.2f} times what the {name} "
                    f"chart assumes (X2/df = {disp.ratio:.2f}, p = {disp.p_over:.2g}), so its limits "
                    f"are too narrow and flag common-cause variation: use the Laney {name}' chart "
                    f"(chart type laney-{self.chart})."
                )
            else:
                lines.append(
                    f"Under-dispersion: the points vary only {disp.sigma_z:.2f} times what the "
                    f"{name} chart assumes (p = {disp.p_under:.2g}), so its limits are too wide; "
                    f"check for stratified data, or use the Laney {name}' chart."
                )
        charts = [("", self)] + (
            [(f"{chart_title(self.secondary.chart)}: ", self.secondary)]
            if self.secondary is not None
            else []
        )
        n_sig = sum(c.n_signals for _, c in charts)
        if n_sig == 0:
            lines.append(
                f"No special-cause signals ({self.rules}): only common-cause variation; "
                "improve the process as a whole, do not react to single points."
            )
        else:
            lines.append(f"{n_sig} special-cause signal{'s' if n_sig > 1 else ''} ({self.rules}):")
            left = 8
            for prefix, c in charts:
                for rule, description in c._signal_head(left):
                    lines.append(f"- {prefix}{rule}: {description}")
                left -= min(left, c.n_signals)
            if n_sig > 8:
                lines.append(f"... and {n_sig - 8} more (see .signals)")
            lines.append(
                "Investigate the special causes before judging capability or recomputing limits."
            )
        return "\n".join(lines)

    # ------------------------------------------------------------------ JSON
    def _points_dicts(self) -> list[dict]:
        """One JSON-safe dict per point (what :func:`sixsigma.results.jsonable` makes of each
        row), converted a column at a time; ``tests`` from the ``test_mask`` bits when the
        table has no ``tests`` column."""
        pts = self.points
        keys = list(_POINT_KEYS) + [c for c in ("ewma", "upper", "lower") if c in pts.columns]
        gc_was_on = gc.isenabled()
        gc.disable()  # millions of small dicts and lists: the cyclic GC would dominate
        try:
            cols = [_json_tests(pts) if k == "tests" else _json_column(pts[k]) for k in keys]
            return [dict(zip(keys, row, strict=True)) for row in zip(*cols, strict=True)]
        finally:
            if gc_was_on:
                gc.enable()

    def to_dict(self) -> dict[str, Any]:
        sigs = []
        parts = [("", self.signals)]
        if self.secondary is not None:
            parts.append((f"{chart_title(self.secondary.chart)}: ", self.secondary.signals))
        for prefix, sig in parts:
            sigs += [
                jsonable(
                    {
                        "test": int(r.test),
                        "rule": r.rule,
                        "labels": list(r.labels),
                        "description": prefix + r.description,
                    }
                )
                for r in sig.itertuples(index=False)
            ]
        return {
            "chart": self.chart,
            "sigma": jsonable(self.sigma),
            "rules": self.rules,
            "points": self._points_dicts(),
            "secondary": None
            if self.secondary is None
            else {"chart": self.secondary.chart, "points": self.secondary._points_dicts()},
            "signals": sigs,
            "summary": self.summary(),
        }


def _get_signals(self) -> pd.DataFrame:
    s = self.__dict__["_signals"]
    return s.table() if isinstance(s, SignalSet) else s


def _set_signals(self, value) -> None:  # only the dataclass __init__ gets here (frozen)
    self.__dict__["_signals"] = value


# ``signals`` stays a dataclass field (ControlChart(signals=...) takes a DataFrame or a
# SignalSet); reading it gives the DataFrame, built from a SignalSet on first access.
ControlChart.signals = property(_get_signals, _set_signals, doc="The signals table (see the class).")
