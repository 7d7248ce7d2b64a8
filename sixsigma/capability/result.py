"""Result objects of capability analyses (tidy tables, plain-language summary, JSON)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from sixsigma.capability.checks import fmt_num, one_in
from sixsigma.results import ResultMixin, jsonable

INDEX_KEYS = ("cp", "cpl", "cpu", "cpk", "cpm", "pp", "ppl", "ppu", "ppk")
CI_KEYS = ("cp", "cpk", "pp", "ppk", "cpm")
PPM_BASES = ("within", "overall", "observed")
CAPABLE, MARGINAL = 1.33, 1.0


def _none(v):
    if v is None:
        return None
    v = float(v)
    return v if np.isfinite(v) else None


def fmt_ppm(ppm: float | None) -> str:
    """'2.47% (24,700 PPM)' style, or '< 1 PPM'."""
    if ppm is None:
        return "n/a"
    if ppm < 1:
        return "< 1 PPM" if ppm > 0 else "0 PPM"
    pct = ppm / 1e4
    return f"{pct:.3g}% ({ppm:,.0f} PPM)" if pct >= 0.01 else f"{ppm:,.3g} PPM"


def _checks_lines(checks: pd.DataFrame) -> list[str]:
    return [f"- {r.name} ({r.status}): {r.message}." for r in checks.itertuples(index=False)]


@dataclass(frozen=True)
class CapabilityResult(ResultMixin):
    """Capability of a continuous characteristic against its specification.

    ``indices``: one row per index that applies: index (cp, cpl, cpu, cpk, cpm, pp, ppl,
    ppu, ppk), basis (within / overall), value, lower, upper (the confidence interval; NaN
    where none is defined). ``ppm``: basis (within / overall / observed), below, above,
    total. ``checks``: name, status (pass / warn / fail), message. ``fits``: the ranked
    distribution fits (when any were made). ``histogram``, ``curves``, ``probability``:
    what the figure draws (bins; fitted densities on the data scale; ordered data against the
    model's quantiles). ``mean``, ``sigma_within``, ``sigma_overall`` describe the data on
    their original scale; a transformation's own values are in ``parameters``.
    """

    n: int
    mean: float
    sigma_within: float | None
    sigma_overall: float
    lsl: float | None
    usl: float | None
    target: float | None
    distribution: str
    label: str
    reason: str
    confidence: float
    indices: pd.DataFrame
    ppm: pd.DataFrame
    checks: pd.DataFrame
    fits: pd.DataFrame
    parameters: dict
    z_bench: float | None
    z_bench_within: float | None
    plain: str
    histogram: pd.DataFrame
    curves: pd.DataFrame
    probability: pd.DataFrame
    sigma_method: str | None = None
    within_df: float | None = None
    name: str | None = None
    unit: str | None = None
    item: str = "values"
    stability_chart: Any = field(default=None, repr=False)

    figure_builder: ClassVar[str] = "sixsigma.plots.capability:capability_figure"

    # ------------------------------------------------------------------ access
    def value(self, index: str) -> float | None:
        """The value of an index (cp, cpk, ppk, ...), or None when it does not apply."""
        row = self.indices[self.indices["index"] == index]
        return None if row.empty else _none(row["value"].iloc[0])

    def ci(self, index: str) -> list[float] | None:
        """[lower, upper] confidence interval of an index, or None when there is none."""
        row = self.indices[self.indices["index"] == index]
        if row.empty:
            return None
        lo, hi = _none(row["lower"].iloc[0]), _none(row["upper"].iloc[0])
        return None if lo is None or hi is None else [lo, hi]

    def ppm_of(self, basis: str) -> dict:
        """{below, above, total} parts per million for within / overall / observed."""
        row = self.ppm[self.ppm["basis"] == basis]
        if row.empty:
            return {"below": None, "above": None, "total": None}
        r = row.iloc[0]
        return {k: _none(r[k]) if pd.notna(r[k]) else None for k in ("below", "above", "total")}

    # ------------------------------------------------------------------ text
    def summary(self) -> str:
        u = self.unit
        what = self.name or "the data"
        specs = [
            f"{k} {fmt_num(v, u, 6)}"
            for k, v in (("LSL", self.lsl), ("target", self.target), ("USL", self.usl))
            if v is not None
        ]
        lines = [
            f"Capability of {what}: {self.n:,} {self.item}, mean {fmt_num(self.mean, u, 6)}, "
            f"overall SD {fmt_num(self.sigma_overall, u)}; {', '.join(specs)}.",
            f"Model: {self.label} — {self.reason}.",
        ]
        conf = f"{self.confidence:.0%} CI"
        ppk, cpk = self.value("ppk"), self.value("cpk")
        overall = self.ppm_of("overall")
        observed = self.ppm_of("observed")
        text = (
            f"Overall (long-term) capability: Ppk {ppk:.2f}"
            if ppk is not None
            else "Overall capability: n/a"
        )
        if self.ci("ppk"):
            lo, hi = self.ci("ppk")
            text += f" ({conf} {lo:.2f} to {hi:.2f})"
        if self.value("pp") is not None:
            text += f", Pp {self.value('pp'):.2f}"
        text += (
            f"; expected out of specification {fmt_ppm(overall['total'])}, observed "
            f"{fmt_ppm(observed['total'])}"
        )
        if self.z_bench is not None:
            text += f"; Z.Bench {self.z_bench:.2f}"
        lines.append(text + ".")
        if cpk is not None:
            text = f"Within (short-term) capability: Cpk {cpk:.2f}"
            if self.ci("cpk"):
                lo, hi = self.ci("cpk")
                text += f" ({conf} {lo:.2f} to {hi:.2f})"
            if self.value("cp") is not None:
                text += f", Cp {self.value('cp'):.2f}"
            if self.value("cpm") is not None:
                text += f", Cpm {self.value('cpm'):.2f} (target {fmt_num(self.target, u)})"
            lines.append(
                text + f"; expected {fmt_ppm(self.ppm_of('within')['total'])} out of specification."
            )
        if self.plain:
            lines.append("In plain words: " + self.plain[0].lower() + self.plain[1:])
        if ppk is not None:
            if ppk >= CAPABLE:
                verdict = f"Capable: Ppk {ppk:.2f} meets the usual minimum of {CAPABLE}."
            elif ppk >= MARGINAL:
                verdict = (
                    f"Marginal: Ppk {ppk:.2f} is between {MARGINAL} and {CAPABLE}; the process "
                    "meets the specification but with little room; reduce variation."
                )
            else:
                verdict = (
                    f"Not capable: Ppk {ppk:.2f} is below {MARGINAL}; out-of-specification "
                    "results are routine; reduce variation or move the centre."
                )
            if cpk is not None and cpk > 1.2 * ppk and cpk - ppk > 0.1:
                verdict += (
                    f" Cpk ({cpk:.2f}) is well above Ppk: shifts between subgroups or over "
                    "time cost capability; stabilising the process would recover much of it."
                )
            lines.append(verdict)
        lines.append("Checks:")
        lines.extend(_checks_lines(self.checks))
        return "\n".join(lines)

    # ------------------------------------------------------------------ JSON
    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "n": int(self.n),
            "mean": self.mean,
            "sigma_within": self.sigma_within,
            "sigma_overall": self.sigma_overall,
            "lsl": self.lsl,
            "usl": self.usl,
            "target": self.target,
            "distribution": self.distribution,
        }
        out.update({k: self.value(k) for k in INDEX_KEYS})
        out["z_bench"] = self.z_bench
        out["ppm"] = {b: self.ppm_of(b) for b in PPM_BASES}
        out["ci"] = {k: self.ci(k) for k in CI_KEYS}
        out["checks"] = jsonable(self.checks)
        out["summary"] = self.summary()
        return jsonable(out)


@dataclass(frozen=True)
class AttributeCapabilityResult(ResultMixin):
    """Binomial (% defective) or Poisson (defects per unit) capability.

    ``kind`` is "binomial" or "poisson". ``estimate`` is the proportion defective p or the
    mean DPU, with its exact ``ci`` ([lower, upper]). Binomial adds ``ppm`` (= p x 10^6) and
    the process ``z`` = Phi^-1(1 - p), each with the interval implied by the CI of p.
    ``samples``: one row per subgroup (label, count, size, rate). ``checks``: name, status,
    message.
    """

    kind: str
    defects: float
    units: float
    estimate: float
    ci: list
    confidence: float
    ppm: float | None
    ppm_ci: list | None
    z: float | None
    z_ci: list | None
    target: float | None
    samples: pd.DataFrame
    checks: pd.DataFrame
    name: str | None = None
    item: str | None = None
    stability_chart: Any = field(default=None, repr=False)

    figure_builder: ClassVar[str] = "sixsigma.plots.capability:attribute_capability_figure"

    def summary(self) -> str:
        conf = f"{self.confidence:.0%} CI"
        what = self.name or ("defectives" if self.kind == "binomial" else "defects")
        if self.kind == "binomial":
            lo, hi = self.ci
            lines = [
                f"Binomial capability of {what}: {self.defects:,.0f} defective of {self.units:,.0f} "
                f"({len(self.samples)} samples).",
                f"% defective {100 * self.estimate:.3g}% ({conf} {100 * lo:.3g}% to {100 * hi:.3g}%), "
                f"PPM {self.ppm:,.0f}, process Z {self.z:.2f} ({conf} {self.z_ci[0]:.2f} to "
                f"{self.z_ci[1]:.2f}).",
                f"In plain words: {one_in(self.estimate, self.item or 'items')} are defective.",
            ]
            if self.target is not None:
                ok = hi <= self.target
                lines.append(
                    f"Target {100 * self.target:.3g}% defective: "
                    + (
                        "met (the whole interval is at or below it)."
                        if ok
                        else "not shown to be met (the interval reaches above it)."
                    )
                )
        else:
            lo, hi = self.ci
            lines = [
                f"Poisson capability of {what}: {self.defects:,.0f} defects on {self.units:,.6g} units "
                f"({len(self.samples)} samples).",
                f"Mean DPU {self.estimate:.4g} ({conf} {lo:.4g} to {hi:.4g}).",
                f"In plain words: on average {self.estimate:.3g} defects per unit"
                + (f" ({self.item})" if self.item else "")
                + ".",
            ]
            if self.target is not None:
                ok = hi <= self.target
                lines.append(
                    f"Target DPU {self.target:g}: "
                    + (
                        "met (the whole interval is at or below it)."
                        if ok
                        else "not shown to be met (the interval reaches above it)."
                    )
                )
        lines.append("Checks:")
        lines.extend(_checks_lines(self.checks))
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        out = {
            "kind": self.kind,
            "defects": self.defects,
            "units": self.units,
            "samples": len(self.samples),
            "confidence": self.confidence,
        }
        if self.kind == "binomial":
            out.update(
                p=self.estimate,
                ci=self.ci,
                percent_defective=100 * self.estimate,
                ppm=self.ppm,
                ppm_ci=self.ppm_ci,
                z=self.z,
                z_ci=self.z_ci,
            )
        else:
            out.update(dpu=self.estimate, ci=self.ci)
        out.update(target=self.target, checks=jsonable(self.checks), summary=self.summary())
        return jsonable(out)


def _index_property(key: str):
    return property(lambda self: self.value(key), doc=f"{key} (None when it does not apply).")


for _key in INDEX_KEYS:
    setattr(CapabilityResult, _key, _index_property(_key))
