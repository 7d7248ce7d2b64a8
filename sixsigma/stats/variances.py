"""Tests for equal variances: F (two groups), Bartlett, Levene and Brown-Forsythe.

- F test (R's var.test): F = s1²/s2² on (n1 - 1, n2 - 1) df; interval for σ1²/σ2²
  [F / F(1-α/2), F / F(α/2)].
- Bartlett (R's bartlett.test): K² = [(N - k) ln s_p² - Σ (n_i - 1) ln s_i²] / C,
  C = 1 + (Σ 1/(n_i - 1) - 1/(N - k)) / (3(k - 1)), χ² with k - 1 df. Sensitive to non-normality.
- Levene (original, mean-centred) and Brown-Forsythe (median-centred): one-way ANOVA F on
  |x - centre_i| (NIST/SEMATECH e-Handbook 1.3.5.10). Brown-Forsythe is the default here: it
  is robust to non-normal data, and it is what Minitab's "Levene's test" computes (and
  R's car::leveneTest by default).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats as st

from sixsigma.errors import InputError, unknown
from sixsigma.stats.describe import group_summary
from sixsigma.stats.inputs import as_groups
from sixsigma.stats.result import (
    TestResult,
    alpha_of,
    check_confidence,
    checks_frame,
    fmt,
    fmt_ci,
    fmt_p,
    hypotheses_text,
    normalize_alternative,
)

METHODS = ("brown-forsythe", "levene", "bartlett", "f")


def _abs_dev_anova(samples, center):
    z = [np.abs(s - (np.median(s) if center == "median" else s.mean())) for s in samples]
    k = len(z)
    n = np.array([v.size for v in z], dtype=float)
    zbar = np.array([v.mean() for v in z])
    grand = np.concatenate(z).mean()
    ssb = np.sum(n * (zbar - grand) ** 2)
    ssw = sum(np.sum((v - v.mean()) ** 2) for v in z)
    df1, df2 = k - 1, n.sum() - k
    if ssw == 0:
        raise InputError(
            "the absolute deviations have no spread within groups; the test is undefined"
        )
    f = float(ssb / df1 / (ssw / df2))
    return f, (float(df1), float(df2)), float(st.f.sf(f, df1, df2))


def equal_variances(
    data=None,
    value: str | None = None,
    group: str | None = None,
    *,
    groups=None,
    method: str = "brown-forsythe",
    alternative: str = "two-sided",
    confidence: float = 0.95,
) -> TestResult:
    """Test H0: all groups have the same variance (``method``: brown-forsythe, levene, bartlett, f)."""
    method = str(method).lower().replace("_", "-")
    if method not in METHODS:
        raise unknown("equal-variances method", method, METHODS)
    alternative, confidence = normalize_alternative(alternative), check_confidence(confidence)
    labels, samples = as_groups(
        data, value, group, groups, min_groups=2, max_groups=2 if method == "f" else None, min_n=2
    )
    k = len(labels)
    alpha = alpha_of(confidence)
    n = np.array([s.size for s in samples], dtype=float)
    var = np.array([s.var(ddof=1) for s in samples])
    if method != "f" and alternative != "two-sided":
        raise InputError("one-sided alternatives apply to the F test of two groups only")
    estimate = ci = None
    est_name = ""
    if method == "f":
        if var[1] == 0:
            raise InputError(f"group {labels[1]} has zero variance; the F ratio is undefined")
        f = float(var[0] / var[1])
        df = (float(n[0] - 1), float(n[1] - 1))
        pl = st.f.cdf(f, *df)
        p = {"two-sided": 2 * min(pl, 1 - pl), "less": pl, "greater": 1 - pl}[alternative]
        if alternative == "two-sided":
            ci = (f / st.f.ppf(1 - alpha / 2, *df), f / st.f.ppf(alpha / 2, *df))
        elif alternative == "less":
            ci = (0.0, f / st.f.ppf(alpha, *df))
        else:
            ci = (f / st.f.ppf(1 - alpha, *df), np.inf)
        ci = (float(ci[0]), float(ci[1]))
        stat, stat_name, name = f, "F", "F test for two variances"
        estimate, est_name = f, f"variance ratio {labels[0]} / {labels[1]}"
        hyp = hypotheses_text(
            f"variance of {labels[0]} / variance of {labels[1]}", 1.0, alternative
        )
    elif method == "bartlett":
        big_n = n.sum()
        sp2 = np.sum((n - 1) * var) / (big_n - k)
        if np.any(var == 0):
            raise InputError(
                "a group has zero variance; Bartlett's test is undefined (use brown-forsythe)"
            )
        c = 1 + (np.sum(1 / (n - 1)) - 1 / (big_n - k)) / (3 * (k - 1))
        stat = float(((big_n - k) * np.log(sp2) - np.sum((n - 1) * np.log(var))) / c)
        df, p = float(k - 1), float(st.chi2.sf(stat, k - 1))
        stat_name, name = "K-squared", "Bartlett's test"
        hyp = "H0: all group variances are equal; H1: at least one differs"
    else:
        stat, df, p = _abs_dev_anova(samples, "median" if method == "brown-forsythe" else "mean")
        stat_name = "F"
        name = (
            "Brown-Forsythe test (Levene on medians)"
            if method == "brown-forsythe"
            else "Levene's test (on means)"
        )
        hyp = "H0: all group variances are equal; H1: at least one differs"
    p = float(p)
    sds = np.sqrt(var)
    hi, lo = int(np.argmax(sds)), int(np.argmin(sds))
    spread = f"largest SD {labels[hi]} {fmt(sds[hi])}, smallest {labels[lo]} {fmt(sds[lo])}"
    if p < alpha:
        conclusion = f"the variances differ ({name}, {fmt_p(p)}): {spread}; use Welch's t / Welch's ANOVA for the means"
    else:
        conclusion = f"no significant difference in variances ({name}, {fmt_p(p)}); {spread}"
    if estimate is not None:
        conclusion += f"; ratio {fmt(estimate)} ({fmt_ci(ci, confidence)})"
    summary = group_summary(labels, samples, confidence)
    # Chi-square interval for each group's SD (normal theory).
    a2 = (1 - confidence) / 2
    summary["sd_ci_lo"] = np.sqrt((n - 1) * var / st.chi2.ppf(1 - a2, n - 1))
    summary["sd_ci_hi"] = np.sqrt((n - 1) * var / st.chi2.ppf(a2, n - 1))
    rows = []
    if method in ("f", "bartlett"):
        rows.append(
            (
                "normality",
                "warn" if min(n) < 30 else "pass",
                f"{'the F' if method == 'f' else 'Bartlett'}'s test is sensitive to non-normal data; "
                "Brown-Forsythe is the robust choice"
                if min(n) < 30
                else "large samples",
            )
        )
    else:
        rows.append(("normality", "pass", "robust to non-normal data"))
    return TestResult(
        test=name,
        hypotheses=hyp,
        statistic=float(stat),
        statistic_name=stat_name,
        df=df,
        p_value=p,
        estimate=estimate,
        estimate_name=est_name,
        ci=ci,
        alternative=alternative,
        alpha=alpha,
        effect_size=float(sds.max() / sds.min()) if sds.min() > 0 else None,
        effect_size_name="largest / smallest SD",
        checks=checks_frame(rows),
        conclusion=conclusion,
        kind="variances",
        extra={
            "groups": pd.DataFrame(
                {
                    "group": labels,
                    "n": n.astype(int),
                    "sd": sds,
                    "variance": var,
                    "sd_ci_lo": summary["sd_ci_lo"],
                    "sd_ci_hi": summary["sd_ci_hi"],
                }
            ),
            "method": method,
        },
        plot_data={"groups": summary},
    )
