"""Ids that cannot escape the projects folder, a portfolio that survives a broken project, and
record updates that are never lost to a concurrent command — through the real entry point
(``main``) and, for concurrency, through separate processes.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import yaml

from sixsigma.cli.app import main

REPO_PROJECTS = Path(__file__).resolve().parents[2] / "projects"
FLAGSHIP = "reduce-intl-hotel-manual-cpo"
CLI = "import sys; from sixsigma.cli.app import main; sys.exit(main(sys.argv[1:]))"


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def tree(root: Path) -> dict[str, str]:
    """Every file and folder under root with a hash of its bytes (folders: 'dir')."""
    return {str(p.relative_to(root)): ("dir" if p.is_dir() else hashlib.sha256(p.read_bytes()).hexdigest())
            for p in sorted(root.rglob("*"))}


# -- ids -------------------------------------------------------------------------------------

@pytest.fixture
def workspace(tmp_path, monkeypatch) -> Path:
    """tmp/ws/projects (the projects folder, holding the flagship) and, outside it, tmp/evil and
    tmp/ws/evil: real project folders that an escaping id would read or write."""
    root = tmp_path / "ws" / "projects"
    shutil.copytree(REPO_PROJECTS / FLAGSHIP, root / FLAGSHIP)
    for outside in (tmp_path / "evil", tmp_path / "ws" / "evil"):
        shutil.copytree(REPO_PROJECTS / FLAGSHIP, outside)
    (tmp_path / "etc").mkdir()
    (tmp_path / "etc" / "passwd").write_text("root:x:0:0\n")
    monkeypatch.setenv("SIXSIGMA_PROJECTS", str(root))
    monkeypatch.chdir(tmp_path / "ws")  # so a relative default output (reports/...) lands in tmp
    return tmp_path


def bad_ids(tmp: Path) -> list[str]:
    return ["../../evil", "../evil", "..", ".", "", "evil/../../evil", f"{FLAGSHIP}/../../evil",
            str(tmp / "evil"), "/etc/passwd", "a/b", "a\\b", "a\x00b", " evil", "Evil", "_x", "x" * 101, "evil\n"]


ID_COMMANDS = [
    ["project", "status", "{id}"],
    ["project", "baseline", "{id}", "--warehouse", "{wh}"],
    ["project", "result", "{id}", "--warehouse", "{wh}"],
    ["project", "tollgate", "{id}", "define"],
    ["project", "report", "{id}", "--warehouse", "{wh}"],
    ["project", "new", "Evil project", "--metric", "manual_cpo", "--id", "{id}"],
    ["rootcause", "add", "{id}", "A cause", "--category", "method"],
    ["rootcause", "add", "{id}", "A cause", "--category", "method", "--effect", "Y"],
    ["rootcause", "list", "{id}"],
    ["rootcause", "show", "{id}"],
    ["rootcause", "move", "{id}", "ppl-training", "--category", "method"],
    ["rootcause", "status", "{id}", "ppl-training", "rejected", "--reason", "no"],
    ["rootcause", "verify", "{id}", "sys-pending-confirmation", "--warehouse", "{wh}"],
    ["rootcause", "fishbone", "{id}"],
    ["rootcause", "ipo", "{id}"],
    ["rootcause", "ce", "{id}"],
    ["rootcause", "fmea", "{id}"],
]


@pytest.mark.parametrize("command", ID_COMMANDS, ids=lambda c: " ".join(c[:2]) + (" --effect" if "--effect" in c else ""))
def test_an_id_that_would_escape_is_refused_and_nothing_is_touched(workspace, demo_warehouse, capsys, command):
    before = tree(workspace)
    for pid in bad_ids(workspace):
        args = [a.replace("{id}", pid).replace("{wh}", str(demo_warehouse)) for a in command]
        code, out, err = run(capsys, *args)
        assert code == 2, (pid, out, err)
        assert err.startswith("error: ") and err.count("\n") == 1, (pid, err)
        assert "is not valid: use lower-case letters, digits, '-' and '_'" in err, (pid, err)
        assert tree(workspace) == before, pid  # nothing read into a report, written or created


def test_the_one_rule_is_the_one_project_new_uses(workspace, capsys):
    code, out, _ = run(capsys, "project", "new", "Fine", "--metric", "manual_cpo", "--id", "ok-id_2", "--json")
    assert code == 0 and json.loads(out)["id"] == "ok-id_2"
    code, out, err = run(capsys, "project", "status", "ok-id_2")
    assert code == 0, err


@pytest.mark.parametrize("template", ["../../evil", "../templates/dmaic", "../../../../etc/passwd", "a\x00b"])
def test_a_template_name_cannot_escape_the_templates_folder(workspace, capsys, template):
    """A shipped template's name obeys the id rule (a path to one's own template file, with its
    .yaml suffix or existing, is read as that file: the documented --template PATH)."""
    before = tree(workspace)
    code, _, err = run(capsys, "project", "new", "T", "--metric", "manual_cpo", "--template", template)
    assert code == 2 and err.count("\n") == 1 and "template" in err, err
    assert tree(workspace) == before


@pytest.mark.parametrize("cause", ["../../evil", "", "a\x00b", "/etc/passwd"])
def test_a_bad_cause_id_is_one_line(workspace, capsys, cause):
    before = tree(workspace)
    for args in (["show", FLAGSHIP, cause], ["status", FLAGSHIP, cause, "rejected", "--reason", "r"],
                 ["add", FLAGSHIP, "A cause", "--category", "method", "--id", cause]):
        code, _, err = run(capsys, "rootcause", *args)
        assert code == 2 and err.startswith("error: ") and err.count("\n") == 1, (args, err)
        assert "Traceback" not in err
    assert tree(workspace) == before


# -- project list with a broken project ------------------------------------------------------

def test_project_list_names_the_broken_projects_and_lists_the_others(workspace, capsys):
    root = workspace / "ws" / "projects"
    (root / "bomb").mkdir()
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for prev, name in zip("abcdefghi", "bcdefghi", strict=False):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    (root / "bomb" / "project.yaml").write_text("\n".join(lines) + "\n")
    (root / "typo").mkdir()
    flagship_text = (root / FLAGSHIP / "project.yaml").read_text()
    (root / "typo" / "project.yaml").write_text(flagship_text.replace("belt: black", "belt: purple", 1))
    (root / "cfg-folder").mkdir()
    (root / "cfg-folder" / "project.yaml").mkdir()  # a folder where the file belongs
    before = tree(workspace)

    code, out, err = run(capsys, "project", "list")
    assert code == 0, err
    assert "DMAIC projects" in out and "Projects that could not be read" in out  # (ids wrap in a narrow table)
    assert "3 projects could not be read and are left out: bomb, cfg-folder, typo" in out
    for bad in ("bomb", "typo", "cfg-folder"):
        assert bad in out
    warnings = err.splitlines()
    assert len(warnings) == 3 and all(w.startswith("warning: ") for w in warnings)
    assert any("bomb/project.yaml:" in w and "aliases expand to more than" in w for w in warnings)
    assert any("typo/project.yaml:" in w and "belt" in w for w in warnings)
    assert any("cfg-folder/project.yaml is a folder" in w for w in warnings)

    code, out, _ = run(capsys, "project", "list", "--json")
    assert code == 0
    data = json.loads(out)
    assert [p["id"] for p in data["projects"]] == [FLAGSHIP]
    assert [u["id"] for u in data["unreadable"]] == ["bomb", "cfg-folder", "typo"]
    assert all("\n" not in u["problem"] and u["problem"] for u in data["unreadable"])
    assert "3 projects could not be read and are left out: bomb, cfg-folder, typo" in data["summary"]

    code, _, err = run(capsys, "project", "status", "bomb")
    assert code == 2 and err.count("\n") == 1 and "aliases expand to more than" in err
    assert tree(workspace) == before


def test_project_list_with_only_good_projects_says_nothing_unreadable(workspace, capsys):
    code, out, err = run(capsys, "project", "list", "--json")
    assert code == 0 and err == ""
    assert json.loads(out)["unreadable"] == []


# -- the lock --------------------------------------------------------------------------------

HOLD = textwrap.dedent("""
    import sys, time
    from sixsigma.paths import project_lock
    with project_lock(sys.argv[1]):
        print("locked", flush=True)
        time.sleep(float(sys.argv[2]))
""")


def _env() -> dict:
    return {**os.environ}


@pytest.fixture
def flagship_only(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "projects"
    shutil.copytree(REPO_PROJECTS / FLAGSHIP, root / FLAGSHIP)
    monkeypatch.setenv("SIXSIGMA_PROJECTS", str(root))
    return root


def test_a_locked_project_is_busy_with_the_owner_pid(flagship_only, capsys, monkeypatch):
    import sixsigma.paths as paths

    monkeypatch.setattr(paths, "LOCK_WAIT", 0.5)
    holder = subprocess.Popen([sys.executable, "-c", HOLD, FLAGSHIP, "30"], stdout=subprocess.PIPE,
                              env=_env(), text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        fishbone = flagship_only / FLAGSHIP / "fishbone.yaml"
        before = fishbone.read_bytes()
        for args in (["rootcause", "status", FLAGSHIP, "ppl-training", "rejected", "--reason", "r"],
                     ["rootcause", "add", FLAGSHIP, "A cause", "--category", "method"],
                     ["project", "tollgate", FLAGSHIP, "define"]):
            code, out, err = run(capsys, *args)
            assert code == 2, (args, out, err)
            assert err == (f"error: project {FLAGSHIP} is being changed by another command "
                           f"(pid {holder.pid}); try again\n")
        assert fishbone.read_bytes() == before
        code, out, err = run(capsys, "rootcause", "list", FLAGSHIP)  # reading needs no lock
        assert code == 0, err
    finally:
        holder.kill()
        holder.wait()
    # the holder was killed while holding the lock: its lock file is left, and simply taken over
    assert (flagship_only / FLAGSHIP / ".lock").read_text().strip() == str(holder.pid)
    code, out, err = run(capsys, "rootcause", "status", FLAGSHIP, "ppl-training", "rejected", "--reason", "r")
    assert code == 0, err
    assert not (flagship_only / FLAGSHIP / ".lock").exists()
    assert yaml.safe_load((flagship_only / FLAGSHIP / "fishbone.yaml").read_text())["causes"]


def test_a_stale_lock_file_of_a_dead_process_is_taken_over(flagship_only, capsys):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True)
    lock = flagship_only / FLAGSHIP / ".lock"
    lock.write_text(dead.stdout)
    code, out, err = run(capsys, "rootcause", "add", FLAGSHIP, "Stale lock cause", "--category", "method",
                         "--id", "stale-lock-cause")
    assert code == 0, err
    assert not lock.exists()
    ids = [c["id"] for c in yaml.safe_load((flagship_only / FLAGSHIP / "fishbone.yaml").read_text())["causes"]]
    assert "stale-lock-cause" in ids


ADDER = textwrap.dedent("""
    import sys
    from sixsigma.cli.app import main
    tag, n, project = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    for i in range(n):
        code = main(["rootcause", "add", project, f"Concurrent cause {tag} {i}", "--category", "method",
                     "--id", f"conc-{tag}-{i}"])
        print(f"RESULT conc-{tag}-{i} {code}", flush=True)
""")


def test_two_processes_adding_causes_at_once_lose_nothing(flagship_only):
    folder = flagship_only / FLAGSHIP
    for name in ("ipo.yaml", "ce_matrix.yaml", "fmea.yaml"):  # they name causes of the full fishbone
        (folder / name).unlink()
    fb = yaml.safe_load((folder / "fishbone.yaml").read_text())
    fb["causes"] = [c for c in fb["causes"] if c.get("category")][:6]  # a small fishbone: quick saves
    (folder / "fishbone.yaml").write_text(yaml.safe_dump(fb, sort_keys=False))
    n = 6
    procs = [subprocess.Popen([sys.executable, "-c", ADDER, tag, str(n), FLAGSHIP], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, env=_env(), text=True) for tag in ("a", "b")]
    outcomes, errors = {}, []
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
        outcomes.update(dict(line.split()[1:] for line in out.splitlines() if line.startswith("RESULT ")))
        errors += err.splitlines()
    assert len(outcomes) == 2 * n
    # every add either landed or said busy: never "Recorded" and then lost
    assert all(e.startswith("error: ") and "is being changed by another command" in e for e in errors), errors
    landed = {cid for cid, code in outcomes.items() if code == "0"}
    assert len(landed) + len(errors) == 2 * n
    ids = {c["id"] for c in yaml.safe_load((flagship_only / FLAGSHIP / "fishbone.yaml").read_text())["causes"]}
    assert landed <= ids
    assert not {cid for cid in outcomes if cid not in landed} & ids
    assert len(landed) >= n  # with a 5 s wait, adds that take well under a second mostly all land
    assert not (flagship_only / FLAGSHIP / ".lock").exists()


def test_baseline_and_result_at_once_both_land_or_one_says_busy(flagship_only, demo_warehouse):
    """The issue's case: `project baseline X & project result X` used to both say Recorded while
    the baseline was lost."""
    path = flagship_only / FLAGSHIP / "project.yaml"
    text = path.read_text()
    cut = text.index("\nbaseline:")  # baseline and result are the last two sections
    path.write_text(text[:cut + 1])
    procs = []
    for cmd in ("baseline", "result"):
        procs.append(subprocess.Popen([sys.executable, "-c", CLI, "project", cmd, FLAGSHIP, "--warehouse",
                                       str(demo_warehouse)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                      env=_env(), text=True))
        time.sleep(0.05)
    results = [(p.communicate(timeout=300), p.returncode) for p in procs]
    record = yaml.safe_load(path.read_text())
    for key, ((out, err), code) in zip(("baseline", "result"), results, strict=True):
        if code == 0:
            assert "Recorded in" in out
            assert key in record, f"{key} said Recorded but is not in project.yaml"
        else:
            assert code == 2 and "is being changed by another command" in err, err
            assert key not in record
    assert any(code == 0 for _, code in results)
