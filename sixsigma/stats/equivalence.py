"""Equivalence tests (TOST): show that a mean, or a difference of means, lies within limits.

Schuirmann's two one-sided t tests (Schuirmann 1987, J. Pharmacokinet. Biopharm. 15, 657):
with the difference D (mean - target, or mean1 - mean2), its standard error SE and df v,
  t1 = (D - δ1)/SE tests H0: diff <= δ1 (p1 = P(T_v > t1)),
  t2 = (D - δ2)/SE tests H0: diff >= δ2 (p2 = P(T_v < t2)),
and equivalence within [δ1, δ2] is shown when max(p1, p2) < α — exactly when the
100(1 - 2α)% interval D ± t(1-α, v) SE lies inside [δ1, δ2]. As Minitab's Equivalence Test:
1-sample SE = s/√n, v = n - 1; 2-sample Welch SE = √(s1²/n1 + s2²/n2) with Satterthwaite df
(default) or pooled SE = sp √(1/n1 + 1/n2), v = n1 + n2 - 2 (``equal_var=True``). Minitab's
default 100(1 - α)% "CI for equivalence" [min(0, D_L), max(0, D_U)] (Berger & Hsu 1996,
Statist. Sci. 11, 283) is the result's ``ci``; the 100(1 - 2α)% interval is ``tost_ci``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats as st

from sixsigma.errors import InputError
from sixsigma.stats.describe import group_summary
from sixsigma.stats.inputs import as_groups, as_sample
from sixsigma.stats.result import TestResult, alpha_of, check_confidence, checks_frame, fmt, fmt_p


def _limits(lower, upper) -> tuple[float, float]:
    if lower is None or upper is None:
        raise InputError("give both equivalence limits, e.g. lower=-5 upper=5 (--lower/--upper)")
    lo, hi = float(lower), float(upper)
    if not (np.isfinite(lo) and np.isfinite(hi)) or lo >= hi:
        raise InputError(f"equivalence limits must satisfy lower < upper, got [{lo:g}, {hi:g}]")
    return lo, hi


def _tost(name, what, d, se, df, lo, hi, confidence, extra, plot):
    alpha = alpha_of(confidence)
    if not se > 0:
        raise InputError("the data have no spread; the standard error is 0 and TOST is undefined")
    t1, t2 = (d - lo) / se, (d - hi) / se
    p1, p2 = float(st.t.sf(t1, df)), float(st.t.cdf(t2, df))
    p = max(p1, p2)
    q = st.t.ppf(1 - alpha, df)
    ci = (float(d - q * se), float(d + q * se))
    ci_equiv = (min(0.0, ci[0]), max(0.0, ci[1]))
    level2 = f"{(1 - 2 * alpha) * 100:g}%"
    limits = f"[{lo:g}, {hi:g}]"
    if p < alpha:
        conclusion = (
            f"equivalent within {limits}: {what} = {fmt(d)} and its {level2} CI "
            f"{fmt(ci[0])} to {fmt(ci[1])} lies inside the limits ({fmt_p(p)}, alpha = {alpha:g})"
        )
    else:
        side = "lower" if p1 >= p2 else "upper"
        conclusion = (
            f"not shown equivalent within {limits}: {what} = {fmt(d)}, {level2} CI {fmt(ci[0])} "
            f"to {fmt(ci[1])} crosses the {side} limit ({fmt_p(p)}); more data or a real "
            "difference"
        )
    tests = pd.DataFrame(
        {
            "null_hypothesis": [f"difference <= {lo:g}", f"difference >= {hi:g}"],
            "t": [float(t1), float(t2)],
            "df": [float(df), float(df)],
            "p": [p1, p2],
        }
    )
    extra = {
        **extra,
        "lower": lo,
        "upper": hi,
        "tests": tests,
        "se": float(se),
        "tost_ci": list(ci),
        "tost_ci_level": 1 - 2 * alpha,
        "equivalent": bool(p < alpha),
    }
    return TestResult(
        test=name,
        hypotheses=(
            f"H0: the difference is <= {lo:g} or >= {hi:g}; H1: it lies within {limits} (equivalence)"
        ),
        statistic=float(t1 if p1 >= p2 else t2),
        statistic_name="t (the less favourable one-sided test)",
        df=float(df),
        p_value=float(p),
        estimate=float(d),
        estimate_name=what,
        ci=ci_equiv,
        alternative="equivalence",
        alpha=alpha,
        effect_size=None,
        effect_size_name="",
        checks=checks_frame(
            [
                (
                    "interval",
                    "pass",
                    f"ci is Minitab's {(1 - alpha) * 100:g}% CI for equivalence [min(0, D_L), "
                    f"max(0, D_U)]; tost_ci is the {level2} CI D ± t(1-alpha) SE",
                )
            ]
        ),
        conclusion=conclusion,
        kind="one-sample" if "1-sample" in name else "groups",
        extra=extra,
        plot_data=plot,
    )


def equivalence_one_sample(
    data=None,
    value: str | None = None,
    *,
    target: float = 0.0,
    lower=None,
    upper=None,
    confidence: float = 0.95,
) -> TestResult:
    """1-sample equivalence (TOST): is mean - target within [lower, upper]? alpha = 1 - confidence."""
    confidence = check_confidence(confidence)
    lo, hi = _limits(lower, upper)
    x = as_sample(data, value, what="sample", min_n=2)
    n = x.size
    d = float(x.mean() - target)
    se = float(x.std(ddof=1) / np.sqrt(n))
    summary = group_summary(["sample"], [x], confidence)
    return _tost(
        "1-sample equivalence test (TOST)",
        "mean - target",
        d,
        se,
        n - 1,
        lo,
        hi,
        confidence,
        {"n": n, "mean": float(x.mean()), "target": float(target)},
        {"groups": summary, "null": float(target)},
    )


def equivalence_two_sample(
    data=None,
    value: str | None = None,
    group: str | None = None,
    *,
    groups=None,
    lower=None,
    upper=None,
    equal_var: bool = False,
    confidence: float = 0.95,
) -> TestResult:
    """2-sample equivalence (TOST) of mean(first) - mean(second) within [lower, upper]."""
    confidence = check_confidence(confidence)
    lo, hi = _limits(lower, upper)
    labels, samples = as_groups(data, value, group, groups, min_groups=2, max_groups=2, min_n=2)
    a, b = samples
    n1, n2 = a.size, b.size
    v1, v2 = a.var(ddof=1), b.var(ddof=1)
    d = float(a.mean() - b.mean())
    if equal_var:
        sp2 = ((n1 - 1) * v1 + (n2 - 1) * v2) / (n1 + n2 - 2)
        se = float(np.sqrt(sp2 * (1 / n1 + 1 / n2)))
        df = float(n1 + n2 - 2)
    else:
        w1, w2 = v1 / n1, v2 / n2
        se = float(np.sqrt(w1 + w2))
        df = float((w1 + w2) ** 2 / (w1**2 / (n1 - 1) + w2**2 / (n2 - 1))) if se > 0 else 1.0
    summary = group_summary(labels, samples, confidence)
    res = _tost(
        "2-sample equivalence test (TOST, " + ("pooled" if equal_var else "Welch") + ")",
        f"mean {labels[0]} - mean {labels[1]}",
        d,
        se,
        df,
        lo,
        hi,
        confidence,
        {"groups": summary[["group", "n", "mean", "sd"]], "equal_var": bool(equal_var)},
        {"groups": summary},
    )
    return res
