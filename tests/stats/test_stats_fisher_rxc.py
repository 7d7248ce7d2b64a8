"""Fisher's exact test for r x c tables.

References: R's ?fisher.test examples (TeaTasting two-sided p-value = 0.4857; Job
satisfaction 4x4 p-value = 0.7827, and "simulate.p.value = TRUE, B = 1e5 ... also close to
exact P-value"), scipy.stats.fisher_exact for 2x2 tables, and for r x c tables a brute-force
enumeration written here (recursive, pure Python, from the multiple hypergeometric formula)
that shares no code with the module's vectorised enumeration.
"""

from __future__ import annotations

from math import lgamma

import numpy as np
import pytest
from scipy import stats as st

from sixsigma.errors import InputError
from sixsigma.stats import fisher_exact_rxc


def _brute_force_p(table):
    t = np.asarray(table)
    rows, cols = [int(v) for v in t.sum(1)], [int(v) for v in t.sum(0)]
    n = sum(rows)
    const = sum(lgamma(v + 1) for v in rows + cols) - lgamma(n + 1)
    obs = const - sum(lgamma(v + 1) for v in t.ravel())
    r, c = len(rows), len(cols)
    probs = []

    def fill(cells, rem_rows, rem_cols):
        k = len(cells)
        if k == r * c:
            probs.append(const - sum(lgamma(v + 1) for v in cells))
            return
        i, j = divmod(k, c)
        if j == c - 1:
            choices = [rem_rows[i]]
        elif i == r - 1:
            choices = [rem_cols[j]]
        else:
            choices = range(min(rem_rows[i], rem_cols[j]) + 1)
        for v in choices:
            if v > rem_rows[i] or v > rem_cols[j]:
                continue
            rr, cc = list(rem_rows), list(rem_cols)
            rr[i] -= v
            cc[j] -= v
            if j == c - 1 and rr[i] != 0:
                continue
            fill(cells + [v], rr, cc)

    fill([], rows, cols)
    lp = np.array(probs)
    return float(np.exp(lp[lp <= obs + np.log1p(1e-7)]).sum()), len(probs), float(np.exp(lp).sum())


def test_tea_tasting_matches_r_and_scipy():
    # R: TeaTasting <- matrix(c(3, 1, 1, 3), nrow = 2); fisher.test(TeaTasting) p-value = 0.4857
    tea = [[3, 1], [1, 3]]
    res = fisher_exact_rxc(table=tea)
    assert res.p_value == pytest.approx(0.4857, abs=5e-5)
    assert res.p_value == pytest.approx(st.fisher_exact(tea).pvalue, rel=1e-12)


@pytest.mark.parametrize(
    "table",
    [
        [[2, 3, 1, 4], [5, 1, 2, 0], [1, 4, 3, 2]],
        [[0, 3, 2], [4, 0, 1], [1, 1, 5]],
        [[7, 0], [1, 6], [2, 2]],
    ],
)
def test_rxc_exact_matches_brute_force(table):
    p, n_tables, total = _brute_force_p(table)
    assert total == pytest.approx(1.0, rel=1e-10)  # the enumeration is complete
    res = fisher_exact_rxc(table=table)
    assert res.extra["tables"] == n_tables
    assert res.p_value == pytest.approx(p, rel=1e-10)


def test_job_satisfaction_monte_carlo_matches_r():
    # R ?fisher.test: Job <- matrix(c(1,2,1,0, 3,3,6,1, 10,10,14,9, 6,7,12,11), 4, 4)
    # fisher.test(Job) p-value = 0.7827. Its 90 million tables exceed the exact limit here,
    # so the Monte-Carlo p-value (B = 1e5) must be within 4 standard errors of R's exact one.
    job = np.array([[1, 2, 1, 0], [3, 3, 6, 1], [10, 10, 14, 9], [6, 7, 12, 11]]).T
    with pytest.raises(InputError, match="Monte-Carlo"):
        fisher_exact_rxc(table=job)
    res = fisher_exact_rxc(table=job, simulate=True, replicates=100_000, seed=20240101)
    se = np.sqrt(0.7827 * (1 - 0.7827) / 100_000)
    assert abs(res.p_value - 0.7827) < 4 * se
    assert "no significant association" in res.conclusion


def test_strong_association_is_significant_and_names_the_cell():
    res = fisher_exact_rxc(table=[[8, 1, 0], [1, 7, 1], [0, 1, 9]])
    assert res.p_value < 0.001
    assert "associated" in res.conclusion


def test_non_integer_counts_refused():
    with pytest.raises(InputError, match="whole-number"):
        fisher_exact_rxc(table=[[1.5, 2], [3, 4]])
