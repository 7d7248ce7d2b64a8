"""Laney P' and U' charts (Laney 2002, *Quality Engineering* 14(4), 531-537; Minitab).

z_i = (y_i - ybar) / sigma_i, sigma_z = MR-bar(z) / d2(2), limits ybar +/- k sigma_i sigma_z
(LCL >= 0, P' UCL <= 1). d2(2) = 2 / sqrt(pi) = 1.12838 exactly (Laney and Minitab print
1.128). A historical ``sigma`` is sigma_z.
"""

from __future__ import annotations

import numpy as np

from sixsigma.errors import InputError
from sixsigma.spc.kinds.attributes import centre
from sixsigma.spc.kinds.base import ChartKind, moving_range, pair_mask
from sixsigma.spc.limits import D2_2


def _stage(binomial: bool):
    def stage(obs: dict, sl: slice, est: np.ndarray, P: dict) -> dict:
        """Centre, sigma_z and the widened limits of one stage."""
        c, s, k = obs["count"][sl], obs["size"][sl], P["k"]
        ybar, unit_sd = centre(c, s, est, P, binomial)
        y = c / s
        sd_i = unit_sd / np.sqrt(s)
        if P["sigma"] is not None:
            sigma_z = float(P["sigma"])
        else:
            mrz = moving_range((y - ybar) / sd_i)[pair_mask(est)]
            if mrz.size == 0:
                raise InputError("Laney charts need at least 2 consecutive points to estimate sigma_z")
            sigma_z = float(mrz.mean() / D2_2)
        sd = sd_i * sigma_z
        lcl, ucl = np.maximum(0.0, ybar - k * sd), ybar + k * sd
        if binomial:
            ucl = np.minimum(1.0, ucl)
        return dict(value=y, center=np.full(y.size, ybar), sigma=sd, lcl=lcl, ucl=ucl,
                    stage_sigma=sigma_z, sigma_z=sigma_z)

    return stage


_COMMON = dict(tests=frozenset({1, 2, 3, 4}), data="counts", size_column=True,
               historical=("center", "sigma"))
KINDS = (
    ChartKind(name="laney-p", title="Laney P' chart", label="Laney P'", stage=_stage(True),
              binomial=True, **_COMMON),
    ChartKind(name="laney-u", title="Laney U' chart", label="Laney U'", stage=_stage(False),
              **_COMMON),
)
