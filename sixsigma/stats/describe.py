"""Per-group descriptive tables that results carry (and figures draw, without computing)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats as st


def group_summary(labels, samples, confidence: float = 0.95) -> pd.DataFrame:
    """One row per group: n, mean, SD, SE, t-interval for the mean, median, quartiles, whiskers.

    Quartiles use Minitab's (n + 1)p positions; whiskers end at the most extreme values within
    1.5 IQR of the quartiles (what a box plot draws).
    """
    rows = []
    for lab, s in zip(labels, samples, strict=True):
        n = s.size
        mean = float(s.mean()) if n else np.nan
        sd = float(s.std(ddof=1)) if n > 1 else np.nan
        se = sd / np.sqrt(n) if n > 1 else np.nan
        half = st.t.ppf(0.5 + confidence / 2, n - 1) * se if n > 1 else np.nan
        q1, med, q3 = np.quantile(s, [0.25, 0.5, 0.75], method="weibull") if n else (np.nan,) * 3
        iqr = q3 - q1
        inside = s[(s >= q1 - 1.5 * iqr) & (s <= q3 + 1.5 * iqr)] if n else s
        rows.append(
            {
                "group": lab,
                "n": n,
                "mean": mean,
                "sd": sd,
                "se": se,
                "ci_lo": mean - half,
                "ci_hi": mean + half,
                "median": float(med),
                "q1": float(q1),
                "q3": float(q3),
                "whisker_lo": float(inside.min()) if inside.size else np.nan,
                "whisker_hi": float(inside.max()) if inside.size else np.nan,
            }
        )
    return pd.DataFrame(rows)
