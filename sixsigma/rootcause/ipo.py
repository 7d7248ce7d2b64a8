"""IPO (input-process-output) analysis: each process step with its Xs and Ys as tables.

Inputs are classified controllable (C), noise (N) or standard procedure (SOP). An input
that names a fishbone cause shares that X with the fishbone, so its status (candidate,
prioritized, verified, rejected) shows here too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import pandas as pd

from sixsigma.results import ResultMixin, jsonable
from sixsigma.rootcause.models import INPUT_KINDS, IPO, Fishbone

KIND_LABELS = {"controllable": "controllable", "noise": "noise", "sop": "standard procedure"}


@dataclass(frozen=True)
class IPOResult(ResultMixin):
    """``steps`` (one row per step), ``inputs`` and ``outputs`` (one row per X / Y)."""

    process: str
    steps: pd.DataFrame
    inputs: pd.DataFrame
    outputs: pd.DataFrame

    figure_builder: ClassVar[str] = "sixsigma.plots.rootcause:ipo_figure"

    def summary(self) -> str:
        i = self.inputs
        kinds = i["kind"].value_counts()
        linked = i[i["cause"].notna()]
        text = (
            f"IPO of {self.process!r}: {len(self.steps)} steps, {len(i)} inputs ("
            + ", ".join(f"{kinds.get(k, 0)} {KIND_LABELS[k]}" for k in INPUT_KINDS)
            + f"), {len(self.outputs)} outputs. {len(linked)} inputs are fishbone causes"
        )
        if "cause_status" in i and linked["cause_status"].notna().any():
            st = linked["cause_status"].value_counts()
            text += " (" + ", ".join(f"{n} {s}" for s, n in st.items()) + ")"
        text += "."
        noise = i[(i["kind"] == "noise")]
        if len(noise):
            text += (f" Noise inputs cannot be set by the process; make the steps robust to them "
                     f"({', '.join(noise['name'][:3])}{' ...' if len(noise) > 3 else ''}).")
        return text

    def to_dict(self) -> dict:
        return jsonable({"kind": "ipo", "process": self.process, "steps": self.steps,
                         "inputs": self.inputs, "outputs": self.outputs, "summary": self.summary()})


def analyze(ipo: IPO, fishbone: Fishbone | None = None) -> IPOResult:
    """Tidy tables of the IPO; with the fishbone, each linked input gets its cause's status."""
    causes = {c.id: c for c in fishbone.causes} if fishbone is not None else {}
    steps, inputs, outputs = [], [], []
    for order, s in enumerate(ipo.steps, start=1):
        kinds = [i.kind for i in s.inputs]
        steps.append({"order": order, "step": s.id, "name": s.name, "n_inputs": len(s.inputs),
                      **{f"n_{k}": kinds.count(k) for k in INPUT_KINDS},
                      "n_outputs": len(s.outputs),
                      "n_linked": sum(i.cause is not None for i in s.inputs)})
        for i in s.inputs:
            c = causes.get(i.cause) if i.cause else None
            inputs.append({"order": order, "step": s.id, "name": i.name, "kind": i.kind,
                           "cause": i.cause,
                           "cause_status": c.status if c else None,
                           "cause_category": fishbone.category_of(c.id) if c else None})
        for o in s.outputs:
            outputs.append({"order": order, "step": s.id, "name": o.name, "metric": o.metric})
    return IPOResult(
        process=ipo.process,
        steps=pd.DataFrame(steps, columns=["order", "step", "name", "n_inputs",
                                           *[f"n_{k}" for k in INPUT_KINDS], "n_outputs", "n_linked"]),
        inputs=pd.DataFrame(inputs, columns=["order", "step", "name", "kind", "cause",
                                             "cause_status", "cause_category"]),
        outputs=pd.DataFrame(outputs, columns=["order", "step", "name", "metric"]),
    )
