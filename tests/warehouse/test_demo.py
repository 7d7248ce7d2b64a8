"""The seeded demo tells DOMAIN.md's story (checked on the quarter-volume test build)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from sixsigma.cli.app import main
from sixsigma.warehouse import Warehouse
from sixsigma.warehouse.demo import IMPROVEMENT_ROUNDS, generate


@pytest.fixture(scope="module")
def wh(demo_warehouse):
    with Warehouse(demo_warehouse, read_only=True) as w:
        yield w


def test_generation_is_deterministic_for_a_seed():
    import datetime as dt

    a = next(generate(seed=7, scale=0.05, start=dt.date(2024, 1, 1), end=dt.date(2024, 1, 31)))
    b = next(generate(seed=7, scale=0.05, start=dt.date(2024, 1, 1), end=dt.date(2024, 1, 31)))
    c = next(generate(seed=8, scale=0.05, start=dt.date(2024, 1, 1), end=dt.date(2024, 1, 31)))
    pd.testing.assert_frame_equal(a[1], b[1])
    assert len(a[1]) != len(c[1]) or not a[1]["handle_s"].equals(c[1]["handle_s"])


def test_three_years_of_every_line_channel_and_tier(wh):
    lo, hi = wh.date_range()
    assert (str(lo), str(hi)) == ("2023-01-01", "2025-12-31")
    assert len(wh.distinct("business_line")) == 8
    assert set(wh.distinct("channel")) == {"phone", "online_chat", "in_app", "private_domain", "outbound"}
    assert set(wh.distinct("site")) == {"shanghai", "kuala_lumpur"}
    black = wh.query("SELECT min(started_at)::DATE AS first, count(*) FILTER (WHERE handled_by = 'bot') AS bot "
                     "FROM contacts WHERE member_tier = 'black'")
    assert str(black["first"][0]) >= "2025-03-01" and black["bot"][0] == 0  # no bot for black tier


def test_intl_hotel_manual_cpo_rises_through_2023_then_drops_27_percent(wh):
    df = wh.metric("manual_cpo", grain="month", filters={"business_line": "intl_hotel"})
    v = df.set_index(df["period"].dt.strftime("%Y-%m"))["value"]
    q1_2023 = v[["2023-01", "2023-02", "2023-03"]].mean()
    q4_2023 = v[["2023-10", "2023-11", "2023-12"]].mean()
    assert q4_2023 > 1.2 * q1_2023  # the 2023 rise
    first_round = IMPROVEMENT_ROUNDS[0].date.isoformat()
    assert first_round == "2024-01-08" and len(IMPROVEMENT_ROUNDS) == 6
    drop = 1 - v["2024-04"] / q4_2023  # three months after the first round
    assert 0.22 <= drop <= 0.32
    assert v["2024-05":"2025-12"].max() < q4_2023 * 0.85  # and it stays down


def test_other_lines_are_stable(wh):
    df = wh.metric("manual_cpo", grain="year", by=["business_line"])
    wide = df.pivot(index="business_line", columns="period", values="value")
    others = wide.drop(index=["intl_hotel"])
    change = (others.iloc[:, -1] / others.iloc[:, 0] - 1).abs()
    assert change.max() < 0.08


def test_the_driver_is_hotel_confirmation_and_decoys_do_not_move(wh):
    df = wh.metric("manual_cpo", grain="quarter", by=["reason"], filters={"business_line": "intl_hotel"},
                   start="2023-01-01", end="2024-01-01")
    wide = df.pivot(index="reason", columns="period", values="value")
    growth = wide.iloc[:, -1] / wide.iloc[:, 0]
    assert growth["hotel_confirmation"] > 2.0
    for decoy in ["invoice", "passport_id", "refund", "payment"]:
        assert abs(growth[decoy] - 1) < 0.2


def test_daily_cpo_is_overdispersed_so_laney_is_needed(wh):
    df = wh.metric("manual_cpo", filters={"business_line": "hotel"}, start="2025-04-01", end="2025-09-01")
    u = df["numerator"].sum() / df["denominator"].sum()
    z = (df["value"] - u) / np.sqrt(u / df["denominator"])
    assert z.std() > 1.3  # plain u limits would be too tight


def test_teams_differ_in_aht_and_fcr(wh):
    aht = wh.metric("aht", grain="year", by=["team"], start="2025-01-01").set_index("team")["value"]
    assert aht["sh_flight_c"] > 1.08 * aht["sh_flight_a"]
    fcr = wh.metric("fcr", grain="year", by=["team"], start="2025-01-01").set_index("team")["value"]
    assert fcr["kl_intl_c"] < fcr["kl_intl_a"] - 0.02


def test_special_cause_days_stand_out(wh):
    df = wh.metric("total_cpo", filters={"business_line": "domestic_flight"}, start="2023-08-01", end="2023-10-01")
    v = df.set_index(df["period"].dt.strftime("%Y-%m-%d"))["value"]
    assert v["2023-09-01"] > v.median() * 1.3  # Typhoon Saola


def test_metric_command_prints_the_story_as_json(demo_warehouse, capsys):
    code = main(["data", "metric", "manual_cpo", "--grain", "month", "--filter",
                 "business_line=intl_hotel", "--json", "--warehouse", str(demo_warehouse)])
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    rows = {r["period"][:7]: r["value"] for r in out["rows"]}
    assert len(rows) == 36 and rows["2023-12"] > rows["2023-01"] * 1.2
    assert 0.22 <= 1 - rows["2024-04"] / np.mean([rows["2023-10"], rows["2023-11"], rows["2023-12"]]) <= 0.32
