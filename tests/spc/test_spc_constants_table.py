"""The d2/d3/c4 table in sixsigma.spc.constants equals the exact computation it was written from.

Independent values: Minitab, "Unbiasing constants d2, d3, and d4" (methods and formulas),
d2(N) for N = 26..50 to 3 decimals and d3(N) for N = 2..25 to 4 decimals; SAS/QC D2 function
documentation: d2(5) = 2.3259289473 (ten decimals).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from sixsigma.errors import InputError
from sixsigma.spc import constants as C

MINITAB_D2 = {
    26: 3.964, 27: 3.997, 28: 4.027, 29: 4.057, 30: 4.086, 31: 4.113, 32: 4.139, 33: 4.165,
    34: 4.189, 35: 4.213, 36: 4.236, 37: 4.259, 38: 4.280, 39: 4.301, 40: 4.322, 41: 4.341,
    42: 4.361, 43: 4.379, 44: 4.398, 45: 4.415, 46: 4.433, 47: 4.450, 48: 4.466, 49: 4.482,
    50: 4.498,
}
MINITAB_D3 = {
    2: 0.8525, 3: 0.8884, 4: 0.8798, 5: 0.8641, 6: 0.8480, 7: 0.8332, 8: 0.8198, 9: 0.8078,
    10: 0.7971, 11: 0.7873, 12: 0.7785, 13: 0.7704, 14: 0.7630, 15: 0.7562, 16: 0.7499,
    17: 0.7441, 18: 0.7386, 19: 0.7335, 20: 0.7287, 21: 0.7242, 22: 0.7199, 23: 0.7159,
    24: 0.7121, 25: 0.7084,
}
SIZES = np.arange(2, C.TABLE_MAX + 1)


def test_table_is_the_exact_computation():
    """Every entry recomputed (written with 17 digits; 1e-13 leaves room for another CPU's sums)."""
    assert len(C._D2) == len(C._D3) == len(C._C4) == len(SIZES)
    np.testing.assert_allclose(C._D2, [C.exact_d2(int(n)) for n in SIZES], rtol=1e-13, atol=0)
    np.testing.assert_allclose(C._D3, [C.exact_d3(int(n)) for n in SIZES], rtol=1e-13, atol=0)
    np.testing.assert_allclose(C._C4, C.exact_c4(SIZES), rtol=1e-13, atol=0)


@pytest.mark.parametrize("n", sorted(MINITAB_D2))
def test_d2_26_to_50_match_minitab(n):
    assert round(C.d2(n), 3) == MINITAB_D2[n]


@pytest.mark.parametrize("n", sorted(MINITAB_D3))
def test_d3_match_minitab_to_4_decimals(n):
    assert round(C.d3(n), 4) == MINITAB_D3[n]


def test_d2_5_matches_sas_to_ten_decimals():
    assert C.d2(5) == pytest.approx(2.3259289473, abs=1e-10)


def test_c4_against_lgamma_closed_form_inside_and_beyond_the_table():
    # c4 = sqrt(2/(n-1)) Gamma(n/2)/Gamma((n-1)/2), here with math.lgamma (not scipy).
    for n in (2, 7, 50, 100, 101, 250, 1000):
        want = math.sqrt(2 / (n - 1)) * math.exp(math.lgamma(n / 2) - math.lgamma((n - 1) / 2))
        assert C.c4(n) == pytest.approx(want, rel=1e-13)


def test_beyond_the_table_falls_back_to_the_exact_computation():
    d2_101, d3_101 = C.d2(101), C.d3(101)
    assert C._D2[-1] < d2_101 < C._D2[-1] + 0.01  # E[R] grows slowly with n
    assert C._D3[-1] - 0.01 < d3_101 < C._D3[-1]  # sd(R) shrinks slowly
    mixed = np.array([5, 101, 5, 2])
    np.testing.assert_array_equal(C.d2(mixed), [C.d2(5), d2_101, C.d2(5), C.d2(2)])
    np.testing.assert_array_equal(C.d3(mixed), [C.d3(5), d3_101, C.d3(5), C.d3(2)])
    np.testing.assert_array_equal(C.c4(mixed), [C.c4(5), C.c4(101), C.c4(5), C.c4(2)])
    np.testing.assert_array_equal(C.c4(np.array([[3, 4], [5, 6]])),
                                  [[C.c4(3), C.c4(4)], [C.c4(5), C.c4(6)]])


def test_invalid_sizes_still_refused():
    for bad in (1, 0, 2.5, np.array([2, 1])):
        with pytest.raises(InputError):
            C.d2(bad)
        with pytest.raises(InputError):
            C.d3(bad)
        with pytest.raises(InputError):
            C.c4(bad)
