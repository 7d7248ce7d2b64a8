"""`sixsigma test NAME [FILE]` and `sixsigma power NAME`: hypothesis tests and sample sizes.

One option vocabulary for every test (see ``sixsigma test --help``). Data come from a
CSV/Parquet FILE (columns), from summarized numbers (``--events 172,151 --trials 200,190``,
``--counts 120,95 --exposures 1000,1050``), or from a warehouse metric:

- ``--metric NAME --before DATE --after DATE``: before/after comparison of the metric's daily
  values (``sixsigma.stats.guide.compare_periods``): rate metrics (e.g. manual_cpo) -> exact
  Poisson rate test on the summed numerator over the summed denominator of each window;
  proportion metrics (fcr, csat...) -> 2-proportions test on the summed events and trials;
  mean/score metrics (aht, asa, nps) -> Welch's 2-sample t on the daily values. The before
  window is every day before --before, the after window every day from --after on (limit each
  to N days with --days; bound the data with --start/--end).
- ``--metric NAME --group DIM``: the metric compared across a dimension's levels
  (``compare_levels``): summed rates/proportions, or daily values for means.
"""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import TYPE_CHECKING

import typer

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

if TYPE_CHECKING:
    import pandas as pd
from sixsigma.cli._names import POWER_TESTS

TEST_NAMES = (
    "one-sample-z",
    "one-sample-t",
    "two-sample-t",
    "paired-t",
    "one-proportion",
    "two-proportions",
    "chi-square",
    "fisher-exact",
    "poisson-rate",
    "quasi-poisson",
    "quasi-binomial",
    "anova",
    "welch-anova",
    "kruskal-wallis",
    "mood-median",
    "mann-whitney",
    "wilcoxon",
    "sign",
    "equal-variances",
    "two-variances",
    "fligner-killeen",
    "equivalence",
    "normality",
    "correlation",
    "kendall",
    "regression",
    "logistic",
    "auto",
)


def _numbers(text: str | None, what: str) -> list[float] | None:
    """'172,151' -> [172.0, 151.0]; None stays None."""
    items = split_list(text)
    if not items:
        return None
    try:
        return [float(v) for v in items]
    except ValueError:
        raise InputError(
            f"{what} {text!r}: expected numbers separated by commas, e.g. 172,151"
        ) from None


def _is_numbers(text: str | None) -> bool:
    """True when the option holds numbers (summarized data) rather than a column name."""
    try:
        return bool([float(v) for v in split_list(text)])
    except ValueError:
        return False


def _need_file(df, name):
    if df is None:
        raise InputError(
            f"test {name} needs a FILE (CSV or Parquet) with the columns, or summarized numbers"
        )
    return df


def _one(name: str, values: list[float] | None, what: str):
    if values is None:
        return None
    if len(values) != 1:
        raise InputError(f"{what} takes one number for {name}, got {len(values)}")
    return values[0]


def _metric_test(
    name,
    metric,
    group,
    groups,
    before,
    after,
    days,
    start,
    end,
    filters,
    alternative,
    confidence,
    warehouse,
):
    """A warehouse metric compared before/after or across a dimension's levels."""
    from sixsigma.stats.guide import compare_levels, compare_periods
    from sixsigma.warehouse import Warehouse

    dims = split_list(group)
    if len(dims) > 1:
        raise InputError("--group with --metric takes one dimension, e.g. --group team")
    from sixsigma.catalog import active

    m = active().metric(metric)
    with Warehouse(warehouse, read_only=True) as wh:
        df = wh.metric(
            m, grain="day", by=dims, filters=parse_filters(filters), start=start, end=end
        )
    if df.empty:
        raise InputError(
            f"metric {metric!r} has no data for these filters and dates; check --filter/--start/--end"
        )
    if before or after:
        if not (before and after):
            raise InputError("a before/after comparison needs both --before DATE and --after DATE")
        if dims:
            raise InputError("use either --before/--after or --group with --metric, not both")
        return compare_periods(
            df,
            m.kind,
            before=before,
            after=after,
            days=days,
            test=name,
            measure=m.label,
            unit=m.unit,
            alternative=alternative,
            confidence=confidence,
        )
    if dims:
        test = {"chi-square": "chi-square"}.get(name, name)
        return compare_levels(
            df, m.kind, dims[0], test=test, groups=split_list(groups) or None, confidence=confidence
        )
    raise InputError("with --metric give --before DATE --after DATE, or --group DIMENSION")


def run_test(name: str, df: pd.DataFrame | None, o: dict):
    """Dispatch one `sixsigma test NAME` call to the library (no statistics here)."""
    import pandas as pd

    from sixsigma.stats import (
        anova_oneway,
        anova_twoway,
        chi_square_gof,
        chi_square_independence,
        compare,
        correlation,
        equal_variances,
        equivalence_one_sample,
        equivalence_two_sample,
        fisher_exact,
        fisher_exact_rxc,
        fligner_killeen,
        kendall_tau,
        kruskal_wallis,
        logistic_regression,
        mann_whitney,
        mood_median,
        normality,
        one_proportion,
        one_sample_t,
        one_sample_z,
        paired_t,
        poisson_rate_one,
        poisson_rate_two,
        quasi_binomial,
        rate_ratio_quasi_poisson,
        regression,
        sign_test,
        two_proportions,
        two_sample_t,
        two_variances,
        welch_anova,
        wilcoxon,
    )

    kw = {"alternative": o["alternative"], "confidence": o["confidence"]}
    groups = split_list(o["groups"]) or None
    value, group = o["value"], o["group"]
    events, trials = o["events"], o["trials"]
    if name == "one-sample-z":
        if o["sigma"] is None:
            raise InputError("one-sample-z needs --sigma (the known process standard deviation)")
        return one_sample_z(_need_file(df, name), value, sigma=o["sigma"], mu=o["mu"] or 0.0, **kw)
    if name == "one-sample-t":
        return one_sample_t(_need_file(df, name), value, mu=o["mu"] or 0.0, **kw)
    if name == "two-sample-t":
        return two_sample_t(
            _need_file(df, name),
            value,
            group,
            groups=groups,
            equal_var=o["equal_var"],
            mu=o["mu"] or 0.0,
            **kw,
        )
    if name == "paired-t":
        return paired_t(_need_file(df, name), o["before"], o["after"], mu=o["mu"] or 0.0, **kw)
    if name == "one-proportion":
        method = o["method"] or "exact"
        p0 = 0.5 if o["p0"] is None else o["p0"]
        if _is_numbers(events):
            return one_proportion(
                events=_one(name, _numbers(events, "--events"), "--events"),
                trials=_one(name, _numbers(trials, "--trials"), "--trials"),
                p0=p0,
                method=method,
                correction=o["correction"],
                **kw,
            )
        return one_proportion(
            _need_file(df, name),
            value,
            event=o["event"],
            p0=p0,
            method=method,
            correction=o["correction"],
            **kw,
        )
    if name == "two-proportions":
        method = o["method"] or "normal"
        if _is_numbers(events):
            return two_proportions(
                events=_numbers(events, "--events"),
                trials=_numbers(trials, "--trials"),
                groups=groups,
                correction=o["correction"],
                method=method,
                **kw,
            )
        return two_proportions(
            _need_file(df, name),
            value,
            group,
            groups=groups,
            event=o["event"],
            correction=o["correction"],
            method=method,
            **kw,
        )
    if name == "chi-square":
        if o["row"] or o["column"]:
            return chi_square_independence(
                _need_file(df, name), o["row"], o["column"], o["count"], correction=o["correction"]
            )
        props = _numbers(o["proportions"], "--proportions")
        if o["counts"]:
            return chi_square_gof(
                observed=_numbers(o["counts"], "--counts"), proportions=props, labels=groups
            )
        return chi_square_gof(_need_file(df, name), value, o["count"], proportions=props)
    if name == "fisher-exact":
        if _is_numbers(events):
            x, n = _numbers(events, "--events"), _numbers(trials, "--trials")
            if not x or not n or len(x) != 2 or len(n) != 2:
                raise InputError(
                    "fisher-exact with --events/--trials needs two of each, e.g. --events 14,7 --trials 100,100"
                )
            table = pd.DataFrame(
                [[x[0], n[0] - x[0]], [x[1], n[1] - x[1]]],
                index=groups or ["1", "2"],
                columns=["event", "non-event"],
            )
            return fisher_exact(table=table, **kw)
        df = _need_file(df, name)
        from sixsigma.stats.proportions import _table_from

        shape = _table_from(df, o["row"], o["column"], o["count"], None).shape
        if shape != (2, 2) or o["method"] == "simulate":
            return fisher_exact_rxc(
                df,
                o["row"],
                o["column"],
                o["count"],
                simulate=o["method"] == "simulate",
                seed=o.get("seed"),
                confidence=o["confidence"],
            )
        return fisher_exact(df, o["row"], o["column"], o["count"], **kw)
    if name in ("quasi-poisson", "quasi-binomial"):
        df = _need_file(df, name)
        denom = o["exposure"] if name == "quasi-poisson" else o["trials"]
        if not (value and denom and group and groups and len(groups) == 2):
            raise InputError(
                f"{name} needs --value COL, --{'exposure' if name == 'quasi-poisson' else 'trials'} "
                "COL, --group COL and --groups AFTER,BEFORE (one row per period)"
            )
        for col in (value, denom, group):
            if col not in df.columns:
                raise InputError(f"column {col!r} not found; the file has: {', '.join(df.columns)}")
        labels = df[group].astype(str)
        rows = df[labels.isin(groups)]
        fn = rate_ratio_quasi_poisson if name == "quasi-poisson" else quasi_binomial
        return fn(
            pd.to_numeric(rows[value], errors="coerce"),
            pd.to_numeric(rows[denom], errors="coerce"),
            (labels[labels.isin(groups)] == groups[0]).to_numpy(),
            labels=(groups[0], groups[1]),
            **kw,
        )
    if name == "poisson-rate":
        method = o["method"] or "exact"
        if o["counts"]:
            c, e = _numbers(o["counts"], "--counts"), _numbers(o["exposures"], "--exposures")
            if e is None or len(e) != len(c):
                raise InputError("--counts and --exposures need the same number of values")
            if len(c) == 1:
                return poisson_rate_one(
                    count=c[0], total_exposure=e[0], rate0=o["rate0"] or 1.0, method=method, **kw
                )
            return poisson_rate_two(counts=c, exposures=e, groups=groups, method=method, **kw)
        df = _need_file(df, name)
        if group:
            return poisson_rate_two(
                df, value, group, o["exposure"], groups=groups, method=method, **kw
            )
        return poisson_rate_one(
            df, value, o["exposure"], rate0=o["rate0"] or 1.0, method=method, **kw
        )
    if name == "anova":
        factors = split_list(group)
        if len(factors) == 2:
            return anova_twoway(_need_file(df, name), value, factors[0], factors[1])
        return anova_oneway(
            _need_file(df, name), value, group, groups=groups, confidence=o["confidence"]
        )
    if name == "welch-anova":
        return welch_anova(
            _need_file(df, name), value, group, groups=groups, confidence=o["confidence"]
        )
    if name == "kruskal-wallis":
        return kruskal_wallis(_need_file(df, name), value, group, groups=groups)
    if name == "mood-median":
        return mood_median(_need_file(df, name), value, group, groups=groups)
    if name == "mann-whitney":
        return mann_whitney(
            _need_file(df, name),
            value,
            group,
            groups=groups,
            mu=o["mu"] or 0.0,
            correction=o["correction"],
            **kw,
        )
    if name == "wilcoxon":
        if o["before"] or o["after"]:
            return wilcoxon(
                _need_file(df, name),
                before=o["before"],
                after=o["after"],
                mu=o["mu"] or 0.0,
                correction=o["correction"],
                **kw,
            )
        return wilcoxon(
            _need_file(df, name), value, mu=o["mu"] or 0.0, correction=o["correction"], **kw
        )
    if name == "sign":
        if o["before"] or o["after"]:
            return sign_test(
                _need_file(df, name),
                before=o["before"],
                after=o["after"],
                median=o["mu"] or 0.0,
                **kw,
            )
        return sign_test(_need_file(df, name), value, median=o["mu"] or 0.0, **kw)
    if name == "equal-variances":
        return equal_variances(
            _need_file(df, name),
            value,
            group,
            groups=groups,
            method=o["method"] or "brown-forsythe",
            **kw,
        )
    if name == "two-variances":
        return two_variances(
            _need_file(df, name),
            value,
            group,
            groups=groups,
            method=o["method"] or "bonett",
            ratio=1.0 if o.get("ratio") is None else o["ratio"],
            **kw,
        )
    if name == "fligner-killeen":
        return fligner_killeen(
            _need_file(df, name), value, group, groups=groups, confidence=o["confidence"]
        )
    if name == "equivalence":
        limits = {"lower": o.get("lower"), "upper": o.get("upper"), "confidence": o["confidence"]}
        if group:
            return equivalence_two_sample(
                _need_file(df, name),
                value,
                group,
                groups=groups,
                equal_var=o["equal_var"],
                **limits,
            )
        return equivalence_one_sample(_need_file(df, name), value, target=o["mu"] or 0.0, **limits)
    if name == "kendall":
        xs = split_list(o["x"])
        if len(xs) != 1 or not o["y"]:
            raise InputError("kendall needs --x COL and --y COL")
        return kendall_tau(_need_file(df, name), xs[0], o["y"], **kw)
    if name == "normality":
        return normality(
            _need_file(df, name),
            value,
            method=o["method"] or "anderson-darling",
            alpha=round(1 - o["confidence"], 12),
        )
    if name == "correlation":
        xs = split_list(o["x"])
        if len(xs) != 1 or not o["y"]:
            raise InputError("correlation needs --x COL and --y COL")
        return correlation(
            _need_file(df, name), xs[0], o["y"], method=o["method"] or "pearson", **kw
        )
    if name == "regression":
        if not o["y"] or not o["x"]:
            raise InputError("regression needs --y COL and --x COL[,COL...]")
        return regression(
            _need_file(df, name), o["y"], split_list(o["x"]), confidence=o["confidence"]
        )
    if name == "logistic":
        if not o["y"] or not o["x"]:
            raise InputError("logistic needs --y COL (yes/no) and --x COL[,COL...]")
        return logistic_regression(
            _need_file(df, name),
            o["y"],
            split_list(o["x"]),
            event=o["event"],
            confidence=o["confidence"],
        )
    # auto
    df = _need_file(df, name)
    trials_col = trials if trials and not _is_numbers(trials) else None
    return compare(
        df,
        y=value,
        x=group,
        before=o["before"],
        after=o["after"],
        paired=o["paired"],
        subject=o["subject"],
        groups=groups,
        exposure=o["exposure"],
        trials=trials_col,
        event=o["event"],
        mu=o["mu"],
        p0=o["p0"],
        rate0=o["rate0"],
        **kw,
    )


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
    file: Path = typer.Argument(
        None, help="CSV or Parquet file (or summarized numbers, or --metric)."
    ),
    value: str = typer.Option(None, "--value", help="Response column (or outcome / count column)."),
    group: str = typer.Option(
        None, "--group", help="Factor column (anova: A,B for two-way); with --metric a dimension."
    ),
    groups: str = typer.Option(
        None, "--groups", help="Levels to compare, in order: A,B means first minus second."
    ),
    before: str = typer.Option(
        None, "--before", help="Column before (paired: before - after); with --metric a date."
    ),
    after: str = typer.Option(
        None, "--after", help="Column after; with --metric the date the after window starts."
    ),
    mu: float = typer.Option(None, "--mu", help="Hypothesized mean / median / difference."),
    p0: float = typer.Option(None, "--p0", help="Hypothesized proportion (one-proportion)."),
    rate0: float = typer.Option(
        None, "--rate0", help="Hypothesized rate (one-sample poisson-rate)."
    ),
    sigma: float = typer.Option(None, "--sigma", help="Known standard deviation (one-sample-z)."),
    alternative: str = typer.Option(
        "two-sided", "--alternative", help="two-sided, less or greater."
    ),
    confidence: float = typer.Option(
        0.95, "--confidence", help="Confidence level (alpha = 1 - confidence)."
    ),
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
    events: str = typer.Option(
        None, "--events", help="Summarized events, e.g. 172,151 (or an events column for auto)."
    ),
    trials: str = typer.Option(
        None, "--trials", help="Summarized trials, e.g. 200,190 (or a trials column for auto)."
    ),
    counts: str = typer.Option(
        None, "--counts", help="Summarized counts, e.g. 120,95 (poisson-rate, chi-square)."
    ),
    exposures: str = typer.Option(
        None, "--exposures", help="Summarized exposures, e.g. 1000,1050."
    ),
    exposure: str = typer.Option(None, "--exposure", help="Exposure column (poisson-rate, auto)."),
    proportions: str = typer.Option(
        None, "--proportions", help="Expected proportions for chi-square goodness of fit."
    ),
    event: str = typer.Option(None, "--event", help="Which value of a yes/no column is the event."),
    row: str = typer.Option(None, "--row", help="Row factor column (chi-square, fisher-exact)."),
    column: str = typer.Option(
        None, "--column", help="Column factor column (chi-square, fisher-exact)."
    ),
    count: str = typer.Option(None, "--count", help="Column of counts for a summarized table."),
    y: str = typer.Option(None, "--y", help="Response column (correlation, regression, logistic)."),
    x: str = typer.Option(None, "--x", help="Predictor column(s), COL[,COL...]."),
    lower: float = typer.Option(
        None, "--lower", help="equivalence: lower equivalence limit of the difference."
    ),
    upper: float = typer.Option(
        None, "--upper", help="equivalence: upper equivalence limit of the difference."
    ),
    seed: int = typer.Option(None, "--seed", help="fisher-exact --method simulate: random seed."),
    ratio: float = typer.Option(
        None, "--ratio", help="two-variances: hypothesized ratio of SDs sigma1/sigma2 (default 1)."
    ),
    paired: bool = typer.Option(
        False, "--paired", help="auto: values of --value paired by --subject across --group."
    ),
    subject: str = typer.Option(
        None, "--subject", help="auto --paired: the column identifying each unit."
    ),
    metric: str = typer.Option(
        None, "--metric", help="Warehouse metric (with --before/--after dates or --group DIM)."
    ),
    filters: list[str] = FilterOption,
    days: int = typer.Option(
        None, "--days", help="--metric before/after: limit each window to N days."
    ),
    start: str = StartOption,
    end: str = EndOption,
    warehouse: Path = WarehouseOption,
    as_json: bool = JsonOption,
) -> None:
    """Run a hypothesis test on a file, summarized numbers or a warehouse metric.

    With --metric NAME and --before/--after DATEs: rate metrics (contacts per order) get the
    exact Poisson rate test on each window's summed numerator over summed denominator,
    proportion metrics the 2-proportions test on summed events and trials, mean and score
    metrics Welch's 2-sample t on the daily values. With --metric NAME --group DIM the metric is
    compared across the dimension's levels the same way.
    """
    name = name.lower()
    if name not in TEST_NAMES:
        raise unknown("test", name, TEST_NAMES)
    if metric:
        if file is not None:
            raise InputError("give a FILE or --metric, not both")
        res = _metric_test(
            name,
            metric,
            group,
            groups,
            before,
            after,
            days,
            start,
            end,
            filters,
            alternative,
            confidence,
            warehouse,
        )
    else:
        df = read_table(file) if file is not None else None
        opts = dict(
            value=value,
            group=group,
            groups=groups,
            before=before,
            after=after,
            mu=mu,
            p0=p0,
            rate0=rate0,
            sigma=sigma,
            alternative=alternative,
            confidence=confidence,
            equal_var=equal_var,
            correction=not no_correction,
            method=method,
            events=events,
            trials=trials,
            counts=counts,
            exposures=exposures,
            exposure=exposure,
            proportions=proportions,
            event=event,
            row=row,
            column=column,
            count=count,
            y=y,
            x=x,
            paired=paired,
            subject=subject,
            lower=lower,
            upper=upper,
            seed=seed,
            ratio=ratio,
        )
        res = run_test(name, df, opts)
    if as_json:
        print_json(res)
    else:
        _print_result(res)


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
