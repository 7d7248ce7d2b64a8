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
from sixsigma.i18n import N_, _, language, ngettext
from sixsigma.i18n import active as active_language
from sixsigma.paths import atomic_write_text
from sixsigma.reporting import sections as S
from sixsigma.reporting import words
from sixsigma.reporting.config import MonthlyConfig, load_config
from sixsigma.reporting.html import plotly_js_for
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
        vols = _(", ").join(f"{v['volume']:,} {v['label'].lower()}" for v in h["this"]["sources"].values())
        lines = [_("{title} — {month}: {volumes}; {n} KPI rows.").format(
            title=self.config.heading, month=self.period.label, volumes=vols, n=len(self.slices))]
        sig = [s for s in self.slices if s.icons is not None and s.icons.variation != "common_cause"]
        if sig:
            lines.append(_("Special-cause variation in {month} ({n}):").format(month=self.period.label, n=len(sig)))
            lines += ["- " + _("{kpi}, {line}: {what} — {pattern}").format(
                kpi=s.label, line=s.line_label, what=s.icons.variation_text.lower(), pattern=s.icons.pattern)
                for s in sig]
        else:
            lines.append(_("No KPI shows special-cause variation in {month}: "
                           "every latest point is common-cause variation.").format(month=self.period.label))
        fail = [s for s in self.slices if s.icons is not None and s.icons.assurance == "fail"]
        if fail:
            lines.append(_("Targets the process will consistently miss until it changes: {kpis}.").format(
                kpis=_("; ").join(_("{kpi} ({line})").format(kpi=s.label, line=s.line_label) for s in fail)))
        passing = sum(1 for s in self.slices if s.icons is not None and s.icons.assurance == "pass")
        lines.append(_("{n} of {total} targets are consistently met.").format(
            n=passing, total=sum(1 for s in self.slices if s.target is not None)))
        if len(self.portfolio.closed):
            lines.append(self.portfolio.summary())
        problems = self.quality[self.quality["found"] > 0]
        lines.append(_("Data quality: no problems found.") if problems.empty else _("Data quality: {problems}.")
                     .format(problems=_("; ").join(f"{r.check}: {r.found}" for r in problems.itertuples(index=False))))
        return "\n".join(lines)

    def executive(self) -> dict:
        """The one-page executive summary: headline numbers, what changed (special-cause
        improvements, projects closed), what needs attention (special-cause concerns, targets
        the process will consistently miss, data problems) and the flagship project's state."""
        judged = [s for s in self.slices if s.icons is not None]
        better = [s for s in judged if s.icons.variation.startswith("improvement")]
        worse = [s for s in judged if s.icons.variation.startswith("concern")]
        other = [s for s in judged if s.icons.variation == "neutral"]
        failing = [s for s in judged if s.icons.assurance == "fail"]
        changed = [_("{kpi}, {line}: {what} ({value}).").format(
            kpi=s.label, line=s.line_label, what=s.icons.variation_text, value=S.fmt_value(s.unit, s.value))
            for s in better + other]
        changed += [_("Project closed: {project} ({change}).").format(project=r.title, change=r.change)
                    for r in self.portfolio.closed.itertuples(index=False)]
        attention = [_("{kpi}, {line}: {what} ({value}).").format(
            kpi=s.label, line=s.line_label, what=s.icons.variation_text, value=S.fmt_value(s.unit, s.value))
            for s in worse]
        attention += [_("{kpi}, {line}: the target {target} will be missed month after month until the "
                        "process changes (now {value}).").format(
            kpi=s.label, line=s.line_label, target=S.fmt_value(s.unit, s.target), value=S.fmt_value(s.unit, s.value))
            for s in failing]
        problems = self.quality[self.quality["found"] > 0]
        if len(problems):
            attention.append(ngettext("{n} data-quality check found problems: {checks}.",
                                      "{n} data-quality checks found problems: {checks}.", len(problems)).format(
                n=len(problems), checks=_(", ").join(str(c) for c in problems["check"])))
        head = self.header
        main = head["freshness"]["source"]
        vol = head["this"]["sources"][main]
        return {
            "headline": {
                "volume": vol["volume"], "volume_label": vol["label"],
                "volume_change": _pct_change(vol["volume"], head["previous"]["sources"][main]["volume"]),
                "targets": sum(1 for s in self.slices if s.target is not None),
                "consistently_met": sum(1 for s in judged if s.icons.assurance == "pass"),
                "met_this_month": sum(1 for s in self.slices if _met(s) == "met"),
                "improvements": len(better), "concerns": len(worse), "failing": len(failing),
            },
            "changed": changed, "attention": attention, "flagship": self.flagship(),
        }

    def flagship(self) -> dict | None:
        """The flagship project: the one whose rounds the config charts (its first ``rounds:``
        entry), else the open project with most rounds; its phase, result and KPI slice."""
        df = self.portfolio.projects
        if not len(df):
            return None
        named = [r.project for r in self.config.rounds if r.project in set(df["id"])]
        if named:
            row = df[df["id"] == named[0]].iloc[0]
        else:
            row = df.assign(_open=df["status"] != "closed").sort_values(
                ["_open", "rounds", "id"], ascending=[False, False, True]).iloc[0]
        kpi = next((s for s in self.slices if s.metric == row["metric"] and s.slice == row["slice"]), None)
        change = row.get("change_pct")
        return {
            "id": row["id"], "title": row["title"], "phase": S.phase_label(row["phase"]),
            "status": row["status"], "belt": words.belt(row["belt"]), "leader": row["leader"],
            "rounds": int(row["rounds"]) if row.get("rounds") == row.get("rounds") else 0,
            "baseline": row.get("baseline"), "current": row.get("current"),
            "change": None if change is None or change != change else f"{change:+.1f}%",
            "kpi": None if kpi is None else {
                "label": kpi.label, "line": kpi.line_label, "value": S.fmt_value(kpi.unit, kpi.value),
                "target": S.fmt_value(kpi.unit, kpi.target) if kpi.target is not None else None,
                "variation": kpi.icons.variation_text if kpi.icons else None,
                "assurance": kpi.icons.assurance_text if kpi.icons else None,
                "anchor": f"kpi-{kpi.metric}"},
        }

    def to_dict(self) -> dict:
        return jsonable({
            "month": self.period.month, "title": self.config.heading, "language": active_language(),
            "header": self.header, "executive": self.executive(),
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


def report_language(config: MonthlyConfig) -> str:
    """The page's language: one chosen (``--lang`` / ``use_language``), else the config's
    ``language:``, else ``SIXSIGMA_LANG``, else English."""
    from sixsigma.i18n import chosen

    return chosen() or config.language or active_language()


def write_monthly_report(month: str, out: str | Path | None = None, config: str | Path | None = None,
                         warehouse: str | Path | None = None, progress: Progress | None = None,
                         projects: dict | None = None, pdf: str | Path | None = None,
                         lang: str | None = None) -> tuple[Path, MonthlyReport]:
    """Build the report on ``month`` and write it (atomically) to ``out``
    (default ``reports/<month>.html``), and to ``pdf`` as a PDF when given; returns the path
    and the report. ``lang`` overrides :func:`report_language`."""
    cfg = load_config(config)
    with language(lang or report_language(cfg)):
        with Warehouse(warehouse, read_only=True) as wh:
            report = build_monthly_report(wh, month, cfg, progress=progress, projects=projects)
        text = render_html(report, progress)
    path = Path(out) if out is not None else Path("reports") / f"{report.period.month}.html"
    if pdf is not None:  # first: a missing browser must not leave a new HTML behind either
        from sixsigma.reporting.pdf import html_to_pdf

        html_to_pdf(text, pdf)
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
        self.types: set[str] = set()  # trace types drawn: they choose the Plotly bundle

    def __call__(self, fig, css_class: str = "plot") -> Markup:
        if fig is None:
            return Markup('<p class="muted">No chart.</p>')
        self.n += 1
        self.types.update(t.type or "scatter" for t in fig.data)
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


def draw_script() -> str:
    """DRAW_SCRIPT in the active language: a non-English page registers its plotly.js locale
    (:func:`sixsigma.i18n.plotly_locale`) and draws with it."""
    from sixsigma.i18n import plotly_locale

    module = plotly_locale()
    if module is None:
        return DRAW_SCRIPT
    config = json.dumps({**PLOT_CONFIG, "locale": module["name"]})
    register = json.dumps(module, ensure_ascii=True).replace("<", "\\u003c")
    return (f"Plotly.register({register});" + DRAW_SCRIPT.replace(json.dumps(PLOT_CONFIG), config))


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
            monthly, daily = kpi_figures(s)
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
                                           title=_("{kpi}, {line}: last {n} months").format(
                                               kpi=s.label, line=s.line_label, n=len(tail))))
        rows.append({"s": s, "icons": _icons(s, P), "spark": spark, "anchor": f"kpi-{s.metric}",
                     "value": S.fmt_value(s.unit, s.value), "change": S.fmt_change(s.unit, s.value, s.previous),
                     "target": S.fmt_value(s.unit, s.target) if s.target is not None else "–",
                     "met": _met(s)})
    paretos = [{"p": p, "figure": figure(pareto_figure(p))} for p in report.paretos]
    folio = report.portfolio
    legend = {
        "variation": [(code, _(VARIATION[code]), Markup(P.variation_icon_svg(code, _(VARIATION[code]), 24)))
                      for code in ("common_cause", "improvement_high", "improvement_low",
                                   "concern_high", "concern_low")],
        "assurance": [(code, _(ASSURANCE[code]), Markup(P.assurance_icon_svg(code, _(ASSURANCE[code]), 24)))
                      for code in ("pass", "fail", "hit_and_miss")],
    }
    folio_figure = figure(portfolio_figure(folio))
    bundle = plotly_js_for(figure.types)  # after every figure: the trace types choose it
    html = env.get_template("monthly.html.j2").render(
        r=report, cfg=report.config, period=report.period, h=report.header, rows=rows, kpis=kpis,
        paretos=paretos, folio=folio, folio_figure=folio_figure, program_from=S.PROGRAM_FROM, ex=report.executive(),
        lang=active_language(), phase_label=S.phase_label, dim_label=S.dim_label, words=words,
        quality=report.quality, methods=report.methods, legend=legend, plotly_js=Markup(bundle.replace("</script", "<\\/script")), draw_script=Markup(draw_script()),
        signals=report.signals(), fmt_int=_fmt_int, pct_change=_pct_change, line_label=S.line_label,
        slice_name=S.slice_name(), count_label=next(iter(active().sources.values())).label,
        fmt_value=S.fmt_value, last_day=report.period.end - dt.timedelta(days=1),
        quality_last=report.quality.attrs.get("window", (None, report.period.end))[1] - dt.timedelta(days=1), n_targets=sum(1 for s in report.slices if s.target is not None),
        n_pass=sum(1 for s in report.slices if s.icons is not None and s.icons.assurance == "pass"),
        n_special=sum(1 for s in report.slices if s.icons is not None and s.icons.variation != "common_cause"),
        n_quality=int((report.quality["found"] > 0).sum()),
        incomplete_days=_(", ").join(_("{n} of {days} days with {what}").format(
            n=v["days"], days=report.header["this"]["days"], what=v["label"].lower())
            for v in report.header["this"]["sources"].values()),
    )
    if progress:
        progress("HTML page", len(report.config.kpis) + 5, len(report.config.kpis) + 5)
    return html


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html", "j2"]),
                      trim_blocks=True, lstrip_blocks=True, extensions=["jinja2.ext.i18n"])
    install_gettext(env)
    return env


def install_gettext(env: Environment) -> None:
    """``_()`` / ``ngettext()`` in templates follow :mod:`sixsigma.i18n`'s active language
    (new-style: ``_("%(n)s rows", n=3)``, autoescaped arguments; a literal % is %%)."""
    from sixsigma import i18n

    env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)


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
    projects = _(", ").join(sorted(set(r["project"].astype(str))))
    parts = []
    prev = None
    for st in ch.stages.itertuples(index=False):
        txt = _("{stage} ({first} to {last}): centre {center}").format(
            stage=stage_text(st.stage), first=_month(st.first), last=_month(st.last),
            center=S.fmt_value(s.unit, st.center))
        if prev is not None and prev:
            txt += f" ({100 * (st.center - prev) / abs(prev):+.1f}%)"
        parts.append(txt)
        prev = st.center
    return ngettext("{n} improvement round of {projects} from {first} to {last} split the monthly chart "
                    "into stages, each with its own limits: {stages}.",
                    "{n} improvement rounds of {projects} from {first} to {last} split the monthly chart "
                    "into stages, each with its own limits: {stages}.", len(r)).format(
        n=len(r), projects=projects, first=first, last=last, stages=_("; ").join(parts))


# -- figures: the plots' builders, with what a reader sees in the report's language ---------------

STAGE_WORDS = {"before": N_("before"), "rounds": N_("rounds"), "after": N_("after")}
Y_TITLES = {"seconds": N_("seconds"), "contacts/order": N_("contacts per order")}


def stage_text(stage) -> str:
    """A stage label of :func:`~sixsigma.reporting.sections.stage_labels` in the active language
    ("before", "after", "rounds", "after <project>", "<project>: rounds")."""
    text = str(stage)
    if text in STAGE_WORDS:
        return _(STAGE_WORDS[text])
    if text.startswith("after "):
        return _("after {project}").format(project=text[6:])
    if text.endswith(": rounds"):
        return _("{project}: rounds").format(project=text[:-8])
    return text


def kpi_figures(s, height: int = 330):
    """(monthly, daily) control charts of a KPI slice: :func:`sixsigma.plots.report.
    kpi_chart_figure` with the title, axis, target, stage and round labels translated."""
    from sixsigma.plots.report import kpi_chart_figure

    percent = s.unit == "share"
    y_title = None if percent else _(Y_TITLES[s.unit]) if s.unit in Y_TITLES else s.unit
    out = []
    for chart, grain in ((s.monthly, _("monthly")), (s.daily, _("daily"))):
        if chart is None:
            out.append(None)
            continue
        n = len(chart.signals)
        sig = ngettext("{n} signal", "{n} signals", n).format(n=n) if n else _("no signals")
        title = _("{line}: {grain} ({n} points, {signals})").format(
            line=s.line_label, grain=grain, n=len(chart.points), signals=sig)
        fig = kpi_chart_figure(chart, title, target=s.target, rounds=s.rounds, height=height,
                               y_title=y_title, percent=percent)
        for a in fig.layout.annotations:  # stage labels come from spc's words
            if a.name != "rules" and a.text is not None:
                a.text = stage_text(a.text)
        out.append(fig)
    return out[0], out[1]


def pareto_figure(p):
    """A Pareto comparison (:func:`sixsigma.plots.report.pareto_comparison_figure`, untitled:
    the page heads it) with its axis and legend in the active language."""
    from sixsigma.plots.report import pareto_comparison_figure

    fig = pareto_comparison_figure(p, title="")
    fig.update_traces(selector=dict(type="scatter"), name=_("cumulative % ({month})").format(month=p.month))
    fig.layout.yaxis.title.text = _("contacts")
    return fig


def portfolio_figure(folio):
    """Projects by phase and belt (:func:`sixsigma.plots.report.portfolio_figure`) with the
    title and phase names in the active language; None without projects."""
    from sixsigma.plots.report import portfolio_figure as draw

    if not len(folio.by_phase_belt):
        return None
    fig = draw(folio.by_phase_belt, title=_("Projects by phase and belt"))
    phases = list(fig.data[0].x) if fig.data else []
    fig.update_xaxes(tickmode="array", tickvals=phases, ticktext=[S.phase_label(x) for x in phases])
    return fig


def _month(v) -> str:
    return pd.Timestamp(v).strftime("%Y-%m")


def _fmt_int(v) -> str:
    return f"{int(v):,}"


def _pct_change(a, b) -> str:
    if not b:
        return "–"
    return f"{100 * (a - b) / b:+.1f}%"


__all__ = ["MonthlyReport", "build_monthly_report", "render_html", "write_monthly_report"]

