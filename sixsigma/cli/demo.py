"""`sixsigma demo`: build the demo warehouse (if missing) and show what it holds."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from sixsigma.cli.common import WarehouseOption, console, print_frame
from sixsigma.warehouse import Warehouse, default_path
from sixsigma.warehouse.demo import DEFAULT_SEED, build_demo, write_parquet
from sixsigma.warehouse.overview import flagship_change, metric_overview


def _progress(label: str):
    return Progress(TextColumn(label), BarColumn(), TextColumn("{task.completed}/{task.total} months"),
                    TimeElapsedColumn(), console=console, transient=True)


def ensure_demo(path: Path, rebuild: bool = False, seed: int = DEFAULT_SEED, scale: float = 1.0) -> bool:
    """Build the demo warehouse at path when it is missing (or when rebuild); True if built."""
    if path.exists() and not rebuild:
        return False
    with _progress("Building demo warehouse") as bar:
        task = bar.add_task("build", total=None)
        build_demo(path, seed=seed, scale=scale,
                   progress=lambda i, n: bar.update(task, completed=i, total=n))
    return True


def demo_cmd(
    warehouse: Path = WarehouseOption,
    rebuild: bool = typer.Option(False, "--rebuild", help="Rebuild the demo warehouse even if it exists."),
    seed: int = typer.Option(DEFAULT_SEED, "--seed", help="Random seed of the demo data."),
    scale: float = typer.Option(1.0, "--scale", help="Volume multiplier (1 = about 2.7M contacts)."),
    parquet: Path = typer.Option(None, "--parquet", help="Instead, write the demo at --scale as Parquet files here (benchmarks)."),
) -> None:
    """Build the demo warehouse if it is missing, then print its metric overview."""
    if parquet is not None:
        with _progress(f"Writing Parquet x{scale:g}") as bar:
            task = bar.add_task("parquet", total=None)
            write_parquet(parquet, seed=seed, scale=scale,
                          progress=lambda i, n: bar.update(task, completed=i, total=n))
        console.print(f"Demo data x{scale:g} written to {parquet}/ (contacts/*.parquet, orders.parquet)")
        return
    path = Path(warehouse) if warehouse else default_path()
    built = ensure_demo(path, rebuild=rebuild, seed=seed, scale=scale)
    with Warehouse(path, read_only=True) as wh:
        lo, hi = wh.date_range()
        n = wh.row_count("contacts")
        console.print(f"[bold]Demo warehouse[/bold] {path} ({'built now' if built else 'existing'}): "
                      f"{n:,} contacts, {lo} to {hi}")
        overview = metric_overview(wh)
        story = flagship_change(wh)
    print_frame(overview, title="Metric overview: the last full year vs the year before")
    if story:
        console.print(
            f"International-hotel manual CPO: {story['before']:.4f} contacts/order in Q4 2023, "
            f"{story['after']:.4f} in April 2024 ({100 * story['change']:+.1f}%), after six "
            "improvement rounds from 2024-01-08."
        )


def register(app: typer.Typer) -> None:
    app.command("demo")(demo_cmd)
