"""The Anderson-Darling statistic and its normality p-value (one implementation for the package).

A^2 = -n - (1/n) sum_i (2i - 1) [ln F(x_(i)) + ln(1 - F(x_(n+1-i)))] for sorted data and a
fitted CDF F (Anderson & Darling 1954; Stephens 1974). For normality with the mean and s
estimated, the p-value is D'Agostino & Stephens (1986, Table 4.9) on the adjusted
A*^2 = A^2 (1 + 0.75/n + 2.25/n^2), as Minitab and R's ``nortest::ad.test`` compute it.
Used by :mod:`sixsigma.stats.normality` and by the distribution fits of
:mod:`sixsigma.capability.nonnormal`.
"""

from __future__ import annotations

import numpy as np
from scipy import special


def ad_from_log(logcdf: np.ndarray, logsf: np.ndarray) -> np.ndarray:
    """A^2 along the last axis from ln F and ln(1 - F) at the sorted data."""
    n = logcdf.shape[-1]
    w = 2.0 * np.arange(1, n + 1) - 1.0
    return -n - (w * (logcdf + logsf[..., ::-1])).sum(axis=-1) / n


def ad_normal(x_sorted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(A^2, p) for normality with estimated mean and s, along the last axis of sorted data."""
    n = x_sorted.shape[-1]
    z = (x_sorted - x_sorted.mean(axis=-1, keepdims=True)) / x_sorted.std(
        axis=-1, ddof=1, keepdims=True
    )
    a2 = ad_from_log(special.log_ndtr(z), special.log_ndtr(-z))
    return a2, ad_normal_pvalue(a2, n)


def ad_normal_pvalue(a2, n: int):
    """D'Agostino & Stephens (1986) p-value of the normality A^2 (mean and s estimated)."""
    a = np.asarray(a2, dtype=float) * (1.0 + 0.75 / n + 2.25 / n**2)
    with np.errstate(over="ignore"):
        p = np.select(
            [a < 0.2, a < 0.34, a < 0.6, a < 10],
            [
                1 - np.exp(-13.436 + 101.14 * a - 223.73 * a**2),
                1 - np.exp(-8.318 + 42.796 * a - 59.938 * a**2),
                np.exp(0.9177 - 4.279 * a - 1.38 * a**2),
                np.exp(1.2937 - 5.709 * a + 0.0186 * a**2),
            ],
            default=3.7e-24,
        )
    p = np.clip(p, 0.0, 1.0)
    return float(p) if p.ndim == 0 else p
