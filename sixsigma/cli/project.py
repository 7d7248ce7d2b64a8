"""`sixsigma project ...`: DMAIC projects — create, list, status, baseline, result, tollgate, report.

Every project id is checked with the one id rule (:func:`sixsigma.paths.check_id`) before it
becomes a path. Each command that changes project.yaml loads, changes and saves it under the
project's lock (:func:`sixsigma.paths.project_lock`): a concurrent command waits a few
seconds, then says the project is busy; no update is lost.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from sixsigma.cli.common import (
    FilterOption,
    JsonOption,
    WarehouseOption,
    console,
    parse_filters,
    print_json,
)
from sixsigma.errors import InputError
from sixsigma.paths import project_lock

project_app = typer.Typer(help="DMAIC projects: charters, tollgates, baselines, results, storyboards.",
                          no_args_is_help=True)

IdArg = typer.Argument(..., help="Project id (its folder name under projects/).")


def _date(text: str | None, what: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{what} {text!r} is not an ISO date like 2024-03-01") from None


def _window(start: str | None, end: str | None):
    from sixsigma.dmaic.models import Window

    if start is None and end is None:
        return None
    if start is None or end is None:
        raise InputError("give both --start and --end (end exclusive), or neither")
    s, e = _date(start, "--start"), _date(end, "--end")
    if e <= s:
        raise InputError(f"--end {e} must be after --start {s} (end is exclusive)")
    return Window(start=s, end=e)


@project_app.command("new")
def new_cmd(
    title: str = typer.Argument(..., help="Project title, e.g. \"Reduce international hotel manual CPO\"."),
    metric: str = typer.Option(..., "--metric", help="The goal's metric (see `sixsigma data metrics`)."),
    filters: list[str] = FilterOption,
    belt: str = typer.Option("green", "--belt", help="associate_blue, blue, associate_green, green, black, master_black."),
    leader: str = typer.Option(None, "--leader", help="Project leader's name (added to the team)."),
    template: str = typer.Option("dmaic", "--template", help="dmaic, quick_win, or the path of your own template."),
    target: float = typer.Option(None, "--target", help="The goal's target value of the metric."),
    due: str = typer.Option(None, "--due", help="The goal's due date (default: the end of the planned phases)."),
    start: str = typer.Option(None, "--start", help="Start date of the Define phase (default today)."),
    project_id: str = typer.Option(None, "--id", help="Folder name (default: a slug of the title)."),
    as_json: bool = JsonOption,
) -> None:
    """Create projects/<slug>/project.yaml from a template."""
    from sixsigma.dmaic.store import new_project

    pid, path = new_project(title, metric, filters=parse_filters(filters), belt=belt, leader=leader,
                            template=template, target=target, due=_date(due, "--due"),
                            start=_date(start, "--start"), project_id=project_id)
    if as_json:
        print_json({"id": pid, "path": str(path)})
    else:
        console.print(f"Created {path}\nNext: fill in the charter, then `sixsigma project status {pid}`.", markup=False)


@project_app.command("list")
def list_cmd(
    phase: str = typer.Option(None, "--phase", help="Only projects in this phase (define ... control, closed)."),
    belt: str = typer.Option(None, "--belt", help="Only projects at this belt level."),
    leader: str = typer.Option(None, "--leader", help="Only projects whose leader's name contains this (any case)."),
    metric: str = typer.Option(None, "--metric", help="Only projects whose goal is this metric."),
    business_line: str = typer.Option(None, "--business-line", help="Only projects whose goal covers this business line."),
    overdue: bool = typer.Option(False, "--overdue", help="Only projects past their current phase's due date."),
    closed_since: str = typer.Option(None, "--closed-since", help="Only projects closed on or after this date (ISO)."),
    sort: str = typer.Option("id", "--sort", help="id, title, leader, belt, phase, metric, change, created, "
                             "closed, due, days or status; -KEY sorts descending."),
    as_json: bool = JsonOption,
) -> None:
    """The portfolio: every project with its phase, metric, baseline, current value and status.

    Read from the portfolio index (sixsigma.program.index): only project folders whose files
    changed since the last call are read again. A project whose record cannot be read is
    named with its reason (in the table, in --json under "unreadable", and as a warning on
    stderr); the others are listed; exit status 0.
    """
    from sixsigma.cli.common import print_rows
    from sixsigma.program.index import open_index, select, unreadable
    from sixsigma.program.listing import TABLE, portfolio_dict
    from sixsigma.program.table import reading_progress

    with reading_progress() as progress, open_index(progress) as (con, _):
        rows = select(con, phase=phase, belt=belt, leader=leader, metric=metric, business_line=business_line,
                      overdue=overdue, closed_since=closed_since, sort=sort)
        bad = unreadable(con)
    res = portfolio_dict(rows, bad)
    for b in bad:
        typer.echo(f"warning: {b['problem']}", err=True)
    if as_json:
        import json

        typer.echo(json.dumps(res, indent=2, allow_nan=False))
        return
    print_rows(res["projects"], TABLE, title="DMAIC projects")
    if bad:
        print_rows(bad, (("id", "id"), ("problem", "problem")), title="Projects that could not be read")
    print_rows(res["by_phase"], tuple((k, k) for k in ("phase", "projects", "on_track", "overdue")),
               title="By phase")
    print_rows(res["by_belt"], tuple((k, k) for k in ("belt", "projects", "active", "closed")),
               title="By belt")
    console.print(res["summary"], markup=False)


@project_app.command("status")
def status_cmd(project_id: str = IdArg, as_json: bool = JsonOption) -> None:
    """Phase, days in phase, deliverables done and missing."""
    from sixsigma.dmaic.portfolio import project_status
    from sixsigma.dmaic.store import load_project

    res = project_status(load_project(project_id), project_id)
    print_json(res) if as_json else console.print(res.summary(), markup=False)


@project_app.command("baseline")
def baseline_cmd(
    project_id: str = IdArg,
    start: str = typer.Option(None, "--start", help="Baseline window start (default: 3 full months before the first round)."),
    end: str = typer.Option(None, "--end", help="Baseline window end, exclusive."),
    warehouse: Path = WarehouseOption,
    as_json: bool = JsonOption,
) -> None:
    """Compute the baseline (value, CI, control chart, capability) and record it in project.yaml."""
    from sixsigma.dmaic.analysis import compute_baseline, record_baseline
    from sixsigma.dmaic.store import load_project, save_project
    from sixsigma.warehouse import Warehouse

    window = _window(start, end)
    with project_lock(project_id):
        project = load_project(project_id)
        with Warehouse(warehouse, read_only=True) as wh:
            res = compute_baseline(wh, project, project_id, window=window)
        path = save_project(project_id, record_baseline(project, res))
    if as_json:
        print_json(res)
    else:
        console.print(res.summary(), markup=False)
        console.print(f"Recorded in {path}", markup=False)


@project_app.command("result")
def result_cmd(
    project_id: str = IdArg,
    start: str = typer.Option(None, "--start", help="Result window start (default: 3 full months after the last round)."),
    end: str = typer.Option(None, "--end", help="Result window end, exclusive."),
    warehouse: Path = WarehouseOption,
    as_json: bool = JsonOption,
) -> None:
    """Compute the after-value, the staged chart, the before/after test and the % change; record them."""
    from sixsigma.dmaic.analysis import compute_result, record_result
    from sixsigma.dmaic.store import load_project, save_project
    from sixsigma.warehouse import Warehouse

    window = _window(start, end)
    with project_lock(project_id):
        project = load_project(project_id)
        with Warehouse(warehouse, read_only=True) as wh:
            res = compute_result(wh, project, project_id, window=window)
        path = save_project(project_id, record_result(project, res))
    if as_json:
        print_json(res)
    else:
        console.print(res.summary(), markup=False)
        console.print(f"Recorded in {path}", markup=False)


@project_app.command("tollgate")
def tollgate_cmd(
    project_id: str = IdArg,
    phase: str = typer.Argument(..., help="define, measure, analyze, improve or control."),
    date: str = typer.Option(None, "--date", help="Date to record the pass on (default today)."),
    by: str = typer.Option(None, "--by", help="Who chaired the tollgate review."),
    as_json: bool = JsonOption,
) -> None:
    """Check a phase's deliverables against the evidence; record the pass when all hold.

    Tollgates pass in order: exit status 2 while an earlier phase's tollgate is open. Exit
    status 1 (and the missing deliverables on stderr) when the tollgate does not pass.
    """
    from sixsigma.dmaic.store import load_project, save_project
    from sixsigma.dmaic.tollgate import check_phase, pass_tollgate, require_earlier_passed

    on = _date(date, "--date")
    with project_lock(project_id):
        project = load_project(project_id)
        res = check_phase(project, project_id, phase)
        require_earlier_passed(project, project_id, res.phase)
        if res.passed:
            res, updated = pass_tollgate(project, project_id, phase, on=on, by=by)
            save_project(project_id, updated)
    print_json(res) if as_json else console.print(res.summary(), markup=False)
    if not res.passed:
        raise res.failure()


@project_app.command("report")
def report_cmd(
    project_id: str = IdArg,
    out: Path = typer.Option(None, "--out", help="HTML file to write (default reports/<id>-storyboard.html)."),
    warehouse: Path = WarehouseOption,
) -> None:
    """Write the project's storyboard: one self-contained HTML file that works offline."""
    from sixsigma.dmaic.store import load_project
    from sixsigma.dmaic.storyboard import build_storyboard
    from sixsigma.reporting.storyboard import write_storyboard
    from sixsigma.warehouse import Warehouse

    project = load_project(project_id)
    with Warehouse(warehouse, read_only=True) as wh:
        story = build_storyboard(wh, project, project_id)
    path = write_storyboard(story, out or Path("reports") / f"{project_id}-storyboard.html")
    console.print(f"Storyboard written to {path}", markup=False)


def register(app: typer.Typer) -> None:
    app.add_typer(project_app, name="project")
