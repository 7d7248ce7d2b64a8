"""Capability of a catalog metric read from the warehouse (what ``--metric`` does).

The model comes from the metric's kind (:mod:`sixsigma.catalog.kinds`, ``capability``):

- ``values`` with a catalog ``population`` (``aht`` -> ``handle_s`` of answered agent
  contacts): the individual values, in time order, so the spec applies to each contact
  ("about 1 in 40 calls will exceed 360 s");
- ``binomial`` (proportions: service level, FCR, CSAT, ...): binomial capability of the
  *defectives* per period (the complement of the numerator when higher is better); an LSL on
  a "higher is better" share (or a USL on a "lower is better" one) becomes the target %
  defective;
- ``poisson`` (rates per order: manual / total CPO): Poisson capability of contacts per
  order, with the USL as the target DPU;
- ``values`` without a population (NPS): the period values as individual measurements.

``wh`` is an open :class:`sixsigma.warehouse.Warehouse` (only its ``catalog``, ``metric`` and
``population`` are used; this module builds no query).
"""

from __future__ import annotations

from sixsigma.capability.analysis import capability
from sixsigma.capability.attribute import binomial_capability, poisson_capability
from sixsigma.errors import InputError


def metric_capability(
    wh,
    metric,
    *,
    filters=None,
    start=None,
    end=None,
    grain: str = "day",
    lsl=None,
    usl=None,
    target=None,
    distribution: str = "auto",
    confidence: float = 0.95,
    **kwargs,
):
    """Capability of a catalog metric over a slice of the warehouse (see the module docstring).

    ``metric`` is a name or a catalog ``Metric``. Extra keyword arguments go to
    :func:`sixsigma.capability.capability` for measurements.
    """
    m = wh.catalog.metric(metric)
    model = m.strategy.capability
    filters = {k: list(v) if not isinstance(v, str) else [v] for k, v in (filters or {}).items()}
    if model == "values" and m.population is not None:
        pop = m.population
        x = wh.population(m, filters=filters, start=start, end=end)
        if x.size == 0:
            raise InputError(f"metric {m.name!r} has no {pop.item} for these filters and dates "
                             f"(its population: {pop.value} where {pop.where})")
        return capability(x, lsl=lsl, usl=usl, target=target, distribution=distribution,
                          confidence=confidence, name=f"{m.label} ({pop.value})",
                          unit=pop.unit or m.unit, item=pop.item, **kwargs)
    df = wh.metric(m, grain=grain, filters=filters, start=start, end=end)
    if df.empty:
        raise InputError(f"metric {m.name!r} has no data for these filters and dates")
    return _MODELS[model](m, df, grain=grain, lsl=lsl, usl=usl, target=target,
                          distribution=distribution, confidence=confidence, **kwargs)


def _binomial(m, df, *, lsl, usl, target, confidence, **_):
    up = m.better == "up"
    df = df.assign(defective=df["denominator"] - df["numerator"] if up else df["numerator"])
    limit = lsl if up else usl
    tgt = target if target is not None else (None if limit is None else (1 - limit if up else limit))
    what = f"{m.label} ({'misses' if up else 'occurrences'})"
    return binomial_capability(df, count="defective", size="denominator", label="period",
                               confidence=confidence, target=tgt, name=what, item="contacts")


def _poisson(m, df, *, usl, target, confidence, **_):
    df = df.assign(units=df["denominator"] / float(m.scale or 1.0))
    tgt = target if target is not None else usl
    return poisson_capability(df, count="numerator", size="units", label="period",
                              confidence=confidence, target=tgt, name=m.label, item="per order")


def _values(m, df, *, grain, lsl, usl, target, distribution, confidence, **kwargs):
    return capability(df, value="value", lsl=lsl, usl=usl, target=target,
                      distribution=distribution, confidence=confidence,
                      name=f"{m.label} per {grain}", unit=m.unit, item=f"{grain}s", **kwargs)


_MODELS = {"binomial": _binomial, "poisson": _poisson, "values": _values}
