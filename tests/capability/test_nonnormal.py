"""Non-normal capability: fits, Anderson-Darling ranking, Box-Cox, Johnson, percentile method.

Published example: Delignette-Muller & Dutang (2015), "fitdistrplus: An R Package for
Fitting Distributions", J. Stat. Softw. 64(4), section 2.2: the Weibull fit of the 254
``groundbeef`` serving sizes, ``summary(fitdist(groundbeef$serving, "weibull"))``:
shape 2.185885, scale 83.347679, log-likelihood -1255.225. The published figures come from
optim's default tolerance (the likelihood maximum is 3.5e-6 higher at shape 2.185612); both
are checked. Other reference values were computed with R 4.2.2 and fitdistrplus 1.1-8 /
nortest 1.0-4 / MASS 7.3-58 (calls next to the numbers).
"""

from __future__ import annotations

import numpy as np
import pytest
from cap_refs import groundbeef
from scipy import stats

from sixsigma.capability import capability
from sixsigma.capability import nonnormal as nn
from sixsigma.errors import InputError
from sixsigma.stats.anderson_darling import ad_normal

# R: ctl <- list(reltol = 1e-14, maxit = 5000); fitdist(x, <dist>, control = ctl)  (MLE)
# gofstat(<fits>)$ad  (Anderson-Darling statistic of each fit)
R_FITS = {
    "weibull": ({"shape": 2.18561240549708, "scale": 83.34666656321092}, 3.57307181622633),
    "lognormal": ({"location": 4.169370089453706, "scale": 0.536609513395256}, 4.54365415719826),
    "gamma": ({"shape": 4.0083382181262390, "scale": 1 / 0.0544273466739738}, 3.56709070976439),
    "exponential": ({"scale": 1 / 0.0135785309615298}, 31.94214377253280),
    "logistic": ({"location": 71.1721190498127, "scale": 20.3981347533031}, 5.20434897917181),
    # llogis: dllogis <- function(x, loc, scale) dlogis(log(x), loc, scale) / x
    "loglogistic": ({"location": 4.199438096578333, "scale": 0.305009951861012}, 4.48101707125602),
    # sev / lev: Gumbel min / max densities written out, fitted the same way
    "sev": ({"location": 92.6088196757916, "scale": 41.8889000379973}, 11.08654571634008),
    "lev": ({"location": 56.9633718277382, "scale": 29.0833267777586}, 3.79410249142938),
}


@pytest.fixture(scope="module")
def beef():
    return groundbeef()


def test_weibull_fit_reproduces_the_published_example(beef):
    fit = nn.fit_distribution(beef, "weibull")
    # Delignette-Muller & Dutang (2015), JSS 64(4), sect. 2.2 (optim's default tolerance)
    assert fit.params["shape"] == pytest.approx(2.185885, rel=2e-4)
    assert fit.params["scale"] == pytest.approx(83.347679, rel=2e-5)
    assert fit.loglik == pytest.approx(-1255.225, abs=1e-3)
    # and the fully converged maximum (R, reltol = 1e-14)
    assert fit.params["shape"] == pytest.approx(2.18561240549708, rel=1e-6)
    assert fit.params["scale"] == pytest.approx(83.34666656321092, rel=1e-6)


@pytest.mark.parametrize("name", list(R_FITS))
def test_fits_and_anderson_darling_match_fitdistrplus(beef, name):
    params, ad = R_FITS[name]
    fit = nn.fit_distribution(beef, name)
    for k, v in params.items():
        assert fit.params[k] == pytest.approx(v, rel=2e-6), k
    assert fit.ad == pytest.approx(ad, rel=2e-5)


def test_ranking_by_anderson_darling_matches_gofstat_order(beef):
    fits, skipped = nn.fit_all(beef)
    assert skipped == []
    order = [f.name for f in fits if f.name in R_FITS]  # the 2-parameter families
    assert order == sorted(
        R_FITS, key=lambda k: R_FITS[k][1]
    )  # gamma, weibull, lev, loglogistic, ...
    assert order[:3] == ["gamma", "weibull", "lev"]


def test_normality_anderson_darling_matches_nortest(beef):
    # nortest::ad.test(x): A = 5.28370049944266, p-value = 4.45894387970034e-13
    a2, p = ad_normal(np.sort(beef))
    assert a2 == pytest.approx(5.28370049944266, rel=1e-12)
    assert p == pytest.approx(4.45894387970034e-13, rel=1e-9)
    # nortest::ad.test(log(x)): A = 4.53547890045149, p = 2.81969947802434e-11
    fit = nn.fit_distribution(beef, "lognormal")
    assert fit.p_value == pytest.approx(2.81969947802434e-11, rel=1e-9)


def test_boxcox_lambda_matches_mass(beef):
    # optimize(function(l) MASS::boxcox(x ~ 1, lambda = l, plotit = FALSE)$y, c(-2, 2),
    #          maximum = TRUE, tol = 1e-10)$maximum = 0.397981248608481
    t = nn.boxcox(beef)
    assert t.params["lambda"] == pytest.approx(0.397981248608481, abs=1e-6)
    assert nn.boxcox(beef, "rounded").params["lambda"] == 0.5
    assert nn.boxcox(beef, 0).params["lambda"] == 0.0


def test_percentile_method_matches_r_quantiles(beef):
    # R: q <- qweibull(c(0.00135, 0.5, 0.99865), 2.18561240549708, 83.34666656321092)
    #    Pp = (200 - 10) / (q[3] - q[1]); Ppl = (q[2] - 10) / (q[2] - q[1]); Ppu = (200 - q[2]) / (q[3] - q[2])
    res = capability(beef, lsl=10, usl=200, distribution="weibull", check_stability=False)
    assert res.distribution == "weibull"
    assert res.value("pp") == pytest.approx(0.980985605971726, rel=1e-6)
    assert res.value("ppl") == pytest.approx(0.910505802574439, rel=1e-6)
    assert res.value("ppu") == pytest.approx(1.01777287207312, rel=1e-6)
    assert res.value("ppk") == pytest.approx(0.910505802574439, rel=1e-6)
    # pweibull(10, ...) * 1e6 and pweibull(200, ..., lower.tail = FALSE) * 1e6; optim's
    # parameters are good to ~1e-7, which the far tails amplify to ~1e-6
    ppm = res.ppm_of("overall")
    assert ppm["below"] == pytest.approx(9664.69354080794, rel=5e-6)
    assert ppm["above"] == pytest.approx(1143.16019005483, rel=5e-6)
    assert res.z_bench == pytest.approx(
        stats.norm.isf((9664.69354080794 + 1143.16019005483) / 1e6), rel=1e-6
    )
    # fitted distributions give overall indices only (Minitab's nonnormal analysis)
    assert set(res.indices["basis"]) == {"overall"}
    assert res.to_dict()["cp"] is None and res.to_dict()["ci"]["ppk"] is None


def test_auto_picks_normal_for_normal_data_and_says_why(reference):
    d = reference("qcc_pistonrings")
    res = capability(
        d[d["trial"]],
        value="diameter",
        subgroup="sample",
        lsl=73.95,
        usl=74.05,
        distribution="auto",
        check_stability=False,
    )
    assert res.distribution == "normal"
    assert "consistent with a normal distribution" in res.reason and "p = 0.896" in res.reason
    assert "Model: Normal" in res.summary()


def test_auto_picks_best_fit_for_skewed_data_and_says_why(beef):
    res = capability(
        beef, usl=200, distribution="auto", unit="g", item="servings", check_stability=False
    )
    # smallest AD of the 2-parameter fits is gamma (gofstat: gamma 3.567 < weibull 3.573), but
    # the 3-parameter Weibull has a smaller AD (3.349) and a significant LRT (p = 0.019 < 0.05)
    assert res.distribution == "weibull3"
    assert "not normal" in res.reason and "3-parameter weibull distribution fits best" in res.reason
    assert res.fits["chosen"].sum() == 1 and res.fits.iloc[0]["distribution"] == "weibull3"
    assert list(res.fits["ad"]) == sorted(res.fits["ad"])
    normality = res.checks.set_index("name").loc["normality"]
    assert normality["status"] == "warn" and "weibull" in normality["message"].lower()


def test_boxcox_zero_is_the_log_normal_analysis(beef):
    """lambda = 0 is ln x, so the indices equal a normal analysis of ln x against ln(limits)."""
    bc = capability(
        beef, lsl=10, usl=200, distribution="boxcox", boxcox_lambda=0, check_stability=False
    )
    lg = capability(np.log(beef), lsl=np.log(10), usl=np.log(200), check_stability=False)
    for k in ("cp", "cpk", "pp", "ppk", "ppl", "ppu"):
        assert bc.value(k) == pytest.approx(lg.value(k), rel=1e-12)
    assert bc.ppm_of("overall")["total"] == pytest.approx(lg.ppm_of("overall")["total"], rel=1e-12)
    assert bc.label.startswith("Box-Cox") and bc.parameters["lambda"] == 0.0
    assert "lambda = 0" in bc.summary()


def test_boxcox_needs_positive_data_and_lsl():
    with pytest.raises(InputError, match="Box-Cox"):
        capability([-1.0, 2.0, 3.0, 4.0], usl=5, distribution="boxcox")
    with pytest.raises(InputError, match="LSL > 0"):
        capability([1.0, 2.0, 3.0, 4.0], lsl=0, usl=5, distribution="boxcox")
    with pytest.raises(InputError, match="values > 0"):
        capability([-1.0, 2.0, 3.0, 4.0], usl=5, distribution="weibull")


@pytest.mark.parametrize(
    "family,data",
    [
        ("SU", stats.johnsonsu(a=-1.2, b=1.5, loc=10, scale=3).rvs(size=800, random_state=3)),
        ("SB", stats.johnsonsb(a=0.8, b=1.3, loc=0, scale=50).rvs(size=800, random_state=4)),
    ],
)
def test_johnson_selection_maps_the_four_quantiles_onto_normal_scores(family, data):
    """Slifker & Shapiro's estimates solve x(-3z), x(-z), x(z), x(3z) -> -3z, -z, z, 3z."""
    t = nn.johnson(data)
    assert t.params["family"] == family
    z = t.params["z"]
    q = np.quantile(np.sort(data), stats.norm.cdf([-3 * z, -z, z, 3 * z]), method="weibull")
    assert t.forward(q) == pytest.approx([-3 * z, -z, z, 3 * z], abs=1e-9)
    assert t.p_value > 0.1  # the chosen transformation is normal (Chou et al.'s criterion)
    y = np.linspace(-2, 2, 9)
    assert t.forward(t.inverse(y)) == pytest.approx(y, abs=1e-9)


def test_johnson_sl_parameters_on_exact_lognormal_quantiles():
    """For a lognormal, m n / p^2 = 1 exactly and the S_L estimates recover it."""
    z = np.array([0.5])
    mu, sigma = 1.0, 0.4
    xq = np.exp(mu + sigma * np.array([[-3 * z[0], -z[0], z[0], 3 * z[0]]]))
    P = nn._johnson_params(xq, z)
    assert P["qr"][0] == pytest.approx(1.0, rel=1e-12)
    g, e, eps, _ = (v[0] for v in P["sl"])
    assert nn.johnson_forward("SL", g, e, eps, 1.0, xq[0]) == pytest.approx(
        [-1.5, -0.5, 0.5, 1.5], abs=1e-9
    )
    assert e == pytest.approx(1 / sigma, rel=1e-9) and eps == pytest.approx(0.0, abs=1e-9)


def test_johnson_capability_is_overall_only(beef):
    res = capability(beef, lsl=10, usl=200, distribution="johnson", check_stability=False)
    assert res.distribution == "johnson" and res.label.startswith("Johnson S_")
    assert set(res.indices["basis"]) == {"overall"}
    assert res.ppm_of("within")["total"] is None
    assert res.to_dict()["ci"]["ppk"] is None  # as in Minitab: no intervals after a Johnson fit
    t = nn.johnson(beef)
    y = t.forward(beef)
    lo, hi = t.apply_limit(10), t.apply_limit(200)
    expected = (hi - lo) / (6 * y.std(ddof=1))
    assert res.value("pp") == pytest.approx(expected, rel=1e-12)


def test_figure_data_are_on_the_data_scale(beef):
    res = capability(beef, usl=200, distribution="auto", check_stability=False)
    dens = res.curves["density"].to_numpy()
    x = res.curves["x"].to_numpy()
    assert np.all(dens >= 0) and np.trapezoid(dens, x) == pytest.approx(1.0, abs=0.02)
    h = res.histogram
    assert h["count"].sum() == beef.size
    assert np.sum(h["density"] * (h["right"] - h["left"])) == pytest.approx(1.0)
    p = res.probability
    assert np.all(np.diff(p["value"]) >= 0) and np.all(np.diff(p["fitted"]) > 0)
    fig = res.figure()
    assert len(fig.data) >= 4
