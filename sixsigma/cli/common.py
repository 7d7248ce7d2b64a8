"""Helpers every command group shares: reading files, filters, output (rich or --json)."""

from __future__ import annotations

import html
import json
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


def print_frame(df: pd.DataFrame, title: str | None = None, max_rows: int = 60) -> None:
    """Print a DataFrame as a rich table (numbers formatted to 4 significant digits)."""
    import pandas as pd
    from rich.table import Table

    table = Table(title=title, show_lines=False, header_style="bold")
    shown = df.head(max_rows)
    cells = [[_fmt(v) for v in row] for row in shown.itertuples(index=False)]
    for j, col in enumerate(df.columns):
        widest = max([len(str(col)), *(len(r[j]) for r in cells)])
        table.add_column(
            str(col),
            justify="right" if pd.api.types.is_numeric_dtype(df[col]) else "left",
            min_width=widest if widest <= 20 else None,  # short values (dates, ids) never fold
        )
    for row in cells:
        table.add_row(*row)
    console.print(table)
    if len(df) > max_rows:
        console.print(f"... {len(df) - max_rows} more rows (use --json for all)")


def _fmt(v: Any) -> str:
    import pandas as pd

    if v is None:
        return ""
    if isinstance(v, float):
        if v != v:
            return ""
        if v.is_integer() and abs(v) < 1e15:
            return f"{v:,.0f}"  # counts, orders
        if abs(v) >= 1000:
            return f"{v:,.1f}"
        return f"{v:.4g}"
    if isinstance(v, pd.Timestamp):
        return v.date().isoformat() if v == v.normalize() else v.isoformat()
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
