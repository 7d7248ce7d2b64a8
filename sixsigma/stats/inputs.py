"""Turn what callers pass (a DataFrame plus column names, arrays, dicts) into clean arrays.

Every test takes raw data the same way: ``data`` is a DataFrame with ``value=`` (and
``group=``) columns, or a sequence/dict of arrays. Missing values are dropped; bad input
raises an ``InputError`` that names the column and says what to pass instead.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from sixsigma.errors import InputError


def column(df: pd.DataFrame, name: str | None, role: str = "column") -> pd.Series:
    """df[name] with a clear error naming the available columns."""
    if name is None:
        raise InputError(
            f"give the {role} column name ({role}= / --{role} COL); "
            f"the data has columns: {', '.join(map(str, df.columns))}"
        )
    if name not in df.columns:
        cols = ", ".join(map(str, df.columns))
        raise InputError(f"{role} column {name!r} not found; the data has columns: {cols}")
    return df[name]


def numeric(values, what: str) -> np.ndarray:
    """A float array with missing values dropped; error when values are not numbers."""
    s = pd.Series(values) if not isinstance(values, pd.Series) else values
    if s.dtype == bool:
        s = s.astype(float)
    converted = pd.to_numeric(s, errors="coerce")
    bad = converted.isna() & s.notna()
    if bad.any():
        example = s[bad].iloc[0]
        raise InputError(f"{what}: {int(bad.sum())} value(s) are not numbers (e.g. {example!r})")
    arr = converted.to_numpy(dtype=float)
    arr = arr[np.isfinite(arr)]
    return arr


def as_sample(
    data=None, value: str | None = None, *, what: str = "sample", min_n: int = 2
) -> np.ndarray:
    """One numeric sample from a DataFrame column, a Series or an array."""
    if data is None:
        raise InputError(f"no data given for the {what}; pass a DataFrame and value=, or an array")
    if isinstance(data, pd.DataFrame):
        x = numeric(column(data, value, "value"), f"column {value!r}")
    else:
        x = numeric(np.asarray(data).ravel(), what)
    if x.size < min_n:
        raise InputError(f"the {what} has {x.size} usable value(s); at least {min_n} are needed")
    return x


def as_groups(
    data=None,
    value: str | None = None,
    group: str | None = None,
    groups: Sequence[str] | None = None,
    *,
    min_groups: int = 2,
    max_groups: int | None = None,
    min_n: int = 1,
) -> tuple[list[str], list[np.ndarray]]:
    """Samples by group: (labels, arrays), in the order of ``groups`` or of the levels.

    ``data`` is a DataFrame (``value=`` response, ``group=`` factor), a dict {label: array}
    or a sequence of arrays (labelled "1", "2", ...). ``groups`` picks and orders levels.
    """
    if data is None:
        raise InputError(
            "no data given; pass a DataFrame with value= and group=, or a list of arrays"
        )
    if isinstance(data, pd.DataFrame):
        y = column(data, value, "value")
        g = column(data, group, "group")
        frame = pd.DataFrame({"y": pd.to_numeric(y, errors="coerce"), "g": g})
        bad = frame["y"].isna() & y.notna()
        if bad.any():
            raise InputError(f"column {value!r}: {int(bad.sum())} value(s) are not numbers")
        frame = frame.dropna()
        frame = frame[np.isfinite(frame["y"].to_numpy(dtype=float))]
        codes, levels = pd.factorize(frame["g"], sort=True)
        labels_all = [str(v) for v in levels]
        order = np.argsort(codes, kind="stable")
        bounds = np.cumsum(np.bincount(codes, minlength=len(levels)))[:-1]
        arrays = np.split(frame["y"].to_numpy(dtype=float)[order], bounds)
        table = dict(zip(labels_all, arrays, strict=True))
    elif isinstance(data, Mapping):
        table = {str(k): numeric(np.asarray(v).ravel(), f"group {k!r}") for k, v in data.items()}
    elif isinstance(data, Sequence) and not isinstance(data, str):
        table = {
            str(i + 1): numeric(np.asarray(v).ravel(), f"sample {i + 1}")
            for i, v in enumerate(data)
        }
    else:
        raise InputError(
            "pass a DataFrame with value= and group=, a dict of arrays, or a list of arrays"
        )
    if groups is not None:
        wanted = [str(x) for x in groups]
        missing = [w for w in wanted if w not in table]
        if missing:
            raise InputError(
                f"group level(s) {', '.join(missing)} not found; levels are: {', '.join(table)}"
            )
        table = {w: table[w] for w in wanted}
    labels = list(table)
    if len(labels) < min_groups:
        raise InputError(f"found {len(labels)} group(s); this test needs at least {min_groups}")
    if max_groups is not None and len(labels) > max_groups:
        raise InputError(
            f"found {len(labels)} groups ({', '.join(labels)}); this test compares {max_groups}: "
            f"pick them with groups=[...] (--groups A,B)"
        )
    small = [lab for lab in labels if table[lab].size < min_n]
    if small:
        raise InputError(f"group(s) {', '.join(small)} have fewer than {min_n} values")
    return labels, [table[lab] for lab in labels]


def paired(data=None, before: str | None = None, after: str | None = None, *, min_n: int = 2):
    """Aligned (before, after) arrays with pairs that have a missing value dropped."""
    if isinstance(data, pd.DataFrame):
        b = pd.to_numeric(column(data, before, "before"), errors="coerce").to_numpy(dtype=float)
        a = pd.to_numeric(column(data, after, "after"), errors="coerce").to_numpy(dtype=float)
    else:
        if before is None or after is None:
            raise InputError(
                "pass a DataFrame with before= and after= columns, or before= and after= arrays"
            )
        b = np.asarray(before, dtype=float).ravel()
        a = np.asarray(after, dtype=float).ravel()
    if b.shape != a.shape:
        raise InputError(
            f"before has {b.size} values and after has {a.size}; paired data need equal lengths"
        )
    ok = np.isfinite(b) & np.isfinite(a)
    if ok.sum() < min_n:
        raise InputError(f"only {int(ok.sum())} complete pair(s); at least {min_n} are needed")
    return b[ok], a[ok]


def counts_list(values, what: str, *, integer: bool = True, positive: bool = False) -> np.ndarray:
    """Summarized counts/totals given as a list (e.g. events=[172, 151])."""
    if values is None:
        raise InputError(f"give {what}")
    arr = np.atleast_1d(np.asarray(values, dtype=float))
    if not np.all(np.isfinite(arr)):
        raise InputError(f"{what} must be finite numbers, got {list(values)}")
    if np.any(arr < 0) or (positive and np.any(arr <= 0)):
        raise InputError(
            f"{what} must be {'positive' if positive else 'non-negative'}, got {list(values)}"
        )
    if integer and np.any(arr != np.round(arr)):
        raise InputError(f"{what} must be whole numbers, got {list(values)}")
    return arr
