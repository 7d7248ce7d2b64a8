"""Control charts of warehouse metrics: the chart that fits a metric kind, and the chart of a
metric frame (period, numerator, denominator, value)."""

from __future__ import annotations

import pandas as pd

from sixsigma.errors import InputError
from sixsigma.spc.charts import control_chart
from sixsigma.spc.kinds import ATTRIBUTE
from sixsigma.spc.result import ControlChart


def chart_for_metric_kind(kind: str) -> str:
    """The chart a catalog metric kind calls for: rate -> laney-u, proportion -> laney-p,
    mean / score -> imr (CPO has thousands of orders a period, so ordinary P/U limits are too
    narrow: Laney's are the usual choice)."""
    from sixsigma.catalog.kinds import get_kind

    return get_kind(kind).chart


def metric_chart(df: pd.DataFrame, kind: str, *, metric_kind: str | None = None,
                 scale: float = 1.0, **kw) -> ControlChart:
    """Control chart of a warehouse metric frame (period, numerator, denominator, value).

    Attribute charts count ``numerator`` per ``denominator / scale`` units, so the plotted
    value equals the metric's value (= scale * numerator / denominator); other charts plot
    ``value``. With ``metric_kind`` (the catalog's kind) the chart is checked to fit it: a
    rate takes c/u/Laney u', a proportion p/np/Laney p', and X-bar charts need raw subgroups.
    Other keywords go to :func:`control_chart`.
    """
    if metric_kind is not None:
        if kind in ("xbar-r", "xbar-s"):
            raise InputError(
                f"a {kind} chart needs raw subgrouped observations, not per-period metric "
                "values; export them and chart the file with --value and --subgroup"
            )
        from sixsigma.catalog.kinds import get_kind

        if kind in ATTRIBUTE and kind not in get_kind(metric_kind).charts:
            what = f"metric {kw['name']!r} is a {metric_kind}" if kw.get("name") else (
                f"a {metric_kind} metric")
            raise InputError(
                f"{what}, which a {kind} chart does not fit; use "
                f"{chart_for_metric_kind(metric_kind)} (or chart auto)"
            )
    if kind in ATTRIBUTE:
        data = df.assign(_units=df["denominator"] / float(scale or 1.0))
        return control_chart(kind, data, count="numerator", size="_units", label="period", **kw)
    return control_chart(kind, df, value="value", label="period", **kw)
