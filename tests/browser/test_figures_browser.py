"""What a reader sees on the figures, measured in headless Chromium (the session browser of
conftest.py): a staged control chart with improvement rounds has no two labels on top of each
other (stage, round, phase and UCL / CL / LCL labels, the rule set and the title: their text
bounding boxes do not intersect), and the storyboard's fishbone and IPO stay inside their card
at a 1,280 px wide window (no horizontal overflow).
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sixsigma.cli.common import write_figure_html
from sixsigma.plots.control_chart import control_chart_figure
from sixsigma.spc import control_chart

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
FLAGSHIP = "reduce-intl-hotel-manual-cpo"
DRAWN = "() => document.querySelectorAll('svg.main-svg').length > 0"

# every annotation's and the title's text box, in page pixels
TEXT_BOXES = """() => Array.from(document.querySelectorAll('g.annotation text, g.g-gtitle text'))
  .filter(t => t.textContent.trim())
  .map(t => { const r = t.getBoundingClientRect();
              return {text: t.textContent, l: r.left, r: r.right, t: r.top, b: r.bottom}; })"""


def _overlaps(boxes, tol=0.5):
    """Pairs of boxes whose areas intersect (more than ``tol`` px in both directions)."""
    out = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            w = min(a["r"], b["r"]) - max(a["l"], b["l"])
            h = min(a["b"], b["b"]) - max(a["t"], b["t"])
            if w > tol and h > tol:
                out.append((a["text"], b["text"]))
    return out


def _staged_chart():
    """Daily CPO-like rates in 12 stages of 20 days (narrow stages: naive labels would collide),
    a Phase I window in the last stage, and six rounds two weeks apart drawn as markers."""
    rng = np.random.default_rng(14)
    n = 240
    days = pd.date_range("2024-01-01", periods=n, freq="D")
    level = np.repeat(np.linspace(0.125, 0.09, 12), 20)
    orders = rng.integers(3_000, 4_000, n)
    contacts = rng.poisson(level * orders)
    df = pd.DataFrame({"day": days, "contacts": contacts, "orders": orders})
    starts = [str(d.date()) for d in days[20::20]]
    chart = control_chart("laney-u", df, count="contacts", size="orders", label="day",
                          stage_dates=starts, name="manual_cpo")
    rounds = pd.DataFrame({"date": pd.date_range("2024-02-05", periods=6, freq="14D"),
                           "round": [f"R{i} change" for i in range(1, 7)],
                           "change": [f"change {i}" for i in range(1, 7)]})
    return chart, rounds


def test_staged_chart_labels_never_overlap(page, tmp_path):
    chart, rounds = _staged_chart()
    fig = control_chart_figure(chart, title="Laney U' chart of Manual contacts per order, International hotel",
                               y_label="Manual contacts per order (contacts/order)", rounds=rounds)
    out = tmp_path / "staged.html"
    write_figure_html(out, fig)
    for width in (1280, 800):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(out.as_uri(), wait_until="load")
        page.wait_for_function(DRAWN, timeout=60_000)
        boxes = page.evaluate(TEXT_BOXES)
        texts = [b["text"] for b in boxes]
        # every stage, every round, the limits of the last stage and the rule set are drawn
        assert sum(t.startswith("from ") for t in texts) == 11 and "baseline" in texts
        assert sum(t.startswith("R") and t.endswith("change") for t in texts) == 6
        assert any(t.startswith("UCL=") for t in texts) and any(t.startswith("LCL=") for t in texts)
        assert any(t.startswith("CL=") for t in texts) and any(t.startswith("Minitab") for t in texts)
        assert _overlaps(boxes) == [], width
    assert page.errors == []


def test_phase_boundary_and_limit_labels_drawn(page, tmp_path):
    rng = np.random.default_rng(2)
    df = pd.DataFrame({"day": pd.date_range("2024-01-01", periods=60), "aht": rng.normal(300, 12, 60)})
    chart = control_chart("imr", df, value="aht", label="day", phase1=30)
    out = tmp_path / "phases.html"
    write_figure_html(out, control_chart_figure(chart))
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(out.as_uri(), wait_until="load")
    page.wait_for_function(DRAWN, timeout=60_000)
    boxes = page.evaluate(TEXT_BOXES)
    texts = [b["text"] for b in boxes]
    assert {"Phase I", "Phase II"} <= set(texts)
    # UCL / CL / LCL of both the I and the MR chart (LCL=0 on the MR chart, as Minitab shows it)
    assert sum(t.startswith(("UCL=", "CL=", "LCL=")) for t in texts) == 6 and "LCL=0" in texts
    assert _overlaps(boxes) == []
    # a round in the last days of an in-control chart: its label steps below the UCL label
    late = pd.DataFrame({"date": pd.to_datetime(["2024-02-27"]), "round": ["R7 late change"]})
    write_figure_html(out, control_chart_figure(chart, rounds=late))
    page.goto(out.as_uri(), wait_until="load")
    page.wait_for_function(DRAWN, timeout=60_000)
    late_boxes = page.evaluate(TEXT_BOXES)
    assert "R7 late change" in [b["text"] for b in late_boxes] and _overlaps(late_boxes) == []
    phase_i = next(b for b in boxes if b["text"] == "Phase I")
    phase_ii = next(b for b in boxes if b["text"] == "Phase II")
    assert phase_i["r"] <= phase_ii["l"]  # either side of the boundary line


@pytest.fixture(scope="module")
def storyboard(demo_warehouse, tmp_path_factory):
    from sixsigma.dmaic.store import load_project
    from sixsigma.dmaic.storyboard import build_storyboard
    from sixsigma.reporting.storyboard import write_storyboard
    from sixsigma.warehouse import Warehouse

    old = os.environ.get("SIXSIGMA_PROJECTS")
    os.environ["SIXSIGMA_PROJECTS"] = str(REPO / "projects")
    try:
        with Warehouse(demo_warehouse, read_only=True) as wh:
            story = build_storyboard(wh, load_project(FLAGSHIP), FLAGSHIP)
        return write_storyboard(story, tmp_path_factory.mktemp("story") / "storyboard.html")
    finally:
        if old is None:
            os.environ.pop("SIXSIGMA_PROJECTS", None)
        else:
            os.environ["SIXSIGMA_PROJECTS"] = old


# for each figure whose title starts with the prefix: its card's content box, the figure's
# box and the widest extent of any text drawn in it
FIT = """(prefix) => Array.from(document.querySelectorAll('.js-plotly-plot'))
  .filter(p => (p.querySelector('g.g-gtitle text') || {textContent: ''}).textContent.startsWith(prefix))
  .map(p => { const card = p.closest('section'); const c = card.getBoundingClientRect();
              const cs = getComputedStyle(card);
              const inner = {l: c.left + parseFloat(cs.paddingLeft), r: c.right - parseFloat(cs.paddingRight)};
              const f = p.getBoundingClientRect();
              const texts = Array.from(p.querySelectorAll('text')).filter(t => t.textContent.trim())
                .map(t => t.getBoundingClientRect()).filter(r => r.width > 0);
              return {card: inner, fig: {l: f.left, r: f.right},
                      text: {l: Math.min(...texts.map(r => r.left)), r: Math.max(...texts.map(r => r.right))},
                      n: texts.length,
                      page: document.documentElement.scrollWidth}; })"""


@pytest.mark.parametrize("prefix", ["Fishbone:", "IPO:"])
def test_fishbone_and_ipo_fit_their_card_at_1280(page, storyboard, prefix):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(storyboard.as_uri(), wait_until="load")
    page.wait_for_function(DRAWN, timeout=120_000)
    found = page.evaluate(FIT, prefix)
    assert len(found) == 1, found
    m = found[0]
    assert m["n"] > 20  # the diagram drew its labels
    assert m["card"]["l"] - 1 <= m["fig"]["l"] and m["fig"]["r"] <= m["card"]["r"] + 1, m
    assert m["card"]["l"] - 1 <= m["text"]["l"] and m["text"]["r"] <= m["card"]["r"] + 1, m
    assert m["page"] <= 1280  # no horizontal scroll bar
    assert page.errors == []


def test_fishbone_page_table_filters_and_prints(page, tmp_path):
    from sixsigma.plots.rootcause import fishbone_figure, fishbone_page
    from sixsigma.rootcause import fishbone
    from sixsigma.rootcause.records import load_folder

    res = fishbone.analyze(load_folder(REPO / "projects" / FLAGSHIP).fishbone)
    out = tmp_path / "fishbone.html"
    out.write_text(fishbone_page(res, fishbone_figure(res)))
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(out.as_uri(), wait_until="load")
    page.wait_for_function(DRAWN, timeout=60_000)
    visible = "() => Array.from(document.querySelectorAll('#cause-table tbody tr')).filter(r => !r.hidden).length"
    assert page.evaluate(visible) == 214
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    fig = page.evaluate("document.querySelector('.js-plotly-plot').getBoundingClientRect().width")
    assert 1000 <= fig <= 1280  # the diagram fills the page width instead of a fixed 1,400 px
    page.fill("#cause-filter", "verified")
    n_verified = page.evaluate(visible)
    assert n_verified >= 4 and page.inner_text("#cause-count") == str(n_verified)
    page.fill("#cause-filter", "kl transfer")  # every word must match
    rows = page.evaluate("""() => Array.from(document.querySelectorAll('#cause-table tbody tr'))
      .filter(r => !r.hidden).map(r => r.cells[1].textContent)""")
    assert rows and all("kl" in r.lower() for r in rows) and len(rows) < 214
    page.emulate_media(media="print")  # printed: no filter box, every row again
    assert page.evaluate("getComputedStyle(document.getElementById('cause-filter')).display") == "none"
    assert page.evaluate("""() => Array.from(document.querySelectorAll('#cause-table tbody tr'))
      .filter(r => getComputedStyle(r).display !== 'none').length""") == 214
    assert page.errors == []
