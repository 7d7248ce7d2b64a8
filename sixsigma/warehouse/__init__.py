"""The warehouse: the only code that builds queries (engines, Ibis compilation, import, data
quality, demo data). Metrics are defined in the catalog (:mod:`sixsigma.catalog`)."""

from sixsigma.warehouse.store import GRAINS, Warehouse, default_path

__all__ = ["GRAINS", "Warehouse", "default_path"]
