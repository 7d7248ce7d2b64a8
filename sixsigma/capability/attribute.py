"""Attribute capability: binomial (% defective) and Poisson (defects per unit).

Binomial (Minitab's Binomial Capability Analysis): p-bar = sum(defectives) / sum(trials);
exact Clopper-Pearson interval from the beta distribution,
[B(alpha/2; d, N - d + 1), B(1 - alpha/2; d + 1, N - d)] (as R's ``binom.test``);
PPM = 10^6 p-bar; process Z = Phi^-1(1 - p-bar), its interval from the interval of p.

Poisson (Minitab's Poisson Capability Analysis): mean DPU u-bar = sum(defects) / sum(units);
exact interval [chi2(alpha/2; 2D) / 2U, chi2(1 - alpha/2; 2D + 2) / 2U] (Garwood 1936; as
R's ``poisson.test``).

Stability: a P chart (binomial) or U chart (Poisson) of the samples, test 1, when there are
at least 2 samples; amount of data: the Assistant's guidance of 100 expected defectives /
defects is not required here, but fewer than 5 counted events leave a very wide interval.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from sixsigma.capability import checks as ck
from sixsigma.capability.result import AttributeCapabilityResult
from sixsigma.errors import InputError, SixSigmaError


def _counts(data, count, size, label) -> pd.DataFrame:
    if isinstance(data, pd.DataFrame):
        for col, what in ((count, "count"), (size, "size")):
            if not isinstance(col, str) or col not in data.columns:
                raise InputError(
                    f"{what} column {col!r} not found; columns are: {', '.join(map(str, data.columns))}"
                )
        c = pd.to_numeric(data[count], errors="coerce").to_numpy(dtype=float)
        n = pd.to_numeric(data[size], errors="coerce").to_numpy(dtype=float)
        lab = (
            data[label].to_numpy()
            if isinstance(label, str) and label in data.columns
            else np.arange(1, len(c) + 1)
        )
    else:
        if count is None or size is None:
            raise InputError("give count= (defectives or defects) and size= (trials or units)")
        c = np.atleast_1d(np.asarray(count, dtype=float))
        n = np.atleast_1d(np.asarray(size, dtype=float))
        if n.size == 1 and c.size > 1:
            n = np.full(c.size, n[0])
        if c.shape != n.shape:
            raise InputError(f"count ({c.size}) and size ({n.size}) must have the same length")
        lab = (
            np.asarray(label)
            if label is not None and not isinstance(label, str)
            else np.arange(1, c.size + 1)
        )
    keep = np.isfinite(c) & np.isfinite(n)
    c, n, lab = c[keep], n[keep], lab[keep]
    if c.size == 0:
        raise InputError("no samples with both a count and a size")
    if np.any(c < 0) or np.any(n <= 0):
        raise InputError("counts must be >= 0 and sizes > 0")
    return pd.DataFrame(
        {
            "label": lab,
            "count": c,
            "size": n,
            "rate": c / n,
            "cumulative": np.cumsum(c) / np.cumsum(n),
        }
    )


def _stability(samples: pd.DataFrame, kind: str):
    if len(samples) < 2:
        return None, None
    try:
        from sixsigma.spc import control_chart

        chart = control_chart(kind, samples, count="count", size="size", label="label", tests=[1])
    except (ImportError, SixSigmaError) as exc:
        return dict(name="stability", status="warn", message=f"stability not checked: {exc}"), None
    title = {"p": "P", "u": "U"}[kind]
    if chart.in_control:
        return dict(
            name="stability",
            status="pass",
            message=f"the {title} chart of the samples shows no points beyond the limits",
        ), chart
    k = len(chart.signals)
    return dict(
        name="stability",
        status="warn",
        message=(
            f"the {title} chart shows {k} sample{'s' if k != 1 else ''} beyond the limits: "
            "the rate is not stable, so the estimate describes the past only (with very "
            "large samples consider a Laney chart)"
        ),
    ), chart


def _amount(events: float, what: str) -> dict:
    if events >= 5:
        return dict(name="amount of data", status="pass", message=f"{events:,.0f} {what} counted")
    return dict(
        name="amount of data",
        status="warn",
        message=f"only {events:,.0f} {what} counted: the interval is very wide; collect more samples",
    )


def binomial_capability(
    data=None,
    *,
    count=None,
    size=None,
    label=None,
    confidence: float = 0.95,
    target: float | None = None,
    name: str | None = None,
    item: str | None = None,
) -> AttributeCapabilityResult:
    """% defective with its exact interval, PPM and process Z (see the module docstring).

    ``count``: defectives per sample, ``size``: trials per sample (columns of ``data`` or
    arrays / numbers). ``target``: the largest acceptable proportion defective.
    """
    if not 0 < confidence < 1:
        raise InputError(f"confidence must be between 0 and 1, got {confidence}")
    samples = _counts(data, count, size, label)
    if np.any(samples["count"] > samples["size"]):
        raise InputError("a sample has more defectives than trials")
    d, N = float(samples["count"].sum()), float(samples["size"].sum())
    alpha = 1 - confidence
    p = d / N
    lo = 0.0 if d == 0 else float(stats.beta.ppf(alpha / 2, d, N - d + 1))
    hi = 1.0 if d == N else float(stats.beta.ppf(1 - alpha / 2, d + 1, N - d))
    z = float(stats.norm.isf(p))
    rows = []
    row, chart = _stability(samples, "p")
    if row:
        rows.append(row)
    rows.append(_amount(d, "defectives"))
    return AttributeCapabilityResult(
        kind="binomial",
        defects=d,
        units=N,
        estimate=p,
        ci=[lo, hi],
        confidence=confidence,
        ppm=p * 1e6,
        ppm_ci=[lo * 1e6, hi * 1e6],
        z=z,
        z_ci=[float(stats.norm.isf(hi)), float(stats.norm.isf(lo))],
        target=target,
        samples=samples,
        checks=ck.frame(rows),
        name=name,
        item=item,
        stability_chart=chart,
    )


def poisson_capability(
    data=None,
    *,
    count=None,
    size=None,
    label=None,
    confidence: float = 0.95,
    target: float | None = None,
    name: str | None = None,
    item: str | None = None,
) -> AttributeCapabilityResult:
    """Mean defects per unit with its exact interval (see the module docstring).

    ``count``: defects per sample, ``size``: units per sample (e.g. contacts and orders).
    ``target``: the largest acceptable DPU.
    """
    if not 0 < confidence < 1:
        raise InputError(f"confidence must be between 0 and 1, got {confidence}")
    samples = _counts(data, count, size, label)
    c, U = float(samples["count"].sum()), float(samples["size"].sum())
    alpha = 1 - confidence
    lo = 0.0 if c == 0 else float(stats.chi2.ppf(alpha / 2, 2 * c) / (2 * U))
    hi = float(stats.chi2.ppf(1 - alpha / 2, 2 * c + 2) / (2 * U))
    rows = []
    row, chart = _stability(samples, "u")
    if row:
        rows.append(row)
    rows.append(_amount(c, "defects"))
    return AttributeCapabilityResult(
        kind="poisson",
        defects=c,
        units=U,
        estimate=c / U,
        ci=[lo, hi],
        confidence=confidence,
        ppm=None,
        ppm_ci=None,
        z=None,
        z_ci=None,
        target=target,
        samples=samples,
        checks=ck.frame(rows),
        name=name,
        item=item,
        stability_chart=chart,
    )
