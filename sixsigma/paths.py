"""Where things live in a workspace, and the one way files are written (atomically)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from sixsigma.errors import InputError, unknown

PROJECTS_ENV = "SIXSIGMA_PROJECTS"


def projects_dir() -> Path:
    """The folder of DMAIC project folders: $SIXSIGMA_PROJECTS, else ./projects."""
    return Path(os.environ.get(PROJECTS_ENV) or "projects")


def project_dir(project_id: str, must_exist: bool = True) -> Path:
    """The folder of one project; a clear error listing the projects when it does not exist."""
    root = projects_dir()
    path = root / project_id
    if must_exist and not path.is_dir():
        found = [p.name for p in root.iterdir() if p.is_dir()] if root.is_dir() else []
        raise unknown("project", project_id, found or [f"(none under {root})"])
    return path


def ensure_dir(folder: str | Path) -> Path:
    """Create folder (and its parents) if missing; a clear error when that is impossible."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        blocker = next((p for p in (folder, *folder.parents) if p.exists() and not p.is_dir()), folder)
        raise InputError(
            f"cannot create the folder {folder}: {blocker} is a file, not a folder; "
            "choose another location"
        ) from None
    except OSError as exc:
        raise InputError(
            f"cannot create the folder {folder}: {exc.strerror or exc}; choose a writable location"
        ) from None
    return folder


def atomic_write_text(path: str | Path, text: str) -> Path:
    """Write text to path via a temporary file in the same folder and a rename.

    A failure part-way leaves the old file untouched (never a half-written file).
    """
    path = Path(path)
    if path.is_dir():
        raise InputError(f"cannot write {path}: it is a folder; give a file name, e.g. {path / 'out.html'}")
    ensure_dir(path.parent)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise InputError(
            f"cannot write {path}: {exc.strerror or exc}; choose a file in a writable folder"
        ) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the usual file mode
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
