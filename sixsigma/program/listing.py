"""The portfolio as ``project list`` shows it: the rows of the index, counts by phase and belt,
and one plain summary (the same words as :class:`sixsigma.dmaic.portfolio.Portfolio`'s).

Plain Python over the index's rows (no pandas): a second ``project list`` over 1,000 projects
loads only DuckDB and rich.
"""

from __future__ import annotations

import datetime as dt

from sixsigma.program.names import BELTS, STAGES

#: What each listed project shows (JSON keys; ``status`` is the health: on track, overdue...).
FIELDS = ("id", "title", "leader", "belt", "phase", "metric", "business_lines", "baseline", "current",
          "change_pct", "change_lo", "change_hi", "significant", "improved", "status", "record_status",
          "days_in_phase", "phase_due", "created", "closed_on")
TABLE = (("id", "id"), ("title", "title"), ("leader", "leader"), ("belt", "belt"), ("phase", "phase"),
         ("metric", "metric"), ("baseline", "baseline"), ("current", "current"), ("change %", "change_pct"),
         ("status", "status"), ("days", "days_in_phase"))
BELT_WORDS = {"associate_blue": "associate blue belt", "blue": "blue belt",
              "associate_green": "associate green belt", "green": "green belt", "black": "black belt",
              "master_black": "master black belt"}


def listed(row: dict) -> dict:
    """An index row as the listing shows it."""
    out = {k: row.get(k) for k in FIELDS if k not in ("status", "record_status")}
    out["status"], out["record_status"] = row["health"], row["status"]
    return {k: out[k] for k in FIELDS}


def counts(rows: list[dict]) -> tuple[list[dict], list[dict]]:
    """Projects by phase (on track, overdue) and by belt (active, closed)."""
    by_phase = [{"phase": s, "projects": 0, "on_track": 0, "overdue": 0} for s in STAGES]
    by_belt = [{"belt": b, "projects": 0, "active": 0, "closed": 0} for b in BELTS]
    ph, bt = {r["phase"]: r for r in by_phase}, {r["belt"]: r for r in by_belt}
    for r in rows:
        p, b = ph[r["phase"]], bt[r["belt"]]
        p["projects"] += 1
        p["on_track"] += r["status"] == "on track"
        p["overdue"] += r["status"] == "overdue"
        b["projects"] += 1
        b["active"] += r["status"] not in ("closed", "cancelled")
        b["closed"] += r["status"] == "closed"
    return by_phase, by_belt


def summary(rows: list[dict], by_phase: list[dict], by_belt: list[dict], bad: list[dict]) -> str:
    """'N projects: A active (O overdue). By phase: ... By belt: ...' and the unreadable ones."""
    n = len(rows)
    broken = ""
    if bad:
        k = len(bad)
        s = "s" if k > 1 else ""
        broken = (f"{k} project{s} could not be read and {'are' if k > 1 else 'is'} left out: "
                  f"{', '.join(b['id'] for b in bad)} (fix the file{s}; see the reason{s} listed).")
    if not n:
        return "\n".join(["No projects (create one with `sixsigma project new TITLE --metric M`).",
                          *([broken] if broken else [])])
    active = sum(r["status"] not in ("closed", "cancelled") for r in rows)
    overdue = sum(r["status"] == "overdue" for r in rows)
    phases = ", ".join(f"{r['phase']} {r['projects']}" for r in by_phase if r["projects"])
    belts = ", ".join(f"{BELT_WORDS[r['belt']]} {r['projects']}" for r in by_belt if r["projects"])
    lines = [f"{n} project{'s' if n > 1 else ''}: {active} active ({overdue} overdue). By phase: {phases}. "
             f"By belt: {belts}."]
    measured = sum(r["change_pct"] is not None for r in rows)
    if measured:
        improved = sum(bool(r["improved"]) for r in rows)
        lines.append(f"{measured} with a measured result, {improved} of them a significant "
                     "improvement in the goal's direction.")
    if broken:
        lines.append(broken)
    return "\n".join(lines)


def plain(value):
    """JSON-safe: dates as ISO text."""
    return value.isoformat() if isinstance(value, dt.date) else value


def portfolio_dict(rows: list[dict], bad: list[dict]) -> dict:
    """What ``project list --json`` prints."""
    shown = [listed(r) for r in rows]
    by_phase, by_belt = counts(shown)
    return {"projects": [{k: plain(v) for k, v in r.items()} for r in shown], "by_phase": by_phase,
            "by_belt": by_belt, "improved": sum(bool(r["improved"]) for r in shown), "unreadable": bad,
            "summary": summary(shown, by_phase, by_belt, bad)}
