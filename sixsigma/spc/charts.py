"""Control charts: variables, attributes, Laney, time-weighted, rare events, run charts.

One entry point, :func:`control_chart`, plus a convenience function per chart. Definitions
follow Minitab ("Methods and formulas" for each chart) with exact d2/d3/c4 constants:

- ``imr``: I chart mu +/- k sigma, sigma = MR-bar / d2(2); MR chart centre d2(2) sigma,
  limits (d2 +/- k d3) sigma, LCL >= 0. Moving ranges do not cross stages, and a moving range
  touching an excluded or Phase II point is not used for estimation.
- ``xbar-r`` / ``xbar-s``: X-bar chart mu +/- k sigma / sqrt(n_i), mu = grand mean of all
  observations; R chart centre d2(n_i) sigma, limits (d2(n_i) +/- k d3(n_i)) sigma; S chart
  centre c4(n_i) sigma, limits c4 sigma +/- k sigma sqrt(1 - c4^2). Sigma estimators: see
  :mod:`sixsigma.spc.limits` (R-bar / S-bar as Minitab weights them with unequal sizes).
- ``p``, ``np``, ``c``, ``u``: p-bar = sum(x) / sum(n), u-bar likewise, c-bar = mean count;
  per-point limits for variable sizes; LCL clamped at 0, p UCL at 1 and np UCL at n_i
  (Montgomery, *Introduction to SQC*, ch. 7).
- ``laney-p`` / ``laney-u``: z_i = (y_i - ybar) / sigma_i, sigma_z = MR-bar(z) / d2(2),
  limits ybar +/- k sigma_i sigma_z (Laney 2002, Quality Engineering 14(4), 531-537).
  d2(2) = 2 / sqrt(pi) = 1.12838 exactly (Laney and Minitab print 1.128).
- ``ewma``: z_t = lambda x_t + (1 - lambda) z_{t-1}, z_0 = mu; exact time-varying limits
  mu +/- L sqrt(Var z_t), Var z_t = lambda^2 sum_j (1 - lambda)^(2(t-j)) sigma^2 / n_j
  (= sigma^2/n lambda/(2-lambda) (1 - (1-lambda)^(2t)) for equal n; Montgomery 9.2).
- ``cusum``: tabular CUSUM in standard-error units, z_t = (x_t - mu) / (sigma / sqrt(n_t)),
  C+_t = max(0, C+_{t-1} + z_t - k), C-_t = min(0, C-_{t-1} + z_t + k), C+-_0 = +-headstart
  (FIR, Lucas & Crosier 1982); signal when C+ > h or C- < -h (Montgomery 9.1). Points keep
  the statistic in ``value`` and the sums in ``upper`` / ``lower``; ``lcl``/``ucl`` are -h/h.
  Minitab's defaults k = 0.5, h = 4.
- ``g``: Minitab's G chart (Benneyan 2001): p = 1 / (xbar + 1) from the mean number of
  days/opportunities between events; probability limits from the geometric distribution
  with Minitab's interpolated inverse CDF: CL = G(0.5) - 1, LCL = G(Phi(-k)) - 1 (>= 0),
  UCL = G(Phi(k)) - 1. ``g_limits="sigma"`` gives xbar +/- k sqrt(1 - p) / p instead.
- ``run``: median centre line and the Anhøj rules (see :mod:`sixsigma.spc.rules`).
- ``confidence=`` (probability limits, qcc's ``confidence.level``): each limit is the
  alpha/2 or 1 - alpha/2 quantile of the in-control distribution of the plotted statistic
  (normal for X-bar / I, studentized range for R / MR, chi2 for S, binomial for p / np,
  Poisson for c / u; Montgomery 6.2.1 and 7.2); see :mod:`sixsigma.spc.limits`.

Time-weighted charts with subgroups estimate sigma with the pooled standard deviation by
default (Minitab's default for EWMA/CUSUM); individuals use MR-bar / d2(2).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import signal as sps
from scipy import stats

from sixsigma.errors import InputError, unknown
from sixsigma.finite import check_values
from sixsigma.spc import rules as R
from sixsigma.spc.constants import c4, d2, d3
from sixsigma.spc.limits import (
    D2_2,
    INDIVIDUAL_METHODS,
    SUBGROUP_METHODS,
    count_probability_limits,
    geometric_quantile,
    normal_multiplier,
    range_probability_limits,
    sd_probability_limits,
    sigma_individuals,
    sigma_subgroups,
)
from sixsigma.spc.phases import exclude_mask, phase1_mask, stage_ids
from sixsigma.spc.result import ControlChart

CHART_TYPES = (
    "imr",
    "xbar-r",
    "xbar-s",
    "run",
    "p",
    "np",
    "c",
    "u",
    "laney-p",
    "laney-u",
    "ewma",
    "cusum",
    "g",
)
CHART_NAMES = {
    "imr": "I",
    "xbar-r": "X-bar",
    "xbar-s": "X-bar",
    "run": "Run",
    "p": "P",
    "np": "NP",
    "c": "C",
    "u": "U",
    "laney-p": "Laney P'",
    "laney-u": "Laney U'",
    "ewma": "EWMA",
    "cusum": "CUSUM",
    "g": "G",
    "mr": "MR",
    "r": "R",
    "s": "S",
}
ATTRIBUTE = ("p", "np", "c", "u", "laney-p", "laney-u")
PROBABILITY_KINDS = ("imr", "xbar-r", "xbar-s", "p", "np", "c", "u", "g")
ALLOWED_TESTS = {
    **{kind: set(range(1, 9)) for kind in ("imr", "xbar-r", "xbar-s")},
    **{kind: {1, 2, 3, 4} for kind in (*ATTRIBUTE, "g", "mr", "r", "s")},
    "ewma": {1},
    "cusum": {1},
    "run": {2, 3, R.ANHOJ_RUN, R.ANHOJ_CROSSINGS},
}


def chart_for_metric_kind(kind: str) -> str:
    """The chart a catalog metric kind calls for: rate -> laney-u, proportion -> laney-p,
    mean / score -> imr (CPO has thousands of orders a period, so ordinary P/U limits are too
    narrow: Laney's are the usual choice)."""
    from sixsigma.catalog.kinds import get_kind

    return get_kind(kind).chart


# ------------------------------------------------------------------------- input handling
def _column(data, spec, what: str):
    if spec is None:
        return None
    if isinstance(spec, str):
        if data is None or not isinstance(data, pd.DataFrame):
            raise InputError(f"{what}={spec!r} names a column but no DataFrame was given as data")
        if spec not in data.columns:
            raise InputError(
                f"{what}: no column {spec!r}; columns are: {', '.join(map(str, data.columns))}"
            )
        return data[spec].reset_index(drop=True)
    if isinstance(spec, pd.Series):
        return spec.reset_index(drop=True)
    if isinstance(spec, np.ndarray) and spec.ndim == 1 and spec.dtype.kind in "biuf":
        return pd.Series(spec)  # numbers: no round trip through a Python list
    return pd.Series(list(spec)) if not isinstance(spec, np.ndarray) or spec.ndim == 1 else spec


def _numeric(s, what: str) -> np.ndarray:
    try:
        arr = np.asarray(s, dtype=float)
    except (TypeError, ValueError):
        flat = pd.Series(np.asarray(s, dtype=object).ravel())
        bad = flat[pd.to_numeric(flat, errors="coerce").isna() & flat.notna()]
        example = f" (e.g. {bad.iloc[0]!r})" if len(bad) else ""
        col = f" column {s.name!r}" if isinstance(s, pd.Series) and s.name is not None else ""
        raise InputError(f"{what}{col} must hold numbers, but has text{example}; choose a numeric column") from None
    check_values(arr, what)  # infinite, or too large to square (sixsigma.finite): refused
    if np.isnan(arr).any():
        bad = int(np.isnan(arr).sum())
        raise InputError(f"{what} has {bad} missing value(s); drop or fill them first")
    return arr


def _gather(kind, data, value, subgroup, count, size, label, extra: dict) -> dict:
    """Normalise the inputs into per-point arrays (one point per subgroup)."""
    if data is not None and not isinstance(data, pd.DataFrame) and value is None and count is None:
        value, data = data, None
    out: dict = {}
    extras = {k: _column(data, v, k) if isinstance(v, str) else v for k, v in extra.items()}
    lab = _column(data, label, "label")

    if kind in ATTRIBUTE:
        cnt = _column(data, count, "count")
        sz = _column(data, size, "size")
        val = _column(data, value, "value")
        if cnt is None and val is not None and sz is not None:
            cnt = pd.Series(_numeric(val, "value") * _numeric(sz, "size"))
        if cnt is None:
            raise InputError(f"a {kind} chart needs count= (defectives/defects per subgroup)")
        c = _numeric(cnt, "count")
        if np.any(c < 0):
            raise InputError("count has negative values; counts must be >= 0")
        if sz is None:
            if kind != "c":
                raise InputError(f"a {kind} chart needs size= (subgroup sizes / units inspected)")
            s = np.ones_like(c)
        else:
            s = _numeric(sz, "size")
            if s.size != c.size:
                raise InputError(f"count has {c.size} values but size has {s.size}")
            if np.any(s <= 0):
                raise InputError("size has zero or negative values; every subgroup needs size > 0")
        if kind in ("p", "np", "laney-p") and np.any(c > s):
            raise InputError("count exceeds size for some subgroups; a proportion cannot exceed 1")
        out.update(count=c, size=s)
        npts = c.size
    else:
        val = _column(data, value, "value")
        if val is None:
            raise InputError(f"a {kind} chart needs value= (a column name or an array)")
        sub = _column(data, subgroup, "subgroup")
        arr2d = isinstance(val, np.ndarray) and val.ndim == 2
        if isinstance(val, pd.DataFrame):
            arr2d, val = True, val.to_numpy(dtype=float)
        if kind in ("xbar-r", "xbar-s") and sub is None and not arr2d:
            raise InputError(
                f"a {kind} chart needs subgroup= (which subgroup each value belongs to) "
                "or a 2-D array with one row per subgroup"
            )
        if arr2d:
            m = check_values(np.asarray(val, dtype=float), "value")
            grp = np.repeat(np.arange(m.shape[0]), m.shape[1])
            flat = m.ravel()
            keep = ~np.isnan(flat)
            out.update(_subgroup_stats(flat[keep], grp[keep], m.shape[0]))
            out["sub_labels"] = pd.Series(np.arange(1, m.shape[0] + 1))
            npts = m.shape[0]
        elif sub is not None:
            if kind in ("run", "g", "p", "imr"):
                raise InputError(f"a {kind} chart takes one value per point; drop subgroup=")
            x = check_values(np.asarray(pd.to_numeric(val, errors="coerce"), dtype=float), "value")
            if len(sub) != x.size:
                raise InputError(f"value has {x.size} rows but subgroup has {len(sub)}")
            codes, uniq = pd.factorize(sub, sort=False)
            if (codes < 0).any():
                raise InputError("subgroup has missing values")
            keep = ~np.isnan(x)
            out.update(_subgroup_stats(x[keep], codes[keep], len(uniq)))
            out["sub_labels"] = pd.Series(uniq)
            # per-point extras: first value within each subgroup
            first = pd.Series(np.arange(codes.size)).groupby(codes).first().to_numpy()
            for k, v in list(extras.items()):
                if v is not None and not np.isscalar(v) and len(v) == codes.size:
                    extras[k] = pd.Series(np.asarray(v, dtype=object)[first])
            if lab is not None and len(lab) == codes.size:
                lab = pd.Series(np.asarray(lab, dtype=object)[first])
            npts = len(uniq)
        else:
            if kind == "g" and pd.api.types.is_datetime64_any_dtype(pd.Series(val)):
                dates = pd.to_datetime(pd.Series(val)).reset_index(drop=True)
                days = dates.diff().dt.total_seconds().to_numpy()[1:] / 86400.0
                if np.any(days < 0):
                    raise InputError("event dates must be in order")
                out.update(x=days, n=np.ones(days.size))
                out["sub_labels"] = dates.iloc[1:].reset_index(drop=True)
                for k, v in list(extras.items()):
                    if v is not None and not np.isscalar(v) and len(v) == len(dates):
                        extras[k] = pd.Series(np.asarray(v, dtype=object)[1:])
                npts = days.size
            else:
                x = _numeric(val, "value")
                out.update(x=x, n=np.ones(x.size))
                npts = x.size
        if "x" not in out:
            out["x"] = out["mean"]
    if lab is None:
        lab = out.pop("sub_labels", None)
        if lab is None:
            lab = pd.Series(np.arange(1, npts + 1))
    else:
        out.pop("sub_labels", None)
    lab = pd.Series(lab).reset_index(drop=True)
    if len(lab) != npts:
        raise InputError(f"label has {len(lab)} values for {npts} points")
    if npts < 2:
        raise InputError(f"a control chart needs at least 2 points; got {npts}")
    out["labels"] = lab
    out["npts"] = npts
    out["extras"] = extras
    return out


def _subgroup_stats(x: np.ndarray, codes: np.ndarray, m: int) -> dict:
    if m == 0 or x.size == 0:
        raise InputError("no values to chart (an empty file or only a header?); give rows of data")
    n = np.bincount(codes, minlength=m).astype(float)
    if np.any(n == 0):
        raise InputError("a subgroup has no values")
    tot = np.bincount(codes, weights=x, minlength=m)
    mean = tot / n
    dev = x - mean[codes]
    ss = np.bincount(codes, weights=dev * dev, minlength=m)
    with np.errstate(invalid="ignore", divide="ignore"):
        sd = np.where(n > 1, np.sqrt(ss / np.maximum(n - 1, 1)), np.nan)
    order = np.argsort(codes, kind="stable")
    xs, cs = x[order], codes[order]
    starts = np.flatnonzero(np.r_[True, cs[1:] != cs[:-1]])
    rng = np.maximum.reduceat(xs, starts) - np.minimum.reduceat(xs, starts)
    rng = np.where(n > 1, rng, np.nan)
    return {"n": n, "mean": mean, "range": rng, "sd": sd}


# ------------------------------------------------------------------------- per-stage maths
def _moving_range(v: np.ndarray) -> np.ndarray:
    mr = np.full(v.size, np.nan)
    mr[1:] = np.abs(np.diff(v))
    return mr


def _pair_mask(est: np.ndarray) -> np.ndarray:
    m = np.zeros(est.size, dtype=bool)
    m[1:] = est[1:] & est[:-1]
    return m


def _stage(kind: str, obs: dict, sl: slice, est: np.ndarray, P: dict) -> dict:
    """Centre, sigma and limits of one stage. ``est`` marks the points used to estimate."""
    k = P["k"]
    out: dict = {}
    if est.sum() < (1 if (P["mean"] is not None or P["center"] is not None) else 2) and kind != "g":
        raise InputError(
            f"stage {P['stage_name']!r} has {int(est.sum())} point(s) to estimate limits from; "
            "need at least 2 (use fewer stage dates, a finer --grain, or check phase1 / exclude)"
        )

    if kind in ("imr", "run", "ewma", "cusum", "xbar-r", "xbar-s"):
        x = obs["x"][sl]
        n = obs["n"][sl]
        sub = kind in ("xbar-r", "xbar-s") or np.any(n > 1)
        if kind == "run":
            cen = (
                P["center"]
                if P["center"] is not None
                else (P["mean"] if P["mean"] is not None else float(np.median(x[est])))
            )
            out.update(
                value=x,
                center=np.full(x.size, cen),
                sigma=np.full(x.size, np.nan),
                lcl=np.full(x.size, np.nan),
                ucl=np.full(x.size, np.nan),
                stage_sigma=np.nan,
            )
            return out
        mu = P["mean"] if P["mean"] is not None else float(np.sum(n[est] * x[est]) / np.sum(n[est]))
        mr = None
        if P["sigma"] is not None:
            sig = float(P["sigma"])
        elif sub:
            method = P["sigma_method"] or {"xbar-r": "r-bar", "xbar-s": "s-bar"}.get(kind, "pooled")
            if method not in SUBGROUP_METHODS:
                raise unknown("sigma method", method, SUBGROUP_METHODS)
            sig = sigma_subgroups(n[est], obs["range"][sl][est], obs["sd"][sl][est], method)
        else:
            method = P["sigma_method"] or "mr-bar"
            if method not in INDIVIDUAL_METHODS:
                raise unknown("sigma method", method, INDIVIDUAL_METHODS)
            mr = _moving_range(x)
            sig = sigma_individuals(x, mr, est, _pair_mask(est), method)
        if not np.isfinite(sig) or sig <= 0:
            raise InputError(
                "the estimated sigma is zero; the values do not vary "
                "(give sigma= for a historical value)"
            )
        se = sig / np.sqrt(n)
        out["stage_sigma"] = sig
        if kind == "ewma":
            lam, L = P["lam"], P["L"]
            z = sps.lfilter([lam], [1.0, -(1.0 - lam)], x, zi=[(1.0 - lam) * mu])[0]
            var = sps.lfilter([lam * lam], [1.0, -((1.0 - lam) ** 2)], se * se)
            sd = np.sqrt(var)
            out.update(
                value=x,
                ewma=z,
                center=np.full(x.size, mu),
                sigma=sd,
                lcl=mu - L * sd,
                ucl=mu + L * sd,
            )
            return out
        if kind == "cusum":
            kk, h, h0 = P["cusum_k"], P["cusum_h"], P["headstart"]
            z = (x - mu) / se
            upper = _lindley(z - kk, h0)
            lower = -_lindley(-z - kk, h0)
            out.update(
                value=x,
                center=np.full(x.size, mu),
                sigma=se,
                upper=upper,
                lower=lower,
                lcl=np.full(x.size, -h),
                ucl=np.full(x.size, h),
            )
            return out
        out.update(value=x, center=np.full(x.size, mu), sigma=se, lcl=mu - k * se, ucl=mu + k * se)
        if kind == "imr":
            mr = _moving_range(x) if mr is None else mr  # computed once per stage
            dd2, dd3 = D2_2, float(d3(2))
            out["secondary"] = dict(
                chart="mr",
                value=mr,
                center=np.full(x.size, dd2 * sig),
                sigma=np.full(x.size, dd3 * sig),
                lcl=np.full(x.size, max(0.0, (dd2 - k * dd3) * sig)),
                ucl=np.full(x.size, (dd2 + k * dd3) * sig),
            )
            if P["confidence"] is not None:
                lo, hi = range_probability_limits(sig, np.full(x.size, 2), P["confidence"])
                out["secondary"].update(lcl=lo, ucl=hi)
            out["secondary"]["value"][0] = np.nan
        elif kind in ("xbar-r", "xbar-s"):
            ok = n >= 2
            ni = np.where(ok, n, 2).astype(int)
            if kind == "xbar-r":
                a, b = d2(ni), d3(ni)
                sv = obs["range"][sl]
                cen, spt = a * sig, b * sig
                chart = "r"
            else:
                cc = c4(ni)
                sv = obs["sd"][sl]
                cen, spt = cc * sig, np.sqrt(1.0 - cc * cc) * sig
                chart = "s"
            nan = np.where(ok, 1.0, np.nan)
            lo, hi = np.maximum(0.0, cen - k * spt), cen + k * spt
            if P["confidence"] is not None:
                prob = range_probability_limits if chart == "r" else sd_probability_limits
                lo, hi = prob(sig, ni, P["confidence"])
            out["secondary"] = dict(
                chart=chart,
                value=sv,
                center=cen * nan,
                sigma=spt * nan,
                lcl=lo * nan,
                ucl=hi * nan,
            )
        return out

    if kind in ATTRIBUTE:
        c = obs["count"][sl]
        s = obs["size"][sl]
        binom = kind in ("p", "np", "laney-p")
        if kind == "c":
            cbar = P["center"] if P["center"] is not None else float(c[est].mean())
            sd = np.full(c.size, np.sqrt(cbar))
            lcl, ucl = np.maximum(0.0, cbar - k * sd), cbar + k * sd
            if P["confidence"] is not None:
                lcl, ucl = count_probability_limits("c", cbar, s, P["confidence"])
            out.update(
                value=c,
                center=np.full(c.size, cbar),
                sigma=sd,
                lcl=lcl,
                ucl=ucl,
                stage_sigma=float(sd[0]),
            )
            return out
        ybar = P["center"] if P["center"] is not None else float(c[est].sum() / s[est].sum())
        if binom and not 0.0 <= ybar <= 1.0:
            raise InputError(f"p-bar must be between 0 and 1, got {ybar}")
        unit_sd = np.sqrt(ybar * (1.0 - ybar)) if binom else np.sqrt(ybar)
        if unit_sd == 0:
            raise InputError(
                f"every count is {'0 or equal to its size' if binom else '0'}; "
                "limits cannot be computed"
            )
        if kind == "np":
            cen = s * ybar
            sd = np.sqrt(s) * unit_sd
            lcl, ucl = np.maximum(0.0, cen - k * sd), np.minimum(s, cen + k * sd)
            if P["confidence"] is not None:
                lcl, ucl = count_probability_limits("np", ybar, s, P["confidence"])
            out.update(
                value=c,
                center=cen,
                sigma=sd,
                lcl=lcl,
                ucl=ucl,
                stage_sigma=unit_sd,
            )
            return out
        y = c / s
        sd_i = unit_sd / np.sqrt(s)
        factor = 1.0
        if kind.startswith("laney"):
            if P["sigma"] is not None:
                factor = float(P["sigma"])
            else:
                zz = (y - ybar) / sd_i
                mrz = _moving_range(zz)[_pair_mask(est)]
                if mrz.size == 0:
                    raise InputError(
                        "Laney charts need at least 2 consecutive points to estimate sigma_z"
                    )
                factor = float(mrz.mean() / D2_2)
            out["sigma_z"] = factor
        sd = sd_i * factor
        lcl = np.maximum(0.0, ybar - k * sd)
        ucl = ybar + k * sd
        if binom:
            ucl = np.minimum(1.0, ucl)
        if P["confidence"] is not None:
            lcl, ucl = count_probability_limits(kind, ybar, s, P["confidence"])
        out.update(
            value=y,
            center=np.full(y.size, ybar),
            sigma=sd,
            lcl=lcl,
            ucl=ucl,
            stage_sigma=factor if kind.startswith("laney") else unit_sd,
        )
        return out

    if kind == "g":
        x = obs["x"][sl]
        if np.any(x < 0):
            raise InputError("G chart values are counts between events and must be >= 0")
        if P["center"] is not None:
            p = float(P["center"])
        else:
            if est.sum() < 1:
                raise InputError(f"stage {P['stage_name']!r} has no points to estimate from")
            p = 1.0 / (float(x[est].mean()) + 1.0)
        if not 0.0 < p < 1.0:
            raise InputError(f"G chart event probability must be between 0 and 1, got {p}")
        sdg = float(np.sqrt(1.0 - p) / p)
        if P["g_limits"] == "probability":
            lo_q, hi_q = stats.norm.cdf(-k), stats.norm.cdf(k)
            cl = geometric_quantile(p, 0.5) - 1.0
            lcl = max(0.0, geometric_quantile(p, lo_q) - 1.0)
            ucl = geometric_quantile(p, hi_q) - 1.0
        elif P["g_limits"] == "sigma":
            cl = (1.0 - p) / p
            lcl, ucl = max(0.0, cl - k * sdg), cl + k * sdg
        else:
            raise unknown("G chart limit method", P["g_limits"], ["probability", "sigma"])
        out.update(
            value=x,
            center=np.full(x.size, cl),
            sigma=np.full(x.size, sdg),
            lcl=np.full(x.size, lcl),
            ucl=np.full(x.size, ucl),
            stage_sigma=sdg,
            p=p,
        )
        return out
    raise unknown("chart type", kind, CHART_TYPES)  # pragma: no cover


def _lindley(y: np.ndarray, start: float) -> np.ndarray:
    """C_t = max(0, C_{t-1} + y_t), C_0 = start, without a loop: C_t = S_t - min(0, min S_1..t)."""
    s = start + np.cumsum(y)
    m = np.minimum.accumulate(np.minimum(s, 0.0))
    return s - m


# ------------------------------------------------------------------------- assembling
def _joined(arrays: list) -> np.ndarray:
    """The stages' arrays end to end (one stage: the array itself, not a copy)."""
    return arrays[0] if len(arrays) == 1 else np.concatenate(arrays)


def _run_tests(kind, cols, spec, segs, extra_results=None):
    """The tests' results {test: int8 array} and the plotted statistic."""
    if kind == "cusum":
        res = {}
        if 1 in spec.k:
            r = np.zeros(cols["upper"].size, dtype=np.int8)
            r[cols["upper"] > cols["ucl"]] = 1
            r[cols["lower"] < cols["lcl"]] = -1
            res[1] = r
        plotted = (
            np.where(res.get(1, np.zeros(1)) == -1, cols["lower"], cols["upper"])
            if res
            else cols["upper"]
        )
    else:
        plotted = cols["ewma"] if kind == "ewma" else cols["value"]
        res = R.evaluate(
            plotted, cols["center"], cols["sigma"], cols["lcl"], cols["ucl"], spec, segs
        )
    if extra_results:
        res.update(extra_results)
    return res, plotted


def _build_points(labels, cols, stage_names, segs, phase, excluded, res, extra_cols=()):
    """The per-point table: stage and phase as categoricals, ``test_mask`` (bit k set when
    test k + 1 fired), ``tests`` (each point's failed tests, shared read-only lists looked up
    from the mask) and ``signal``."""
    n = len(labels)
    mask = R.tests_mask(res, n)
    pts = pd.DataFrame(
        {
            "label": labels.to_numpy()
            if not pd.api.types.is_datetime64_any_dtype(labels)
            else labels,
            "value": cols["value"],
            "center": cols["center"],
            "lcl": cols["lcl"],
            "ucl": cols["ucl"],
            "sigma": cols["sigma"],
            "stage": pd.Categorical.from_codes(np.asarray(segs), categories=list(stage_names)),
            "phase": pd.Categorical.from_codes(
                np.where(phase, 0, 1).astype(np.int8), categories=["I", "II"]
            ),
            "excluded": excluded,
        },
        copy=False,
    )
    for c in extra_cols:
        if c in cols:
            pts[c] = cols[c]
    pts["test_mask"] = mask
    pts["tests"] = R.tests_from_mask(mask)
    pts["signal"] = mask != 0
    return pts


def control_chart(
    kind: str,
    data=None,
    *,
    value=None,
    subgroup=None,
    count=None,
    size=None,
    label=None,
    stage=None,
    stage_dates=None,
    phase1=None,
    exclude=None,
    tests="minitab",
    test_k=None,
    sigma_method=None,
    mean=None,
    sigma=None,
    center=None,
    k: float = 3.0,
    confidence: float | None = None,
    lam: float = 0.2,
    L: float = 3.0,
    cusum_k: float = 0.5,
    cusum_h: float = 4.0,
    headstart: float = 0.0,
    g_limits: str = "probability",
    name: str | None = None,
    better: str | None = None,
) -> ControlChart:
    """Build a control chart of kind ``kind`` (one of :data:`CHART_TYPES`).

    Data: a DataFrame plus column names (``value``, ``subgroup``, ``count``, ``size``,
    ``label``, ``stage``), or arrays. ``stage`` / ``stage_dates`` split the chart and
    recompute limits per stage; ``phase1`` (first N points of each stage, a list of labels or
    a boolean mask/column) chooses the points that estimate the limits, which then apply
    unchanged to the later (Phase II) points; ``exclude`` (labels) drops points from the
    estimates but keeps them on the chart. ``mean``/``sigma``/``center`` are historical
    parameters (``center`` = p-bar, u-bar or c-bar; for Laney charts ``sigma`` is sigma_z;
    for the G chart ``center`` is the event probability p). ``confidence`` (e.g. 0.99) gives
    probability limits instead of k-sigma ones, as qcc's ``confidence.level`` does: each
    limit cuts off (1 - confidence) / 2 of the in-control distribution of the plotted
    statistic (X-bar / I / G: k = Phi^-1(1 - alpha/2); R / MR: studentized range; S: chi2;
    p / np: binomial; c / u: Poisson -- see :mod:`sixsigma.spc.limits`); zone tests keep
    using each point's sigma with that k. ``tests`` is a preset name
    (``minitab`` = test 1, ``nelson`` = all eight, ``western-electric``, ``mdc``, ``anhoj``),
    ``"all"``, a list of test numbers or {test: K}; ``test_k`` overrides K values.
    """
    kind = str(kind).lower().strip()
    if name is None:
        name = next((c for c in (value, count) if isinstance(c, str)), None)
    if kind not in CHART_TYPES:
        raise unknown("chart type", kind, CHART_TYPES)
    if k <= 0 or L <= 0:
        raise InputError("the sigma multiplier must be > 0 (e.g. 3)")
    if not 0 < lam <= 1:
        raise InputError(f"lambda must be in (0, 1], got {lam}")
    if cusum_h <= 0 or cusum_k < 0 or headstart < 0:
        raise InputError("CUSUM needs h > 0, k >= 0 and a head start >= 0")
    if sigma is not None and sigma <= 0:
        raise InputError(f"sigma must be > 0, got {sigma}")
    if confidence is not None:
        if kind not in PROBABILITY_KINDS:
            raise InputError(
                f"probability limits (confidence=) are available for "
                f"{', '.join(PROBABILITY_KINDS)} charts, not {kind}; use k= (sigma multiples)"
            )
        k = normal_multiplier(confidence)
    extra = {"stage": stage, "phase1": phase1 if isinstance(phase1, str) else None}
    obs = _gather(kind, data, value, subgroup, count, size, label, extra)
    n, labels = obs["npts"], obs["labels"]
    stg = obs["extras"]["stage"]
    segs, stage_names = stage_ids(n, labels, stage=stg, stage_dates=stage_dates)
    if isinstance(phase1, str):
        ph = obs["extras"]["phase1"]
        phase1 = np.asarray(ph, dtype=object).astype(bool)
    phase = phase1_mask(n, labels, segs, phase1)
    excl = exclude_mask(n, labels, exclude)
    est_all = phase & ~excl

    if kind == "run" and (tests is None or tests == "minitab"):
        tests = "anhoj"
    spec = R.resolve_tests(
        tests, ALLOWED_TESTS[kind], kind, test_k, default_k1=L if kind == "ewma" else k
    )
    P = dict(
        k=k,
        lam=lam,
        L=L,
        cusum_k=cusum_k,
        cusum_h=cusum_h,
        headstart=headstart,
        mean=mean,
        sigma=sigma,
        center=center,
        sigma_method=sigma_method,
        g_limits=g_limits,
        confidence=confidence,
    )

    parts, sec_parts, stage_rows = [], [], []
    for sid, sname in enumerate(stage_names):
        where = np.flatnonzero(segs == sid)
        sl = slice(where[0], where[-1] + 1)
        P["stage_name"] = sname
        part = _stage(kind, obs, sl, est_all[sl], P)
        parts.append(part)
        if "secondary" in part:
            sec_parts.append(part.pop("secondary"))
        stage_rows.append(
            dict(
                stage=sname,
                first=labels.iloc[where[0]],
                last=labels.iloc[where[-1]],
                n=where.size,
                n_estimate=int(est_all[sl].sum()),
                center=float(np.nanmean(part["center"])),
                sigma=float(part["stage_sigma"]),
                lcl=float(np.nanmean(part["lcl"])) if np.isfinite(part["lcl"]).any() else np.nan,
                ucl=float(np.nanmean(part["ucl"])) if np.isfinite(part["ucl"]).any() else np.nan,
                limits_vary=bool(
                    np.nanmax(part["ucl"]) - np.nanmin(part["ucl"])
                    > 1e-12 * max(1.0, abs(np.nanmean(part["ucl"])))
                )
                if np.isfinite(part["ucl"]).any()
                else False,
                **({"sigma_z": part["sigma_z"]} if "sigma_z" in part else {}),
                **({"p": part["p"]} if "p" in part else {}),
            )
        )
    cols = {
        key: _joined([p[key] for p in parts])
        for key in parts[0]
        if isinstance(parts[0][key], np.ndarray)
    }
    del parts  # the stages' arrays live on in cols only

    extra_res = {}
    anhoj_info = None
    if kind == "run" and (R.ANHOJ_RUN in spec.k or R.ANHOJ_CROSSINGS in spec.k):
        a = R.anhoj(cols["value"], cols["center"], segs)
        anhoj_info = [dict(s, stage=stage_names[int(s["segment"])]) for s in a["segments"]]
        for s in anhoj_info:
            s.pop("segment")
        if R.ANHOJ_RUN in spec.k:
            extra_res[R.ANHOJ_RUN] = a["flags"]
    res, plotted = _run_tests(kind, cols, spec, segs, extra_res)
    rows = []
    if anhoj_info and R.ANHOJ_CROSSINGS in spec.k:
        for sid, s in enumerate(anhoj_info):
            if s["few_crossings"]:
                where = np.flatnonzero(segs == sid)
                lab = labels.iloc[where].tolist()
                rows.append(
                    dict(
                        test=R.ANHOJ_CROSSINGS,
                        rule=spec.label(R.ANHOJ_CROSSINGS),
                        labels=lab,
                        side=None,
                        description=(
                            f"only {s['crossings']} crossings of the median in {len(lab)} points from "
                            f"{R._fmt_label(lab[0])} to {R._fmt_label(lab[-1])} (fewer than "
                            f"{s['crossings_limit']} is unusual): the process is shifting or clustered"
                        ),
                    )
                )
    sig = R.SignalSet(
        res, spec, labels, plotted, segs, kind=kind, cusum_h=cusum_h,
        better=better, extra=rows,
    )
    extra_cols = {"ewma": ("ewma",), "cusum": ("upper", "lower")}.get(kind, ())
    pts = _build_points(labels, cols, stage_names, segs, phase, excl, res, extra_cols)
    if kind in ("xbar-r", "xbar-s", "ewma", "cusum") or kind in ATTRIBUTE:
        pts.insert(2, "n", obs["n"] if "n" in obs and kind not in ATTRIBUTE else obs.get("size"))

    secondary = None
    if sec_parts:
        skind = sec_parts[0]["chart"]
        scols = {
            key: _joined([p[key] for p in sec_parts])
            for key in sec_parts[0]
            if key != "chart"
        }
        srows = [
            dict(
                r,
                center=float(np.nanmean(sp["center"])),
                lcl=float(np.nanmean(sp["lcl"])),
                ucl=float(np.nanmean(sp["ucl"])),
            )
            for r, sp in zip(stage_rows, sec_parts, strict=True)
        ]
        del sec_parts
        sspec = R.TestSpec(
            {t: v for t, v in spec.k.items() if t in ALLOWED_TESTS[skind]}, spec.rules
        )
        sres, splotted = _run_tests(skind, scols, sspec, segs)
        ssig = R.SignalSet(sres, sspec, labels, splotted, segs)
        spts = _build_points(labels, scols, stage_names, segs, phase, excl, sres)
        secondary = ControlChart(
            chart=skind,
            points=spts,
            secondary=None,
            sigma=float(stage_rows[-1]["sigma"]),
            signals=ssig,
            stages=pd.DataFrame(srows),
            tests=sspec.numbers,
            test_k=dict(sspec.k),
            k=k,
            parameters={"rules": spec.rules},
            name=name,
            better=better,
        )
    params = dict(
        k=k,
        confidence=confidence,
        sigma_method=sigma_method,
        historical=dict(mean=mean, sigma=sigma, center=center),
        rules=spec.rules,  # the rule set, for labels (sixsigma.spc.rules.test_label)
    )
    if kind == "ewma":
        params.update(lam=lam, L=L)
    if kind == "cusum":
        params.update(cusum_k=cusum_k, cusum_h=cusum_h, headstart=headstart)
    if kind == "g":
        params.update(g_limits=g_limits)
    if anhoj_info is not None:
        params["anhoj"] = anhoj_info
    if kind in ("p", "u") and center is None:
        params["dispersion"] = _dispersion(kind, obs, est_all & (segs == len(stage_names) - 1))
    stages_df = pd.DataFrame(stage_rows)
    return ControlChart(
        chart=kind,
        points=pts,
        secondary=secondary,
        sigma=float(stage_rows[-1]["sigma"]),
        signals=sig,
        stages=stages_df,
        tests=spec.numbers,
        test_k=dict(spec.k),
        k=L if kind == "ewma" else k,
        parameters=params,
        name=name,
        better=better,
        sigma_z=float(stage_rows[-1]["sigma_z"]) if "sigma_z" in stage_rows[-1] else None,
    )


def _dispersion(kind: str, obs: dict, use: np.ndarray):
    """The P/U diagnostic on the estimation points of the last stage (None when too few)."""
    from sixsigma.spc.diagnostics import dispersion_check  # diagnostics imports this module

    if use.sum() < 3:
        return None
    try:
        return dispersion_check(count=obs["count"][use], size=obs["size"][use], kind=kind)
    except InputError:  # no variation at all: the chart itself says so
        return None


def metric_chart(df: pd.DataFrame, kind: str, *, metric_kind: str | None = None,
                 scale: float = 1.0, **kw) -> ControlChart:
    """Control chart of a warehouse metric frame (period, numerator, denominator, value).

    Attribute charts count ``numerator`` per ``denominator / scale`` units, so the plotted
    value equals the metric's value (= scale * numerator / denominator); other charts plot
    ``value``. With ``metric_kind`` (the catalog's kind) the chart is checked to fit it: a
    rate takes c/u/Laney u', a proportion p/np/Laney p', and X-bar charts need raw subgroups.
    Other keywords go to :func:`control_chart`.
    """
    if metric_kind is not None:
        if kind in ("xbar-r", "xbar-s"):
            raise InputError(
                f"a {kind} chart needs raw subgrouped observations, not per-period metric "
                "values; export them and chart the file with --value and --subgroup"
            )
        from sixsigma.catalog.kinds import get_kind

        if kind in ATTRIBUTE and kind not in get_kind(metric_kind).charts:
            what = f"metric {kw['name']!r} is a {metric_kind}" if kw.get("name") else (
                f"a {metric_kind} metric")
            raise InputError(
                f"{what}, which a {kind} chart does not fit; use "
                f"{chart_for_metric_kind(metric_kind)} (or chart auto)"
            )
    if kind in ATTRIBUTE:
        data = df.assign(_units=df["denominator"] / float(scale or 1.0))
        return control_chart(kind, data, count="numerator", size="_units", label="period", **kw)
    return control_chart(kind, df, value="value", label="period", **kw)


# ------------------------------------------------------------------------- conveniences
def imr(data=None, **kw) -> ControlChart:
    """Individuals and moving-range chart (see :func:`control_chart`)."""
    return control_chart("imr", data, **kw)


def xbar_r(data=None, **kw) -> ControlChart:
    """X-bar and R chart."""
    return control_chart("xbar-r", data, **kw)


def xbar_s(data=None, **kw) -> ControlChart:
    """X-bar and S chart."""
    return control_chart("xbar-s", data, **kw)


def run_chart(data=None, **kw) -> ControlChart:
    """Run chart: median centre line and the Anhøj rules."""
    return control_chart("run", data, **kw)


def p_chart(data=None, **kw) -> ControlChart:
    """P chart (proportion defective, binomial limits)."""
    return control_chart("p", data, **kw)


def np_chart(data=None, **kw) -> ControlChart:
    """NP chart (number defective)."""
    return control_chart("np", data, **kw)


def c_chart(data=None, **kw) -> ControlChart:
    """C chart (defects per subgroup, Poisson limits)."""
    return control_chart("c", data, **kw)


def u_chart(data=None, **kw) -> ControlChart:
    """U chart (defects per unit, Poisson limits)."""
    return control_chart("u", data, **kw)


def laney_p(data=None, **kw) -> ControlChart:
    """Laney P' chart (P chart with limits widened by sigma_z for over-dispersion)."""
    return control_chart("laney-p", data, **kw)


def laney_u(data=None, **kw) -> ControlChart:
    """Laney U' chart (U chart with limits widened by sigma_z for over-dispersion)."""
    return control_chart("laney-u", data, **kw)


def ewma(data=None, **kw) -> ControlChart:
    """EWMA chart with exact time-varying limits."""
    return control_chart("ewma", data, **kw)


def cusum(data=None, **kw) -> ControlChart:
    """Tabular CUSUM chart (k, h in standard-error units, optional head start)."""
    return control_chart("cusum", data, **kw)


def g_chart(data=None, **kw) -> ControlChart:
    """G chart: days or opportunities between rare events (geometric limits)."""
    return control_chart("g", data, **kw)
