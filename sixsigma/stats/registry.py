"""Every hypothesis test by its canonical name, with its options and defaults.

``run("two-sample-t", df, value="aht", group="team", groups=["B", "A"])`` runs a test by name
the way ``sixsigma test NAME`` does; ``tests()`` lists the names, options, defaults, the
Minitab menu and the R call each matches. One vocabulary for every test:

- names are hyphenated (``poisson-rate``); ``poisson_rate`` is accepted as the same name;
- ``confidence`` (0.95) is the public option; ``alpha=`` is accepted as ``1 - confidence``
  for compatibility (here and by the test functions themselves);
- ``value=`` the response column, ``group=`` the factor column, ``groups=`` the levels in
  order (first minus second); summarized data as numbers: ``events=[172, 151]``,
  ``trials=[200, 190]``, ``counts=[120, 95]``, ``exposures=[1000, 1050]``.

Nothing heavy is imported here: each runner imports its test when called, so the CLI can
list names without scipy or pandas.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sixsigma.errors import InputError, unknown


class Options(dict):
    """The options a runner sees: the defaults, the caller's values, None for the rest."""

    def __missing__(self, key):
        return None


@dataclass(frozen=True)
class TestSpec:
    """One test: canonical name, runner ``(data, Options) -> TestResult``, options, defaults."""

    __test__ = False  # not a pytest class

    name: str
    runner: Callable[[Any, Options], Any]
    options: tuple[str, ...]
    minitab: str
    r: str
    defaults: Mapping[str, Any] = field(default_factory=dict)


def canonical(name: str) -> str:
    """'Poisson_Rate' -> 'poisson-rate' (the one spelling; underscores are accepted)."""
    return str(name).strip().lower().replace("_", "-")


def _need(data, name: str):
    if data is None:
        raise InputError(
            f"test {name} needs a FILE (CSV or Parquet) with the columns, or summarized numbers"
        )
    return data


def _summarized(v) -> bool:
    """True when an option holds numbers (summarized data) rather than a column name."""
    return v is not None and not isinstance(v, str)


def _numbers(v, what: str) -> list[float]:
    import numpy as np

    return [float(x) for x in np.atleast_1d(np.asarray(v, dtype=float))]


def _only(v, what: str, name: str) -> float:
    values = _numbers(v, what)
    if len(values) != 1:
        raise InputError(f"{what} takes one number for {name}, got {len(values)}")
    return values[0]


def _ab(o: Options) -> dict:
    return {"alternative": o["alternative"], "confidence": o["confidence"]}


# -- means ------------------------------------------------------------------------------------

def _one_sample_z(data, o):
    from sixsigma.stats.means import one_sample_z

    if o["sigma"] is None:
        raise InputError("one-sample-z needs --sigma (the known process standard deviation)")
    return one_sample_z(_need(data, "one-sample-z"), o["value"], sigma=o["sigma"], mu=o["mu"],
                        **_ab(o))


def _one_sample_t(data, o):
    from sixsigma.stats.means import one_sample_t

    return one_sample_t(_need(data, "one-sample-t"), o["value"], mu=o["mu"], **_ab(o))


def _two_sample_t(data, o):
    from sixsigma.stats.means import two_sample_t

    return two_sample_t(_need(data, "two-sample-t"), o["value"], o["group"], groups=o["groups"],
                        equal_var=o["equal_var"], mu=o["mu"], **_ab(o))


def _paired_t(data, o):
    from sixsigma.stats.means import paired_t

    return paired_t(_need(data, "paired-t"), o["before"], o["after"], mu=o["mu"], **_ab(o))


# -- proportions and counts --------------------------------------------------------------------

def _one_proportion(data, o):
    from sixsigma.stats.proportions import one_proportion

    kw = {"p0": o["p0"], "method": o["method"], "correction": o["correction"], **_ab(o)}
    if _summarized(o["events"]):
        return one_proportion(events=_only(o["events"], "--events", "one-proportion"),
                              trials=_only(o["trials"], "--trials", "one-proportion"), **kw)
    return one_proportion(_need(data, "one-proportion"), o["value"], event=o["event"], **kw)


def _two_proportions(data, o):
    from sixsigma.stats.proportions import two_proportions

    kw = {"groups": o["groups"], "correction": o["correction"], "method": o["method"], **_ab(o)}
    if _summarized(o["events"]):
        return two_proportions(events=_numbers(o["events"], "--events"),
                               trials=_numbers(o["trials"], "--trials"), **kw)
    return two_proportions(_need(data, "two-proportions"), o["value"], o["group"],
                           event=o["event"], **kw)


def _chi_square(data, o):
    from sixsigma.stats.proportions import chi_square_gof, chi_square_independence

    level = o["confidence"]
    if o["table"] is not None or o["row"] or o["column"]:
        src = None if o["table"] is not None else _need(data, "chi-square")
        return chi_square_independence(src, o["row"], o["column"], o["count"], table=o["table"],
                                       correction=o["correction"], confidence=level)
    props = None if o["proportions"] is None else _numbers(o["proportions"], "--proportions")
    if o["counts"] is not None:
        return chi_square_gof(observed=_numbers(o["counts"], "--counts"), proportions=props,
                              labels=o["groups"], confidence=level)
    return chi_square_gof(_need(data, "chi-square"), o["value"], o["count"], proportions=props,
                          confidence=level)


def fisher_table(events, trials, groups=None):
    """The 2x2 table (event, non-event) of two groups' summarized events out of trials."""
    import pandas as pd

    x, n = _numbers(events, "--events"), _numbers(trials, "--trials")
    if len(x) != 2 or len(n) != 2:
        raise InputError("fisher-exact with --events/--trials needs two of each, "
                         "e.g. --events 14,7 --trials 100,100")
    return pd.DataFrame([[x[0], n[0] - x[0]], [x[1], n[1] - x[1]]],
                        index=list(groups) if groups else ["1", "2"],
                        columns=["event", "non-event"])


def _fisher_exact(data, o):
    from sixsigma.stats.fisher_rxc import fisher_exact_rxc
    from sixsigma.stats.proportions import _table_from, fisher_exact

    if _summarized(o["events"]):
        return fisher_exact(table=fisher_table(o["events"], o["trials"], o["groups"]), **_ab(o))
    src = None if o["table"] is not None else _need(data, "fisher-exact")
    cells = (src, o["row"], o["column"], o["count"])
    shape = _table_from(*cells, o["table"]).shape
    if shape != (2, 2) or o["method"] == "simulate":
        return fisher_exact_rxc(*cells, table=o["table"], simulate=o["method"] == "simulate",
                                seed=o["seed"], confidence=o["confidence"])
    return fisher_exact(*cells, table=o["table"], **_ab(o))


def _poisson_rate(data, o):
    from sixsigma.stats.rates import poisson_rate_one, poisson_rate_two

    kw = {"method": o["method"], "unit": o["unit"], **_ab(o)}
    two = {**kw, "measure": o["measure"], "groups": o["groups"]}
    if _summarized(o["counts"]):
        c = _numbers(o["counts"], "--counts")
        e = None if o["exposures"] is None else _numbers(o["exposures"], "--exposures")
        if e is None or len(e) != len(c):
            raise InputError("--counts and --exposures need the same number of values")
        if len(c) == 1:
            return poisson_rate_one(count=c[0], total_exposure=e[0], rate0=o["rate0"], **kw)
        return poisson_rate_two(counts=c, exposures=e, **two)
    data = _need(data, "poisson-rate")
    if o["group"]:
        return poisson_rate_two(data, o["value"], o["group"], o["exposure"], **two)
    return poisson_rate_one(data, o["value"], o["exposure"], rate0=o["rate0"], **kw)


def _period_rows(data, o, name: str, denom: str):
    """Rows of the two --groups levels (after, before): value, denominator, is-first mask."""
    import pandas as pd

    data = _need(data, name)
    groups = o["groups"]
    if not (o["value"] and o[denom] and o["group"] and groups and len(groups) == 2):
        raise InputError(f"{name} needs --value COL, --{denom} COL, --group COL and "
                         "--groups AFTER,BEFORE (one row per period)")
    for col in (o["value"], o[denom], o["group"]):
        if col not in data.columns:
            raise InputError(f"column {col!r} not found; the file has: {', '.join(data.columns)}")
    labels = data[o["group"]].astype(str)
    keep = labels.isin([str(g) for g in groups])
    rows = data[keep]
    return (pd.to_numeric(rows[o["value"]], errors="coerce"),
            pd.to_numeric(rows[o[denom]], errors="coerce"),
            (labels[keep] == str(groups[0])).to_numpy(), (str(groups[0]), str(groups[1])))


def _quasi_poisson(data, o):
    from sixsigma.stats.overdispersed import rate_ratio_quasi_poisson

    y, e, first, labels = _period_rows(data, o, "quasi-poisson", "exposure")
    return rate_ratio_quasi_poisson(y, e, first, labels=labels, measure=o["measure"],
                                    unit=o["unit"], **_ab(o))


def _quasi_binomial(data, o):
    from sixsigma.stats.overdispersed import quasi_binomial

    y, n, first, labels = _period_rows(data, o, "quasi-binomial", "trials")
    return quasi_binomial(y, n, first, labels=labels, measure=o["measure"], **_ab(o))


# -- several groups ----------------------------------------------------------------------------

def _factors(group) -> list:
    """'A' -> ['A']; 'A,B' or ['A', 'B'] -> ['A', 'B'] (two-way ANOVA, several predictors)."""
    if group is None:
        return [None]
    if isinstance(group, str):
        return [g.strip() for g in group.split(",") if g.strip()] or [group]
    return list(group)


def _anova(data, o):
    from sixsigma.stats.groups import anova_oneway, anova_twoway

    factors = _factors(o["group"])
    if len(factors) == 2:
        return anova_twoway(_need(data, "anova"), o["value"], factors[0], factors[1],
                            confidence=o["confidence"])
    return anova_oneway(_need(data, "anova"), o["value"], factors[0], groups=o["groups"],
                        confidence=o["confidence"])


def _groups_test(name: str, module: str, fn: str, *, alternative: bool = False,
                 extra: tuple[str, ...] = ()):
    """A runner for a test of value by group: fn(data, value, group, groups=..., ...)."""

    def run(data, o):
        import importlib

        f = getattr(importlib.import_module(module), fn)
        kw = {k: o[k] for k in extra}
        kw["confidence"] = o["confidence"]
        if alternative:
            kw["alternative"] = o["alternative"]
        return f(_need(data, name), o["value"], o["group"], groups=o["groups"], **kw)

    return run


def _wilcoxon(data, o):
    from sixsigma.stats.nonparametric import wilcoxon

    kw = {"mu": o["mu"], "correction": o["correction"], **_ab(o)}
    if o["before"] or o["after"]:
        return wilcoxon(_need(data, "wilcoxon"), before=o["before"], after=o["after"], **kw)
    return wilcoxon(_need(data, "wilcoxon"), o["value"], **kw)


def _sign(data, o):
    from sixsigma.stats.nonparametric import sign_test

    kw = {"median": o["mu"], **_ab(o)}
    if o["before"] or o["after"]:
        return sign_test(_need(data, "sign"), before=o["before"], after=o["after"], **kw)
    return sign_test(_need(data, "sign"), o["value"], **kw)


def _equivalence(data, o):
    from sixsigma.stats.equivalence import equivalence_one_sample, equivalence_two_sample

    limits = {"lower": o["lower"], "upper": o["upper"], "confidence": o["confidence"]}
    if o["group"]:
        return equivalence_two_sample(_need(data, "equivalence"), o["value"], o["group"],
                                      groups=o["groups"], equal_var=o["equal_var"], **limits)
    return equivalence_one_sample(_need(data, "equivalence"), o["value"], target=o["mu"], **limits)


def _normality(data, o):
    from sixsigma.stats.normality import normality

    return normality(_need(data, "normality"), o["value"], method=o["method"], confidence=o["confidence"])


# -- association -------------------------------------------------------------------------------

def _one_x(o, name: str) -> str:
    xs = _factors(o["x"])
    if len(xs) != 1 or xs[0] is None or not o["y"]:
        raise InputError(f"{name} needs --x COL and --y COL")
    return xs[0]


def _correlation(data, o):
    from sixsigma.stats.association import correlation

    x = _one_x(o, "correlation")
    return correlation(_need(data, "correlation"), x, o["y"], method=o["method"], **_ab(o))


def _kendall(data, o):
    from sixsigma.stats.kendall import kendall_tau

    x = _one_x(o, "kendall")
    return kendall_tau(_need(data, "kendall"), x, o["y"], **_ab(o))


def _regression(data, o):
    from sixsigma.stats.association import regression

    if not o["y"] or not o["x"]:
        raise InputError("regression needs --y COL and --x COL[,COL...]")
    return regression(_need(data, "regression"), o["y"], _factors(o["x"]),
                      confidence=o["confidence"])


def _logistic(data, o):
    from sixsigma.stats.association import logistic_regression

    if not o["y"] or not o["x"]:
        raise InputError("logistic needs --y COL (yes/no) and --x COL[,COL...]")
    return logistic_regression(_need(data, "logistic"), o["y"], _factors(o["x"]),
                               event=o["event"], confidence=o["confidence"])


def _auto(data, o):
    from sixsigma.stats.guide import compare

    trials = o["trials"] if isinstance(o["trials"], str) else None
    return compare(_need(data, "auto"), value=o["value"], group=o["group"], before=o["before"],
                   after=o["after"], paired=o["paired"], subject=o["subject"], groups=o["groups"],
                   exposure=o["exposure"], trials=trials, event=o["event"], mu=o["mu"],
                   p0=o["p0"], rate0=o["rate0"], **_ab(o))


# -- the table ---------------------------------------------------------------------------------

ALT = ("alternative",)
GROUPED = ("value", "group", "groups")
PAIRED = ("before", "after")
RATE = ("measure", "unit")

_SPECS = (
    TestSpec("one-sample-z", _one_sample_z, ("value", "sigma", "mu", *ALT), "1-Sample Z",
             "BSDA::z.test(x, mu = mu, sigma.x = sigma)", {"mu": 0.0}),
    TestSpec("one-sample-t", _one_sample_t, ("value", "mu", *ALT), "1-Sample t",
             "t.test(x, mu = mu)", {"mu": 0.0}),
    TestSpec("two-sample-t", _two_sample_t, (*GROUPED, "equal_var", "mu", *ALT), "2-Sample t",
             "t.test(y ~ g, var.equal = FALSE)", {"equal_var": False, "mu": 0.0}),
    TestSpec("paired-t", _paired_t, (*PAIRED, "mu", *ALT), "Paired t",
             "t.test(before, after, paired = TRUE)", {"mu": 0.0}),
    TestSpec("one-proportion", _one_proportion,
             ("value", "event", "events", "trials", "p0", "method", "correction", *ALT),
             "1 Proportion", "binom.test(x, n, p = p0)",
             {"p0": 0.5, "method": "exact", "correction": True}),
    TestSpec("two-proportions", _two_proportions,
             (*GROUPED, "event", "events", "trials", "method", "correction", *ALT),
             "2 Proportions", "prop.test(x, n)", {"method": "normal", "correction": True}),
    TestSpec("chi-square", _chi_square,
             ("row", "column", "count", "table", "value", "counts", "proportions", "groups",
              "correction"),
             "Chi-Square Test for Association / Goodness-of-Fit", "chisq.test(table)",
             {"correction": True}),
    TestSpec("fisher-exact", _fisher_exact,
             ("row", "column", "count", "table", "events", "trials", "groups", "method", "seed",
              *ALT),
             "Cross Tabulation and Chi-Square: Fisher's exact test", "fisher.test(table)"),
    TestSpec("poisson-rate", _poisson_rate,
             (*GROUPED, "exposure", "counts", "exposures", "rate0", "method", *RATE, *ALT),
             "1-Sample / 2-Sample Poisson Rate", "poisson.test(x, T, r = rate0)",
             {"rate0": 1.0, "method": "exact", "measure": "the rate",
              "unit": "per unit of exposure"}),
    TestSpec("quasi-poisson", _quasi_poisson, (*GROUPED, "exposure", *RATE, *ALT), "none",
             "glm(y ~ after + offset(log(exposure)), family = quasipoisson)",
             {"measure": "the rate", "unit": "per unit of exposure"}),
    TestSpec("quasi-binomial", _quasi_binomial, (*GROUPED, "trials", "measure", *ALT), "none",
             "glm(cbind(x, n - x) ~ after, family = quasibinomial)",
             {"measure": "the proportion"}),
    TestSpec("anova", _anova, GROUPED, "One-Way ANOVA (Two-Way with group=[A, B])",
             "aov(y ~ g); TukeyHSD(...)"),
    TestSpec("welch-anova", _groups_test("welch-anova", "sixsigma.stats.groups", "welch_anova"), GROUPED,
             "One-Way ANOVA, equal variances not assumed", "oneway.test(y ~ g, var.equal = FALSE)"),
    TestSpec("kruskal-wallis", _groups_test("kruskal-wallis", "sixsigma.stats.groups", "kruskal_wallis"),
             GROUPED, "Kruskal-Wallis", "kruskal.test(y ~ g)"),
    TestSpec("mood-median", _groups_test("mood-median", "sixsigma.stats.groups", "mood_median"),
             GROUPED, "Mood's Median Test", "RVAideMemoire::mood.medtest(y ~ g)"),
    TestSpec("mann-whitney",
             _groups_test("mann-whitney", "sixsigma.stats.nonparametric", "mann_whitney", alternative=True,
                          extra=("mu", "correction")),
             (*GROUPED, "mu", "correction", *ALT), "Mann-Whitney",
             "wilcox.test(y ~ g, conf.int = TRUE)", {"mu": 0.0, "correction": True}),
    TestSpec("wilcoxon", _wilcoxon, ("value", *PAIRED, "mu", "correction", *ALT),
             "1-Sample Wilcoxon", "wilcox.test(x, mu = mu, conf.int = TRUE)",
             {"mu": 0.0, "correction": True}),
    TestSpec("sign", _sign, ("value", *PAIRED, "mu", *ALT), "1-Sample Sign",
             "binom.test(sum(x > mu), sum(x != mu))", {"mu": 0.0}),
    TestSpec("equal-variances",
             _groups_test("equal-variances", "sixsigma.stats.variances", "equal_variances", alternative=True,
                          extra=("method",)),
             (*GROUPED, "method", *ALT), "Test for Equal Variances",
             "car::leveneTest(y ~ g, center = median)", {"method": "brown-forsythe"}),
    TestSpec("two-variances",
             _groups_test("two-variances", "sixsigma.stats.variances", "two_variances", alternative=True,
                          extra=("method", "ratio")),
             (*GROUPED, "method", "ratio", *ALT), "2 Variances", "var.test(y ~ g) (method f)",
             {"method": "bonett", "ratio": 1.0}),
    TestSpec("fligner-killeen", _groups_test("fligner-killeen", "sixsigma.stats.fligner", "fligner_killeen"),
             GROUPED, "none", "fligner.test(y ~ g)"),
    TestSpec("equivalence", _equivalence, (*GROUPED, "equal_var", "mu", "lower", "upper"),
             "Equivalence Test (1-Sample, 2-Sample)", "TOSTER::t_TOST(...)",
             {"equal_var": False, "mu": 0.0}),
    TestSpec("normality", _normality, ("value", "method"), "Normality Test",
             "nortest::ad.test(x)", {"method": "anderson-darling"}),
    TestSpec("correlation", _correlation, ("x", "y", "method", *ALT), "Correlation",
             "cor.test(x, y, method = \"pearson\")", {"method": "pearson"}),
    TestSpec("kendall", _kendall, ("x", "y", *ALT), "none",
             "cor.test(x, y, method = \"kendall\")"),
    TestSpec("regression", _regression, ("y", "x"), "Fit Regression Model", "lm(y ~ x1 + x2)"),
    TestSpec("logistic", _logistic, ("y", "x", "event"), "Fit Binary Logistic Model",
             "glm(y ~ x, family = binomial)"),
    TestSpec("auto", _auto,
             (*GROUPED, *PAIRED, "paired", "subject", "exposure", "trials", "event", "mu", "p0",
              "rate0", *ALT),
             "Assistant > Hypothesis Tests", "none", {"paired": False}),
)
REGISTRY: dict[str, TestSpec] = {s.name: s for s in _SPECS}
TEST_NAMES = tuple(REGISTRY)
COMMON = {"confidence": 0.95, "alternative": "two-sided"}


def spec(name: str) -> TestSpec:
    """The test registered under ``name`` (either spelling); an error listing the names."""
    key = canonical(name)
    if key not in REGISTRY:
        raise unknown("test", name, TEST_NAMES)
    return REGISTRY[key]


def run(name: str, data=None, **options):
    """Run the test ``name`` on ``data`` (DataFrame or arrays) with its options; a TestResult.

    ``confidence`` (default 0.95) and ``missing`` ("drop": missing values are dropped and
    their count is the result's ``dropped``; "raise": refused) are accepted by every test;
    ``alpha=`` means ``confidence = 1 - alpha``. An option the test does not take is an error
    naming the ones it does.
    """
    s = spec(name)
    given = {k: v for k, v in options.items() if v is not None}
    missing = given.pop("missing", None)
    if "alpha" in given:
        alpha = given.pop("alpha")
        if "confidence" in given and abs(given["confidence"] - (1 - alpha)) > 1e-12:
            raise InputError(f"alpha={alpha} and confidence={given['confidence']} disagree; "
                             "give one of them (confidence = 1 - alpha)")
        given["confidence"] = round(1 - float(alpha), 12)
    allowed = {*s.options, "confidence", "missing"}
    wrong = sorted(set(given) - allowed)
    if wrong:
        raise InputError(f"test {s.name} takes no option {', '.join(map(repr, wrong))}; "
                         f"its options: {', '.join(sorted(allowed))}")
    import dataclasses

    from sixsigma.stats.inputs import dropped_count, missing_policy
    from sixsigma.stats.result import check_confidence, normalize_alternative

    o = Options({**COMMON, **s.defaults, **given})
    o["confidence"] = check_confidence(o["confidence"])
    o["alternative"] = normalize_alternative(o["alternative"])
    with missing_policy(missing) as tally:
        res = s.runner(data, o)
    return dataclasses.replace(res, extra={**res.extra, "dropped": dropped_count(tally)})


def tests():
    """A table of the registered tests: name, options, defaults, Minitab menu, R call."""
    import pandas as pd

    return pd.DataFrame(
        [
            {"name": s.name, "options": ", ".join(s.options),
             "defaults": {**{k: v for k, v in COMMON.items() if k in s.options or
                             k == "confidence"}, **s.defaults},
             "minitab": s.minitab, "r": s.r}
            for s in _SPECS
        ]
    )
