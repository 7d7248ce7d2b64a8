"""CLI tables at 80 columns, on a terminal and piped: ids whole, no `<NA>`, no bare 0 p-value,
no wrapping one word per line, nothing wider than the terminal."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from rich.console import Console

from sixsigma.cli import common
from sixsigma.cli.app import main

REPO = Path(__file__).resolve().parents[2]
FLAGSHIP = "reduce-intl-hotel-manual-cpo"


@pytest.fixture
def projects(tmp_path, monkeypatch):
    root = tmp_path / "projects"
    shutil.copytree(REPO / "projects" / FLAGSHIP, root / FLAGSHIP)
    monkeypatch.setenv("SIXSIGMA_PROJECTS", str(root))
    monkeypatch.setenv("COLUMNS", "80")
    return root


@pytest.fixture
def terminal(monkeypatch):
    """The shared console as an 80-column terminal (no colour codes, so the text is plain)."""
    con = Console(force_terminal=True, width=80, color_system=None, highlight=False, soft_wrap=True)
    monkeypatch.setattr(common._LazyConsole, "_console", con)
    return con


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def ids(capsys, *args, key="id", summary=False):
    """The ids the command's --json lists (and its summary text)."""
    data = json.loads(run(capsys, *args, "--json"))
    rows = data if isinstance(data, list) else data.get("table") or next(
        v for v in data.values() if isinstance(v, list))
    got = [r[key] for r in rows]
    return (got, data.get("summary", "") if isinstance(data, dict) else "") if summary else got


COMMANDS = [
    (("rootcause", "fmea", FLAGSHIP), "id", 15),
    (("rootcause", "list", FLAGSHIP), "id", 214),
    (("rootcause", "ce", FLAGSHIP), "input", None),
    (("data", "metrics"), "name", None),
    (("project", "list"), "id", 1),
]


@pytest.mark.parametrize(("args", "key", "n"), COMMANDS, ids=lambda a: " ".join(a) if isinstance(a, tuple) else None)
def test_piped_tables_are_tab_separated_with_every_id_whole(capsys, projects, args, key, n):
    want = ids(capsys, *args, key=key)
    assert n is None or len(want) == n
    out = run(capsys, *args)
    lines = out.splitlines()
    header = next(i for i, ln in enumerate(lines) if key in ln.split("\t"))
    cols = lines[header].split("\t")
    rows = [ln.split("\t") for ln in lines[header + 1: header + 1 + len(want)]]
    assert all(len(r) == len(cols) for r in rows), out  # one line per row, no folding
    assert [r[cols.index(key)] for r in rows] == want  # every id whole, in order
    assert "<NA>" not in out and "…" not in out and "nan" not in out.split()


@pytest.mark.parametrize(("args", "key", "n"), COMMANDS, ids=lambda a: " ".join(a) if isinstance(a, tuple) else None)
def test_terminal_tables_fit_80_columns_with_every_id_whole(capsys, projects, terminal, args, key, n):
    want, summary = ids(capsys, *args, key=key, summary=True)
    out = run(capsys, *args)
    lines = out.splitlines()
    words = {w for ln in lines for w in ln.split()}
    # The table's lines fit (a summary paragraph after it is left to the terminal to wrap).
    table = [ln for ln in lines if set(ln.split()) & set(want) and ln.strip() not in summary]
    assert table and max(len(ln) for ln in table) <= 80, max(table, key=len)
    assert set(want) <= words  # no id cut or folded
    assert "<NA>" not in out and "…" not in out
    # Long text wraps in lines of several words, never one word per line.
    texts = [ln.strip() for ln in lines if ln.startswith("    ") and ln.strip()]
    assert not texts or np.mean([len(t.split()) for t in texts]) >= 3


def test_fmea_is_a_table_at_80_columns(capsys, projects, terminal):
    out = run(capsys, "rootcause", "fmea", FLAGSHIP)
    head = next(ln for ln in out.splitlines() if "sev" in ln)
    assert head.split()[:8] == ["rank", "id", "step", "failure", "mode", "sev", "occ", "det"]
    row = next(ln for ln in out.splitlines() if " F03 " in ln)
    assert row.split()[:2] == ["4", "F03"] and row.rstrip().endswith("288")  # no revised RPN: blank, not <NA>


def test_cells_p_values_missing_values_and_digits(capsys):
    df = pd.DataFrame({
        "pair": ["Bravo-Alpha", "Charlie-Alpha", "Charlie-Bravo"],
        "p_adj": [0.0, 0.0312, np.nan],
        "n": pd.array([12, None, 30_000], dtype="Int64"),
        "value": [190.0991252964991, 0.000012345, 1234.5678],
        "date": [pd.Timestamp("2024-01-01"), pd.NaT, pd.Timestamp("2024-03-04 12:30")],
    })
    common.print_frame(df, title="Pairwise")
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Pairwise" and out[1] == "pair\tp_adj\tn\tvalue\tdate"
    assert out[2].split("\t") == ["Bravo-Alpha", "<0.001", "12", "190.1", "2024-01-01"]
    assert out[3].split("\t") == ["Charlie-Alpha", "0.031", "", "1.234e-05", ""]
    assert out[4].split("\t") == ["Charlie-Bravo", "", "30,000", "1,234.6", "2024-03-04T12:30:00"]
    assert out[5] == f"note: {common.P_NOTE}"


def test_print_table_without_pandas_values(capsys):
    common.print_table(["id", "p", "share"], [("a", 0.2, None), ("b", 0.0004, 0.5)])
    assert capsys.readouterr().out == "id\tp\tshare\na\t0.200\t\nb\t<0.001\t0.5\nnote: " + common.P_NOTE + "\n"


def test_show_prints_record_text_as_written_not_as_markup(capsys, projects):
    fishbone = projects / FLAGSHIP / "fishbone.yaml"
    fishbone.write_text(fishbone.read_text().replace(
        "text: Language and translation gaps at the Kuala Lumpur site",
        "text: Language gaps [bold]at KL[/bold] [red]", 1))
    out = run(capsys, "rootcause", "show", FLAGSHIP, "ppl-kl-language")
    assert "text: Language gaps [bold]at KL[/bold] [red]" in out
