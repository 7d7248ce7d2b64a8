"""Benefits a manager counts: a project's change turned into units avoided per month.

For a goal going down, units avoided per month = (before - after) / scale x V; for a goal
going up, units gained = (after - before) / scale x V. ``scale`` is the metric's (e.g. 100
for NPS points) and V the denominator's monthly volume: for a project's result, the last
full month in the warehouse over the goal's filters ("current monthly volume"); across the
portfolio, the result window's own volume per average month (denominator / days x 365.25/12),
since listing reads no warehouse. What a unit is comes from ``<catalog>.benefits.yaml`` beside
the active catalog (``travel.benefits.yaml``: for manual CPO, manual contacts, i.e.
human-handled contacts avoided); a catalog without one counts its metrics in numerator units.

Interval: the change's confidence interval from the before/after test (``change_pct_ci``,
e.g. the quasi-Poisson rate ratio's) applied to ``before``; V is taken as known. Agent hours
= contacts avoided x AHT / 3600 (AHT: the catalog's ``aht`` metric over the same filters and
month) for metrics whose units are agent-handled contacts, or seconds / 3600 for AHT itself.

Only a closed project whose change is significant and in the goal's direction counts in the
portfolio's totals (the others are listed as not counted).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

AVG_MONTH_DAYS = 365.25 / 12


def rules_file() -> Path | None:
    """``<catalog>.benefits.yaml`` beside the active catalog's file (None for a catalog built
    in memory)."""
    from sixsigma.catalog import active

    path = active().path
    return None if path is None else path.with_name(f"{path.stem}.benefits.yaml")


def rules() -> dict:
    """The active catalog's benefit units: {'aht_metric': str, 'metrics': {metric: {'unit',
    'hours'}}}; empty when the catalog has no benefits file."""
    path = rules_file()
    return _read_rules(path) if path is not None and path.is_file() else {"metrics": {}}


@lru_cache(maxsize=8)
def _read_rules(path: Path) -> dict:
    from sixsigma.records import read_source  # size, depth and alias limits of every record file

    data = read_source(path).data or {}
    if not isinstance(data, dict) or not isinstance(data.get("metrics", {}), dict):
        from sixsigma.errors import InputError

        raise InputError(f"{path}: expected 'metrics:' mapping each metric to its unit")
    return {"metrics": {}, **data}


def unit_of(metric: str) -> tuple[str, str | None]:
    """(unit counted, how hours follow: 'aht', 'seconds' or None) for a metric."""
    spec = rules()["metrics"].get(metric) or {}
    return spec.get("unit", "numerator units"), spec.get("hours")


@dataclass(frozen=True)
class Benefit:
    """One project's benefit per month, with its interval (see the module docstring)."""

    metric: str
    unit: str
    better: str
    before: float
    after: float
    volume: float  # the denominator's monthly volume
    volume_basis: str  # where the volume comes from (e.g. "orders in 2025-06")
    per_month: float  # units avoided (goal down) or gained (goal up) per month
    per_month_ci: tuple[float, float]
    confidence: float = 0.95
    aht_seconds: float | None = None
    hours_per_month: float | None = None
    hours_ci: tuple[float, float] | None = None

    def summary(self) -> str:
        verb = "avoided" if self.better == "down" else "gained"
        lo, hi = self.per_month_ci
        text = (f"{self.per_month:,.0f} {self.unit} {verb} a month ({self.confidence:.0%} CI {lo:,.0f} to "
                f"{hi:,.0f}): {self.before:.4g} -> {self.after:.4g} on {self.volume_basis}.")
        if self.hours_per_month is not None:
            hl, hh = self.hours_ci
            how = f" at {self.aht_seconds:.0f} s AHT" if self.aht_seconds is not None else ""
            text += f" About {self.hours_per_month:,.0f} agent hours a month{how} (CI {hl:,.0f} to {hh:,.0f})."
        return text

    def to_dict(self) -> dict:
        d = asdict(self)
        d["per_month_ci"] = list(self.per_month_ci)
        d["hours_ci"] = list(self.hours_ci) if self.hours_ci else None
        d["summary"] = self.summary()
        return d


def benefit(metric: str, better: str, before: float, after: float, change_pct_ci, volume: float,
            volume_basis: str, scale: float = 1.0, aht_seconds: float | None = None,
            confidence: float = 0.95) -> Benefit:
    """The arithmetic: (before - after) / scale x volume (goal down; after - before for up),
    the interval from ``change_pct_ci`` applied to ``before``, hours where AHT is known."""
    sign = 1.0 if better == "down" else -1.0

    def gained(after_value: float) -> float:
        return sign * (before - after_value) / scale * volume

    lo, hi = sorted(gained(before * (1 + c / 100)) for c in change_pct_ci)
    unit, hours = unit_of(metric)
    per_hour = None  # agent hours per unit
    if hours == "aht" and aht_seconds is not None:
        per_hour = aht_seconds / 3600
    elif hours == "seconds":
        per_hour = 1 / 3600
    return Benefit(
        metric=metric, unit=unit, better=better, before=before, after=after, volume=volume,
        volume_basis=volume_basis, per_month=gained(after), per_month_ci=(lo, hi), confidence=confidence,
        aht_seconds=aht_seconds if hours == "aht" else None,
        hours_per_month=gained(after) * per_hour if per_hour is not None else None,
        hours_ci=(lo * per_hour, hi * per_hour) if per_hour is not None else None,
    )


def current_volume(wh, metric: str, filters: dict) -> tuple[float, str, dt.date] | None:
    """The denominator over the last full month of the warehouse for the goal's filters:
    (volume, '<denominator> in YYYY-MM', month start); None without a full month."""
    df = wh.metric(metric, grain="month", filters=filters)
    if not len(df):
        return None
    last = df.iloc[-1]
    month = last["period"].date()
    den = wh.catalog.metric(metric).denominator
    what = "orders" if den.source == "orders" else "denominator units"
    return float(last["denominator"]), f"{what} in {month:%Y-%m}", month


def aht_in(wh, filters: dict, month: dt.date) -> float | None:
    """Average handle time (s) over one month for the filters, if the catalog has the metric."""
    name = rules().get("aht_metric")
    if not name or name not in wh.catalog.metrics:
        return None
    end = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    df = wh.metric(name, grain="month", filters=filters, start=month, end=end)
    return float(df["value"].iloc[-1]) if len(df) else None


def result_benefit(wh, project, before: float, after: float, change_pct_ci, confidence: float = 0.95) -> dict | None:
    """A project's result as a benefit per month at the warehouse's current volume (to_dict),
    or None when the warehouse has no full month for the goal."""
    goal = project.charter.goal
    vol = current_volume(wh, goal.metric, goal.filters)
    if vol is None:
        return None
    volume, basis, month = vol
    _, hours = unit_of(goal.metric)
    aht = aht_in(wh, goal.filters, month) if hours == "aht" else None
    return benefit(goal.metric, goal.better, before, after, change_pct_ci, volume, basis,
                   scale=wh.catalog.metric(goal.metric).scale, aht_seconds=aht, confidence=confidence).to_dict()


def benefits_html(result) -> str:
    """The storyboard's benefit line (escaped HTML), empty when the result carries none."""
    from markupsafe import Markup, escape

    b = getattr(result, "benefits", None) if result is not None else None
    if not b:
        return Markup("")
    return Markup('<p class="benefit"><strong>Benefit:</strong> {}</p>').format(escape(b["summary"]))


# -- the portfolio ----------------------------------------------------------------------------
def row_benefit(row: dict, scale: float = 1.0) -> Benefit | None:
    """An index row's benefit at its result window's monthly volume (None without a result)."""
    if row.get("current") is None or not row.get("result_days") or row.get("result_denominator") is None:
        return None
    volume = row["result_denominator"] / row["result_days"] * AVG_MONTH_DAYS
    return benefit(row["metric"], row["better"], row["before"], row["current"],
                   (row["change_lo"], row["change_hi"]), volume, "the result window's monthly volume", scale)


def rollup(rows: list[dict], scales: dict[str, float] | None = None) -> dict:
    """Counted benefits (closed, significant, in the goal's direction) summed by unit, and by
    year closed, business line and belt; with how many closed results were not counted.

    Interval bounds are summed as they are (a conservative band, not a joint interval).
    """
    scales = scales or {}
    total: dict[str, dict] = {}
    by: dict[str, dict[tuple, dict]] = {"year": {}, "business_line": {}, "belt": {}}
    counted = not_counted = 0
    for r in rows:
        if r.get("phase") != "closed" and r.get("status") != "closed":
            continue
        b = row_benefit(r, scales.get(r["metric"], 1.0))
        if b is None or not r.get("improved"):
            not_counted += b is not None
            continue
        counted += 1
        keys = {"year": str(r["closed_on"].year) if r.get("closed_on") else "",
                "business_line": r.get("business_lines") or "(all)", "belt": r["belt"]}
        for acc in (total.setdefault(b.unit, _zero()),
                    *(by[k].setdefault((keys[k], b.unit), _zero()) for k in by)):
            _add(acc, b)
    tables = {k: [{k: key, "unit": unit, **acc} for (key, unit), acc in sorted(v.items())] for k, v in by.items()}
    return {"counted": counted, "not_counted": not_counted,
            "total": [{"unit": u, **acc} for u, acc in sorted(total.items())], **tables}


def _zero() -> dict:
    return {"projects": 0, "per_month": 0.0, "ci_low": 0.0, "ci_high": 0.0, "hours_per_month": 0.0}


def _add(acc: dict, b: Benefit) -> None:
    acc["projects"] += 1
    acc["per_month"] += b.per_month
    acc["ci_low"] += b.per_month_ci[0]
    acc["ci_high"] += b.per_month_ci[1]
    acc["hours_per_month"] += b.hours_per_month or 0.0
