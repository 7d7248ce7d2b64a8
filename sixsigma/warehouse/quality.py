"""Data-quality and freshness for reports: what the catalog's sources hold, how recent they
are, and what in them cannot be right.

Every check is an Ibis expression over a ``[start, end)`` window, built from the catalog
(so it runs on either engine), and returns counts (plus a few examples), never raw rows:

- *missing days*: calendar days with no rows in a source; and, for each metric whose
  denominator comes from another source, days of a ``slice_by`` value (a business line) with
  numerator rows but no denominator rows — a rate per order is undefined there — and the
  reverse;
- *duplicate keys*: key values that occur more than once in a source (Parquet files, tables
  loaded outside an import); a table whose key DuckDB enforces is reported as enforced at
  import, without a scan;
- *impossible values*: the catalog's ``checks`` (conditions that must never hold).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from sixsigma.warehouse.compile import filtered, period, to_ibis
from sixsigma.warehouse.store import Warehouse

COLUMNS = ["kind", "check", "table", "found", "examples", "rule"]


def _main(wh: Warehouse):
    return next(iter(wh.catalog.sources.values()))


def freshness(wh: Warehouse) -> dict:
    """First and last time and rows of every source; ``first``/``last``/``rows`` of the main one."""
    out = {}
    for src in wh.catalog.sources.values():
        t = wh.engine.table(src)
        row = wh._run(t.aggregate(first=t[src.time].min(), last=t[src.time].max(), rows=t.count())).iloc[0]
        out[src.name] = {"label": src.label,
                         "first": None if pd.isna(row["first"]) else pd.Timestamp(row["first"]),
                         "last": None if pd.isna(row["last"]) else pd.Timestamp(row["last"]),
                         "rows": int(row["rows"])}
    main = out[_main(wh).name]
    return {"source": _main(wh).name, "label": main["label"], "first": main["first"],
            "last": main["last"], "rows": main["rows"], "sources": out}


def volumes(wh: Warehouse, start, end) -> dict:
    """Each source's volume (its ``volume`` summed, else its rows) and days with data in
    [start, end); ``days`` is the window's length."""
    s, e = _date(start), _date(end)
    out = {}
    for src in wh.catalog.sources.values():
        t = filtered(wh.engine.table(src), src, {}, wh.catalog, s, e)
        vol = to_ibis(src.volume.tree, t).sum() if src.volume is not None else t.count()
        day = period(t, src, "day")
        row = wh._run(t.aggregate(volume=vol, days=day.nunique())).iloc[0]
        out[src.name] = {"label": src.label, "volume": 0 if pd.isna(row["volume"]) else int(row["volume"]),
                         "days": int(row["days"])}
    return {"days": (e - s).days, "sources": out}


def improvement_rounds(wh: Warehouse) -> pd.DataFrame:
    """The warehouse's ``improvement_rounds`` table (round, date, change, owner); empty if absent."""
    cols = ["round", "date", "change", "owner"]
    exists = wh.con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'improvement_rounds'"
    ).fetchall()[0][0]
    if not exists:
        return pd.DataFrame(columns=cols)
    df = wh.con.execute(f"SELECT {', '.join(cols)} FROM improvement_rounds ORDER BY date, round").df()
    df["date"] = pd.to_datetime(df["date"])
    return df


def quality_checks(wh: Warehouse, start, end, examples: int = 5) -> pd.DataFrame:
    """Every check over [start, end): kind, check, table, found (count), examples, rule."""
    s, e = _date(start), _date(end)
    rows = _missing_days(wh, s, e, examples) + _slice_days(wh, s, e, examples)
    rows += _duplicates(wh, s, e, examples) + _impossible(wh, s, e, examples)
    return pd.DataFrame(rows, columns=COLUMNS)


def _days(wh, src, s, e, by=()) -> pd.DataFrame:
    t = filtered(wh.engine.table(src), src, {}, wh.catalog, s, e)
    cols = {d: t[wh.catalog.dimensions[d].column] for d in by}
    return wh._run(t.group_by(day=period(t, src, "day"), **cols).agg(n=t.count()))


def _missing_days(wh, s, e, examples) -> list[tuple]:
    calendar = pd.date_range(s, e - dt.timedelta(days=1), freq="D")
    out = []
    for src in wh.catalog.sources.values():
        have = set(pd.to_datetime(_days(wh, src, s, e)["day"]))
        missing = [d.date().isoformat() for d in calendar if d not in have]
        name = src.label.lower()
        out.append(("missing days", f"days with no {name}", src.name, len(missing),
                    ", ".join(missing[:examples]), f"every calendar day of the window has {name}"))
    return out


def _slice_days(wh, s, e, examples) -> list[tuple]:
    """Slice-days with rows on one side of a per-order metric but not on the other."""
    cat = wh.catalog
    dim = cat.slice_by
    pairs = []
    for m in cat.metrics.values():
        pair = (m.numerator.source, m.denominator.source)
        if m.per_order and pair not in pairs:
            pairs.append(pair)
    out = []
    for a, b in pairs:
        sa, sb = cat.sources[a], cat.sources[b]
        by = (dim,) if dim is not None and dim in sa.dims and dim in sb.dims else ()
        da, db = _days(wh, sa, s, e, by), _days(wh, sb, s, e, by)
        keys = ["day", *by]
        both = da.merge(db, on=keys, how="outer", suffixes=("_a", "_b")).fillna({"n_a": 0, "n_b": 0})
        both = both.sort_values(keys)
        seen = set(da[dim]) if by else None
        where = f"{cat.dimensions[dim].label.lower()} days" if by else "days"
        for first, second, n1, n2 in ((sa, sb, "n_a", "n_b"), (sb, sa, "n_b", "n_a")):
            hit = both[(both[n1] > 0) & (both[n2] == 0)]
            if by and first is sb:  # slices the numerator never has are not a gap
                hit = hit[hit[dim].isin(seen)]
            items = [" ".join([pd.Timestamp(r["day"]).date().isoformat(), *(str(r[d]) for d in by)])
                     for _, r in hit.head(examples).iterrows()]
            label_1, label_2 = first.label.lower(), second.label.lower()
            rule = (f"a {cat.dimensions[dim].label.lower() if by else 'day'} with {label_1} that day "
                    f"has {label_2} that day")
            out.append(("missing days", f"{where} with {label_1} but no {label_2}", second.name,
                        len(hit), ", ".join(items), rule))
    return out


def _duplicates(wh, s, e, examples) -> list[tuple]:
    """Repeated keys per source; a table whose key DuckDB enforces (the unique index every
    import creates) cannot hold one, so it is reported as enforced and not re-grouped."""
    out = []
    enforced = _enforced(wh)
    for src in wh.catalog.sources.values():
        if not src.key:
            continue
        check, rule = f"{src.label.lower()} with a repeated key", f"{' + '.join(src.key)} is unique"
        if (src.table, frozenset(src.key)) in enforced:
            out.append(("duplicate keys", check, src.name, 0, "enforced at import (unique index)", rule))
            continue
        t = filtered(wh.engine.table(src), src, {}, wh.catalog, s, e)
        g = t.group_by(list(src.key)).agg(n=t.count())
        g = g.filter(g.n > 1)
        total = int(wh._run(g.count()))
        ex = wh._run(g.order_by([g.n.desc(), *src.key]).limit(examples)) if total else pd.DataFrame()
        items = [" ".join(str(pd.Timestamp(v).date()) if isinstance(v, (pd.Timestamp, dt.date)) else str(v)
                          for v in r[list(src.key)]) + f" (x{int(r['n'])})" for _, r in ex.iterrows()]
        out.append(("duplicate keys", check, src.name, total, ", ".join(items), rule))
    return out


def _enforced(wh) -> set:
    """(table, key columns) DuckDB enforces in the warehouse file; none on Spark or Parquet."""
    if wh.engine_name != "duckdb" or wh.path is None:
        return set()
    from sixsigma.warehouse.schema import enforced_keys

    return enforced_keys(wh.con)


def _impossible(wh, s, e, examples) -> list[tuple]:
    out = []
    for c in wh.catalog.checks:
        src = wh.catalog.sources[c.source]
        t = filtered(wh.engine.table(src), src, {}, wh.catalog, s, e)
        bad = t.filter(to_ibis(c.fails.tree, t).fill_null(False))
        n = int(wh._run(bad.count()))
        ex = ""
        if n and src.key:
            df = wh._run(bad.order_by(bad[src.time]).select(*src.key).limit(examples))
            ex = ", ".join(" ".join(str(v) for v in r) for r in df.itertuples(index=False))
        out.append(("impossible values", c.name, src.name, n, ex, c.rule))
    return out


def _date(v) -> dt.date:
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    return dt.date.fromisoformat(str(v))
