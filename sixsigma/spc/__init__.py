"""Statistical process control: control charts, special-cause tests, stages and phases.

Each chart family is a :class:`ChartKind` in :mod:`sixsigma.spc.kinds` (one module per
family, one registry :data:`KINDS`); :func:`control_chart` runs any of them.

>>> from sixsigma.spc import control_chart
>>> chart = control_chart("laney-u", df, count="contacts", size="orders", label="week",
...                       stage_dates=["2024-01-08"])
>>> chart.summary(); chart.signals; chart.points

Also: probability limits (``confidence=``), :func:`oc_curve`, :func:`hotelling_t2`,
:func:`overdispersion_test` and :func:`arl` (Shewhart, EWMA and CUSUM average run lengths).

Pure computation (numpy / pandas); figures live in :mod:`sixsigma.plots.control_chart`.
"""

from sixsigma.spc.arl import ARL_CHARTS, ARLCurve, arl
from sixsigma.spc.charts import CHART_TYPES, control_chart
from sixsigma.spc.constants import c4, d2, d3
from sixsigma.spc.diagnostics import (
    DispersionCheck,
    OverdispersionTest,
    dispersion_check,
    overdispersion_test,
)
from sixsigma.spc.kinds import KINDS, ChartKind
from sixsigma.spc.metric import chart_for_metric_kind, metric_chart
from sixsigma.spc.multivariate import hotelling_t2
from sixsigma.spc.oc import OCCurve, oc_curve
from sixsigma.spc.result import ControlChart
from sixsigma.spc.rules import DEFAULT_K, PRESETS, TEST_NAMES
from sixsigma.spc.shortcuts import (
    c_chart,
    cusum,
    ewma,
    g_chart,
    imr,
    laney_p,
    laney_u,
    np_chart,
    p_chart,
    run_chart,
    u_chart,
    xbar_r,
    xbar_s,
)

__all__ = [
    "ARLCurve",
    "ChartKind",
    "ARL_CHARTS",
    "CHART_TYPES",
    "KINDS",
    "DEFAULT_K",
    "PRESETS",
    "TEST_NAMES",
    "ControlChart",
    "DispersionCheck",
    "OCCurve",
    "OverdispersionTest",
    "arl",
    "c4",
    "c_chart",
    "chart_for_metric_kind",
    "control_chart",
    "cusum",
    "d2",
    "d3",
    "dispersion_check",
    "ewma",
    "g_chart",
    "hotelling_t2",
    "imr",
    "laney_p",
    "laney_u",
    "metric_chart",
    "np_chart",
    "oc_curve",
    "overdispersion_test",
    "p_chart",
    "run_chart",
    "u_chart",
    "xbar_r",
    "xbar_s",
]
