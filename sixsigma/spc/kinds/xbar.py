"""X-bar/R and X-bar/S charts (Minitab, "Methods and formulas for Xbar-R / Xbar-S chart").

X-bar chart mu +/- k sigma / sqrt(n_i), mu = grand mean of all observations; R chart centre
d2(n_i) sigma, limits (d2(n_i) +/- k d3(n_i)) sigma; S chart centre c4(n_i) sigma, limits
c4 sigma +/- k sigma sqrt(1 - c4^2); LCL >= 0. Sigma: R-bar / S-bar weighted as Minitab
weights unequal sizes (:mod:`sixsigma.spc.limits`). ``confidence=``: studentized range (R)
and chi2 (S) quantiles (qcc's ``limits.R`` / ``limits.S``).
"""

from __future__ import annotations

import numpy as np

from sixsigma.spc.constants import c4, d2, d3
from sixsigma.spc.kinds.base import ChartKind, mean_sigma, secondary_kind
from sixsigma.spc.limits import range_probability_limits, sd_probability_limits


def _dispersion_r(sig: float, ni: np.ndarray):
    return d2(ni) * sig, d3(ni) * sig, range_probability_limits


def _dispersion_s(sig: float, ni: np.ndarray):
    cc = c4(ni)
    return cc * sig, np.sqrt(1.0 - cc * cc) * sig, sd_probability_limits


_SECONDARY = {"r": ("range", _dispersion_r, "r-bar"), "s": ("sd", _dispersion_s, "s-bar")}


def _stage(chart: str):
    column, dispersion, method = _SECONDARY[chart]

    def stage(obs: dict, sl: slice, est: np.ndarray, P: dict) -> dict:
        """Centre, sigma and limits of one stage of an X-bar chart, with its R or S chart."""
        x, n, mu, sig, _ = mean_sigma(obs, sl, est, P, subgrouped=True, method=method)
        k = P["k"]
        se = sig / np.sqrt(n)
        ok = n >= 2
        ni = np.where(ok, n, 2).astype(int)
        cen, spt, prob = dispersion(sig, ni)
        lo, hi = np.maximum(0.0, cen - k * spt), cen + k * spt
        if P["confidence"] is not None:
            lo, hi = prob(sig, ni, P["confidence"])
        nan = np.where(ok, 1.0, np.nan)
        secondary = dict(chart=chart, value=obs[column][sl], center=cen * nan, sigma=spt * nan,
                         lcl=lo * nan, ucl=hi * nan)
        return dict(value=x, center=np.full(x.size, mu), sigma=se, lcl=mu - k * se,
                    ucl=mu + k * se, stage_sigma=sig, secondary=secondary)

    return stage


_COMMON = dict(tests=frozenset(range(1, 9)), subgroups="required", probability=True,
               size_column=True)
KINDS = (
    ChartKind(name="xbar-r", title="X-bar chart", label="X-bar and R", stage=_stage("r"), **_COMMON),
    ChartKind(name="xbar-s", title="X-bar chart", label="X-bar and S", stage=_stage("s"), **_COMMON),
    secondary_kind("r", "R chart"),
    secondary_kind("s", "S chart"),
)
