"""Hotelling T^2 control charts for p correlated variables (subgroups or individual values).

With m subgroups of n observations (n > 1), grand mean xbarbar and S-bar the average of the
within-subgroup covariance matrices (Montgomery, *Introduction to SQC*, 11.3.1):

    T^2_i = n (xbar_i - xbarbar)' S-bar^-1 (xbar_i - xbarbar)
    Phase I  UCL = p (m - 1)(n - 1) / (mn - m - p + 1) F_(1-alpha)(p, mn - m - p + 1)
    Phase II UCL = p (m + 1)(n - 1) / (mn - m - p + 1) F_(1-alpha)(p, mn - m - p + 1)

With m individual observations (n = 1), mean vector xbar and the sample covariance S
(Montgomery 11.3.2; Tracy, Young & Mason 1992):

    T^2_i = (x_i - xbar)' S^-1 (x_i - xbar)
    Phase I  UCL = (m - 1)^2 / m  Beta_(1-alpha)(p / 2, (m - p - 1) / 2)
    Phase II UCL = p (m + 1)(m - 1) / (m^2 - mp) F_(1-alpha)(p, m - p)

LCL = 0. The default confidence is (1 - 0.0027)^p, the Bonferroni-style level qcc's
``mqcc`` uses so the false-alarm rate matches p independent 3-sigma charts. The centre line
is the median of the same reference distribution (as Minitab draws it). Only test 1 (a point
above the UCL) applies.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from sixsigma.errors import InputError
from sixsigma.spc import rules as R
from sixsigma.spc.inputs import column as _column
from sixsigma.spc.result import ControlChart


def _observations(data, value, subgroup):
    """(m, n, p) array of observations, the subgroup labels and the variable names."""
    if isinstance(value, str):
        value = [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(data, pd.DataFrame):
        cols = list(data.columns) if value is None else list(value)
        missing = [c for c in cols if c not in data.columns]
        if missing:
            raise InputError(
                f"value: no column(s) {', '.join(map(str, missing))}; "
                f"columns are: {', '.join(map(str, data.columns))}"
            )
        if subgroup is not None:
            cols = [c for c in cols if c != subgroup]
        try:
            x = data[cols].to_numpy(dtype=float)
        except (TypeError, ValueError):
            raise InputError("T2 chart values must be numeric") from None
        names = [str(c) for c in cols]
    else:
        x = np.asarray(data if value is None else value, dtype=float)
        if x.ndim == 3:
            m, n, p = x.shape
            if subgroup is not None:
                raise InputError("a 3-D array already holds the subgroups; drop subgroup=")
            return x, pd.Series(np.arange(1, m + 1)), [f"x{j + 1}" for j in range(p)]
        if x.ndim != 2:
            raise InputError("T2 chart data must be a table with one column per variable")
        names = [f"x{j + 1}" for j in range(x.shape[1])]
    if np.isnan(x).any():
        raise InputError("T2 chart values have missing values; drop or fill them first")
    if x.shape[1] < 2:
        raise InputError("a T2 chart needs at least 2 variables (use an I or X-bar chart for one)")
    if subgroup is None:
        return x[:, None, :], pd.Series(np.arange(1, x.shape[0] + 1)), names
    sub = _column(data, subgroup, "subgroup")
    if len(sub) != x.shape[0]:
        raise InputError(f"subgroup has {len(sub)} values for {x.shape[0]} rows")
    codes, uniq = pd.factorize(sub, sort=False)
    if (codes < 0).any():
        raise InputError("subgroup has missing values")
    sizes = np.bincount(codes)
    if np.ptp(sizes) > 0:
        raise InputError(
            f"T2 charts need equal subgroup sizes; sizes range from {sizes.min()} to {sizes.max()}"
        )
    order = np.argsort(codes, kind="stable")
    return x[order].reshape(len(uniq), int(sizes[0]), x.shape[1]), pd.Series(uniq), names


def _labels(data, label, subgroup, labels, m_all: int, n: int) -> pd.Series:
    """The points' labels: ``label`` (first row of each subgroup) or the default ones."""
    if label is None:
        return labels
    lab = _column(data, label, "label")
    if subgroup is not None and len(lab) == m_all * n:
        codes, _ = pd.factorize(_column(data, subgroup, "subgroup"), sort=False)
        first = pd.Series(np.arange(codes.size)).groupby(codes).first().to_numpy()
        lab = pd.Series(np.asarray(lab, dtype=object)[first])
    if len(lab) != m_all:
        raise InputError(f"label has {len(lab)} values for {m_all} points")
    return pd.Series(lab).reset_index(drop=True)


def _limits(est: np.ndarray, conf: float):
    """(covariance, Phase I UCL and median, Phase II UCL and median) from the m estimation
    points (Montgomery, *Introduction to SQC*, ch. 11: F for subgroups; beta for individuals in Phase I, F in Phase II)."""
    m, n, p = est.shape
    if n > 1:
        dev = est - est.mean(axis=1, keepdims=True)
        cov = np.einsum("kni,knj->ij", dev, dev) / (m * (n - 1))
        df2 = m * n - m - p + 1
        if df2 <= 0:
            raise InputError(f"too few subgroups for {p} variables: need m(n - 1) >= p")
        f = stats.f(p, df2)
        scale1 = p * (m - 1) * (n - 1) / df2
        scale2 = p * (m + 1) * (n - 1) / df2
        return cov, scale1 * f.ppf(conf), scale1 * f.median(), scale2 * f.ppf(conf), scale2 * f.median()
    if m <= p + 1:
        raise InputError(f"need more than {p + 1} observations for {p} variables")
    cov = np.cov(est[:, 0, :], rowvar=False)
    b = stats.beta(p / 2.0, (m - p - 1) / 2.0)
    scale1 = (m - 1) ** 2 / m
    f = stats.f(p, m - p)
    scale2 = p * (m + 1) * (m - 1) / (m * m - m * p)
    return cov, scale1 * b.ppf(conf), scale1 * b.median(), scale2 * f.ppf(conf), scale2 * f.median()


def _statistic(means: np.ndarray, center: np.ndarray, cov: np.ndarray, n: int) -> np.ndarray:
    """T^2_i = n (xbar_i - mu)' S^-1 (xbar_i - mu); a singular S is refused."""
    d = means - center
    try:
        if np.linalg.matrix_rank(cov) < cov.shape[0]:
            raise np.linalg.LinAlgError
        sol = np.linalg.solve(cov, d.T).T
    except np.linalg.LinAlgError:
        raise InputError(
            "the covariance matrix is singular: a variable is constant or a linear "
            "combination of the others; drop it"
        ) from None
    return n * np.einsum("ij,ij->i", d, sol)


def hotelling_t2(
    data=None,
    *,
    value=None,
    subgroup=None,
    label=None,
    phase1: int | None = None,
    confidence: float | None = None,
    name: str | None = None,
) -> ControlChart:
    """Hotelling T^2 chart of several variables (``value`` = their columns).

    ``subgroup`` groups rows into equal-size subgroups (T^2 of subgroup means); without it
    every row is an individual observation. ``phase1`` = N estimates the mean vector and
    covariance from the first N points and judges the rest against Phase II limits.
    ``confidence`` defaults to (1 - 0.0027)^p (qcc's ``mqcc``).
    """
    x, labels, names = _observations(data, value, subgroup)
    m_all, n, p = x.shape
    labels = _labels(data, label, subgroup, labels, m_all, n)
    m = m_all if phase1 is None else int(phase1)
    if not 2 <= m <= m_all:
        raise InputError(f"phase1 = {phase1}: need 2 to {m_all} points to estimate from")
    conf = (1.0 - 0.0027) ** p if confidence is None else float(confidence)
    if not 0.0 < conf < 1.0:
        raise InputError(f"confidence must be between 0 and 1 (e.g. 0.99), got {confidence}")
    center = x[:m].reshape(-1, p).mean(axis=0)
    cov, ucl1, med1, ucl2, med2 = _limits(x[:m], conf)
    t2 = _statistic(x.mean(axis=1), center, cov, n)

    phase = np.arange(m_all) < m
    ucl, cen, lcl = np.where(phase, ucl1, ucl2), np.where(phase, med1, med2), np.zeros(m_all)
    spec = R.TestSpec({1: float(stats.norm.ppf(1 - (1 - conf) / 2))})
    res = R.evaluate(t2, cen, np.full(m_all, np.nan), lcl, ucl, spec)
    pts = pd.DataFrame({
        "label": labels.to_numpy(), "n": np.full(m_all, n), "value": t2, "center": cen,
        "lcl": lcl, "ucl": ucl, "sigma": np.full(m_all, np.nan), "stage": "all",
        "phase": np.where(phase, "I", "II"), "excluded": False,
    })
    pts["tests"] = R.tests_per_point(res, m_all)
    pts["signal"] = res[1] != 0
    stages = pd.DataFrame([dict(
        stage="all", first=labels.iloc[0], last=labels.iloc[-1], n=m_all, n_estimate=m,
        center=float(med1), sigma=np.nan, lcl=0.0, ucl=float(ucl1), limits_vary=bool(m < m_all),
    )])
    return ControlChart(
        chart="t2", points=pts, secondary=None, sigma=float("nan"),
        signals=R.signals_table(res, spec, labels, t2), stages=stages, tests=[1],
        test_k=dict(spec.k), k=spec.k[1],
        parameters=dict(
            confidence=conf, variables=names, subgroup_size=n, n_variables=p,
            mean=center.tolist(), covariance=cov.tolist(), ucl_phase1=float(ucl1),
            ucl_phase2=float(ucl2) if m < m_all else None,
        ),
        name=name or ", ".join(names),
    )
