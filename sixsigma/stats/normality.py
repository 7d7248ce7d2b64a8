"""Normality tests: Anderson-Darling (default, as Minitab), Shapiro-Wilk, Ryan-Joiner, KS.

- Anderson-Darling: A² = -n - (1/n) Σ (2i-1)[ln Φ(z_(i)) + ln(1 - Φ(z_(n+1-i)))] with
  z = (x - x̄)/s. The p-value is D'Agostino & Stephens (1986, Table 4.9) on the adjusted
  A*² = A²(1 + 0.75/n + 2.25/n²), as Minitab and R's ``nortest::ad.test`` compute it.
  The statistic reported is the unadjusted A² (Minitab's "AD").
- Shapiro-Wilk: Royston's (1995) algorithm AS R94 (scipy; the same as R's shapiro.test).
- Ryan-Joiner (Minitab): R_p = correlation of the sorted data with the normal scores
  Φ⁻¹((i - 3/8)/(n + 1/4)). Critical values from Ryan & Joiner (1976)'s fitted equations at
  α = 0.10, 0.05, 0.01; the p-value is interpolated linearly between them, as Minitab does,
  and reported as bounds outside that range (">0.100" -> 0.1, "<0.010" -> 0.01).
- Kolmogorov-Smirnov with estimated mean and SD (Lilliefors), p-value by the Dallal-
  Wilkinson (1986) approximation as in R's ``nortest::lillie.test``.
"""

from __future__ import annotations

import numpy as np
from scipy import stats as st

from sixsigma.errors import InputError, unknown
from sixsigma.stats.anderson_darling import ad_normal
from sixsigma.stats.inputs import as_sample
from sixsigma.stats.result import TestResult, checks_frame, fmt, fmt_p, resolve_alpha

METHODS = ("anderson-darling", "shapiro-wilk", "ryan-joiner", "kolmogorov-smirnov")
_ALIASES = {
    "ad": "anderson-darling",
    "sw": "shapiro-wilk",
    "rj": "ryan-joiner",
    "ks": "kolmogorov-smirnov",
    "lilliefors": "kolmogorov-smirnov",
}


def anderson_darling(x: np.ndarray) -> tuple[float, float, float]:
    """(A², adjusted A*², p-value) for normality with mean and SD estimated from x.

    A² and its p-value come from :mod:`sixsigma.stats.anderson_darling` (shared with the
    capability fits); A*² is reported as Minitab and nortest print it.
    """
    x = np.sort(np.asarray(x, dtype=float))
    n = x.size
    a2, p = ad_normal(x)
    aa = float(a2) * (1 + 0.75 / n + 2.25 / n**2)
    return float(a2), aa, float(min(max(float(p), 0.0), 1.0))


def ryan_joiner_critical(n: int) -> np.ndarray:
    """Ryan & Joiner (1976) critical values of R_p at α = 0.10, 0.05, 0.01."""
    r = np.sqrt(n)
    return np.array(
        [
            1.0071 - 0.1371 / r - 0.3682 / n + 0.7780 / n**2,
            1.0063 - 0.1288 / r - 0.6118 / n + 1.3505 / n**2,
            0.9963 - 0.0211 / r - 1.4106 / n + 3.1791 / n**2,
        ]
    )


def ryan_joiner(x: np.ndarray) -> tuple[float, float, str]:
    """(R_p, p-value, p-value text) — the p-value is bounded to [0.01, 0.10] as in Minitab."""
    x = np.sort(np.asarray(x, dtype=float))
    n = x.size
    b = st.norm.ppf((np.arange(1, n + 1) - 0.375) / (n + 0.25))
    rp = float(np.sum((x - x.mean()) * b) / np.sqrt(np.sum((x - x.mean()) ** 2) * np.sum(b**2)))
    crit = ryan_joiner_critical(n)
    alphas = np.array([0.10, 0.05, 0.01])
    if rp >= crit[0]:
        return rp, 0.10, ">0.100"
    if rp <= crit[2]:
        return rp, 0.01, "<0.010"
    p = float(np.interp(rp, crit[::-1], alphas[::-1]))
    return rp, p, f"{p:.3f}"


def lilliefors(x: np.ndarray) -> tuple[float, float]:
    """(D, p) of the Lilliefors KS test, p by Dallal-Wilkinson as nortest::lillie.test."""
    x = np.sort(np.asarray(x, dtype=float))
    n = x.size
    p_ = st.norm.cdf((x - x.mean()) / x.std(ddof=1))
    i = np.arange(1, n + 1)
    d = float(max(np.max(i / n - p_), np.max(p_ - (i - 1) / n)))
    if n <= 100:
        kd, nd = d, n
    else:
        kd, nd = d * (n / 100) ** 0.49, 100
    pval = np.exp(
        -7.01256 * kd**2 * (nd + 2.78019)
        + 2.99587 * kd * np.sqrt(nd + 2.78019)
        - 0.122119
        + 0.974598 / np.sqrt(nd)
        + 1.67997 / nd
    )
    if pval > 0.1:
        kk = (np.sqrt(n) - 0.01 + 0.85 / np.sqrt(n)) * d
        if kk <= 0.302:
            pval = 1.0
        elif kk <= 0.5:
            pval = (
                2.76773 - 19.828315 * kk + 80.709644 * kk**2 - 138.55152 * kk**3 + 81.218052 * kk**4
            )
        elif kk <= 0.9:
            pval = (
                -4.901232
                + 40.662806 * kk
                - 97.490286 * kk**2
                + 94.029866 * kk**3
                - 32.355711 * kk**4
            )
        elif kk <= 1.31:
            pval = (
                6.198765 - 19.558097 * kk + 23.186922 * kk**2 - 12.234627 * kk**3 + 2.423045 * kk**4
            )
        else:
            pval = 0.0
    return d, float(min(max(pval, 0.0), 1.0))


def probability_points(x: np.ndarray, max_points: int = 2000) -> dict:
    """Sorted data with median-rank percentiles (i - 0.3)/(n + 0.4), their normal scores and
    the fitted normal line (mean + sd·z), for a probability plot."""
    xs = np.sort(x)
    n = xs.size
    pct = (np.arange(1, n + 1) - 0.3) / (n + 0.4)
    if n > max_points:
        keep = np.unique(np.linspace(0, n - 1, max_points).round().astype(int))
        xs, pct = xs[keep], pct[keep]
    z = st.norm.ppf(pct)
    mean, sd = float(x.mean()), float(x.std(ddof=1))
    ticks = np.array([1, 5, 10, 25, 50, 75, 90, 95, 99])
    return {
        "x": xs,
        "percentile": pct,
        "z": z,
        "fit": mean + sd * z,
        "mean": mean,
        "sd": sd,
        "tick_percent": ticks,
        "tick_z": st.norm.ppf(ticks / 100),
    }


def normality(
    data=None,
    value: str | None = None,
    *,
    method: str = "anderson-darling",
    alpha: float | None = None,
    confidence: float | None = None,
) -> TestResult:
    """Test H0: the data come from a normal distribution (Anderson-Darling by default).

    ``confidence`` (default 0.95) sets the decision level; ``alpha`` = 1 - confidence also works.
    """
    alpha = resolve_alpha(alpha, confidence)
    method = _ALIASES.get(str(method).lower(), str(method).lower())
    if method not in METHODS:
        raise unknown("normality method", method, METHODS)
    x = as_sample(data, value, what="sample", min_n=3 if method != "ryan-joiner" else 4)
    n = x.size
    if np.ptp(x) == 0:
        raise InputError("all values are identical; a normality test needs some variation")
    extra: dict = {"n": n, "mean": float(x.mean()), "sd": float(x.std(ddof=1))}
    if method == "anderson-darling":
        stat, aa, p = anderson_darling(x)
        name, test, extra["adjusted_statistic"] = "AD", "Anderson-Darling normality test", aa
    elif method == "shapiro-wilk":
        res = st.shapiro(x)
        stat, p, name, test = (
            float(res.statistic),
            float(res.pvalue),
            "W",
            "Shapiro-Wilk normality test",
        )
    elif method == "ryan-joiner":
        stat, p, ptxt = ryan_joiner(x)
        name, test = "RJ", "Ryan-Joiner normality test"
        extra["p_value_text"] = ptxt
        extra["critical_values"] = dict(
            zip(["0.10", "0.05", "0.01"], ryan_joiner_critical(n).tolist(), strict=True)
        )
    else:
        stat, p = lilliefors(x)
        name, test = "KS", "Kolmogorov-Smirnov (Lilliefors) normality test"
    ptxt = extra.get("p_value_text") or fmt_p(p)
    if p < alpha:
        conclusion = (
            f"the data do not look normal ({name} = {fmt(stat)}, {ptxt}): use a nonparametric "
            f"test or a transformation, or rely on a large sample"
        )
    else:
        conclusion = f"no evidence against normality ({name} = {fmt(stat)}, {ptxt}, n = {n})"
    return TestResult(
        test=test,
        hypotheses="H0: the data follow a normal distribution; H1: they do not",
        statistic=stat,
        statistic_name=name,
        df=None,
        p_value=p,
        estimate=None,
        estimate_name="",
        ci=None,
        alternative="two-sided",
        alpha=alpha,
        effect_size=None,
        effect_size_name="",
        checks=checks_frame(),
        conclusion=conclusion,
        kind="normality",
        extra=extra,
        plot_data={"probability": probability_points(x)},
    )
