"""Metric SQL checked against counts worked out by hand on a tiny warehouse."""

from __future__ import annotations

import pandas as pd
import pytest

from sixsigma.catalog import load_catalog
from sixsigma.errors import InputError, UnknownNameError
from sixsigma.warehouse import Warehouse

METRICS = load_catalog().metrics

CONTACTS = """contact_id,started_at,business_line,channel,handled_by,site,team,agent_id,reason,order_ref,member_tier,wait_s,handle_s,abandoned,transferred,resolved,repeat_within_7d,csat,nps,qa_risk,outbound
c1,2024-01-01 09:00:00,intl_hotel,phone,agent,shanghai,t1,a1,hotel_confirmation,O1,regular,10,300,false,false,true,false,5,10,low,false
c2,2024-01-01 10:00:00,intl_hotel,phone,agent,shanghai,t1,a1,refund,O2,gold,30,500,false,true,false,true,2,3,high,false
c3,2024-01-01 11:00:00,intl_hotel,online_chat,bot,shanghai,,,refund,O3,regular,0,60,false,false,true,false,4,,,false
c4,2024-01-01 12:00:00,intl_hotel,online_chat,bot,shanghai,,,change,,regular,0,80,false,true,false,false,,,,false
c5,2024-01-02 09:00:00,intl_hotel,phone,agent,kuala_lumpur,t2,a2,hotel_confirmation,O5,regular,25,0,true,false,false,false,,,,false
c6,2024-01-02 09:30:00,hotel,phone,agent,shanghai,t3,a3,invoice,O6,silver,5,200,false,false,true,false,1,8,medium,false
c7,2024-01-02 10:00:00,domestic_flight,outbound,agent,shanghai,t4,a4,flight_disruption,O7,regular,0,120,false,false,true,false,,,,true
c8,2024-01-02 11:00:00,domestic_flight,outbound,agent,shanghai,t4,a4,flight_disruption,O8,regular,0,0,true,false,false,false,,,,true
"""
ORDERS = """date,business_line,member_tier,orders
2024-01-01,intl_hotel,regular,30
2024-01-01,intl_hotel,gold,10
2024-01-02,intl_hotel,regular,20
2024-01-02,hotel,silver,50
2024-01-02,domestic_flight,regular,100
"""


@pytest.fixture
def tiny(tmp_path):
    (tmp_path / "contacts.csv").write_text(CONTACTS)
    (tmp_path / "orders.csv").write_text(ORDERS)
    wh = Warehouse(tmp_path / "wh.duckdb")
    wh.import_file(tmp_path / "orders.csv", "orders")
    wh.import_file(tmp_path / "contacts.csv", "contacts")
    yield wh
    wh.close()


def _values(df: pd.DataFrame) -> list:
    return [round(v, 12) for v in df["value"].tolist()]


def test_manual_cpo_counts_agent_inbound_contacts_per_order(tiny):
    # intl_hotel: day 1 has 2 agent contacts (c1, c2) over 40 orders; day 2 has c5 over 20.
    df = tiny.metric("manual_cpo", filters={"business_line": "intl_hotel"})
    assert df["numerator"].tolist() == [2, 1]
    assert df["denominator"].tolist() == [40, 20]
    assert _values(df) == [0.05, 0.05]


def test_per_order_metric_split_by_a_contact_dimension_keeps_the_slice_orders(tiny):
    # By reason: each reason's agent contacts over all intl_hotel orders of the period.
    df = tiny.metric("manual_cpo", grain="month", by=["reason"], filters={"business_line": "intl_hotel"}, keep_partial=True)
    got = dict(zip(df["reason"], zip(df["numerator"], df["denominator"], strict=True), strict=True))
    # 'change' has only a bot contact (c4): it is listed with 0 manual contacts, not dropped.
    assert got == {"change": (0, 60), "hotel_confirmation": (2, 60), "refund": (1, 60)}


def test_per_order_metric_split_by_tier_splits_orders_too(tiny):
    df = tiny.metric("manual_cpo", grain="month", by=["member_tier"], filters={"business_line": "intl_hotel"}, keep_partial=True)
    got = dict(zip(df["member_tier"], zip(df["numerator"], df["denominator"], strict=True), strict=True))
    assert got == {"gold": (1, 10), "regular": (2, 50)}  # c2 gold; c1, c5 regular


def test_total_cpo_includes_the_bot_but_not_outbound(tiny):
    df = tiny.metric("total_cpo", grain="month", keep_partial=True)
    assert df["numerator"].tolist() == [6] and df["denominator"].tolist() == [210]


def test_proportions_and_means(tiny):
    one = {"grain": "month", "keep_partial": True}  # 2 days of data: a partial month, kept
    assert _values(tiny.metric("bot_containment", **one)) == [0.5]  # c3 kept, c4 handed over
    assert _values(tiny.metric("fcr", **one)) == [0.75]  # c1, c5, c6 of c1, c2, c5, c6
    assert _values(tiny.metric("transfer_rate", **one)) == [0.25]
    assert _values(tiny.metric("aht", **one)) == [round(1000 / 3, 12)]  # c1, c2, c6 answered
    assert _values(tiny.metric("service_level", **one)) == [0.5]  # c1, c6 within 20 s of 4 offered
    assert _values(tiny.metric("asa", **one)) == [15.0]  # (10 + 30 + 5) / 3
    assert _values(tiny.metric("abandonment", **one)) == [0.25]
    assert _values(tiny.metric("csat", **one)) == [0.5]  # 5, 4 of 5, 2, 4, 1
    assert _values(tiny.metric("very_dissatisfied", **one)) == [0.25]
    # NPS responses 10, 3, 8: one promoter, one detractor -> 0 points.
    assert _values(tiny.metric("nps", **one)) == [0.0]
    assert _values(tiny.metric("qa_high_risk", **one)) == [round(1 / 3, 12)]
    assert _values(tiny.metric("outbound_connect", **one)) == [0.5]


def test_window_is_start_inclusive_end_exclusive(tiny):
    df = tiny.metric("manual_cpo", start="2024-01-02", end="2024-01-03", filters={"business_line": "intl_hotel"})
    assert df["period"].dt.strftime("%Y-%m-%d").tolist() == ["2024-01-02"]


def test_every_domain_metric_is_in_the_catalog():
    for name in ["manual_cpo", "total_cpo", "bot_containment", "fcr", "transfer_rate", "aht",
                 "service_level", "asa", "abandonment", "csat", "very_dissatisfied", "nps",
                 "qa_high_risk", "outbound_connect"]:
        m = METRICS[name]
        assert m.kind in {"rate", "proportion", "mean", "score"}
        assert m.better in {"up", "down"} and m.chart in {"laney-u", "laney-p", "imr"}
    assert METRICS["manual_cpo"].chart == "laney-u" and METRICS["aht"].chart == "imr"


def test_unknown_names_list_the_valid_ones(tiny):
    with pytest.raises(UnknownNameError, match="valid metrics are: abandonment, aht"):
        tiny.metric("manual_cp")
    with pytest.raises(UnknownNameError, match="valid dimensions are"):
        tiny.metric("aht", by=["colour"])
    with pytest.raises(UnknownNameError, match="valid grains are"):
        tiny.metric("aht", grain="fortnight")
    with pytest.raises(InputError, match="not an ISO date"):
        tiny.metric("aht", start="last tuesday")


def test_filter_values_are_bound_parameters_not_sql(tiny):
    # a fixed-choice dimension rejects the value before any SQL; a free-text one binds it
    with pytest.raises(UnknownNameError, match="unknown business_line value"):
        tiny.metric("manual_cpo", filters={"business_line": ["intl_hotel' OR 1=1 --"]})
    df = tiny.metric("aht", filters={"reason": ["refund' OR 1=1 --"]})
    assert df.empty


def test_partial_periods_at_the_ends_are_dropped_and_said(tiny):
    # The data cover 2024-01-01 (a Monday) and 2024-01-02: January has 2 of its 31 days, the
    # week of 2024-01-01 2 of its 7. Both are partial at the data's end.
    month = tiny.metric("manual_cpo", grain="month")
    assert month.empty and month.attrs["partial_dropped"] == ["2024-01-01 (2 of 31 days)"]
    kept = tiny.metric("manual_cpo", grain="week", keep_partial=True)
    assert kept["days"].tolist() == [2] and kept["partial"].tolist() == [True]
    assert kept.attrs["partial_kept"] == ["2024-01-01 (2 of 7 days)"]
    # a window ending mid-week cuts that week short too; whole days are never partial
    day = tiny.metric("manual_cpo", grain="day", start="2024-01-01", end="2024-01-02")
    assert day["days"].tolist() == [1] and not day.attrs.get("partial_dropped")


def test_overview_years_equal_plain_sql_on_the_demo(demo_warehouse):
    """The overview (one rollup scan for all metrics) gives manual CPO per year as the plain
    SQL definition does: agent-handled inbound contacts over summed orders, per calendar year."""
    import duckdb

    from sixsigma.warehouse.overview import metric_overview

    with Warehouse(demo_warehouse, read_only=True) as wh:
        ov = metric_overview(wh).set_index("metric")
    con = duckdb.connect(str(demo_warehouse), read_only=True)
    want = dict(con.sql("""
        SELECT c.y, c.n / o.n FROM
          (SELECT year(started_at) AS y, count(*) AS n FROM contacts
            WHERE handled_by = 'agent' AND NOT outbound GROUP BY 1) c
          JOIN (SELECT year(date) AS y, sum(orders) AS n FROM orders GROUP BY 1) o USING (y)
    """).fetchall())
    con.close()
    years = [c for c in ov.columns if c.isdigit()]
    assert len(years) == 2
    for y in years:
        assert ov.loc["manual_cpo", y] == pytest.approx(want[int(y)], rel=1e-12)
    change = 100 * (want[int(years[1])] - want[int(years[0])]) / want[int(years[0])]
    assert ov.loc["manual_cpo", "change %"] == pytest.approx(change, rel=1e-9)
