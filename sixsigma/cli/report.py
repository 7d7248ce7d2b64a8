"""`sixsigma report monthly`: the month's KPI report as one self-contained HTML file."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from sixsigma.cli.common import JsonOption, WarehouseOption, console, print_json

if TYPE_CHECKING:
    from rich.progress import Progress

report_app = typer.Typer(help="Reports: the monthly KPI report (HTML).", no_args_is_help=True)


def build_progress() -> Progress:
    """The progress bar shown while a report builds (transient: it disappears when done)."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(TextColumn("[bold]Building report[/bold] {task.description:<28}"), BarColumn(),
                    TextColumn("{task.completed}/{task.total}"), TimeElapsedColumn(),
                    console=console.get(), transient=True)


def run_monthly(month: str, out: Path | None, config: Path | None, warehouse: Path | None,
                quiet: bool = False, pdf: Path | None = None):
    """Write the monthly report (and its PDF when ``pdf``) with a progress bar (none when
    quiet); returns (path, report, seconds)."""
    # imported here: the reporting stack is heavy and only needed when a report is asked for
    from sixsigma.reporting.monthly import write_monthly_report

    t0 = time.perf_counter()
    if quiet:
        path, report = write_monthly_report(month, out=out, config=config, warehouse=warehouse, pdf=pdf)
        return path, report, time.perf_counter() - t0
    with build_progress() as bar:
        task = bar.add_task("", total=None)

        def progress(step: str, done: int, total: int) -> None:
            bar.update(task, description=step, completed=done, total=total)

        path, report = write_monthly_report(month, out=out, config=config, warehouse=warehouse,
                                            progress=progress, pdf=pdf)
    return path, report, time.perf_counter() - t0


@report_app.command("monthly")
def monthly_cmd(
    month: str = typer.Option(..., "--month", help="The month to report on, YYYY-MM (e.g. 2025-10)."),
    out: Path = typer.Option(None, "--out", help="Output HTML file (default reports/<month>.html)."),
    config: Path = typer.Option(None, "--config", help="Report configuration YAML (default: the built-in one)."),
    pdf: Path = typer.Option(None, "--pdf", help="Also write the report as a PDF (A4, one section per page), "
                             "printed by headless Chromium (`apt-get install chromium`)."),
    warehouse: Path = WarehouseOption,
    as_json: bool = JsonOption,
) -> None:
    """Write the month's KPI report as one offline HTML file.

    A one-page executive summary, the scorecard with Making-Data-Count icons, a control chart
    per KPI and business line, contact-reason Paretos, DMAIC portfolio, data-quality and
    methods appendices. In English or Simplified Chinese (--lang zh-CN, or language: in the
    config); --pdf FILE prints the same page to PDF.
    """
    from sixsigma.i18n import _, language
    from sixsigma.reporting.monthly import report_language

    path, report, seconds = run_monthly(month, out, config, warehouse, quiet=as_json, pdf=pdf)
    with language(report_language(report.config)):
        if as_json:
            print_json(report)
            return
        size = path.stat().st_size / 1e6
        console.print(_("[bold]Monthly report[/bold] {month}: {path} ({size} MB, built in {seconds} s)").format(
            month=report.period.label, path=path, size=f"{size:.1f}", seconds=f"{seconds:.1f}"))
        if pdf is not None:
            console.print(_("PDF: {path} ({size} MB)").format(path=pdf, size=f"{pdf.stat().st_size / 1e6:.1f}"))
        console.print(report.summary())


def register(app: typer.Typer) -> None:
    app.add_typer(report_app, name="report")
