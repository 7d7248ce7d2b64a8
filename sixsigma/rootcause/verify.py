"""Verify a cause with data: run the hypothesis test its data link implies on the warehouse.

A cause is *verified* only when the data show that the X moved (or differs) in the way that
explains the effect, beyond chance (p < alpha) **and** by a material amount; otherwise it
is *rejected*, with the reason. The test follows from the link's metric kind:

=====================  =================================  ==================================
metric kind + link     test (``sixsigma.stats``)           verified when
=====================  =================================  ==================================
rate, dimension=level  exact 2-sample Poisson rate test:   the level's contacts per order rose
+ reference/problem    level's numerator per denominator   (``direction``), p < alpha, and the
windows                in the problem vs the reference     relative change |r_p / r_r - 1| >=
                       window (conditional binomial)       ``min_effect`` (default 0.10)
proportion, level      2-proportions test: the level vs    the level's *bad* share (numerator
(+ one window, or      all other levels in the window (or  when lower is better, its complement
reference/problem)     problem vs reference window)        otherwise) is higher by >= 10%
                                                           relative, p < alpha
proportion, dimension  chi-square test of independence,    p < alpha and worst / best group's
(no level)             levels x (event, non-event)         bad share - 1 >= 10%
mean / score,          one-way ANOVA of the daily values   p < alpha and eta² >= 0.06 (Cohen's
dimension              per level (days are replicates)     "medium", 1988)
=====================  =================================  ==================================

``direction`` defaults to the metric's worsening direction (up for manual CPO, whose
``better`` is down), because a cause explains a worsening effect. The link's filters extend
the fishbone effect's filters (the link wins on a shared dimension). Windows are half-open
``[start, end)`` like the warehouse's. Aggregation happens in the warehouse
(``wh.metric``); this module only adds up per-period numerators and denominators.

The warehouse is passed in (anything with the ``Warehouse.metric`` signature), so this module
never imports duckdb.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from functools import partial
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from sixsigma.catalog import active
from sixsigma.errors import InputError, unknown
from sixsigma.results import ResultMixin, jsonable
from sixsigma.rootcause.models import DataLink, Evidence, Fishbone, Window
from sixsigma.stats import run as run_test
from sixsigma.stats.registry import canonical

DEFAULT_MIN_EFFECT = {"quasi_poisson": 0.10, "poisson_rate": 0.10, "quasi_binomial": 0.10,
                      "two_proportions": 0.10, "chi_square": 0.10, "anova": 0.06}
# the record's spelling of a test -> its registry name (sixsigma.stats.registry), which is the
# level test of the metric's kind (sixsigma.catalog.kinds)
RECORD_TESTS = {t: canonical(t) for t in DEFAULT_MIN_EFFECT}


@dataclass(frozen=True)
class VerificationResult(ResultMixin):
    """What ``verify`` found for one cause: the evidence to store and the compared groups."""

    cause_id: str
    cause_text: str
    test_name: str
    evidence: Evidence
    table: pd.DataFrame          # group, numerator, denominator, value, ci_low, ci_high, highlight
    value_label: str
    test: Any = None             # the sixsigma.stats TestResult

    figure_builder: ClassVar[str] = "sixsigma.plots.rootcause:verification_figure"

    @property
    def outcome(self) -> str:
        return self.evidence.outcome

    def summary(self) -> str:
        e = self.evidence
        return (f"{self.cause_id}: {e.outcome.upper()} — {e.conclusion}\n"
                f"  test: {e.test}; window: {e.window}")

    def to_dict(self) -> dict:
        return jsonable({
            "kind": "verification",
            "cause": self.cause_id,
            "text": self.cause_text,
            "test_kind": self.test_name,
            "outcome": self.evidence.outcome,
            "evidence": self.evidence.model_dump(mode="json", exclude_none=True),
            "table": self.table,
            "test": self.test.to_dict() if self.test is not None else None,
            "summary": self.summary(),
        })


def effective_filters(fb: Fishbone, link: DataLink) -> dict[str, list[str]]:
    """Effect filters extended (and overridden per dimension) by the link's filters."""
    out = {k: list(v) for k, v in fb.effect.filters.items()}
    out.update({k: list(v) for k, v in link.filters.items()})
    return out


def choose_test(link: DataLink, metric) -> str:
    """The test a data link implies (see the module table); a clear error when none fits."""
    kind = metric.strategy
    by_name = {v: k for k, v in RECORD_TESTS.items()}
    allowed = [by_name[t] for t in kind.level_tests if t in by_name]
    if link.test != "auto":
        if link.test not in allowed:
            raise InputError(f"test {link.test!r} does not fit metric {metric.name!r} ({metric.kind}); "
                             f"use one of: {', '.join(allowed)} (or test: auto)")
        test = link.test
    elif link.level is None and "chi-square" in kind.level_tests:
        test = "chi_square"  # a dimension without a level: independence of levels x outcome
    else:
        test = by_name.get(metric.level_test, "anova")
    if link.dimension is None:
        raise InputError(f"the data link of metric {metric.name!r} needs the dimension that expresses "
                         "the X (dimension: reason, team, site, ...)")
    if test in ("poisson_rate", "quasi_poisson") and (link.level is None or link.reference is None):
        raise InputError("a rate link needs a level (e.g. level: hotel_confirmation) and reference + "
                         "problem windows to compare the level's rate before and after")
    if test in ("two_proportions", "quasi_binomial") and link.level is None:
        raise InputError("a 2-proportions link needs the level to compare with the rest (level: ...)")
    if test in ("two_proportions", "quasi_binomial", "chi_square", "anova") and _single_window(link) is None:
        raise InputError("give the data window: window: {start: YYYY-MM-DD, end: YYYY-MM-DD} (end exclusive)")
    return test


def _single_window(link: DataLink) -> Window | None:
    return link.window or link.problem


def _totals(wh, metric, dimension, filters, window: Window) -> pd.DataFrame:
    """Numerator and denominator per level of ``dimension`` summed over the window."""
    df = wh.metric(metric.name, grain="month", by=[dimension], filters=filters,
                   start=window.start, end=window.end, keep_partial=True)  # the whole window
    if not len(df):
        raise InputError(f"no {metric.name} data for {filters or 'all'} in {window.label()}; "
                         "check the window and filters (`sixsigma data info` shows the date range)")
    return df.groupby(dimension, sort=True)[["numerator", "denominator"]].sum()


def _overall(wh, metric, filters, window: Window) -> tuple[float, float]:
    """(numerator, denominator) of the whole metric slice over the window."""
    df = wh.metric(metric.name, grain="month", filters=filters, start=window.start, end=window.end,
                   keep_partial=True)
    num, den = float(df["numerator"].sum()), float(df["denominator"].sum())
    if den <= 0:
        raise InputError(f"no {metric.name} data for {_filters_text(filters)} in {window.label()}")
    return num, den


def _worse_direction(metric) -> str:
    return "up" if metric.better == "down" else "down"


def _alternative(direction: str) -> str:
    return {"up": "greater", "down": "less", "either": "two-sided"}[direction]


def _moved(change: float, direction: str) -> bool:
    return change > 0 if direction == "up" else change < 0 if direction == "down" else change != 0


def _round(x, digits: int = 6):
    if x is None:
        return None
    x = float(x)
    if not math.isfinite(x):
        return None  # records hold finite numbers only (e.g. no change from a zero rate)
    if x == 0:
        return x
    if x.is_integer() and abs(x) < 1e15:
        return int(x)
    return round(x, digits - 1 - int(math.floor(math.log10(abs(x)))))


def verify_cause(fb: Fishbone, cause_id: str, wh, today: dt.date | None = None) -> VerificationResult:
    """Run the test of a cause's data link against the warehouse ``wh``; return the evidence.

    Nothing is written: record it with ``fishbone.record_evidence`` (the CLI does, atomically).
    """
    cause = fb.cause(cause_id)
    if cause.data_link is None:
        raise InputError(f"cause {cause_id!r} has no data_link; add one (metric, dimension, level, windows) "
                         "to say how the warehouse expresses this X")
    link = cause.data_link
    metric = (getattr(wh, "catalog", None) or active()).metric(link.metric)
    test = choose_test(link, metric)
    filters = effective_filters(fb, link)
    if link.dimension in filters and link.level is None:
        raise InputError(f"the link filters on {link.dimension!r}, the dimension it tests; drop that filter")
    direction = link.direction or _worse_direction(metric)
    min_effect = link.min_effect if link.min_effect is not None else DEFAULT_MIN_EFFECT[test]
    run = {"quasi_poisson": partial(_poisson, robust=True), "poisson_rate": _poisson,
           "quasi_binomial": partial(_two_props, robust=True), "two_proportions": _two_props,
           "chi_square": _chi_square, "anova": _anova}[test]
    res = run(cause, link, metric, filters, wh, direction, min_effect)
    data = res["evidence"]["data"]
    res["evidence"]["data"] = {k: _round(v) if isinstance(v, float) else v for k, v in data.items()}
    ev = Evidence(date=today or dt.date.today(), alpha=link.alpha, **res["evidence"])
    return VerificationResult(cause_id=cause.id, cause_text=cause.text, test_name=test, evidence=ev,
                              table=res["table"], value_label=res["value_label"], test=res["test"])


def _p_text(p: float) -> str:
    return "p < 1e-300" if p == 0 else f"p = {p:.3g}"


def _verdict(p, alpha, moved, material, what_moved, effect_txt, min_txt, direction_txt):
    """(outcome, conclusion): verified only when significant, in the explaining direction, material."""
    if p is None or not np.isfinite(p):
        return "rejected", f"no test result ({what_moved}); cannot verify"
    if p >= alpha:
        return "rejected", (f"not verified: {what_moved}; the difference is within chance "
                            f"({_p_text(p)} >= alpha = {alpha:g})")
    if not moved:
        return "rejected", (f"not verified: {what_moved}, which is the opposite of {direction_txt} "
                            f"({_p_text(p)}), so it cannot explain the effect")
    if not material:
        return "rejected", (f"not verified: {what_moved} ({_p_text(p)}) but the effect {effect_txt} is "
                            f"below the material threshold {min_txt}")
    return "verified", f"verified: {what_moved} ({_p_text(p)}, alpha = {alpha:g})"


def _exposure(metric) -> str:
    """What a rate is per: the denominator's source (orders) when it comes from another source."""
    d = metric.denominator
    return d.source if metric.per_order else d.describe()


def _daily(wh, metric, dim, filters, window: Window) -> pd.DataFrame:
    """The metric per day and level of ``dim`` over the window (the robust tests' periods)."""
    return wh.metric(metric.name, grain="day", by=[dim], filters=filters, start=window.start,
                     end=window.end, keep_partial=True)


def _robust_note(res) -> dict:
    """What the plain test on the summed totals said, beside the robust one."""
    plain = res.extra.get("poisson_exact") or res.extra.get("two_proportions") or {}
    lo, hi = (list(plain.get("ci") or []) + [None, None])[:2]
    out = {"dispersion": _round(res.extra.get("dispersion")), "plain_test": plain.get("test"),
           "plain_p_value": _round(plain.get("p_value")), "plain_estimate": _round(plain.get("estimate")),
           "plain_ci_low": _round(lo), "plain_ci_high": _round(hi)}
    return {k: v for k, v in out.items() if v is not None}  # a one-sided interval has one end


def _poisson(cause, link, metric, filters, wh, direction, min_effect, robust: bool = False):

    dim, level = link.dimension, link.level
    y_f = {k: v for k, v in filters.items() if k != dim}
    ref, prob = (_totals(wh, metric, dim, {**y_f, dim: [level]}, w) for w in (link.reference, link.problem))
    y_r, y_p = (_overall(wh, metric, y_f, w) for w in (link.reference, link.problem))
    c_r, c_p = float(ref["numerator"].sum()), float(prob["numerator"].sum())
    if getattr(metric, "per_order", False):  # the level's exposure is all the slice's orders
        e_r, e_p = y_r[1], y_p[1]
    else:
        e_r, e_p = float(ref["denominator"].sum()), float(prob["denominator"].sum())
    if e_r <= 0 or e_p <= 0:
        raise InputError(f"no exposure ({_exposure(metric)}) in one of the windows")
    yr, yp = y_r[0] / y_r[1], y_p[0] / y_p[1]
    res = run_test("poisson-rate", counts=[c_p, c_r], exposures=[e_p, e_r],
                   groups=["problem", "reference"], alternative=_alternative(direction),
                   method="exact", alpha=link.alpha, measure=f"{dim} = {level} {metric.name}",
                   unit=metric.unit)
    robust_data = {}
    if robust:  # the same comparison on the level's daily counts, over-dispersion allowed for
        days = pd.concat([_daily(wh, metric, dim, {**y_f, dim: [level]}, w).assign(window=label)
                          for w, label in ((link.reference, "reference"), (link.problem, "problem"))])
        res = run_test("quasi-poisson", days, value="numerator", exposure="denominator",
                       group="window", groups=["problem", "reference"],
                       alternative=_alternative(direction), alpha=link.alpha,
                       measure=f"{dim} = {level} {metric.name}", unit=metric.unit)
        robust_data = _robust_note(res)
    r_r, r_p = c_r / e_r, c_p / e_p
    change = r_p / r_r - 1 if r_r > 0 else math.inf
    share = (r_p - r_r) / (yp - yr) if yp != yr else None
    what = (f"{dim} = {level} {metric.label.lower()} went from {r_r:.4g} to {r_p:.4g} "
            f"({change:+.1%}) between {link.reference.label()} and {link.problem.label()}")
    if share is not None and np.isfinite(share):
        what += f"; that is {share:.0%} of the effect's change ({yr:.4g} to {yp:.4g})"
    outcome, conclusion = _verdict(res.p_value, link.alpha, _moved(change, direction),
                                   abs(change) >= min_effect, what, f"{change:+.1%}",
                                   f"{min_effect:.0%}", f"the expected move ({direction})")
    table = pd.DataFrame({
        "group": [f"reference {link.reference.label()}", f"problem {link.problem.label()}"],
        "numerator": [c_r, c_p], "denominator": [e_r, e_p], "value": [r_r, r_p],
        "ci_low": [np.nan, np.nan], "ci_high": [np.nan, np.nan], "highlight": [False, True],
    })
    evidence = {
        "test": f"{res.test}; {dim} = {level} per {_exposure(metric)}, problem vs reference window",
        "statistic": _round(res.statistic), "statistic_name": res.statistic_name,
        "p_value": _round(res.p_value), "effect": _round(change),
        "effect_name": "relative change of the rate (problem / reference - 1)",
        "window": f"reference {link.reference.label()} vs problem {link.problem.label()}",
        "outcome": outcome, "conclusion": conclusion,
        "data": {"reference_count": c_r, "reference_exposure": e_r, "reference_rate": _round(r_r),
                 "problem_count": c_p, "problem_exposure": e_p, "problem_rate": _round(r_p),
                 "rate_ratio": _round(res.estimate) if res.estimate is not None else _round(r_p / r_r),
                 "effect_reference": _round(yr), "effect_problem": _round(yp),
                 "share_of_effect_change": _round(share) if share is not None else None,
                 "filters": _filters_text(filters), **robust_data},
    }
    return {"evidence": evidence, "table": table, "test": res,
            "value_label": f"{metric.label} ({dim} = {level})"}


def _bad_share(num, den, metric):
    """The share of bad outcomes: the numerator's share when lower is better, else the rest."""
    p = num / den
    return p if metric.better == "down" else 1 - p


def _two_props(cause, link, metric, filters, wh, direction, min_effect, robust: bool = False):

    dim, level = link.dimension, link.level
    base = {k: v for k, v in filters.items() if k != dim}
    if link.reference is not None:  # the level before vs after
        f_level = {**base, dim: [level]}
        ref = _totals(wh, metric, dim, f_level, link.reference)
        prob = _totals(wh, metric, dim, f_level, link.problem)
        x = [float(prob["numerator"].sum()), float(ref["numerator"].sum())]
        n = [float(prob["denominator"].sum()), float(ref["denominator"].sum())]
        labels = [f"problem {link.problem.label()}", f"reference {link.reference.label()}"]
        window = f"reference {link.reference.label()} vs problem {link.problem.label()}"
        who = f"{dim} = {level} {metric.label.lower()}"
    else:
        w = _single_window(link)
        tot = _totals(wh, metric, dim, base, w)
        if level not in tot.index:
            raise unknown(f"{dim} level", level, [str(i) for i in tot.index])
        rest = tot.drop(index=level)
        x = [float(tot.loc[level, "numerator"]), float(rest["numerator"].sum())]
        n = [float(tot.loc[level, "denominator"]), float(rest["denominator"].sum())]
        labels = [str(level), f"other {dim}s"]
        window = w.label()
        who = f"{metric.label.lower()} of {dim} = {level} vs the other {dim}s"
    if min(n) <= 0:
        raise InputError(f"no {metric.name} observations for one of the groups in {window}")
    res = run_test("two-proportions", events=[int(round(v)) for v in x],
                   trials=[int(round(v)) for v in n], groups=labels,
                   alternative=_alternative(direction), alpha=link.alpha)
    robust_data = {}
    if robust:  # the same comparison on daily proportions, over-dispersion allowed for
        if link.reference is not None:
            days = pd.concat([_daily(wh, metric, dim, {**base, dim: [level]}, w).assign(window=lab)
                              for w, lab in ((link.reference, labels[1]), (link.problem, labels[0]))])
        else:
            d = _daily(wh, metric, dim, base, _single_window(link))
            d = d.assign(window=np.where(d[dim].astype(str) == str(level), labels[0], labels[1]))
            days = d.groupby(["period", "window"], as_index=False)[["numerator", "denominator"]].sum()
        days = days.assign(numerator=days["numerator"].round(), denominator=days["denominator"].round())
        res = run_test("quasi-binomial", days, value="numerator", trials="denominator", group="window",
                       groups=labels, alternative=_alternative(direction), alpha=link.alpha,
                       measure=metric.label.lower())
        robust_data = _robust_note(res)
    p1, p2 = x[0] / n[0], x[1] / n[1]
    b1, b2 = _bad_share(x[0], n[0], metric), _bad_share(x[1], n[1], metric)
    worse = b1 / b2 - 1 if b2 > 0 else math.inf
    what = f"{who}: {p1:.2%} vs {p2:.2%} (bad outcomes {worse:+.1%} relative)"
    moved = _moved(p1 - p2, direction)
    outcome, conclusion = _verdict(res.p_value, link.alpha, moved, worse >= min_effect, what,
                                   f"{worse:+.1%}", f"+{min_effect:.0%}",
                                   f"the expected direction ({direction})")
    table = pd.DataFrame({"group": labels, "numerator": x, "denominator": n, "value": [p1, p2],
                          "ci_low": np.nan, "ci_high": np.nan, "highlight": [True, False]})
    evidence = {
        "test": f"{res.test}; {metric.name} by {dim}", "statistic": _round(res.statistic),
        "statistic_name": res.statistic_name, "p_value": _round(res.p_value), "effect": _round(worse),
        "effect_name": "relative difference of the bad-outcome share (first / second - 1)",
        "window": window, "outcome": outcome, "conclusion": conclusion,
        "data": {"events_1": x[0], "trials_1": n[0], "proportion_1": _round(p1),
                 "events_2": x[1], "trials_2": n[1], "proportion_2": _round(p2),
                 "filters": _filters_text(filters), **robust_data},
    }
    return {"evidence": evidence, "table": table, "test": res, "value_label": metric.label}


def _chi_square(cause, link, metric, filters, wh, direction, min_effect):

    dim = link.dimension
    w = _single_window(link)
    tot = _totals(wh, metric, dim, {k: v for k, v in filters.items() if k != dim}, w)
    tot = tot[tot["denominator"] > 0]
    if len(tot) < 2:
        raise InputError(f"{dim} has fewer than two levels with {metric.name} data in {w.label()}")
    events = tot["numerator"].round().astype("int64")
    table = pd.DataFrame({"event": events, "non_event": tot["denominator"].round().astype("int64") - events})
    table.index.name, table.columns.name = dim, "outcome"
    res = run_test("chi-square", table=table, alpha=link.alpha)
    props = tot["numerator"] / tot["denominator"]
    bad = props if metric.better == "down" else 1 - props
    spread = bad.max() / bad.min() - 1 if bad.min() > 0 else math.inf
    worst = str(bad.idxmax())
    what = (f"{metric.label.lower()} differs by {dim}: {props.min():.2%} to {props.max():.2%}; "
            f"worst {worst} ({props[worst]:.2%}; worst / best bad-outcome share {spread:+.1%})")
    outcome, conclusion = _verdict(res.p_value, link.alpha, True, spread >= min_effect, what,
                                   f"{spread:+.1%}", f"+{min_effect:.0%}", "")
    out = pd.DataFrame({"group": [str(i) for i in tot.index], "numerator": tot["numerator"].to_numpy(),
                        "denominator": tot["denominator"].to_numpy(), "value": props.to_numpy(),
                        "ci_low": np.nan, "ci_high": np.nan, "highlight": [str(i) == worst for i in tot.index]})
    evidence = {
        "test": f"{res.test}; {metric.name} by {dim}", "statistic": _round(res.statistic),
        "statistic_name": res.statistic_name, "p_value": _round(res.p_value), "effect": _round(spread),
        "effect_name": "worst / best bad-outcome share - 1",
        "window": w.label(), "outcome": outcome, "conclusion": conclusion,
        "data": {"levels": int(len(tot)), "worst": worst, "cramers_v": _round(res.effect_size),
                 "filters": _filters_text(filters)},
    }
    return {"evidence": evidence, "table": out, "test": res, "value_label": metric.label}


def _anova(cause, link, metric, filters, wh, direction, min_effect):

    dim = link.dimension
    w = _single_window(link)
    daily = wh.metric(metric.name, grain="day", by=[dim], filters={k: v for k, v in filters.items() if k != dim},
                      start=w.start, end=w.end)
    daily = daily[daily["value"].notna()]
    counts = daily.groupby(dim)["value"].size()
    keep = counts[counts >= 2].index
    daily = daily[daily[dim].isin(keep)]
    if len(keep) < 2:
        raise InputError(f"{dim} has fewer than two levels with daily {metric.name} values in {w.label()}")
    res = run_test("anova", daily, value="value", group=dim)
    means = daily.groupby(dim)["value"].mean()
    worst = str(means.idxmax() if metric.better == "down" else means.idxmin())
    eta2 = res.effect_size
    what = (f"daily {metric.label.lower()} differs by {dim}: means {means.min():.4g} to {means.max():.4g}; "
            f"worst {worst} ({means[worst]:.4g}); eta² = {eta2:.3f}")
    outcome, conclusion = _verdict(res.p_value, link.alpha, True, eta2 is not None and eta2 >= min_effect,
                                   what, f"eta² = {eta2:.3f}", f"eta² >= {min_effect:g}", "")
    out = pd.DataFrame({"group": [str(i) for i in means.index], "numerator": np.nan,
                        "denominator": daily.groupby(dim).size().to_numpy(dtype=float),
                        "value": means.to_numpy(), "ci_low": np.nan, "ci_high": np.nan,
                        "highlight": [str(i) == worst for i in means.index]})
    evidence = {
        "test": f"{res.test} of daily {metric.name} by {dim}", "statistic": _round(res.statistic),
        "statistic_name": res.statistic_name, "p_value": _round(res.p_value), "effect": _round(eta2),
        "effect_name": "eta squared", "window": w.label(), "outcome": outcome, "conclusion": conclusion,
        "data": {"levels": int(len(means)), "days": int(daily["period"].nunique()), "worst": worst,
                 "filters": _filters_text(filters)},
    }
    return {"evidence": evidence, "table": out, "test": res, "value_label": f"daily {metric.label}"}


def _filters_text(filters: dict) -> str:
    return "; ".join(f"{k}={','.join(v)}" for k, v in sorted(filters.items())) or "none"
