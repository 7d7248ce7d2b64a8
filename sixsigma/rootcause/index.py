"""Tables of every project's causes and evidence, built from the YAML records (the source of
truth) for the warehouse index (``sixsigma.rootcause.cause_index``). Pure: no SQL here.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sixsigma.errors import RecordError
from sixsigma.rootcause.fishbone import cause_table
from sixsigma.rootcause.records import load_folder, project_folders

CAUSE_INDEX_COLUMNS = [
    "project", "cause_id", "parent", "category", "category_label", "depth", "text", "owner",
    "status", "reason", "tags", "metric", "dimension", "level", "n_evidence", "effect",
    "effect_metric",
]
EVIDENCE_INDEX_COLUMNS = [
    "project", "cause_id", "seq", "date", "test", "statistic_name", "statistic", "p_value",
    "effect_name", "effect", "alpha", "window", "outcome", "conclusion",
]


def cause_frames(root: str | Path | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(causes, evidence) of every project folder under ``root`` that holds a fishbone.

    Every project is loaded and checked first; one RecordError lists the problems of all
    malformed projects, so an index is never rebuilt from half the records.
    """
    causes, evidence, errors = [], [], []
    for folder in project_folders(root):
        try:
            rec = load_folder(folder)
        except RecordError as exc:
            errors.append(str(exc))
            continue
        fb = rec.fishbone
        t = cause_table(fb)
        labels = {c.id: c.label for c in fb.categories}
        causes.append(pd.DataFrame({
            "project": rec.project, "cause_id": t["id"], "parent": t["parent"], "category": t["category"],
            "category_label": t["category"].map(labels), "depth": t["depth"], "text": t["text"],
            "owner": t["owner"], "status": t["status"], "reason": t["reason"], "tags": t["tags"],
            "metric": t["metric"], "dimension": t["dimension"], "level": t["level"],
            "n_evidence": t["n_evidence"], "effect": fb.effect.text, "effect_metric": fb.effect.metric,
        }))
        for c in fb.causes:
            for i, e in enumerate(c.evidence, start=1):
                evidence.append({
                    "project": rec.project, "cause_id": c.id, "seq": i, "date": e.date, "test": e.test,
                    "statistic_name": e.statistic_name, "statistic": e.statistic, "p_value": e.p_value,
                    "effect_name": e.effect_name, "effect": e.effect, "alpha": e.alpha, "window": e.window,
                    "outcome": e.outcome, "conclusion": e.conclusion,
                })
    if errors:
        raise RecordError("cannot rebuild the cause index; fix these records first: " + "; ".join(errors))
    cdf = pd.concat(causes, ignore_index=True) if causes else pd.DataFrame(columns=CAUSE_INDEX_COLUMNS)
    edf = pd.DataFrame(evidence, columns=EVIDENCE_INDEX_COLUMNS)
    cdf["depth"] = cdf["depth"].astype("int64")
    cdf["n_evidence"] = cdf["n_evidence"].astype("int64")
    edf["date"] = pd.to_datetime(edf["date"])
    return cdf[CAUSE_INDEX_COLUMNS], edf
