"""Non-normal capability: distribution fits ranked by Anderson-Darling, Box-Cox, Johnson.

Distribution fits are maximum likelihood (as Minitab's Individual Distribution
Identification; 2-parameter forms, threshold 0): lognormal, Weibull, gamma, exponential,
logistic, loglogistic, smallest (``sev``) and largest (``lev``) extreme value, plus the
normal (mean and s). Each is scored with the Anderson-Darling statistic against its own
fitted CDF F,

    A^2 = -n - (1/n) sum_i (2i - 1) [ln F(x_(i)) + ln(1 - F(x_(n+1-i)))],

and the fits are ranked by A^2 (smaller fits better). The p-value, as in Minitab's
Individual Distribution Identification table (AD and P per distribution):

- normal, and lognormal on ln x: D'Agostino & Stephens (1986, Table 4.9) on
  A*^2 = A^2 (1 + 0.75/n + 2.25/n^2), as Minitab and R's ``nortest::ad.test``;
- Weibull (on ln x), smallest and largest extreme value: Stephens' table for the extreme-value
  distribution with both parameters estimated (Stephens 1977, Biometrika 64; D'Agostino &
  Stephens 1986, Table 4.17), A*^2 = A^2 (1 + 0.2 / sqrt(n)); critical values 0.474,
  0.637, 0.757, 0.877, 1.038 at p = 0.25, 0.10, 0.05, 0.025, 0.01;
- exponential (scale estimated): Stephens (1974, JASA 69, Table 1A, case 3),
  A*^2 = A^2 (1 + 0.6 / n); 0.916, 1.062, 1.321, 1.591, 1.959 at p = 0.15, 0.10, 0.05,
  0.025, 0.01;
- logistic, and loglogistic on ln x: Stephens (1979, Biometrika 66),
  A*^2 = A^2 (1 + 0.25 / n); 0.426, 0.563, 0.660, 0.769, 0.906, 1.010 at p = 0.25, 0.10,
  0.05, 0.025, 0.01, 0.005.

- gamma (shape and scale estimated): D'Agostino & Stephens (1986, Table 4.21), asymptotic
  points of A^2 (unadjusted) by shape m = 1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, inf at
  p = 0.25, 0.10, 0.05, 0.025, 0.01, 0.005 (the inf row is the normal case's), interpolated
  linearly in 1/m at the fitted shape. The table starts at m = 1: for a fitted shape below 1
  P is "*" (the asymptotic points keep rising there: 0.825 at 5% for m = 0.5 against 0.786
  for m = 1, so the m = 1 row would overstate the evidence against the fit).

Between tabulated points ln p is interpolated linearly in A*^2; outside the table the p-value
is the table's end with ``p_text`` ">0.250" or "<0.010", as Minitab prints it.

Three-parameter fits (Minitab's 3-parameter Weibull, lognormal, gamma and loglogistic,
``weibull3`` ... ``loglogistic3``): X - theta follows the 2-parameter family, threshold
theta < min(x). The threshold is found by maximising the profile log-likelihood
L(theta) = max over the other parameters of sum ln f(x - theta) (the 2-parameter MLE at each
theta): a grid of 80 values of ln(min(x) - theta) spanning 1e-6 to 1e3 times the data's
range, then a bounded search around the best interior local maximum. Boundary cases: for a
shape below 1 (Weibull, gamma) L(theta) grows without bound as theta -> min(x), and for
near-symmetric data it keeps growing as theta -> -inf (the limit is a 2-parameter normal-like
fit); the fit then uses the highest interior local maximum if there is one, and otherwise
there is no 3-parameter MLE: ``fit_distribution`` says so and ``fit_all`` leaves the family
out of the table. As in Minitab the AD p-value of a 3-parameter fit is "*"; ``lrt_p`` is the
likelihood-ratio test against the 2-parameter family (threshold 0), LRT = 2 (LL3 - LL2) on
chi-square 1 df (None when some x <= 0). ``distribution="auto"`` ranks every fit by AD, as
the identification table does, but takes a 3-parameter fit only when its LRT p < 0.05 (the
threshold significantly improves the fit; Minitab's guidance for reading that column).

Capability from a fitted distribution uses the percentile (ISO 22514-4 / Clements) method:
Pp = (USL - LSL) / (X_0.99865 - X_0.00135), Ppu = (USL - X_0.5) / (X_0.99865 - X_0.5),
Ppl = (X_0.5 - LSL) / (X_0.5 - X_0.00135), Ppk = min; expected PPM from the fitted CDF.
Only overall (long-term) indices exist, as in Minitab's Nonnormal Capability Analysis.

Box-Cox: y = (x^lambda - 1) / lambda (ln x at 0). With subgroups lambda is estimated as
Minitab's Box-Cox transformation does (Methods and formulas, "Box-Cox transformation"): the
lambda in [-5, 5] that minimises the within-subgroup standard deviation (the capability's
sigma method, pooled by default) of the standardised values
w = (x^lambda - 1) / (lambda GM^(lambda - 1)) (GM ln x at 0; GM the geometric mean), which
makes the scale comparable across lambda. For individual values lambda is the maximum
likelihood estimate over the whole sample (profile log-likelihood, Box & Cox 1964; Minitab
minimises the moving-range sigma instead). Either may be rounded to the nearest 0.5
(Minitab's "rounded lambda") or fixed. This form is increasing for every lambda, so the
limits keep their order (Minitab's y = x^lambda reverses them when lambda < 0; the indices
are the same). Capability is the normal analysis of the transformed data and limits.

Johnson: the Chou, Polansky & Mason (1998) selection that Minitab uses: for z = 0.25, 0.26,
..., 1.25 take the sample percentiles x at Phi(-3z), Phi(-z), Phi(z), Phi(3z) (Minitab's
(n + 1) p percentile definition), choose the family by the quantile ratio
m n / p^2 (> 1 S_U, < 1 S_B, = 1 S_L; m = x_3z - x_z, n = x_-z - x_-3z, p = x_z - x_-z),
estimate its parameters with Slifker & Shapiro (1980), transform, and keep the z whose
transformed data have the largest Anderson-Darling normality p-value. As in Minitab only
overall capability is computed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import optimize, special, stats

from sixsigma.errors import InputError
from sixsigma.stats.anderson_darling import ad_from_log, ad_normal, ad_normal_pvalue

ISO_P = (0.00135, 0.5, 0.99865)


# ------------------------------------------------------------------ distribution fits
@dataclass(frozen=True)
class Fit:
    """A fitted distribution: scipy frozen ``dist``, named ``params``, AD statistic and p."""

    name: str
    label: str
    params: dict
    dist: object
    ad: float
    p_value: float | None
    loglik: float
    p_text: str = "*"
    lrt_p: float | None = None

    def describe(self) -> str:
        return ", ".join(f"{k} {_g(v)}" for k, v in self.params.items())


def _g(v: float) -> str:
    return f"{v:.4g}"


def _fit_normal(x):
    m, s = float(x.mean()), float(x.std(ddof=1))
    return {"mean": m, "sd": s}, stats.norm(m, s)


def _fit_lognormal(x):
    lx = np.log(x)
    mu, sig = float(lx.mean()), float(lx.std(ddof=0))
    return {"location": mu, "scale": sig}, stats.lognorm(sig, scale=np.exp(mu))


def _fit_weibull(x):
    """Exact MLE: the shape solves 1/c + mean(ln x) - sum(x^c ln x) / sum(x^c) = 0 (decreasing
    in c), then scale = mean(x^c)^(1/c). (scipy's generic fit stops ~1e-6 short.)"""
    lx = np.log(x)
    lmax, mlx = lx.max(), lx.mean()

    def score(c):
        w = np.exp(c * (lx - lmax))  # (x / max)^c, no overflow
        return 1.0 / c + mlx - np.dot(w, lx) / w.sum()

    lo, hi = 1e-3, 1.0
    while score(hi) > 0 and hi < 1e4:
        lo, hi = hi, hi * 4.0
    c = optimize.brentq(score, lo, hi, xtol=1e-14, rtol=4 * np.finfo(float).eps)
    scale = float(np.exp(lmax + np.log(np.mean(np.exp(c * (lx - lmax)))) / c))
    return {"shape": float(c), "scale": scale}, stats.weibull_min(c, scale=scale)


def _fit_gamma(x):
    a, _, scale = stats.gamma.fit(x, floc=0)
    return {"shape": float(a), "scale": float(scale)}, stats.gamma(a, scale=scale)


def _fit_exponential(x):
    scale = float(x.mean())
    return {"scale": scale}, stats.expon(scale=scale)


def _fit_logistic(x):
    loc, scale = stats.logistic.fit(x)
    return {"location": float(loc), "scale": float(scale)}, stats.logistic(loc, scale)


def _fit_loglogistic(x):
    loc, scale = stats.logistic.fit(np.log(x))  # ln X is logistic: same likelihood maximum
    return {"location": float(loc), "scale": float(scale)}, stats.fisk(
        1.0 / scale, scale=np.exp(loc)
    )


def _fit_sev(x):
    loc, scale = stats.gumbel_l.fit(x)
    return {"location": float(loc), "scale": float(scale)}, stats.gumbel_l(loc, scale)


def _fit_lev(x):
    loc, scale = stats.gumbel_r.fit(x)
    return {"location": float(loc), "scale": float(scale)}, stats.gumbel_r(loc, scale)


_SHIFTED = {  # 3-parameter name -> (2-parameter family, scipy frozen dist with threshold)
    "weibull3": ("weibull", lambda p, t: stats.weibull_min(p["shape"], loc=t, scale=p["scale"])),
    "lognormal3": (
        "lognormal",
        lambda p, t: stats.lognorm(p["scale"], loc=t, scale=np.exp(p["location"])),
    ),
    "gamma3": ("gamma", lambda p, t: stats.gamma(p["shape"], loc=t, scale=p["scale"])),
    "loglogistic3": (
        "loglogistic",
        lambda p, t: stats.fisk(1.0 / p["scale"], loc=t, scale=np.exp(p["location"])),
    ),
}


def _profile_loglik(x: np.ndarray, base: str, theta: float) -> tuple[float, dict]:
    """max over the 2-parameter family's parameters of sum ln f(x - theta)."""
    y = x - theta
    with np.errstate(all="ignore"):
        params, dist = FAMILIES[base].fit(y)
        ll = float(np.sum(dist.logpdf(y)))
    return (ll if np.isfinite(ll) else -np.inf), params


def fit_threshold(x: np.ndarray, name: str) -> tuple[dict, object]:
    """3-parameter MLE (threshold by profile likelihood; see the module docstring)."""
    base, make = _SHIFTED[name]
    x = np.sort(np.asarray(x, dtype=float))
    xmin, rng = float(x[0]), float(np.ptp(x))
    if rng <= 0 or x.size < 4:
        raise InputError(f"a 3-parameter {base} fit needs at least 4 values that are not all equal")
    grid = np.linspace(np.log(rng * 1e-6), np.log(rng * 1e3), 80)  # u = ln(xmin - theta)
    ll = np.array([_profile_loglik(x, base, xmin - np.exp(u))[0] for u in grid])
    inner = np.flatnonzero((ll[1:-1] >= ll[:-2]) & (ll[1:-1] >= ll[2:]) & np.isfinite(ll[1:-1]))
    if not inner.size:
        edge = "min(x)" if np.nanargmax(np.where(np.isfinite(ll), ll, -np.inf)) == 0 else "-inf"
        raise InputError(
            f"the 3-parameter {base} likelihood has no maximum with threshold below min(x) "
            f"(it keeps rising as the threshold goes to {edge}); use the 2-parameter "
            f"{base} or another distribution"
        )
    i = int(inner[np.argmax(ll[inner + 1])]) + 1
    res = optimize.minimize_scalar(
        lambda u: -_profile_loglik(x, base, xmin - np.exp(u))[0],
        bounds=(grid[i - 1], grid[i + 1]),
        method="bounded",
        options={"xatol": 1e-10},
    )
    u = float(res.x) if -res.fun >= ll[i] else float(grid[i])
    theta = xmin - float(np.exp(u))
    _, params = _profile_loglik(x, base, theta)
    params = {**params, "threshold": theta}
    return params, make(params, theta)


@dataclass(frozen=True)
class _Family:
    label: str
    fit: Callable
    positive: bool
    parameters: int = 2


FAMILIES: dict[str, _Family] = {
    "normal": _Family("Normal", _fit_normal, False),
    "lognormal": _Family("Lognormal", _fit_lognormal, True),
    "weibull": _Family("Weibull", _fit_weibull, True),
    "gamma": _Family("Gamma", _fit_gamma, True),
    "exponential": _Family("Exponential", _fit_exponential, True),
    "logistic": _Family("Logistic", _fit_logistic, False),
    "loglogistic": _Family("Loglogistic", _fit_loglogistic, True),
    "sev": _Family("Smallest extreme value", _fit_sev, False),
    "lev": _Family("Largest extreme value", _fit_lev, False),
    "weibull3": _Family("3-Parameter Weibull", lambda x: fit_threshold(x, "weibull3"), False, 3),
    "lognormal3": _Family(
        "3-Parameter Lognormal", lambda x: fit_threshold(x, "lognormal3"), False, 3
    ),
    "gamma3": _Family("3-Parameter Gamma", lambda x: fit_threshold(x, "gamma3"), False, 3),
    "loglogistic3": _Family(
        "3-Parameter Loglogistic", lambda x: fit_threshold(x, "loglogistic3"), False, 3
    ),
}


# Stephens' tables (D'Agostino & Stephens 1986): (adjustment of A^2, critical values, p levels)
_STEPHENS = {
    "ev": (
        lambda n: 1.0 + 0.2 / np.sqrt(n),
        (0.474, 0.637, 0.757, 0.877, 1.038),
        (0.25, 0.10, 0.05, 0.025, 0.01),
    ),
    "exponential": (
        lambda n: 1.0 + 0.6 / n,
        (0.916, 1.062, 1.321, 1.591, 1.959),
        (0.15, 0.10, 0.05, 0.025, 0.01),
    ),
    "logistic": (
        lambda n: 1.0 + 0.25 / n,
        (0.426, 0.563, 0.660, 0.769, 0.906, 1.010),
        (0.25, 0.10, 0.05, 0.025, 0.01, 0.005),
    ),
}
# D'Agostino & Stephens (1986) Table 4.21: gamma, shape and scale estimated; rows by shape m
_GAMMA_M = np.array([1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, np.inf])
_GAMMA_CRIT = np.array(
    [
        (0.486, 0.657, 0.786, 0.917, 1.092, 1.227),
        (0.477, 0.643, 0.768, 0.894, 1.062, 1.190),
        (0.475, 0.639, 0.762, 0.886, 1.052, 1.178),
        (0.473, 0.637, 0.759, 0.883, 1.048, 1.173),
        (0.472, 0.635, 0.758, 0.881, 1.045, 1.170),
        (0.472, 0.635, 0.757, 0.880, 1.043, 1.168),
        (0.471, 0.634, 0.755, 0.878, 1.041, 1.165),
        (0.471, 0.633, 0.754, 0.877, 1.040, 1.164),
        (0.471, 0.633, 0.754, 0.876, 1.039, 1.163),
        (0.470, 0.632, 0.754, 0.876, 1.038, 1.162),
        (0.470, 0.632, 0.753, 0.875, 1.038, 1.161),
        (0.470, 0.631, 0.752, 0.873, 1.035, 1.159),
    ]
)
_GAMMA_LEVELS = (0.25, 0.10, 0.05, 0.025, 0.01, 0.005)


def gamma_critical_values(shape: float) -> np.ndarray:
    """Table 4.21's critical values at a shape m >= 1 (linear in 1/m; below 1 the m = 1 row)."""
    inv = np.minimum(1.0 / max(float(shape), 1.0), 1.0)
    x = (1.0 / _GAMMA_M)[::-1]  # 0 (m = inf) ... 1 (m = 1), increasing
    rows = _GAMMA_CRIT[::-1]
    return np.array([np.interp(inv, x, rows[:, j]) for j in range(rows.shape[1])])


def gamma_ad_pvalue(a2: float, shape: float) -> tuple[float | None, str]:
    """(p, Minitab's text) of the gamma fit's A^2 from Table 4.21 at the fitted shape;
    (None, "*") for a shape below 1, which the table does not cover."""
    if shape < 1:
        return None, "*"
    crit, levels = gamma_critical_values(shape), _GAMMA_LEVELS
    if a2 <= crit[0]:
        return float(levels[0]), f">{levels[0]:.3f}"
    if a2 >= crit[-1]:
        return float(levels[-1]), f"<{levels[-1]:.3f}"
    p = float(np.exp(np.interp(a2, crit, np.log(levels))))
    return p, f"{p:.3f}"


_TABLE_OF = {
    "weibull": "ev",
    "sev": "ev",
    "lev": "ev",
    "exponential": "exponential",
    "logistic": "logistic",
    "loglogistic": "logistic",
}


def stephens_pvalue(a2: float, n: int, table: str) -> tuple[float, str]:
    """(p, Minitab's text) of A^2 from Stephens' table (see the module docstring)."""
    adjust, crit, levels = _STEPHENS[table]
    a = float(a2) * adjust(n)
    crit, lp = np.asarray(crit), np.log(levels)
    if a <= crit[0]:
        return float(levels[0]), f">{levels[0]:.3f}"
    if a >= crit[-1]:
        return float(levels[-1]), f"<{levels[-1]:.3f}"
    p = float(np.exp(np.interp(a, crit, lp)))
    return p, f"{p:.3f}"


def _p_text(p: float) -> str:
    return "<0.005" if p < 0.005 else f"{p:.3f}"


def fit_distribution(x: np.ndarray, name: str) -> Fit:
    """Maximum-likelihood fit of one family, scored with the Anderson-Darling statistic."""
    fam = FAMILIES[name]
    x = np.sort(np.asarray(x, dtype=float))
    if fam.positive and x[0] <= 0:
        raise InputError(
            f"the {fam.label.lower()} distribution needs all values > 0 "
            f"(smallest is {x[0]:g}); choose another distribution or 'auto'"
        )
    with np.errstate(all="ignore"):
        params, dist = fam.fit(x)
        ad = float(ad_from_log(dist.logcdf(x), dist.logsf(x)))
        loglik = float(np.sum(dist.logpdf(x)))
    text = "*"
    if name == "normal":
        p = float(ad_normal_pvalue(ad, x.size))
        text = _p_text(p)
    elif name == "lognormal":
        p = float(ad_normal(np.log(x))[1])
        text = _p_text(p)
    elif name in _TABLE_OF and np.isfinite(ad):
        p, text = stephens_pvalue(ad, x.size, _TABLE_OF[name])
    elif name == "gamma" and np.isfinite(ad):
        p, text = gamma_ad_pvalue(ad, params["shape"])
    else:
        p = None
    lrt_p = None
    if name in _SHIFTED and x[0] > 0:  # LRT against the 2-parameter family (threshold 0)
        two = FAMILIES[_SHIFTED[name][0]]
        with np.errstate(all="ignore"):
            _, d2 = two.fit(x)
            ll2 = float(np.sum(d2.logpdf(x)))
        lrt_p = float(stats.chi2.sf(max(2.0 * (loglik - ll2), 0.0), 1))
    return Fit(name, fam.label, params, dist, ad, p, loglik, text, lrt_p)


def fit_all(x: np.ndarray, names=None) -> tuple[list[Fit], list[str]]:
    """Fit every family that the data allow; (fits ranked by AD, families skipped)."""
    names = list(names or FAMILIES)
    positive = bool(np.min(x) > 0)
    fits, skipped = [], []
    for name in names:
        if FAMILIES[name].positive and not positive:
            skipped.append(name)
            continue
        try:
            fit = fit_distribution(x, name)
        except InputError:
            if name in _SHIFTED:  # no 3-parameter maximum (see the module docstring)
                continue
            raise
        if np.isfinite(fit.ad):
            fits.append(fit)
        else:
            skipped.append(name)
    fits.sort(key=lambda f: f.ad)
    return fits, skipped


def best_fit(fits: list[Fit]) -> Fit:
    """The smallest AD among non-normal fits, a 3-parameter one only when its LRT p < 0.05."""
    ok = [
        f
        for f in fits
        if f.name != "normal"
        and (f.name not in _SHIFTED or (f.lrt_p is not None and f.lrt_p < 0.05))
    ]
    return ok[0] if ok else fits[0]


def fits_frame(fits: list[Fit], chosen: str | None = None) -> pd.DataFrame:
    """Tidy ranking table: rank, distribution, label, parameters, ad, p_value, loglik, chosen,
    p_text (the p-value as Minitab prints it: ">0.250", "<0.010", "*" where none exists),
    lrt_p (3-parameter fits: LRT against the 2-parameter family; else None)."""
    rows = [
        dict(
            rank=i + 1,
            distribution=f.name,
            label=f.label,
            parameters=f.describe(),
            ad=f.ad,
            p_value=f.p_value,
            loglik=f.loglik,
            chosen=f.name == chosen,
            p_text=f.p_text,
            lrt_p=f.lrt_p,
        )
        for i, f in enumerate(fits)
    ]
    cols = [
        "rank",
        "distribution",
        "label",
        "parameters",
        "ad",
        "p_value",
        "loglik",
        "chosen",
        "p_text",
        "lrt_p",
    ]
    return pd.DataFrame(rows, columns=cols)


def percentile_indices(dist, lsl: float | None, usl: float | None) -> pd.DataFrame:
    """Overall indices by the percentile (ISO) method from a fitted distribution."""
    lo, med, hi = (float(v) for v in dist.ppf(ISO_P))
    rows = []
    if lsl is not None and usl is not None:
        rows.append(("pp", (usl - lsl) / (hi - lo)))
    sides = []
    if lsl is not None:
        sides.append((med - lsl) / (med - lo))
        rows.append(("ppl", sides[-1]))
    if usl is not None:
        sides.append((usl - med) / (hi - med))
        rows.append(("ppu", sides[-1]))
    rows.append(("ppk", min(sides)))
    return pd.DataFrame(
        [
            dict(index=i, basis="overall", value=float(v), lower=np.nan, upper=np.nan)
            for i, v in rows
        ],
        columns=["index", "basis", "value", "lower", "upper"],
    )


def dist_ppm(dist, lsl: float | None, usl: float | None) -> dict:
    """Expected PPM below LSL / above USL from a fitted distribution's CDF."""
    below = float(dist.cdf(lsl) * 1e6) if lsl is not None else None
    above = float(dist.sf(usl) * 1e6) if usl is not None else None
    return dict(below=below, above=above, total=sum(v for v in (below, above) if v is not None))


# ------------------------------------------------------------------ transformations
@dataclass(frozen=True)
class Transform:
    """A monotone increasing transformation to normality and its inverse and derivative."""

    name: str  # "boxcox" or "johnson"
    label: str
    params: dict
    forward: Callable[[np.ndarray], np.ndarray]
    inverse: Callable[[np.ndarray], np.ndarray]
    derivative: Callable[[np.ndarray], np.ndarray]
    lower: float = -np.inf  # support of the forward transform (open interval)
    upper: float = np.inf
    ad: float = np.nan  # normality of the transformed data
    p_value: float = np.nan
    notes: list = field(default_factory=list)

    def apply_limit(self, v: float | None) -> float | None:
        """Transform a specification limit; outside the support it maps to -inf / +inf."""
        if v is None:
            return None
        if v <= self.lower:
            return -np.inf
        if v >= self.upper:
            return np.inf
        return float(self.forward(np.array([v]))[0])


def boxcox_within_lambda(x: np.ndarray, within: Callable[[np.ndarray], float]) -> float:
    """Minitab's Box-Cox lambda for subgrouped data: argmin over [-5, 5] of
    ``within(w(lambda))``, w = (x^lambda - 1) / (lambda GM^(lambda - 1)) (GM ln x at 0).

    ``within`` maps values (in the data's order) to their within-subgroup sigma. A grid of
    step 0.01 brackets the minimum, then a bounded scalar search refines it.
    """
    lx = np.log(x)
    lgm = float(lx.mean())

    def w(lam: float) -> np.ndarray:
        if abs(lam) < 1e-12:
            return np.exp(lgm) * lx
        # (x^l - 1) / (l GM^(l-1)), computed as expm1(l ln x) / l * GM^(1-l)
        return np.expm1(lam * lx) / lam * np.exp((1.0 - lam) * lgm)

    grid = np.round(np.arange(-5.0, 5.0001, 0.01), 2)
    with np.errstate(all="ignore"):
        vals = np.array([within(w(g)) for g in grid])  # 1001 lambdas, each vectorised
    vals = np.where(np.isfinite(vals), vals, np.inf)
    i = int(np.argmin(vals))
    lo, hi = grid[max(i - 1, 0)], grid[min(i + 1, grid.size - 1)]
    if lo == hi:
        return float(grid[i])
    with np.errstate(all="ignore"):
        res = optimize.minimize_scalar(
            lambda g: within(w(g)), bounds=(lo, hi), method="bounded", options={"xatol": 1e-10}
        )
    return float(res.x) if res.fun <= vals[i] else float(grid[i])


def boxcox(
    x: np.ndarray,
    lam: float | str | None = None,
    within: Callable[[np.ndarray], float] | None = None,
) -> Transform:
    """Box-Cox transformation with lambda estimated, ``"rounded"`` or given.

    The estimate minimises ``within`` (the within-subgroup sigma of the standardised values,
    as Minitab for subgrouped data) when it is given, else it is the maximum likelihood one.
    """
    if np.min(x) <= 0:
        raise InputError(
            f"the Box-Cox transformation needs all values > 0 (smallest is {np.min(x):g}); "
            "use the Johnson transformation or a distribution fit"
        )
    estimated = None
    if lam is None or lam == "rounded":
        if within is not None:
            estimated = boxcox_within_lambda(np.asarray(x, dtype=float), within)
        else:
            with np.errstate(all="ignore"):
                estimated = float(stats.boxcox_normmax(x, method="mle", brack=(-2.0, 2.0)))
        lam = round(estimated * 2.0) / 2.0 if lam == "rounded" else estimated
    else:
        try:
            lam = float(lam)
        except (TypeError, ValueError):
            raise InputError(f"Box-Cox lambda must be a number or 'rounded', got {lam!r}") from None
    lam = float(lam)

    def fwd(v):
        return special.boxcox(v, lam)

    def inv(y):
        return special.inv_boxcox(y, lam)

    def der(v):
        return np.power(v, lam - 1.0)

    params = {"lambda": lam}
    if estimated is not None and estimated != lam:
        params["lambda_estimate"] = estimated
    if estimated is not None:
        params["lambda_method"] = "within-subgroup sigma" if within is not None else "mle"
    a2, p = ad_normal(np.sort(fwd(x)))
    return Transform(
        "boxcox", "Box-Cox", params, fwd, inv, der, lower=0.0, ad=float(a2), p_value=float(p)
    )


_JOHNSON_Z = np.round(np.arange(0.25, 1.2501, 0.01), 2)


def _johnson_params(xq: np.ndarray, z: np.ndarray) -> dict:
    """Slifker & Shapiro (1980) parameters for every z; xq columns at -3z, -z, z, 3z."""
    x3m, x1m, x1, x3 = xq.T
    m, n, p = x3 - x1, x1m - x3m, x1 - x1m
    with np.errstate(all="ignore"):
        qr = m * n / p**2
        mp, nq = m / p, n / p
        # S_U
        su_eta = 2 * z / np.arccosh(0.5 * (mp + nq))
        su_gamma = su_eta * np.arcsinh((nq - mp) / (2 * np.sqrt(mp * nq - 1)))
        su_lam = 2 * p * np.sqrt(mp * nq - 1) / ((mp + nq - 2) * np.sqrt(mp + nq + 2))
        su_eps = (x1 + x1m) / 2 + p * (nq - mp) / (2 * (mp + nq - 2))
        # S_B
        pm, pn = p / m, p / n
        t = (1 + pm) * (1 + pn)
        sb_eta = z / np.arccosh(0.5 * np.sqrt(t))
        sb_gamma = sb_eta * np.arcsinh((pn - pm) * np.sqrt(t - 4) / (2 * (p**2 / (m * n) - 1)))
        sb_lam = p * np.sqrt((t - 2) ** 2 - 4) / (p**2 / (m * n) - 1)
        sb_eps = (x1 + x1m) / 2 - sb_lam / 2 + p * (pn - pm) / (2 * (p**2 / (m * n) - 1))
        # S_L
        sl_eta = 2 * z / np.log(mp)
        sl_gamma = sl_eta * np.log((mp - 1) / (p * np.sqrt(mp)))
        sl_eps = (x1 + x1m) / 2 - (p / 2) * (mp + 1) / (mp - 1)
    return dict(
        qr=qr,
        su=(su_gamma, su_eta, su_eps, su_lam),
        sb=(sb_gamma, sb_eta, sb_eps, sb_lam),
        sl=(sl_gamma, sl_eta, sl_eps, np.ones_like(z)),
        valid=(m > 0) & (n > 0) & (p > 0),
    )


def johnson_forward(family: str, gamma, eta, eps, lam, x):
    """Johnson transformation z = gamma + eta g((x - eps) / lam) (broadcasts)."""
    if family == "SU":
        return gamma + eta * np.arcsinh((x - eps) / lam)
    if family == "SB":
        return gamma + eta * np.log((x - eps) / (lam + eps - x))
    return gamma + eta * np.log(x - eps)


def johnson(x: np.ndarray, z_grid: np.ndarray | None = None) -> Transform:
    """Johnson transformation chosen as Chou et al. (1998) / Minitab (see module docstring)."""
    xs = np.sort(np.asarray(x, dtype=float))
    if np.ptp(xs) == 0:
        raise InputError("all values are identical; the Johnson transformation needs variation")
    z = _JOHNSON_Z if z_grid is None else np.asarray(z_grid, dtype=float)
    probs = stats.norm.cdf(np.stack([-3 * z, -z, z, 3 * z], axis=1))
    xq = np.quantile(xs, probs.ravel(), method="weibull").reshape(probs.shape)
    P = _johnson_params(xq, z)
    qr = P["qr"]
    fam = np.where(np.isclose(qr, 1.0, rtol=1e-9, atol=0), "SL", np.where(qr > 1, "SU", "SB"))
    cand = []  # (family, gamma, eta, eps, lam, z) for each valid grid point
    for code, key in (("SU", "su"), ("SB", "sb"), ("SL", "sl")):
        g, e, ep, lm = P[key]
        ok = (
            P["valid"]
            & (fam == code)
            & np.isfinite(g)
            & np.isfinite(e)
            & np.isfinite(ep)
            & np.isfinite(lm)
        )
        ok &= (e > 0) & (lm > 0)
        if code == "SB":
            ok &= (ep < xs[0]) & (ep + lm > xs[-1])
        if code == "SL":
            ok &= ep < xs[0]
        for i in np.flatnonzero(ok):
            cand.append((code, g[i], e[i], ep[i], lm[i], z[i]))
    if not cand:
        raise InputError(
            "no Johnson transformation fits these data; use a distribution fit instead"
        )
    best = None
    chunk = max(1, int(4_000_000 // max(xs.size, 1)))
    for start in range(0, len(cand), chunk):  # chunks of the z grid, not of the data
        block = cand[start : start + chunk]
        fams = {c[0] for c in block}
        for f in fams:
            sub = [c for c in block if c[0] == f]
            g, e, ep, lm = (np.array([c[j] for c in sub])[:, None] for j in range(1, 5))
            with np.errstate(all="ignore"):
                y = johnson_forward(f, g, e, ep, lm, xs[None, :])
                a2, p = ad_normal(y)
            p = np.where(np.isfinite(a2), p, -1.0)
            i = int(np.argmax(p))
            if best is None or p[i] > best[1]:
                best = (sub[i], float(p[i]), float(a2[i]))
    (family, g, e, ep, lm, zz), p, a2 = best
    g, e, ep, lm = float(g), float(e), float(ep), float(lm)
    params = {"family": family, "gamma": g, "eta": e, "epsilon": ep, "lambda": lm, "z": float(zz)}
    if family == "SL":
        params.pop("lambda")

    def fwd(v):
        return johnson_forward(family, g, e, ep, lm, v)

    def inv(y):
        u = (np.asarray(y, dtype=float) - g) / e
        if family == "SU":
            return ep + lm * np.sinh(u)
        if family == "SB":
            return ep + lm / (1.0 + np.exp(-u))
        return ep + np.exp(u)

    def der(v):
        if family == "SU":
            return e / np.sqrt(lm**2 + (v - ep) ** 2)
        if family == "SB":
            return e * lm / ((v - ep) * (lm + ep - v))
        return e / (v - ep)

    lower = ep if family in ("SB", "SL") else -np.inf
    upper = ep + lm if family == "SB" else np.inf
    label = {"SU": "Johnson S_U", "SB": "Johnson S_B", "SL": "Johnson S_L"}[family]
    return Transform(
        "johnson", label, params, fwd, inv, der, lower=lower, upper=upper, ad=a2, p_value=p
    )
