"""``capability()``: normal, transformed or fitted-distribution capability with its checks.

``distribution="auto"`` decides as an experienced black belt would: normal capability when
the Anderson-Darling normality test does not reject (p >= 0.05), otherwise the
distribution (of :data:`sixsigma.capability.nonnormal.FAMILIES`) with the smallest
Anderson-Darling statistic, by the percentile method; ``reason`` and ``summary()`` say which
and why. (Minitab's Automated Capability Analysis instead takes the *first* family in a
fixed order whose AD p-value reaches 0.05; AD p-values exist in closed form only for a few
families, so the smallest statistic is used here.)
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from sixsigma.capability import checks as ck
from sixsigma.capability import nonnormal as nn
from sixsigma.capability.normal import (
    normal_indices,
    normal_ppm,
    observed_ppm,
    overall_sigma,
    sigma_method_name,
    within_sigma,
    z_bench,
)
from sixsigma.capability.result import CapabilityResult
from sixsigma.errors import InputError, unknown
from sixsigma.finite import check_values
from sixsigma.stats.anderson_darling import ad_normal

DISTRIBUTIONS = ("auto", "normal", "boxcox", "johnson", *[f for f in nn.FAMILIES if f != "normal"])
_DIST_ALIASES = {
    "boxcox": "boxcox",
    "box-cox": "boxcox",
    "box_cox": "boxcox",
    "johnson": "johnson",
    "lognorm": "lognormal",
    "log-normal": "lognormal",
    "exp": "exponential",
    "expon": "exponential",
    "log-logistic": "loglogistic",
    "fisk": "loglogistic",
    "smallest-extreme-value": "sev",
    "smallest extreme value": "sev",
    "gumbel-min": "sev",
    "largest-extreme-value": "lev",
    "largest extreme value": "lev",
    "gumbel": "lev",
    "gumbel-max": "lev",
    "norm": "normal",
    "gaussian": "normal",
}
_MAX_PROB_POINTS = 2000


def distribution_name(name: str) -> str:
    """Canonical distribution name (see :data:`DISTRIBUTIONS`); clear error otherwise."""
    key = str(name).strip().lower()
    key = _DIST_ALIASES.get(key, key)
    if key not in DISTRIBUTIONS:
        raise unknown("distribution", str(name), DISTRIBUTIONS)
    return key


def _column(data: pd.DataFrame, col, what: str) -> pd.Series:
    if col not in data.columns:
        raise InputError(
            f"{what} column {col!r} not found; columns are: {', '.join(map(str, data.columns))}"
        )
    return data[col]


def sample(data=None, value=None, subgroup=None) -> tuple[np.ndarray, np.ndarray | None, int]:
    """(values in order, subgroup labels or None, missing values dropped) from a DataFrame +
    column names or arrays.

    ``subgroup`` may be a column name, an array of labels, or an int (consecutive subgroups
    of that size, as Minitab's constant subgroup size). A 2-D array is one subgroup per row
    (NaN-padded). Missing values are dropped and counted (the result's checks report them).
    """
    labels = None
    if isinstance(data, pd.DataFrame):
        if value is None:
            numeric = [c for c in data.columns if pd.api.types.is_numeric_dtype(data[c])]
            if len(numeric) != 1:
                raise InputError(
                    "give value= (the column to analyse); the data have "
                    f"{len(numeric)} numeric columns"
                )
            value = numeric[0]
        x = _column(data, value, "value")
        if isinstance(subgroup, str):
            labels = _column(data, subgroup, "subgroup").to_numpy()
        elif subgroup is not None and not isinstance(subgroup, (int, np.integer)):
            labels = np.asarray(subgroup)
    else:
        raw = value if data is None else data
        if raw is None:
            raise InputError("no data: give a DataFrame and value=, or an array of values")
        if isinstance(raw, str):
            raise InputError(f"value={raw!r} names a column, but no DataFrame was given")
        arr = np.asarray(raw, dtype=float) if not isinstance(raw, pd.Series) else raw
        if isinstance(arr, np.ndarray) and arr.ndim == 2:
            labels = np.repeat(np.arange(arr.shape[0]), arr.shape[1])
            arr = arr.ravel()
        x = pd.Series(arr)
        if subgroup is not None and not isinstance(subgroup, (int, np.integer)):
            if isinstance(subgroup, str):
                raise InputError(
                    f"subgroup={subgroup!r} names a column, but no DataFrame was given"
                )
            labels = np.asarray(subgroup)
    try:
        xv = pd.to_numeric(x, errors="raise").to_numpy(dtype=float)
    except (ValueError, TypeError):
        raise InputError(f"the {value or 'value'} column must be numeric") from None
    if labels is not None and labels.shape[0] != xv.shape[0]:
        raise InputError(
            f"subgroup labels ({labels.shape[0]}) and values ({xv.shape[0]}) differ in length"
        )
    if isinstance(subgroup, (int, np.integer)) and not isinstance(subgroup, bool):
        if subgroup < 1:
            raise InputError(f"a constant subgroup size must be >= 1, got {subgroup}")
        labels = np.arange(xv.size) // int(subgroup)
    xv = check_values(xv, f"the {value or 'value'} column")  # inf, too large: refused
    keep = ~np.isnan(xv)
    xv = xv[keep]
    if labels is not None:
        labels = labels[keep]
        if pd.isna(labels).any():
            raise InputError("some subgroup labels are missing; fill them or drop those rows")
    return xv, labels, int((~keep).sum())


def _validate(lsl, usl, target, confidence):
    lsl = None if lsl is None or (isinstance(lsl, float) and np.isnan(lsl)) else float(lsl)
    usl = None if usl is None or (isinstance(usl, float) and np.isnan(usl)) else float(usl)
    target = (
        None
        if target is None or (isinstance(target, float) and np.isnan(target))
        else float(target)
    )
    for name, v in (("lsl", lsl), ("usl", usl), ("target", target)):
        if v is not None and not np.isfinite(v):
            raise InputError(f"{name} = {v} is not a finite number; give a number or leave it out")
    if lsl is None and usl is None:
        raise InputError("give at least one specification limit (lsl= and/or usl=)")
    if lsl is not None and usl is not None and lsl >= usl:
        raise InputError(
            f"the lower specification limit ({lsl:g}) must be below the upper ({usl:g})"
        )
    if not 0 < confidence < 1:
        raise InputError(f"confidence must be between 0 and 1 (e.g. 0.95), got {confidence}")
    return lsl, usl, target


def _histogram(x: np.ndarray) -> pd.DataFrame:
    edges = np.histogram_bin_edges(x, bins="auto")
    if edges.size - 1 > 60:
        edges = np.linspace(x.min(), x.max(), 61)
    counts, edges = np.histogram(x, bins=edges)
    width = np.diff(edges)
    with np.errstate(invalid="ignore", divide="ignore"):
        density = counts / (x.size * width)
    return pd.DataFrame(
        {"left": edges[:-1], "right": edges[1:], "count": counts, "density": density}
    )


def _grid(x, specs, lower=-np.inf, upper=np.inf, size=241) -> np.ndarray:
    pts = [x.min(), x.max(), *[s for s in specs if s is not None]]
    lo, hi = min(pts), max(pts)
    pad = 0.08 * (hi - lo if hi > lo else 1.0)
    lo, hi = max(lo - pad, lower), min(hi + pad, upper)
    g = np.linspace(lo, hi, size)
    return g[(g > lower) & (g < upper)]


def _probability(xs: np.ndarray, quantile) -> pd.DataFrame:
    n = xs.size
    idx = np.unique(np.linspace(0, n - 1, min(n, _MAX_PROB_POINTS)).round().astype(int))
    pct = (idx + 1 - 0.3) / (n + 0.4)  # median ranks, as Minitab's probability plots
    with np.errstate(all="ignore"):
        fitted = quantile(pct)
    return pd.DataFrame({"value": xs[idx], "percentile": pct, "fitted": fitted})


def _finite_rows(indices: pd.DataFrame) -> pd.DataFrame:
    return indices[np.isfinite(indices["value"].to_numpy(dtype=float))].reset_index(drop=True)


def capability(
    data=None,
    *,
    value=None,
    subgroup=None,
    lsl: float | None = None,
    usl: float | None = None,
    target: float | None = None,
    distribution: str = "normal",
    confidence: float = 0.95,
    sigma_method: str | None = None,
    historical_sigma: float | None = None,
    within_df: float | str | None = "minitab",
    unbias_overall: bool = False,
    boxcox_lambda: float | str | None = None,
    check_stability: bool = True,
    name: str | None = None,
    unit: str | None = None,
    item: str | None = None,
) -> CapabilityResult:
    """Process capability of a continuous characteristic against LSL / USL (Minitab's way).

    Data: a DataFrame with ``value`` (and ``subgroup``) columns, or arrays; ``subgroup`` may
    also be a constant subgroup size. ``distribution``: ``"normal"`` (default),
    ``"auto"`` (normal when the Anderson-Darling p >= 0.05, otherwise the best-fitting of the
    distributions in :data:`sixsigma.capability.nonnormal.FAMILIES` by AD), ``"boxcox"``,
    ``"johnson"`` or one family (``lognormal``, ``weibull``, ``gamma``, ``exponential``,
    ``logistic``, ``loglogistic``, ``sev``, ``lev``).

    ``sigma_method`` (within sigma), as Minitab's Capability Analysis (Normal): ``pooled``
    (default with subgroups: pooled standard deviation S_p / c4(d), d = sum(n_i - 1) + 1),
    ``rbar`` (option: R-bar/d2, as the X-bar/R chart, Montgomery and qcc), ``sbar``
    (option: S-bar/c4); ``mr`` (default for individual values: average moving range / d2)
    or ``mr-median``. ``historical_sigma`` replaces the within estimate.
    ``within_df``: degrees of freedom of the within sigma for the Cp/Cpk intervals —
    ``"minitab"`` (default: the estimator's own df as Minitab, sum(n_i - 1) pooled,
    0.9 k (nbar - 1) R-bar, f k (nbar - 1) S-bar, N - 1 moving range), ``"n-1"``
    (Montgomery's chi-square interval, as qcc) or a number. ``unbias_overall`` divides the
    overall s by c4(N) (Minitab option).
    ``boxcox_lambda``: None (maximum likelihood), ``"rounded"`` (nearest 0.5) or a value.
    ``name``, ``unit``, ``item`` only word the summary ("about 1 in 40 calls will exceed
    360 s"). Formulas and references: :mod:`sixsigma.capability.normal` and
    :mod:`sixsigma.capability.nonnormal`; checks: :mod:`sixsigma.capability.checks`.
    """
    lsl, usl, target = _validate(lsl, usl, target, confidence)
    dist_name = distribution_name(distribution)
    x, labels, dropped = sample(data, value, subgroup)
    n = x.size
    if n < 3:
        raise InputError(f"capability needs at least 3 values, got {n}")
    if np.ptp(x) == 0:
        raise InputError("all values are identical; capability needs some variation")
    item = item or "values"
    if name is None and isinstance(value, str):
        name = value

    codes, subgrouped, max_size = None, False, 1
    if labels is not None:
        codes = pd.factorize(pd.Series(labels), sort=False)[0]
        sizes = np.bincount(codes)
        max_size = int(sizes.max())
        subgrouped = max_size > 1
    method = sigma_method_name(sigma_method, subgrouped)
    if historical_sigma is not None:
        if historical_sigma <= 0:
            raise InputError(f"historical_sigma must be > 0, got {historical_sigma}")
        sigma_w, df_w = float(historical_sigma), None
        method = "historical"
    else:
        sigma_w, df_w = within_sigma(x, codes, method)
    if isinstance(within_df, str):
        key = within_df.replace(" ", "").lower()
        if key not in {"n-1", "minitab"}:
            raise InputError(f"within_df must be a number, 'n-1' or 'minitab', got {within_df!r}")
        within_df = n - 1 if key == "n-1" else None
    if within_df is not None:
        if within_df <= 0:
            raise InputError(f"within_df must be > 0, got {within_df}")
        df_w = float(within_df)
    if not sigma_w > 0:
        raise InputError(
            "the within-subgroup variation is zero; use individual values or another sigma method"
        )
    s = overall_sigma(x, unbias_overall)
    mean = float(x.mean())
    xs = np.sort(x)
    ad_raw, p_raw = (float(v) for v in ad_normal(xs))

    # ---- choose the model
    fits_df = nn.fits_frame([])
    reason = "as requested"
    if dist_name == "auto":
        if p_raw >= 0.05:
            dist_name = "normal"
            reason = (
                f"chosen automatically: the data are consistent with a normal distribution "
                f"(Anderson-Darling {ck.fmt_p(p_raw)}, at least 0.05)"
            )
        else:
            fits, skipped = nn.fit_all(x)
            others = [f for f in fits if f.name != "normal"]
            best = nn.best_fit(fits)  # 3-parameter fits only when their LRT p < 0.05
            dist_name = best.name
            fits_df = nn.fits_frame(fits, chosen=best.name)
            runners = ", ".join(f"{f.label.lower()} {f.ad:.3g}" for f in others[1:3])
            reason = (
                f"chosen automatically: the data are not normal (Anderson-Darling {ck.fmt_p(p_raw)}), "
                f"and the {best.label.lower()} distribution fits best of the {len(fits)} distributions "
                f"fitted by maximum likelihood (AD {best.ad:.3g}"
                + (f"; next {runners}" if runners else "")
                + ")"
                + (f"; not fitted (need values > 0): {', '.join(skipped)}" if skipped else "")
            )
    elif dist_name == "normal":
        reason = "normal distribution, as requested"

    observed = observed_ppm(x, lsl, usl)
    specs = (lsl, usl, target)
    params: dict = {}
    within = None

    if dist_name in ("normal", "boxcox", "johnson"):
        if dist_name == "normal":
            y, t = x, None
            ly, uy, ty = lsl, usl, target
            sig_y_w, m_y, s_y = sigma_w, mean, s
            label = "Normal"
        else:
            if historical_sigma is not None:
                raise InputError("historical_sigma applies to the normal analysis only")
            if dist_name == "boxcox":
                if lsl is not None and lsl <= 0:
                    raise InputError(
                        f"the Box-Cox transformation needs LSL > 0 (got {lsl:g}); "
                        "drop the LSL or use a distribution fit"
                    )
                # subgroups: lambda minimising the within sigma, as Minitab (see nonnormal)
                within_fn = (
                    (lambda w: within_sigma(w, codes, method)[0]) if subgrouped else None
                )
                t = nn.boxcox(x, boxcox_lambda, within=within_fn)
                label = f"Box-Cox transformation (lambda = {t.params['lambda']:.4g})"
            else:
                t = nn.johnson(x)
                label = f"{t.label} transformation"
            y = t.forward(x)
            ly, uy, ty = (t.apply_limit(v) for v in specs)
            m_y, s_y = float(y.mean()), float(y.std(ddof=1))
            sig_y_w = within_sigma(y, codes, method)[0] if dist_name == "boxcox" else None
            params = dict(t.params)
            params.update(
                {
                    "transformed_mean": m_y,
                    "transformed_sd_overall": s_y,
                    "transformed_sd_within": sig_y_w,
                    "transformed_lsl": ly,
                    "transformed_usl": uy,
                    "transformed_target": ty,
                    "transformed_ad": t.ad,
                    "transformed_p_value": t.p_value,
                }
            )
            if dist_name == "johnson":
                reason += "; as in Minitab, only overall capability is computed"
        indices = _finite_rows(normal_indices(n, m_y, sig_y_w, s_y, ly, uy, ty, df_w, confidence))
        if dist_name == "johnson":  # the estimated transformation makes the normal intervals wrong
            indices[["lower", "upper"]] = np.nan
        overall = normal_ppm(m_y, s_y, ly, uy)
        if sig_y_w is not None:
            within = normal_ppm(m_y, sig_y_w, ly, uy)
        # model curves and quantiles on the data scale
        lower, upper = (t.lower, t.upper) if t is not None else (-np.inf, np.inf)
        g = _grid(x, specs, lower, upper)
        rows = []
        for basis, sg in (("within", sig_y_w), ("overall", s_y)):
            if sg is None:
                continue
            if t is None:
                dens = stats.norm.pdf(g, m_y, sg)
            else:
                with np.errstate(all="ignore"):
                    dens = stats.norm.pdf(t.forward(g), m_y, sg) * t.derivative(g)
            rows.append(pd.DataFrame({"x": g, "curve": basis, "density": dens}))
        curves = pd.concat(rows, ignore_index=True)
        if t is None:
            probability = _probability(xs, lambda p: stats.norm.ppf(p, m_y, s_y))
        else:
            probability = _probability(xs, lambda p: t.inverse(stats.norm.ppf(p, m_y, s_y)))
        if t is not None:
            model_p, model_ad = t.p_value, t.ad
            note = (
                f"the {label} is used; the transformed data have AD = {model_ad:.3f}, "
                f"{ck.fmt_p(model_p)}"
            )
            if model_p < 0.05:
                note += " (still not normal: the indices are unreliable; try distribution='auto')"
    else:
        fit = nn.fit_distribution(x, dist_name)
        if fits_df.empty:
            fits_df = nn.fits_frame([fit], chosen=fit.name)
        label = f"{fit.label} distribution ({fit.describe()})"
        params = dict(fit.params)
        params.update({"ad": fit.ad, "loglik": fit.loglik})
        indices = nn.percentile_indices(fit.dist, lsl, usl)
        overall = nn.dist_ppm(fit.dist, lsl, usl)
        lower, upper = (float(v) for v in fit.dist.support())
        g = _grid(x, specs, lower, upper)
        curves = pd.DataFrame({"x": g, "curve": "fitted", "density": fit.dist.pdf(g)})
        probability = _probability(xs, fit.dist.ppf)
        reason += "; capability by the percentile (ISO) method, overall only"
        note = f"capability uses the fitted {fit.label.lower()} distribution (AD {fit.ad:.3g})"

    ppm = pd.DataFrame(
        [
            dict(basis=b, **v)
            for b, v in (("within", within), ("overall", overall), ("observed", observed))
            if v is not None
        ],
        columns=["basis", "below", "above", "total"],
    ).astype({"below": float, "above": float})

    # ---- checks (as Minitab's Assistant)
    rows, chart = [], None
    if check_stability:
        row, chart = ck.stability(
            x, labels if subgrouped else None, ck.chart_kind(subgrouped, max_size, method), name
        )
        rows.append(row)
    if dist_name == "normal":
        rows.append(ck.normality(ad_raw, p_raw, "normal"))
    else:
        rows.append(ck.normality(ad_raw, p_raw, dist_name, note))
        if dist_name in ("boxcox", "johnson") and params["transformed_p_value"] < 0.05:
            rows[-1]["status"] = "fail"
    rows.append(ck.amount(n))
    if dropped:  # empty cells / NaN are left out; say so rather than drop them silently
        rows.append(dict(name="missing values", status="warn",
                         message=f"{dropped:,} missing value(s) dropped; {n:,} analysed"))

    return CapabilityResult(
        n=n,
        mean=mean,
        sigma_within=sigma_w,
        sigma_overall=s,
        lsl=lsl,
        usl=usl,
        target=target,
        distribution=dist_name,
        label=label,
        reason=reason,
        confidence=confidence,
        indices=indices,
        ppm=ppm,
        checks=ck.frame(rows),
        fits=fits_df,
        parameters=params,
        z_bench=z_bench(overall["total"]),
        z_bench_within=z_bench(within["total"]) if within else None,
        plain=ck.plain_words(overall, lsl, usl, item, unit),
        histogram=_histogram(x),
        curves=curves,
        probability=probability,
        sigma_method=method,
        within_df=df_w,
        name=name,
        unit=unit,
        item=item,
        stability_chart=chart,
    )
