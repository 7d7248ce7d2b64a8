"""Variation and assurance icons ("Making Data Count") judged from a control chart.

NHS England / NHS Improvement, *Making Data Count: Strengthening Your Decisions* (2019, rev.
2021) summarises each SPC chart on a board report with two icons; the rules below are those of
the guidance as implemented by the NHS-R Community's reference package ``NHSRplotthedots``
(``ptd_calculate_point_type`` and ``ptd_calculate_assurance_type``):

**Variation icon** — about the *latest* point only:

- the latest point is part of a special-cause pattern (a point beyond a limit, a trend, two
  of three points beyond 2 sigma on one side, a run on one side of the centre line) ->
  *special cause*; its side (high / low) is the side of that pattern, and it is an
  *improvement* when that side is the better direction, a *concern* otherwise;
- when several patterns cover the latest point the first one in the order beyond a limit,
  trend, 2 of 3, run decides the side (as ``NHSRplotthedots`` does); for a 2-of-3 pattern the
  latest point must itself be beyond 2 sigma (beyond 1 sigma for Nelson's test 6);
- otherwise -> *common cause*. A pattern with no side (Nelson tests 4, 7, 8) gives
  *special cause, neither improvement nor concern*.

**Assurance icon** — the target against the latest point's process (control) limits:

- the target lies outside the limits on the worse side -> the process will *consistently
  pass* (every value expected inside the limits meets the target);
- outside on the better side -> it will *consistently fail*;
- between the limits (or on one) -> *hit and miss*: it will meet the target some months and
  miss it others, by chance alone; no target -> no icon.

"Better side": for ``better="up"`` a target below the LCL is consistently passed and above the
UCL consistently failed; for ``better="down"`` the other way round. The comparisons are strict,
as in ``NHSRplotthedots``.

Pure: takes a :class:`~sixsigma.spc.ControlChart` and returns an :class:`Icons` result.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sixsigma.errors import InputError
from sixsigma.i18n import N_, _
from sixsigma.results import ResultMixin

VARIATION = {
    "common_cause": N_("Common-cause variation"),
    "improvement_high": N_("Special-cause improvement (higher)"),
    "improvement_low": N_("Special-cause improvement (lower)"),
    "concern_high": N_("Special-cause concern (higher)"),
    "concern_low": N_("Special-cause concern (lower)"),
    "neutral": N_("Special-cause variation (neither improvement nor concern)"),
}
ASSURANCE = {
    "pass": N_("Target consistently met"),
    "fail": N_("Target consistently missed"),
    "hit_and_miss": N_("Target hit and miss"),
}  # English; shown through gettext (Icons.variation_text / assurance_text)
# Order in which patterns decide the side (NHSRplotthedots: outside limits, 7-point trend,
# 2 of 3 near a limit, 7 on one side), then Nelson's other sided test; sideless tests last.
_PRECEDENCE = (1, 3, 5, 2, 6)
_SIDELESS = (4, 7, 8)
_ZONE = {5: 2.0, 6: 1.0}


@dataclass(frozen=True)
class Icons(ResultMixin):
    """The two icons of one chart: codes (``VARIATION`` / ``ASSURANCE`` keys) and why."""

    variation: str
    assurance: str | None
    better: str
    target: float | None
    test: int | None  # the test whose pattern decided the variation icon
    pattern: str  # plain-language description of that pattern ("" for common cause)
    lcl: float
    ucl: float
    label: object  # the latest point's label
    rule: str | None = None  # the deciding test as charts label it ("MDC shift", "1", ...)

    @property
    def variation_text(self) -> str:
        return _(VARIATION[self.variation])

    @property
    def assurance_text(self) -> str:
        return _(ASSURANCE[self.assurance]) if self.assurance else _("No target")

    def summary(self) -> str:
        head = _("{variation} at the latest point").format(variation=self.variation_text)
        head += (_(": {pattern}.").format(pattern=self.pattern) if self.pattern
                 else _(" (no special-cause pattern covers it)."))
        if self.assurance is None:
            return head + _(" No target set, so no assurance icon.")
        tail = {
            "pass": _("the target lies outside the process limits on the worse side, so the process "
                      "will meet it month after month unless it changes"),
            "fail": _("the target lies outside the process limits on the better side, so the process "
                      "will miss it month after month until it is changed"),
            "hit_and_miss": _("the target lies between the process limits, so the process will meet "
                              "it some months and miss it in others by chance alone"),
        }[self.assurance]
        return _("{head} {assurance}: {why} (limits {lcl} to {ucl}, target {target}).").format(
            head=head, assurance=self.assurance_text, why=tail, lcl=f"{self.lcl:.4g}", ucl=f"{self.ucl:.4g}",
            target=f"{self.target:.4g}")

    def to_dict(self) -> dict:
        from sixsigma.results import jsonable

        return jsonable({
            "variation": self.variation, "variation_text": self.variation_text,
            "assurance": self.assurance, "assurance_text": self.assurance_text,
            "better": self.better, "target": self.target, "test": self.test, "rule": self.rule,
            "pattern": self.pattern, "lcl": self.lcl, "ucl": self.ucl, "label": self.label,
            "summary": self.summary(),
        })


def _check_better(better: str | None) -> str | None:
    if better not in ("up", "down", None):
        raise InputError(f"better must be 'up' or 'down' (or None for no direction), got {better!r}")
    return better


def variation_icon(chart, better: str | None) -> tuple[str, int | None, str]:
    """(icon code, deciding test, pattern description) for the chart's latest point."""
    better = _check_better(better)
    pts = chart.points
    if not len(pts):
        raise InputError("the chart has no points to judge")
    last = pts.iloc[-1]
    last_key = _key(last["label"])
    sig = chart.signals
    covering = {}
    if len(sig):
        for row in sig.itertuples(index=False):
            if last_key in {_key(x) for x in row.labels}:
                covering.setdefault(int(row.test), row)
    for t in _PRECEDENCE:
        row = covering.get(t)
        if row is None or row.side not in ("above", "below"):
            continue
        if t in _ZONE:  # the latest point itself must be beyond the zone on that side
            dev = (float(last["value"]) - float(last["center"])) * (1 if row.side == "above" else -1)
            if not (np.isfinite(last["sigma"]) and dev > _ZONE[t] * float(last["sigma"])):
                continue
        high = row.side == "above"
        if better is None:
            return "neutral", t, row.description
        good = high == (better == "up")
        return f"{'improvement' if good else 'concern'}_{'high' if high else 'low'}", t, row.description
    for t in _SIDELESS:
        if t in covering:
            return "neutral", t, covering[t].description
    return "common_cause", None, ""


def assurance_icon(chart, better: str, target: float | None) -> str | None:
    """``pass`` / ``fail`` / ``hit_and_miss`` from the latest point's limits, None without target."""
    if target is None:
        return None
    better = _check_better(better)
    if better is None:
        return None
    last = chart.points.iloc[-1]
    lcl, ucl = float(last["lcl"]), float(last["ucl"])
    if not (np.isfinite(lcl) and np.isfinite(ucl)):
        return None
    t = float(target)
    if t > ucl:
        return "fail" if better == "up" else "pass"
    if t < lcl:
        return "pass" if better == "up" else "fail"
    return "hit_and_miss"


def icons(chart, better: str, target: float | None = None) -> Icons:
    """Both icons of a chart for a KPI whose better direction is ``better`` ("up"/"down")."""
    var, test, pattern = variation_icon(chart, better)
    last = chart.points.iloc[-1]
    rule = None
    if test is not None:  # one meaning per label: MDC's 7-in-a-row shift is "MDC shift", not "2"
        sig = chart.signals
        rows = sig.loc[sig["test"] == test, "rule"] if "rule" in sig.columns else []
        rule = str(rows.iloc[0]) if len(rows) else str(test)
    return Icons(
        variation=var, assurance=assurance_icon(chart, better, target), better=better,
        target=None if target is None else float(target), test=test, pattern=pattern,
        lcl=float(last["lcl"]), ucl=float(last["ucl"]), label=last["label"], rule=rule,
    )


def _key(v) -> str:
    from sixsigma.spc.phases import label_key

    return label_key(v)
