"""Every CLI analysis command on edge inputs: a finite answer, or a one-line refusal.

Each command (chart of every kind, capability, every `test` that reads a file, every `power`
problem, sigma-level) is fed an empty file, a header only, one value, all equal values,
NaN / inf cells, values near 1e300, tiny values near 1e-300 and negative values where they
are impossible. The promise (issue 16, numeric edge cases): exit 0 with only finite numbers
(or null) in ``--json``, or exit 2 with exactly one ``error: ...`` line; never a traceback
(``main`` runs in-process, so any exception that is not the project's own fails the test),
never ``NaN``/``Infinity`` in the output.
"""

from __future__ import annotations

import json
import math

import pytest

from sixsigma.cli.app import main
from sixsigma.results import non_finite

# name -> CSV text; columns: v (value), g (group), s (subgroup), c (count), n (size),
# b / a (before / after), x / y (correlation, regression)
FILES = {
    "empty": "",
    "header": "g,s,v,c,n,b,a,x,y\n",
    "one": "g,s,v,c,n,b,a,x,y\nA,1,5,1,10,5,4,1,2\n",
    "equal": "g,s,v,c,n,b,a,x,y\n" + "".join(
        f"{'AB'[i % 2]},{i // 2},7,3,10,7,7,7,7\n" for i in range(12)
    ),
    "nan_cells": "g,s,v,c,n,b,a,x,y\nA,1,nan,1,10,,4,1,\nB,1,2,nan,10,5,,2,3\n" + "".join(
        f"{'AB'[i % 2]},{i // 2 + 2},{i % 5},{i % 3},10,{i},{i + 1},{i},{2 * i % 7}\n"
        for i in range(12)
    ),
    "inf_cells": "g,s,v,c,n,b,a,x,y\nA,1,inf,1,10,inf,4,inf,1\n" + "".join(
        f"{'AB'[i % 2]},{i // 2 + 2},{i % 5},{i % 3},10,{i},{i + 1},{i},{2 * i % 7}\n"
        for i in range(12)
    ),
    "huge": "g,s,v,c,n,b,a,x,y\n" + "".join(
        f"{'AB'[i % 2]},{i // 2},{(1 + i % 5) * 1e300:.3e},{(1 + i % 3) * 1e300:.3e},"
        f"{4e300:.3e},{(1 + i) * 1e300:.3e},{(2 + i) * 1e300:.3e},{i * 1e300:.3e},"
        f"{(i % 4) * 1e300:.3e}\n"
        for i in range(12)
    ),
    "tiny": "g,s,v,c,n,b,a,x,y\n" + "".join(
        f"{'AB'[i % 2]},{i // 2},{(1 + i % 5) * 1e-300:.3e},1,10,{(1 + i) * 1e-300:.3e},"
        f"{(2 + i % 3) * 1e-300:.3e},{(1 + i) * 1e-300:.3e},{(1 + i % 4) * 1e-300:.3e}\n"
        for i in range(12)
    ),
    "negative": "g,s,v,c,n,b,a,x,y\n" + "".join(
        f"{'AB'[i % 2]},{i // 2},{-(i % 5) - 1},{-(i % 3) - 1},{-10},{-i},{-i - 2},{-i},"
        f"{-(i % 4)}\n"
        for i in range(12)
    ),
}

CHARTS = {
    "imr": ["--value", "v"],
    "run": ["--value", "v"],
    "ewma": ["--value", "v"],
    "cusum": ["--value", "v"],
    "g": ["--value", "v"],
    "xbar-r": ["--value", "v", "--subgroup", "s"],
    "xbar-s": ["--value", "v", "--subgroup", "s"],
    "p": ["--count", "c", "--size", "n"],
    "np": ["--count", "c", "--size", "n"],
    "c": ["--count", "c"],
    "u": ["--count", "c", "--size", "n"],
    "laney-p": ["--count", "c", "--size", "n"],
    "laney-u": ["--count", "c", "--size", "n"],
}
FILE_COMMANDS = {
    **{f"chart {k}": ["chart", k, "{f}", *v] for k, v in CHARTS.items()},
    "capability normal": ["capability", "{f}", "--value", "v", "--usl", "9", "--distribution", "normal"],
    "capability auto": ["capability", "{f}", "--value", "v", "--lsl", "0.5", "--usl", "9"],
    "capability subgroups": ["capability", "{f}", "--value", "v", "--subgroup", "s", "--usl", "9"],
    "capability binomial": ["capability", "{f}", "--distribution", "binomial", "--count", "c", "--size", "n"],
    "capability poisson": ["capability", "{f}", "--distribution", "poisson", "--count", "c", "--size", "n"],
    "test one-sample-t": ["test", "one-sample-t", "{f}", "--value", "v", "--mu", "1"],
    "test one-sample-z": ["test", "one-sample-z", "{f}", "--value", "v", "--sigma", "2"],
    "test two-sample-t": ["test", "two-sample-t", "{f}", "--value", "v", "--group", "g"],
    "test paired-t": ["test", "paired-t", "{f}", "--before", "b", "--after", "a"],
    "test anova": ["test", "anova", "{f}", "--value", "v", "--group", "g"],
    "test welch-anova": ["test", "welch-anova", "{f}", "--value", "v", "--group", "g"],
    "test kruskal-wallis": ["test", "kruskal-wallis", "{f}", "--value", "v", "--group", "g"],
    "test mood-median": ["test", "mood-median", "{f}", "--value", "v", "--group", "g"],
    "test mann-whitney": ["test", "mann-whitney", "{f}", "--value", "v", "--group", "g"],
    "test wilcoxon": ["test", "wilcoxon", "{f}", "--value", "v"],
    "test sign": ["test", "sign", "{f}", "--value", "v"],
    "test equal-variances": ["test", "equal-variances", "{f}", "--value", "v", "--group", "g"],
    "test normality": ["test", "normality", "{f}", "--value", "v"],
    "test correlation": ["test", "correlation", "{f}", "--x", "x", "--y", "y"],
    "test regression": ["test", "regression", "{f}", "--y", "y", "--x", "x"],
    "test poisson-rate": ["test", "poisson-rate", "{f}", "--value", "c", "--exposure", "n", "--group", "g"],
    "test auto": ["test", "auto", "{f}", "--value", "v", "--group", "g"],
}
#: Commands that read the count (c) and size (n) columns rather than values. Binomial and
#: Poisson capability of counts near 1e300 give finite proportions (no square is taken).
COUNT_COMMANDS = {
    *(f"chart {k}" for k in ("p", "np", "c", "u", "laney-p", "laney-u")),
    "capability binomial",
    "capability poisson",
    "test poisson-rate",
}

POWER = [
    ["two-sample-t", "--delta", "nan", "--sd", "60", "--power", "0.9"],
    ["two-sample-t", "--delta", "inf", "--sd", "60", "--power", "0.9"],
    ["two-sample-t", "--delta", "20", "--sd", "-60", "--power", "0.9"],
    ["two-sample-t", "--delta", "20", "--sd", "0", "--power", "0.9"],
    ["two-sample-t", "--delta", "20", "--sd", "1e-300", "--power", "0.9"],
    ["two-sample-t", "--delta", "1e300", "--sd", "1", "--n", "10"],
    ["two-sample-t", "--delta", "20", "--sd", "60", "--power", "1.5"],
    ["two-sample-t", "--delta", "20", "--sd", "60", "--power", "0"],
    ["two-sample-t", "--delta", "20", "--sd", "60", "--power", "0.9", "--alpha", "1"],
    ["two-sample-t", "--delta", "20", "--sd", "60", "--power", "0.9", "--alpha", "nan"],
    ["two-sample-t", "--n", "nan", "--delta", "20"],
    ["two-sample-t", "--n", "1e300", "--sd", "60", "--power", "0.9"],
    ["two-sample-t", "--n", "1", "--delta", "20"],
    ["two-sample-t", "--delta", "20", "--sd", "60", "--power", "0.9"],  # ordinary: exit 0
    ["one-sample-t", "--delta", "-1e-300", "--power", "0.8"],
    ["paired-t", "--n", "20", "--power", "0.9", "--sd", "inf"],
    ["one-proportion", "--p0", "nan", "--p1", "0.5", "--power", "0.9"],
    ["one-proportion", "--p0", "0.5", "--p1", "1", "--power", "0.9"],
    ["two-proportions", "--p1", "0.1", "--p2", "inf", "--power", "0.9"],
    ["two-proportions", "--p1", "0.1", "--p2", "0.1", "--power", "0.9"],
    ["poisson-rate", "--rate1", "-1", "--rate2", "2", "--power", "0.9"],
    ["poisson-rate", "--rate1", "1e300", "--rate2", "2e300", "--power", "0.9"],
    ["poisson-rate", "--rate1", "1e-300", "--rate2", "2e-300", "--power", "0.9"],
    ["anova", "--groups", "3", "--delta", "nan", "--power", "0.9"],
    ["anova", "--groups", "1", "--delta", "2", "--power", "0.9"],
    ["anova", "--groups", "3", "--delta", "2", "--sd", "1e-300", "--power", "0.9"],
]
SIGMA = [
    ["--defects", "0", "--units", "100000"],
    ["--defects", "0", "--units", "100", "--shift"],
    ["0"],
    ["1000000"],
    ["--defects", "5", "--units", "5"],
    ["--defects", "nan", "--units", "10"],
    ["--defects", "1", "--units", "inf"],
    ["--defects", "-1", "--units", "10"],
    ["--defects", "11", "--units", "10"],
    ["--defects", "1", "--units", "10", "--opportunities", "0"],
    ["1e-300"],
    ["nan"],
    ["inf"],
    ["-5"],
]


def _strict(text: str):
    """json.loads that fails on NaN / Infinity / -Infinity tokens."""

    def bad(token):
        raise AssertionError(f"non-standard JSON token {token} in the output")

    return json.loads(text, parse_constant=bad)


def check(capsys, args) -> int:
    """Run the CLI in-process; assert the finite-or-one-line-refusal promise; return the code."""
    code = main([str(a) for a in [*args, "--json"]])
    out = capsys.readouterr()
    assert "Traceback" not in out.err + out.out
    for token in ("Infinity", "NaN"):
        assert token not in out.out, f"{token} printed by {args}"
    if code == 0:
        data = _strict(out.out)
        assert non_finite(data) == [], (args, non_finite(data))
    else:
        assert code == 2, (args, code, out.err)
        lines = out.err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), (args, out.err)
        assert out.out == ""
    return code


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    root = tmp_path_factory.mktemp("edge")
    out = {}
    for name, text in FILES.items():
        p = root / f"{name}.csv"
        p.write_text(text)
        out[name] = p
    return out


@pytest.mark.parametrize("kind", list(FILES))
@pytest.mark.parametrize("command", list(FILE_COMMANDS))
def test_file_commands_answer_finitely_or_refuse(capsys, files, command, kind):
    args = [str(files[kind]) if a == "{f}" else a for a in FILE_COMMANDS[command]]
    code = check(capsys, args)
    counts = command in COUNT_COMMANDS  # their count/size columns are ordinary in tiny/inf_cells
    if kind in ("empty", "header") or (
        kind in ("huge", "tiny", "inf_cells") and not counts
    ) or (kind == "huge" and counts and not command.startswith("capability")):
        # nothing to analyse, or numbers that overflow / underflow when squared: refused
        assert code == 2, (command, kind)


@pytest.mark.parametrize("args", POWER, ids=[" ".join(a) for a in POWER])
def test_power_answers_finitely_or_refuses(capsys, args):
    code = check(capsys, ["power", *args])
    ordinary = args == ["two-sample-t", "--delta", "20", "--sd", "60", "--power", "0.9"]
    assert code == (0 if ordinary else 2)


@pytest.mark.parametrize("args", SIGMA, ids=[" ".join(a) for a in SIGMA])
def test_sigma_level_answers_finitely_or_refuses(capsys, args):
    check(capsys, ["sigma-level", *args])


def test_huge_values_are_refused_with_the_reason(capsys, files):
    for args in (["chart", "ewma", files["huge"], "--value", "v"],
                 ["capability", files["huge"], "--value", "v", "--usl", "9"],
                 ["test", "anova", files["huge"], "--value", "v", "--group", "g"],
                 ["test", "normality", files["huge"], "--value", "v"]):
        assert main([str(a) for a in args]) == 2
        err = capsys.readouterr().err
        assert "overflow" in err and "rescale" in err, err


def test_header_only_and_empty_groups_name_the_problem(capsys, files, tmp_path):
    assert main(["test", "two-sample-t", str(files["header"]), "--value", "v", "--group", "g"]) == 2
    assert "no rows" in capsys.readouterr().err
    one_empty = tmp_path / "one_empty.csv"
    one_empty.write_text("g,v\nA,1\nA,2\nA,3\nB,\nB,\n")
    for test in ("two-sample-t", "anova", "mann-whitney"):
        assert main(["test", test, str(one_empty), "--value", "v", "--group", "g"]) == 2
        assert "B have no values in column 'v'" in capsys.readouterr().err


def test_zero_defects_print_no_infinity_and_say_why(capsys):
    assert main(["sigma-level", "--defects", "0", "--units", "100000", "--json"]) == 0
    d = _strict(capsys.readouterr().out)
    assert d["dpmo"] == 0 and d["sigma_level"] is None and d["z"] is None
    assert "not defined with zero defects" in d["summary"]
    assert math.isfinite(d["dpmo_upper"]) and math.isfinite(d["sigma_level_lower"])
