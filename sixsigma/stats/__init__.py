"""Hypothesis tests, power and sample size, regression, and a guide that picks the test.

Every test returns one ``TestResult`` (test, hypotheses, statistic, df, p_value, estimate, ci,
alternative, alpha, reject, effect_size, assumption checks, plain-language conclusion, plus
test-specific tables such as Tukey ``pairs`` or regression ``coefficients``). Inputs are a
DataFrame with column names, arrays, or summarized data (counts and totals, means and SDs).
``run(name, data, **options)`` runs a test by its name (``tests()`` lists them with their
options, defaults, Minitab menu and R call; :mod:`sixsigma.stats.registry`).
"""

from sixsigma.stats.association import (
    correlation,
    hosmer_lemeshow,
    logistic_regression,
    regression,
)
from sixsigma.stats.equivalence import equivalence_one_sample, equivalence_two_sample
from sixsigma.stats.fisher_rxc import fisher_exact_rxc
from sixsigma.stats.fligner import fligner_killeen
from sixsigma.stats.groups import (
    anova_oneway,
    anova_twoway,
    kruskal_wallis,
    welch_anova,
)
from sixsigma.stats.guide import compare
from sixsigma.stats.kendall import kendall_tau
from sixsigma.stats.means import one_sample_t, one_sample_z, paired_t, two_sample_t
from sixsigma.stats.medians import median_ci, mood_median
from sixsigma.stats.nonparametric import mann_whitney, sign_test, wilcoxon
from sixsigma.stats.normality import normality
from sixsigma.stats.overdispersed import quasi_binomial, rate_ratio_quasi_poisson
from sixsigma.stats.power import PowerResult, power
from sixsigma.stats.proportions import (
    chi_square_gof,
    chi_square_independence,
    fisher_exact,
    one_proportion,
    two_proportions,
)
from sixsigma.stats.rates import poisson_rate_one, poisson_rate_two
from sixsigma.stats.registry import run, tests
from sixsigma.stats.result import TestResult
from sixsigma.stats.variances import bonett_two_variances, equal_variances, two_variances

__all__ = [
    "PowerResult",
    "TestResult",
    "anova_oneway",
    "anova_twoway",
    "bonett_two_variances",
    "chi_square_gof",
    "chi_square_independence",
    "compare",
    "correlation",
    "equal_variances",
    "equivalence_one_sample",
    "equivalence_two_sample",
    "fisher_exact",
    "fisher_exact_rxc",
    "fligner_killeen",
    "hosmer_lemeshow",
    "kendall_tau",
    "kruskal_wallis",
    "logistic_regression",
    "mann_whitney",
    "median_ci",
    "mood_median",
    "normality",
    "one_proportion",
    "one_sample_t",
    "one_sample_z",
    "paired_t",
    "poisson_rate_one",
    "poisson_rate_two",
    "power",
    "quasi_binomial",
    "rate_ratio_quasi_poisson",
    "regression",
    "run",
    "sign_test",
    "tests",
    "two_proportions",
    "two_sample_t",
    "two_variances",
    "welch_anova",
    "wilcoxon",
]
