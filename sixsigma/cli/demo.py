"""`sixsigma demo`: build the demo warehouse (if missing), show what it holds, and write the
month's report and the flagship project's storyboard into ``reports/demo/``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from sixsigma.cli._names import DEFAULT_SEED
from sixsigma.cli.common import WarehouseOption, console, print_frame
from sixsigma.errors import SixSigmaError
from sixsigma.paths import project_dir

FLAGSHIP = "reduce-intl-hotel-manual-cpo"
DEMO_REPORTS = Path("reports") / "demo"


def _progress(label: str):
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(TextColumn(label), BarColumn(), TextColumn("{task.completed}/{task.total} months"),
                    TimeElapsedColumn(), console=console.get(), transient=True)


def ensure_demo(path: Path, rebuild: bool = False, seed: int = DEFAULT_SEED, scale: float = 1.0) -> bool:
    """Build the demo warehouse at path when it is missing (or when rebuild); True if built."""
    from sixsigma.warehouse.demo import build_demo

    if path.exists() and not rebuild:
        return False
    with _progress("Building demo warehouse") as bar:
        task = bar.add_task("build", total=None)
        build_demo(path, seed=seed, scale=scale,
                   progress=lambda i, n: bar.update(task, completed=i, total=n))
    return True


def latest_full_month(last_day: dt.date) -> str:
    """The last month the data covers completely ("YYYY-MM"), given the last day with data."""
    import pandas as pd

    p = pd.Period(last_day, freq="M")
    return str(p if last_day == p.end_time.date() else p - 1)


def write_flagship_storyboard(warehouse: Path, out_dir: Path, project_id: str = FLAGSHIP):
    """Write the flagship project's storyboard; returns (path, storyboard)."""
    from sixsigma.dmaic import load_project
    from sixsigma.dmaic.storyboard import build_storyboard
    from sixsigma.reporting.storyboard import write_storyboard
    from sixsigma.warehouse import Warehouse

    project_dir(project_id)  # a clear error listing the projects when it is not there
    project = load_project(project_id)
    with Warehouse(warehouse, read_only=True) as wh:
        story = build_storyboard(wh, project, project_id)
    path = write_storyboard(story, out_dir / f"{project_id}.html")
    return path, story


def demo_cmd(
    warehouse: Path = WarehouseOption,
    rebuild: bool = typer.Option(False, "--rebuild", help="Rebuild the demo warehouse even if it exists."),
    seed: int = typer.Option(DEFAULT_SEED, "--seed", help="Random seed of the demo data."),
    scale: float = typer.Option(1.0, "--scale", help="Volume multiplier (1 = about 2.7M contacts)."),
    month: str = typer.Option(None, "--month", help="Month of the demo report, YYYY-MM (default: the latest full month)."),
    reports: Path = typer.Option(DEMO_REPORTS, "--reports", help="Folder for the demo report and storyboard."),
    no_reports: bool = typer.Option(False, "--no-reports", help="Only build the warehouse and print the overview."),
    parquet: Path = typer.Option(None, "--parquet", help="Instead, write the demo at --scale as Parquet files here (benchmarks)."),
    portfolio: Path = typer.Option(None, "--portfolio", help="Instead, write a ten-year demo portfolio (~1,000 projects, "
                                   "289 belt-holders in people.yaml) into this new folder."),
) -> None:
    """Build the demo warehouse if it is missing, print its metric overview, then write the
    month's report and the flagship project's storyboard and say what they show."""
    from sixsigma.warehouse import Warehouse, default_path
    from sixsigma.warehouse.demo import write_parquet
    from sixsigma.warehouse.overview import flagship_change, metric_overview

    if portfolio is not None:  # sixsigma.program.demo
        from sixsigma.program.demo import write_portfolio

        wh_path = Path(warehouse) if warehouse else default_path()
        console.print(write_portfolio(portfolio, seed=seed, warehouse=wh_path if wh_path.exists() else None),
                      markup=False)
        return
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
    if no_reports:
        return

    from sixsigma.cli.report import run_monthly

    month = month or latest_full_month(hi)
    out, report, seconds = run_monthly(month, reports / f"{month}.html", None, path)
    size = out.stat().st_size / 1e6
    console.print(f"\n[bold]Monthly report[/bold] {report.period.label}: {out} ({size:.1f} MB, {seconds:.1f} s)")
    console.print(report.summary())
    try:
        with console.status("Writing the flagship project's storyboard"):
            sb_path, sb = write_flagship_storyboard(path, reports)
    except SixSigmaError as exc:
        console.print(f"\n[bold]Flagship storyboard[/bold] not written: {exc}")
        return
    console.print(f"\n[bold]Flagship storyboard[/bold] {sb.project.title}: {sb_path}")
    if sb.result is not None:
        console.print(sb.result.summary().splitlines()[0] if sb.result.summary() else "")
    for note in sb.notes:
        console.print(f"Note: {note}")


def register(app: typer.Typer) -> None:
    app.command("demo")(demo_cmd)
