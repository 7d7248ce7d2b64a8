"""`sixsigma rootcause ...` (fishbone, IPO, C&E matrix, FMEA, verification, cause index) and the
top-level `sixsigma pareto`.

Every command on a project loads all its root-cause records and checks them together; a
malformed record stops the command with one message listing every problem (exit 2) and no
file is written. Edits are saved atomically, keeping the text and comments of unchanged causes.
Project ids pass the one id rule (:func:`sixsigma.paths.check_id`) before they become paths,
and every command that changes a record loads, changes and saves it under the project's lock
(:func:`sixsigma.paths.project_lock`): a concurrent edit waits, or is refused as busy.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import typer

from sixsigma.cli.common import (
    EndOption,
    FilterOption,
    HtmlOption,
    JsonOption,
    StartOption,
    WarehouseOption,
    console,
    parse_filters,
    print_frame,
    print_json,
    read_table,
    write_figure_html,
)
from sixsigma.errors import InputError, unknown
from sixsigma.paths import check_id, project_lock

rc = typer.Typer(help="Root-cause records: fishbone, IPO, C&E matrix, FMEA; verify causes with data.",
                 no_args_is_help=True)

ProjectArg = typer.Argument(..., help="Project id (a folder under projects/ or $SIXSIGMA_PROJECTS).")
CauseArg = typer.Argument(..., help="Cause id on the project's fishbone.")


def _write_html(fig, out: Path | None) -> None:
    if out is None or fig is None:
        return
    write_figure_html(out, fig)
    typer.echo(f"wrote {out}", err=True)  # stderr keeps --json output parseable


def _cause_row(rec, cause_id: str) -> dict:
    from sixsigma.rootcause import fishbone

    t = fishbone.cause_table(rec.fishbone)
    row = t[t["id"] == cause_id]
    return row.iloc[0].to_dict()


def _show_cause(rec, cause_id: str) -> dict:
    c = rec.fishbone.cause(cause_id)
    info = _cause_row(rec, cause_id)
    children = [k.id for k in rec.fishbone.causes if k.parent == cause_id]
    return {
        "id": c.id, "text": c.text, "category": info["category"], "parent": c.parent,
        "depth": info["depth"], "path": info["path"], "owner": c.owner, "status": c.status,
        "reason": c.reason, "tags": c.tags, "children": children,
        "data_link": c.data_link.model_dump(mode="json", exclude_none=True) if c.data_link else None,
        "evidence": [e.model_dump(mode="json", exclude_none=True) for e in c.evidence],
    }


@rc.command("add")
def add(
    project: str = ProjectArg,
    text: str = typer.Argument(..., help="What the cause is, in words."),
    category: str = typer.Option(None, "--category", "-c", help="Put it on this bone (e.g. machine)."),
    parent: str = typer.Option(None, "--parent", "-p", help="Make it a sub-cause of this cause id."),
    cause_id: str = typer.Option(None, "--id", help="Its id (default: made from the text)."),
    owner: str = typer.Option(None, "--owner", help="Who owns checking it."),
    tag: list[str] = typer.Option(None, "--tag", help="A tag; repeat for more."),
    status: str = typer.Option("candidate", "--status", help="candidate, prioritized or rejected."),
    effect: str = typer.Option(None, "--effect", help="Start a new fishbone with this effect (Y)."),
    metric: str = typer.Option(None, "--metric", help="With --effect: the metric measuring the Y."),
    filters: list[str] = FilterOption,
    as_json: bool = JsonOption,
) -> None:
    """Add a cause to the project's fishbone (start one with --effect)."""
    from sixsigma.rootcause import fishbone
    from sixsigma.rootcause.records import load_folder, new_fishbone

    flt = parse_filters(filters)
    if cause_id is not None:
        check_id(cause_id, "cause id")  # the one id rule for an id the command line creates
    with project_lock(project, must_exist=effect is None) as folder:
        rec = load_folder(folder, project)
        if rec.fishbone is None:
            if effect is None:
                rec.require("fishbone")
            fb = new_fishbone(effect, metric, flt)
        else:
            if effect is not None:
                raise InputError(f"{project} already has a fishbone; leave out --effect")
            fb = rec.fishbone
        fb, cause = fishbone.add_cause(fb, text, category=category, parent=parent, cause_id=cause_id,
                                       owner=owner, tags=tag or [], status=status)
        rec.save_fishbone(fb)
    if as_json:
        print_json(_show_cause(rec, cause.id))
    else:
        console.print(f"added {cause.id} ({fb.category_of(cause.id)}): {cause.text}", markup=False)


@rc.command("list")
def list_causes(
    project: str = ProjectArg,
    category: str = typer.Option(None, "--category", "-c", help="Only this category."),
    status: str = typer.Option(None, "--status", help="Only this status."),
    as_json: bool = JsonOption,
) -> None:
    """List the fishbone's causes (tree order) with category, depth, status and owner."""
    from sixsigma.rootcause import fishbone
    from sixsigma.rootcause.models import STATUSES
    from sixsigma.rootcause.records import load_project

    rec = load_project(project)
    fb = rec.require("fishbone")
    t = fishbone.cause_table(fb)
    if category:
        valid = [c.id for c in fb.categories]
        if category not in valid:
            raise unknown("category", category, valid)
        t = t[t["category"] == category]
    if status:
        if status not in STATUSES:
            raise InputError(f"unknown status {status!r}; valid statuses are: {', '.join(STATUSES)}")
        t = t[t["status"] == status]
    cols = ["id", "category", "depth", "status", "owner", "text"]
    if as_json:
        print_json(t[cols + ["parent", "metric", "n_evidence"]])
    else:
        shown = t[cols].copy()
        shown["text"] = ["  " * (d - 1) + x for d, x in zip(shown["depth"], shown["text"], strict=True)]
        print_frame(shown, title=f"{project}: {len(t)} causes", max_rows=400)


@rc.command("show")
def show(
    project: str = ProjectArg,
    cause_id: str = typer.Argument(None, help="A cause id; without it, an overview of all records."),
    as_json: bool = JsonOption,
) -> None:
    """Show one cause (link, evidence, children) or the overview of the project's records."""
    from rich.markup import escape as esc  # record text is the user's: never rich markup

    from sixsigma.rootcause import ce_matrix, fishbone, fmea, ipo
    from sixsigma.rootcause.records import load_project
    from sixsigma.stats.result import fmt_p

    rec = load_project(project)
    if cause_id is not None:
        info = _show_cause(rec, cause_id) if rec.require("fishbone") else None
        if as_json:
            print_json(info)
            return
        for key in ("id", "text", "category", "parent", "path", "owner", "status", "reason", "tags", "children"):
            if info[key] not in (None, [], ""):
                val = ", ".join(info[key]) if isinstance(info[key], list) else info[key]
                console.print(f"[bold]{key}[/bold]: {esc(str(val))}")
        if info["data_link"]:
            console.print(f"[bold]data_link[/bold]: {esc(_link_text(info['data_link']))}")
        for e in info["evidence"]:
            p = e.get("p_value")
            console.print(f"[bold]evidence {e['date']}[/bold] " + esc(
                f"{e['outcome']}: {e['test']}, {fmt_p(p) if p is not None else 'no p-value'}, "
                f"{e.get('window')}\n  {e['conclusion']}"))
        return
    out = {"project": project}
    if rec.fishbone is not None:
        out["fishbone"] = fishbone.analyze(rec.fishbone).summary()
    if rec.ipo is not None:
        out["ipo"] = ipo.analyze(rec.ipo, rec.fishbone).summary()
    if rec.ce is not None:
        out["ce_matrix"] = ce_matrix.rank(rec.ce).summary()
    if rec.fmea is not None:
        out["fmea"] = fmea.rank(rec.fmea).summary()
    if as_json:
        print_json(out)
    else:
        for key, text in out.items():
            if key != "project":
                console.print(f"[bold]{key}[/bold]\n{esc(text)}\n")
        if len(out) == 1:
            console.print(f"{project} has no root-cause records yet", markup=False)


def _link_text(link: dict) -> str:
    """A data link in one line: ``metric by dim = level; reference a to b; problem c to d``."""
    parts = []
    for k, v in link.items():
        if v in (None, {}, []):
            continue
        if isinstance(v, dict) and set(v) == {"start", "end"}:
            v = f"{v['start']} to {v['end']} (end exclusive)"
        elif isinstance(v, dict):
            v = ", ".join(f"{a}={','.join(map(str, b)) if isinstance(b, list) else b}" for a, b in v.items())
        parts.append(f"{k} {v}")
    return "; ".join(parts)


@rc.command("move")
def move(
    project: str = ProjectArg,
    cause_id: str = CauseArg,
    parent: str = typer.Option(None, "--parent", "-p", help="New parent cause id."),
    category: str = typer.Option(None, "--category", "-c", help="Put it directly on this bone."),
    as_json: bool = JsonOption,
) -> None:
    """Move a cause (with its sub-causes) under another cause or onto a bone."""
    from sixsigma.rootcause import fishbone
    from sixsigma.rootcause.records import load_project

    with project_lock(project):
        rec = load_project(project)
        fb = fishbone.move_cause(rec.require("fishbone"), cause_id, parent=parent, category=category)
        rec.save_fishbone(fb)
    info = _show_cause(rec, cause_id)
    if as_json:
        print_json(info)
    else:
        console.print(f"moved {cause_id} to {info['path']} ({info['category']})", markup=False)


@rc.command("status")
def status_cmd(
    project: str = ProjectArg,
    cause_id: str = CauseArg,
    status: str = typer.Argument(..., help="candidate, prioritized, verified (needs evidence) or rejected."),
    reason: str = typer.Option(None, "--reason", help="Why (required to reject without evidence)."),
    as_json: bool = JsonOption,
) -> None:
    """Set a cause's status. Verified needs evidence from `rootcause verify`."""
    from sixsigma.rootcause import fishbone
    from sixsigma.rootcause.records import load_project

    with project_lock(project):
        rec = load_project(project)
        fb = fishbone.set_status(rec.require("fishbone"), cause_id, status, reason)
        rec.save_fishbone(fb)
    if as_json:
        print_json(_show_cause(rec, cause_id))
    else:
        console.print(f"{cause_id}: {status}" + (f" ({reason})" if reason else ""), markup=False)


@rc.command("verify")
def verify_cmd(
    project: str = ProjectArg,
    cause_id: str = CauseArg,
    warehouse: Path = WarehouseOption,
    dry_run: bool = typer.Option(False, "--dry-run", help="Run the test but do not record it."),
    html: Path = HtmlOption,
    as_json: bool = JsonOption,
) -> None:
    """Run the test the cause's data link implies; store the evidence and set verified/rejected."""
    from sixsigma.rootcause import fishbone
    from sixsigma.rootcause.records import load_project
    from sixsigma.rootcause.verify import verify_cause
    from sixsigma.warehouse import Warehouse

    with project_lock(project) if not dry_run else contextlib.nullcontext():
        rec = load_project(project)
        fb = rec.require("fishbone")
        fb.cause(cause_id)
        with Warehouse(warehouse, read_only=True) as wh:
            result = verify_cause(fb, cause_id, wh)
        _write_html(result.figure() if html else None, html)  # before saving: a bad path changes nothing
        if not dry_run:
            rec.save_fishbone(fishbone.record_evidence(fb, cause_id, result.evidence))
    if as_json:
        print_json(result)
    else:
        console.print(result.summary(), markup=False)
        if not dry_run:
            console.print(f"recorded in {rec.path('fishbone.yaml')}", markup=False)


@rc.command("fishbone")
def fishbone_cmd(
    project: str = ProjectArg,
    view: str = typer.Option("bones", "--view", help="bones (Ishikawa) or sunburst (whole tree)."),
    max_rows: int = typer.Option(18, "--max-rows", min=3, help="Label rows per bone before collapsing."),
    html: Path = HtmlOption,
    as_json: bool = JsonOption,
) -> None:
    """The fishbone: counts per category and status; --html draws it."""
    from sixsigma.rootcause import fishbone
    from sixsigma.rootcause.records import load_project

    rec = load_project(project)
    res = fishbone.analyze(rec.require("fishbone"))
    if html is not None:
        from sixsigma.plots import rootcause as plots

        if view not in ("bones", "sunburst"):
            raise InputError(f"unknown view {view!r}; use bones or sunburst")
        fig = plots.fishbone_sunburst(res) if view == "sunburst" else plots.fishbone_figure(res, max_rows=max_rows)
        from sixsigma.paths import atomic_write_text

        atomic_write_text(html, plots.fishbone_page(res, fig))  # diagram, summary, cause table
        typer.echo(f"wrote {html}", err=True)
    if as_json:
        print_json(res)
    else:
        print_frame(res.categories, title=f"{project}: fishbone")
        console.print(res.summary(), markup=False)


@rc.command("ipo")
def ipo_cmd(project: str = ProjectArg, html: Path = HtmlOption, as_json: bool = JsonOption) -> None:
    """The IPO analysis: steps with their inputs (C / N / SOP) and outputs."""
    from sixsigma.rootcause import ipo
    from sixsigma.rootcause.records import load_project

    rec = load_project(project)
    res = ipo.analyze(rec.require("ipo"), rec.fishbone)
    _write_html(res.figure() if html else None, html)
    if as_json:
        print_json(res)
    else:
        print_frame(res.steps, title=f"{project}: IPO of {res.process}")
        console.print(res.summary(), markup=False)


@rc.command("ce")
def ce_cmd(project: str = ProjectArg, html: Path = HtmlOption, as_json: bool = JsonOption) -> None:
    """The C&E matrix ranked by weighted total, vital few marked."""
    from sixsigma.rootcause import ce_matrix
    from sixsigma.rootcause.records import load_project

    rec = load_project(project)
    res = ce_matrix.rank(rec.require("ce"))
    _write_html(res.figure() if html else None, html)
    if as_json:
        print_json(res)
    else:
        cols = ["rank", "input", *res.outputs["output"], "total", "cumulative_percent", "vital"]
        print_frame(res.table[cols], title=f"{project}: C&E matrix")
        console.print(res.summary(), markup=False)


@rc.command("fmea")
def fmea_cmd(project: str = ProjectArg, html: Path = HtmlOption, as_json: bool = JsonOption) -> None:
    """The FMEA ranked by RPN, with the revised RPN after actions."""
    from sixsigma.rootcause import fmea
    from sixsigma.rootcause.records import load_project

    rec = load_project(project)
    res = fmea.rank(rec.require("fmea"))
    _write_html(res.figure() if html else None, html)
    if as_json:
        print_json(res)
    else:
        cols = ["rank", "id", "step", "failure_mode", "severity", "occurrence", "detection", "rpn", "revised_rpn"]
        short = {"severity": "sev", "occurrence": "occ", "detection": "det"}  # AIAG's S, O, D headers
        print_frame(res.table[cols].rename(columns=short), title=f"{project}: FMEA")
        console.print(res.summary(), markup=False)


@rc.command("index")
def index_cmd(warehouse: Path = WarehouseOption, as_json: bool = JsonOption) -> None:
    """Rebuild the warehouse's cause index from every project's YAML; show verified by category."""
    from sixsigma.rootcause.cause_index import rebuild_cause_index, verified_by_category
    from sixsigma.warehouse import Warehouse

    with Warehouse(warehouse) as wh:
        counts = rebuild_cause_index(wh)
        table = verified_by_category(wh)
    if as_json:
        print_json({"indexed": counts, "by_category": table})
    else:
        console.print(f"indexed {counts['causes']} causes and {counts['evidence']} evidence records "
                      f"from {counts['projects']} projects")
        print_frame(table, title="Cause categories, most often verified first")


def pareto_cmd(
    file: Path = typer.Argument(None, help="A CSV/Parquet file to count (instead of the warehouse)."),
    by: str = typer.Option(..., "--by", help="The categorical column or dimension, e.g. reason."),
    metric: str = typer.Option(None, "--metric", help="Sum this metric's numerator (e.g. manual_cpo)."),
    count: str = typer.Option(None, "--count", help="With FILE: sum this column (default: count rows)."),
    filters: list[str] = FilterOption,
    start: str = StartOption,
    end: str = EndOption,
    vital: float = typer.Option(0.8, "--vital", help="Cumulative share that defines the vital few."),
    warehouse: Path = WarehouseOption,
    html: Path = HtmlOption,
    as_json: bool = JsonOption,
) -> None:
    """Pareto of a dimension: contacts (or a metric's numerator) from the warehouse, or a file."""
    from sixsigma.rootcause.pareto import pareto

    flt = parse_filters(filters)
    if file is not None:
        if metric is not None:
            raise InputError("give either FILE or --metric, not both")
        df = read_table(file)
        for dim, values in flt.items():
            if dim not in df.columns:
                raise InputError(f"--filter {dim}: {file}: {unknown('column', dim, map(str, df.columns))}")
            df = df[df[dim].astype(str).isin(values)]
        if by not in df.columns:
            raise InputError(f"--by {by}: {file}: {unknown('column', by, map(str, df.columns))}")
        title = f"Pareto of {count or 'rows'} by {by} ({Path(file).name})"
    else:
        from sixsigma.warehouse import Warehouse

        if count is not None:
            raise InputError("--count applies to FILE; with the warehouse use --metric or nothing (contacts)")
        with Warehouse(warehouse, read_only=True) as wh:
            if metric is not None:
                m = wh.metric(metric, grain="year", by=[by], filters=flt, start=start, end=end,
                              keep_partial=True)  # totals of the window, whatever its length
                df, count = m.rename(columns={"numerator": metric}), metric  # summed by pareto
            else:
                df = wh.counts(by=[by], filters=flt, start=start, end=end)
                count = "count"
        where = ", ".join(f"{k}={','.join(v)}" for k, v in flt.items())
        title = f"Pareto of {count} by {by}" + (f" ({where})" if where else "")
    res = pareto(df, category=by, count=count, vital=vital, title=title)
    _write_html(res.figure() if html else None, html)
    if as_json:
        print_json(res)
    else:
        print_frame(res.table, title=title)
        console.print(res.summary(), markup=False)


def register(app) -> None:
    """Add `rootcause` and the top-level `pareto` to the app."""
    app.add_typer(rc, name="rootcause")
    app.command("pareto")(pareto_cmd)
