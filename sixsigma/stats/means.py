"""Tests on means: 1-sample z and t, 2-sample t (Welch by default, as Minitab), paired t.

Formulas (Montgomery & Runger, *Applied Statistics and Probability for Engineers*, ch. 9-10):
- 1-sample z: z = (x̄ - μ0)/(σ/√n); CI x̄ ± z_{α/2} σ/√n.
- 1-sample t: t = (x̄ - μ0)/(s/√n), df = n - 1.
- 2-sample t (Welch): se = √(s1²/n1 + s2²/n2), Welch-Satterthwaite df
  = se⁴ / Σ (s_i²/n_i)²/(n_i - 1); pooled: s_p² = Σ(n_i - 1)s_i² / (n1 + n2 - 2), df = n1 + n2 - 2.
- Paired t: the 1-sample t on the differences before - after.
One-sided alternatives give one-sided confidence bounds (as R's t.test and Minitab).
Effect sizes: Cohen's d (difference / SD; pooled SD for two samples; d_z for paired).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats as st

from sixsigma.errors import InputError
from sixsigma.stats import checks as ck
from sixsigma.stats.describe import group_summary
from sixsigma.stats.inputs import as_groups, as_sample, paired
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
)


def location_inference(estimate, se, null, alternative, confidence, df=None):
    """(statistic, p-value, ci) for (estimate - null)/se against t(df), or N(0,1) when df is None."""
    dist = st.norm if df is None else st.t(df)
    stat = (estimate - null) / se
    if alternative == "two-sided":
        p = 2 * dist.sf(abs(stat))
        q = dist.ppf(0.5 + confidence / 2)
        ci = (estimate - q * se, estimate + q * se)
    elif alternative == "less":
        p = dist.cdf(stat)
        ci = (-np.inf, estimate + dist.ppf(confidence) * se)
    else:
        p = dist.sf(stat)
        ci = (estimate - dist.ppf(confidence) * se, np.inf)
    return float(stat), float(p), (float(ci[0]), float(ci[1]))


def _compare_words(est: float, null: float, p: float, alpha: float) -> str:
    if p >= alpha:
        return "no significant difference"
    return "higher" if est > null else "lower"


def _one_sample_conclusion(mean, mu, p, alpha, ci, conf, alternative):
    verdict = _compare_words(mean, mu, p, alpha)
    ci_txt = fmt_ci(ci, conf)
    if verdict == "no significant difference":
        side = {"two-sided": "different from", "less": "below", "greater": "above"}[alternative]
        return (
            f"the mean ({fmt(mean)}) is not significantly {side} {fmt(mu)} "
            f"({ci_txt}, {fmt_p(p)}, {decision_text(p, alpha)})"
        )
    return f"the mean is {verdict} than {fmt(mu)}: {fmt(mean)} ({ci_txt}, {fmt_p(p)})"


def one_sample_z(
    data=None,
    value: str | None = None,
    *,
    sigma: float,
    mu: float = 0.0,
    mean: float | None = None,
    n: int | None = None,
    alternative: str = "two-sided",
    confidence: float = 0.95,
) -> TestResult:
    """1-sample z test of H0: μ = mu with known σ (raw data, or summarized mean= and n=)."""
    alternative, confidence = normalize_alternative(alternative), check_confidence(confidence)
    if sigma is None or not sigma > 0:
        raise InputError("the 1-sample z test needs the known process sigma > 0 (sigma=)")
    if mean is not None:
        if n is None or n < 1:
            raise InputError("summarized data need mean= and n=")
        x, xbar, size = None, float(mean), int(n)
    else:
        x = as_sample(data, value, min_n=1)
        xbar, size = float(x.mean()), x.size
    se = sigma / np.sqrt(size)
    z, p, ci = location_inference(xbar, se, mu, alternative, confidence)
    alpha = alpha_of(confidence)
    rows = [] if x is None else [ck.outlier_check(["sample"], [x])]
    return TestResult(
        test="1-sample z",
        hypotheses=hypotheses_text("the mean", mu, alternative),
        statistic=z,
        statistic_name="z",
        df=None,
        p_value=p,
        estimate=xbar,
        estimate_name="mean",
        ci=ci,
        alternative=alternative,
        alpha=alpha,
        effect_size=(xbar - mu) / sigma,
        effect_size_name="Cohen's d",
        checks=checks_frame(rows),
        conclusion=_one_sample_conclusion(xbar, mu, p, alpha, ci, confidence, alternative),
        kind="one-sample",
        extra={"n": size, "mean": xbar, "sigma": float(sigma), "se_mean": se, "mu": mu},
        plot_data={
            "groups": _summary_or_none(["sample"], None if x is None else [x], confidence),
            "null": mu,
        },
    )


def one_sample_t(
    data=None,
    value: str | None = None,
    *,
    mu: float = 0.0,
    mean: float | None = None,
    sd: float | None = None,
    n: int | None = None,
    alternative: str = "two-sided",
    confidence: float = 0.95,
) -> TestResult:
    """1-sample t test of H0: μ = mu (raw data, or summarized mean=, sd=, n=)."""
    alternative, confidence = normalize_alternative(alternative), check_confidence(confidence)
    if mean is not None:
        if sd is None or n is None or n < 2 or sd <= 0:
            raise InputError("summarized data need mean=, sd= > 0 and n >= 2")
        x, xbar, s, size = None, float(mean), float(sd), int(n)
    else:
        x = as_sample(data, value, min_n=2)
        xbar, s, size = float(x.mean()), float(x.std(ddof=1)), x.size
        if s == 0:
            raise InputError("all values are identical (SD = 0); a t test needs variation")
    se = s / np.sqrt(size)
    t, p, ci = location_inference(xbar, se, mu, alternative, confidence, df=size - 1)
    alpha = alpha_of(confidence)
    rows = (
        []
        if x is None
        else [
            ck.normality_check(
                ["sample"],
                [x],
                large_n=20,
                alternative_test="the Wilcoxon signed-rank or sign test",
            ),
            ck.outlier_check(["sample"], [x]),
        ]
    )
    return TestResult(
        test="1-sample t",
        hypotheses=hypotheses_text("the mean", mu, alternative),
        statistic=t,
        statistic_name="t",
        df=float(size - 1),
        p_value=p,
        estimate=xbar,
        estimate_name="mean",
        ci=ci,
        alternative=alternative,
        alpha=alpha,
        effect_size=(xbar - mu) / s,
        effect_size_name="Cohen's d",
        checks=checks_frame(rows),
        conclusion=_one_sample_conclusion(xbar, mu, p, alpha, ci, confidence, alternative),
        kind="one-sample",
        extra={"n": size, "mean": xbar, "sd": s, "se_mean": se, "mu": mu},
        plot_data={
            "groups": _summary_or_none(["sample"], None if x is None else [x], confidence),
            "null": mu,
        },
    )


def _two_sample_inputs(data, value, group, groups, means, sds, ns):
    """(labels, samples or None, means, SDs, sizes) from raw data or from summaries."""
    if means is not None:
        m, s, n = (np.asarray(v, dtype=float) for v in (means, sds, ns))
        if not (m.size == s.size == n.size == 2) or np.any(n < 2) or np.any(s <= 0):
            raise InputError(
                "summarized data need means=, sds= (> 0) and ns= (>= 2) with two values each"
            )
        labels = [str(g) for g in groups] if groups is not None else ["1", "2"]
        return labels, None, m, s, n
    labels, samples = as_groups(data, value, group, groups, min_groups=2, max_groups=2, min_n=2)
    m = np.array([x.mean() for x in samples])
    s = np.array([x.std(ddof=1) for x in samples])
    n = np.array([x.size for x in samples], dtype=float)
    if np.all(s == 0):
        raise InputError("both samples have zero spread; a t test needs variation")
    return labels, samples, m, s, n


def _two_sample_se(s, n, equal_var):
    """Pooled: se = √(s_p² Σ1/n), df = N - 2; Welch: se = √Σ s²/n with Welch-Satterthwaite df."""
    v = s**2 / n
    if equal_var:
        df = float(n.sum() - 2)
        sp2 = float(np.sum((n - 1) * s**2) / df)
        se = float(np.sqrt(sp2 * np.sum(1 / n)))
        return se, df, sp2, "2-sample t (pooled)"
    se = float(np.sqrt(v.sum()))
    df = float(v.sum() ** 2 / np.sum(v**2 / (n - 1)))
    sp2 = float(np.sum((n - 1) * s**2) / (n.sum() - 2))
    return se, df, sp2, "2-sample t (Welch)"


def _two_sample_text(labels, m, diff, mu, ci, p, alpha, confidence) -> str:
    a, b = labels
    ci_txt = fmt_ci(ci, confidence)
    if p < alpha:
        word = "higher" if diff > mu else "lower"
        return (
            f"the mean of {a} is {word} than {b}: {fmt(m[0])} vs {fmt(m[1])}, "
            f"difference {fmt(diff)} ({ci_txt}, {fmt_p(p)})"
        )
    return (
        f"no significant difference between the means of {a} and {b}: {fmt(m[0])} vs {fmt(m[1])}, "
        f"difference {fmt(diff)} ({ci_txt}, {fmt_p(p)}, {decision_text(p, alpha)})"
    )


def two_sample_t(
    data=None,
    value: str | None = None,
    group: str | None = None,
    *,
    groups=None,
    means=None,
    sds=None,
    ns=None,
    mu: float = 0.0,
    equal_var: bool = False,
    alternative: str = "two-sided",
    confidence: float = 0.95,
) -> TestResult:
    """2-sample t test of H0: μ1 - μ2 = mu (first minus second); Welch unless equal_var=True.

    Raw data: a DataFrame with value= and group= (groups=[A, B] picks and orders two levels),
    or two arrays. Summarized: means=[m1, m2], sds=[s1, s2], ns=[n1, n2] (groups= labels them).
    """
    alternative, confidence = normalize_alternative(alternative), check_confidence(confidence)
    labels, samples, m, s, n = _two_sample_inputs(data, value, group, groups, means, sds, ns)
    diff = float(m[0] - m[1])
    se, df, sp2, name = _two_sample_se(s, n, equal_var)
    t, p, ci = location_inference(diff, se, mu, alternative, confidence, df=df)
    alpha = alpha_of(confidence)
    d = diff / np.sqrt(sp2)
    rows = []
    if samples is not None:
        rows = [
            ck.normality_check(labels, samples, large_n=15, alternative_test="Mann-Whitney"),
            ck.outlier_check(labels, samples),
            ck.equal_variance_check(labels, samples, pooled=equal_var),
        ]
    a, b = labels
    summary = (
        group_summary(labels, samples, confidence)
        if samples is not None
        else pd.DataFrame(
            {"group": labels, "n": n.astype(int), "mean": m, "sd": s, "se": np.sqrt(s**2 / n)}
        )
    )
    return TestResult(
        test=name,
        hypotheses=hypotheses_text(f"mean of {a} - mean of {b}", mu, alternative),
        statistic=t,
        statistic_name="t",
        df=df,
        p_value=p,
        estimate=diff,
        estimate_name=f"difference {a} - {b}",
        ci=ci,
        alternative=alternative,
        alpha=alpha,
        effect_size=float(d),
        effect_size_name="Cohen's d (pooled SD)",
        checks=checks_frame(rows),
        conclusion=_two_sample_text(labels, m, diff, mu, ci, p, alpha, confidence),
        kind="groups",
        extra={
            "groups": summary[["group", "n", "mean", "sd", "se"]],
            "se_difference": se,
            "mu": mu,
            "pooled_sd": float(np.sqrt(sp2)) if equal_var else None,
        },
        plot_data={"groups": summary, "null": None},
    )


def paired_t(
    data=None,
    before=None,
    after=None,
    *,
    mu: float = 0.0,
    alternative: str = "two-sided",
    confidence: float = 0.95,
) -> TestResult:
    """Paired t test of H0: mean(before - after) = mu.

    ``before``/``after`` are column names of ``data`` or two aligned arrays.
    """
    alternative, confidence = normalize_alternative(alternative), check_confidence(confidence)
    b, a = paired(data, before, after)
    d = b - a
    n = d.size
    sd = float(d.std(ddof=1))
    if sd == 0:
        raise InputError("every difference is the same (SD = 0); a paired t test needs variation")
    mean = float(d.mean())
    se = sd / np.sqrt(n)
    t, p, ci = location_inference(mean, se, mu, alternative, confidence, df=n - 1)
    alpha = alpha_of(confidence)
    bl = before if isinstance(before, str) else "before"
    al = after if isinstance(after, str) else "after"
    rows = [
        ck.normality_check(
            ["differences"], [d], large_n=20, alternative_test="the Wilcoxon signed-rank test"
        ),
        ck.outlier_check(["differences"], [d]),
    ]
    ci_txt = fmt_ci(ci, confidence)
    if p < alpha:
        word = "higher" if mean > mu else "lower"
        conclusion = (
            f"{al} is {'lower' if word == 'higher' else 'higher'} than {bl}: mean difference "
            f"({bl} - {al}) {fmt(mean)} ({ci_txt}, {fmt_p(p)}, {n} pairs)"
        )
    else:
        conclusion = (
            f"no significant change from {bl} to {al}: mean difference {fmt(mean)} "
            f"({ci_txt}, {fmt_p(p)}, {n} pairs)"
        )
    groups = group_summary([bl, al, "difference"], [b, a, d], confidence)
    return TestResult(
        test="paired t",
        hypotheses=hypotheses_text(f"mean of ({bl} - {al})", mu, alternative),
        statistic=t,
        statistic_name="t",
        df=float(n - 1),
        p_value=p,
        estimate=mean,
        estimate_name=f"mean difference {bl} - {al}",
        ci=ci,
        alternative=alternative,
        alpha=alpha,
        effect_size=(mean - mu) / sd,
        effect_size_name="Cohen's d_z",
        checks=checks_frame(rows),
        conclusion=conclusion,
        kind="paired",
        extra={
            "n": n,
            "mean_before": float(b.mean()),
            "mean_after": float(a.mean()),
            "sd_difference": sd,
            "se_mean": se,
            "mu": mu,
        },
        plot_data={"groups": groups, "null": mu},
    )


def _summary_or_none(labels, samples, confidence):
    return None if samples is None else group_summary(labels, samples, confidence)
