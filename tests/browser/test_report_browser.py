"""Open the generated monthly report in headless Chromium (Debian's ``chromium``; `.ci/run`
installs it) and check what a reader would see: every Plotly chart drew its SVG at a sensible
width, the scorecard shows every KPI row of the config, and the page logged nothing — no
script error, no console message, no blocked (external) request.

Chromium is driven from the command line only (``--dump-dom`` after the page's scripts ran,
console messages captured with ``--enable-logging=stderr``), so no extra Python package is
needed. An error hook is injected at the top of a copy of the page so errors, rejected
promises, console.error/warn calls and Content-Security-Policy violations are also recorded
in the DOM itself.
"""

from __future__ import annotations

import html as html_lib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from sixsigma.reporting.config import load_config
from sixsigma.reporting.monthly import write_monthly_report

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
HOOK = """<script>
window.__errors = [];
function __record(m) { window.__errors.push(String(m));
  document.documentElement.setAttribute('data-errors', JSON.stringify(window.__errors)); }
window.addEventListener('error', function (e) { __record('error: ' + e.message); }, true);
window.addEventListener('unhandledrejection', function (e) { __record('rejection: ' + e.reason); });
document.addEventListener('securitypolicyviolation', function (e) {
  __record('csp: ' + e.violatedDirective + ' ' + e.blockedURI); });
['error', 'warn'].forEach(function (k) { var f = console[k];
  console[k] = function () { __record('console.' + k + ': ' + Array.from(arguments).join(' '));
    return f.apply(console, arguments); }; });
</script>"""


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    # CI must run this test (.ci/run installs Chromium), so there a missing browser fails;
    # on a developer's machine without it the test is skipped with the way to get it.
    missing = "headless Chromium is not installed: `apt-get install chromium` (.ci/run does it)"
    if os.environ.get("CI"):
        pytest.fail(missing)
    pytest.skip(missing)


def run_chromium(page: Path, profile: Path, *args: str) -> subprocess.CompletedProcess:
    cmd = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--no-first-run", "--no-default-browser-check", f"--user-data-dir={profile}",
           "--enable-logging=stderr", "--v=0", "--window-size=1366,768",
           "--virtual-time-budget=60000", *args, page.as_uri()]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=240, env={**os.environ, "LANG": "C.UTF-8"})


@pytest.fixture(scope="module")
def rendered(demo_warehouse, tmp_path_factory):
    """(report, DOM after the scripts ran, chromium's stderr) for the 2025-10 report."""
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
    text = path.read_text(encoding="utf-8")
    hooked = tmp / "hooked.html"
    hooked.write_text(text.replace("<head>", "<head>" + HOOK, 1), encoding="utf-8")
    proc = run_chromium(hooked, tmp / "profile", "--dump-dom")
    assert proc.returncode == 0, proc.stderr[-2000:]
    return report, proc.stdout, proc.stderr


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
    _, dom, stderr = rendered
    console = [line for line in stderr.splitlines() if ":CONSOLE" in line]
    assert console == []
    m = re.search(r'<html[^>]*\bdata-errors="([^"]*)"', dom)
    errors = json.loads(html_lib.unescape(m.group(1))) if m else []
    assert errors == []
