"""Capability of a catalog metric read from the warehouse (what ``--metric`` does).

The analysis depends on the metric's kind (:data:`sixsigma.warehouse.catalog.METRICS`):

- per-contact measurements (``aht`` -> ``handle_s`` of answered agent contacts, ``asa`` ->
  ``wait_s`` of answered phone calls): the individual values, in time order, so the spec
  applies to each contact ("about 1 in 40 calls will exceed 360 s");
- proportions (service level, FCR, CSAT, ...): binomial capability of the *defectives* per
  period (the complement of the numerator when higher is better); an LSL on a "higher is
  better" share (or a USL on a "lower is better" one) becomes the target % defective;
- rates per order (manual / total CPO): Poisson capability of contacts per order, with the
  USL as the target DPU;
- other means and scores (NPS): the period values as individual measurements.

``wh`` is an open :class:`sixsigma.warehouse.Warehouse` (only its ``metric`` and ``values``
methods are used; this module runs no SQL).
"""

from __future__ import annotations

from sixsigma.capability.analysis import capability
from sixsigma.capability.attribute import binomial_capability, poisson_capability
from sixsigma.errors import InputError

PER_CONTACT = {
    "aht": dict(column="handle_s", where="answered_agent", filters={}, unit="s", item="contacts"),
    "asa": dict(
        column="wait_s",
        where="answered_agent",
        filters={"channel": ["phone"]},
        unit="s",
        item="calls",
    ),
}


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
    from sixsigma.warehouse.catalog import get_metric  # catalog only: no SQL here

    m = metric if hasattr(metric, "kind") else get_metric(metric)
    filters = {k: list(v) if not isinstance(v, str) else [v] for k, v in (filters or {}).items()}
    if m.name in PER_CONTACT:
        spec = PER_CONTACT[m.name]
        f = dict(filters)
        for dim, vals in spec["filters"].items():
            keep = [v for v in f.get(dim, vals) if v in vals]
            if not keep:
                raise InputError(
                    f"{m.name} is measured on {dim} {', '.join(vals)} only; change --filter {dim}"
                )
            f[dim] = keep
        x = wh.values(spec["column"], filters=f, start=start, end=end, where=spec["where"])
        if x.size == 0:
            raise InputError(f"metric {m.name!r} has no contacts for these filters and dates")
        return capability(
            x,
            lsl=lsl,
            usl=usl,
            target=target,
            distribution=distribution,
            confidence=confidence,
            name=f"{m.label} ({spec['column']})",
            unit=spec["unit"],
            item=spec["item"],
            **kwargs,
        )
    df = wh.metric(m, grain=grain, filters=filters, start=start, end=end)
    if df.empty:
        raise InputError(f"metric {m.name!r} has no data for these filters and dates")
    if m.kind == "proportion":
        df = df.assign(
            defective=df["denominator"] - df["numerator"] if m.better == "up" else df["numerator"]
        )
        limit = lsl if m.better == "up" else usl
        tgt = (
            target
            if target is not None
            else (None if limit is None else (1 - limit if m.better == "up" else limit))
        )
        what = f"{m.label} ({'misses' if m.better == 'up' else 'occurrences'})"
        return binomial_capability(
            df,
            count="defective",
            size="denominator",
            label="period",
            confidence=confidence,
            target=tgt,
            name=what,
            item="contacts",
        )
    if m.kind == "rate":
        df = df.assign(units=df["denominator"] / float(m.scale or 1.0))
        tgt = target if target is not None else usl
        return poisson_capability(
            df,
            count="numerator",
            size="units",
            label="period",
            confidence=confidence,
            target=tgt,
            name=m.label,
            item="per order",
        )
    return capability(
        df,
        value="value",
        lsl=lsl,
        usl=usl,
        target=target,
        distribution=distribution,
        confidence=confidence,
        name=f"{m.label} per {grain}",
        unit=m.unit,
        item=f"{grain}s",
        **kwargs,
    )
