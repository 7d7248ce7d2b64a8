"""`sixsigma capability` and `sixsigma sigma-level`.

``sixsigma capability FILE --value COL [--subgroup COL] --lsl/--usl [--target]`` runs the
capability analysis of a column (``--distribution auto`` by default: normal when the data
are normal, otherwise the best-fitting distribution); ``--distribution binomial|poisson``
with ``--count``/``--size`` runs attribute capability. ``--metric NAME`` reads a catalog
metric from the warehouse instead: AHT and ASA as individual contacts (handle / wait
seconds), proportions as binomial % defective per period, contacts per order as Poisson
DPU, other metrics as period values (:mod:`sixsigma.capability.metrics`).
"""

from __future__ import annotations

from pathlib import Path

import typer

from sixsigma.cli._names import DISTRIBUTIONS, SIGMA_METHODS
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
from sixsigma.errors import InputError

_ATTRIBUTE = ("binomial", "poisson")


def _show(result) -> None:
    console.print(result.summary(), markup=False)
    if hasattr(result, "indices"):
        print_frame(result.indices, title="Capability indices")
        print_frame(result.ppm, title="Parts per million out of specification")
        if len(result.fits) > 1:
            print_frame(
                result.fits[["rank", "label", "parameters", "ad", "p_text", "chosen"]].rename(
                    columns={"ad": "AD", "p_text": "P"}
                ),
                title="Distribution fits (ranked by Anderson-Darling; P as Minitab prints it)",
            )


def capability_cmd(
    file: Path = typer.Argument(None, help="CSV or Parquet file (or use --metric)."),
    value: str = typer.Option(None, "--value", help="Column of measurements."),
    subgroup: str = typer.Option(None, "--subgroup", help="Column naming each value's subgroup."),
    lsl: float = typer.Option(None, "--lsl", help="Lower specification limit."),
    usl: float = typer.Option(None, "--usl", help="Upper specification limit."),
    target: float = typer.Option(
        None,
        "--target",
        help="Target (adds Cpm; attribute: largest acceptable proportion defective / DPU).",
    ),
    distribution: str = typer.Option(
        "auto", "--distribution", help=f"One of: {', '.join(DISTRIBUTIONS)}, binomial, poisson."
    ),
    confidence: float = typer.Option(
        0.95, "--confidence", help="Confidence level of the intervals."
    ),
    sigma_method: str = typer.Option(
        None,
        "--sigma-method",
        help="Within sigma, as Minitab: subgroups 'pooled' (default: pooled standard "
        "deviation Sp/c4), 'rbar' (R-bar/d2), 'sbar' (S-bar/c4); individuals 'mr' (default: "
        f"average moving range/d2), 'mr-median'. One of: {', '.join(SIGMA_METHODS)}.",
    ),
    boxcox_lambda: str = typer.Option(
        None,
        "--lambda",
        help="Box-Cox lambda: a number or 'rounded' (default: maximum likelihood).",
    ),
    count: str = typer.Option(None, "--count", help="Attribute: column of defectives / defects."),
    size: str = typer.Option(None, "--size", help="Attribute: column of trials / units."),
    unit: str = typer.Option(None, "--unit", help="Unit of the values, for the summary (e.g. s)."),
    metric: str = typer.Option(
        None, "--metric", help="Read this catalog metric from the warehouse."
    ),
    filters: list[str] = FilterOption,
    grain: str = typer.Option(
        "day", "--grain", help="Metric period for rates and shares: day, week, month."
    ),
    start: str = StartOption,
    end: str = EndOption,
    warehouse: Path = WarehouseOption,
    html: Path = HtmlOption,
    sixpack: bool = typer.Option(
        False, "--sixpack",
        help="With --html: draw Minitab's Capability Sixpack (control charts, last 25, histogram, "
        "probability and capability plots) instead of the capability report.",
    ),
    as_json: bool = JsonOption,
) -> None:
    """Process capability: indices, PPM, confidence intervals and the checks before them."""
    from sixsigma.capability import binomial_capability, capability, poisson_capability
    from sixsigma.capability.metrics import metric_capability

    dist = distribution.strip().lower()
    if sixpack and (html is None or dist in _ATTRIBUTE):
        raise InputError("--sixpack draws the sixpack of measured values into a file: add --html FILE "
                         "(and not --distribution binomial/poisson)")
    lam = boxcox_lambda
    if lam is not None and lam != "rounded":
        try:
            lam = float(lam)
        except ValueError:
            raise InputError(
                f"--lambda must be a number or 'rounded', got {boxcox_lambda!r}"
            ) from None
    if metric:
        if file is not None:
            raise InputError("give either FILE or --metric, not both")
        from sixsigma.warehouse import Warehouse

        kw = (
            {}
            if dist in _ATTRIBUTE
            else dict(distribution=dist, sigma_method=sigma_method, boxcox_lambda=lam)
        )
        with Warehouse(warehouse, read_only=True) as wh:
            result = metric_capability(
                wh,
                metric,
                filters=parse_filters(filters),
                start=start,
                end=end,
                grain=grain,
                lsl=lsl,
                usl=usl,
                target=target,
                confidence=confidence,
                **kw,
            )
    else:
        if file is None:
            raise InputError("give a CSV/Parquet FILE (with --value) or --metric NAME")
        df = read_table(file)
        if dist in _ATTRIBUTE:
            if not count or not size:
                raise InputError(f"--distribution {dist} needs --count and --size columns")
            func = binomial_capability if dist == "binomial" else poisson_capability
            result = func(
                df,
                count=count,
                size=size,
                label=subgroup,
                confidence=confidence,
                target=target,
                name=count,
            )
        else:
            if not value:
                raise InputError("give --value COL (the column of measurements)")
            result = capability(
                df,
                value=value,
                subgroup=subgroup,
                lsl=lsl,
                usl=usl,
                target=target,
                distribution=dist,
                confidence=confidence,
                sigma_method=sigma_method,
                boxcox_lambda=lam,
                unit=unit,
            )
    if html is not None:
        from sixsigma.plots.capability import capability_sixpack_figure

        fig = capability_sixpack_figure(result) if sixpack else result.figure()
        write_figure_html(html, fig, result.summary())
    if as_json:
        print_json(result)
        return
    _show(result)
    if html is not None:
        console.print(f"wrote {html}", markup=False)


def sigma_level_cmd(
    dpmo: float = typer.Argument(
        None, help="Defects per million opportunities (or use --defects)."
    ),
    defects: float = typer.Option(None, "--defects", help="Number of defects."),
    units: float = typer.Option(None, "--units", help="Number of units inspected."),
    opportunities: float = typer.Option(
        1.0, "--opportunities", help="Defect opportunities per unit."
    ),
    shift: bool = typer.Option(
        False, "--shift", help="Add the conventional 1.5-sigma shift (labelled)."
    ),
    as_json: bool = JsonOption,
) -> None:
    """Sigma level from DPMO (or defects, units, opportunities); no 1.5 shift unless --shift."""
    import pandas as pd

    from sixsigma.capability import sigma_level

    result = sigma_level(
        dpmo, defects=defects, units=units, opportunities=opportunities, shift=shift
    )
    if as_json:
        print_json(result)
        return
    console.print(result.summary(), markup=False)
    print_frame(
        pd.DataFrame(
            [
                {
                    "dpmo": result.dpmo,
                    "yield": result.process_yield,
                    "z (no shift)": result.z,
                    "shift": result.shift,
                    "sigma level": result.sigma_level,
                }
            ]
        )
    )


def register(app: typer.Typer) -> None:
    """Add `sixsigma capability` and `sixsigma sigma-level` to the app."""
    app.command(
        "capability",
        help="Process capability (normal, non-normal, binomial, Poisson) from a "
        "file or a warehouse metric.",
    )(capability_cmd)
    app.command("sigma-level", help="Sigma level and DPMO (1.5-sigma shift only with --shift).")(
        sigma_level_cmd
    )
