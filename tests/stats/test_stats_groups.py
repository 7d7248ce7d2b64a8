"""Several groups: ANOVA + Tukey, Welch + Games-Howell, Kruskal-Wallis, Mood's median, two-way.

References: R 4.2.2 documented examples (aov/TukeyHSD on warpbreaks, oneway.test,
kruskal.test), rstatix::games_howell_test, car::Anova(type = 3), Montgomery's Design and
Analysis of Experiments Example 3.1, and Minitab's documented Mood's median example.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sixsigma.errors import InputError
from sixsigma.stats import anova_oneway, anova_twoway, kruskal_wallis, mood_median, welch_anova
from sixsigma.tukey import ptukey, qtukey

DATA = Path(__file__).parent / "data"


@pytest.fixture
def warpbreaks():
    wb = pd.read_csv(DATA / "warpbreaks.csv")
    wb["tension"] = pd.Categorical(wb["tension"], ["L", "M", "H"])  # R's factor order
    return wb


def test_anova_and_tukey_match_r_warpbreaks(warpbreaks):
    # R: fm1 <- aov(breaks ~ tension, data = warpbreaks); summary(fm1) -> F 7.206, p 0.00175 (Df 2, 51)
    #   (full precision: F 7.20611388087116, Pr(>F) 0.00175281674585271)
    # TukeyHSD(fm1)$tension (digits = 15):
    #   M-L -10.0000 lwr -19.5598244439829 upr -0.440175556017149 p adj 0.0384597680648376
    #   H-L -14.7222 lwr -24.2820466662051 upr -5.162397778239367 p adj 0.0014315033079777
    #   H-M  -4.7222 lwr -14.2820466662051 upr  4.837602221760644 p adj 0.4630830970861824
    res = anova_oneway(warpbreaks, "breaks", "tension")
    assert res.statistic == pytest.approx(7.20611388087116, rel=1e-12)
    assert res.df == (2.0, 51.0)
    assert res.p_value == pytest.approx(0.00175281674585271, rel=1e-10)
    pairs = res.pairs.set_index("pair")
    assert list(pairs.index) == ["M-L", "H-L", "H-M"]
    assert pairs["diff"].to_numpy() == pytest.approx(
        [-10.0, -14.72222222222223, -4.72222222222222], rel=1e-12
    )
    assert pairs["ci_lo"].to_numpy() == pytest.approx(
        [-19.5598244439829, -24.2820466662051, -14.2820466662051], rel=1e-9
    )
    assert pairs["ci_hi"].to_numpy() == pytest.approx(
        [-0.440175556017149, -5.162397778239367, 4.837602221760644], rel=1e-8
    )
    assert pairs["p_adj"].to_numpy() == pytest.approx(
        [0.0384597680648376, 0.0014315033079777, 0.4630830970861824], rel=1e-8
    )
    table = res.anova.set_index("source")
    assert table.loc["tension", "ss"] == pytest.approx(2034.259259259, rel=1e-10)
    assert table.loc["error", "ss"] == pytest.approx(7198.555555556, rel=1e-10)


def test_anova_montgomery_plasma_etching():
    # Montgomery, Design and Analysis of Experiments, Example 3.1 (etch rate vs RF power):
    # SS_power = 66,870.55, SS_E = 5,339.20, MS_E = 333.70, F0 = 66.80 (df 3, 16).
    etch = {
        "160": [575, 542, 530, 539, 570],
        "180": [565, 593, 590, 579, 610],
        "200": [600, 651, 610, 637, 629],
        "220": [725, 700, 715, 685, 710],
    }
    res = anova_oneway(etch)
    table = res.anova.set_index("source")
    assert table.loc["factor", "ss"] == pytest.approx(66870.55, abs=1e-8)
    assert table.loc["error", "ss"] == pytest.approx(5339.20, abs=1e-8)
    assert table.loc["error", "ms"] == pytest.approx(333.70, abs=1e-8)
    assert res.statistic == pytest.approx(66.80, abs=5e-3)
    assert res.p_value < 0.001
    # Tukey: T0.05 = q0.05(4, 16) sqrt(MS_E / n) = 4.05 sqrt(333.70 / 5) = 33.09 (Montgomery 3.5.7);
    # every pair differs by more than 33.09, so all six are significant. (R: qtukey(0.95, 4, 16) = 4.046093037)
    half = (res.pairs["ci_hi"] - res.pairs["diff"]).to_numpy()
    assert half == pytest.approx(np.full(6, 4.046093037 * np.sqrt(333.70 / 5)), rel=1e-9)
    assert res.pairs["significant"].all()


def test_ptukey_qtukey_match_r():
    # R 4.2.2: ptukey(3.5, 3, 51, lower.tail = FALSE) = 0.0433516413815672;
    # qtukey(0.95, 3, c(51, 10.5, 1000, 2, 100000)) = 3.41388256190722 3.84665624170573
    #   3.31944489916007 8.33078255118983 3.31449315755301
    assert float(ptukey(3.5, 3, 51, lower_tail=False)) == pytest.approx(
        0.0433516413815672, rel=1e-10
    )
    assert qtukey(0.95, 3, [51, 10.5, 1000, 2, 100000]) == pytest.approx(
        [3.41388256190722, 3.84665624170573, 3.31944489916007, 8.33078255118983, 3.31449315755301],
        rel=1e-10,
    )
    # R: ptukey(c(0.5, 2, 5, 8), 4, 5, lower.tail = FALSE)
    assert ptukey([0.5, 2, 5, 8], 4, 5, lower_tail=False) == pytest.approx(
        [0.98316081932771782, 0.54248372721829430, 0.05832510370403077, 0.00898654229124207],
        rel=1e-10,
    )


def test_welch_anova_and_games_howell(warpbreaks):
    # R: oneway.test(breaks ~ tension, data = warpbreaks) -> F = 5.8018, num df = 2, denom df = 32.32,
    # p-value = 0.007032 (full: 5.80180485480409, 32.3199673339782, 0.0070316506526074)
    res = welch_anova(warpbreaks, "breaks", "tension")
    assert res.statistic == pytest.approx(5.80180485480409, rel=1e-12)
    assert res.df[1] == pytest.approx(32.3199673339782, rel=1e-12)
    assert res.p_value == pytest.approx(0.0070316506526074, rel=1e-10)
    # rstatix 0.7.2: games_howell_test(warpbreaks, breaks ~ tension, detailed = TRUE)
    #   L-M estimate -10 conf -21.0011283224 1.00112832239 p.adj 0.080
    #   L-H -14.7222 conf -25.5457858609 -3.89865858353 p.adj 0.006
    #   M-H  -4.7222 conf -11.8679045670 2.42346012251 p.adj 0.251
    p = res.pairs.set_index("pair")
    assert p["ci_lo"].to_numpy() == pytest.approx(
        [-21.0011283224, -25.5457858609, -11.8679045670], abs=1e-9
    )
    assert p["ci_hi"].to_numpy() == pytest.approx(
        [1.00112832239, -3.89865858353, 2.42346012251], abs=1e-9
    )
    assert p["p_adj"].round(3).to_list() == [0.080, 0.006, 0.251]


def test_kruskal_wallis_help_page_examples():
    # ?kruskal.test: x <- c(2.9, 3.0, 2.5, 2.6, 3.2); y <- c(3.8, 2.7, 4.0, 2.4); z <- c(2.8, 3.4, 3.7, 2.2, 2.0)
    # kruskal.test(list(x, y, z)) -> Kruskal-Wallis chi-squared = 0.77143, df = 2, p-value = 0.68
    res = kruskal_wallis(
        [[2.9, 3.0, 2.5, 2.6, 3.2], [3.8, 2.7, 4.0, 2.4], [2.8, 3.4, 3.7, 2.2, 2.0]]
    )
    assert res.statistic == pytest.approx(0.771428571428572, rel=1e-12)
    assert res.p_value == pytest.approx(0.679964773578894, rel=1e-10)
    # kruskal.test(Ozone ~ Month, data = airquality) -> chi-squared = 29.267, df = 4, p-value = 6.901e-06
    aq = pd.read_csv(DATA / "airquality.csv")
    res = kruskal_wallis(aq, "Ozone", "Month")
    assert res.statistic == pytest.approx(29.2665763061169, rel=1e-12)
    assert res.df == 4
    assert res.p_value == pytest.approx(6.90071411854678e-06, rel=1e-9)
    assert res.groups["n"].sum() == 116  # NA ozone dropped


def test_mood_median_minitab_cartoon_example():
    # Minitab help, "Example of Mood's median test" (CARTOON.MTW, Otis vs ED): overall median 107.0,
    # N<= / N> per level 47/9, 29/24, 15/55; Chi-Square = 49.08, DF = 2, P = 0.000.
    # The worksheet is not distributed, so the test rebuilds data with exactly those counts around 107.
    def level(le, gt, pad_at_median=0):
        return [100.0] * (le - pad_at_median) + [107.0] * pad_at_median + [115.0] * gt

    data = {"0": level(47, 9, pad_at_median=2), "1": level(29, 24), "2": level(15, 55)}
    res = mood_median(data)
    assert res.extra["grand_median"] == 107.0
    g = res.groups.set_index("group")
    assert g["n_le_median"].to_list() == [47, 29, 15]
    assert g["n_gt_median"].to_list() == [9, 24, 55]
    assert round(res.statistic, 2) == 49.08
    assert res.df == 2 and res.p_value < 0.0005


def test_two_way_anova_matches_r(warpbreaks):
    # R: summary(aov(breaks ~ wool * tension, data = warpbreaks)): wool SS 450.7 F 3.765 p 0.058213;
    # tension 2034.3 F 8.498 p 0.000693; wool:tension 1002.8 F 4.189 p 0.021044; Residuals 48 5745.1
    res = anova_twoway(warpbreaks, "breaks", "wool", "tension")
    t = res.anova.set_index("source")
    assert t.loc["wool", "ss"] == pytest.approx(450.6666666667, rel=1e-10)
    assert t.loc["tension", "f"] == pytest.approx(8.498047, rel=1e-6)
    assert t.loc["wool*tension", "p"] == pytest.approx(0.021044, abs=5e-7)
    assert t.loc["error", "df"] == 48 and t.loc["error", "ss"] == pytest.approx(
        5745.111111, rel=1e-9
    )
    assert res.p_value == pytest.approx(t.loc["wool*tension", "p"])
    assert "depends on" in res.conclusion


def test_two_way_anova_unbalanced_is_type_three():
    # car::Anova(lm(breaks ~ wool * tension, data = warpbreaks[-c(1, 2, 3, 20, 40), ],
    #   contrasts = sum), type = 3): wool SS 540.0208333 F 4.82915 p 0.03341716;
    #   tension 2168.6573357 F 9.69663 p 0.00033428; wool:tension 1382.6821035 F 6.18233 p 0.00436585;
    #   Residuals 4808.4861111 on 43 df
    wb = pd.read_csv(DATA / "warpbreaks.csv").drop(index=[0, 1, 2, 19, 39])
    res = anova_twoway(wb, "breaks", "wool", "tension")
    t = res.anova.set_index("source")
    assert t.loc["wool", "ss"] == pytest.approx(540.0208333, rel=1e-9)
    assert t.loc["tension", "ss"] == pytest.approx(2168.6573357, rel=1e-9)
    assert t.loc["wool*tension", "ss"] == pytest.approx(1382.6821035, rel=1e-9)
    assert t.loc["error", "ss"] == pytest.approx(4808.4861111, rel=1e-9)
    assert t.loc["wool*tension", "p"] == pytest.approx(0.00436585, rel=1e-5)


def test_group_errors():
    with pytest.raises(InputError, match="at least 2"):
        anova_oneway({"a": [1, 2, 3]})
    with pytest.raises(InputError, match="zero spread"):
        welch_anova({"a": [1, 1, 1], "b": [1, 2, 3]})
    df = pd.DataFrame({"y": [1.0, 2, 3, 4], "a": ["x", "x", "y", "y"], "b": ["p", "q", "p", "q"]})
    with pytest.raises(InputError, match="replicates"):
        anova_twoway(df, "y", "a", "b")
