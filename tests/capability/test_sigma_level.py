"""Sigma level and DPMO against the published Six Sigma conversion table.

Montgomery, *Introduction to Statistical Quality Control* (7th ed.), section 1.4.1 "Six Sigma" (its ppm-defective table with the 1.5-sigma shift),
and Harry & Schroeder (2000): with the 1.5-sigma shift, 3.4 DPMO is 6 sigma, 233 is 5,
6,210 is 4, 66,807 is 3, 308,537 is 2 (and 690,000 about 1).
"""

from __future__ import annotations

import pytest

from sixsigma.capability import dpmo, sigma_level
from sixsigma.errors import InputError

TABLE = [(3.4, 6.0), (233, 5.0), (6210, 4.0), (66807, 3.0), (308537, 2.0), (690000, 1.0)]


@pytest.mark.parametrize("ppm,level", TABLE)
def test_shifted_sigma_level_matches_the_table(ppm, level):
    res = sigma_level(ppm, shift=True)
    assert res.sigma_level == pytest.approx(level, abs=0.005)
    assert res.z == pytest.approx(level - 1.5, abs=0.005)
    assert "1.5-sigma shift" in res.label and "1.5-sigma shift" in res.summary()


def test_no_shift_unless_asked():
    res = sigma_level(3.4)
    assert res.shift == 0 and res.sigma_level == pytest.approx(4.5, abs=0.005)
    assert res.label == "long-term sigma level (no shift)"
    d = res.to_dict()
    assert d["sigma_level"] == d["z"] and d["shift"] == 0


def test_dpmo_from_defects_units_opportunities():
    assert dpmo(34, 1000, 10) == pytest.approx(3400.0)
    res = sigma_level(defects=62, units=1000, opportunities=10, shift=True)
    assert res.dpmo == pytest.approx(6200.0) and res.sigma_level == pytest.approx(4.0, abs=0.01)
    with pytest.raises(InputError):
        sigma_level(2e6)
    with pytest.raises(InputError):
        dpmo(20, 1, 10)
    with pytest.raises(InputError):
        sigma_level()
