"""Fisher's exact test of independence for r x c tables (R's ``fisher.test`` beyond 2 x 2).

Given the margins, a table has probability P = Π r_i! Π c_j! / (N! Π n_ij!) (the multiple
hypergeometric). The p-value sums P over every table with these margins that is no more
likely than the observed one (relative tolerance 1e-7, as R). This module lists all such
tables exactly — cell by cell, all partial tables at once as numpy arrays — instead of R's
network algorithm (Mehta & Patel 1983); the sum is the same. Enumeration stops with a clear
error above ``max_tables`` tables; ``simulate=True`` then gives R's Monte-Carlo p-value
(``simulate.p.value = TRUE``): B random tables with the same margins (Patefield 1981, via
scipy.stats.random_table), p = (1 + #{P_sim <= P_obs}) / (B + 1).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats as st
from scipy.special import gammaln

from sixsigma.errors import InputError
from sixsigma.stats.proportions import _table_from
from sixsigma.stats.result import TestResult, alpha_of, check_confidence, checks_frame, fmt_p

MAX_TABLES = 5_000_000


def _log_weight(cells: np.ndarray) -> np.ndarray:
    """-Σ log n_ij! over the last axis (or axes) of integer cell counts."""
    return -gammaln(cells + 1.0)


def enumerate_log_probs(table: np.ndarray, max_tables: int = MAX_TABLES) -> np.ndarray:
    """log P of every r x c table with the margins of ``table`` (multiple hypergeometric)."""
    t = np.asarray(table, dtype=np.int64)
    rows, cols = t.sum(axis=1), t.sum(axis=0)
    r, c = t.shape
    total = int(rows.sum())
    const = gammaln(rows + 1.0).sum() + gammaln(cols + 1.0).sum() - gammaln(total + 1.0)
    rem = rows[None, :].copy()  # remaining row sums of each partial table
    w = np.zeros(1)  # accumulated -Σ log n_ij!
    for j in range(c - 1):  # columns, then cells: a handful of vectorised steps
        need = np.full(rem.shape[0], cols[j], dtype=np.int64)
        for i in range(r):
            if i == r - 1:
                v = need
            else:
                after = rem[:, i + 1 :].sum(axis=1)
                lo = np.maximum(0, need - after)
                hi = np.minimum(rem[:, i], need)
                k = hi - lo + 1
                size = int(k.sum())
                if size > max_tables:
                    raise InputError(
                        f"this table has more than {max_tables:,} tables with its margins to list; "
                        "use the Monte-Carlo p-value (simulate=True / --method simulate)"
                    )
                idx = np.repeat(np.arange(k.size), k)
                start = np.cumsum(k) - k
                v = lo[idx] + (np.arange(size) - start[idx])
                rem, need, w = rem[idx], need[idx], w[idx]
            rem = rem.copy()
            rem[:, i] -= v
            need = need - v
            w = w + _log_weight(v)
    w = w + _log_weight(rem).sum(axis=1)  # the last column takes what each row has left
    return const + w


def _simulated_p(o, rows, cols, replicates, seed):
    """Monte-Carlo p = (1 + #{simulated tables no more likely}) / (B + 1) (R's fisher.test)."""
    if int(replicates) < 1:
        raise InputError("replicates must be a positive whole number, e.g. 10000")
    sims = st.random_table(rows, cols, seed=seed).rvs(size=int(replicates))
    stat_sim = -gammaln(sims + 1.0).sum(axis=(1, 2))
    stat_obs = -float(gammaln(o + 1.0).sum())
    almost_one = 1 + 64 * np.finfo(float).eps
    p = float((1 + np.sum(stat_sim <= stat_obs / almost_one)) / (int(replicates) + 1))
    return p, f"Monte-Carlo p-value ({int(replicates):,} random tables with these margins)", None


def _exact_p(o, rows, cols, total, max_tables):
    """Sum of the probabilities of the tables no more likely than the observed one (tol 1e-7)."""
    lp_obs = float(
        gammaln(rows + 1.0).sum()
        + gammaln(cols + 1.0).sum()
        - gammaln(total + 1.0)
        - gammaln(o + 1.0).sum()
    )
    lps = enumerate_log_probs(o, max_tables)
    mask = lps <= lp_obs + np.log1p(1e-7)
    p = float(min(1.0, np.exp(lps[mask]).sum()))
    return p, f"exact ({lps.size:,} tables with these margins)", int(lps.size)


def _rxc_cells(t, o, rows, cols, total) -> pd.DataFrame:
    """Observed, expected and standardized residuals per cell."""
    expected = np.outer(rows, cols) / total
    cells = pd.DataFrame(
        {
            "row": np.repeat(t.index.to_numpy(), o.shape[1]),
            "column": np.tile(t.columns.to_numpy(), o.shape[0]),
            "observed": o.ravel(),
            "expected": expected.ravel(),
        }
    )
    cells["std_residual"] = (cells["observed"] - cells["expected"]) / np.sqrt(
        cells["expected"]
        * (1 - np.repeat(rows, o.shape[1]) / total)
        * (1 - np.tile(cols, o.shape[0]) / total)
    )
    return cells


def _rxc_text(cells, rname, cname, p, alpha) -> str:
    if p < alpha:
        top = cells.iloc[int(np.argmax(np.abs(cells["std_residual"].to_numpy())))]
        return (
            f"{rname} and {cname} are associated (Fisher's exact test, {fmt_p(p)}): the largest "
            f"departure is {top['row']} x {top['column']} ({top['observed']:g} observed vs "
            f"{top['expected']:.1f} expected)"
        )
    return (
        f"no significant association between {rname} and {cname} (Fisher's exact test, "
        f"{fmt_p(p)})"
    )


def fisher_exact_rxc(
    data=None,
    row: str | None = None,
    column: str | None = None,
    count: str | None = None,
    *,
    table=None,
    simulate: bool = False,
    replicates: int = 10_000,
    seed: int | None = None,
    max_tables: int = MAX_TABLES,
    confidence: float = 0.95,
) -> TestResult:
    """Fisher's exact test of independence for an r x c table (exact, or Monte-Carlo)."""
    confidence = check_confidence(confidence)
    t = _table_from(data, row, column, count, table)
    o = t.to_numpy(dtype=float)
    if np.any(o != np.round(o)):
        raise InputError("Fisher's exact test needs whole-number counts")
    o = o.astype(np.int64)
    keep_r, keep_c = o.sum(axis=1) > 0, o.sum(axis=0) > 0
    o, t = o[keep_r][:, keep_c], t.loc[keep_r, keep_c]
    if min(o.shape) < 2:
        raise InputError("after dropping empty rows/columns the table has fewer than 2 of either")
    rows, cols = o.sum(axis=1), o.sum(axis=0)
    total = int(rows.sum())
    if simulate:
        p, method, n_tables = _simulated_p(o, rows, cols, replicates, seed)
    else:
        p, method, n_tables = _exact_p(o, rows, cols, total, max_tables)
    alpha = alpha_of(confidence)
    rname, cname = t.index.name or "row", t.columns.name or "column"
    cells = _rxc_cells(t, o, rows, cols, total)
    return TestResult(
        test="Fisher's exact test (r x c)",
        hypotheses=f"H0: {rname} and {cname} are independent; H1: they are associated",
        statistic=None,
        statistic_name="",
        df=None,
        p_value=p,
        estimate=None,
        estimate_name="",
        ci=None,
        alternative="two-sided",
        alpha=alpha,
        effect_size=None,
        effect_size_name="",
        checks=checks_frame([("method", "pass", method)]),
        conclusion=_rxc_text(cells, rname, cname, p, alpha),
        kind="table",
        extra={"cells": cells, "method": "simulate" if simulate else "exact", "tables": n_tables},
        plot_data={"cells": cells, "row_name": rname, "column_name": cname},
    )
