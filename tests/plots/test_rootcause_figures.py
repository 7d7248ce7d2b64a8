"""Root-cause figures fit their container (no fixed width) and the standalone fishbone page
lists every cause in full, filterable, offline and printable."""

from __future__ import annotations

import html
import re
from pathlib import Path

from sixsigma.plots import rootcause as plots
from sixsigma.rootcause import fishbone, ipo
from sixsigma.rootcause.records import load_folder

FLAGSHIP = Path(__file__).resolve().parents[2] / "projects" / "reduce-intl-hotel-manual-cpo"


def _flagship():
    return load_folder(FLAGSHIP)


def test_fishbone_and_ipo_have_no_fixed_width():
    rec = _flagship()
    fb = plots.fishbone_figure(fishbone.analyze(rec.fishbone))
    ip = plots.ipo_figure(ipo.analyze(rec.ipo, rec.fishbone))
    for fig in (fb, ip):
        assert fig.layout.width is None and fig.layout.autosize is True
    # IPO names are wrapped to the column of a step, never longer than it at 1,000 px
    col_chars = int((plots.WIDTH / len(rec.ipo.steps) - 22) / 5.6)
    for a in ip.layout.annotations:
        if a.font.size == 10:
            for line in re.split(r"<br>", a.text):
                plain = html.unescape(re.sub(r"<[^>]+>", "", line)).strip()
                assert len(plain) <= col_chars + 2, plain  # + the status mark


def test_fishbone_page_lists_all_214_causes_in_full():
    rec = _flagship()
    res = fishbone.analyze(rec.fishbone)
    page = plots.fishbone_page(res, plots.fishbone_figure(res))
    rows = re.findall(r'<tr data-search="([^"]*)">(.*?)</tr>', page)
    assert len(rows) == len(res.causes) == 214
    body = html.unescape(page)
    for c in rec.fishbone.causes:  # every label whole, no "(+3)" or ellipsis in the table
        assert c.text in body
    table = page[page.index('<table id="cause-table">'):page.index("</table>")]
    cause_cells = re.findall(r"<td(?: style=\"[^\"]*\")?><b>[^<]*</b> ([^<]*)</td>", table)
    assert len(cause_cells) == 214 and not any("…" in c or re.search(r"\(\+\d+\)$", c) for c in cause_cells)
    # the columns a reader filters by, and the verified causes carry their evidence
    assert re.findall(r"<th>(\w+)</th>", table) == ["Category", "Cause", "Path", "Status", "Evidence", "Owner"]
    verified = [r for r in rows if "status-verified" in r[1]]
    assert len(verified) == int((res.causes["status"] == "verified").sum()) == 4
    assert all("p" in r[1] and "<td></td><td>" not in r[1].split("status-verified")[1][:40] for r in verified)
    assert res.causes.loc[res.causes["status"] == "verified", "evidence"].notna().all()
    # a sub-cause's row names its parents' texts and is indented
    deep = res.causes[res.causes["depth"] == 3].iloc[0]
    parent = res.causes.set_index("id").loc[deep["parent"], "text"]
    row = next(r for r in rows if f"<b>{deep['id']}</b>" in r[1])
    assert html.escape(parent, quote=False) in row[1] and "padding-left:34px" in row[1]
    # search text lower-cased with id, owner and status; summary in words; filter + print CSS
    assert deep["id"] in row[0] and row[0] == row[0].lower()
    assert "<h2>Summary</h2><p>Fishbone for" in page
    assert "getElementById('cause-filter')" in page and "@media print" in page
    # offline: no external script, stylesheet or image
    assert not re.search(r'<(script|link|img)[^>]+(src|href)="https?:', page)


def test_cause_table_evidence_column():
    rec = _flagship()
    t = fishbone.cause_table(rec.fishbone).set_index("id")
    c = rec.fishbone.cause("ppl-kl-transfer-habit")
    last = c.evidence[-1]
    assert t.loc["ppl-kl-transfer-habit", "evidence"] == f"{last.test}: {last.conclusion}"
    assert t.loc[t["n_evidence"] == 0, "evidence"].isna().all()
