"""Fishbone tables and edits, and the figures' structure (readable from 10 to 250 causes)."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import pytest
from rc_helpers import FLAGSHIP_DIR

from sixsigma.errors import InputError, UnknownNameError
from sixsigma.plots import rootcause as plots
from sixsigma.rootcause import ce_matrix, fishbone, fmea, ipo
from sixsigma.rootcause.models import SIX_M, Cause, Effect, Evidence, Fishbone
from sixsigma.rootcause.pareto import pareto
from sixsigma.rootcause.records import load_folder


def synthetic(n: int, seed: int = 1) -> Fishbone:
    """n causes over the 6M bones: ~1/3 on the bones, the rest nested up to 3 levels deep."""
    rng = np.random.default_rng(seed)
    cats = [c for c, _ in SIX_M]
    causes = []
    for i in range(n):
        top = [c for c in causes if c.parent is None]
        if i < max(6, n // 3) or not top:
            causes.append(Cause(id=f"c{i}", text=f"Cause number {i} with a fairly long description of what goes wrong",
                                category=cats[i % 6]))
        else:
            parents = [c for c in causes if fishbone_depth(causes, c) < 3]
            p = parents[int(rng.integers(len(parents)))]
            causes.append(Cause(id=f"c{i}", text=f"Sub-cause {i}", parent=p.id))
    ev = Evidence(date="2024-01-01", test="t", outcome="verified", conclusion="ok")
    causes[0] = causes[0].model_copy(update={"status": "verified", "evidence": [ev]})
    causes[1] = causes[1].model_copy(update={"status": "prioritized"})
    return Fishbone(effect=Effect(text="International-hotel manual CPO"), causes=causes)


def fishbone_depth(causes, c):
    by = {k.id: k for k in causes}
    d = 1
    while c.parent is not None:
        c, d = by[c.parent], d + 1
    return d


def test_cause_table_tree_columns():
    fb = Fishbone(effect=Effect(text="Y"), causes=[
        Cause(id="a", text="A", category="people"),
        Cause(id="b", text="B", parent="a"),
        Cause(id="c", text="C", parent="b"),
        Cause(id="d", text="D", category="machine"),
    ])
    t = fishbone.cause_table(fb).set_index("id")
    assert t["depth"].to_dict() == {"a": 1, "b": 2, "c": 3, "d": 1}
    assert t["category"].to_dict() == {"a": "people", "b": "people", "c": "people", "d": "machine"}
    assert t["n_descendants"].to_dict() == {"a": 2, "b": 1, "c": 0, "d": 0}
    assert t.loc["c", "path"] == "a/b/c"
    cats = fishbone.analyze(fb).categories.set_index("category")
    assert cats.loc["people", "n_causes"] == 3 and cats.loc["people", "n_top"] == 1
    assert cats.loc["environment", "n_causes"] == 0


def test_edits_guard_the_tree():
    fb = synthetic(12)
    with pytest.raises(InputError, match="inside its own subtree"):
        kid = next(c for c in fb.causes if c.parent is not None)
        fishbone.move_cause(fb, kid.parent, parent=kid.id)
    with pytest.raises(UnknownNameError, match="unknown category 'weather'"):
        fishbone.add_cause(fb, "x", category="weather")
    with pytest.raises(UnknownNameError, match="unknown cause 'nope'"):
        fishbone.add_cause(fb, "x", parent="nope")
    with pytest.raises(InputError, match="no verified evidence"):
        fishbone.set_status(fb, "c2", "verified")
    with pytest.raises(InputError, match="add --reason"):
        fishbone.set_status(fb, "c2", "rejected")
    moved = fishbone.move_cause(fb, "c7", category="environment")
    assert moved.cause("c7").parent is None and moved.category_of("c7") == "environment"
    out, c = fishbone.add_cause(fb, "Cause number 3 with a fairly long description", category="people")
    assert c.id == "cause-number-3-fairly-long" and len(out.causes) == 13
    _, c2 = fishbone.add_cause(out, "Cause number 3 with a fairly long description", category="people")
    assert c2.id == "cause-number-3-fairly-long-2"


def _label_points(fig):
    pts = []
    for tr in fig.data:
        if tr.mode == "markers+text":
            for (cat, cid), y, text in zip(tr.customdata, tr.y, tr.text, strict=True):
                pts.append((cat, cid, y, text))
    return pts


@pytest.mark.parametrize("n", [10, 60, 250])
def test_fishbone_figure_readable_from_10_to_250_causes(n):
    fb = synthetic(n)
    res = fishbone.analyze(fb)
    fig = plots.fishbone_figure(res)
    assert isinstance(fig, go.Figure)
    # bones + spine as shapes, one annotation per category plus the effect
    assert len(fig.layout.shapes) == 1 + 6
    assert len(fig.layout.annotations) == 1 + 6
    # at most: branches + one trace per status
    assert len(fig.data) <= 5
    pts = _label_points(fig)
    px_per_unit = (fig.layout.height - fig.layout.margin.t - fig.layout.margin.b) / 2.5
    for cat in {p[0] for p in pts}:
        ys = np.sort([p[2] for p in pts if p[0] == cat])
        assert len(ys) <= 18
        assert np.all(np.diff(ys) * px_per_unit >= plots.ROW_PX - 1e-6)  # no two labels overlap
    # every cause is drawn or counted in a collapsed label
    layout = plots.fishbone_layout(res.causes, res.categories)
    assert int((layout["kind"] == "cause").sum() + layout["hidden"].sum()) == n
    if n <= 18 * 6 and res.causes.groupby("category").size().max() <= 18:
        assert layout["hidden"].sum() == 0  # small diagrams show every cause, nested
    if n == 250:
        assert layout["hidden"].sum() > 0
        assert any("(+" in p[3] for p in pts)  # sub-causes collapsed into counts
    # the verified cause is highlighted: its own trace, star marker, bold label
    ver = next(t for t in fig.data if t.name and t.name.startswith("verified"))
    assert ver.marker.symbol[0] == "star" and ver.text[0].startswith("<b>")
    # labels fit the space up to the previous bone
    assert max(len(p[3]) for p in pts) < 200


def test_flagship_fishbone_figure_and_sunburst():
    rec = load_folder(FLAGSHIP_DIR)
    res = fishbone.analyze(rec.fishbone)
    fig = plots.fishbone_figure(res)
    pts = _label_points(fig)
    assert len(pts) >= 40
    # a verified sub-cause collapsed into its parent's label is still announced
    lang = next(p for p in pts if p[1] == "ppl-kl-language")
    assert lang[3].endswith("1 verified)")
    assert rec.fishbone.cause("ppl-kl-transfer-habit").status == "verified"
    sun = plots.fishbone_sunburst(res)
    assert len(sun.data[0].ids) == 1 + 6 + len(res.causes)
    assert set(sun.data[0].parents) - set(sun.data[0].ids) == {""}


def test_ipo_ce_fmea_pareto_figures():
    rec = load_folder(FLAGSHIP_DIR)
    fig = plots.ipo_figure(ipo.analyze(rec.ipo, rec.fishbone))
    assert sum(s.type == "rect" for s in fig.layout.shapes) == len(rec.ipo.steps)
    ce_res = ce_matrix.rank(rec.ce)
    fig = plots.ce_figure(ce_res)
    kinds = [t.type for t in fig.data]
    assert kinds.count("table") == 1 and kinds.count("bar") == 1 and kinds.count("scatter") == 1
    assert list(fig.data[1].x) == ce_res.table["input"].tolist()
    fig = plots.fmea_figure(fmea.rank(rec.fmea))
    assert [t.type for t in fig.data].count("bar") == 2
    res = pareto(ce_res.table, category="input", count="total")
    fig = res.figure()
    bars = fig.data[0]
    assert list(bars.y) == res.table["total"].tolist()
    assert sum(c == plots.COLORS["concern"] for c in bars.marker.color) == int(res.table["vital"].sum())
    assert "<div" in res._repr_html_()
