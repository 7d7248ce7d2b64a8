"""Root-cause records as data: fishbone, IPO, cause-and-effect matrix, FMEA, Pareto, and the
verification of causes against the warehouse.

Records are YAML files in a project folder (``fishbone.yaml``, ``ipo.yaml``,
``ce_matrix.yaml``, ``fmea.yaml``), validated with pydantic; a load reports every problem
with file and line at once. Analyses return result objects (tables + ``summary()`` +
``to_dict()``); figures live in :mod:`sixsigma.plots.rootcause`.
"""

import importlib

# name -> (submodule, attribute); loaded on first use (PEP 562), so reading records (models,
# records, checks) does not import the verification's statistics
_LAZY = {
    "CEResult": ("ce_matrix", "CEResult"), "rank_ce": ("ce_matrix", "rank"),
    **{n: ("fishbone", n) for n in ("FishboneResult", "add_cause", "cause_table", "move_cause",
                                    "record_evidence", "set_status")},
    "analyze_fishbone": ("fishbone", "analyze"),
    "FMEAResult": ("fmea", "FMEAResult"), "rank_fmea": ("fmea", "rank"),
    "IPOResult": ("ipo", "IPOResult"), "analyze_ipo": ("ipo", "analyze"),
    **{n: ("models", n) for n in ("FMEA", "IPO", "Cause", "CEMatrix", "DataLink", "Evidence", "Fishbone")},
    "ParetoResult": ("pareto", "ParetoResult"),  # the function pareto: sixsigma.rootcause.pareto.pareto
    **{n: ("records", n) for n in ("ProjectRecords", "load_folder", "load_project")},
    "VerificationResult": ("verify", "VerificationResult"), "verify_cause": ("verify", "verify_cause"),
}


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(f"module 'sixsigma.rootcause' has no attribute {name!r}")
    module, attr = _LAZY[name]
    value = getattr(importlib.import_module(f"sixsigma.rootcause.{module}"), attr)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "FMEA", "IPO", "CEMatrix", "CEResult", "Cause", "DataLink", "Evidence", "FMEAResult", "Fishbone",
    "FishboneResult", "IPOResult", "ParetoResult", "ProjectRecords", "VerificationResult", "add_cause",
    "analyze_fishbone", "analyze_ipo", "cause_table", "load_folder", "load_project", "move_cause",
    "rank_ce", "rank_fmea", "record_evidence", "set_status", "verify_cause",
]
