"""The metric catalog as data: sources, dimensions and metrics of a center, from a YAML file.

>>> from sixsigma.catalog import load_catalog
>>> cat = load_catalog()                 # $SIXSIGMA_CATALOG, else the shipped travel catalog
>>> cat.metric("manual_cpo").strategy.chart
'laney-u'
"""

from sixsigma.catalog.kinds import KINDS, MetricKind, get_kind
from sixsigma.catalog.load import (
    CATALOG_ENV,
    active,
    default_catalog_path,
    load_catalog,
    shipped,
    use_catalog,
)
from sixsigma.catalog.model import Catalog, Dimension, Metric, Source

__all__ = [
    "CATALOG_ENV", "KINDS", "Catalog", "Dimension", "Metric", "MetricKind", "Source",
    "active", "default_catalog_path", "get_kind", "load_catalog", "shipped", "use_catalog",
]
