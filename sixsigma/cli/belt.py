"""`sixsigma belt ...`: the belt ladder — the roster, one person's status, every certification checked.

The roster is ``projects/people.yaml``, the rules ``belt_rules.yaml`` beside it (else the
package's default); the evidence is the portfolio index (see :mod:`sixsigma.program.belts`).
"""

from __future__ import annotations

import datetime as dt
import json

import typer

from sixsigma.cli.common import JsonOption, console

belt_app = typer.Typer(help="The belt ladder: roster, certification rules checked against project evidence.",
                       no_args_is_help=True)

CHECK_COLUMNS = (("person", "person"), ("belt", "belt"), ("certified", "certified"),
                 ("requirement", "requirement"), ("met", "met"), ("evidence", "detail"))


def _evidence() -> dict[str, dict]:
    from sixsigma.program.index import open_index, select
    from sixsigma.program.table import reading_progress

    with reading_progress() as progress, open_index(progress) as (con, _):
        return {r["id"]: r for r in select(con)}


def _plain(rows: list[dict]) -> list[dict]:
    from sixsigma.program.listing import plain

    return [{k: plain(v) for k, v in r.items()} for r in rows]


def _checks(checks) -> list[dict]:
    from dataclasses import asdict

    return [asdict(c) for c in checks]


@belt_app.command("list")
def list_cmd(
    belt: str = typer.Option(None, "--belt", help="Only people whose highest belt is this one."),
    as_json: bool = JsonOption,
) -> None:
    """Every person on the roster with their highest belt, when and with whom; counts per rung."""
    from sixsigma.cli.common import print_rows
    from sixsigma.errors import unknown
    from sixsigma.program.belts import load_roster
    from sixsigma.program.names import BELTS

    if belt is not None and belt not in BELTS:
        raise unknown("belt", belt, BELTS)
    roster = load_roster()
    rows = []
    for p in roster.people:
        top = max(p.belts, key=lambda c: (BELTS.index(c.belt), c.certified)) if p.belts else None
        rows.append({"name": p.name, "belt": p.belt, "certified": top.certified if top else None,
                     "mentor": top.mentor if top else None, "department": p.department,
                     "roles": ", ".join(p.roles), "certifications": len(p.belts)})
    counts = [{"belt": b, "people": sum(r["belt"] == b for r in rows)} for b in BELTS]
    if belt is not None:
        rows = [r for r in rows if r["belt"] == belt]
    rows.sort(key=lambda r: (-BELTS.index(r["belt"]) if r["belt"] else 1, r["name"]))
    holders = sum(c["people"] for c in counts)
    roles = {role: sum(role in p.roles for p in roster.people) for role in ("lecturer", "mentor")}
    summary = (f"{holders} belt-holder{'s' if holders != 1 else ''} on the roster of {len(roster.people)}: "
               + ", ".join(f"{c['belt']} {c['people']}" for c in counts if c["people"])
               + f"; {roles['lecturer']} lecturers, {roles['mentor']} mentors.")
    if as_json:
        typer.echo(json.dumps({"people": _plain(rows), "by_belt": counts, "summary": summary}, indent=2))
        return
    print_rows(rows, tuple((k, k) for k in ("name", "belt", "certified", "mentor", "department", "roles")),
               title="Belt-holders")
    print_rows(counts, (("belt", "belt"), ("people", "people")), title="By belt")
    console.print(summary, markup=False)


@belt_app.command("status")
def status_cmd(name: str = typer.Argument(..., help="The person's name as in people.yaml (any case)."),
               as_json: bool = JsonOption) -> None:
    """One person: each certification's requirements (met or missing) and what the next belt needs."""
    from sixsigma.cli.common import print_rows
    from sixsigma.program.belts import (
        check_certification,
        find_person,
        load_roster,
        load_rules,
        next_rung,
    )

    roster, rules, projects = load_roster(), load_rules(), _evidence()
    person = find_person(roster, name)
    people = {p.name.casefold(): p for p in roster.people}
    held = [c for cert in person.belts for c in check_certification(person, cert, rules, people, projects)]
    nxt = next_rung(person, rules, people, projects, dt.date.today())
    unsupported = sorted({(c.belt, c.certified) for c in held if not c.met}, key=lambda t: t[1])
    lines = [f"{person.name}: {person.belt or 'no belt'}" + (f" ({person.department})" if person.department else "")
             + (f"; roles: {', '.join(person.roles)}" if person.roles else "") + "."]
    lines.append("Every certification is supported by its evidence." if not unsupported else
                 "Not supported by the evidence: " + ", ".join(f"{b} ({d})" for b, d in unsupported) + ".")
    if nxt is not None:
        belt, checks = nxt
        missing = [c.requirement for c in checks if not c.met]
        lines.append(f"Next: {belt} — " + ("every requirement met today." if not missing
                                         else "missing: " + "; ".join(missing) + "."))
    summary = "\n".join(lines)
    if as_json:
        typer.echo(json.dumps({"name": person.name, "belt": person.belt, "certifications": _plain(_checks(held)),
                               "next": None if nxt is None else {"belt": nxt[0], "checks": _plain(_checks(nxt[1]))},
                               "summary": summary}, indent=2))
        return
    print_rows(_checks(held), CHECK_COLUMNS[1:], title=f"{person.name}: certifications")
    if nxt is not None:
        print_rows(_checks(nxt[1]), CHECK_COLUMNS[3:], title=f"Next belt: {nxt[0]} (as of today)")
    console.print(summary, markup=False)


@belt_app.command("check")
def check_cmd(as_json: bool = JsonOption) -> None:
    """Every certification its evidence does not support (exit status 1 if there is any)."""
    from sixsigma.cli.common import print_rows
    from sixsigma.program.belts import check_roster, load_roster, load_rules

    roster, rules = load_roster(), load_rules()
    checks = check_roster(roster, rules, _evidence())
    failed = [c for c in checks if not c.met]
    certs = {(c.person, c.belt, c.certified) for c in checks}
    bad = {(c.person, c.belt, c.certified) for c in failed}
    legacy = sum(c.requirement == "legacy certification" for c in checks)
    summary = (f"{len(certs)} certifications checked ({legacy} legacy): "
               + (f"{len(bad)} not supported by the evidence." if bad else "every one supported by the evidence."))
    if as_json:
        typer.echo(json.dumps({"unsupported": _plain(_checks(failed)), "certifications": len(certs),
                               "legacy": legacy, "summary": summary}, indent=2))
    else:
        if failed:
            print_rows(_checks(failed), CHECK_COLUMNS, title="Certifications the evidence does not support",
                       max_rows=200)
        console.print(summary, markup=False)
    if bad:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.add_typer(belt_app, name="belt")
