"""Fishbone (Ishikawa) analysis and edits: the cause tree as tidy tables, and the pure
operations the CLI performs (add, move, set status, record evidence).

Edits return a new :class:`Fishbone`; saving is the caller's step (``records.save``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

import pandas as pd

from sixsigma.errors import InputError, unknown
from sixsigma.results import ResultMixin, jsonable
from sixsigma.rootcause.models import STATUSES, Cause, Evidence, Fishbone

CAUSE_COLUMNS = [
    "id", "parent", "category", "depth", "text", "owner", "status", "reason", "tags",
    "n_children", "n_descendants", "metric", "dimension", "level", "n_evidence",
    "p_value", "path", "evidence",
]


def cause_table(fb: Fishbone) -> pd.DataFrame:
    """One row per cause in file order: tree position, status, data link and last evidence.

    ``depth`` is 1 for a cause on a bone, 2 for its sub-cause...; ``path`` is the chain of ids
    from the top-level cause; ``n_descendants`` counts the whole subtree below the cause;
    ``evidence`` is the last verification's test and conclusion (None before any).
    """
    by_id = {c.id: c for c in fb.causes}
    children: dict[str, list[str]] = {}
    for c in fb.causes:
        if c.parent is not None:
            children.setdefault(c.parent, []).append(c.id)
    chains: dict[str, list[str]] = {}

    def chain(cid: str) -> list[str]:
        if cid not in chains:
            c = by_id[cid]
            chains[cid] = [*chain(c.parent), cid] if c.parent in by_id else [cid]
        return chains[cid]

    def descendants(cid: str) -> int:
        return sum(1 + descendants(k) for k in children.get(cid, []))

    rows = []
    for c in fb.causes:
        path = chain(c.id)
        last = c.evidence[-1] if c.evidence else None
        rows.append({
            "id": c.id,
            "parent": c.parent,
            "category": by_id[path[0]].category,
            "depth": len(path),
            "text": c.text,
            "owner": c.owner,
            "status": c.status,
            "reason": c.reason,
            "tags": list(c.tags),
            "n_children": len(children.get(c.id, [])),
            "n_descendants": descendants(c.id),
            "metric": c.data_link.metric if c.data_link else None,
            "dimension": c.data_link.dimension if c.data_link else None,
            "level": c.data_link.level if c.data_link else None,
            "n_evidence": len(c.evidence),
            "p_value": last.p_value if last else None,
            "path": "/".join(path),
            "evidence": f"{last.test}: {last.conclusion}" if last else None,
        })
    return pd.DataFrame(rows, columns=CAUSE_COLUMNS)


@dataclass(frozen=True)
class FishboneResult(ResultMixin):
    """The fishbone as tables: ``causes`` (one row per cause) and ``categories`` (counts)."""

    effect: str
    metric: str | None
    filters: dict
    categories: pd.DataFrame
    causes: pd.DataFrame

    figure_builder: ClassVar[str] = "sixsigma.plots.rootcause:fishbone_figure"

    def summary(self) -> str:
        c = self.causes
        n = len(c)
        if n == 0:
            return f"Fishbone for {self.effect!r}: no causes yet; add them with `sixsigma rootcause add`."
        counts = c["status"].value_counts()
        by_cat = ", ".join(f"{r.label} {r.n_causes}" for r in self.categories.itertuples())
        lines = [
            f"Fishbone for {self.effect!r}: {n} causes ({int((c['depth'] == 1).sum())} on the bones, "
            f"up to {int(c['depth'].max())} levels deep) across {len(self.categories)} categories: {by_cat}.",
            "Status: " + ", ".join(f"{counts.get(s, 0)} {s}" for s in STATUSES) + ".",
        ]
        verified = c[c["status"] == "verified"]
        if len(verified):
            lines.append("Verified with data: " + "; ".join(
                f"{r.id} ({r.text})" for r in verified.itertuples()) + ".")
        pending = c[c["metric"].notna() & c["status"].isin(["candidate", "prioritized"])]
        if len(pending):
            lines.append(f"{len(pending)} cause(s) carry a data link but are not verified yet: "
                         f"run `sixsigma rootcause verify PROJECT ID` on {', '.join(pending['id'][:5])}"
                         + (f" and {len(pending) - 5} more" if len(pending) > 5 else "") + ".")
        elif not len(verified):
            lines.append("No cause is verified yet: give the prioritized ones a data_link and run verify.")
        return "\n".join(lines)

    def to_dict(self) -> dict:
        return jsonable({
            "kind": "fishbone",
            "effect": self.effect,
            "metric": self.metric,
            "filters": self.filters,
            "categories": self.categories,
            "causes": self.causes,
            "summary": self.summary(),
        })


def analyze(fb: Fishbone) -> FishboneResult:
    """Tables of the fishbone: causes with tree position and status, counts per category."""
    causes = cause_table(fb)
    cats = pd.DataFrame([{"category": k.id, "label": k.label} for k in fb.categories])
    for s in ("all", *STATUSES):
        sel = causes if s == "all" else causes[causes["status"] == s]
        cnt = sel.groupby("category").size()
        cats["n_causes" if s == "all" else s] = cats["category"].map(cnt).fillna(0).astype(int)
    top = causes[causes["depth"] == 1].groupby("category").size()
    cats.insert(3, "n_top", cats["category"].map(top).fillna(0).astype(int))
    return FishboneResult(effect=fb.effect.text, metric=fb.effect.metric,
                          filters=dict(fb.effect.filters), categories=cats, causes=causes)


# -- edits -----------------------------------------------------------------------------------

def new_id(fb: Fishbone, text: str) -> str:
    """A readable, stable id from the text (first words), unique in the fishbone."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    stop = {"a", "an", "the", "of", "for", "to", "in", "on", "at", "and", "or", "with", "by", "is"}
    base = "-".join([w for w in words if w not in stop][:5]) or "cause"
    taken = {c.id for c in fb.causes}
    cid, k = base[:60], 2
    while cid in taken:
        cid, k = f"{base[:56]}-{k}", k + 1
    return cid


def add_cause(fb: Fishbone, text: str, category: str | None = None, parent: str | None = None,
              cause_id: str | None = None, owner: str | None = None, tags=(),
              status: str = "candidate") -> tuple[Fishbone, Cause]:
    """A copy of ``fb`` with a new cause (on a bone when ``category``, else under ``parent``)."""
    if (category is None) == (parent is None):
        raise InputError("give either --category (a cause on a bone) or --parent (a sub-cause)")
    if category is not None and category not in {c.id for c in fb.categories}:
        raise unknown("category", category, [c.id for c in fb.categories])
    if parent is not None:
        fb.cause(parent)  # raises with the valid ids
    if status == "verified":
        raise InputError("a new cause cannot start verified; add it, then run `sixsigma rootcause verify`")
    if cause_id is not None and any(c.id == cause_id for c in fb.causes):
        raise InputError(f"cause id {cause_id!r} already exists; pick another or leave --id out")
    try:
        cause = Cause(id=cause_id or new_id(fb, text), text=text, category=category, parent=parent,
                      owner=owner, tags=list(tags), status=status)
    except ValueError as exc:
        raise InputError(f"cannot add the cause: {_first_error(exc)}") from None
    out = fb.model_copy(deep=True)
    # insert after the parent's subtree (or the category's last cause) so the file stays grouped
    if parent is not None:
        group = set(subtree(out, parent))
    else:
        group = {c.id for c in out.causes if out.category_of(c.id) == category}
    at = max((i + 1 for i, c in enumerate(out.causes) if c.id in group), default=len(out.causes))
    out.causes.insert(at, cause)
    return out, cause


def subtree(fb: Fishbone, cause_id: str) -> list[str]:
    """The ids of a cause and everything below it."""
    out, frontier = [cause_id], [cause_id]
    while frontier:
        frontier = [c.id for c in fb.causes if c.parent in frontier]
        out += frontier
    return out


def move_cause(fb: Fishbone, cause_id: str, parent: str | None = None,
               category: str | None = None) -> Fishbone:
    """Re-hang a cause (and its subtree) under another cause or directly on a bone."""
    fb.cause(cause_id)
    if (category is None) == (parent is None):
        raise InputError("give either --parent ID (make it a sub-cause) or --category C (put it on a bone)")
    out = fb.model_copy(deep=True)
    moved = set(subtree(out, cause_id))
    if parent is not None:
        out.cause(parent)
        if parent in moved:
            raise InputError(f"cannot move {cause_id!r} under {parent!r}: {parent!r} is inside its own subtree")
        new_cat = out.category_of(parent)
    else:
        if category not in {c.id for c in out.categories}:
            raise unknown("category", category, [c.id for c in out.categories])
        new_cat = category
    for c in out.causes:
        if c.id == cause_id and parent is None:  # keep the cause valid at each assignment
            c.category, c.parent = category, None
        elif c.id == cause_id:
            c.parent, c.category = parent, None
        elif c.id in moved and c.category is not None:
            c.category = new_cat
    return out


def set_status(fb: Fishbone, cause_id: str, status: str, reason: str | None = None) -> Fishbone:
    """Change a cause's status. Verified needs verified evidence; rejected needs a reason."""
    if status not in STATUSES:
        raise unknown("status", status, STATUSES)
    out = fb.model_copy(deep=True)
    cause = out.cause(cause_id)
    if status == "verified" and not any(e.outcome == "verified" for e in cause.evidence):
        raise InputError(f"{cause_id!r} has no verified evidence; run `sixsigma rootcause verify "
                         f"PROJECT {cause_id}` (it sets the status from the test)")
    if status == "rejected" and not (reason or cause.reason or cause.evidence):
        raise InputError("say why it is rejected: add --reason TEXT")
    cause.status = status
    if reason is not None:
        cause.reason = reason
    return out


def record_evidence(fb: Fishbone, cause_id: str, evidence: Evidence) -> Fishbone:
    """Attach evidence and set the status (verified/rejected) and reason from it."""
    out = fb.model_copy(deep=True)
    cause = out.cause(cause_id)
    cause.evidence = [*cause.evidence, evidence]
    cause.status = evidence.outcome
    cause.reason = f"{evidence.date.isoformat()}: {evidence.conclusion}"
    return out


def _first_error(exc: Exception) -> str:
    errs = getattr(exc, "errors", None)
    if callable(errs):
        e = errs()[0]
        return f"{'.'.join(map(str, e['loc']))}: {e['msg']}" if e["loc"] else e["msg"]
    return str(exc)

