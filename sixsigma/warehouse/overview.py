"""A one-table overview of every catalog metric: the last year against the year before."""

from __future__ import annotations

import pandas as pd

from sixsigma.warehouse.store import Warehouse


def metric_overview(wh: Warehouse) -> pd.DataFrame:
    """Per metric: value in the latest full year, the year before, the change and the verdict.

    Every metric's years come from one grouped daily scan per source (:meth:`Warehouse.rollup`),
    not a full-history scan per metric."""
    rows = []
    frames = wh.rollup(list(wh.catalog.metrics), grain="year")
    for m in wh.catalog.metrics.values():
        df = frames[m.name]
        if len(df) < 2:
            continue
        prev, last = df.iloc[-2], df.iloc[-1]
        change = (last["value"] - prev["value"]) / abs(prev["value"]) if prev["value"] else float("nan")
        better = (change < 0) if m.better == "down" else (change > 0)
        rows.append({
            "metric": m.name, "unit": m.unit,
            f"{prev['period'].year}": prev["value"], f"{last['period'].year}": last["value"],
            "change %": 100 * change,
            "direction": "better" if better and abs(change) > 0.005 else
                         ("worse" if abs(change) > 0.005 else "flat"),
        })
    return pd.DataFrame(rows)


def flagship_change(wh: Warehouse) -> dict | None:
    """International-hotel manual CPO: Q4 2023 (before the rounds) vs April 2024 (3 months on)."""
    df = wh.metric("manual_cpo", grain="month", filters={"business_line": ["intl_hotel"]},
                   start="2023-10-01", end="2024-05-01")
    if len(df) < 7:
        return None
    before = df.iloc[:3]["numerator"].sum() / df.iloc[:3]["denominator"].sum()
    after = df.iloc[-1]["value"]
    return {"before": before, "after": after, "change": (after - before) / before}
