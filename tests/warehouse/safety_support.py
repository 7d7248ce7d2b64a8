"""Helpers of the safety tests: valid rows to import, and a warehouse's fingerprint (every
table's row count and a hash of its sorted content)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

CONTACT_HEADER = (
    "contact_id,started_at,business_line,channel,handled_by,site,team,agent_id,reason,order_ref,"
    "member_tier,wait_s,handle_s,abandoned,transferred,resolved,repeat_within_7d,csat,nps,qa_risk,"
    "outbound"
)


def contact_rows(n: int, first: int = 0) -> list[str]:
    """``n`` valid contacts rows (CSV text, no header), ids c<first>..."""
    return [
        f"c{i},2024-03-{1 + i % 28:02d} {8 + i % 10:02d}:{i % 60:02d}:00,intl_hotel,phone,agent,shanghai,"
        f"t1,a{i % 7},refund,O{i},regular,{10 + i % 50}.5,{200 + i},false,false,true,false,{1 + i % 5},"
        f"{i % 11},low,false"
        for i in range(first, first + n)
    ]


def order_rows(days: int) -> list[str]:
    return [f"2024-03-{d:02d},intl_hotel,{tier},{100 + d}" for d in range(1, days + 1)
            for tier in ("regular", "gold")]


def fingerprint(path: Path) -> dict[str, tuple[int, str]]:
    """Every table of the warehouse file: (rows, md5 of its rows as text, sorted)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        names = [r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
            "ORDER BY table_name").fetchall()]
        out = {}
        for name in names:
            n, digest = con.execute(
                f'SELECT count(*), md5(coalesce(string_agg(x, chr(10) ORDER BY x), \'\')) '
                f'FROM (SELECT t::VARCHAR AS x FROM "{name}" AS t)').fetchone()
            out[name] = (n, digest)
        return out
    finally:
        con.close()


def file_sha(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


