"""Sign confidence intervals for a median, and Mood's median test with one per level.

Minitab's 1-Sample Sign interval (nonlinear interpolation, Hettmansperger & Sheather 1986,
Commun. Statist. A 15, 1979-2001): [X(k), X(n-k+1)] covers the median with probability
γ_k = 1 - 2 P(B <= k - 1), B ~ Binomial(n, 1/2). With k the largest such that γ_k >= the
requested level c > γ_(k+1), I = (γ_k - c)/(γ_k - γ_(k+1)), λ = (n - k) I / (k + (n - 2k) I),
the interval is [(1 - λ) X(k) + λ X(k+1), (1 - λ) X(n-k+1) + λ X(n-k)]. When even
[X(1), X(n)] is below the level (n < 6 at 95%) that interval is given with its achieved level.

Mood's median test (Minitab): counts at or below / above the grand median per level, Pearson
chi-square without continuity correction, df = k - 1; each level's median with the sign
interval above. With two levels Minitab also prints an interval for the difference of the
two medians; ours is Bonett & Price's distribution-free one (Psychological Methods 7 (2002)
370-383): se(m_i) = (X(n-a+1) - X(a)) / (2 z0), a = round(n/2 - √n), z0 = Φ⁻¹(1 - P(B <= a - 1)),
m1 - m2 ± z(1-α/2) √(se1² + se2²).
"""

from __future__ import annotations

import numpy as np
from scipy import stats as st

from sixsigma.errors import InputError
from sixsigma.stats import checks as ck
from sixsigma.stats.describe import group_summary
from sixsigma.stats.inputs import as_groups
from sixsigma.stats.result import (
    TestResult,
    alpha_of,
    check_confidence,
    checks_frame,
    fmt,
    fmt_p,
    resolve_alpha,
)


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


def median_se(x) -> float:
    """Bonett & Price (2002) distribution-free standard error of a sample median."""
    s = np.sort(np.asarray(x, dtype=float))
    n = s.size
    a = max(int(np.round(n / 2 - np.sqrt(n))), 1)
    z0 = st.norm.ppf(1 - st.binom.cdf(a - 1, n, 0.5))
    return float((s[n - a] - s[a - 1]) / (2 * z0))


def median_difference_ci(x, y, confidence: float = 0.95) -> dict:
    """Median(x) - median(y) with Bonett & Price's (2002) interval (see the module docstring)."""
    confidence = check_confidence(confidence)
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if min(x.size, y.size) < 2:
        raise InputError("a difference of medians needs at least 2 values in each level")
    diff = float(np.median(x) - np.median(y))
    se = float(np.hypot(median_se(x), median_se(y)))
    half = float(st.norm.ppf(0.5 + confidence / 2)) * se
    return {
        "estimate": diff,
        "se": se,
        "ci": (diff - half, diff + half),
        "confidence": confidence,
        "method": "Bonett-Price (2002)",
    }


def mood_median(
    data=None,
    value: str | None = None,
    group: str | None = None,
    *,
    groups=None,
    alpha: float | None = None,
    confidence: float | None = None,
) -> TestResult:
    """Mood's median test (Minitab): chi-square on counts <= / > the grand median per level,
    each level's median with its sign interval (ci_lo, ci_hi, ci_level) and, for two levels,
    the difference of the medians (first - second) with its interval (extra "difference").

    ``confidence`` (default 0.95) is the decision level and the intervals' level; ``alpha`` =
    1 - confidence also works."""
    alpha = resolve_alpha(alpha, confidence)
    confidence = check_confidence(alpha_of(alpha) if confidence is None else confidence)
    labels, samples = as_groups(data, value, group, groups, min_groups=2, min_n=1)
    k = len(labels)
    med = float(np.median(np.concatenate(samples)))
    le = np.array([np.count_nonzero(s <= med) for s in samples], dtype=float)
    gt = np.array([s.size for s in samples], dtype=float) - le
    obs = np.vstack([le, gt])
    if np.any(obs.sum(axis=1) == 0):
        raise InputError(
            "every value is on one side of the grand median; Mood's test cannot be computed"
        )
    e = obs.sum(axis=1, keepdims=True) @ obs.sum(axis=0, keepdims=True) / obs.sum()
    chi2 = float(np.sum((obs - e) ** 2 / e))
    p = float(st.chi2.sf(chi2, k - 1))
    summary = group_summary(labels, samples)
    summary["n_le_median"], summary["n_gt_median"] = le.astype(int), gt.astype(int)
    summary["iqr"] = summary["q3"] - summary["q1"]
    medians = summary["median"].to_numpy()
    hi, lo = int(np.argmax(medians)), int(np.argmin(medians))
    ext = f"highest median {labels[hi]} {fmt(medians[hi])}, lowest {labels[lo]} {fmt(medians[lo])}"
    if p < alpha:
        conclusion = (
            f"the medians differ (Mood's X² = {fmt(chi2)}, df = {k - 1}, {fmt_p(p)}): {ext}"
        )
    else:
        conclusion = (
            f"no significant difference among the medians (X² = {fmt(chi2)}, {fmt_p(p)}); {ext}"
        )
    table = summary[["group", "n", "median", "n_le_median", "n_gt_median", "iqr"]].copy()
    cis = np.array([median_ci(s, confidence) for s in samples])  # one row per level
    table["ci_lo"], table["ci_hi"], table["ci_level"] = cis[:, 0], cis[:, 1], cis[:, 2]
    extra = {"grand_median": med, "groups": table, "median_confidence": confidence}
    if k == 2 and min(s.size for s in samples) >= 2:
        d = extra["difference"] = median_difference_ci(samples[0], samples[1], confidence)
        conclusion += (
            f"; median {labels[0]} - {labels[1]} = {fmt(d['estimate'])} "
            f"({confidence:.0%} CI {fmt(d['ci'][0])} to {fmt(d['ci'][1])}, Bonett-Price)"
        )
    return TestResult(
        test="Mood's median test",
        hypotheses="H0: all group medians are equal; H1: at least one differs",
        statistic=chi2,
        statistic_name="X-squared",
        df=float(k - 1),
        p_value=p,
        estimate=None,
        estimate_name="",
        ci=None,
        alternative="two-sided",
        alpha=alpha,
        effect_size=None,
        effect_size_name="",
        checks=checks_frame([ck.expected_count_check(e)]),
        conclusion=conclusion,
        kind="anova",
        extra=extra,
        plot_data={"groups": summary},
    )
