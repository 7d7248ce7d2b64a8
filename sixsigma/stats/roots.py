"""Brent's root finder exactly as R's ``uniroot`` runs it (R_zeroin2, tol = eps^0.25).

Some published intervals are defined by R's solver, not by the exact root: the conditional
odds-ratio interval of ``fisher.test`` and the normal-approximation intervals of
``wilcox.test`` both stop at uniroot's default tolerance (about 1.2e-4 on the search scale).
Running the same iteration reproduces R's printed values; the loop is over solver
iterations (at most ``maxiter``), never over observations.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from sixsigma.errors import InputError

R_TOL = sys.float_info.epsilon**0.25
_EPS = sys.float_info.epsilon


def uniroot(
    f: Callable[[float], float],
    lower: float,
    upper: float,
    *,
    tol: float = R_TOL,
    maxiter: int = 1000,
    f_lower: float | None = None,
    f_upper: float | None = None,
) -> float:
    """A root of f in [lower, upper] by Brent's method, iterate for iterate as R's uniroot."""
    fa = f(lower) if f_lower is None else f_lower
    fb = f(upper) if f_upper is None else f_upper
    if fa * fb > 0:
        raise InputError(
            "root finding failed: the function has the same sign at both ends of the interval"
        )
    a, b = float(lower), float(upper)
    if fa == 0.0:
        return a
    if fb == 0.0:
        return b
    c, fc = a, fa
    for _ in range(maxiter + 1):
        prev_step = b - a
        if abs(fc) < abs(fb):
            a, b, c = b, c, b
            fa, fb, fc = fb, fc, fb
        tol_act = 2 * _EPS * abs(b) + tol / 2
        new_step = (c - b) / 2
        if abs(new_step) <= tol_act or fb == 0.0:
            return b
        if abs(prev_step) >= tol_act and abs(fa) > abs(fb):
            cb = c - b
            if a == c:
                t1 = fb / fa
                p = cb * t1
                q = 1.0 - t1
            else:
                q = fa / fc
                t1 = fb / fc
                t2 = fb / fa
                p = t2 * (cb * q * (q - t1) - (b - a) * (t1 - 1.0))
                q = (q - 1.0) * (t1 - 1.0) * (t2 - 1.0)
            if p > 0:
                q = -q
            else:
                p = -p
            if p < (0.75 * cb * q - abs(tol_act * q) / 2) and p < abs(prev_step * q / 2):
                new_step = p / q
        if abs(new_step) < tol_act:
            new_step = tol_act if new_step > 0 else -tol_act
        a, fa = b, fb
        b += new_step
        fb = f(b)
        if (fb > 0 and fc > 0) or (fb < 0 and fc < 0):
            c, fc = a, fa
    return b
