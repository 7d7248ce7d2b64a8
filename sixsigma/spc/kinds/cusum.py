"""Tabular CUSUM in standard-error units (Montgomery, *Introduction to SQC*, 9.1).

z_t = (x_t - mu) / (sigma / sqrt(n_t)), C+_t = max(0, C+_{t-1} + z_t - k),
C-_t = min(0, C-_{t-1} + z_t + k), C+-_0 = +-headstart (FIR, Lucas & Crosier 1982); a signal
when C+ > h or C- < -h. Points keep the statistic in ``value`` and the sums in ``upper`` /
``lower``; ``lcl`` / ``ucl`` are -h / h. Minitab's defaults k = 0.5, h = 4.
"""

from __future__ import annotations

import numpy as np

from sixsigma.spc import rules as R
from sixsigma.spc.kinds.base import ChartKind, fmt, mean_sigma


def lindley(y: np.ndarray, start: float) -> np.ndarray:
    """C_t = max(0, C_{t-1} + y_t), C_0 = start, without a loop: C_t = S_t - min(0, min S_1..t)."""
    s = start + np.cumsum(y)
    return s - np.minimum.accumulate(np.minimum(s, 0.0))


def stage(obs: dict, sl: slice, est: np.ndarray, P: dict) -> dict:
    """The two one-sided sums over one stage."""
    x, n, mu, sig, _ = mean_sigma(obs, sl, est, P)
    kk, h, h0 = P["cusum_k"], P["cusum_h"], P["headstart"]
    se = sig / np.sqrt(n)
    z = (x - mu) / se
    return dict(value=x, center=np.full(x.size, mu), sigma=se, upper=lindley(z - kk, h0),
                lower=-lindley(-z - kk, h0), lcl=np.full(x.size, -h), ucl=np.full(x.size, h),
                stage_sigma=sig)


def evaluate(cols: dict, spec) -> tuple:
    """Test 1 on the sums (+1 where C+ > h, -1 where C- < -h) and the sum each point plots."""
    res = {}
    if 1 in spec.k:
        r = np.zeros(cols["upper"].size, dtype=np.int8)
        r[cols["upper"] > cols["ucl"]] = 1
        r[cols["lower"] < cols["lcl"]] = -1
        res[1] = r
    plotted = np.where(res[1] == -1, cols["lower"], cols["upper"]) if res else cols["upper"]
    return res, plotted


def signal_words(P: dict):
    """Test 1 of a CUSUM reads as a sum past the decision interval, a shift of the mean."""
    h = P["cusum_h"]

    def describe(t, K, first, last, side, labels, values, n_points):
        if t != 1:
            return R.describe(t, K, first, last, side, labels, values, n_points)
        a, b = R._fmt_label(labels[first]), R._fmt_label(labels[last])
        when = f"at {a}" if first == last else f"from {a} to {b}"
        where = f"the upper CUSUM is above h = {h:g}" if side == 1 else (
            f"the lower CUSUM is below -h = {-h:g}")
        return (f"{where} {when} (value {values[first]:.4g}): the mean shifted "
                f"{'up' if side == 1 else 'down'}")

    return describe


def stage_text(row, parameters: dict) -> str:
    """A CUSUM stage: its target, sigma and the plan (h, k)."""
    return (f"target {fmt(row.center)}, sigma {fmt(row.sigma)}, decision interval "
            f"h = {fmt(parameters.get('cusum_h'))}, k = {fmt(parameters.get('cusum_k'))}")


KINDS = (
    ChartKind(name="cusum", title="CUSUM chart", label="CUSUM", stage=stage,
              tests=frozenset({1}), evaluate=evaluate, signal_words=signal_words,
              stage_text=stage_text, point_columns=("upper", "lower"), size_column=True,
              compare_stages=False,
              parameters=lambda P: {k: P[k] for k in ("cusum_k", "cusum_h", "headstart")}),
)
