"""The control-chart figure: lines, red signals with test numbers, stages, secondary chart."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sixsigma.plots.control_chart import control_chart_figure
from sixsigma.spc import control_chart


def _data():
    rng = np.random.default_rng(5)
    v = np.r_[rng.normal(100, 3, 30), rng.normal(90, 3, 20)]
    v[10] = 125
    return pd.DataFrame({"day": pd.date_range("2024-01-01", periods=50), "aht": v})


def test_imr_figure_has_secondary_signals_and_stages():
    ch = control_chart(
        "imr", _data(), value="aht", label="day", stage_dates=["2024-01-31"], tests="nelson"
    )
    fig = control_chart_figure(ch)
    names = [t.name for t in fig.data]
    assert {"UCL", "LCL", "Centre", "aht", "Signal"} <= set(names)
    assert fig.layout.xaxis2 is not None  # MR chart underneath with a shared x axis
    signal = [t for t in fig.data if t.name == "Signal"][0]
    assert signal.marker.color == "#d32f2f"
    assert "1" in list(signal.text)
    # limit lines are broken between stages (a gap, not a joined line)
    ucl = [t for t in fig.data if t.name == "UCL"][0]
    assert any(v is None or (isinstance(v, float) and np.isnan(v)) for v in ucl.y)
    texts = [a.text for a in fig.layout.annotations]
    assert "baseline" in texts and "from 2024-01-31" in texts
    assert fig.layout.template.layout.font.family.startswith("Inter")
    assert "signals" in fig.layout.title.text
    assert ch._repr_html_().count("sixsigma-summary") == 1


def test_cusum_ewma_and_attribute_figures():
    d = _data()
    for kind in ("cusum", "ewma", "run"):
        fig = control_chart(kind, d, value="aht", label="day").figure()
        assert len(fig.data) >= 3
    cu = control_chart("cusum", d, value="aht").figure()
    assert {"Upper CUSUM", "Lower CUSUM", "h"} <= {t.name for t in cu.data}
    p = control_chart("laney-p", count=[5, 9, 7, 12, 6], size=[100, 120, 90, 150, 80]).figure()
    assert p.layout.title.text.startswith("Laney P' chart")


def test_large_chart_uses_webgl():
    x = np.random.default_rng(0).normal(size=6000)
    fig = control_chart("imr", value=x).figure()
    assert any(t.type == "scattergl" for t in fig.data)


def test_oc_curve_figures():
    from sixsigma.plots.oc_curve import oc_curve_figure
    from sixsigma.spc import oc_curve

    v = _data().assign(sample=np.repeat(np.arange(10), 5))
    ch = control_chart("xbar-r", v, value="aht", subgroup="sample")
    oc = oc_curve(ch, sizes=[1, 5])
    fig = oc_curve_figure(oc)
    assert [t.name for t in fig.data] == ["n = 1", "n = 5"]
    assert len(fig.data[0].x) == 51 and fig.data[0].y[0] == oc.curve["beta"].iloc[0]
    assert "ARL" in fig.data[0].hovertemplate
    assert fig.layout.template.layout.font.family.startswith("Inter")
    attr = pd.DataFrame({"d": [3, 5, 2, 4, 6, 3], "n": [50] * 6})
    pfig = oc.__class__.figure(oc_curve(control_chart("p", attr, count="d", size="n")))
    assert pfig.layout.xaxis.title.text == "True proportion p"
    assert "sixsigma-summary" in oc._repr_html_()


def test_t2_chart_figure():
    from sixsigma.spc import hotelling_t2

    rng = np.random.default_rng(3)
    df = pd.DataFrame(rng.normal(size=(30, 3)), columns=["a", "b", "c"])
    df.loc[12, "a"] = 8.0
    ch = hotelling_t2(df)
    fig = control_chart_figure(ch)
    assert {"UCL", "Centre", "Signal"} <= {t.name for t in fig.data}
    assert "Hotelling" in fig.layout.title.text
