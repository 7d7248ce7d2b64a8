"""Correlation, regression and logistic regression against published values: R's cor.test help
example, NIST StRD certified values for Longley, R's ?lm example (Dobson), car::vif and glm."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sixsigma.errors import InputError, UnknownNameError
from sixsigma.stats import correlation, logistic_regression, regression

DATA = Path(__file__).parent / "data"

# ?cor.test: Hollander & Wolfe (1973), p. 187f. Assessment of tuna quality.
X = [44.4, 45.9, 41.9, 53.3, 44.7, 44.1, 50.7, 45.2, 60.1]
Y = [2.6, 3.1, 2.5, 5.0, 3.6, 4.0, 5.2, 2.8, 3.8]


def test_pearson_matches_cor_test_example():
    # R: cor.test(x, y) -> t = 1.8411, df = 7, p-value = 0.1082, 95% CI -0.1497426 0.8955795, cor 0.5711816
    res = correlation(x=X, y=Y)
    assert res.statistic == pytest.approx(1.8411, abs=5e-5)
    assert res.df == 7
    assert res.p_value == pytest.approx(0.1082, abs=5e-5)
    assert res.ci == pytest.approx((-0.1497426, 0.8955795), abs=5e-8)
    assert res.estimate == pytest.approx(0.5711816, abs=5e-8)


def test_spearman_exact_and_asymptotic_match_r():
    # R: cor.test(x, y, method = "spearman") -> S = 48, p-value = 0.0968, rho 0.6 (exact, n = 9)
    res = correlation(x=X, y=Y, method="spearman")
    assert (res.statistic, res.estimate) == (48, pytest.approx(0.6))
    assert res.p_value == pytest.approx(0.0968, abs=5e-5)
    # R: cor.test(longley$GNP, longley$Employed, method = "spearman") -> S = 10, p-value = 4.589e-07
    # (n = 16 > 9: AS 89 Edgeworth series), rho 0.9852941
    lo = pd.read_csv(DATA / "longley.csv")
    res = correlation(lo, "GNP", "Employed", method="spearman")
    assert res.statistic == pytest.approx(10)
    assert res.p_value == pytest.approx(4.589e-07, rel=5e-4)
    assert res.estimate == pytest.approx(0.9852941, abs=5e-8)
    # R: cor.test(airquality$Ozone, airquality$Temp, method = "spearman") (ties: t approximation)
    # -> S = 58778, p-value < 2.2e-16, rho 0.774043
    aq = pd.read_csv(DATA / "airquality.csv")
    res = correlation(aq, "Ozone", "Temp", method="spearman")
    assert res.statistic == pytest.approx(58778, abs=0.5)
    assert res.p_value < 2.2e-16
    assert res.estimate == pytest.approx(0.774043, abs=5e-7)


def _nist_longley():
    # NIST StRD "Longley" uses the raw units: R's longley scaled back (GNP, population x1000;
    # unemployed, armed forces x10; employment x1000).
    lo = pd.read_csv(DATA / "longley.csv")
    return pd.DataFrame(
        {
            "y": (lo.Employed * 1000).round(),
            "x1": lo["GNP.deflator"],
            "x2": (lo.GNP * 1000).round(),
            "x3": (lo.Unemployed * 10).round(),
            "x4": (lo["Armed.Forces"] * 10).round(),
            "x5": (lo.Population * 1000).round(),
            "x6": lo.Year,
        }
    )


def test_multiple_regression_nist_strd_longley_certified_values():
    # NIST Statistical Reference Datasets, Linear Regression, "Longley" (higher difficulty),
    # certified values (coefficient, standard deviation), residual SD, R-squared, ANOVA.
    certified = [
        (-3482258.63459582, 890420.383607373),
        (15.0618722713733, 84.9149257747669),
        (-0.358191792925910e-01, 0.334910077722432e-01),
        (-2.02022980381683, 0.488399681651699),
        (-1.03322686717359, 0.214274163161675),
        (-0.511041056535807e-01, 0.226073200069370),
        (1829.15146461355, 455.478499142212),
    ]
    res = regression(_nist_longley(), "y", ["x1", "x2", "x3", "x4", "x5", "x6"])
    coef = res.coefficients
    assert coef["coef"].to_numpy() == pytest.approx([c for c, _ in certified], rel=1e-9)
    assert coef["se"].to_numpy() == pytest.approx([s for _, s in certified], rel=1e-9)
    assert res.s == pytest.approx(304.854073561965, rel=1e-10)
    assert res.r_squared == pytest.approx(0.995479004577296, rel=1e-12)
    anova = res.anova.set_index("source")
    assert anova.loc["Regression", "ss"] == pytest.approx(184172401.944494, rel=1e-10)
    assert anova.loc["Error", "ss"] == pytest.approx(836424.055505915, rel=1e-9)
    assert res.statistic == pytest.approx(330.285339234588, rel=1e-9)


def test_regression_matches_r_lm_and_vif():
    # R: summary(lm(Employed ~ ., data = longley)): adjusted R-squared 0.9924650076,
    # F-statistic 330.2853392 on 6 and 9 DF, p-value 4.984030529e-10; Year t 4.01589, p 0.00303680
    # car::vif: GNP.deflator 135.532438280, GNP 1788.513482718, Unemployed 33.618890596,
    # Armed.Forces 3.588930193, Population 399.151022313, Year 758.980597407
    lo = pd.read_csv(DATA / "longley.csv")
    res = regression(lo, "Employed", [c for c in lo.columns if c != "Employed"])
    assert res.adj_r_squared == pytest.approx(0.9924650076, rel=1e-9)
    assert res.p_value == pytest.approx(4.984030529e-10, rel=1e-8)
    c = res.coefficients.set_index("term")
    assert c.loc["Year", "t"] == pytest.approx(4.01589, abs=5e-6)
    assert c.loc["Year", "p"] == pytest.approx(0.00303680, abs=5e-9)
    assert c["vif"].iloc[1:].to_numpy() == pytest.approx(
        [135.532438280, 1788.513482718, 33.618890596, 3.588930193, 399.151022313, 758.980597407],
        rel=1e-9,
    )
    assert res.checks.set_index("name").loc["multicollinearity", "status"] == "warn"


def test_regression_with_a_text_factor_matches_lm_help_example():
    # ?lm (Annette Dobson, plant weights): lm.D9 <- lm(weight ~ group)
    # (Intercept) 5.0320 SE 0.2202; groupTrt -0.3710 SE 0.3114 t -1.191 p 0.249;
    # Residual standard error 0.6964 on 18 df; Multiple R-squared 0.07308; F 1.419 on 1 and 18 DF
    ctl = [4.17, 5.58, 5.18, 6.11, 4.50, 4.61, 5.17, 4.53, 5.33, 5.14]
    trt = [4.81, 4.17, 4.41, 3.59, 5.87, 3.83, 6.03, 4.89, 4.32, 4.69]
    df = pd.DataFrame({"weight": ctl + trt, "group": ["Ctl"] * 10 + ["Trt"] * 10})
    res = regression(df, "weight", "group")
    c = res.coefficients.set_index("term")
    assert c.loc["Constant", "coef"] == pytest.approx(5.032)
    assert c.loc["Constant", "se"] == pytest.approx(0.2202, abs=5e-5)
    assert c.loc["group[Trt]", "coef"] == pytest.approx(-0.371)
    assert c.loc["group[Trt]", "t"] == pytest.approx(-1.191, abs=5e-4)
    assert c.loc["group[Trt]", "p"] == pytest.approx(0.249, abs=5e-4)
    assert res.s == pytest.approx(0.6964, abs=5e-5)
    assert res.r_squared == pytest.approx(0.07308, abs=5e-6)
    assert res.statistic == pytest.approx(1.419, abs=5e-4)
    assert res.estimate == pytest.approx(-0.371)  # one predictor column: the slope


def test_logistic_regression_matches_glm():
    # R: summary(glm(am ~ hp + wt, data = mtcars, family = binomial)):
    # (Intercept) 18.86629871720 SE 7.44355806021 z 2.53458 p 0.0112582
    # hp 0.03625559608 SE 0.01773415365 z 2.04439 p 0.0409146
    # wt -8.08347518244 SE 3.06867511305 z -2.63419 p 0.0084338
    # Null deviance 43.229733277 on 31 df; Residual deviance 10.059110472 on 29 df; AIC 16.059110472
    mt = pd.read_csv(DATA / "mtcars.csv")
    res = logistic_regression(mt, "am", ["hp", "wt"])
    c = res.coefficients.set_index("term")
    assert c["coef"].to_numpy() == pytest.approx(
        [18.86629871720, 0.03625559608, -8.08347518244], rel=1e-9
    )
    # glm stops IRLS at a deviance change of 1e-8 and takes the standard errors from the weights of
    # its last iteration; at the exact maximum they differ from R's in the 8th digit.
    assert c["se"].to_numpy() == pytest.approx(
        [7.44355806021, 0.01773415365, 3.06867511305], rel=1e-6
    )
    assert c["p"].to_numpy() == pytest.approx([0.0112582, 0.0409146, 0.0084338], abs=1e-7)
    assert res.extra["null_deviance"] == pytest.approx(43.229733277, rel=1e-10)
    assert res.extra["deviance"] == pytest.approx(10.059110472, rel=1e-9)
    assert res.extra["aic"] == pytest.approx(16.059110472, rel=1e-9)
    assert res.statistic == pytest.approx(43.229733277 - 10.059110472, rel=1e-9)
    assert res.df == 2 and res.reject
    assert c.loc["hp", "odds_ratio"] == pytest.approx(np.exp(0.03625559608), rel=1e-9)


def test_association_errors():
    with pytest.raises(UnknownNameError):
        correlation(x=X, y=Y, method="kendall")
    with pytest.raises(InputError, match="pair up"):
        correlation(x=[1, 2, 3], y=[1, 2])
    df = pd.DataFrame({"y": [1.0, 2, 3, 4], "a": [1.0, 2, 3, 4], "b": [2.0, 4, 6, 8]})
    with pytest.raises(InputError, match="linearly dependent"):
        regression(df, "y", ["a", "b"])
    sep = pd.DataFrame({"ok": [0, 0, 0, 1, 1, 1], "x": [1.0, 2, 3, 4, 5, 6]})
    with pytest.raises(InputError, match="separates"):
        logistic_regression(sep, "ok", "x")
