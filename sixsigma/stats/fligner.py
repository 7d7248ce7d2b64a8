"""Fligner-Killeen test of equal variances (median-centred), as R's ``fligner.test``.

Each value is centred on its group's median; the absolute deviations are ranked over all N
values and scored a_i = Φ⁻¹((1 + rank_i/(N + 1))/2). The statistic is
X² = [Σ_j n_j (ā_j - ā)²] / s_a², with s_a² the sample variance of all scores, referred to
χ² with k - 1 df (Conover, Johnson & Johnson 1981, Technometrics 23, 351-361, "FK:med").
Robust to non-normal data and to outliers, like Brown-Forsythe.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats as st

from sixsigma.errors import InputError
from sixsigma.stats.describe import group_summary
from sixsigma.stats.inputs import as_groups
from sixsigma.stats.result import TestResult, alpha_of, check_confidence, checks_frame, fmt, fmt_p


def fligner_killeen(
    data=None,
    value: str | None = None,
    group: str | None = None,
    *,
    groups=None,
    confidence: float = 0.95,
) -> TestResult:
    """Test H0: all groups have the same variance (Fligner-Killeen, median-centred)."""
    confidence = check_confidence(confidence)
    labels, samples = as_groups(data, value, group, groups, min_groups=2, min_n=1)
    k = len(labels)
    n = np.array([s.size for s in samples])
    codes = np.repeat(np.arange(k), n)
    dev = np.abs(np.concatenate([s - np.median(s) for s in samples]))
    big_n = dev.size
    scores = st.norm.ppf((1 + st.rankdata(dev) / (big_n + 1)) / 2)
    var_a = scores.var(ddof=1)
    if not np.isfinite(var_a) or var_a == 0:
        raise InputError(
            "every value equals its group median; the Fligner-Killeen test is undefined"
        )
    sums = np.bincount(codes, weights=scores, minlength=k)
    stat = float((np.sum(sums**2 / n) - big_n * scores.mean() ** 2) / var_a)
    df = float(k - 1)
    p = float(st.chi2.sf(stat, df))
    alpha = alpha_of(confidence)
    sds = np.array([s.std(ddof=1) if s.size > 1 else np.nan for s in samples])
    hi, lo = int(np.nanargmax(sds)), int(np.nanargmin(sds))
    spread = f"largest SD {labels[hi]} {fmt(sds[hi])}, smallest {labels[lo]} {fmt(sds[lo])}"
    name = "Fligner-Killeen test (median-centred)"
    if p < alpha:
        conclusion = (
            f"the variances differ ({name}, X² = {fmt(stat)}, df = {k - 1}, {fmt_p(p)}): {spread}; "
            "use Welch's t / Welch's ANOVA for the means"
        )
    else:
        conclusion = f"no significant difference in variances ({name}, {fmt_p(p)}); {spread}"
    summary = group_summary(labels, samples, confidence)
    return TestResult(
        test=name,
        hypotheses="H0: all group variances are equal; H1: at least one differs",
        statistic=stat,
        statistic_name="Fligner-Killeen:med X-squared",
        df=df,
        p_value=p,
        estimate=None,
        estimate_name="",
        ci=None,
        alternative="two-sided",
        alpha=alpha,
        effect_size=float(sds[hi] / sds[lo]) if sds[lo] > 0 else None,
        effect_size_name="largest / smallest SD",
        checks=checks_frame([("normality", "pass", "rank-based: robust to non-normal data")]),
        conclusion=conclusion,
        kind="variances",
        extra={
            "groups": pd.DataFrame(
                {
                    "group": labels,
                    "n": n,
                    "sd": sds,
                    "mean_score": sums / n,
                }
            ),
            "method": "fligner-killeen",
        },
        plot_data={"groups": summary},
    )
