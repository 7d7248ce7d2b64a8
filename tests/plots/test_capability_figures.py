"""The capability report as Minitab shows it (Process Data panel, both curves, indices with
intervals, PPM, the Assistant's report card as tiles) and the Capability Sixpack."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sixsigma.capability import binomial_capability, capability
from sixsigma.errors import InputError
from sixsigma.plots.capability import CARD, capability_figure, capability_sixpack_figure

DATA = Path(__file__).resolve().parents[1] / "reference-data"


def _rings(trial_only: bool = False):
    df = pd.read_csv(DATA / "qcc_pistonrings.csv")
    if trial_only:
        df = df[df["trial"]]
    return capability(df, value="diameter", subgroup="sample", lsl=73.95, usl=74.05, target=74.0)


def _tables(fig):
    return {t.header.values[0]: t for t in fig.data if t.type == "table"}


def test_process_data_panel_indices_and_ppm():
    res = _rings()
    fig = capability_figure(res)
    tables = _tables(fig)
    assert set(tables) == {"<b>Process Data</b>", "<b>Capability</b>", "<b>Performance</b>"}
    names, values = tables["<b>Process Data</b>"].cells.values
    panel = dict(zip(names, values, strict=True))
    assert list(panel) == ["LSL", "Target", "USL", "Sample Mean", "Sample N", "StDev(Within)",
                           "StDev(Overall)"]
    assert panel["LSL"] == "73.95" and panel["USL"] == "74.05" and panel["Target"] == "74"
    assert panel["Sample N"] == "200" and float(panel["Sample Mean"]) == pytest.approx(res.mean, rel=1e-5)
    assert float(panel["StDev(Within)"]) == pytest.approx(res.sigma_within, rel=1e-4)
    assert float(panel["StDev(Overall)"]) == pytest.approx(res.sigma_overall, rel=1e-4)
    # every index with its interval
    names, vals, cis = tables["<b>Capability</b>"].cells.values
    cpk = res.indices.set_index("index").loc["cpk"]
    i = names.index("Cpk (within)")
    assert vals[i] == f"{cpk.value:.2f}" and cis[i] == f"{cpk.lower:.2f} to {cpk.upper:.2f}"
    assert {"Cp (within)", "Pp (overall)", "Ppk (overall)", "Cpm (within)"} <= set(names)
    perf = tables["<b>Performance</b>"]
    assert list(perf.header.values) == ["<b>Performance</b>", "Observed", "Exp. Within", "Exp. Overall"]
    # histogram with both normal curves and the three spec lines
    assert {"Data", "Within (short-term)", "Overall (long-term)"} <= {t.name for t in fig.data}
    spec = [a.text for a in fig.layout.annotations if a.text and a.text.split()[0] in ("LSL", "USL", "Target")]
    assert sorted(spec) == ["LSL 73.95", "Target 74", "USL 74.05"]


def test_report_card_tiles_follow_the_checks():
    res = _rings()
    fig = capability_figure(res)
    tiles = [s for s in fig.layout.shapes if s.type == "rect"]
    checks = res.checks.reset_index(drop=True)
    assert len(tiles) == len(checks) == 3
    for tile, c in zip(tiles, checks.itertuples(), strict=True):
        fill, color, sign = CARD[c.status]
        assert tile.fillcolor == fill and tile.line.color == color
    notes = [a.text for a in fig.layout.annotations if a.name == "check"]
    for text, c in zip(notes, checks.itertuples(), strict=True):
        assert f"{CARD[c.status][2]} {c.name.capitalize()}: {c.status}" in text
    # the 40 samples: the last two X-bar points are above the UCL, so stability warns
    assert checks.loc[0, "status"] == "warn" and tiles[0].fillcolor == CARD["warn"][0]


def test_non_normal_report_names_its_model():
    x = np.random.default_rng(4).lognormal(3, 0.4, 150)
    res = capability(pd.DataFrame({"t": x}), value="t", usl=60, distribution="lognormal")
    names, values = _tables(capability_figure(res))["<b>Process Data</b>"].cells.values
    assert names[-1] == "Model" and "ognormal" in values[-1] and values[0] == "*"  # no LSL


def test_sixpack_panels_draw_montgomerys_piston_ring_chart():
    # Montgomery, Introduction to Statistical Quality Control (6th ed.), Example 6.1 (the 25
    # trial samples of piston-ring diameters): x-double-bar = 74.001, R-bar = 0.023.
    res = _rings(trial_only=True)
    fig = capability_sixpack_figure(res)
    titles = [a.text for a in fig.layout.annotations if a.yref == "paper"]
    assert {"X-bar chart", "R chart", "Last 25 subgroup means", "Probability plot (Normal)",
            "Capability plot"} <= set(titles)
    xbar_cl = next(t for t in fig.data if t.name == "Centre" and t.yaxis == "y")
    r_cl = next(t for t in fig.data if t.name == "Centre" and t.yaxis == "y3")
    assert np.nanmean(np.asarray(xbar_cl.y, dtype=float)) == pytest.approx(74.001, abs=5e-4)
    assert np.nanmean(np.asarray(r_cl.y, dtype=float)) == pytest.approx(0.023, abs=5e-4)
    last = next(t for t in fig.data if t.name == "Last values")
    assert len(last.x) == 25
    # capability plot: within and overall spreads (mean +/- 3 sigma) against the specs
    spreads = {t.name: tuple(t.x) for t in fig.data if t.name in ("Within", "Overall", "Specs")}
    assert spreads["Specs"] == (73.95, 74.05)
    assert spreads["Within"] == pytest.approx((res.mean - 3 * res.sigma_within, res.mean + 3 * res.sigma_within))
    assert spreads["Overall"] == pytest.approx((res.mean - 3 * res.sigma_overall,
                                                res.mean + 3 * res.sigma_overall))
    cap_text = [a.text for a in fig.layout.annotations if a.text and a.text.startswith(("Cp ", "Pp "))]
    assert len(cap_text) == 2


def test_sixpack_refuses_attribute_capability():
    res = binomial_capability(pd.DataFrame({"d": [3, 5, 2, 4], "n": [100] * 4}), count="d", size="n")
    with pytest.raises(InputError, match="no sixpack"):
        capability_sixpack_figure(res)


def test_cli_sixpack(tmp_path, capsys):
    from sixsigma.cli.app import main

    out = tmp_path / "six.html"
    args = ["capability", str(DATA / "qcc_pistonrings.csv"), "--value", "diameter", "--subgroup", "sample",
            "--lsl", "73.95", "--usl", "74.05", "--sixpack"]
    assert main(args + ["--html", str(out)]) in (0, None)
    assert "Capability Sixpack of" in out.read_text()
    capsys.readouterr()
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: --sixpack") and err.count("\n") == 1


def test_sixpack_of_individual_values():
    x = np.random.default_rng(11).normal(300, 20, 60)
    res = capability(pd.DataFrame({"aht": x}), value="aht", usl=380, name="aht")
    fig = capability_sixpack_figure(res)
    titles = {a.text for a in fig.layout.annotations if a.yref == "paper"}
    assert {"I chart", "Moving range chart", "Last 25 observations"} <= titles
    last = next(t for t in fig.data if t.name == "Last values")
    assert np.allclose(np.asarray(last.y, dtype=float), x[-25:])  # the observations themselves
    specs = next(t for t in fig.data if t.name == "Specs")
    assert specs.line.dash == "dot" and specs.x[1] == 380  # one-sided: the open end is dotted
    assert fig.layout.title.text.startswith("Capability Sixpack of aht")
