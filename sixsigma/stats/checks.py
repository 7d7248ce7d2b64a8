"""Assumption checks attached to every test result: each a (name, status, message) row.

- normality: only matters for small samples. Following the Minitab Assistant's guidance, a
  sample of at least ``large_n`` (20 for one sample, 15 per group) is robust to
  non-normality; smaller ones are tested with Anderson-Darling (warn when p < 0.05).
- outliers: values beyond Tukey's fences Q1 - 1.5 IQR and Q3 + 1.5 IQR (quartiles at
  (n + 1)p as Minitab computes them).
- equal variances: Brown-Forsythe (Levene on medians), only when the test pools variances.
- expected counts: every expected cell count should be at least 5.
"""

from __future__ import annotations

import numpy as np
from scipy import stats as st

from sixsigma.stats.normality import anderson_darling
from sixsigma.stats.result import fmt, fmt_p

Check = tuple[str, str, str]


def normality_check(
    labels, samples, *, large_n: int = 15, alternative_test: str = "a nonparametric test"
) -> Check:
    """Warn when a small sample looks non-normal (AD p < 0.05)."""
    sizes = [s.size for s in samples]
    if min(sizes) >= large_n:
        return (
            "normality",
            "pass",
            f"every sample has at least {large_n} values, so the test is robust to non-normal data",
        )
    bad, untested = [], []
    for lab, s in zip(labels, samples, strict=True):
        if s.size >= large_n:
            continue
        if s.size < 3 or np.ptp(s) == 0:
            untested.append(lab)
            continue
        p = anderson_darling(s)[2]
        if p < 0.05:
            bad.append(f"{lab} (n = {s.size}, AD {fmt_p(p)})")
    if bad:
        return (
            "normality",
            "warn",
            f"small sample(s) that do not look normal: {', '.join(bad)}; consider {alternative_test}",
        )
    if untested:
        return (
            "normality",
            "warn",
            f"too few values to check normality in {', '.join(untested)}; results rely on that assumption",
        )
    return (
        "normality",
        "pass",
        "small samples show no evidence against normality (Anderson-Darling p >= 0.05)",
    )


def outlier_check(labels, samples) -> Check:
    """Count values beyond 1.5 IQR from the quartiles in each sample."""
    found = []
    for lab, s in zip(labels, samples, strict=True):
        if s.size < 4:
            continue
        q1, q3 = np.quantile(s, [0.25, 0.75], method="weibull")
        iqr = q3 - q1
        k = int(np.count_nonzero((s < q1 - 1.5 * iqr) | (s > q3 + 1.5 * iqr)))
        if k:
            found.append(f"{k} in {lab}" if len(labels) > 1 else str(k))
    if found:
        return (
            "outliers",
            "warn",
            f"values beyond 1.5 IQR from the quartiles: {', '.join(found)}; check them for data errors "
            "or special causes before trusting a mean-based test",
        )
    return ("outliers", "pass", "no values beyond 1.5 IQR from the quartiles")


def equal_variance_check(labels, samples, *, pooled: bool) -> Check:
    """Brown-Forsythe test when the method pools variances; a pass note when it does not."""
    if not pooled:
        return ("equal variances", "pass", "the method does not assume equal variances")
    usable = [s for s in samples if s.size >= 2]
    if len(usable) < 2 or all(np.ptp(s) == 0 for s in usable):
        return ("equal variances", "warn", "too few values to check equal variances")
    p = float(st.levene(*usable, center="median").pvalue)
    sds = ", ".join(
        f"{lab} {fmt(np.std(s, ddof=1), 3)}" for lab, s in zip(labels, samples, strict=True)
    )
    if p < 0.05:
        return (
            "equal variances",
            "warn",
            f"the spreads differ (Brown-Forsythe {fmt_p(p)}; SDs {sds}): use the Welch version",
        )
    return (
        "equal variances",
        "pass",
        f"no evidence that the spreads differ (Brown-Forsythe {fmt_p(p)})",
    )


def expected_count_check(expected) -> Check:
    """Warn when any expected count is below 5 (chi-square approximation unreliable)."""
    e = np.asarray(expected, dtype=float)
    low = int(np.count_nonzero(e < 5))
    if low:
        return (
            "expected counts",
            "warn",
            f"{low} of {e.size} expected counts are below 5 (smallest {fmt(e.min(), 3)}): "
            "use an exact test (Fisher's exact, exact binomial or Poisson)",
        )
    return (
        "expected counts",
        "pass",
        f"every expected count is at least 5 (smallest {fmt(e.min(), 3)})",
    )


def sample_size_check(labels, samples, minimum: int) -> Check | None:
    """Warn when a sample is very small (the test has little power)."""
    small = [
        f"{lab} (n = {s.size})" for lab, s in zip(labels, samples, strict=True) if s.size < minimum
    ]
    if small:
        return (
            "sample size",
            "warn",
            f"very small sample(s): {', '.join(small)}; the test has little power",
        )
    return None
