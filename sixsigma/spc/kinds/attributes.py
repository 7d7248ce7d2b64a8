"""P, NP, C and U charts (Montgomery, *Introduction to SQC*, ch. 7; Minitab's methods).

p-bar = sum(x) / sum(n) (u-bar likewise), c-bar = mean count; sigma_i = sqrt(p(1 - p) / n_i),
sqrt(u / n_i), sqrt(c); per-point limits for variable sizes; LCL clamped at 0, the P UCL at 1
and the NP UCL at n_i. ``confidence=``: binomial / Poisson quantiles (qcc).
"""

from __future__ import annotations

import numpy as np

from sixsigma.errors import InputError
from sixsigma.spc.kinds.base import ChartKind
from sixsigma.spc.limits import count_probability_limits


def centre(c: np.ndarray, s: np.ndarray, est: np.ndarray, P: dict, binomial: bool):
    """(ybar, unit sigma): p-bar or u-bar of the estimation points (or the historical
    ``center``), sqrt(p(1 - p)) or sqrt(u); refused when there is no variation to model."""
    ybar = P["center"] if P["center"] is not None else float(c[est].sum() / s[est].sum())
    if binomial and not 0.0 <= ybar <= 1.0:
        raise InputError(f"p-bar must be between 0 and 1, got {ybar}")
    unit_sd = np.sqrt(ybar * (1.0 - ybar)) if binomial else np.sqrt(ybar)
    if unit_sd == 0:
        raise InputError(
            f"every count is {'0 or equal to its size' if binomial else '0'}; "
            "limits cannot be computed"
        )
    return ybar, unit_sd


def c_stage(obs: dict, sl: slice, est: np.ndarray, P: dict) -> dict:
    """C chart: c-bar +/- k sqrt(c-bar)."""
    c, s, k = obs["count"][sl], obs["size"][sl], P["k"]
    cbar = P["center"] if P["center"] is not None else float(c[est].mean())
    sd = np.full(c.size, np.sqrt(cbar))
    lcl, ucl = np.maximum(0.0, cbar - k * sd), cbar + k * sd
    if P["confidence"] is not None:
        lcl, ucl = count_probability_limits("c", cbar, s, P["confidence"])
    return dict(value=c, center=np.full(c.size, cbar), sigma=sd, lcl=lcl, ucl=ucl,
                stage_sigma=float(sd[0]))


def np_stage(obs: dict, sl: slice, est: np.ndarray, P: dict) -> dict:
    """NP chart: n_i p-bar +/- k sqrt(n_i p(1 - p)), UCL <= n_i."""
    c, s, k = obs["count"][sl], obs["size"][sl], P["k"]
    ybar, unit_sd = centre(c, s, est, P, binomial=True)
    cen, sd = s * ybar, np.sqrt(s) * unit_sd
    lcl, ucl = np.maximum(0.0, cen - k * sd), np.minimum(s, cen + k * sd)
    if P["confidence"] is not None:
        lcl, ucl = count_probability_limits("np", ybar, s, P["confidence"])
    return dict(value=c, center=cen, sigma=sd, lcl=lcl, ucl=ucl, stage_sigma=unit_sd)


def rate_stage(chart: str):
    """The P or U chart's stage: y_i = x_i / n_i, ybar +/- k sigma_i."""
    binomial = chart == "p"

    def stage(obs: dict, sl: slice, est: np.ndarray, P: dict) -> dict:
        c, s, k = obs["count"][sl], obs["size"][sl], P["k"]
        ybar, unit_sd = centre(c, s, est, P, binomial)
        sd = unit_sd / np.sqrt(s)
        lcl, ucl = np.maximum(0.0, ybar - k * sd), ybar + k * sd
        if binomial:
            ucl = np.minimum(1.0, ucl)
        if P["confidence"] is not None:
            lcl, ucl = count_probability_limits(chart, ybar, s, P["confidence"])
        y = c / s
        return dict(value=y, center=np.full(y.size, ybar), sigma=sd, lcl=lcl, ucl=ucl,
                    stage_sigma=unit_sd)

    return stage


_COMMON = dict(tests=frozenset({1, 2, 3, 4}), data="counts", probability=True,
               size_column=True, historical=("center",))
KINDS = (
    ChartKind(name="p", title="P chart", label="P", stage=rate_stage("p"), binomial=True,
              dispersion=True, **_COMMON),
    ChartKind(name="np", title="NP chart", label="NP", stage=np_stage, binomial=True, **_COMMON),
    ChartKind(name="c", title="C chart", label="C", stage=c_stage, size_required=False, **_COMMON),
    ChartKind(name="u", title="U chart", label="U", stage=rate_stage("u"), dispersion=True,
              **_COMMON),
)
