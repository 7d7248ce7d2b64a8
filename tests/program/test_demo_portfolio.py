"""The generated demo portfolio: the seeds' scale, deterministic, consistent with the warehouse
(baselines checked with plain SQL), and a roster whose certifications the evidence supports
except the planted ones."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter

import pytest

from sixsigma.cli.app import main
from sixsigma.program.demo import (
    HOLDERS,
    UNSUPPORTED,
    generate,
    project_text,
    roster_text,
    write_portfolio,
)

END = dt.date(2026, 6, 30)


@pytest.fixture(scope="module")
def portfolio(demo_warehouse):
    return generate(seed=7, end=END, warehouse=demo_warehouse)


def test_scale_and_shares(portfolio):
    projects, people, from_wh = portfolio
    status = Counter(p.status for p in projects)
    assert len(projects) == 1000 and len(people) == 289
    assert Counter(p["certs"][-1]["belt"] for p in people) == Counter(HOLDERS)  # 289 on the ladder
    assert sum("lecturer" in p["roles"] for p in people) == 8 and sum("mentor" in p["roles"] for p in people) == 38
    assert sum("industry_black_belt" in p["roles"] for p in people) == 2
    assert status["closed"] > 800 and 20 <= status["cancelled"] <= 100 and status["active"] + status["on_hold"] > 20
    closed = [p for p in projects if p.status == "closed"]
    not_sig = sum(not p.significant for p in closed) / len(closed)
    assert 0.1 < not_sig < 0.35
    years = Counter(p.created.year for p in projects)
    assert min(years) == END.year - 10 and max(years) == END.year and len(years) == 11
    assert from_wh > 50  # windows inside 2023-2025 took the warehouse's sums
    assert len({p.pid for p in projects}) == 1000


def test_same_seed_same_portfolio(portfolio, demo_warehouse):
    projects, people, _ = portfolio
    again, people2, _ = generate(seed=7, end=END, warehouse=demo_warehouse)
    assert [project_text(p) for p in again] == [project_text(p) for p in projects]
    assert roster_text(people2) == roster_text(people)


def test_baselines_inside_the_warehouse_are_its_own_sums(portfolio, demo_warehouse):
    """Manual CPO baselines: human-handled inbound contacts / orders of the line over the
    three months, recomputed here with plain SQL (not through the catalog's metric layer)."""
    import duckdb

    projects, _, _ = portfolio
    inside = [p for p in projects if p.metric == "manual_cpo" and p.nums["base_w"][0] >= dt.date(2023, 1, 1)
              and p.nums["base_w"][1] <= dt.date(2026, 1, 1)]
    assert len(inside) >= 3
    con = duckdb.connect(str(demo_warehouse), read_only=True)
    for p in inside[:5]:
        lo, hi = p.nums["base_w"]
        contacts = con.execute("SELECT count(*) FROM contacts WHERE business_line = ? AND handled_by = 'agent' "
                               "AND NOT outbound AND started_at >= ? AND started_at < ?", [p.line, lo, hi]).fetchone()[0]
        orders = con.execute("SELECT sum(orders) FROM orders WHERE business_line = ? AND date >= ? AND date < ?",
                             [p.line, lo, hi]).fetchone()[0]
        assert p.nums["base_num"] == contacts and p.nums["base_den"] == orders
        assert p.nums["before"] == pytest.approx(contacts / orders)
    con.close()


def test_written_portfolio_lists_and_checks(demo_portfolio, monkeypatch, capsys):
    root = demo_portfolio
    monkeypatch.setenv("SIXSIGMA_PROJECTS", str(root))
    code = main(["project", "list", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and len(data["projects"]) == 1000 and data["unreadable"] == []
    code = main(["belt", "check", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 1
    bad = {(u["person"], u["belt"]) for u in data["unsupported"]}
    assert len(bad) == UNSUPPORTED and {b for _, b in bad} == {"green"}
    assert all("lacks a significant improvement" in u["detail"] for u in data["unsupported"])
    from sixsigma.errors import InputError

    with pytest.raises(InputError, match="already holds project folders"):
        write_portfolio(root, seed=7, end=END)


def test_demo_command_writes_the_portfolio(tmp_path, capsys):
    code = main(["demo", "--portfolio", str(tmp_path / "p"), "--warehouse", str(tmp_path / "none.duckdb")])
    out = capsys.readouterr().out
    assert code == 0 and "1000 projects" in out and "289 belt-holders in people.yaml" in out
    assert (tmp_path / "p" / "people.yaml").exists()
    assert sum(1 for d in (tmp_path / "p").iterdir() if d.is_dir()) == 1000
    code = main(["demo", "--portfolio", str(tmp_path / "p")])
    assert code == 2 and "already holds project folders" in capsys.readouterr().err
