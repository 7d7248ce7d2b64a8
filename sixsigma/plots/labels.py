"""What a reader calls a catalog metric on a figure: its label, the slice the filters select and
its unit, in the active language ("Manual contacts per order, International hotel" and
"Manual contacts per order (contacts/order)"), as the report names it.

Text only: nothing is queried or computed here.
"""

from __future__ import annotations


def slice_text(catalog, filters: dict[str, list[str]] | None, lang: str = "en") -> str:
    """The filters' values by their catalog labels, e.g. "International hotel" or
    "International hotel + Hotel, Phone" (one part per filtered dimension)."""
    parts = []
    for dim, values in (filters or {}).items():
        d = catalog.dimensions.get(dim)
        parts.append(" + ".join(d.value_label(v, lang) if d is not None else v for v in values))
    return ", ".join(parts)


def metric_texts(metric, catalog, filters=None, lang: str = "en") -> tuple[str, str]:
    """(what the title says the chart is of, the y-axis title) for a catalog metric."""
    label = metric.label_in(lang)
    where = slice_text(catalog, filters, lang)
    unit = f" ({metric.unit})" if metric.unit and metric.unit != "share" else ""
    return (f"{label}, {where}" if where else label) + unit, label + unit
