"""Figures of the root-cause records: fishbone (bones or sunburst), IPO flow, C&E and FMEA
ranked tables with Pareto bars, Pareto chart, and a verification's comparison.

Only layout here: every number drawn comes from the result objects.

Fishbone layout (readable from 10 to 250+ causes): the spine runs left to right into the
effect box; categories are bones, alternately above and below, slanting back from the spine.
Each bone has at most ``max_rows`` label rows at a fixed vertical gap (so labels on a bone can
never overlap) and labels extend left from the bone into the space up to the previous bone,
truncated to fit (the full text is in the hover). When every cause of a category fits, the
bone shows them all, sub-causes indented under their parent; otherwise it shows the causes on
the bone with the number of sub-causes collapsed under each ("(+4)", listed on hover), and if
even those do not fit, the most important ones (verified, prioritized, largest subtrees) and a
"+k more" row. Verified causes are drawn bold in green with a star; rejected ones are grey.
For very large diagrams ``fishbone_sunburst`` shows the whole tree; click a slice to zoom in.
"""

from __future__ import annotations

import html
import math

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from sixsigma.plots.theme import COLORS, themed

STATUS_STYLE = {
    # status: (colour, marker symbol, bold)
    "verified": (COLORS["center"], "star", True),
    "prioritized": (COLORS["concern"], "diamond", False),
    "candidate": (COLORS["point"], "circle", False),
    "rejected": (COLORS["muted"], "x", False),
}
STATUS_RANK = {"verified": 0, "prioritized": 1, "candidate": 2, "rejected": 3}
# light fills for the sunburst's category ring, distinct from the status colours of the causes
CATEGORY_FILLS = ["#cfd8dc", "#d7ccc8", "#c5cae9", "#b2dfdb", "#f8bbd0", "#e1bee7", "#ffe0b2", "#dcedc8"]
KIND_STYLE = {"controllable": ("C", COLORS["point"]), "noise": ("N", COLORS["concern"]),
              "sop": ("SOP", COLORS["center"])}

ROW_PX = 18          # vertical pixels per label row
CHAR_PX = 5.8        # average width of a character at the 11 px label font
WIDTH = 1000         # the width labels are fitted to (a storyboard card); figures are responsive
MARGIN = dict(l=20, r=20, t=70, b=20)


def _esc(text) -> str:
    return html.escape(str(text), quote=False) if text is not None else ""


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: max(n - 1, 1)].rstrip() + "…"


# -- fishbone --------------------------------------------------------------------------------

def fishbone_layout(causes: pd.DataFrame, categories: pd.DataFrame, max_rows: int = 18) -> pd.DataFrame:
    """Which causes each bone shows and in what row order (pure layout, no figure).

    Returns one row per label: category, row (0 = next to the category name), id, text,
    status, depth, hidden (number of sub-causes collapsed into the label), hover (the text of
    the collapsed causes) and kind ("cause" or "more").
    """
    rows = []
    for cat in categories["category"]:
        sub = causes[causes["category"] == cat]
        if not len(sub):
            continue
        children: dict = {}
        for r in sub.itertuples():
            children.setdefault(r.parent, []).append(r)
        tops = [r for r in sub.itertuples() if r.depth == 1]

        def dfs(r, acc, children=children):
            acc.append(r)
            for k in children.get(r.id, []):
                dfs(k, acc, children)
            return acc

        if len(sub) <= max_rows:  # everything fits: show the tree, sub-causes indented
            for t in tops:
                for r in dfs(t, []):
                    rows.append(_label(cat, r, 0, "", 0))
            continue
        tops = sorted(tops, key=lambda r: (STATUS_RANK.get(r.status, 9), -r.n_descendants))
        shown, rest = (tops, []) if len(tops) <= max_rows else (tops[: max_rows - 1], tops[max_rows - 1:])
        for t in shown:
            below = dfs(t, [])[1:]
            hover = "<br>".join(
                f"{'&nbsp;&nbsp;' * (b.depth - 2)}• {_esc(_clip(b.text, 70))} [{b.status}]" for b in below[:15]
            ) + (f"<br>… and {len(below) - 15} more" if len(below) > 15 else "")
            rows.append(_label(cat, t, len(below), hover, sum(b.status == "verified" for b in below)))
        if rest:
            n_rest = sum(1 + r.n_descendants for r in rest)
            hover = "<br>".join(f"• {_esc(_clip(r.text, 70))} [{r.status}]" for r in rest[:20])
            rows.append({"category": cat, "id": None, "text": f"+{n_rest} more causes",
                         "status": "candidate", "depth": 1, "hidden": n_rest, "hover": hover,
                         "kind": "more", "owner": None,
                         "hidden_verified": sum(r.status == "verified" for r in rest)})
    out = pd.DataFrame(rows, columns=["category", "id", "text", "status", "depth", "hidden",
                                      "hidden_verified", "hover", "kind", "owner"])
    out.insert(1, "row", out.groupby("category").cumcount() if len(out) else [])
    return out


def _label(cat, r, hidden, hover, hidden_verified):
    return {"category": cat, "id": r.id, "text": r.text, "status": r.status, "depth": r.depth,
            "hidden": hidden, "hidden_verified": hidden_verified, "hover": hover, "kind": "cause",
            "owner": r.owner}


def fishbone_figure(result, max_rows: int = 18, width: int = WIDTH):
    """Ishikawa diagram of a FishboneResult (see the module docstring for the layout).

    Responsive: no fixed width (it fills its container); labels are fitted to ``width`` px,
    their full text is in the hover and in :func:`fishbone_page`'s cause table."""
    causes, cats = result.causes, result.categories
    cats = cats.reset_index(drop=True)
    k = max(len(cats), 1)
    per_side = math.ceil(k / 2)
    labels = fishbone_layout(causes, cats, max_rows=max_rows)
    n_rows = max(int(labels.groupby("category").size().max()) if len(labels) else 1, 3)
    gap = 0.9 / n_rows                       # data units per row; bone height is 1
    y_span = 2.5                             # y axis range [-1.25, 1.25]
    height = math.ceil(MARGIN["t"] + MARGIN["b"] + y_span * ROW_PX / gap)
    col_w = 0.98 / per_side                  # spine from 0 to 0.98, one column per bone
    slant = 0.22 * col_w
    x_lo, x_hi = -slant - 0.005, 1.24
    plot_px = width - MARGIN["l"] - MARGIN["r"]
    max_chars = max(int((col_w - 0.03) / (x_hi - x_lo) * plot_px / CHAR_PX), 12)

    fig = go.Figure()
    shapes = [dict(type="line", x0=0, y0=0, x1=1.0, y1=0, line=dict(color="#444", width=4))]
    annotations = [dict(x=1.01, y=0, xanchor="left", yanchor="middle", showarrow=False,
                        text="<b>" + "<br>".join(_wrap(result.effect, 22)) + "</b>",
                        bordercolor="#444", borderwidth=2, borderpad=8, bgcolor="#fff8e1",
                        font=dict(size=14))]
    bone_x = {}
    for i, cat in enumerate(cats.itertuples()):
        side = 1 if i % 2 == 0 else -1
        col = i // 2
        x0 = (col + 1) * col_w
        x1 = x0 - slant
        bone_x[cat.category] = (x0, x1, side)
        shapes.append(dict(type="line", x0=x0, y0=0, x1=x1, y1=side * 1.0,
                           line=dict(color="#666", width=2.5)))
        n = int((causes["category"] == cat.category).sum())
        nv = int(((causes["category"] == cat.category) & (causes["status"] == "verified")).sum())
        annotations.append(dict(
            x=x1, y=side * 1.06, xanchor="center", yanchor="bottom" if side > 0 else "top",
            showarrow=False, bgcolor="#eef3f8", bordercolor="#1f4e79", borderwidth=1, borderpad=4,
            text=f"<b>{_esc(cat.label)}</b> ({n}{f', {nv} verified' if nv else ''})",
            font=dict(size=13)))

    branch_x, branch_y = [], []
    pts = []
    for lab in labels.itertuples():
        x0, x1, side = bone_x[lab.category]
        y = side * (1.0 - (lab.row + 0.5) * gap)
        xb = x0 - slant * abs(y)             # the point on the bone at this height
        indent = 0.012 * (lab.depth - 1)
        xl = xb - 0.012 - indent
        branch_x += [xb, xl, None]
        branch_y += [y, y, None]
        room = max_chars - 2 * (lab.depth - 1)
        suffix = f" (+{lab.hidden})" if lab.kind == "cause" and lab.hidden else ""
        if lab.hidden_verified:  # a verified sub-cause inside a collapsed label stays visible
            suffix = f" (+{lab.hidden}, {lab.hidden_verified} verified)" if lab.kind == "cause" else suffix
        text = _clip(lab.text, max(room - len(suffix), 8)) + suffix
        color, symbol, bold = STATUS_STYLE.get(lab.status, STATUS_STYLE["candidate"])
        if lab.kind == "more":
            color, symbol, bold = COLORS["muted"], "circle-open", False
        shown = _esc(text)
        shown = f"<b>{shown}</b>" if bold else shown
        if lab.depth > 1:
            shown = f"<span style='font-size:10px'>{shown}</span>"
        hover = (f"<b>{_esc(lab.id)}</b> [{lab.status}]<br>{_esc(lab.text)}"
                 + (f"<br>owner: {_esc(lab.owner)}" if lab.owner else "")
                 if lab.kind == "cause" else f"<b>{_esc(lab.text)}</b>")
        if lab.hover:
            hover += "<br><i>collapsed:</i><br>" + lab.hover
        pts.append({"x": xl, "y": y, "text": shown, "hover": hover, "status": lab.status,
                    "kind": lab.kind, "color": color, "symbol": symbol, "category": lab.category,
                    "id": lab.id})
    fig.add_trace(go.Scatter(x=branch_x, y=branch_y, mode="lines", hoverinfo="skip",
                             line=dict(color="#9aa7b4", width=1), showlegend=False, name="branches"))
    pts = pd.DataFrame(pts, columns=["x", "y", "text", "hover", "status", "kind", "color", "symbol",
                                     "category", "id"])
    for status in ("verified", "prioritized", "candidate", "rejected"):
        sel = pts[(pts["status"] == status) & (pts["kind"] == "cause")]
        if status == "candidate":
            sel = pd.concat([sel, pts[pts["kind"] == "more"]])
        if not len(sel):
            continue
        n_status = int((causes["status"] == status).sum())
        fig.add_trace(go.Scatter(
            x=sel["x"], y=sel["y"], mode="markers+text", name=f"{status} ({n_status})",
            text=sel["text"], textposition="middle left",
            textfont=dict(size=11, color=sel["color"].tolist()),
            marker=dict(color=sel["color"].tolist(), symbol=sel["symbol"].tolist(),
                        size=[11 if status == "verified" else 7] * len(sel)),
            customdata=sel[["category", "id"]].to_numpy(),
            hovertext=sel["hover"], hoverinfo="text",
        ))
    fig.update_layout(shapes=shapes, annotations=annotations, autosize=True,
                      margin=MARGIN, hovermode="closest",
                      xaxis=dict(range=[x_lo, x_hi], visible=False, fixedrange=True),
                      yaxis=dict(range=[-1.25, 1.25], visible=False, fixedrange=True))
    n = len(causes)
    title = f"Fishbone: {result.effect} ({n} causes)"
    return themed(fig, title=_esc(title), height=max(height, 420))


def _wrap(text: str, width: int) -> list[str]:
    words, lines, cur = str(text).split(), [], ""
    for w in words:
        if cur and len(cur) + 1 + len(w) > width:
            lines.append(_esc(cur))
            cur = w
        else:
            cur = f"{cur} {w}".strip()
    return [*lines, _esc(cur)] if cur else lines


def fishbone_sunburst(result, maxdepth: int = 3):
    """The fishbone as a sunburst (effect -> categories -> causes -> sub-causes).

    Every cause is there; ``maxdepth`` rings show at once and clicking a slice zooms into it,
    which keeps diagrams of hundreds of causes readable.
    """
    causes, cats = result.causes, result.categories
    ids = ["effect"] + [f"cat:{c}" for c in cats["category"]] + causes["id"].tolist()
    parents = [""] + ["effect"] * len(cats) + [
        p if isinstance(p, str) else f"cat:{c}" for p, c in zip(causes["parent"], causes["category"], strict=True)
    ]
    labels = [_esc(_clip(result.effect, 30))] + [_esc(x) for x in cats["label"]] + [
        _esc(_clip(t, 28)) for t in causes["text"]
    ]
    colors = ["#fff8e1"] + [CATEGORY_FILLS[i % len(CATEGORY_FILLS)] for i in range(len(cats))] + [
        STATUS_STYLE.get(s, STATUS_STYLE["candidate"])[0] for s in causes["status"]
    ]
    hover = [_esc(result.effect)] + [
        f"{_esc(r.label)}: {r.n_causes} causes, {r.verified} verified" for r in cats.itertuples()
    ] + [f"<b>{_esc(r.id)}</b> [{r.status}]<br>{_esc(r.text)}" for r in causes.itertuples()]
    fig = go.Figure(go.Sunburst(ids=ids, parents=parents, labels=labels, maxdepth=maxdepth,
                                marker=dict(colors=colors, line=dict(color="white", width=1)),
                                hovertext=hover, hoverinfo="text", insidetextorientation="radial"))
    fig.update_layout(margin=dict(l=10, r=10, t=60, b=10))
    return themed(fig, title=_esc(f"Fishbone tree: {result.effect} ({len(causes)} causes; click to zoom)"),
                  height=800)


# -- the standalone fishbone page ------------------------------------------------------------

PAGE_CSS = """
body { font-family: Inter, "Segoe UI", Helvetica, Arial, sans-serif; color: #222; margin: 0; }
main { max-width: 1500px; margin: 0 auto; padding: 16px 24px 40px; }
.fishbone-grid { display: grid; grid-template-columns: minmax(0, 1fr); gap: 16px; }
@media (min-width: 1900px) { .fishbone-grid { grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); } }
.summary p { margin: 4px 0; line-height: 1.4; }
.causes input { width: 100%; max-width: 420px; padding: 6px 8px; font-size: 14px; margin: 6px 0; }
.causes table { border-collapse: collapse; width: 100%; font-size: 13px; }
.causes th, .causes td { border-bottom: 1px solid #e3e3e3; padding: 4px 6px; text-align: left;
  vertical-align: top; overflow-wrap: anywhere; }
.causes th { background: #eef3f8; position: sticky; top: 0; }
.causes td.path { color: #666; font-size: 11px; }
.status-verified { color: #2e7d32; font-weight: 700; }
.status-prioritized { color: #ef6c00; }
.status-rejected { color: #9e9e9e; text-decoration: line-through; }
@media print {
  main { max-width: none; padding: 0; }
  .fishbone-grid { display: block; }
  .figure { break-after: page; }
  .causes input, .causes .shown { display: none; }
  .causes table { font-size: 9pt; }
  .causes th { position: static; }
  .causes tr { break-inside: avoid; }
  .causes thead { display: table-header-group; }
  .causes tr[hidden] { display: table-row; }
}
"""

FILTER_JS = """
(function () {
  var box = document.getElementById('cause-filter');
  var rows = Array.prototype.slice.call(document.querySelectorAll('#cause-table tbody tr'));
  var shown = document.getElementById('cause-count');
  box.addEventListener('input', function () {
    var words = box.value.toLowerCase().split(/\\s+/).filter(Boolean), n = 0;
    rows.forEach(function (tr) {
      var text = tr.getAttribute('data-search');
      var hit = words.every(function (w) { return text.indexOf(w) >= 0; });
      tr.hidden = !hit; n += hit ? 1 : 0;
    });
    shown.textContent = n;
  });
})();
"""


def fishbone_table_html(result) -> str:
    """Every cause as a table row (category, cause with its full text, path, status, evidence,
    owner), sub-causes indented; each row carries its lower-cased text for the filter."""
    c = result.causes
    labels = dict(zip(result.categories["category"], result.categories["label"], strict=True))
    texts = dict(zip(c["id"], c["text"], strict=True))
    rows = []
    for r in c.itertuples(index=False):
        path = " › ".join(texts.get(i, i) for i in r.path.split("/")[:-1])
        cells = [labels.get(r.category, r.category), r.text, path, r.status,
                 r.evidence if isinstance(r.evidence, str) else "", r.owner or ""]
        search = " ".join(str(v) for v in (*cells, r.id, r.path)).lower()
        pad = f' style="padding-left:{6 + 14 * (r.depth - 1)}px"' if r.depth > 1 else ""
        rows.append(
            f'<tr data-search="{html.escape(search, quote=True)}"><td>{_esc(cells[0])}</td>'
            f'<td{pad}><b>{_esc(r.id)}</b> {_esc(r.text)}</td><td class="path">{_esc(path)}</td>'
            f'<td class="status-{_esc(r.status)}">{_esc(r.status)}</td><td>{_esc(cells[4])}</td>'
            f"<td>{_esc(cells[5])}</td></tr>")
    head = "".join(f"<th>{h}</th>" for h in ("Category", "Cause", "Path", "Status", "Evidence", "Owner"))
    return (f'<table id="cause-table"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>')


def fishbone_page(result, fig) -> str:
    """The standalone fishbone HTML: the (responsive) diagram, its summary in words, and the
    full cause table with a filter box; works offline (plotly.js inline, no external resource)
    and prints cleanly (diagram on its own page, table rows kept whole, header repeated)."""
    div = fig.to_html(full_html=False, include_plotlyjs=True, include_mathjax=False,
                      config={"responsive": True, "displaylogo": False})
    summary = "".join(f"<p>{_esc(line)}</p>" for line in result.summary().splitlines())
    n = len(result.causes)
    title = _esc(f"Fishbone: {result.effect}")
    return (
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title><style>{PAGE_CSS}</style></head><body><main>"
        f"<h1>{title}</h1><div class=\"fishbone-grid\"><div class=\"figure\">{div}</div>"
        f'<div><section class="summary"><h2>Summary</h2>{summary}</section>'
        f'<section class="causes"><h2>All {n} causes</h2>'
        '<input type="search" id="cause-filter" placeholder="Filter: words in the cause, category, '
        'status, owner, evidence or id" aria-label="Filter the causes">'
        f'<p class="shown">Showing <span id="cause-count">{n}</span> of {n} causes.</p>'
        f"{fishbone_table_html(result)}</section></div></div></main>"
        f"<script>{FILTER_JS}</script></body></html>\n"
    )


# -- IPO -------------------------------------------------------------------------------------

def _lines(text: str, width: int, most: int = 2) -> list[str]:
    """``text`` wrapped to ``width`` characters, at most ``most`` lines (the last one clipped)."""
    lines = _wrap(text, width) if len(str(text)) > width else [_esc(text)]
    lines = [_esc(_clip(html.unescape(line), width)) for line in lines]  # a word longer than a line
    if len(lines) > most:
        rest = html.unescape(" ".join(lines[most - 1:]))
        lines = [*lines[: most - 1], _esc(_clip(rest, width))]
    return lines


def ipo_figure(result, width: int = WIDTH):
    """The process as a flow of step boxes; inputs (C / N / SOP) above, outputs below.

    Responsive (no fixed width): step names and X / Y names are wrapped to the column a step
    gets at ``width`` px, two lines at most (the full names are in the hover)."""
    steps = result.steps
    n = max(len(steps), 1)
    col_px = width / n
    box_chars = max(int(0.84 * col_px / 7.6), 8)       # 12 px bold step names
    item_chars = max(int((col_px - 22) / 5.6), 10)       # 10 px input / output names
    fig = go.Figure()
    shapes, annotations = [], []
    status_mark = {"verified": "★", "prioritized": "◆", "candidate": "", "rejected": "✕"}
    n_in = n_out = 1
    for i, s in enumerate(steps.itertuples()):
        x0, x1 = i + 0.08, i + 0.92
        shapes.append(dict(type="rect", x0=x0, x1=x1, y0=-0.35, y1=0.35, line=dict(color="#1f4e79", width=2),
                           fillcolor="#eef3f8"))
        annotations.append(dict(x=i + 0.5, y=0, showarrow=False, font=dict(size=12),
                                text=f"<b>{s.order}. " + "<br>".join(_lines(s.name, box_chars, 3)) + "</b>"))
        if i < n - 1:
            annotations.append(dict(x=i + 1.08, y=0, ax=i + 0.92, ay=0, xref="x", yref="y", axref="x",
                                    ayref="y", showarrow=True, arrowhead=3, arrowwidth=2, text=""))
        ins = result.inputs[result.inputs["step"] == s.step]
        lines = []
        for r in ins.itertuples():
            tag, color = KIND_STYLE[r.kind]
            mark = status_mark.get(r.cause_status, "") if isinstance(r.cause_status, str) else ""
            name = _lines(r.name, item_chars - len(tag) - 2)
            lines.append(f"<span style='color:{color}'><b>{tag}</b></span> " + "<br>&nbsp;&nbsp;".join(name)
                         + (f" {mark}" if mark else ""))
        n_in = max(n_in, sum(line.count("<br>") + 1 for line in lines))
        annotations.append(dict(x=i + 0.5, y=0.42, yanchor="bottom", showarrow=False, align="left",
                                font=dict(size=10), text="<br>".join(lines) or "(no inputs)"))
        outs = result.outputs[result.outputs["step"] == s.step]
        out_lines = ["→ " + "<br>&nbsp;&nbsp;".join(_lines(r.name, item_chars - 2))
                     + (f"<br>&nbsp;&nbsp;<i>[{_esc(r.metric)}]</i>" if isinstance(r.metric, str) else "")
                     for r in outs.itertuples()]
        n_out = max(n_out, sum(line.count("<br>") + 1 for line in out_lines))
        annotations.append(dict(x=i + 0.5, y=-0.42, yanchor="top", showarrow=False, align="left",
                                font=dict(size=10), text="<br>".join(out_lines) or "(no outputs)"))
    # hover points carry the full input and output lists per step
    hover = []
    for s in steps.itertuples():
        ins = result.inputs[result.inputs["step"] == s.step]
        hover.append(f"<b>{_esc(s.name)}</b><br>" + "<br>".join(
            f"{KIND_STYLE[r.kind][0]}: {_esc(r.name)}" + (f" ({_esc(r.cause)}, {r.cause_status})" if isinstance(r.cause, str) else "")
            for r in ins.itertuples()))
    fig.add_trace(go.Scatter(x=[i + 0.5 for i in range(len(steps))], y=[0] * len(steps), mode="markers",
                             marker=dict(size=1, color="rgba(0,0,0,0)"), hovertext=hover, hoverinfo="text",
                             showlegend=False, name="steps"))
    # 13 px per text line; the box (0.7 data units) gets 110 px
    unit_px = 110 / 0.7
    y_hi = 0.45 + 13 * n_in / unit_px
    y_lo = -0.45 - 13 * n_out / unit_px
    fig.update_layout(shapes=shapes, annotations=annotations, autosize=True,
                      xaxis=dict(range=[0, n], visible=False, fixedrange=True),
                      yaxis=dict(range=[y_lo, y_hi], visible=False, fixedrange=True),
                      margin=dict(l=10, r=10, t=70, b=10))
    title = (f"IPO: {_esc(result.process)}<br><sup>inputs C = controllable, N = noise, SOP = standard procedure; "
             "★ verified, ◆ prioritized cause</sup>")
    return themed(fig, title=title, height=int(80 + (y_hi - y_lo) * unit_px))


# -- ranked tables + Pareto bars -------------------------------------------------------------

def _pareto_traces(fig, table, category, count, row, name, extra=None):
    at = {} if row is None else {"row": row, "col": 1}
    vital = table["vital"].to_numpy(dtype=bool)
    colors = [COLORS["concern"] if v else COLORS["muted"] for v in vital]
    fig.add_trace(go.Bar(x=table[category].astype(str), y=table[count], marker_color=colors, name=name,
                         hovertemplate="%{x}: %{y}<extra></extra>"), secondary_y=False, **at)
    if extra is not None:
        fig.add_trace(extra, secondary_y=False, **at)
    fig.add_trace(go.Scatter(x=table[category].astype(str), y=table["cumulative_percent"], mode="lines+markers",
                             name="cumulative %", line=dict(color=COLORS["point"]),
                             hovertemplate="%{x}: %{y:.1f}%<extra></extra>"), secondary_y=True, **at)
    fig.update_yaxes(range=[0, 105], tickmode="linear", tick0=0, dtick=20, ticksuffix="%", showgrid=False,
                     secondary_y=True, **at)


def _table_trace(df: pd.DataFrame, widths=None):
    cells = [[_esc(_fmt(v)) for v in df[c]] for c in df.columns]
    fill = [["#fff3e0" if v else "white" for v in df["vital"]]] if "vital" in df else "white"
    return go.Table(header=dict(values=[f"<b>{_esc(c)}</b>" for c in df.columns], fill_color="#eef3f8",
                                align="left"),
                    cells=dict(values=cells, align="left", fill_color=fill, height=22),
                    columnwidth=widths)


def _fmt(v):
    if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA:
        return ""
    if isinstance(v, float):
        return f"{v:.1f}"
    return str(v)


def ce_figure(result):
    """C&E matrix: the ranked table (vital few shaded) above a Pareto of weighted totals."""
    t = result.table
    outs = result.outputs["output"].tolist()
    shown = t[["rank", "input", "name", *outs, "total", "cumulative_percent", "vital"]].copy()
    shown["name"] = [_clip(x, 40) for x in shown["name"]]
    fig = make_subplots(rows=2, cols=1, row_heights=[0.55, 0.45], vertical_spacing=0.06,
                        specs=[[{"type": "table"}], [{"secondary_y": True}]])
    fig.add_trace(_table_trace(shown), row=1, col=1)
    _pareto_traces(fig, t, "input", "total", 2, "weighted total")
    weights = ", ".join(f"{o} x{w}" for o, w in zip(result.outputs["output"], result.outputs["weight"], strict=True))
    fig.update_layout(width=1200, margin=dict(l=50, r=50, t=70, b=120))
    return themed(fig, title=_esc(f"C&E matrix (weights: {weights}); vital few shaded"),
                  height=int(520 + 22 * len(t)))


def fmea_figure(result):
    """FMEA: the table ranked by RPN above bars of RPN before and after the actions."""
    t = result.table
    shown = t[["rank", "id", "step", "failure_mode", "severity", "occurrence", "detection", "rpn",
               "revised_rpn", "vital"]].copy()
    shown["failure_mode"] = [_clip(x, 48) for x in shown["failure_mode"]]
    fig = make_subplots(rows=2, cols=1, row_heights=[0.55, 0.45], vertical_spacing=0.06,
                        specs=[[{"type": "table"}], [{"secondary_y": True}]])
    fig.add_trace(_table_trace(shown, widths=[4, 4, 6, 30, 5, 5, 5, 5, 6, 4]), row=1, col=1)
    revised = go.Bar(x=t["id"], y=t["revised_rpn"].astype("Float64").to_numpy(dtype=float, na_value=float("nan")),
                     name="RPN after action", marker_color=COLORS["improve"], opacity=0.8)
    _pareto_traces(fig, t, "id", "rpn", 2, "RPN", extra=revised)
    fig.update_layout(barmode="group", width=1200, margin=dict(l=50, r=50, t=70, b=60))
    return themed(fig, title=_esc(f"FMEA: {result.process} (RPN = S x O x D; vital few shaded)"),
                  height=int(520 + 22 * len(t)))


def pareto_figure(result):
    """Pareto chart: bars largest first (vital few highlighted), cumulative % line, 80% line."""
    t = result.table
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    _pareto_traces(fig, t, result.category, result.count, None, result.count)
    fig.add_hline(y=result.vital_threshold * 100, line=dict(color=COLORS["muted"], dash="dash"),
                  secondary_y=True, annotation_text=f"{result.vital_threshold * 100:g}%",
                  annotation_position="top left")
    fig.update_xaxes(title_text=_esc(result.category))
    fig.update_yaxes(title_text=_esc(result.count), secondary_y=False)
    title = result.title or f"Pareto of {result.count} by {result.category}"
    n_vital = int(t["vital"].sum())
    return themed(fig, title=_esc(f"{title} — vital few: {n_vital} of {len(t)}"), height=480)


def verification_figure(result):
    """The comparison a verification ran: rate / proportion / mean per group or window."""
    t = result.table
    if t is None or not len(t):
        return None
    colors = [COLORS["concern"] if h else COLORS["muted"] for h in t.get("highlight", [False] * len(t))]
    err = None
    if "ci_low" in t and t["ci_low"].notna().any():
        err = dict(type="data", symmetric=False, array=(t["ci_high"] - t["value"]).to_numpy(),
                   arrayminus=(t["value"] - t["ci_low"]).to_numpy(), color="#555")
    fig = go.Figure(go.Bar(x=t["group"].astype(str), y=t["value"], marker_color=colors, error_y=err,
                           hovertemplate="%{x}: %{y:.5g}<extra></extra>"))
    fig.update_yaxes(title_text=_esc(result.value_label))
    title = f"{result.cause_id}: {result.evidence.test} — {result.evidence.outcome}"
    return themed(fig, title=_esc(title), height=420)
