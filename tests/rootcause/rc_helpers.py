"""Helpers of the root-cause tests: where the flagship project lives, a fake warehouse."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sixsigma.catalog import load_catalog

FLAGSHIP = "reduce-intl-hotel-manual-cpo"
FLAGSHIP_DIR = Path(__file__).resolve().parents[2] / "projects" / FLAGSHIP


class FakeWarehouse:
    """Stands in for ``Warehouse.metric`` over a small table of per-period aggregates.

    ``rows`` has period, dimension columns, numerator, denominator. Per-order metrics get their
    denominator from ``orders`` (period -> orders), as the real warehouse does.
    """

    catalog = load_catalog()

    def __init__(self, rows: pd.DataFrame, orders: dict | None = None):
        self.rows = rows.assign(period=pd.to_datetime(rows["period"]))
        self.orders = orders
        self.calls = []

    def metric(self, name, grain="day", by=None, filters=None, start=None, end=None, keep_partial=False):
        self.calls.append(dict(name=name, grain=grain, by=by, filters=filters, start=start, end=end))
        df = self.rows
        for dim, values in (filters or {}).items():
            if dim in df.columns:
                df = df[df[dim].isin(values)]
        if start is not None:
            df = df[df["period"] >= pd.Timestamp(start)]
        if end is not None:
            df = df[df["period"] < pd.Timestamp(end)]
        keys = ["period", *(by or [])]
        out = df.groupby(keys, as_index=False)[["numerator", "denominator"]].sum()
        if self.orders is not None:
            out["denominator"] = out["period"].map(lambda p: self.orders[p.strftime("%Y-%m-%d")]).astype(float)
        out["value"] = out["numerator"] / out["denominator"]
        return out[[*keys, "numerator", "denominator", "value"]]
