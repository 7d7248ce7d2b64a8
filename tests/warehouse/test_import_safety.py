"""Imports let no bad number in (issue 16): each bad file is refused through the real CLI with
its file, line and column, the warehouse fingerprint unchanged; a fuzz test over CSV bytes; and
an import killed at several moments (during its commit too) leaves exactly the before- or the
after-state."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from safety_support import CONTACT_HEADER, contact_rows, fingerprint

from sixsigma.cli.app import main
from sixsigma.errors import SixSigmaError
from sixsigma.warehouse import Warehouse

ORDERS_HEADER = "date,business_line,member_tier,orders"


def cli_import(capsys, path, table, wh):
    code = main(["data", "import", str(path), "--table", table, "--warehouse", str(wh)])
    out = capsys.readouterr()
    return code, out.out, out.err


def replace_field(row: str, column: str, value: str) -> str:
    cells = row.split(",")
    cells[CONTACT_HEADER.split(",").index(column)] = value
    return ",".join(cells)


def contacts_file(tmp_path, name, rows):
    p = tmp_path / name
    p.write_text("\n".join([CONTACT_HEADER, *rows]) + "\n")
    return p


# (file name, table, file text, [(expected line, column, words in the message)])
GOOD = contact_rows(6, first=5000)
CASES = [
    ("nan.csv", "contacts", [GOOD[0], replace_field(GOOD[1], "wait_s", "nan"), GOOD[2]],
     [(3, "wait_s", "'nan' is not a finite number")]),
    ("inf.csv", "contacts", [replace_field(GOOD[0], "handle_s", "inf")],
     [(2, "handle_s", "'inf' is not a finite number")]),
    ("minus_inf.csv", "contacts", [GOOD[0], GOOD[1], replace_field(GOOD[2], "wait_s", "-Infinity")],
     [(4, "wait_s", "not a finite number")]),
    ("overflow.csv", "contacts", [replace_field(GOOD[0], "handle_s", "1e400")],
     [(2, "handle_s", "'1e400' is not a finite number")]),
    ("ws_key.csv", "contacts", [GOOD[0], replace_field(GOOD[0], "contact_id", " c5000 ")],
     [(3, "contact_id", "same key (contact_id=c5000) as line 2")]),
    ("tz.csv", "contacts", [replace_field(GOOD[0], "started_at", "2024-03-01 10:00:00+08")],
     [(2, "started_at", "time-zone offset")]),
    ("tz_z.csv", "contacts", [GOOD[0], replace_field(GOOD[1], "started_at", "2024-03-01T10:00:00Z")],
     [(3, "started_at", "time-zone offset")]),
    ("ragged_more.csv", "contacts", [GOOD[0], GOOD[1] + ",extra", GOOD[2]],
     [(3, None, "has 22 fields but the header has 21")]),
    ("ragged_less.csv", "contacts", [GOOD[0], GOOD[1], ",".join(GOOD[2].split(",")[:5])],
     [(4, None, "has 5 fields but the header has 21")]),
    # a quoted newline in row 1 (lines 2-3): the bad csat on the next record is on file line 4
    ("quoted_newline.csv", "contacts",
     [replace_field(GOOD[0], "reason", '"refund\nrequest"'), replace_field(GOOD[1], "csat", "9")],
     [(4, "csat", "9 is outside the allowed range 1..5")]),
    ("blank_line.csv", "contacts", [GOOD[0], "", replace_field(GOOD[1], "csat", "0")],
     [(4, "csat", "0 is outside the allowed range 1..5")]),
]


def orders_file(tmp_path, name, rows):
    p = tmp_path / name
    p.write_text("\n".join([ORDERS_HEADER, *rows]) + "\n")
    return p


def assert_refused(code, err, name, expected):
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in err, err
    assert name in err and "nothing imported" in err, err
    for line, column, words in expected:
        where = f"line {line}, column {column}: " if column else f"line {line}: "
        assert where + words in err or (where in err and words in err), (where, words, err)


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_bad_contacts_file_is_refused_with_line_and_column(case, small_warehouse, tmp_path, capsys):
    name, table, rows, expected = case
    path = contacts_file(tmp_path, name, rows)
    before = fingerprint(small_warehouse)
    code, _, err = cli_import(capsys, path, table, small_warehouse)
    assert_refused(code, err, name, expected)
    assert fingerprint(small_warehouse) == before


def test_orders_keyed_by_parsed_date(small_warehouse, tmp_path, capsys):
    """2031-01-01 and 2031-1-1 are one date, so one orders key: refused, not double-counted."""
    path = orders_file(tmp_path, "orders_dup.csv", [
        "2031-01-01,intl_hotel,regular,5", "2031-01-02,intl_hotel,regular,6", "2031-1-1,intl_hotel,regular,7"])
    before = fingerprint(small_warehouse)
    code, _, err = cli_import(capsys, path, "orders", small_warehouse)
    assert_refused(code, err, "orders_dup.csv", [
        (4, "date+business_line+member_tier",
         "same key (date=2031-01-01, business_line=intl_hotel, member_tier=regular) as line 2")])
    assert fingerprint(small_warehouse) == before


def test_reimporting_a_key_with_other_spelling_replaces_it(small_warehouse, tmp_path, capsys):
    """Against what is stored the load replaces by the typed key: 2024-3-1 replaces 2024-03-01."""
    path = orders_file(tmp_path, "orders_again.csv", ["2024-3-1, intl_hotel ,regular,999"])
    code, out, err = cli_import(capsys, path, "orders", small_warehouse)
    assert code == 0, err
    assert "1 replaced" in out
    con = duckdb.connect(str(small_warehouse), read_only=True)
    rows = con.execute("SELECT orders FROM orders WHERE date = DATE '2024-03-01' "
                       "AND business_line = 'intl_hotel' AND member_tier = 'regular'").fetchall()
    con.close()
    assert rows == [(999,)]


def test_date_with_a_time_of_day_is_refused(small_warehouse, tmp_path, capsys):
    path = orders_file(tmp_path, "orders_time.csv", ["2031-01-01 10:00,intl_hotel,regular,5"])
    code, _, err = cli_import(capsys, path, "orders", small_warehouse)
    assert_refused(code, err, "orders_time.csv", [(2, "date", "has a time of day")])


def test_duplicate_header_names_are_refused(small_warehouse, tmp_path, capsys):
    path = tmp_path / "dup_header.csv"
    path.write_text(CONTACT_HEADER + ",csat\n" + GOOD[0] + ",3\n")
    before = fingerprint(small_warehouse)
    code, _, err = cli_import(capsys, path, "contacts", small_warehouse)
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert "dup_header.csv: line 1, column 22: the header name 'csat' repeats column 18" in err
    assert fingerprint(small_warehouse) == before


def test_parquet_nan_and_inf_are_refused(small_warehouse, tmp_path, capsys):
    pq = tmp_path / "nan.parquet"
    src = contacts_file(tmp_path, "src.csv", contact_rows(4, first=7000))
    con = duckdb.connect()
    con.execute(
        f"COPY (SELECT * REPLACE (CASE WHEN contact_id = 'c7001' THEN 'nan'::DOUBLE "
        f"WHEN contact_id = 'c7003' THEN 'inf'::DOUBLE ELSE wait_s END AS wait_s) "
        f"FROM read_csv('{src}')) TO '{pq}' (FORMAT parquet)")
    con.close()
    before = fingerprint(small_warehouse)
    code, _, err = cli_import(capsys, pq, "contacts", small_warehouse)
    assert code == 2, err
    assert "row 2, column wait_s: 'nan' is not a finite number" in err
    assert "row 4, column wait_s: 'inf' is not a finite number" in err
    assert fingerprint(small_warehouse) == before


def test_a_good_file_still_imports(small_warehouse, tmp_path, capsys):
    path = contacts_file(tmp_path, "good.csv", contact_rows(25, first=9000))
    code, out, err = cli_import(capsys, path, "contacts", small_warehouse)
    assert code == 0, err
    assert "25 added" in out and "325 now" in out


# -- fuzz ------------------------------------------------------------------------------------
CSV_ALPHABET = st.sampled_from(
    [b",", b'"', b"\n", b"\r", b" ", b"nan", b"inf", b"1e400", b"-1", b"x", b"\xff", b"\x00",
     b"2024-03-01 10:00:00+08", b"c1", b"true", b"3", b"intl_hotel"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.lists(CSV_ALPHABET, max_size=60).map(b"".join),
       header=st.sampled_from([CONTACT_HEADER.encode(), b"contact_id,csat", b"", b"a,a"]),
       good_rows=st.integers(0, 3))
def test_fuzz_csv_import_raises_only_our_errors(small_warehouse, tmp_path, body, header, good_rows):
    path = tmp_path / "fuzz.csv"
    rows = "\n".join(contact_rows(good_rows, first=8000)).encode()
    path.write_bytes(header + b"\n" + rows + (b"\n" if rows else b"") + body)
    before = fingerprint(small_warehouse)
    try:
        with Warehouse(small_warehouse) as wh:
            wh.import_file(path, "contacts")
    except SixSigmaError as exc:
        assert "\n" not in str(exc)  # one line
        assert fingerprint(small_warehouse) == before
    else:  # it imported: every stored number is finite
        con = duckdb.connect(str(small_warehouse), read_only=True)
        bad = con.execute("SELECT count(*) FROM contacts WHERE NOT isfinite(wait_s) "
                          "OR NOT isfinite(handle_s)").fetchone()[0]
        con.close()
        assert bad == 0


# -- crash safety ----------------------------------------------------------------------------
KILL_SCRIPT = textwrap.dedent("""
    import sys
    from sixsigma.warehouse import Warehouse
    with Warehouse(sys.argv[1]) as wh:
        wh.import_file(sys.argv[2], "contacts")
    print("done")
""")


@pytest.fixture
def big_import(tmp_path):
    """A file that replaces 200 stored contacts and adds 2,800 new ones."""
    return contacts_file(tmp_path, "big.csv", contact_rows(3000, first=100))


def expected_states(small_warehouse, big_import, tmp_path):
    import shutil

    before = fingerprint(small_warehouse)
    copy = tmp_path / "after.duckdb"
    shutil.copy(small_warehouse, copy)
    with Warehouse(copy) as wh:
        wh.import_file(big_import, "contacts")
    return before, fingerprint(copy)


@pytest.mark.parametrize("moment", [
    "start", "staged", "validated", "begin", "deleted", "inserted", "commit", "committed",
    "commit+0", "commit+1", "commit+3", "committed+1", "committed+5",
])
def test_import_killed_leaves_before_or_after_state(moment, small_warehouse, big_import, tmp_path):
    before, after = expected_states(small_warehouse, big_import, tmp_path)
    assert before != after
    env = {**os.environ, "SIXSIGMA_IMPORT_KILL_AT": moment}
    proc = subprocess.run([sys.executable, "-c", KILL_SCRIPT, str(small_warehouse), str(big_import)],
                          env=env, capture_output=True, text=True, timeout=120)
    if proc.returncode == 0:  # a timed kill can come after the process already finished
        assert "+" in moment and "done" in proc.stdout
    else:
        assert proc.returncode == -signal.SIGKILL, proc.stderr
    state = fingerprint(small_warehouse)
    assert state in (before, after), moment
    if moment in {"start", "staged", "validated", "begin", "deleted", "inserted", "commit"}:
        assert state == before, moment
    if moment == "committed":
        assert state == after, moment


def test_import_killed_at_random_times(small_warehouse, big_import, tmp_path):
    """SIGKILL from outside after 0.2 s ... 2 s: whatever it hit, before or after, never between."""
    before, after = expected_states(small_warehouse, big_import, tmp_path)
    for delay in (0.2, 0.6, 1.0, 1.5, 2.0):
        proc = subprocess.Popen([sys.executable, "-c", KILL_SCRIPT, str(small_warehouse), str(big_import)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        assert fingerprint(small_warehouse) in (before, after), delay
