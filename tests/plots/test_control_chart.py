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


# -- what Minitab users look for: limits at the edge, phases, rounds, labels apart ------------

from sixsigma.plots.control_chart import MIN_PLOT_PX, decorations, label_rows  # noqa: E402


def test_label_rows_put_colliding_labels_on_separate_rows():
    # two labels 10 px apart on the minimum plot collide; one far to the right shares row 0
    w = [80, 80, 80]
    rows = label_rows([0.0, 10 / MIN_PLOT_PX, 0.9], w, ["left"] * 3)
    assert list(rows) == [0, 1, 0]
    # a right-anchored label ending where a left-anchored one starts does not collide
    assert list(label_rows([0.5, 0.5], [60, 60], ["right", "left"])) == [0, 0]
    # seven labels two points apart on a 60-point chart (the README's six rounds as stages)
    f = np.arange(7) * 2 / 59
    rows = label_rows(f, [110] * 7, ["left"] * 7)
    px = f * MIN_PLOT_PX
    for r in set(rows):
        starts = np.sort(px[rows == r])
        assert np.all(np.diff(starts) >= 110 + 4)


def test_limit_values_labelled_at_the_right_edge():
    ch = control_chart("imr", _data(), value="aht", label="day", stage_dates=["2024-01-31"])
    fig = control_chart_figure(ch)
    limits = [a for a in fig.layout.annotations if a.name == "limit"]
    last, mr_last = ch.points.iloc[-1], ch.secondary.points.iloc[-1]
    assert [a.text for a in limits] == [
        f"UCL={last.ucl:.4g}", f"CL={last.center:.4g}", f"LCL={last.lcl:.4g}",
        f"UCL={mr_last.ucl:.4g}", f"CL={mr_last.center:.4g}", f"LCL={mr_last.lcl:.4g}",
    ]
    assert {a.x for a in limits} == {1.0} and {a.xanchor for a in limits} == {"right"}
    assert [a.yref for a in limits] == ["y"] * 3 + ["y2"] * 3
    # the rule set is named on the chart
    assert any(a.name == "rules" and a.text == ch.rules for a in fig.layout.annotations)


def test_phase_boundary_line_where_phase_ii_starts():
    ch = control_chart("imr", _data(), value="aht", label="day", phase1=20)
    shapes, notes = decorations(ch)
    at = ch.points["label"].iloc[20]
    lines = [s for s in shapes if s["line"]["dash"] == "dashdot"]
    assert [(s["x0"], s["xref"]) for s in lines] == [(at, "x"), (at, "x2")]
    phase = [n for n in notes if n["name"] == "phase"]
    assert [(n["text"], n["xanchor"], n["x"]) for n in phase] == [("Phase I", "right", at), ("Phase II", "left", at)]
    # no boundary without a Phase I window
    assert not [s for s in decorations(control_chart("imr", _data(), value="aht", label="day"))[0]
                if s["line"]["dash"] == "dashdot"]


def test_rounds_are_vertical_markers_with_hover_not_stages():
    ch = control_chart("imr", _data(), value="aht", label="day", stage_dates=["2024-01-31"])
    rounds = pd.DataFrame({"date": pd.to_datetime(["2024-01-08", "2024-01-10", "2024-03-30"]),
                           "round": ["R1", "R2", "R3"], "change": ["auto-chase <2 h>", "retry", "late"]})
    fig = control_chart_figure(ch, title="Handle time, International hotel (s)", y_label="Handle time (s)",
                               rounds=rounds)
    marks = [a for a in fig.layout.annotations if a.name == "round"]
    assert [a.text for a in marks] == ["R1", "R2"]  # R3 is after the last point
    assert marks[0].hovertext == "R1 (2024-01-08): auto-chase &lt;2 h&gt;"
    # R1 and R2 are two days apart: their labels sit on different rows
    assert marks[0].yshift != marks[1].yshift
    blue = [s for s in fig.layout.shapes if s.line.color == "#1565c0"]
    assert len(blue) == 2 * 2  # one line per round on the chart and on the MR chart
    assert fig.layout.title.text.startswith("Handle time, International hotel (s) — ")
    assert fig.layout.yaxis.title.text == "Handle time (s)"
    assert ch.points["stage"].nunique() == 2  # rounds did not add stages


def test_label_near_the_right_edge_steps_below_the_ucl_label():
    rng = np.random.default_rng(7)
    df = pd.DataFrame({"day": pd.date_range("2024-01-01", periods=60), "aht": rng.normal(300, 10, 60)})
    ch = control_chart("imr", df, value="aht", label="day")  # in control: the UCL is near the top
    late = pd.DataFrame({"date": pd.to_datetime(["2024-02-27"]), "round": ["R7 late change"]})
    early = pd.DataFrame({"date": pd.to_datetime(["2024-01-05"]), "round": ["R1 early change"]})
    shift = {k: [a.yshift for a in control_chart_figure(ch, rounds=r).layout.annotations if a.name == "round"]
             for k, r in (("late", late), ("early", early))}
    assert shift == {"late": [-15], "early": [0]}
    # the blocked zone is the UCL label's width at the right edge of the narrowest plot
    assert list(label_rows([0.0, 0.95], [60, 60], ["left"] * 2, blocked=[(0, MIN_PLOT_PX - 70, MIN_PLOT_PX)])) \
        == [0, 1]
