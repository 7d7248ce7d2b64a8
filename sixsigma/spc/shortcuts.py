"""One function per chart kind, for notebooks: ``imr(df, value="aht")`` is
``control_chart("imr", df, value="aht")`` (see :func:`sixsigma.spc.charts.control_chart`)."""

from __future__ import annotations

from sixsigma.spc.charts import control_chart
from sixsigma.spc.result import ControlChart


def imr(data=None, **kw) -> ControlChart:
    """Individuals and moving-range chart (see :func:`control_chart`)."""
    return control_chart("imr", data, **kw)


def xbar_r(data=None, **kw) -> ControlChart:
    """X-bar and R chart."""
    return control_chart("xbar-r", data, **kw)


def xbar_s(data=None, **kw) -> ControlChart:
    """X-bar and S chart."""
    return control_chart("xbar-s", data, **kw)


def run_chart(data=None, **kw) -> ControlChart:
    """Run chart: median centre line and the Anhøj rules."""
    return control_chart("run", data, **kw)


def p_chart(data=None, **kw) -> ControlChart:
    """P chart (proportion defective, binomial limits)."""
    return control_chart("p", data, **kw)


def np_chart(data=None, **kw) -> ControlChart:
    """NP chart (number defective)."""
    return control_chart("np", data, **kw)


def c_chart(data=None, **kw) -> ControlChart:
    """C chart (defects per subgroup, Poisson limits)."""
    return control_chart("c", data, **kw)


def u_chart(data=None, **kw) -> ControlChart:
    """U chart (defects per unit, Poisson limits)."""
    return control_chart("u", data, **kw)


def laney_p(data=None, **kw) -> ControlChart:
    """Laney P' chart (P chart with limits widened by sigma_z for over-dispersion)."""
    return control_chart("laney-p", data, **kw)


def laney_u(data=None, **kw) -> ControlChart:
    """Laney U' chart (U chart with limits widened by sigma_z for over-dispersion)."""
    return control_chart("laney-u", data, **kw)


def ewma(data=None, **kw) -> ControlChart:
    """EWMA chart with exact time-varying limits."""
    return control_chart("ewma", data, **kw)


def cusum(data=None, **kw) -> ControlChart:
    """Tabular CUSUM chart (k, h in standard-error units, optional head start)."""
    return control_chart("cusum", data, **kw)


def g_chart(data=None, **kw) -> ControlChart:
    """G chart: days or opportunities between rare events (geometric limits)."""
    return control_chart("g", data, **kw)
