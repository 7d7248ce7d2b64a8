"""The portfolio index: one row per project folder, kept in DuckDB, refreshed by file stamps.

Each folder's ``project.yaml`` and ``fishbone.yaml`` are stamped with their modification time
(ns) and size; a folder whose stamp differs from the indexed one (or a new folder) is read
again through :func:`sixsigma.dmaic.store.load_file` and the tollgate evidence checks, a
folder gone is dropped, and every other row is kept. A second ``project list`` over 1,000
projects therefore stats 2,000 files and reads no YAML at all; filters and sorts run in SQL.

Where the index lives: a DuckDB file in the user's cache (``$SIXSIGMA_CACHE``, else
``$XDG_CACHE_HOME/sixsigma``, else ``~/.cache/sixsigma``), one per projects folder and
catalog, named by a hash of the folder's absolute path and the catalog's name. Not in the warehouse: analyses open it read-only and
it may be a Spark table or a Parquet lake. Not in ``projects/``: that folder is under
version control and listing must leave it byte for byte untouched. It is only a cache:
deleted, it is rebuilt. A changed index is written to a temporary file and renamed over the
old one, so a concurrent reader sees the old index or the new one, never half of one; where
the cache cannot be written the index is built in memory for the one command.

What a row holds never depends on today's date; ``health`` (overdue...) is computed in the
query, as :func:`sixsigma.dmaic.portfolio.health` defines it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

from sixsigma.errors import InputError, unknown
from sixsigma.paths import projects_dir
from sixsigma.program.names import BELTS, PHASES, STAGES

INDEX_VERSION = 1
CACHE_ENV = "SIXSIGMA_CACHE"
WATCHED = ("project.yaml", "fishbone.yaml")

#: The index table: (column, DuckDB type).
COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "VARCHAR"), ("stamp", "VARCHAR"), ("problem", "VARCHAR"),
    ("title", "VARCHAR"), ("leader", "VARCHAR"), ("leader_belt", "VARCHAR"), ("belt", "VARCHAR"),
    ("status", "VARCHAR"), ("template", "VARCHAR"), ("created", "DATE"),
    ("phase", "VARCHAR"), ("phase_start", "DATE"), ("phase_due", "DATE"), ("closed_on", "DATE"),
    ("tollgates", "INTEGER"), *((f"{p}_days", "INTEGER") for p in PHASES),
    ("metric", "VARCHAR"), ("better", "VARCHAR"), ("business_lines", "VARCHAR"),
    ("mentors", "VARCHAR"), ("team", "VARCHAR"),
    ("baseline", "DOUBLE"), ("before", "DOUBLE"), ("current", "DOUBLE"), ("change_pct", "DOUBLE"),
    ("change_lo", "DOUBLE"), ("change_hi", "DOUBLE"), ("p_value", "DOUBLE"),
    ("significant", "BOOLEAN"), ("improved", "BOOLEAN"), ("verified_cause", "BOOLEAN"),
    ("result_start", "DATE"), ("result_end", "DATE"), ("result_days", "INTEGER"),
    ("result_denominator", "DOUBLE"),
)
NAMES = tuple(c for c, _ in COLUMNS)
SEP = "; "  # joins names in the text columns (business_lines, mentors, team)

_HEALTH = ("CASE WHEN status IN ('on_hold', 'cancelled') THEN status "
           "WHEN phase = 'closed' OR status = 'closed' THEN 'closed' "
           "WHEN phase_due < $today THEN 'overdue' ELSE 'on track' END")
_DAYS = "CASE WHEN phase = 'closed' OR phase_start IS NULL THEN NULL ELSE date_diff('day', phase_start, $today) END"


def _rank(values: tuple[str, ...], col: str) -> str:
    return f"list_position([{', '.join(repr(v) for v in values)}], {col})"


#: ``--sort`` keys and the SQL each orders by (a leading ``-`` sorts descending).
SORTS = {
    "id": "id", "title": "lower(title)", "leader": "lower(leader)", "belt": _rank(BELTS, "belt"),
    "phase": _rank(STAGES, "phase"), "metric": "metric", "change": "change_pct", "created": "created",
    "closed": "closed_on", "due": "phase_due", "days": _DAYS, "status": "health",
}


# -- where ------------------------------------------------------------------------------------
def cache_dir() -> Path:
    """$SIXSIGMA_CACHE, else $XDG_CACHE_HOME/sixsigma, else ~/.cache/sixsigma."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "sixsigma"


def index_path(root: Path | None = None) -> Path:
    """The index file of a projects folder (default: the active one) under the active catalog
    (a project valid under one catalog may not be under another, so each has its own index)."""
    from sixsigma.catalog import active

    root = Path(root or projects_dir()).resolve()
    key = hashlib.sha256(f"{root}\0{active().name}".encode()).hexdigest()[:16]
    return cache_dir() / f"portfolio-{key}.duckdb"


# -- stamps -----------------------------------------------------------------------------------
def stamps(root: Path | None = None) -> dict[str, str]:
    """{folder name: stamp} of every folder holding a project.yaml; a stamp is each watched
    file's ``mtime_ns:size`` (``-`` when absent)."""
    root = Path(root or projects_dir())
    out: dict[str, str] = {}
    try:
        entries = list(os.scandir(root))
    except (FileNotFoundError, NotADirectoryError):
        return out
    for e in entries:
        if not e.is_dir() or e.name.startswith("."):
            continue
        parts = []
        for name in WATCHED:
            try:
                st = os.stat(os.path.join(e.path, name))
                parts.append(f"{st.st_mtime_ns}:{st.st_size}")
            except FileNotFoundError:
                parts.append("-")
        if parts[0] != "-":
            out[e.name] = "|".join(parts)
    return out


# -- rows -------------------------------------------------------------------------------------
def read_row(pid: str, stamp: str) -> dict:
    """The index row of one folder: the project's facts, or its one-line problem."""
    from sixsigma.dmaic.store import PROJECT_FILE, load_file
    from sixsigma.errors import SixSigmaError
    from sixsigma.paths import check_id

    try:
        check_id(pid, "project folder")
        project = load_file(projects_dir() / pid / PROJECT_FILE)
    except SixSigmaError as exc:
        return {"id": pid, "stamp": stamp, "problem": " ".join(str(exc).split()) or "could not be read"}
    return {"id": pid, "stamp": stamp, "problem": None, **project_facts(pid, project)}


def project_facts(pid: str, p) -> dict:
    """What the index keeps of a :class:`~sixsigma.dmaic.models.Project` (see COLUMNS)."""
    from sixsigma.catalog import active
    from sixsigma.dmaic.models import Deliverable
    from sixsigma.dmaic.portfolio import phase_start
    from sixsigma.dmaic.tollgate import ProjectEvidence, check_deliverable

    phase = p.current_phase
    goal, r, team = p.charter.goal, p.result, p.charter.team
    days = {}
    for ph in p.phases:
        s, e = phase_start(p, ph.name), ph.tollgate.passed if ph.tollgate else None
        days[f"{ph.name}_days"] = (e - s).days if s is not None and e is not None else None
    leader = p.charter.leader
    verified, _ = check_deliverable(p, Deliverable(id="cause", name="verified cause", check="verified_cause"),
                                    ProjectEvidence(pid))
    good = r is not None and ((r.change_pct < 0) if goal.better == "down" else (r.change_pct > 0))
    control = p.phases[-1].tollgate
    return {
        "title": p.title, "leader": p.leader, "leader_belt": leader.belt if leader else None, "belt": p.belt,
        "status": p.status, "template": p.template, "created": p.created, "phase": phase,
        "phase_start": None if phase == "closed" else phase_start(p, phase),
        "phase_due": None if phase == "closed" else p.phase(phase).due,
        "closed_on": control.passed if phase == "closed" and control else None,
        "tollgates": sum(ph.tollgate is not None for ph in p.phases), **days,
        "metric": goal.metric, "better": goal.better,
        "business_lines": SEP.join(goal.filters.get(active().slice_by, [])),
        "mentors": SEP.join(m.name for m in team if m.role == "mentor"),
        "team": SEP.join(m.name for m in team),
        "baseline": p.baseline.value if p.baseline is not None else goal.baseline,
        "before": r.before if r else None, "current": r.value if r else None,
        "change_pct": r.change_pct if r else None,
        "change_lo": r.change_pct_ci[0] if r else None, "change_hi": r.change_pct_ci[1] if r else None,
        "p_value": r.test.p_value if r else None, "significant": r.test.significant if r else None,
        "improved": bool(r is not None and r.test.significant and good), "verified_cause": bool(verified),
        "result_start": r.window.start if r else None, "result_end": r.window.end if r else None,
        "result_days": r.n if r else None, "result_denominator": r.denominator if r else None,
    }


# -- the index file ---------------------------------------------------------------------------
def _indexed(path: Path) -> dict[str, str] | None:
    """{id: stamp} of an index file; None when it is missing, of another version or unreadable."""
    import duckdb

    if not path.exists():
        return None
    try:
        with duckdb.connect(str(path), read_only=True) as con:
            if con.execute("SELECT max(version) FROM meta").fetchone()[0] != INDEX_VERSION:
                return None
            return dict(con.execute("SELECT id, stamp FROM projects").fetchall())
    except duckdb.Error:
        return None


def _create(con) -> None:
    con.execute(f"CREATE TABLE projects ({', '.join(f'{c} {t}' for c, t in COLUMNS)})")
    con.execute("CREATE TABLE meta (version INTEGER)")
    con.execute("INSERT INTO meta VALUES (?)", [INDEX_VERSION])


def _fill(con, rows: list[dict], old: Path | None, keep: list[str]) -> None:
    """Insert the fresh rows and, from the old index, the rows of ``keep``."""
    import pandas as pd

    _create(con)
    if rows:
        fresh = pd.DataFrame(rows).reindex(columns=list(NAMES))  # noqa: F841 - read by DuckDB
        con.execute(f"INSERT INTO projects SELECT {', '.join(f'CAST({c} AS {t})' for c, t in COLUMNS)} FROM fresh")
    if old is not None and keep:
        quoted = str(old).replace("'", "''")
        con.execute(f"ATTACH '{quoted}' AS old (READ_ONLY)")
        con.execute("CREATE TEMP TABLE keep (id VARCHAR)")
        con.executemany("INSERT INTO keep VALUES (?)", [[k] for k in keep])
        con.execute("INSERT INTO projects SELECT * FROM old.projects WHERE id IN (SELECT id FROM keep)")
        con.execute("DETACH old")


@contextlib.contextmanager
def open_index(progress=None) -> Iterator[tuple[object, list[str]]]:
    """The refreshed index as a read-only DuckDB connection, and the ids re-read this time.

    ``progress(done, total)`` is called while changed folders are read (first call: all).
    """
    import duckdb

    path = index_path()
    now = stamps()
    old = _indexed(path)
    reread = sorted(pid for pid, s in now.items() if old is None or old.get(pid) != s)
    gone = old is not None and any(pid not in now for pid in old)
    if old is not None and not reread and not gone:
        with duckdb.connect(str(path), read_only=True) as con:
            yield con, []
        return
    rows = []
    for i, pid in enumerate(reread):
        rows.append(read_row(pid, now[pid]))
        if progress is not None:
            progress(i + 1, len(reread))
    keep = [pid for pid in now if pid not in set(reread)]
    src = path if old is not None else None
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.unlink(missing_ok=True)
        with duckdb.connect(str(tmp)) as con:
            _fill(con, rows, src, keep)
        os.replace(tmp, path)
    except (OSError, duckdb.Error):  # the cache cannot be written: an index in memory
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        with duckdb.connect() as con:
            _fill(con, rows, src if src is not None and src.exists() else None, keep)
            yield con, reread
        return
    with duckdb.connect(str(path), read_only=True) as con:
        yield con, reread


# -- queries ----------------------------------------------------------------------------------
def _date(text, what: str) -> dt.date | None:
    if text is None or isinstance(text, dt.date):
        return text
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{what} {text!r} is not an ISO date like 2024-03-01") from None


def select(con, *, phase: str | None = None, belt: str | None = None, leader: str | None = None,
           metric: str | None = None, business_line: str | None = None, overdue: bool = False,
           closed_since: str | dt.date | None = None, sort: str = "id", today: dt.date | None = None,
           columns: tuple[str, ...] | None = None) -> list[dict]:
    """The readable projects that pass every filter, sorted, as dicts (with ``health`` and
    ``days_in_phase``). ``leader`` matches part of the name, any case; ``business_line`` one of
    the goal's slice values; ``sort`` is a key of :data:`SORTS`, ``-key`` descending."""
    if phase is not None and phase not in STAGES:
        raise unknown("phase", phase, STAGES)
    if belt is not None and belt not in BELTS:
        raise unknown("belt", belt, BELTS)
    desc = sort.startswith("-")
    key = sort.lstrip("-")
    if key not in SORTS:
        raise unknown("sort key", key, list(SORTS))
    params: dict = {"today": today or dt.date.today()}
    where = ["problem IS NULL"]
    for col, val in (("phase", phase), ("belt", belt), ("metric", metric)):
        if val is not None:
            where.append(f"{col} = ${col}")
            params[col] = val
    if leader is not None:
        where.append("contains(lower(leader), lower($leader))")
        params["leader"] = leader
    if business_line is not None:
        where.append(f"list_contains(string_split(business_lines, '{SEP}'), $line)")
        params["line"] = business_line
    if overdue:
        where.append("health = 'overdue'")
    since = _date(closed_since, "--closed-since")
    if since is not None:
        where.append("closed_on >= $since")
        params["since"] = since
    cols = ", ".join(columns) if columns else "*"
    sql = (f"SELECT {cols} FROM (SELECT *, {_HEALTH} AS health, {_DAYS} AS days_in_phase FROM projects) "
           f"WHERE {' AND '.join(where)} "
           f"ORDER BY {SORTS[key]} {'DESC' if desc else 'ASC'} NULLS LAST, id")
    cur = con.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def unreadable(con) -> list[dict]:
    """Folders whose record cannot be read: id and problem, by id."""
    return [{"id": i, "problem": p} for i, p in
            con.execute("SELECT id, problem FROM projects WHERE problem IS NOT NULL ORDER BY id").fetchall()]
