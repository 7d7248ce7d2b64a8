"""The monthly report: build every section from the warehouse, render one offline HTML file.

>>> from sixsigma.reporting.monthly import build_monthly_report, write_monthly_report
>>> with Warehouse(path, read_only=True) as wh:
...     report = build_monthly_report(wh, "2025-10")
>>> print(report.summary())          # the month's signals in plain language
>>> report.scorecard                 # one row per KPI x slice (business line)
>>> write_monthly_report("2025-10", out="reports/2025-10.html", warehouse=path)

The page is a single self-contained file: Plotly's JavaScript is embedded once in the head,
every figure is drawn from its JSON, a Content-Security-Policy forbids any network request,
and every user-supplied string (config titles, labels, project names, dimension values) goes
through Jinja2's autoescaping.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from sixsigma.catalog import active
from sixsigma.paths import atomic_write_text
from sixsigma.reporting import sections as S
from sixsigma.reporting.config import MonthlyConfig, load_config
from sixsigma.reporting.html import plotly_js
from sixsigma.reporting.icons import ASSURANCE, VARIATION
from sixsigma.results import ResultMixin, jsonable
from sixsigma.warehouse import Warehouse

TEMPLATES = Path(__file__).with_name("templates")
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class MonthlyReport(ResultMixin):
    """Every section of one month's report (see :mod:`sixsigma.reporting.sections`)."""

    config: MonthlyConfig
    period: S.ReportPeriod
    header: dict
    slices: list[S.KpiSlice]
    paretos: list[S.ParetoComparison]
    portfolio: S.PortfolioSection
    quality: pd.DataFrame
    methods: pd.DataFrame
    seconds: float = 0.0

    @property
    def scorecard(self) -> pd.DataFrame:
        return S.scorecard(self.slices)

    def signals(self) -> pd.DataFrame:
        """The rows a reader should look at: special cause at the latest month, or a target
        that the process will consistently miss."""
        rows = []
        for s in self.slices:
            ic = s.icons
            if ic is None:
                continue
            if ic.variation != "common_cause" or ic.assurance == "fail":
                rows.append({"kpi": s.label, "slice": s.slice, "value": s.value,
                             "variation": ic.variation, "assurance": ic.assurance,
                             "pattern": ic.pattern, "text": ic.summary()})
        return pd.DataFrame(rows, columns=["kpi", "slice", "value", "variation", "assurance",
                                           "pattern", "text"])

    def summary(self) -> str:
        h = self.header
        vols = ", ".join(f"{v['volume']:,} {v['label'].lower()}" for v in h["this"]["sources"].values())
        lines = [f"{self.config.title} — {self.period.label}: {vols}; {len(self.slices)} KPI rows."]
        sig = [s for s in self.slices if s.icons is not None and s.icons.variation != "common_cause"]
        if sig:
            lines.append(f"Special-cause variation in {self.period.label} ({len(sig)}):")
            lines += [f"- {s.label}, {s.line_label}: {s.icons.variation_text.lower()} — {s.icons.pattern}"
                      for s in sig]
        else:
            lines.append(f"No KPI shows special-cause variation in {self.period.label}: "
                         "every latest point is common-cause variation.")
        fail = [s for s in self.slices if s.icons is not None and s.icons.assurance == "fail"]
        if fail:
            lines.append("Targets the process will consistently miss until it changes: "
                         + "; ".join(f"{s.label} ({s.line_label})" for s in fail) + ".")
        passing = sum(1 for s in self.slices if s.icons is not None and s.icons.assurance == "pass")
        lines.append(f"{passing} of {sum(1 for s in self.slices if s.target is not None)} targets "
                     "are consistently met.")
        if len(self.portfolio.closed):
            lines.append(self.portfolio.summary())
        problems = self.quality[self.quality["found"] > 0]
        lines.append("Data quality: " + ("no problems found." if problems.empty else
                     "; ".join(f"{r.check}: {r.found}" for r in problems.itertuples(index=False)) + "."))
        return "\n".join(lines)

    def to_dict(self) -> dict:
        return jsonable({
            "month": self.period.month, "title": self.config.title, "header": self.header,
            "scorecard": self.scorecard, "signals": self.signals(),
            "kpis": [s.to_dict() for s in self.slices], "paretos": [p.to_dict() for p in self.paretos],
            "portfolio": self.portfolio.to_dict(), "data_quality": self.quality, "methods": self.methods,
            "summary": self.summary(),
        })

    def html(self, progress: Progress | None = None) -> str:
        return render_html(self, progress)


def build_monthly_report(wh: Warehouse, month: str, config: MonthlyConfig | str | Path | None = None,
                         progress: Progress | None = None, projects: dict | None = None) -> MonthlyReport:
    """Compute every section of the report on ``month`` ("YYYY-MM").

    ``progress(step, done, total)`` is called as the sections complete. ``projects`` (id ->
    DMAIC Project) defaults to the workspace's project folders.
    """
    t0 = time.perf_counter()
    cfg = config if isinstance(config, MonthlyConfig) else load_config(config)
    period = S.report_period(month, cfg.history_months, cfg.daily_days)
    total = len(cfg.kpis) + 4
    step = _stepper(progress, total)
    head = S.header(wh, period)
    step("header and freshness")
    note = ""
    if projects is None:
        projects, note = S.load_projects()
    changes = S.process_changes(wh, cfg, projects)
    done0 = 1
    slices = S.kpi_slices(wh, cfg, period, changes,
                          progress=lambda i, n: step(f"KPI {cfg.kpis[i - 1].metric}", done0 + i))
    paretos = S.reason_paretos(wh, cfg, period)
    step("paretos")
    folio = S.portfolio(period, projects, note)
    step("DMAIC portfolio")
    quality = S.data_quality(wh, period)
    methods = S.methods(cfg, slices)
    step("data quality")
    return MonthlyReport(config=cfg, period=period, header=head, slices=slices, paretos=paretos,
                         portfolio=folio, quality=quality, methods=methods,
                         seconds=time.perf_counter() - t0)


def _stepper(progress: Progress | None, total: int):
    state = {"done": 0}

    def step(what: str, done: int | None = None):
        state["done"] = done if done is not None else state["done"] + 1
        if progress:
            progress(what, state["done"], total)

    return step


def write_monthly_report(month: str, out: str | Path | None = None, config: str | Path | None = None,
                         warehouse: str | Path | None = None, progress: Progress | None = None,
                         projects: dict | None = None) -> tuple[Path, MonthlyReport]:
    """Build the report on ``month`` and write it (atomically) to ``out``
    (default ``reports/<month>.html``); returns the path and the report."""
    with Warehouse(warehouse, read_only=True) as wh:
        report = build_monthly_report(wh, month, config, progress=progress, projects=projects)
    text = render_html(report, progress)
    path = Path(out) if out is not None else Path("reports") / f"{report.period.month}.html"
    atomic_write_text(path, text)
    return path, report


# -- rendering ---------------------------------------------------------------------------------

PLOT_CONFIG = {"responsive": True, "displaylogo": False,
               "modeBarButtonsToRemove": ["lasso2d", "select2d", "autoScale2d", "toggleSpikelines"],
               "toImageButtonOptions": {"format": "png", "scale": 2}}


class _Figures:
    """Turns Plotly figures into a div and an inline script (JSON escaped for <script>)."""

    def __init__(self):
        self.n = 0

    def __call__(self, fig, css_class: str = "plot") -> Markup:
        if fig is None:
            return Markup('<p class="muted">No chart.</p>')
        self.n += 1
        div = f"fig-{self.n}"
        payload = fig.to_json(validate=False)
        payload = payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        height = fig.layout.height or 400
        return Markup(
            f'<div class="{css_class}" id="{div}" style="height:{int(height)}px"></div>'
            f'<script type="application/json" class="figure-data" data-target="{div}">{payload}</script>'
        )


# Draws every figure once the page is laid out, so each takes its container's real width.
DRAW_SCRIPT = (
    "document.querySelectorAll('script.figure-data').forEach(function(s){"
    "var f=JSON.parse(s.textContent);"
    f"Plotly.newPlot(s.dataset.target,f.data,f.layout,{json.dumps(PLOT_CONFIG)});}});"
)


def render_html(report: MonthlyReport, progress: Progress | None = None) -> str:
    """The report as one self-contained HTML page."""
    from sixsigma.plots import report as P

    env = _env()
    figure = _Figures()
    slices_by_metric: dict[str, list] = {}
    for s in report.slices:
        slices_by_metric.setdefault(s.metric, []).append(s)
    kpis = []
    for kpi in report.config.kpis:
        group = slices_by_metric.get(kpi.metric, [])
        m = active().metric(kpi.metric)
        items = []
        for s in group:
            monthly, daily = P.kpi_slice_figures(s)
            items.append({"s": s, "monthly": figure(monthly), "daily": figure(daily),
                          "icons": _icons(s, P), "stages": _stages_text(s)})
        kpis.append({"kpi": kpi, "metric": m, "anchor": f"kpi-{kpi.metric}", "slices": items,
                     "has_rounds": any(len(s.rounds) for s in group),
                     "chart": S.CHART_LABELS.get(m.chart, m.chart)})
    rows = []
    for s in report.slices:
        ch = s.monthly
        spark = ""
        if ch is not None:
            tail = ch.points.tail(24)
            color = _icon_color(s)
            spark = Markup(P.sparkline_svg(tail["value"], tail["center"], tail["lcl"], tail["ucl"], s.target,
                                           last_color=color,
                                           title=f"{s.label}, {s.line_label}: last {len(tail)} months"))
        rows.append({"s": s, "icons": _icons(s, P), "spark": spark, "anchor": f"kpi-{s.metric}",
                     "value": S.fmt_value(s.unit, s.value), "change": S.fmt_change(s.unit, s.value, s.previous),
                     "target": S.fmt_value(s.unit, s.target) if s.target is not None else "–",
                     "met": _met(s)})
    paretos = [{"p": p, "figure": figure(P.pareto_comparison_figure(p, title=""))} for p in report.paretos]
    folio = report.portfolio
    legend = {
        "variation": [(code, VARIATION[code], Markup(P.variation_icon_svg(code, VARIATION[code], 24)))
                      for code in ("common_cause", "improvement_high", "improvement_low",
                                   "concern_high", "concern_low")],
        "assurance": [(code, ASSURANCE[code], Markup(P.assurance_icon_svg(code, ASSURANCE[code], 24)))
                      for code in ("pass", "fail", "hit_and_miss")],
    }
    html = env.get_template("monthly.html.j2").render(
        r=report, cfg=report.config, period=report.period, h=report.header, rows=rows, kpis=kpis,
        paretos=paretos, folio=folio, folio_figure=figure(P.portfolio_result_figure(folio)),
        quality=report.quality, methods=report.methods, legend=legend, plotly_js=Markup(plotly_js().replace("</script", "<\\/script")), draw_script=Markup(DRAW_SCRIPT),
        signals=report.signals(), fmt_int=_fmt_int, pct_change=_pct_change, line_label=S.line_label,
        slice_name=S.slice_name(), count_label=next(iter(active().sources.values())).label,
        fmt_value=S.fmt_value, last_day=report.period.end - dt.timedelta(days=1),
        quality_last=report.quality.attrs.get("window", (None, report.period.end))[1] - dt.timedelta(days=1), n_targets=sum(1 for s in report.slices if s.target is not None),
        n_pass=sum(1 for s in report.slices if s.icons is not None and s.icons.assurance == "pass"),
        n_special=sum(1 for s in report.slices if s.icons is not None and s.icons.variation != "common_cause"),
        n_quality=int((report.quality["found"] > 0).sum()),
    )
    if progress:
        progress("HTML page", len(report.config.kpis) + 5, len(report.config.kpis) + 5)
    return html


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html", "j2"]),
                      trim_blocks=True, lstrip_blocks=True)
    return env


def _icons(s, P) -> dict:
    if s.icons is None:
        return {"variation": Markup(""), "assurance": Markup("")}
    return {"variation": Markup(P.variation_icon_svg(s.icons.variation, s.icons.variation_text)),
            "assurance": Markup(P.assurance_icon_svg(s.icons.assurance, s.icons.assurance_text))}


def _icon_color(s) -> str | None:
    from sixsigma.plots.report import ICON_COLORS

    if s.icons is None:
        return None
    kind = s.icons.variation.partition("_")[0]
    return ICON_COLORS.get("common" if kind == "common" else kind)


def _met(s) -> str:
    if s.target is None or s.value is None:
        return ""
    ok = s.value <= s.target if s.better == "down" else s.value >= s.target
    return "met" if ok else "missed"


def _stages_text(s) -> str:
    ch = s.monthly
    if ch is None or len(ch.stages) < 2 or not len(s.rounds):
        return ""
    r = s.rounds
    first, last = r["date"].min().date(), r["date"].max().date()
    projects = ", ".join(sorted(set(r["project"].astype(str))))
    parts = []
    prev = None
    for st in ch.stages.itertuples(index=False):
        txt = f"{st.stage} ({_month(st.first)} to {_month(st.last)}): centre {S.fmt_value(s.unit, st.center)}"
        if prev is not None and prev:
            txt += f" ({100 * (st.center - prev) / abs(prev):+.1f}%)"
        parts.append(txt)
        prev = st.center
    return (f"{len(r)} improvement round{'s' if len(r) > 1 else ''} of {projects} from {first} to {last} "
            f"split the monthly chart into stages, each with its own limits: " + "; ".join(parts) + ".")


def _month(v) -> str:
    return pd.Timestamp(v).strftime("%Y-%m")


def _fmt_int(v) -> str:
    return f"{int(v):,}"


def _pct_change(a, b) -> str:
    if not b:
        return "–"
    return f"{100 * (a - b) / b:+.1f}%"


__all__ = ["MonthlyReport", "build_monthly_report", "render_html", "write_monthly_report"]

