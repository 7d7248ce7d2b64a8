"""Every result kind draws a themed figure from what the result holds."""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from sixsigma import stats

DATA = Path(__file__).parent / "data"
REF = Path(__file__).resolve().parents[1] / "reference-data"


@functools.cache
def _results():
    wb = pd.read_csv(DATA / "warpbreaks.csv")
    h = pd.read_csv(REF / "cs_handle_times.csv")
    lo = pd.read_csv(DATA / "longley.csv")
    return {
        "anova": stats.anova_oneway(wb, "breaks", "tension"),
        "welch": stats.welch_anova(wb, "breaks", "tension"),
        "two-sample": stats.two_sample_t(h, "handle_time_sec", "team", groups=["Alpha", "Bravo"]),
        "summarized-t": stats.two_sample_t(means=[1, 2], sds=[1, 1], ns=[10, 10]),
        "paired": stats.paired_t(
            pd.read_csv(REF / "cs_cpo_before_after.csv"), "cpo_before", "cpo_after"
        ),
        "one-sample": stats.one_sample_t(h.handle_time_sec, mu=450),
        "proportions": stats.two_proportions(events=[172, 151, 160], trials=[200, 190, 185]),
        "rates": stats.poisson_rate_two(counts=[95, 120], exposures=[1050, 1000]),
        "table": stats.chi_square_independence(table=[[762, 327, 468], [484, 239, 477]]),
        "fisher": stats.fisher_exact(table=[[3, 1], [1, 3]]),
        "gof": stats.chi_square_gof(observed=[20, 15, 25]),
        "normality": stats.normality(h.handle_time_sec),
        "correlation": stats.correlation(lo, "GNP", "Employed"),
        "regression-simple": stats.regression(lo, "Employed", "GNP"),
        "regression": stats.regression(lo, "Employed", ["GNP", "Year"]),
        "logistic": stats.logistic_regression(pd.read_csv(DATA / "mtcars.csv"), "am", ["hp", "wt"]),
        "twoway": stats.anova_twoway(wb, "breaks", "wool", "tension"),
        "kruskal": stats.kruskal_wallis(wb, "breaks", "tension"),
        "variances": stats.equal_variances(wb, "breaks", "tension"),
    }


@pytest.mark.parametrize("name", list(_results()))
def test_every_result_has_a_figure_and_html(name):
    res = _results()[name]
    fig = res.figure()
    assert isinstance(fig, go.Figure) and len(fig.data) >= 1
    assert fig.layout.template.layout.font.family.startswith("Inter")
    html = res._repr_html_()
    assert "sixsigma-summary" in html and "Conclusion" in html


def test_power_figure():
    res = stats.power("two-sample-t", delta=1, power=0.9)
    fig = res.figure()
    assert isinstance(fig, go.Figure)
    curve = fig.data[0]
    assert np.all(np.diff(np.asarray(curve.y)) > 0)  # power rises with the difference
    assert "n = 23" in curve.name
