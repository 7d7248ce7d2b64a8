"""The catalog file: loaded and checked whole, every problem with file:line; the expression
language; the kind strategies."""

from __future__ import annotations

import textwrap

import pytest

from sixsigma.catalog import KINDS, load_catalog, shipped
from sixsigma.catalog.expr import ExprError, parse
from sixsigma.cli.app import main
from sixsigma.errors import RecordError

GOOD = """\
name: tiny
label: {en: A tiny center, zh-CN: 小中心}
slice_by: region
sources:
  tickets:
    parquet: lake/tickets.parquet
    time: opened_at
    key: [ticket_id]
    columns:
      ticket_id: {type: string}
      opened_at: {type: timestamp, from: created_ts}
      region: {type: string, from: rgn}
      solved: {type: boolean}
      wait_s: {type: double, min: 0}
  volume:
    parquet: lake/volume.parquet
    time: day
    columns:
      day: {type: date}
      region: {type: string}
      customers: {type: bigint}
dimensions:
  region: {label: Region, values: [north, south]}
metrics:
  fcr:
    label: {en: First-contact resolution, zh-CN: 一次解决率}
    unit: share
    kind: proportion
    better: up
    numerator: {count: "solved"}
    denominator: {count: true}
  per_1k:
    label: Tickets per 1,000 customers
    unit: tickets/1k
    kind: rate
    better: down
    numerator: {count: "region = 'north' OR region = 'south'"}
    denominator: {source: volume, sum: customers}
    scale: 1000
"""

BAD = """\
name: tiny
label: A tiny center
sources:
  tickets:
    parquet: lake/tickets.parquet
    time: opened_at
    columns:
      ticket_id: {type: string}
      opened_at: {type: strin}
      region: {type: string}
dimensions:
  region: {label: Region, values: [north, south]}
  city: {label: City}
metrics:
  fcr:
    label: FCR
    unit: share
    kind: proportion
    better: up
    numerator: {count: "solved AND region = 'west'"}
    denominator: {count: true}
    chart: laney-u
  fcr:
    label: FCR again
    unit: share
    kind: proportion
    better: up
    numerator: {count: true}
    denominator: {count: true}
"""


def test_a_good_catalog_resolves_sources_dimensions_and_metrics(tmp_path):
    path = tmp_path / "tiny.yaml"
    path.write_text(GOOD, encoding="utf-8")
    cat = load_catalog(path)
    t = cat.sources["tickets"]
    assert t.parquet == tmp_path / "lake" / "tickets.parquet"  # relative to the catalog file
    assert t.renames() == {"opened_at": "created_ts", "region": "rgn"}
    assert t.dims == ("region",) and cat.sources["volume"].dims == ("region",)
    fcr, rate = cat.metric("fcr"), cat.metric("per_1k")
    assert fcr.label_in("zh-CN") == "一次解决率" and rate.label_in("zh-CN") == rate.label
    assert (fcr.chart, fcr.test, fcr.strategy.capability) == ("laney-p", "quasi-binomial", "binomial")
    assert rate.per_order and not fcr.per_order and rate.scale == 1000
    assert cat.slice_by == "region"


def test_a_catalog_with_problems_is_refused_whole_with_file_line_and_field(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(BAD, encoding="utf-8")
    with pytest.raises(RecordError) as err:
        load_catalog(path)
    text = str(err.value)
    # the metric written twice, and the column type: refused before anything is resolved
    assert f"{path}:23: metrics.fcr: key written twice (first at line 15)" in text
    assert f"{path}:9: sources.tickets.columns.opened_at.type" in text


def test_cross_checks_name_every_problem_with_its_line(tmp_path):
    bad = BAD.replace("{type: strin}", "{type: timestamp}").replace("  fcr:\n    label: FCR again", "  fcr2:\n    label: FCR again")
    path = tmp_path / "bad.yaml"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(RecordError) as err:
        load_catalog(path)
    problems = err.value.problems
    assert any(p.startswith(f"{path}:13: dimensions.city: no source has the column 'city'") for p in problems)
    assert any(f"{path}:20: metrics.fcr.numerator" in p and "unknown column(s) solved" in p for p in problems)
    assert any(f"{path}:22: metrics.fcr.chart: chart 'laney-u' does not fit a proportion metric" in p
               for p in problems)
    assert len(problems) == 3


def test_the_cli_refuses_a_bad_catalog_with_exit_2_and_one_problem_per_item(tmp_path, capsys):
    path = tmp_path / "bad.yaml"
    path.write_text(BAD.replace("{type: strin}", "{type: timestamp}"), encoding="utf-8")
    code = main(["data", "metrics", "--catalog", str(path)])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("error: ") and "Traceback" not in err
    assert f"{path}:23" in err and f"{path}:13" in err


def test_a_value_a_fixed_list_dimension_lacks_is_refused(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text(GOOD.replace("region = 'north' OR", "region = 'west' OR"), encoding="utf-8")
    with pytest.raises(RecordError, match=r"c.yaml:37: metrics.per_1k.numerator: 'west' is not a value of region"):
        load_catalog(path)


@pytest.mark.parametrize("text, why", [
    ("read_csv('/etc/passwd') IS NULL", "is not allowed"),
    ("(SELECT 1) = 1", "is not allowed"),
    ("t.channel = 'phone'", "without a table"),
    ("lower(channel) = 'phone'", "is not allowed"),
    ("nope = 1", r"unknown column\(s\) nope"),
    ("", "empty"),
    ("channel = ", "cannot parse"),
])
def test_expressions_name_columns_and_literals_only(text, why):
    with pytest.raises(ExprError, match=why):
        parse(text, {"channel", "wait_s"})


def test_expressions_accept_the_documented_forms():
    e = parse("channel IN ('phone', 'chat') AND NOT (wait_s BETWEEN 0 AND 20) OR wait_s IS NULL",
              {"channel", "wait_s"})
    assert e.columns == {"channel", "wait_s"}
    assert parse("CASE WHEN wait_s >= 9 THEN 1 WHEN wait_s <= 6 THEN -1 ELSE 0 END", {"wait_s"})


def test_shipped_catalogs_load_and_every_kind_default_is_allowed():
    for name in ("travel", "ride_hailing"):
        cat = load_catalog(shipped(name))
        assert cat.metrics and all(m.strategy is KINDS[m.kind] for m in cat.metrics.values())
    for k in KINDS.values():
        assert k.chart in k.charts and k.test in k.tests and k.level_test in k.level_tests


def test_catalog_text_in_docs_is_valid(tmp_path):
    # the complete example of datasets/README.md loads
    from pathlib import Path

    readme = (Path(__file__).parents[2] / "datasets" / "README.md").read_text(encoding="utf-8")
    block = readme.split("```yaml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "my_center.yaml"
    path.write_text(textwrap.dedent(block), encoding="utf-8")
    cat = load_catalog(path)
    assert set(cat.metrics) == {"fcr", "tickets_per_1k", "wait"}
