"""The one result shape every hypothesis test returns, and its plain-language helpers."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from sixsigma.errors import InputError
from sixsigma.results import ResultMixin, fmt_p, jsonable

ALTERNATIVES = ("two-sided", "less", "greater")
CHECK_COLUMNS = ["name", "status", "message"]


def normalize_alternative(alternative: str) -> str:
    """Accept ``two-sided``/``two.sided``/``less``/``greater``; raise a clear error otherwise."""
    alt = str(alternative).strip().lower().replace(".", "-").replace("_", "-")
    if alt in {"two-sided", "twosided", "two", "ne", "!="}:
        return "two-sided"
    if alt in ALTERNATIVES:
        return alt
    raise InputError(f"alternative {alternative!r} is not valid; use two-sided, less or greater")


def check_confidence(confidence: float) -> float:
    """Confidence level as a float strictly between 0 and 1."""
    try:
        c = float(confidence)
    except (TypeError, ValueError):
        raise InputError(f"confidence {confidence!r} is not a number; use e.g. 0.95") from None
    if not 0.0 < c < 1.0:
        raise InputError(f"confidence {confidence} must be between 0 and 1, e.g. 0.95")
    return c


def alpha_of(confidence: float) -> float:
    """alpha = 1 - confidence, rounded so 0.95 gives 0.05 exactly."""
    return round(1.0 - confidence, 12)


def resolve_alpha(alpha: float | None, confidence: float | None) -> float:
    """The significance level from ``confidence`` (the public option) or ``alpha`` = 1 - confidence.

    Neither given: 0.05. Both given: they must agree (|alpha - (1 - confidence)| <= 1e-12).
    """
    if confidence is None:
        if alpha is None:
            return 0.05
        return alpha_of(check_confidence(1.0 - _number(alpha, "alpha")))
    level = alpha_of(check_confidence(confidence))
    if alpha is not None and abs(_number(alpha, "alpha") - level) > 1e-12:
        raise InputError(
            f"alpha={alpha} and confidence={confidence} disagree; give one of them "
            "(confidence = 1 - alpha)"
        )
    return level


def _number(v, name: str) -> float:
    try:
        x = float(v)
    except (TypeError, ValueError):
        raise InputError(f"{name} {v!r} is not a number; use e.g. 0.05") from None
    if not 0.0 < x < 1.0:
        raise InputError(f"{name} {v} must be between 0 and 1, e.g. 0.05")
    return x


def fmt(x: float | None, digits: int = 4) -> str:
    """A number with `digits` significant digits (no scientific notation for usual values)."""
    if x is None:
        return "NA"
    x = float(x)
    if not math.isfinite(x):
        return "NA" if math.isnan(x) else ("+inf" if x > 0 else "-inf")
    if x == 0:
        return "0"
    mag = math.floor(math.log10(abs(x)))
    if -4 <= mag < 7:
        decimals = max(digits - 1 - mag, 0)
        return f"{x:,.{decimals}f}"
    return f"{x:.{digits - 1}e}"


def fmt_ci(ci: tuple[float, float] | None, confidence: float, digits: int = 4) -> str:
    """'95% CI 1.2 to 3.4' (one-sided bounds read 'at least' / 'at most')."""
    if ci is None:
        return ""
    lo, hi = ci
    level = f"{confidence * 100:g}%"
    if np.isfinite(lo) and np.isfinite(hi):
        return f"{level} CI {fmt(lo, digits)} to {fmt(hi, digits)}"
    if np.isfinite(lo):
        return f"{level} lower bound {fmt(lo, digits)}"
    if np.isfinite(hi):
        return f"{level} upper bound {fmt(hi, digits)}"
    return ""


def checks_frame(rows: list[tuple[str, str, str]] | None = None) -> pd.DataFrame:
    """The assumption-check table: one row per check with name, status (pass|warn), message."""
    return pd.DataFrame(rows or [], columns=CHECK_COLUMNS)


@dataclass(frozen=True)
class TestResult(ResultMixin):
    """One hypothesis test: what was tested, the numbers, the decision and what it means.

    ``extra`` holds test-specific outputs that ``to_dict()`` prints at the top level (Tukey
    ``pairs``, regression ``coefficients``, chi-square ``expected`` counts...); they are also
    reachable as attributes (``res.pairs``). ``plot_data`` holds tables only the figure uses.
    Only ``test`` is required: a test without an interval or effect size leaves them out.
    """

    __test__: ClassVar[bool] = False  # not a pytest class despite the name

    test: str
    hypotheses: str = ""
    statistic: float | None = None
    statistic_name: str = ""
    df: Any = None
    p_value: float | None = None
    estimate: float | None = None
    estimate_name: str = ""
    ci: tuple[float, float] | None = None
    alternative: str = "two-sided"
    alpha: float = 0.05
    effect_size: float | None = None
    effect_size_name: str = ""
    checks: pd.DataFrame = field(default_factory=lambda: checks_frame())
    conclusion: str = ""
    kind: str = "generic"
    extra: dict = field(default_factory=dict)
    plot_data: dict = field(default_factory=dict, repr=False)

    figure_builder: ClassVar[str] = "sixsigma.plots.stats:test_figure"

    @property
    def reject(self) -> bool | None:
        """True when p < alpha (reject H0)."""
        if self.p_value is None or not np.isfinite(self.p_value):
            return None
        return bool(self.p_value < self.alpha)

    @property
    def confidence(self) -> float:
        return 1.0 - self.alpha

    def __getattr__(self, name: str):
        # Only called when normal lookup fails: expose extra outputs as attributes.
        if name.startswith("_") or name in {"extra", "plot_data"}:
            raise AttributeError(name)
        extra = self.__dict__.get("extra") or {}
        if name in extra:
            return extra[name]
        raise AttributeError(f"{type(self).__name__} has no attribute {name!r}")

    def to_dict(self) -> dict:
        out = {
            "test": self.test,
            "hypotheses": self.hypotheses,
            "statistic": self.statistic,
            "statistic_name": self.statistic_name,
            "df": list(self.df) if isinstance(self.df, tuple) else self.df,
            "p_value": self.p_value,
            "estimate": self.estimate,
            "estimate_name": self.estimate_name,
            "ci": list(self.ci) if self.ci is not None else None,
            "alternative": self.alternative,
            "alpha": self.alpha,
            "reject": self.reject,
            "effect_size": self.effect_size,
            "effect_size_name": self.effect_size_name,
            "checks": self.checks,
            "conclusion": self.conclusion,
        }
        for key, value in self.extra.items():
            out.setdefault(key, value)
        out["summary"] = self.summary()
        return jsonable(out)

    def summary(self) -> str:
        lines = [f"{self.test}", f"  {self.hypotheses}"]
        if self.extra.get("reason"):
            lines.insert(1, f"  chosen because: {self.extra['reason']}")
        if self.statistic is not None:
            df = self.df
            if isinstance(df, tuple):
                df_txt = f", df = {', '.join(_fmt_df(d) for d in df)}"
            elif df is not None:
                df_txt = f", df = {_fmt_df(df)}"
            else:
                df_txt = ""
            lines.append(
                f"  {self.statistic_name} = {fmt(self.statistic)}{df_txt}, {fmt_p(self.p_value)}"
            )
        if self.estimate is not None:
            ci = fmt_ci(self.ci, self.confidence)
            lines.append(
                f"  {self.estimate_name} = {fmt(self.estimate)}" + (f" ({ci})" if ci else "")
            )
        if self.effect_size is not None:
            lines.append(f"  effect size {self.effect_size_name} = {fmt(self.effect_size, 3)}")
        if self.extra.get("dropped"):
            lines.append(f"  {self.extra['dropped']} missing value(s) dropped")
        lines.append(f"Conclusion: {self.conclusion}")
        warns = self.checks[self.checks["status"] == "warn"] if len(self.checks) else self.checks
        for row in warns.itertuples(index=False):
            lines.append(f"  check ({row.name}): {row.message}")
        return "\n".join(lines)


def _fmt_df(d) -> str:
    d = float(d)
    return f"{d:.0f}" if d.is_integer() else f"{d:.2f}"


def decision_text(p: float | None, alpha: float) -> str:
    """'significant at alpha = 0.05' or 'not significant at alpha = 0.05'."""
    if p is None or not np.isfinite(p):
        return "no decision (p-value not available)"
    return ("significant" if p < alpha else "not significant") + f" at alpha = {alpha:g}"


def hypotheses_text(parameter: str, null: float | str, alternative: str) -> str:
    """'H0: the mean is 0; H1: it is not 0' — the hypotheses in words a belt-holder reads."""
    words = {"two-sided": "is not", "less": "is less than", "greater": "is greater than"}[
        alternative
    ]
    null_txt = null if isinstance(null, str) else f"{null:g}"
    return f"H0: {parameter} is {null_txt}; H1: it {words} {null_txt}"
