"""Operating-characteristic (OC) curves of Shewhart charts, as qcc's ``ocCurves`` computes them.

beta is the probability that a point falls inside the control limits (a shift is *not*
detected on that subgroup); the average run length to a signal is ARL = 1 / (1 - beta)
(Montgomery, *Introduction to SQC*, 6.2.6 and 7.2.4):

- X-bar / I (mean shifted by delta sigma, subgroups of n):
  beta = Phi(k - delta sqrt(n)) - Phi(-k - delta sqrt(n)), k the chart's sigma multiple.
- p / np (true proportion p, subgroups of n): beta = P(X <= UCL n) - P(X <= LCL n - 1),
  X ~ Binomial(n, p) (np: UCL and LCL themselves).
- c / u (true mean lambda per subgroup / per unit): beta = P(X <= UCL) - P(X <= LCL - 1),
  X ~ Poisson(lambda) (u: counts UCL n, LCL n - 1 and X ~ Poisson(lambda n)).

Non-integer bounds are rounded down after adding 1e-7, R's ``pbinom`` / ``ppois`` convention.
Grids are qcc's: shift 0, 0.1, ..., 5; p 0, 0.01, ..., 1; lambda 0, 1, ..., ceiling(c + 10 sd).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import pandas as pd
from scipy import stats

from sixsigma.errors import InputError
from sixsigma.results import ResultMixin, jsonable
from sixsigma.spc.result import ControlChart

_MEAN_KINDS = ("xbar-r", "xbar-s", "imr")
_COUNT_KINDS = ("p", "np", "c", "u")
_VARIABLE = {"p": "p", "np": "p", "c": "lambda", "u": "lambda"}


def _floor_r(x):
    """R's pbinom/ppois rounding of a non-integer bound: floor(x + 1e-7)."""
    return np.floor(np.asarray(x, dtype=float) + 1e-7)


@dataclass(frozen=True, eq=False)
class OCCurve(ResultMixin):
    """OC curve of a control chart: one row per (size,) shift / p / lambda with beta and ARL.

    ``variable`` names the x column: ``shift`` (in process sigmas), ``p`` or ``lambda``.
    ``curve`` columns: [size,] variable, beta, arl.
    """

    chart: str
    variable: str
    curve: pd.DataFrame
    center: float
    lcl: float
    ucl: float
    k: float
    size: float | None = None

    figure_builder: ClassVar[str] = "sixsigma.plots.oc_curve:oc_curve_figure"

    def beta_matrix(self) -> pd.DataFrame:
        """beta as a shift x size table (qcc's matrix layout) for X-bar charts."""
        if "size" not in self.curve.columns:
            return self.curve.set_index(self.variable)[["beta"]]
        return self.curve.pivot(index=self.variable, columns="size", values="beta")

    def summary(self) -> str:
        c = self.curve
        if self.variable == "shift":
            lines = [
                f"OC curve of the {self.chart} chart (limits at +/- {self.k:.4g} sigma): "
                f"in control, a false alarm every {c['arl'].iloc[0]:.1f} subgroups on average."
            ]
            one = c[np.isclose(c["shift"], 1.0)]
            for r in one.itertuples(index=False):
                lines.append(
                    f"- n = {r.size:g}: a 1-sigma shift is missed by a subgroup with probability "
                    f"{r.beta:.3f} and signalled after {r.arl:.1f} subgroups on average."
                )
            return "\n".join(lines)
        unit = "proportion" if self.variable == "p" else "mean count"
        ok = c[(c["beta"] >= 0.5)]
        span = (
            f"points fall inside the limits at least half the time for a true {unit} from "
            f"{ok[self.variable].min():.4g} to {ok[self.variable].max():.4g}"
            if len(ok)
            else "no tested value keeps points inside the limits half the time"
        )
        return (
            f"OC curve of the {self.chart} chart (centre {self.center:.4g}, limits "
            f"{self.lcl:.4g} to {self.ucl:.4g}"
            + (f", n = {self.size:g}" if self.size is not None else "")
            + f"): {span}; outside that range a shift is signalled within about 2 subgroups."
        )

    def to_dict(self) -> dict[str, Any]:
        return jsonable(
            {
                "chart": self.chart,
                "variable": self.variable,
                "center": self.center,
                "lcl": self.lcl,
                "ucl": self.ucl,
                "k": self.k,
                "size": self.size,
                "curve": self.curve,
                "summary": self.summary(),
            }
        )


def oc_curve(
    chart: ControlChart,
    *,
    sizes=(1, 5, 10, 15, 20),
    shift=None,
    p=None,
    lam=None,
) -> OCCurve:
    """OC curve (beta and ARL) of an X-bar / I, p, np, c or u chart, as qcc's ``ocCurves``.

    ``sizes`` and ``shift`` (default 0 to 5 by 0.1 sigma) apply to X-bar / I charts; ``p``
    (default 0 to 1 by 0.01) to p / np charts; ``lam`` (default 0, 1, ..., ceiling(c-bar +
    10 sigma)) to c / u charts. Attribute charts use the limits of the last stage and need
    equal subgroup sizes there.
    """
    if not isinstance(chart, ControlChart):
        raise InputError("oc_curve needs a ControlChart (from sixsigma.spc.control_chart)")
    kind = chart.chart
    if kind in _MEAN_KINDS:
        k = float(chart.k)
        n = np.asarray(sizes, dtype=float).ravel()
        d = np.arange(51) * 0.1 if shift is None else np.asarray(shift, dtype=float).ravel()
        if n.size == 0 or np.any(n <= 0):
            raise InputError("sizes must be positive subgroup sizes, e.g. 1,5,10")
        dd, nn = np.meshgrid(d, n, indexing="ij")
        m = dd * np.sqrt(nn)
        beta = stats.norm.cdf(k - m) - stats.norm.cdf(-k - m)
        curve = pd.DataFrame({"size": nn.ravel(), "shift": dd.ravel(), "beta": beta.ravel()})
        st = chart.stages.iloc[-1]
        out = dict(center=float(st["center"]), lcl=float(st["lcl"]), ucl=float(st["ucl"]))
        size = None
    elif kind in _COUNT_KINDS:
        pts = chart.points[chart.points["stage"] == chart.stages["stage"].iloc[-1]]
        n_all = pts["n"].to_numpy(dtype=float)
        if kind != "c" and np.ptp(n_all) > 0:
            raise InputError(
                "OC curves need equal subgroup sizes (as in qcc); this chart's sizes vary"
            )
        size = None if kind == "c" else float(n_all[0])
        first = pts.iloc[0]
        center = float(first["center"])
        lcl, ucl = float(first["lcl"]), float(first["ucl"])
        if kind in ("p", "np"):
            x = np.arange(101) * 0.01 if p is None else np.asarray(p, dtype=float).ravel()
            if np.any((x < 0) | (x > 1)):
                raise InputError("p values must be between 0 and 1")
            scale = size if kind == "p" else 1.0
            hi, lo = _floor_r(ucl * scale), _floor_r(lcl * scale - 1)
            beta = stats.binom.cdf(hi, size, x) - stats.binom.cdf(lo, size, x)
        else:
            sd = float(first["sigma"])
            if kind == "u":
                sd = sd * np.sqrt(size)  # qcc's std.dev of a u chart: sqrt(u-bar)
            x = (
                np.arange(np.ceil(center + 10.0 * sd) + 1.0)
                if lam is None
                else np.asarray(lam, dtype=float).ravel()
            )
            if np.any(x < 0):
                raise InputError("lambda values must be >= 0")
            scale = size if kind == "u" else 1.0
            hi, lo = _floor_r(ucl * scale), _floor_r(lcl * scale - 1)
            beta = stats.poisson.cdf(hi, x * scale) - stats.poisson.cdf(lo, x * scale)
        curve = pd.DataFrame({_VARIABLE[kind]: x, "beta": beta})
        out = dict(center=center, lcl=lcl, ucl=ucl)
        k = float(chart.k)
    else:
        raise InputError(
            f"OC curves are available for {', '.join(_MEAN_KINDS + _COUNT_KINDS)} charts, "
            f"not {kind}"
        )
    with np.errstate(divide="ignore"):
        curve["arl"] = 1.0 / (1.0 - curve["beta"].to_numpy())
    var = "shift" if kind in _MEAN_KINDS else _VARIABLE[kind]
    return OCCurve(chart=kind, variable=var, curve=curve, k=k, size=size, **out)
