"""Numeric guards (issue 16): every number is finite, or the input is refused with the reason.

The shared guard (sixsigma.finite.check_values), the JSON serialisation (results.jsonable),
the zero-defect sigma level and the record models' refusal of NaN / inf. CLI-wide sweep:
tests/cli/test_edge_inputs.py.
"""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import numpy as np
import pytest
from pydantic import ValidationError

from sixsigma.capability import sigma_level
from sixsigma.errors import InputError
from sixsigma.finite import MAX_ABS, check_values
from sixsigma.records import read_source, validate
from sixsigma.results import dumps, jsonable, non_finite
from sixsigma.stats import one_sample_t, two_sample_t

ROOT = Path(__file__).resolve().parents[1]
FLAGSHIP = ROOT / "projects" / "reduce-intl-hotel-manual-cpo"


# -- the shared guard ------------------------------------------------------------------------
def test_values_that_overflow_when_squared_are_refused():
    assert np.isinf(np.float64(1e300) ** 2)  # why: the double maximum is ~1.8e308
    with pytest.raises(InputError, match="overflow when squared.*rescale"):
        check_values([1.0, 2e300], "column 'v'")
    with pytest.raises(InputError, match="infinite"):
        check_values([1.0, np.inf], "column 'v'")
    ok = check_values([1.0, MAX_ABS, np.nan], "v")  # NaN (missing) passes for the caller to drop
    assert ok[1] == MAX_ABS and np.isnan(ok[2])


def test_tiny_values_refused_only_when_their_differences_underflow():
    assert (np.float64(1e-300) ** 2) == 0.0  # why: squares of 1e-300 underflow to 0
    with pytest.raises(InputError, match="underflow"):
        check_values([1e-300, 2e-300, 3e-300], "v")
    check_values([0.0, 1.0, 2.2e-311], "v")  # a tiny value among ordinary ones is ~0
    check_values([2.2e-311] * 3, "v")  # equal tiny values: the spread is 0 anyway


def test_t_test_near_the_limit_is_finite_and_unit_free():
    # Scale invariance: Welch's t and df (so p) do not depend on the unit (Welch 1947), and
    # Welch's df takes fourth powers of the data: checked at both ends of the accepted range.
    a, b = np.array([1.0, 2.0, 4.0, 3.5]), np.array([2.5, 3.0, 5.0, 6.0, 4.0])
    small = two_sample_t(data=[a, b])
    for scale in (MAX_ABS / 10, 1e-49):
        res = two_sample_t(data=[a * scale, b * scale])
        assert res.statistic == pytest.approx(small.statistic, rel=1e-12)
        assert res.df == pytest.approx(small.df, rel=1e-9)
        assert res.p_value == pytest.approx(small.p_value, rel=1e-9)
        assert non_finite(res.to_dict()) == []


# -- JSON output -----------------------------------------------------------------------------
def test_json_never_holds_nan_or_infinity():
    d = jsonable({"a": np.inf, "b": [-np.inf, np.nan, 1.5], "c": np.float32(2)})
    assert d == {"a": None, "b": [None, None, 1.5], "c": 2.0}
    text = dumps({"x": float("inf"), "y": np.array([np.nan, 1.0])})
    assert "Infinity" not in text and "NaN" not in text and json.loads(text) == {"x": None, "y": [None, 1.0]}
    assert non_finite({"ci": [1.0, math.inf], "g": [{"sd": math.nan}]}) == ["ci[1]", "g[0].sd"]


def test_one_sided_interval_prints_its_open_end_as_null():
    # R t.test(x, mu = 0, alternative = "less") gives the interval (-Inf, upper]
    res = one_sample_t(data=[4.0, 5.5, 6.1, 5.2, 4.8], alternative="less")
    assert res.ci[0] == -np.inf
    d = res.to_dict()
    assert d["ci"][0] is None and math.isfinite(d["ci"][1])
    assert non_finite(d) == []


# -- sigma level with zero defects ------------------------------------------------------------
def test_zero_defects_has_no_sigma_level_but_the_exact_bound():
    res = sigma_level(defects=0, units=100_000)
    assert res.dpmo == 0 and res.z is None and res.sigma_level is None
    assert "not defined with zero defects" in res.summary()
    d = res.to_dict()
    assert non_finite(d) == [] and d["sigma_level"] is None


def test_zero_defect_bound_matches_r_binom_test():
    # R: binom.test(0, 319) prints "95 percent confidence interval: 0.00000000 0.01149728";
    # the two-sided 95% upper end is the one-sided 97.5% bound (Clopper-Pearson).
    res = sigma_level(defects=0, units=319, confidence=0.975)
    assert res.dpmo_upper == pytest.approx(0.01149728e6, rel=1e-7)


def test_zero_defect_bound_is_the_rule_of_three():
    # Rule of three (Jovanovic & Levy, Am. Statistician 51, 1997): zero events in n trials
    # gives the 95% upper bound -ln(0.05)/n = 2.9957/n, about 3/n, for large n.
    res = sigma_level(defects=0, units=1_000_000, shift=True)
    assert res.dpmo_upper == pytest.approx(2.995732, rel=1e-5)
    # 3.4 DPMO is 6.0 with the 1.5 shift (Montgomery, Introduction to SQC, 1.4.1): a bound
    # below 3.4 DPMO demonstrates a level just above 6.
    assert 6.0 < res.sigma_level_lower < 6.05


def test_every_opportunity_defective_has_no_level():
    res = sigma_level(defects=5, units=5)
    assert res.sigma_level is None and "every opportunity is a defect" in res.summary()
    with pytest.raises(InputError, match="not a finite number"):
        sigma_level(defects=math.nan, units=10)


# -- records ---------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["1e999", ".nan", ".inf", "-.inf"])
def test_charter_target_must_be_finite(tmp_path, text):
    from sixsigma.dmaic.models import Project

    path = tmp_path / "project.yaml"
    src = (FLAGSHIP / "project.yaml").read_text()
    assert "    target: 0.1\n" in src
    path.write_text(src.replace("    target: 0.1\n", f"    target: {text}\n", 1))
    model, problems = validate(Project, read_source(path))
    assert model is None
    assert len(problems) == 1 and "charter.goal.target" in str(problems[0])
    assert "finite number" in str(problems[0]) and ":30" in str(problems[0])


def test_root_cause_evidence_must_be_finite(tmp_path):
    from sixsigma.rootcause.models import Fishbone

    path = tmp_path / "fishbone.yaml"
    src = (FLAGSHIP / "fishbone.yaml").read_text()
    path.write_text(src.replace("p_value: 1.66605e-13", "p_value: .nan", 1))
    model, problems = validate(Fishbone, read_source(path))
    assert model is None and any("p_value" in str(p) and "finite" in str(p) for p in problems)
    shutil.copy(FLAGSHIP / "fishbone.yaml", path)
    model, problems = validate(Fishbone, read_source(path))
    assert model is not None and not problems


def test_report_config_targets_must_be_finite():
    from sixsigma.reporting.config import KpiConfig

    with pytest.raises(ValidationError, match="finite number"):
        KpiConfig(metric="manual_cpo", target=math.inf)
    with pytest.raises(ValidationError, match="finite number"):
        KpiConfig.model_validate({"metric": "manual_cpo", "target": math.nan})
    with pytest.raises(ValidationError, match="finite number"):  # YAML reads 1e999 as text
        KpiConfig.model_validate({"metric": "manual_cpo", "targets": {"intl_hotel": "1e999"}})
