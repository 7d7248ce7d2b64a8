"""Checks that span records: unique ids, parents that exist, no cycles, known categories,
references between the fishbone, IPO, C&E matrix and FMEA.

They run on the plain YAML data (not on the models), so they still report when some field of
the same file failed validation: a load lists every problem at once.
"""

from __future__ import annotations

from sixsigma.records import Problem, Source
from sixsigma.rootcause.models import SIX_M


def _items(data, key) -> list[tuple[int, dict]]:
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, list):
        return []
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)]


def _unique_ids(src: Source, key: str, what: str) -> tuple[dict[str, int], list[Problem]]:
    """{id: index of first occurrence}, and a problem for each repeat."""
    first: dict[str, int] = {}
    problems = []
    for i, item in _items(src.data, key):
        cid = item.get("id")
        if not isinstance(cid, str):
            continue
        if cid in first:
            line = src.line((key, first[cid]))
            problems.append(src.problem((key, i, "id"),
                                        f"duplicate {what} id {cid!r} (first defined at line {line})"))
        else:
            first[cid] = i
    return first, problems


def fishbone_ids(data) -> set[str]:
    return {item["id"] for _, item in _items(data, "causes") if isinstance(item.get("id"), str)}


def check_fishbone(src: Source) -> list[Problem]:
    """Duplicate ids, dangling or circular parents, unknown or inconsistent categories,
    verified without evidence, rejected without a reason."""
    data = src.data if isinstance(src.data, dict) else {}
    problems: list[Problem] = []
    cats = [c.get("id") for _, c in _items(data, "categories")] if "categories" in data else [
        c for c, _ in SIX_M
    ]
    seen_cat: set = set()
    for i, c in _items(data, "categories"):
        if c.get("id") in seen_cat:
            problems.append(src.problem(("categories", i, "id"), f"duplicate category {c.get('id')!r}"))
        seen_cat.add(c.get("id"))
    first, dup = _unique_ids(src, "causes", "cause")
    problems += dup
    items = dict((i, item) for i, item in _items(data, "causes"))
    by_id = {cid: items[i] for cid, i in first.items()}
    valid_cats = {c for c in cats if isinstance(c, str)}
    for i, item in items.items():
        cid, parent, cat = item.get("id"), item.get("parent"), item.get("category")
        if cat is not None and cat not in valid_cats:
            problems.append(src.problem(("causes", i, "category"),
                                        f"unknown category {cat!r}; valid categories are: "
                                        f"{', '.join(sorted(valid_cats))}"))
        if parent is not None:
            if parent == cid:
                problems.append(src.problem(("causes", i, "parent"), "a cause cannot be its own parent"))
            elif parent not in by_id:
                problems.append(src.problem(("causes", i, "parent"),
                                            f"parent {parent!r} does not exist (no cause has that id)"))
        status = item.get("status", "candidate")
        outcomes = [e.get("outcome") for e in item.get("evidence") or [] if isinstance(e, dict)]
        if status == "verified" and "verified" not in outcomes:
            problems.append(src.problem(("causes", i, "status"),
                                        "verified needs evidence: run `sixsigma rootcause verify` "
                                        "or set the status to prioritized"))
        if status == "rejected" and not item.get("reason") and not outcomes:
            problems.append(src.problem(("causes", i, "status"),
                                        "rejected needs a reason (add reason: ...) or evidence"))
    # cycles (reported once, at the cycle's first cause) and category consistency
    for cid, i in first.items():
        chain, cur, circular = [cid], by_id[cid], False
        while cur.get("parent") in by_id:
            nxt = cur["parent"]
            if nxt in chain:
                circular = True
                cycle = chain[chain.index(nxt):]
                if cid in cycle and cid == min(cycle, key=first.__getitem__):
                    problems.append(src.problem(("causes", i, "parent"),
                                                f"circular parents: {' -> '.join([*cycle, cid])}"))
                break
            chain.append(nxt)
            cur = by_id[nxt]
        own, top_cat = by_id[cid].get("category"), cur.get("category")
        if not circular and len(chain) > 1 and own is not None and own != top_cat:
            problems.append(src.problem(("causes", i, "category"),
                                        f"category {own!r} differs from its top-level cause "
                                        f"{cur.get('id')!r} ({top_cat!r}); drop it or move the cause"))
    return problems


def check_ipo(src: Source, cause_ids: set[str] | None) -> list[Problem]:
    data = src.data if isinstance(src.data, dict) else {}
    _, problems = _unique_ids(src, "steps", "step")
    for i, step in _items(data, "steps"):
        for j, inp in enumerate(step.get("inputs") or []):
            ref = inp.get("cause") if isinstance(inp, dict) else None
            if ref is not None and cause_ids is not None and ref not in cause_ids:
                problems.append(src.problem(("steps", i, "inputs", j, "cause"),
                                            f"cause {ref!r} is not on the fishbone"))
    return problems


def check_ce(src: Source, cause_ids: set[str] | None) -> list[Problem]:
    data = src.data if isinstance(src.data, dict) else {}
    outs, problems = _unique_ids(src, "outputs", "output")
    _, dup = _unique_ids(src, "inputs", "input")
    problems += dup
    for i, inp in _items(data, "inputs"):
        for out in (inp.get("scores") or {}) if isinstance(inp.get("scores"), dict) else {}:
            if out not in outs:
                problems.append(src.problem(("inputs", i, "scores", out),
                                            f"output {out!r} is not in outputs; valid outputs are: "
                                            f"{', '.join(outs) or '(none)'}"))
        ref = inp.get("cause")
        if ref is not None and cause_ids is not None and ref not in cause_ids:
            problems.append(src.problem(("inputs", i, "cause"), f"cause {ref!r} is not on the fishbone"))
    return problems


def check_fmea(src: Source, cause_ids: set[str] | None) -> list[Problem]:
    data = src.data if isinstance(src.data, dict) else {}
    _, problems = _unique_ids(src, "rows", "FMEA row")
    for i, row in _items(data, "rows"):
        ref = row.get("cause_id")
        if ref is not None and cause_ids is not None and ref not in cause_ids:
            problems.append(src.problem(("rows", i, "cause_id"), f"cause {ref!r} is not on the fishbone"))
    return problems
