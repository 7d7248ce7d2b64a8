"""One strategy per metric kind: the statistics a metric of that kind gets by default.

=========  ==============  ===================  ==================  =========================
kind       default chart   before/after test    level test          capability model
=========  ==============  ===================  ==================  =========================
rate       Laney u'        quasi-poisson        quasi-poisson       Poisson (DPU)
proportion Laney p'        quasi-binomial       quasi-binomial      binomial (% defective)
mean       I-MR            two-sample-t         anova               the values (normal / fit)
score      I-MR            two-sample-t         anova               the values (normal / fit)
=========  ==============  ===================  ==================  =========================

Laney's charts are the default for rates and proportions because a warehouse metric has huge
denominators, where plain u / p limits are far too tight (Laney 2002). For the same reason
the default tests of rates and proportions are the quasi-likelihood ones on the per-period
counts (:mod:`sixsigma.stats.overdispersed`): daily contacts per order vary 2-3 times more
than Poisson allows, and the exact Poisson / 2-proportions tests on the summed totals
(``poisson-rate``, ``two-proportions``, kept as options and reported beside) then give
intervals far too narrow. A catalog metric may
override the chart and the tests (``chart:``, ``test:``, ``level_test:``) with any name its
kind allows. Every module that needs a metric's statistics (``spc.metric_chart``, DMAIC
baselines and results, root-cause verification, capability by metric, the monthly report,
``test ... --metric``) asks this table; none decides by ``if kind == ...`` on its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from sixsigma.errors import unknown


@dataclass(frozen=True)
class MetricKind:
    """What a kind of metric is charted, tested and assessed with (names, looked up elsewhere)."""

    name: str
    chart: str  # default control chart of per-period values
    charts: tuple[str, ...]  # charts that fit the kind (plus run, ewma, cusum on the values)
    test: str  # default before/after test
    tests: tuple[str, ...]  # before/after tests that fit
    level_test: str  # default test across the levels of a dimension (root-cause verification)
    level_tests: tuple[str, ...]
    capability: str  # poisson | binomial | values
    interval: str  # how a window's pooled value gets its interval: poisson | binomial | t
    summed: bool  # compared on summed numerators / denominators (rate, proportion)
    low: float | None = None  # the values a target of the kind may take
    high: float | None = None

    def check_chart(self, chart: str) -> str:
        if chart not in self.charts:
            raise unknown(f"chart for a {self.name} metric", chart, self.charts)
        return chart

    def check_test(self, test: str) -> str:
        if test not in self.tests:
            raise unknown(f"before/after test for a {self.name} metric", test, self.tests)
        return test

    def check_level_test(self, test: str) -> str:
        if test not in self.level_tests:
            raise unknown(f"level test for a {self.name} metric", test, self.level_tests)
        return test


_VALUE_CHARTS = ("imr", "run", "ewma", "cusum")
_VALUE_TESTS = ("two-sample-t", "mann-whitney")
_VALUE_LEVEL_TESTS = ("anova", "welch-anova", "kruskal-wallis", "mood-median")

KINDS: dict[str, MetricKind] = {
    k.name: k
    for k in (
        MetricKind("rate", "laney-u", ("laney-u", "u", "c", *_VALUE_CHARTS),
                   "quasi-poisson", ("quasi-poisson", "poisson-rate"),
                   "quasi-poisson", ("quasi-poisson", "poisson-rate"),
                   "poisson", "poisson", True, 0.0),
        MetricKind("proportion", "laney-p", ("laney-p", "p", "np", *_VALUE_CHARTS),
                   "quasi-binomial", ("quasi-binomial", "two-proportions"),
                   "quasi-binomial", ("quasi-binomial", "two-proportions", "chi-square"),
                   "binomial", "binomial", True, 0.0, 1.0),
        MetricKind("mean", "imr", _VALUE_CHARTS, "two-sample-t", _VALUE_TESTS,
                   "anova", _VALUE_LEVEL_TESTS, "values", "t", False, 0.0),
        MetricKind("score", "imr", _VALUE_CHARTS, "two-sample-t", _VALUE_TESTS,
                   "anova", _VALUE_LEVEL_TESTS, "values", "t", False),
    )
}


def get_kind(name: str) -> MetricKind:
    """The strategy of a metric kind; a clear error listing the kinds otherwise."""
    try:
        return KINDS[name]
    except KeyError:
        raise unknown("metric kind", name, KINDS) from None
