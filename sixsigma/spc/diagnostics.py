"""P/U chart diagnostic: is the variation between subgroups what the binomial/Poisson model
expects, or are the ordinary limits too narrow (over-dispersion) or too wide (under-)?

Two measures, both on the standardised values z_i = (y_i - ybar) / sigma_i
(sigma_i = sqrt(p(1 - p) / n_i) or sqrt(u / n_i)):

- sigma_z = MR-bar(z) / d2(2): Laney's ratio of observed to expected (within-model)
  variation, as Minitab's P/U chart diagnostic reports it (1 = as the model expects).
- Pearson's dispersion statistic X^2 = sum(z_i^2) on m - 1 degrees of freedom
  (Fisher's index of dispersion for equal sizes; McCullagh & Nelder, *Generalized Linear
  Models*, 4.5.2), with one-sided p-values for over- and under-dispersion.

With the thousands of orders a day behind CPO, sigma_i is tiny and day-to-day variation of
the true rate dominates: over-dispersion is the rule and Laney P'/U' charts are recommended.

:func:`overdispersion_test` is qcc's ``qcc.overdispersion.test`` (moment form on the raw
counts): D = (m - 1) s^2 / V, V = n-bar p(1 - p) (binomial) or x-bar (Poisson), compared with
chi2(m - 1) (Snedecor & Cochran's binomial / Poisson index of dispersion). With equal sizes
D equals the Pearson X^2 of :func:`dispersion_check`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
from scipy import stats

from sixsigma.errors import InputError
from sixsigma.results import ResultMixin, jsonable
from sixsigma.spc.inputs import column as _column
from sixsigma.spc.inputs import numeric as _numeric
from sixsigma.spc.limits import D2_2


@dataclass(frozen=True)
class DispersionCheck(ResultMixin):
    """Result of :func:`dispersion_check`."""

    kind: str  # "p" or "u"
    n_points: int
    center: float
    sigma_z: float
    chi2: float
    df: int
    ratio: float  # chi2 / df
    p_over: float
    p_under: float
    outside_pct: float  # % of points outside the ordinary 3-sigma limits
    recommendation: str  # chart type to use
    alpha: float = 0.05

    figure_builder: ClassVar[str | None] = None

    @property
    def overdispersed(self) -> bool:
        return self.p_over < self.alpha

    @property
    def underdispersed(self) -> bool:
        return self.p_under < self.alpha

    def summary(self) -> str:
        name = self.kind.upper()
        head = (
            f"{name} chart diagnostic over {self.n_points} subgroups: observed variation is "
            f"{self.sigma_z:.2f} times what the {'binomial' if self.kind == 'p' else 'Poisson'} "
            f"model expects (sigma_z); dispersion ratio X2/df = {self.ratio:.2f} "
            f"(X2 = {self.chi2:.4g}, df = {self.df}); {self.outside_pct:.1f}% of points fall "
            f"outside the ordinary {name} limits."
        )
        if self.overdispersed:
            tail = (
                f"Over-dispersion (p = {self.p_over:.3g}): ordinary {name} limits are too narrow "
                f"and would flag common-cause variation; use the Laney {name}' chart."
            )
        elif self.underdispersed:
            tail = (
                f"Under-dispersion (p = {self.p_under:.3g}): ordinary {name} limits are too wide; "
                f"check for stratified or non-independent data; the Laney {name}' chart narrows them."
            )
        else:
            tail = f"No evidence of over- or under-dispersion: the ordinary {name} chart is appropriate."
        return f"{head}\n{tail}"

    def to_dict(self) -> dict[str, Any]:
        return jsonable(
            {
                "kind": self.kind,
                "n_points": self.n_points,
                "center": self.center,
                "sigma_z": self.sigma_z,
                "chi2": self.chi2,
                "df": self.df,
                "ratio": self.ratio,
                "p_over": self.p_over,
                "p_under": self.p_under,
                "outside_pct": self.outside_pct,
                "overdispersed": self.overdispersed,
                "underdispersed": self.underdispersed,
                "recommendation": self.recommendation,
                "summary": self.summary(),
            }
        )


def _counts(data, count, size, what: str, need_size: bool = True):
    """Validated count and size arrays (size defaults to 1 when not needed)."""
    c = _numeric(_column(data, count, "count"), "count") if count is not None else None
    s = _numeric(_column(data, size, "size"), "size") if size is not None else None
    if c is None or (s is None and need_size):
        raise InputError(f"{what} needs count=" + (" and size=" if need_size else ""))
    if s is None:
        s = np.ones_like(c)
    if c.size != s.size or c.size < 3:
        raise InputError(f"{what} needs count and size of equal length (>= 3 subgroups)")
    if np.any(s <= 0) or np.any(c < 0):
        raise InputError("sizes must be > 0 and counts >= 0")
    return c, s


def dispersion_check(
    data=None, *, count=None, size=None, kind: str = "p", alpha: float = 0.05
) -> DispersionCheck:
    """Measure over-/under-dispersion of counts for a P (``kind="p"``) or U (``"u"``) chart."""
    if kind not in ("p", "u"):
        raise InputError(f"kind must be 'p' or 'u', got {kind!r}")
    c, s = _counts(data, count, size, "dispersion_check")
    ybar = c.sum() / s.sum()
    unit = np.sqrt(ybar * (1 - ybar)) if kind == "p" else np.sqrt(ybar)
    if unit == 0:
        raise InputError("every count is 0 (or equal to its size); there is no variation to check")
    sd = unit / np.sqrt(s)
    z = (c / s - ybar) / sd
    sigma_z = float(np.abs(np.diff(z)).mean() / D2_2)
    chi2 = float(np.sum(z * z))
    df = int(c.size - 1)
    outside = float(np.mean(np.abs(z) > 3.0) * 100.0)
    p_over = float(stats.chi2.sf(chi2, df))
    p_under = float(stats.chi2.cdf(chi2, df))
    laney = p_over < alpha or p_under < alpha
    return DispersionCheck(
        kind=kind,
        n_points=int(c.size),
        center=float(ybar),
        sigma_z=sigma_z,
        chi2=chi2,
        df=df,
        ratio=chi2 / df,
        p_over=p_over,
        p_under=p_under,
        outside_pct=outside,
        recommendation=f"laney-{kind}" if laney else kind,
        alpha=alpha,
    )


@dataclass(frozen=True)
class OverdispersionTest(ResultMixin):
    """Result of :func:`overdispersion_test` (qcc's ``qcc.overdispersion.test``)."""

    kind: str  # "binomial" or "poisson"
    n_points: int
    ratio: float  # observed / theoretical variance of the counts
    statistic: float  # D = (m - 1) ratio
    df: int
    p_value: float  # P(chi2_df >= D)
    alpha: float = 0.05

    figure_builder: ClassVar[str | None] = None

    @property
    def overdispersed(self) -> bool:
        return self.p_value < self.alpha

    def summary(self) -> str:
        chart = "P" if self.kind == "binomial" else "C/U"
        head = (
            f"Over-dispersion test ({self.kind} data, {self.n_points} subgroups): the counts vary "
            f"{self.ratio:.3g} times as much as the {self.kind} model expects "
            f"(D = {self.statistic:.4g} on {self.df} df, p = {self.p_value:.3g})."
        )
        if self.overdispersed:
            return head + (
                f"\nOver-dispersed: ordinary {chart} limits are too narrow; use a Laney chart "
                "(or an I chart of the rates)."
            )
        return head + f"\nNo evidence of over-dispersion: the {chart} chart model fits."

    def to_dict(self) -> dict[str, Any]:
        return jsonable(
            {
                "kind": self.kind,
                "n_points": self.n_points,
                "ratio": self.ratio,
                "statistic": self.statistic,
                "df": self.df,
                "p_value": self.p_value,
                "overdispersed": self.overdispersed,
                "summary": self.summary(),
            }
        )


def overdispersion_test(
    data=None, *, count=None, size=None, kind: str | None = None, alpha: float = 0.05
) -> OverdispersionTest:
    """qcc's over-dispersion test of counts: binomial (with ``size``) or Poisson (without).

    D = (m - 1) var(x) / V with V = mean(size) p-hat (1 - p-hat), p-hat = sum(x) / sum(size)
    (binomial) or V = mean(x) (Poisson); p = P(chi2(m - 1) >= D) (qcc
    ``qcc.overdispersion.test``; Snedecor & Cochran, *Statistical Methods*, 9.8 and 9.11).
    The p-value is the upper tail computed directly (qcc prints 1 - pchisq rounded to 5
    significant digits).
    """
    kind = kind or ("poisson" if size is None else "binomial")
    if kind not in ("binomial", "poisson"):
        raise InputError(f"kind must be 'binomial' or 'poisson', got {kind!r}")
    c, s = _counts(data, count, size, "overdispersion_test", need_size=kind == "binomial")
    if kind == "binomial":
        if np.any(c > s):
            raise InputError("binomial counts cannot exceed their sizes; use kind='poisson'")
        ph = c.sum() / s.sum()
        theor = s.mean() * ph * (1.0 - ph)
    else:
        theor = c.mean()
    if theor == 0:
        raise InputError("every count is 0 (or equal to its size); there is no variation to test")
    ratio = float(c.var(ddof=1) / theor)
    df = int(c.size - 1)
    stat = ratio * df
    return OverdispersionTest(
        kind=kind,
        n_points=int(c.size),
        ratio=ratio,
        statistic=stat,
        df=df,
        p_value=float(stats.chi2.sf(stat, df)),
        alpha=alpha,
    )
