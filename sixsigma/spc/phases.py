"""Stages, Phase I / Phase II and exclusions: which points estimate which limits.

- Stages split the chart; each stage gets its own centre line and limits (Minitab's
  "stages": a new stage starts each time the stage value changes, or at each stage date).
- Phase I is the set of points the limits are estimated from: the first N points of each
  stage, a labelled set, or a boolean mask; the remaining (Phase II) points are judged
  against those limits unchanged.
- Excluded points stay on the chart and are tested, but do not enter the estimates
  (Minitab: "omit the following subgroups when estimating parameters").
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from sixsigma.errors import InputError


def label_key(v) -> str:
    """A label as a string for matching (dates as ISO dates, whole floats as integers)."""
    if isinstance(v, (pd.Timestamp, np.datetime64)):
        v = pd.Timestamp(v)
        return v.date().isoformat() if v == v.normalize() else v.isoformat()
    if hasattr(v, "isoformat"):
        return v.isoformat()
    if isinstance(v, (float, np.floating)) and float(v).is_integer():
        return str(int(v))
    return str(v)


def match_labels(labels: pd.Series, wanted, what: str) -> np.ndarray:
    """Boolean mask of the points whose label is in ``wanted`` (by value or by string)."""
    if isinstance(wanted, (str, int, float, pd.Timestamp)):
        wanted = [wanted]
    wanted = list(wanted)
    keys = labels.map(label_key)
    want_keys = {label_key(w) for w in wanted}
    if pd.api.types.is_datetime64_any_dtype(labels):
        try:
            want_keys |= {label_key(pd.Timestamp(w)) for w in wanted}
        except (ValueError, TypeError):
            pass
    mask = keys.isin(want_keys).to_numpy()
    found = set(keys[mask])
    missing = [
        w
        for w in wanted
        if label_key(w) not in found
        and not (pd.api.types.is_datetime64_any_dtype(labels) and _ts_key(w) in found)
    ]
    if missing:
        sample = ", ".join(keys.head(5).tolist())
        raise InputError(
            f"{what}: label(s) {', '.join(map(str, missing[:5]))} not on the chart; "
            f"labels look like: {sample}"
        )
    return mask


def _ts_key(w):
    try:
        return label_key(pd.Timestamp(w))
    except (ValueError, TypeError):
        return None


def stage_ids(
    n: int, labels: pd.Series, stage=None, stage_dates=None
) -> tuple[np.ndarray, list[str]]:
    """Integer stage id per point (0, 1, ... in order) and the stage names."""
    if stage is not None and stage_dates is not None:
        raise InputError("give either stage (a column of stage names) or stage_dates, not both")
    if stage is not None:
        s = pd.Series(np.asarray(stage, dtype=object)).reset_index(drop=True)
        if len(s) != n:
            raise InputError(f"stage has {len(s)} values for {n} points")
        if s.isna().any():
            raise InputError("stage has missing values; give every point a stage")
        change = np.ones(n, dtype=bool)
        change[1:] = s.to_numpy()[1:] != s.to_numpy()[:-1]
        ids = np.cumsum(change) - 1
        names, seen = [], {}
        for v in s[change].tolist():
            name = label_key(v)
            seen[name] = seen.get(name, 0) + 1
            names.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
        return ids.astype(np.int64), names
    if stage_dates is not None and len(stage_dates):
        try:
            when = pd.to_datetime(labels)
            cuts = pd.to_datetime(pd.Series(list(stage_dates))).sort_values().to_numpy()
        except (ValueError, TypeError) as exc:
            raise InputError(
                f"stage_dates need date labels and dates like 2024-01-08 ({exc})"
            ) from None
        ids = np.searchsorted(cuts, when.to_numpy(), side="right")
        used = np.unique(ids)
        remap = np.full(cuts.size + 1, -1)
        remap[used] = np.arange(used.size)
        names = []
        for u in used:
            names.append("baseline" if u == 0 else f"from {label_key(pd.Timestamp(cuts[u - 1]))}")
        return remap[ids].astype(np.int64), names
    return np.zeros(n, dtype=np.int64), ["all"]


def phase1_mask(n: int, labels: pd.Series, stages: np.ndarray, phase1=None) -> np.ndarray:
    """Which points are Phase I (estimate the limits). Default: all."""
    if phase1 is None:
        return np.ones(n, dtype=bool)
    if isinstance(phase1, (bool, np.bool_)):
        raise InputError("phase1 must be a number of points, a list of labels or a boolean mask")
    if isinstance(phase1, (int, np.integer)):
        if phase1 < 2:
            raise InputError(f"phase1 = {phase1}: need at least 2 points to estimate limits")
        # first N points of each stage
        idx = np.arange(n)
        first = np.zeros(n, dtype=np.int64)
        if n:
            starts = np.ones(n, dtype=bool)
            starts[1:] = stages[1:] != stages[:-1]
            first = np.maximum.accumulate(np.where(starts, idx, 0))
        return (idx - first) < int(phase1)
    arr = np.asarray(phase1)
    if arr.dtype == bool:
        if arr.size != n:
            raise InputError(f"phase1 mask has {arr.size} values for {n} points")
        return arr.copy()
    if isinstance(phase1, Sequence) or isinstance(phase1, (np.ndarray, pd.Series, pd.Index)):
        return match_labels(labels, list(phase1), "phase1")
    raise InputError("phase1 must be a number of points, a list of labels or a boolean mask")


def exclude_mask(n: int, labels: pd.Series, exclude=None) -> np.ndarray:
    """Which points are excluded from estimation (by label, or a boolean mask)."""
    if exclude is None:
        return np.zeros(n, dtype=bool)
    arr = np.asarray(exclude) if not isinstance(exclude, str) else None
    if arr is not None and arr.dtype == bool:
        if arr.size != n:
            raise InputError(f"exclude mask has {arr.size} values for {n} points")
        return arr.copy()
    return match_labels(labels, exclude, "exclude")
