"""Normality tests against R 4.2.2 + nortest 1.0-4 (ad.test, lillie.test), shapiro.test, and the
Ryan-Joiner critical values published by Ryan & Joiner (1976)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sixsigma.errors import InputError, UnknownNameError
from sixsigma.stats import normality
from sixsigma.stats.normality import ryan_joiner, ryan_joiner_critical

DATA = Path(__file__).parent / "data"

# (data, [AD A, AD p], [SW W, SW p], [Lilliefors D, p]) printed by R with sprintf("%.15g"):
# nortest::ad.test(x), shapiro.test(x), nortest::lillie.test(x)
CASES = {
    "sleep$extra": (
        [0.469952356349733, 0.220560855379273],
        [0.946072762509969, 0.311375416723224],
        [0.143083927316929, 0.350067928753985],
    ),
    "na.omit(airquality$Ozone)": (
        [4.52113691526706, 2.78716155510365e-11],
        [0.878665999172352, 2.78960157023717e-08],
        [0.147989667027218, 1.46961475223336e-06],
    ),
    "precip": (
        [0.998943794239977, 0.0116317801274504],
        [0.964559168611697, 0.0449252894831123],
        [0.109086398258072, 0.0381216621465793],
    ),
}


def _data(name):
    if name == "sleep$extra":
        return pd.read_csv(DATA / "sleep.csv")["extra"].to_numpy()
    if name == "precip":
        return pd.read_csv(DATA / "precip.csv")["precip"].to_numpy()
    return pd.read_csv(DATA / "airquality.csv")["Ozone"].dropna().to_numpy()


@pytest.mark.parametrize("name", list(CASES))
def test_against_r(name):
    x = _data(name)
    ad, sw, ks = CASES[name]
    res = normality(x)  # Anderson-Darling is the default
    assert res.test.startswith("Anderson-Darling")
    assert res.statistic == pytest.approx(ad[0], rel=1e-12)
    assert res.p_value == pytest.approx(ad[1], rel=1e-10)
    res = normality(x, method="shapiro-wilk")
    assert res.statistic == pytest.approx(sw[0], rel=1e-9)
    assert res.p_value == pytest.approx(sw[1], rel=1e-7)
    res = normality(x, method="kolmogorov-smirnov")
    assert res.statistic == pytest.approx(ks[0], rel=1e-12)
    assert res.p_value == pytest.approx(ks[1], rel=1e-9)


def test_ryan_joiner_critical_values_and_statistic():
    # Ryan & Joiner (1976) fitted critical values; normtest's documentation prints
    # _critical_value(10, alpha=0.05) = 0.9178948637370312, and for n = 40: 0.97670384 (0.10),
    # 0.97148399 (0.05), 0.95968573 (0.01).
    assert ryan_joiner_critical(10)[1] == pytest.approx(0.9178948637370312, rel=1e-14)
    assert ryan_joiner_critical(40) == pytest.approx([0.97670384, 0.97148399, 0.95968573], abs=5e-9)
    # R: cor(sort(x), qnorm((1:n - 3/8)/(n + 1/4))) = 0.977130384863648 for sleep$extra
    rp, p, txt = ryan_joiner(_data("sleep$extra"))
    assert rp == pytest.approx(0.977130384863648, rel=1e-12)
    assert (p, txt) == (0.10, ">0.100")  # above the 0.10 critical value (0.9347 at n = 20)
    rp, p, txt = ryan_joiner(_data("na.omit(airquality$Ozone)"))
    assert rp == pytest.approx(0.937319654889658, rel=1e-12)
    assert txt == "<0.010"


def test_ryan_joiner_interpolates_between_critical_values():
    # Minitab interpolates alpha linearly between the critical values: at R_p halfway between the
    # 0.05 and 0.01 critical values the p-value is 0.03.
    x = _data("precip")
    res = normality(x, method="ryan-joiner")
    crit = ryan_joiner_critical(x.size)
    assert crit[1] < res.statistic < crit[0]
    expected = 0.05 + (res.statistic - crit[1]) / (crit[0] - crit[1]) * 0.05
    assert res.p_value == pytest.approx(expected, rel=1e-12)


def test_normality_result_and_errors():
    x = _data("precip")
    res = normality(x)
    assert res.reject and "do not look normal" in res.conclusion
    pts = res.plot_data["probability"]
    assert pts["x"].size == x.size and np.all(np.diff(pts["x"]) >= 0)
    with pytest.raises(UnknownNameError):
        normality(x, method="jarque-bera")
    with pytest.raises(InputError, match="identical"):
        normality([1.0, 1.0, 1.0, 1.0])
    with pytest.raises(InputError, match="at least 3"):
        normality([1.0, 2.0])
