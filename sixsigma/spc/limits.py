"""Sigma estimators and control-limit formulas (Minitab's definitions, exact constants).

Sigma estimators (Minitab, "Methods and formulas" of the I-MR, Xbar-R and Xbar-S charts):

- ``mr-bar`` (I chart default): MR-bar / d2(2), moving ranges of length 2.
- ``mr-median``: median(MR) / d4(2), d4(2) = sqrt(2) * Phi^-1(0.75) = 0.9539 (median of the
  range of two normals).
- ``sd``: sample standard deviation / c4(N) (qcc's ``std.dev = "SD"``).
- ``r-bar`` (X-bar/R default): sum(f_i R_i / d2(n_i)) / sum(f_i), f_i = d2(n_i)^2 / d3(n_i)^2.
  With equal subgroup sizes this is R-bar / d2(n). With unequal sizes it is Minitab's
  weighting (the minimum-variance linear unbiased estimator, qcc's ``MVLUE-R``); qcc's
  default instead averages R_i / d2(n_i) unweighted (``r-bar-unweighted``, qcc ``UWAVE-R``).
- ``s-bar`` (X-bar/S default): sum(h_i S_i / c4(n_i)) / sum(h_i), h_i = c4^2 / (1 - c4^2)
  (S-bar / c4(n) with equal sizes; qcc ``MVLUE-SD``); ``s-bar-unweighted`` = qcc ``UWAVE-SD``.
- ``pooled``: S_p / c4(d + 1), S_p = sqrt(sum((n_i - 1) S_i^2) / d), d = sum(n_i - 1)
  (Minitab's pooled standard deviation with the unbiasing constant; qcc ``RMSDF``).

d2, d3 and c4 are exact (``sixsigma.spc.constants``), not Minitab's or qcc's 3-4 decimal
tables, so limits differ from table-based software by up to ~3e-4 relative.
"""

from __future__ import annotations

import numpy as np
from scipy import stats

from sixsigma.errors import InputError, unknown
from sixsigma.spc.constants import c4, d2, d3

D4_2 = float(np.sqrt(2.0) * stats.norm.ppf(0.75))  # median range of 2 normals / sigma
D2_2 = float(2.0 / np.sqrt(np.pi))  # d2(2) exactly: E|X1 - X2| / sigma = 2 / sqrt(pi)

INDIVIDUAL_METHODS = ("mr-bar", "mr-median", "sd")
SUBGROUP_METHODS = ("r-bar", "s-bar", "pooled", "r-bar-unweighted", "s-bar-unweighted")


def sigma_individuals(
    x: np.ndarray, mr: np.ndarray, est: np.ndarray, mr_est: np.ndarray, method: str
) -> float:
    """Sigma of individual values; ``est`` marks values and ``mr_est`` moving ranges used."""
    if method == "mr-bar":
        r = mr[mr_est]
        if r.size == 0:
            raise InputError(
                "need at least 2 consecutive points to estimate sigma from moving ranges"
            )
        return float(r.mean() / D2_2)
    if method == "mr-median":
        r = mr[mr_est]
        if r.size == 0:
            raise InputError(
                "need at least 2 consecutive points to estimate sigma from moving ranges"
            )
        return float(np.median(r) / D4_2)
    if method == "sd":
        v = x[est]
        if v.size < 2:
            raise InputError("need at least 2 points to estimate sigma")
        return float(v.std(ddof=1) / c4(v.size))
    raise unknown("sigma method", method, INDIVIDUAL_METHODS)


def sigma_subgroups(n: np.ndarray, r: np.ndarray, s: np.ndarray, method: str) -> float:
    """Within-subgroup sigma from subgroup sizes, ranges and standard deviations.

    Subgroups of size 1 carry no within-subgroup information and are skipped (as Minitab does).
    """
    keep = n >= 2
    n, r, s = n[keep], r[keep], s[keep]
    if n.size == 0:
        raise InputError("need at least one subgroup with 2 or more observations to estimate sigma")
    if method in ("r-bar", "r-bar-unweighted"):
        dd2 = d2(n.astype(int))
        if method == "r-bar-unweighted":
            return float(np.mean(r / dd2))
        f = dd2**2 / d3(n.astype(int)) ** 2
        return float(np.sum(f * r / dd2) / np.sum(f))
    if method in ("s-bar", "s-bar-unweighted"):
        cc = c4(n)
        if method == "s-bar-unweighted":
            return float(np.mean(s / cc))
        h = cc**2 / (1.0 - cc**2)
        return float(np.sum(h * s / cc) / np.sum(h))
    if method == "pooled":
        dof = float(np.sum(n - 1))
        sp = np.sqrt(np.sum((n - 1) * s**2) / dof)
        return float(sp / c4(dof + 1))
    raise unknown("sigma method", method, SUBGROUP_METHODS)


def geometric_quantile(p: float, q: float) -> float:
    """Minitab's interpolated inverse CDF of the 'number until' geometric distribution.

    F(g) = 1 - (1 - p)^g for g = 1, 2, ...; with G_b the smallest g where F(g) >= q and
    G_a = G_b - 1: G = G_a + (q - F(G_a)) / (F(G_b) - F(G_a)) (Minitab, G chart methods).
    """
    gb = max(1.0, float(np.ceil(np.log1p(-q) / np.log1p(-p))))
    # guard against floating rounding in the ceiling
    if 1.0 - (1.0 - p) ** (gb - 1) >= q and gb > 1:
        gb -= 1
    fa = 1.0 - (1.0 - p) ** (gb - 1)
    fb = 1.0 - (1.0 - p) ** gb
    return (gb - 1) + (q - fa) / (fb - fa)


# ------------------------------------------------------------------------- probability limits
def tail_probabilities(confidence: float) -> tuple[float, float]:
    """(alpha/2, 1 - alpha/2) for a two-sided confidence level 1 - alpha."""
    if not 0.0 < confidence < 1.0:
        raise InputError(f"confidence must be between 0 and 1 (e.g. 0.99), got {confidence}")
    a = (1.0 - confidence) / 2.0
    return a, 1.0 - a


def normal_multiplier(confidence: float) -> float:
    """k = Phi^-1(1 - alpha/2): probability limits of X-bar / I charts are mu +/- k sigma/sqrt(n)."""
    return float(stats.norm.ppf(tail_probabilities(confidence)[1]))


def range_probability_limits(sigma: float, n: np.ndarray, confidence: float):
    """R (and MR, n = 2) chart probability limits W_q(n) sigma, W the range of n normals.

    LCL = qtukey(alpha/2, n, inf) sigma, UCL = qtukey(1 - alpha/2, n, inf) sigma (qcc's
    ``limits.R``; Montgomery, *Introduction to SQC*, 6.2.1). qtukey is R's algorithm
    (:mod:`sixsigma.tukey`), evaluated once per distinct subgroup size.
    """
    from sixsigma.tukey import qtukey

    lo_p, hi_p = tail_probabilities(confidence)
    n = np.asarray(n, dtype=int)
    sizes = np.unique(n)
    lo = {m: float(qtukey(lo_p, int(m), np.inf)[0]) for m in sizes}
    hi = {m: float(qtukey(hi_p, int(m), np.inf)[0]) for m in sizes}
    idx = np.searchsorted(sizes, n)
    return (
        np.array([lo[m] for m in sizes])[idx] * sigma,
        np.array([hi[m] for m in sizes])[idx] * sigma,
    )


def sd_probability_limits(sigma: float, n: np.ndarray, confidence: float):
    """S chart probability limits sigma sqrt(chi2_q(n - 1) / (n - 1)) (qcc's ``limits.S``;
    Montgomery, *Introduction to SQC*, 6.3: (n - 1) S^2 / sigma^2 ~ chi2(n - 1))."""
    lo_p, hi_p = tail_probabilities(confidence)
    df = np.asarray(n, dtype=float) - 1.0
    return (
        sigma * np.sqrt(stats.chi2.ppf(lo_p, df) / df),
        sigma * np.sqrt(stats.chi2.ppf(hi_p, df) / df),
    )


def count_probability_limits(kind: str, center: float, n: np.ndarray, confidence: float):
    """Attribute-chart probability limits from the exact count distribution (qcc):

    - c: qpois(q, c-bar); u: qpois(q, u-bar n_i) / n_i;
    - np: qbinom(q, n_i, p-bar); p: qbinom(q, n_i, p-bar) / n_i;

    for q = alpha/2 (LCL) and 1 - alpha/2 (UCL). The quantile is the smallest count x with
    F(x) >= q (R's convention), so the false-alarm rate on each side is at most alpha/2.
    """
    lo_p, hi_p = tail_probabilities(confidence)
    n = np.asarray(n, dtype=float)
    if kind in ("c", "u"):
        mu = center * (n if kind == "u" else np.ones_like(n))
        lo, hi = stats.poisson.ppf(lo_p, mu), stats.poisson.ppf(hi_p, mu)
    elif kind in ("p", "np"):
        lo, hi = stats.binom.ppf(lo_p, n, center), stats.binom.ppf(hi_p, n, center)
    else:  # pragma: no cover - guarded by the caller
        raise unknown("attribute chart", kind, ("p", "np", "c", "u"))
    if kind in ("u", "p"):
        lo, hi = lo / n, hi / n
    return np.asarray(lo, dtype=float), np.asarray(hi, dtype=float)
