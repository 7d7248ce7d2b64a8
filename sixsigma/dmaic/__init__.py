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

from sixsigma.dmaic.analysis import (
    BaselineResult,
    ProjectResult,
    baseline_window,
    compute_baseline,
    compute_result,
    record_baseline,
    record_result,
    result_window,
)
from sixsigma.dmaic.models import BELT_LABELS, BELTS, CHECKS, PHASES, Project, belt_rank
from sixsigma.dmaic.portfolio import Portfolio, ProjectStatus, portfolio, project_status
from sixsigma.dmaic.store import (
    load_all,
    load_file,
    load_project,
    new_project,
    project_ids,
    save_project,
    slugify,
    templates,
)
from sixsigma.dmaic.tollgate import TollgateFailed, TollgateResult, check_phase, pass_tollgate

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
