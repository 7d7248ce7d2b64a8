"""Rows (plain dicts) as a rich table, without pandas: the program's fast CLI paths print
with this (numbers to 4 significant digits, like :func:`sixsigma.cli.common.print_frame`)."""

from __future__ import annotations

import contextlib
import datetime as dt


def cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        return f"{v:.4g}" if v == v else ""
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v)


def print_rows(console, rows: list[dict], columns: tuple[tuple[str, str], ...], title: str | None = None,
               max_rows: int = 60, nowrap: int = 1) -> None:
    """``columns`` are (header, key) pairs; at most ``max_rows`` rows, then a note; the first
    ``nowrap`` columns (ids, names) never fold."""
    from rich.table import Table

    table = Table(title=title, header_style="bold")
    shown = rows[:max_rows]
    cells = [[cell(r.get(k)) for _, k in columns] for r in shown]
    for j, (head, key) in enumerate(columns):
        numeric = any(isinstance(r.get(key), (int, float)) and not isinstance(r.get(key), bool) for r in shown)
        widest = max([len(head), *(len(c[j]) for c in cells)])
        table.add_column(head, justify="right" if numeric else "left", no_wrap=j < nowrap,
                         min_width=widest if widest <= 20 else None)
    for c in cells:
        table.add_row(*c)
    console.print(table)
    if len(rows) > max_rows:
        console.print(f"... {len(rows) - max_rows} more rows (filter, or use --json for all)")


@contextlib.contextmanager
def reading_progress(label: str = "Reading project folders", at_least: int = 50):
    """A ``progress(done, total)`` callback for :func:`sixsigma.program.index.open_index`: a
    transient rich bar on stderr once ``total`` reaches ``at_least`` (the first listing of a
    large portfolio), nothing otherwise; stdout (tables, --json) is untouched."""
    state: dict = {}

    def update(done: int, total: int) -> None:
        if total < at_least:
            return
        if "bar" not in state:
            from rich.console import Console
            from rich.progress import Progress

            state["bar"] = Progress(console=Console(stderr=True), transient=True)
            state["bar"].start()
            state["task"] = state["bar"].add_task(f"{label} into the portfolio index", total=total)
        state["bar"].update(state["task"], completed=done)

    try:
        yield update
    finally:
        if "bar" in state:
            state["bar"].stop()
