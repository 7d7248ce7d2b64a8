"""Sigma level and DPMO, with the conventional 1.5-sigma shift only when asked for.

DPMO = defects / (units x opportunities) x 10^6. The sigma level read from a long-term
defect rate is Z = Phi^-1(1 - DPMO / 10^6) (the Z.Bench of the rate). Six Sigma tables add a
1.5-sigma shift to report a "short-term" level (3.4 DPMO -> 6.0; 66,807 DPMO -> 3.0;
Harry & Schroeder 2000; Montgomery, *Introduction to SQC*, sect. 1.4.1). The shift is an
assumption, not a measurement, so it is applied only with ``shift=True`` (or a number) and
the result always says which one it is.

Zero defects: DPMO is 0 and Z = Phi^-1(1) is infinite, so the sigma level is not defined
(``None``; no table goes beyond its last row). What the data do show is a bound: with N
opportunities and none defective, the exact one-sided 95% upper bound on the defect rate is
p_u = 1 - 0.05^(1/N) (Clopper-Pearson; about 3/N, the "rule of three", Jovanovic & Levy,
*Am. Statistician* 51, 1997), so DPMO <= 10^6 p_u and the sigma level is at least
Phi^-1(1 - p_u) (+ shift). Every opportunity defective (DPMO = 10^6) likewise has no level.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from scipy import stats

from sixsigma.errors import InputError
from sixsigma.results import ResultMixin, jsonable

CONVENTIONAL_SHIFT = 1.5
#: Default confidence of the zero-defect bound.
BOUND_CONFIDENCE = 0.95


def _finite(name: str, v) -> float:
    try:
        f = float(v)
    except (TypeError, ValueError):
        raise InputError(f"{name} must be a number, got {v!r}") from None
    if not math.isfinite(f):
        raise InputError(f"{name} = {v} is not a finite number; give a finite {name}")
    return f


def _num(x: float) -> str:
    """12,345 for whole or large numbers, 4 significant digits otherwise."""
    return f"{x:,.0f}" if abs(x) >= 1000 or float(x).is_integer() else f"{x:.4g}"


def dpmo(defects: float, units: float, opportunities: float = 1) -> float:
    """Defects per million opportunities."""
    defects, units = _finite("defects", defects), _finite("units", units)
    opportunities = _finite("opportunities", opportunities)
    if units <= 0 or opportunities <= 0:
        raise InputError("units and opportunities per unit must be > 0")
    if defects < 0:
        raise InputError("defects must be >= 0")
    if defects > units * opportunities:
        raise InputError("more defects than opportunities: check units and opportunities per unit")
    return float(defects) / (float(units) * float(opportunities)) * 1e6


@dataclass(frozen=True)
class SigmaLevel(ResultMixin):
    """A sigma level: ``z`` (no shift), ``shift`` applied, ``sigma_level`` = z + shift.

    ``z`` and ``sigma_level`` are None when DPMO is 0 or 10^6 (no level is defined); with
    zero defects counted over ``opportunities_total`` opportunities, ``dpmo_upper`` and
    ``sigma_level_lower`` give the one-sided bound (``confidence``) the data support.
    """

    dpmo: float
    process_yield: float
    z: float | None
    shift: float
    sigma_level: float | None
    label: str
    opportunities_total: float | None = None
    dpmo_upper: float | None = None
    sigma_level_lower: float | None = None
    confidence: float = BOUND_CONFIDENCE

    def summary(self) -> str:
        if self.sigma_level is None:
            return self._undefined()
        text = (
            f"{self.dpmo:,.4g} defects per million opportunities (yield {100 * self.process_yield:.6g}%): "
            f"{self.label} {self.sigma_level:.2f}."
        )
        if self.shift:
            text += (
                f" This includes the conventional {self.shift:g}-sigma shift; the long-term "
                f"(measured) level is {self.z:.2f}."
            )
        else:
            text += (
                f" No shift applied; Six Sigma tables that add the conventional "
                f"{CONVENTIONAL_SHIFT}-sigma shift would report {self.z + CONVENTIONAL_SHIFT:.2f}."
            )
        return text

    def _undefined(self) -> str:
        if self.dpmo > 0:
            return (
                "every opportunity is a defect (DPMO 1,000,000, yield 0%): the sigma level is "
                "not defined (below any table); check that defects and opportunities are counted "
                "the same way."
            )
        text = (
            "zero defects (DPMO 0, yield 100%): the sigma level is not defined with zero "
            "defects (beyond any table; 6.0 with the 1.5 shift needs 3.4 DPMO)."
        )
        if self.dpmo_upper is None:
            return text + (
                " Give the counts (defects 0, units and opportunities) for the level the data "
                "demonstrate."
            )
        shifted = " (with the shift)" if self.shift else " (no shift)"
        return text + (
            f" With {_num(self.opportunities_total)} opportunities and none defective, DPMO is at "
            f"most {_num(self.dpmo_upper)} with {100 * self.confidence:g}% confidence (exact bound; "
            f"the rule of three gives 3/N = {_num(3e6 / self.opportunities_total)}), so the "
            f"{self.label.split(' (')[0]} is at least {self.sigma_level_lower:.2f}{shifted}."
        )

    def to_dict(self) -> dict[str, Any]:
        return jsonable(
            {
                "dpmo": self.dpmo,
                "yield": self.process_yield,
                "z": self.z,
                "shift": self.shift,
                "sigma_level": self.sigma_level,
                "label": self.label,
                "opportunities_total": self.opportunities_total,
                "dpmo_upper": self.dpmo_upper,
                "sigma_level_lower": self.sigma_level_lower,
                "confidence": self.confidence,
                "summary": self.summary(),
            }
        )


def sigma_level(
    dpmo_value: float | None = None,
    *,
    defects: float | None = None,
    units: float | None = None,
    opportunities: float = 1,
    shift: bool | float = False,
    confidence: float = BOUND_CONFIDENCE,
) -> SigmaLevel:
    """Sigma level from a DPMO, or from defects, units and opportunities per unit.

    ``shift=True`` adds the conventional 1.5 sigma (a number adds that much); the label says
    "short-term sigma level (with 1.5-sigma shift)" or "long-term sigma level (no shift)".
    Zero defects give no level (None) and, from counts, the one-sided ``confidence`` bound
    on DPMO and the sigma level (module docstring).
    """
    confidence = _finite("confidence", confidence)
    if not 0 < confidence < 1:
        raise InputError(f"confidence must be between 0 and 1, got {confidence:g}")
    if dpmo_value is not None and (defects is not None or units is not None):
        raise InputError("give a DPMO or defects= and units=, not both")
    total = None
    if dpmo_value is None:
        if defects is None or units is None:
            raise InputError("give a DPMO, or defects= and units= (and opportunities=)")
        dpmo_value = dpmo(defects, units, opportunities)
        total = float(units) * float(opportunities)
    dpmo_value = _finite("DPMO", dpmo_value)
    if not 0 <= dpmo_value <= 1e6:
        raise InputError(f"DPMO must be between 0 and 1,000,000, got {dpmo_value:g}")
    s = CONVENTIONAL_SHIFT if shift is True else _finite("shift", shift or 0.0)
    if s < 0:
        raise InputError(f"the shift must be >= 0, got {s:g}")
    label = (
        f"short-term sigma level (with {s:g}-sigma shift)"
        if s
        else "long-term sigma level (no shift)"
    )
    z = float(stats.norm.isf(dpmo_value / 1e6))
    upper = lower = None
    if not math.isfinite(z):  # DPMO 0 or 10^6: no level
        z = None
        if dpmo_value == 0 and total is not None:
            # exact one-sided bound: (1 - p)^N = 1 - confidence; -expm1 keeps precision
            # for large N
            p_u = -math.expm1(math.log(1 - confidence) / total)
            upper = p_u * 1e6
            lower = float(stats.norm.isf(p_u)) + s
    return SigmaLevel(
        dpmo=dpmo_value,
        process_yield=1 - dpmo_value / 1e6,
        z=z,
        shift=s,
        sigma_level=None if z is None else z + s,
        label=label,
        opportunities_total=total,
        dpmo_upper=upper,
        sigma_level_lower=lower,
        confidence=confidence,
    )
