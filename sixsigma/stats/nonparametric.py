"""Rank and sign tests: Mann-Whitney (with the Hodges-Lehmann estimate and interval),
Wilcoxon signed-rank, and the sign test.

Mann-Whitney and Wilcoxon follow R's ``wilcox.test(..., conf.int = TRUE)`` exactly:
- statistic: W = rank sum of the first sample - n1(n1 + 1)/2 (the Mann-Whitney U; Minitab
  prints the rank sum itself, reported as ``rank_sum``), V = sum of positive ranks;
- exact p-values and intervals when n < 50 (each sample) and there are no ties (nor zeros
  for signed ranks): interval ends are order statistics of the pairwise differences (Walsh
  averages) at the quantiles of the exact null distribution, estimate = their median (the
  Hodges-Lehmann estimate);
- otherwise the normal approximation with tie-corrected variance and continuity correction;
  the interval and the Hodges-Lehmann estimate then invert the standardized statistic with
  R's uniroot (tolerance 1e-4), so they match R's printed values. ``hl_median`` also gives
  the median of the pairwise differences (Minitab's point estimate) when it fits in memory.
Sign test (Minitab's 1-sample sign): binomial test on the counts above and below the
hypothesized median (values equal to it dropped); the interval is the widest pair of order
statistics whose exact confidence is at least the level (its achieved confidence reported).
"""

from __future__ import annotations

import numpy as np
from scipy import stats as st

from sixsigma.errors import InputError
from sixsigma.stats import checks as ck
from sixsigma.stats.describe import group_summary
from sixsigma.stats.inputs import as_groups, as_sample, paired
from sixsigma.stats.result import (
    TestResult,
    alpha_of,
    check_confidence,
    checks_frame,
    decision_text,
    fmt,
    fmt_ci,
    fmt_p,
    hypotheses_text,
    normalize_alternative,
)
from sixsigma.stats.roots import uniroot

_MAX_PAIRWISE = 20_000_000  # pairwise differences kept in memory for the HL median
_QEPS = 10 * np.finfo(float).eps



def _root_in(f, lo: float, hi: float) -> float:
    """Root of the decreasing standardized statistic f on [lo, hi] by R's uniroot (tol 1e-4).

    When f does not change sign (fully separated or constant samples) the end where it
    already crosses zero is the estimate, as wilcox.test does for its interval ends; R's own
    estimate call stops with an error there.
    """
    f_lo, f_hi = f(lo), f(hi)
    if f_lo <= 0:
        return float(lo)
    if f_hi >= 0:
        return float(hi)
    return float(uniroot(f, lo, hi, tol=1e-4, f_lower=f_lo, f_upper=f_hi))

def wilcox_counts(m: int, n: int) -> np.ndarray:
    """Counts of U = 0..mn under H0: coefficients of the Gaussian binomial [m+n choose m]_q
    = Π_{i=1..m} (1 - q^(n+i))/(1 - q^i). One polynomial step per i (m < 50 in the exact case)."""
    f = np.zeros(m * n + 1)
    f[0] = 1.0
    for i in range(1, m + 1):
        g = f.copy()
        g[n + i :] -= f[: f.size - (n + i)]  # times (1 - q^(n+i)), truncated at degree mn
        pad = (-g.size) % i  # divided by (1 - q^i): h[j] = g[j] + h[j - i]
        f = np.cumsum(np.concatenate([g, np.zeros(pad)]).reshape(-1, i), axis=0).ravel()[: g.size]
    return f


def signrank_counts(n: int) -> np.ndarray:
    """Counts of V = 0..n(n+1)/2 under H0: coefficients of Π_{k=1..n} (1 + q^k)."""
    top = n * (n + 1) // 2
    f = np.zeros(top + 1)
    f[0] = 1.0
    for k in range(1, n + 1):  # one polynomial step per rank (n < 50 in the exact case)
        f[k:] = f[k:] + f[: top + 1 - k]
    return f


def _cdf(counts: np.ndarray) -> np.ndarray:
    return np.cumsum(counts) / counts.sum()


def _p_le(cdf, q) -> float:
    q = int(np.floor(q))
    return 0.0 if q < 0 else float(cdf[min(q, cdf.size - 1)])


def _quantile(cdf: np.ndarray, p: float) -> int:
    """R's qwilcox/qsignrank: smallest q with P(X <= q) >= p (with R's 10 eps fuzz)."""
    top = cdf.size - 1
    if p <= 0.5:
        return int(np.searchsorted(cdf, p - _QEPS, side="left"))
    # Upper half: R accumulates from the top for accuracy; by symmetry of the distribution.
    x = 1 - p + _QEPS
    q = int(np.searchsorted(cdf, x, side="right"))
    return top - q


def _p_ge(cdf, q) -> float:
    """P(X >= q) as the mirrored lower tail P(X <= top - q) (the null distributions are
    symmetric), summed from the tail as R's pwilcox/psignrank do: 1 - P(X <= q - 1) would lose
    the small upper-tail p-values to cancellation (relative error 1e-7 at p = 1e-8)."""
    return _p_le(cdf, cdf.size - 1 - int(np.ceil(q)))


def _exact_p(stat, cdf, mid, alternative):
    if alternative == "two-sided":
        p = _p_ge(cdf, stat) if stat > mid else _p_le(cdf, stat)
        return min(2 * p, 1.0)
    if alternative == "greater":
        return _p_ge(cdf, stat)
    return _p_le(cdf, stat)


def _normal_p(z, alternative):
    if alternative == "less":
        return float(st.norm.cdf(z))
    if alternative == "greater":
        return float(st.norm.sf(z))
    return float(2 * min(st.norm.cdf(z), st.norm.sf(z)))


def _tie_sum(values: np.ndarray) -> float:
    _, t = np.unique(values, return_counts=True)
    return float(np.sum(t.astype(float) ** 3 - t))


def _corr(alternative, z):
    return {"two-sided": np.sign(z) * 0.5, "greater": 0.5, "less": -0.5}[alternative]


def _mw_exact(x, y, w, alpha, alternative):
    """Exact p from the Wilcoxon rank-sum distribution; CI from order statistics of x_i - y_j."""
    nx, ny = x.size, y.size
    cdf = _cdf(wilcox_counts(nx, ny))
    p = _exact_p(w, cdf, nx * ny / 2, alternative)
    diffs = np.sort(np.subtract.outer(x, y).ravel())
    mn = nx * ny
    if alternative == "two-sided":
        qu = max(_quantile(cdf, alpha / 2), 1)
        ci = (diffs[qu - 1], diffs[mn - qu])
    elif alternative == "greater":
        qu = max(_quantile(cdf, alpha), 1)
        ci = (diffs[qu - 1], np.inf)
    else:
        qu = max(_quantile(cdf, alpha), 1)
        ci = (-np.inf, diffs[mn - qu])
    est = float(np.median(diffs))
    return p, ci, est, est


def _mw_normal(x, y, w, r, alpha, alternative, correction):
    """z = (W - mn/2 ∓ ½)/σ with the tie-corrected σ; CI by inverting z in the shift (R)."""
    nx, ny = x.size, y.size
    z = w - nx * ny / 2
    sigma = np.sqrt(nx * ny / 12 * ((nx + ny + 1) - _tie_sum(r) / ((nx + ny) * (nx + ny - 1))))
    if sigma == 0:
        raise InputError("all observations are tied; the Mann-Whitney test needs variation")
    z = (z - (_corr(alternative, z) if correction else 0.0)) / sigma
    p = _normal_p(z, alternative)

    def wfun(d, corrected):
        dr = st.rankdata(np.concatenate([x - d, y]))
        dz = dr[:nx].sum() - nx * (nx + 1) / 2 - nx * ny / 2
        sig = np.sqrt(
            nx * ny / 12 * ((nx + ny + 1) - _tie_sum(dr) / ((nx + ny) * (nx + ny - 1)))
        )
        c = _corr(alternative, dz) if corrected else 0.0
        return (dz - c) / sig

    mumin, mumax = float(x.min() - y.max()), float(x.max() - y.min())
    wmin, wmax = wfun(mumin, correction), wfun(mumax, correction)

    def root(zq):
        if wmin - zq <= 0:
            return mumin
        if wmax - zq >= 0:
            return mumax
        return uniroot(
            lambda d: wfun(d, correction) - zq,
            mumin,
            mumax,
            tol=1e-4,
            f_lower=wmin - zq,
            f_upper=wmax - zq,
        )

    if alternative == "two-sided":
        ci = (root(st.norm.isf(alpha / 2)), root(st.norm.ppf(alpha / 2)))
    elif alternative == "greater":
        ci = (root(st.norm.isf(alpha)), np.inf)
    else:
        ci = (-np.inf, root(st.norm.ppf(alpha)))
    est = _root_in(lambda d: wfun(d, False), mumin, mumax)
    hl = float(np.median(np.subtract.outer(x, y))) if nx * ny <= _MAX_PAIRWISE else None
    return p, ci, est, hl


def _mw_conclusion(labels, ma, mb, est, mu, ci, p, confidence, alpha_):
    a, b = labels
    ci_txt = fmt_ci(ci, confidence)
    if p < alpha_:
        return (
            f"{a} is shifted {'higher' if est > mu else 'lower'} than {b}: medians {fmt(ma)} vs {fmt(mb)}, "
            f"Hodges-Lehmann shift {fmt(est)} ({ci_txt}, {fmt_p(p)})"
        )
    return (
        f"no significant shift between {a} and {b}: medians {fmt(ma)} vs {fmt(mb)}, "
        f"Hodges-Lehmann shift {fmt(est)} ({ci_txt}, {fmt_p(p)}, {decision_text(p, alpha_)})"
    )


def mann_whitney(
    data=None,
    value: str | None = None,
    group: str | None = None,
    *,
    groups=None,
    mu: float = 0.0,
    alternative: str = "two-sided",
    confidence: float = 0.95,
    correction: bool = True,
    exact: bool | None = None,
) -> TestResult:
    """Mann-Whitney (Wilcoxon rank-sum) test of a location shift first - second = mu."""
    alternative, confidence = normalize_alternative(alternative), check_confidence(confidence)
    labels, (x, y) = as_groups(data, value, group, groups, min_groups=2, max_groups=2, min_n=1)
    nx, ny = x.size, y.size
    r = st.rankdata(np.concatenate([x - mu, y]))
    w = float(r[:nx].sum() - nx * (nx + 1) / 2)
    ties = np.unique(np.concatenate([x - mu, y])).size != nx + ny
    use_exact = (nx < 50 and ny < 50) if exact is None else bool(exact)
    alpha = 1 - confidence
    if use_exact and not ties:
        method = "exact"
        p, ci, est, hl = _mw_exact(x, y, w, alpha, alternative)
    else:
        method = "normal approximation" + (" with continuity correction" if correction else "")
        p, ci, est, hl = _mw_normal(x, y, w, r, alpha, alternative, correction)
    ci = (float(ci[0]), float(ci[1]))
    a, b = labels
    alpha_ = alpha_of(confidence)
    ma, mb = float(np.median(x)), float(np.median(y))
    zeff = st.norm.isf(p / 2) if alternative == "two-sided" and p > 0 else None
    rows = [
        ck.outlier_check(labels, [x, y]),
        (
            "shape",
            "pass",
            "rank test: no normality assumption; the shift estimate assumes similar shapes",
        ),
    ]
    small = ck.sample_size_check(labels, [x, y], 5)
    if small:
        rows.append(small)
    summary = group_summary(labels, [x, y], confidence)
    return TestResult(
        test="Mann-Whitney",
        hypotheses=hypotheses_text(f"the shift of {a} from {b}", mu, alternative),
        statistic=w,
        statistic_name="W (U)",
        df=None,
        p_value=float(p),
        estimate=est,
        estimate_name=f"Hodges-Lehmann shift {a} - {b}",
        ci=ci,
        alternative=alternative,
        alpha=alpha_,
        effect_size=float(1 - 2 * w / (nx * ny)) if nx * ny else None,
        effect_size_name="rank-biserial correlation (1 - 2U/(n1 n2))",
        checks=checks_frame(rows),
        conclusion=_mw_conclusion(labels, ma, mb, est, mu, ci, p, confidence, alpha_),
        kind="groups",
        extra={
            "method": method,
            "rank_sum": float(r[:nx].sum()),
            "medians": {a: ma, b: mb},
            "hl_median": hl,
            "n": {a: nx, b: ny},
            "z_equivalent": zeff,
        },
        plot_data={"groups": summary, "null": None},
    )


def _signrank_exact(x, mu, v, alpha, alternative):
    """Exact signed-rank p; CI from order statistics of the Walsh averages (x_i + x_j)/2."""
    n = x.size
    cdf = _cdf(signrank_counts(n))
    p = _exact_p(v, cdf, n * (n + 1) / 4, alternative)
    xs = x + mu
    iu = np.triu_indices(n)
    diffs = np.sort((xs[:, None] + xs[None, :])[iu]) / 2
    top = n * (n + 1) // 2
    if alternative == "two-sided":
        qu = max(_quantile(cdf, alpha / 2), 1)
        ci = (diffs[qu - 1], diffs[top - qu])
    elif alternative == "greater":
        qu = max(_quantile(cdf, alpha), 1)
        ci = (diffs[qu - 1], np.inf)
    else:
        qu = max(_quantile(cdf, alpha), 1)
        ci = (-np.inf, diffs[top - qu])
    return p, ci, float(np.median(diffs))


def _signrank_interval(xs, alpha, alternative, correction):
    """Invert the corrected z in the location (R's wilcox.test), widening alpha as R does."""

    def wfun(d, corrected):
        xd = xs - d
        xd = xd[xd != 0]
        nx = xd.size
        dr = st.rankdata(np.abs(xd))
        zd = dr[xd > 0].sum() - nx * (nx + 1) / 4
        sig = np.sqrt(nx * (nx + 1) * (2 * nx + 1) / 24 - _tie_sum(dr) / 48)
        c = _corr(alternative, zd) if corrected else 0.0
        return (zd - c) / sig if sig > 0 else np.nan

    mumin, mumax = float(xs.min()), float(xs.max())
    wmin = wfun(mumin, correction)
    wmax = wfun(mumax, correction)
    if not (np.isfinite(wmin) and np.isfinite(wmax)):
        return (np.nan, np.nan), (mumin + mumax) / 2
    a_ = alpha

    def root(zq):
        return uniroot(
            lambda d: wfun(d, correction) - zq,
            mumin,
            mumax,
            tol=1e-4,
            f_lower=wmin - zq,
            f_upper=wmax - zq,
        )

    if alternative == "two-sided":
        while wmin - st.norm.isf(a_ / 2) < 0 or wmax - st.norm.ppf(a_ / 2) > 0:
            a_ *= 2
        ci = (
            (root(st.norm.isf(a_ / 2)), root(st.norm.ppf(a_ / 2)))
            if a_ < 1
            else (np.median(xs),) * 2
        )
    elif alternative == "greater":
        while wmin - st.norm.isf(a_) < 0:
            a_ *= 2
        ci = (root(st.norm.isf(a_)) if a_ < 1 else np.median(xs), np.inf)
    else:
        while wmax - st.norm.ppf(a_ / 2) > 0:
            a_ *= 2
        ci = (-np.inf, root(st.norm.ppf(a_)) if a_ < 1 else np.median(xs))
    return ci, _root_in(lambda d: wfun(d, False), mumin, mumax)


def _signrank_normal(x, mu, v, r, alpha, alternative, correction):
    """z = (V - n(n+1)/4 ∓ ½)/σ, σ² = n(n+1)(2n+1)/24 - Σ(t³-t)/48."""
    n = x.size
    z = v - n * (n + 1) / 4
    sigma = np.sqrt(n * (n + 1) * (2 * n + 1) / 24 - _tie_sum(r) / 48)
    z = (z - (_corr(alternative, z) if correction else 0.0)) / sigma
    p = _normal_p(z, alternative)
    ci, est = _signrank_interval(x + mu, alpha, alternative, correction)
    return p, ci, est


def _wilcoxon_text(x0, mu, param, est, ci, p, zeros, confidence, alpha_):
    ci_txt = fmt_ci(ci, confidence)
    if p < alpha_:
        conclusion = (
            f"the {param} is {'above' if est > mu else 'below'} {fmt(mu)}: Hodges-Lehmann estimate "
            f"{fmt(est)} ({ci_txt}, {fmt_p(p)})"
        )
    else:
        conclusion = (
            f"the {param} is not significantly different from {fmt(mu)}: estimate {fmt(est)} "
            f"({ci_txt}, {fmt_p(p)}, {decision_text(p, alpha_)})"
        )
    rows = [
        (
            "symmetry",
            "pass",
            "signed-rank test: assumes the differences are roughly symmetric, not normal",
        ),
        ck.outlier_check(["data"], [x0]),
    ]
    if zeros:
        rows.append(
            ("zeros", "warn", f"{int(np.sum(x0 == mu))} value(s) equal to {fmt(mu)} were dropped")
        )
    return conclusion, rows


def wilcoxon(
    data=None,
    value: str | None = None,
    *,
    before=None,
    after=None,
    mu: float = 0.0,
    alternative: str = "two-sided",
    confidence: float = 0.95,
    correction: bool = True,
    exact: bool | None = None,
) -> TestResult:
    """Wilcoxon signed-rank test of the (pseudo)median = mu, on one sample or on the paired
    differences before - after (give before= and after=)."""
    alternative, confidence = normalize_alternative(alternative), check_confidence(confidence)
    if before is not None or after is not None:
        b, a = paired(data, before, after, min_n=1)
        x0 = b - a
        what = f"{before if isinstance(before, str) else 'before'} - {after if isinstance(after, str) else 'after'}"
        param = f"median difference ({what})"
    else:
        x0 = as_sample(data, value, min_n=1)
        param, what = "median", None
    x = x0 - mu
    zeros = bool(np.any(x == 0))
    x = x[x != 0]
    n = x.size
    if n == 0:
        raise InputError("every value equals the hypothesized median; there is nothing to test")
    r = st.rankdata(np.abs(x))
    v = float(r[x > 0].sum())
    ties = np.unique(r).size != n
    use_exact = (n < 50) if exact is None else bool(exact)
    alpha = 1 - confidence
    if use_exact and not ties and not zeros:
        method = "exact"
        p, ci, est = _signrank_exact(x, mu, v, alpha, alternative)
    else:
        method = "normal approximation" + (" with continuity correction" if correction else "")
        p, ci, est = _signrank_normal(x, mu, v, r, alpha, alternative, correction)
    ci = (float(ci[0]), float(ci[1]))
    alpha_ = alpha_of(confidence)
    conclusion, rows = _wilcoxon_text(x0, mu, param, est, ci, p, zeros, confidence, alpha_)
    return TestResult(
        test="Wilcoxon signed-rank" + (" (paired)" if what else ""),
        hypotheses=hypotheses_text(param, mu, alternative),
        statistic=v,
        statistic_name="V",
        df=None,
        p_value=float(p),
        estimate=est,
        estimate_name="Hodges-Lehmann (pseudo)median",
        ci=ci,
        alternative=alternative,
        alpha=alpha_,
        effect_size=float(2 * v / (n * (n + 1)) - 0.5) * 2,
        effect_size_name="matched-pairs rank-biserial",
        checks=checks_frame(rows),
        conclusion=conclusion,
        kind="one-sample",
        extra={
            "method": method,
            "n": int(x0.size),
            "n_used": int(n),
            "median": float(np.median(x0)),
        },
        plot_data={
            "groups": group_summary(["differences" if what else "sample"], [x0], confidence),
            "null": mu,
        },
    )


def _sign_interval(x, confidence, alternative):
    """Order-statistic interval [x(k), x(N-k+1)] with exact confidence >= the level."""
    xs = np.sort(x)
    big_n = xs.size
    k = np.arange(1, big_n // 2 + 1)
    tails = 1 if alternative != "two-sided" else 2
    conf_k = 1 - tails * st.binom.cdf(k - 1, big_n, 0.5)
    ok = k[conf_k >= confidence]
    if ok.size:
        kk = int(ok.max())
        achieved = float(conf_k[kk - 1])
        lo, hi = xs[kk - 1], xs[big_n - kk]
    else:
        achieved, lo, hi = 1.0, xs[0], xs[-1]
    ci = {"two-sided": (lo, hi), "greater": (lo, np.inf), "less": (-np.inf, hi)}[alternative]
    return (float(ci[0]), float(ci[1])), achieved


def sign_test(
    data=None,
    value: str | None = None,
    *,
    before=None,
    after=None,
    median: float = 0.0,
    alternative: str = "two-sided",
    confidence: float = 0.95,
) -> TestResult:
    """Sign test of H0: population median = median (one sample, or differences before - after)."""
    alternative, confidence = normalize_alternative(alternative), check_confidence(confidence)
    if before is not None or after is not None:
        b, a = paired(data, before, after, min_n=1)
        x = b - a
        param = "median difference"
    else:
        x = as_sample(data, value, min_n=1)
        param = "median"
    above = int(np.count_nonzero(x > median))
    below = int(np.count_nonzero(x < median))
    n = above + below
    if n == 0:
        raise InputError("every value equals the hypothesized median; there is nothing to test")
    if alternative == "two-sided":
        p = min(1.0, 2 * float(st.binom.cdf(min(above, below), n, 0.5)))
    elif alternative == "greater":
        p = float(st.binom.sf(above - 1, n, 0.5))
    else:
        p = float(st.binom.cdf(above, n, 0.5))
    ci, achieved = _sign_interval(x, confidence, alternative)
    est = float(np.median(x))
    alpha = alpha_of(confidence)
    ci_txt = fmt_ci(ci, confidence)
    verdict = (
        f"is {'above' if above > below else 'below'}"
        if p < alpha
        else "is not significantly different from"
    )
    conclusion = (
        f"the {param} {verdict} {fmt(median)}: {above} above, {below} below "
        f"(sample median {fmt(est)}, {ci_txt}, {fmt_p(p)})"
    )
    return TestResult(
        test="sign test",
        hypotheses=hypotheses_text(param, median, alternative),
        statistic=float(above),
        statistic_name="number above",
        df=None,
        p_value=p,
        estimate=est,
        estimate_name="median",
        ci=ci,
        alternative=alternative,
        alpha=alpha,
        effect_size=None,
        effect_size_name="",
        checks=checks_frame([("assumptions", "pass", "sign test: no distribution assumption")]),
        conclusion=conclusion,
        kind="one-sample",
        extra={
            "n_above": above,
            "n_below": below,
            "n_equal": int(x.size - n),
            "achieved_confidence": achieved,
        },
        plot_data={"groups": group_summary(["sample"], [x], confidence), "null": median},
    )
