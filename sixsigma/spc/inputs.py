"""A chart's inputs as per-point arrays: columns or arrays in, one point per subgroup out.

Missing values are refused (a control chart's order matters, so a silently dropped point
would shift every pattern test); inside subgroups of raw observations they are left out of
the subgroup's statistics. Which inputs a chart takes is its :class:`ChartKind`'s business
(``data``, ``subgroups``, ``size_required``, ``binomial``, ``event_dates``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sixsigma.errors import InputError
from sixsigma.finite import check_values


def column(data, spec, what: str):
    """``spec`` as a Series: a column of ``data`` by name, a Series, or an array / list."""
    if spec is None:
        return None
    if isinstance(spec, str):
        if data is None or not isinstance(data, pd.DataFrame):
            raise InputError(f"{what}={spec!r} names a column but no DataFrame was given as data")
        if spec not in data.columns:
            raise InputError(
                f"{what}: no column {spec!r}; columns are: {', '.join(map(str, data.columns))}"
            )
        return data[spec].reset_index(drop=True)
    if isinstance(spec, pd.Series):
        return spec.reset_index(drop=True)
    if isinstance(spec, np.ndarray) and spec.ndim == 1 and spec.dtype.kind in "biuf":
        return pd.Series(spec)  # numbers: no round trip through a Python list
    return pd.Series(list(spec)) if not isinstance(spec, np.ndarray) or spec.ndim == 1 else spec


def numeric(s, what: str) -> np.ndarray:
    """``s`` as float numbers; text, infinite or missing values refused with the reason."""
    try:
        arr = np.asarray(s, dtype=float)
    except (TypeError, ValueError):
        flat = pd.Series(np.asarray(s, dtype=object).ravel())
        bad = flat[pd.to_numeric(flat, errors="coerce").isna() & flat.notna()]
        example = f" (e.g. {bad.iloc[0]!r})" if len(bad) else ""
        col = f" column {s.name!r}" if isinstance(s, pd.Series) and s.name is not None else ""
        raise InputError(f"{what}{col} must hold numbers, but has text{example}; choose a numeric column") from None
    check_values(arr, what)  # infinite, or too large to square (sixsigma.finite): refused
    if np.isnan(arr).any():
        bad = int(np.isnan(arr).sum())
        raise InputError(f"{what} has {bad} missing value(s); drop or fill them first")
    return arr


def subgroup_stats(x: np.ndarray, codes: np.ndarray, m: int) -> dict:
    """n, mean, range and sd of each of ``m`` subgroups (``codes``: each value's subgroup)."""
    if m == 0 or x.size == 0:
        raise InputError("no values to chart (an empty file or only a header?); give rows of data")
    n = np.bincount(codes, minlength=m).astype(float)
    if np.any(n == 0):
        raise InputError("a subgroup has no values")
    mean = np.bincount(codes, weights=x, minlength=m) / n
    dev = x - mean[codes]
    ss = np.bincount(codes, weights=dev * dev, minlength=m)
    with np.errstate(invalid="ignore", divide="ignore"):
        sd = np.where(n > 1, np.sqrt(ss / np.maximum(n - 1, 1)), np.nan)
    order = np.argsort(codes, kind="stable")
    xs, cs = x[order], codes[order]
    starts = np.flatnonzero(np.r_[True, cs[1:] != cs[:-1]])
    rng = np.maximum.reduceat(xs, starts) - np.minimum.reduceat(xs, starts)
    return {"n": n, "mean": mean, "range": np.where(n > 1, rng, np.nan), "sd": sd}


def _counts(spec, data, value, count, size) -> dict:
    """count and size per point (size 1 for a C chart without sizes)."""
    cnt, sz, val = column(data, count, "count"), column(data, size, "size"), column(data, value, "value")
    if cnt is None and val is not None and sz is not None:
        cnt = pd.Series(numeric(val, "value") * numeric(sz, "size"))
    if cnt is None:
        raise InputError(f"a {spec.name} chart needs count= (defectives/defects per subgroup)")
    c = numeric(cnt, "count")
    if np.any(c < 0):
        raise InputError("count has negative values; counts must be >= 0")
    if sz is None:
        if spec.size_required:
            raise InputError(f"a {spec.name} chart needs size= (subgroup sizes / units inspected)")
        s = np.ones_like(c)
    else:
        s = numeric(sz, "size")
        if s.size != c.size:
            raise InputError(f"count has {c.size} values but size has {s.size}")
        if np.any(s <= 0):
            raise InputError("size has zero or negative values; every subgroup needs size > 0")
    if spec.binomial and np.any(c > s):
        raise InputError("count exceeds size for some subgroups; a proportion cannot exceed 1")
    return {"count": c, "size": s, "npts": c.size}


def _first_of_each(v, codes: np.ndarray, first: np.ndarray):
    """A per-row input reduced to its first row in each subgroup (others unchanged)."""
    if v is not None and not np.isscalar(v) and len(v) == codes.size:
        return pd.Series(np.asarray(v, dtype=object)[first])
    return v


def _grouped(spec, val, sub, extras: dict, lab):
    """Raw observations with a subgroup column: one point per subgroup, in order of appearance."""
    if spec.subgroups == "refused":
        raise InputError(f"a {spec.name} chart takes one value per point; drop subgroup=")
    x = check_values(np.asarray(pd.to_numeric(val, errors="coerce"), dtype=float), "value")
    if len(sub) != x.size:
        raise InputError(f"value has {x.size} rows but subgroup has {len(sub)}")
    codes, uniq = pd.factorize(sub, sort=False)
    if (codes < 0).any():
        raise InputError("subgroup has missing values")
    keep = ~np.isnan(x)
    out = subgroup_stats(x[keep], codes[keep], len(uniq))
    first = pd.Series(np.arange(codes.size)).groupby(codes).first().to_numpy()
    extras.update({k: _first_of_each(v, codes, first) for k, v in extras.items()})
    lab = lab if lab is None or len(lab) != codes.size else pd.Series(np.asarray(lab, dtype=object)[first])
    return dict(out, sub_labels=pd.Series(uniq), npts=len(uniq)), lab


def _event_gaps(val, extras: dict) -> dict:
    """Dates of events -> days between consecutive events (the first event starts the count)."""
    dates = pd.to_datetime(pd.Series(val)).reset_index(drop=True)
    days = dates.diff().dt.total_seconds().to_numpy()[1:] / 86400.0
    if np.any(days < 0):
        raise InputError("event dates must be in order")
    for k, v in list(extras.items()):
        if v is not None and not np.isscalar(v) and len(v) == len(dates):
            extras[k] = pd.Series(np.asarray(v, dtype=object)[1:])
    return {"x": days, "n": np.ones(days.size), "sub_labels": dates.iloc[1:].reset_index(drop=True),
            "npts": days.size}


def _values(spec, data, value, subgroup, extras: dict, lab):
    """x (subgroup means or the values) and n per point, with range / sd for subgroups."""
    val = column(data, value, "value")
    if val is None:
        raise InputError(f"a {spec.name} chart needs value= (a column name or an array)")
    sub = column(data, subgroup, "subgroup")
    arr2d = isinstance(val, np.ndarray) and val.ndim == 2
    if isinstance(val, pd.DataFrame):
        arr2d, val = True, val.to_numpy(dtype=float)
    if spec.subgroups == "required" and sub is None and not arr2d:
        raise InputError(
            f"a {spec.name} chart needs subgroup= (which subgroup each value belongs to) "
            "or a 2-D array with one row per subgroup"
        )
    if arr2d:
        m = check_values(np.asarray(val, dtype=float), "value")
        grp = np.repeat(np.arange(m.shape[0]), m.shape[1])
        flat = m.ravel()
        keep = ~np.isnan(flat)
        out = dict(subgroup_stats(flat[keep], grp[keep], m.shape[0]), npts=m.shape[0],
                   sub_labels=pd.Series(np.arange(1, m.shape[0] + 1)))
    elif sub is not None:
        out, lab = _grouped(spec, val, sub, extras, lab)
    elif spec.event_dates and pd.api.types.is_datetime64_any_dtype(pd.Series(val)):
        out = _event_gaps(val, extras)
    else:
        x = numeric(val, "value")
        out = {"x": x, "n": np.ones(x.size), "npts": x.size}
    out.setdefault("x", out.get("mean"))
    return out, lab


def gather(spec, data, value, subgroup, count, size, label, extra: dict) -> dict:
    """The inputs as per-point arrays (one point per subgroup), ``labels``, ``npts`` and the
    ``extras`` (per-point inputs such as ``stage``) aligned with the points."""
    if data is not None and not isinstance(data, pd.DataFrame) and value is None and count is None:
        value, data = data, None
    extras = {k: column(data, v, k) if isinstance(v, str) else v for k, v in extra.items()}
    lab = column(data, label, "label")
    if spec.data == "counts":
        out = _counts(spec, data, value, count, size)
    else:
        out, lab = _values(spec, data, value, subgroup, extras, lab)
    npts = out["npts"]
    sub_labels = out.pop("sub_labels", None)
    if lab is None:
        lab = sub_labels if sub_labels is not None else pd.Series(np.arange(1, npts + 1))
    lab = pd.Series(lab).reset_index(drop=True)
    if len(lab) != npts:
        raise InputError(f"label has {len(lab)} values for {npts} points")
    if npts < 2:
        raise InputError(f"a control chart needs at least 2 points; got {npts}")
    return dict(out, labels=lab, extras=extras)
