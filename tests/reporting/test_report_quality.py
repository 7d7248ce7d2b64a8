"""Data-quality checks find exactly the problems planted in a small warehouse."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from sixsigma.warehouse import Warehouse
from sixsigma.warehouse import quality as Q


def _contact(cid, day, **kw):
    row = dict(contact_id=cid, started_at=dt.datetime(2025, 1, day, 10, 0), business_line="hotel",
               channel="phone", handled_by="agent", site="shanghai", team="sh_hotel_a",
               agent_id="sh_hotel_a-001", reason="refund", order_ref="O1", member_tier="regular",
               wait_s=5.0, handle_s=300.0, abandoned=False, transferred=False, resolved=True,
               repeat_within_7d=False, csat=None, nps=None, qa_risk="low", outbound=False)
    row.update(kw)
    return row


@pytest.fixture
def planted(tmp_path):
    contacts = pd.DataFrame([
        _contact("C1", 1),
        _contact("C1", 1),                                            # duplicate id
        _contact("C2", 2, wait_s=-3.0),                               # negative wait
        _contact("C3", 2, csat=7),                                    # CSAT out of range
        _contact("C4", 4, abandoned=True, resolved=False, handle_s=30.0),  # handle on abandoned
        _contact("C5", 4, abandoned=True, resolved=True, handle_s=0.0),    # abandoned yet resolved
        _contact("C6", 5, agent_id=None),                             # agent without agent
        _contact("C7", 5, handled_by="bot", team=None),               # bot with an agent id
    ])
    contacts["csat"] = contacts["csat"].astype("Int8")
    contacts["nps"] = contacts["nps"].astype("Int8")
    orders = pd.DataFrame({
        "date": [dt.date(2025, 1, d) for d in (1, 2, 2, 3, 4, 4)],
        "business_line": ["hotel", "hotel", "hotel", "hotel", "hotel", "intl_hotel"],
        "member_tier": ["regular"] * 6,
        "orders": [100, 100, 50, 100, 100, -5],                       # day 2 twice; negative
    })                                                                # no orders on day 5
    path = tmp_path / "planted.duckdb"
    with Warehouse(path) as wh:
        wh.con.register("c", contacts)
        wh.con.execute("INSERT INTO contacts SELECT * FROM c")
        wh.con.register("o", orders)
        wh.con.execute("INSERT INTO orders SELECT * FROM o")
    return path


def test_every_planted_problem_is_counted(planted):
    with Warehouse(planted, read_only=True) as wh:
        df = Q.quality_checks(wh, "2025-01-01", "2025-01-06")
    found = dict(zip(df["check"], df["found"], strict=True))
    assert found == {
        "days with no contacts": 1, "days with no orders": 1,
        "business line days with contacts but no orders": 1,
        "business line days with orders but no contacts": 1,
        "contacts with a repeated key": 1, "orders with a repeated key": 1,
        "negative wait": 1, "negative handle time": 0, "handle time on an abandoned contact": 1,
        "abandoned yet resolved": 1, "abandoned yet transferred": 0, "CSAT out of range": 1,
        "NPS out of range": 0, "agent contact without agent": 1, "bot contact with an agent": 1,
        "negative orders": 1,
    }
    ex = dict(zip(df["check"], df["examples"], strict=True))
    assert ex["days with no contacts"] == "2025-01-03"
    assert ex["days with no orders"] == "2025-01-05"
    assert ex["business line days with contacts but no orders"] == "2025-01-05 hotel"
    assert ex["business line days with orders but no contacts"] == "2025-01-03 hotel"
    assert ex["contacts with a repeated key"] == "C1 (x2)"
    assert ex["orders with a repeated key"] == "2025-01-02 hotel regular (x2)"
    assert ex["negative wait"] == "C2" and ex["CSAT out of range"] == "C3"
    assert set(df["kind"]) == {"missing days", "duplicate keys", "impossible values"}


def test_the_window_limits_the_checks(planted):
    with Warehouse(planted, read_only=True) as wh:
        df = Q.quality_checks(wh, "2025-01-01", "2025-01-03")  # days 1-2 only
        vol = Q.volumes(wh, "2025-01-01", "2025-01-03")
    found = dict(zip(df["check"], df["found"], strict=True))
    assert found["days with no contacts"] == 0 and found["negative wait"] == 1
    assert found["negative orders"] == 0 and found["agent contact without agent"] == 0
    assert vol == {"days": 2, "sources": {
        "contacts": {"label": "Contacts", "volume": 4, "days": 2},
        "orders": {"label": "Orders", "volume": 250, "days": 2}}}


def test_freshness_and_rounds(planted, demo_warehouse):
    with Warehouse(planted, read_only=True) as wh:
        f = Q.freshness(wh)
        assert f["last"] == dt.datetime(2025, 1, 5, 10, 0) and f["rows"] == 8
        assert f["sources"]["orders"]["rows"] == 6 and f["source"] == "contacts"
        assert Q.improvement_rounds(wh).empty  # no such table outside the demo
    with Warehouse(demo_warehouse, read_only=True) as wh:
        r = Q.improvement_rounds(wh)
    assert len(r) == 6 and str(r["date"].iloc[0].date()) == "2024-01-08"
