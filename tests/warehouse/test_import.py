"""Importing exports: validation with file/line/column, all-or-nothing loads, re-import safety."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sixsigma.cli.app import main
from sixsigma.errors import DataValidationError
from sixsigma.warehouse import Warehouse


def contacts_frame(n: int, first: int = 0) -> pd.DataFrame:
    i = np.arange(first, first + n)
    return pd.DataFrame({
        "contact_id": [f"c{k}" for k in i],
        "started_at": pd.Timestamp("2024-03-01 08:00") + pd.to_timedelta(i, unit="min"),
        "business_line": "intl_hotel", "channel": "phone", "handled_by": "agent",
        "site": "shanghai", "team": "t1", "agent_id": "a1", "reason": "refund",
        "order_ref": [f"O{k}" for k in i], "member_tier": "regular",
        "wait_s": 12.5, "handle_s": 300.0, "abandoned": False, "transferred": False,
        "resolved": True, "repeat_within_7d": False, "csat": 4, "nps": 9, "qa_risk": "low",
        "outbound": False,
    })


@pytest.fixture
def wh_path(tmp_path):
    path = tmp_path / "wh.duckdb"
    with Warehouse(path) as wh:
        good = tmp_path / "seed.csv"
        contacts_frame(100, first=10_000).to_csv(good, index=False)
        wh.import_file(good, "contacts")
    return path


def test_bad_csat_on_line_1234_is_refused_with_file_line_and_column(tmp_path, wh_path, capsys):
    df = contacts_frame(2000)
    df["csat"] = df["csat"].astype(object)
    df.loc[1232, "csat"] = 7  # data row 1233 = file line 1234 (line 1 is the header)
    bad = tmp_path / "export.csv"
    df.to_csv(bad, index=False)

    code = main(["data", "import", str(bad), "--table", "contacts", "--warehouse", str(wh_path)])

    err = capsys.readouterr().err.strip()
    assert code == 2
    assert len(err.splitlines()) == 1, err  # one line, no traceback
    assert "export.csv" in err and "line 1234" in err and "column csat" in err and "7" in err
    with Warehouse(wh_path, read_only=True) as wh:
        assert wh.row_count("contacts") == 100  # nothing written


def test_every_kind_of_problem_is_reported_in_file_order(tmp_path, wh_path):
    df = contacts_frame(10).astype(object)
    df.loc[2, "business_line"] = "space_travel"
    df.loc[4, "wait_s"] = "soon"
    df.loc[5, "handle_s"] = -3
    df.loc[6, "started_at"] = None
    df.loc[8, "contact_id"] = "c1"  # duplicates row 2's key
    bad = tmp_path / "many.csv"
    df.to_csv(bad, index=False)
    with Warehouse(wh_path) as wh, pytest.raises(DataValidationError) as info:
        wh.import_file(bad, "contacts")
    lines = [(p["line"], p["column"]) for p in info.value.problems]
    assert lines == [(4, "business_line"), (6, "wait_s"), (7, "handle_s"), (8, "started_at"),
                     (10, "contact_id")]
    assert "'space_travel' is not one of domestic_flight/" in str(info.value)


def test_missing_columns_are_named(tmp_path, wh_path):
    bad = tmp_path / "short.csv"
    contacts_frame(3).drop(columns=["csat", "outbound"]).to_csv(bad, index=False)
    with Warehouse(wh_path) as wh, pytest.raises(DataValidationError, match="missing column.*csat, outbound"):
        wh.import_file(bad, "contacts")


def test_reimporting_the_same_file_does_not_duplicate_rows(tmp_path, wh_path):
    f = tmp_path / "again.csv"
    contacts_frame(50).to_csv(f, index=False)
    with Warehouse(wh_path) as wh:
        first = wh.import_file(f, "contacts")
        second = wh.import_file(f, "contacts")
        assert first.to_dict()["rows_added"] == 50
        assert second.to_dict()["rows_added"] == 0 and second.replaced == 50
        assert wh.row_count("contacts") == 150


def test_parquet_import_via_duckdb(tmp_path, wh_path):
    import duckdb

    pq = tmp_path / "contacts.parquet"
    con = duckdb.connect()
    con.register("df", contacts_frame(20, first=500))
    con.execute(f"COPY df TO '{pq}' (FORMAT parquet)")
    con.close()
    with Warehouse(wh_path) as wh:
        wh.import_file(pq, "contacts")
        assert wh.row_count("contacts") == 120


def test_orders_reimport_replaces_the_day(tmp_path, wh_path):
    f = tmp_path / "orders.csv"
    f.write_text("date,business_line,member_tier,orders\n2024-03-01,intl_hotel,regular,10\n")
    g = tmp_path / "orders2.csv"
    g.write_text("date,business_line,member_tier,orders\n2024-03-01,intl_hotel,regular,12\n")
    with Warehouse(wh_path) as wh:
        wh.import_file(f, "orders")
        wh.import_file(g, "orders")
        assert wh.query("SELECT orders FROM orders")["orders"].tolist() == [12]
        bad = tmp_path / "orders3.csv"
        bad.write_text("date,business_line,member_tier,orders\n2024-03-02,intl_hotel,regular,1.5\n")
        with pytest.raises(DataValidationError, match="line 2, column orders: '1.5' is not a whole number"):
            wh.import_file(bad, "orders")


def test_query_command_is_read_only(wh_path, capsys):
    code = main(["data", "query", "DELETE FROM contacts", "--warehouse", str(wh_path)])
    assert code == 2
    assert "read-only" in capsys.readouterr().err
    code = main(["data", "query", "SELECT count(*) AS n FROM contacts", "--json", "--warehouse", str(wh_path)])
    assert code == 0 and '"n": 100' in capsys.readouterr().out
