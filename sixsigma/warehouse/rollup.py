"""Several metrics from one grouped daily scan per source (:meth:`Warehouse.daily_rollup`).

The engine computes, per day and ``by`` level, every distinct numerator and denominator
aggregate of the metrics in one grouped scan of each source (:func:`~sixsigma.warehouse.
compile.rollup_expr`): the numerator source once, each other denominator source (the daily
orders) once. Coarser grains are sums of days in pandas — every catalog aggregate is a count
or a sum, so sum over a month = sum over its days — and a metric's frame is then assembled
exactly as :func:`~sixsigma.warehouse.compile.metric_expr` joins and filters it, at the
target grain: numerator and denominator summed to the period first, then joined (per-order
metrics: the denominator's periods x the levels of numerator-only dims, missing numerators 0,
SQL's rule that a NULL key matches nothing), then ``denominator > 0``. Partial periods at the
window's ends are marked by the warehouse's own ``_mark_partial``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import pandas as pd

from sixsigma.catalog.model import Aggregate, Metric

_TRUNC = {"month": "datetime64[M]", "year": "datetime64[Y]"}


def _signature(a: Aggregate) -> tuple:
    return (a.source, a.op, None if a.value is None else a.value.text,
            None if a.where is None else a.where.text)


def truncate(days: pd.Series, grain: str) -> pd.Series:
    """Period starts of ``days`` at ``grain`` (weeks start on Monday, as DuckDB's date_trunc)."""
    if grain == "day":
        return days
    v = days.to_numpy()
    unit = v.dtype
    if grain == "week":
        d = v.astype("datetime64[D]")
        monday = d - ((d.astype("int64") + 3) % 7).astype("timedelta64[D]")  # 1970-01-01 was a Thursday
        out = monday
    elif grain == "quarter":
        m = v.astype("datetime64[M]")
        out = m - (m.astype("int64") % 3).astype("timedelta64[M]")
    else:
        out = v.astype(_TRUNC[grain])
    return pd.Series(out.astype(unit), index=days.index, name=days.name)


class Rollup:
    """Daily sums of several metrics' numerators and denominators (see the module doc).

    ``frames(grain, start, end)`` gives each metric's frame in the shape
    :meth:`Warehouse.metric` returns (period, *by, numerator, denominator, value, days),
    for any grain and any sub-window of the rollup's ``[start, end)``.
    """

    def __init__(self, wh, metrics: Sequence[Metric], by: Sequence[str], scans: dict,
                 columns: dict[str, tuple], start: dt.date | None, end: dt.date | None):
        self.wh = wh
        self.metrics = list(metrics)
        self.by = list(by)
        self.scans = scans  # (source, dims) -> daily frame: period, *dims, one column per aggregate
        self.columns = columns  # metric -> ((num scan, col), (den scan, col))
        self.start, self.end = start, end

    def frames(self, grain: str = "day", start: str | dt.date | None = None,
               end: str | dt.date | None = None, keep_partial: bool = False) -> dict[str, pd.DataFrame]:
        """{metric name: frame} at ``grain`` over ``[start, end)`` (default: the rollup's window)."""
        from sixsigma.errors import InputError, unknown
        from sixsigma.warehouse.store import GRAINS, _to_date

        if grain not in GRAINS:
            raise unknown("grain", grain, GRAINS)
        lo = _to_date(start, "start") if start is not None else self.start
        hi = _to_date(end, "end") if end is not None else self.end
        if (self.start is not None and (lo is None or lo < self.start)) or \
                (self.end is not None and (hi is None or hi > self.end)):
            raise InputError(f"the window [{lo}, {hi}) is not inside the rollup's [{self.start}, {self.end}); "
                             "roll up a wider window")
        if lo is not None and hi is not None and hi <= lo:
            raise InputError(f"end date {hi} must be after start date {lo} (the end is exclusive)")
        grouped = {key: self._grouped(df, key[1], grain, lo, hi) for key, df in self.scans.items()}
        out = {}
        for m in self.metrics:
            (nkey, ncol), (dkey, dcol) = self.columns[m.name]
            df = self._assemble(m, grouped[nkey], ncol, grouped[dkey], dcol, dkey[1])
            out[m.name] = self.wh._mark_partial(df, grain, lo, hi, m.numerator.source, keep_partial)
        return out

    @staticmethod
    def _grouped(df: pd.DataFrame, dims: tuple, grain: str, lo, hi) -> pd.DataFrame:
        """The scan's rows inside [lo, hi), summed to ``grain`` (a sum of no values stays NULL)."""
        keep = np.ones(len(df), dtype=bool)
        if lo is not None:
            keep &= (df["period"] >= pd.Timestamp(lo)).to_numpy()
        if hi is not None:
            keep &= (df["period"] < pd.Timestamp(hi)).to_numpy()
        df = df.loc[keep]
        if grain == "day":
            return df.reset_index(drop=True)
        df = df.assign(period=truncate(df["period"], grain))
        return df.groupby(["period", *dims], dropna=False, sort=False, as_index=False).sum(min_count=1)

    def _assemble(self, m: Metric, num: pd.DataFrame, ncol: str, den: pd.DataFrame, dcol: str,
                  shared: tuple) -> pd.DataFrame:
        by = self.by
        if not m.per_order:
            df = num[["period", *by]].assign(numerator=num[ncol], denominator=num[dcol])
        else:
            grid = den[["period", *shared]].assign(denominator=den[dcol])
            own = [x for x in by if x not in shared]
            if own:  # every level of a numerator-only dim in the window, in every denominator period
                levels = num[own].drop_duplicates()
                grid = grid.merge(levels, how="cross")
            keys = ["period", *by]
            n = num[keys].assign(numerator=num[ncol])
            n = n[n[keys].notna().all(axis=1)]  # SQL: a NULL key joins nothing
            df = grid.merge(n, on=keys, how="left")
            df["numerator"] = df["numerator"].fillna(0)
            df = df[keys + ["numerator", "denominator"]]
        df = df[(df["denominator"] > 0).to_numpy()]
        df = df.sort_values(["period", *by], kind="stable")
        df["numerator"] = df["numerator"].astype(float)
        df["denominator"] = df["denominator"].astype(float)
        df["value"] = m.scale * df["numerator"] / df["denominator"]
        return df[["period", *by, "numerator", "denominator", "value"]].reset_index(drop=True)


def build_rollup(wh, metrics, by, filters, start, end) -> Rollup:
    """Run the scans of a rollup (see :meth:`Warehouse.daily_rollup`)."""
    from sixsigma.errors import InputError
    from sixsigma.warehouse.compile import rollup_expr

    cat = wh.catalog
    ms = [cat.metric(x) for x in metrics]
    if not ms:
        raise InputError("give at least one metric to roll up")
    if len({m.name for m in ms}) != len(ms):
        raise InputError(f"a metric is listed twice: {[m.name for m in ms]}")
    by = list(by or [])
    if len(set(by)) != len(by):
        raise InputError(f"--by lists a dimension twice: {by}")
    flt = lo = hi = None
    for m in ms:
        for dim in by:
            wh._check_dim(dim, m.numerator.source)
        flt, lo, hi = wh._window(filters, start, end, m.numerator.source)
    plans: dict[tuple, dict] = {}  # (source, dims) -> {signature: column}
    columns = {}

    def column(source: str, dims: tuple, a: Aggregate) -> tuple:
        key = (source, dims)
        cols = plans.setdefault(key, {})
        sig = _signature(a)
        if sig not in cols:
            cols[sig] = (f"a{len(cols)}", a)
        return key, cols[sig][0]

    for m in ms:
        nkey = (m.numerator.source, tuple(by))
        dsrc = cat.sources[m.denominator.source]
        dims = tuple(by) if not m.per_order else tuple(x for x in by if x in dsrc.dims)
        columns[m.name] = (column(nkey[0], nkey[1], m.numerator), column(dsrc.name, dims, m.denominator))
    scans = {}
    for (source, dims), cols in plans.items():
        src = cat.sources[source]
        aggs = dict(cols.values())
        df = wh._run(rollup_expr(cat, src, aggs, wh.engine.table, dims, flt, lo, hi))
        df["period"] = pd.to_datetime(df["period"])
        scans[(source, dims)] = df[["period", *dims, *aggs]]
    return Rollup(wh, ms, by, scans, columns, lo, hi)
