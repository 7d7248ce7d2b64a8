"""Poisson rate tests with exposure (contacts over orders): how a CPO project proves its cut.

- 1-sample (R's poisson.test): exact p from Poisson tails (two-sided: outcomes no more
  likely than the observed count, relative tolerance 1e-7); exact interval from gamma
  quantiles [G⁻¹(α/2; x), G⁻¹(1 - α/2; x + 1)]/T. Normal: z = (x - r0 T)/√(r0 T), interval
  x/T ± z √x/T (Minitab's normal approximation).
- 2-sample: the estimate is the rate ratio (first/second). Exact (R's poisson.test): given
  the total, x1 ~ Binomial(x1 + x2, ρT1/(ρT1 + T2)); exact binomial test and a
  Clopper-Pearson interval mapped to the ratio π/(1 - π) · T2/T1. Normal: the score z
  (r1 - r2)/√(r̄ (1/T1 + 1/T2)) with the pooled rate r̄, and interval exp(ln ratio ±
  z √(1/x1 + 1/x2)). Both report the difference r1 - r2 with its Wald interval
  ± z √(x1/T1² + x2/T2²) and the % change (ratio - 1) with its interval.
When per-period rows are given, a dispersion check compares the spread of the period rates
with Poisson's: a Poisson test on overdispersed daily data gives p-values that are too small.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import stats as st

from sixsigma.errors import InputError, unknown
from sixsigma.spc import dispersion_check
from sixsigma.stats.inputs import check_values, column, counts_list
from sixsigma.stats.proportions import _binom_two_sided, clopper_pearson
from sixsigma.stats.result import (
    TestResult,
    alpha_of,
    check_confidence,
    checks_frame,
    fmt,
    fmt_p,
    hypotheses_text,
    normalize_alternative,
)

METHODS = ("exact", "normal")


def _poisson_two_sided(x: int, m: float) -> float:
    """R poisson.test's two-sided exact p-value for count x with mean m."""
    if m == 0:
        return float(x == 0)
    d = st.poisson.pmf(x, m) * (1 + 1e-7)
    if x == m:
        return 1.0
    if x < m:
        n_hi = math.ceil(2 * m - x)
        while st.poisson.pmf(n_hi, m) > d:
            n_hi *= 2
        i = np.arange(math.ceil(m), n_hi + 1)
        y = int(np.count_nonzero(st.poisson.pmf(i, m) <= d))
        return float(min(1.0, st.poisson.cdf(x, m) + st.poisson.sf(n_hi - y, m)))
    i = np.arange(0, math.floor(m) + 1)
    y = int(np.count_nonzero(st.poisson.pmf(i, m) <= d))
    return float(min(1.0, st.poisson.cdf(y - 1, m) + st.poisson.sf(x - 1, m)))


def _p_from_z(z: float, alternative: str) -> float:
    if alternative == "two-sided":
        return float(2 * st.norm.sf(abs(z)))
    return float(st.norm.cdf(z) if alternative == "less" else st.norm.sf(z))


def _zq(confidence: float, alternative: str) -> float:
    return float(st.norm.ppf(0.5 + confidence / 2 if alternative == "two-sided" else confidence))


def _one_sided(ci, alternative, low=0.0, high=np.inf):
    lo, hi = ci
    if alternative == "less":
        lo = low
    elif alternative == "greater":
        hi = high
    return float(lo), float(hi)


def fmt_rate(values) -> list[str]:
    """Rates with three significant digits on the larger one (0.128 and 0.093)."""
    vals = np.asarray(values, dtype=float)
    top = (
        np.nanmax(np.abs(vals))
        if np.any(np.isfinite(vals)) and np.nanmax(np.abs(vals)) > 0
        else 1.0
    )
    decimals = max(0, 2 - math.floor(math.log10(top)))
    return [f"{v:,.{decimals}f}" for v in vals]


def fmt_pct(x: float) -> str:
    """27% / 4.5% / 0.35% — precision that reads naturally."""
    a = abs(x)
    if a >= 10:
        return f"{a:.0f}%"
    if a >= 1:
        return f"{a:.1f}%"
    return f"{a:.2g}%"


def _totals(data, value, exposure, group, groups, counts, exposures):
    """(labels, counts, exposures, per-period rows or None) from summaries or rows."""
    if counts is not None:
        x = counts_list(counts, "counts")
        t = counts_list(exposures, "exposures", integer=False, positive=True)
        if x.size != t.size:
            raise InputError(
                f"counts has {x.size} values and exposures has {t.size}; give one of each"
            )
        labels = (
            [str(g) for g in groups] if groups is not None else [str(i + 1) for i in range(x.size)]
        )
        return labels, x, t, None
    if not isinstance(data, pd.DataFrame):
        raise InputError(
            "pass counts= and exposures=, or a DataFrame with value= (counts) and exposure= columns"
        )
    frame = pd.DataFrame(
        {"x": pd.to_numeric(column(data, value, "value (count)"), errors="coerce")}
    )
    frame["t"] = (
        pd.to_numeric(column(data, exposure, "exposure"), errors="coerce") if exposure else 1.0
    )
    frame["g"] = column(data, group, "group").astype(str) if group else "all"
    check_values(frame["x"], f"column {value!r}")  # inf, too large (sixsigma.finite): refused
    if exposure:
        check_values(frame["t"], f"column {exposure!r}")
    frame = frame.dropna()
    if (frame["x"] < 0).any() or (frame["t"] <= 0).any():
        raise InputError("counts must be >= 0 and exposures > 0")
    agg = frame.groupby("g", sort=True)[["x", "t"]].sum()
    if groups is not None:
        wanted = [str(g) for g in groups]
        missing = [w for w in wanted if w not in agg.index]
        if missing:
            raise InputError(
                f"group level(s) {', '.join(missing)} not found; levels are: {', '.join(agg.index)}"
            )
        agg = agg.loc[wanted]
    return list(agg.index), agg["x"].to_numpy(float), agg["t"].to_numpy(float), frame


def _dispersion_check(rows: pd.DataFrame | None, labels) -> tuple[str, str, str]:
    """Warn when the period counts of a group vary more than Poisson (the SPC u-chart
    dispersion test: Pearson X² of the counts around the group's pooled rate, df = periods - 1)."""
    if rows is None or rows.groupby("g").size().max() < 3:
        return (
            "dispersion",
            "pass",
            "summarized totals: the test assumes Poisson variation of the counts",
        )
    msgs = []
    for lab in labels:  # one check per group (two groups here)
        g = rows[rows["g"] == lab]
        if len(g) < 3 or g["x"].sum() == 0:
            continue
        d = dispersion_check(count=g["x"].to_numpy(), size=g["t"].to_numpy(), kind="u")
        if d.overdispersed:
            msgs.append(f"{lab} {d.ratio:.1f}x")
    if msgs:
        return (
            "dispersion",
            "warn",
            f"period-to-period variation is larger than Poisson ({', '.join(msgs)} the Poisson variance): "
            "the p-value and interval are too optimistic; confirm with a 2-sample t on the period rates",
        )
    return ("dispersion", "pass", "period-to-period variation is consistent with Poisson")


def _rate1_exact(x, t, m, rate, confidence, alternative):
    """Exact Poisson p (R's poisson.test); gamma interval [G⁻¹(α/2; x), G⁻¹(1-α/2; x+1)]/T."""
    if alternative == "less":
        p = float(st.poisson.cdf(x, m))
    elif alternative == "greater":
        p = float(st.poisson.sf(x - 1, m))
    else:
        p = _poisson_two_sided(int(x), m)
    a = (1 - confidence) / 2 if alternative == "two-sided" else 1 - confidence
    lo = 0.0 if x == 0 else st.gamma.ppf(a, x) / t
    hi = st.gamma.ppf(1 - a, x + 1) / t
    return p, (lo, hi), x, "count", "1-sample Poisson rate (exact)"


def _rate1_normal(x, t, m, rate, confidence, alternative):
    """z = (x - r0 T)/√(r0 T); interval x/T ± z √x/T (Minitab)."""
    z = (x - m) / math.sqrt(m)
    p = _p_from_z(z, alternative)
    half = _zq(confidence, alternative) * math.sqrt(x) / t
    lo, hi = max(rate - half, 0.0), rate + half
    return p, (lo, hi), z, "z", "1-sample Poisson rate (normal approximation)"


_RATE1 = {"exact": _rate1_exact, "normal": _rate1_normal}


def _rate1_conclusion(rate, rate0, ci, x, t, p, alpha, confidence, unit):
    rs = fmt_rate([rate, rate0, ci[0], ci[1] if np.isfinite(ci[1]) else rate])
    if p < alpha:
        return (
            f"the rate is {'higher' if rate > rate0 else 'lower'} than {rs[1]}: {rs[0]} {unit} "
            f"({x:g} events over {t:g}; {confidence:.0%} CI {rs[2]} to {rs[3] if np.isfinite(ci[1]) else 'inf'}, {fmt_p(p)})"
        )
    return (
        f"the rate {rs[0]} {unit} is not significantly different from {rs[1]} "
        f"({confidence:.0%} CI {rs[2]} to {rs[3] if np.isfinite(ci[1]) else 'inf'}, {fmt_p(p)})"
    )


def _rate1_inputs(data, value, exposure, count, total_exposure):
    """(count, exposure, per-period rows or None, labels) from rows or count=/total_exposure=."""
    if count is None:
        labels, xs, ts, rows = _totals(data, value, exposure, None, None, None, None)
        return float(xs[0]), float(ts[0]), rows, labels
    x = float(counts_list([count], "count")[0])
    t = float(
        counts_list(
            [1.0 if total_exposure is None else total_exposure],
            "exposure",
            integer=False,
            positive=True,
        )[0]
    )
    return x, t, None, ["all"]


def poisson_rate_one(
    data=None,
    value: str | None = None,
    exposure: str | None = None,
    *,
    count: float | None = None,
    total_exposure: float | None = None,
    rate0: float = 1.0,
    method: str = "exact",
    alternative: str = "two-sided",
    confidence: float = 0.95,
    unit: str = "per unit of exposure",
) -> TestResult:
    """Test H0: rate = rate0 for a count over an exposure (summed from rows, or count=/total_exposure=)."""
    alternative, confidence = normalize_alternative(alternative), check_confidence(confidence)
    if method not in METHODS:
        raise unknown("Poisson rate method", method, METHODS)
    if rate0 <= 0:
        raise InputError("rate0 must be positive")
    x, t, rows, labels = _rate1_inputs(data, value, exposure, count, total_exposure)
    rate = x / t
    m = rate0 * t
    alpha = alpha_of(confidence)
    p, (lo, hi), stat, stat_name, name = _RATE1[method](x, t, m, rate, confidence, alternative)
    ci = _one_sided((lo, hi), alternative)
    checks = [_dispersion_check(rows, labels)]
    if method == "normal" and m < 5:
        checks.append(
            (
                "expected counts",
                "warn",
                f"expected count {fmt(m, 3)} is below 5: use the exact method",
            )
        )
    return TestResult(
        test=name,
        hypotheses=hypotheses_text("the rate", rate0, alternative),
        statistic=float(stat),
        statistic_name=stat_name,
        df=None,
        p_value=float(p),
        estimate=rate,
        estimate_name="rate",
        ci=ci,
        alternative=alternative,
        alpha=alpha,
        effect_size=rate / rate0,
        effect_size_name="rate / rate0",
        checks=checks_frame(checks),
        conclusion=_rate1_conclusion(rate, rate0, ci, x, t, p, alpha, confidence, unit),
        kind="rates",
        extra={"count": x, "exposure": t, "rate0": rate0},
        plot_data={
            "groups": pd.DataFrame(
                {
                    "group": ["sample"],
                    "count": [x],
                    "exposure": [t],
                    "rate": [rate],
                    "ci_lo": [ci[0]],
                    "ci_hi": [ci[1]],
                }
            ),
            "null": rate0,
        },
    )


def _rate2_exact(x1, x2, t1, t2, ratio, ratio0, confidence, alternative, extra):
    """x1 | x1 + x2 ~ Binomial(n, ρT1/(ρT1 + T2)); Clopper-Pearson mapped to π/(1-π)·T2/T1."""
    nn = int(x1 + x2)
    pi0 = ratio0 * t1 / (ratio0 * t1 + t2)
    if alternative == "two-sided":
        p = _binom_two_sided(int(x1), nn, pi0)
    elif alternative == "less":
        p = float(st.binom.cdf(x1, nn, pi0))
    else:
        p = float(st.binom.sf(x1 - 1, nn, pi0))
    plo, phi = clopper_pearson(int(x1), nn, confidence, alternative)
    with np.errstate(divide="ignore"):
        ci = (plo / (1 - plo) * t2 / t1, phi / (1 - phi) * t2 / t1 if phi < 1 else np.inf)
    extra["expected_count1"] = float(nn * pi0)
    return p, ci, float(x1), "count1", "2-sample Poisson rate (exact)"


def _rate2_normal(x1, x2, t1, t2, ratio, ratio0, confidence, alternative, extra):
    """Score z of the conditional binomial; interval exp(ln ratio ± z √(1/x1 + 1/x2))."""
    # For ratio0 = 1 the score z is (r1 - r2)/√(r̄(1/T1 + 1/T2)).
    nn = x1 + x2
    pi0 = ratio0 * t1 / (ratio0 * t1 + t2)
    z = (x1 - nn * pi0) / math.sqrt(nn * pi0 * (1 - pi0))
    p = _p_from_z(z, alternative)
    zq = _zq(confidence, alternative)
    if x1 > 0 and x2 > 0:
        se = math.sqrt(1 / x1 + 1 / x2)
        ci = (ratio * math.exp(-zq * se), ratio * math.exp(zq * se))
    else:
        ci = (0.0, np.inf)
    return p, ci, float(z), "z", "2-sample Poisson rate (normal approximation)"


_RATE2 = {"exact": _rate2_exact, "normal": _rate2_normal}


def _pct_ci_words(pct, pct_ci, level, alternative) -> str:
    """The % change interval in words: a drop, a rise, or one bound."""
    if np.isfinite(pct_ci[1]) and alternative == "two-sided":
        if pct < 0:
            return (
                f"{level} CI {fmt_pct(-pct_ci[1])} to {fmt_pct(-pct_ci[0])}"
                if pct_ci[1] <= 0
                else f"{level} CI {fmt_pct(-pct_ci[0])} drop to {fmt_pct(pct_ci[1])} rise"
            )
        return (
            f"{level} CI {fmt_pct(pct_ci[0])} to {fmt_pct(pct_ci[1])}"
            if pct_ci[0] >= 0
            else f"{level} CI {fmt_pct(-pct_ci[0])} drop to {fmt_pct(pct_ci[1])} rise"
        )
    if alternative == "less" or (alternative == "two-sided" and not np.isfinite(pct_ci[1])):
        return (
            f"{level} bound: a drop of at least {fmt_pct(-pct_ci[1])}"
            if pct_ci[1] < 0
            else f"{level} upper bound {fmt_pct(pct_ci[1])} change"
        )
    return (
        f"{level} bound: a rise of at least {fmt_pct(pct_ci[0])}"
        if pct_ci[0] > 0
        else f"{level} lower bound {pct_ci[0]:+.0f}% change"
    )


def _rate2_conclusion(labels, r1, r2, ratio, ratio0, pct, pct_ci, p, alpha, confidence,
                      alternative, measure, unit) -> str:
    a, b = labels
    rs = fmt_rate([r1, r2])
    ci_words = _pct_ci_words(pct, pct_ci, f"{confidence * 100:g}%", alternative)
    change = f"a {fmt_pct(pct)} {'drop' if pct < 0 else 'rise'}"
    if p < alpha:
        return (
            f"{measure} {a} is {'lower' if ratio < ratio0 else 'higher'} than {b}: {rs[0]} vs {rs[1]} "
            f"{unit}, {change}, {ci_words}, {fmt_p(p)}"
        )
    return (
        f"no significant change in {measure}: {a} {rs[0]} vs {b} {rs[1]} {unit} "
        f"({change}, {ci_words}, {fmt_p(p)})"
    )


def _rate2_effects(x1, x2, t1, t2, ratio, ci, confidence, alternative):
    """Difference r1 - r2 ± z √(x1/T1² + x2/T2²) (Wald) and the % change (ratio - 1)·100."""
    diff = x1 / t1 - x2 / t2
    half = _zq(confidence, alternative) * math.sqrt(x1 / t1**2 + x2 / t2**2)
    diff_ci = _one_sided((diff - half, diff + half), alternative, low=-np.inf)
    pct = (ratio - 1) * 100
    return diff, diff_ci, pct, ((ci[0] - 1) * 100, (ci[1] - 1) * 100)


def _rate_groups(labels, x, t, r1, r2, confidence) -> pd.DataFrame:
    """Per-group rates with exact (gamma) intervals for the figure."""
    groups_df = pd.DataFrame({"group": labels, "count": x, "exposure": t, "rate": [r1, r2]})
    a2 = (1 - confidence) / 2
    groups_df["ci_lo"] = np.where(x > 0, st.gamma.ppf(a2, np.maximum(x, 1e-300)), 0.0) / t
    groups_df["ci_hi"] = st.gamma.ppf(1 - a2, x + 1) / t
    return groups_df


def poisson_rate_two(
    data=None,
    value: str | None = None,
    group: str | None = None,
    exposure: str | None = None,
    *,
    groups=None,
    counts=None,
    exposures=None,
    ratio0: float = 1.0,
    method: str = "exact",
    alternative: str = "two-sided",
    confidence: float = 0.95,
    measure: str = "the rate",
    unit: str = "per unit of exposure",
) -> TestResult:
    """Compare two Poisson rates (first vs second): rate ratio, difference and % change.

    Summarized: counts=[c1, c2], exposures=[e1, e2] (groups= labels them, e.g.
    ["after", "before"]). Rows: value= count column, exposure= column, group= column (summed
    per group; with several rows per group the dispersion check runs). ``alternative``
    refers to ratio first/second vs ``ratio0`` ("less": the first rate is lower).
    """
    alternative, confidence = normalize_alternative(alternative), check_confidence(confidence)
    if method not in METHODS:
        raise unknown("Poisson rate method", method, METHODS)
    if ratio0 <= 0:
        raise InputError("ratio0 must be positive")
    labels, x, t, rows = _totals(data, value, exposure, group, groups, counts, exposures)
    if len(labels) != 2:
        raise InputError(
            f"found {len(labels)} groups ({', '.join(labels)}); pick two with groups=[A, B]"
        )
    (x1, x2), (t1, t2) = x, t
    if x1 + x2 == 0:
        raise InputError("both counts are zero; there is nothing to compare")
    r1, r2 = x1 / t1, x2 / t2
    ratio = r1 / r2 if r2 > 0 else np.inf
    alpha = alpha_of(confidence)
    extra: dict = {}
    p, ci, stat, stat_name, name = _RATE2[method](x1, x2, t1, t2, ratio, ratio0, confidence, alternative, extra)
    ci = _one_sided(ci, alternative)
    diff, diff_ci, pct, pct_ci = _rate2_effects(x1, x2, t1, t2, ratio, ci, confidence, alternative)
    a, b = labels
    checks = [_dispersion_check(rows, labels)]
    if method == "normal" and min(x1, x2) < 5:
        checks.append(("expected counts", "warn", "a count is below 5: use the exact method"))
    groups_df = _rate_groups(labels, x, t, r1, r2, confidence)
    extra.update(
        rates=groups_df[["group", "count", "exposure", "rate"]],
        rate_ratio=ratio,
        rate_ratio_ci=list(ci),
        difference=diff,
        difference_ci=list(diff_ci),
        percent_change=pct,
        percent_change_ci=list(pct_ci),
        ratio0=ratio0,
    )
    return TestResult(
        test=name,
        hypotheses=hypotheses_text(f"rate of {a} / rate of {b}", ratio0, alternative),
        statistic=stat,
        statistic_name=stat_name,
        df=None,
        p_value=float(p),
        estimate=float(ratio),
        estimate_name=f"rate ratio {a} / {b}",
        ci=ci,
        alternative=alternative,
        alpha=alpha,
        effect_size=float(pct),
        effect_size_name="% change",
        checks=checks_frame(checks),
        conclusion=_rate2_conclusion(labels, r1, r2, ratio, ratio0, pct, pct_ci, p, alpha,
                                     confidence, alternative, measure, unit),
        kind="rates",
        extra=extra,
        plot_data={"groups": groups_df, "null": None},
    )
