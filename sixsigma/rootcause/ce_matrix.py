"""Cause-and-effect (C&E, "XY") matrix: rank inputs by their weighted effect on the outputs.

Each output (a Y the customer cares about) has an importance weight w_j (1-10); each input X
is scored s_ij in {0, 1, 3, 9} (none, weak, moderate, strong) against each output. The
input's total is T_i = sum_j w_j * s_ij; inputs are ranked by T_i and a Pareto of the totals
marks the vital few. (George, Rowlands, Price & Maxey, *The Lean Six Sigma Pocket Toolbook*,
2005, "C&E matrix"; Breyfogle, *Implementing Six Sigma*, 2nd ed., §5.16.) A score left out
counts as 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pandas as pd

from sixsigma.results import ResultMixin, jsonable
from sixsigma.rootcause.models import CEMatrix
from sixsigma.rootcause.pareto import ParetoResult, pareto


@dataclass(frozen=True)
class CEResult(ResultMixin):
    """``table``: one row per input with its score per output, total, rank and Pareto columns."""

    outputs: pd.DataFrame
    table: pd.DataFrame
    pareto: ParetoResult

    figure_builder: ClassVar[str] = "sixsigma.plots.rootcause:ce_figure"

    def summary(self) -> str:
        t = self.table
        if not len(t):
            return "C&E matrix has no inputs yet."
        vital = t[t["vital"]]
        top = ", ".join(f"{r.input} ({r.total:g})" for r in vital.head(8).itertuples())
        return (f"C&E matrix: {len(t)} inputs scored against {len(self.outputs)} weighted outputs. "
                f"{len(vital)} inputs carry {vital['total'].sum() / t['total'].sum() * 100:.0f}% of "
                f"the weighted score (the vital few): {top}"
                + (f" and {len(vital) - 8} more" if len(vital) > 8 else "") + ". Verify these first.")

    def to_dict(self) -> dict:
        return jsonable({"kind": "ce_matrix", "outputs": self.outputs, "table": self.table,
                         "vital_few": self.table.loc[self.table["vital"], "input"].tolist(),
                         "summary": self.summary()})


def rank(ce: CEMatrix, vital: float = 0.8) -> CEResult:
    """Weighted totals T_i = sum_j w_j s_ij, ranked (ties keep the file order)."""
    out_ids = [o.id for o in ce.outputs]
    weights = np.array([o.weight for o in ce.outputs], dtype=float)
    scores = np.array([[i.scores.get(o, 0) for o in out_ids] for i in ce.inputs], dtype=float)
    scores = scores.reshape(len(ce.inputs), len(out_ids))
    totals = scores @ weights
    table = pd.DataFrame({
        "input": [i.id for i in ce.inputs],
        "name": [i.name for i in ce.inputs],
        "step": [i.step for i in ce.inputs],
        "cause": [i.cause for i in ce.inputs],
        **{o: scores[:, k].astype(int) for k, o in enumerate(out_ids)},
        "total": totals.astype(int),
    })
    order = np.argsort(-totals, kind="stable")
    table = table.iloc[order].reset_index(drop=True)
    table.insert(0, "rank", np.arange(1, len(table) + 1))
    par = pareto(table, category="input", count="total", vital=vital, other_after=None,
                 title="C&E matrix: weighted totals")
    p = par.table.set_index("input")
    table["percent"] = table["input"].map(p["percent"])
    table["cumulative_percent"] = table["input"].map(p["cumulative_percent"])
    table["vital"] = table["input"].map(p["vital"]).astype(bool)
    outputs = pd.DataFrame({"output": out_ids, "name": [o.name for o in ce.outputs],
                            "weight": weights.astype(int)})
    return CEResult(outputs=outputs, table=table, pareto=par)
