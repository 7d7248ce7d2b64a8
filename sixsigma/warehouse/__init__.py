"""The warehouse: the only code that speaks SQL (schema, import, metric catalog, demo data)."""

from sixsigma.warehouse.catalog import METRICS, Metric, get_metric
from sixsigma.warehouse.store import GRAINS, Warehouse, default_path

__all__ = ["GRAINS", "METRICS", "Metric", "Warehouse", "default_path", "get_metric"]
