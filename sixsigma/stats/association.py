"""Does this X move the Y? Correlation, linear regression and binary logistic regression.

- Pearson r with t = r√((n-2)/(1-r²)) and the Fisher-z interval tanh(atanh r ± z/√(n-3))
  (R's cor.test). Spearman ρ: R's cor.test p-value (exact AS 89 distribution of
  S = (n³-n)(1-ρ)/6 for n < 1290 without ties: enumeration for n <= 9, Edgeworth series
  above; t approximation with ties); interval by Fisher z with the Fieller-Hartley-Pearson
  variance 1.06/(n-3) (R gives none).
- Linear regression by least squares (QR): coefficients with t tests and intervals, R²,
  adjusted and predicted (PRESS) R², S, the ANOVA table with adjusted (Type III) sums of
  squares per term, VIFs, standardized residuals, leverages, Cook's distance, Durbin-Watson,
  and Minitab's unusual observations (|standardized residual| > 2 or leverage > 3p/n).
  Text columns become indicator variables against their first level (R's and Minitab's coding).
- Binary logistic regression by Newton-Raphson (IRLS): coefficients with Wald z tests, odds
  ratios with Wald intervals exp(b ± z·se) (Minitab), deviance, likelihood-ratio test against
  the intercept-only model, deviance R² = 1 - D/D0 and AIC (R's glm(family = binomial)).
- Hosmer-Lemeshow goodness of fit (``hosmer_lemeshow``; in every logistic result): groups by
  deciles of fitted risk as R's ResourceSelection::hoslem.test (breaks = unique type-7
  quantiles of the fitted values at 0, 1/g, ..., 1; ``cut(..., include.lowest = TRUE)``, i.e.
  right-closed groups), C = Σ_groups (O - E)² / (E (1 - E/n_g)) with O, E the observed and
  expected events, on G - 2 df (G = groups formed). Hosmer & Lemeshow, Applied Logistic
  Regression (2nd ed., 2000), 5.2.2. Minitab groups the sorted cases into g nearly equal
  groups instead, so its statistic can differ slightly when fitted values tie.
"""

from __future__ import annotations

import itertools
from functools import lru_cache
from types import SimpleNamespace

import numpy as np
import pandas as pd
from scipy import stats as st

from sixsigma.errors import InputError, unknown
from sixsigma.stats.inputs import check_values, column
from sixsigma.stats.normality import anderson_darling
from sixsigma.stats.proportions import binary_counts
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

# ---------------------------------------------------------------------------------------------
# Correlation


@lru_cache(maxsize=9)
def _spearman_exact_counts(n: int) -> np.ndarray:
    """Sorted S = Σ (r_i - i)² over all n! permutations (n <= 9), for exact tail counts."""
    perms = np.array(list(itertools.permutations(range(n))), dtype=np.int64)
    return np.sort(((perms - np.arange(n)) ** 2).sum(axis=1))


def _prho(n: int, s: float, lower_tail: bool) -> float:
    """R's prho (AS 89): P(S >= s) (upper) or P(S < s) (lower)."""
    if s <= 0:
        return 0.0 if lower_tail else 1.0
    n3 = n * (n * n - 1) / 3
    if s > n3:
        return 1.0 if lower_tail else 0.0
    if n <= 9:
        vals = _spearman_exact_counts(n)
        ge = vals.size - np.searchsorted(vals, s, side="left")
        return float((vals.size - ge) / vals.size if lower_tail else ge / vals.size)
    b = 1 / n
    x = (6 * (s - 1) * b / (n * n - 1) - 1) * np.sqrt(1 / b - 1)
    y = x * x
    u = (
        x
        * b
        * (
            0.2274
            + b * (0.2531 + 0.1745 * b)
            + y
            * (
                -0.0758
                + b * (0.1033 + 0.3932 * b)
                - y
                * b
                * (0.0879 + 0.0151 * b - y * (0.0072 - 0.0831 * b + y * b * (0.0131 - 4.6e-4 * y)))
            )
        )
    )
    y = u / np.exp(y / 2)
    pv = (-y if lower_tail else y) + (st.norm.cdf(x) if lower_tail else st.norm.sf(x))
    return float(min(max(pv, 0.0), 1.0))


def _pair_columns(data, x, y):
    if isinstance(data, pd.DataFrame):
        xs = pd.to_numeric(column(data, x, "x"), errors="coerce").to_numpy(float)
        ys = pd.to_numeric(column(data, y, "y"), errors="coerce").to_numpy(float)
        names = (str(x), str(y))
    else:
        xs, ys = np.asarray(x, dtype=float).ravel(), np.asarray(y, dtype=float).ravel()
        names = ("x", "y")
    if xs.size != ys.size:
        raise InputError(f"x has {xs.size} values and y has {ys.size}; they must pair up")
    xs, ys = check_values(xs, f"x {names[0]!r}"), check_values(ys, f"y {names[1]!r}")
    ok = np.isfinite(xs) & np.isfinite(ys)
    if ok.sum() < 3:
        raise InputError("correlation needs at least 3 complete (x, y) pairs")
    return xs[ok], ys[ok], names


def _pearson(xs, ys, n, alternative):
    """t = r√((n-2)/(1-r²)) on n - 2 df; Fisher-z se = 1/√(n-3) (R's cor.test)."""
    r = float(np.corrcoef(xs, ys)[0, 1])
    df = n - 2
    t = r * np.sqrt(df / (1 - r * r)) if abs(r) < 1 else np.sign(r) * np.inf
    p = {
        "two-sided": 2 * st.t.sf(abs(t), df),
        "less": st.t.cdf(t, df),
        "greater": st.t.sf(t, df),
    }[alternative]
    se = 1 / np.sqrt(n - 3) if n > 3 else np.nan
    return r, p, se, float(t), "t", float(df), "Pearson correlation"


def _spearman(xs, ys, n, alternative):
    """S = (n³-n)(1-ρ)/6, exact AS 89 p-value or the t approximation (R's cor.test)."""
    rx, ry = st.rankdata(xs), st.rankdata(ys)
    r = float(np.corrcoef(rx, ry)[0, 1])
    q = (n**3 - n) * (1 - r) / 6
    ties = np.unique(xs).size < n or np.unique(ys).size < n
    if n < 1290 and not ties:

        def ps(lower):
            return _prho(n, round(q) + 2 * lower, lower)
    else:

        def ps(lower):
            rr = 1 - q / ((n * (n * n - 1)) / 6)
            tt = rr / np.sqrt((1 - rr * rr) / (n - 2)) if abs(rr) < 1 else np.sign(rr) * np.inf
            return float(st.t.sf(tt, n - 2) if lower else st.t.cdf(tt, n - 2))

    if alternative == "two-sided":
        p = min(2 * (ps(False) if q > (n**3 - n) / 6 else ps(True)), 1.0)
    else:
        p = ps(True) if alternative == "greater" else ps(False)
    se = np.sqrt(1.06 / (n - 3)) if n > 3 else np.nan
    return r, p, se, float(q), "S", None, "Spearman rank correlation"


_CORRELATION = {"pearson": _pearson, "spearman": _spearman}


def _correlation_text(r, p, ci, n, xn, yn, confidence, alpha):
    strength = "strong" if abs(r) >= 0.7 else "moderate" if abs(r) >= 0.4 else "weak"
    direction = "positive" if r > 0 else "negative"
    if p < alpha:
        return (
            f"{xn} and {yn} have a {strength} {direction} correlation: r = {fmt(r, 3)} "
            f"({fmt_ci(ci, confidence, 3)}, {fmt_p(p)}, n = {n}); correlation alone does not prove cause"
        )
    return (
        f"no significant correlation between {xn} and {yn}: r = {fmt(r, 3)} "
        f"({fmt_ci(ci, confidence, 3)}, {fmt_p(p)}, {decision_text(p, alpha)})"
    )


def _correlation_checks(method, xs, ys, n):
    rows = []
    if method == "pearson":
        pa = anderson_darling(xs)[2] if n >= 8 else 1.0
        pb = anderson_darling(ys)[2] if n >= 8 else 1.0
        rows.append(
            (
                "linearity",
                "pass",
                "Pearson measures straight-line association; check the scatterplot for curves",
            )
        )
        if min(pa, pb) < 0.05 and n < 30:
            rows.append(("normality", "warn", "a small sample is not normal: prefer Spearman"))
    return rows


def correlation(
    data=None,
    x=None,
    y=None,
    *,
    method: str = "pearson",
    alternative: str = "two-sided",
    confidence: float = 0.95,
) -> TestResult:
    """Pearson or Spearman correlation of two columns (or arrays) with a test of ρ = 0 and a CI."""
    method = str(method).lower()
    if method not in ("pearson", "spearman"):
        raise unknown("correlation method", method, ["pearson", "spearman"])
    alternative, confidence = normalize_alternative(alternative), check_confidence(confidence)
    xs, ys, (xn, yn) = _pair_columns(data, x, y)
    n = xs.size
    if np.ptp(xs) == 0 or np.ptp(ys) == 0:
        raise InputError("a column is constant; correlation is undefined")
    zq = st.norm.ppf(0.5 + confidence / 2 if alternative == "two-sided" else confidence)
    r, p, se, stat, stat_name, dof, name = _CORRELATION[method](xs, ys, n, alternative)
    zr = np.arctanh(np.clip(r, -1 + 1e-16, 1 - 1e-16))
    lo, hi = np.tanh(zr - zq * se), np.tanh(zr + zq * se)
    ci = {"two-sided": (lo, hi), "less": (-1.0, hi), "greater": (lo, 1.0)}[alternative]
    ci = (float(ci[0]), float(ci[1]))
    alpha = alpha_of(confidence)
    p = float(p)
    return TestResult(
        test=name,
        hypotheses=hypotheses_text("the correlation", 0.0, alternative),
        statistic=stat,
        statistic_name=stat_name,
        df=dof,
        p_value=p,
        estimate=r,
        estimate_name="correlation",
        ci=ci,
        alternative=alternative,
        alpha=alpha,
        effect_size=r * r,
        effect_size_name="r²",
        checks=checks_frame(_correlation_checks(method, xs, ys, n)),
        conclusion=_correlation_text(r, p, ci, n, xn, yn, confidence, alpha),
        kind="correlation",
        extra={"n": n, "method": method, "x": xn, "y": yn},
        plot_data={"x": xs, "y": ys, "x_name": xn, "y_name": yn},
    )


# ---------------------------------------------------------------------------------------------
# Design matrices


def _design(data: pd.DataFrame, y: str, xs: list[str], *, response="numeric", event=None):
    """(y vector, X with intercept, term names, column -> term map, frame used, event label)."""
    if not isinstance(data, pd.DataFrame):
        raise InputError("regression needs a DataFrame with y= and x= columns")
    if not xs:
        raise InputError("give at least one predictor (x=[...] / --x COL[,COL...])")
    if y in xs or len(set(xs)) != len(xs):
        raise InputError(
            f"the response {y!r} and the predictors {', '.join(map(repr, xs))} must be different "
            "columns, each listed once"
        )
    cols = [column(data, y, "y")] + [column(data, c, "x") for c in xs]
    frame = pd.concat(cols, axis=1)
    frame.columns = [y, *xs]
    frame = frame.dropna()
    ev = None
    if response == "numeric":
        yv = pd.to_numeric(frame[y], errors="coerce")
        if yv.isna().any():
            raise InputError(
                f"y column {y!r} has values that are not numbers; use logistic regression for yes/no Ys"
            )
        yv = check_values(yv.to_numpy(float), f"y column {y!r}")
    else:
        _, _, ev = binary_counts(frame[y], event)
        yv = (frame[y].astype(str) == ev).to_numpy(float)
    mats, names, term_of = [np.ones((len(frame), 1))], ["Constant"], ["Constant"]
    for c in xs:
        col = frame[c]
        num = pd.to_numeric(col, errors="coerce") if col.dtype != bool else col.astype(float)
        if num.notna().all() and not isinstance(col.dtype, pd.CategoricalDtype):
            mats.append(check_values(num.to_numpy(float), f"x column {c!r}")[:, None])
            names.append(c)
            term_of.append(c)
        else:
            levels = pd.Categorical(
                col.astype(str) if not isinstance(col.dtype, pd.CategoricalDtype) else col
            )
            cats = list(levels.categories)
            if len(cats) < 2:
                raise InputError(f"predictor {c!r} has a single level; drop it")
            dummies = (levels.codes[:, None] == np.arange(1, len(cats))[None, :]).astype(float)
            mats.append(dummies)
            names.extend(f"{c}[{lev}]" for lev in cats[1:])
            term_of.extend([c] * (len(cats) - 1))
    x = np.hstack(mats)
    if x.shape[0] <= x.shape[1]:
        raise InputError(
            f"{x.shape[0]} complete rows for {x.shape[1]} coefficients; regression needs more rows"
        )
    if np.linalg.matrix_rank(x) < x.shape[1]:
        raise InputError(
            "the predictors are linearly dependent (one is a combination of others); drop one"
        )
    return yv, x, names, term_of, frame, ev


def _vif(x: np.ndarray) -> np.ndarray:
    """VIF_j = 1/(1 - R²_j) = diagonal of the inverse correlation matrix of the predictors."""
    p = x.shape[1] - 1
    if p < 2:
        return np.r_[np.nan, np.ones(p)]
    corr = np.corrcoef(x[:, 1:], rowvar=False)
    return np.r_[np.nan, np.diag(np.linalg.inv(corr))]


def _ols(xm: np.ndarray, yv: np.ndarray, names: list, confidence: float) -> SimpleNamespace:
    """Least squares by QR: b = R⁻¹Q'y, se = √(diag((X'X)⁻¹)·MSE), t = b/se on n - p df."""
    n, k = xm.shape
    q, r = np.linalg.qr(xm)
    beta = np.linalg.solve(r, q.T @ yv)
    fitted = xm @ beta
    resid = yv - fitted
    dfe = n - k
    sse = float(resid @ resid)
    mse = sse / dfe
    rinv = np.linalg.inv(r)
    xtx_inv = rinv @ rinv.T
    se = np.sqrt(np.diag(xtx_inv) * mse)
    tvals = beta / se
    pvals = 2 * st.t.sf(np.abs(tvals), dfe)
    tq = st.t.ppf(0.5 + confidence / 2, dfe)
    vif = _vif(xm)
    coefs = pd.DataFrame(
        {
            "term": names,
            "coef": beta,
            "se": se,
            "t": tvals,
            "p": pvals,
            "ci_lo": beta - tq * se,
            "ci_hi": beta + tq * se,
            "vif": vif,
        }
    )
    sst = float(np.sum((yv - yv.mean()) ** 2))
    ssr = sst - sse
    dfr = k - 1
    f = (ssr / dfr) / mse if mse > 0 else np.inf
    pf = float(st.f.sf(f, dfr, dfe))
    return SimpleNamespace(
        n=n, k=k, q=q, beta=beta, fitted=fitted, resid=resid, dfe=dfe, sse=sse, mse=mse,
        coefs=coefs, sst=sst, ssr=ssr, dfr=dfr, f=f, pf=pf,
    )


def _anova_tables(m: SimpleNamespace, xm: np.ndarray, yv: np.ndarray, term_of: list):
    """Minitab's table (adjusted SS per term) and R's anova(lm) (sequential SS from Q'y)."""
    dfe, sse, mse = m.dfe, m.sse, m.mse
    # Adjusted (Type III) SS per term: increase in SSE when the term's columns are dropped.
    rows = [("Regression", m.dfr, m.ssr, m.ssr / m.dfr, m.f, m.pf)]
    term_arr = np.array(term_of)
    for term in dict.fromkeys(term_of[1:]):
        keep = term_arr != term
        xr = xm[:, keep]
        br, *_ = np.linalg.lstsq(xr, yv, rcond=None)
        rr = yv - xr @ br
        ss = float(rr @ rr) - sse
        dft = int((~keep).sum())
        ft = ss / dft / mse if mse > 0 else np.inf
        rows.append((f"  {term}", dft, ss, ss / dft, ft, float(st.f.sf(ft, dft, dfe))))
    rows += [
        ("Error", dfe, sse, mse, np.nan, np.nan),
        ("Total", m.n - 1, m.sst, np.nan, np.nan, np.nan),
    ]
    anova = pd.DataFrame(rows, columns=["source", "df", "ss", "ms", "f", "p"])
    # Sequential (Type I) SS, R's anova(lm): each term's share of the QR effects Q'y, in the
    # order the terms were given (equals the adjusted SS for the last term only).
    effects2 = (m.q.T @ yv) ** 2
    seq_rows = []
    for term in dict.fromkeys(term_of[1:]):
        cols = term_arr == term
        ss, dft = float(effects2[cols].sum()), int(cols.sum())
        ft = ss / dft / mse if mse > 0 else np.inf
        seq_rows.append((term, dft, ss, ss / dft, ft, float(st.f.sf(ft, dft, dfe))))
    seq_rows.append(("Residuals", dfe, sse, mse, np.nan, np.nan))
    return anova, pd.DataFrame(seq_rows, columns=["source", "df", "ss", "ms", "f", "p"])


def _fit_stats(m: SimpleNamespace, frame: pd.DataFrame) -> SimpleNamespace:
    """Leverages h = diag(QQ'), standardized residuals, Cook's D, R², adjusted and PRESS R², DW."""
    n, k, resid, sse, sst = m.n, m.k, m.resid, m.sse, m.sst
    h = np.sum(m.q**2, axis=1)
    s = np.sqrt(m.mse)
    std_resid = resid / (s * np.sqrt(np.clip(1 - h, 1e-300, None)))
    cooks = std_resid**2 * h / (k * np.clip(1 - h, 1e-300, None))
    press = float(np.sum((resid / np.clip(1 - h, 1e-300, None)) ** 2))
    diag = pd.DataFrame(
        {
            "row": frame.index,
            "fitted": m.fitted,
            "residual": resid,
            "std_residual": std_resid,
            "leverage": h,
            "cooks_d": cooks,
        }
    )
    unusual = diag[(np.abs(std_resid) > 2) | (h > 3 * k / n)].copy()
    unusual["flag"] = np.where(np.abs(unusual["std_residual"]) > 2, "R", "") + np.where(
        unusual["leverage"] > 3 * k / n, "X", ""
    )
    return SimpleNamespace(
        s=s,
        diag=diag,
        unusual=unusual,
        r2=m.ssr / sst if sst > 0 else np.nan,
        adj=1 - m.mse / (sst / (n - 1)) if sst > 0 else np.nan,
        pred_r2=1 - press / sst if sst > 0 else np.nan,
        dw=float(np.sum(np.diff(resid) ** 2) / sse) if sse > 0 else np.nan,
    )


def _regression_checks(m: SimpleNamespace, fs: SimpleNamespace) -> list:
    n, k, resid, dw = m.n, m.k, m.resid, fs.dw
    checks = []
    if n >= 8 and np.ptp(resid) > 0:
        pa = anderson_darling(resid)[2]
        if pa < 0.05 and n < 50:
            checks.append(
                (
                    "normality",
                    "warn",
                    f"residuals are not normal (Anderson-Darling {fmt_p(pa)}); p-values are approximate",
                )
            )
        else:
            checks.append(
                (
                    "normality",
                    "pass",
                    f"residuals: Anderson-Darling {fmt_p(pa)}"
                    + (" (large sample: robust)" if n >= 50 else ""),
                )
            )
    high_vif = m.coefs[m.coefs["vif"] > 5]
    if len(high_vif):
        checks.append(
            (
                "multicollinearity",
                "warn",
                f"VIF above 5 for {', '.join(high_vif['term'])}: predictors overlap and their coefficients are unstable",
            )
        )
    elif k > 2:
        checks.append(("multicollinearity", "pass", "every VIF is at most 5"))
    checks.append(
        (
            "unusual observations",
            "warn" if len(fs.unusual) > max(0.05 * n, 1) else "pass",
            f"{len(fs.unusual)} unusual observation(s) (|std residual| > 2 or leverage > 3p/n)",
        )
    )
    if n > 10 and (dw < 1.0 or dw > 3.0):
        checks.append(
            (
                "independence",
                "warn",
                f"Durbin-Watson {dw:.2f}: residuals are autocorrelated (time order?)",
            )
        )
    return checks


def _regression_conclusion(m, fs, y, names, confidence, alpha):
    """The conclusion line and, for one predictor, the slope with its interval."""
    coefs, r2, f, pf = m.coefs, fs.r2, m.f, m.pf
    sig_terms = coefs[(coefs["p"] < alpha) & (coefs["term"] != "Constant")]
    if pf < alpha:
        conclusion = (
            f"the model explains {r2:.1%} of the variation in {y} (adjusted {fs.adj:.1%}; F = {fmt(f)}, {fmt_p(pf)}); "
            f"significant: {', '.join(sig_terms['term']) or 'none individually'}"
        )
    else:
        conclusion = f"the predictors do not significantly explain {y} (R² = {r2:.1%}, F = {fmt(f)}, {fmt_p(pf)})"
    if m.k != 2:
        return conclusion, None, "", None
    beta = m.beta
    est, est_name, ci = (
        float(beta[1]),
        f"slope of {names[1]}",
        (float(coefs.ci_lo[1]), float(coefs.ci_hi[1])),
    )
    conclusion += (
        f"; each unit of {names[1]} changes {y} by {fmt(beta[1])} ({fmt_ci(ci, confidence)})"
    )
    return conclusion, est, est_name, ci


def regression(
    data: pd.DataFrame,
    y: str,
    x,
    *,
    confidence: float = 0.95,
) -> TestResult:
    """Simple or multiple linear regression of y on x (one column name or a list).

    ``anova`` is Minitab's table (Regression, each term's adjusted SS, Error, Total);
    ``anova_sequential`` is R's ``anova(lm(...))`` (sequential Type I SS in the order of x).
    """
    confidence = check_confidence(confidence)
    xs = [x] if isinstance(x, str) else list(x)
    yv, xm, names, term_of, frame, _ = _design(data, y, xs)
    m = _ols(xm, yv, names, confidence)
    n, k, beta = m.n, m.k, m.beta
    anova, anova_sequential = _anova_tables(m, xm, yv, term_of)
    fs = _fit_stats(m, frame)
    terms = " ".join(
        f"{'+' if b >= 0 else '-'} {fmt(abs(b))} {nm}"
        for b, nm in zip(beta[1:], names[1:], strict=True)
    )
    checks = _regression_checks(m, fs)
    alpha = alpha_of(confidence)
    conclusion, est, est_name, ci = _regression_conclusion(m, fs, y, names, confidence, alpha)
    return TestResult(
        test="linear regression" if k == 2 else "multiple linear regression",
        hypotheses="H0: all slopes are zero; H1: at least one is not",
        statistic=float(m.f),
        statistic_name="F",
        df=(float(m.dfr), float(m.dfe)),
        p_value=m.pf,
        estimate=est,
        estimate_name=est_name,
        ci=ci,
        alternative="two-sided",
        alpha=alpha,
        effect_size=float(fs.r2),
        effect_size_name="R²",
        checks=checks_frame(checks),
        conclusion=conclusion,
        kind="regression",
        extra={
            "equation": f"{y} = {fmt(beta[0])} {terms}",
            "coefficients": m.coefs,
            "anova": anova,
            "anova_sequential": anova_sequential,
            "r_squared": fs.r2,
            "adj_r_squared": fs.adj,
            "pred_r_squared": fs.pred_r2,
            "s": fs.s,
            "durbin_watson": fs.dw,
            "n": n,
            "unusual": fs.unusual,
        },
        plot_data={
            "diagnostics": fs.diag,
            "y": yv,
            "x": xm[:, 1] if k == 2 else None,
            "x_name": names[1] if k == 2 else None,
            "y_name": y,
            "coefficients": m.coefs,
        },
    )


def hosmer_lemeshow(result=None, *, y=None, fitted=None, g: int = 10) -> dict:
    """Hosmer-Lemeshow test (R ResourceSelection::hoslem.test grouping; module docstring).

    Pass a logistic ``TestResult`` or ``y`` (0/1) and ``fitted`` probabilities. Returns
    {statistic, df, p_value, g, groups (table: group, n, observed, expected, low, high)}.
    """
    if result is not None:
        pd_ = getattr(result, "plot_data", {}) or {}
        if "fitted" not in pd_:
            raise InputError("hosmer_lemeshow needs a logistic regression result (or y=, fitted=)")
        y, fitted = pd_["observed"], pd_["fitted"]
    if y is None or fitted is None:
        raise InputError("hosmer_lemeshow needs a logistic result, or y= and fitted= arrays")
    yv = np.asarray(y, dtype=float)
    pv = np.asarray(fitted, dtype=float)
    if yv.shape != pv.shape or yv.ndim != 1:
        raise InputError("y and fitted must be 1-D arrays of the same length")
    if not np.all(np.isin(yv, (0.0, 1.0))) or np.any((pv < 0) | (pv > 1)) or np.isnan(pv).any():
        raise InputError("y must be 0/1 and fitted probabilities between 0 and 1")
    if int(g) != g or g < 3:
        raise InputError(f"g = {g}: the number of groups must be a whole number of at least 3")
    g = int(g)
    breaks = np.unique(np.quantile(pv, np.arange(g + 1) * (1 / g)))  # R seq(0, 1, 1/g), type 7
    if breaks.size < 2:
        raise InputError(
            "all fitted probabilities are equal; the Hosmer-Lemeshow test is undefined"
        )
    # cut(right = TRUE, include.lowest = TRUE): (b[i-1], b[i]], the first group closed
    code = np.clip(np.searchsorted(breaks, pv, side="left"), 1, breaks.size - 1) - 1
    k = breaks.size - 1
    n = np.bincount(code, minlength=k).astype(float)
    obs = np.bincount(code, weights=yv, minlength=k)
    exp = np.bincount(code, weights=pv, minlength=k)
    keep = n > 0
    n, obs, exp = n[keep], obs[keep], exp[keep]
    lo, hi = breaks[:-1][keep], breaks[1:][keep]
    big_g = int(keep.sum())
    if big_g < 3:
        raise InputError(
            f"the fitted probabilities form only {big_g} groups; the Hosmer-Lemeshow test needs 3 "
            "or more (more distinct predictor values)"
        )
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = (obs - exp) ** 2 / exp + ((n - obs) - (n - exp)) ** 2 / (n - exp)
    terms = np.where(np.isfinite(terms), terms, 0.0)  # a group with E = 0 and O = 0 adds 0
    stat = float(terms.sum())
    df = big_g - 2
    return {
        "statistic": stat,
        "df": float(df),
        "p_value": float(st.chi2.sf(stat, df)),
        "g": g,
        "groups": pd.DataFrame(
            {
                "group": np.arange(1, big_g + 1),
                "low": lo,
                "high": hi,
                "n": n.astype(int),
                "observed": obs,
                "expected": exp,
                "observed_non_events": n - obs,
                "expected_non_events": n - exp,
            }
        ),
    }


def _irls(xm: np.ndarray, yv: np.ndarray, max_iter: int):
    """Newton-Raphson for the logit: b += (X'WX)⁻¹X'(y - μ), W = μ(1 - μ); returns (b, μ)."""
    k = xm.shape[1]
    beta = np.zeros(k)
    beta[0] = np.log(yv.mean() / (1 - yv.mean()))
    converged = False
    for _ in range(max_iter):  # Newton-Raphson iterations, each vectorized over rows
        eta = xm @ beta
        mu = 1 / (1 + np.exp(-eta))
        w = mu * (1 - mu)
        hess = xm.T @ (xm * w[:, None])
        try:
            step = np.linalg.solve(hess, xm.T @ (yv - mu))
        except np.linalg.LinAlgError:
            break  # fitted probabilities collapsed to 0/1: reported below as separation
        beta = beta + step
        if np.max(np.abs(step)) < 1e-10 * (1 + np.max(np.abs(beta))):
            converged = True
            break
    eta = xm @ beta
    mu = 1 / (1 + np.exp(-eta))
    if not converged or np.any(mu < 1e-10) or np.any(mu > 1 - 1e-10):
        raise InputError(
            "the logistic model does not converge: a predictor separates the outcomes perfectly "
            "(or nearly); drop or merge that predictor's levels"
        )
    return beta, mu


def _logit_coefs(xm, beta, mu, names, confidence) -> pd.DataFrame:
    """Wald z = b/se, se from (X'WX)⁻¹; odds ratios exp(b) with exp(b ± z·se) (Minitab)."""
    w = mu * (1 - mu)
    cov = np.linalg.inv(xm.T @ (xm * w[:, None]))
    se = np.sqrt(np.diag(cov))
    z = beta / se
    p = 2 * st.norm.sf(np.abs(z))
    zq = st.norm.ppf(0.5 + confidence / 2)
    coefs = pd.DataFrame(
        {
            "term": names,
            "coef": beta,
            "se": se,
            "z": z,
            "p": p,
            "odds_ratio": np.exp(beta),
            "or_ci_lo": np.exp(beta - zq * se),
            "or_ci_hi": np.exp(beta + zq * se),
        }
    )
    coefs.loc[0, ["odds_ratio", "or_ci_lo", "or_ci_hi"]] = np.nan
    return coefs


def _logistic_fit_text(yv, mu, n, df, alpha, conclusion):
    """Events-per-predictor and Hosmer-Lemeshow checks; the conclusion with the HL sentence."""
    events = int(yv.sum())
    checks = [
        (
            "events per predictor",
            "warn" if min(events, n - events) < 10 * df else "pass",
            f"{min(events, n - events)} of the rarer outcome for {df} coefficient(s) (aim for at least 10 each)",
        )
    ]
    try:
        hl = hosmer_lemeshow(y=yv, fitted=mu, g=10)
    except InputError as exc:  # too few distinct fitted values: say so, keep the fit
        hl = None
        checks.append(("goodness of fit", "warn", f"Hosmer-Lemeshow not computed: {exc}"))
    if hl is not None:
        fits = hl["p_value"] >= alpha
        conclusion += (
            f". Hosmer-Lemeshow goodness of fit: X² = {fmt(hl['statistic'])}, "
            f"df = {hl['df']:.0f}, {fmt_p(hl['p_value'])}"
            + (
                " (no evidence of lack of fit)"
                if fits
                else " (the model's predicted risks do not match the observed rates; check the form of the predictors)"
            )
        )
        checks.append(
            (
                "goodness of fit",
                "pass" if fits else "warn",
                f"Hosmer-Lemeshow {fmt_p(hl['p_value'])} over {len(hl['groups'])} risk groups",
            )
        )
    return checks, conclusion, hl, events


def logistic_regression(
    data: pd.DataFrame,
    y: str,
    x,
    *,
    event=None,
    confidence: float = 0.95,
    max_iter: int = 50,
) -> TestResult:
    """Binary logistic regression of a yes/no y on x (columns; text columns become indicators)."""
    confidence = check_confidence(confidence)
    xs = [x] if isinstance(x, str) else list(x)
    yv, xm, names, _, frame, ev = _design(data, y, xs, response="binary", event=event)
    n, k = xm.shape
    if yv.min() == yv.max():
        raise InputError(f"y column {y!r} has only one outcome; logistic regression needs both")
    beta, mu = _irls(xm, yv, max_iter)
    coefs = _logit_coefs(xm, beta, mu, names, confidence)
    dev = float(-2 * np.sum(yv * np.log(mu) + (1 - yv) * np.log(1 - mu)))
    pbar = yv.mean()
    null_dev = float(-2 * np.sum(yv * np.log(pbar) + (1 - yv) * np.log(1 - pbar)))
    lr = null_dev - dev
    df = k - 1
    p_lr = float(st.chi2.sf(lr, df))
    alpha = alpha_of(confidence)
    r2 = 1 - dev / null_dev
    sig = coefs[(coefs["p"] < alpha) & (coefs["term"] != "Constant")]
    effects = "; ".join(
        f"{r.term}: odds x{fmt(r.odds_ratio, 3)} ({fmt_ci((r.or_ci_lo, r.or_ci_hi), confidence, 3)})"
        for r in sig.itertuples()
    )
    if p_lr < alpha:
        conclusion = (
            f"the predictors change the odds of {y} = {ev} (likelihood-ratio X² = {fmt(lr)}, df = {df}, "
            f"{fmt_p(p_lr)}; deviance R² {r2:.1%})" + (f": {effects}" if effects else "")
        )
    else:
        conclusion = (
            f"the predictors do not significantly change the odds of {y} = {ev} ({fmt_p(p_lr)})"
        )
    checks, conclusion, hl, events = _logistic_fit_text(yv, mu, n, df, alpha, conclusion)
    return TestResult(
        test="binary logistic regression",
        hypotheses="H0: all coefficients (except the constant) are zero; H1: not all",
        statistic=float(lr),
        statistic_name="likelihood-ratio X-squared",
        df=float(df),
        p_value=p_lr,
        estimate=None,
        estimate_name="",
        ci=None,
        alternative="two-sided",
        alpha=alpha,
        effect_size=float(r2),
        effect_size_name="deviance R²",
        checks=checks_frame(checks),
        conclusion=conclusion,
        kind="logistic",
        extra={
            "coefficients": coefs,
            "event": ev,
            "deviance": dev,
            "null_deviance": null_dev,
            "aic": dev + 2 * k,
            "n": n,
            "events": events,
            "hosmer_lemeshow": None
            if hl is None
            else {k: v for k, v in hl.items() if k != "groups"},
            "hosmer_lemeshow_groups": None if hl is None else hl["groups"],
        },
        plot_data={"coefficients": coefs, "fitted": mu, "observed": yv},
    )
