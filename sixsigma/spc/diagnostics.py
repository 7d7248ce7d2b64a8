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
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
from scipy import stats

from sixsigma.errors import InputError
from sixsigma.results import ResultMixin, jsonable
from sixsigma.spc.charts import _column, _numeric
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


def dispersion_check(
    data=None, *, count=None, size=None, kind: str = "p", alpha: float = 0.05
) -> DispersionCheck:
    """Measure over-/under-dispersion of counts for a P (``kind="p"``) or U (``"u"``) chart."""
    if kind not in ("p", "u"):
        raise InputError(f"kind must be 'p' or 'u', got {kind!r}")
    c = _numeric(_column(data, count, "count"), "count") if count is not None else None
    s = _numeric(_column(data, size, "size"), "size") if size is not None else None
    if c is None or s is None:
        raise InputError("dispersion_check needs count= and size=")
    if c.size != s.size or c.size < 3:
        raise InputError("dispersion_check needs count and size of equal length (>= 3 subgroups)")
    if np.any(s <= 0) or np.any(c < 0):
        raise InputError("sizes must be > 0 and counts >= 0")
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
