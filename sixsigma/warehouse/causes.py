"""Former home of the cause index, kept so ``from sixsigma.warehouse.causes import ...`` works.

The index now lives with the root-cause domain (:mod:`sixsigma.rootcause.cause_index`) and
writes through the generic :func:`sixsigma.warehouse.tables.replace_tables`; nothing in
``sixsigma.warehouse`` imports this module. Import from ``sixsigma.rootcause.cause_index``.
"""

from sixsigma.rootcause.cause_index import rebuild_cause_index, verified_by_category

__all__ = ["rebuild_cause_index", "verified_by_category"]
