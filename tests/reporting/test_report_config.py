"""The monthly report's configuration: the default loads, every problem is reported at once
with its file, line and field, and the CLI turns them into one error with exit status 2."""

from __future__ import annotations

import textwrap

import pytest

from sixsigma.catalog import load_catalog
from sixsigma.cli.app import main
from sixsigma.errors import RecordError
from sixsigma.reporting.config import ALL, DEFAULT_CONFIG, load_config

METRICS = load_catalog().metrics
BUSINESS_LINES = load_catalog().dimensions["business_line"].values


def write(tmp_path, text: str):
    p = tmp_path / "report.yaml"
    p.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return p


def test_default_config_names_every_catalog_metric_with_targets():
    cfg = load_config()
    assert {k.metric for k in cfg.kpis} == set(METRICS)
    assert cfg.history_months >= 24 and cfg.rules == "mdc"
    rows = cfg.rows()
    assert len(rows) == len({(k.metric, line) for k, line, _ in rows})  # no duplicate rows
    cpo = {line: t for k, line, t in rows if k.metric == "manual_cpo"}
    assert set(cpo) == {ALL, *BUSINESS_LINES}  # manual CPO on every business line
    assert all(t is not None for _, _, t in rows)
    # better directions default to the catalog's
    assert all(k.direction == (k.better or METRICS[k.metric].better) for k in cfg.kpis)
    assert cfg.rounds[0].project == "reduce-intl-hotel-manual-cpo"
    assert DEFAULT_CONFIG.name == "default_monthly.yaml"


def test_targets_per_line_override_the_kpi_target(tmp_path):
    cfg = load_config(write(tmp_path, """
        business_lines: [all, hotel]
        kpis:
          - metric: csat
            target: 0.75
            targets: {hotel: 0.8, intl_hotel: 0.7}
          - metric: aht
            better: up
    """))
    assert [(k.metric, line, t) for k, line, t in cfg.rows()] == [
        ("csat", "all", 0.75), ("csat", "hotel", 0.8), ("csat", "intl_hotel", 0.7),
        ("aht", "all", None), ("aht", "hotel", None),
    ]
    assert cfg.kpis[1].direction == "up"


def test_every_problem_is_reported_with_file_line_and_field(tmp_path):
    path = write(tmp_path, """
        title: Monthly
        history_months: 12
        rules: shewhart
        kpis:
          - metric: manual_cpo
            targets: {mars: 0.1}
          - metric: csat
            target: 75
            colour: red
          - metric: manual_cpo
        paretos:
          - title: Reasons
            by: weather
    """)
    with pytest.raises(RecordError) as err:
        load_config(path)
    problems = err.value.problems
    text = "\n".join(problems)
    assert f"{path}:2: history_months:" in text and "greater than or equal to 24" in text
    assert f"{path}:3: rules: unknown rule set 'shewhart'" in text
    assert f"{path}:6: kpis[0].targets: unknown business line 'mars'" in text
    assert f"{path}:8: kpis[1].target: target 75 of csat must be a share between 0 and 1" in text
    assert f"{path}:9: kpis[1].colour: unknown field" in text
    assert f"{path}:10: kpis[2].metric: metric 'manual_cpo' is listed twice" in text
    assert f"{path}:13: paretos[0].by: unknown dimension 'weather'" in text
    assert len(problems) == 7


def test_a_yaml_syntax_error_names_the_line(tmp_path):
    path = write(tmp_path, "kpis:\n  - metric: csat\n    target: [0.7\n")
    with pytest.raises(RecordError, match=r"report\.yaml:\d+: not valid YAML"):
        load_config(path)


def test_missing_file_and_missing_kpis(tmp_path):
    with pytest.raises(RecordError, match="file not found"):
        load_config(tmp_path / "nope.yaml")
    with pytest.raises(RecordError, match="kpis: required field is missing"):
        load_config(write(tmp_path, "title: Empty\n"))


def test_cli_prints_one_error_and_exits_2(tmp_path, capsys, demo_warehouse):
    bad = write(tmp_path, "kpis:\n  - metric: cpo\n")
    out = tmp_path / "r.html"
    code = main(["report", "monthly", "--month", "2025-10", "--config", str(bad), "--out", str(out),
                 "--warehouse", str(demo_warehouse)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("error: ") and "kpis[0].metric: unknown metric 'cpo'" in err
    assert not out.exists()  # nothing half-written
