"""Control-chart constants computed exactly for any subgroup size (not read from a table).

d2(n) = E[R]/sigma = integral over x of 1 - Phi(x)^n - (1 - Phi(x))^n            (Montgomery, 6.2)
d3(n) = sd(R)/sigma, with E[R^2]/sigma^2 = 2 * double integral over x < y of
        1 - Phi(y)^n - (1 - Phi(x))^n + (Phi(y) - Phi(x))^n                       (Tippett 1925)
c4(n) = E[S]/sigma = sqrt(2/(n-1)) * Gamma(n/2) / Gamma((n-1)/2)                  (Montgomery, 6.3)

Reference values (Montgomery, Appendix VI): d2(2)=1.128, d2(5)=2.326, d3(2)=0.853,
d3(5)=0.864, c4(5)=0.9400, c4(25)=0.9896.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from scipy import special, stats

from sixsigma.errors import InputError


def _check(n: int) -> int:
    if int(n) != n or n < 2:
        raise InputError(f"subgroup size must be a whole number >= 2, got {n}")
    return int(n)


@lru_cache(maxsize=1)
def _nodes() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Gauss-Legendre nodes: x over [-12, 12] for the inner integral, u over [0, 16] for the
    range. Both integrands are smooth, so 400 x 400 nodes give full double precision.
    Computed on first use (an eigenproblem of size 400), not at import."""
    t, w = np.polynomial.legendre.leggauss(400)
    return 12.0 * t, 12.0 * w, 8.0 * (t + 1.0), 8.0 * w


@lru_cache(maxsize=512)
def _range_moments(n: int) -> tuple[float, float]:
    """(E[R], E[R^2]) of the range of n standard normals.

    P(R <= u) = n * integral phi(x) (Phi(x+u) - Phi(x))^(n-1) dx, then
    E[R] = integral_0^inf P(R > u) du and E[R^2] = integral_0^inf 2u P(R > u) du.
    """
    _X, _WX, _U, _WU = _nodes()
    inner = (stats.norm.cdf(_X[None, :] + _U[:, None]) - stats.norm.cdf(_X)[None, :]) ** (n - 1)
    cdf_r = n * (inner * (stats.norm.pdf(_X) * _WX)[None, :]).sum(axis=1)
    tail = 1.0 - cdf_r
    return float((tail * _WU).sum()), float((2.0 * _U * tail * _WU).sum())


def _d2(n: int) -> float:
    return _range_moments(n)[0]


def _d3(n: int) -> float:
    m1, m2 = _range_moments(n)
    return float(np.sqrt(m2 - m1 * m1))


def _vectorise(func, n):
    arr = np.asarray(n)
    if arr.ndim == 0:
        return func(_check(arr.item()))
    uniq, inv = np.unique(arr, return_inverse=True)
    vals = np.array([func(_check(u)) for u in uniq.tolist()])
    return vals[inv].reshape(arr.shape)


def d2(n):
    """Expected relative range E[R]/sigma for subgroups of size n (scalar or array)."""
    return _vectorise(_d2, n)


def d3(n):
    """Standard deviation of the relative range, sd(R)/sigma, for subgroups of size n."""
    return _vectorise(_d3, n)


def c4(n):
    """Bias-correction E[S]/sigma for the sample standard deviation of n observations."""
    arr = np.asarray(n, dtype=float)
    if np.any(arr < 2) or np.any(arr != np.floor(arr)):
        raise InputError(f"subgroup size must be a whole number >= 2, got {n}")
    val = np.sqrt(2.0 / (arr - 1.0)) * np.exp(
        special.gammaln(arr / 2.0) - special.gammaln((arr - 1.0) / 2.0)
    )
    return float(val) if val.ndim == 0 else val
