"""`sixsigma chart TYPE [FILE]`: control charts from a CSV/Parquet file or a warehouse metric."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from sixsigma.cli.common import (
    EndOption,
    FilterOption,
    HtmlOption,
    JsonOption,
    KeepPartialOption,
    StartOption,
    WarehouseOption,
    console,
    parse_filters,
    partial_note,
    print_frame,
    print_json,
    read_table,
    split_list,
    write_figure_html,
)
from sixsigma.errors import InputError, unknown

if TYPE_CHECKING:
    import pandas as pd
from sixsigma.cli._names import CHART_TYPES, PRESETS


def _maybe_dates(df: pd.DataFrame, col: str | None) -> pd.DataFrame:
    """Parse an ISO-date label column so dates sort, stage and print as dates."""
    import pandas as pd

    if col and col in df.columns and (df[col].dtype == object or pd.api.types.is_string_dtype(df[col])):
        try:
            parsed = pd.to_datetime(df[col], format="ISO8601")
        except (ValueError, TypeError):
            return df
        df = df.copy()
        df[col] = parsed
    return df


def _metric_frame(name: str, kind: str, filters, grain: str, start, end, warehouse,
                  keep_partial: bool = False):
    """The metric's per-period frame from the warehouse, and the chart kind to draw."""
    from sixsigma.catalog import active
    from sixsigma.warehouse import Warehouse

    metric = active().metric(name)
    with Warehouse(warehouse, read_only=True) as wh:
        df = wh.metric(metric, grain=grain, filters=parse_filters(filters), start=start, end=end,
                       keep_partial=keep_partial)
    if df.empty:
        raise InputError(
            f"metric {name!r} has no data for these filters and dates; check --filter/--start/--end"
        )
    return (metric.chart if kind == "auto" else kind), df, metric


def _rounds(text: str | None, project: str | None):
    """Improvement rounds to mark on the chart: ``DATE[:LABEL],...`` and/or a project's rounds
    (labels R1, R2, ... in date order unless given; a project's change is the hover text)."""
    import pandas as pd

    rows = []
    if project:
        from sixsigma.dmaic.store import load_project

        rows += [(r.date, "", str(r.change)) for r in load_project(project).rounds]
    for item in split_list(text):
        day, _, label = item.partition(":")
        try:
            when = pd.Timestamp(day.strip())
        except ValueError:
            raise InputError(f"--rounds {item!r}: {day!r} is not a date; give DATE[:LABEL],... "
                             "e.g. --rounds 2024-01-08:R1,2024-01-22:R2") from None
        rows.append((when, label.strip(), label.strip()))
    if not rows:
        return None
    out = pd.DataFrame(rows, columns=["date", "round", "change"])
    out["date"] = pd.to_datetime(out["date"])
    out = out.sort_values("date", kind="stable").reset_index(drop=True)
    auto = [f"R{i + 1}" for i in range(len(out))]
    out["round"] = [r or a for r, a in zip(out["round"], auto, strict=True)]
    out["change"] = [c or r for c, r in zip(out["change"], out["round"], strict=True)]
    return out


def chart_cmd(
    chart_type: str = typer.Argument(
        ..., metavar="TYPE", help=f"One of: auto, {', '.join(CHART_TYPES)}, t2."
    ),
    file: Path = typer.Argument(None, help="CSV or Parquet file (or use --metric)."),
    value: str = typer.Option(
        None,
        "--value",
        help="Column of measurements (or subgroup statistic); for t2 the columns COL1,COL2,...",
    ),
    subgroup: str = typer.Option(None, "--subgroup", help="Column naming each value's subgroup."),
    count: str = typer.Option(None, "--count", help="Column of defectives/defects/contacts."),
    size: str = typer.Option(None, "--size", help="Column of subgroup sizes/units/orders."),
    label: str = typer.Option(None, "--label", help="Column of point labels (e.g. dates)."),
    stage: str = typer.Option(None, "--stage", help="Column of stage names (limits per stage)."),
    stage_dates: str = typer.Option(
        None, "--stage-dates", help="Dates starting new stages, D1,D2,..."
    ),
    phase1: int = typer.Option(
        None, "--phase1", help="Estimate limits from the first N points (per stage)."
    ),
    exclude: str = typer.Option(
        None, "--exclude", help="Labels to leave out of the estimates, comma-separated."
    ),
    sigma_level: float = typer.Option(3.0, "--sigma-level", help="Limits at +/- this many sigma."),
    confidence: float = typer.Option(
        None,
        "--confidence",
        help="Probability limits at this confidence level (e.g. 0.99) instead of sigma limits.",
    ),
    tests: str = typer.Option(None, "--tests", help="Special-cause tests: 1,2,5 or all."),
    rules: str = typer.Option(None, "--rules", help=f"Rule preset: {', '.join(PRESETS)}."),
    sigma_method: str = typer.Option(
        None, "--sigma-method", help="mr-bar, mr-median, sd, r-bar, s-bar, pooled."
    ),
    mean: float = typer.Option(None, "--mean", help="Historical mean."),
    sigma: float = typer.Option(None, "--sigma", help="Historical sigma (sigma_z for Laney)."),
    center: float = typer.Option(None, "--center", help="Historical p-bar / u-bar / c-bar."),
    lam: float = typer.Option(0.2, "--lambda", help="EWMA weight."),
    cusum_k: float = typer.Option(0.5, "--k", help="CUSUM allowance k (standard errors)."),
    cusum_h: float = typer.Option(4.0, "--h", help="CUSUM decision interval h (standard errors)."),
    headstart: float = typer.Option(
        0.0, "--headstart", help="CUSUM FIR head start (standard errors)."
    ),
    metric: str = typer.Option(
        None, "--metric", help="Read this catalog metric from the warehouse."
    ),
    rounds: str = typer.Option(
        None, "--rounds",
        help="Improvement rounds marked on the chart (not stages): DATE[:LABEL],...",
    ),
    project_rounds: str = typer.Option(
        None, "--project-rounds", help="Mark this DMAIC project's improvement rounds (project id).",
    ),
    filters: list[str] = FilterOption,
    grain: str = typer.Option("week", "--grain", help="Metric period: day, week or month."),
    start: str = StartOption,
    end: str = EndOption,
    keep_partial: bool = KeepPartialOption,
    warehouse: Path = WarehouseOption,
    html: Path = HtmlOption,
    as_json: bool = JsonOption,
) -> None:
    """Draw a control chart and run the special-cause tests."""
    import pandas as pd

    from sixsigma.spc import control_chart, hotelling_t2, metric_chart

    note = ""
    kind = chart_type.lower().strip()
    if kind != "auto" and kind not in (*CHART_TYPES, "t2"):
        raise unknown("chart type", kind, ("auto", *CHART_TYPES, "t2"))
    if tests and rules:
        raise InputError("give --tests or --rules, not both")
    name, better = None, None
    title = y_label = of = None
    marks = _rounds(rounds, project_rounds)
    if kind == "t2":
        if metric or file is None:
            raise InputError("a t2 chart reads raw observations: give FILE and --value COL1,COL2")
        if not value or len(split_list(value)) < 2:
            raise InputError("a t2 chart needs --value with 2 or more columns, e.g. X1,X2")
        chart = hotelling_t2(
            _maybe_dates(read_table(file), label),
            value=split_list(value),
            subgroup=subgroup,
            label=label,
            phase1=phase1,
            confidence=confidence,
        )
    elif metric:
        if file is not None:
            raise InputError("give either FILE or --metric, not both")
        kind, df, m = _metric_frame(metric, kind, filters, grain, start, end, warehouse,
                                    keep_partial)
        name, better = m.name, m.better
        note = partial_note(df)
        from sixsigma import i18n
        from sixsigma.catalog import active
        from sixsigma.plots.labels import metric_texts

        of, y_label = metric_texts(m, active(), parse_filters(filters), i18n.active())
    else:
        if kind == "auto":
            raise InputError(
                "chart auto picks the chart from a metric's kind: add --metric NAME "
                "(or name the chart type for a FILE)"
            )
        if file is None:
            raise InputError("give a CSV/Parquet FILE or --metric NAME")
        df = _maybe_dates(read_table(file), label)
        cols = {
            k: v
            for k, v in dict(
                value=value, subgroup=subgroup, count=count, size=size, label=label
            ).items()
            if v
        }
        name = value or count
    if kind != "t2":
        # A warehouse metric goes through metric_chart (columns, units, fit check); a FILE
        # names its own columns.
        build = (
            partial(metric_chart, df, kind, metric_kind=m.kind, scale=m.scale)
            if metric
            else partial(control_chart, kind, df, **cols)
        )
        chart = build(
            stage=stage,
            stage_dates=split_list(stage_dates) or None,
            phase1=phase1,
            exclude=split_list(exclude) or None,
            tests=tests or rules or "minitab",
            sigma_method=sigma_method,
            mean=mean,
            sigma=sigma,
            center=center,
            k=sigma_level,
            confidence=confidence,
            L=sigma_level,
            lam=lam,
            cusum_k=cusum_k,
            cusum_h=cusum_h,
            headstart=headstart,
            name=name,
            better=better,
        )
    if marks is not None and not pd.api.types.is_datetime64_any_dtype(chart.points["label"]):
        raise InputError("--rounds/--project-rounds mark dates: chart dated points (--metric, or "
                         "--label with a date column)")
    if html is not None:
        from sixsigma.plots.control_chart import control_chart_figure

        if y_label:
            title = chart.title.removesuffix(f" of {chart.name}") + f" of {of}"
        fig = control_chart_figure(chart, title=title, y_label=y_label, rounds=marks)
        write_figure_html(html, fig, chart.summary())
    if as_json:
        print_json(chart)
        if note:
            typer.echo(note, err=True)
        return
    console.print(chart.summary())
    if note:
        console.print(note)
    if len(chart.stages) > 1:
        print_frame(
            chart.stages[["stage", "first", "last", "n", "center", "lcl", "ucl", "sigma"]],
            title="Stages",
        )
    sig = pd.concat(
        [chart.signals.assign(chart=chart.chart)]
        + (
            [chart.secondary.signals.assign(chart=chart.secondary.chart)]
            if chart.secondary is not None
            else []
        ),
        ignore_index=True,
    )
    if len(sig):
        table = pd.DataFrame(
            {
                "chart": sig["chart"],
                "test": sig["test"],
                "from": sig["labels"].map(lambda v: v[0] if len(v) else ""),
                "to": sig["labels"].map(lambda v: v[-1] if len(v) else ""),
                "description": sig["description"],
            }
        )
        print_frame(table, title="Signals")
    if html is not None:
        console.print(f"wrote {html}")


def register(app: typer.Typer) -> None:
    """Add `sixsigma chart` to the app."""
    app.command(
        "chart",
        help="Control charts: imr xbar-r xbar-s run p np c u laney-p laney-u "
        "ewma cusum g t2, or auto with --metric.",
    )(chart_cmd)
