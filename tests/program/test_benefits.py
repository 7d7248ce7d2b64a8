"""Benefits: the flagship's change as manual contacts avoided per month, checked by hand.

The arithmetic is recomputed here from the warehouse with plain SQL (the last full month's
international-hotel orders, the result's before/after values and its CI), independently of
sixsigma.program.benefits and of Warehouse.metric.
"""

from __future__ import annotations

import datetime as dt

import pytest

from sixsigma.program.benefits import benefit, rollup


def _last_full_month_orders(wh, line: str) -> tuple[dt.date, float]:
    last = wh.query("SELECT max(date) AS d FROM orders", trusted=True)["d"].iloc[0]
    last = last.date() if hasattr(last, "date") else last
    nxt = last + dt.timedelta(days=1)
    end = nxt.replace(day=1)  # the first month not complete in the data
    start = (end - dt.timedelta(days=1)).replace(day=1)
    v = wh.query("SELECT sum(orders) AS n FROM orders WHERE business_line = ? AND date >= ? AND date < ?",
                 [line, start, end], trusted=True)["n"].iloc[0]
    return start, float(v)


def _month_aht(wh, line: str, start: dt.date) -> float:
    end = (start + dt.timedelta(days=32)).replace(day=1)
    return float(wh.query(
        "SELECT avg(handle_s) AS a FROM contacts WHERE business_line = ? AND handled_by = 'agent' "
        "AND NOT outbound AND NOT abandoned AND started_at >= ? AND started_at < ?",
        [line, start, end], trusted=True)["a"].iloc[0])


def test_flagship_result_carries_manual_contacts_avoided_per_month(flagship, wh):
    from sixsigma.dmaic.analysis import compute_result
    from sixsigma.dmaic.store import load_project

    p = load_project(flagship)
    r = compute_result(wh, p, flagship)
    b = r.to_dict()["benefits"]
    month, orders = _last_full_month_orders(wh, "intl_hotel")
    # by hand: (before - after) contacts/order x the last full month's orders
    expected = (r.before.value - r.after.value) * orders
    assert r.change_pct == pytest.approx(-27, abs=3)  # the flagship's -27%
    assert b["unit"] == "manual contacts" and b["volume"] == pytest.approx(orders)
    assert b["volume_basis"] == f"orders in {month:%Y-%m}"
    assert b["per_month"] == pytest.approx(expected, rel=1e-9)
    lo_pct, hi_pct = r.change_pct_ci  # the change's CI applied to before
    assert b["per_month_ci"] == pytest.approx(sorted([-r.before.value * lo_pct / 100 * orders,
                                                      -r.before.value * hi_pct / 100 * orders]), rel=1e-9)
    assert b["per_month_ci"][0] < b["per_month"] < b["per_month_ci"][1]
    aht = _month_aht(wh, "intl_hotel", month)
    assert b["aht_seconds"] == pytest.approx(aht, rel=1e-9)
    assert b["hours_per_month"] == pytest.approx(expected * aht / 3600, rel=1e-9)
    assert "manual contacts avoided a month" in b["summary"]


def test_flagship_storyboard_shows_the_benefit(flagship, wh):
    from sixsigma.dmaic.store import load_project
    from sixsigma.dmaic.storyboard import build_storyboard
    from sixsigma.reporting.storyboard import render_storyboard

    story = build_storyboard(wh, load_project(flagship), flagship)
    html = render_storyboard(story)
    assert '<p class="benefit"><strong>Benefit:</strong>' in html
    assert "manual contacts avoided a month" in html


def test_goal_up_counts_units_gained_and_scale_divides():
    # NPS points (scale 100): 20 -> 25 points on 10,000 surveys = 0.05 x 10,000 = 500 promoters net
    b = benefit("nps", "up", 20.0, 25.0, (10.0, 40.0), 10_000, "surveys", scale=100)
    assert b.per_month == pytest.approx(500)
    assert b.per_month_ci == pytest.approx((20 * 0.10 / 100 * 10_000, 20 * 0.40 / 100 * 10_000))
    assert b.hours_per_month is None
    # AHT: seconds saved per contact x contacts = agent seconds; hours = / 3600
    s = benefit("aht", "down", 500.0, 450.0, (-12.0, -8.0), 7_200, "contacts")
    assert s.per_month == pytest.approx(50 * 7_200) and s.hours_per_month == pytest.approx(100)
    assert s.hours_ci == pytest.approx((40 * 7_200 / 3600, 60 * 7_200 / 3600))


def test_rollup_counts_only_closed_significant_improvements():
    base = {"phase": "closed", "status": "closed", "metric": "manual_cpo", "better": "down", "belt": "green",
            "business_lines": "hotel", "closed_on": dt.date(2024, 5, 1), "before": 0.2, "current": 0.15,
            "change_lo": -30.0, "change_hi": -20.0, "result_days": 30, "result_denominator": 30_000.0,
            "improved": True}
    rows = [base, {**base, "belt": "black", "closed_on": dt.date(2023, 2, 1)},
            {**base, "improved": False}, {**base, "phase": "improve", "status": "active"}]
    out = rollup(rows)
    per = 0.05 * 30_000 / 30 * 365.25 / 12  # 0.05 contacts/order x orders per average month
    assert out["counted"] == 2 and out["not_counted"] == 1
    assert out["total"] == [pytest.approx({"unit": "manual contacts", "projects": 2, "per_month": 2 * per,
                                           "ci_low": 2 * 0.04 * 30_000 / 30 * 365.25 / 12,
                                           "ci_high": 2 * 0.06 * 30_000 / 30 * 365.25 / 12,
                                           "hours_per_month": 0.0})]
    assert [(r["year"], r["projects"]) for r in out["year"]] == [("2023", 1), ("2024", 1)]
    assert [(r["belt"], r["projects"]) for r in out["belt"]] == [("black", 1), ("green", 1)]
