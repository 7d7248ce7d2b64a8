"""The monthly report's configuration: which KPIs, for which slices, against which
targets, judged with which rules.

A YAML file validated with pydantic; every problem is reported at once with its file, line and
field (``RecordError``). The default lives next to this module (``default_monthly.yaml``);
copy it and pass ``--config`` to change it.

>>> cfg = load_config()                      # the default (or load_config("my.yaml"))
>>> [(k.metric, line, target) for k, line, target in cfg.rows()][:2]
[('manual_cpo', 'all', 0.065), ('manual_cpo', 'intl_hotel', 0.1)]
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, field_validator, model_validator

from sixsigma.catalog import active
from sixsigma.finite import FINITE_FIELDS
from sixsigma.i18n import LANGUAGES, normalize
from sixsigma.i18n import active as language
from sixsigma.i18n import label as i18n_label
from sixsigma.records import read_source, record_error, validate
from sixsigma.spc.rules import PRESETS

DEFAULT_CONFIG = Path(__file__).with_name("default_monthly.yaml")
ALL = "all"  # the whole center (every slice)
RULE_SETS = tuple(p for p in PRESETS if p != "anhoj")


def slice_values() -> tuple[str, ...]:
    """``all`` and the values of the active catalog's ``slice_by`` dimension."""
    cat = active()
    if cat.slice_by is None:
        return (ALL,)
    return (ALL, *(cat.dimensions[cat.slice_by].values or ()))


def _check_lines(lines: list[str]) -> list[str]:
    cat = active()
    valid = slice_values()
    fixed = cat.slice_by is not None and cat.dimensions[cat.slice_by].values is not None
    bad = [x for x in lines if x not in valid] if fixed or cat.slice_by is None else []
    if bad:
        what = cat.dimensions[cat.slice_by].label.lower() if cat.slice_by else "slice (the catalog has no slice_by)"
        raise ValueError(f"unknown {what} {bad[0]!r}; valid ones are: {', '.join(valid)}")
    if len(set(lines)) != len(lines):
        raise ValueError("a slice is listed twice")
    return lines


def _check_metric(name: str) -> str:
    metrics = active().metrics
    if name not in metrics:
        raise ValueError(f"unknown metric {name!r}; valid metrics are: {', '.join(sorted(metrics))}")
    return name


def _check_target(metric: str | None, t: float | None) -> None:
    if t is None or metric not in active().metrics:
        return
    kind = active().metrics[metric].strategy
    if kind.high is not None and not kind.low <= t <= kind.high:
        raise ValueError(f"target {t:g} of {metric} must be a share between {kind.low:g} and "
                         f"{kind.high:g} (e.g. 0.75 for 75%)")
    if kind.low is not None and t < kind.low:
        raise ValueError(f"target {t:g} of {metric} must be >= {kind.low:g}")


Text = str | dict[Literal["en", "zh-CN"], str]  # a plain string, or one per language


def text(v: Text | None, fallback: str = "") -> str:
    """A config text in the active language: a plain string as given, a {lang: text} mapping in
    the active language (else English, else ``fallback``)."""
    if v is None:
        return fallback
    return v if isinstance(v, str) else i18n_label(v, fallback)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, **FINITE_FIELDS)  # no NaN/inf


class KpiConfig(_Strict):
    """One KPI of the scorecard: a catalog metric, its slices and targets.

    ``slices`` (or ``business_lines``; default: the report's list) gives one scorecard row per
    value of the catalog's ``slice_by`` dimension (``all`` is the whole center); ``target``
    applies to every row, ``targets`` overrides it per slice; ``better`` overrides the
    catalog's direction.
    """

    metric: str
    label: Text | None = None
    better: Literal["up", "down"] | None = None
    target: float | None = None
    targets: dict[str, float | None] = Field(default_factory=dict)
    slices: list[str] | None = Field(
        None, validation_alias=AliasChoices("slices", "business_lines"))

    @field_validator("metric")
    @classmethod
    def _known_metric(cls, v: str) -> str:
        return _check_metric(v)

    @field_validator("slices")
    @classmethod
    def _lines(cls, v):
        if v is not None:
            if not v:
                raise ValueError("give at least one slice (or leave the field out)")
            _check_lines(v)
        return v

    @field_validator("targets", mode="before")
    @classmethod
    def _target_lines(cls, v):
        if isinstance(v, dict):
            _check_lines(list(v))
        return v

    @field_validator("target")
    @classmethod
    def _target_range(cls, v, info):
        _check_target(info.data.get("metric"), v)
        return v

    @field_validator("targets")
    @classmethod
    def _targets_range(cls, v, info):
        for t in v.values():
            _check_target(info.data.get("metric"), t)
        return v

    @model_validator(mode="after")
    def _targets_in_lines(self):
        if self.slices is not None:
            extra = [x for x in self.targets if x not in self.slices]
            if extra:
                raise ValueError(f"targets name {extra[0]!r}, which is not in this KPI's slices")
        return self

    @property
    def direction(self) -> str:
        return self.better or active().metric(self.metric).better

    @property
    def title(self) -> str:
        return text(self.label) or active().metric(self.metric).label_in(language())

    def lines(self, default: list[str]) -> list[str]:
        if self.slices is not None:
            return list(self.slices)
        extra = [x for x in self.targets if x not in default]
        return list(default) + extra

    def target_for(self, line: str) -> float | None:
        return self.targets[line] if line in self.targets else self.target


class ParetoConfig(_Strict):
    """A Pareto of contacts by a dimension, this month vs last month."""

    title: Text
    by: str = "reason"
    filters: dict[str, list[str]] = Field(default_factory=dict)

    @field_validator("by")
    @classmethod
    def _dim(cls, v):
        dims = active().dimensions
        if v not in dims:
            raise ValueError(f"unknown dimension {v!r}; valid ones are: {', '.join(dims)}")
        return v

    @field_validator("filters")
    @classmethod
    def _filters(cls, v):
        for dim, values in v.items():
            if dim not in active().dimensions:
                raise ValueError(f"unknown filter dimension {dim!r}; valid ones are: {', '.join(active().dimensions)}")
            if not values:
                raise ValueError(f"filter {dim!r} lists no values")
        return v


class RoundsConfig(_Strict):
    """Which KPI slice a warehouse table of improvement rounds (the demo's) belongs to."""

    table: Literal["improvement_rounds"] = "improvement_rounds"
    project: str
    metric: str
    slice: str = Field(validation_alias=AliasChoices("slice", "business_line"))

    @field_validator("metric")
    @classmethod
    def _known_metric(cls, v: str) -> str:
        return _check_metric(v)

    @field_validator("slice")
    @classmethod
    def _line(cls, v: str) -> str:
        _check_lines([v])
        return v


class MonthlyConfig(_Strict):
    """The whole monthly-report configuration (see ``default_monthly.yaml``)."""

    title: Text = "Monthly operations report"
    organisation: Text = ""
    language: str | None = None  # en or zh-CN; --lang and SIXSIGMA_LANG take precedence
    history_months: int = Field(36, ge=24, le=120)
    daily_days: int = Field(90, ge=28, le=366)
    rules: str = "mdc"
    sigma: float = Field(3.0, gt=0, le=6)
    slices: list[str] = Field(default_factory=lambda: [ALL],
                              validation_alias=AliasChoices("slices", "business_lines"))
    kpis: list[KpiConfig]
    paretos: list[ParetoConfig] = Field(default_factory=list)
    rounds: list[RoundsConfig] = Field(default_factory=list)

    @field_validator("language")
    @classmethod
    def _language(cls, v):
        if v is None:
            return v
        try:
            return normalize(v)
        except ValueError:
            raise ValueError(f"unknown language {v!r}; known languages are: {', '.join(LANGUAGES)}") from None

    @property
    def heading(self) -> str:
        """The title in the active language."""
        return text(self.title)

    @property
    def org(self) -> str:
        return text(self.organisation)

    @field_validator("rules")
    @classmethod
    def _rules(cls, v: str) -> str:
        if v not in RULE_SETS:
            raise ValueError(f"unknown rule set {v!r}; valid ones are: {', '.join(RULE_SETS)}")
        return v

    @field_validator("slices")
    @classmethod
    def _lines(cls, v):
        if not v:
            raise ValueError("give at least one slice (e.g. all)")
        return _check_lines(v)

    @field_validator("kpis")
    @classmethod
    def _kpis(cls, v):
        if not v:
            raise ValueError("list at least one KPI")
        return v

    def rows(self) -> list[tuple[KpiConfig, str, float | None]]:
        """One (kpi, slice, target) per scorecard row, in config order."""
        return [(k, line, k.target_for(line)) for k in self.kpis for line in k.lines(self.slices)]


def load_config(path: str | Path | None = None) -> MonthlyConfig:
    """Read and validate a report configuration (default: the active catalog's ``report:``
    file, else ``default_monthly.yaml``).

    Every problem is reported at once as a ``RecordError`` naming the file, line and field.
    """
    if path is None:
        path = active().report or DEFAULT_CONFIG
    source = read_source(Path(path))
    model, problems = validate(MonthlyConfig, source)
    problems += [source.problem(loc, msg) for loc, msg in _cross_checks(source.data)]
    if problems:
        raise record_error(problems)
    return model


def _cross_checks(data) -> list[tuple[tuple, str]]:
    """Checks across list items, on the raw data (so they are reported even when an item
    has other problems): a metric listed twice."""
    out: list[tuple[tuple, str]] = []
    kpis = data.get("kpis") if isinstance(data, dict) else None
    if not isinstance(kpis, list):
        return out
    first: dict[str, int] = {}
    for i, k in enumerate(kpis):
        metric = k.get("metric") if isinstance(k, dict) else None
        if not isinstance(metric, str):
            continue
        if metric in first:
            out.append((("kpis", i, "metric"), f"metric {metric!r} is listed twice (also kpis[{first[metric]}]); "
                        "give it one entry with several slices"))
        else:
            first[metric] = i
    return out
