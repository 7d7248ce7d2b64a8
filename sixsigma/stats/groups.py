"""Comparing several groups: one-way ANOVA + Tukey, Welch ANOVA + Games-Howell,
Kruskal-Wallis, Mood's median test, and two-way ANOVA.

- One-way ANOVA: F = MS_between / MS_within (Montgomery, *Design and Analysis of
  Experiments*, ch. 3). Tukey-Kramer comparisons: diff ± q(1-α; k, N-k) √(MSE/2 (1/n_i + 1/n_j)),
  p from the studentized range (``tukey.ptukey``, R's algorithm; pairs read "later level -
  earlier level" as R's TukeyHSD).
- Welch ANOVA (R's oneway.test): w_i = n_i/s_i², F = [Σ w_i (x̄_i - x̄_w)²/(k-1)] /
  [1 + 2(k-2)/(k²-1) Σ h_i], h_i = (1 - w_i/W)²/(n_i - 1), df2 = (k² - 1)/(3 Σ h_i).
  Games-Howell pairs: t_ij = diff/√(s_i²/n_i + s_j²/n_j) with Welch df, p = P(q > √2 |t_ij|).
- Kruskal-Wallis: H = [12/(N(N+1)) Σ R_i²/n_i - 3(N+1)] / (1 - Σ(t³ - t)/(N³ - N)) (R's
  kruskal.test; Minitab's "adjusted for ties").
- Mood's median test lives in ``sixsigma.stats.medians`` (re-exported here).
- Two-way ANOVA: least squares with sum-to-zero (effect) coding and adjusted (Type III) sums
  of squares, as Minitab's default; identical to R's sequential aov table for balanced data.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
from scipy import stats as st

from sixsigma.errors import InputError
from sixsigma.stats import checks as ck
from sixsigma.stats.describe import group_summary
from sixsigma.stats.inputs import as_groups, column
from sixsigma.stats.medians import mood_median as mood_median  # re-exported, one implementation
from sixsigma.stats.normality import anderson_darling
from sixsigma.stats.result import (
    TestResult,
    alpha_of,
    checks_frame,
    decision_text,
    fmt,
    fmt_p,
    resolve_alpha,
)
from sixsigma.tukey import ptukey, qtukey

_ALL_EQUAL = "H0: all group means are equal; H1: at least one mean differs"


def _pairs_table(labels, means, se, df, k, confidence, q_scale):
    """Pairwise differences (later level - earlier level) with studentized-range p and CI.

    ``se`` and ``df`` are k x k arrays (or scalars); ``q_scale`` converts se to the
    studentized-range scale (√2 for both Tukey-Kramer and Games-Howell on the se of a difference).
    """
    ii, jj = np.array(list(itertools.combinations(range(k), 2))).T
    se = np.broadcast_to(se, (k, k))[ii, jj]
    df = np.broadcast_to(df, (k, k))[ii, jj]
    diff = means[jj] - means[ii]
    q = np.abs(diff) / se * q_scale
    p = ptukey(q, k, df, lower_tail=False)
    udf = np.unique(df)
    crit = qtukey(confidence, k, udf)[np.searchsorted(udf, df)] / q_scale
    lab = np.asarray(labels, dtype=object)
    return pd.DataFrame(
        {
            "pair": [f"{a}-{b}" for a, b in zip(lab[jj], lab[ii], strict=True)],
            "level_1": lab[jj],
            "level_2": lab[ii],
            "diff": diff,
            "ci_lo": diff - crit * se,
            "ci_hi": diff + crit * se,
            "p_adj": np.minimum(p, 1.0),
        }
    )


def _pairs_sentence(pairs: pd.DataFrame, alpha: float, method: str) -> str:
    sig = pairs[pairs["p_adj"] < alpha]
    if sig.empty:
        return f"{method} finds no pair of groups that differ"
    shown = "; ".join(f"{r.pair} {fmt(r.diff)}" for r in sig.head(4).itertuples())
    more = f" and {len(sig) - 4} more" if len(sig) > 4 else ""
    return f"{method}: {len(sig)} of {len(pairs)} pairs differ ({shown}{more})"


def _extremes(labels, means):
    hi, lo = int(np.argmax(means)), int(np.argmin(means))
    return f"highest {labels[hi]} {fmt(means[hi])}, lowest {labels[lo]} {fmt(means[lo])}"


def _oneway_table(samples, n, means, group):
    """SS_between = Σ n_i (x̄_i - x̄)², SS_within, F = MS_b / MS_w (Montgomery ch. 3)."""
    k = len(samples)
    big_n = n.sum()
    if big_n - k < 1:
        raise InputError("one-way ANOVA needs more observations than groups")
    grand = np.concatenate(samples).mean()
    ssb = float(np.sum(n * (means - grand) ** 2))
    ssw = float(sum(np.sum((s - s.mean()) ** 2) for s in samples))
    dfb, dfw = k - 1, big_n - k
    msb, msw = ssb / dfb, ssw / dfw
    if msw == 0:
        raise InputError("every group has zero spread; ANOVA needs variation within groups")
    f = msb / msw
    p = float(st.f.sf(f, dfb, dfw))
    table = pd.DataFrame(
        {
            "source": [group or "factor", "error", "total"],
            "df": [dfb, dfw, big_n - 1],
            "ss": [ssb, ssw, ssb + ssw],
            "ms": [msb, msw, np.nan],
            "f": [f, np.nan, np.nan],
            "p": [p, np.nan, np.nan],
        }
    )
    return table, ssb, ssw, dfb, dfw, msw, f, p


def _oneway_conclusion(labels, means, pairs, f, p, alpha) -> str:
    k = len(labels)
    if p < alpha:
        return (
            f"the means differ across the {k} groups (F = {fmt(f)}, {fmt_p(p)}): {_extremes(labels, means)}; "
            + _pairs_sentence(pairs, alpha, "Tukey")
        )
    return (
        f"no significant difference among the {k} group means (F = {fmt(f)}, {fmt_p(p)}, "
        f"{decision_text(p, alpha)}); {_extremes(labels, means)}"
    )


def anova_oneway(
    data=None,
    value: str | None = None,
    group: str | None = None,
    *,
    groups=None,
    confidence: float = 0.95,
) -> TestResult:
    """One-way ANOVA (equal variances) with Tukey-Kramer pairwise comparisons (``pairs``)."""
    alpha = alpha_of(confidence)
    labels, samples = as_groups(data, value, group, groups, min_groups=2, min_n=1)
    k = len(labels)
    n = np.array([s.size for s in samples], dtype=float)
    means = np.array([s.mean() for s in samples])
    table, ssb, ssw, dfb, dfw, msw, f, p = _oneway_table(samples, n, means, group)
    se = np.sqrt(msw / 2 * (1 / n[:, None] + 1 / n[None, :]))
    pairs = _pairs_table(labels, means, se, dfw, k, confidence, 1.0)
    pairs["significant"] = pairs["p_adj"] < alpha
    r2 = ssb / (ssb + ssw)
    rows = [
        ck.normality_check(
            labels, samples, large_n=15, alternative_test="Kruskal-Wallis or Mood's median"
        ),
        ck.outlier_check(labels, samples),
        ck.equal_variance_check(labels, samples, pooled=True),
    ]
    summary = group_summary(labels, samples, confidence)
    # Individual group intervals use the pooled SD, as Minitab's one-way output does.
    half = st.t.ppf(0.5 + confidence / 2, dfw) * np.sqrt(msw / n)
    summary["ci_lo"], summary["ci_hi"] = means - half, means + half
    return TestResult(
        test="one-way ANOVA",
        hypotheses=_ALL_EQUAL,
        statistic=float(f),
        statistic_name="F",
        df=(float(dfb), float(dfw)),
        p_value=p,
        estimate=None,
        estimate_name="",
        ci=None,
        alternative="two-sided",
        alpha=alpha,
        effect_size=r2,
        effect_size_name="eta squared (R²)",
        checks=checks_frame(rows),
        conclusion=_oneway_conclusion(labels, means, pairs, f, p, alpha),
        kind="anova",
        extra={
            "anova": table,
            "groups": summary[["group", "n", "mean", "sd", "ci_lo", "ci_hi"]],
            "pairs": pairs,
            "pooled_sd": float(np.sqrt(msw)),
            "r_squared": r2,
            "adj_r_squared": 1 - msw / ((ssb + ssw) / (n.sum() - 1)),
        },
        plot_data={"groups": summary, "pairs": pairs, "pairs_method": "Tukey"},
    )


def welch_anova(
    data=None,
    value: str | None = None,
    group: str | None = None,
    *,
    groups=None,
    confidence: float = 0.95,
) -> TestResult:
    """Welch's ANOVA (unequal variances, R's oneway.test) with Games-Howell pairs."""
    alpha = alpha_of(confidence)
    labels, samples = as_groups(data, value, group, groups, min_groups=2, min_n=2)
    k = len(labels)
    n = np.array([s.size for s in samples], dtype=float)
    means = np.array([s.mean() for s in samples])
    var = np.array([s.var(ddof=1) for s in samples])
    if np.any(var == 0):
        raise InputError(
            "a group has zero spread; Welch's ANOVA needs variation within every group"
        )
    w = n / var
    big_w = w.sum()
    mw = np.sum(w * means) / big_w
    h = np.sum((1 - w / big_w) ** 2 / (n - 1))
    f = float(np.sum(w * (means - mw) ** 2) / (k - 1) / (1 + 2 * (k - 2) / (k**2 - 1) * h))
    df1, df2 = float(k - 1), float((k**2 - 1) / (3 * h))
    p = float(st.f.sf(f, df1, df2))
    v = var / n
    se = np.sqrt(v[:, None] + v[None, :])
    dfp = (v[:, None] + v[None, :]) ** 2 / (
        v[:, None] ** 2 / (n[:, None] - 1) + v[None, :] ** 2 / (n[None, :] - 1)
    )
    pairs = _pairs_table(labels, means, se, dfp, k, confidence, np.sqrt(2.0))
    pairs["significant"] = pairs["p_adj"] < alpha
    rows = [
        ck.normality_check(
            labels, samples, large_n=15, alternative_test="Kruskal-Wallis or Mood's median"
        ),
        ck.outlier_check(labels, samples),
        ck.equal_variance_check(labels, samples, pooled=False),
    ]
    summary = group_summary(labels, samples, confidence)
    if p < alpha:
        conclusion = (
            f"the means differ across the {k} groups (Welch F = {fmt(f)}, {fmt_p(p)}): "
            f"{_extremes(labels, means)}; " + _pairs_sentence(pairs, alpha, "Games-Howell")
        )
    else:
        conclusion = (
            f"no significant difference among the {k} group means (Welch F = {fmt(f)}, {fmt_p(p)}, "
            f"{decision_text(p, alpha)}); {_extremes(labels, means)}"
        )
    grand = np.concatenate(samples)
    eta2 = float(np.sum(n * (means - grand.mean()) ** 2) / np.sum((grand - grand.mean()) ** 2))
    return TestResult(
        test="Welch's ANOVA",
        hypotheses=_ALL_EQUAL,
        statistic=f,
        statistic_name="F",
        df=(df1, df2),
        p_value=p,
        estimate=None,
        estimate_name="",
        ci=None,
        alternative="two-sided",
        alpha=alpha,
        effect_size=eta2,
        effect_size_name="eta squared",
        checks=checks_frame(rows),
        conclusion=conclusion,
        kind="anova",
        extra={"groups": summary[["group", "n", "mean", "sd", "ci_lo", "ci_hi"]], "pairs": pairs},
        plot_data={"groups": summary, "pairs": pairs, "pairs_method": "Games-Howell"},
    )


def kruskal_wallis(
    data=None,
    value: str | None = None,
    group: str | None = None,
    *,
    groups=None,
    alpha: float | None = None,
    confidence: float | None = None,
) -> TestResult:
    """Kruskal-Wallis rank test of H0: all groups have the same distribution (medians).

    ``confidence`` (default 0.95) sets the decision level; ``alpha`` = 1 - confidence also works.
    """
    alpha = resolve_alpha(alpha, confidence)
    labels, samples = as_groups(data, value, group, groups, min_groups=2, min_n=1)
    k = len(labels)
    n = np.array([s.size for s in samples], dtype=float)
    allv = np.concatenate(samples)
    big_n = allv.size
    ranks = st.rankdata(allv)
    gid = np.repeat(np.arange(k), n.astype(int))
    rsum = np.bincount(gid, weights=ranks, minlength=k)
    h0 = 12 / (big_n * (big_n + 1)) * np.sum(rsum**2 / n) - 3 * (big_n + 1)
    _, t = np.unique(allv, return_counts=True)
    corr = 1 - np.sum(t**3 - t) / (big_n**3 - big_n)
    if corr == 0:
        raise InputError("all values are identical; Kruskal-Wallis needs variation")
    h = float(h0 / corr)
    p = float(st.chi2.sf(h, k - 1))
    mean_rank = rsum / n
    z = (mean_rank - (big_n + 1) / 2) / np.sqrt(big_n * (big_n + 1) / 12 * (1 / n - 1 / big_n))
    summary = group_summary(labels, samples)
    summary["mean_rank"], summary["z"] = mean_rank, z
    medians = summary["median"].to_numpy()
    hi, lo = int(np.argmax(medians)), int(np.argmin(medians))
    ext = f"highest median {labels[hi]} {fmt(medians[hi])}, lowest {labels[lo]} {fmt(medians[lo])}"
    if p < alpha:
        conclusion = (
            f"the groups differ (Kruskal-Wallis H = {fmt(h)}, df = {k - 1}, {fmt_p(p)}): {ext}"
        )
    else:
        conclusion = (
            f"no significant difference among the {k} groups (H = {fmt(h)}, {fmt_p(p)}); {ext}"
        )
    rows = [
        (
            "shape",
            "pass",
            "rank test: no normality assumption; compare medians when the group shapes are similar",
        )
    ]
    small = ck.sample_size_check(labels, samples, 5)
    if small:
        rows.append(small)
    return TestResult(
        test="Kruskal-Wallis",
        hypotheses="H0: all group medians are equal; H1: at least one differs",
        statistic=h,
        statistic_name="H",
        df=float(k - 1),
        p_value=p,
        estimate=None,
        estimate_name="",
        ci=None,
        alternative="two-sided",
        alpha=alpha,
        effect_size=float((h - k + 1) / (big_n - k)) if big_n > k else None,
        effect_size_name="eta squared from H, (H - k + 1)/(N - k)",
        checks=checks_frame(rows),
        conclusion=conclusion,
        kind="anova",
        extra={
            "groups": summary[["group", "n", "median", "mean_rank", "z"]],
            "h_unadjusted": float(h0),
        },
        plot_data={"groups": summary},
    )


def _effect_codes(codes: np.ndarray, levels: int) -> np.ndarray:
    """Sum-to-zero coding: level j < L-1 -> unit vector j, last level -> all -1."""
    eye = np.vstack([np.eye(levels - 1), -np.ones(levels - 1)])
    return eye[codes]


def _twoway_frame(data, value, factor_a, factor_b):
    """(frame with y, a, b; level codes and labels of A and B) from a DataFrame."""
    if not isinstance(data, pd.DataFrame):
        raise InputError(
            "two-way ANOVA needs a DataFrame with value=, factor_a= and factor_b= columns"
        )
    y = pd.to_numeric(column(data, value, "value"), errors="coerce")
    frame = pd.DataFrame(
        {"y": y, "a": column(data, factor_a, "factor A"), "b": column(data, factor_b, "factor B")}
    ).dropna()
    ca, la = pd.factorize(frame["a"], sort=True)
    cb, lb = pd.factorize(frame["b"], sort=True)
    if len(la) < 2 or len(lb) < 2:
        raise InputError("each factor needs at least two levels")
    return frame, ca, la, cb, lb


def _type3_table(yv, blocks: dict):
    """Adjusted SS per term = SSE(without the term) - SSE(full); returns (table, SSE, df, MSE, SST)."""
    ones = np.ones((len(yv), 1))

    def sse(mats):
        x = np.hstack([ones, *mats])
        beta, *_ = np.linalg.lstsq(x, yv, rcond=None)
        r = yv - x @ beta
        return float(r @ r), x.shape[1]

    sse_full, p_full = sse(list(blocks.values()))
    df_err = len(yv) - p_full
    if df_err < 1:
        raise InputError(
            "no replicates: two-way ANOVA with interaction needs more than one value per cell"
        )
    mse = sse_full / df_err
    rows = []
    for name, mat in blocks.items():
        others = [m for k2, m in blocks.items() if k2 != name]
        sse_red, _ = sse(others)
        ss = sse_red - sse_full
        dfk = mat.shape[1]
        fk = ss / dfk / mse if mse > 0 else np.inf
        rows.append((name, dfk, ss, ss / dfk, fk, float(st.f.sf(fk, dfk, df_err))))
    sst = float(np.sum((yv - yv.mean()) ** 2))
    rows.append(("error", df_err, sse_full, mse, np.nan, np.nan))
    rows.append(("total", len(yv) - 1, sst, np.nan, np.nan, np.nan))
    table = pd.DataFrame(rows, columns=["source", "df", "ss", "ms", "f", "p"])
    return table, sse_full, df_err, mse, sst


def _twoway_checks(cell_groups, yv) -> list:
    """Residual normality (Anderson-Darling below 30 values) and equal cell variances."""
    resid = yv - cell_groups.transform("mean").to_numpy()
    checks = []
    if len(resid) < 30 and np.ptp(resid) > 0:
        pr = anderson_darling(resid)[2]
        checks.append(
            (
                "normality",
                "warn" if pr < 0.05 else "pass",
                f"residuals {'do not look' if pr < 0.05 else 'look'} normal (Anderson-Darling {fmt_p(pr)})",
            )
        )
    else:
        checks.append(
            (
                "normality",
                "pass",
                "at least 30 observations: F tests are robust to non-normal data",
            )
        )
    samples = [g.to_numpy(float) for _, g in cell_groups]
    labs = [f"{a}/{b}" for a, b in cell_groups.groups]
    checks.append(ck.equal_variance_check(labs, samples, pooled=True))
    return checks


def _twoway_conclusion(table, interaction, factor_a, factor_b, alpha) -> str:
    sig = [
        f"{r.source} (F = {fmt(r.f)}, {fmt_p(r.p)})"
        for r in table.iloc[:-2].itertuples()
        if r.p < alpha
    ]
    conclusion = (
        ("significant: " + "; ".join(sig)) if sig else "no factor or interaction is significant"
    )
    if interaction and table.iloc[2]["p"] < alpha:
        conclusion += f"; the effect of {factor_a} depends on {factor_b}: read the interaction plot before the main effects"
    return conclusion


def anova_twoway(
    data: pd.DataFrame,
    value: str,
    factor_a: str,
    factor_b: str,
    *,
    interaction: bool = True,
    alpha: float | None = None,
    confidence: float | None = None,
) -> TestResult:
    """Two-way ANOVA with adjusted (Type III) sums of squares; every term is in ``anova``.

    The headline statistic and p-value are the interaction's (or factor A's without it).
    ``confidence`` (default 0.95) sets the decision level; ``alpha`` = 1 - confidence also works.
    """
    alpha = resolve_alpha(alpha, confidence)
    frame, ca, la, cb, lb = _twoway_frame(data, value, factor_a, factor_b)
    yv = frame["y"].to_numpy(float)
    xa, xb = _effect_codes(ca, len(la)), _effect_codes(cb, len(lb))
    blocks = {factor_a: xa, factor_b: xb}
    if interaction:
        cells = pd.crosstab(ca, cb)
        if (cells.to_numpy() == 0).any():
            raise InputError("some factor combinations have no data; fit without the interaction")
        blocks[f"{factor_a}*{factor_b}"] = (xa[:, :, None] * xb[:, None, :]).reshape(len(yv), -1)
    table, sse_full, df_err, mse, sst = _type3_table(yv, blocks)
    head = table.iloc[2] if interaction else table.iloc[0]
    cell_groups = frame.groupby(["a", "b"], sort=True)["y"]
    checks = _twoway_checks(cell_groups, yv) if interaction else []
    means = frame.groupby(["a", "b"], sort=True)["y"].agg(["mean", "size"]).reset_index()
    means.columns = [factor_a, factor_b, "mean", "n"]
    return TestResult(
        test="two-way ANOVA",
        hypotheses=f"H0: no effect of {factor_a}, {factor_b}"
        + (" or their interaction" if interaction else ""),
        statistic=float(head["f"]),
        statistic_name=f"F ({head['source']})",
        df=(float(head["df"]), float(df_err)),
        p_value=float(head["p"]),
        estimate=None,
        estimate_name="",
        ci=None,
        alternative="two-sided",
        alpha=alpha,
        effect_size=float(1 - sse_full / sst),
        effect_size_name="R²",
        checks=checks_frame(checks),
        conclusion=_twoway_conclusion(table, interaction, factor_a, factor_b, alpha),
        kind="twoway",
        extra={
            "anova": table,
            "cell_means": means,
            "r_squared": float(1 - sse_full / sst),
            "s": float(np.sqrt(mse)),
        },
        plot_data={"cell_means": means, "factor_a": factor_a, "factor_b": factor_b},
    )
