"""`sixsigma test NAME [FILE]` and `sixsigma power NAME`: parse the options, run, print.

The tests, their options and defaults live in :mod:`sixsigma.stats.registry`; this module only
turns command-line text into the library's values (``--groups A,B`` -> a list, summarized
numbers ``--events 172,151`` -> numbers) and prints the result. A warehouse metric is compared
before/after (``--metric NAME --before DATE --after DATE``:
``sixsigma.stats.guide.compare_periods``) or across a dimension's levels (``--metric NAME
--group DIM``: ``compare_levels``).
"""

from __future__ import annotations

import inspect
from pathlib import Path

import typer

from sixsigma.cli._names import POWER_TESTS, TEST_NAMES
from sixsigma.cli.common import (
    EndOption,
    FilterOption,
    JsonOption,
    StartOption,
    WarehouseOption,
    console,
    parse_filters,
    print_frame,
    print_json,
    read_table,
    split_list,
)
from sixsigma.errors import InputError, unknown

NUMBERS = ("counts", "exposures", "proportions")  # always summarized numbers
NUMBERS_OR_COLUMN = ("events", "trials")  # numbers, or a column name (auto)


def _numbers(text: str, what: str) -> list[float]:
    """'172,151' -> [172.0, 151.0], or an error saying what to give."""
    try:
        return [float(v) for v in split_list(text)]
    except ValueError:
        raise InputError(
            f"--{what} {text!r}: expected numbers separated by commas, e.g. 172,151"
        ) from None


def library_options(raw: dict) -> dict:
    """Command-line text -> the registry's option values (None and unset flags dropped)."""
    out = {}
    for key, text in raw.items():
        if text is None:
            continue
        if key in NUMBERS:
            out[key] = _numbers(text, key)
        elif key in NUMBERS_OR_COLUMN:
            items = split_list(text)
            try:
                out[key] = [float(v) for v in items]
            except ValueError:
                out[key] = text
        elif key in ("groups", "x"):
            out[key] = split_list(text) or None
        else:
            out[key] = text
    return {k: v for k, v in out.items() if v is not None}


def _metric_test(name, metric, o: dict, where: dict):
    """A warehouse metric compared before/after or across a dimension's levels."""
    from sixsigma.catalog import active
    from sixsigma.stats.guide import compare_levels, compare_periods
    from sixsigma.warehouse import Warehouse

    dims = split_list(o.get("group"))
    if len(dims) > 1:
        raise InputError("--group with --metric takes one dimension, e.g. --group team")
    m = active().metric(metric)
    with Warehouse(where["warehouse"], read_only=True) as wh:
        df = wh.metric(m, grain="day", by=dims, filters=parse_filters(where["filters"]),
                       start=where["start"], end=where["end"])
    if df.empty:
        raise InputError(
            f"metric {metric!r} has no data for these filters and dates; check --filter/--start/--end"
        )
    kw = {"confidence": o["confidence"]}
    if o.get("before") or o.get("after"):
        if not (o.get("before") and o.get("after")):
            raise InputError("a before/after comparison needs both --before DATE and --after DATE")
        if dims:
            raise InputError("use either --before/--after or --group with --metric, not both")
        return compare_periods(df, m.kind, before=o["before"], after=o["after"],
                               days=where["days"], test=name, measure=m.label, unit=m.unit,
                               alternative=o["alternative"], **kw)
    if dims:
        return compare_levels(df, m.kind, dims[0], test=name,
                              groups=split_list(o.get("groups")) or None, **kw)
    raise InputError("with --metric give --before DATE --after DATE, or --group DIMENSION")


def _print_result(res) -> None:
    import pandas as pd

    console.print(res.summary())
    shown = {
        "groups": "Groups",
        "pairs": "Pairwise comparisons",
        "coefficients": "Coefficients",
        "anova": "Analysis of variance",
        "cells": "Cells (observed, expected, residuals)",
        "rates": "Rates",
        "cell_means": "Cell means",
        "proportions": "Proportions",
        "tests": "One-sided tests",
        "unusual": "Unusual observations",
    }
    for key, title in shown.items():
        table = res.extra.get(key)
        if isinstance(table, pd.DataFrame) and len(table):
            print_frame(table, title=title)
    if len(res.checks):
        print_frame(res.checks, title="Assumption checks")


def test_cmd(
    name: str = typer.Argument(..., metavar="NAME", help=f"One of: {', '.join(TEST_NAMES)}."),
    file: Path = typer.Argument(None, help="CSV or Parquet file (or summarized numbers, or --metric)."),
    value: str = typer.Option(None, "--value", help="Response column (or outcome / count column)."),
    group: str = typer.Option(None, "--group", help="Factor column (anova: A,B for two-way); with --metric a dimension."),
    groups: str = typer.Option(None, "--groups", help="Levels to compare, in order: A,B means first minus second."),
    before: str = typer.Option(None, "--before", help="Column before (paired: before - after); with --metric a date."),
    after: str = typer.Option(None, "--after", help="Column after; with --metric the date the after window starts."),
    mu: float = typer.Option(None, "--mu", help="Hypothesized mean / median / difference."),
    p0: float = typer.Option(None, "--p0", help="Hypothesized proportion (one-proportion)."),
    rate0: float = typer.Option(None, "--rate0", help="Hypothesized rate (one-sample poisson-rate)."),
    sigma: float = typer.Option(None, "--sigma", help="Known standard deviation (one-sample-z)."),
    alternative: str = typer.Option("two-sided", "--alternative", help="two-sided, less or greater."),
    confidence: float = typer.Option(0.95, "--confidence", help="Confidence level (alpha = 1 - confidence)."),
    equal_var: bool = typer.Option(False, "--equal-var", help="Pooled 2-sample t (default Welch)."),
    no_correction: bool = typer.Option(False, "--no-correction", help="No continuity correction."),
    method: str = typer.Option(
        None,
        "--method",
        help="Variant: e.g. exact|normal, f|bartlett|levene|brown-forsythe, "
        "two-variances: bonett (default)|levene (Minitab's, median-centred)|f, "
        "anderson-darling|shapiro-wilk|ryan-joiner|kolmogorov-smirnov, pearson|spearman, fisher, "
        "simulate (fisher-exact: Monte-Carlo p-value for big tables).",
    ),
    events: str = typer.Option(None, "--events", help="Summarized events, e.g. 172,151 (or an events column for auto)."),
    trials: str = typer.Option(None, "--trials", help="Summarized trials, e.g. 200,190 (or a trials column for auto)."),
    counts: str = typer.Option(None, "--counts", help="Summarized counts, e.g. 120,95 (poisson-rate, chi-square)."),
    exposures: str = typer.Option(None, "--exposures", help="Summarized exposures, e.g. 1000,1050."),
    exposure: str = typer.Option(None, "--exposure", help="Exposure column (poisson-rate, auto)."),
    proportions: str = typer.Option(None, "--proportions", help="Expected proportions for chi-square goodness of fit."),
    event: str = typer.Option(None, "--event", help="Which value of a yes/no column is the event."),
    row: str = typer.Option(None, "--row", help="Row factor column (chi-square, fisher-exact)."),
    column: str = typer.Option(None, "--column", help="Column factor column (chi-square, fisher-exact)."),
    count: str = typer.Option(None, "--count", help="Column of counts for a summarized table."),
    y: str = typer.Option(None, "--y", help="Response column (correlation, regression, logistic)."),
    x: str = typer.Option(None, "--x", help="Predictor column(s), COL[,COL...]."),
    lower: float = typer.Option(None, "--lower", help="equivalence: lower equivalence limit of the difference."),
    upper: float = typer.Option(None, "--upper", help="equivalence: upper equivalence limit of the difference."),
    seed: int = typer.Option(None, "--seed", help="fisher-exact --method simulate: random seed."),
    ratio: float = typer.Option(None, "--ratio", help="two-variances: hypothesized ratio of SDs sigma1/sigma2 (default 1)."),
    paired: bool = typer.Option(False, "--paired", help="auto: values of --value paired by --subject across --group."),
    subject: str = typer.Option(None, "--subject", help="auto --paired: the column identifying each unit."),
    missing: str = typer.Option(None, "--missing", help="Missing values: drop (default; the result counts them) or raise."),
    metric: str = typer.Option(None, "--metric", help="Warehouse metric (with --before/--after dates or --group DIM)."),
    filters: list[str] = FilterOption,
    days: int = typer.Option(None, "--days", help="--metric before/after: limit each window to N days."),
    start: str = StartOption,
    end: str = EndOption,
    warehouse: Path = WarehouseOption,
    as_json: bool = JsonOption,
) -> None:
    """Run a hypothesis test on a file, summarized numbers or a warehouse metric.

    With --metric NAME and --before/--after DATEs (test auto): rate metrics (contacts per
    order) get the quasi-Poisson rate ratio of the daily counts over their exposures, its
    interval widened by their over-dispersion, with the exact Poisson test on the sums beside
    it (poisson-rate makes that one the result); proportion metrics the quasi-binomial
    difference, with the 2-proportions test beside it (two-proportions); mean and score
    metrics Welch's 2-sample t on the daily values. With --metric NAME --group DIM the metric
    is compared across the dimension's levels the same way.
    """
    given = dict(locals())
    name = name.lower().replace("_", "-")
    if name not in TEST_NAMES:
        raise unknown("test", name, TEST_NAMES)
    raw = {k: v for k, v in given.items() if k in _TEST_OPTIONS}
    raw.update(correction=False if no_correction else None, equal_var=equal_var or None,
               paired=paired or None)  # unset flags take the test's default
    if alternative == "two-sided":
        raw.pop("alternative")  # the default; tests without a direction then take it too
    if metric:
        if file is not None:
            raise InputError("give a FILE or --metric, not both")
        where = {"warehouse": warehouse, "filters": filters, "start": start, "end": end,
                 "days": days}
        res = _metric_test(name, metric, {**raw, "alternative": alternative}, where)
    else:
        from sixsigma.stats.registry import run

        res = run(name, read_table(file) if file is not None else None, **library_options(raw))
    if as_json:
        print_json(res)
    else:
        _print_result(res)


_TEST_OPTIONS = (
    "value", "group", "groups", "before", "after", "mu", "p0", "rate0", "sigma", "alternative",
    "confidence", "equal_var", "method", "events", "trials", "counts", "exposures", "exposure",
    "proportions", "event", "row", "column", "count", "y", "x", "paired", "subject", "lower",
    "upper", "seed", "ratio", "missing",
)


def power_cmd(
    name: str = typer.Argument(..., metavar="NAME", help=f"One of: {', '.join(POWER_TESTS)}."),
    n: float = typer.Option(
        None, "--n", help="Sample size per group (pairs; exposure units for poisson-rate)."
    ),
    delta: float = typer.Option(
        None, "--delta", help="Difference to detect (p2 - p1, rate2 - rate1; ANOVA: largest)."
    ),
    sd: float = typer.Option(1.0, "--sd", help="Standard deviation (t tests, anova)."),
    power_: float = typer.Option(None, "--power", help="Power (1 - beta), e.g. 0.9."),
    alpha: float = typer.Option(0.05, "--alpha", help="Significance level."),
    p1: float = typer.Option(
        None,
        "--p1",
        help="Baseline proportion (two-proportions) or true proportion (one-proportion).",
    ),
    p2: float = typer.Option(None, "--p2", help="Comparison proportion (two-proportions)."),
    p0: float = typer.Option(None, "--p0", help="Hypothesized proportion (one-proportion)."),
    rate1: float = typer.Option(
        None, "--rate1", help="Baseline rate per exposure unit (poisson-rate)."
    ),
    rate2: float = typer.Option(None, "--rate2", help="Comparison rate (poisson-rate)."),
    groups: int = typer.Option(None, "--groups", help="Number of groups (anova)."),
    alternative: str = typer.Option(
        "two-sided", "--alternative", help="two-sided, less or greater."
    ),
    as_json: bool = JsonOption,
) -> None:
    """Solve for the one of --n, --delta, --power left out."""
    import pandas as pd

    from sixsigma.stats import power

    res = power(
        name,
        n=n,
        delta=delta,
        power=power_,
        sd=sd,
        alpha=alpha,
        alternative=alternative,
        p0=p0,
        p1=p1,
        p2=p2,
        rate1=rate1,
        rate2=rate2,
        groups=groups,
    )
    if as_json:
        print_json(res)
    else:
        console.print(res.summary())
        d = {k: v for k, v in res.to_dict().items() if k not in ("conclusion", "test")}
        print_frame(
            pd.DataFrame({"quantity": list(d), "value": [str(v) for v in d.values()]}),
            title="Solution",
        )


def register(app) -> None:
    """Add `test` and `power` to the app."""
    paragraphs = [" ".join(par.split()) for par in inspect.cleandoc(test_cmd.__doc__).split("\n\n")]
    app.command(
        "test", help="\n\n".join([f"Hypothesis tests: {', '.join(TEST_NAMES)}.", *paragraphs])
    )(test_cmd)
    app.command("power", help="Power and sample size: " + ", ".join(POWER_TESTS) + ".")(power_cmd)
