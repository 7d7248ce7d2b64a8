"""Tests on proportions and counts in categories.

- 1-proportion: exact binomial by default (as Minitab): two-sided p sums the outcomes no
  more likely than the observed one (R's binom.test), Clopper-Pearson interval. ``normal``:
  z = (x - n p0)/√(n p0 (1 - p0)) with the Wald interval (Minitab's normal approximation);
  ``score``: R's prop.test (Wilson score interval, continuity correction by default).
- 2 (or k) proportions: the pooled chi-square test of equal proportions as R's prop.test:
  X² = Σ (|O - E| - c)²/E with Yates' c = min(0.5, |p1 - p2|/(1/n1 + 1/n2)) for two groups
  when ``correction`` is on (the default); the interval for p1 - p2 is the Wald interval
  widened by c(1/n1 + 1/n2). ``z`` = sign(p1 - p2)√X² is also reported (Minitab's "Z"),
  and Fisher's exact p-value for two groups. Minitab's default unpooled z test differs.
- Chi-square test of independence (R's chisq.test; Yates' correction on 2x2 tables only,
  on by default) with expected counts, Pearson and standardized residuals, Cramér's V.
- Chi-square goodness of fit against given proportions (equal by default).
- Fisher's exact test for 2x2 tables with R's conditional maximum-likelihood odds ratio and
  its interval (solved as fisher.test does, see ``roots``).
"""

from __future__ import annotations

from functools import partial

import numpy as np
import pandas as pd
from scipy import stats as st
from scipy.special import logsumexp

from sixsigma.errors import InputError, unknown
from sixsigma.stats import checks as ck
from sixsigma.stats.inputs import column, counts_list
from sixsigma.stats.result import (
    TestResult,
    alpha_of,
    check_confidence,
    checks_frame,
    decision_text,
    fmt,
    fmt_ci,
    fmt_p,
    hypotheses_text,
    normalize_alternative,
    resolve_alpha,
)
from sixsigma.stats.roots import uniroot

_TRUE_WORDS = {
    "1",
    "1.0",
    "true",
    "yes",
    "y",
    "resolved",
    "event",
    "pass",
    "success",
    "defective",
    "defect",
}


def binary_counts(values: pd.Series, event=None) -> tuple[int, int, str]:
    """(events, trials, event label) of a two-valued column.

    The event is ``event`` when given; otherwise True/1/yes-like values, else (as Minitab)
    the greater of the two values in sort order.
    """
    s = pd.Series(values).dropna()
    if s.empty:
        raise InputError("the outcome column has no values")
    levels = pd.unique(s)
    if event is not None:
        hits = s.astype(str) == str(event)
        if not hits.any() and str(event) not in {str(v) for v in levels}:
            raise InputError(
                f"event {event!r} not found; the values are: {', '.join(map(str, levels[:10]))}"
            )
        return int(hits.sum()), int(s.size), str(event)
    if len(levels) > 2:
        raise InputError(
            f"the outcome has {len(levels)} distinct values ({', '.join(map(str, levels[:6]))}...); "
            "a proportion needs a yes/no column or event= to name the event"
        )
    labels = sorted(str(v) for v in levels)
    truthy = [lab for lab in labels if lab.strip().lower() in _TRUE_WORDS]
    ev = truthy[0] if len(truthy) == 1 else labels[-1]
    if len(labels) == 1 and not truthy:
        ev = labels[0]
    return int((s.astype(str) == ev).sum()), int(s.size), ev


def _binom_two_sided(x: int, n: int, p: float) -> float:
    """R's binom.test two-sided p: outcomes with probability <= d(x)(1 + 1e-7)."""
    k = np.arange(n + 1)
    d = st.binom.pmf(k, n, p)
    return float(min(1.0, d[d <= st.binom.pmf(x, n, p) * (1 + 1e-7)].sum()))


def clopper_pearson(x, n, confidence, alternative):
    """Exact (Clopper-Pearson) interval for a binomial proportion (one-sided bounds too)."""
    a = 1 - confidence if alternative != "two-sided" else (1 - confidence) / 2
    lo = 0.0 if x == 0 else st.beta.ppf(a, x, n - x + 1)
    hi = 1.0 if x == n else st.beta.ppf(1 - a, x + 1, n - x)
    if alternative == "less":
        lo = 0.0
    elif alternative == "greater":
        hi = 1.0
    return float(lo), float(hi)


def _z_p(z, alternative):
    if alternative == "two-sided":
        return float(2 * st.norm.sf(abs(z)))
    return float(st.norm.cdf(z) if alternative == "less" else st.norm.sf(z))


def _prop1_exact(x, n, p0, phat, zq, alternative, confidence, correction):
    """Exact binomial p (R's binom.test) and the Clopper-Pearson interval."""
    if alternative == "two-sided":
        p = _binom_two_sided(x, n, p0)
    elif alternative == "less":
        p = float(st.binom.cdf(x, n, p0))
    else:
        p = float(st.binom.sf(x - 1, n, p0))
    ci = clopper_pearson(x, n, confidence, alternative)
    return p, ci, float(x), "x", "1-proportion (exact binomial)"


def _score_interval(phat, n, zq, yates):
    """Wilson score interval with continuity correction (R's prop.test)."""
    z22n = zq**2 / (2 * n)
    pc = phat + yates / n
    hi = (
        1.0
        if pc >= 1
        else (pc + z22n + zq * np.sqrt(pc * (1 - pc) / n + z22n / (2 * n))) / (1 + 2 * z22n)
    )
    pc = phat - yates / n
    lo = (
        0.0
        if pc <= 0
        else (pc + z22n - zq * np.sqrt(pc * (1 - pc) / n + z22n / (2 * n))) / (1 + 2 * z22n)
    )
    return max(lo, 0.0), min(hi, 1.0)


def _prop1_z(method, x, n, p0, phat, zq, alternative, confidence, correction):
    """z = (x - n p0 ∓ Yates)/√(n p0 (1 - p0)); Wald (normal) or Wilson score (score) interval."""
    yates = min(0.5, abs(x - n * p0)) if (method == "score" and correction) else 0.0
    dev = x - n * p0
    z = (np.sign(dev) * (abs(dev) - yates)) / np.sqrt(n * p0 * (1 - p0))
    p = _z_p(z, alternative)
    if method == "normal":
        name = "1-proportion (normal approximation)"
        half = zq * np.sqrt(phat * (1 - phat) / n)
        lo, hi = max(phat - half, 0.0), min(phat + half, 1.0)
    else:
        name = "1-proportion (score, as R prop.test)"
        lo, hi = _score_interval(phat, n, zq, yates)
    ci = (
        float(lo) if alternative != "less" else 0.0,
        float(hi) if alternative != "greater" else 1.0,
    )
    return p, ci, float(z), "z", name


_PROP1 = {
    "exact": _prop1_exact,
    "normal": partial(_prop1_z, "normal"),
    "score": partial(_prop1_z, "score"),
}


def _prop1_conclusion(x, n, phat, p0, ci, p, alpha, confidence):
    ci_txt = fmt_ci(ci, confidence)
    if p < alpha:
        return (
            f"the proportion is {'higher' if phat > p0 else 'lower'} than {fmt(p0)}: "
            f"{fmt(phat)} ({x} of {n}; {ci_txt}, {fmt_p(p)})"
        )
    return (
        f"the proportion {fmt(phat)} ({x} of {n}) is not significantly different from {fmt(p0)} "
        f"({ci_txt}, {fmt_p(p)}, {decision_text(p, alpha)})"
    )


def one_proportion(
    data=None,
    value: str | None = None,
    *,
    events: int | None = None,
    trials: int | None = None,
    event=None,
    p0: float = 0.5,
    method: str = "exact",
    correction: bool = True,
    alternative: str = "two-sided",
    confidence: float = 0.95,
) -> TestResult:
    """Test H0: p = p0 from a yes/no column or from events= and trials=."""
    alternative, confidence = normalize_alternative(alternative), check_confidence(confidence)
    if method not in ("exact", "normal", "score"):
        raise unknown("1-proportion method", method, ["exact", "normal", "score"])
    if not 0 < p0 < 1:
        raise InputError(f"p0 = {p0} must be between 0 and 1")
    if events is not None or trials is not None:
        x, n = (int(v) for v in counts_list([events, trials], "events and trials"))
        label = "event"
    else:
        s = column(data, value, "value") if isinstance(data, pd.DataFrame) else pd.Series(data)
        x, n, label = binary_counts(s, event)
    if n < 1 or x > n:
        raise InputError(f"events ({x}) must be between 0 and trials ({n}), with trials >= 1")
    phat = x / n
    alpha = alpha_of(confidence)
    zq = st.norm.ppf(0.5 + confidence / 2 if alternative == "two-sided" else confidence)
    p, ci, stat, stat_name, name = _PROP1[method](
        x, n, p0, phat, zq, alternative, confidence, correction
    )
    expected = [n * p0, n * (1 - p0)]
    rows = (
        [ck.expected_count_check(expected)]
        if method != "exact"
        else [("method", "pass", "the exact binomial test is valid for any sample size")]
    )
    return TestResult(
        test=name,
        hypotheses=hypotheses_text("the proportion", p0, alternative),
        statistic=stat,
        statistic_name=stat_name,
        df=None,
        p_value=p,
        estimate=phat,
        estimate_name="proportion",
        ci=ci,
        alternative=alternative,
        alpha=alpha,
        effect_size=float(2 * np.arcsin(np.sqrt(phat)) - 2 * np.arcsin(np.sqrt(p0))),
        effect_size_name="Cohen's h",
        checks=checks_frame(rows),
        conclusion=_prop1_conclusion(x, n, phat, p0, ci, p, alpha, confidence),
        kind="proportions",
        extra={"events": x, "trials": n, "event": label, "p0": p0},
        plot_data={
            "groups": pd.DataFrame(
                {
                    "group": ["sample"],
                    "events": [x],
                    "trials": [n],
                    "proportion": [phat],
                    "ci_lo": [ci[0]],
                    "ci_hi": [ci[1]],
                }
            ),
            "null": p0,
        },
    )


def _group_counts(data, value, group, groups, events, trials, event):
    if events is not None or trials is not None:
        x = counts_list(events, "events")
        n = counts_list(trials, "trials", positive=True)
        if x.size != n.size:
            raise InputError(
                f"events has {x.size} values and trials has {n.size}; give one of each per group"
            )
        labels = (
            [str(g) for g in groups] if groups is not None else [str(i + 1) for i in range(x.size)]
        )
        if len(labels) != x.size:
            raise InputError(f"{len(labels)} group labels for {x.size} groups")
        return labels, x, n, "event"
    if not isinstance(data, pd.DataFrame):
        raise InputError(
            "pass a DataFrame with value= (yes/no outcome) and group=, or events= and trials="
        )
    y = column(data, value, "value")
    g = column(data, group, "group")
    frame = pd.DataFrame({"y": y, "g": g}).dropna()
    _, _, ev = binary_counts(frame["y"], event)
    frame["hit"] = frame["y"].astype(str) == ev
    agg = frame.groupby("g", sort=True)["hit"].agg(["sum", "size"])
    agg.index = agg.index.astype(str)
    if groups is not None:
        wanted = [str(v) for v in groups]
        missing = [w for w in wanted if w not in agg.index]
        if missing:
            raise InputError(
                f"group level(s) {', '.join(missing)} not found; levels are: {', '.join(agg.index)}"
            )
        agg = agg.loc[wanted]
    return list(agg.index), agg["sum"].to_numpy(float), agg["size"].to_numpy(float), ev


def _diff_interval(phat, n, yates, confidence, alternative):
    """p1 - p2 ± (z √(Σ p(1-p)/n) + Yates·Σ 1/n) (R's prop.test); returns (delta, yates, ci)."""
    delta = float(phat[0] - phat[1])
    yates = min(yates, abs(delta) / np.sum(1 / n))
    zq = st.norm.ppf(0.5 + confidence / 2 if alternative == "two-sided" else confidence)
    width = zq * np.sqrt(np.sum(phat * (1 - phat) / n)) + yates * np.sum(1 / n)
    ci = {
        "two-sided": (max(delta - width, -1.0), min(delta + width, 1.0)),
        "greater": (max(delta - width, -1.0), 1.0),
        "less": (-1.0, min(delta + width, 1.0)),
    }[alternative]
    return delta, yates, (float(ci[0]), float(ci[1]))


def _prop_groups(labels, x, n, phat, confidence) -> pd.DataFrame:
    """Per-group proportions with Clopper-Pearson intervals for the figure."""
    groups_df = pd.DataFrame(
        {"group": labels, "events": x.astype(int), "trials": n.astype(int), "proportion": phat}
    )
    a2 = (1 - confidence) / 2
    groups_df["ci_lo"] = np.where(x == 0, 0.0, st.beta.ppf(a2, x, n - x + 1))
    groups_df["ci_hi"] = np.where(x == n, 1.0, st.beta.ppf(1 - a2, x + 1, n - x))
    return groups_df


def _two_prop_text(labels, phat, delta, ci, p, alpha, confidence):
    a, b = labels
    ci_txt = fmt_ci(ci, confidence)
    if p < alpha:
        return (
            f"the proportion in {a} is {'higher' if delta > 0 else 'lower'} than in {b}: "
            f"{fmt(phat[0], 3)} vs {fmt(phat[1], 3)}, difference {fmt(delta, 3)} ({ci_txt}, {fmt_p(p)})"
        )
    return (
        f"no significant difference between the proportions of {a} and {b}: "
        f"{fmt(phat[0], 3)} vs {fmt(phat[1], 3)}, difference {fmt(delta, 3)} "
        f"({ci_txt}, {fmt_p(p)}, {decision_text(p, alpha)})"
    )


def _k_prop_text(labels, phat, chi2, df, p, alpha):
    k = len(labels)
    hi, lo = int(np.argmax(phat)), int(np.argmin(phat))
    if p < alpha:
        return (
            f"the proportions differ across the {k} groups (X² = {fmt(chi2)}, df = {df}, {fmt_p(p)}): "
            f"highest {labels[hi]} {fmt(phat[hi], 3)}, lowest {labels[lo]} {fmt(phat[lo], 3)}"
        )
    return (
        f"no significant difference in proportions across the {k} groups "
        f"(X² = {fmt(chi2)}, df = {df}, {fmt_p(p)}; range {fmt(phat[lo], 3)} to {fmt(phat[hi], 3)})"
    )


def _two_prop_test(obs, exp, k, yates, delta, alternative, method, correction, extra):
    """Pearson X² = Σ(|O - E| - Yates)²/E on k - 1 df (z = ±√X² for two groups) or Fisher's p."""
    with np.errstate(divide="ignore", invalid="ignore"):
        chi2 = float(np.nansum((np.abs(obs - exp) - yates) ** 2 / exp))
    df = k - 1
    if k == 2:
        z = float(np.sign(delta) * np.sqrt(chi2))
        p_chi = float(st.chi2.sf(chi2, df)) if alternative == "two-sided" else _z_p(z, alternative)
        fisher_p = fisher_p_value(obs, alternative)
        extra.update({"z": z, "fisher_p_value": fisher_p, "difference": delta})
    else:
        p_chi = float(st.chi2.sf(chi2, df))
    if method == "fisher":
        if k != 2:
            raise InputError(
                "Fisher's exact test compares two groups; use the chi-square test for more"
            )
        return chi2, df, fisher_p, "2-proportions (Fisher's exact)"
    name = (f"{k}-proportions test" if k > 2 else "2-proportions test") + (
        " with continuity correction" if correction and k == 2 else ""
    )
    return chi2, df, p_chi, name


def two_proportions(
    data=None,
    value: str | None = None,
    group: str | None = None,
    *,
    groups=None,
    events=None,
    trials=None,
    event=None,
    correction: bool = True,
    method: str = "normal",
    alternative: str = "two-sided",
    confidence: float = 0.95,
) -> TestResult:
    """Test H0: equal proportions (p1 - p2 = 0 for two groups; all equal for k groups).

    Summarized: events=[x1, x2, ...], trials=[n1, n2, ...]. Raw: a yes/no value= column and a
    group= column. method="fisher" makes Fisher's exact test the decision (two groups).
    """
    alternative, confidence = normalize_alternative(alternative), check_confidence(confidence)
    if method not in ("normal", "fisher"):
        raise unknown("2-proportions method", method, ["normal", "fisher"])
    labels, x, n, ev = _group_counts(data, value, group, groups, events, trials, event)
    if len(labels) < 2:
        raise InputError("a comparison of proportions needs at least two groups")
    if np.any(x > n):
        raise InputError("events cannot exceed trials in any group")
    k = len(labels)
    if k > 2 and alternative != "two-sided":
        raise InputError("a one-sided alternative needs exactly two groups")
    phat = x / n
    pbar = x.sum() / n.sum()
    obs = np.column_stack([x, n - x])
    exp = np.column_stack([n * pbar, n * (1 - pbar)])
    alpha = alpha_of(confidence)
    yates = 0.5 if (correction and k == 2) else 0.0
    extra: dict = {}
    delta = ci = None
    if k == 2:
        delta, yates, ci = _diff_interval(phat, n, yates, confidence, alternative)
    chi2, df, p, name = _two_prop_test(obs, exp, k, yates, delta, alternative, method,
                                       correction, extra)
    groups_df = _prop_groups(labels, x, n, phat, confidence)
    extra["groups"] = groups_df[["group", "events", "trials", "proportion"]]
    extra["event"] = ev
    extra["expected"] = pd.DataFrame(
        {"group": labels, "expected_events": exp[:, 0], "expected_non_events": exp[:, 1]}
    )
    effect = float(np.sqrt(np.nansum((obs - exp) ** 2 / exp) / n.sum()))
    if k == 2:
        a, b = labels
        conclusion = _two_prop_text(labels, phat, delta, ci, p, alpha, confidence)
        estimate, est_name = delta, f"difference p({a}) - p({b})"
        hyp = hypotheses_text(f"proportion of {a} - proportion of {b}", 0.0, alternative)
    else:
        conclusion = _k_prop_text(labels, phat, chi2, df, p, alpha)
        estimate, est_name = None, ""
        hyp = "H0: all group proportions are equal; H1: at least one differs"
    return TestResult(
        test=name,
        hypotheses=hyp,
        statistic=chi2,
        statistic_name="X-squared",
        df=float(df),
        p_value=p,
        estimate=estimate,
        estimate_name=est_name,
        ci=ci,
        alternative=alternative,
        alpha=alpha,
        effect_size=effect,
        effect_size_name="Cramér's V",
        checks=checks_frame([ck.expected_count_check(exp)]),
        conclusion=conclusion,
        kind="proportions",
        extra=extra,
        plot_data={"groups": groups_df, "null": None},
    )


def _table_from(data, row, column_, count, table):
    """A 2-D contingency table (DataFrame with row/column labels) from any accepted input."""
    if table is not None:
        t = table if isinstance(table, pd.DataFrame) else pd.DataFrame(np.asarray(table))
        t = t.copy()
        t.index = t.index.astype(str)
        t.columns = t.columns.astype(str)
    else:
        if not isinstance(data, pd.DataFrame):
            raise InputError("pass a DataFrame with row= and column= (and count=), or table=")
        r = column(data, row, "row")
        c = column(data, column_, "column")
        frame = pd.DataFrame({"r": r.astype(str), "c": c.astype(str)})
        frame["n"] = pd.to_numeric(column(data, count, "count"), errors="coerce") if count else 1.0
        frame = frame.dropna()
        t = frame.pivot_table(index="r", columns="c", values="n", aggfunc="sum", fill_value=0)
        t.index.name, t.columns.name = row, column_
    values = t.to_numpy(dtype=float)
    if values.ndim != 2 or min(values.shape) < 2:
        raise InputError(
            f"the table is {values.shape[0]} x {values.shape[1]}; it needs at least 2 rows and 2 columns"
        )
    if np.any(values < 0) or not np.all(np.isfinite(values)):
        raise InputError("table counts must be non-negative numbers")
    return t


def _independence_cells(t, o, e, rs, cs, total) -> pd.DataFrame:
    """Per cell: O, E, Pearson residual (O - E)/√E, standardized residual, X² contribution."""
    resid = (o - e) / np.sqrt(e)
    stdres = (o - e) / np.sqrt(e * (1 - rs / total) * (1 - cs / total))
    return pd.DataFrame(
        {
            "row": np.repeat(t.index.to_numpy(), o.shape[1]),
            "column": np.tile(t.columns.to_numpy(), o.shape[0]),
            "observed": o.ravel(),
            "expected": e.ravel(),
            "residual": resid.ravel(),
            "std_residual": stdres.ravel(),
            "contribution": ((o - e) ** 2 / e).ravel(),
        }
    )


def _independence_text(cells, rname, cname, chi2, df, p, alpha) -> str:
    """The conclusion, naming the two cells with the largest standardized residuals."""
    top = cells.reindex(cells["std_residual"].abs().sort_values(ascending=False).index).head(2)
    drivers = "; ".join(
        f"{r.row}/{r.column} {'more' if r.std_residual > 0 else 'fewer'} than expected "
        f"({fmt(r.observed, 4)} vs {fmt(r.expected, 4)}, std residual {r.std_residual:+.1f})"
        for r in top.itertuples()
    )
    if p < alpha:
        return f"{rname} and {cname} are associated (X² = {fmt(chi2)}, df = {df}, {fmt_p(p)}): {drivers}"
    return (
        f"no significant association between {rname} and {cname} "
        f"(X² = {fmt(chi2)}, df = {df}, {fmt_p(p)})"
    )


def chi_square_independence(
    data=None,
    row: str | None = None,
    column: str | None = None,
    count: str | None = None,
    *,
    table=None,
    correction: bool = True,
    alpha: float | None = None,
    confidence: float | None = None,
) -> TestResult:
    """Pearson chi-square test of independence of two categorical variables (R's chisq.test).

    X² = Σ (|O - E| - c)²/E, E = row total x column total / N, df = (r - 1)(c - 1); Yates'
    c = min(0.5, |O - E|) only for 2x2 tables with ``correction``. Standardized residuals
    (O - E)/√(E (1 - row share)(1 - column share)) show which cells drive the association.
    ``confidence`` (default 0.95) sets the decision level; ``alpha`` = 1 - confidence also works.
    """
    alpha = resolve_alpha(alpha, confidence)
    t = _table_from(data, row, column, count, table)
    o = t.to_numpy(dtype=float)
    total = o.sum()
    if total <= 0:
        raise InputError("the table is empty")
    rs, cs = o.sum(axis=1, keepdims=True), o.sum(axis=0, keepdims=True)
    if np.any(rs == 0) or np.any(cs == 0):
        raise InputError("a row or column of the table sums to zero; drop it first")
    e = rs @ cs / total
    yates = 0.0
    if correction and o.shape == (2, 2):
        yates = float(min(0.5, np.abs(o - e).min()))
    chi2 = float(np.sum((np.abs(o - e) - yates) ** 2 / e))
    df = (o.shape[0] - 1) * (o.shape[1] - 1)
    p = float(st.chi2.sf(chi2, df))
    rname, cname = t.index.name or "row", t.columns.name or "column"
    cells = _independence_cells(t, o, e, rs, cs, total)
    v = float(np.sqrt(np.sum((o - e) ** 2 / e) / (total * (min(o.shape) - 1))))
    return TestResult(
        test="chi-square test of independence"
        + (" (Yates' correction)" if correction and o.shape == (2, 2) else ""),
        hypotheses=f"H0: {rname} and {cname} are independent; H1: they are associated",
        statistic=chi2,
        statistic_name="X-squared",
        df=float(df),
        p_value=p,
        estimate=None,
        estimate_name="",
        ci=None,
        alternative="two-sided",
        alpha=alpha,
        effect_size=v,
        effect_size_name="Cramér's V",
        checks=checks_frame([ck.expected_count_check(e)]),
        conclusion=_independence_text(cells, rname, cname, chi2, df, p, alpha),
        kind="table",
        extra={
            "cells": cells,
            "expected": pd.DataFrame(e, index=t.index, columns=t.columns).reset_index(names=rname),
        },
        plot_data={"cells": cells, "row_name": rname, "column_name": cname},
    )


def _gof_observed(data, category, count, observed, labels):
    """(category names, observed counts) from observed= or a DataFrame's category= (count=)."""
    if observed is not None:
        o = counts_list(observed, "observed counts", integer=False)
        names = (
            [str(v) for v in labels] if labels is not None else [str(i + 1) for i in range(o.size)]
        )
        return names, o
    if not isinstance(data, pd.DataFrame):
        raise InputError(
            "pass observed=[...] counts, or a DataFrame with category= (and count=)"
        )
    cat = column(data, category, "category").astype(str)
    if count:
        w = pd.to_numeric(column(data, count, "count"), errors="coerce")
        agg = w.groupby(cat, sort=True).sum()
    else:
        agg = cat.value_counts().sort_index()
    return [str(v) for v in agg.index], agg.to_numpy(dtype=float)


def _gof_proportions(proportions, k: int) -> np.ndarray:
    """The null proportions, equal by default, rescaled to sum to 1."""
    if proportions is None:
        return np.full(k, 1.0 / k)
    prop = np.asarray(proportions, dtype=float)
    if prop.size != k or np.any(prop < 0) or prop.sum() <= 0:
        raise InputError(f"give {k} non-negative proportions (they are rescaled to sum to 1)")
    return prop / prop.sum()


def chi_square_gof(
    data=None,
    category: str | None = None,
    count: str | None = None,
    *,
    observed=None,
    proportions=None,
    labels=None,
    alpha: float | None = None,
    confidence: float | None = None,
) -> TestResult:
    """Chi-square goodness of fit of observed counts to given proportions (equal by default).

    X² = Σ (O - E)²/E with E = N p_i (p rescaled to sum to 1), df = k - 1 (R's chisq.test(x, p)).
    ``confidence`` (default 0.95) sets the decision level; ``alpha`` = 1 - confidence also works.
    """
    alpha = resolve_alpha(alpha, confidence)
    names, o = _gof_observed(data, category, count, observed, labels)
    k = o.size
    if k < 2:
        raise InputError("a goodness-of-fit test needs at least two categories")
    if len(names) != k:
        raise InputError(f"{len(names)} labels for {k} counts")
    if o.sum() <= 0:
        raise InputError("every observed count is zero; a goodness-of-fit test needs some counts")
    prop = _gof_proportions(proportions, k)
    total = o.sum()
    e = total * prop
    chi2 = float(np.sum((o - e) ** 2 / e))
    df = k - 1
    p = float(st.chi2.sf(chi2, df))
    cells = pd.DataFrame(
        {
            "category": names,
            "observed": o,
            "expected": e,
            "proportion": prop,
            "residual": (o - e) / np.sqrt(e),
            "std_residual": (o - e) / np.sqrt(e * (1 - prop)),
            "contribution": (o - e) ** 2 / e,
        }
    )
    top = cells.iloc[int(np.argmax(np.abs(cells["residual"].to_numpy())))]
    if p < alpha:
        conclusion = (
            f"the counts do not fit the given proportions (X² = {fmt(chi2)}, df = {df}, {fmt_p(p)}); "
            f"largest departure: {top['category']} {fmt(top['observed'], 4)} vs {fmt(top['expected'], 4)} expected"
        )
    else:
        conclusion = (
            f"the counts fit the given proportions (X² = {fmt(chi2)}, df = {df}, {fmt_p(p)})"
        )
    return TestResult(
        test="chi-square goodness of fit",
        hypotheses="H0: the categories follow the given proportions; H1: they do not",
        statistic=chi2,
        statistic_name="X-squared",
        df=float(df),
        p_value=p,
        estimate=None,
        estimate_name="",
        ci=None,
        alternative="two-sided",
        alpha=alpha,
        effect_size=float(np.sqrt(chi2 / total)),
        effect_size_name="Cohen's w",
        checks=checks_frame([ck.expected_count_check(e)]),
        conclusion=conclusion,
        kind="gof",
        extra={"cells": cells, "expected": cells[["category", "expected"]]},
        plot_data={"cells": cells},
    )


def _noncentral_hypergeom(m, n, k, x):
    """R fisher.test's helpers: support, log densities and the functions of the odds ratio."""
    lo, hi = max(0, k - n), min(k, m)
    support = np.arange(lo, hi + 1)
    logdc = st.hypergeom.logpmf(support, m + n, m, k)

    def dens(ncp):
        d = logdc + np.log(ncp) * support
        d = np.exp(d - d.max())
        return d / d.sum()

    def mean(ncp):
        if ncp == 0:
            return lo
        if np.isinf(ncp):
            return hi
        return float(np.sum(support * dens(ncp)))

    def prob(q, ncp, upper):
        if ncp == 1:
            return float(
                st.hypergeom.sf(x - 1, m + n, m, k) if upper else st.hypergeom.cdf(x, m + n, m, k)
            )
        if ncp == 0:
            return float(q <= lo if upper else q >= lo)
        if np.isinf(ncp):
            return float(q <= hi if upper else q >= hi)
        d = dens(ncp)
        return float(d[support >= q].sum() if upper else d[support <= q].sum())

    return lo, hi, support, logdc, mean, prob


def fisher_p_value(table, alternative: str = "two-sided") -> float:
    """Fisher's exact p-value of a 2x2 table (two-sided: tables no more likely than the observed
    one, relative tolerance 1e-7, as R's fisher.test)."""
    o = np.asarray(table, dtype=float)
    x = int(o[0, 0])
    m, n, k = int(o[:, 0].sum()), int(o[:, 1].sum()), int(o[0].sum())
    if alternative == "less":
        return float(st.hypergeom.cdf(x, m + n, m, k))
    if alternative == "greater":
        return float(st.hypergeom.sf(x - 1, m + n, m, k))
    lo, hi = max(0, k - n), min(k, m)
    logdc = st.hypergeom.logpmf(np.arange(lo, hi + 1), m + n, m, k)
    d = np.exp(logdc - logsumexp(logdc))
    return float(min(1.0, d[d <= d[x - lo] * (1 + 1e-7)].sum()))


def _fisher_odds_ratio(x, lo, hi, mean, prob, confidence, alternative):
    """Conditional MLE of the odds ratio and its interval inverting the noncentral tails (R)."""

    def mle():
        if x == lo:
            return 0.0
        if x == hi:
            return np.inf
        mu = mean(1)
        if mu > x:
            return uniroot(lambda t_: mean(t_) - x, 0.0, 1.0)
        if mu < x:
            return 1 / uniroot(lambda t_: mean(1 / t_) - x, np.finfo(float).eps, 1.0)
        return 1.0

    def ncp_upper(a):
        if x == hi:
            return np.inf
        pp = prob(x, 1, upper=False)
        if pp < a:
            return uniroot(lambda t_: prob(x, t_, False) - a, 0.0, 1.0)
        if pp > a:
            return 1 / uniroot(lambda t_: prob(x, 1 / t_, False) - a, np.finfo(float).eps, 1.0)
        return 1.0

    def ncp_lower(a):
        if x == lo:
            return 0.0
        pp = prob(x, 1, upper=True)
        if pp > a:
            return uniroot(lambda t_: prob(x, t_, True) - a, 0.0, 1.0)
        if pp < a:
            return 1 / uniroot(lambda t_: prob(x, 1 / t_, True) - a, np.finfo(float).eps, 1.0)
        return 1.0

    est = float(mle())
    if alternative == "less":
        ci = (0.0, float(ncp_upper(1 - confidence)))
    elif alternative == "greater":
        ci = (float(ncp_lower(1 - confidence)), np.inf)
    else:
        a = (1 - confidence) / 2
        ci = (float(ncp_lower(a)), float(ncp_upper(a)))
    return est, ci


def _fisher_text(t, p1, p2, est, ci, p, alpha, confidence) -> str:
    r1, r2 = t.index[0], t.index[1]
    c1 = t.columns[0]
    ci_txt = fmt_ci(ci, confidence)
    if p < alpha:
        return (
            f"the share of {c1} differs between {r1} and {r2}: {fmt(p1, 3)} vs {fmt(p2, 3)} "
            f"(odds ratio {fmt(est)}, {ci_txt}, {fmt_p(p)})"
        )
    return (
        f"no significant difference in the share of {c1} between {r1} and {r2}: {fmt(p1, 3)} vs "
        f"{fmt(p2, 3)} (odds ratio {fmt(est)}, {ci_txt}, {fmt_p(p)}, {decision_text(p, alpha)})"
    )


def fisher_exact(
    data=None,
    row: str | None = None,
    column: str | None = None,
    count: str | None = None,
    *,
    table=None,
    alternative: str = "two-sided",
    confidence: float = 0.95,
) -> TestResult:
    """Fisher's exact test on a 2x2 table, with R's conditional MLE odds ratio and interval.

    Two-sided p sums the tables no more likely than the observed one (relative tolerance
    1e-7, as R). The odds ratio is (row 1 col 1 x row 2 col 2)/(row 1 col 2 x row 2 col 1)'s
    conditional maximum-likelihood estimate; its interval inverts the noncentral
    hypergeometric tails, solved with R's uniroot so the printed values match fisher.test.
    """
    alternative, confidence = normalize_alternative(alternative), check_confidence(confidence)
    t = _table_from(data, row, column, count, table)
    o = t.to_numpy(dtype=float)
    if o.shape != (2, 2):
        raise InputError(
            f"Fisher's exact test here needs a 2x2 table, got {o.shape[0]}x{o.shape[1]}; "
            "use the chi-square test for larger tables"
        )
    if np.any(o != np.round(o)):
        raise InputError("Fisher's exact test needs whole-number counts")
    x = int(o[0, 0])
    m, n, k = int(o[:, 0].sum()), int(o[:, 1].sum()), int(o[0].sum())
    lo, hi, support, logdc, mean, prob = _noncentral_hypergeom(m, n, k, x)
    p = fisher_p_value(o, alternative)
    est, ci = _fisher_odds_ratio(x, lo, hi, mean, prob, confidence, alternative)
    alpha = alpha_of(confidence)
    r1, r2 = t.index[0], t.index[1]
    p1, p2 = o[0, 0] / o[0].sum(), o[1, 0] / o[1].sum()
    cells = pd.DataFrame(
        {
            "row": np.repeat(t.index.to_numpy(), 2),
            "column": np.tile(t.columns.to_numpy(), 2),
            "observed": o.ravel(),
        }
    )
    return TestResult(
        test="Fisher's exact test",
        hypotheses=hypotheses_text("the odds ratio", 1.0, alternative),
        statistic=None,
        statistic_name="",
        df=None,
        p_value=float(p),
        estimate=est,
        estimate_name="odds ratio (conditional MLE)",
        ci=ci,
        alternative=alternative,
        alpha=alpha,
        effect_size=est,
        effect_size_name="odds ratio",
        checks=checks_frame(
            [("method", "pass", "Fisher's exact test is valid for any cell counts")]
        ),
        conclusion=_fisher_text(t, p1, p2, est, ci, p, alpha, confidence),
        kind="table",
        extra={"cells": cells, "proportions": {str(r1): p1, str(r2): p2}},
        plot_data={
            "cells": cells.assign(expected=np.nan, std_residual=np.nan),
            "row_name": t.index.name or "row",
            "column_name": t.columns.name or "column",
        },
    )
