"""Process FMEA: failure modes ranked by risk priority number.

RPN = S x O x D, each rated 1-10 (severity of the effect, occurrence of the cause, detection:
10 = cannot be detected), AIAG *Potential Failure Mode and Effects Analysis*, 4th ed. (2008).
Rows are ranked by RPN, ties broken by severity then occurrence (a severe failure mode comes
first at equal RPN, as the AIAG manual advises). When the revised S/O/D after the
recommended action are given, the revised RPN and the reduction are reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pandas as pd

from sixsigma.results import ResultMixin, jsonable
from sixsigma.rootcause.models import FMEA
from sixsigma.rootcause.pareto import ParetoResult, pareto

HIGH_SEVERITY = 9  # AIAG: severity 9-10 needs action whatever the RPN


@dataclass(frozen=True)
class FMEAResult(ResultMixin):
    """``table``: one row per failure mode with S, O, D, RPN, rank and the revised RPN."""

    process: str
    table: pd.DataFrame
    pareto: ParetoResult

    figure_builder: ClassVar[str] = "sixsigma.plots.rootcause:fmea_figure"

    def summary(self) -> str:
        t = self.table
        if not len(t):
            return f"FMEA of {self.process!r} has no rows yet."
        top = t.head(3)
        lines = [f"FMEA of {self.process!r}: {len(t)} failure modes, RPN {int(t['rpn'].min())} "
                 f"to {int(t['rpn'].max())}. Highest: "
                 + "; ".join(f"{r.id} {r.failure_mode} (RPN {r.rpn})" for r in top.itertuples()) + "."]
        severe = t[(t["severity"] >= HIGH_SEVERITY) & t["action"].isna()]
        if len(severe):
            lines.append(f"{len(severe)} failure mode(s) of severity >= {HIGH_SEVERITY} have no "
                         f"action: {', '.join(severe['id'])}.")
        rev = t[t["revised_rpn"].notna()]
        if len(rev):
            before, after = rev["rpn"].sum(), rev["revised_rpn"].sum()
            lines.append(f"Actions taken on {len(rev)} rows cut their total RPN from {int(before)} "
                         f"to {int(after)} ({(1 - after / before) * 100:.0f}% lower).")
        return "\n".join(lines)

    def to_dict(self) -> dict:
        return jsonable({"kind": "fmea", "process": self.process, "table": self.table,
                         "summary": self.summary()})


def rank(fmea: FMEA, vital: float = 0.8) -> FMEAResult:
    """The FMEA table ranked by RPN (then severity, then occurrence), with revised RPNs."""
    rows = fmea.rows
    s = np.array([r.severity for r in rows], dtype=int)
    o = np.array([r.occurrence for r in rows], dtype=int)
    d = np.array([r.detection for r in rows], dtype=int)
    rev = [r.revised for r in rows]
    rs = np.array([x.severity if x else np.nan for x in rev], dtype=float)
    ro = np.array([x.occurrence if x else np.nan for x in rev], dtype=float)
    rd = np.array([x.detection if x else np.nan for x in rev], dtype=float)
    table = pd.DataFrame({
        "id": [r.id for r in rows],
        "step": [r.step for r in rows],
        "failure_mode": [r.failure_mode for r in rows],
        "effect": [r.effect for r in rows],
        "severity": s,
        "cause": [r.cause for r in rows],
        "cause_id": [r.cause_id for r in rows],
        "occurrence": o,
        "controls": [r.controls for r in rows],
        "detection": d,
        "rpn": s * o * d,
        "action": [r.action for r in rows],
        "owner": [r.owner for r in rows],
        "revised_severity": pd.array(rs, dtype="Int64") if len(rows) else pd.array([], dtype="Int64"),
        "revised_occurrence": pd.array(ro, dtype="Int64") if len(rows) else pd.array([], dtype="Int64"),
        "revised_detection": pd.array(rd, dtype="Int64") if len(rows) else pd.array([], dtype="Int64"),
        "revised_rpn": pd.array(rs * ro * rd, dtype="Int64") if len(rows) else pd.array([], dtype="Int64"),
    })
    order = np.lexsort((np.arange(len(rows)), -o, -s, -(s * o * d)))
    table = table.iloc[order].reset_index(drop=True)
    table.insert(0, "rank", np.arange(1, len(table) + 1))
    par = pareto(table, category="id", count="rpn", vital=vital, other_after=None,
                 title="FMEA: risk priority numbers")
    p = par.table.set_index("id")
    table["cumulative_percent"] = table["id"].map(p["cumulative_percent"])
    table["vital"] = table["id"].map(p["vital"]).astype(bool)
    return FMEAResult(process=fmea.process, table=table, pareto=par)
