"""I-MR chart (Minitab, "Methods and formulas for I-MR chart").

I chart: mu +/- k sigma, sigma = MR-bar / d2(2) (or ``sigma_method``); MR chart: centre
d2(2) sigma, limits (d2(2) +/- k d3(2)) sigma, LCL >= 0, or the studentized-range
quantiles with ``confidence=``. Moving ranges do not cross stages, and a moving range
touching an excluded or Phase II point does not estimate.
"""

from __future__ import annotations

import numpy as np

from sixsigma.spc.constants import d3
from sixsigma.spc.kinds.base import ChartKind, mean_sigma, moving_range, secondary_kind
from sixsigma.spc.limits import D2_2, range_probability_limits


def stage(obs: dict, sl: slice, est: np.ndarray, P: dict) -> dict:
    """Centre, sigma and limits of one stage of an I chart, with its MR chart."""
    x, n, mu, sig, mr = mean_sigma(obs, sl, est, P)
    k = P["k"]
    se = sig / np.sqrt(n)
    mr = moving_range(x) if mr is None else mr  # computed once per stage
    dd3 = float(d3(2))
    secondary = dict(
        chart="mr",
        value=mr,
        center=np.full(x.size, D2_2 * sig),
        sigma=np.full(x.size, dd3 * sig),
        lcl=np.full(x.size, max(0.0, (D2_2 - k * dd3) * sig)),
        ucl=np.full(x.size, (D2_2 + k * dd3) * sig),
    )
    if P["confidence"] is not None:
        lo, hi = range_probability_limits(sig, np.full(x.size, 2), P["confidence"])
        secondary.update(lcl=lo, ucl=hi)
    secondary["value"][0] = np.nan
    return dict(value=x, center=np.full(x.size, mu), sigma=se, lcl=mu - k * se,
                ucl=mu + k * se, stage_sigma=sig, secondary=secondary)


KINDS = (
    ChartKind(name="imr", title="I chart", label="I-MR (individuals)", stage=stage,
              tests=frozenset(range(1, 9)), subgroups="refused", probability=True),
    secondary_kind("mr", "Moving-range chart"),
)
