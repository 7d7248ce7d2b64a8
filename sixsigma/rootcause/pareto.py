"""Pareto analysis: categories by count, largest first, with the cumulative share and the
vital few.

Pure: takes a DataFrame of counts (e.g. ``Warehouse.counts(by=["reason"])``, or a record's
totals) and returns a :class:`ParetoResult`. Percent_i = 100 * n_i / N and the cumulative
percent is the running sum in descending order (Juran's Pareto principle; the same table as
R ``qcc::pareto.chart`` and Minitab's Pareto chart).

The *vital few* are the categories needed to reach ``vital`` (80% by default) of the total:
every category whose preceding cumulative share is below the threshold. As Minitab does by
default, categories after the cumulative share reaches ``other_after`` (95%) are combined into
one "Other" bar drawn last (only when at least two categories would be combined; pass
``other_after=None`` to keep them all).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pandas as pd

from sixsigma.errors import InputError
from sixsigma.results import ResultMixin, jsonable

OTHER = "Other"


@dataclass(frozen=True)
class ParetoResult(ResultMixin):
    """One Pareto table: category, count, percent, cumulative_count, cumulative_percent, vital."""

    table: pd.DataFrame
    category: str
    count: str
    total: float
    vital_threshold: float
    title: str = ""

    figure_builder: ClassVar[str] = "sixsigma.plots.rootcause:pareto_figure"

    @property
    def vital_few(self) -> list[str]:
        return self.table.loc[self.table["vital"], self.category].astype(str).tolist()

    def summary(self) -> str:
        t = self.table
        if not len(t) or self.total == 0:
            return f"Pareto of {self.category}: nothing to count."
        vital = t[t["vital"]]
        share = vital["percent"].sum()
        items = ", ".join(f"{r[self.category]} ({r['percent']:.1f}%)" for _, r in vital.iterrows())
        n_cat = int((t[self.category] != OTHER).sum())
        return (
            f"{len(vital)} of {n_cat} {self.category} values make {share:.1f}% of the "
            f"{_num(self.total)} {self.count}: {items}. Work on these first (vital few at "
            f"{self.vital_threshold * 100:g}%)."
        )

    def to_dict(self) -> dict:
        return jsonable({
            "kind": "pareto",
            "title": self.title,
            "category": self.category,
            "count": self.count,
            "total": self.total,
            "vital_threshold": self.vital_threshold,
            "vital_few": self.vital_few,
            "table": self.table,
            "summary": self.summary(),
        })


def _num(x: float) -> str:
    return f"{int(x):,}" if float(x).is_integer() else f"{x:,.4g}"


def pareto(
    counts: pd.DataFrame,
    category: str,
    count: str | None = "count",
    vital: float = 0.8,
    other_after: float | None = 0.95,
    title: str = "",
) -> ParetoResult:
    """Pareto table of ``counts[count]`` summed by ``counts[category]`` (``count=None``:
    the number of rows per category, for raw records).

    Ties keep the category order ascending, so the table is deterministic.
    Reference: Montgomery, *Introduction to Statistical Quality Control*, 7th ed., §5.4;
    R ``qcc::pareto.chart`` (same percent and cumulative percent columns).
    """
    if category not in counts.columns:
        raise InputError(f"column {category!r} not found; columns are: {', '.join(map(str, counts.columns))}")
    if count is None:
        counts, count = counts.assign(count=1), "count"
    if count not in counts.columns:
        raise InputError(f"count column {count!r} not found; columns are: {', '.join(map(str, counts.columns))}")
    if not 0 < vital <= 1:
        raise InputError(f"vital share {vital} must be in (0, 1], e.g. 0.8")
    if other_after is not None and not vital <= other_after <= 1:
        raise InputError(f"other_after {other_after} must be between the vital share {vital} and 1")
    if counts.empty:
        raise InputError("nothing to count: no rows match; check the filters and the date window")
    values = pd.to_numeric(counts[count], errors="coerce")
    if values.isna().any():
        raise InputError(f"count column {count!r} has missing or non-numeric values")
    if (values < 0).any():
        raise InputError(f"count column {count!r} has negative values; counts must be >= 0")
    cats = counts[category].astype("object").where(counts[category].notna(), "(missing)").astype(str)
    agg = values.groupby(cats, sort=True).sum()
    order = np.lexsort((agg.index.to_numpy(), -agg.to_numpy()))
    agg = agg.iloc[order]
    total = float(agg.sum())
    cum = agg.cumsum()
    frac_before = (cum - agg) / total if total > 0 else cum * 0
    if other_after is not None and total > 0:
        tail = frac_before.to_numpy() >= other_after - 1e-12
        if tail.sum() >= 2:
            rest = float(agg[tail].sum())
            agg = pd.concat([agg[~tail], pd.Series([rest], index=[OTHER])])
            cum = agg.cumsum()
            frac_before = (cum - agg) / total
    table = pd.DataFrame({
        category: agg.index.astype(str),
        count: agg.to_numpy(dtype=float),
        "percent": 100 * agg.to_numpy(dtype=float) / total if total > 0 else 0.0,
        "cumulative_count": cum.to_numpy(dtype=float),
        "cumulative_percent": 100 * cum.to_numpy(dtype=float) / total if total > 0 else 0.0,
    })
    is_other = (table[category] == OTHER).to_numpy() & (other_after is not None)
    table["vital"] = (frac_before.to_numpy() < vital - 1e-12) & ~is_other & (table[count] > 0).to_numpy()
    if total > 0 and np.all(np.mod(table[count], 1) == 0):
        table[count] = table[count].astype("int64")
        table["cumulative_count"] = table["cumulative_count"].astype("int64")
    return ParetoResult(table=table, category=category, count=count, total=total,
                        vital_threshold=vital, title=title)
