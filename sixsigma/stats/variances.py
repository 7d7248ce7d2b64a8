"""Tests for equal variances: F (two groups), Bartlett, Levene and Brown-Forsythe.

- F test (R's var.test): F = s1²/s2² on (n1 - 1, n2 - 1) df; interval for σ1²/σ2²
  [F / F(1-α/2), F / F(α/2)].
- Bartlett (R's bartlett.test): K² = [(N - k) ln s_p² - Σ (n_i - 1) ln s_i²] / C,
  C = 1 + (Σ 1/(n_i - 1) - 1/(N - k)) / (3(k - 1)), χ² with k - 1 df. Sensitive to non-normality.
- Levene (original, mean-centred) and Brown-Forsythe (median-centred): one-way ANOVA F on
  |x - centre_i| (NIST/SEMATECH e-Handbook 1.3.5.10). Brown-Forsythe is the default here: it
  is robust to non-normal data, and it is what Minitab's "Levene's test" computes (and
  R's car::leveneTest by default). Minitab's 2 Variances and Test for Equal Variances call
  the median-centred test "Levene's test" (Minitab methods and formulas, "Levene's test ...
  uses the median"), so ``two_variances(method="levene")`` is this ``brown-forsythe``; here
  ``equal_variances(method="levene")`` keeps the original mean-centred statistic.
- Bonett (two groups; Minitab 2 Variances' default when normality is not assumed): Bonett
  (2006), Applied Psychological Measurement 30(5) 432-439, with the pooled kurtosis under
  H0: rho = sigma1/sigma2 of Banga & Fox (Minitab white paper, "Bonett's method")::

      kurt(rho) = (n1 + n2) [sum (x1 - m1)^4 + rho^4 sum (x2 - m2)^4]
                  / [(n1 - 1) s1^2 + rho^2 (n2 - 1) s2^2]^2
      se(rho)^2 = (kurt - r1)/(n1 - 1) + (kurt - r2)/(n2 - 1),   r_i = (n_i - 3)/n_i
      c(z)      = [n1/(n1 - z)] / [n2/(n2 - z)]

  m_i is the trimmed mean with trim proportion 1/(2 sqrt(n_i - 4)) (floor(n_i·t) values off
  each end, as R's mean(x, trim)). The (1 - alpha) CI bounds are the rho that solve
  rho^2 = exp(ln(c(z) s1^2/s2^2) -/+ z se(rho)), z = z(1 - alpha/2) (one-sided: z(1 - alpha)).
  The p-value inverts that interval: with n1 = n2 (c = 1) it is the normal tail of
  Z = [ln(s1^2/s2^2) - ln rho0^2] / se(rho0); otherwise P = 2 min(alpha_L, alpha_U), alpha_L
  (alpha_U) the one-sided level at which the lower (upper) bound reaches rho0.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import optimize
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


_ALL_EQUAL = "H0: all group variances are equal; H1: at least one differs"


def _ev_f(method, labels, samples, n, var, alpha, alternative):
    """F = s1²/s2² on (n1 - 1, n2 - 1) df, interval F / F(1 - α/2), F / F(α/2) (R's var.test)."""
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
    hyp = hypotheses_text(f"variance of {labels[0]} / variance of {labels[1]}", 1.0, alternative)
    return (f, df, p, "F", "F test for two variances", hyp, f,
            f"variance ratio {labels[0]} / {labels[1]}", (float(ci[0]), float(ci[1])))


def _ev_bartlett(method, labels, samples, n, var, alpha, alternative):
    """K² = ((N - k) ln s_p² - Σ(n_i - 1) ln s_i²) / C on k - 1 df (R's bartlett.test)."""
    k = len(labels)
    big_n = n.sum()
    sp2 = np.sum((n - 1) * var) / (big_n - k)
    if np.any(var == 0):
        raise InputError(
            "a group has zero variance; Bartlett's test is undefined (use brown-forsythe)"
        )
    c = 1 + (np.sum(1 / (n - 1)) - 1 / (big_n - k)) / (3 * (k - 1))
    stat = float(((big_n - k) * np.log(sp2) - np.sum((n - 1) * np.log(var))) / c)
    df, p = float(k - 1), float(st.chi2.sf(stat, k - 1))
    return stat, df, p, "K-squared", "Bartlett's test", _ALL_EQUAL, None, "", None


def _ev_abs_dev(method, labels, samples, n, var, alpha, alternative):
    """One-way ANOVA F on |x - median| (Brown-Forsythe) or |x - mean| (Levene)."""
    stat, df, p = _abs_dev_anova(samples, "median" if method == "brown-forsythe" else "mean")
    name = (
        "Brown-Forsythe test (Levene on medians)"
        if method == "brown-forsythe"
        else "Levene's test (on means)"
    )
    return stat, df, p, "F", name, _ALL_EQUAL, None, "", None


_EQUAL_VARIANCES = {
    "f": _ev_f,
    "bartlett": _ev_bartlett,
    "brown-forsythe": _ev_abs_dev,
    "levene": _ev_abs_dev,
}


def _ev_normality_check(method, n):
    if method in ("f", "bartlett"):
        return (
            "normality",
            "warn" if min(n) < 30 else "pass",
            f"{'the F' if method == 'f' else 'Bartlett'}'s test is sensitive to non-normal data; "
            "Brown-Forsythe is the robust choice"
            if min(n) < 30
            else "large samples",
        )
    return ("normality", "pass", "robust to non-normal data")


def _ev_conclusion(labels, sds, name, p, alpha, estimate, ci, confidence) -> str:
    hi, lo = int(np.argmax(sds)), int(np.argmin(sds))
    spread = f"largest SD {labels[hi]} {fmt(sds[hi])}, smallest {labels[lo]} {fmt(sds[lo])}"
    if p < alpha:
        conclusion = f"the variances differ ({name}, {fmt_p(p)}): {spread}; use Welch's t / Welch's ANOVA for the means"
    else:
        conclusion = f"no significant difference in variances ({name}, {fmt_p(p)}); {spread}"
    if estimate is not None:
        conclusion += f"; ratio {fmt(estimate)} ({fmt_ci(ci, confidence)})"
    return conclusion


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
    alpha = alpha_of(confidence)
    n = np.array([s.size for s in samples], dtype=float)
    var = np.array([s.var(ddof=1) for s in samples])
    if method != "f" and alternative != "two-sided":
        raise InputError("one-sided alternatives apply to the F test of two groups only")
    stat, df, p, stat_name, name, hyp, estimate, est_name, ci = _EQUAL_VARIANCES[method](
        method, labels, samples, n, var, alpha, alternative
    )
    p = float(p)
    sds = np.sqrt(var)
    summary = group_summary(labels, samples, confidence)
    # Chi-square interval for each group's SD (normal theory).
    a2 = (1 - confidence) / 2
    summary["sd_ci_lo"] = np.sqrt((n - 1) * var / st.chi2.ppf(1 - a2, n - 1))
    summary["sd_ci_hi"] = np.sqrt((n - 1) * var / st.chi2.ppf(a2, n - 1))
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
        checks=checks_frame([_ev_normality_check(method, n)]),
        conclusion=_ev_conclusion(labels, sds, name, p, alpha, estimate, ci, confidence),
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


# ---------------------------------------------------------------------------------------------
# Bonett's test for two variances and Minitab's "2 Variances"

TWO_VARIANCE_METHODS = ("bonett", "levene", "f")


def _trimmed_mean(x: np.ndarray, prop: float) -> float:
    """R's mean(x, trim = prop): drop floor(n·prop) sorted values from each end."""
    n = x.size
    k = int(np.floor(n * prop))
    return float(np.sort(x)[k : n - k].mean())


class _Bonett:
    """The pieces of Bonett's interval for two samples (see the module docstring)."""

    def __init__(self, x1: np.ndarray, x2: np.ndarray):
        self.n1, self.n2 = float(x1.size), float(x2.size)
        self.v1, self.v2 = float(x1.var(ddof=1)), float(x2.var(ddof=1))
        m1 = _trimmed_mean(x1, 1 / (2 * np.sqrt(x1.size - 4)))
        m2 = _trimmed_mean(x2, 1 / (2 * np.sqrt(x2.size - 4)))
        self.a1 = float(np.sum((x1 - m1) ** 4))
        self.a2 = float(np.sum((x2 - m2) ** 4))
        self.r1, self.r2 = (self.n1 - 3) / self.n1, (self.n2 - 3) / self.n2
        self.log_ratio = float(np.log(self.v1 / self.v2))

    def kurtosis(self, rho):
        rho = np.asarray(rho, dtype=float)
        num = (self.n1 + self.n2) * (self.a1 + rho**4 * self.a2)
        return num / ((self.n1 - 1) * self.v1 + rho**2 * (self.n2 - 1) * self.v2) ** 2

    def se(self, rho):
        k = self.kurtosis(rho)
        var = (k - self.r1) / (self.n1 - 1) + (k - self.r2) / (self.n2 - 1)
        if np.any(var <= 0):
            raise InputError(
                "Bonett's standard error is undefined for these data (pooled kurtosis too "
                "small); use method='f' or 'levene'"
            )
        return np.sqrt(var)

    def log_c(self, z):
        """ln c(z), c = [n1/(n1 - z)] / [n2/(n2 - z)] (Bonett's small-sample equalizer)."""
        return np.log(self.n1) - np.log(self.n1 - z) - np.log(self.n2) + np.log(self.n2 - z)

    def bound(self, z: float, side: int) -> float:
        """The rho solving rho^2 = exp(ln(c(z) s1²/s2²) + side·z·se(rho)); side -1 lower, +1 upper."""
        centre = float(self.log_c(z)) + self.log_ratio

        def g(u):  # u = ln rho^2
            return u - centre - side * z * float(self.se(np.exp(u / 2)))

        se_hi = float(max(self.se(0.0), self.se(1e6)))
        lo, hi = centre - z * se_hi - 1.0, centre + z * se_hi + 1.0
        while g(lo) > 0:
            lo -= 10.0
        while g(hi) < 0:
            hi += 10.0
        return float(np.exp(optimize.brentq(g, lo, hi, xtol=1e-14, rtol=1e-14) / 2))

    def side_alpha(self, rho0: float, side: int) -> float:
        """One-sided level at which the lower (side -1) / upper (+1) bound reaches rho0.

        Rejection at normal quantile z: s·(d + ln c(z)) - z·se(rho0) > 0 with s = -side and
        d = ln(s1²/s2²) - ln rho0²; alpha = P(Z > z*) at the first z* where that stops holding.
        """
        se0 = float(self.se(rho0))
        d = self.log_ratio - 2 * np.log(rho0)
        s = -side
        zmax = min(40.0, min(self.n1, self.n2) - 1e-6)
        grid = np.linspace(-40.0, zmax, 8001)
        f = s * (d + self.log_c(grid)) - grid * se0
        if f[0] <= 0:
            return 1.0
        neg = np.nonzero(f <= 0)[0]
        if not neg.size:
            return float(st.norm.sf(zmax))
        i = int(neg[0])

        def fz(z):
            return s * (d + float(self.log_c(z))) - z * se0

        z_star = optimize.brentq(fz, grid[i - 1], grid[i], xtol=1e-14, rtol=1e-14)
        return float(st.norm.sf(z_star))


def bonett_two_variances(
    x1,
    x2,
    *,
    ratio: float = 1.0,
    alternative: str = "two-sided",
    confidence: float = 0.95,
) -> dict:
    """Bonett's test and CI for rho = sigma1/sigma2 (Minitab 2 Variances, Bonett's method).

    Returns {estimate, ci, p_value, statistic (Z for n1 = n2, else None), se, kurtosis}.
    Formulas in the module docstring (Bonett 2006; Banga & Fox's pooled kurtosis under H0).
    """
    alternative, confidence = normalize_alternative(alternative), check_confidence(confidence)
    x1 = np.asarray(x1, dtype=float)
    x2 = np.asarray(x2, dtype=float)
    if min(x1.size, x2.size) < 5:
        raise InputError(
            "Bonett's test needs at least 5 values per group (the trimmed mean uses n - 4); "
            f"got {x1.size} and {x2.size}"
        )
    if not np.isfinite(ratio) or ratio <= 0:
        raise InputError(f"the hypothesized ratio of SDs must be a positive number, got {ratio}")
    if x1.var() == 0 or x2.var() == 0:
        raise InputError("a group has zero variance; the ratio of standard deviations is undefined")
    b = _Bonett(x1, x2)
    alpha = alpha_of(confidence)
    if alternative == "two-sided":
        z = float(st.norm.ppf(1 - alpha / 2))
        ci = (b.bound(z, -1), b.bound(z, +1))
    else:
        z = float(st.norm.ppf(1 - alpha))
        ci = (b.bound(z, -1), np.inf) if alternative == "greater" else (0.0, b.bound(z, +1))
    if min(b.n1, b.n2) <= z:
        raise InputError(
            f"Bonett's interval needs more than z = {z:.3f} values per group; add data or lower "
            "the confidence"
        )
    statistic = None
    if b.n1 == b.n2:
        statistic = float((b.log_ratio - 2 * np.log(ratio)) / b.se(ratio))
        p = {
            "two-sided": 2 * st.norm.sf(abs(statistic)),
            "greater": st.norm.sf(statistic),
            "less": st.norm.cdf(statistic),
        }[alternative]
    else:
        a_lo, a_hi = b.side_alpha(ratio, -1), b.side_alpha(ratio, +1)
        p = {"two-sided": min(1.0, 2 * min(a_lo, a_hi)), "greater": a_lo, "less": a_hi}[alternative]
    return {
        "estimate": float(np.sqrt(b.v1 / b.v2)),
        "ci": (float(ci[0]), float(ci[1])),
        "p_value": float(p),
        "statistic": statistic,
        "se": float(b.se(ratio)),
        "kurtosis": float(b.kurtosis(ratio)),
    }


def _tv_f(labels, samples, ratio, alternative, confidence):
    """F = (s1²/s2²)/ratio² on (n1 - 1, n2 - 1) df; the SD-ratio interval √ of var.test's."""
    base = equal_variances(
        {labels[0]: samples[0], labels[1]: samples[1]},
        method="f",
        alternative=alternative,
        confidence=confidence,
    )
    f_ratio = float(samples[0].var(ddof=1) / samples[1].var(ddof=1)) / ratio**2
    df = (float(samples[0].size - 1), float(samples[1].size - 1))
    pl = st.f.cdf(f_ratio, *df)
    p = float({"two-sided": 2 * min(pl, 1 - pl), "less": pl, "greater": 1 - pl}[alternative])
    ci = tuple(float(np.sqrt(c)) for c in base.ci)
    est = float(np.sqrt(samples[0].var(ddof=1) / samples[1].var(ddof=1)))
    return p, f_ratio, df, "F", "F test (normal distribution)", est, ci, base.checks, dict(base.extra)


def _tv_robust(m, labels, samples, ratio, alternative, confidence):
    """Bonett's interval (and test for ``bonett``); Minitab's Levene = Brown-Forsythe's p."""
    bon = bonett_two_variances(
        samples[0], samples[1], ratio=ratio, alternative=alternative, confidence=confidence
    )
    est, ci = bon["estimate"], bon["ci"]
    if m == "bonett":
        p, stat, df = bon["p_value"], bon["statistic"], None
        stat_name, name = "Z", "Bonett's test"
        extra_stats = {"pooled_kurtosis": bon["kurtosis"], "se_log_variance_ratio": bon["se"]}
    base = equal_variances(
        {labels[0]: samples[0], labels[1]: samples[1]}, method="brown-forsythe"
    )
    if m == "levene":
        p, stat, df = base.p_value, base.statistic, base.df
        stat_name, name = "F", "Levene's test (Minitab; median-centred, Brown-Forsythe)"
        extra_stats = {}
    checks = checks_frame([("normality", "pass", "robust to non-normal data")])
    extra = dict(base.extra)
    extra.update(extra_stats)
    return p, stat, df, stat_name, name, est, ci, checks, extra


def two_variances(
    data=None,
    value: str | None = None,
    group: str | None = None,
    *,
    groups=None,
    method: str = "bonett",
    ratio: float = 1.0,
    alternative: str = "two-sided",
    confidence: float = 0.95,
) -> TestResult:
    """Minitab's 2 Variances: H0 sigma1/sigma2 = ``ratio`` by Bonett (default), Levene or F.

    ``method``: ``bonett`` (robust CI and test for the ratio of SDs, Bonett 2006), ``levene``
    (Minitab's Levene's test, i.e. median-centred = ``equal_variances(method="brown-forsythe")``;
    H0 ratio 1, two-sided), ``f`` (normal theory, R's var.test). The estimate and interval are
    for the ratio of standard deviations, as Minitab prints them (Bonett's for ``levene``).
    """
    m = str(method).lower().replace("_", "-")
    if m not in TWO_VARIANCE_METHODS:
        raise unknown("2 variances method", method, TWO_VARIANCE_METHODS)
    alternative, confidence = normalize_alternative(alternative), check_confidence(confidence)
    labels, samples = as_groups(data, value, group, groups, min_groups=2, max_groups=2, min_n=2)
    if m == "levene" and ratio != 1.0:
        raise InputError("Levene's test checks a ratio of 1 only; use method='bonett'")
    if m == "levene" and alternative != "two-sided":
        raise InputError("Levene's test is two-sided only; use method='bonett' or 'f'")
    alpha = alpha_of(confidence)
    what = f"σ({labels[0]}) / σ({labels[1]})"
    if m == "f":
        p, stat, df, stat_name, name, est, ci, checks, extra = _tv_f(
            labels, samples, ratio, alternative, confidence
        )
    else:
        p, stat, df, stat_name, name, est, ci, checks, extra = _tv_robust(
            m, labels, samples, ratio, alternative, confidence
        )
    extra["method"] = m
    hyp = hypotheses_text(what, ratio, alternative)
    ci_txt = fmt_ci(ci, confidence)
    if p < alpha:
        conclusion = (
            f"the standard deviations differ ({name}, {fmt_p(p)}): ratio {fmt(est)} ({ci_txt}); "
            "use Welch's t for the means"
        )
    else:
        conclusion = (
            f"no significant difference in standard deviations ({name}, {fmt_p(p)}); ratio "
            f"{fmt(est)} ({ci_txt})"
        )
    return TestResult(
        test=name,
        hypotheses=hyp,
        statistic=None if stat is None else float(stat),
        statistic_name=stat_name,
        df=df,
        p_value=float(p),
        estimate=est,
        estimate_name=f"ratio of standard deviations {labels[0]} / {labels[1]}",
        ci=ci,
        alternative=alternative,
        alpha=alpha,
        effect_size=float(max(est, 1 / est)),
        effect_size_name="largest / smallest SD",
        checks=checks,
        conclusion=conclusion,
        kind="variances",
        extra=extra,
        plot_data={"groups": group_summary(labels, samples, confidence)},
    )
