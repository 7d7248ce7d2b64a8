"""YAML records (projects, root-cause records, report configs), read and written safely.

Every problem is reported with its line; writes are atomic.

Loading composes the YAML node tree (which keeps each node's line) and builds the plain data
from it in one parse, so a pydantic error location such as ``("causes", 12, "status")`` maps
back to ``fishbone.yaml:87``. Every problem of a file is collected before anything is raised.

Saving keeps the user's text where the record did not change: each top-level key, and each
item of a top-level list of records with ``id``s, is copied verbatim (comments included) when
its content is unchanged, and only changed or new items are re-serialised in place. The
result is parsed back and compared with the model; if the splice cannot reproduce the model
exactly, the whole record is re-serialised (keeping the header comments). Either way the file
is written through :func:`sixsigma.paths.atomic_write_text` (temp file + rename).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from sixsigma.errors import RecordError
from sixsigma.paths import atomic_write_text


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a record file, with where it is."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


@dataclass
class Source:
    """A record file as read: its text, the composed node tree and the plain data."""

    path: Path
    text: str
    node: yaml.Node | None
    data: Any

    def line(self, loc: tuple | list) -> int | None:
        """1-based line of the deepest node that ``loc`` (keys and list indexes) reaches."""
        if self.node is None:
            return None
        return node_at(self.node, loc).start_mark.line + 1

    def problem(self, loc: tuple | list, message: str) -> Problem:
        return Problem(str(self.path), self.line(loc), field_name(loc), message)


def field_name(loc) -> str:
    """('causes', 3, 'status') -> 'causes[3].status'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def node_at(node: yaml.Node, loc) -> yaml.Node:
    """Follow keys/indexes from node as far as they exist; return the node reached."""
    cur = node
    for part in loc:
        if isinstance(cur, yaml.MappingNode):
            nxt = next(
                (v for k, v in cur.value if isinstance(k, yaml.ScalarNode) and k.value == str(part)),
                None,
            )
        elif isinstance(cur, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(cur.value):
            nxt = cur.value[part]
        else:
            nxt = None
        if nxt is None:
            break
        cur = nxt
    return cur


#: Limits of a record file: records are small hand-written YAML texts.
MAX_BYTES = 5 * 1024 * 1024  # a bigger file is refused before it is read
MAX_DEPTH = 100  # nested mappings/lists
MAX_ALIAS_NODES = 10_000  # nodes that aliases (*name, <<: *name) may add when expanded


class _Refused(Exception):
    """A limit hit while composing (carries the mark of the offending node)."""

    def __init__(self, mark, message: str):
        super().__init__(message)
        self.mark, self.message = mark, message


class _LimitedLoader(yaml.SafeLoader):
    """PyYAML's safe loader with limits: nesting depth, alias expansion, no recursive aliases.

    Aliases share one node, so composing a billion-laughs bomb is cheap but everything that
    walks the data afterwards (duplicate keys, pydantic, cross checks) would expand it. Each
    alias is therefore charged the size of the subtree it stands for (sizes memoised per node,
    so the charge costs time linear in the file) against ``MAX_ALIAS_NODES``.
    """

    def __init__(self, stream: str):
        super().__init__(stream)
        self._open: list[yaml.Node] = []  # the collections being composed (the ancestors)
        self._sizes: dict[int, int] = {}
        self._alias_nodes = 0

    def compose_node(self, parent, index):
        if parent is not None:
            self._open.append(parent)
        try:
            return self._compose(parent, index)
        finally:
            if parent is not None:
                self._open.pop()

    def _compose(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            target = self.anchors.get(event.anchor)
            if target is not None and any(target is n for n in self._open):
                raise _Refused(event.start_mark, f"alias *{event.anchor} refers to the mapping or list it "
                                                 "is inside (a recursive structure); write the value out")
            node = super().compose_node(parent, index)
            self._alias_nodes += self._size(node)
            if self._alias_nodes > MAX_ALIAS_NODES:
                raise _Refused(event.start_mark, f"aliases expand to more than {MAX_ALIAS_NODES:,} values "
                                                 "(an alias bomb?); write the repeated parts out")
            return node
        if len(self._open) >= MAX_DEPTH and self.check_event(yaml.CollectionStartEvent):
            raise _Refused(self.peek_event().start_mark,
                           f"nested more than {MAX_DEPTH} levels deep; flatten the structure")
        return super().compose_node(parent, index)

    def _size(self, node: yaml.Node) -> int:
        """Number of values in the expanded subtree of a (complete, acyclic) node."""
        key = id(node)
        if key not in self._sizes:
            if isinstance(node, yaml.SequenceNode):
                self._sizes[key] = 1 + sum(self._size(v) for v in node.value)
            elif isinstance(node, yaml.MappingNode):
                self._sizes[key] = 1 + sum(self._size(k) + self._size(v) for k, v in node.value)
            else:
                self._sizes[key] = 1
        return self._sizes[key]

    def construct_object(self, node, deep=False):
        try:
            return super().construct_object(node, deep)
        except (ValueError, TypeError, ArithmeticError) as exc:
            raise _Refused(node.start_mark, f"cannot read the value {_short(node)}: {exc}; "
                                            "quote it to keep it as text, or correct it") from None


def _short(node: yaml.Node) -> str:
    text = node.value if isinstance(node, yaml.ScalarNode) else node.tag
    return repr(text if len(text) <= 40 else text[:37] + "...")


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def _read_text(path: Path) -> str:
    """The file's text: refuses a folder, a file too big, a binary file and invalid UTF-8."""
    try:
        if path.is_dir():
            raise RecordError(f"{path} is a folder, not a file; give the path of a YAML file")
        if path.exists() and not path.is_file():
            raise RecordError(f"{path} is not a regular file; give the path of a YAML file")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise RecordError(f"{path} is {size / 2**20:.1f} MB, more than the {MAX_BYTES // 2**20} MB a "
                              "record may be; is it the right file? (records are small YAML texts)")
        with open(path, "rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise RecordError(f"{path}: file not found") from None
    except OSError as exc:
        raise RecordError(f"{path}: cannot be read ({exc.strerror or exc}); check the path "
                          "and its permissions") from None
    if len(raw) > MAX_BYTES:  # grew while being read
        raise RecordError(f"{path} is more than the {MAX_BYTES // 2**20} MB a record may be; "
                          "is it the right file?")
    nul = raw.find(b"\0")
    if nul >= 0:
        line = raw.count(b"\n", 0, nul) + 1
        raise RecordError(f"{path}:{line}: not a text file (it holds NUL bytes); "
                          "give a YAML text file saved as UTF-8")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise RecordError(f"{path}:{line}: not UTF-8 text (byte 0x{raw[exc.start]:02x}); "
                          "save the file as UTF-8") from None


def read_source(path: str | Path) -> Source:
    """Parse a YAML file keeping its node tree, within limits; every problem is one RecordError.

    Refused with the reason (``file:line: what; how to fix``): a folder, a missing or
    unreadable file, more than ``MAX_BYTES``, NUL bytes or invalid UTF-8, a control character,
    a syntax error, nesting deeper than ``MAX_DEPTH``, aliases expanding to more than
    ``MAX_ALIAS_NODES`` values, a recursive alias, a value a tag cannot build (``!!int x``).
    """
    path = Path(path)
    text = _read_text(path)
    bad = yaml.reader.Reader.NON_PRINTABLE.search(text)
    if bad:
        raise RecordError(f"{path}:{_line_of(text, bad.start())}: control character "
                          f"U+{ord(bad.group()):04X} is not allowed in YAML; delete it (or write it "
                          "as an escape such as \\t inside double quotes)")
    loader = _LimitedLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except _Refused as exc:
        raise RecordError(f"{path}:{exc.mark.line + 1}: {_one_line(exc.message)}") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f":{mark.line + 1}" if mark else ""
        what = _one_line(exc.problem or exc)
        if exc.context and exc.problem:
            what = f"{what} ({_one_line(exc.context)})"
        raise RecordError(f"{path}{line}: not valid YAML: {what}; check the indentation, quotes "
                          "and colons on that line") from None
    except yaml.YAMLError as exc:  # a reader error not caught above
        pos = getattr(exc, "position", None)
        line = f":{_line_of(text, pos)}" if isinstance(pos, int) else ""
        raise RecordError(f"{path}{line}: not valid YAML: {_one_line(exc)}") from None
    except RecursionError:  # pragma: no cover - the depth limit comes first
        raise RecordError(f"{path}: nested too deeply; flatten the structure") from None
    finally:
        loader.dispose()
    return Source(path, text, node, data)


def duplicate_keys(source: Source) -> list[Problem]:
    """Keys written twice in one mapping (YAML would silently keep the last one).

    A node reached again through an alias is walked once (aliases share their node).
    """
    problems: list[Problem] = []
    seen_nodes: set[int] = set()

    def walk(node, loc):
        if isinstance(node, yaml.CollectionNode):
            if id(node) in seen_nodes:
                return
            seen_nodes.add(id(node))
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for k, v in node.value:
                key = k.value if isinstance(k, yaml.ScalarNode) else None
                if key is not None:
                    if key in seen:
                        problems.append(
                            Problem(str(source.path), k.start_mark.line + 1, field_name((*loc, key)),
                                    f"key written twice (first at line {seen[key]})")
                        )
                    else:
                        seen[key] = k.start_mark.line + 1
                walk(v, (*loc, key))
        elif isinstance(node, yaml.SequenceNode):
            for i, v in enumerate(node.value):
                walk(v, (*loc, i))

    if source.node is not None:
        walk(source.node, ())
    return problems


def validate(model_cls: type[BaseModel], source: Source) -> tuple[BaseModel | None, list[Problem]]:
    """Validate the data against the model; every pydantic error becomes a Problem with a line."""
    problems = duplicate_keys(source)
    data = source.data
    if not isinstance(data, dict):
        problems.append(Problem(str(source.path), 1, "", "expected a mapping of fields at the top"))
        return None, problems
    try:
        return model_cls.model_validate(data), problems
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            loc = [p for p in err["loc"] if isinstance(p, (int, str))]
            msg = err["msg"].removeprefix("Value error, ")
            if err["type"] == "extra_forbidden":
                msg = "unknown field (check the spelling)"
            elif err["type"] == "missing":
                msg = "required field is missing"
            elif isinstance(err.get("input"), (int, float, str)) and not isinstance(err.get("input"), bool):
                msg += f" (got {err['input']!r})"
            problems.append(source.problem(loc, msg))
        return None, problems


def cross_check(check, *args, found: list[Problem]) -> list[Problem]:
    """Run a check across fields on the raw data (it reports even when some fields failed).

    Data malformed enough to break such a check (a list where an id belongs, ...) has already
    been reported by the field validation (``found``): those problems stand for the check's.
    A check that breaks on data with no field problem is a bug and propagates.
    """
    try:
        return list(check(*args))
    except (TypeError, AttributeError, KeyError, IndexError, ValueError):
        if found:
            return []
        raise


def record_error(problems: list[Problem]) -> RecordError:
    """One RecordError whose message lists every problem, one per line (sorted by file and line)."""
    problems = sorted(problems, key=lambda p: (p.file, p.line or 0))
    files = sorted({p.file for p in problems})
    head = (
        f"{files[0]} has {len(problems)} problem{'s' if len(problems) > 1 else ''}"
        if len(files) == 1
        else f"{len(problems)} problems in {', '.join(files)}"
    )
    if len(problems) == 1:  # one line the user can act on: file:line: field: what is wrong
        return RecordError(str(problems[0]), problems=[str(problems[0])])
    listed = "\n".join(f"  {p}" for p in problems)  # one per line under the head
    return RecordError(f"{head}; fix them and run again:\n{listed}",
                       problems=[str(p) for p in problems])


# -- writing ---------------------------------------------------------------------------------

class _Dumper(yaml.SafeDumper):
    """Block style for records; short lists and small flat mappings inline (diff friendly)."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)  # indent list items under their key


_SCALARS = (str, int, float, bool, type(None))


def _is_scalarish(v) -> bool:
    import datetime as dt

    return isinstance(v, (*_SCALARS, dt.date))


def _repr_list(dumper, data):
    flow = all(_is_scalarish(v) for v in data) and len(repr(data)) <= 80
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


def _repr_dict(dumper, data):
    flat = all(
        _is_scalarish(v) or (isinstance(v, list) and all(_is_scalarish(x) for x in v))
        for v in data.values()
    )
    flow = flat and len(data) <= 4 and len(repr(data)) <= 80
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=flow)


_Dumper.add_representer(list, _repr_list)
_Dumper.add_representer(dict, _repr_dict)


def dump_yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=10_000)


def to_data(model: BaseModel) -> dict:
    """The model as plain data for YAML: field order kept, empty and None fields left out."""
    return _prune(model.model_dump(mode="python", exclude_none=True))


def _prune(obj):
    if isinstance(obj, dict):
        return {k: _prune(v) for k, v in obj.items() if v not in (None, [], {})}
    if isinstance(obj, list):
        return [_prune(v) for v in obj]
    return obj


def _is_comment(line: str) -> bool:
    return line.lstrip().startswith("#")


def _comment_start(lines: list[str], line: int, floor: int) -> int:
    """First line of the comment block directly above ``line`` (not above ``floor``)."""
    while line > floor and _is_comment(lines[line - 1]):
        line -= 1
    return line


def _indent(text: str, n: int) -> str:
    pad = " " * n
    return "".join(pad + ln if ln.strip() else ln for ln in text.splitlines(keepends=True))


def _ensure_nl(text: str) -> str:
    return text if text.endswith("\n") or not text else text + "\n"


def _splice_list(key: str, old_items, new_items, seq: yaml.Node, lines, body_start, body_end):
    """Re-emit a block list of id'd records, copying unchanged items' text verbatim."""
    if not (isinstance(seq, yaml.SequenceNode) and not seq.flow_style and seq.value):
        return None
    if not all(isinstance(i, dict) and "id" in i for i in [*old_items, *new_items]):
        return None
    item_lines = [n.start_mark.line for n in seq.value]
    if len(set(item_lines)) != len(item_lines) or len(old_items) != len(item_lines):
        return None
    if not all(lines[i].lstrip().startswith("-") for i in item_lines):
        return None
    dash = lines[item_lines[0]].index("-")
    starts = []
    floor = body_start + 1
    for ln in item_lines:
        starts.append(_comment_start(lines, ln, floor))
        floor = ln + 1
    ends = [*starts[1:], body_end]
    head = "".join(lines[body_start:starts[0]])
    regions = {}
    for old, s, ln, e in zip(old_items, starts, item_lines, ends, strict=True):
        regions[old["id"]] = (old, "".join(lines[s:ln]), _ensure_nl("".join(lines[ln:e])))
    out = [head]
    for item in new_items:
        if item["id"] in regions:
            old, comments, body = regions[item["id"]]
            out.append(comments + (body if old == item else _indent(dump_yaml([item]), dash)))
        else:
            out.append(_indent(dump_yaml([item]), dash))
    return "".join(out)


def render(data: dict, source: Source | None = None, old_data: dict | None = None) -> str:
    """YAML text for ``data``, reusing ``source``'s text for parts equal in ``old_data``."""
    if source is None or not isinstance(source.node, yaml.MappingNode) or source.node.flow_style:
        return dump_yaml(data)
    old_data = old_data or {}
    lines = source.text.splitlines(keepends=True)
    if lines:
        lines[-1] = _ensure_nl(lines[-1])
    last = len(lines)
    while last > 0 and (not lines[last - 1].strip() or _is_comment(lines[last - 1])):
        last -= 1
    footer = "".join(lines[last:])
    entries = [(k.value, k.start_mark.line, v) for k, v in source.node.value]
    if not entries:
        return "".join(lines[:last]) + dump_yaml(data) + footer
    starts, floor = [], 0
    for _, ln, _ in entries:
        starts.append(_comment_start(lines, ln, floor))
        floor = ln + 1
    ends = [*starts[1:], last]
    header = "".join(lines[: starts[0]])
    regions = {
        key: ("".join(lines[s:ln]), ln, e, node)
        for (key, ln, node), s, e in zip(entries, starts, ends, strict=True)
    }
    order = [k for k, _, _ in entries if k in data] + [k for k in data if k not in regions]
    out = [header]
    for key in order:
        value = data[key]
        if key not in regions:
            out.append(dump_yaml({key: value}))
            continue
        comments, ln, end, node = regions[key]
        body = _ensure_nl("".join(lines[ln:end]))
        if old_data.get(key) == value:
            out.append(comments + body)
            continue
        spliced = None
        if isinstance(value, list) and isinstance(old_data.get(key), list):
            spliced = _splice_list(key, old_data[key], value, node, lines, ln, end)
        out.append(comments + (spliced if spliced is not None else dump_yaml({key: value})))
    return "".join(out) + footer


def save(path: str | Path, model: BaseModel, source: Source | None = None,
         old_model: BaseModel | None = None, header: str | None = None) -> Path:
    """Write ``model`` to ``path`` atomically, keeping the text and comments of unchanged parts.

    ``source``/``old_model`` are what :func:`read_source` and validation returned when the
    record was loaded; without them the record is serialised afresh (``header`` comment lines
    go on top).
    """
    data = to_data(model)
    fresh = dump_yaml(data)
    if header:
        fresh = "".join(f"# {ln}\n" if ln else "#\n" for ln in header.splitlines()) + fresh
    text = fresh
    if source is not None:
        text = render(data, source, to_data(old_model) if old_model is not None else None)
        if not _same(text, model):
            text = _header_of(source) + dump_yaml(data)
    return atomic_write_text(path, text)


def _header_of(source: Source) -> str:
    out = []
    for ln in source.text.splitlines(keepends=True):
        if ln.strip() and not _is_comment(ln):
            break
        out.append(ln)
    return "".join(out)


def _same(text: str, model: BaseModel) -> bool:
    try:
        again = type(model).model_validate(yaml.safe_load(text))
    except (yaml.YAMLError, ValidationError):
        return False
    return again == model


# -- shared record models (DMAIC projects and root-cause records) ------------------------------
class RecordModel(BaseModel):
    """Base of every record model: unknown keys are errors (a typo must not vanish), and every
    number is finite (NaN and inf refused: ``sixsigma.finite.FINITE_FIELDS``, spelled out here
    because the catalog loads this module on ``--help``, where numpy must not be imported)."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, allow_inf_nan=False)


def as_list(value):
    """Filters accept ``dim: value`` as well as ``dim: [v1, v2]``."""
    if isinstance(value, dict):
        return {k: ([v] if isinstance(v, (str, int, float)) else v) for k, v in value.items()}
    return value


class Window(RecordModel):
    """A date window ``[start, end)`` (end exclusive)."""

    start: dt.date
    end: dt.date

    @model_validator(mode="after")
    def _ordered(self):
        if self.end <= self.start:
            raise ValueError(f"end {self.end} must be after start {self.start} (end is exclusive)")
        return self

    def label(self) -> str:
        """'2023-10-01..2023-12-31' (inclusive last day, as people read it)."""
        return f"{self.start.isoformat()}..{(self.end - dt.timedelta(days=1)).isoformat()}"
