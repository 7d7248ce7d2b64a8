"""Sign confidence intervals for a median, and Mood's median test with one per level.

Minitab's 1-Sample Sign interval (nonlinear interpolation, Hettmansperger & Sheather 1986,
Commun. Statist. A 15, 1979-2001): [X(k), X(n-k+1)] covers the median with probability
γ_k = 1 - 2 P(B <= k - 1), B ~ Binomial(n, 1/2). With k the largest such that γ_k >= the
requested level c > γ_(k+1), I = (γ_k - c)/(γ_k - γ_(k+1)), λ = (n - k) I / (k + (n - 2k) I),
the interval is [(1 - λ) X(k) + λ X(k+1), (1 - λ) X(n-k+1) + λ X(n-k)]. When even
[X(1), X(n)] is below the level (n < 6 at 95%) that interval is given with its achieved level.
Minitab's Mood's median test prints this interval for each level's median.
"""

from __future__ import annotations

import dataclasses

import numpy as np
from scipy import stats as st

from sixsigma.stats import groups as _groups
from sixsigma.stats.inputs import as_groups
from sixsigma.stats.result import TestResult, check_confidence


def median_ci(x, confidence: float = 0.95) -> tuple[float, float, float]:
    """(lower, upper, achieved confidence) of Minitab's interpolated sign interval."""
    confidence = check_confidence(confidence)
    s = np.sort(np.asarray(x, dtype=float))
    n = s.size
    if n < 2:
        return float("nan"), float("nan"), float("nan")
    k = np.arange(1, n // 2 + 1)
    gamma = 1 - 2 * st.binom.cdf(k - 1, n, 0.5)  # decreasing in k
    ok = np.nonzero(gamma >= confidence)[0]
    if ok.size == 0:
        return float(s[0]), float(s[-1]), float(gamma[0])
    j = int(ok[-1])
    kk = j + 1
    if j + 1 >= k.size or gamma[j] == confidence:
        return float(s[kk - 1]), float(s[n - kk]), float(gamma[j])
    i = (gamma[j] - confidence) / (gamma[j] - gamma[j + 1])
    lam = (n - kk) * i / (kk + (n - 2 * kk) * i)
    lo = (1 - lam) * s[kk - 1] + lam * s[kk]
    hi = (1 - lam) * s[n - kk] + lam * s[n - kk - 1]
    return float(lo), float(hi), float(confidence)


def mood_median(
    data=None,
    value: str | None = None,
    group: str | None = None,
    *,
    groups=None,
    alpha: float = 0.05,
    confidence: float = 0.95,
) -> TestResult:
    """Mood's median test (as ``sixsigma.stats.groups.mood_median``) plus, as Minitab prints,
    each level's median with its sign confidence interval (columns ci_lo, ci_hi, ci_level)."""
    res = _groups.mood_median(data, value, group, groups=groups, alpha=alpha)
    labels, samples = as_groups(data, value, group, groups, min_groups=2, min_n=1)
    cis = np.array([median_ci(s, confidence) for s in samples])  # one row per level
    table = res.extra["groups"].copy()
    table["ci_lo"], table["ci_hi"], table["ci_level"] = cis[:, 0], cis[:, 1], cis[:, 2]
    extra = {**res.extra, "groups": table, "median_confidence": confidence}
    return dataclasses.replace(res, extra=extra)
