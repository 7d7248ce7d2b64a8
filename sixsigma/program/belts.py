"""The belt ladder: the roster of belt-holders and the certification rules, checked on evidence.

The roster is ``<projects>/people.yaml``: each person with the belts they were certified at
(belt, date, mentor, the projects the certification rests on) and extra roles (lecturer,
mentor). The rules are data too (``belt_rules.yaml`` beside people.yaml, else the package's
default, :data:`RULES_FILE`): per rung, the rung below, how many listed projects the person
must have led and what each must show, how many projects they mentored, and the belt their
mentor must hold. The evidence is the portfolio index (:mod:`sixsigma.program.index`):
tollgates passed, a cause verified with data, a significant improvement in the goal's
direction — the same checks the tollgates use.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from sixsigma.errors import InputError, unknown
from sixsigma.paths import projects_dir
from sixsigma.program.names import BELTS

RULES_FILE = Path(__file__).with_name("belt_rules.yaml")
ROSTER_FILE = "people.yaml"
RULES_NAME = "belt_rules.yaml"

Belt = Literal[BELTS]


# -- evidence: what a led project must show -----------------------------------------------------
def _measured(r: dict) -> bool:
    return (r.get("tollgates") or 0) >= 2


#: Evidence names (used in the rules) -> (test on an index row, what it means).
EVIDENCE: dict[str, tuple[Callable[[dict], bool], str]] = {
    "measured": (_measured, "Define and Measure tollgates passed"),
    "closed": (lambda r: r.get("phase") == "closed", "every tollgate passed"),
    "result": (lambda r: r.get("current") is not None, "a before/after result recorded"),
    "verified_cause": (lambda r: bool(r.get("verified_cause")), "a cause verified with data"),
    "improved": (lambda r: bool(r.get("improved")), "a significant improvement in the goal's direction"),
}
EvidenceName = Literal[tuple(EVIDENCE)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Certification(_Model):
    """One rung reached: when, with which mentor, on which projects (folder ids)."""

    belt: Belt
    certified: dt.date
    mentor: str | None = None
    projects: list[str] = Field(default_factory=list)
    legacy: bool = False  # certified before project records were kept: only the ladder order is checked


class Person(_Model):
    name: str = Field(min_length=1, max_length=100)
    department: str = ""
    roles: list[Literal["lecturer", "mentor", "industry_black_belt"]] = Field(default_factory=list)
    belts: list[Certification] = Field(default_factory=list)

    @property
    def belt(self) -> str | None:
        """The highest belt held (None: trained, no belt)."""
        held = [c.belt for c in self.belts]
        return max(held, key=BELTS.index) if held else None

    def held_on(self, belt: str, day: dt.date, besides: Certification | None = None) -> Certification | None:
        """A certification at ``belt`` or above held on ``day`` (other than ``besides``), if any."""
        return next((c for c in self.belts if c is not besides and BELTS.index(c.belt) >= BELTS.index(belt)
                     and c.certified <= day), None)


class Roster(_Model):
    people: list[Person] = Field(default_factory=list)


class Rung(_Model):
    """What one belt requires (see belt_rules.yaml for the meaning of each field)."""

    requires: Belt | None = None
    led: int = Field(0, ge=0)
    evidence: list[EvidenceName] = Field(default_factory=list)
    mentored: int = Field(0, ge=0)
    mentor_belt: Belt | None = None


class Rules(_Model):
    rules: dict[Belt, Rung]


# -- loading --------------------------------------------------------------------------------
def _load(model, path: Path):
    from sixsigma.records import read_source, record_error, validate

    src = read_source(path)
    obj, problems = validate(model, src)
    if problems:
        raise record_error(problems)
    return obj, src


def load_rules(root: Path | None = None) -> Rules:
    """The rules beside the roster, else the package's default."""
    own = Path(root or projects_dir()) / RULES_NAME
    return _load(Rules, own if own.exists() else RULES_FILE)[0]


def load_roster(root: Path | None = None) -> Roster:
    """``<projects>/people.yaml``; every problem with its line in one RecordError."""
    from sixsigma.records import record_error

    path = Path(root or projects_dir()) / ROSTER_FILE
    if not path.exists():
        raise InputError(f"{path} does not exist; write the roster of belt-holders there "
                         "(see README: the belt ladder) or generate a demo with `sixsigma demo --portfolio DIR`")
    roster, src = _load(Roster, path)
    seen: dict[str, int] = {}
    problems = []
    for i, p in enumerate(roster.people):
        key = p.name.casefold()
        if key in seen:
            problems.append(src.problem(("people", i, "name"), f"{p.name!r} is listed twice (also person {seen[key] + 1})"))
        seen[key] = i
    if problems:
        raise record_error(problems)
    return roster


# -- checking -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Check:
    """One requirement of one certification: met or not, and the evidence either way."""

    person: str
    belt: str
    certified: dt.date | None
    requirement: str
    met: bool
    detail: str


def _led_by(row: dict, name: str) -> bool:
    return (row.get("leader") or "").casefold() == name.casefold()


def _mentors(row: dict) -> list[str]:
    return [m.casefold() for m in (row.get("mentors") or "").split("; ") if m]


def check_certification(person: Person, cert: Certification, rules: Rules, people: dict[str, Person],
                        projects: dict[str, dict]) -> list[Check]:
    """Every requirement of ``cert`` checked against the roster and the projects' evidence."""
    rung = rules.rules.get(cert.belt, Rung())
    day = cert.certified
    out: list[Check] = []

    def add(req: str, met: bool, detail: str) -> None:
        out.append(Check(person.name, cert.belt, day, req, bool(met), detail))

    if rung.requires:
        held = person.held_on(rung.requires, day, besides=cert)
        add(f"holds {rung.requires} first", held is not None,
            f"{held.belt} certified {held.certified}" if held is not None
            else f"no {rung.requires} certification on or before {day}")
    if cert.legacy:
        add("legacy certification", True, "certified before project records were kept (legacy: true): "
            "only the order of the rungs is checked")
        return out
    if rung.mentor_belt:
        m = people.get((cert.mentor or "").casefold())
        held = m.held_on(rung.mentor_belt, day) if m is not None else None
        if not cert.mentor:
            detail = "no mentor named"
        elif m is None:
            detail = f"mentor {cert.mentor!r} is not in the roster"
        else:
            detail = (f"{m.name}: {held.belt} since {held.certified}" if held is not None
                      else f"{m.name} held no {rung.mentor_belt} belt or above on {day}")
        add(f"mentor holds {rung.mentor_belt} or above", held is not None, detail)
    if rung.led:
        good, notes = [], []
        for pid in cert.projects:
            r = projects.get(pid)
            if r is None:
                notes.append(f"{pid}: no such readable project")
                continue
            missing = [] if _led_by(r, person.name) else [f"led by {r.get('leader') or 'nobody'}"]
            missing += [EVIDENCE[e][1] for e in rung.evidence if not EVIDENCE[e][0](r)]
            if r.get("closed_on") is not None and r["closed_on"] > day:
                missing.append(f"closed {r['closed_on']}, after the certification")
            elif r.get("created") is not None and r["created"] > day:
                missing.append(f"created {r['created']}, after the certification")
            (notes.append(f"{pid}: lacks {', '.join(missing)}") if missing else good.append(pid))
        want = ", ".join(EVIDENCE[e][1] for e in rung.evidence) or "any evidence"
        detail = (f"{len(good)} of {rung.led} needed: {', '.join(good) or 'none'}"
                  + (f"; {'; '.join(notes)}" if notes else "") if cert.projects
                  else "no projects listed in the certification")
        add(f"led {rung.led} project{'s' if rung.led > 1 else ''} with {want}", len(good) >= rung.led, detail)
    if rung.mentored:
        key = person.name.casefold()
        done = sorted(pid for pid, r in projects.items() if key in _mentors(r) and r.get("phase") == "closed"
                      and r.get("closed_on") is not None and r["closed_on"] <= day)
        add(f"mentored {rung.mentored} closed projects", len(done) >= rung.mentored,
            f"{len(done)} closed on or before {day}" + (f": {', '.join(done[:5])}" if done else "")
            + (" ..." if len(done) > 5 else ""))
    return out


def check_roster(roster: Roster, rules: Rules, projects: dict[str, dict]) -> list[Check]:
    """Every requirement of every certification in the roster."""
    people = {p.name.casefold(): p for p in roster.people}
    return [c for p in roster.people for cert in p.belts
            for c in check_certification(p, cert, rules, people, projects)]


def find_person(roster: Roster, name: str) -> Person:
    """A person by name (any case); the usual unknown-name error with suggestions otherwise."""
    for p in roster.people:
        if p.name.casefold() == name.casefold():
            return p
    raise unknown("name", name, [p.name for p in roster.people], hint="`sixsigma belt list`")


def next_rung(person: Person, rules: Rules, people: dict[str, Person], projects: dict[str, dict],
              today: dt.date) -> tuple[str, list[Check]] | None:
    """The next belt and what its rules say today, counting every project the person led."""
    cur = person.belt
    i = BELTS.index(cur) + 1 if cur else 0
    if i >= len(BELTS):
        return None
    belt = BELTS[i]
    led = sorted(pid for pid, r in projects.items() if _led_by(r, person.name))
    last = person.belts[-1] if person.belts else None
    trial = Certification(belt=belt, certified=today, mentor=last.mentor if last else None, projects=led)
    return belt, check_certification(person.model_copy(update={"belts": [*person.belts, trial]}), trial,
                                     rules, people, projects)
