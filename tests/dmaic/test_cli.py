"""`sixsigma project ...` through the real entry point: the issue's must-shows and the report."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
import yaml

from sixsigma.cli.app import main
from sixsigma.reporting.html import plotly_js


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_new_then_measure_tollgate_fails_on_the_missing_baseline_then_passes(projects, demo_warehouse, capsys):
    code, out, _ = run(capsys, "project", "new", "Reduce international hotel manual CPO", "--metric", "manual_cpo",
                       "--filter", "business_line=intl_hotel", "--belt", "green", "--leader", "Li Wei",
                       "--target", "0.1", "--json")
    assert code == 0
    pid = json.loads(out)["id"]
    assert pid == "reduce-international-hotel-manual-cpo"
    # Tollgates go in order: Measure is refused while Define (0 of 3 deliverables) is open.
    before = (projects / pid / "project.yaml").read_bytes()
    code, out, err = run(capsys, "project", "tollgate", pid, "measure")
    assert code == 2 and out == ""
    assert err == (f"error: the define tollgate of {pid} has not passed; tollgates pass in order "
                   "(define -> measure -> analyze -> improve -> control): pass define first with "
                   f"`sixsigma project tollgate {pid} define`\n")
    assert (projects / pid / "project.yaml").read_bytes() == before
    _pass_define(pid)
    code, out, err = run(capsys, "project", "tollgate", pid, "measure")
    assert code == 1
    assert err.startswith(f"error: measure tollgate of {pid} not passed")
    assert "Baseline with confidence interval and control chart: no baseline computed; " \
           f"run `sixsigma project baseline {pid}`" in err
    assert "[ ] Baseline with confidence interval and control chart" in out
    record = yaml.safe_load((projects / pid / "project.yaml").read_text())
    assert "tollgate" not in record["phases"][1]  # a failed tollgate records nothing
    code, out, _ = run(capsys, "project", "baseline", pid, "--warehouse", str(demo_warehouse))
    assert code == 0 and "Baseline of Manual contacts per order" in out
    code, out, err = run(capsys, "project", "tollgate", pid, "measure", "--date", "2026-01-05", "--by", "Wang Lei")
    assert code == 0, err
    assert out.startswith(f"Measure tollgate of {pid}: passed on 2026-01-05")
    record = yaml.safe_load((projects / pid / "project.yaml").read_text())
    assert record["phases"][1]["tollgate"]["passed"].isoformat() == "2026-01-05"
    assert record["baseline"]["n"] > 0 and len(record["baseline"]["ci"]) == 2
    code, out, _ = run(capsys, "project", "status", pid, "--json")
    status = json.loads(out)
    assert status["phase"] == "analyze"
    assert [p["passed"] for p in status["phases"]][:3] == ["2025-12-01", "2026-01-05", None]


def _pass_define(pid: str) -> None:
    """Record a Define pass straight in project.yaml (its charter checks are tested elsewhere)."""
    import datetime as dt

    from sixsigma.dmaic import load_project, save_project
    from sixsigma.dmaic.models import TollgateRecord

    p = load_project(pid)
    gate = TollgateRecord(passed=dt.date(2025, 12, 1), by="test")
    save_project(pid, p.model_copy(update={"phases": [p.phases[0].model_copy(update={"tollgate": gate}),
                                                      *p.phases[1:]]}))


def test_result_on_the_flagship_reports_the_quasi_poisson_test_and_the_exact_one_beside_it(flagship, demo_warehouse, capsys):
    code, out, err = run(capsys, "project", "result", flagship, "--warehouse", str(demo_warehouse))
    assert code == 0, err
    # One number, one sign convention (after / before - 1), the windows named.
    m = re.search(r"\(before 2023-10-01\.\.2023-12-31, after 2024-04-01\.\.2024-06-30\): change "
                  r"(-\d+\.\d)% \(95% CI (-\d+\.\d)% to (-\d+\.\d)%\), a drop\.", out)
    assert m, out
    change, lo, hi = float(m[1]), float(m[2]), float(m[3])
    assert -31 < change < -24 and lo < change < hi < 0  # about -27% in three months
    assert "quasi-Poisson" in out and "dispersion" in out
    code, out, _ = run(capsys, "project", "result", flagship, "--warehouse", str(demo_warehouse), "--json")
    data = json.loads(out)
    assert data["test"]["test"] == "2-sample rate ratio (quasi-Poisson)"
    assert data["test"]["p_value"] < 1e-10 and data["improved"] is True
    assert data["test"]["dispersion"] > 1
    robust, plain = data["tests"]  # both tests side by side
    assert plain["test"] == "2-sample Poisson rate (exact)" and plain["estimate"] == pytest.approx(robust["estimate"])
    assert plain["ci_high"] - plain["ci_low"] < robust["ci_high"] - robust["ci_low"]
    assert data["change_pct_ci"][0] < data["change_pct"] < data["change_pct_ci"][1]
    assert data["window"] == {"start": "2024-04-01", "end": "2024-07-01"}


def test_list_and_status(flagship, capsys):
    run(capsys, "project", "new", "Raise phone CSAT", "--metric", "csat", "--filter", "channel=phone",
        "--belt", "associate_green", "--template", "quick_win")
    code, out, _ = run(capsys, "project", "list", "--json")
    assert code == 0
    data = json.loads(out)
    rows = {r["id"]: r for r in data["projects"]}
    assert rows[flagship]["phase"] == "closed" and rows[flagship]["change_pct"] < -20
    assert rows["raise-phone-csat"]["belt"] == "associate_green" and rows["raise-phone-csat"]["phase"] == "define"
    assert {r["phase"]: r["projects"] for r in data["by_phase"]}["closed"] == 1
    code, out, _ = run(capsys, "project", "list", "--belt", "associate_green", "--json")
    assert [r["id"] for r in json.loads(out)["projects"]] == ["raise-phone-csat"]
    code, out, _ = run(capsys, "project", "list")
    assert "By phase" in out and "By belt" in out and "2 projects" in out
    code, out, _ = run(capsys, "project", "status", flagship)
    assert "Phase: closed (every tollgate passed)." in out and "tollgate passed 2024-09-27" in out


def test_errors_are_one_line_with_status_2(projects, capsys):
    code, _, err = run(capsys, "project", "status", "nope")
    assert code == 2 and err.startswith("error: unknown project 'nope'")
    code, _, err = run(capsys, "project", "new", "X", "--metric", "manual_cpo", "--belt", "yellow")
    assert code == 2 and "unknown belt 'yellow'" in err
    (projects / "bad").mkdir()
    (projects / "bad" / "project.yaml").write_text("title: [x\n")
    code, _, err = run(capsys, "project", "list")
    assert code == 0 and "bad/project.yaml:2: not valid YAML" in err  # named; the others still listed
    code, _, err = run(capsys, "project", "baseline", "bad", "--start", "2024-01-01")
    assert code == 2


def _outside_plotly(html: str) -> str:
    """The document with the one embedded plotly.js bundle cut out."""
    js = plotly_js().replace("</script", "<\\/script")
    assert html.count(js) == 1
    return html.replace(js, "")


def test_report_on_the_flagship_is_one_self_contained_html_file(flagship, projects, demo_warehouse, tmp_path, capsys):
    # A hostile title: it must come out escaped everywhere.
    path = projects / flagship / "project.yaml"
    path.write_text(path.read_text().replace("title: Reduce international-hotel manual CPO",
                                             "title: Reduce CPO <script>alert('x')</script> & more"))
    out_file = tmp_path / "storyboard.html"
    code, out, err = run(capsys, "project", "report", flagship, "--warehouse", str(demo_warehouse),
                         "--out", str(out_file))
    assert code == 0, err
    assert str(out_file) in out
    html = out_file.read_text()
    assert html.startswith("<!DOCTYPE html>")
    rest = _outside_plotly(html)
    assert "plotly.js v" not in rest  # the library is embedded exactly once
    # No external resources: every src/href is local (anchors), no <link> or remote script.
    refs = re.findall(r"""(?:src|href)\s*=\s*["']([^"']*)""", rest)
    assert refs and all(r.startswith("#") for r in refs), refs
    assert "<link" not in rest and "@import" not in rest
    # The user text is escaped wherever it appears (HTML and figure JSON alike).
    assert "<script>alert" not in html
    assert "Reduce CPO &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more" in html
    # Every card is there, with its figures.
    for heading in ("Charter", "SIPOC and voice of the customer", "Measure: the baseline", "Analyze: root causes",
                    "Improve: rounds and the before/after test", "Control: plan and current chart", "Tollgates"):
        assert f"<h2>{heading}</h2>" in html
    n_plots = rest.count("Plotly.newPlot(")
    assert n_plots >= 7  # baseline, capability, fishbone, IPO, Pareto, staged, test, current
    assert "2-sample Poisson rate (exact)" in html and "hotel_confirmation" in html


def test_report_of_a_new_project_says_what_is_missing(projects, demo_warehouse, tmp_path, capsys):
    run(capsys, "project", "new", "Lower black-tier transfers", "--metric", "transfer_rate",
        "--filter", "team=black_tier", "--belt", "black")
    out_file = tmp_path / "new.html"
    code, _, err = run(capsys, "project", "report", "lower-black-tier-transfers", "--warehouse",
                       str(demo_warehouse), "--out", str(out_file))
    assert code == 0, err
    html = out_file.read_text()
    assert "No baseline computed yet: run `sixsigma project baseline lower-black-tier-transfers`." in html
    assert "No before/after result yet" in html
    assert _outside_plotly(html).count("Plotly.newPlot(") == 0


@pytest.mark.parametrize("name", ["dmaic", "quick_win"])
def test_templates_are_shipped_inside_the_package(name):
    from importlib.resources import files

    assert files("sixsigma.dmaic").joinpath("templates", f"{name}.yaml").is_file()


def test_result_recomputing_the_same_numbers_leaves_project_yaml_untouched(flagship, projects, demo_warehouse, capsys):
    path = projects / flagship / "project.yaml"
    code, _, err = run(capsys, "project", "result", flagship, "--warehouse", str(demo_warehouse))
    assert code == 0, err  # the test warehouse is a quarter of the demo: new numbers, recorded
    # Recorded on an earlier day: recomputing the same numbers must not touch the file, not
    # even to move `computed:` to today.
    text = path.read_text()
    old_day = re.search(r"^result:\n  computed: (\S+)$", text, re.M)[1]
    path.write_text(text.replace(f"result:\n  computed: {old_day}\n", "result:\n  computed: 2024-07-02\n"))
    before, stamp = path.read_bytes(), path.stat().st_mtime_ns
    code, out, err = run(capsys, "project", "result", flagship, "--warehouse", str(demo_warehouse))
    assert code == 0, err
    assert path.read_bytes() == before and path.stat().st_mtime_ns == stamp
    assert "computed: 2024-07-02" in path.read_text()
    # The same for the baseline.
    code, _, err = run(capsys, "project", "baseline", flagship, "--warehouse", str(demo_warehouse))
    assert code == 0, err
    text = path.read_text()
    path.write_text(text.replace(f"baseline:\n  computed: {dt.date.today()}\n", "baseline:\n  computed: 2024-01-03\n"))
    before = path.read_bytes()
    assert b"baseline:\n  computed: 2024-01-03\n" in before
    code, _, err = run(capsys, "project", "baseline", flagship, "--warehouse", str(demo_warehouse))
    assert code == 0, err
    assert path.read_bytes() == before
