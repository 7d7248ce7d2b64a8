"""Pick the test from the data, like the Minitab Assistant's decision tree, and say why.

``compare(df, value=..., group=...)`` (``y=``/``x=`` still accepted) looks at the response and the groups;
every test it picks runs by name through :func:`sixsigma.stats.registry.run`:

- Y type: a count with ``exposure=`` -> rate; events with ``trials=`` -> proportion
  (summarized); a two-valued column (yes/no, 0/1, True/False) -> proportion; a numeric
  column -> continuous; any other text column -> categorical.
- paired data (``before=``/``after=`` columns, or ``paired=True`` with ``subject=``):
  paired t when the differences look normal or there are at least 20 pairs, else the
  Wilcoxon signed-rank test.
- one sample (no ``x``): 1-sample t / Wilcoxon against ``mu``, 1-proportion (exact) against
  ``p0``, 1-sample Poisson rate against ``rate0``.
- continuous, two groups: Welch's 2-sample t (Minitab's default: no equal-variance
  assumption) when every group has at least 15 values or looks normal, else Mann-Whitney.
- continuous, several groups: with normal-enough groups, one-way ANOVA + Tukey when the
  Brown-Forsythe test finds no difference in spread, else Welch's ANOVA + Games-Howell; with
  small non-normal groups, Kruskal-Wallis (Mood's median test when there are outliers, as it
  resists them).
- proportion, two groups: the 2-proportions test, or Fisher's exact test when an expected
  count is below 5; several groups: the chi-square test of equal proportions.
- rate, two groups: the exact 2-sample Poisson rate test; several groups: chi-square
  goodness of fit of the counts to shares proportional to exposure (equal rates).
- categorical Y: chi-square test of independence (Fisher's exact for a sparse 2x2 table).
- a numeric X with more than 10 distinct values is a measurement, not a grouping: linear
  regression for a continuous Y, binary logistic regression for a yes/no Y.
The result is the chosen test's ``TestResult`` with ``chosen`` and ``reason`` added.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from sixsigma.errors import InputError, unknown
from sixsigma.stats import checks as ck
from sixsigma.stats.inputs import as_groups, column
from sixsigma.stats.normality import anderson_darling
from sixsigma.stats.proportions import binary_counts
from sixsigma.stats.registry import run
from sixsigma.stats.result import TestResult, fmt_p

LARGE_GROUP = 15  # Minitab Assistant: 2-sample t and ANOVA are robust from 15 per group
LARGE_PAIRED = 20
MAX_LEVELS = 10  # a numeric X with more distinct values is a measurement, not a grouping


def _either(new, old, new_name: str, old_name: str):
    """The value of an option given under its name or its former name (not both, differently)."""
    if new is not None and old is not None and new != old:
        raise InputError(f"give {new_name}= or its former name {old_name}=, not both")
    return new if new is not None else old


def y_kind(df: pd.DataFrame, y: str, *, exposure=None, trials=None) -> str:
    """'rate', 'proportion', 'continuous' or 'categorical'."""
    if exposure:
        return "rate"
    if trials:
        return "proportion"
    s = column(df, y, "y").dropna()
    if s.empty:
        raise InputError(f"column {y!r} has no values")
    if s.dtype == bool or s.nunique() == 2:
        return "proportion"
    if pd.api.types.is_numeric_dtype(s):
        return "continuous"
    return "categorical"


def _normal_enough(labels, samples, large_n) -> tuple[bool, str]:
    if min(s.size for s in samples) >= large_n:
        return True, f"every group has at least {large_n} values, so the mean-based test is robust"
    status, _, msg = ck.normality_check(labels, samples, large_n=large_n)
    if status == "pass":
        return (
            True,
            "the small groups show no evidence against normality (Anderson-Darling p >= 0.05)",
        )
    return False, msg


def _with_reason(res: TestResult, chosen: str, reason: str) -> TestResult:
    own = res.extra.get("reason")  # what the test itself found (e.g. the dispersion)
    extra = {**res.extra, "chosen": chosen, "reason": f"{reason}; {own}" if own else reason}
    return dataclasses.replace(res, extra=extra)


def compare(
    df: pd.DataFrame,
    value: str | None = None,
    group: str | None = None,
    *,
    y: str | None = None,
    x: str | None = None,
    paired: bool = False,
    subject: str | None = None,
    before: str | None = None,
    after: str | None = None,
    groups=None,
    exposure: str | None = None,
    trials: str | None = None,
    event=None,
    mu: float | None = None,
    p0: float | None = None,
    rate0: float | None = None,
    alternative: str = "two-sided",
    confidence: float = 0.95,
) -> TestResult:
    """Choose and run the right test for ``value`` (by ``group``); the result carries ``chosen``
    and ``reason``. ``y=``/``x=`` are the former names of ``value=``/``group=``, still accepted.
    """
    if not isinstance(df, pd.DataFrame):
        raise InputError("compare() needs a DataFrame")
    y, x = _either(value, y, "value", "y"), _either(group, x, "group", "x")
    kw = {"alternative": alternative, "confidence": confidence}
    if paired and before is None:
        return _paired_long(df, y, x, subject, groups, kw)
    if before is not None or after is not None:
        return _paired(df, before, after, kw)
    if y is None:
        raise InputError("give y= (the response column), or before= and after= for paired data")
    for name, role in ((y, "y"), (exposure, "exposure"), (trials, "trials")):
        if name is not None:
            column(df, name, role)
    kind = y_kind(df, y, exposure=exposure, trials=trials)
    if x is None:
        return _one_sample(df, y, kind, exposure, trials, event, mu, p0, rate0, kw)
    gcol = column(df, x, "x")
    n_levels = gcol.dropna().nunique() if groups is None else len(groups)
    if n_levels < 2:
        raise InputError(f"x column {x!r} has {n_levels} level(s); a comparison needs at least two")
    if groups is None and pd.api.types.is_numeric_dtype(gcol) and n_levels > MAX_LEVELS:
        res = _measured_x(df, y, x, kind, trials, event, n_levels, confidence)
        if res is not None:
            return res
    if kind == "continuous":
        return _continuous(df, y, x, groups, kw)
    if kind == "proportion":
        return _proportions(df, y, x, gcol, groups, trials, event, kw)
    if kind == "rate":
        return _rates(df, y, x, gcol, groups, exposure, kw)
    return _categorical(df, y, x, gcol, kw)


def _paired_long(df, y, x, subject, groups, kw) -> TestResult:
    """Long data paired by ``subject`` across two levels of ``x``: made wide, then compared."""
    if x is None or subject is None or y is None:
        raise InputError(
            "paired comparisons need before= and after= columns, or y=, x= (two levels) and subject="
        )
    for name, role in ((subject, "subject"), (x, "x"), (y, "y")):
        column(df, name, role)
    wide = df.pivot_table(index=subject, columns=x, values=y, aggfunc="mean")
    levels = [str(g) for g in groups] if groups is not None else list(wide.columns)
    if len(levels) != 2:
        raise InputError(
            f"paired comparisons need exactly two levels of {x!r}; found {len(levels)}"
        )
    wide.columns = [str(c) for c in wide.columns]
    return compare(wide.reset_index(), before=str(levels[0]), after=str(levels[1]), **kw)


def _paired(df, before, after, kw) -> TestResult:
    """Paired t when the pairs are many or their differences look normal, else Wilcoxon."""
    b = pd.to_numeric(column(df, before, "before"), errors="coerce")
    a = pd.to_numeric(column(df, after, "after"), errors="coerce")
    d = (b - a).dropna().to_numpy(float)
    if d.size < 2:
        raise InputError("paired data need at least 2 complete pairs")
    if d.size >= LARGE_PAIRED:
        return _with_reason(
            run("paired-t", df, before=before, after=after, **kw),
            "paired-t",
            f"paired data ({before} vs {after} on the same units) with {d.size} pairs: "
            "the paired t test is robust at this size",
        )
    p = anderson_darling(d)[2] if d.size >= 3 and np.ptp(d) > 0 else 0.0
    if p >= 0.05:
        return _with_reason(
            run("paired-t", df, before=before, after=after, **kw),
            "paired-t",
            f"paired data with {d.size} pairs whose differences look normal (Anderson-Darling {fmt_p(p)})",
        )
    return _with_reason(
        run("wilcoxon", df, before=before, after=after, **kw),
        "wilcoxon",
        f"paired data with only {d.size} pairs whose differences do not look normal "
        f"(Anderson-Darling {fmt_p(p)}): the signed-rank test does not need normality",
    )


def _one_sample(df, y, kind, exposure, trials, event, mu, p0, rate0, kw) -> TestResult:
    """One sample against its target: t or Wilcoxon, exact binomial, exact Poisson."""
    if kind == "continuous":
        vals = pd.to_numeric(df[y], errors="coerce").dropna().to_numpy(float)
        ok, why = _normal_enough(["sample"], [vals], LARGE_PAIRED)
        target = 0.0 if mu is None else mu
        if ok:
            return _with_reason(
                run("one-sample-t", df, value=y, mu=target, **kw),
                "one-sample-t",
                f"one continuous sample compared with {target:g}: {why}",
            )
        return _with_reason(
            run("wilcoxon", df, value=y, mu=target, **kw),
            "wilcoxon",
            f"one small continuous sample that does not look normal: {why}",
        )
    if kind == "proportion":
        target = 0.5 if p0 is None else p0
        if trials:
            x_, n_ = float(df[y].sum()), float(df[trials].sum())
            res = run("one-proportion", events=int(x_), trials=int(n_), p0=target, **kw)
        else:
            res = run("one-proportion", df, value=y, p0=target, event=event, **kw)
        return _with_reason(
            res,
            "one-proportion",
            "a yes/no response compared with a target proportion: "
            "the exact binomial test (valid at any sample size)",
        )
    if kind == "rate":
        target = 1.0 if rate0 is None else rate0
        return _with_reason(
            run("poisson-rate", df, value=y, exposure=exposure, rate0=target, **kw),
            "poisson-rate",
            "counts over an exposure compared with a target rate: the exact Poisson test",
        )
    raise InputError(
        f"a one-sample comparison of the text column {y!r} needs x= (a second factor)"
    )


def _measured_x(df, y, x, kind, trials, event, n_levels, confidence) -> TestResult | None:
    """A measured X (tenure, complexity...): model the relationship instead of comparing groups."""
    if kind == "continuous":
        return _with_reason(
            run("regression", df, y=y, x=[x], confidence=confidence),
            "regression",
            f"continuous {y} against a numeric {x} with {n_levels} distinct values: "
            "linear regression (slope, R², residual checks)",
        )
    if kind == "proportion" and not trials:
        return _with_reason(
            run("logistic", df, y=y, x=[x], event=event, confidence=confidence),
            "logistic",
            f"a yes/no {y} against a numeric {x} with {n_levels} distinct values: "
            "binary logistic regression (odds ratio per unit of x)",
        )
    return None


def _continuous(df, y, x, groups, kw) -> TestResult:
    """Continuous Y by group: t / Mann-Whitney for two, ANOVA / Welch / Mood / Kruskal for more."""
    confidence = kw["confidence"]
    labels, samples = as_groups(df, y, x, groups, min_groups=2, min_n=2)
    ok, why = _normal_enough(labels, samples, LARGE_GROUP)
    if len(labels) == 2:
        if ok:
            return _with_reason(
                run("two-sample-t", df, value=y, group=x, groups=labels, **kw),
                "two-sample-t",
                f"continuous {y} in two groups of {x}: {why}; Welch's t does not assume "
                "equal variances (Minitab's default)",
            )
        return _with_reason(
            run("mann-whitney", df, value=y, group=x, groups=labels, **kw),
            "mann-whitney",
            f"continuous {y} in two small groups that are not normal: {why}",
        )
    if ok:
        bf = ck.equal_variance_check(labels, samples, pooled=True)
        if bf[1] == "pass":
            return _with_reason(
                run("anova", df, value=y, group=x, groups=labels, confidence=confidence),
                "anova",
                f"continuous {y} in {len(labels)} groups of {x}: {why}, and {bf[2]}; "
                "one-way ANOVA with Tukey comparisons",
            )
        return _with_reason(
            run("welch-anova", df, value=y, group=x, groups=labels, confidence=confidence),
            "welch-anova",
            f"continuous {y} in {len(labels)} groups of {x}: {why}, but {bf[2]}; "
            "Welch's ANOVA with Games-Howell comparisons",
        )
    outliers = ck.outlier_check(labels, samples)
    if outliers[1] == "warn":
        return _with_reason(
            run("mood-median", df, value=y, group=x, groups=labels, confidence=confidence),
            "mood-median",
            f"small non-normal groups ({why}) with outliers: Mood's median test resists outliers",
        )
    return _with_reason(
        run("kruskal-wallis", df, value=y, group=x, groups=labels, confidence=confidence),
        "kruskal-wallis",
        f"small non-normal groups ({why}): Kruskal-Wallis compares them by ranks",
    )


def _proportions(df, y, x, gcol, groups, trials, event, kw) -> TestResult:
    """A yes/no Y (or events of trials) by group: 2-proportions, Fisher's exact or chi-square."""
    confidence = kw["confidence"]
    if trials:
        agg = df.groupby(gcol.astype(str), sort=True)[[y, trials]].sum()
        if groups is not None:
            agg = agg.loc[[str(g) for g in groups]]
        labels, ev, tr = list(agg.index), agg[y].to_numpy(float), agg[trials].to_numpy(float)
    else:
        frame = pd.DataFrame({"y": df[y], "g": gcol.astype(str)}).dropna()
        _, _, ev_label = binary_counts(frame["y"], event)
        hit = frame["y"].astype(str) == ev_label
        agg = hit.groupby(frame["g"], sort=True).agg(["sum", "size"])
        if groups is not None:
            agg = agg.loc[[str(g) for g in groups]]
        labels, ev, tr = (
            list(agg.index),
            agg["sum"].to_numpy(float),
            agg["size"].to_numpy(float),
        )
    pbar = ev.sum() / tr.sum()
    min_expected = float(min((tr * pbar).min(), (tr * (1 - pbar)).min()))
    pkw = kw if len(labels) == 2 else {"confidence": confidence}
    method = "fisher" if len(labels) == 2 and min_expected < 5 else "normal"

    def props(m):
        if trials:
            return run("two-proportions", events=ev.astype(int), trials=tr.astype(int),
                       groups=labels, method=m, **pkw)
        return run("two-proportions", df, value=y, group=x, groups=labels, event=event,
                   method=m, **pkw)

    res = props(method)
    if len(labels) == 2:
        if method == "fisher":
            return _with_reason(
                res,
                "fisher-exact",
                f"a yes/no {y} in two groups with an expected count of "
                f"{min_expected:.3g} (< 5): Fisher's exact test",
            )
        return _with_reason(
            res,
            "two-proportions",
            f"a yes/no {y} in two groups of {x} with every expected "
            "count at least 5: the 2-proportions test",
        )
    return _with_reason(
        res,
        "chi-square",
        f"a yes/no {y} in {len(labels)} groups of {x}: the chi-square "
        "test of equal proportions",
    )


def _rates(df, y, x, gcol, groups, exposure, kw) -> TestResult:
    """Counts over an exposure by group: exact Poisson rate test, or chi-square of the counts."""
    confidence = kw["confidence"]
    g = gcol.astype(str)
    agg = df.groupby(g, sort=True)[[y, exposure]].sum()
    if groups is not None:
        agg = agg.loc[[str(v) for v in groups]]
    labels = list(agg.index)
    if len(labels) == 2:
        return _with_reason(
            run("poisson-rate", df, value=y, group=x, exposure=exposure, groups=labels, **kw),
            "poisson-rate",
            f"counts of {y} over {exposure} in two groups: the exact 2-sample Poisson rate test "
            "(rate ratio and % change)",
        )
    res = run(
        "chi-square",
        counts=agg[y].to_numpy(float),
        proportions=agg[exposure].to_numpy(float),
        groups=labels,
        confidence=confidence,
    )
    return _with_reason(
        res,
        "chi-square",
        f"counts of {y} over {exposure} in {len(labels)} groups: equal rates mean "
        "counts proportional to exposure, a chi-square goodness-of-fit test",
    )


def _categorical(df, y, x, gcol, kw) -> TestResult:
    """Text Y by text X: chi-square test of independence (Fisher's exact for a sparse 2x2)."""
    confidence = kw["confidence"]
    table = pd.crosstab(gcol.astype(str), column(df, y, "y").astype(str))
    table.index.name, table.columns.name = x, y
    if table.shape == (2, 2):
        rs, cs = table.sum(axis=1).to_numpy(), table.sum(axis=0).to_numpy()
        if (np.outer(rs, cs) / table.to_numpy().sum()).min() < 5:
            return _with_reason(
                run("fisher-exact", table=table, **kw),
                "fisher-exact",
                "a sparse 2x2 table (an expected count below 5): Fisher's exact test",
            )
    return _with_reason(
        run("chi-square", table=table, confidence=confidence),
        "chi-square",
        f"text {y} by {x}: the chi-square test of independence",
    )


# ---------------------------------------------------------------------------------------------
# Metric tables (period, [dims], numerator, denominator, value), e.g. from Warehouse.metric

def _periods_quasi_poisson(frame, a, b, *, measure, unit, **kw):
    return run("quasi-poisson", frame, value="numerator", exposure="denominator", group="window",
               groups=[a, b], measure=measure, unit=unit, **kw)


def _periods_quasi_binomial(frame, a, b, *, measure, unit, **kw):
    counts = frame.assign(numerator=frame["numerator"].round(),
                          denominator=frame["denominator"].round())
    return run("quasi-binomial", counts, value="numerator", trials="denominator", group="window",
               groups=[a, b], measure=measure, **kw)


def _periods_poisson(frame, a, b, *, measure, unit, **kw):
    return run("poisson-rate", frame, value="numerator", group="window", exposure="denominator",
               groups=[a, b], measure=measure, unit=unit, **kw)


def _periods_two_proportions(frame, a, b, *, measure, unit, **kw):
    agg = frame.groupby("window")[["numerator", "denominator"]].sum().loc[[a, b]]
    return run("two-proportions", events=agg["numerator"].round().astype("int64"),
               trials=agg["denominator"].round().astype("int64"), groups=[a, b], **kw)


def _periods_values(name):
    def run_values(frame, a, b, *, measure, unit, **kw):
        return run(name, frame, value="value", group="window", groups=[a, b], **kw)
    return run_values


# before/after tests of a metric table: name -> (runner, why it fits)
_PERIOD_RUNNERS = {
    "quasi-poisson": (_periods_quasi_poisson,
                      "a rate metric measured per period: the quasi-Poisson rate ratio of the period "
                      "counts over their exposures, its interval widened by the over-dispersion the "
                      "periods show (the exact Poisson test on the sums is reported beside)"),
    "quasi-binomial": (_periods_quasi_binomial,
                       "a proportion metric measured per period: the quasi-binomial difference of the "
                       "period proportions, its interval widened by their over-dispersion (the "
                       "2-proportions test on the sums is reported beside)"),
    "poisson-rate": (_periods_poisson,
                     "a rate metric (counts over exposure): the exact Poisson rate test on the summed "
                     "numerators and denominators of each window"),
    "two-proportions": (_periods_two_proportions,
                        "a proportion metric: the 2-proportions test on the summed events and trials "
                        "of each window"),
    "two-sample-t": (_periods_values("two-sample-t"),
                     "a mean or score metric: Welch's 2-sample t on the period values of each window"),
    "mann-whitney": (_periods_values("mann-whitney"), "Mann-Whitney on the period values of each window"),
}
_PERIOD_TESTS = ("auto", *_PERIOD_RUNNERS)
_LEVEL_TESTS = (
    "auto",
    "poisson-rate",
    "chi-square",
    "two-proportions",
    "anova",
    "welch-anova",
    "kruskal-wallis",
    "mood-median",
    "two-sample-t",
    "mann-whitney",
)


def _metric_columns(df: pd.DataFrame) -> None:
    need = {"period", "numerator", "denominator", "value"}
    if not need.issubset(df.columns):
        raise InputError(f"a metric table needs columns {sorted(need)}; got {list(df.columns)}")


def compare_periods(
    df: pd.DataFrame,
    kind: str,
    *,
    before,
    after,
    days: int | None = None,
    test: str = "auto",
    measure: str = "the metric",
    unit: str = "",
    alternative: str = "two-sided",
    confidence: float = 0.95,
) -> TestResult:
    """Before/after comparison of a metric table (one row per period).

    The "before" window is every period before ``before``, the "after" window every period
    from ``after`` on (each limited to ``days`` days next to its boundary when given); periods
    in between (the change being rolled out) are left out. The first group is the after
    window, so estimates read after - before (or after / before) and % changes are after vs
    before. By metric ``kind`` (``test="auto"``: the kind's default, :mod:`sixsigma.catalog.kinds`):
    - rate (contacts per order...): the quasi-Poisson rate ratio of the period counts over
      their exposures (robust to the over-dispersion of daily counts), with the exact Poisson
      test on the sums beside it (``test="poisson-rate"`` makes that one the result);
    - proportion: the quasi-binomial difference of the period proportions, with the
      2-proportions test on the sums beside it (``test="two-proportions"``);
    - mean or score: Welch's 2-sample t on the period values (e.g. daily AHT).
    """
    _metric_columns(df)
    if test not in _PERIOD_TESTS:
        raise unknown("before/after test", test, _PERIOD_TESTS)
    try:
        b, a = pd.Timestamp(before), pd.Timestamp(after)
    except (ValueError, TypeError):
        raise InputError(f"before={before!r} / after={after!r}: give dates as YYYY-MM-DD") from None
    if a < b:
        raise InputError(
            f"--after {a.date()} is earlier than --before {b.date()}; the after window must follow"
        )
    period = pd.to_datetime(df["period"])
    in_before = period < b
    in_after = period >= a
    if days is not None and days < 1:
        raise InputError(f"--days {days}: each window needs at least 1 day, e.g. --days 28")
    if days is not None:
        in_before &= period >= b - pd.Timedelta(days=int(days))
        in_after &= period < a + pd.Timedelta(days=int(days))
    lab_a, lab_b = f"from {a.date()}", f"before {b.date()}"
    frame = df.assign(window=np.select([in_after, in_before], [lab_a, lab_b], default=""))
    frame = frame[frame["window"] != ""]
    counts = frame["window"].value_counts()
    for lab in (lab_a, lab_b):
        if counts.get(lab, 0) == 0:
            raise InputError(
                f"no periods {lab}; check --before/--after/--days against the data's dates"
            )
    chosen = test
    if test == "auto":
        from sixsigma.catalog.kinds import get_kind

        chosen = get_kind(kind).test
    kw = {"alternative": alternative, "confidence": confidence}
    windows = {
        "before": {
            "from": str(period[in_before].min().date()),
            "to": str(period[in_before].max().date()),
            "periods": int(counts[lab_b]),
        },
        "after": {
            "from": str(period[in_after].min().date()),
            "to": str(period[in_after].max().date()),
            "periods": int(counts[lab_a]),
        },
    }
    run, reason = _PERIOD_RUNNERS[chosen]
    res = run(frame, lab_a, lab_b, measure=measure, unit=unit, **kw)
    res = _with_reason(res, chosen, reason)
    return dataclasses.replace(res, extra={**res.extra, "windows": windows})


def compare_levels(
    df: pd.DataFrame,
    kind: str,
    dim: str,
    *,
    test: str = "auto",
    groups=None,
    confidence: float = 0.95,
) -> TestResult:
    """Compare a metric across the levels of a dimension (e.g. AHT by team, FCR by site).

    Rates and proportions are summed per level (numerator over denominator): 2 levels ->
    Poisson rate / 2-proportions test, more -> chi-square. Means and scores use the period
    values per level (e.g. daily AHT per team) and go through ``compare``'s choice (or the
    named ``test``: anova, welch-anova, kruskal-wallis, mood-median, two-sample-t, mann-whitney).
    """
    _metric_columns(df)
    if dim not in df.columns:
        raise InputError(f"the metric table has no column {dim!r}; query it with by=[{dim!r}]")
    if test not in _LEVEL_TESTS:
        raise unknown("comparison test", test, _LEVEL_TESTS)
    frame = df[df["denominator"] > 0]
    if groups is not None:
        levels = sorted(frame[dim].dropna().astype(str).unique())
        missing = [str(g) for g in groups if str(g) not in levels]
        if missing:
            raise InputError(
                f"group level(s) {', '.join(missing)} not found; levels are: {', '.join(levels)}"
            )
    from sixsigma.catalog.kinds import get_kind

    strategy = get_kind(kind)
    if strategy.summed:
        if test not in ("auto", "poisson-rate", "chi-square", "two-proportions"):
            raise InputError(
                f"{test} compares period values; a {kind} metric is compared on its sums "
                "(use auto, poisson-rate, two-proportions or chi-square)"
            )
        if strategy.interval == "poisson":  # counts over an exposure
            res = compare(
                frame,
                y="numerator",
                x=dim,
                exposure="denominator",
                groups=groups,
                confidence=confidence,
            )
        else:
            f = frame.assign(
                numerator=frame["numerator"].round(), denominator=frame["denominator"].round()
            )
            res = compare(
                f, y="numerator", x=dim, trials="denominator", groups=groups, confidence=confidence
            )
        return res
    if test == "auto":
        return compare(frame, y="value", x=dim, groups=groups, confidence=confidence)
    res = run(test, frame, value="value", group=dim, groups=groups, confidence=confidence)
    return _with_reason(res, test, f"requested: {test} on the period values of each {dim}")
