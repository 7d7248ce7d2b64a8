"""Normal-theory capability: within and overall sigma, Cp ... Ppk, Cpm, PPM and intervals.

Definitions follow Minitab ("Methods and formulas" of Normal Capability Analysis); the
constants d2, d3, c4 are exact (:mod:`sixsigma.spc.constants`), not 3-4 decimal tables.

Within-subgroup (short-term) sigma, ``sigma_method``:

- ``pooled`` (default for subgroups, as Minitab's Capability Analysis (Normal): "Pooled
  standard deviation" with the unbiasing constant): S_p / c4(d), with
  S_p = sqrt(sum_i sum_j (x_ij - xbar_i)^2 / sum(n_i - 1)) and d = sum(n_i - 1) + 1
  (Minitab, Methods and formulas, "Pooled standard deviation"). It uses every observation's
  deviation from its subgroup mean, so it is the most efficient of the three estimators
  and handles unequal subgroup sizes naturally. (qcc calls it ``RMSDF``.)
- ``rbar`` (option; the X-bar/R chart's sigma, Montgomery's and qcc's default):
  R-bar / d2(n); with unequal sizes Minitab's weighted form
  sum(f_i R_i / d2(n_i)) / sum(f_i), f_i = d2(n_i)^2 / d3(n_i)^2 (qcc ``MVLUE-R``; qcc's
  default ``UWAVE-R`` is the unweighted mean, equal to this one for equal sizes).
- ``sbar`` (option; the X-bar/S chart's sigma): S-bar / c4(n); unequal sizes sum(h_i S_i / c4(n_i)) / sum(h_i),
  h_i = c4(n_i)^2 / (1 - c4(n_i)^2) (qcc ``MVLUE-SD``).
- ``mr`` (default for individual values): MR-bar / d2(2), moving ranges of span 2.
- ``mr-median``: median(MR) / d4(2), d4(2) = sqrt(2) Phi^-1(0.75) = 0.9539.

Overall (long-term) sigma is the sample standard deviation s (n - 1 divisor); Minitab's
option to divide it by c4(N) is ``unbias_overall=True``.

Indices (tol = 6 sigma, Montgomery, *Introduction to SQC*, 7th ed., sect. 8.3):
Cp = (USL - LSL) / 6 sigma_w, Cpl = (xbar - LSL) / 3 sigma_w, Cpu = (USL - xbar) / 3 sigma_w,
Cpk = min(Cpl, Cpu); Pp, Ppl, Ppu, Ppk the same with s. One-sided specifications give only
the indices of the limit that exists (Cpk = Cpl or Cpu), never a Cp.
Cpm = Cp / sqrt(1 + ((xbar - T) / sigma_w)^2) (Taguchi index as Montgomery eq. 8.26 and
qcc define it, with the within sigma), only when a target T and both limits are given.
Minitab instead reports Cpm in its overall column from sum((x - T)^2) / (n - 1) and, for an
off-centre target, uses min(T - LSL, USL - T) / 3 in the numerator.

Confidence intervals (two-sided, level 1 - alpha):

- Cp, Pp: Cp sqrt(chi2_{alpha/2, nu} / nu) to Cp sqrt(chi2_{1-alpha/2, nu} / nu) (Chou, Owen &
  Borrego 1990; Montgomery eq. 8.19).
- Cpk, Cpl, Cpu, Ppk, Ppl, Ppu: Bissell (1990) normal approximation,
  C +/- z_{1-alpha/2} sqrt(1 / (9 N) + C^2 / (2 nu)) (Minitab's formula; Montgomery eq. 8.20).
- Cpm: Boyles (1991), Cpm sqrt(chi2_{alpha/2, nu} / nu) ..., with the Patnaik degrees of
  freedom nu = N (1 + a^2)^2 / (1 + 2 a^2), a = (xbar - T) / sigma. (qcc 3.0 drops the square
  in the numerator, which matters only for an off-centre target.)
- nu for the overall indices is N - 1. For the within indices (default, as Minitab's
  "Cp confidence interval bounds") the effective degrees of freedom of the sigma estimator:
  pooled sum(n_i - 1); R-bar 0.9 k (nbar - 1); S-bar f(nbar) k (nbar - 1) (f from Minitab's
  table); moving range N - 1. qcc and Montgomery use N - 1 for every method
  (``within_df="n-1"``); a number may also be given.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from sixsigma.errors import InputError, unknown
from sixsigma.spc.constants import c4, d2, d3

SIGMA_METHODS = ("pooled", "rbar", "sbar", "mr", "mr-median")
SUBGROUP_SIGMA_METHODS = ("pooled", "rbar", "sbar")
INDIVIDUAL_SIGMA_METHODS = ("mr", "mr-median")
_SIGMA_ALIASES = {
    "pooled": "pooled",
    "pooledsd": "pooled",
    "pooledstandarddeviation": "pooled",
    "rmsdf": "pooled",
    "rbar": "rbar",
    "range": "rbar",
    "mvluer": "rbar",
    "sbar": "sbar",
    "mvluesd": "sbar",
    "mr": "mr",
    "mrbar": "mr",
    "movingrange": "mr",
    "averagemovingrange": "mr",
    "mrmedian": "mr-median",
    "medianmr": "mr-median",
    "medianmovingrange": "mr-median",
}
D2_2 = float(2.0 / np.sqrt(np.pi))  # d2(2) = E|X1 - X2| / sigma exactly
D4_2 = float(np.sqrt(2.0) * stats.norm.ppf(0.75))  # median range of two normals / sigma

# Minitab's S-bar adjustment factor f_n for the within degrees of freedom (Methods and formulas).
_SBAR_F = [(2, 0.88), (3, 0.92), (4, 0.94), (5, 0.95), (7, 0.96), (9, 0.97), (17, 0.98), (64, 0.99)]


def sigma_method_name(name: str | None, subgrouped: bool) -> str:
    """The canonical sigma-method name (default: pooled for subgroups, mr for individuals).

    Defaults as Minitab's Capability Analysis (Normal): with subgroups the pooled standard
    deviation S_p / c4(d), d = sum(n_i - 1) + 1; for individual values the average moving
    range MR-bar / d2(2). R-bar/d2 (``"rbar"``, as the X-bar/R chart, Montgomery and qcc)
    and S-bar/c4 (``"sbar"``) are options.
    """
    if name is None:
        return "pooled" if subgrouped else "mr"
    key = "".join(ch for ch in str(name).lower() if ch.isalnum())
    method = _SIGMA_ALIASES.get(key)
    if method is None:
        raise unknown("sigma method", str(name), SIGMA_METHODS)
    if subgrouped and method in INDIVIDUAL_SIGMA_METHODS:
        raise InputError(
            f"sigma method {method!r} is for individual values; with subgroups use "
            f"one of {', '.join(SUBGROUP_SIGMA_METHODS)}"
        )
    if not subgrouped and method in SUBGROUP_SIGMA_METHODS:
        raise InputError(
            f"sigma method {method!r} needs subgroups (give subgroup=...); for "
            f"individual values use one of {', '.join(INDIVIDUAL_SIGMA_METHODS)}"
        )
    return method


@dataclass(frozen=True)
class Subgroups:
    """Per-subgroup sizes, ranges and standard deviations (subgroups of size >= 2 only)."""

    n: np.ndarray
    r: np.ndarray
    s: np.ndarray

    @classmethod
    def from_codes(cls, x: np.ndarray, codes: np.ndarray) -> Subgroups:
        k = int(codes.max()) + 1
        n = np.bincount(codes, minlength=k)
        mean = np.bincount(codes, weights=x, minlength=k) / n
        ss = np.bincount(codes, weights=(x - mean[codes]) ** 2, minlength=k)
        order = np.argsort(codes, kind="stable")
        starts = np.concatenate([[0], np.cumsum(n)[:-1]])
        xs = x[order]
        r = np.maximum.reduceat(xs, starts) - np.minimum.reduceat(xs, starts)
        keep = n >= 2
        with np.errstate(invalid="ignore", divide="ignore"):
            s = np.sqrt(ss / (n - 1))
        return cls(n=n[keep], r=r[keep], s=s[keep])


def within_sigma(x: np.ndarray, codes: np.ndarray | None, method: str) -> tuple[float, float]:
    """(sigma_within, Minitab's degrees of freedom) for ``method`` (see the module docstring)."""
    if method in INDIVIDUAL_SIGMA_METHODS:
        mr = np.abs(np.diff(x))
        if mr.size == 0:
            raise InputError(
                "need at least 2 values to estimate the within sigma from moving ranges"
            )
        sigma = mr.mean() / D2_2 if method == "mr" else np.median(mr) / D4_2
        return float(sigma), float(x.size - 1)
    g = Subgroups.from_codes(x, codes)
    if g.n.size == 0:
        raise InputError(
            "need at least one subgroup with 2 or more values to estimate the within sigma"
        )
    k, nbar = g.n.size, float(g.n.mean())
    equal = bool(np.all(g.n == g.n[0]))
    if method == "pooled":
        dof = float(np.sum(g.n - 1))
        sp = np.sqrt(np.sum((g.n - 1) * g.s**2) / dof)
        return float(sp / c4(dof + 1)), dof  # Minitab: Sp / c4(d), d = sum(n_i - 1) + 1
    if method == "rbar":
        dd2 = d2(g.n)
        if equal:
            sigma = g.r.mean() / dd2[0]
        else:
            f = dd2**2 / d3(g.n) ** 2
            sigma = np.sum(f * g.r / dd2) / np.sum(f)
        return float(sigma), 0.9 * k * (nbar - 1)
    if method == "sbar":
        cc = c4(g.n)
        if equal:
            sigma = g.s.mean() / cc[0]
        else:
            h = cc**2 / (1.0 - cc**2)
            sigma = np.sum(h * g.s / cc) / np.sum(h)
        return float(sigma), _sbar_factor(nbar) * k * (nbar - 1)
    raise unknown("sigma method", method, SIGMA_METHODS)  # pragma: no cover - checked earlier


def _sbar_factor(nbar: float) -> float:
    n = int(round(nbar))
    for upper, f in _SBAR_F:
        if n <= upper:
            return f
    return 1.0


def overall_sigma(x: np.ndarray, unbias: bool = False) -> float:
    """Sample standard deviation (n - 1), optionally divided by c4(N) as Minitab's option."""
    s = float(x.std(ddof=1))
    return s / c4(x.size) if unbias else s


def _chisq_ci(value: float, nu: float | None, alpha: float) -> tuple[float, float]:
    if nu is None or not np.isfinite(value) or nu <= 0:
        return np.nan, np.nan
    lo, hi = stats.chi2.ppf([alpha / 2, 1 - alpha / 2], nu)
    return float(value * np.sqrt(lo / nu)), float(value * np.sqrt(hi / nu))


def _bissell_ci(value: float, n: int, nu: float | None, alpha: float) -> tuple[float, float]:
    if nu is None or not np.isfinite(value) or nu <= 0:
        return np.nan, np.nan
    half = stats.norm.ppf(1 - alpha / 2) * np.sqrt(1.0 / (9.0 * n) + value**2 / (2.0 * nu))
    return float(value - half), float(value + half)


def boyles_df(n: int, mean: float, target: float, sigma: float) -> float:
    """Boyles (1991) / Patnaik degrees of freedom of the Cpm interval."""
    a2 = ((mean - target) / sigma) ** 2
    return float(n * (1.0 + a2) ** 2 / (1.0 + 2.0 * a2))


def normal_indices(
    n: int,
    mean: float,
    sigma_within: float | None,
    sigma_overall: float,
    lsl: float | None,
    usl: float | None,
    target: float | None,
    within_df: float | None,
    confidence: float,
) -> pd.DataFrame:
    """One row per index that applies: index, basis (within/overall), value, lower, upper."""
    alpha = 1.0 - confidence
    rows = []

    def add(index, basis, value, ci):
        rows.append(dict(index=index, basis=basis, value=float(value), lower=ci[0], upper=ci[1]))

    for basis, sig, nu, p in (
        ("within", sigma_within, within_df, "c"),
        ("overall", sigma_overall, n - 1, "p"),
    ):
        if sig is None:
            continue
        both = lsl is not None and usl is not None
        if both:
            v = (usl - lsl) / (6.0 * sig)
            add(f"{p}p", basis, v, _chisq_ci(v, nu, alpha))
        sides = []
        if lsl is not None:
            v = (mean - lsl) / (3.0 * sig)
            sides.append(v)
            add(f"{p}pl", basis, v, _bissell_ci(v, n, nu, alpha))
        if usl is not None:
            v = (usl - mean) / (3.0 * sig)
            sides.append(v)
            add(f"{p}pu", basis, v, _bissell_ci(v, n, nu, alpha))
        v = min(sides)
        add(f"{p}pk", basis, v, _bissell_ci(v, n, nu, alpha))
        if basis == "within" and both and target is not None:
            v = (usl - lsl) / (6.0 * np.sqrt(sig**2 + (mean - target) ** 2))
            add("cpm", basis, v, _chisq_ci(v, boyles_df(n, mean, target, sig), alpha))
    return pd.DataFrame(rows, columns=["index", "basis", "value", "lower", "upper"])


def normal_ppm(mean: float, sigma: float, lsl: float | None, usl: float | None) -> dict:
    """Expected parts per million below LSL, above USL and in total for N(mean, sigma)."""
    below = float(stats.norm.cdf((lsl - mean) / sigma) * 1e6) if lsl is not None else None
    above = float(stats.norm.sf((usl - mean) / sigma) * 1e6) if usl is not None else None
    return dict(below=below, above=above, total=sum(v for v in (below, above) if v is not None))


def observed_ppm(x: np.ndarray, lsl: float | None, usl: float | None) -> dict:
    """Observed parts per million strictly below LSL and strictly above USL."""
    below = float(np.count_nonzero(x < lsl) / x.size * 1e6) if lsl is not None else None
    above = float(np.count_nonzero(x > usl) / x.size * 1e6) if usl is not None else None
    return dict(below=below, above=above, total=sum(v for v in (below, above) if v is not None))


def z_bench(ppm_total: float | None) -> float | None:
    """Minitab's Z.Bench = Phi^-1(1 - P(out of spec)) for a total PPM."""
    if ppm_total is None:
        return None
    return float(stats.norm.isf(ppm_total / 1e6))
