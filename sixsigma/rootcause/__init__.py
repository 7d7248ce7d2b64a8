"""Root-cause records as data: fishbone, IPO, cause-and-effect matrix, FMEA, Pareto, and the
verification of causes against the warehouse.

Records are YAML files in a project folder (``fishbone.yaml``, ``ipo.yaml``,
``ce_matrix.yaml``, ``fmea.yaml``), validated with pydantic; a load reports every problem
with file and line at once. Analyses return result objects (tables + ``summary()`` +
``to_dict()``); figures live in :mod:`sixsigma.plots.rootcause`.
"""

from sixsigma.rootcause.ce_matrix import CEResult
from sixsigma.rootcause.ce_matrix import rank as rank_ce
from sixsigma.rootcause.fishbone import (
    FishboneResult,
    add_cause,
    cause_table,
    move_cause,
    record_evidence,
    set_status,
)
from sixsigma.rootcause.fishbone import analyze as analyze_fishbone
from sixsigma.rootcause.fmea import FMEAResult
from sixsigma.rootcause.fmea import rank as rank_fmea
from sixsigma.rootcause.ipo import IPOResult
from sixsigma.rootcause.ipo import analyze as analyze_ipo
from sixsigma.rootcause.models import FMEA, IPO, Cause, CEMatrix, DataLink, Evidence, Fishbone
from sixsigma.rootcause.pareto import ParetoResult, pareto
from sixsigma.rootcause.records import ProjectRecords, load_folder, load_project
from sixsigma.rootcause.verify import VerificationResult, verify_cause

__all__ = [
    "FMEA", "IPO", "CEMatrix", "CEResult", "Cause", "DataLink", "Evidence", "FMEAResult", "Fishbone",
    "FishboneResult", "IPOResult", "ParetoResult", "ProjectRecords", "VerificationResult", "add_cause",
    "analyze_fishbone", "analyze_ipo", "cause_table", "load_folder", "load_project", "move_cause",
    "pareto", "rank_ce", "rank_fmea", "record_evidence", "set_status", "verify_cause",
]
