"""Where things live in a workspace, the one rule for ids that become paths, the per-project
lock, and the one way files are written (atomically)."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from sixsigma.errors import InputError, SixSigmaError, unknown

PROJECTS_ENV = "SIXSIGMA_PROJECTS"

#: The one rule for an id that becomes a folder or file name (project ids, template names):
#: lower-case ASCII letters, digits and Chinese characters (CJK Unified Ideographs and
#: Extension A: Chinese titles give readable ids), then also '-' and '_'; at most ID_MAX
#: characters and ID_MAX_BYTES bytes of UTF-8 (a file name holds 255 bytes).
#: No dot, slash, backslash, space, NUL or other character can pass, so no ``..`` either.
HAN = "\u3400-\u4dbf\u4e00-\u9fff"
ID_PATTERN = re.compile(f"[a-z0-9{HAN}][a-z0-9_\\-{HAN}]*")
ID_MAX = 100
ID_MAX_BYTES = 200


def check_id(value: str, what: str = "project id") -> str:
    """``value`` if it is a safe folder name under the one rule, else a one-line InputError.

    No slashes, dots, ``..``, NUL, spaces or absolute paths can pass, so an id can never
    reach outside its folder.
    """
    if (not isinstance(value, str) or not ID_PATTERN.fullmatch(value) or len(value) > ID_MAX
            or len(value.encode("utf-8")) > ID_MAX_BYTES):
        shown = repr(value) if isinstance(value, str) and len(value) <= 60 else repr(str(value)[:57] + "...")
        raise InputError(f"{what} {shown} is not valid: use lower-case letters, digits, '-' and '_' "
                         f"(Chinese characters too; starting with a letter, digit or Chinese character, "
                         f"at most {ID_MAX} characters)")
    return value


def make_id(title: str, max_length: int = 60) -> str:
    """An id from a title under the one rule: ASCII words and runs of Chinese characters,
    lower-cased and joined by hyphens, cut at a word boundary within ``max_length``
    characters (a long Chinese run is cut inside). Accents are dropped ('Café' -> 'cafe'),
    full-width letters folded ('ＣＰＯ' -> 'cpo').

    >>> make_id("降低国际酒店人工CPO")
    '降低国际酒店人工-cpo'
    """
    import unicodedata

    text = unicodedata.normalize("NFKD", str(title))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    slug = ""
    for word in re.findall(f"[a-z0-9]+|[{HAN}]+", text):
        nxt = f"{slug}-{word}" if slug else word
        if len(nxt) > max_length:
            if not slug and re.match(f"[{HAN}]", word):
                slug = word[:max_length]
            break
        slug = nxt
    if not slug:
        raise InputError(f"cannot make a folder name from the title {title!r}; give --id SLUG "
                         "(letters, digits and hyphens)")
    return slug


def projects_dir() -> Path:
    """The folder of DMAIC project folders: $SIXSIGMA_PROJECTS, else ./projects."""
    return Path(os.environ.get(PROJECTS_ENV) or "projects")


def project_dir(project_id: str, must_exist: bool = True) -> Path:
    """The folder of one project; a clear error listing the projects when it does not exist.

    The id is checked with :func:`check_id` first, so it cannot name a path outside the root.
    """
    root = projects_dir()
    path = root / check_id(project_id)
    if must_exist and not path.is_dir():
        found = [p.name for p in root.iterdir() if p.is_dir()] if root.is_dir() else []
        raise unknown("project", project_id, found or [f"(none under {root})"])
    return path


# -- the per-project lock --------------------------------------------------------------------

LOCK_FILE = ".lock"
LOCK_WAIT = 5.0  # seconds a command waits for another one to finish before it says busy


class BusyError(SixSigmaError):
    """Another command is changing the same project right now."""


_held = threading.local()  # folder -> depth, per thread: the lock is re-entrant in one thread


@contextlib.contextmanager
def project_lock(project_id: str, must_exist: bool = True, wait: float | None = None) -> Iterator[Path]:
    """Hold the project's lock around a read-modify-write of its records; yields its folder.

    The lock is ``fcntl.flock`` on ``<projects>/<id>/.lock`` (created when missing; it holds
    the owner's pid for the busy message). The kernel releases a flock when its process dies,
    so a lock file left by a killed command is simply taken over. A command waits ``wait``
    seconds (default ``LOCK_WAIT``), then raises :class:`BusyError`. Re-entrant within one
    thread. ``must_exist``: the project must be there already (else the usual unknown-project
    error); otherwise a folder the lock had to create is removed again if it is left empty.
    """
    with lock_folder(project_dir(project_id, must_exist=must_exist), f"project {project_id}", wait) as folder:
        yield folder


@contextlib.contextmanager
def lock_folder(folder: str | Path, name: str, wait: float | None = None) -> Iterator[Path]:
    """The lock of :func:`project_lock` on any records folder (``name`` goes in the busy message)."""
    import fcntl

    folder = Path(folder)
    key = str(folder.resolve())
    held = getattr(_held, "locks", None)
    if held is None:
        held = _held.locks = {}
    if held.get(key):
        held[key] += 1
        try:
            yield folder
        finally:
            held[key] -= 1
        return
    created = not folder.exists()
    path = folder / LOCK_FILE
    deadline = time.monotonic() + (LOCK_WAIT if wait is None else wait)
    fd = None
    try:
        while True:
            ensure_dir(folder)
            try:
                fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError as exc:
                raise InputError(f"cannot lock {path}: {exc.strerror or exc}; check that the projects "
                                 "folder is writable") from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                    raise
                os.close(fd)
                fd = None
                if time.monotonic() >= deadline:
                    owner = _lock_owner(path)
                    raise BusyError(f"{name} is being changed by another command"
                                    f"{f' (pid {owner})' if owner else ''}; try again") from None
                time.sleep(0.05)
                continue
            try:  # the file we locked must still be the one at the path (not unlinked meanwhile)
                same = os.path.samestat(os.fstat(fd), os.stat(path))
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(fd)
            fd = None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        held[key] = 1
        try:
            yield folder
        finally:
            held.pop(key, None)
            with contextlib.suppress(OSError):
                os.unlink(path)  # while still holding it: a waiter then finds the path gone and retries
    finally:
        if fd is not None:
            os.close(fd)
        if created:
            with contextlib.suppress(OSError):
                folder.rmdir()  # only succeeds when the command left the new folder empty


def _lock_owner(path: Path) -> int | None:
    try:
        text = path.read_text(encoding="ascii", errors="replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


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
