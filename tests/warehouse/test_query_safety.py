"""`sixsigma data query` runs one read-only SELECT and cannot touch the machine (issue 16).

Every attack goes through the real CLI entry point: exit 2, one `error:` line, the warehouse's
fingerprint (row counts and a hash of every table) and its file bytes unchanged, and nothing
written or read on the host. The connection layer refuses them too (defence in depth), checked
by running the same attacks on `hardened_connection` without the SQL check.
"""

from __future__ import annotations

import duckdb
import pytest
from safety_support import file_sha, fingerprint

from sixsigma.cli.app import main
from sixsigma.errors import InputError
from sixsigma.warehouse.readonly import check_select, hardened_connection, run_query


def run(capsys, *args):
    code = main(["data", "query", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def secret(tmp_path):
    p = tmp_path / "host_secret.txt"
    p.write_text("TOP-SECRET-CONTENT\n")
    return p


ATTACKS = {
    "copy over the warehouse": "COPY (SELECT 'garbage') TO '{wh}'",
    "copy to a host file": "COPY (SELECT 'owned') TO '{out}'",
    "copy a table out": "COPY contacts TO '{out}' (FORMAT csv)",
    "read_text": "SELECT * FROM read_text('{secret}')",
    "read_csv": "SELECT * FROM read_csv('{secret}')",
    "read_csv_auto": "SELECT * FROM read_csv_auto('/etc/passwd')",
    "read_blob in a lateral subquery": "SELECT * FROM contacts, LATERAL (SELECT * FROM read_blob('{secret}')) LIMIT 1",
    "read_text in a CTE": "WITH s AS (SELECT content FROM read_text('{secret}')) SELECT * FROM s",
    "glob": "SELECT * FROM glob('/root/*')",
    "sniff_csv": "SELECT * FROM sniff_csv('{secret}')",
    "parquet_metadata": "SELECT * FROM parquet_metadata('{secret}')",
    "file path as a table": "SELECT * FROM '{secret}'",
    "quoted csv name as a table": 'SELECT * FROM "{secret}"',
    "url as a table": "SELECT * FROM 'https://example.com/x.csv'",
    "query() runs SQL text": "SELECT * FROM query('SELECT 1')",
    "getenv": "SELECT getenv('HOME')",
    "install": "INSTALL httpfs",
    "load": "LOAD httpfs",
    "create secret": "CREATE SECRET s (TYPE s3, KEY_ID 'a', SECRET 'b')",
    "set": "SET enable_external_access = true",
    "set variable": "SET VARIABLE x = 1",
    "pragma": "PRAGMA threads = 1",
    "attach": "ATTACH '{out}' AS other",
    "detach": "DETACH small",
    "use": "USE memory",
    "export database": "EXPORT DATABASE '{outdir}'",
    "checkpoint": "CHECKPOINT",
    "call": "CALL pragma_version()",
    "create temp table": "CREATE TEMP TABLE x AS SELECT 1",
    "delete": "DELETE FROM contacts",
    "insert inside a CTE": "WITH x AS (INSERT INTO orders VALUES ('2024-01-01', 'hotel', 'gold', 1) RETURNING *) SELECT * FROM x",
    "two statements": "SELECT 1; DROP TABLE contacts",
    "select then copy": "SELECT 1; COPY (SELECT 1) TO '{out}'",
    "empty": "",
    "whitespace": "   \n\t ",
    "only a comment": "-- nothing here",
    "not SQL": "selec * frm contacts",
}


@pytest.mark.parametrize("name", list(ATTACKS))
def test_attack_is_refused_and_changes_nothing(name, small_warehouse, tmp_path, secret, capsys):
    out = tmp_path / "written_by_copy.csv"
    outdir = tmp_path / "exported"
    sql = ATTACKS[name].format(wh=small_warehouse, out=out, outdir=outdir, secret=secret)
    before, before_sha = fingerprint(small_warehouse), file_sha(small_warehouse)

    code, stdout, stderr = run(capsys, sql, "--warehouse", str(small_warehouse))

    assert code == 2, (name, stdout, stderr)
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), stderr
    assert "Traceback" not in stderr and "TOP-SECRET" not in stdout + stderr
    assert not out.exists() and not outdir.exists()
    assert fingerprint(small_warehouse) == before
    assert file_sha(small_warehouse) == before_sha


def test_refusals_name_what_was_refused(small_warehouse, tmp_path, capsys):
    cases = {
        f"COPY (SELECT 'garbage') TO '{small_warehouse}'": "data query runs one read-only SELECT (or WITH ... SELECT); COPY ... is refused",
        "SELECT * FROM read_csv('/etc/passwd')": "read_csv() reads files",
        "CREATE SECRET s (TYPE s3)": "CREATE SECRET ... is refused",
        "SELECT 1; SELECT 2": "holds 2 statements",
        "": "the SQL is empty",
    }
    for sql, expected in cases.items():
        code, _, err = run(capsys, sql, "--warehouse", str(small_warehouse))
        assert code == 2 and expected in err, (sql, err)


ENGINE_ATTACKS = [  # what the connection itself refuses, with no SQL check in front
    "COPY (SELECT 'garbage') TO '{wh}'",
    "COPY (SELECT 1) TO '{out}'",
    "SELECT * FROM read_text('{secret}')",
    "SELECT * FROM read_csv('{secret}')",
    "SELECT * FROM glob('{tmp}/*')",
    "SELECT * FROM '{secret}'",
    "INSTALL httpfs",
    "LOAD httpfs",
    "SET enable_external_access = true",
    "SET threads = 1",
    "ATTACH '{out}' AS other",
    "EXPORT DATABASE '{outdir}'",
    "CREATE TABLE main.x AS SELECT 1",
]


@pytest.mark.parametrize("sql", ENGINE_ATTACKS)
def test_hardened_connection_refuses_on_its_own(sql, small_warehouse, tmp_path, secret):
    out, outdir = tmp_path / "engine_out.csv", tmp_path / "engine_export"
    before, before_sha = fingerprint(small_warehouse), file_sha(small_warehouse)
    con = hardened_connection(small_warehouse)
    try:
        with pytest.raises(duckdb.Error):
            con.execute(sql.format(wh=small_warehouse, out=out, outdir=outdir, secret=secret,
                                   tmp=tmp_path)).fetchall()
    finally:
        con.close()
    assert not out.exists() and not outdir.exists()
    assert fingerprint(small_warehouse) == before and file_sha(small_warehouse) == before_sha


def test_python_variables_are_not_readable_by_name(small_warehouse):
    import pandas as pd

    leaked = pd.DataFrame({"password": ["hunter2"]})  # noqa: F841 - a replacement scan would find it
    con = hardened_connection(small_warehouse)
    try:
        with pytest.raises(InputError, match="leaked"):
            run_query(con, "SELECT * FROM leaked")
    finally:
        con.close()


def test_select_with_and_union_still_work(small_warehouse, capsys):
    code, out, err = run(capsys, "SELECT count(*) AS n FROM contacts", "--json",
                         "--warehouse", str(small_warehouse))
    assert code == 0 and '"n": 300' in out, err
    code, out, _ = run(capsys, "WITH a AS (SELECT * FROM orders WHERE member_tier = 'gold') "
                               "SELECT sum(orders) AS s FROM a", "--json", "--warehouse", str(small_warehouse))
    # the seed's gold orders: 100 + d for d = 1..20 -> 2000 + 210
    assert code == 0 and '"s": 2210' in out
    code, out, _ = run(capsys, "SELECT 1 AS x UNION ALL SELECT 2", "--json", "--warehouse", str(small_warehouse))
    assert code == 0 and '"x": 2' in out


def test_limit_cuts_and_says_so(small_warehouse, capsys):
    code, out, err = run(capsys, "SELECT contact_id FROM contacts ORDER BY contact_id", "--limit", "7",
                         "--json", "--warehouse", str(small_warehouse))
    assert code == 0
    import json

    rows = json.loads(out)
    assert len(rows) == 7 and rows[0]["contact_id"] == "c0"
    assert "first 7 rows" in err
    code, out, err = run(capsys, "SELECT count(*) AS n FROM contacts", "--limit", "1",
                         "--json", "--warehouse", str(small_warehouse))
    assert code == 0 and "first" not in err  # one row fits: nothing cut
    code, out, err = run(capsys, "SELECT * FROM contacts", "--limit", "5", "--warehouse", str(small_warehouse))
    assert code == 0 and "showing the first 5 rows" in out
    code, _, err = run(capsys, "SELECT 1", "--limit", "0", "--warehouse", str(small_warehouse))
    assert code == 2 and err.startswith("error:")


def test_limit_stops_reading_a_huge_result():
    con = duckdb.connect()
    df = run_query(con, "SELECT range AS i FROM range(10000000000)", limit=5000)  # 1e10 rows
    assert len(df) == 5000 and df["i"].iloc[-1] == 4999


def test_check_select_returns_the_statement_and_refuses_nested_writes():
    assert check_select("  SELECT 1  ") == "SELECT 1"
    with pytest.raises(InputError, match="INSERT"):
        check_select("SELECT * FROM (WITH x AS (INSERT INTO t VALUES (1) RETURNING *) SELECT * FROM x)")
