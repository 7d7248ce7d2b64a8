"""Run chart: median centre line (or a given centre / mean) and the Anhøj rules
(:func:`sixsigma.spc.rules.anhoj`; Anhøj & Olesen 2014, PLoS ONE 9(11): e113825)."""

from __future__ import annotations

import numpy as np

from sixsigma.spc import rules as R
from sixsigma.spc.kinds.base import ChartKind, fmt


def stage(obs: dict, sl: slice, est: np.ndarray, P: dict) -> dict:
    """The centre of one stage (no limits, no sigma)."""
    x = obs["x"][sl]
    given = P["center"] if P["center"] is not None else P["mean"]
    cen = given if given is not None else float(np.median(x[est]))
    nan = np.full(x.size, np.nan)
    return dict(value=x, center=np.full(x.size, cen), sigma=nan, lcl=nan, ucl=nan.copy(),
                stage_sigma=np.nan)


def _crossings_row(s: dict, lab: list, spec) -> dict:
    return dict(
        test=R.ANHOJ_CROSSINGS, rule=spec.label(R.ANHOJ_CROSSINGS), labels=lab, side=None,
        description=(
            f"only {s['crossings']} crossings of the median in {len(lab)} points from "
            f"{R._fmt_label(lab[0])} to {R._fmt_label(lab[-1])} (fewer than "
            f"{s['crossings_limit']} is unusual): the process is shifting or clustered"
        ),
    )


def extra_signals(cols: dict, spec, segs: np.ndarray, labels, stage_names) -> tuple:
    """The Anhøj rules per stage: ({test: flags}, signal rows, {"anhoj": per-stage counts})."""
    if R.ANHOJ_RUN not in spec.k and R.ANHOJ_CROSSINGS not in spec.k:
        return {}, [], {}
    a = R.anhoj(cols["value"], cols["center"], segs)
    info = [{**{k: v for k, v in s.items() if k != "segment"},
             "stage": stage_names[int(s["segment"])]} for s in a["segments"]]
    flags = {R.ANHOJ_RUN: a["flags"]} if R.ANHOJ_RUN in spec.k else {}
    rows = []
    if R.ANHOJ_CROSSINGS in spec.k:
        rows = [_crossings_row(s, labels.iloc[np.flatnonzero(segs == sid)].tolist(), spec)
                for sid, s in enumerate(info) if s["few_crossings"]]
    return flags, rows, {"anhoj": info}


def stage_text(row, parameters: dict) -> str:
    """A run chart's stage: its median."""
    return f"median {fmt(row.center)}"


KINDS = (
    ChartKind(name="run", title="Run chart", label="Run chart", stage=stage,
              tests=frozenset({2, 3, R.ANHOJ_RUN, R.ANHOJ_CROSSINGS}), subgroups="refused",
              default_tests="anhoj", extra_signals=extra_signals, stage_text=stage_text,
              min_points=2, advised_points=None),
)
