"""Special-cause tests as data: Minitab's eight tests, rule-set presets and Anhøj run-chart rules.

Numbering and default K follow Minitab (Control Charts > Options > Tests):

====  ==============================================================  =========
test  pattern (zones use each point's own sigma)                       default K
====  ==============================================================  =========
1     1 point more than K sigma from the centre line (beyond a limit)  3
2     K points in a row on the same side of the centre line            9
3     K points in a row, all increasing or all decreasing              6
4     K points in a row, alternating up and down                       14
5     K out of K+1 points more than 2 sigma from the centre, same side 2
6     K out of K+1 points more than 1 sigma from the centre, same side 4
7     K points in a row within 1 sigma of the centre line (either side) 15
8     K points in a row more than 1 sigma from the centre (either side) 8
====  ==============================================================  =========

A point is flagged by a test when the pattern is complete at that point (the last point of
the run or window); for tests 5 and 6 the flagged point is itself one of the K points beyond
the zone, as in Minitab (and Nelson 1984, J. Quality Technology 16(4)). A point on the centre
line breaks runs for tests 2 and 8; a tie breaks tests 3 and 4. Every test a point fails is
recorded, not just the first. Test 1 uses the chart's own limits (Minitab's K for test 1 *is*
the sigma multiplier of the limits), so clamped attribute limits and probability limits are
honoured.

Run charts use the Anhøj rules (Anhøj & Olesen 2014, PLoS ONE 9(11): e113825): an
unusually long run (longest run of points on one side of the median > round(log2(n) + 3))
and too few crossings of the median (< qbinom(0.05, n - 1, 0.5)), where n counts the points
not on the median. They are numbered 9 (long run) and 10 (few crossings) internally.

One meaning per label: on charts, in summaries and in ``--json`` a test is shown by
:func:`test_label`. The numbers 1-8 are Minitab's tests with Minitab's K only (test 1 is
"beyond a limit" whatever the sigma multiple). A rule set's own rules get their own names:
Making Data Count's 7-point shift and trend are "MDC shift" and "MDC trend" (Minitab's test
2 is 9 in a row, test 3 is 6), Western Electric's 8 on one side is "WE shift", Anhøj's rules
are "Anhøj runs" and "Anhøj crossings", and a Minitab test run with a K of the user's own
is "2 (K=7)". :func:`rule_set_text` names the active rule set with its labels.

Everything is vectorised: runs via cumulative maxima of break positions, windows via
cumulative sums; there is no Python loop over points.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from sixsigma.errors import InputError, unknown

DEFAULT_K = {1: 3.0, 2: 9, 3: 6, 4: 14, 5: 2, 6: 4, 7: 15, 8: 8}
ANHOJ_RUN, ANHOJ_CROSSINGS = 9, 10

TEST_NAMES = {
    1: "1 point more than {K} sigma from the centre line",
    2: "{K} points in a row on one side of the centre line",
    3: "{K} points in a row all increasing or all decreasing",
    4: "{K} points in a row alternating up and down",
    5: "{K} out of {K1} points more than 2 sigma from the centre line (same side)",
    6: "{K} out of {K1} points more than 1 sigma from the centre line (same side)",
    7: "{K} points in a row within 1 sigma of the centre line",
    8: "{K} points in a row more than 1 sigma from the centre line (either side)",
    9: "unusually long run on one side of the median (Anhøj)",
    10: "too few crossings of the median (Anhøj)",
}

PRESETS: dict[str, dict[int, float]] = {
    "minitab": {1: 3.0},
    "nelson": dict(DEFAULT_K),
    # Western Electric Handbook (1956): zone rules A, B, C and 8 on one side.
    "western-electric": {1: 3.0, 5: 2, 6: 4, 2: 8},
    # NHS England "Making Data Count": outside limits, 7-point trend, 2 of 3 beyond 2 sigma
    # on the same side, 7 points on one side (shift).
    "mdc": {1: 3.0, 3: 7, 5: 2, 2: 7},
    "anhoj": {ANHOJ_RUN: 0, ANHOJ_CROSSINGS: 0},
}


RULE_SET_NAMES = {
    "minitab": "Minitab tests",
    "nelson": "Nelson rules (Minitab tests 1-8)",
    "all": "Minitab tests",
    "western-electric": "Western Electric rules",
    "mdc": "Making Data Count rules",
    "anhoj": "Anhøj run-chart rules",
}
# Rules of a rule set that differ from Minitab's test with the same internal number.
_SET_RULES = {
    ("mdc", 2, 7): "MDC shift",
    ("mdc", 3, 7): "MDC trend",
    ("western-electric", 2, 8): "WE shift",
}
_ANHOJ_LABELS = {ANHOJ_RUN: "Anhøj runs", ANHOJ_CROSSINGS: "Anhøj crossings"}


def test_label(t: int, K=None, rules: str | None = None) -> str:
    """The label a reader sees for test ``t`` with its ``K`` under rule set ``rules``.

    ``"1"`` ... ``"8"`` only for Minitab's tests with Minitab's K (see the module docstring);
    a rule set's own rule by its name ("MDC shift"); any other K as ``"2 (K=7)"``.
    """
    t = int(t)
    if t in _ANHOJ_LABELS:
        return _ANHOJ_LABELS[t]
    if t == 1 or K is None or float(K) == float(DEFAULT_K[t]):
        return str(t)
    named = _SET_RULES.get((rules, t, int(K)))
    return named if named else f"{t} (K={int(K)})"


def rule_set_text(rules: str | None, test_k: dict) -> str:
    """The active rule set and its rules, e.g. "Making Data Count rules: 1, 5, MDC shift,
    MDC trend"; an explicit selection is "Minitab tests: 1, 2, 5" when every test keeps
    Minitab's K, else "custom tests: 1, 2 (K=7)"."""
    each = [test_label(t, test_k[t], rules) for t in sorted(test_k)]
    labels = ", ".join(each) or "none"
    name = RULE_SET_NAMES.get(rules or "")
    if name is None:
        name = "Minitab tests" if all(lab.isdigit() for lab in each) else "custom tests"
    return f"{name}: {labels}"


@dataclass(frozen=True)
class TestSpec:
    """Which tests to run and their K values ({test number: K}); ``rules`` names the preset
    they came from (None for an explicit selection)."""

    k: dict[int, float]
    rules: str | None = None

    def label(self, t: int) -> str:
        """The reader's label of test ``t`` (see :func:`test_label`)."""
        return test_label(t, self.k.get(t), self.rules)

    @property
    def numbers(self) -> list[int]:
        return sorted(self.k)


def resolve_tests(
    tests, allowed: set[int], chart: str, test_k: dict | None = None, default_k1: float = 3.0
) -> TestSpec:
    """Turn ``tests`` (preset name, "all", list of numbers or {number: K}) into a TestSpec.

    Presets and "all" keep only the tests the chart allows (Minitab: tests 1-4 on R/S/MR
    and attribute charts, test 1 only on EWMA/CUSUM); an explicit test number the chart does
    not allow is an error.
    """
    if tests is None:
        tests = "minitab"
    preset = None
    if isinstance(tests, str):
        name = tests.strip().lower()
        preset = name if name in PRESETS or name == "all" else None
        if name == "all":
            chosen = {t: DEFAULT_K.get(t, 0) for t in allowed}
        elif name in PRESETS:
            chosen = {t: v for t, v in PRESETS[name].items() if t in allowed}
        else:
            try:
                tests = [int(t) for t in name.split(",") if t.strip()]
            except ValueError:
                raise unknown("test preset", tests, [*PRESETS, "all"]) from None
            return resolve_tests(tests, allowed, chart, test_k, default_k1)
    elif isinstance(tests, dict):
        chosen = {}
        for t, kv in tests.items():
            chosen[_check_number(t, allowed, chart)] = (
                DEFAULT_K.get(int(t), 0) if kv is None else kv
            )
    else:
        chosen = {}
        for t in tests:
            t = _check_number(t, allowed, chart)
            chosen[t] = DEFAULT_K.get(t, 0)
    for t, kv in (test_k or {}).items():
        t = _check_number(t, allowed, chart)
        chosen[t] = kv
    if 1 in chosen and (tests == "minitab" or 1 not in (test_k or {})):
        # Test 1's K is the sigma multiplier of the limits unless set explicitly.
        chosen[1] = default_k1
    for t, kv in chosen.items():
        if t in (2, 3, 4, 5, 6, 7, 8) and (int(kv) != kv or kv < (1 if t in (5, 6) else 2)):
            raise InputError(f"test {t}: K must be a whole number >= 2 (1 for tests 5-6), got {kv}")
    return TestSpec({t: (float(v) if t == 1 else int(v)) for t, v in chosen.items()}, preset)


def _check_number(t, allowed: set[int], chart: str) -> int:
    try:
        t = int(t)
    except (TypeError, ValueError):
        raise InputError(f"test {t!r}: tests are numbers 1-8 (or a preset name)") from None
    if t not in TEST_NAMES:
        raise InputError(f"test {t}: tests are numbered 1-8 (Minitab's numbering)")
    if t not in allowed:
        ok = ", ".join(str(a) for a in sorted(allowed))
        raise InputError(f"test {t} is not available on a {chart} chart; available tests: {ok}")
    return t


# ---------------------------------------------------------------- vectorised building blocks
def run_length(flag: np.ndarray) -> np.ndarray:
    """Length of the run of True values ending at each position (0 where False)."""
    flag = np.asarray(flag, dtype=bool)
    idx = np.arange(flag.size)
    last_false = np.where(~flag, idx, -1)
    np.maximum.accumulate(last_false, out=last_false)
    return idx - last_false


def window_count(flag: np.ndarray, width: int) -> np.ndarray:
    """Number of True values in the window of ``width`` points ending at each position."""
    c = np.concatenate([[0], np.cumsum(np.asarray(flag, dtype=np.int64))])
    idx = np.arange(1, c.size)
    return c[idx] - c[np.maximum(idx - width, 0)]


def _same_runs(code: np.ndarray, start: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """Length of the run of equal non-zero codes ending at each point (0 where the code is 0);
    a run restarts where ``start`` is True (a stage boundary). One cumulative maximum serves
    every code at once (e.g. +1 above / -1 below the centre line)."""
    change = start.copy()
    change[1:] |= code[1:] != code[:-1]
    run = np.where(change, idx, 0)  # where each run starts ...
    np.maximum.accumulate(run, out=run)  # ... carried forward
    np.subtract(idx, run, out=run)
    run += 1
    run[code == 0] = 0
    return run


def evaluate(
    values, center, sigma, lcl, ucl, spec: TestSpec, segments=None
) -> dict[int, np.ndarray]:
    """Run the tests; return {test: int8 array} with +1 (above / up), -1 (below / down),
    2 (sideless) where the test fails at that point, else 0.

    ``segments`` (integer array) restarts every run and window where its value changes
    (stages are separate charts). The passes are fused: tests 2 and 3 take one run pass
    each for both sides (runs of equal signs), tests 7 and 8 share one (code 1 = within,
    2 = beyond 1 sigma), and tests 5 and 6 share one cumulative sum of four packed counters.
    """
    x = np.asarray(values, dtype=float)
    c = np.asarray(center, dtype=float)
    s = np.asarray(sigma, dtype=float)
    n = x.size
    out: dict[int, np.ndarray] = {}
    if n == 0:
        return {t: np.zeros(0, dtype=np.int8) for t in spec.numbers if t < ANHOJ_RUN}
    seg = np.zeros(n, dtype=np.int64) if segments is None else np.asarray(segments)
    start = np.ones(n, dtype=bool)
    start[1:] = seg[1:] != seg[:-1]
    itype = np.int32 if n < 2**31 - 1 else np.int64
    idx = np.arange(n, dtype=itype)
    ok = np.isfinite(x) & np.isfinite(c)
    dev = np.where(ok, x - c, np.nan)
    fin_s = np.isfinite(s)
    tests = set(spec.numbers)
    zone_runs = d = None
    for t in spec.numbers:
        K = spec.k[t]
        res = np.zeros(n, dtype=np.int8)
        if t == 1:
            lo = np.asarray(lcl, dtype=float)
            hi = np.asarray(ucl, dtype=float)
            res[ok & np.isfinite(hi) & (x > hi)] = 1
            res[ok & np.isfinite(lo) & (x < lo)] = -1
        elif t in (ANHOJ_RUN, ANHOJ_CROSSINGS):
            continue  # run-chart rules depend on the whole stage: see anhoj()
        elif t == 2:
            sign = (dev > 0).astype(np.int8) - (dev < 0)
            hit = _same_runs(sign, start, idx) >= K
            res[hit] = sign[hit]
        elif t in (3, 4):
            if d is None:  # steps, shared by tests 3 and 4
                d = np.full(n, np.nan)
                np.subtract(x[1:], x[:-1], out=d[1:])
                d[start] = np.nan  # no step across a stage boundary
            if t == 3:
                sign = (d > 0).astype(np.int8) - (d < 0)
                hit = _same_runs(sign, start, idx) >= K - 1
                res[hit] = sign[hit]
            else:
                alt = np.zeros(n, dtype=np.int8)
                alt[1:] = (d[1:] * d[:-1]) < 0
                alt[start] = 0
                res[_same_runs(alt, start, idx) >= K - 2] = 2
        elif t in (5, 6):
            if t == 6 and 5 in tests:
                continue  # done with test 5
            out.update(_zone_windows(dev, s, fin_s, spec, tests, start, idx))
            continue
        elif t in (7, 8):
            if zone_runs is None:  # shared by tests 7 and 8
                ad = np.abs(dev)
                code = (fin_s & (ad < s)).astype(np.int8) + 2 * (fin_s & (ad > s)).astype(np.int8)
                zone_runs = (code, _same_runs(code, start, idx))
            code, run = zone_runs
            res[(code == (1 if t == 7 else 2)) & (run >= K)] = 2
        out[t] = res
    return {t: out[t] for t in spec.numbers if t in out}


def _zone_windows(dev, s, fin_s, spec, tests, start, idx) -> dict[int, np.ndarray]:
    """Tests 5 and 6 (K of K+1 beyond 2 / 1 sigma, same side) from one cumulative sum.

    The four 0/1 flags (5 above, 5 below, 6 above, 6 below) are packed in 16-bit lanes of a
    uint64 and summed cumulatively modulo 2**64; a window's difference C[i] - C[i-w] is then
    the exact packed sum of its flags (each lane's window count is <= w < 2**16, so no lane
    carries into the next), whatever the prefix sums overflowed to. Windows do not reach
    back into an earlier stage.
    """
    n = dev.size
    lanes, packed = {}, np.zeros(n, dtype=np.uint64)
    for t in (5, 6):
        if t not in tests:
            continue
        z = 2.0 if t == 5 else 1.0
        for side in (1, -1):
            flag = (dev > z * s) if side == 1 else (dev < -z * s)
            flag &= fin_s
            lane = np.uint64(16 * len(lanes))
            lanes[(t, side)] = (flag, lane)
            packed |= np.left_shift(flag, lane, dtype=np.uint64)
    csum = np.zeros(n + 1, dtype=np.uint64)
    np.cumsum(packed, out=csum[1:])
    del packed
    multi = bool(start[1:].any())
    seg_start = np.maximum.accumulate(np.where(start, idx, 0)) if multi else None
    out = {}
    for t in (5, 6):
        if t not in tests:
            continue
        K = int(spec.k[t])
        if K + 1 >= 2**16:
            raise InputError(f"test {t}: K must be below 65535, got {K}")
        # window of K + 1 points ending at i: C[i + 1] - C[i - K] (C[0] = 0; modulo 2**64)
        win = csum[1:].copy()
        if n > K + 1:
            win[K + 1 :] -= csum[1 : n - K]
        if multi:  # windows that would reach back into an earlier stage start at the stage
            early = np.flatnonzero(idx - seg_start < K)
            win[early] = csum[early + 1] - csum[seg_start[early]]
        res = np.zeros(n, dtype=np.int8)
        for side in (1, -1):
            flag, lane = lanes[(t, side)]
            res[flag & (_lane(win, lane) >= K)] = side
        out[t] = res
    return out


def _lane(win: np.ndarray, lane: np.uint64) -> np.ndarray:
    """The 16-bit counter starting at bit ``lane`` of each packed uint64 (a strided view on
    little-endian machines, where it is the (lane / 16)-th uint16 of the word)."""
    if sys.byteorder == "little":
        return win.view(np.uint16).reshape(-1, 4)[:, int(lane) // 16]
    return (win >> lane) & np.uint64(0xFFFF)  # pragma: no cover - big-endian machines


def anhoj(values, center, segments=None) -> dict:
    """Anhøj run-chart rules per segment: flags (+1/-1 on points of too-long runs) and the
    per-segment numbers (n useful, longest run, crossings and their limits)."""
    x = np.asarray(values, dtype=float)
    c = np.asarray(center, dtype=float)
    n = x.size
    seg = np.zeros(n, dtype=np.int64) if segments is None else np.asarray(segments)
    side = np.sign(x - c)
    side[~np.isfinite(side)] = 0
    long_flag = np.zeros(n, dtype=np.int8)
    summary = []
    for sid in pd.unique(seg):
        where = np.flatnonzero(seg == sid)
        useful = where[side[where] != 0]
        sd = side[useful]
        m = useful.size
        if m == 0:
            summary.append(
                dict(
                    segment=sid,
                    n_useful=0,
                    longest_run=0,
                    run_limit=None,
                    crossings=0,
                    crossings_limit=None,
                    long_run=False,
                    few_crossings=False,
                )
            )
            continue
        change = np.concatenate([[True], sd[1:] != sd[:-1]])
        run_id = np.cumsum(change) - 1
        lengths = np.bincount(run_id)
        crossings = int(change.sum() - 1)
        run_limit = int(np.round(np.log2(m) + 3)) if m > 0 else None
        cross_limit = int(stats.binom.ppf(0.05, m - 1, 0.5)) if m > 1 else 0
        long_runs = np.flatnonzero(lengths > run_limit)
        hit = np.isin(run_id, long_runs)
        long_flag[useful[hit]] = sd[hit].astype(np.int8)
        summary.append(
            dict(
                segment=sid,
                n_useful=int(m),
                longest_run=int(lengths.max()),
                run_limit=run_limit,
                crossings=crossings,
                crossings_limit=cross_limit,
                long_run=bool(long_runs.size),
                few_crossings=bool(crossings < cross_limit),
            )
        )
    return {"flags": long_flag, "segments": summary}


# ---------------------------------------------------------------- signals as a tidy table
def _fmt_label(v) -> str:
    if isinstance(v, pd.Timestamp):
        return v.date().isoformat() if v == v.normalize() else v.isoformat()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def episodes(res: np.ndarray, t: int, K, segments=None, as_arrays: bool = False):
    """Group the points where a test fires into patterns: (first index, last index, side)
    tuples, or three arrays with ``as_arrays``.

    A pattern starts where the run/window that triggered the first firing starts.
    """
    fire = np.flatnonzero(res != 0)
    if fire.size == 0:
        e = np.zeros(0, dtype=np.int64)
        return (e, e, e.astype(np.int8)) if as_arrays else []
    n = res.size
    seg = np.zeros(n, dtype=np.int64) if segments is None else np.asarray(segments)
    if t in (1, ANHOJ_RUN):
        span = np.ones(fire.size, dtype=np.int64)
    elif t in (5, 6):
        span = np.full(fire.size, int(K) + 1)
    else:
        span = np.full(fire.size, int(K))
    start = np.maximum(fire - span + 1, 0)
    # keep the pattern inside its segment
    start = np.maximum(start, np.searchsorted(seg, seg[fire], side="left"))  # seg is sorted
    sides = res[fire]
    new = np.ones(fire.size, dtype=bool)
    if t == ANHOJ_RUN:
        new[1:] = (fire[1:] > fire[:-1] + 1) | (sides[1:] != sides[:-1])
    elif t != 1:
        new[1:] = (start[1:] > fire[:-1]) | (sides[1:] != sides[:-1])
    firsts = np.minimum.reduceat(start, np.flatnonzero(new))
    lasts = np.maximum.reduceat(fire, np.flatnonzero(new))
    sides_ep = sides[np.flatnonzero(new)]
    if as_arrays:
        return firsts, lasts, sides_ep
    return list(zip(firsts.tolist(), lasts.tolist(), sides_ep.tolist(), strict=True))


def describe(
    t: int, K, first, last, side: int, labels, values, n_points: int, better: str | None = None
) -> str:
    """Plain-language description of one signal."""
    a, b = _fmt_label(labels[first]), _fmt_label(labels[last])
    when = f"at {a}" if first == last else f"from {a} to {b}"
    up = side == 1
    if t == 1:
        v = values[first]
        where = "above the upper" if up else "below the lower"
        return (
            f"1 point {where} control limit {when} (value {v:.4g}): a special cause to investigate"
        )
    if t in (2, ANHOJ_RUN):
        where = "above" if up else "below"
        line = "median" if t == ANHOJ_RUN else "centre line"
        return (
            f"{n_points} points in a row {where} the {line} {when}: the process shifted "
            f"{'up' if up else 'down'}"
        )
    if t == 3:
        return (
            f"{n_points} points in a row {'increasing' if up else 'decreasing'} {when}: "
            f"a trend {'upwards' if up else 'downwards'}"
        )
    if t == 4:
        return (
            f"{n_points} points in a row alternating up and down {when}: two alternating "
            "sources (e.g. shifts, teams or over-adjustment)"
        )
    if t in (5, 6):
        z = 2 if t == 5 else 1
        where = "above" if up else "below"
        return (
            f"{int(K)} of {int(K) + 1} points more than {z} sigma {where} the centre line "
            f"{when}: an early sign of a shift {'up' if up else 'down'}"
        )
    if t == 7:
        return (
            f"{n_points} points in a row within 1 sigma of the centre line {when}: less "
            "variation than the limits assume (stratified data or limits too wide)"
        )
    if t == 8:
        return (
            f"{n_points} points in a row more than 1 sigma from the centre line {when}: a "
            "mixture of two processes"
        )
    return TEST_NAMES.get(t, f"test {t}")


_SIDE_WORDS = {1: "above", -1: "below"}


class SignalSet:
    """The signals of a chart as arrays -- ``first``, ``last`` (point indices of the pattern),
    ``test``, ``side`` (+1 above / up, -1 below / down, 2 sideless) -- sorted by first point
    then test, plus ``extra`` rows already complete (Anhøj crossings, appended last).

    Sentences are made only when asked for: :meth:`head` for the few a summary shows,
    :meth:`table` (built once, then cached) for the full ``signals`` DataFrame. ``words``
    replaces :func:`describe` (a chart kind's own wording, e.g. CUSUM's test 1) and ``better``
    ("up"/"down") marks each sided signal "(better)" or "(worse)".
    """

    _COLUMNS = ["test", "rule", "labels", "description", "side"]

    def __init__(self, results: dict[int, np.ndarray], spec: TestSpec, labels, values,
                 segments=None, better: str | None = None, extra: list[dict] | None = None,
                 words=None):
        firsts, lasts, tests, sides = [], [], [], []
        for t in sorted(results):
            if t == ANHOJ_CROSSINGS:
                continue
            f, la, sd = episodes(results[t], t, spec.k.get(t, 0), segments, as_arrays=True)
            firsts.append(f)
            lasts.append(la)
            sides.append(sd)
            tests.append(np.full(f.size, t, dtype=np.int64))

        def cat(a, dt):
            return np.concatenate(a).astype(dt) if a else np.zeros(0, dtype=dt)

        first, last = cat(firsts, np.int64), cat(lasts, np.int64)
        test, side = cat(tests, np.int64), cat(sides, np.int8)
        order = np.lexsort((test, first))  # stable: by first point, then test
        self.first, self.last, self.test, self.side = first[order], last[order], test[order], side[order]
        self.spec, self.labels = spec, labels
        # the plotted value at each signal's first point (what test 1's sentence quotes)
        self.value_first = np.asarray(values, dtype=float)[self.first]
        self.better, self.words = better, words or describe
        self.extra = list(extra or [])
        self._table: pd.DataFrame | None = None

    def __len__(self) -> int:
        return int(self.first.size) + len(self.extra)

    def _label(self, i: int):
        lab = self.labels
        return lab.iloc[i] if isinstance(lab, pd.Series) else lab[i]

    def _side_word(self, i: int) -> str | None:
        return _SIDE_WORDS.get(int(self.side[i]))

    def description(self, i: int, labels: list | None = None) -> str:
        """The sentence of signal ``i`` (0 <= i < len(self)); ``labels``: the point labels
        as a list, when the caller has them (else they are looked up)."""
        if i >= self.first.size:
            return self.extra[i - self.first.size]["description"]
        t, a, b, sd = int(self.test[i]), int(self.first[i]), int(self.last[i]), int(self.side[i])
        labs = labels if labels is not None else {a: self._label(a), b: self._label(b)}
        vals = {a: self.value_first[i]}
        d = self.words(t, self.spec.k.get(t, 0), a, b, sd, labs, vals, b - a + 1)
        word = self._side_word(i)
        if self.better in ("up", "down") and word is not None:
            good = "above" if self.better == "up" else "below"
            d += " (better)" if word == good else " (worse)"
        return d

    def rule(self, i: int) -> str:
        if i >= self.first.size:
            return self.extra[i - self.first.size]["rule"]
        return self.spec.label(int(self.test[i]))

    def head(self, k: int) -> list[tuple[str, str]]:
        """(rule, description) of the first ``k`` signals, made only for those."""
        return [(self.rule(i), self.description(i)) for i in range(min(k, len(self)))]

    def table(self) -> pd.DataFrame:
        """One row per signal: test (internal number), rule (the reader's label, see
        :func:`test_label`), labels (the points in the pattern), description, side."""
        if self._table is not None:
            return self._table
        m = self.first.size
        labs = self.labels.tolist() if hasattr(self.labels, "tolist") else list(self.labels)
        rules = {t: self.spec.label(t) for t in np.unique(self.test).tolist()}
        rows = [
            {
                "test": t,
                "rule": rules[t],
                "labels": labs[a : b + 1],
                "description": self.description(i, labs),
                "side": _SIDE_WORDS.get(sd),
            }
            for i, (t, a, b, sd) in enumerate(
                zip(self.test.tolist(), self.first.tolist(), self.last.tolist(),
                    self.side.tolist(), strict=True)
            )
        ]
        rows += [{c: r.get(c) for c in self._COLUMNS} for r in self.extra]
        df = pd.DataFrame(rows, columns=self._COLUMNS)
        if m == 0 and not self.extra:
            df = pd.DataFrame([], columns=self._COLUMNS)
        self._table = df
        return df


def signals_table(
    results: dict[int, np.ndarray], spec: TestSpec, labels, values, segments=None
) -> pd.DataFrame:
    """One row per signal: test (internal number), rule (the reader's label, see
    :func:`test_label`), labels (the points in the pattern), description, side
    (:meth:`SignalSet.table`)."""
    return SignalSet(results, spec, labels, values, segments).table()


def point_labels(tests: list, test_k: dict, rules: str | None = None) -> str:
    """The marker text of one point: its failed tests' labels joined by commas."""
    return ",".join(test_label(t, test_k.get(t), rules) for t in tests)


def tests_mask(results: dict[int, np.ndarray], n: int) -> np.ndarray:
    """Bit mask of the tests each point fails: bit k set when test k + 1 fired (tests 9, 10
    are the Anhøj rules), as int32."""
    mask = np.zeros(n, dtype=np.int32)
    for t, res in results.items():
        mask |= (res != 0).astype(np.int32) << (t - 1)
    return mask


class TestList(list):
    """A point's failed tests (read-only: points with the same tests share one list)."""

    __test__ = False  # not a pytest test class

    def _readonly(self, *a, **kw):
        raise TypeError("a point's test list is read-only; copy it with list(...) to change it")

    append = extend = insert = remove = pop = clear = sort = reverse = _readonly
    __setitem__ = __delitem__ = __iadd__ = __imul__ = _readonly

    def __reduce__(self):  # pickle / deepcopy without append()
        return (TestList, (list(self),))


def tests_from_mask(mask: np.ndarray) -> np.ndarray:
    """Object array with, for each point, the sorted list of tests its mask holds; one shared
    read-only :class:`TestList` per distinct mask, picked by a lookup table (no per-point
    Python)."""
    mask = np.asarray(mask, dtype=np.int64)
    if mask.size == 0:
        return np.empty(0, dtype=object)
    present = np.flatnonzero(np.bincount(mask))
    table = np.empty(int(present[-1]) + 1, dtype=object)
    for m in present.tolist():  # one per distinct pattern (at most a few hundred)
        table[m] = TestList(t + 1 for t in range(32) if (m >> t) & 1)
    return table[mask]


def tests_per_point(results: dict[int, np.ndarray], n: int) -> np.ndarray:
    """For each point, the sorted list of tests it fails (:func:`tests_from_mask`)."""
    return tests_from_mask(tests_mask(results, n))
