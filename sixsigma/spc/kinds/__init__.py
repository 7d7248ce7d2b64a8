"""The chart kinds, one module per family, in one registry.

Adding a chart kind: write ``sixsigma/spc/kinds/<family>.py`` with a ``stage`` function and
a ``KINDS`` tuple of :class:`ChartKind` specs, then add the module to ``_FAMILIES`` below
(docs/CONTRIBUTING.md, "Adding a chart kind").
"""

from __future__ import annotations

from sixsigma.errors import unknown
from sixsigma.spc.kinds import attributes, cusum, ewma, g, imr, laney, run, xbar
from sixsigma.spc.kinds.base import ChartKind

_FAMILIES = (imr, xbar, run, attributes, laney, ewma, cusum, g)

KINDS: dict[str, ChartKind] = {kind.name: kind for fam in _FAMILIES for kind in fam.KINDS}
# the kinds a user can ask for by name (secondary-only kinds have no stage), in registry order
CHART_TYPES = tuple(k for k, v in KINDS.items() if v.stage is not None)
# every chart's title, the secondary charts' and the Hotelling T2 chart's included
TITLES = {**{k: v.title for k, v in KINDS.items()}, "t2": "Hotelling T² chart"}
# the chart names reports print
LABELS = {k: v.label for k, v in KINDS.items()}
ATTRIBUTE = tuple(k for k in CHART_TYPES if KINDS[k].data == "counts")


def get_kind(name: str) -> ChartKind:
    """The spec of the chart kind ``name`` (a registered kind with a ``stage``)."""
    kind = KINDS.get(name)
    if kind is None or kind.stage is None:
        raise unknown("chart type", name, [k for k, v in KINDS.items() if v.stage is not None])
    return kind


def title(name: str) -> str:
    """The title of chart ``name`` ("I chart"); unknown names unchanged."""
    return KINDS[name].title if name in KINDS else TITLES.get(name, name)


__all__ = ["ATTRIBUTE", "CHART_TYPES", "KINDS", "LABELS", "TITLES", "ChartKind", "get_kind",
           "title"]
