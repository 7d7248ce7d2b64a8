"""Names the CLI's help texts and defaults show, without importing the packages that own them.

Importing ``sixsigma.spc`` or ``sixsigma.warehouse`` loads numpy, pandas, scipy and duckdb
(~4 s); ``sixsigma --help`` must not. Each tuple here is a copy of its owner's, kept equal by
``tests/cli/test_import_cost.py::test_cli_names_match_their_owners``.
"""

from __future__ import annotations

# sixsigma.spc.charts.CHART_TYPES
CHART_TYPES = (
    "imr", "xbar-r", "xbar-s", "run", "p", "np", "c", "u", "laney-p", "laney-u", "ewma",
    "cusum", "g",
)
# the keys of sixsigma.spc.rules.PRESETS
PRESETS = ("minitab", "nelson", "western-electric", "mdc", "anhoj")
# sixsigma.warehouse.store.GRAINS and WAREHOUSE_ENV
GRAINS = ("day", "week", "month", "quarter", "year")
WAREHOUSE_ENV = "SIXSIGMA_WAREHOUSE"
# sixsigma.warehouse.demo.DEFAULT_SEED
DEFAULT_SEED = 20240108
# sixsigma.stats.power.TESTS
POWER_TESTS = (
    "one-sample-t", "two-sample-t", "paired-t", "one-proportion", "two-proportions",
    "poisson-rate", "anova",
)
# sixsigma.stats.registry.TEST_NAMES
TEST_NAMES = (
    "one-sample-z", "one-sample-t", "two-sample-t", "paired-t", "one-proportion",
    "two-proportions", "chi-square", "fisher-exact", "poisson-rate", "quasi-poisson",
    "quasi-binomial", "anova", "welch-anova", "kruskal-wallis", "mood-median", "mann-whitney",
    "wilcoxon", "sign", "equal-variances", "two-variances", "fligner-killeen", "equivalence",
    "normality", "correlation", "kendall", "regression", "logistic", "auto",
)
# sixsigma.capability.analysis.DISTRIBUTIONS
DISTRIBUTIONS = (
    "auto", "normal", "boxcox", "johnson", "lognormal", "weibull", "gamma", "exponential",
    "logistic", "loglogistic", "sev", "lev", "weibull3", "lognormal3", "gamma3", "loglogistic3",
)
# sixsigma.capability.normal.SIGMA_METHODS
SIGMA_METHODS = ("pooled", "rbar", "sbar", "mr", "mr-median")
