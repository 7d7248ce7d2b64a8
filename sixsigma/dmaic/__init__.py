"""DMAIC projects: a folder per project, created from a template, checked, computed and reported.

>>> from sixsigma.dmaic import load_project, compute_result, check_phase
>>> project = load_project("reduce-intl-hotel-manual-cpo")
>>> with Warehouse(path, read_only=True) as wh:
...     res = compute_result(wh, project, "reduce-intl-hotel-manual-cpo")
>>> print(res.summary())          # "... a 27.6% drop (95% CI -29.0% to -26.2%) ..."
>>> check_phase(project, "reduce-intl-hotel-manual-cpo", "measure").passed

- :mod:`~sixsigma.dmaic.models`: the project record (charter, SIPOC, VOC, phases, rounds,
  control plan, computed baseline and result) and the belt ladder;
- :mod:`~sixsigma.dmaic.store`: load (every problem at once, with file and line), save
  (atomic, git friendly), create from a template (``templates/dmaic.yaml``, ``quick_win.yaml``);
- :mod:`~sixsigma.dmaic.analysis`: baseline and result from the warehouse;
- :mod:`~sixsigma.dmaic.tollgate`: deliverables checked against the evidence;
- :mod:`~sixsigma.dmaic.portfolio`: a project's status and the portfolio;
- :mod:`~sixsigma.dmaic.storyboard`: what the storyboard report shows.
"""

import importlib

# name -> submodule; loaded on first use (PEP 562), so reading a project record (store, models)
# does not import the analyses, statistics and charts behind compute_result
_LAZY = {
    **dict.fromkeys(("BaselineResult", "ProjectResult", "baseline_window", "compute_baseline",
                     "compute_result", "record_baseline", "record_result", "result_window"), "analysis"),
    **dict.fromkeys(("BELT_LABELS", "BELTS", "CHECKS", "PHASES", "Project", "belt_rank"), "models"),
    **dict.fromkeys(("Portfolio", "ProjectStatus", "portfolio", "project_status"), "portfolio"),
    **dict.fromkeys(("load_all", "load_file", "load_project", "new_project", "project_ids",
                     "save_project", "slugify", "templates"), "store"),
    **dict.fromkeys(("TollgateFailed", "TollgateResult", "check_phase", "pass_tollgate"), "tollgate"),
}


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(f"module 'sixsigma.dmaic' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"sixsigma.dmaic.{_LAZY[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "BELTS",
    "BELT_LABELS",
    "CHECKS",
    "PHASES",
    "BaselineResult",
    "Portfolio",
    "Project",
    "ProjectResult",
    "ProjectStatus",
    "TollgateFailed",
    "TollgateResult",
    "baseline_window",
    "belt_rank",
    "check_phase",
    "compute_baseline",
    "compute_result",
    "load_all",
    "load_file",
    "load_project",
    "new_project",
    "pass_tollgate",
    "portfolio",
    "project_ids",
    "project_status",
    "record_baseline",
    "record_result",
    "result_window",
    "save_project",
    "slugify",
    "templates",
]
