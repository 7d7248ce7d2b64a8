"""The :class:`ChartKind` spec and the estimators several chart families share.

A chart kind is what qcc splits into ``stats.<type>``, ``sd.<type>`` and ``limits.<type>``:
one ``stage`` function computes a stage's plotted statistic, sigma and limits; the spec's
other fields say which data it takes, which tests apply, what its secondary chart is and how
its signals and stages read. :func:`sixsigma.spc.charts.control_chart` runs any kind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sixsigma.errors import InputError, unknown
from sixsigma.spc.limits import (
    INDIVIDUAL_METHODS,
    SUBGROUP_METHODS,
    sigma_individuals,
    sigma_subgroups,
)

ADVISED_POINTS = 20  # see ChartKind.advised_points


@dataclass(frozen=True)
class ChartKind:
    """One chart family, found by ``name`` in :data:`sixsigma.spc.kinds.KINDS`.

    ``stage(obs, sl, est, P)`` -> per-point arrays (value, center, sigma, lcl, ucl, ...) and
    ``stage_sigma`` for the points ``sl`` of one stage, estimating from the points ``est``
    marks; a ``secondary`` dict in its output is the secondary chart (MR, R, S). ``None``
    for a kind drawn only as a secondary chart.

    ``min_points``: fewest estimation points a stage needs to carry limits at all (one less
    when a historical mean / centre is given); ``advised_points``: below this the result
    warns that the limits are preliminary (``None``: no limits to warn about); ``historical``:
    the parameters that, all given, fix the limits without estimating anything.
    """

    name: str
    title: str  # "I chart": the result's title
    label: str  # "I-MR (individuals)": the chart's name in reports
    stage: Callable | None
    tests: frozenset
    data: str = "values"  # "values" (x, n per point) or "counts" (count, size per point)
    subgroups: str = "allowed"  # "required", "allowed" or "refused"
    size_required: bool = True  # counts: size= needed (the C chart's is optional)
    binomial: bool = False  # counts cannot exceed sizes
    event_dates: bool = False  # dates of events become the days between them (G chart)
    probability: bool = False  # confidence= (probability limits) available
    multiplier: str = "k"  # the parameter that is test 1's sigma multiple ("L" for EWMA)
    default_tests: str = "minitab"
    tests_on: str = "value"  # the column the tests judge ("ewma" for EWMA)
    evaluate: Callable | None = None  # (cols, spec) -> {test: int8 array}, instead of rules
    signal_words: Callable | None = None  # (P) -> describe(...) replacing rules.describe
    extra_signals: Callable | None = None  # (cols, spec, segs, labels, stage_names) -> ...
    parameters: Callable | None = None  # (P) -> the kind's own entries of result.parameters
    stage_text: Callable | None = None  # (row, parameters) -> a stage's summary sentence
    point_columns: tuple = ()  # extra per-point columns kept ("ewma", "upper", ...)
    size_column: bool = False  # the points table has ``n`` (subgroup size / units)
    compare_stages: bool = True  # the summary gives each stage's change vs the previous
    dispersion: bool = False  # run the P/U over-dispersion diagnostic
    min_points: int = 2
    advised_points: int | None = ADVISED_POINTS
    historical: tuple = ("mean", "sigma")


def fmt(v) -> str:
    """A value as the summaries print it: dates as ISO dates, numbers to 5 significant digits."""
    if isinstance(v, pd.Timestamp):
        return v.date().isoformat() if v == v.normalize() else v.isoformat()
    if isinstance(v, (float, np.floating)):
        return f"{v:.5g}" if np.isfinite(v) else "n/a"
    return str(v)


def secondary_kind(name: str, title: str) -> ChartKind:
    """A kind drawn only under another (MR, R, S): tests 1-4 as Minitab offers them."""
    return ChartKind(name=name, title=title, label=title, stage=None,
                     tests=frozenset({1, 2, 3, 4}))


def moving_range(v: np.ndarray) -> np.ndarray:
    """|v_i - v_{i-1}|, NaN for the first point."""
    mr = np.full(v.size, np.nan)
    mr[1:] = np.abs(np.diff(v))
    return mr


def pair_mask(est: np.ndarray) -> np.ndarray:
    """The moving ranges whose two points both estimate."""
    m = np.zeros(est.size, dtype=bool)
    m[1:] = est[1:] & est[:-1]
    return m


def mean_sigma(obs: dict, sl: slice, est: np.ndarray, P: dict, subgrouped: bool = False,
               method: str = "pooled"):
    """(x, n, mu, sigma, mr) of a variables stage: mu = size-weighted mean of the estimation
    points; sigma from subgroups (``method``, Minitab's pooled default for EWMA/CUSUM) when
    ``subgrouped`` or any n > 1, else MR-bar / d2(2) (:mod:`sixsigma.spc.limits`); ``mr``
    the moving ranges when they were computed. Historical ``mean`` / ``sigma`` win."""
    x, n = obs["x"][sl], obs["n"][sl]
    mu = P["mean"] if P["mean"] is not None else float(np.sum(n[est] * x[est]) / np.sum(n[est]))
    mr = None
    if P["sigma"] is not None:
        sig = float(P["sigma"])
    elif subgrouped or np.any(n > 1):
        method = P["sigma_method"] or method
        if method not in SUBGROUP_METHODS:
            raise unknown("sigma method", method, SUBGROUP_METHODS)
        sig = sigma_subgroups(n[est], obs["range"][sl][est], obs["sd"][sl][est], method)
    else:
        method = P["sigma_method"] or "mr-bar"
        if method not in INDIVIDUAL_METHODS:
            raise unknown("sigma method", method, INDIVIDUAL_METHODS)
        mr = moving_range(x)
        sig = sigma_individuals(x, mr, est, pair_mask(est), method)
    if not np.isfinite(sig) or sig <= 0:
        raise InputError(
            "the estimated sigma is zero; the values do not vary (give sigma= for a historical value)"
        )
    return x, n, mu, sig, mr
