"""Data-quality and freshness queries for reports: what the warehouse holds, how recent it is,
and what in it cannot be right.

Every check runs in DuckDB over a ``[start, end)`` window and returns counts (plus a few
examples), never raw rows:

- *missing days*: calendar days with no contacts, with no orders, and (per business line)
  days with contacts but no orders or orders but no contacts (a rate per order is undefined
  or suspicious there);
- *duplicate keys*: contact ids, and (date, business line, member tier) order rows, that
  occur more than once;
- *impossible values*: negative waits, handle times or orders; handle time on an abandoned
  contact; an abandoned contact that was also resolved or transferred; survey scores out of
  range; agent contacts without an agent or team, bot contacts with one.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from sixsigma.warehouse.store import Warehouse

# (name, SQL condition on contacts that must never hold, what it means)
IMPOSSIBLE_CONTACTS = (
    ("negative wait", "wait_s < 0", "wait_s below zero"),
    ("negative handle time", "handle_s < 0", "handle_s below zero"),
    ("handle time on an abandoned contact", "abandoned AND handle_s > 0",
     "abandoned contacts have no talk or wrap time"),
    ("abandoned yet resolved", "abandoned AND resolved", "a contact nobody answered cannot be resolved"),
    ("abandoned yet transferred", "abandoned AND transferred", "a contact nobody answered cannot be transferred"),
    ("CSAT out of range", "csat IS NOT NULL AND (csat < 1 OR csat > 5)", "CSAT scores are 1-5"),
    ("NPS out of range", "nps IS NOT NULL AND (nps < 0 OR nps > 10)", "NPS answers are 0-10"),
    ("agent contact without agent", "handled_by = 'agent' AND (agent_id IS NULL OR team IS NULL)",
     "every agent contact names its agent and team"),
    ("bot contact with an agent", "handled_by = 'bot' AND agent_id IS NOT NULL",
     "bot contacts have no agent"),
)
COLUMNS = ["kind", "check", "table", "found", "examples", "rule"]


def freshness(wh: Warehouse) -> dict:
    """Latest contact time and order date, and the span the contacts cover."""
    row = wh.con.execute(
        "SELECT min(started_at), max(started_at), (SELECT max(date) FROM orders), "
        "(SELECT count(*) FROM contacts), (SELECT count(*) FROM orders) FROM contacts"
    ).fetchone()
    first, last, last_order, n_contacts, n_orders = row
    return {"first_contact": first, "last_contact": last, "last_order_date": last_order,
            "contacts": int(n_contacts), "order_rows": int(n_orders)}


def volumes(wh: Warehouse, start, end) -> dict:
    """Contacts (all, inbound bot / agent, outbound), orders and days with data in [start, end)."""
    params = [_date(start), _date(end)]
    c = wh.con.execute(
        "SELECT count(*), count(*) FILTER (WHERE handled_by = 'bot' AND NOT outbound), "
        "count(*) FILTER (WHERE handled_by = 'agent' AND NOT outbound), count(*) FILTER (WHERE outbound), "
        "count(DISTINCT started_at::DATE) FROM contacts WHERE started_at >= ? AND started_at < ?",
        params,
    ).fetchone()
    o = wh.con.execute(
        "SELECT coalesce(sum(orders), 0), count(DISTINCT date) FROM orders WHERE date >= ? AND date < ?", params
    ).fetchone()
    return {"contacts": int(c[0]), "bot": int(c[1]), "agent": int(c[2]), "outbound": int(c[3]),
            "contact_days": int(c[4]), "orders": int(o[0]), "order_days": int(o[1]),
            "days": (_date(end) - _date(start)).days}


def improvement_rounds(wh: Warehouse) -> pd.DataFrame:
    """The warehouse's ``improvement_rounds`` table (round, date, change, owner); empty if absent."""
    cols = ["round", "date", "change", "owner"]
    exists = wh.con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'improvement_rounds'"
    ).fetchone()[0]
    if not exists:
        return pd.DataFrame(columns=cols)
    df = wh.con.execute(f"SELECT {', '.join(cols)} FROM improvement_rounds ORDER BY date, round").df()
    df["date"] = pd.to_datetime(df["date"])
    return df


def quality_checks(wh: Warehouse, start, end, examples: int = 5) -> pd.DataFrame:
    """Every check over [start, end): kind, check, table, found (count), examples, rule."""
    s, e = _date(start), _date(end)
    rows = []
    rows += _missing_days(wh, s, e, examples)
    rows += _duplicates(wh, s, e, examples)
    counts = ", ".join(f"count(*) FILTER (WHERE {cond})" for _, cond, _ in IMPOSSIBLE_CONTACTS)
    found = wh.con.execute(
        f"SELECT {counts} FROM contacts WHERE started_at >= ? AND started_at < ?", [s, e]
    ).fetchone()
    for (name, cond, rule), n in zip(IMPOSSIBLE_CONTACTS, found, strict=True):
        ex = ""
        if n:
            ids = wh.con.execute(
                f"SELECT contact_id FROM contacts WHERE started_at >= ? AND started_at < ? AND ({cond}) "
                f"ORDER BY started_at LIMIT {int(examples)}", [s, e]
            ).fetchall()
            ex = ", ".join(r[0] for r in ids)
        rows.append(("impossible values", name, "contacts", int(n), ex, rule))
    neg = wh.con.execute(
        "SELECT count(*) FROM orders WHERE date >= ? AND date < ? AND orders < 0", [s, e]
    ).fetchone()[0]
    rows.append(("impossible values", "negative orders", "orders", int(neg), "", "order counts are >= 0"))
    return pd.DataFrame(rows, columns=COLUMNS)


def _missing_days(wh: Warehouse, s: dt.date, e: dt.date, examples: int) -> list[tuple]:
    sql = """
    WITH cal AS (SELECT range::DATE AS day FROM range(?::DATE, ?::DATE, INTERVAL 1 DAY)),
    c AS (SELECT started_at::DATE AS day, business_line, count(*) AS n FROM contacts
          WHERE started_at >= ? AND started_at < ? GROUP BY ALL),
    o AS (SELECT date AS day, business_line, sum(orders) AS n FROM orders
          WHERE date >= ? AND date < ? GROUP BY ALL),
    cd AS (SELECT DISTINCT day FROM c), od AS (SELECT DISTINCT day FROM o),
    both_ AS (SELECT coalesce(c.day, o.day) AS day, coalesce(c.business_line, o.business_line) AS line,
                     coalesce(c.n, 0) AS contacts, coalesce(o.n, 0) AS orders
              FROM c FULL OUTER JOIN o ON c.day = o.day AND c.business_line = o.business_line)
    SELECT 'no contacts' AS what, day::VARCHAR AS item FROM cal WHERE day NOT IN (SELECT day FROM cd)
    UNION ALL SELECT 'no orders', day::VARCHAR FROM cal WHERE day NOT IN (SELECT day FROM od)
    UNION ALL SELECT 'contacts but no orders', day::VARCHAR || ' ' || line FROM both_
              WHERE contacts > 0 AND orders = 0
    UNION ALL SELECT 'orders but no contacts', day::VARCHAR || ' ' || line FROM both_
              WHERE orders > 0 AND contacts = 0 AND line IN (SELECT business_line FROM c)
    ORDER BY 1, 2
    """
    df = wh.con.execute(sql, [s, e, s, e, s, e]).df()
    out = []
    spec = (
        ("days with no contacts", "contacts", "no contacts",
         "every calendar day of the window has contacts"),
        ("days with no orders", "orders", "no orders", "every calendar day of the window has orders"),
        ("line-days with contacts but no orders", "orders", "contacts but no orders",
         "a business line with contacts that day has orders that day (else contacts per order is undefined)"),
        ("line-days with orders but no contacts", "contacts", "orders but no contacts",
         "a business line with orders that day has contacts that day"),
    )
    for check, table, what, rule in spec:
        items = df.loc[df["what"] == what, "item"].tolist()
        out.append(("missing days", check, table, len(items), ", ".join(items[:examples]), rule))
    return out


def _duplicates(wh: Warehouse, s: dt.date, e: dt.date, examples: int) -> list[tuple]:
    dup_c = wh.con.execute(
        "SELECT contact_id, count(*) AS n FROM contacts WHERE started_at >= ? AND started_at < ? "
        "GROUP BY contact_id HAVING count(*) > 1 ORDER BY n DESC, contact_id", [s, e]
    ).fetchall()
    dup_o = wh.con.execute(
        "SELECT date::VARCHAR || ' ' || business_line || ' ' || member_tier, count(*) AS n FROM orders "
        "WHERE date >= ? AND date < ? GROUP BY date, business_line, member_tier HAVING count(*) > 1 "
        "ORDER BY 1", [s, e]
    ).fetchall()
    return [
        ("duplicate keys", "contact ids used more than once", "contacts", len(dup_c),
         ", ".join(f"{k} (x{n})" for k, n in dup_c[:examples]), "contact_id is unique"),
        ("duplicate keys", "order rows repeated", "orders", len(dup_o),
         ", ".join(f"{k} (x{n})" for k, n in dup_o[:examples]),
         "one order row per date, business line and member tier"),
    ]


def _date(v) -> dt.date:
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    return dt.date.fromisoformat(str(v))
