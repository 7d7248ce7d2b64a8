"""G chart: days or opportunities between rare events (Minitab's G chart; Benneyan 2001).

p = 1 / (xbar + 1) from the mean count between events (or a historical ``center`` = p);
probability limits from the geometric distribution with Minitab's interpolated inverse CDF:
CL = G(0.5) - 1, LCL = max(0, G(Phi(-k)) - 1), UCL = G(Phi(k)) - 1. ``g_limits="sigma"``
gives xbar +/- k sqrt(1 - p) / p instead. Dates of events chart the days between them.
"""

from __future__ import annotations

import numpy as np
from scipy import stats

from sixsigma.errors import InputError, unknown
from sixsigma.spc.kinds.base import ChartKind
from sixsigma.spc.limits import geometric_quantile


def _probability_limits(p: float, k: float) -> tuple[float, float, float]:
    cl = geometric_quantile(p, 0.5) - 1.0
    lcl = max(0.0, geometric_quantile(p, stats.norm.cdf(-k)) - 1.0)
    return cl, lcl, geometric_quantile(p, stats.norm.cdf(k)) - 1.0


def _sigma_limits(p: float, k: float) -> tuple[float, float, float]:
    cl, sdg = (1.0 - p) / p, np.sqrt(1.0 - p) / p
    return cl, max(0.0, cl - k * sdg), cl + k * sdg


LIMITS = {"probability": _probability_limits, "sigma": _sigma_limits}


def stage(obs: dict, sl: slice, est: np.ndarray, P: dict) -> dict:
    """Event probability and limits of one stage."""
    x = obs["x"][sl]
    if np.any(x < 0):
        raise InputError("G chart values are counts between events and must be >= 0")
    p = float(P["center"]) if P["center"] is not None else 1.0 / (float(x[est].mean()) + 1.0)
    if not 0.0 < p < 1.0:
        raise InputError(f"G chart event probability must be between 0 and 1, got {p}")
    if P["g_limits"] not in LIMITS:
        raise unknown("G chart limit method", P["g_limits"], list(LIMITS))
    cl, lcl, ucl = LIMITS[P["g_limits"]](p, P["k"])
    sdg = float(np.sqrt(1.0 - p) / p)
    full = np.full
    return dict(value=x, center=full(x.size, cl), sigma=full(x.size, sdg),
                lcl=full(x.size, lcl), ucl=full(x.size, ucl), stage_sigma=sdg, p=p)


KINDS = (
    ChartKind(name="g", title="G chart", label="G", stage=stage, tests=frozenset({1, 2, 3, 4}),
              subgroups="refused", event_dates=True, probability=True, min_points=1,
              historical=("center",), parameters=lambda P: {"g_limits": P["g_limits"]}),
)
