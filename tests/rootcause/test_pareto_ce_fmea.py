"""Pareto, C&E matrix and FMEA ranking against published / hand-worked values."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sixsigma.errors import InputError
from sixsigma.rootcause import ce_matrix, fmea
from sixsigma.rootcause.models import FMEA, CEMatrix
from sixsigma.rootcause.pareto import pareto


def test_pareto_matches_qcc_documented_example():
    # R qcc::pareto.chart help example:
    #   defect <- c(80, 27, 66, 94, 33)
    #   names(defect) <- c("price code", "schedule date", "supplier code", "contact num.", "part num.")
    # prints Frequency 94 80 66 33 27, Cum.Freq. 94 174 240 273 300,
    # Percentage 31.33 26.67 22.00 11.00 9.00, Cum.Percent. 31.33 58.00 80.00 91.00 100.00
    df = pd.DataFrame({"defect": ["price code", "schedule date", "supplier code", "contact num.", "part num."],
                       "count": [80, 27, 66, 94, 33]})
    res = pareto(df, category="defect", count="count")
    t = res.table
    assert t["defect"].tolist() == ["contact num.", "price code", "supplier code", "part num.", "schedule date"]
    assert t["count"].tolist() == [94, 80, 66, 33, 27]
    assert t["cumulative_count"].tolist() == [94, 174, 240, 273, 300]
    np.testing.assert_allclose(t["percent"], [31.333333, 26.666667, 22.0, 11.0, 9.0], atol=5e-6)
    np.testing.assert_allclose(t["cumulative_percent"], [31.333333, 58.0, 80.0, 91.0, 100.0], atol=5e-6)
    # the vital few reach 80% exactly with the third category
    assert res.vital_few == ["contact num.", "price code", "supplier code"]
    assert "3 of 5 defect values make 80.0% of the 300 count" in res.summary()
    assert res.to_dict()["vital_few"] == res.vital_few


def test_pareto_of_raw_records_counts_rows():
    # The qcc help example as 300 raw defect records: the same table as the summarized counts.
    counts = {"price code": 80, "schedule date": 27, "supplier code": 66, "contact num.": 94,
              "part num.": 33}
    raw = pd.DataFrame({"defect": [k for k, n in counts.items() for _ in range(n)]})
    res = pareto(raw, category="defect", count=None)
    assert res.table["count"].tolist() == [94, 80, 66, 33, 27]
    assert res.vital_few == ["contact num.", "price code", "supplier code"]


def test_pareto_combines_the_tail_into_other_like_minitab():
    df = pd.DataFrame({"reason": list("abcdefg"), "n": [500, 300, 120, 40, 20, 12, 8]})
    t = pareto(df, category="reason", count="n").table
    # cumulative before d = 92%, before e = 96% >= 95%: e, f, g are combined (40 = 20+12+8)
    assert t["reason"].tolist() == ["a", "b", "c", "d", "Other"]
    assert t["n"].tolist() == [500, 300, 120, 40, 40]
    assert not t["vital"].iloc[-1]
    t2 = pareto(df, category="reason", count="n", other_after=None).table
    assert len(t2) == 7


def test_pareto_sums_repeated_categories_and_names_missing():
    df = pd.DataFrame({"r": ["x", "y", "x", None], "count": [1, 5, 2, 4]})
    t = pareto(df, category="r", other_after=None).table
    assert t.set_index("r")["count"].to_dict() == {"y": 5, "(missing)": 4, "x": 3}


@pytest.mark.parametrize(("kwargs", "match"), [
    (dict(category="nope"), "column 'nope' not found"),
    (dict(category="r", count="zzz"), "count column 'zzz' not found"),
    (dict(category="r", vital=1.5), "vital share"),
])
def test_pareto_errors(kwargs, match):
    with pytest.raises(InputError, match=match):
        pareto(pd.DataFrame({"r": ["a"], "count": [1]}), **kwargs)


def test_pareto_rejects_negative_counts():
    with pytest.raises(InputError, match="negative"):
        pareto(pd.DataFrame({"r": ["a", "b"], "count": [1, -1]}), category="r")


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=30))
def test_pareto_invariants(counts):
    df = pd.DataFrame({"c": [f"k{i}" for i in range(len(counts))], "count": counts})
    t = pareto(df, category="c", other_after=None).table
    assert t["count"].sum() == sum(counts)
    assert (np.diff(t["count"]) <= 0).all()
    if sum(counts):
        assert t["cumulative_percent"].iloc[-1] == pytest.approx(100.0)
        assert (np.diff(t["cumulative_percent"]) >= -1e-9).all()
        # vital few = the shortest head reaching 80%
        k = int(t["vital"].sum())
        assert t["cumulative_percent"].iloc[k - 1] >= 80 - 1e-9
        if k > 1:
            assert t["cumulative_percent"].iloc[k - 2] < 80
        assert t["vital"].iloc[:k].all()


def test_ce_matrix_weighted_totals_and_rank():
    # Worked by hand from the definition T_i = sum_j w_j * s_ij (Pocket Toolbook, C&E matrix):
    # weights 10, 8, 5
    # A: 9,3,1 -> 90+24+5 = 119;  B: 3,9,9 -> 30+72+45 = 147;  C: 1,0,3 -> 10+0+15 = 25;
    # D: 0,1,0 -> 8 (a missing score counts 0).  Total 299.
    ce = CEMatrix.model_validate({
        "outputs": [{"id": "cpo", "name": "CPO", "weight": 10}, {"id": "ttc", "name": "Time", "weight": 8},
                    {"id": "csat", "name": "CSAT", "weight": 5}],
        "inputs": [
            {"id": "A", "name": "a", "scores": {"cpo": 9, "ttc": 3, "csat": 1}},
            {"id": "B", "name": "b", "scores": {"cpo": 3, "ttc": 9, "csat": 9}},
            {"id": "C", "name": "c", "scores": {"cpo": 1, "csat": 3}},
            {"id": "D", "name": "d", "scores": {"ttc": 1}},
        ],
    })
    res = ce_matrix.rank(ce)
    t = res.table
    assert t["input"].tolist() == ["B", "A", "C", "D"]
    assert t["total"].tolist() == [147, 119, 25, 8]
    assert t["rank"].tolist() == [1, 2, 3, 4]
    np.testing.assert_allclose(t["cumulative_percent"], [100 * 147 / 299, 100 * 266 / 299, 100 * 291 / 299, 100])
    assert t["vital"].tolist() == [True, True, False, False]  # 49.2%, then 89.0% crosses 80%
    assert "2 inputs carry 89% of the weighted score" in res.summary()


def test_fmea_rpn_ranking_and_revision():
    # RPN = S x O x D (AIAG FMEA 4th ed.). Rows: F1 8*5*5 = 200, F2 5*8*5 = 200 (tie: higher
    # severity first), F3 10*2*3 = 60, F4 4*4*4 = 64.
    rows = [
        {"id": "F1", "step": "s", "failure_mode": "m1", "effect": "e", "severity": 8, "cause": "c",
         "occurrence": 5, "detection": 5, "action": "fix", "revised": {"severity": 8, "occurrence": 2, "detection": 3}},
        {"id": "F2", "step": "s", "failure_mode": "m2", "effect": "e", "severity": 5, "cause": "c",
         "occurrence": 8, "detection": 5},
        {"id": "F3", "step": "s", "failure_mode": "m3", "effect": "e", "severity": 10, "cause": "c",
         "occurrence": 2, "detection": 3},
        {"id": "F4", "step": "s", "failure_mode": "m4", "effect": "e", "severity": 4, "cause": "c",
         "occurrence": 4, "detection": 4},
    ]
    res = fmea.rank(FMEA(process="p", rows=rows))
    t = res.table
    assert t["id"].tolist() == ["F1", "F2", "F4", "F3"]
    assert t["rpn"].tolist() == [200, 200, 64, 60]
    assert t.loc[0, "revised_rpn"] == 48
    assert t["revised_rpn"].isna().sum() == 3
    s = res.summary()
    assert "cut their total RPN from 200 to 48 (76% lower)" in s
    assert "1 failure mode(s) of severity >= 9 have no action: F3" in s


def test_fmea_scores_outside_1_to_10_fail():
    with pytest.raises(ValueError, match="less than or equal to 10"):
        FMEA(process="p", rows=[{"id": "F", "step": "s", "failure_mode": "m", "effect": "e", "severity": 11,
                                 "cause": "c", "occurrence": 1, "detection": 1}])
