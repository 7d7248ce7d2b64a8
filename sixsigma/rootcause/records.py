"""A project's root-cause records, loaded and checked together, and saved atomically.

``load_project(id)`` reads whichever of ``fishbone.yaml``, ``ipo.yaml``, ``ce_matrix.yaml``
and ``fmea.yaml`` the project folder holds, validates each, checks the references between them
(IPO inputs, C&E inputs and FMEA rows that name a fishbone cause) and raises one
:class:`~sixsigma.errors.RecordError` listing every problem with file and line. Nothing is
written by a load, so a failed command leaves the files untouched. A command that changes a
record loads and saves it under the project's lock (:func:`sixsigma.paths.project_lock`);
:meth:`ProjectRecords.save_fishbone` takes the same (re-entrant) lock itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sixsigma.errors import RecordError
from sixsigma.paths import lock_folder, project_dir, projects_dir
from sixsigma.records import Problem, Source, cross_check, read_source, record_error, save, validate
from sixsigma.rootcause import checks
from sixsigma.rootcause.models import FMEA, IPO, RECORD_FILES, CEMatrix, Effect, Fishbone

FISHBONE, IPO_FILE, CE_FILE, FMEA_FILE = RECORD_FILES


@dataclass
class ProjectRecords:
    """The root-cause records of one project folder (absent files are None)."""

    project: str
    folder: Path
    fishbone: Fishbone | None = None
    ipo: IPO | None = None
    ce: CEMatrix | None = None
    fmea: FMEA | None = None
    sources: dict[str, Source] = field(default_factory=dict)

    def path(self, name: str) -> Path:
        return self.folder / name

    def require(self, attr: str) -> object:
        """The record, or a clear error saying which file is missing."""
        value = getattr(self, attr)
        if value is None:
            name = {"fishbone": FISHBONE, "ipo": IPO_FILE, "ce": CE_FILE, "fmea": FMEA_FILE}[attr]
            hint = (" start one with `sixsigma rootcause add PROJECT TEXT --category people --effect TEXT`"
                    if attr == "fishbone" else " write it by hand (see projects/reduce-intl-hotel-manual-cpo)")
            raise RecordError(f"{self.folder / name} does not exist;{hint}")
        return value

    def save_fishbone(self, fb: Fishbone) -> Path:
        """Write the fishbone atomically, keeping the text and comments of unchanged causes."""
        src = self.sources.get(FISHBONE)
        path = self.path(FISHBONE)
        with lock_folder(self.folder, f"project {self.project}"):
            out = save(path, fb, source=src, old_model=self.fishbone if src else None,
                       header=None if src else "Fishbone (Ishikawa) record; see `sixsigma rootcause --help`.")
        self.fishbone = fb
        self.sources[FISHBONE] = read_source(path)
        return out


def load_folder(folder: str | Path, project: str | None = None) -> ProjectRecords:
    """Load and check every root-cause record in a folder; one RecordError lists all problems."""
    folder = Path(folder)
    rec = ProjectRecords(project=project or folder.name, folder=folder)
    problems: list[Problem] = []
    models: dict[str, object] = {}
    found: dict[str, list[Problem]] = {}  # field problems per file
    for name, cls in RECORD_FILES.items():
        path = folder / name
        if not path.exists():
            continue
        src = read_source(path)
        rec.sources[name] = src
        model, probs = validate(cls, src)
        problems += probs
        found[name] = probs
        models[name] = model
    fb_src = rec.sources.get(FISHBONE)
    fb_found = found.get(FISHBONE, [])
    cause_ids = cross_check(checks.fishbone_ids, fb_src.data, found=fb_found) if fb_src is not None else None
    cause_ids = set(cause_ids) if cause_ids is not None else None
    if fb_src is not None:
        problems += cross_check(checks.check_fishbone, fb_src, found=fb_found)
    for name, check in ((IPO_FILE, checks.check_ipo), (CE_FILE, checks.check_ce), (FMEA_FILE, checks.check_fmea)):
        if name in rec.sources:
            problems += cross_check(check, rec.sources[name], cause_ids, found=found[name] + fb_found)
    if problems:
        raise record_error(problems)
    rec.fishbone = models.get(FISHBONE)
    rec.ipo = models.get(IPO_FILE)
    rec.ce = models.get(CE_FILE)
    rec.fmea = models.get(FMEA_FILE)
    return rec


def load_project(project_id: str) -> ProjectRecords:
    """Load a project's records from ``projects_dir()/project_id`` (the id checked by the one
    id rule first, so it cannot reach outside the projects folder)."""
    return load_folder(project_dir(project_id), project_id)


def new_fishbone(effect: str, metric: str | None = None, filters: dict | None = None) -> Fishbone:
    return Fishbone(effect=Effect(text=effect, metric=metric, filters=filters or {}))


def project_folders(root: str | Path | None = None) -> list[Path]:
    """Project folders (under ``projects_dir()`` by default) that hold a fishbone."""
    root = Path(root) if root is not None else projects_dir()
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and (p / FISHBONE).exists())
