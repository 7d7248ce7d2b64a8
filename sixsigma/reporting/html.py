"""Shared HTML assembly for reports: one self-contained, offline page with Plotly embedded once.

>>> from sixsigma.reporting.html import page, figure_html, Section
>>> html = page("Monthly report", [Section("Manual CPO", figure_html(fig) + paragraph(text))])

- ``page(title, sections, ...)`` wraps sections in the document: the CSS inline and Plotly's
  JavaScript (``plotly.offline.get_plotlyjs()``) in one ``<script>`` in the head, so the file
  opens offline and makes no request.
- ``figure_html(fig)`` is one figure's ``<div>`` and its ``Plotly.newPlot`` call (no library).
- Every string is escaped by Jinja2's autoescape; only values wrapped in ``Markup`` (the
  figures, and HTML this module builds from escaped parts) pass through as HTML.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from sixsigma.paths import atomic_write_text
from sixsigma.plots.theme import COLORS

TEMPLATE_DIR = Path(__file__).parent / "templates"

CSS = f":root {{ --accent: {COLORS['point']}; --good: {COLORS['center']}; --bad: {COLORS['limit']}; }}" + """
:root { --ink: #1f2933; --muted: #616e7c; --line: #d9e2ec; --bg: #f7f9fb; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
       color: var(--ink); background: var(--bg); }
header.report { background: #fff; border-bottom: 1px solid var(--line); padding: 24px 32px 16px; }
header.report h1 { margin: 0 0 4px; font-size: 26px; }
header.report .subtitle { color: var(--muted); }
nav.toc { padding: 8px 32px; background: #fff; border-bottom: 1px solid var(--line); font-size: 14px; }
nav.toc a { color: var(--accent); margin-right: 14px; text-decoration: none; }
main { max-width: 1180px; margin: 0 auto; padding: 16px 32px 48px; }
section.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 18px 22px;
               margin: 18px 0; }
section.card h2 { margin: 0 0 10px; font-size: 20px; }
section.card h3 { margin: 16px 0 6px; font-size: 16px; }
p.summary { white-space: pre-line; background: #f0f4f8; border-left: 4px solid var(--accent);
            padding: 8px 12px; margin: 10px 0; }
p.note { color: var(--muted); font-size: 13px; }
table.data { border-collapse: collapse; width: 100%; font-size: 13.5px; margin: 8px 0; }
table.data th, table.data td { border-bottom: 1px solid var(--line); padding: 5px 8px; text-align: left;
                               vertical-align: top; }
table.data th { background: #f0f4f8; font-weight: 600; }
table.data td.num { text-align: right; font-variant-numeric: tabular-nums; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 8px 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 10px; }
.grid .col { background: #f7f9fb; border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; }
.grid .col h4 { margin: 0 0 4px; font-size: 13px; text-transform: uppercase; color: var(--muted); }
.grid .col ul { margin: 0; padding-left: 18px; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12.5px; font-weight: 600;
         background: #e4e7eb; }
.badge.good { background: #e3f9e5; color: #0e5814; }
.badge.bad { background: #ffe3e3; color: #8a041a; }
.missing { color: var(--muted); font-style: italic; }
footer.report { color: var(--muted); font-size: 12.5px; text-align: center; padding: 24px; }
"""


@dataclass(frozen=True)
class Section:
    """One card of a report: a heading, an anchor id, and its HTML body (``Markup``)."""

    title: str
    body: Markup
    anchor: str = ""
    notes: Sequence[str] = field(default_factory=tuple)


@functools.cache
def plotly_js() -> str:
    """Plotly's JavaScript bundle (embedded once per page so the file works offline)."""
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


#: plotly.js's "basic" dist bundle (trace types bar, pie, scatter; MIT, Plotly Inc.; npm
#: plotly.js-basic-dist-min, licence in vendor/plotly-basic.LICENSE): 1.2 MB instead of 4.8 MB.
BASIC_BUNDLE = Path(__file__).parent / "vendor" / "plotly-basic.min.js"
BASIC_TRACES = frozenset({"bar", "pie", "scatter"})


@functools.cache
def _basic_bundle() -> tuple[str, str] | None:
    """(version, text) of the vendored basic bundle, None when it is missing."""
    import re

    if not BASIC_BUNDLE.is_file():
        return None
    text = BASIC_BUNDLE.read_text(encoding="utf-8")
    m = re.search(r"plotly\.js \(basic - minified\) v(\S+)", text[:400])
    return (m.group(1), text) if m else None


def plotly_js_for(trace_types) -> str:
    """The smallest bundle that draws ``trace_types``: the basic bundle when every type is in
    it and it is the plotly.js version this plotly.py writes figures for; else the full one."""
    from plotly.offline import get_plotlyjs_version

    basic = _basic_bundle()
    if basic is not None and set(trace_types) <= BASIC_TRACES and basic[0] == get_plotlyjs_version():
        return basic[1]
    return plotly_js()


@functools.cache
def environment() -> Environment:
    """The Jinja2 environment of the report templates (autoescape on for every template)."""
    from sixsigma import i18n

    env = Environment(loader=FileSystemLoader(str(TEMPLATE_DIR)),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True, extensions=["jinja2.ext.i18n"])
    env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # follow the active language
    env.filters["num"] = fmt_number
    env.filters["pct"] = fmt_pct
    return env


def figure_html(fig, height: int | None = None) -> Markup:
    """A figure's div + its newPlot script, without the library (``page`` embeds it once)."""
    if fig is None:
        return Markup("")
    if height is not None:
        fig.update_layout(height=height)
    return Markup(fig.to_html(full_html=False, include_plotlyjs=False, include_mathjax=False,
                              config={"displaylogo": False, "responsive": True}))


def paragraph(text: str | None, cls: str = "summary") -> Markup:
    """Escaped text in a ``<p>`` (line breaks kept by the CSS)."""
    if not text:
        return Markup("")
    return Markup('<p class="{}">{}</p>').format(cls, text)


def fmt_number(v, digits: int = 4) -> str:
    """4 significant digits, thousands separators, '' for missing."""
    if v is None:
        return ""
    if isinstance(v, (dt.date, pd.Timestamp)):
        return v.date().isoformat() if isinstance(v, pd.Timestamp) else v.isoformat()
    try:
        f = float(v)
    except (TypeError, ValueError):
        return str(v)
    if f != f:
        return ""
    if f.is_integer() and abs(f) < 1e15:
        return f"{int(f):,}"
    return f"{f:,.{digits}g}" if abs(f) < 1e6 else f"{f:,.0f}"


def fmt_pct(v, digits: int = 1) -> str:
    return "" if v is None or v != v else f"{float(v):+.{digits}f}%"


def table_html(df: pd.DataFrame, columns: dict[str, str] | None = None, max_rows: int = 200) -> Markup:
    """A DataFrame as an escaped HTML table (numbers right-aligned); ``columns`` renames/selects."""
    if columns:
        df = df[[c for c in columns if c in df.columns]].rename(columns=columns)
    head = Markup("").join(Markup("<th>{}</th>").format(c) for c in df.columns)
    rows = []
    for rec in df.head(max_rows).itertuples(index=False):
        cells = []
        for v in rec:
            numeric = isinstance(v, (int, float)) and not isinstance(v, bool)
            text = fmt_number(v) if numeric or isinstance(v, (dt.date, pd.Timestamp)) or v is None else str(v)
            cells.append(Markup('<td class="num">{}</td>' if numeric else "<td>{}</td>").format(text))
        rows.append(Markup("<tr>") + Markup("").join(cells) + Markup("</tr>"))
    more = Markup('<p class="note">{} more rows not shown</p>').format(len(df) - max_rows) if len(df) > max_rows else ""
    return (Markup('<table class="data"><thead><tr>') + head + Markup("</tr></thead><tbody>")
            + Markup("").join(rows) + Markup("</tbody></table>") + more)


def render(template: str, **context) -> Markup:
    """Render a template of ``reporting/templates`` to a Markup fragment (autoescaped)."""
    return Markup(environment().get_template(template).render(**context))


_PAGE = """<!DOCTYPE html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="sixsigma">
<title>{{ title }}</title>
<style>{{ css }}</style>
<script type="text/javascript">{{ plotly_js }}</script>
</head>
<body>
<header class="report"><h1>{{ title }}</h1>{% if subtitle %}<div class="subtitle">{{ subtitle }}</div>{% endif %}</header>
{% if toc %}<nav class="toc">{% for s in sections %}{% if s.anchor %}<a href="#{{ s.anchor }}">{{ s.title }}</a>{% endif %}{% endfor %}</nav>{% endif %}
<main>
{% for s in sections %}
<section class="card"{% if s.anchor %} id="{{ s.anchor }}"{% endif %}>
<h2>{{ s.title }}</h2>
{{ s.body }}
{% for n in s.notes %}<p class="note">{{ n }}</p>{% endfor %}
</section>
{% endfor %}
</main>
<footer class="report">{{ footer }}</footer>
</body>
</html>
"""


def page(title: str, sections: Iterable[Section], subtitle: str | None = None, footer: str | None = None,
         toc: bool = True) -> str:
    """The whole document: CSS and Plotly's JavaScript inline (once), sections as cards."""
    tpl = environment().from_string(_PAGE)
    from sixsigma.i18n import _, active

    footer = footer or _("Generated by sixsigma on {date}. Works offline: no external resources.").format(
        date=dt.date.today().isoformat())
    return tpl.render(title=title, subtitle=subtitle, sections=list(sections), footer=footer, toc=toc, lang=active(),
                      css=Markup(CSS), plotly_js=Markup(plotly_js().replace("</script", "<\\/script")))


def write_page(path: str | Path, html: str) -> Path:
    """Write a report atomically (never a half-written file)."""
    return atomic_write_text(path, html)


__all__ = [
    "CSS", "Section", "environment", "escape", "figure_html", "fmt_number", "fmt_pct", "page",
    "paragraph", "plotly_js", "plotly_js_for", "render", "table_html", "write_page",
]
