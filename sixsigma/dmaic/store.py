"""Project folders on disk: load with every problem at once, save atomically, create from a template.

A project is ``<projects>/<id>/project.yaml`` (``<projects>`` is ``$SIXSIGMA_PROJECTS`` or
``./projects``). Loading composes the YAML node tree, so each problem a validation finds
(pydantic's, and the checks spanning fields in :func:`sixsigma.dmaic.models.cross_checks`)
is reported with its file, line and field, all in one :class:`~sixsigma.errors.RecordError`
(the record reader of :mod:`sixsigma.records`, shared by every YAML record).

Saving keeps the file git friendly: fields in the model's order, block style, short flat
lists and mappings inline, and every top-level section that did not change copied verbatim
with its comments. The text is written through :func:`sixsigma.paths.atomic_write_text`.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from sixsigma.catalog import active
from sixsigma.dmaic.models import (
    BELTS,
    Charter,
    DataCollection,
    Goal,
    Phase,
    Project,
    TeamMember,
    Template,
    cross_checks,
)
from sixsigma.errors import InputError, RecordError, SixSigmaError, unknown
from sixsigma.paths import (
    ID_PATTERN,
    atomic_write_text,
    check_id,
    make_id,
    project_dir,
    project_lock,
    projects_dir,
)
from sixsigma.records import Problem, Source, cross_check, read_source, record_error, validate

PROJECT_FILE = "project.yaml"
TEMPLATE_DIR = Path(__file__).parent / "templates"


# -- reading ----------------------------------------------------------------------------------
def problems_of(model_cls: type[BaseModel], src: Source) -> tuple[BaseModel | None, list[Problem]]:
    """Validate a source: the model (None if any problem) and every problem with its line.

    Field problems come from pydantic, the ones spanning fields from
    :func:`sixsigma.dmaic.models.cross_checks`; both are located through the YAML node marks.
    """
    model, problems = validate(model_cls, src)
    spanning = cross_check(cross_checks, src.data, found=problems)
    problems = [*problems, *(src.problem(loc, msg) for loc, msg in spanning)]
    return (None if problems else model), problems


def load_file(path: str | Path) -> Project:
    """Load and validate one project.yaml; one RecordError lists every problem."""
    model, problems = problems_of(Project, read_source(path))
    if problems:
        raise record_error(problems)
    return model


def load_project(project_id: str) -> Project:
    """The project ``project_id`` under the projects folder (clear error if it is not there)."""
    folder = project_dir(project_id)
    path = folder / PROJECT_FILE
    if not path.exists():
        raise RecordError(f"{path} does not exist; create a project with `sixsigma project new TITLE --metric M`")
    return load_file(path)


def project_ids() -> list[str]:
    """Ids (folder names) of every project folder holding a project.yaml, sorted."""
    root = projects_dir()
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if p.is_dir() and (p / PROJECT_FILE).exists())


def load_all() -> dict[str, Project]:
    """Every project, by id. Problems in any file are collected into one RecordError
    (:func:`scan_projects` instead keeps the good ones and names the bad ones)."""
    out, problems = {}, []
    for pid in project_ids():
        model, probs = problems_of(Project, read_source(projects_dir() / pid / PROJECT_FILE))
        problems += probs
        if model is not None:
            out[pid] = model
    if problems:
        raise record_error(problems)
    return out


def scan_projects() -> tuple[dict[str, Project], dict[str, str]]:
    """Every readable project by id, and every unreadable one by id with its one-line reason.

    One broken ``project.yaml`` (bad YAML, a failed validation, a hostile file refused by the
    reader's limits, a folder whose id breaks the id rule) never hides the others.
    """
    good: dict[str, Project] = {}
    bad: dict[str, str] = {}
    for pid in project_ids():
        try:
            check_id(pid, "project folder")
            good[pid] = load_file(projects_dir() / pid / PROJECT_FILE)
        except SixSigmaError as exc:
            bad[pid] = " ".join(str(exc).split()) or "could not be read"
    return good, bad


# -- writing ----------------------------------------------------------------------------------
class _Dumper(yaml.SafeDumper):
    """Block style; list items indented under their key; short flat lists and maps inline."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)

    fold = True

    def ignore_aliases(self, data):  # a date used twice is written twice, never as &id001
        return True


class _PlainDumper(_Dumper):
    """The same style without folded texts (the fallback when folding would not round-trip)."""

    fold = False


class _Top(dict):
    """The document's top-level mapping: always block style."""


def _scalar(v) -> bool:
    return isinstance(v, (str, int, float, bool, type(None), dt.date))


def _repr_list(dumper, data):
    flow = all(_scalar(v) for v in data) and len(repr(data)) <= 70
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


def _repr_str(dumper, data):
    """Long one-line texts folded (``>-``) at the line width, as people write them."""
    if dumper.fold and len(data) > 88 and data.isprintable() and data == data.strip() and "  " not in data:
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=">")
    return dumper.represent_str(data)


def _repr_dict(dumper, data):
    flat = all(_scalar(v) or (isinstance(v, list) and all(_scalar(x) for x in v)) for v in data.values())
    flow = flat and len(data) <= 5 and len(repr(data)) <= 110
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=flow)


_Dumper.add_representer(str, _repr_str)
_Dumper.add_representer(list, _repr_list)
_Dumper.add_representer(dict, _repr_dict)
_Dumper.add_representer(
    _Top, lambda d, data: d.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=False))


def dump_yaml(data: Any, fold: bool = True, unicode: bool = True) -> str:
    """Git-friendly YAML: key order kept, block style, short flat lists and mappings inline.

    ``unicode=False`` escapes non-ASCII characters (the last resort for characters such as
    U+0085 that a YAML reader would take as a line break).
    """
    if isinstance(data, dict):
        data = _Top(data)
    return yaml.dump(data, Dumper=_Dumper if fold else _PlainDumper, sort_keys=False,
                     allow_unicode=unicode, width=100)


def to_data(model: BaseModel) -> dict:
    """The model as plain data in field order; None fields and empty mappings left out (empty
    texts and lists stay, as slots to fill in)."""
    return _prune(model.model_dump(mode="python", exclude_none=True))


def _prune(obj):
    if isinstance(obj, dict):
        return {k: _prune(v) for k, v in obj.items() if v != {}}
    if isinstance(obj, list):
        return [_prune(v) for v in obj]
    return obj


def _comment_start(lines: list[str], line: int, floor: int) -> int:
    while line > floor and lines[line - 1].lstrip().startswith("#"):
        line -= 1
    return line


def _comments(text: str | None) -> str:
    return "".join(f"# {ln}".rstrip() + "\n" for ln in text.splitlines()) if text else ""


def render(data: dict, source: Source | None = None, old: dict | None = None,
           header: str | None = None) -> str:
    """YAML for ``data``; top-level sections equal in ``old`` keep ``source``'s text verbatim.

    A changed section is re-serialised, keeping the comment block written above it and the
    blank lines after it. ``header`` (comment text) replaces the source's leading comments.
    """
    if source is None or not isinstance(source.node, yaml.MappingNode) or source.node.flow_style:
        return _comments(header) + dump_yaml(data)
    lines = source.text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    entries = [(k.value, k.start_mark.line) for k, _ in source.node.value]
    starts, floor = [], None
    for _, ln in entries:  # a key owns the comments right above it (the first key: none)
        starts.append(ln if floor is None else _comment_start(lines, ln, floor))
        floor = ln + 1
    ends = [*starts[1:], len(lines)]
    regions = {key: (s, ln, e) for (key, ln), s, e in zip(entries, starts, ends, strict=True)}
    first = starts[0] if starts else len(lines)
    out = [_comments(header) if header is not None else "".join(lines[:first])]
    for key, value in data.items():
        if key not in regions:  # a new section: set off by a blank line
            gap = isinstance(value, (dict, list)) and not "".join(out[-1:]).endswith("\n\n")
            out.append(("\n" if gap else "") + dump_yaml({key: value}))
            continue
        s, ln, e = regions[key]
        if old is not None and key in old and old[key] == value:
            out.append("".join(lines[s:e]))
            continue
        blank = e
        while blank > ln + 1 and not lines[blank - 1].strip():
            blank -= 1
        out.append("".join(lines[s:ln]) + dump_yaml({key: value}) + "".join(lines[blank:e]))
    return "".join(out)


def save_project(project_id: str, project: Project) -> Path:
    """Write the project atomically, keeping unchanged sections' text and comments (an
    unchanged project is not written at all).

    Taken under the project's lock (re-entrant: a command that loaded the project under
    :func:`sixsigma.paths.project_lock` holds it already, which is what makes its
    read-modify-write safe against a concurrent one).
    """
    with project_lock(project_id, must_exist=False):
        path = projects_dir() / project_id / PROJECT_FILE
        if not path.exists():
            return _write(path, project, None, None, None)
        src = read_source(path)
        old, _ = validate(Project, src)  # compare validated sections, so defaults do not count as edits
        if old == project:
            return path  # nothing changed: the file stays byte for byte as it is
        return _write(path, project, src, to_data(old) if old is not None else src.data, None)


def _write(path: Path, project: Project, src: Source | None, old: dict | None, header: str | None) -> Path:
    """Write the first rendering that reads back as exactly ``project``: the splice keeping
    unchanged sections, else a fresh serialisation (folded texts, then plain, then escaped)."""
    data = to_data(project)
    top = _comments(header) if header is not None else _leading_comments(src)
    for text in (render(data, src, old, header), top + dump_yaml(data), top + dump_yaml(data, fold=False),
                 top + dump_yaml(data, fold=False, unicode=False)):
        try:
            if Project.model_validate(yaml.safe_load(text)) == project:
                return atomic_write_text(path, text)
        except (yaml.YAMLError, ValidationError):
            continue
    raise RecordError(f"{path}: the project could not be written so that it reads back the same; "
                      "nothing was written")  # pragma: no cover - a YAML library fault


def _leading_comments(src: Source | None) -> str:
    out = []
    for ln in (src.text.splitlines(keepends=True) if src else []):
        if ln.strip() and not ln.lstrip().startswith("#"):
            break
        out.append(ln)
    return "".join(out)


# -- creating ---------------------------------------------------------------------------------
def slugify(title: str, max_length: int = 60) -> str:
    """'Reduce international hotel manual CPO' -> 'reduce-international-hotel-manual-cpo',
    '降低国际酒店人工CPO' -> '降低国际酒店人工-cpo' (:func:`sixsigma.paths.make_id`)."""
    return make_id(title, max_length)


def templates() -> list[str]:
    """Names of the templates shipped with the package."""
    return sorted(p.stem for p in TEMPLATE_DIR.glob("*.yaml"))


def template_source(name_or_path: str | Path) -> Source:
    """A shipped template by name (``dmaic``, ``quick_win``) or a user's template file by path."""
    p = Path(name_or_path)
    if p.suffix in {".yaml", ".yml"} or p.exists():
        if not p.exists():
            raise InputError(f"template file {p} not found")
        return read_source(p)
    if not isinstance(name_or_path, str) or not ID_PATTERN.fullmatch(name_or_path):
        raise unknown("template", str(name_or_path), templates())
    shipped = TEMPLATE_DIR / f"{name_or_path}.yaml"
    if not shipped.exists():
        raise unknown("template", str(name_or_path), templates())
    return read_source(shipped)


def load_template(name_or_path: str | Path) -> tuple[Template, Source]:
    """Load and validate a template; one RecordError lists every problem with its line."""
    src = template_source(name_or_path)
    model, problems = problems_of(Template, src)
    if problems:
        raise record_error(problems)
    return model, src


def new_project(
    title: str,
    metric: str,
    *,
    filters: dict[str, list[str]] | None = None,
    belt: str = "green",
    leader: str | None = None,
    template: str | Path = "dmaic",
    target: float | None = None,
    due: dt.date | None = None,
    start: dt.date | None = None,
    project_id: str | None = None,
) -> tuple[str, Path]:
    """Create ``<projects>/<slug>/project.yaml`` from a template; returns (id, path).

    The phases' planned lengths become start and due dates from ``start`` (today); the
    goal's direction comes from the metric catalog and the data collection plan's operational
    definition from the metric's definition and the filters.
    """
    m = active().metric(metric)
    if belt not in BELTS:
        raise unknown("belt", belt, BELTS)
    pid = check_id(slugify(title) if project_id is None else project_id)  # --id '' is refused
    path = projects_dir() / pid / PROJECT_FILE
    if path.exists():
        raise InputError(f"{path} already exists; choose another title or give --id")
    if target is not None and not math.isfinite(target):
        raise InputError(f"--target {target} is not a finite number; give the goal's target value")
    tpl, src = load_template(template)
    start = start or dt.date.today()
    if due is not None and due <= start:
        raise InputError(f"--due {due} must be after the start {start}")
    phases, day = [], start
    for tp in tpl.phases:
        end = day + dt.timedelta(days=tp.days)
        phases.append(Phase(name=tp.name, start=day if not phases else None, due=end,
                            deliverables=tp.deliverables))
        day = end
    active().check_filters(filters)
    filters = {k: list(v) for k, v in (filters or {}).items()}
    where = "; ".join(f"{k} in {', '.join(v)}" for k, v in filters.items())
    charter_data = tpl.charter.model_dump(exclude_none=True)
    charter_data["goal"] = Goal(metric=m.name, filters=filters, direction=m.better, target=target,
                                due=due or day)
    team = list(tpl.charter.team)
    if leader:
        team = [TeamMember(name=leader, role="leader", belt=belt), *team]
    charter_data["team"] = team
    dc = tpl.data_collection.model_copy(update={
        "operational_definition": tpl.data_collection.operational_definition
        or f"{m.label} ({m.unit}): {m.description}" + (f" Only {where}." if where else ""),
        "owner": tpl.data_collection.owner or (leader or ""),
    })
    project = Project(
        title=title, belt=belt, template=tpl.template.name, created=start,
        charter=Charter.model_validate(charter_data), sipoc=tpl.sipoc, voc=tpl.voc,
        data_collection=DataCollection.model_validate(dc.model_dump()), phases=phases,
        rounds=tpl.rounds, control_plan=tpl.control_plan,
    )
    header = (f"DMAIC project: {title}\n"
              f"Created {start} from the {tpl.template.name} template. Edit it freely, then check it:\n"
              f"  sixsigma project status {pid}\n"
              f"  sixsigma project tollgate {pid} PHASE")
    with project_lock(pid, must_exist=False):  # two `project new` of one id: the second is refused
        if path.exists():
            raise InputError(f"{path} already exists; choose another title or give --id")
        return pid, _write(path, project, src, src.data, header)
