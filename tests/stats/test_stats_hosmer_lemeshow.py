"""Hosmer-Lemeshow goodness of fit for logistic regression (sixsigma.stats.hosmer_lemeshow).

The grouping is R ResourceSelection::hoslem.test's: breaks = unique(quantile(yhat,
seq(0, 1, 1/g))) (type 7), cut(yhat, breaks, include.lowest = TRUE), statistic
sum((observed - expected)^2 / expected) over the 2 x G table, chi-square on G - 2 df
(Hosmer & Lemeshow, Applied Logistic Regression, 2nd ed., section 5.2.2).

Printed reference: D. Lillis, "Generalized Linear Models in R, Part 2: Understanding Model Fit
in Logistic Regression Output", The Analysis Factor (https://www.theanalysisfactor.com/r-glm-model-fit/),
runs glm(vs ~ wt + disp, family = binomial, data = mtcars) (residual deviance 21.40 on 29 df)
and then hoslem.test(mtcars$vs, fitted(model)), printing X-squared = 6.4717, df = 8,
p-value = 0.5945. The other checks are independent routes: the fitted risks from statsmodels'
Logit, the groups from pandas.qcut (its own type-7 quantiles and right-closed bins), the
statistic in the (O - E)^2 / (E (1 - E/n)) form, and a hand-worked example.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats as st

from sixsigma.errors import InputError
from sixsigma.stats import hosmer_lemeshow, logistic_regression

MTCARS = Path(__file__).parent / "data" / "mtcars.csv"


def _independent_hl(y, p, g=10):
    bins = pd.qcut(p, g, duplicates="drop")
    frame = pd.DataFrame({"y": y, "p": p, "bin": bins})
    t = frame.groupby("bin", observed=True).agg(n=("y", "size"), o=("y", "sum"), e=("p", "sum"))
    stat = float(np.sum((t.o - t.e) ** 2 / (t.e * (1 - t.e / t.n))))
    return stat, len(t) - 2, t


def test_mtcars_vs_on_wt_disp_matches_printed_hoslem_test():
    m = pd.read_csv(MTCARS)
    res = logistic_regression(m, "vs", ["wt", "disp"], event="1")
    hl = res.hosmer_lemeshow
    # The Analysis Factor, "GLMs in R, Part 2": hoslem.test(mtcars$vs, fitted(model)) ->
    # X-squared = 6.4717, df = 8, p-value = 0.5945
    assert round(hl["statistic"], 4) == 6.4717
    assert hl["df"] == 8
    assert round(hl["p_value"], 4) == 0.5945


def test_mtcars_vs_on_wt_disp_against_statsmodels_and_qcut():
    m = pd.read_csv(MTCARS)
    res = logistic_regression(m, "vs", ["wt", "disp"], event="1")
    # R: glm(vs ~ wt + disp, binomial, mtcars): deviance 21.40 on 29 df (Lillis, "GLMs in R,
    # part 2", The Analysis Factor) -- the model is the one those course pages test
    assert res.deviance == pytest.approx(21.40, abs=0.005)
    fit = sm.Logit(m.vs.to_numpy(float), sm.add_constant(m[["wt", "disp"]].to_numpy(float))).fit(
        disp=0, tol=1e-12
    )
    p = fit.predict()
    stat, df, table = _independent_hl(m.vs.to_numpy(float), p)
    hl = res.hosmer_lemeshow
    assert hl["statistic"] == pytest.approx(stat, rel=1e-7)
    assert hl["df"] == df == 8
    assert hl["p_value"] == pytest.approx(st.chi2.sf(stat, 8), rel=1e-6)
    groups = res.hosmer_lemeshow_groups
    assert groups["n"].tolist() == table.n.tolist()
    assert groups["observed"].tolist() == table.o.tolist()
    assert "Hosmer-Lemeshow goodness of fit" in res.conclusion
    # the function on the result gives the same numbers, and other g work
    assert hosmer_lemeshow(res)["statistic"] == pytest.approx(hl["statistic"])
    s5, df5, _ = _independent_hl(m.vs.to_numpy(float), p, g=5)
    r5 = hosmer_lemeshow(res, g=5)
    assert (r5["statistic"], r5["df"]) == (pytest.approx(s5, rel=1e-7), df5)


def test_hand_worked_three_groups():
    # 9 cases, g = 3: breaks at the type-7 quantiles 0.1, 0.3667, 0.6333, 0.9 of these risks:
    # groups [0.1, 0.2, 0.3], [0.4, 0.5, 0.6], [0.7, 0.8, 0.9]
    p = np.array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9])
    y = np.array([0, 0, 1, 0, 1, 1, 1, 1, 1])
    # group 1: O = 1, E = 0.6 -> (0.4)^2/(0.6 * 0.8) = 0.333333
    # group 2: O = 2, E = 1.5 -> (0.5)^2/(1.5 * 0.5) = 0.333333
    # group 3: O = 3, E = 2.4 -> (0.6)^2/(2.4 * 0.2) = 0.75
    res = hosmer_lemeshow(y=y, fitted=p, g=3)
    assert res["statistic"] == pytest.approx(1 / 3 + 1 / 3 + 0.75, rel=1e-12)
    assert res["df"] == 1
    assert res["groups"]["n"].tolist() == [3, 3, 3]


def test_ties_on_a_break_go_to_the_lower_group_and_groups_merge():
    # cut(..., right = TRUE): a value equal to a break belongs to the group ending there
    p = np.array([0.2] * 6 + [0.5] * 2 + [0.8] * 2)
    y = np.array([0, 0, 0, 1, 0, 0, 1, 0, 1, 1])
    res = hosmer_lemeshow(y=y, fitted=p, g=10)
    stat, df, table = _independent_hl(y, p)
    assert res["statistic"] == pytest.approx(stat) and res["df"] == df
    assert res["groups"]["n"].tolist() == [6, 2, 2]


def test_bad_input():
    with pytest.raises(InputError, match="0/1"):
        hosmer_lemeshow(y=[0, 2, 1], fitted=[0.1, 0.2, 0.3])
    with pytest.raises(InputError, match="at least 3"):
        hosmer_lemeshow(y=[0, 1, 1], fitted=[0.1, 0.2, 0.3], g=2)
    with pytest.raises(InputError, match="all fitted probabilities are equal"):
        hosmer_lemeshow(y=[0, 1, 1], fitted=[0.5, 0.5, 0.5])
    with pytest.raises(InputError, match="logistic"):
        hosmer_lemeshow()
