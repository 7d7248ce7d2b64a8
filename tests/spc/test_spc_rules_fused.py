"""The fused special-cause passes (shared runs for tests 2/3 and 7/8, one packed cumulative
sum for tests 5/6) against a point-by-point reading of Minitab's definitions, with stages
(runs and windows restart at a stage), sides, the user's own K values and undefined sigma;
plus the bit mask of failed tests and the array signals (issue 15)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from sixsigma.spc import control_chart
from sixsigma.spc import rules as R


def naive_sided(x, c, s, seg, t, K):
    """+1 / -1 / 2 / 0 per point straight from the definitions, one point at a time; a
    pattern only uses points of the current stage, and a sigma that is not finite never
    counts as inside or beyond a zone."""
    n = len(x)
    out = np.zeros(n, dtype=int)
    for i in range(n):
        s0 = i
        while s0 > 0 and seg[s0 - 1] == seg[i]:
            s0 -= 1
        dev = [x[j] - c[j] for j in range(n)]
        fin = [np.isfinite(s[j]) for j in range(n)]
        if t == 2 and i - K + 1 >= s0:
            w = range(i - K + 1, i + 1)
            out[i] = 1 if all(dev[j] > 0 for j in w) else -1 if all(dev[j] < 0 for j in w) else 0
        elif t == 3 and i - K + 1 >= s0:
            w = range(i - K + 2, i + 1)
            up = all(x[j] > x[j - 1] for j in w)
            dn = all(x[j] < x[j - 1] for j in w)
            out[i] = 1 if up else -1 if dn else 0
        elif t == 4 and i - K + 1 >= s0:
            d = [x[j] - x[j - 1] for j in range(i - K + 2, i + 1)]
            out[i] = 2 if all(d[j] * d[j - 1] < 0 for j in range(1, len(d))) else 0
        elif t in (5, 6):
            z = 2 if t == 5 else 1
            w = range(max(s0, i - K), i + 1)
            up = sum(fin[j] and dev[j] > z * s[j] for j in w)
            dn = sum(fin[j] and dev[j] < -z * s[j] for j in w)
            if fin[i] and dev[i] > z * s[i] and up >= K:
                out[i] = 1
            elif fin[i] and dev[i] < -z * s[i] and dn >= K:
                out[i] = -1
        elif t in (7, 8) and i - K + 1 >= s0:
            w = range(i - K + 1, i + 1)
            inside = all(fin[j] and abs(dev[j]) < s[j] for j in w)
            beyond = all(fin[j] and abs(dev[j]) > s[j] for j in w)
            out[i] = 2 if (inside if t == 7 else beyond) else 0
    return out


case = st.tuples(
    st.lists(st.integers(-30, 30).map(lambda v: v / 10), min_size=1, max_size=70),
    st.lists(st.integers(0, 6), min_size=70, max_size=70),  # stage boundaries
    st.lists(st.sampled_from([0.6, 1.0, 1.4, np.nan, np.inf]), min_size=70, max_size=70),
    st.fixed_dictionaries(
        {
            2: st.integers(2, 9),
            3: st.integers(2, 7),
            4: st.integers(3, 8),
            5: st.integers(1, 4),
            6: st.integers(1, 5),
            7: st.integers(2, 6),
            8: st.integers(2, 6),
        }
    ),
)


@settings(max_examples=80, deadline=None)
@given(case)
def test_fused_passes_match_the_definitions_with_stages_and_sides(data):
    xs, cuts, sig, ks = data
    x = np.array(xs)
    n = x.size
    seg = np.cumsum(np.array(cuts[:n]) == 0)  # a new stage wherever a 0 was drawn
    s = np.array(sig[:n])
    c = np.zeros(n)
    spec = R.TestSpec(dict(ks))
    res = R.evaluate(x, c, s, c - 3, c + 3, spec, seg)
    for t, K in ks.items():
        np.testing.assert_array_equal(res[t], naive_sided(x, c, s, seg, t, K), err_msg=f"test {t}")


@settings(max_examples=40, deadline=None)
@given(case)
def test_one_test_alone_gives_what_it_gives_among_all(data):
    # tests 5 and 6 share a packed sum, 7 and 8 a run pass: alone they must not change
    xs, cuts, sig, ks = data
    x = np.array(xs)
    seg = np.cumsum(np.array(cuts[: x.size]) == 0)
    s, c = np.array(sig[: x.size]), np.zeros(x.size)
    every = R.evaluate(x, c, s, c - 3, c + 3, R.TestSpec(dict(ks)), seg)
    for t, K in ks.items():
        alone = R.evaluate(x, c, s, c - 3, c + 3, R.TestSpec({t: K}), seg)
        np.testing.assert_array_equal(alone[t], every[t], err_msg=f"test {t}")


def test_bit_mask_and_test_lists():
    # bit k set when test k + 1 fired; points with the same tests share a read-only list
    res = {1: np.array([1, 0, 0, -1]), 2: np.array([0, 0, 1, 1]), 8: np.array([2, 0, 0, 2])}
    mask = R.tests_mask(res, 4)
    assert mask.tolist() == [0b10000001, 0, 0b10, 0b10000011]
    lists = R.tests_from_mask(mask)
    assert [list(t) for t in lists] == [[1, 8], [], [2], [1, 2, 8]]
    try:
        lists[0].append(3)
    except TypeError:
        pass
    else:  # pragma: no cover
        raise AssertionError("a shared test list must be read-only")
    assert list(lists[0]) == [1, 8]


def test_signal_arrays_give_the_table_and_the_summary_makes_only_what_it_shows():
    # 9 above (test 2) from point 11, then 1 point beyond the upper limit at point 30
    x = np.r_[[0.3, -0.4] * 5, [0.5] * 9, [-0.2, 0.2] * 5, [4.0]]
    ch = control_chart("imr", value=x, mean=0.0, sigma=1.0, tests=[1, 2])
    sig = ch.signals
    assert sig["test"].tolist() == [2, 1]
    assert sig["labels"].iloc[0] == list(range(11, 20)) and sig["labels"].iloc[1] == [30]
    assert sig["description"].iloc[0] == (
        "9 points in a row above the centre line from 11 to 19: the process shifted up"
    )
    assert ch.n_signals == 2 and not ch.in_control
    assert ch.points["test_mask"].tolist()[18:20] == [0b10, 0]
    assert ch.points["test_mask"].iloc[-1] == 0b1


def test_a_long_chart_summary_lists_eight_and_counts_the_rest():
    rng = np.random.default_rng(3)
    x = rng.uniform(-1, 1, 20_000)  # within 1 sigma, moving ranges below 2 (UCL 3.686)
    x[::500] = 6.0  # 40 points beyond the upper limit, 79 moving ranges above theirs
    ch = control_chart("imr", value=x, mean=0.0, sigma=1.0, tests=[1])
    text = ch.summary()
    assert "119 special-cause signals" in text
    assert text.count("\n- 1: 1 point above the upper control limit") == 8
    assert "... and 111 more (see .signals)" in text
    assert len(ch.signals) == 40 and len(ch.secondary.signals) == 79


def _json_rows_one_by_one(ch):
    """The JSON points as jsonable() makes them from each row (the column-wise fast path
    must give exactly this)."""
    from sixsigma.results import jsonable

    keys = ["label", "value", "center", "lcl", "ucl", "stage", "phase", "tests"]
    keys += [c for c in ("ewma", "upper", "lower") if c in ch.points.columns]
    recs = ch.points[keys].to_dict(orient="records")
    return [jsonable({k: (list(r[k]) if k == "tests" else r[k]) for k in keys}) for r in recs]


def test_json_points_column_wise_equal_row_by_row():
    import pandas as pd

    rng = np.random.default_rng(11)
    days = pd.date_range("2025-01-01", periods=120, freq="D")
    df = pd.DataFrame({"day": days, "v": rng.normal(10, 2, 120), "grp": ["a"] * 60 + ["b"] * 60})
    df.loc[70:80, "v"] += 6
    cases = [
        control_chart("imr", df, value="v", label="day", stage="grp", tests="all"),
        control_chart("run", df, value="v", label="day"),
        control_chart("ewma", value=df["v"].to_numpy()),
        control_chart("cusum", value=df["v"].to_numpy(), tests="all"),
        control_chart("xbar-r", value=rng.normal(5, 1, 100), subgroup=np.repeat(np.arange(20), 5)),
    ]
    for ch in cases:
        for c in (ch, ch.secondary) if ch.secondary is not None else (ch,):
            assert c._points_dicts() == _json_rows_one_by_one(c), c.chart
    got = cases[0].to_dict()["points"]
    assert got[0]["label"] == "2025-01-01" and got[0]["stage"] == "a"
    assert any(p["tests"] for p in got) and got[0]["phase"] == "I"


def test_chart_pickles_and_replaces_with_its_signals():
    import copy
    import dataclasses
    import pickle

    x = np.r_[np.full(10, 0.1), np.ones(12)]
    ch = control_chart("imr", value=x, mean=0.0, sigma=0.3, tests="all")
    assert ch.signals is ch.signals  # built once
    back = pickle.loads(pickle.dumps(ch))
    assert back.summary() == ch.summary() and back.signals.equals(ch.signals)
    assert back.points["tests"].tolist() == ch.points["tests"].tolist()
    assert copy.deepcopy(ch).to_dict() == ch.to_dict()
    assert dataclasses.replace(ch, name="z").signals.equals(ch.signals)
