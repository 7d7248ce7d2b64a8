"""Before/after comparisons of per-period counts that vary more than Poisson or binomial allow.

Daily contacts per order scatter 2-3 times more than a Poisson process would (busy days,
outages, campaigns), so an exact Poisson test on the summed counts gives an interval that is
far too narrow. These tests fit the two-group quasi-likelihood model R fits with ``glm`` and
scale the standard error by the estimated dispersion (McCullagh & Nelder 1989, sec. 4.5 and
6.2; Agresti 2015, *Foundations of Linear and Generalized Linear Models*, sec. 7.3).

- ``rate_ratio_quasi_poisson``: ``glm(y ~ after + offset(log(exposure)), family =
  quasipoisson)``. With one 0/1 covariate the estimates have a closed form: each group's
  fitted rate is its pooled rate Σy/ΣE, so the rate ratio is exp(β) = (ΣyA/ΣEA)/(ΣyB/ΣEB);
  the dispersion is φ = X²/(n - 2) with Pearson X² = Σ (y - μ)²/μ, μ = E · pooled rate;
  SE(β) = √(φ (1/ΣyA + 1/ΣyB)); t = β/SE on n - 2 df; interval exp(β ± t(n-2) SE).
- ``quasi_binomial``: ``glm(cbind(y, n - y) ~ after, family = quasibinomial)``; the fitted
  proportions are the pooled ones whatever the link, so φ = X²/(N - 2) with X² = Σ (y - n p)²
  / (n p (1 - p)) is shared by every link; see the function for the estimate reported.
Both carry what the plain exact Poisson / 2-proportions test on the summed totals says.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats as st

from sixsigma.errors import InputError
from sixsigma.stats.proportions import two_proportions
from sixsigma.stats.rates import fmt_pct, fmt_rate, poisson_rate_two
from sixsigma.stats.result import (
    TestResult,
    alpha_of,
    check_confidence,
    checks_frame,
    fmt,
    fmt_ci,
    fmt_p,
    hypotheses_text,
    normalize_alternative,
)


def _periods(numerators, denominators, after, what_num: str, what_den: str):
    """Aligned float arrays (y, d, a) with incomplete periods dropped; a is the after mask."""
    try:
        y = np.asarray(numerators, dtype=float).ravel()
        d = np.asarray(denominators, dtype=float).ravel()
    except (TypeError, ValueError):
        raise InputError(f"{what_num} and {what_den} must be numbers, one per period") from None
    a = np.asarray(after).ravel()
    if not (y.size == d.size == a.size):
        raise InputError(
            f"{what_num} ({y.size}), {what_den} ({d.size}) and the after mask ({a.size}) "
            "need one value per period each"
        )
    if a.dtype != bool:
        if not np.all(np.isin(a, [0, 1])):
            raise InputError("the after mask must be True/False (or 1/0), one per period")
        a = a.astype(bool)
    ok = np.isfinite(y) & np.isfinite(d)
    y, d, a = y[ok], d[ok], a[ok]
    if np.any(y < 0) or np.any(d <= 0):
        raise InputError(f"{what_num} must be >= 0 and {what_den} > 0 in every period")
    n_after, n_before = int(a.sum()), int((~a).sum())
    if n_after == 0 or n_before == 0:
        raise InputError(
            f"need periods both before and after the change, got {n_before} before and {n_after} after"
        )
    if y.size < 3:
        raise InputError(
            f"only {y.size} complete period(s); the dispersion needs at least 3 (n - 2 df)"
        )
    return y, d, a, int((~ok).sum())


def _periods_check(a, la: str, lb: str) -> tuple[str, str, str]:
    """The assumption check on the number of periods per window (fewer than 10: rough φ)."""
    n_a, n_b = int(a.sum()), int((~a).sum())
    few = min(n_a, n_b) < 10
    text = f"{n_b} {lb} and {n_a} {la} periods"
    return ("periods", "warn" if few else "pass",
            text + ("; with fewer than 10 per window the dispersion estimate is rough" if few else ""))


def _t_inference(est, se, df, alternative, confidence, null=0.0):
    """t statistic, p-value and interval for a Wald estimate on ``df`` degrees of freedom."""
    t = (est - null) / se
    if alternative == "two-sided":
        p = 2 * st.t.sf(abs(t), df)
        q = st.t.ppf(0.5 + confidence / 2, df)
        ci = (est - q * se, est + q * se)
    else:
        q = st.t.ppf(confidence, df)
        p = st.t.cdf(t, df) if alternative == "less" else st.t.sf(t, df)
        ci = (-np.inf, est + q * se) if alternative == "less" else (est - q * se, np.inf)
    return float(t), float(p), (float(ci[0]), float(ci[1]))


def _dispersion_words(phi: float, family: str) -> str:
    if phi > 1:
        return (
            f"the per-period values vary {phi:.2f} times more than {family} allows, so the "
            f"interval is {np.sqrt(phi):.2f} times as wide as the {family} one"
        )
    return (
        f"the per-period values vary no more than {family} allows (dispersion {phi:.2f}); "
        f"the interval is close to the {family} one"
    )


def _pct_words(pct, pct_ci, level):
    lo, hi = pct_ci
    if not (np.isfinite(lo) and np.isfinite(hi)):
        if np.isfinite(hi):
            return f"{level} upper bound {hi:+.1f}%"
        return f"{level} lower bound {lo:+.1f}%"
    if hi <= 0:
        return f"{level} CI {fmt_pct(-hi)} to {fmt_pct(-lo)} drop"
    if lo >= 0:
        return f"{level} CI {fmt_pct(lo)} to {fmt_pct(hi)} rise"
    return f"{level} CI {fmt_pct(-lo)} drop to {fmt_pct(hi)} rise"


def _plain_summary(plain: TestResult) -> dict:
    """What the plain test on the summed totals says, for the result's extra."""
    return {
        "test": plain.test,
        "estimate": plain.estimate,
        "ci": list(plain.ci) if plain.ci is not None else None,
        "p_value": plain.p_value,
        "conclusion": plain.conclusion,
    }


def _dispersion_check(phi, x2, df, optimistic: str):
    return (
        "dispersion",
        "warn" if phi > 1.5 else "pass",
        f"dispersion φ = {phi:.2f} (Pearson X² {fmt(x2)} on {df} df)"
        + (f": {optimistic}" if phi > 1.5 else ""),
    )


def _qp_conclusion(s: dict, plain, measure, unit, level) -> str:
    la, lb, ratio, pct, p, phi = s["la"], s["lb"], s["ratio"], s["pct"], s["p"], s["phi"]
    rs = fmt_rate([s["ra"], s["rb"]])
    change = f"a {fmt_pct(pct)} {'drop' if pct < 0 else 'rise'}"
    plain_pct = [(v - 1) * 100 for v in plain.ci]
    plain_words = (
        f"the exact Poisson test alone would say {_pct_words(plain.estimate * 100 - 100, plain_pct, level)}, "
        f"{fmt_p(plain.p_value)}"
    )
    words = _pct_words(pct, s["pct_ci"], level)
    if p < s["alpha"]:
        return (
            f"{measure} {la} is {'lower' if ratio < 1 else 'higher'} than {lb}: {rs[0]} vs {rs[1]} "
            f"{unit}, {change}, {words}, {fmt_p(p)} (quasi-Poisson, dispersion {phi:.2f}; "
            f"{plain_words})"
        )
    return (
        f"no significant change in {measure}: {la} {rs[0]} vs {lb} {rs[1]} {unit} ({change}, "
        f"{words}, {fmt_p(p)}; quasi-Poisson, dispersion {phi:.2f}; {plain_words})"
    )


def _qp_tables(a, s: dict, confidence: float):
    """The per-window table and its intervals r exp(± t √(φ/Σy)) (cell-means coding)."""
    ya, yb = s["ya"], s["yb"]
    rates = pd.DataFrame(
        {
            "group": [s["la"], s["lb"]],
            "periods": [int(a.sum()), int((~a).sum())],
            "count": [ya, yb],
            "exposure": [s["ea"], s["eb"]],
            "rate": [s["ra"], s["rb"]],
        }
    )
    q = st.t.ppf(0.5 + confidence / 2, s["df"])
    half = q * np.sqrt(s["phi"] / np.array([ya, yb]))
    plot_groups = rates.assign(
        ci_lo=rates["rate"] * np.exp(-half), ci_hi=rates["rate"] * np.exp(half)
    )
    return rates, plot_groups


def _qp_fit(y, e, a, la, lb, alternative, confidence) -> dict:
    """Pooled rates, φ = Σ(y - μ)²/μ / (n - 2), β = log(rA/rB), SE = √(φ(1/ΣyA + 1/ΣyB))."""
    ya, yb = float(y[a].sum()), float(y[~a].sum())
    ea, eb = float(e[a].sum()), float(e[~a].sum())
    if ya == 0 or yb == 0:
        raise InputError(
            f"the {la if ya == 0 else lb} periods have no events; the rate ratio is 0 or infinite"
        )
    ra, rb = ya / ea, yb / eb
    mu = e * np.where(a, ra, rb)
    n = y.size
    df = n - 2
    x2 = float(np.sum((y - mu) ** 2 / mu))
    phi = x2 / df
    beta = float(np.log(ra / rb))
    se = float(np.sqrt(phi * (1 / ya + 1 / yb)))
    alpha = alpha_of(confidence)
    if se == 0:
        raise InputError("every period has exactly its group's pooled rate; the dispersion is 0")
    t, p, (blo, bhi) = _t_inference(beta, se, df, alternative, confidence)
    ratio = float(np.exp(beta))
    ci = (float(np.exp(blo)), float(np.exp(bhi)))
    pct = (ratio - 1) * 100
    pct_ci = ((ci[0] - 1) * 100, (ci[1] - 1) * 100)
    return dict(la=la, lb=lb, ya=ya, yb=yb, ea=ea, eb=eb, ra=ra, rb=rb, df=df, phi=phi, x2=x2,
                beta=beta, se=se, t=t, p=p, alpha=alpha, ratio=ratio, ci=ci, pct=pct, pct_ci=pct_ci)


def rate_ratio_quasi_poisson(
    counts,
    exposures,
    after,
    *,
    labels: tuple[str, str] = ("after", "before"),
    alternative: str = "two-sided",
    confidence: float = 0.95,
    measure: str = "the rate",
    unit: str = "per unit of exposure",
) -> TestResult:
    """Rate ratio after/before of per-period counts over exposures, quasi-Poisson (R's glm).

    ``counts[i]`` events over ``exposures[i]`` in period i; ``after[i]`` True after the
    change. exp(β1) = (ΣyA/ΣEA)/(ΣyB/ΣEB), φ = Pearson X²/(n - 2) (not floored at 1),
    SE(β1) = √(φ (1/ΣyA + 1/ΣyB)), t on n - 2 df, CI exp(β1 ± t SE): R's
    ``summary(glm(y ~ after + offset(log(E)), family = quasipoisson))``. ``alternative``
    refers to the ratio vs 1 ("less": lower after).
    """
    alternative, confidence = normalize_alternative(alternative), check_confidence(confidence)
    y, e, a, dropped = _periods(counts, exposures, after, "counts", "exposures")
    la, lb = (str(v) for v in labels)
    s = _qp_fit(y, e, a, la, lb, alternative, confidence)
    ya, yb, ea, eb, df, phi, x2 = s["ya"], s["yb"], s["ea"], s["eb"], s["df"], s["phi"], s["x2"]
    t, p, ratio, ci, pct, pct_ci, alpha = (s[k] for k in ("t", "p", "ratio", "ci", "pct", "pct_ci", "alpha"))
    plain = poisson_rate_two(counts=[ya, yb], exposures=[ea, eb], groups=[la, lb],
                             method="exact", alternative=alternative, confidence=confidence,
                             measure=measure, unit=unit)
    conclusion = _qp_conclusion(s, plain, measure, unit, f"{confidence * 100:g}%")
    checks = [
        _dispersion_check(
            phi, x2, df,
            f"an exact Poisson test would be too optimistic ({fmt_p(plain.p_value)}, "
            f"{fmt_ci(plain.ci, confidence)})",
        ),
        _periods_check(a, la, lb),
    ]
    rates, plot_groups = _qp_tables(a, s, confidence)
    return TestResult(
        test="2-sample rate ratio (quasi-Poisson)",
        hypotheses=hypotheses_text(f"rate of {la} / rate of {lb}", 1.0, alternative),
        statistic=t,
        statistic_name="t",
        df=float(df),
        p_value=p,
        estimate=ratio,
        estimate_name=f"rate ratio {la} / {lb}",
        ci=ci,
        alternative=alternative,
        alpha=alpha,
        effect_size=float(pct),
        effect_size_name="% change",
        checks=checks_frame(checks),
        conclusion=conclusion,
        kind="rates",
        extra={
            "reason": (
                f"{y.size} periods of counts over exposures: {_dispersion_words(phi, 'Poisson')} "
                "(quasi-Poisson rate ratio, dispersion = Pearson X²/(n - 2))"
            ),
            "method": "quasi-poisson",
            "dispersion": phi,
            "pearson_chi2": x2,
            "df_residual": df,
            "periods": y.size,
            "periods_dropped": dropped,
            "log_rate_ratio": s["beta"],
            "log_rate_ratio_se": s["se"],
            "rates": rates,
            "rate_ratio": ratio,
            "rate_ratio_ci": list(ci),
            "percent_change": pct,
            "percent_change_ci": list(pct_ci),
            "poisson_exact": _plain_summary(plain),
        },
        plot_data={"groups": plot_groups, "null": None},
    )


def _qb_fit(y, m, a, alternative, confidence) -> dict:
    """Pooled pA, pB; φ = Σ(y - np)²/(np(1-p)) / (N - 2); the difference, logit and log scales.

    SE(logit β) = √(φ (1/(ΣnA pA (1-pA)) + 1/(ΣnB pB (1-pB)))); SE(log pA/pB) =
    √(φ ((1-pA)/(ΣnA pA) + (1-pB)/(ΣnB pB))).
    """
    ya, yb = float(y[a].sum()), float(y[~a].sum())
    na, nb = float(m[a].sum()), float(m[~a].sum())
    pa, pb = ya / na, yb / nb
    if pa in (0.0, 1.0) or pb in (0.0, 1.0):
        raise InputError(
            "a window has all or none of its trials as events; the quasi-binomial model is undefined"
        )
    p_fit = np.where(a, pa, pb)
    n = y.size
    df = n - 2
    x2 = float(np.sum((y - m * p_fit) ** 2 / (m * p_fit * (1 - p_fit))))
    phi = x2 / df
    alpha = alpha_of(confidence)
    diff = pa - pb
    se = float(np.sqrt(phi * (pa * (1 - pa) / na + pb * (1 - pb) / nb)))
    if se == 0:
        raise InputError("every period has exactly its group's pooled proportion; dispersion is 0")
    t, p, ci = _t_inference(diff, se, df, alternative, confidence)
    ci = (max(ci[0], -1.0), min(ci[1], 1.0))
    beta = float(np.log(pa / (1 - pa)) - np.log(pb / (1 - pb)))
    se_logit = float(np.sqrt(phi * (1 / (na * pa * (1 - pa)) + 1 / (nb * pb * (1 - pb)))))
    t_or, p_or, (or_lo, or_hi) = _t_inference(beta, se_logit, df, alternative, confidence)
    lr = float(np.log(pa / pb))
    se_log = float(np.sqrt(phi * ((1 - pa) / (na * pa) + (1 - pb) / (nb * pb))))
    t_rr, p_rr, (rr_lo, rr_hi) = _t_inference(lr, se_log, df, alternative, confidence)
    return dict(
        ya=ya, yb=yb, na=na, nb=nb, pa=pa, pb=pb, df=df, x2=x2, phi=phi, alpha=alpha,
        diff=diff, se=se, t=t, p=p, ci=ci, beta=beta, se_logit=se_logit, t_or=t_or, p_or=p_or,
        or_ci=(or_lo, or_hi), lr=lr, p_rr=p_rr, rr_ci=(rr_lo, rr_hi),
    )


def _qb_conclusion(s: dict, plain, la, lb, measure, confidence) -> str:
    diff, pa, pb, p, phi, ci = s["diff"], s["pa"], s["pb"], s["p"], s["phi"], s["ci"]
    level = f"{confidence * 100:g}%"
    pts = f"{abs(diff) * 100:.2f} percentage points"
    ci_txt = f"{level} CI {ci[0] * 100:+.2f} to {ci[1] * 100:+.2f} points"
    plain_words = f"the plain 2-proportions test alone would say {fmt_p(plain.p_value)}" + (
        f", {fmt_ci(plain.ci, confidence)}" if plain.ci is not None else ""
    )
    if p < s["alpha"]:
        return (
            f"{measure} {la} is {'higher' if diff > 0 else 'lower'} than {lb}: {pa:.2%} vs {pb:.2%}, "
            f"{pts} {'up' if diff > 0 else 'down'} ({ci_txt}, {fmt_p(p)}; quasi-binomial, "
            f"dispersion {phi:.2f}; {plain_words})"
        )
    return (
        f"no significant change in {measure}: {la} {pa:.2%} vs {lb} {pb:.2%} ({ci_txt}, "
        f"{fmt_p(p)}; quasi-binomial, dispersion {phi:.2f}; {plain_words})"
    )


def _qb_tables(a, s: dict, la, lb, confidence):
    """The per-window table and its intervals p ± t √(φ p (1 - p)/Σn) of the same model."""
    props = pd.DataFrame(
        {
            "group": [la, lb],
            "periods": [int(a.sum()), int((~a).sum())],
            "events": [s["ya"], s["yb"]],
            "trials": [s["na"], s["nb"]],
            "proportion": [s["pa"], s["pb"]],
        }
    )
    half = st.t.ppf(0.5 + confidence / 2, s["df"]) * np.sqrt(
        s["phi"] * props["proportion"] * (1 - props["proportion"]) / props["trials"]
    )
    plot_groups = props.assign(
        ci_lo=np.clip(props["proportion"] - half, 0, 1),
        ci_hi=np.clip(props["proportion"] + half, 0, 1),
    )
    return props, plot_groups


def quasi_binomial(
    events,
    trials,
    after,
    *,
    labels: tuple[str, str] = ("after", "before"),
    alternative: str = "two-sided",
    confidence: float = 0.95,
    measure: str = "the proportion",
) -> TestResult:
    """Difference of proportions after - before of per-period events/trials, quasi-binomial.

    ``events[i]`` of ``trials[i]`` in period i; ``after[i]`` True after the change. Every
    link of ``glm(cbind(y, n - y) ~ after, family = quasibinomial(link))`` fits the pooled
    proportions, so φ = X²/(N - 2) is shared. Estimate pA - pB (identity link), SE =
    √(φ (pA(1-pA)/ΣnA + pB(1-pB)/ΣnB)), t on N - 2 df; also the logit link's odds ratio and
    the log link's ratio pA/pB with their t tests (SEs in ``_qb_fit``).
    """
    alternative, confidence = normalize_alternative(alternative), check_confidence(confidence)
    y, m, a, dropped = _periods(events, trials, after, "events", "trials")
    if np.any(y > m):
        raise InputError("events cannot exceed trials in any period")
    la, lb = (str(v) for v in labels)
    s = _qb_fit(y, m, a, alternative, confidence)
    phi, df, x2, ci, beta = s["phi"], s["df"], s["x2"], s["ci"], s["beta"]
    plain = two_proportions(events=[s["ya"], s["yb"]], trials=[s["na"], s["nb"]],
                            groups=[la, lb], alternative=alternative, confidence=confidence)
    checks = [
        _dispersion_check(
            phi, x2, df,
            f"the plain 2-proportions test would be too optimistic ({fmt_p(plain.p_value)})",
        ),
        _periods_check(a, la, lb),
    ]
    props, plot_groups = _qb_tables(a, s, la, lb, confidence)
    return TestResult(
        test="2-sample proportions (quasi-binomial)",
        hypotheses=hypotheses_text(f"proportion {la} - proportion {lb}", 0.0, alternative),
        statistic=s["t"],
        statistic_name="t",
        df=float(df),
        p_value=s["p"],
        estimate=float(s["diff"]),
        estimate_name=f"difference {la} - {lb}",
        ci=(float(ci[0]), float(ci[1])),
        alternative=alternative,
        alpha=s["alpha"],
        effect_size=float(np.exp(beta)),
        effect_size_name="odds ratio",
        checks=checks_frame(checks),
        conclusion=_qb_conclusion(s, plain, la, lb, measure, confidence),
        kind="proportions",
        extra={
            "reason": (
                f"{y.size} periods of events over trials: {_dispersion_words(phi, 'binomial')} "
                "(quasi-binomial difference of proportions, dispersion = Pearson X²/(n - 2))"
            ),
            "method": "quasi-binomial",
            "dispersion": phi,
            "pearson_chi2": x2,
            "df_residual": df,
            "periods": y.size,
            "periods_dropped": dropped,
            "proportions": props,
            "difference_se": s["se"],
            "odds_ratio": float(np.exp(beta)),
            "odds_ratio_ci": [float(np.exp(s["or_ci"][0])), float(np.exp(s["or_ci"][1]))],
            "log_odds_ratio": beta,
            "log_odds_ratio_se": s["se_logit"],
            "odds_ratio_t": s["t_or"],
            "odds_ratio_p": s["p_or"],
            "ratio": float(np.exp(s["lr"])),
            "ratio_ci": [float(np.exp(s["rr_ci"][0])), float(np.exp(s["rr_ci"][1]))],
            "ratio_p": s["p_rr"],
            "two_proportions": _plain_summary(plain),
        },
        plot_data={"groups": plot_groups, "null": None},
    )
