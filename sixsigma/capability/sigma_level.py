"""Sigma level and DPMO, with the conventional 1.5-sigma shift only when asked for.

DPMO = defects / (units x opportunities) x 10^6. The sigma level read from a long-term
defect rate is Z = Phi^-1(1 - DPMO / 10^6) (the Z.Bench of the rate). Six Sigma tables add a
1.5-sigma shift to report a "short-term" level (3.4 DPMO -> 6.0; 66,807 DPMO -> 3.0;
Harry & Schroeder 2000; Montgomery, *Introduction to SQC*, sect. 1.4.1). The shift is an
assumption, not a measurement, so it is applied only with ``shift=True`` (or a number) and
the result always says which one it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scipy import stats

from sixsigma.errors import InputError
from sixsigma.results import ResultMixin, jsonable

CONVENTIONAL_SHIFT = 1.5


def dpmo(defects: float, units: float, opportunities: float = 1) -> float:
    """Defects per million opportunities."""
    if units <= 0 or opportunities <= 0:
        raise InputError("units and opportunities per unit must be > 0")
    if defects < 0:
        raise InputError("defects must be >= 0")
    if defects > units * opportunities:
        raise InputError("more defects than opportunities: check units and opportunities per unit")
    return float(defects) / (float(units) * float(opportunities)) * 1e6


@dataclass(frozen=True)
class SigmaLevel(ResultMixin):
    """A sigma level: ``z`` (no shift), ``shift`` applied, ``sigma_level`` = z + shift."""

    dpmo: float
    process_yield: float
    z: float
    shift: float
    sigma_level: float
    label: str

    def summary(self) -> str:
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

    def to_dict(self) -> dict[str, Any]:
        return jsonable(
            {
                "dpmo": self.dpmo,
                "yield": self.process_yield,
                "z": self.z,
                "shift": self.shift,
                "sigma_level": self.sigma_level,
                "label": self.label,
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
) -> SigmaLevel:
    """Sigma level from a DPMO, or from defects, units and opportunities per unit.

    ``shift=True`` adds the conventional 1.5 sigma (a number adds that much); the label says
    "short-term sigma level (with 1.5-sigma shift)" or "long-term sigma level (no shift)".
    """
    if dpmo_value is not None and (defects is not None or units is not None):
        raise InputError("give a DPMO or defects= and units=, not both")
    if dpmo_value is None:
        if defects is None or units is None:
            raise InputError("give a DPMO, or defects= and units= (and opportunities=)")
        dpmo_value = dpmo(defects, units, opportunities)
    dpmo_value = float(dpmo_value)
    if not 0 <= dpmo_value <= 1e6:
        raise InputError(f"DPMO must be between 0 and 1,000,000, got {dpmo_value:g}")
    s = CONVENTIONAL_SHIFT if shift is True else float(shift or 0.0)
    if s < 0:
        raise InputError(f"the shift must be >= 0, got {s:g}")
    z = float(stats.norm.isf(dpmo_value / 1e6))
    label = (
        f"short-term sigma level (with {s:g}-sigma shift)"
        if s
        else "long-term sigma level (no shift)"
    )
    return SigmaLevel(
        dpmo=dpmo_value,
        process_yield=1 - dpmo_value / 1e6,
        z=z,
        shift=s,
        sigma_level=z + s,
        label=label,
    )
