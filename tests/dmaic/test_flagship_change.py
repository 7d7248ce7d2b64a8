"""The flagship's change is one number with one sign convention (after / before - 1, negative for
a drop) and its windows named, wherever it is printed: `project result`, the tollgate evidence,
the storyboard (whose before/after chart draws before left of after), README and its `test`
examples, and project.yaml."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from sixsigma.cli.app import main
from sixsigma.dmaic import check_phase, compute_result, load_project

REPO = Path(__file__).resolve().parents[2]
README = (REPO / "README.md").read_text()


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def _recorded(flagship):
    p = load_project(flagship)
    r = p.result
    return p, r, f"{r.change_pct:+.1f}%", f"{r.change_pct_ci[0]:+.1f}% to {r.change_pct_ci[1]:+.1f}%"


def test_readme_project_yaml_and_tollgate_evidence_give_the_same_change(flagship):
    p, r, pct, ci = _recorded(flagship)
    assert (pct, ci) == ("-27.6%", "-29.9% to -25.3%")  # the full demo's quasi-Poisson result
    text = " ".join(README.split())
    windows = f"before {r.baseline_window.label()} vs after {r.window.label()}"
    assert f"{windows}: change {pct}, 95% CI {ci}, by the quasi-Poisson" in text
    lo, hi = (100 * (x - 1) for x in r.test.plain.ci)
    assert f"would claim {lo:+.1f}% to {hi:+.1f}%" in text  # the exact test beside it, same sign
    # The tollgate's recorded evidence is what the check says today, windows named.
    evidence = next(e for e in p.phase("improve").tollgate.evidence if e.startswith("before-after: "))
    res = check_phase(p, flagship, "improve")
    now = res.items.set_index("id").loc["before-after", "evidence"]
    assert evidence == f"before-after: {now}"
    assert f"(before {r.baseline_window.label()}, after {r.window.label()}): change {pct} (95% CI {ci})" in now
    # No other figure for the flagship's change left in README (the old 22% and 27.4%).
    assert not re.search(r"\b(22|27\.4)%", text)


def test_readme_test_examples_compare_the_projects_windows(flagship, demo_warehouse, capsys):
    _, r, _, _ = _recorded(flagship)
    cmds = re.findall(r"uv run sixsigma test (auto|poisson-rate) --metric manual_cpo (.*?)(?:#|\n(?!\s))",
                      README.replace("\\\n", " "))
    assert len(cmds) == 2
    for name, rest in cmds:
        opts = dict(re.findall(r"--(start|before|after|end) (\S+)", rest))
        assert opts == {"start": str(r.baseline_window.start), "before": str(r.baseline_window.end),
                        "after": str(r.window.start), "end": str(r.window.end)}
        # ... and so give the % change `project result` gives, on any warehouse.
        out = run(capsys, "test", name, "--metric", "manual_cpo", "--filter", "business_line=intl_hotel",
                  *[a for k, v in opts.items() for a in (f"--{k}", v)], "--warehouse", demo_warehouse, "--json")
        pct = json.loads(out)["effect_size"]
        data = json.loads(run(capsys, "project", "result", flagship, "--warehouse", demo_warehouse, "--json"))
        assert abs(pct - data["change_pct"]) < 1e-9


def test_result_and_storyboard_print_the_same_change_with_before_drawn_first(flagship, projects, wh, demo_warehouse,
                                                                              tmp_path, capsys):
    from sixsigma.reporting.storyboard import _before_left

    p = load_project(flagship)
    res = compute_result(wh, p, flagship, window=p.result.window)
    line = (f"(before 2023-10-01..2023-12-31, after 2024-04-01..2024-06-30): change {res.change_pct:+.1f}% "
            f"(95% CI {res.change_pct_ci[0]:+.1f}% to {res.change_pct_ci[1]:+.1f}%), a drop.")
    assert line in run(capsys, "project", "result", flagship, "--warehouse", demo_warehouse)
    fig = _before_left(res)
    assert list(fig.layout.xaxis.categoryarray) == ["before", "after"]  # left to right
    assert fig.layout.xaxis.ticktext == ("before<br>2023-10-01..2023-12-31", "after<br>2024-04-01..2024-06-30")
    assert [str(g) for g in res.test.plot_data["groups"]["group"]] == ["after", "before"]  # the test's own order
    out = tmp_path / "story.html"
    run(capsys, "project", "report", flagship, "--warehouse", demo_warehouse, "--out", out)
    html = out.read_text()
    assert line.replace("->", "-&gt;") in html or line in html
    assert '"categoryarray":["before","after"]' in html
    assert yaml.safe_load((projects / flagship / "project.yaml").read_text())["result"]["change_pct"] == round(
        res.change_pct, 2)
