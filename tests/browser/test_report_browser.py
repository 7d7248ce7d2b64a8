"""Open the generated monthly report in headless Chromium (Debian's ``chromium``, driven by
playwright through the session browser of conftest.py) and check what a reader would see:
every Plotly chart drew its SVG at a sensible width, the scorecard shows every KPI row of the
config, and the page logged nothing — no script error, no console message, no blocked
(external) request.
"""

from __future__ import annotations

import html as html_lib
import os
import re
from pathlib import Path

import pytest

from sixsigma.reporting.config import load_config
from sixsigma.reporting.monthly import write_monthly_report

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
ALL_DRAWN = """() => Array.from(document.querySelectorAll('div.plot'))
  .every(d => d.querySelector('svg.main-svg'))"""


def render(page, path: Path) -> str:
    """Open ``path``, wait until every Plotly chart drew its SVG, return the DOM."""
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_function(ALL_DRAWN, timeout=120_000)
    return page.content()


@pytest.fixture(scope="module")
def rendered(demo_warehouse, tmp_path_factory, page_factory):
    """(report, DOM after the scripts ran, what the page logged) for the 2025-10 report."""
    tmp = tmp_path_factory.mktemp("browser")
    old = os.environ.get("SIXSIGMA_PROJECTS")
    os.environ["SIXSIGMA_PROJECTS"] = str(REPO / "projects")
    try:
        path, report = write_monthly_report("2025-10", out=tmp / "2025-10.html", warehouse=demo_warehouse)
    finally:
        if old is None:
            os.environ.pop("SIXSIGMA_PROJECTS", None)
        else:
            os.environ["SIXSIGMA_PROJECTS"] = old
    page = page_factory()
    dom = render(page, path)
    return report, dom, page.errors


def figure_segments(dom: str) -> dict[str, str]:
    """The DOM of each figure container, keyed by its id (fig-1, fig-2, ...)."""
    starts = [(m.start(), m.group(1)) for m in re.finditer(r'<div class="plot[^"]*" id="(fig-\d+)"', dom)]
    ends = [s for s, _ in starts[1:]] + [len(dom)]
    return {fid: dom[s:e] for (s, fid), e in zip(starts, ends, strict=True)}


def test_every_chart_rendered_its_svg(rendered):
    report, dom, _ = rendered
    segs = figure_segments(dom)
    expected = sum((s.monthly is not None) + (s.daily is not None) for s in report.slices) \
        + len(report.paretos) + 1
    assert len(segs) == expected
    for fid, seg in segs.items():
        assert 'class="main-svg"' in seg, f"{fid} did not render"
        width = int(re.search(r'<svg class="main-svg"[^>]*\bwidth="(\d+)"', seg).group(1))
        assert 300 <= width <= 1366, f"{fid} drawn {width}px wide"
        assert re.search(r'class="(scatterlayer|barlayer)', seg), f"{fid} has no data layer"


def test_the_scorecard_shows_every_kpi(rendered):
    report, dom, _ = rendered
    table = dom[dom.index('<table class="scorecard">'):]
    table = table[:table.index("</table>")]
    rows = re.findall(r'<tr class="[^"]*" data-kpi="([^"]+)" data-line="([^"]+)">(.*?)</tr>', table, flags=re.S)
    assert [(k, line) for k, line, _ in rows] == [(k.metric, line) for k, line, _ in load_config().rows()]
    labels = {html_lib.unescape(m) for m in re.findall(r'<td class="kpi"><a [^>]*>([^<]+)</a>', table)}
    assert labels == {k.title for k in report.config.kpis}
    for _, _, cells in rows:
        value = re.search(r'<span class="val[^"]*">([^<]+)</span>', cells).group(1)
        assert value not in ("", "–")
        assert cells.count('<svg class="icon"') == 2 and '<svg class="spark"' in cells


def test_the_page_logged_no_errors(rendered):
    _, _, errors = rendered
    assert errors == []
