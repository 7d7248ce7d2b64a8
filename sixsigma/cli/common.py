"""Helpers every command group shares: reading files, filters, output (rich or --json)."""

from __future__ import annotations

import html
import json
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from sixsigma.cli._names import WAREHOUSE_ENV
from sixsigma.errors import InputError

if TYPE_CHECKING:
    import pandas as pd


class _LazyConsole:
    """The shared rich Console, created (and rich imported) on first use."""

    _console = None

    def get(self):
        """The real ``rich.console.Console`` (give this to rich objects such as Progress)."""
        if _LazyConsole._console is None:
            from rich.console import Console

            _LazyConsole._console = Console(highlight=False, soft_wrap=True)
        return _LazyConsole._console

    def __getattr__(self, name: str):
        return getattr(self.get(), name)


console = _LazyConsole()

WarehouseOption = typer.Option(
    None,
    "--warehouse",
    envvar=WAREHOUSE_ENV,
    help="DuckDB warehouse file (default datasets/warehouse.duckdb; env SIXSIGMA_WAREHOUSE).",
)
JsonOption = typer.Option(False, "--json", help="Print the result as JSON.")
StartOption = typer.Option(None, "--start", help="First date of the window (inclusive), ISO.")
EndOption = typer.Option(None, "--end", help="End of the window (exclusive), ISO.")
HtmlOption = typer.Option(None, "--html", help="Also write the figure as a self-contained HTML file.")
KeepPartialOption = typer.Option(
    False, "--keep-partial",
    help="Keep a week/month at either end that the window or the data cut short (marked "
         "partial); by default it is dropped and the output says so.")
FilterOption = typer.Option(
    None, "--filter", help="Dimension filter DIM=VALUE[,VALUE...]; repeat for more dimensions."
)


def partial_note(df: pd.DataFrame) -> str:
    """The line that says which cut-short periods a metric frame dropped (or kept, marked)."""
    dropped, kept = df.attrs.get("partial_dropped"), df.attrs.get("partial_kept")
    if dropped:
        return (f"note: left out {len(dropped)} partial period(s) at the window's ends: "
                f"{', '.join(dropped)}; --keep-partial keeps them")
    if kept:
        return f"note: kept {len(kept)} partial period(s), marked partial: {', '.join(kept)}"
    return ""


def read_table(path: str | Path) -> pd.DataFrame:
    """Read a CSV or Parquet file into a DataFrame with a clear error when it cannot."""
    import pandas as pd

    from sixsigma.warehouse.files import read_parquet

    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: file not found; give the path of a CSV or Parquet file")
    if p.is_dir():
        raise InputError(f"{p}: is a folder; give the path of a CSV or Parquet file")
    suffix = p.suffix.lower()
    if suffix in {".parquet", ".pq"}:
        return read_parquet(p)
    try:
        if suffix in {".csv", ".txt", ".tsv"}:
            return pd.read_csv(p, sep="\t" if suffix == ".tsv" else ",")
    except pd.errors.EmptyDataError:
        raise InputError(f"{p}: the file is empty; give a CSV with a header row and data") from None
    except Exception as exc:  # pandas raises many kinds; the user needs one line
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        raise InputError(f"{p}: could not be read ({exc.__class__.__name__}: {first})") from None
    raise InputError(f"{p}: unsupported file type {suffix!r}; use .csv or .parquet")


def parse_filters(items: list[str] | None) -> dict[str, list[str]]:
    """Parse repeated ``--filter dim=a,b`` options into {dim: [a, b]}."""
    out: dict[str, list[str]] = {}
    for item in items or []:
        if "=" not in item:
            raise InputError(f"--filter {item!r}: expected DIM=VALUE, e.g. business_line=intl_hotel")
        dim, _, values = item.partition("=")
        vals = [v.strip() for v in values.split(",") if v.strip()]
        if not dim.strip() or not vals:
            raise InputError(f"--filter {item!r}: expected DIM=VALUE, e.g. business_line=intl_hotel")
        out.setdefault(dim.strip(), []).extend(vals)
    return out


def split_list(text: str | None) -> list[str]:
    """Split a comma-separated option value into stripped items."""
    return [t.strip() for t in (text or "").split(",") if t.strip()]


def print_json(obj: Any) -> None:
    """Print a JSON-safe rendering of obj (results print their to_dict())."""
    import pandas as pd

    from sixsigma.results import jsonable

    if hasattr(obj, "to_dict") and not isinstance(obj, (pd.DataFrame, pd.Series)):
        obj = obj.to_dict()
    typer.echo(json.dumps(jsonable(obj), indent=2, allow_nan=False))


#: Columns that hold p-values: shown with the rule of :func:`fmt_p_cell`.
P_COLUMNS = frozenset({"p", "p_value", "p-value", "p_adj", "p (adj)", "p_adjusted"})
P_FLOOR = 0.001  # Minitab prints p-values with 3 decimals; below 0.001 a table says <0.001
P_NOTE = f"p-values below {P_FLOOR:g} are shown as <{P_FLOOR:g} (3 decimals, as Minitab prints them)"
TEXT_MIN = 16  # a long text column gets at least this width on a terminal (never a word per line)


def is_key(column: str) -> bool:
    """An id the next command needs (``id``, ``*_id``, a project or metric name): never cut."""
    c = str(column).lower()
    return c in {"id", "name", "project", "cause", "metric", "period"} or c.endswith("_id")


def print_frame(df: pd.DataFrame, title: str | None = None, max_rows: int = 60) -> None:
    """Print a DataFrame for a reader through :func:`print_table` (numbers to 4 significant
    digits, p-values by the rule in :data:`P_NOTE`, missing values blank, ids in full)."""
    shown = df.head(max_rows)
    numeric = [df[c].dtype.kind in "iuf" for c in df.columns]
    print_table([str(c) for c in df.columns], list(shown.itertuples(index=False)), title=title,
                numeric=numeric, more=len(df) - len(shown))


def print_table(columns: list[str], rows: list, title: str | None = None, numeric: list[bool] | None = None,
                more: int = 0) -> None:
    """Print rows (sequences of raw values, one per column) as a table; pandas-free.

    On a terminal a rich table: id, number and short columns never wrap or get cut, long text
    wraps at words in at least :data:`TEXT_MIN` characters; when the ids and numbers alone do
    not fit the width, each row's short fields go on one line with its long texts beneath.
    Piped or redirected: plain tab-separated lines (the title, a header, one line per row) for
    ``cut``/``awk``/``column -t``; nothing folded or cut. ``more`` rows left out are counted.
    """
    cols = [str(c) for c in columns]
    cells = [[cell(v, c) for v, c in zip(row, cols, strict=True)] for row in rows]
    if numeric is None:
        numeric = [any(_is_number(r[j]) for r in rows) and all(_is_number(r[j]) or r[j] is None for r in rows)
                   for j in range(len(cols))]
    out = console.get()
    if out.is_terminal:
        _print_rich(cols, cells, numeric, title, out)
    else:
        if title:
            typer.echo(title)
        typer.echo("\t".join(cols))
        for row in cells:
            typer.echo("\t".join(v.replace("\t", " ").replace("\n", " ") for v in row))
    if more > 0:
        typer.echo(f"... {more} more rows (use --json for all)")
    if any(c.lower() in P_COLUMNS for c in cols) and any(v.startswith("<") for row in cells for v in row):
        typer.echo(f"note: {P_NOTE}")


def print_rows(rows: list[dict], columns: tuple[tuple[str, str], ...], title: str | None = None,
               max_rows: int = 60) -> None:
    """Rows as plain dicts through :func:`print_table`: ``columns`` are (header, key) pairs;
    at most ``max_rows`` rows, the rest counted."""
    shown = rows[:max_rows]
    print_table([h for h, _ in columns], [[r.get(k) for _, k in columns] for r in shown], title=title,
                more=len(rows) - len(shown))


def _is_number(v: Any) -> bool:
    import numbers

    return isinstance(v, numbers.Real) and not isinstance(v, bool) and type(v).__name__ != "bool_"


def _print_rich(cols: list[str], cells: list[list[str]], numeric: list[bool], title: str | None, out) -> None:
    from rich import box
    from rich.table import Table

    heads = [c.replace("_", " ") for c in cols]  # headers may wrap between words
    values = [max([0, *(len(r[j]) for r in cells)]) for j in range(len(cols))]
    fixed = [is_key(c) or numeric[j] or max(values[j], len(heads[j])) <= TEXT_MIN for j, c in enumerate(cols)]
    widths = [max(values[j], len(heads[j]), 1) if fixed[j] else TEXT_MIN for j in range(len(cols))]
    if sum(widths) + 2 * len(cols) > out.width:  # headers wrap between words only when needed
        widths = [max(values[j], *(len(w) for w in heads[j].split()), 1) if fixed[j] else TEXT_MIN
                  for j in range(len(cols))]
    if sum(widths) + 2 * len(cols) > out.width:
        _print_narrow(heads, cells, numeric, fixed, widths, title, out)
        return
    table = Table(title=title, box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False, collapse_padding=True)
    for j, h in enumerate(heads):
        head = textwrap.fill(h, widths[j], break_long_words=False) if fixed[j] else h
        table.add_column(head, justify="right" if numeric[j] else "left", no_wrap=fixed[j],
                         min_width=widths[j], overflow="fold")
    for row in cells:
        table.add_row(*row)
    out.print(table, markup=False)


def _print_narrow(heads, cells, numeric, fixed, widths, title, out) -> None:
    """Rows too wide for the terminal: the id, number and short columns on one line and each
    long text wrapped beneath it, indented; when even those do not fit, one block per row."""
    if title:
        out.print(title, style="bold", markup=False, soft_wrap=False)
    keep = [j for j in range(len(heads)) if fixed[j]]
    texts = [j for j in range(len(heads)) if not fixed[j]]
    width = max(out.width, 20)
    if sum(widths[j] for j in keep) + 2 * (len(keep) - 1) <= width:
        def line(row):
            return "  ".join(row[j].rjust(widths[j]) if numeric[j] else row[j].ljust(widths[j])
                             for j in keep).rstrip()
        out.print(line(heads), style="bold", markup=False)
        if texts:
            out.print("    " + " / ".join(heads[j] for j in texts), style="bold", markup=False)
        for row in cells:
            out.print(line(row), markup=False)
            for j in texts:
                for part in textwrap.wrap(row[j], width - 4) or [""]:
                    out.print("    " + part, markup=False)
        return
    label = max(len(h) for h in heads)
    for i, row in enumerate(cells):
        out.print("" if i == 0 else "-" * min(width, 40), markup=False)
        for h, v in zip(heads, row, strict=True):
            for k, part in enumerate(textwrap.wrap(v, max(width - label - 2, 10)) or [""]):
                out.print(f"{h if k == 0 else '':<{label}}  {part}", markup=False)


def fmt_p_cell(p: float) -> str:
    """A p-value in a table: '<0.001' below 0.001, else 3 decimals (Minitab's display)."""
    return f"<{P_FLOOR:g}" if p < P_FLOOR else f"{p:.3f}"


def fmt_number(v: float) -> str:
    """A float for a reader: whole numbers as integers (thousands separators from 10,000, as
    for int cells), 4 significant digits otherwise (1 decimal from 1,000), scientific below 1e-4."""
    if v.is_integer() and abs(v) < 1e15:
        return f"{v:,.0f}" if abs(v) >= 10_000 else f"{v:.0f}"
    if abs(v) >= 1000:
        return f"{v:,.1f}"
    return f"{v:.4g}" if abs(v) >= 1e-4 else f"{v:.3e}"


def cell(v: Any, column: str = "") -> str:
    """One table cell as text; pandas-free. Missing values (None, NaN, pandas' NA/NaT) are
    blank, never ``<NA>``/``nan``; p-value columns (:data:`P_COLUMNS`) by :func:`fmt_p_cell`;
    other floats by :func:`fmt_number`; dates ISO."""
    import datetime as dt
    import numbers

    if v is None or type(v).__name__ in ("NAType", "NaTType"):
        return ""
    if isinstance(v, bool) or type(v).__name__ == "bool_":
        return "yes" if v else "no"
    if isinstance(v, numbers.Integral):
        return f"{int(v):,}" if abs(int(v)) >= 10_000 else str(int(v))
    if isinstance(v, numbers.Real):
        v = float(v)
        if v != v:
            return ""
        return fmt_p_cell(v) if column.lower() in P_COLUMNS else fmt_number(v)
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time(0) and v.tzinfo is None else v.isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v)


def write_figure_html(path: Path, fig, summary: str | None = None) -> None:
    """Write a figure (and its plain-language summary) as one self-contained offline HTML file.

    plotly.js is embedded, every text is escaped, and the file is written atomically.
    """
    from sixsigma.paths import atomic_write_text

    title = html.escape(fig.layout.title.text or "sixsigma")
    text = f"<pre style='white-space: pre-wrap'>{html.escape(summary)}</pre>\n" if summary else ""
    page = (
        f"<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>{title}</title></head>"
        f"<body style='font-family: sans-serif; max-width: 1200px; margin: auto'>\n"
        f"{fig.to_html(full_html=False, include_plotlyjs=True)}\n{text}</body></html>\n"
    )
    atomic_write_text(path, page)
