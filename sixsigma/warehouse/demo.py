"""The seeded demo warehouse: three years of an online-travel contact center (DOMAIN.md).

Deterministic for a seed. Counts per (day, business line, reason) are Poisson draws around
rates that carry the story; every per-contact attribute is then drawn in one vectorised pass.
What the data holds, so later analyses have something real to find:

* weekly cycle, Spring Festival and October Golden Week peaks, and special-cause days
  (typhoons, a global airline IT outage, a payment outage) — see ``SPECIAL_DAYS``;
* international-hotel manual CPO rising through 2023 as volume recovers, driven by the
  ``hotel_confirmation`` reason (overseas hotels slow to confirm), then six improvement rounds
  (``IMPROVEMENT_ROUNDS``) from 2024-01-08 cutting it by about 27% within three months;
* extra-Poisson day-to-day variation (Laney charts are needed), team differences in AHT, FCR,
  transfers and QA risk, a black member tier from 2025-03 with no bot in front of it.

Generated a month at a time so that ``scale`` can go to 100x straight to Parquet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from sixsigma.catalog import load_catalog, shipped
from sixsigma.errors import InputError
from sixsigma.paths import ensure_dir

_TRAVEL = load_catalog(shipped("travel")).dimensions  # the demo writes the travel catalog's world
BUSINESS_LINES = _TRAVEL["business_line"].values
CHANNELS = _TRAVEL["channel"].values
MEMBER_TIERS = _TRAVEL["member_tier"].values

START = dt.date(2023, 1, 1)
END = dt.date(2025, 12, 31)
DEFAULT_SEED = 20240108

REASONS = (
    "refund", "change", "cancellation", "invoice", "booking_failure", "payment",
    "check_in", "flight_disruption", "hotel_confirmation", "passport_id", "other",
)
R = {name: i for i, name in enumerate(REASONS)}
L = {name: i for i, name in enumerate(BUSINESS_LINES)}

# Orders per day at scale 1, before seasonality (intl_hotel: after the 2023 recovery).
BASE_ORDERS = {
    "domestic_flight": 6000, "intl_flight": 1600, "hotel": 5500, "intl_hotel": 1800,
    "train": 8000, "bus": 1100, "car_rental": 450, "tickets": 1300,
}

# Manual (agent) contacts per order by line and reason before the story's changes.
_MANUAL = {
    "domestic_flight": dict(refund=.018, change=.016, cancellation=.008, invoice=.004, booking_failure=.002,
                            payment=.003, check_in=.005, flight_disruption=.012, passport_id=.001, other=.002),
    "intl_flight": dict(refund=.024, change=.022, cancellation=.010, invoice=.005, booking_failure=.004,
                        payment=.005, check_in=.008, flight_disruption=.016, passport_id=.010, other=.004),
    "hotel": dict(refund=.010, change=.009, cancellation=.012, invoice=.007, booking_failure=.003,
                  payment=.004, check_in=.007, hotel_confirmation=.004, other=.004),
    "intl_hotel": dict(refund=.012, change=.011, cancellation=.015, invoice=.008, booking_failure=.006,
                       payment=.007, check_in=.012, hotel_confirmation=.015, passport_id=.004, other=.010),
    "train": dict(refund=.010, change=.008, cancellation=.004, invoice=.003, booking_failure=.002,
                  payment=.002, check_in=.002, passport_id=.002, other=.002),
    "bus": dict(refund=.012, change=.008, cancellation=.006, invoice=.002, booking_failure=.003,
                payment=.003, check_in=.003, other=.003),
    "car_rental": dict(refund=.018, change=.014, cancellation=.012, invoice=.006, booking_failure=.006,
                       payment=.010, check_in=.012, passport_id=.004, other=.008),
    "tickets": dict(refund=.014, change=.008, cancellation=.008, invoice=.004, booking_failure=.004,
                    payment=.004, check_in=.004, other=.004),
}
BOT_SHARE = 0.45  # bot contacts per manual contact, before the bot's own improvements

# International-hotel hotel_confirmation contacts per order: 0.015 in January 2023 rising to
# 0.048 by mid-December 2023 as overseas volume returns faster than hotel confirmations.
HC_FROM, HC_TO = 0.015, 0.048
HC_RAMP = (dt.date(2023, 1, 15), dt.date(2023, 12, 15))


@dataclass(frozen=True)
class Round:
    date: dt.date
    change: str
    owner: str
    effects: dict  # reason -> multiplier on intl_hotel manual contacts per order


IMPROVEMENT_ROUNDS = (
    Round(dt.date(2024, 1, 8), "Auto-chase overseas hotels for the confirmation number after 2 h (was 24 h)",
          "Hotel supply ops", {"hotel_confirmation": 0.75}),
    Round(dt.date(2024, 1, 22), "Supplier API timeout raised and failed confirmations queued for retry",
          "Hotel IT", {"hotel_confirmation": 0.85}),
    Round(dt.date(2024, 2, 5), "Proactive confirmation push with the hotel's local-language name and address",
          "Customer app", {"hotel_confirmation": 0.80}),
    Round(dt.date(2024, 2, 26), "Bot self-service for check-in times and booking changes",
          "Bot team", {"check_in": 0.70, "change": 0.85}),
    Round(dt.date(2024, 3, 11), "Payment-guarantee holds released automatically for prepaid bookings",
          "Payments", {"hotel_confirmation": 0.85}),
    Round(dt.date(2024, 3, 25), "Kuala Lumpur hotel desk escalates unconfirmed bookings 48 h before check-in",
          "KL service site", {"hotel_confirmation": 0.80}),
)

SPRING_FESTIVAL = (dt.date(2023, 1, 22), dt.date(2024, 2, 10), dt.date(2025, 1, 29))
# (date, days, lines, {reason: multiplier}, note)
SPECIAL_DAYS = (
    (dt.date(2023, 9, 1), 2, ("domestic_flight", "intl_flight"), {"flight_disruption": 6.0, "change": 2.0},
     "Typhoon Saola closes southern airports"),
    (dt.date(2024, 7, 19), 2, ("domestic_flight", "intl_flight"), {"flight_disruption": 4.0, "booking_failure": 4.0},
     "Global airline IT outage"),
    (dt.date(2024, 9, 6), 2, ("domestic_flight", "intl_flight", "hotel"), {"flight_disruption": 5.0, "cancellation": 2.5},
     "Typhoon Yagi"),
    (dt.date(2025, 5, 13), 1, BUSINESS_LINES, {"payment": 6.0, "booking_failure": 3.0},
     "Payment gateway outage"),
    (dt.date(2025, 9, 24), 1, ("domestic_flight", "intl_flight", "hotel"), {"flight_disruption": 5.0, "change": 2.0},
     "Typhoon Ragasa"),
)
BLACK_TIER_FROM = dt.date(2025, 3, 1)

SITES = ("shanghai", "kuala_lumpur")
# team, site, lines served, AHT multiplier, repeat multiplier, transfer multiplier, QA multiplier
TEAMS = (
    ("sh_flight_a", 0, ("domestic_flight",), 1.00, 1.00, 1.0, 1.0),
    ("sh_flight_b", 0, ("domestic_flight",), 0.95, 0.90, 0.9, 0.8),
    ("sh_flight_c", 0, ("domestic_flight",), 1.14, 1.25, 1.2, 1.6),
    ("sh_hotel_a", 0, ("hotel",), 1.00, 1.00, 1.0, 1.0),
    ("sh_hotel_b", 0, ("hotel",), 0.92, 0.85, 0.9, 0.9),
    ("sh_ground_a", 0, ("train", "bus", "car_rental", "tickets"), 1.00, 1.00, 1.0, 1.0),
    ("sh_ground_b", 0, ("train", "bus", "car_rental", "tickets"), 1.06, 0.80, 1.1, 1.1),
    ("sh_intl", 0, ("intl_flight", "intl_hotel"), 1.00, 1.00, 1.0, 1.0),
    ("kl_intl_a", 1, ("intl_flight", "intl_hotel"), 1.05, 1.05, 1.2, 1.1),
    ("kl_intl_b", 1, ("intl_flight", "intl_hotel"), 1.02, 1.10, 1.2, 1.0),
    ("kl_intl_c", 1, ("intl_flight", "intl_hotel"), 1.18, 1.40, 1.5, 1.8),
    ("black_tier", 0, BUSINESS_LINES, 1.10, 0.60, 0.5, 0.6),
)
AGENTS_PER_TEAM = 30
TEAM_NAMES = tuple(t[0] for t in TEAMS)
HANDLED = ("bot", "agent")
QA = ("low", "medium", "high")
REASON_AHT = np.array([380, 420, 340, 260, 400, 360, 300, 450, 430, 330, 300], dtype=float)


# -- rates over time ---------------------------------------------------------------------------
def manual_rates(days: pd.DatetimeIndex) -> np.ndarray:
    """Manual contacts per order [day, line, reason] carrying the story (no noise)."""
    base = np.zeros((len(BUSINESS_LINES), len(REASONS)))
    for line, mix in _MANUAL.items():
        for reason, rate in mix.items():
            base[L[line], R[reason]] = rate
    rates = np.broadcast_to(base, (len(days), *base.shape)).copy()
    t = days.values.astype("datetime64[D]").astype(np.int64)
    t0, t1 = (np.datetime64(d, "D").astype(np.int64) for d in HC_RAMP)
    ramp = np.clip((t - t0) / (t1 - t0), 0.0, 1.0)
    ramp = ramp * ramp * (3 - 2 * ramp)  # smooth start and end
    rates[:, L["intl_hotel"], R["hotel_confirmation"]] = HC_FROM + (HC_TO - HC_FROM) * ramp
    for rnd in IMPROVEMENT_ROUNDS:
        after = t >= np.datetime64(rnd.date, "D").astype(np.int64)
        for reason, mult in rnd.effects.items():
            rates[after, L["intl_hotel"], R[reason]] *= mult
    return rates


def _calendar(days: pd.DatetimeIndex) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Order multiplier [day, line], contact-rate multiplier [day, line], special [day, line, reason]."""
    n = len(days)
    dow = days.day_of_week.values
    order_week = np.array([1.03, 1.00, 0.98, 1.00, 1.07, 0.97, 0.95])[dow]
    contact_week = np.array([1.09, 1.03, 1.00, 0.98, 0.97, 0.95, 0.98])[dow]
    orders = np.repeat(order_week[:, None], len(BUSINESS_LINES), axis=1)
    contacts = np.repeat(contact_week[:, None], len(BUSINESS_LINES), axis=1)
    d = days.values.astype("datetime64[D]")
    domestic = [L[x] for x in ("domestic_flight", "train", "bus", "hotel", "tickets")]
    for sf in SPRING_FESTIVAL:
        offset = (d - np.datetime64(sf, "D")).astype(int)
        peak = (offset >= -15) & (offset <= 7)
        orders[np.ix_(peak, domestic)] *= 1.30
        contacts[np.ix_(peak, domestic)] *= 1.12
        orders[peak, L["intl_hotel"]] *= 1.15
    month_day = days.month.values * 100 + days.day.values
    golden = (month_day >= 1001) & (month_day <= 1007)
    run_up = (month_day >= 921) & (month_day <= 930)
    orders[golden] *= 1.35
    orders[run_up] *= 1.15
    contacts[golden] *= 1.18
    special = np.ones((n, len(BUSINESS_LINES), len(REASONS)))
    for start, length, lines, effects, _note in SPECIAL_DAYS:
        offset = (d - np.datetime64(start, "D")).astype(int)
        hit = (offset >= 0) & (offset < length)
        for line in lines:
            for reason, mult in effects.items():
                special[hit, L[line], R[reason]] *= mult
    return orders, contacts, special


def _recovery(days: pd.DatetimeIndex) -> np.ndarray:
    """Order-volume multiplier [day, line]: intl lines recover through 2023, mild growth after."""
    years = (days.values.astype("datetime64[D]") - np.datetime64(START, "D")).astype(int) / 365.25
    growth = np.repeat((1.0 + 0.05 * years)[:, None], len(BUSINESS_LINES), axis=1)
    recover = np.clip(0.45 + 0.55 * years, 0.45, 1.0)  # 45% of normal in Jan 2023 -> 100% by 2024
    growth[:, L["intl_hotel"]] *= recover
    growth[:, L["intl_flight"]] *= np.clip(0.55 + 0.45 * years, 0.55, 1.0)
    return growth


# -- generation --------------------------------------------------------------------------------
def _months(start: dt.date, end: dt.date) -> list[pd.DatetimeIndex]:
    days = pd.date_range(start, end, freq="D")
    return [g for _, g in days.to_series().groupby(days.to_period("M"))]


def generate(
    seed: int = DEFAULT_SEED, scale: float = 1.0, start: dt.date = START, end: dt.date = END
) -> Iterator[tuple[pd.DataFrame, pd.DataFrame]]:
    """Yield (orders, contacts) frames a month at a time; contacts hold integer codes."""
    if not scale > 0:
        raise InputError(f"--scale must be positive, got {scale}")
    months = _months(start, end)
    seeds = np.random.SeedSequence(seed).spawn(len(months))
    next_id = 0
    for month_days, ss in zip(months, seeds, strict=True):
        days = pd.DatetimeIndex(month_days.index)
        rng = np.random.default_rng(ss)
        orders, contacts = _month(days, rng, scale, next_id)
        next_id += len(contacts)
        yield orders, contacts


def _month(days: pd.DatetimeIndex, rng: np.random.Generator, scale: float, first_id: int):
    n_day, n_line = len(days), len(BUSINESS_LINES)
    order_mult, contact_mult, special = _calendar(days)
    base_orders = np.array([BASE_ORDERS[x] for x in BUSINESS_LINES], dtype=float)
    noise_orders = rng.lognormal(0.0, 0.04, (n_day, n_line))
    orders_dl = np.round(scale * base_orders * _recovery(days) * order_mult * noise_orders)

    # Orders by member tier: black tier (1.2%) from 2025-03, carved out of platinum.
    black = (days.values >= np.datetime64(BLACK_TIER_FROM)).astype(float)
    shares = np.stack([np.full(n_day, .55), np.full(n_day, .25), np.full(n_day, .13),
                       .07 - .012 * black, .012 * black], axis=1)  # [day, tier]
    tier_orders = np.round(orders_dl[:, :, None] * shares[:, None, :]).astype(np.int64)
    keep = np.ones_like(tier_orders, bool)
    keep[:, :, 4] = tier_orders[:, :, 4] > 0  # no black-tier rows before the tier existed
    o_day, o_line, o_tier = np.nonzero(keep)
    orders = pd.DataFrame({
        "date": days[o_day].date,
        "business_line": np.array(BUSINESS_LINES)[o_line],
        "member_tier": np.array(MEMBER_TIERS)[o_tier],
        "orders": tier_orders[o_day, o_line, o_tier],
    })

    # Contacts per (day, line, reason) for agent and bot; day-level noise -> overdispersion.
    day_noise = rng.lognormal(0.0, 0.07, (n_day, n_line))
    load = contact_mult * day_noise  # relative workload, drives waits and abandonment
    mu_agent = (orders_dl * contact_mult * day_noise)[:, :, None] * manual_rates(days) * special
    bot_rate = np.full(n_line, BOT_SHARE)
    bot_rate[L["intl_hotel"]] = 0.35
    mu_bot = mu_agent / special * bot_rate[None, :, None] * np.where(special > 1, 1.5, 1.0)
    counts = rng.poisson(np.stack([mu_bot, mu_agent], axis=-1))  # [day, line, reason, handled]
    cell = np.repeat(np.arange(counts.size), counts.ravel())
    d_i, l_i, r_i, h_i = np.unravel_index(cell, counts.shape)
    is_agent = h_i == 1

    # Outbound safety / itinerary calls: flight lines, surging on disruption days.
    disruption = special[:, :, R["flight_disruption"]]
    mu_out = orders_dl * 0.003 * disruption ** 1.5
    mu_out[:, [L["train"], L["bus"], L["car_rental"], L["tickets"], L["hotel"], L["intl_hotel"]]] = 0
    out_counts = rng.poisson(mu_out)
    ocell = np.repeat(np.arange(out_counts.size), out_counts.ravel())
    od, ol = np.unravel_index(ocell, out_counts.shape)
    n_in, n_out = len(cell), len(ocell)
    n = n_in + n_out
    d_i = np.concatenate([d_i, od])
    l_i = np.concatenate([l_i, ol])
    r_i = np.concatenate([r_i, rng.choice([R["flight_disruption"], R["change"]], n_out, p=[.7, .3])])
    is_agent = np.concatenate([is_agent, np.ones(n_out, bool)])
    outbound = np.concatenate([np.zeros(n_in, bool), np.ones(n_out, bool)])

    # When: intraday profile peaking late morning and evening.
    hour_w = np.array([1, 1, 1, 1, 1, 2, 4, 8, 12, 14, 14, 13, 11, 11, 12, 12, 11, 10, 10, 11, 12, 10, 6, 3], float)
    secs = (rng.choice(24, n, p=hour_w / hour_w.sum()) * 3600 + rng.integers(0, 3600, n)).astype("timedelta64[s]")
    started = days.values[d_i].astype("datetime64[s]") + secs

    # Member tier; black-tier contacts always reach a human (no bot in front of them).
    black_share = 0.012 * 1.5 * black[d_i]
    tier = rng.choice(4, n, p=[.55, .25, .13, .07])
    is_black = (rng.random(n) < black_share) & ~outbound
    is_agent = is_agent | is_black
    tier = np.where(is_black, 4, tier)

    # Channel: bot on chat/in-app; agents on phone/chat/in-app/private domain; black -> private.
    ch = np.where(is_agent, rng.choice(4, n, p=[.52, .28, .15, .05]), rng.choice([1, 2], n, p=[.6, .4]))
    ch = np.where(is_black & (rng.random(n) < .6), 3, ch)
    ch = np.where(outbound, 4, ch)

    # Site and team: intl lines share Shanghai and Kuala Lumpur; black tier has its own team.
    team = _assign_teams(l_i, is_black, rng)
    team_aht = np.array([t[3] for t in TEAMS])[team]
    team_rep = np.array([t[4] for t in TEAMS])[team]
    team_tr = np.array([t[5] for t in TEAMS])[team]
    team_qa = np.array([t[6] for t in TEAMS])[team]
    site = np.array([t[1] for t in TEAMS])[team]
    agent = rng.integers(0, AGENTS_PER_TEAM, n)
    agent_eff = np.exp(0.06 * np.sin(agent * 2.1 + team * 1.3))  # stable per-agent effect

    # Waits, abandonment, handle time.
    ld = load[d_i, l_i] * np.where(special[d_i, l_i, r_i] > 1, 1.6, 1.0)
    mean_wait = np.where(ch == 0, 9.0, 4.0) * ld**6
    wait = np.where(is_agent & ~outbound, rng.exponential(1.0, n) * mean_wait, 0.0)
    p_abandon = np.where(outbound, 0.30, 1 - np.exp(-wait / 420.0))
    abandoned = rng.random(n) < p_abandon
    abandoned &= is_agent
    aht_mean = REASON_AHT[r_i] * team_aht * agent_eff * np.where(ch == 0, 1.0, 1.25)
    sigma = 0.55
    handle = np.where(
        is_agent,
        rng.lognormal(np.log(aht_mean) - sigma**2 / 2, sigma),
        rng.lognormal(np.log(85.0) - 0.5**2 / 2, 0.5),
    )
    handle = np.where(abandoned, 0.0, np.round(handle, 1))
    wait = np.round(wait, 1)

    # Transfers, resolution, repeats.
    bot_handoff = 0.24 + 0.12 * (l_i == L["intl_hotel"]) + 0.35 * (special[d_i, l_i, r_i] > 1)
    transferred = np.where(is_agent, rng.random(n) < 0.07 * team_tr, rng.random(n) < bot_handoff)
    transferred &= ~abandoned
    resolved = ~abandoned & ~transferred & (rng.random(n) < np.where(is_agent, 0.90, 0.93))
    p_repeat = 0.11 * team_rep * np.where(resolved, 1.0, 2.2) * np.where(r_i == R["hotel_confirmation"], 1.6, 1.0)
    repeat = rng.random(n) < np.clip(p_repeat, 0, 0.95)

    # Surveys: CSAT on 15% and NPS on 8% of answered contacts, worse when unresolved or repeated.
    good = resolved & ~repeat
    answered = ~abandoned & ~outbound
    csat = _scores(rng, good, [.03, .03, .07, .25, .62], [.22, .14, .20, .22, .22]) + 1
    csat = np.where(answered & (rng.random(n) < .15), csat, -1)
    nps = _scores(rng, good, [.01] * 5 + [.02, .04, .07, .14, .30, .35], [.06] * 7 + [.12, .14, .16, .16])
    nps = np.where(answered & (rng.random(n) < .08), nps, -1)
    qa = np.where(is_agent & ~abandoned, _qa(rng, team_qa), -1)
    has_order = rng.random(n) < 0.85

    contacts = pd.DataFrame({
        "id": np.arange(first_id, first_id + n, dtype=np.int64),
        "started_at": started,
        "line": l_i.astype(np.int8), "channel": ch.astype(np.int8), "handled": is_agent.astype(np.int8),
        "site": site.astype(np.int8), "team": team.astype(np.int8), "agent": agent.astype(np.int16),
        "reason": r_i.astype(np.int8), "order_no": np.where(has_order, rng.integers(10**8, 10**9, n), -1),
        "tier": tier.astype(np.int8), "wait_s": wait, "handle_s": handle,
        "abandoned": abandoned, "transferred": transferred, "resolved": resolved,
        "repeat_within_7d": repeat, "csat": csat.astype(np.int8), "nps": nps.astype(np.int8),
        "qa": qa.astype(np.int8), "outbound": outbound,
    })
    return orders, contacts.sort_values("started_at", kind="stable")


def _assign_teams(line: np.ndarray, is_black: np.ndarray, rng) -> np.ndarray:
    """Pick a team serving each contact's line, uniformly among those teams."""
    n = len(line)
    serving = np.zeros((len(BUSINESS_LINES), len(TEAMS) - 1), bool)
    for j, t in enumerate(TEAMS[:-1]):
        for x in t[2]:
            serving[L[x], j] = True
    k = serving.sum(axis=1)  # teams per line
    pick = np.floor(rng.random(n) * k[line]).astype(int)  # which of the line's teams
    order = np.argsort(~serving, axis=1, kind="stable")  # serving team indices first
    team = order[line, pick]
    return np.where(is_black, len(TEAMS) - 1, team)


def _scores(rng, good: np.ndarray, p_good, p_bad) -> np.ndarray:
    """Draw a 0-based score per row from one of two distributions (vectorised inverse CDF)."""
    cg, cb = np.cumsum(p_good), np.cumsum(p_bad)
    cg, cb = cg / cg[-1], cb / cb[-1]
    u = rng.random(len(good))
    return np.where(good, np.searchsorted(cg, u, side="right"), np.searchsorted(cb, u, side="right"))


def _qa(rng, mult: np.ndarray) -> np.ndarray:
    u = rng.random(len(mult))
    high = 0.03 * mult
    medium = 0.12 * np.sqrt(mult)
    return np.where(u < high, 2, np.where(u < high + medium, 1, 0))


# -- sinks -------------------------------------------------------------------------------------
def _digits(prefix: str, numbers: np.ndarray, width: int, valid: np.ndarray | None = None):
    """Arrow strings ``prefix`` + ``numbers`` zero-padded to ``width`` digits ('C0000000042'),
    written into one byte buffer a digit column at a time (NULL where not ``valid``)."""
    import pyarrow as pa

    n, head = len(numbers), len(prefix)
    body = np.empty((n, head + width), np.uint8)
    body[:, :head] = np.frombuffer(prefix.encode(), np.uint8)
    x = np.where(valid, numbers, 0) if valid is not None else numbers.astype(np.int64)
    if n and (x.min() < 0 or x.max() >= 10**width):
        raise ValueError(f"{prefix} numbers must have at most {width} digits")
    for k in range(head + width - 1, head - 1, -1):
        body[:, k] = 48 + x % 10
        x = x // 10
    step = head + width
    offsets = pa.py_buffer(np.arange(0, (n + 1) * step, step, dtype=np.int32))
    bitmap = None if valid is None else pa.array(valid).buffers()[1]
    nulls = 0 if valid is None else int(n - valid.sum())
    return pa.StringArray.from_buffers(n, offsets, pa.py_buffer(body), bitmap, nulls)


def _coded(codes: np.ndarray, labels, valid: np.ndarray | None = None):
    """Arrow strings ``labels[codes]`` (one C++ take; NULL where not ``valid``). Plain strings,
    not a dictionary array: DuckDB stores them faster than it casts dictionaries to VARCHAR."""
    import pyarrow as pa

    mask = None if valid is None else ~valid
    return pa.array(list(labels), pa.string()).take(pa.array(codes, mask=mask))


AGENT_IDS = tuple(f"{t}-{a:03d}" for t in TEAM_NAMES for a in range(AGENTS_PER_TEAM))


def _arrow(c: pd.DataFrame):
    """A month of coded contacts (:func:`generate`) as the contacts table's columns, in Arrow:
    ids and order references built in numpy, labels taken from their lists (no per-row SQL)."""
    import pyarrow as pa

    agent = c["handled"].to_numpy() == 1
    order_no = c["order_no"].to_numpy()
    csat, nps, qa = (c[k].to_numpy() for k in ("csat", "nps", "qa"))
    team = c["team"].to_numpy()
    cols = {
        "contact_id": _digits("C", c["id"].to_numpy(), 10),
        "started_at": pa.array(c["started_at"].to_numpy()),
        "business_line": _coded(c["line"].to_numpy(), BUSINESS_LINES),
        "channel": _coded(c["channel"].to_numpy(), CHANNELS),
        "handled_by": _coded(c["handled"].to_numpy(), HANDLED),
        "site": _coded(c["site"].to_numpy(), SITES),
        "team": _coded(team, TEAM_NAMES, agent),
        "agent_id": _coded(team.astype(np.int16) * AGENTS_PER_TEAM + c["agent"].to_numpy(), AGENT_IDS, agent),
        "reason": _coded(c["reason"].to_numpy(), REASONS),
        "order_ref": _digits("O", order_no, 9, order_no >= 0),
        "member_tier": _coded(c["tier"].to_numpy(), MEMBER_TIERS),
        **{k: pa.array(c[k].to_numpy()) for k in ("wait_s", "handle_s", "abandoned", "transferred",
                                                   "resolved", "repeat_within_7d")},
        "csat": pa.array(csat, mask=csat <= 0),
        "nps": pa.array(nps, mask=nps < 0),
        "qa_risk": _coded(np.maximum(qa, 0), QA, qa >= 0),
        "outbound": pa.array(c["outbound"].to_numpy()),
    }
    return pa.table(cols)


def _stream(months: Iterator, orders: list, progress, total: int):
    """The months' contacts as one Arrow record-batch stream (a month in memory at a time);
    each month's orders are appended to ``orders`` as it is read. The first month is made
    here, so bad arguments raise before DuckDB reads the stream."""
    import itertools

    import pyarrow as pa

    def batches():
        for i, (o, c) in enumerate(months):
            orders.append(o)
            yield _arrow(c)
            if progress:
                progress(i + 1, total)

    tables = batches()
    first = next(tables)
    return pa.RecordBatchReader.from_batches(
        first.schema, (b for t in itertools.chain([first], tables) for b in t.to_batches()))


def _decode_sql(table: str = "chunk") -> str:
    """SELECT of the contacts table's columns, typed as its DDL, from an :func:`_arrow` table."""
    from sixsigma.warehouse.schema import tables_of

    spec = tables_of(load_catalog(shipped("travel")))["contacts"]
    return "SELECT " + ", ".join(f"CAST({c.name} AS {c.sql}) AS {c.name}" for c in spec.columns) + f" FROM {table}"


def build_demo(
    path: str | Path,
    seed: int = DEFAULT_SEED,
    scale: float = 1.0,
    progress: Callable[[int, int], None] | None = None,
) -> Path:
    """Write the demo warehouse to ``path`` (replacing any file there) and return the path.

    Built in a temporary file and renamed, so an interrupted build never leaves a half
    warehouse behind.
    """
    from sixsigma.warehouse.store import Warehouse

    path = Path(path)
    ensure_dir(path.parent)
    tmp = path.with_name(path.name + ".building")
    for p in (tmp, Path(str(tmp) + ".wal")):
        p.unlink(missing_ok=True)
    months = _months(START, END)
    decode = _decode_sql()
    try:
        with Warehouse(tmp) as wh:
            con = wh.con
            orders: list[pd.DataFrame] = []
            con.register("chunk", _stream(generate(seed, scale), orders, progress, len(months)))
            con.execute(f"INSERT INTO contacts {decode}")  # one streamed insert: whole row groups
            con.unregister("chunk")
            con.register("orders_chunk", pd.concat(orders, ignore_index=True))
            con.execute("INSERT INTO orders SELECT * FROM orders_chunk")
            con.unregister("orders_chunk")
            for table in wh.tables_spec().values():  # keys enforced, as after an import
                if table.key:
                    con.execute(table.key_ddl())
            _write_meta(con, seed, scale)
            con.execute("CHECKPOINT")
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def _write_meta(con: duckdb.DuckDBPyConnection, seed: int, scale: float) -> None:
    """Record how the demo was made and its improvement rounds (the flagship's stages)."""
    con.execute("CREATE OR REPLACE TABLE demo_info (key VARCHAR, value VARCHAR)")
    con.executemany(
        "INSERT INTO demo_info VALUES (?, ?)",
        [["seed", str(seed)], ["scale", str(scale)], ["start", START.isoformat()], ["end", END.isoformat()]],
    )
    con.execute("CREATE OR REPLACE TABLE improvement_rounds (round INTEGER, date DATE, change VARCHAR, owner VARCHAR)")
    con.executemany(
        "INSERT INTO improvement_rounds VALUES (?, ?, ?, ?)",
        [[i + 1, r.date, r.change, r.owner] for i, r in enumerate(IMPROVEMENT_ROUNDS)],
    )


def write_parquet(out_dir: str | Path, seed: int = DEFAULT_SEED, scale: float = 10.0,
                  progress: Callable[[int, int], None] | None = None) -> Path:
    """Write the demo at ``scale`` straight to Parquet (one contacts file a month) for benchmarks."""
    out = Path(out_dir)
    ensure_dir(out / "contacts")
    con = duckdb.connect()
    all_orders = []
    months = _months(START, END)
    decode = _decode_sql()
    for i, ((orders, chunk), days) in enumerate(zip(generate(seed, scale), months, strict=True)):
        con.register("chunk", _arrow(chunk))
        name = out / "contacts" / f"{days.index[0]:%Y-%m}.parquet"
        con.execute(f"COPY ({decode}) TO '{name}' (FORMAT parquet)")
        con.unregister("chunk")
        all_orders.append(orders)
        if progress:
            progress(i + 1, len(months))
    con.register("o", pd.concat(all_orders, ignore_index=True))
    con.execute(f"COPY o TO '{out / 'orders.parquet'}' (FORMAT parquet)")
    con.close()
    return out
