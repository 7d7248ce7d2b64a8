"""The one numeric guard every input layer shares: finite values of a usable magnitude.

Statistics square their data (variances, sums of squares, cross-products). In double
precision a value near 1e300 overflows when squared (the variance becomes ``inf``) and a
nonzero value below about 1e-162 underflows to 0 (a real spread reads as none). Values
beyond 1e50 in magnitude, and differing data whose every value is below 1e-50, are therefore
refused with the reason, rather than turned into
``Infinity`` or a false "all values are equal". The stats inputs
(:mod:`sixsigma.stats.inputs`), control charts and capability all call :func:`check_values`;
it needs only numpy, so importing it is cheap.
"""

from __future__ import annotations

import numpy as np

from sixsigma.errors import InputError

#: Largest magnitude accepted in data. Statistics take up to fourth powers of the data (Welch's
#: degrees of freedom square a variance; Box-Cox raises to lambda <= 5): values up to 1e50 keep
#: them below 1e250, far from the double maximum (1.8e308). Values near 1e300 overflow already
#: when squared (a variance of ``inf``); at 1e100 Welch's df is inf/inf = NaN.
MAX_ABS = 1e50
#: Smallest scale accepted: when every value is below it and the values differ, squares of
#: the deviations underflow towards 0 (1e-300 squared is 0.0 in double precision), so a real
#: spread would read as none. A tiny value among ordinary ones is harmless (it is ~0), and so
#: are equal tiny values (their spread is 0 anyway).
MIN_ABS = 1e-50


def check_values(values, what: str) -> np.ndarray:
    """``values`` as a float array, refused when a value is infinite or out of range.

    NaN (a missing value) passes through for the caller to drop. Non-missing values must be
    finite with magnitude at most MAX_ABS, and values that differ must not all be below
    MIN_ABS in magnitude; otherwise an InputError says which value and how to fix it (rescale).
    """
    arr = np.asarray(values, dtype=float)
    inf = np.isinf(arr)
    if inf.any():
        raise InputError(
            f"{what}: {int(inf.sum())} value(s) are infinite (e.g. {float(arr[inf][0])!r}); "
            "fix or remove them (leave a cell empty for a missing value)"
        )
    mag = np.abs(arr[~np.isnan(arr)])
    if mag.size and mag.max() > MAX_ABS:
        raise InputError(
            f"{what}: values up to {mag.max():.3g} overflow when squared (variances, sums of "
            f"squares); the limit is {MAX_ABS:.0e} in magnitude: rescale the data "
            "(e.g. divide by 1e6) and rerun"
        )
    if mag.size and 0 < mag.max() < MIN_ABS and np.ptp(arr[~np.isnan(arr)]) > 0:
        raise InputError(
            f"{what}: every value is below {MIN_ABS:.0e} in magnitude (largest "
            f"{mag.max():.3g}): their differences underflow when squared; rescale the data "
            "(e.g. multiply by 1e6) and rerun"
        )
    return arr


#: The pydantic configuration every record model shares (``ConfigDict(..., **FINITE_FIELDS)``):
#: a float field anywhere in a record (nested models, lists, dicts, unions) refuses NaN and
#: +-inf, e.g. YAML's ``.nan``/``.inf`` or ``1e999``, with "Input should be a finite number".
FINITE_FIELDS = {"allow_inf_nan": False}
