"""The Chinese monthly report and its PDF in headless Chromium (the session browser of
conftest.py): every chart drew its SVG with Chinese text in it, the page logged nothing, and
``--pdf`` prints a paginated A4 PDF (a page per section at least) whose charts were drawn."""

from __future__ import annotations

import os
import re
import zlib
from pathlib import Path

import pytest

from sixsigma.reporting.monthly import write_monthly_report

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u4e00-\u9fff]")
CHARTS = """() => Array.from(document.querySelectorAll('div.plot')).map(d => ({
  id: d.id, drawn: !!d.querySelector('svg.main-svg'),
  data: d.querySelectorAll('.scatterlayer .trace, .barlayer .trace').length,
  text: Array.from(d.querySelectorAll('svg text')).map(t => t.textContent).join(' ')}))"""


@pytest.fixture(scope="module")
def zh_report(demo_warehouse, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("zh")
    old = os.environ.get("SIXSIGMA_PROJECTS")
    os.environ["SIXSIGMA_PROJECTS"] = str(REPO / "projects")
    try:
        path, report = write_monthly_report("2025-10", out=tmp / "2025-10.zh.html", warehouse=demo_warehouse,
                                            pdf=tmp / "2025-10.zh.pdf", lang="zh-CN")
    finally:
        if old is None:
            os.environ.pop("SIXSIGMA_PROJECTS", None)
        else:
            os.environ["SIXSIGMA_PROJECTS"] = old
    return path, tmp / "2025-10.zh.pdf", report


def test_every_chart_of_the_chinese_report_has_chinese_text(zh_report, page):
    path, _, report = zh_report
    page.goto(path.as_uri())
    page.wait_for_function("() => Array.from(document.querySelectorAll('div.plot'))"
                           ".every(d => d.querySelector('svg.main-svg'))", timeout=120_000)
    charts = page.evaluate(CHARTS)
    expected = sum((s.monthly is not None) + (s.daily is not None) for s in report.slices) \
        + len(report.paretos) + 1
    assert len(charts) == expected
    for c in charts:
        assert c["drawn"] and c["data"] > 0, c["id"]
        assert CJK.search(c["text"]), f"{c['id']} has no Chinese text: {c['text'][:200]}"
    assert page.get_attribute("html", "lang") == "zh-CN"
    heads = page.locator("section.card h2").all_inner_texts()
    assert heads[0].startswith("管理层摘要") and all(CJK.search(h) for h in heads)
    assert page.errors == []


def pdf_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))


def page_streams(data: bytes) -> list[bytes]:
    """Every Flate-compressed stream of the PDF, decompressed."""
    out = []
    for m in re.finditer(rb"/Filter\s*/FlateDecode[^>]*>>\s*stream\r?\n", data):
        end = data.find(b"endstream", m.end())
        try:
            out.append(zlib.decompress(data[m.end():end]))
        except zlib.error:
            continue
    return out


def strokes(data: bytes) -> int:
    return sum(len(re.findall(rb"\bS\b", s)) for s in page_streams(data))


def test_the_pdf_is_paginated_with_every_chart_drawn(zh_report, tmp_path, monkeypatch):
    from sixsigma.reporting import pdf as P

    html, pdf, report = zh_report
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    n_sections = 6 + len(report.config.kpis)  # executive+scorecard, attention, KPIs, paretos, portfolio, A, B
    assert pdf_pages(data) >= n_sections
    # A4 pages (595 x 842 pt)
    boxes = set(re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data))
    assert boxes and all(abs(float(w) - 595) < 2 and abs(float(h) - 842) < 2 for w, h in boxes)
    # Charts are vector paths (traces, gridlines, limits are stroked): the same page printed
    # with its figure scripts removed (nothing drawn) has at least 10 strokes fewer per chart.
    text = html.read_text(encoding="utf-8")
    bare = re.sub(r'<script type="application/json" class="figure-data".*?</script>', "", text, flags=re.S)
    monkeypatch.setattr(P, "ALL_DRAWN", "() => true")
    undrawn = P.html_to_pdf(bare, tmp_path / "undrawn.pdf").read_bytes()
    n_charts = sum((s.monthly is not None) + (s.daily is not None) for s in report.slices) + len(report.paretos) + 1
    assert strokes(data) - strokes(undrawn) > 10 * n_charts


def test_pdf_refuses_a_page_whose_charts_never_draw(tmp_path, monkeypatch):
    from sixsigma.reporting import pdf as P

    monkeypatch.setattr(P, "ALL_DRAWN", "() => false")
    html = "<!DOCTYPE html><html><body><div class='plot'></div></body></html>"
    with pytest.raises(P.PdfError, match="could not print the report"):
        P.html_to_pdf(html, tmp_path / "x.pdf", timeout_s=3)
    assert list(tmp_path.iterdir()) == []


def test_the_executive_summary_fits_the_first_printed_page(zh_report, page_factory):
    from sixsigma.reporting import pdf as P

    path, _, _ = zh_report
    page = page_factory(width=P.WIDTH, height=1400, locale="zh-CN")  # laid out as html_to_pdf does
    page.goto(path.as_uri())
    page.emulate_media(media="print")
    top, bottom = page.evaluate("() => { const r = document.querySelector('#executive')"
                                ".getBoundingClientRect(); return [r.top + scrollY, r.bottom + scrollY]; }")
    # A4 less 12 mm margins is 273 mm = 1032 CSS px of paper, laid out at 1 / PRINT_SCALE
    printable = 273 / 25.4 * 96 / P.PRINT_SCALE
    assert 0 < top < bottom <= printable
    # and the scorecard starts a new page
    assert page.evaluate("() => getComputedStyle(document.querySelector('#scorecard')).breakBefore") == "page"
