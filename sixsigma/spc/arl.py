"""Average run lengths (ARL) of Shewhart, EWMA and two-sided tabular CUSUM charts.

``shift`` is the change of the mean in standard errors of the plotted statistic
(sigma / sqrt(n)); shift 0 gives the in-control ARL (the mean time between false alarms).

- Shewhart (limits +/- k): ARL = 1 / p, p = 1 - Phi(k - delta) + Phi(-k - delta)
  (Montgomery, *Introduction to SQC*, 6.2.6).
- EWMA z_t = (1 - lambda) z_(t-1) + lambda x_t, x ~ N(delta, 1), with the asymptotic limits
  +/- c, c = L sqrt(lambda / (2 - lambda)) (R spc ``limits = "fix"``): the ARL L(z) from
  z solves L(z) = 1 + (1/lambda) int_(-c)^c L(y) phi((y - (1 - lambda) z) / lambda - delta) dy
  (Crowder 1987, Technometrics 29, 401-407), solved by the Nystrom method with r
  Gauss-Legendre nodes; the start z_0 = headstart sqrt(lambda / (2 - lambda)).
- One-sided CUSUM C_t = max(0, C_(t-1) + x_t - k), signal C_t > h:
  L(z) = 1 + L(0) Phi(k - z - delta) + int_0^h L(y) phi(y + k - z - delta) dy
  (Page 1954; Brook & Evans 1972 give the Markov-chain form of the same equation), Nystrom
  with r nodes plus the atom at 0. Two-sided CUSUM (upper and lower, each with head start
  hs) combines the one-sided ARLs as Lucas & Crosier (1982, Technometrics 24, 199-205):
  ARL = (L+_hs L-_0 + L+_0 L-_hs - L+_0 L-_0) / (L+_0 + L-_0), i.e. 1/ARL = 1/L+ + 1/L-
  without a head start.

These are the algorithms of R's spc package (``xewma.arl(..., sided = "two")``, r = 40, and
``xcusum.arl(..., sided = "two")``, r = 30); their converged values agree to ~1e-12.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from sixsigma.errors import InputError, unknown
from sixsigma.results import ResultMixin, jsonable

ARL_CHARTS = ("shewhart", "ewma", "cusum")


def _gauss_legendre(r: int, a: float, b: float) -> tuple[np.ndarray, np.ndarray]:
    x, w = np.polynomial.legendre.leggauss(r)
    half = 0.5 * (b - a)
    return a + half * (x + 1.0), half * w


def _ewma_arl(shift: np.ndarray, lam: float, L: float, hs: float, r: int) -> np.ndarray:
    from scipy import stats

    s = np.sqrt(lam / (2.0 - lam))
    c, z0 = L * s, hs * s
    z, w = _gauss_legendre(r, -c, c)
    mu = shift[:, None, None]
    # K[s, i, j] = w_j / lambda phi((z_j - (1 - lambda) z_i) / lambda - delta_s)
    k = (w / lam) * stats.norm.pdf((z[None, :] - (1.0 - lam) * z[:, None]) / lam - mu)
    a = np.eye(r) - k
    g = np.linalg.solve(a, np.ones((shift.size, r, 1)))[..., 0]
    k0 = (w / lam) * stats.norm.pdf((z - (1.0 - lam) * z0) / lam - shift[:, None])
    return 1.0 + np.sum(k0 * g, axis=1)


def _cusum1_arl(shift: np.ndarray, k: float, h: float, hs: float, r: int) -> np.ndarray:
    """One-sided (upper) CUSUM ARL from C_0 = hs, for each shift."""
    from scipy import stats

    z, w = _gauss_legendre(r, 0.0, h)
    mu = shift[:, None, None]
    a = np.zeros((shift.size, r + 1, r + 1))
    a[:, :r, :r] = np.eye(r) - w * stats.norm.pdf(z[None, :] + k - z[:, None] - mu)
    a[:, :r, r] = -stats.norm.cdf(k - z[None, :] - shift[:, None])
    a[:, r, :r] = -w * stats.norm.pdf(z[None, :] + k - shift[:, None])
    a[:, r, r] = 1.0 - stats.norm.cdf(k - shift)
    g = np.linalg.solve(a, np.ones((shift.size, r + 1, 1)))[..., 0]
    m = shift[:, None]
    return (
        1.0
        + stats.norm.cdf(k - hs - shift) * g[:, r]
        + np.sum(w * stats.norm.pdf(z + k - hs - m) * g[:, :r], axis=1)
    )


def _cusum2_arl(shift: np.ndarray, k: float, h: float, hs: float, r: int) -> np.ndarray:
    up0 = _cusum1_arl(shift, k, h, 0.0, r)
    lo0 = _cusum1_arl(-shift, k, h, 0.0, r)
    if hs == 0.0:
        return up0 * lo0 / (up0 + lo0)
    up = _cusum1_arl(shift, k, h, hs, r)
    lo = _cusum1_arl(-shift, k, h, hs, r)
    return (up * lo0 + up0 * lo - up0 * lo0) / (up0 + lo0)


@dataclass(frozen=True)
class ARLCurve(ResultMixin):
    """Average run lengths of a chart design, one row per mean shift (``curve``: shift, arl)."""

    chart: str
    curve: pd.DataFrame
    parameters: dict

    figure_builder: ClassVar[str | None] = None

    def summary(self) -> str:
        c = self.curve
        design = ", ".join(f"{k} = {v:g}" for k, v in self.parameters.items() if k != "nodes")
        lines = [f"Average run length of the {self.chart} chart ({design}):"]
        for r in c.itertuples(index=False):
            what = (
                "between false alarms"
                if r.shift == 0
                else f"to detect a {r.shift:g} standard-error shift"
            )
            lines.append(f"- {r.arl:,.1f} points on average {what}.")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return jsonable(
            {
                "chart": self.chart,
                "parameters": self.parameters,
                "curve": self.curve,
                "summary": self.summary(),
            }
        )


def arl(
    chart: str,
    shift=0.0,
    *,
    k: float = 3.0,
    lam: float = 0.2,
    L: float = 3.0,
    cusum_k: float = 0.5,
    h: float = 4.0,
    headstart: float = 0.0,
    nodes: int | None = None,
) -> ARLCurve:
    """Zero-state ARL of a ``"shewhart"``, ``"ewma"`` or two-sided ``"cusum"`` chart by shift.

    Shewhart: limits at +/- ``k``. EWMA: weight ``lam``, asymptotic limits +/- ``L``
    standard errors of the EWMA, start ``headstart`` (same units). CUSUM: reference value
    ``cusum_k`` and decision interval ``h`` in standard errors, FIR ``headstart`` on both
    sides. ``nodes`` = Gauss-Legendre nodes (default 40 for EWMA and 30 for CUSUM, as R spc).
    """
    from scipy import stats

    chart = str(chart).lower().strip()
    if chart not in ARL_CHARTS:
        raise unknown("ARL chart", chart, ARL_CHARTS)
    d = np.atleast_1d(np.asarray(shift, dtype=float)).ravel()
    if d.size == 0 or not np.isfinite(d).all():
        raise InputError("shift must be one or more finite numbers (standard errors)")
    if nodes is not None and (int(nodes) != nodes or nodes < 2):
        raise InputError(f"nodes must be a whole number >= 2, got {nodes}")
    if chart == "shewhart":
        if k <= 0:
            raise InputError(f"k must be > 0, got {k}")
        p = stats.norm.sf(k - d) + stats.norm.cdf(-k - d)
        out, params = 1.0 / p, dict(k=k)
    elif chart == "ewma":
        if not 0.0 < lam <= 1.0 or L <= 0 or abs(headstart) >= L:
            raise InputError("EWMA needs 0 < lambda <= 1, L > 0 and |headstart| < L")
        r = int(nodes or 40)
        out = _ewma_arl(d, lam, L, headstart, r)
        params = dict(lam=lam, L=L, headstart=headstart, nodes=r)
    else:
        if cusum_k < 0 or h <= 0 or not 0.0 <= headstart < h:
            raise InputError("CUSUM needs k >= 0, h > 0 and 0 <= headstart < h")
        r = int(nodes or 30)
        out = _cusum2_arl(d, cusum_k, h, headstart, r)
        params = dict(k=cusum_k, h=h, headstart=headstart, nodes=r)
    return ARLCurve(chart=chart, curve=pd.DataFrame({"shift": d, "arl": out}), parameters=params)
