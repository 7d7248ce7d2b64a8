"""Loading a catalog file: YAML through :mod:`sixsigma.records`, refused whole on any problem.

Every problem is listed with ``file:line: field: what is wrong`` — unknown fields and columns,
a dimension no source holds, a time or key column the source lacks, a metric whose numerator
and denominator do not fit its kind, a value a fixed-list dimension does not have, a chart or
test its kind does not allow, a metric written twice.
"""

from __future__ import annotations

import os
from pathlib import Path

from sixsigma.catalog import expr as E
from sixsigma.catalog.kinds import KINDS
from sixsigma.catalog.model import (
    NUMERIC,
    Aggregate,
    Catalog,
    CatalogSpec,
    Check,
    Column,
    Dimension,
    Metric,
    Population,
    Source,
    texts,
)
from sixsigma.records import Problem, read_source, record_error, validate

CATALOG_ENV = "SIXSIGMA_CATALOG"
_HERE = Path(__file__).resolve()
_SHIPPED = (
    _HERE.parents[2] / "datasets" / "catalogs",  # a checkout (uv run, editable install)
    _HERE.parent / "catalogs",  # a wheel (force-included)
)
_CACHE: dict[tuple[str, float], Catalog] = {}
_ACTIVE: list[Path | None] = [None]


def shipped(name: str) -> Path:
    """Path of a catalog shipped with the toolkit (``travel``, ``ride_hailing``)."""
    for folder in _SHIPPED:
        p = folder / f"{name}.yaml"
        if p.is_file():
            return p
    return _SHIPPED[0] / f"{name}.yaml"


def default_catalog_path() -> Path:
    """$SIXSIGMA_CATALOG, else the shipped travel catalog."""
    env = os.environ.get(CATALOG_ENV)
    return Path(env) if env else shipped("travel")


def use_catalog(path: str | Path | None) -> Catalog:
    """Make the catalog at ``path`` this process's active one (None: back to the default).

    The CLI's ``--catalog`` does this; records (projects, report configs) check their metric
    and dimension names against the active catalog.
    """
    cat = load_catalog(path)  # refuse a bad catalog before it becomes active
    _ACTIVE[0] = None if path is None else Path(path)
    return cat


def active() -> Catalog:
    """The active catalog: the one :func:`use_catalog` chose, else the default."""
    return load_catalog(_ACTIVE[0])


def load_catalog(path: str | Path | Catalog | None = None) -> Catalog:
    """The checked catalog at ``path`` (default: :func:`default_catalog_path`), cached by mtime."""
    if isinstance(path, Catalog):
        return path
    p = Path(path) if path is not None else default_catalog_path()
    from sixsigma.errors import InputError

    if not p.exists():
        raise InputError(f"no catalog at {p}; give --catalog PATH (or SIXSIGMA_CATALOG) of a catalog YAML file")
    if p.is_dir():
        raise InputError(f"{p} is a folder; give the catalog's YAML file, e.g. {p / 'catalog.yaml'}")
    key = (str(p.resolve()), p.stat().st_mtime)
    if key not in _CACHE:
        _CACHE[key] = _build(p)
    return _CACHE[key]


def _build(path: Path) -> Catalog:
    src = read_source(path)
    spec, problems = validate(CatalogSpec, src)
    if spec is None:
        raise record_error(problems)
    cat, more = _resolve(spec, src, path)
    problems += more
    if problems:
        raise record_error(problems)
    return cat


def _resolve(spec: CatalogSpec, src, path: Path) -> tuple[Catalog | None, list[Problem]]:
    problems: list[Problem] = []

    def bad(loc, msg):
        problems.append(src.problem(loc, msg))

    folder = path.parent
    dims: dict[str, Dimension] = {}
    for name, d in spec.dimensions.items():
        vals = None if d.values == "any" else tuple(d.values)
        vlabels = {v: texts(lab) for v, lab in d.values.items()} if isinstance(d.values, dict) else {}
        dims[name] = Dimension(name, d.column or name, texts(d.label), vals, vlabels)

    sources: dict[str, Source] = {}
    for name, s in spec.sources.items():
        loc = ("sources", name)
        cols = {c: Column(c, cs.type, cs.from_ or c, cs.nullable, cs.required, cs.min, cs.max, cs.doc)
                for c, cs in s.columns.items()}
        if s.time not in cols:
            bad((*loc, "time"), f"time column {s.time!r} is not among the source's columns")
        elif cols[s.time].type not in ("date", "timestamp"):
            bad((*loc, "time"), f"time column {s.time!r} is a {cols[s.time].type}; it must be a date or timestamp")
        for k in s.key:
            if k not in cols:
                bad((*loc, "key"), f"key column {k!r} is not among the source's columns")
        held = tuple(n for n, d in dims.items() if d.column in cols)
        parquet = None
        if s.parquet is not None:
            parquet = Path(s.parquet) if Path(s.parquet).is_absolute() else folder / s.parquet
        volume = None
        if s.volume is not None:
            try:
                volume = E.parse(s.volume, cols)
            except E.ExprError as exc:
                bad((*loc, "volume"), str(exc))
        sources[name] = Source(name, s.time, cols, tuple(s.key), s.table, parquet, s.hive, s.doc,
                               held, texts(s.label) if s.label is not None else {}, volume)

    for name, d in dims.items():
        if not any(name in s.dims for s in sources.values()):
            bad(("dimensions", name), f"no source has the column {d.column!r} of this dimension")

    default_source = next(iter(sources), None)

    def aggregate(a, loc, fallback: str | None) -> Aggregate | None:
        sname = a.source or fallback
        if sname not in sources:
            bad((*loc, "source"), f"unknown source {sname!r}; sources are: {', '.join(sources)}")
            return None
        s = sources[sname]
        try:
            where = E.parse(a.where, s.columns) if a.where is not None else None
            if isinstance(a.count, str):
                cond = E.parse(a.count, s.columns)
                if where is not None:
                    bad(loc, "give the condition once: count: <condition> or count: true with where:")
                where = cond
            value = E.parse(a.sum, s.columns) if a.sum is not None else None
        except E.ExprError as exc:
            bad(loc, str(exc))
            return None
        if value is not None:
            for c in value.columns:
                if s.columns[c].type not in NUMERIC | {"boolean"}:
                    bad((*loc, "sum"), f"column {c!r} is a {s.columns[c].type}; sum needs a number")
        for expr in (where, value):
            if expr is not None:
                _check_literals(expr, s, dims, loc, bad)
        return Aggregate(sname, "sum" if value is not None else "count", value, where)

    metrics: dict[str, Metric] = {}
    for name, m in spec.metrics.items():
        loc = ("metrics", name)
        kind = KINDS[m.kind]
        num = aggregate(m.numerator, (*loc, "numerator"), m.source or default_source)
        den = aggregate(m.denominator, (*loc, "denominator"), m.source or (num.source if num else default_source))
        chart = m.chart or kind.chart
        if chart not in kind.charts:
            bad((*loc, "chart"), f"chart {chart!r} does not fit a {m.kind} metric; use one of: {', '.join(kind.charts)}")
        test = m.test or kind.test
        if test not in kind.tests:
            bad((*loc, "test"), f"test {test!r} does not fit a {m.kind} metric; use one of: {', '.join(kind.tests)}")
        level_test = m.level_test or kind.level_test
        if level_test not in kind.level_tests:
            bad((*loc, "level_test"),
                f"level test {level_test!r} does not fit a {m.kind} metric; use one of: {', '.join(kind.level_tests)}")
        if m.scale <= 0:
            bad((*loc, "scale"), "scale must be positive")
        if num is None or den is None:
            continue  # its problems are listed; the checks above ran anyway
        pop = None
        if m.population is not None:
            ps = m.population.source or num.source
            if ps not in sources:
                bad((*loc, "population", "source"), f"unknown source {ps!r}")
            else:
                try:
                    value = E.parse(m.population.value, sources[ps].columns)
                    where = E.parse(m.population.where, sources[ps].columns) if m.population.where else None
                    pop = Population(ps, value, where, m.population.unit, m.population.item)
                except E.ExprError as exc:
                    bad((*loc, "population"), str(exc))
        metrics[name] = Metric(name, texts(m.label), m.unit, m.kind, m.better, num, den, m.description,
                               m.scale, pop, chart, test, level_test, kind)

    checks = []
    for i, c in enumerate(spec.checks):
        if c.source not in sources:
            bad(("checks", i, "source"), f"unknown source {c.source!r}")
            continue
        try:
            checks.append(Check(c.name, c.source, E.parse(c.fails, sources[c.source].columns), c.rule))
        except E.ExprError as exc:
            bad(("checks", i, "fails"), str(exc))

    if spec.slice_by is not None and spec.slice_by not in dims:
        bad(("slice_by",), f"unknown dimension {spec.slice_by!r}; dimensions are: {', '.join(dims)}")
    report = None
    if spec.report is not None:
        report = Path(spec.report) if Path(spec.report).is_absolute() else folder / spec.report
    cat = Catalog(spec.name, texts(spec.label), path, sources, dims, metrics, tuple(checks),
                  spec.engine, dict(spec.spark), report, spec.slice_by)
    return cat, problems


def _check_literals(expr, source: Source, dims: dict[str, Dimension], loc, bad) -> None:
    """A string compared with a fixed-list dimension's column must be one of its values."""
    by_col = {d.column: d for d in dims.values() if d.values is not None}
    for col, lits in E.literals_by_column(expr).items():
        d = by_col.get(col)
        if d is None:
            continue
        wrong = sorted(v for v in lits if v not in d.values)
        if wrong:
            bad(loc, f"{', '.join(repr(w) for w in wrong)} is not a value of {d.name} "
                     f"({', '.join(d.values)})")
