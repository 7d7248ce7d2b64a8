"""Turn what callers pass (a DataFrame plus column names, arrays, dicts) into clean arrays.

Every test takes raw data the same way: ``data`` is a DataFrame with ``value=`` (and
``group=``) columns, or a sequence/dict of arrays. Missing values (empty cells, NaN) follow
the ``missing=`` policy of :func:`missing_policy` (``sixsigma.stats.run(..., missing=)``):
``"drop"`` (the default) drops them and counts them, so the result reports how many
(``dropped``); ``"raise"`` refuses them. Bad input raises an ``InputError`` that names the
column and says what to pass instead. Numbers go through :func:`sixsigma.finite.check_values`: an infinite value, or one
so large (or so small) that its square overflows (underflows) in double precision, is
refused with the reason, so every statistic computed from the arrays is finite.
"""

from __future__ import annotations

import contextvars
from collections.abc import Mapping, Sequence
from contextlib import contextmanager

import numpy as np
import pandas as pd

from sixsigma.errors import InputError
from sixsigma.finite import check_values

__all__ = ["check_values"]  # re-exported: the shared numeric guard

MISSING = ("drop", "raise")
# (policy, {what: missing count}) of the test being run; None outside stats.run
_POLICY: contextvars.ContextVar = contextvars.ContextVar("missing_policy", default=None)


@contextmanager
def missing_policy(missing: str | None = "drop"):
    """Apply ``missing`` ("drop" or "raise") to the inputs read inside; yields the tally of
    dropped values by column. Nested calls (a guide running a test) share the outer tally."""
    outer = _POLICY.get()
    if outer is not None and missing is None:
        yield outer[1]
        return
    missing = missing or "drop"
    if missing not in MISSING:
        raise InputError(f"missing={missing!r} is not a policy; use 'drop' or 'raise'")
    state = (missing, outer[1] if outer is not None else {})
    token = _POLICY.set(state)
    try:
        yield state[1]
    finally:
        _POLICY.reset(token)


def dropped_count(tally: Mapping[str, int]) -> int:
    """Missing values dropped over the distinct inputs a test read."""
    return int(sum(tally.values()))


def _missing(n: int, what: str) -> None:
    """``n`` missing values of ``what``: refused under missing="raise", else counted."""
    state = _POLICY.get()
    if not n or state is None:
        return
    policy, tally = state
    if policy == "raise":
        raise InputError(
            f"{what}: {n} missing value(s) (empty cells or NaN); fill or remove them, "
            "or drop them with missing='drop' (--missing drop)"
        )
    tally[what] = max(tally.get(what, 0), int(n))  # a column read twice counts once


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
    """A float array with missing values dropped; error when values are not numbers.

    Infinite or out-of-range numbers are refused (:func:`check_values`).
    """
    s = pd.Series(values) if not isinstance(values, pd.Series) else values
    if s.dtype == bool:
        s = s.astype(float)
    converted = pd.to_numeric(s, errors="coerce")
    bad = converted.isna() & s.notna()
    if bad.any():
        example = s[bad].iloc[0]
        raise InputError(f"{what}: {int(bad.sum())} value(s) are not numbers (e.g. {example!r})")
    arr = check_values(converted.to_numpy(dtype=float), what)
    gone = np.isnan(arr)
    _missing(int(gone.sum()), what)
    return arr[~gone]


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


def _frame_groups(data: pd.DataFrame, value, group):
    """({label: array} of a DataFrame's value= by group=, levels whose values are all empty)."""
    y = column(data, value, "value")
    g = column(data, group, "group")
    frame = pd.DataFrame({"y": pd.to_numeric(y, errors="coerce"), "g": g})
    bad = frame["y"].isna() & y.notna()
    if bad.any():
        raise InputError(f"column {value!r}: {int(bad.sum())} value(s) are not numbers")
    _missing(int(frame["g"].isna().sum()), f"column {group!r}")
    frame = frame[frame["g"].notna()]
    yv = check_values(frame["y"].to_numpy(dtype=float), f"column {value!r}")
    _missing(int(np.isnan(yv).sum()), f"column {value!r}")
    if not len(frame) or np.isnan(yv).all():
        raise InputError(
            f"no usable data: {len(data)} row(s), none with both a number in {value!r} "
            f"and a {group!r} level; give rows with both"
            if len(data)
            else f"the data have no rows (only a header?); give rows with {value!r} and {group!r}"
        )
    # Levels come from every row with a group, so a level whose values are all empty
    # can be named; it is then left out (a level with no data is not a group to compare).
    codes, levels = pd.factorize(frame["g"], sort=True)
    keep = ~np.isnan(yv)
    codes, yv = codes[keep], yv[keep]
    sizes = np.bincount(codes, minlength=len(levels))
    order = np.argsort(codes, kind="stable")
    arrays = np.split(yv[order], np.cumsum(sizes)[:-1])
    empty = [str(v) for v, k in zip(levels, sizes, strict=True) if k == 0]
    table = {
        str(v): a for v, a, k in zip(levels, arrays, sizes, strict=True) if k > 0
    }
    return table, empty


def _pick_groups(table: dict, empty: list, groups, value) -> dict:
    """The groups named in ``groups``, in that order; all of them when it is None."""
    if groups is None:
        return table
    wanted = [str(x) for x in groups]
    missing = [w for w in wanted if w not in table]
    no_values = [w for w in missing if w in empty]
    if no_values:
        raise InputError(
            f"group(s) {', '.join(no_values)} have no values in column {value!r} (every "
            "cell is empty); pick groups that have data"
        )
    if missing:
        raise InputError(
            f"group level(s) {', '.join(missing)} not found; levels are: {', '.join(table)}"
        )
    return {w: table[w] for w in wanted}


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
        table, empty = _frame_groups(data, value, group)
    elif isinstance(data, Mapping):
        empty = []
        table = {str(k): numeric(np.asarray(v).ravel(), f"group {k!r}") for k, v in data.items()}
    elif isinstance(data, Sequence) and not isinstance(data, str):
        empty = []
        table = {
            str(i + 1): numeric(np.asarray(v).ravel(), f"sample {i + 1}")
            for i, v in enumerate(data)
        }
    else:
        raise InputError(
            "pass a DataFrame with value= and group=, a dict of arrays, or a list of arrays"
        )
    table = _pick_groups(table, empty, groups, value)
    labels = list(table)
    if len(labels) < min_groups:
        why = (
            f" (group(s) {', '.join(empty)} have no values in column {value!r})" if empty else ""
        )
        raise InputError(
            f"found {len(labels)} group(s) with values{why}; this test needs at least {min_groups}"
        )
    if max_groups is not None and len(labels) > max_groups:
        raise InputError(
            f"found {len(labels)} groups ({', '.join(labels)}); this test compares {max_groups}: "
            f"pick them with groups=[...] (--groups A,B)"
        )
    small = [lab for lab in labels if table[lab].size < min_n]
    if small:
        raise InputError(
            f"group(s) {', '.join(small)} have fewer than {min_n} usable value(s); "
            f"each group needs at least {min_n}"
        )
    return labels, [table[lab] for lab in labels]


def paired(data=None, before: str | None = None, after: str | None = None, *, min_n: int = 2):
    """Aligned (before, after) arrays with pairs that have a missing value dropped."""
    if isinstance(data, pd.DataFrame):
        b = pd.to_numeric(column(data, before, "before"), errors="coerce").to_numpy(dtype=float)
        a = pd.to_numeric(column(data, after, "after"), errors="coerce").to_numpy(dtype=float)
        b = check_values(b, f"column {before!r}")
        a = check_values(a, f"column {after!r}")
    else:
        if before is None or after is None:
            raise InputError(
                "pass a DataFrame with before= and after= columns, or before= and after= arrays"
            )
        b = check_values(np.asarray(before, dtype=float).ravel(), "before")
        a = check_values(np.asarray(after, dtype=float).ravel(), "after")
    if b.shape != a.shape:
        raise InputError(
            f"before has {b.size} values and after has {a.size}; paired data need equal lengths"
        )
    ok = np.isfinite(b) & np.isfinite(a)
    _missing(int((~ok).sum()), "pairs")
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
    check_values(arr, what)
    if np.any(arr < 0) or (positive and np.any(arr <= 0)):
        raise InputError(
            f"{what} must be {'positive' if positive else 'non-negative'}, got {list(values)}"
        )
    if integer and np.any(arr != np.round(arr)):
        raise InputError(f"{what} must be whole numbers, got {list(values)}")
    return arr
