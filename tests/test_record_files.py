"""Hostile and broken record files, through the real entry point: each is refused with exit 2
and one line (``file:line: what is wrong; how to fix``), the file is left unchanged, and the
refusal comes at once (a hang guard, not a speed assertion, stops a case that would run on).

Then a bounded property-based fuzz over YAML documents for every record loader (project,
fishbone, IPO, C&E matrix, FMEA, report config): any exception that is not a SixSigmaError
fails the test.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import functools
import shutil
import signal
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sixsigma.cli.app import main
from sixsigma.errors import SixSigmaError
from sixsigma.records import MAX_ALIAS_NODES, MAX_BYTES, MAX_DEPTH

REPO_PROJECTS = Path(__file__).resolve().parents[1] / "projects"
FLAGSHIP = "reduce-intl-hotel-manual-cpo"


@contextlib.contextmanager
def hang_guard(seconds: int = 30):
    """Fail (instead of hanging the suite for minutes) if the block runs on and on."""
    def _raise(signum, frame):
        raise AssertionError(f"still running after {seconds} s: the limit did not stop it")

    old = signal.signal(signal.SIGALRM, _raise)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def run(capsys, *args):
    with hang_guard():
        code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def projects(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "projects"
    shutil.copytree(REPO_PROJECTS / FLAGSHIP, root / FLAGSHIP)
    monkeypatch.setenv("SIXSIGMA_PROJECTS", str(root))
    return root


# -- the hostile files: (name, bytes, the line the error must name or None) ---------------------

def _bomb() -> tuple[bytes, int]:
    """Billion laughs: 9 levels of 9 aliases each (9**9 'lol's when expanded)."""
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    names = "abcdefghi"
    for prev, name in zip(names, names[1:], strict=False):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    # the documented budget: aliases may add MAX_ALIAS_NODES values; level k+1 adds 9 * size(k)
    size, added, expected_line = 10, 0, None  # size of level a: the list and its 9 strings
    for line_no in range(2, len(lines) + 1):
        added += 9 * size
        if added > MAX_ALIAS_NODES and expected_line is None:
            expected_line = line_no
        size = 1 + 9 * size
    return ("\n".join(lines) + "\n").encode(), expected_line


BOMB, BOMB_LINE = _bomb()
HOSTILE = {
    "alias bomb": (BOMB, BOMB_LINE, "aliases expand to more than"),
    "recursive alias": (b"title: x\nloop: &x\n  - 1\n  - *x\n", 4, "recursive structure"),
    "huge": (b"title: '" + b"x" * (MAX_BYTES + 10) + b"'\n", None, "more than the 5 MB"),
    "binary": (b"title: x\nbelt: green\n\x00\x01\x02\x89PNG\n", 3, "not a text file"),
    "invalid utf-8": (b"title: x\nleader: Li \xff\xfe\n", 2, "not UTF-8 text (byte 0xff)"),
    "control character": (b"title: x\nbelt: green\nleader: a\x07b\n", 3, "control character U+0007"),
    "escape character": (b"title: x\n\x1b[31mred: 1\n", 2, "control character U+001B"),
    "deep nesting": (b"title: x\nx: " + b"[" * 5000 + b"]" * 5000 + b"\n", 2,
                     f"nested more than {MAX_DEPTH} levels"),
    "deep block nesting": ("".join(" " * i + f"k{i}:\n" for i in range(400)).encode(), MAX_DEPTH + 1,
                           f"nested more than {MAX_DEPTH} levels"),
    "scanner error": (b"title: x\nbelt: 'green\n", None, "not valid YAML"),
    "parser error": (b"title: x\nbelt: [green\nleader: y\n", None, "not valid YAML"),
    "mapping error": (b"title: x\n  belt: green: x\n", 2, "not valid YAML: mapping values are not allowed"),
    "bad tagged int": (b"title: x\ntarget: !!int many\n", 2, "cannot read the value 'many'"),
    "impossible date": (b"title: x\ncreated: 2024-13-45\n", 2, "cannot read the value '2024-13-45'"),
    "python tag": (b"title: !!python/object/apply:os.system ['true']\n", 1, "not valid YAML"),
}


def _check_refusal(code, out, err, path: Path, line, phrase):
    assert code == 2, (out, err)
    assert err.startswith("error: ") and err.count("\n") == 1, err  # one line, no traceback
    assert "Traceback" not in err and phrase in err, err
    if line is not None:
        assert f"{path}:{line}: " in err, err
    else:
        assert str(path) in err, err
    assert "; " in err  # what is wrong; how to fix it


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_project_yaml_is_refused_with_one_line(projects, capsys, case):
    content, line, phrase = HOSTILE[case]
    path = projects / FLAGSHIP / "project.yaml"
    path.write_bytes(content)
    before = sorted(p.name for p in path.parent.iterdir())
    code, out, err = run(capsys, "project", "status", FLAGSHIP)
    _check_refusal(code, out, err, path, line, phrase)
    # a command that would write refuses the same way, before changing anything
    code, out, err = run(capsys, "project", "tollgate", FLAGSHIP, "define")
    _check_refusal(code, out, err, path, line, phrase)
    assert path.read_bytes() == content
    assert sorted(p.name for p in path.parent.iterdir()) == before  # no lock or temp file left


@pytest.mark.parametrize("case", ["alias bomb", "huge", "binary", "control character", "deep nesting",
                                  "recursive alias", "impossible date"])
def test_hostile_fishbone_is_refused_by_every_rootcause_command(projects, capsys, case):
    content, line, phrase = HOSTILE[case]
    path = projects / FLAGSHIP / "fishbone.yaml"
    path.write_bytes(content)
    for args in (["fishbone", FLAGSHIP], ["list", FLAGSHIP], ["status", FLAGSHIP, "x", "rejected", "--reason", "r"],
                 ["add", FLAGSHIP, "A new cause", "--category", "method"]):
        code, out, err = run(capsys, "rootcause", *args)
        _check_refusal(code, out, err, path, line, phrase)
    assert path.read_bytes() == content


def test_a_record_that_is_a_folder_is_one_line(projects, capsys):
    path = projects / FLAGSHIP / "project.yaml"
    path.unlink()
    path.mkdir()
    code, out, err = run(capsys, "project", "status", FLAGSHIP)
    assert code == 2 and err == f"error: {path} is a folder, not a file; give the path of a YAML file\n"
    fb = projects / FLAGSHIP / "fishbone.yaml"
    fb.unlink()
    fb.mkdir()
    code, out, err = run(capsys, "rootcause", "fishbone", FLAGSHIP)
    assert code == 2 and err == f"error: {fb} is a folder, not a file; give the path of a YAML file\n"


@pytest.mark.parametrize("case", ["folder", "alias bomb", "binary", "deep nesting", "control character"])
def test_report_config_hostile_or_a_folder_is_one_line(tmp_path, demo_warehouse, capsys, case):
    out_html = tmp_path / "report.html"
    if case == "folder":
        cfg = tmp_path / "configs"
        cfg.mkdir()
        line, phrase = None, "is a folder, not a file"
    else:
        content, line, phrase = HOSTILE[case]
        cfg = tmp_path / "my_report.yaml"
        cfg.write_bytes(content)
    code, out, err = run(capsys, "report", "monthly", "--month", "2025-10", "--config", cfg,
                         "--warehouse", demo_warehouse, "--out", out_html)
    _check_refusal(code, out, err, cfg, line, phrase)
    assert not out_html.exists()  # nothing half-written


def test_aliases_within_the_budget_still_work(tmp_path):
    """Anchors and merge keys are ordinary YAML: a record may use them within the limits."""
    from sixsigma.records import read_source

    path = tmp_path / "r.yaml"
    path.write_text("base: &b {x: 1, y: 2}\nother:\n  <<: *b\n  z: 3\nboth: [*b, *b]\n")
    assert read_source(path).data == {"base": {"x": 1, "y": 2}, "other": {"x": 1, "y": 2, "z": 3},
                                      "both": [{"x": 1, "y": 2}, {"x": 1, "y": 2}]}


# -- fuzz: every record loader raises only SixSigmaError ---------------------------------------

def _load_project(path: Path):
    from sixsigma.dmaic.store import load_file

    return load_file(path)


def _load_config(path: Path):
    from sixsigma.reporting.config import load_config

    return load_config(path)


def _rootcause_loader(name: str):
    def load(path: Path):
        from sixsigma.rootcause.records import load_folder

        folder = path.parent / "rc"
        folder.mkdir(exist_ok=True)
        shutil.copy(path, folder / name)
        return load_folder(folder, "fuzz")

    return load


LOADERS = {
    "project.yaml": (_load_project, REPO_PROJECTS / FLAGSHIP / "project.yaml"),
    "fishbone.yaml": (_rootcause_loader("fishbone.yaml"), REPO_PROJECTS / FLAGSHIP / "fishbone.yaml"),
    "ipo.yaml": (_rootcause_loader("ipo.yaml"), REPO_PROJECTS / FLAGSHIP / "ipo.yaml"),
    "ce_matrix.yaml": (_rootcause_loader("ce_matrix.yaml"), REPO_PROJECTS / FLAGSHIP / "ce_matrix.yaml"),
    "fmea.yaml": (_rootcause_loader("fmea.yaml"), REPO_PROJECTS / FLAGSHIP / "fmea.yaml"),
    "report config": (_load_config, Path(__file__).resolve().parents[1] / "sixsigma" / "reporting"
                      / "default_monthly.yaml"),
}


def _keys(data, out: set) -> set:
    if isinstance(data, dict):
        for k, v in data.items():
            out.add(str(k))
            _keys(v, out)
    elif isinstance(data, list):
        for v in data:
            _keys(v, out)
    return out


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the test's own parsing: fast


@functools.cache
def base(record: str):
    """The real record as data, the fishbone cut to its first 15 causes (a fast, valid base)."""
    data = yaml.load(LOADERS[record][1].read_text(encoding="utf-8"), Loader=_Loader)
    if record == "fishbone.yaml":
        keep = data["causes"][:15]
        ids = {c["id"] for c in keep}
        data["causes"] = [c for c in keep if c.get("parent") in (None, *ids)]
    return data


KEYS = sorted(set().union(*(_keys(base(r), set()) for r in LOADERS)))

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=20),
    st.dates(min_value=dt.date(1, 1, 1)), st.sampled_from(KEYS),
)
structures = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=8), st.integers()), inner, max_size=5),
    ),
    max_leaves=25,
)
yaml_punctuation = st.text(alphabet=st.sampled_from(list(":-[]{}&*!|>'\"#%@`,? \n\t.0123456789abcxyz<=~\\")),
                           max_size=120)


def _dump(value) -> str:
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False)


@st.composite
def documents(draw, record: str):
    """A YAML document: random text, a random structure, or the real record with one part replaced."""
    kind = draw(st.sampled_from(["text", "punctuation", "structure", "mutated", "spliced"]))
    if kind == "text":
        return draw(st.text(max_size=200))
    if kind == "punctuation":
        return draw(yaml_punctuation)
    if kind == "structure":
        return _dump(draw(structures))
    data = copy.deepcopy(base(record))
    if kind == "mutated":  # the real record with 1-4 values somewhere deep replaced by random ones
        for _ in range(draw(st.integers(min_value=1, max_value=4))):
            path, node = [], data
            while isinstance(node, (dict, list)) and node and draw(st.integers(0, 9)) < 8:
                key = draw(st.sampled_from(list(node) if isinstance(node, dict) else range(len(node))))
                path.append(key)
                node = node[key]
            if not path:
                continue
            parent = data
            for key in path[:-1]:
                parent = parent[key]
            parent[path[-1]] = draw(structures)
        return _dump(data)
    lines = _dump(data).splitlines(keepends=True)  # spliced: one line of the real text replaced
    i = draw(st.integers(min_value=0, max_value=max(len(lines) - 1, 0)))
    lines[i:i + 1] = [draw(yaml_punctuation) + "\n"]
    return "".join(lines)


@pytest.mark.parametrize("record", list(LOADERS))
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_fuzz_every_record_loader_raises_only_its_own_error(record, data):
    load, real = LOADERS[record]
    text = data.draw(documents(record))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / (real.name if record != "report config" else "report.yaml")
        path.write_text(text, encoding="utf-8")
        try:
            with hang_guard():
                load(path)
        except SixSigmaError as exc:
            assert str(exc).strip(), "an error must say what is wrong"
        # any other exception propagates and fails the test with the document that caused it
