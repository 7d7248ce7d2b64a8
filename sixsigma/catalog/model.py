"""The catalog file's shape (pydantic) and the checked, resolved objects built from it.

A catalog declares a center's world as data (see ``datasets/catalogs/travel.yaml``):

- ``sources``: each fact table — a ``table`` of the engine (the DuckDB warehouse, or a table
  of the Spark session) or ``parquet`` files (a path or glob, hive-partitioned folders too) —
  with its ``time`` column, its ``key`` and its ``columns`` (type, rules, and ``from:`` the
  user's own column name, so an export with other names is described, not rewritten);
- ``dimensions``: name, label, the ``column`` that holds it (default: the name) and the
  allowed ``values`` (a list, or ``any``), which imports and filters enforce;
- ``metrics``: label (``en`` / ``zh-CN``), unit, kind, better, numerator and denominator
  (``count`` or ``sum`` of a value, ``where`` a condition, from a ``source``; a denominator
  from another source is joined on the period and the dimensions both sources hold), the
  ``population`` a per-contact analysis draws from, and optional ``chart`` / ``test`` /
  ``level_test`` overriding the kind's defaults (:mod:`sixsigma.catalog.kinds`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from sixsigma.catalog.expr import Expr
from sixsigma.catalog.kinds import MetricKind

TYPES = {  # catalog type -> DuckDB SQL type
    "string": "VARCHAR", "timestamp": "TIMESTAMP", "date": "DATE", "double": "DOUBLE",
    "bigint": "BIGINT", "integer": "INTEGER", "tinyint": "TINYINT", "boolean": "BOOLEAN",
}
NUMERIC = {"double", "bigint", "integer", "tinyint"}
LANGS = ("en", "zh-CN")


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


Label = str | dict[Literal["en", "zh-CN"], str]


class ColumnSpec(_Spec):
    type: Literal["string", "timestamp", "date", "double", "bigint", "integer", "tinyint", "boolean"]
    from_: str | None = Field(None, alias="from")
    nullable: bool = False
    required: bool = True
    min: float | None = None
    max: float | None = None
    doc: str = ""


class SourceSpec(_Spec):
    table: str | None = None
    parquet: str | None = None
    hive: bool = True
    time: str
    key: list[str] = []
    label: Label | None = None
    volume: str | None = None  # what a period's volume is: the sum of this value (default: rows)
    doc: str = ""
    columns: dict[str, ColumnSpec]

    @model_validator(mode="after")
    def _one_location(self):
        if (self.table is None) == (self.parquet is None):
            raise ValueError("give exactly one of table: (a table of the engine) or parquet: (files)")
        return self


class DimensionSpec(_Spec):
    label: Label
    column: str | None = None
    values: list[str] | dict[str, Label] | Literal["any"] = "any"


class AggregateSpec(_Spec):
    source: str | None = None
    count: bool | str | None = None
    sum: str | None = None
    where: str | None = None

    @model_validator(mode="after")
    def _one_aggregate(self):
        if (self.count is None) == (self.sum is None):
            raise ValueError("give exactly one of count: (true, or a condition) or sum: (a value)")
        if self.count is False:
            raise ValueError("count: takes true or a condition")
        return self


class PopulationSpec(_Spec):
    value: str
    source: str | None = None
    where: str | None = None
    unit: str | None = None
    item: str = "contacts"


class MetricSpec(_Spec):
    label: Label
    unit: str
    kind: Literal["rate", "proportion", "mean", "score"]
    better: Literal["up", "down"]
    description: str = ""
    source: str | None = None
    numerator: AggregateSpec
    denominator: AggregateSpec
    scale: float = 1.0
    population: PopulationSpec | None = None
    chart: str | None = None
    test: str | None = None
    level_test: str | None = None


class CheckSpec(_Spec):
    name: str
    source: str
    fails: str  # a condition that must never hold
    rule: str


class CatalogSpec(_Spec):
    name: str
    label: Label
    engine: Literal["duckdb", "spark"] | None = None
    spark: dict[str, str] = {}
    report: str | None = None
    slice_by: str | None = None
    sources: dict[str, SourceSpec]
    dimensions: dict[str, DimensionSpec] = {}
    metrics: dict[str, MetricSpec]
    checks: list[CheckSpec] = []


# -- the resolved catalog ---------------------------------------------------------------------
def texts(label) -> dict[str, str]:
    """A label as {lang: text}; a plain string is English (and the fallback for zh-CN)."""
    if isinstance(label, str):
        return {"en": label}
    return dict(label)


@dataclass(frozen=True)
class Column:
    name: str  # the catalog's name
    type: str
    source_name: str  # the name in the user's table or files
    nullable: bool = False
    required: bool = True
    low: float | None = None
    high: float | None = None
    doc: str = ""

    @property
    def sql(self) -> str:
        return TYPES[self.type]


@dataclass(frozen=True)
class Source:
    name: str
    time: str
    columns: dict[str, Column]
    key: tuple[str, ...] = ()
    table: str | None = None
    parquet: Path | None = None  # resolved against the catalog's folder
    hive: bool = True
    doc: str = ""
    dims: tuple[str, ...] = ()  # dimensions whose column this source holds
    labels: dict[str, str] = field(default_factory=dict)
    volume: Expr | None = None  # summed for the source's volume; None: its rows

    @property
    def label(self) -> str:
        return self.labels.get("en") or self.name.replace("_", " ").capitalize()

    def renames(self) -> dict[str, str]:
        """{catalog name: user name} for the columns whose names differ."""
        return {c.name: c.source_name for c in self.columns.values() if c.name != c.source_name}


@dataclass(frozen=True)
class Dimension:
    name: str
    column: str
    labels: dict[str, str]
    values: tuple[str, ...] | None  # None: any value
    value_labels: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return self.labels.get("en", self.name)

    def value_label(self, value: str, lang: str = "en") -> str:
        """A value's label in ``lang`` (English, else the value itself)."""
        t = self.value_labels.get(value, {})
        return t.get(lang) or t.get("en") or value


@dataclass(frozen=True)
class Aggregate:
    """count(*) or sum(value) of the rows of ``source`` where ``where`` holds."""

    source: str
    op: Literal["count", "sum"]
    value: Expr | None = None
    where: Expr | None = None

    def describe(self) -> str:
        what = f"sum of {self.value}" if self.op == "sum" else f"count of {self.source}"
        return what + (f" where {self.where}" if self.where is not None else "")


@dataclass(frozen=True)
class Population:
    source: str
    value: Expr
    where: Expr | None
    unit: str | None
    item: str


@dataclass(frozen=True)
class Metric:
    name: str
    labels: dict[str, str]
    unit: str
    kind: str
    better: Literal["up", "down"]
    numerator: Aggregate
    denominator: Aggregate
    description: str = ""
    scale: float = 1.0
    population: Population | None = None
    chart: str = ""
    test: str = ""
    level_test: str = ""
    strategy: MetricKind | None = None

    @property
    def label(self) -> str:
        return self.labels.get("en", self.name)

    def label_in(self, lang: str) -> str:
        return self.labels.get(lang) or self.label

    @property
    def source(self) -> str:
        return self.numerator.source

    @property
    def per_order(self) -> bool:
        """True when the denominator is another source's volume (e.g. daily orders)."""
        return self.denominator.source != self.numerator.source

    def describe(self) -> str:
        return f"({self.numerator.describe()}) / ({self.denominator.describe()})"


@dataclass(frozen=True)
class Check:
    name: str
    source: str
    fails: Expr
    rule: str


@dataclass(frozen=True)
class Catalog:
    """A loaded, checked catalog: sources, dimensions and metrics by name."""

    name: str
    labels: dict[str, str]
    path: Path | None
    sources: dict[str, Source]
    dimensions: dict[str, Dimension]
    metrics: dict[str, Metric]
    checks: tuple[Check, ...] = ()
    engine: str | None = None
    spark: dict[str, str] = field(default_factory=dict)
    report: Path | None = None
    slice_by: str | None = None  # the dimension reports slice KPIs by

    @property
    def label(self) -> str:
        return self.labels.get("en", self.name)

    def metric(self, name) -> Metric:
        """The metric called ``name`` (a Metric passes through); a clear error otherwise."""
        from sixsigma.errors import unknown

        if isinstance(name, Metric):
            return name
        try:
            return self.metrics[name]
        except KeyError:
            raise unknown("metric", str(name), self.metrics) from None

    def dimension(self, name: str) -> Dimension:
        from sixsigma.errors import unknown

        try:
            return self.dimensions[name]
        except KeyError:
            raise unknown("dimension", name, self.dimensions) from None

    def source(self, name: str) -> Source:
        from sixsigma.errors import unknown

        try:
            return self.sources[name]
        except KeyError:
            raise unknown("source", name, self.sources) from None

    def check_filters(self, filters, source: str | None = None) -> None:
        """Unknown dimensions and values a fixed-list dimension lacks raise a clear error."""
        from sixsigma.errors import unknown

        for dim, values in (filters or {}).items():
            d = self.dimension(dim)
            if source is not None and dim not in self.sources[source].dims:
                raise unknown(f"dimension of {source}", dim, self.sources[source].dims)
            for v in [values] if isinstance(values, str) else list(values):
                if d.values is not None and str(v) not in d.values:
                    raise unknown(f"{dim} value", str(v), d.values)
