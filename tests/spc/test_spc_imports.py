"""No import circle inside sixsigma.spc, lazy (function-level) imports included.

charts.py and diagnostics.py used to import each other (diagnostics took the input
normalisers from charts, charts imported diagnostics inside a function); the inputs now live
in spc/inputs.py. The graph is read from the source with ast, so an import hidden in a
function counts as much as one at the top.
"""

from __future__ import annotations

import ast
from pathlib import Path

import sixsigma.spc

ROOT = Path(sixsigma.spc.__file__).resolve().parent
PACKAGE = "sixsigma.spc"


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _graph() -> dict[str, set[str]]:
    modules = {_module_name(p): p for p in ROOT.rglob("*.py")}
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for mod, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                # "from sixsigma.spc import rules" imports the module sixsigma.spc.rules
                targets = [f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in modules
                           else node.module for a in node.names]
            else:
                continue
            graph[mod] |= {t for t in targets if t in modules and t != PACKAGE and t != mod}
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> list[str] | None:
        state[m] = 1
        stack.append(m)
        for t in sorted(graph[m]):
            if state.get(t) == 1:
                return stack[stack.index(t):] + [t]
            if t not in state and (found := visit(t)):
                return found
        stack.pop()
        state[m] = 2
        return None

    for m in sorted(graph):
        if m not in state and (found := visit(m)):
            return found
    return None


def test_no_import_circle_in_spc():
    graph = _graph()
    assert "sixsigma.spc.inputs" in graph["sixsigma.spc.diagnostics"]
    assert "sixsigma.spc.charts" not in graph["sixsigma.spc.diagnostics"]
    assert _cycle(graph) is None, " -> ".join(_cycle(graph))


def test_the_cycle_finder_finds_one():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None
