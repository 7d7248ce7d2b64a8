"""The studentized range distribution, vectorized over many (q, df) at once.

A module of its own because two packages need it: :mod:`sixsigma.stats` (Tukey HSD,
Games-Howell) and :mod:`sixsigma.spc` (probability limits of the R chart); under either one it
would tie them in an import circle.

``ptukey`` follows Copenhaver & Holland (1988), the algorithm of R's ``ptukey`` (Gauss-Legendre
quadrature: 16 nodes over the chi density of s in up to 50 sub-intervals, 12 nodes over the
normal density inside the range probability), so Tukey and Games-Howell p-values match R's
TukeyHSD to rounding. ``qtukey`` runs R's secant iteration from R's starting value (Odeh &
Evans form) to R's stopping rule (|x1 - x0| < 1e-4; the secant's last step makes the
returned value far more accurate). Every array operation covers all pairs at once, which is
what makes Games-Howell intervals (one df per pair) fast.
"""

from __future__ import annotations

import numpy as np
from scipy.special import gammaln, ndtr

_XLEG = np.array(
    [
        0.981560634246719250690549090149,
        0.904117256370474856678465866119,
        0.769902674194304687036893833213,
        0.587317954286617447296702418941,
        0.367831498998180193752691536644,
        0.125233408511468915472441369464,
    ]
)
_ALEG = np.array(
    [
        0.047175336386511827194615961485,
        0.106939325995318430960254718194,
        0.160078328543346226334652529543,
        0.203167426723065921749064455810,
        0.233492536538354808760849898925,
        0.249147045813402785000562436043,
    ]
)
# The 12 nodes in R's order: -x[0..5] then x[5..0], with their weights.
_NODES12 = np.r_[-_XLEG, _XLEG[::-1]]
_WTS12 = np.r_[_ALEG, _ALEG[::-1]]
_XLEGQ = np.array(
    [
        0.989400934991649932596154173450,
        0.944575023073232576077988415535,
        0.865631202387831743880467897712,
        0.755404408355003033895101194847,
        0.617876244402643748446671764049,
        0.458016777657227386342419442984,
        0.281603550779258913230460501460,
        0.950125098376374401853193354250e-1,
    ]
)
_ALEGQ = np.array(
    [
        0.271524594117540948517805724560e-1,
        0.622535239386478928628438369944e-1,
        0.951585116824927848099251076022e-1,
        0.124628971255533872052476282192,
        0.149595988816576732081501730547,
        0.169156519395002538189312079030,
        0.182603415044923588866763667969,
        0.189450610455068496285396723208,
    ]
)
_SQRT_2PI = np.sqrt(2 * np.pi)


def _wprob(w: np.ndarray, cc: float) -> np.ndarray:
    """P(range of cc standard normals < w) (R's wprob with rr = 1), elementwise."""
    w = np.asarray(w, dtype=float)
    out = np.ones_like(w)
    todo = w * 0.5 < 8.0  # R returns 1 from w = 16 on
    if todo.any():
        out[todo] = _wprob_core(w[todo], cc)
    return out


def _wprob_core(w: np.ndarray, cc: float) -> np.ndarray:
    qsqz = w * 0.5
    pr_w = 2 * ndtr(qsqz) - 1.0
    pr_w = np.where(pr_w >= np.exp(-50.0 / cc), pr_w**cc, 0.0)
    wincr = np.where(w > 3.0, 2, 3)
    binc = (8.0 - qsqz) / wincr
    cc1 = cc - 1.0
    einsum = np.zeros_like(w)
    blb = qsqz.copy()
    bub = blb + binc
    for wi in range(3):  # at most three sub-intervals (quadrature panels, not data)
        a = 0.5 * (bub + blb)
        b = 0.5 * (bub - blb)
        ac = a[..., None] + b[..., None] * _NODES12
        qexpo = ac * ac
        rinsum = ndtr(ac) - ndtr(ac - w[..., None])
        ok = (qexpo <= 60.0) & (rinsum >= np.exp(-30.0 / cc1))
        terms = np.where(
            ok, _WTS12 * np.exp(-0.5 * qexpo) * np.power(np.where(ok, rinsum, 1.0), cc1), 0.0
        )
        elsum = terms.sum(axis=-1) * (2.0 * b * cc / _SQRT_2PI)
        einsum += np.where(wi < wincr, elsum, 0.0)
        blb = bub
        bub = bub + binc
    pr_w = pr_w + einsum
    return np.where(pr_w <= np.exp(-30.0), 0.0, np.minimum(pr_w, 1.0))


def ptukey(q, nmeans: int, df, lower_tail: bool = True) -> np.ndarray:
    """Studentized range CDF P(Q < q) for k = nmeans groups and df error degrees of freedom."""
    q, df = np.broadcast_arrays(np.asarray(q, dtype=float), np.asarray(df, dtype=float))
    shape = q.shape
    q, df = q.ravel(), df.ravel()
    cc = float(nmeans)
    ans = np.empty_like(q)
    large = df > 25000.0
    if large.any():
        ans[large] = _wprob(q[large], cc)
    small = ~large
    if small.any():
        qs, d = q[small], df[small]
        f2 = d * 0.5
        ulen = np.select([d <= 100.0, d <= 800.0, d <= 5000.0], [1.0, 0.5, 0.25], 0.125)
        f2lf = f2 * np.log(d) - d * np.log(2.0) - gammaln(f2) + np.log(ulen)
        f21, ff4 = f2 - 1.0, d * 0.25
        i = np.arange(1, 51)
        twa1 = (2 * i - 1)[None, :, None] * ulen[:, None, None]  # (m, 50, 1)
        u = np.r_[-_XLEGQ, _XLEGQ][None, None, :] * ulen[:, None, None]  # lower then upper half
        wts = np.r_[_ALEGQ, _ALEGQ]
        x = twa1 + u
        t1 = f2lf[:, None, None] + f21[:, None, None] * np.log(x) - x * ff4[:, None, None]
        qsqz = qs[:, None, None] * np.sqrt(x * 0.5)
        live = t1 >= -30.0  # nodes whose chi weight is below e^-30 do not contribute (R's eps1)
        terms = np.zeros_like(t1)
        terms[live] = (
            _wprob(qsqz[live], cc) * np.broadcast_to(wts, t1.shape)[live] * np.exp(t1[live])
        )
        otsum = terms.sum(axis=-1)  # (m, 50)
        stop = (i[None, :] * ulen[:, None] >= 1.0) & (otsum <= 1e-14)
        first = np.where(stop.any(axis=1), stop.argmax(axis=1), 50)
        keep = i[None, :] - 1 < first[:, None]
        ans[small] = np.minimum(np.where(keep, otsum, 0.0).sum(axis=1), 1.0)
    ans = np.where(q <= 0, 0.0, np.where(np.isinf(q), 1.0, ans))
    out = ans if lower_tail else 1.0 - ans
    return out.reshape(shape)


def _qinv(p: float, cc: float, df: np.ndarray) -> np.ndarray:
    ps = 0.5 - 0.5 * p
    yi = np.sqrt(np.log(1.0 / (ps * ps)))
    t = yi + (
        (((yi * -0.453642210148e-04 - 0.204231210125) * yi - 0.342242088547) * yi - 1.0) * yi
        + 0.322232421088
    ) / (
        (((yi * 0.38560700634e-02 + 0.103537752850) * yi + 0.531103462366) * yi + 0.588581570495)
        * yi
        + 0.993484626060e-01
    )
    small = df < 120.0
    t = np.where(small, t + (t**3 + t) / df / 4.0, t)
    q = 0.8832 - 0.2368 * t + np.where(small, -1.214 / df + 1.208 * t / df, 0.0)
    return t * (q * np.log(cc - 1.0) + 1.4142)


def qtukey(p: float, nmeans: int, df) -> np.ndarray:
    """Studentized range quantile for each df (R's secant iteration and stopping rule)."""
    df = np.atleast_1d(np.asarray(df, dtype=float))
    x0 = _qinv(p, nmeans, df)
    v0 = ptukey(x0, nmeans, df) - p
    x1 = np.where(v0 > 0.0, np.maximum(0.0, x0 - 1.0), x0 + 1.0)
    v1 = ptukey(x1, nmeans, df) - p
    done = np.zeros(df.shape, bool)
    result = x1.copy()
    for _ in range(1, 50):  # secant iterations, all df at once
        with np.errstate(divide="ignore", invalid="ignore"):
            ans = x1 - v1 * (x1 - x0) / (v1 - v0)
        ans = np.where(done, result, ans)
        v0, x0 = v1, x1
        neg = ans < 0.0
        ans = np.where(neg, 0.0, ans)
        v1 = ptukey(ans, nmeans, df) - p
        x1 = ans
        newly = ~done & (np.abs(x1 - x0) < 1e-4)
        result = np.where(newly, ans, result)
        done |= newly
        if done.all():
            break
    return np.where(done, result, x1)
