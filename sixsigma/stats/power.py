"""Power and sample size: give all but one of n, delta (difference to detect) and power.

Formulas (n is the size of each group; one tail of a two-sided test, as R's default
``strict = FALSE``; ``strict=True`` adds the far tail, as Minitab does — the difference is
below 1e-6 unless the effect is tiny):
- t tests (R's power.t.test): df = (n - 1)·m, ncp = √(n/m)·δ/σ with m = 1 (1-sample, paired)
  or 2 (2-sample); power = P(t'(df, ncp) > t(1 - α/s, df)), s = 2 for two-sided.
- 2 proportions (R's power.prop.test): power = Φ((√n |p1 - p2| - z(1-α/s) √((p1+p2)(q1+q2)/2)) / √(p1q1 + p2q2)).
- 1 proportion (normal approximation, Minitab): power = Φ((√n |p - p0| - z(1-α/s) √(p0q0)) / √(pq)).
- 2-sample Poisson rate (normal approximation of the difference with equal exposure n per
  group): power = Φ(√n |λ2 - λ1| / √(λ1 + λ2) - z(1-α/s)), i.e. n = (z_α + z_β)²(λ1+λ2)/(λ1-λ2)².
- One-way ANOVA (R's power.anova.test): λ = (k - 1)·n·between_var/σ²; with Minitab's
  "maximum difference" δ between two means (others at the centre) between_var = δ²/(2(k - 1)),
  so λ = nδ²/(2σ²); power = P(F'(k-1, k(n-1), λ) > F(1-α)).
The unknown is solved with Brent's method to full precision (R's uniroot stops at 1.2e-4).
``n`` is the exact solution (fractional, as R prints it); ``n_rounded`` is the whole number to
use and ``actual_power`` the power it gives.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
import pandas as pd
from scipy import optimize
from scipy import stats as st

from sixsigma.errors import InputError, unknown
from sixsigma.results import ResultMixin, jsonable
from sixsigma.stats.result import fmt, normalize_alternative

TESTS = (
    "one-sample-t",
    "two-sample-t",
    "paired-t",
    "one-proportion",
    "two-proportions",
    "poisson-rate",
    "anova",
)
_ALIASES = {
    "1-sample-t": "one-sample-t",
    "2-sample-t": "two-sample-t",
    "1-proportion": "one-proportion",
    "2-proportions": "two-proportions",
    "one-way-anova": "anova",
    "anova-oneway": "anova",
    "poisson-rate-two": "poisson-rate",
    "2-sample-poisson": "poisson-rate",
}


@dataclass(frozen=True)
class PowerResult(ResultMixin):
    """A solved power / sample-size problem, with a power curve for the figure."""

    test: str
    solve_for: str
    n: float
    power: float
    delta: float
    alpha: float
    alternative: str
    n_rounded: int
    actual_power: float
    parameters: dict
    curve: pd.DataFrame
    curve_x: str
    conclusion: str
    extra: dict = field(default_factory=dict)

    figure_builder: ClassVar[str] = "sixsigma.plots.stats:power_figure"

    def to_dict(self) -> dict:
        out: dict[str, Any] = {
            "test": self.test,
            "solve_for": self.solve_for,
            "n": self.n,
            "power": self.power,
            "delta": self.delta,
            "alpha": self.alpha,
            "alternative": self.alternative,
            "n_rounded": self.n_rounded,
            "actual_power": self.actual_power,
            **self.parameters,
            "conclusion": self.conclusion,
        }
        out.update(self.extra)
        return jsonable(out)

    def summary(self) -> str:
        return f"Power and sample size: {self.test}\n{self.conclusion}"


def _tails(alternative: str) -> int:
    return 2 if alternative == "two-sided" else 1


def _t_power(mult: int):
    def f(n, delta, sd, alpha, tside, strict):
        nu = (n - 1) * mult
        qu = st.t.isf(alpha / tside, nu)
        ncp = np.sqrt(n / mult) * abs(delta) / sd
        p = st.nct.sf(qu, nu, ncp)
        if strict and tside == 2:
            # Far tail; scipy's nct.cdf returns NaN for large df and ncp, where the tail is
            # the normal one Φ(-t - ncp) to many digits (below 1e-100 there anyway).
            far = st.nct.cdf(-qu, nu, ncp)
            p = p + np.where(np.isnan(far), st.norm.cdf(-qu - ncp), far)
        return p

    return f


def _prop2_power(n, p1, p2, alpha, tside, strict):
    qu = st.norm.isf(alpha / tside)
    d = abs(p1 - p2)
    q1, q2 = 1 - p1, 1 - p2
    h0 = qu * np.sqrt((p1 + p2) * (q1 + q2) / 2)
    s1 = np.sqrt(p1 * q1 + p2 * q2)
    p = st.norm.cdf((np.sqrt(n * d * d) - h0) / s1)
    if strict and tside == 2:
        p = p + st.norm.sf((np.sqrt(n * d * d) + h0) / s1)
    return p


def _prop1_power(n, p0, p, alpha, tside, strict):
    qu = st.norm.isf(alpha / tside)
    d = abs(p - p0)
    s0, s1 = np.sqrt(p0 * (1 - p0)), np.sqrt(p * (1 - p))
    out = st.norm.cdf((np.sqrt(n) * d - qu * s0) / s1)
    if strict and tside == 2:
        out = out + st.norm.sf((np.sqrt(n) * d + qu * s0) / s1)
    return out


def _poisson2_power(n, r1, r2, alpha, tside, strict):
    qu = st.norm.isf(alpha / tside)
    shift = np.sqrt(n) * abs(r2 - r1) / np.sqrt(r1 + r2)
    out = st.norm.cdf(shift - qu)
    if strict and tside == 2:
        out = out + st.norm.sf(shift + qu)
    return out


def _anova_power(n, k, lam_per_n, alpha):
    df1, df2 = k - 1, (n - 1) * k
    return st.ncf.sf(st.f.isf(alpha, df1, df2), df1, df2, lam_per_n * n)


def _solve(f: Callable[[float], float], lo: float, hi: float, what: str) -> float:
    flo, fhi = f(lo), f(hi)
    if not (np.isfinite(flo) and np.isfinite(fhi)):
        raise InputError(
            f"the power is not defined at the ends of the {what} range [{fmt(lo)}, {fmt(hi)}] "
            "for these inputs; check that delta and sd are of ordinary sizes and units"
        )
    if flo * fhi > 0:
        raise InputError(
            f"no {what} in [{fmt(lo)}, {fmt(hi)}] gives the requested power; "
            "check the inputs (power must exceed alpha)"
        )
    return float(optimize.brentq(f, lo, hi, xtol=1e-12, rtol=4 * np.finfo(float).eps, maxiter=500))


#: Largest sample size accepted or solved for (the t and F tails lose accuracy beyond it).
_N_MAX = 1e7


def _check_effect(delta, sd):
    """|delta| / sd above 1e7: the noncentral tails overflow (and the power is 1 anyway)."""
    if delta is not None and abs(delta) / sd > 1e7:
        raise InputError(
            f"delta / sd = {abs(delta) / sd:.3g}: a difference of more than 1e7 standard "
            "deviations is certain to be detected; check the units of delta and sd"
        )


def _check_prob(name, v):
    if v is not None and not 0 < v < 1:
        raise InputError(f"{name} = {v} must be between 0 and 1")


@dataclass
class _Problem:
    """One test turned into power(n, effect) with its natural effect parameter ``delta``."""

    pw: Callable
    d_range: tuple
    params: dict
    effect_word: str
    delta: float | None


def _setup_t(a: dict, tside: int) -> _Problem:
    fpow = _t_power(2 if a["name"] == "two-sample-t" else 1)
    sd, alpha, strict = a["sd"], a["alpha"], a["strict"]

    def pw(nn, dd):
        return fpow(nn, dd, sd, alpha, tside, strict)

    _check_effect(a["delta"], sd)
    return _Problem(pw, (sd * 1e-7, sd * 1e7), {"sd": sd}, "a difference in means of", a["delta"])


def _setup_two_proportions(a: dict, tside: int) -> _Problem:
    p1, p2, delta, alpha, strict = a["p1"], a["p2"], a["delta"], a["alpha"], a["strict"]
    if p1 is None:
        raise InputError("two-proportions power needs p1 (the baseline proportion)")
    _check_prob("p1", p1)
    if p2 is not None:
        _check_prob("p2", p2)
        if delta is not None:
            raise InputError("give p2 or delta (= p2 - p1), not both")
        delta = p2 - p1

    def pw(nn, dd):
        return _prop2_power(nn, p1, p1 + dd, alpha, tside, strict)

    return _Problem(pw, (1e-10, 1 - 1e-10 - p1), {"p1": p1}, "a change in proportion of", delta)


def _setup_one_proportion(a: dict, tside: int) -> _Problem:
    p0, p1, delta, alpha, strict = a["p0"], a["p1"], a["delta"], a["alpha"], a["strict"]
    if p0 is None:
        raise InputError("one-proportion power needs p0 (the hypothesized proportion)")
    _check_prob("p0", p0)
    if p1 is not None:
        _check_prob("p1", p1)
        if delta is not None:
            raise InputError("give p1 or delta (= p1 - p0), not both")
        delta = p1 - p0

    def pw(nn, dd):
        return _prop1_power(nn, p0, p0 + dd, alpha, tside, strict)

    return _Problem(pw, (1e-10, 1 - 1e-10 - p0), {"p0": p0}, "a proportion away from p0 by", delta)


def _setup_poisson(a: dict, tside: int) -> _Problem:
    rate1, rate2, delta, alpha, strict = a["rate1"], a["rate2"], a["delta"], a["alpha"], a["strict"]
    if rate1 is None or rate1 <= 0:
        raise InputError(
            "poisson-rate power needs rate1 > 0 (the baseline rate per unit of exposure)"
        )
    if rate2 is not None:
        if rate2 <= 0:
            raise InputError("rate2 must be positive")
        if delta is not None:
            raise InputError("give rate2 or delta (= rate2 - rate1), not both")
        delta = rate2 - rate1

    def pw(nn, dd):
        return _poisson2_power(nn, rate1, rate1 + dd, alpha, tside, strict)

    return _Problem(pw, (rate1 * 1e-9, rate1 * 1e6), {"rate1": rate1}, "a change in rate of", delta)


def _setup_anova(a: dict, tside: int) -> _Problem:
    groups, between_var, delta, sd, alpha = (
        a["groups"], a["between_var"], a["delta"], a["sd"], a["alpha"]
    )
    if groups is None or groups < 2:
        raise InputError("anova power needs groups >= 2 (the number of groups)")
    if a["alternative"] != "two-sided":
        raise InputError("ANOVA's F test has no one-sided alternative")
    k = int(groups)
    if between_var is not None:
        if delta is not None:
            raise InputError("give delta (largest difference) or between_var, not both")
        # Express R's between-group variance as the equivalent largest difference.
        delta = math.sqrt(2 * (k - 1) * between_var)

    def pw(nn, dd):
        return _anova_power(nn, k, dd * dd / (2 * sd * sd), alpha)

    params: dict[str, Any] = {"sd": sd, "groups": k}
    if between_var is not None:
        params["between_var"] = between_var
    _check_effect(delta, sd)
    return _Problem(
        pw, (sd * 1e-7, sd * 1e7), params, "a largest difference between group means of", delta
    )


_SETUP: dict[str, Callable[[dict, int], _Problem]] = {
    "one-sample-t": _setup_t,
    "paired-t": _setup_t,
    "two-sample-t": _setup_t,
    "two-proportions": _setup_two_proportions,
    "one-proportion": _setup_one_proportion,
    "poisson-rate": _setup_poisson,
    "anova": _setup_anova,
}

#: The parameter each test reports for the effect it solved: name, base input.
_SOLVED_PARAM = {
    "two-proportions": ("p2", "p1"),
    "one-proportion": ("p1", "p0"),
    "poisson-rate": ("rate2", "rate1"),
}

_UNIT = {
    "two-sample-t": "per group",
    "two-proportions": "per group",
    "anova": "per group",
    "poisson-rate": "units of exposure per group",
    "paired-t": "pairs",
}


def _check_inputs(a: dict) -> None:
    for key in ("n", "delta", "power", "sd", "alpha", "p1", "p2", "p0", "rate1", "rate2",
                "groups", "between_var"):
        v = a[key]
        if v is not None and not (isinstance(v, (int, float, np.number)) and math.isfinite(v)):
            raise InputError(f"{key} = {v} is not a finite number; give a finite {key}")
    n = a["n"]
    if n is not None and n > _N_MAX:
        raise InputError(f"n = {n:g} is beyond the {_N_MAX:g} this solver covers; give a smaller n")
    if a["between_var"] is not None and a["between_var"] <= 0:
        raise InputError("between_var (the variance of the group means) must be positive")
    _check_prob("alpha", a["alpha"])
    _check_prob("power", a["power"])
    if a["sd"] is None or a["sd"] <= 0:
        raise InputError("sd must be positive")
    if n is not None and n < 2:
        raise InputError("n must be at least 2")


def _solve_unknown(a: dict, prob: _Problem, tside: int):
    """Solve the missing one of n, delta, power; return (solve_for, n, delta, power, sign, pws, d_range)."""
    n, delta, power, alpha, name = a["n"], prob.delta, a["power"], a["alpha"], a["name"]
    missing = [k_ for k_, v in (("n", n), ("delta", delta), ("power", power)) if v is None]
    if len(missing) != 1:
        raise InputError(
            "give exactly two of n, delta (or p2 / rate2) and power; the third is solved for "
            f"(missing: {', '.join(missing) or 'none'})"
        )
    solve_for = missing[0]
    # Direction of the effect: the sign of delta, or (when solving for it) down for "less".
    sign = float(np.sign(delta)) if delta is not None else (-1.0 if a["alternative"] == "less" else 1.0)
    if delta is not None and delta == 0:
        raise InputError("delta must not be zero")
    d_range = prob.d_range
    base = {"two-proportions": a["p1"], "one-proportion": a["p0"]}.get(name)
    if base is not None:  # p + delta must stay inside (0, 1)
        d_range = (1e-10, (1 - 1e-10 - base) if sign > 0 else (base - 1e-10))
    elif name == "poisson-rate" and sign < 0:
        d_range = (a["rate1"] * 1e-9, a["rate1"] * (1 - 1e-9))

    def pws(nn, size):  # power as a function of the effect size |delta| in the chosen direction
        return prob.pw(nn, sign * size)

    if solve_for == "power":
        power = float(pws(n, abs(delta)))
    elif solve_for == "n":
        if power <= alpha / tside:
            raise InputError("power must exceed alpha")
        n = _solve(
            lambda nn: pws(nn, abs(delta)) - power,
            2.0,
            _N_MAX if name != "anova" else 1e5,
            "sample size",
        )
    else:
        delta = _solve(lambda dd: pws(n, dd) - power, *d_range, "difference")
    delta = float(sign * abs(delta))
    if not (math.isfinite(n) and math.isfinite(delta) and math.isfinite(power)):
        raise InputError(
            f"the {solve_for} could not be computed for these inputs (a tail probability is "
            "not defined there); check that delta and sd are of ordinary sizes"
        )
    return solve_for, n, delta, power, sign, pws, d_range


def _conclusion(solve_for, name, effect_word, n, n_round, delta, power, actual, alpha, alternative):
    unit = _UNIT.get(name, "in the sample")
    if solve_for == "n":
        return (
            f"to detect {effect_word} {delta:.4g} with {power:.0%} power at alpha = {alpha:g} "
            f"({alternative}), you need {n_round:,} {unit} (exact solution {n:.6g}; actual power {actual:.3f})"
        )
    if solve_for == "power":
        return (
            f"with n = {n:.6g} {unit}, the power to detect {effect_word} {delta:.4g} at alpha = {alpha:g} "
            f"is {power:.3f}"
        )
    return (
        f"with n = {n:.6g} {unit} and {power:.0%} power at alpha = {alpha:g}, "
        f"the smallest detectable difference is {delta:.4g}"
    )


def power(
    test: str,
    *,
    n: float | None = None,
    delta: float | None = None,
    power: float | None = None,
    sd: float = 1.0,
    alpha: float = 0.05,
    alternative: str = "two-sided",
    p1: float | None = None,
    p2: float | None = None,
    p0: float | None = None,
    rate1: float | None = None,
    rate2: float | None = None,
    groups: int | None = None,
    between_var: float | None = None,
    strict: bool = False,
) -> PowerResult:
    """Solve for whichever of n, delta, power is None (exactly one must be).

    ``test``: one-sample-t, two-sample-t, paired-t (delta, sd); one-proportion (p0 and p1 =
    the true proportion, or delta = p1 - p0); two-proportions (p1, p2 or delta = p2 - p1);
    poisson-rate (rate1 = baseline rate per unit of exposure, rate2 or delta = rate2 - rate1,
    n = exposure units per group); anova (groups = k, delta = largest difference between
    means, sd; or between_var as R's power.anova.test).
    """
    name = _ALIASES.get(str(test).lower(), str(test).lower())
    if name not in TESTS:
        raise unknown("power test", test, TESTS)
    alternative = normalize_alternative(alternative)
    tside = _tails(alternative)
    a = dict(name=name, n=n, delta=delta, power=power, sd=sd, alpha=alpha, p1=p1, p2=p2, p0=p0,
             rate1=rate1, rate2=rate2, groups=groups, between_var=between_var,
             alternative=alternative, strict=strict)
    _check_inputs(a)
    prob = _SETUP[name](a, tside)
    solve_for, n, delta, power, sign, pws, d_range = _solve_unknown(a, prob, tside)
    n_round = int(math.ceil(n - 1e-9))
    actual = float(pws(n_round, abs(delta)))
    # Power curve over the effect at the (rounded) sample size.
    grid = np.linspace(0, 2 * abs(delta), 61)[1:]
    grid = grid[grid < d_range[1]]
    curve = pd.DataFrame({"delta": sign * grid, "power": pws(n_round, grid)})
    params = prob.params
    if name in _SOLVED_PARAM:
        key, base = _SOLVED_PARAM[name]
        params[key] = a[base] + delta
    elif name == "anova":  # R's between.var = var(means) for the largest-difference layout
        params["between_var"] = delta * delta / (2 * (int(groups) - 1))
    return PowerResult(
        test=name,
        solve_for=solve_for,
        n=float(n),
        power=float(power),
        delta=float(delta),
        alpha=alpha,
        alternative=alternative,
        n_rounded=n_round,
        actual_power=actual,
        parameters=params,
        curve=curve,
        curve_x="delta",
        conclusion=_conclusion(solve_for, name, prob.effect_word, n, n_round, delta, power,
                               actual, alpha, alternative),
        extra={"strict": strict},
    )
