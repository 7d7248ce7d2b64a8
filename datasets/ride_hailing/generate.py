"""Seeded generator of the ride-hailing customer-service example (DOMAIN.md, the Dida case).

Writes Parquet files that ``datasets/catalogs/ride_hailing.yaml`` reads in place:

- ``trips.parquet``            daily trips by city and trip kind (the per-10k-trips denominator);
- ``contacts/year=YYYY/``      phone and online service contacts, with surveys (CSAT 1-5),
                               complaints and 7-day repeat contacts;
- ``alerts/year=YYYY/``        safety alerts and the safety line's first human contact;
- ``callbacks.parquet``        follow-up ("little red flower") calls and their connect outcome.

Volumes are scaled down (contacts and trips about 1/1,000, safety alerts about 1/8 of the
published 855,156 a year, follow-up calls at full scale, ~31,000 a year) so the files can be
committed; every rate lands near the published anchors. Everything is vectorised numpy; the
same seed gives the same files.

    uv run python datasets/ride_hailing/generate.py [--out DIR] [--seed N]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

SEED = 20240603
START, END = np.datetime64("2023-01-01"), np.datetime64("2026-01-01")  # END exclusive
CHANGE = np.datetime64("2024-06-03")  # online channel: dissatisfaction-recovery flow goes live
STORM = np.datetime64("2025-09-07")  # rainstorm night in Wuhan: the safety line is swamped
STORM_CITY = "wuhan"
TARGET_S = 180.0  # a human must reach the party within 180 s of a safety alert
OUT = Path(__file__).resolve().parent / "data"

CITIES = np.array(["chengdu", "chongqing", "hangzhou", "nanjing", "tianjin", "wuhan"])
CITY_TRIPS = np.array([52_000, 44_000, 56_000, 31_000, 29_000, 40_000], float)  # in-city trips/day, 2023
KINDS = np.array(["in_city", "intercity_carpool"])
KIND_SHARE = np.array([1.0, 0.22])
SPRING_FESTIVAL = np.array(["2023-01-22", "2024-02-10", "2025-01-29"], dtype="datetime64[D]")

ISSUES = np.array(["fare_dispute", "cancellation_fee", "driver_conduct", "rider_conduct", "route_detour",
                   "lost_item", "safety_concern", "app_account", "general_enquiry"])
ISSUE_P = {  # by party: rider, driver
    "rider": np.array([.20, .14, .15, .00, .10, .09, .04, .10, .18]),
    "driver": np.array([.22, .08, .00, .20, .03, .05, .03, .22, .17]),
}
COMPLAINT_P = np.array([.55, .50, .90, .85, .80, .10, .70, .10, .02])  # complaint share by issue
# CSAT 1..5 probabilities: phone; online before and after CHANGE (very dissatisfied -42%)
CSAT_PHONE = np.array([.007, .004, .007, .082, .900])
CSAT_ONLINE_BEFORE = np.array([.080, .040, .070, .210, .600])
CSAT_ONLINE_AFTER = np.array([.046, .036, .070, .220, .628])

ALERT_TYPES = np.array(["route_deviation", "long_stop", "one_tap_alarm", "night_trip"])
ALERT_P = {"in_city": np.array([.33, .30, .07, .30]), "intercity_carpool": np.array([.40, .34, .06, .20])}
OUTCOMES = np.array(["connected", "no_answer", "line_busy", "hung_up"])

# share of a day's events in each hour (local time)
HOURS_DAY = np.array([1, .6, .4, .3, .3, .5, 1.2, 2.5, 3.6, 3.2, 2.8, 2.9, 3.0, 2.8, 2.7, 2.8, 3.1,
                      3.6, 3.9, 3.4, 3.0, 2.6, 2.0, 1.4])
NIGHT = np.r_[np.arange(22, 24), np.arange(0, 5)]


def _days() -> np.ndarray:
    return np.arange(START, END, dtype="datetime64[D]")


def _cat(rng, n: int, cum) -> np.ndarray:
    """``n`` category indices, row i drawn from ``cum[i]`` (cumulative probabilities, (n, k))
    by inversion: the number of cut points a uniform draw exceeds."""
    u = rng.random(n)
    return (u[:, None] > cum[:, :-1]).sum(axis=1)


def _times(rng, day: np.ndarray, hours_p: np.ndarray) -> np.ndarray:
    """A timestamp (seconds) on each ``day`` with the hour drawn from ``hours_p``."""
    hour = rng.choice(24, size=day.size, p=hours_p / hours_p.sum())
    sec = hour * 3600 + rng.integers(0, 3600, size=day.size)
    return day.astype("datetime64[s]") + sec.astype("timedelta64[s]")


def trips(rng) -> pd.DataFrame:
    """Daily trips by city and trip kind: growth, weekly cycle, Spring Festival, noise."""
    days = _days()
    d, c, k = (a.ravel() for a in np.meshgrid(np.arange(days.size), np.arange(CITIES.size),
                                               np.arange(KINDS.size), indexing="ij"))
    day = days[d]
    years = (day - START).astype(float) / 365.25
    dow = ((day.astype("datetime64[D]").view("int64") - 4) % 7)  # 0 = Monday
    weekly = np.where(k == 0, np.array([.97, .96, .97, .99, 1.08, 1.06, .97])[dow],
                      np.array([.85, .80, .82, .90, 1.30, 1.25, 1.08])[dow])
    to_fest = (day[:, None] - SPRING_FESTIVAL[None, :]).astype(int)  # days after each festival
    before = ((to_fest >= -12) & (to_fest < 0)).any(axis=1)
    holiday = ((to_fest >= 0) & (to_fest < 7)).any(axis=1)
    festival = np.where(k == 1, np.where(before, 1.9, np.where(holiday, 1.3, 1.0)),
                        np.where(before, 0.95, np.where(holiday, 0.55, 1.0)))
    mean = CITY_TRIPS[c] * KIND_SHARE[k] * (1.09 ** years) * weekly * festival
    n = np.round(mean * rng.lognormal(0, 0.035, size=mean.size)).astype(np.int64)
    return pd.DataFrame({"trip_day": day, "city_code": CITIES[c], "trip_kind": KINDS[k], "n_trips": n})


def contacts(rng, tr: pd.DataFrame) -> pd.DataFrame:
    """Service contacts: ~10 per 10k trips, over-dispersed day to day (Laney-sized)."""
    lam = tr["n_trips"].to_numpy() * 10e-4 * rng.gamma(40, 1 / 40, size=len(tr))
    n = rng.poisson(lam)
    idx = np.repeat(np.arange(len(tr)), n)
    size = idx.size
    day = tr["trip_day"].to_numpy().astype("datetime64[D]")[idx]
    ts = _times(rng, day, HOURS_DAY)
    order = np.argsort(ts, kind="stable")
    idx, ts, day = idx[order], ts[order], day[order]
    party = np.where(rng.random(size) < 0.68, "rider", "driver")
    chan = np.where(rng.random(size) < 0.42, "phone", "online")
    cum = np.cumsum(np.stack([ISSUE_P["rider"], ISSUE_P["driver"]]), axis=1)
    cum /= cum[:, -1:]
    issue = _cat(rng, size, cum[(party == "driver").astype(int)])
    complaint = rng.random(size) < COMPLAINT_P[issue]
    team = np.where(complaint, "complaints_desk", np.where(party == "rider", "rider_care", "driver_care"))
    agent = rng.integers(1, 41, size=size)
    prefix = np.where(complaint, "CD", np.where(party == "rider", "RC", "DC"))
    talk = np.round(rng.lognormal(np.where(chan == "phone", np.log(230), np.log(410)), 0.45))
    repeat = rng.random(size) < np.where(complaint, 0.16, 0.09)
    surveyed = rng.random(size) < np.where(chan == "phone", 0.35, 0.30)
    dists = np.cumsum(np.stack([CSAT_PHONE, CSAT_ONLINE_BEFORE, CSAT_ONLINE_AFTER]), axis=1)
    which = np.where(chan == "phone", 0, np.where(day < CHANGE, 1, 2))
    score = (_cat(rng, size, dists[which]) + 1).astype(float)
    score[~surveyed] = np.nan
    return pd.DataFrame({
        "ticket_no": np.arange(1, size + 1, dtype=np.int64),
        "open_ts": ts,
        "party": party,
        "trip_kind": tr["trip_kind"].to_numpy()[idx],
        "city_code": tr["city_code"].to_numpy()[idx],
        "chan": chan,
        "team_code": team,
        "agent_no": np.char.add(prefix, np.char.zfill(agent.astype(str), 3)),
        "issue_cat": ISSUES[issue],
        "complaint_flag": complaint,
        "recontact_7d": repeat,
        "talk_sec": talk,
        "csat_score": score,
    })


def alerts(rng, tr: pd.DataFrame) -> pd.DataFrame:
    """Safety alerts (~290 a day) and seconds to the first human contact, all within 180 s
    except on the storm night in ``STORM_CITY``; plus one emergency drill a week."""
    tday = tr["trip_day"].to_numpy().astype("datetime64[D]")
    storm = (tday == STORM) & (tr["city_code"].to_numpy() == STORM_CITY)
    lam = tr["n_trips"].to_numpy() * 7.9e-4 * np.where(storm, 4.0, 1.0)
    n = rng.poisson(lam)
    idx = np.repeat(np.arange(len(tr)), n)
    size = idx.size
    day = tday[idx]
    kind = tr["trip_kind"].to_numpy()[idx]
    cum = np.cumsum(np.stack([ALERT_P["in_city"], ALERT_P["intercity_carpool"]]), axis=1)
    atype = _cat(rng, size, cum[(kind == "intercity_carpool").astype(int)])
    night = atype == 3
    hours_night = np.zeros(24)
    hours_night[NIGHT] = 1
    ts = np.where(night, _times(rng, day, hours_night), _times(rng, day, HOURS_DAY))
    in_storm = storm[idx]
    # a storm alert falls in the evening (18:00-24:00) of the storm day
    ts = np.where(in_storm, day.astype("datetime64[s]")
                  + (18 * 3600 + rng.integers(0, 6 * 3600, size=size)).astype("timedelta64[s]"), ts)
    one_tap = atype == 2
    party = np.where(one_tap & (rng.random(size) < 0.2), "driver", "rider")
    ttfc = np.where(one_tap, 3 + rng.gamma(3.0, 3.0, size=size), 10 + rng.gamma(4.0, 8.0, size=size))
    ttfc = np.where(in_storm, 10 + rng.gamma(2.0, 60.0, size=size), ttfc)
    hour = (ts - ts.astype("datetime64[D]")).astype("timedelta64[h]").astype(int)
    frame = pd.DataFrame({
        "alert_ts": ts,
        "alert_kind": ALERT_TYPES[atype],
        "party": party,
        "trip_kind": kind,
        "city_code": tr["city_code"].to_numpy()[idx],
        "duty_desk": np.where((hour >= 8) & (hour < 20), "safety_day", "safety_night"),
        "ttfc_sec": np.round(ttfc, 1),
        "drill": np.zeros(size, bool),
    })
    # an emergency call drill every Wednesday at 15:00 (a one-tap alarm from a test account)
    weds = _days()[((_days().view("int64") - 4) % 7) == 2]
    drills = pd.DataFrame({
        "alert_ts": weds.astype("datetime64[s]") + np.timedelta64(15 * 3600, "s"),
        "alert_kind": "one_tap_alarm", "party": "rider", "trip_kind": "in_city",
        "city_code": CITIES[rng.integers(0, CITIES.size, size=weds.size)], "duty_desk": "safety_day",
        "ttfc_sec": np.round(3 + rng.gamma(3.0, 2.0, size=weds.size), 1), "drill": True,
    })
    out = pd.concat([frame, drills], ignore_index=True)
    out = out.iloc[np.argsort(out["alert_ts"].to_numpy(), kind="stable")].reset_index(drop=True)
    out.insert(0, "alert_no", np.arange(1, len(out) + 1, dtype=np.int64))
    out["in_sla"] = out["ttfc_sec"].to_numpy() <= TARGET_S
    return out


def callbacks(rng, tr: pd.DataFrame) -> pd.DataFrame:
    """Follow-up calls (~86 a day): praise callbacks ("little red flower") and complaint
    follow-ups; agent C07 makes about 8,400 a year."""
    days = _days()
    dow = (days.view("int64") - 4) % 7
    n = rng.poisson(np.where(dow < 5, 95.0, 64.0))
    idx = np.repeat(np.arange(days.size), n)
    size = idx.size
    day = days[idx]
    hours = np.zeros(24)
    hours[9:21] = 1
    ts = np.sort(_times(rng, day, hours))
    city_w = CITY_TRIPS / CITY_TRIPS.sum()
    city = CITIES[rng.choice(CITIES.size, size=size, p=city_w)]
    praise = rng.random(size) < 0.72
    party = np.where(rng.random(size) < np.where(praise, 0.5, 0.7), "rider", "driver")
    agent_w = np.full(12, (1 - 0.27) / 11)
    agent_w[6] = 0.27
    agent = rng.choice(12, size=size, p=agent_w) + 1
    connected = rng.random(size) < np.where(praise, 0.87, 0.79)
    miss = _cat(rng, size, np.tile(np.cumsum([0.70, 0.20, 0.10]), (size, 1))) + 1
    return pd.DataFrame({
        "cb_no": np.arange(1, size + 1, dtype=np.int64),
        "call_ts": ts,
        "party": party,
        "city_code": city,
        "cb_reason": np.where(praise, "praise", "complaint"),
        "team_code": "care_callback",
        "agent_no": np.char.add("C", np.char.zfill(agent.astype(str), 2)),
        "call_result": OUTCOMES[np.where(connected, 0, miss)],
    })


def generate(out: Path = OUT, seed: int = SEED) -> dict[str, int]:
    """Write the four tables under ``out`` (replacing what is there); rows per table."""
    rng = np.random.default_rng(seed)
    tr = trips(rng)
    tables = {"trips": tr, "contacts": contacts(rng, tr), "alerts": alerts(rng, tr), "callbacks": callbacks(rng, tr)}
    sql = {
        "trips": "SELECT CAST(trip_day AS DATE) AS trip_day, city_code, trip_kind, CAST(n_trips AS BIGINT) AS n_trips FROM df",
        "contacts": """SELECT 'T' || lpad(CAST(ticket_no AS VARCHAR), 8, '0') AS ticket_no,
                       CAST(open_ts AS TIMESTAMP) AS open_ts, party, trip_kind, city_code, chan, team_code,
                       agent_no, issue_cat, complaint_flag, recontact_7d, talk_sec,
                       CAST(csat_score AS TINYINT) AS csat_score, year(open_ts) AS year FROM df""",
        "alerts": """SELECT 'SA' || lpad(CAST(alert_no AS VARCHAR), 8, '0') AS alert_no,
                     CAST(alert_ts AS TIMESTAMP) AS alert_ts, alert_kind, party, trip_kind, city_code,
                     duty_desk, ttfc_sec, in_sla, drill, year(alert_ts) AS year FROM df""",
        "callbacks": """SELECT 'FU' || lpad(CAST(cb_no AS VARCHAR), 7, '0') AS cb_no,
                        CAST(call_ts AS TIMESTAMP) AS call_ts, party, city_code, cb_reason, team_code,
                        agent_no, call_result FROM df""",
    }
    partitioned = {"contacts", "alerts"}
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    # write into a fresh folder beside the target, then swap it in: nothing half-written
    tmp = Path(tempfile.mkdtemp(prefix=".ride_hailing-", dir=out.parent))
    con = duckdb.connect()
    con.execute("SET threads = 1")  # one writer thread: the same bytes on every run
    try:
        for name, df in tables.items():
            con.register("df", df)
            target = tmp / (name if name in partitioned else f"{name}.parquet")
            opts = "FORMAT parquet, COMPRESSION zstd, PARQUET_VERSION v2" + (", PARTITION_BY (year)" if name in partitioned else "")
            con.execute(f"COPY ({sql[name]}) TO '{target}' ({opts})")
            con.unregister("df")
        for name in tables:
            old = out / (name if name in partitioned else f"{name}.parquet")
            if old.is_dir():
                for f in sorted(old.rglob("*"), reverse=True):
                    f.unlink() if f.is_file() else f.rmdir()
                old.rmdir()
            elif old.exists():
                old.unlink()
            (tmp / old.name).rename(old)
    finally:
        con.close()
        for f in sorted(tmp.rglob("*"), reverse=True):
            f.unlink() if f.is_file() else f.rmdir()
        tmp.rmdir()
    return {name: len(df) for name, df in tables.items()}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT, help=f"folder to write (default {OUT})")
    ap.add_argument("--seed", type=int, default=SEED, help=f"random seed (default {SEED})")
    args = ap.parse_args(argv)
    rows = generate(args.out, args.seed)
    print(", ".join(f"{name}: {n:,} rows" for name, n in rows.items()), f"-> {args.out}")


if __name__ == "__main__":
    main()
