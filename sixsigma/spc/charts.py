"""Control charts: one generic loop over stages, any :class:`~sixsigma.spc.kinds.ChartKind`.

:func:`control_chart` gathers the inputs (:mod:`sixsigma.spc.inputs`), splits the points
into stages and Phase I / II (:mod:`sixsigma.spc.phases`), asks the chart kind for each
stage's statistic, sigma and limits, runs the special-cause tests (:mod:`sixsigma.spc.rules`)
and assembles a :class:`~sixsigma.spc.result.ControlChart`. The formulas live with their
chart family in :mod:`sixsigma.spc.kinds` (I-MR, X-bar, P/NP/C/U, Laney, EWMA, CUSUM, G,
run), each following Minitab's "Methods and formulas" with exact d2/d3/c4 constants.

``confidence=`` gives probability limits (qcc's ``confidence.level``): each limit is the
alpha/2 or 1 - alpha/2 quantile of the in-control distribution of the plotted statistic
(Montgomery 6.2.1 and 7.2; :mod:`sixsigma.spc.limits`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sixsigma.errors import InputError
from sixsigma.spc import rules as R
from sixsigma.spc.diagnostics import dispersion_check
from sixsigma.spc.inputs import gather
from sixsigma.spc.kinds import ATTRIBUTE, CHART_TYPES, KINDS, ChartKind, get_kind
from sixsigma.spc.limits import normal_multiplier
from sixsigma.spc.phases import exclude_mask, phase1_mask, stage_ids
from sixsigma.spc.result import ControlChart

PROBABILITY_KINDS = tuple(k for k in CHART_TYPES if KINDS[k].probability)

__all__ = ["ATTRIBUTE", "CHART_TYPES", "control_chart"]


# ------------------------------------------------------------------------- the stage policy
def _policy(spec: ChartKind, P: dict, name: str, n_est: int, staged: bool) -> str | None:
    """Refuse a stage too short to carry limits; a warning when its limits are preliminary.

    A stage needs ``spec.min_points`` estimation points (2: one moving range or two
    subgroups; 1 for the G chart's mean gap), one fewer with a historical mean / centre.
    Below ``spec.advised_points`` (20) estimated limits are preliminary: Montgomery
    (*Introduction to SQC*, 6.2.1) sets trial limits from 20-25 subgroups. Minitab is
    stricter for individuals (limits from fewer than 100 observations are "preliminary",
    Minitab Express, "Data considerations for Individuals chart"), but 100 would flag every
    year of weekly points; 20 is the floor below which a stage is too short to judge.
    No warning when historical parameters fix the limits (``spec.historical`` all given).
    """
    need = spec.min_points - (1 if P["mean"] is not None or P["center"] is not None else 0)
    if n_est < need:
        raise InputError(
            f"stage {name!r} has {n_est} point(s) to estimate limits from; need at least "
            f"{max(need, 1)} (use fewer stage dates, a finer --grain, or check phase1 / exclude)"
        )
    advised = spec.advised_points
    if advised is None or n_est >= advised or all(P[h] is not None for h in spec.historical):
        return None
    where = f"stage {name!r}: limits" if staged else "Limits"
    return (f"{where} estimated from {n_est} points (fewer than {advised}) are preliminary; "
            "recompute them when more data is in")


def _stage_row(sname, labels, where, n_est: int, part: dict) -> dict:
    """One row of the stages table: the stage's span, centre, sigma and mean limits."""
    ucl, lcl = part["ucl"], part["lcl"]
    has = bool(np.isfinite(ucl).any())
    vary = has and bool(np.nanmax(ucl) - np.nanmin(ucl) > 1e-12 * max(1.0, abs(np.nanmean(ucl))))
    return dict(
        stage=sname, first=labels.iloc[where[0]], last=labels.iloc[where[-1]], n=where.size,
        n_estimate=n_est, center=float(np.nanmean(part["center"])),
        sigma=float(part["stage_sigma"]),
        lcl=float(np.nanmean(lcl)) if np.isfinite(lcl).any() else np.nan,
        ucl=float(np.nanmean(ucl)) if has else np.nan, limits_vary=vary,
        **{key: part[key] for key in ("sigma_z", "p") if key in part},
    )


def _stages(spec: ChartKind, obs: dict, segs, stage_names, est_all, P: dict) -> tuple:
    """Each stage through ``spec.stage``: joined per-point columns, the secondary chart's
    parts, the stages table's rows and the policy's warnings."""
    labels, parts, sec_parts, rows, warnings = obs["labels"], [], [], [], []
    for sid, sname in enumerate(stage_names):
        where = np.flatnonzero(segs == sid)
        sl = slice(where[0], where[-1] + 1)
        n_est = int(est_all[sl].sum())
        note = _policy(spec, P, sname, n_est, len(stage_names) > 1)
        if note:
            warnings.append(note)
        part = spec.stage(obs, sl, est_all[sl], P)
        if "secondary" in part:
            sec_parts.append(part.pop("secondary"))
        rows.append(_stage_row(sname, labels, where, n_est, part))
        parts.append(part)
    cols = {key: _joined([p[key] for p in parts]) for key in parts[0]
            if isinstance(parts[0][key], np.ndarray)}
    return cols, sec_parts, rows, warnings


# ------------------------------------------------------------------------- assembling
def _joined(arrays: list) -> np.ndarray:
    """The stages' arrays end to end (one stage: the array itself, not a copy)."""
    return arrays[0] if len(arrays) == 1 else np.concatenate(arrays)


def _run_tests(spec: ChartKind, cols: dict, tspec, segs, extra_results=None):
    """The tests' results {test: int8 array} and the plotted statistic."""
    if spec.evaluate is not None:
        res, plotted = spec.evaluate(cols, tspec)
    else:
        plotted = cols[spec.tests_on]
        res = R.evaluate(plotted, cols["center"], cols["sigma"], cols["lcl"], cols["ucl"],
                         tspec, segs)
    if extra_results:
        res.update(extra_results)
    return res, plotted


def _build_points(labels, cols, stage_names, segs, phase, excluded, res, extra_cols=()):
    """The per-point table: stage and phase as categoricals, ``test_mask`` (bit k set when
    test k + 1 fired), ``tests`` (each point's failed tests, shared read-only lists looked up
    from the mask) and ``signal``."""
    n = len(labels)
    mask = R.tests_mask(res, n)
    pts = pd.DataFrame(
        {
            "label": labels.to_numpy()
            if not pd.api.types.is_datetime64_any_dtype(labels)
            else labels,
            "value": cols["value"],
            "center": cols["center"],
            "lcl": cols["lcl"],
            "ucl": cols["ucl"],
            "sigma": cols["sigma"],
            "stage": pd.Categorical.from_codes(np.asarray(segs), categories=list(stage_names)),
            "phase": pd.Categorical.from_codes(
                np.where(phase, 0, 1).astype(np.int8), categories=["I", "II"]
            ),
            "excluded": excluded,
        },
        copy=False,
    )
    for c in extra_cols:
        if c in cols:
            pts[c] = cols[c]
    pts["test_mask"] = mask
    pts["tests"] = R.tests_from_mask(mask)
    pts["signal"] = mask != 0
    return pts


def _secondary(sec_parts, stage_rows, tspec, labels, stage_names, segs, phase, excl, common):
    """The MR / R / S chart below the main one, from the stages' secondary parts."""
    skind = KINDS[sec_parts[0]["chart"]]
    scols = {key: _joined([p[key] for p in sec_parts]) for key in sec_parts[0] if key != "chart"}
    srows = [dict(r, center=float(np.nanmean(sp["center"])), lcl=float(np.nanmean(sp["lcl"])),
                  ucl=float(np.nanmean(sp["ucl"])))
             for r, sp in zip(stage_rows, sec_parts, strict=True)]
    sspec = R.TestSpec({t: v for t, v in tspec.k.items() if t in skind.tests}, tspec.rules)
    sres, splotted = _run_tests(skind, scols, sspec, segs)
    return ControlChart(
        chart=skind.name, points=_build_points(labels, scols, stage_names, segs, phase, excl, sres),
        secondary=None, sigma=float(stage_rows[-1]["sigma"]),
        signals=R.SignalSet(sres, sspec, labels, splotted, segs), stages=pd.DataFrame(srows),
        tests=sspec.numbers, test_k=dict(sspec.k), parameters={"rules": tspec.rules}, **common,
    )


def _check(spec: ChartKind, k, lam, L, cusum_k, cusum_h, headstart, sigma, confidence) -> float:
    """Refuse impossible parameters; the sigma multiple (from ``confidence`` when given)."""
    if k <= 0 or L <= 0:
        raise InputError("the sigma multiplier must be > 0 (e.g. 3)")
    if not 0 < lam <= 1:
        raise InputError(f"lambda must be in (0, 1], got {lam}")
    if cusum_h <= 0 or cusum_k < 0 or headstart < 0:
        raise InputError("CUSUM needs h > 0, k >= 0 and a head start >= 0")
    if sigma is not None and sigma <= 0:
        raise InputError(f"sigma must be > 0, got {sigma}")
    if confidence is None:
        return k
    if not spec.probability:
        raise InputError(
            f"probability limits (confidence=) are available for "
            f"{', '.join(PROBABILITY_KINDS)} charts, not {spec.name}; use k= (sigma multiples)"
        )
    return normal_multiplier(confidence)


def _points_and_phases(spec, data, value, subgroup, count, size, label, stage, stage_dates,
                       phase1, exclude) -> tuple:
    """The gathered inputs, stage ids and names, and the Phase I / excluded masks."""
    extra = {"stage": stage, "phase1": phase1 if isinstance(phase1, str) else None}
    obs = gather(spec, data, value, subgroup, count, size, label, extra)
    n, labels = obs["npts"], obs["labels"]
    segs, stage_names = stage_ids(n, labels, stage=obs["extras"]["stage"], stage_dates=stage_dates)
    if isinstance(phase1, str):
        phase1 = np.asarray(obs["extras"]["phase1"], dtype=object).astype(bool)
    phase = phase1_mask(n, labels, segs, phase1)
    excl = exclude_mask(n, labels, exclude)
    return obs, segs, stage_names, phase, excl


def control_chart(
    kind: str, data=None, *, value=None, subgroup=None, count=None, size=None, label=None,
    stage=None, stage_dates=None, phase1=None, exclude=None, tests="minitab", test_k=None,
    sigma_method=None, mean=None, sigma=None, center=None, k: float = 3.0,
    confidence: float | None = None, lam: float = 0.2, L: float = 3.0, cusum_k: float = 0.5,
    cusum_h: float = 4.0, headstart: float = 0.0, g_limits: str = "probability",
    name: str | None = None, better: str | None = None,
) -> ControlChart:
    """Build a control chart of kind ``kind`` (one of :data:`CHART_TYPES`).

    Data: a DataFrame plus column names (``value``, ``subgroup``, ``count``, ``size``,
    ``label``, ``stage``), or arrays. ``stage`` / ``stage_dates`` split the chart and
    recompute limits per stage; ``phase1`` (first N points of each stage, a list of labels or
    a boolean mask/column) chooses the points that estimate the limits, which then apply
    unchanged to the later (Phase II) points; ``exclude`` (labels) drops points from the
    estimates but keeps them on the chart. ``mean``/``sigma``/``center`` are historical
    parameters (``center`` = p-bar, u-bar or c-bar; for Laney charts ``sigma`` is sigma_z;
    for the G chart ``center`` is the event probability p). ``confidence`` (e.g. 0.99) gives
    probability limits instead of k-sigma ones; zone tests keep using each point's sigma
    with that k. ``tests`` is a preset name (``minitab`` = test 1, ``nelson`` = all eight,
    ``western-electric``, ``mdc``, ``anhoj``), ``"all"``, a list of test numbers or
    {test: K}; ``test_k`` overrides K values.

    Stage policy: a stage with fewer estimation points than its chart kind needs
    (``ChartKind.min_points``: 2, the G chart 1) is refused with an error naming it; one
    with fewer than ``ChartKind.advised_points`` (20) is charted with a warning in
    ``warnings`` and the summary that its limits are preliminary (see :func:`_policy`).
    """
    spec = get_kind(str(kind).lower().strip())
    if name is None:
        name = next((c for c in (value, count) if isinstance(c, str)), None)
    k = _check(spec, k, lam, L, cusum_k, cusum_h, headstart, sigma, confidence)
    obs, segs, stage_names, phase, excl = _points_and_phases(
        spec, data, value, subgroup, count, size, label, stage, stage_dates, phase1, exclude)
    labels, est_all = obs["labels"], phase & ~excl
    P = dict(k=k, lam=lam, L=L, cusum_k=cusum_k, cusum_h=cusum_h, headstart=headstart, mean=mean,
             sigma=sigma, center=center, sigma_method=sigma_method, g_limits=g_limits,
             confidence=confidence)
    if tests is None or tests == "minitab":
        tests = spec.default_tests
    tspec = R.resolve_tests(tests, set(spec.tests), spec.name, test_k, default_k1=P[spec.multiplier])
    cols, sec_parts, stage_rows, warnings = _stages(spec, obs, segs, stage_names, est_all, P)
    params = dict(k=k, confidence=confidence, sigma_method=sigma_method,
                  historical=dict(mean=mean, sigma=sigma, center=center),
                  rules=tspec.rules)  # the rule set, for labels (sixsigma.spc.rules.test_label)
    params.update(spec.parameters(P) if spec.parameters else {})
    extra_res, extra_rows = {}, []
    if spec.extra_signals is not None:
        extra_res, extra_rows, more = spec.extra_signals(cols, tspec, segs, labels, stage_names)
        params.update(more)
    res, plotted = _run_tests(spec, cols, tspec, segs, extra_res)
    words = spec.signal_words(P) if spec.signal_words else None
    sig = R.SignalSet(res, tspec, labels, plotted, segs, better=better, extra=extra_rows,
                      words=words)
    pts = _build_points(labels, cols, stage_names, segs, phase, excl, res, spec.point_columns)
    if spec.size_column:
        pts.insert(2, "n", obs["size"] if spec.data == "counts" else obs["n"])
    common = dict(k=k, name=name, better=better)
    secondary = None if not sec_parts else _secondary(
        sec_parts, stage_rows, tspec, labels, stage_names, segs, phase, excl, common)
    if spec.dispersion and center is None:
        params["dispersion"] = _dispersion(spec.name, obs, est_all & (segs == len(stage_names) - 1))
    last = stage_rows[-1]
    return ControlChart(
        chart=spec.name, points=pts, secondary=secondary, sigma=float(last["sigma"]), signals=sig,
        stages=pd.DataFrame(stage_rows), tests=tspec.numbers, test_k=dict(tspec.k),
        k=P[spec.multiplier], parameters=params, name=name, better=better,
        sigma_z=float(last["sigma_z"]) if "sigma_z" in last else None, warnings=tuple(warnings),
    )


def _dispersion(kind: str, obs: dict, use: np.ndarray):
    """The P/U diagnostic on the estimation points of the last stage (None when too few)."""
    if use.sum() < 3:
        return None
    try:
        return dispersion_check(count=obs["count"][use], size=obs["size"][use], kind=kind)
    except InputError:  # no variation at all: the chart itself says so
        return None
