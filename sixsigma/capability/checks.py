"""The checks Minitab's Assistant runs before a capability report, and the plain-words line.

- Stability: a control chart of the same data (I-MR for individual values, X-bar/R for
  subgroups of up to 8, X-bar/S above; the chart of the within-sigma method when it names
  one) with the Assistant's tests: on the I / X-bar chart 1 (beyond 3 sigma) and 2 (9 in a
  row on one side), plus 7 (15 in a row within 1 sigma, stratification) on X-bar charts;
  on the MR / R / S chart test 1 only (runs of a skewed range statistic are not a signal).
  Capability predicts only a stable process, so signals give a warning and are listed.
- Normality: Anderson-Darling with its p-value. For a normal analysis p < 0.05 fails (the
  normal indices and PPM would be wrong); when a transformation or a fitted distribution
  is used instead, non-normal raw data only warn and the message names the model used.
- Amount of data: the Assistant asks for at least 100 observations for precise estimates.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sixsigma.errors import SixSigmaError

MIN_N = 100
CHECK_COLUMNS = ["name", "status", "message"]


def fmt_p(p: float | None) -> str:
    """'p = 0.123' or, as Minitab prints small values, 'p < 0.005'."""
    if p is None or not np.isfinite(p):
        return "p n/a"
    return "p < 0.005" if p < 0.005 else f"p = {p:.3f}"


def fmt_num(v: float | None, unit: str | None = None, digits: int = 4) -> str:
    """A number with ``digits`` significant digits and an optional unit."""
    if v is None or not np.isfinite(v):
        return "n/a"
    text = f"{v:,.{digits}g}" if abs(v) < 1e6 else f"{v:,.0f}"
    return f"{text} {unit}" if unit else text


def chart_kind(subgrouped: bool, max_size: int, sigma_method: str | None) -> str:
    """The Assistant's chart for the data: imr, xbar-r (n <= 8 or R-bar sigma) or xbar-s."""
    if not subgrouped:
        return "imr"
    if sigma_method == "rbar":
        return "xbar-r"
    if sigma_method == "sbar":
        return "xbar-s"
    return "xbar-r" if max_size <= 8 else "xbar-s"


def stability(x: np.ndarray, labels: np.ndarray | None, kind: str, name: str | None = None):
    """(check row, ControlChart or None) for the stability of the data in their order."""
    try:
        from sixsigma.spc import control_chart
    except ImportError:  # pragma: no cover - spc ships with the package
        return dict(
            name="stability",
            status="warn",
            message="stability not checked: the control-chart module is unavailable",
        ), None
    tests = [1, 2] if kind == "imr" else [1, 2, 7]
    try:
        if kind == "imr":
            chart = control_chart(
                "imr", pd.DataFrame({"value": x}), value="value", tests=tests, name=name
            )
        else:
            frame = pd.DataFrame({"value": x, "subgroup": labels})
            chart = control_chart(
                kind, frame, value="value", subgroup="subgroup", tests=tests, name=name
            )
    except SixSigmaError as exc:
        return dict(name="stability", status="warn", message=f"stability not checked: {exc}"), None
    title = {"imr": "I-MR", "xbar-r": "X-bar/R", "xbar-s": "X-bar/S"}[kind]
    sig = [chart.signals]
    if chart.secondary is not None:
        sec = chart.secondary.signals
        sig.append(sec[sec["test"] == 1])
    descriptions = pd.concat(sig, ignore_index=True)["description"].tolist()
    if not descriptions:
        msg = (
            f"the {title} chart of the same data shows no special causes (tests "
            f"{', '.join(map(str, tests))}; test 1 on the range chart): the process is stable, so "
            "capability predicts future performance"
        )
        return dict(name="stability", status="pass", message=msg), chart
    shown = "; ".join(descriptions[:3]) + (
        f"; and {len(descriptions) - 3} more" if len(descriptions) > 3 else ""
    )
    msg = (
        f"the {title} chart shows {len(descriptions)} special-cause signal"
        f"{'s' if len(descriptions) != 1 else ''} ({shown}): the process is not stable, so the "
        "indices describe the past, not what it will do; find and remove the special causes first"
    )
    return dict(name="stability", status="warn", message=msg), chart


def normality(ad: float, p: float, model: str, model_note: str | None = None) -> dict:
    """Normality row: ``model`` is 'normal', 'boxcox', 'johnson' or a fitted family's label."""
    stat = f"Anderson-Darling AD = {ad:.3f}, {fmt_p(p)}"
    if model == "normal":
        if p >= 0.05:
            return dict(
                name="normality",
                status="pass",
                message=f"the data are consistent with a normal distribution ({stat})",
            )
        return dict(
            name="normality",
            status="fail",
            message=(
                f"the data are not normal ({stat}): the normal indices and expected "
                "PPM are unreliable; use distribution='auto' to fit a distribution"
            ),
        )
    if p >= 0.05:
        return dict(
            name="normality",
            status="pass",
            message=f"the data are consistent with a normal distribution ({stat}); {model_note}",
        )
    return dict(
        name="normality", status="warn", message=f"the data are not normal ({stat}); {model_note}"
    )


def amount(n: int) -> dict:
    """Amount-of-data row: warn under 100 observations (Minitab Assistant)."""
    if n >= MIN_N:
        return dict(
            name="amount of data",
            status="pass",
            message=f"{n:,} observations (at least {MIN_N}): enough for precise estimates",
        )
    return dict(
        name="amount of data",
        status="warn",
        message=(
            f"only {n:,} observations (fewer than {MIN_N}): the indices are imprecise; "
            "read their confidence intervals and collect more data"
        ),
    )


def frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=CHECK_COLUMNS)


def one_in(p: float, item: str) -> str:
    """'about 1 in 40 calls' / 'about 23% of calls' / 'fewer than 1 in a million calls'."""
    if not np.isfinite(p) or p < 1e-6:
        return f"fewer than 1 in a million {item}"
    if p >= 0.1:
        return f"about {p:.0%} of {item}"
    n = 1.0 / p
    digits = int(np.floor(np.log10(n)))
    rounded = round(n, -max(digits - 1, 0))
    return f"about 1 in {int(rounded):,} {item}"


def plain_words(
    ppm: dict, lsl: float | None, usl: float | None, item: str, unit: str | None
) -> str:
    """What the expected (long-term) out-of-spec rates mean for a single item."""
    parts = []
    if usl is not None and ppm.get("above") is not None:
        parts.append(f"{one_in(ppm['above'] / 1e6, item)} will exceed {fmt_num(usl, unit)}")
    if lsl is not None and ppm.get("below") is not None:
        parts.append(f"{one_in(ppm['below'] / 1e6, item)} will fall below {fmt_num(lsl, unit)}")
    if not parts:
        return ""
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."
