"""d2, d3, c4 computed exactly, checked against published tables.

Montgomery, *Introduction to Statistical Quality Control* (7th ed.), Appendix VI (factors for
constructing variables control charts), printed to 3-4 decimals; exact closed forms where
they exist: d2(2) = 2/sqrt(pi), d3(2) = sqrt(2 - 4/pi), c4(2) = sqrt(2/pi).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from sixsigma.errors import InputError
from sixsigma.spc.constants import c4, d2, d3

# n: (d2, d3, c4) from Montgomery, Appendix VI.
MONTGOMERY = {
    2: (1.128, 0.853, 0.7979),
    3: (1.693, 0.888, 0.8862),
    4: (2.059, 0.880, 0.9213),
    5: (2.326, 0.864, 0.9400),
    6: (2.534, 0.848, 0.9515),
    7: (2.704, 0.833, 0.9594),
    8: (2.847, 0.820, 0.9650),
    9: (2.970, 0.808, 0.9693),
    10: (3.078, 0.797, 0.9727),
    15: (3.472, 0.756, 0.9823),
    20: (3.735, 0.729, 0.9869),
    25: (3.931, 0.708, 0.9896),
}


@pytest.mark.parametrize("n", sorted(MONTGOMERY))
def test_constants_round_to_montgomerys_table(n):
    t_d2, t_d3, t_c4 = MONTGOMERY[n]
    assert round(d2(n), 3) == t_d2
    assert round(d3(n), 3) == t_d3
    assert round(c4(n), 4) == t_c4


def test_closed_forms_for_n_2():
    # Range of two normals = |X1 - X2| ~ sqrt(2) sigma |Z|: E = 2/sqrt(pi), Var = 2 - 4/pi.
    assert d2(2) == pytest.approx(2 / math.sqrt(math.pi), rel=1e-12)
    assert d3(2) == pytest.approx(math.sqrt(2 - 4 / math.pi), rel=1e-10)
    assert c4(2) == pytest.approx(math.sqrt(2 / math.pi), rel=1e-15)


def test_vectorised_and_invalid_sizes():
    np.testing.assert_allclose(d2(np.array([5, 2, 5])), [d2(5), d2(2), d2(5)])
    with pytest.raises(InputError):
        d2(1)
    with pytest.raises(InputError):
        c4(np.array([3, 1.5]))
