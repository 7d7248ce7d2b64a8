"""The project storyboard as one self-contained HTML file (``sixsigma project report``).

Cards in DMAIC order — charter; SIPOC and voice of the customer; baseline chart and
capability; fishbone, IPO, Pareto and the verified causes with their evidence; improvement
rounds, the staged chart and the before/after test; control plan and the current control
chart; the tollgates with their evidence. The HTML of each card is a macro of
``templates/storyboard.html.j2``; :func:`sixsigma.reporting.html.page` embeds the CSS and
Plotly's JavaScript once, so the file opens offline. Every project string is escaped.
"""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from sixsigma.catalog import active
from sixsigma.dmaic.analysis import tests_table
from sixsigma.dmaic.models import BELT_LABELS
from sixsigma.dmaic.storyboard import Storyboard
from sixsigma.i18n import _
from sixsigma.i18n import active as language
from sixsigma.program.benefits import benefits_html
from sixsigma.reporting import words
from sixsigma.reporting.html import Section, environment, figure_html, page, table_html, write_page


def _goal_text(story: Storyboard) -> str:
    g = story.project.charter.goal
    m = active().metric(g.metric)
    where = "; ".join(f"{k} = {', '.join(v)}" for k, v in g.filters.items())
    parts = [f"{m.label_in(language())} ({m.unit})" + (_(" for {where}").format(where=where) if where else ""),
             _("down") if g.better == "down" else _("up")]
    if g.baseline is not None:
        parts.append(_("from {value}").format(value=f"{g.baseline:.4g}"))
    if g.target is not None:
        parts.append(_("to {value}").format(value=f"{g.target:.4g}"))
    if g.due is not None:
        parts.append(_("by {date}").format(date=g.due))
    return " ".join(parts)


def render_storyboard(story: Storyboard) -> str:
    """The storyboard's HTML document."""
    p, st = story.project, story.status
    env = environment()
    macros = env.get_template("storyboard.html.j2").make_module({
        "project_id": story.project_id, "belt_label": words.belt(p.belt),
        "belt_labels": BELT_LABELS, "grain": p.data_collection.grain, "words": words,
        "grain_word": words.grain_word,
    })
    phases = st.phases.copy()
    counts = st.deliverables.groupby("phase")["done"].agg(["sum", "size"])
    phases["deliverables"] = [f"{int(counts.loc[ph, 'sum'])}/{int(counts.loc[ph, 'size'])}"
                              if ph in counts.index else "0/0" for ph in phases["phase"]]
    phases["phase"] = [words.phase(ph) for ph in phases["phase"]]
    phase_cols = {"phase": _("phase"), "start": _("start"), "due": _("due"), "passed": _("passed"),
                  "deliverables": _("deliverables")}
    verified = story.verified.assign(**({"category": [words.category(c) for c in story.verified["category"]]}
                                        if "category" in story.verified.columns else {}))
    fishbone_fig = words.fishbone_figure(story.fishbone.figure()) if story.fishbone is not None else None
    b, r = story.baseline, story.result
    sections = [
        Section(_("Charter"), Markup(macros.charter(p, st, _goal_text(story), table_html(phases, phase_cols))),
                "charter"),
        Section(_("SIPOC and voice of the customer"), Markup(macros.sipoc(p)), "sipoc"),
        Section(_("Measure: the baseline"), Markup(macros.baseline(
            p, b, figure_html(b.figure()) if b else "",
            figure_html(b.capability.figure()) if b is not None and b.capability is not None else "")),
            "measure"),
        Section(_("Analyze: root causes"), Markup(macros.analyze(
            story.fishbone, figure_html(fishbone_fig) if fishbone_fig is not None else "",
            figure_html(story.ipo.figure()) if story.ipo is not None else "",
            story.pareto, figure_html(story.pareto.figure()) if story.pareto is not None else "",
            table_html(verified, {"id": _("cause"), "text": _("what"), "category": _("category"),
                                  "test": _("test"), "p_value": "p", "effect": _("effect"),
                                  "conclusion": _("evidence"), "window": _("window"), "date": _("verified on")}),
            len(story.verified))), "analyze"),
        Section(_("Improve: rounds and the before/after test"), Markup(macros.improve(
            p, r, figure_html(r.figure()) if r else "", figure_html(_before_left(r)) if r else "",
            table_html(tests_table(r.test), {"test": _("test"), "estimate": _("estimate"), "ci_low": _("CI low"),
                                             "ci_high": _("CI high"), "p_value": "p", "dispersion": _("dispersion"),
                                             "used": _("used for the decision")}) if r else "")
            + benefits_html(r)),  # contacts avoided per month
            "improve"),
        Section(_("Control: plan and current chart"), Markup(macros.control(
            p, story.current, figure_html(story.current.figure()) if story.current is not None else "")),
            "control"),
        Section(_("Tollgates"), Markup(macros.tollgates(st)), "tollgates", notes=story.notes),
    ]
    subtitle = (_("DMAIC storyboard · {belt} project").format(belt=words.belt(p.belt))
                + (_(" led by {leader}").format(leader=p.leader) if p.leader else "")
                + _(" · phase: {phase}").format(phase=words.phase(st.phase)))
    return page(p.title, sections, subtitle=subtitle)


def write_storyboard(story: Storyboard, path: str | Path) -> Path:
    """Render the storyboard and write it atomically to ``path``."""
    return write_page(path, render_storyboard(story))


def _before_left(r):
    """The before/after test's figure in time order, before left of after, each named with its
    window (the test lists the after group first, so that estimates read after / before)."""
    fig = r.test.figure()
    groups = (r.test.plot_data or {}).get("groups")
    if fig is None or groups is None or "group" not in groups or len(groups) != 2:
        return fig
    names = [str(g) for g in groups["group"]][::-1]
    fig.update_layout(xaxis=dict(categoryorder="array", categoryarray=names, tickmode="array", tickvals=names,
                                 ticktext=[f"{names[0]}<br>{r.baseline_window.label()}",
                                           f"{names[1]}<br>{r.window.label()}"]))
    return fig
