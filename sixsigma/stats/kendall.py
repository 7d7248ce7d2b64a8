"""Kendall's rank correlation tau-b with its test, as R's ``cor.test(method = "kendall")``.

- Estimate: tau-b = (C - D)/√((T0 - T1)(T0 - T2)), T0 = n(n-1)/2, T1/T2 the tied pairs in
  x / y (equals tau-a without ties).
- Exact test (n < 50, no ties; R's default): T = number of concordant pairs, whose null
  distribution is that of the number of non-inversions of a random permutation (the Mahonian
  numbers, Kendall 1938); two-sided p = min(1, 2 · the smaller tail).
- Otherwise the normal approximation z = S/√Var(S), S = C - D, with the full tie correction
  Var(S) = [v0 - vt - vu]/18 + v1/(2n(n-1)) + v2/(9n(n-1)(n-2)) (Kendall 1970, Rank
  Correlation Methods, ch. 4; Hollander & Wolfe 1973, sec. 8.1), no continuity correction.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from scipy import stats as st

from sixsigma.errors import InputError
from sixsigma.stats.inputs import column
from sixsigma.stats.result import (
    TestResult,
    alpha_of,
    check_confidence,
    checks_frame,
    decision_text,
    fmt,
    fmt_p,
    hypotheses_text,
    normalize_alternative,
)

EXACT_MAX_N = 50
MAX_N = 3000  # all n(n-1)/2 pairs are formed at once: 4.5 million at this size


@lru_cache(maxsize=64)
def _concordant_counts(n: int) -> np.ndarray:
    """Number of permutations of n with q concordant pairs, q = 0 .. n(n-1)/2 (Mahonian)."""
    counts = np.ones(1)
    for i in range(2, n + 1):  # the i-th element adds 0 .. i-1 inversions (n <= 50 steps)
        counts = np.convolve(counts, np.ones(i))
    return counts


def _pairs(x: np.ndarray, y: np.ndarray):
    """(concordant - discordant, tied-in-x pairs, tied-in-y pairs) by all pairs, vectorised."""
    i, j = np.triu_indices(x.size, 1)
    sx, sy = np.sign(x[i] - x[j]), np.sign(y[i] - y[j])
    return float(np.sum(sx * sy)), float(np.sum(sx == 0)), float(np.sum(sy == 0))


def _tie_sums(v: np.ndarray):
    _, t = np.unique(v, return_counts=True)
    t = t[t > 1].astype(float)
    return np.sum(t * (t - 1)), np.sum(t * (t - 1) * (2 * t + 5)), np.sum(t * (t - 1) * (t - 2))


def _kendall_pairs(data, x, y):
    """Complete (x, y) pairs and their names, from columns of ``data`` or from two arrays."""
    if data is not None:
        xs = np.asarray(column(data, x, "x"), dtype=float)
        ys = np.asarray(column(data, y, "y"), dtype=float)
        names = (str(x), str(y))
    else:
        xs, ys = np.asarray(x, dtype=float).ravel(), np.asarray(y, dtype=float).ravel()
        names = ("x", "y")
    if xs.size != ys.size:
        raise InputError(f"x has {xs.size} values and y has {ys.size}; they must pair up")
    ok = np.isfinite(xs) & np.isfinite(ys)
    xs, ys = xs[ok], ys[ok]
    n = xs.size
    if n < 3:
        raise InputError("Kendall's tau needs at least 3 complete (x, y) pairs")
    if np.ptp(xs) == 0 or np.ptp(ys) == 0:
        raise InputError("a column is constant; Kendall's tau is undefined")
    if n > MAX_N:
        raise InputError(
            f"Kendall's tau here takes at most {MAX_N} pairs of values, got {n}; "
            "sample the data or use Spearman's correlation"
        )
    return xs, ys, names


def _kendall_exact_p(n, s, t0, alternative):
    """Exact p from the distribution of the number of concordant pairs T (no ties)."""
    counts = _concordant_counts(n)
    cdf = np.cumsum(counts) / counts.sum()
    q = int(round((s + t0) / 2))  # concordant pairs

    def p_le(v):
        return float(cdf[v]) if v >= 0 else 0.0

    if alternative == "two-sided":
        tail = 1 - p_le(q - 1) if q > t0 / 2 else p_le(q)
        p = min(1.0, 2 * tail)
    elif alternative == "greater":
        p = 1 - p_le(q - 1)
    else:
        p = p_le(q)
    return p, float(q), "T", "exact"


def _kendall_normal_p(xs, ys, n, s, alternative):
    """z = S/√Var(S) with the tie-corrected variance (R's cor.test)."""
    v1x, v2x, v3x = _tie_sums(xs)
    v1y, v2y, v3y = _tie_sums(ys)
    var_s = (
        (n * (n - 1) * (2 * n + 5) - v2x - v2y) / 18
        + v1x * v1y / (2 * n * (n - 1))
        + v3x * v3y / (9 * n * (n - 1) * (n - 2))
    )
    z = s / np.sqrt(var_s)
    p = {
        "two-sided": 2 * st.norm.sf(abs(z)),
        "greater": st.norm.sf(z),
        "less": st.norm.cdf(z),
    }[alternative]
    return p, float(z), "z", "normal approximation with tie correction"


def _kendall_text(xn, yn, tau, p, alpha, n, method) -> str:
    strength = "strong" if abs(tau) >= 0.5 else "moderate" if abs(tau) >= 0.3 else "weak"
    if p < alpha:
        return (
            f"{xn} and {yn} have a {strength} {'positive' if tau > 0 else 'negative'} rank "
            f"association: Kendall's tau = {fmt(tau, 3)} ({fmt_p(p)}, n = {n}, {method} test)"
        )
    return (
        f"no significant rank association between {xn} and {yn}: tau = {fmt(tau, 3)} "
        f"({fmt_p(p)}, {decision_text(p, alpha)})"
    )


def kendall_tau(
    data=None,
    x=None,
    y=None,
    *,
    exact: bool | None = None,
    alternative: str = "two-sided",
    confidence: float = 0.95,
) -> TestResult:
    """Kendall's tau-b between two columns (or arrays) with the test of tau = 0 (R cor.test)."""
    alternative, confidence = normalize_alternative(alternative), check_confidence(confidence)
    xs, ys, (xn, yn) = _kendall_pairs(data, x, y)
    n = xs.size
    s, tx, ty = _pairs(xs, ys)
    t0 = n * (n - 1) / 2
    tau = s / np.sqrt((t0 - tx) * (t0 - ty))
    ties = tx > 0 or ty > 0
    if exact is None:
        exact = n < EXACT_MAX_N and not ties
    if exact and ties:
        raise InputError("the exact Kendall test needs data without ties; use exact=False")
    if exact:
        p, stat, stat_name, method = _kendall_exact_p(n, s, t0, alternative)
    else:
        p, stat, stat_name, method = _kendall_normal_p(xs, ys, n, s, alternative)
    p = float(min(max(p, 0.0), 1.0))
    alpha = alpha_of(confidence)
    return TestResult(
        test="Kendall rank correlation",
        hypotheses=hypotheses_text("Kendall's tau", 0.0, alternative),
        statistic=stat,
        statistic_name=stat_name,
        df=None,
        p_value=p,
        estimate=float(tau),
        estimate_name="tau-b",
        ci=None,
        alternative=alternative,
        alpha=alpha,
        effect_size=float(tau),
        effect_size_name="tau-b",
        checks=checks_frame(
            [("method", "pass", f"{method} p-value" + (" (ties present)" if ties else ""))]
        ),
        conclusion=_kendall_text(xn, yn, tau, p, alpha, n, method),
        kind="correlation",
        extra={"n": n, "method": "kendall", "exact": bool(exact), "x": xn, "y": yn},
        plot_data={"x": xs, "y": ys, "x_name": xn, "y_name": yn},
    )
