"""Catalog metrics compiled to Ibis expressions: one definition, the same query on every engine.

:func:`metric_expr` builds the grouped aggregate of a metric — ``period``, the ``by``
dimensions, ``numerator`` and ``denominator`` — from the engine's source tables. Filters and
``by`` dimensions that the denominator's source holds apply to it too; the others (a contact
reason, a team) split only the numerator, so for a per-order metric ``by=["reason"]`` gives
each reason's contacts per order of the slice, and the reasons add up to the total.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence

import ibis
from sqlglot import exp

from sixsigma.catalog.model import Aggregate, Catalog, Metric, Source

GRAIN_UNITS = {"day": "D", "week": "W", "month": "M", "quarter": "Q", "year": "Y"}

TableFor = Callable[[Source], "ibis.Table"]


def to_ibis(tree, t) -> ibis.Value:
    """A validated catalog expression tree (:mod:`sixsigma.catalog.expr`) over table ``t``."""
    if isinstance(tree, exp.Paren):
        return to_ibis(tree.this, t)
    if isinstance(tree, exp.Column):
        return t[tree.name]
    if isinstance(tree, exp.Literal):
        if tree.is_string:
            return ibis.literal(tree.this)
        text = tree.this
        return ibis.literal(float(text) if any(c in text for c in ".eE") else int(text))
    if isinstance(tree, exp.Boolean):
        return ibis.literal(bool(tree.this))
    if isinstance(tree, exp.Null):
        return ibis.null()
    if isinstance(tree, exp.Neg):
        return -to_ibis(tree.this, t)
    if isinstance(tree, exp.Not):
        inner = tree.this
        if isinstance(inner, exp.Is):
            return to_ibis(inner.this, t).notnull()
        return ~to_ibis(inner, t)
    if isinstance(tree, exp.Is):
        return to_ibis(tree.this, t).isnull()
    if isinstance(tree, exp.In):
        return to_ibis(tree.this, t).isin([to_ibis(e, t) for e in tree.expressions])
    if isinstance(tree, exp.Between):
        return to_ibis(tree.this, t).between(to_ibis(tree.args["low"], t), to_ibis(tree.args["high"], t))
    if isinstance(tree, exp.Case):
        cases = [(to_ibis(i.this, t), to_ibis(i.args["true"], t)) for i in tree.args["ifs"]]
        default = tree.args.get("default")
        return ibis.cases(*cases, else_=to_ibis(default, t) if default is not None else None)
    ops = {
        exp.And: lambda a, b: a & b, exp.Or: lambda a, b: a | b,
        exp.EQ: lambda a, b: a == b, exp.NEQ: lambda a, b: a != b,
        exp.GT: lambda a, b: a > b, exp.GTE: lambda a, b: a >= b,
        exp.LT: lambda a, b: a < b, exp.LTE: lambda a, b: a <= b,
        exp.Add: lambda a, b: a + b, exp.Sub: lambda a, b: a - b,
        exp.Mul: lambda a, b: a * b, exp.Div: lambda a, b: a / b,
    }
    for cls, fn in ops.items():
        if isinstance(tree, cls):
            return fn(to_ibis(tree.this, t), to_ibis(tree.expression, t))
    raise TypeError(f"unsupported expression node {type(tree).__name__}")  # the parser refuses these


def filtered(t, source: Source, filters: Mapping[str, Sequence[str]], catalog: Catalog,
              start: dt.date | None, end: dt.date | None):
    """Rows of ``t`` in [start, end) matching the filters on the dimensions ``source`` holds."""
    preds = []
    for dim, vals in filters.items():
        if dim in source.dims and vals:
            preds.append(t[catalog.dimensions[dim].column].isin(list(vals)))
    time = t[source.time]
    if start is not None:
        preds.append(time >= _bound(start, source, t))
    if end is not None:
        preds.append(time < _bound(end, source, t))
    return t.filter(*preds) if preds else t


def _bound(d: dt.date, source: Source, t):
    if source.columns[source.time].type == "timestamp":
        return ibis.timestamp(dt.datetime(d.year, d.month, d.day))
    return ibis.date(d)


def period(t, source: Source, grain: str):
    """The period start (a date) of each row of ``t`` at ``grain``."""
    col = t[source.time]
    if source.columns[source.time].type == "timestamp":
        col = col.date()
    if grain == "day":
        return col
    return col.truncate(GRAIN_UNITS[grain])


def _agg(a: Aggregate, t, passed: str | None = None):
    """``count``/``sum`` of ``a`` over ``t``; no FILTER when ``t`` holds only rows meeting its
    condition already (``passed``: the text of the condition ``t`` was filtered by)."""
    where = to_ibis(a.where.tree, t) if a.where is not None and a.where.text != passed else None
    if a.op == "count":
        return t.count(where=where)
    value = to_ibis(a.value.tree, t)
    if value.type().is_boolean():
        value = value.cast("int64")
    return value.sum(where=where)


def metric_expr(catalog: Catalog, metric: Metric, table_for: TableFor, grain: str,
                by: Sequence[str], filters: Mapping[str, Sequence[str]],
                start: dt.date | None, end: dt.date | None):
    """The grouped Ibis expression: period, *by, numerator, denominator (see the module doc)."""
    nsrc = catalog.sources[metric.numerator.source]
    dsrc = catalog.sources[metric.denominator.source]
    cols = {d: catalog.dimensions[d].column for d in by}
    t = filtered(table_for(nsrc), nsrc, filters, catalog, start, end)
    window = t
    conds = [a.where for a in (metric.numerator, metric.denominator)
             if a.source == nsrc.name]
    passed = None
    if conds and all(c is not None for c in conds):  # rows no aggregate counts are skipped early
        texts = list(dict.fromkeys(c.text for c in conds))
        pre = to_ibis(conds[0].tree, t)
        for c in conds[1:]:
            if c.text != conds[0].text:
                pre = pre | to_ibis(c.tree, t)
        t = t.filter(pre)
        if len(texts) == 1:  # one condition: a plain WHERE, no count(*) FILTER after it
            passed = texts[0]
    keys = {"period": period(t, nsrc, grain), **{d: t[c] for d, c in cols.items()}}
    if not metric.per_order:
        out = t.group_by(**keys).agg(numerator=_agg(metric.numerator, t, passed),
                                     denominator=_agg(metric.denominator, t, passed))
        return out.filter(out.denominator > 0)
    num = t.group_by(**keys).agg(numerator=_agg(metric.numerator, t, passed))
    d = filtered(table_for(dsrc), dsrc, filters, catalog, start, end)
    shared = [x for x in by if x in dsrc.dims]
    own = [x for x in by if x not in dsrc.dims]
    den = d.group_by(period=period(d, dsrc, grain),
                     **{x: d[catalog.dimensions[x].column] for x in shared}
                     ).agg(denominator=_agg(metric.denominator, d))
    grid = den
    if own:  # every level of a numerator-only dimension in the slice (a level with no counted
        # row shows as 0), in every period of the denominator
        levels = window.select(**{x: window[cols[x]] for x in own}).distinct()
        grid = den.cross_join(levels)
    join_keys = ["period", *by]
    j = grid.left_join(num, join_keys)
    out = j.select(*[grid[k] for k in join_keys],
                   numerator=j.numerator.fill_null(0), denominator=grid.denominator)
    return out.filter(out.denominator > 0)


def values_expr(catalog: Catalog, source: Source, table_for: TableFor, value, where,
                filters, start, end, limit: int | None):
    """Per-row values of an expression (NULLs dropped), in time order."""
    t = filtered(table_for(source), source, filters, catalog, start, end)
    v = to_ibis(value.tree, t)
    preds = [v.notnull()]
    if where is not None:
        preds.append(to_ibis(where.tree, t))
    t = t.filter(*preds).order_by(t[source.time])
    out = t.select(value=v.cast("float64"))
    return out.limit(limit) if limit else out


def counts_expr(catalog: Catalog, source: Source, table_for: TableFor, by: Sequence[str],
                filters, start, end):
    """Row counts per combination of ``by`` dimensions, largest first."""
    t = filtered(table_for(source), source, filters, catalog, start, end)
    g = t.group_by(**{d: t[catalog.dimensions[d].column] for d in by}).agg(count=t.count())
    return g.order_by([ibis.desc("count"), *by])


def rollup_expr(catalog: Catalog, source: Source, aggregates: Mapping[str, Aggregate],
                table_for: TableFor, by: Sequence[str], filters: Mapping[str, Sequence[str]],
                start: dt.date | None, end: dt.date | None):
    """One grouped daily scan of ``source`` for several metrics at once: ``period`` (the day),
    the ``by`` dimensions, and one column per aggregate (``count``/``sum`` with its own
    ``where``, as :func:`metric_expr` computes it). No row pre-filter, so every day and ``by``
    level of the window has a row (the levels a per-order metric's grid needs)."""
    t = filtered(table_for(source), source, filters, catalog, start, end)
    conds: dict[str, tuple[str, object]] = {}  # condition text -> (column, tree)
    for a in aggregates.values():
        if a.where is not None and a.where.text not in conds:
            conds[a.where.text] = (f"_w{len(conds)}", a.where.tree)
    # each distinct condition projected once below the aggregate: DuckDB evaluates the terms
    # they share (handled_by = 'agent' AND NOT outbound ...) once per row, not once per FILTER
    t = t.select(*t.columns, **{c: to_ibis(tree, t) for c, tree in conds.values()})
    aggs = {}
    for name, a in aggregates.items():
        where = t[conds[a.where.text][0]] if a.where is not None else None
        if a.op == "count":
            aggs[name] = t.count(where=where)
        else:
            value = to_ibis(a.value.tree, t)
            aggs[name] = (value.cast("int64") if value.type().is_boolean() else value).sum(where=where)
    keys = {"period": period(t, source, "day"), **{d: t[catalog.dimensions[d].column] for d in by}}
    return t.group_by(**keys).agg(**aggs)
