"""EWMA chart with exact time-varying limits (Montgomery, *Introduction to SQC*, 9.2).

z_t = lambda x_t + (1 - lambda) z_{t-1}, z_0 = mu; limits mu +/- L sqrt(Var z_t),
Var z_t = lambda^2 sum_j (1 - lambda)^(2(t-j)) sigma^2 / n_j (= sigma^2/n lambda/(2-lambda)
(1 - (1-lambda)^(2t)) for equal n). Both recursions are linear filters (no loop).
"""

from __future__ import annotations

import numpy as np
from scipy import signal as sps

from sixsigma.spc.kinds.base import ChartKind, mean_sigma


def stage(obs: dict, sl: slice, est: np.ndarray, P: dict) -> dict:
    """The EWMA statistic and its limits over one stage."""
    x, n, mu, sig, _ = mean_sigma(obs, sl, est, P)
    lam, L = P["lam"], P["L"]
    se = sig / np.sqrt(n)
    z = sps.lfilter([lam], [1.0, -(1.0 - lam)], x, zi=[(1.0 - lam) * mu])[0]
    sd = np.sqrt(sps.lfilter([lam * lam], [1.0, -((1.0 - lam) ** 2)], se * se))
    return dict(value=x, ewma=z, center=np.full(x.size, mu), sigma=sd, lcl=mu - L * sd,
                ucl=mu + L * sd, stage_sigma=sig)


KINDS = (
    ChartKind(name="ewma", title="EWMA chart", label="EWMA", stage=stage, tests=frozenset({1}),
              multiplier="L", tests_on="ewma", point_columns=("ewma",), size_column=True,
              parameters=lambda P: {"lam": P["lam"], "L": P["L"]}),
)
