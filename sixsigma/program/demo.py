"""A generated portfolio at the center's scale: ~1,000 DMAIC projects over ten years, 289
belt-holders and their certifications (DOMAIN.md: close to 1,000 projects, 289 belt-holders,
2 industry black belts, 8 lecturers, 38 mentors).

Every belt above associate blue rests on projects the person led, as the rules ask
(belt_rules.yaml): a blue belt on a project through Measure, an associate green on a closed
project with a result, a green and a black on closed projects with a verified cause and a
significant improvement, a black also on two projects mentored. The two industry black belts
were certified before the program (``legacy``). A few certifications (``UNSUPPORTED``) rest
on a project whose change was not significant, so ``sixsigma belt check`` has something real
to find. Besides those, projects are led by whoever held a belt then; most close, a share is
abandoned (``cancelled``), on hold, or closes without a significant change; the last months'
projects are still running.

Consistent with the warehouse where a project's windows fall inside it: its baseline
(value, numerator, denominator) and its result window's volume are the warehouse's own
monthly sums for the goal's business line (one grouped scan, :meth:`Warehouse.rollup`); the
improvement itself is generated (the demo warehouse carries only the flagship's).

Records are written as text from templates (no YAML dump, no model validation per file);
the attributes are drawn with numpy. The same seed gives the same portfolio.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from sixsigma.program.names import BELTS

DEFAULT_SEED = 20160101
#: Highest belt of the 289 belt-holders (DOMAIN.md: 289; black: 2 industry + 10 internal).
HOLDERS = {"associate_blue": 70, "blue": 80, "associate_green": 52, "green": 75, "black": 12}
LECTURERS, MENTORS = 8, 38
UNSUPPORTED = 3  # green certifications awarded on a project whose change was not significant
TARGET_PROJECTS = 1000

LINES = {  # business line -> orders a day (the demo warehouse's order of magnitude at scale 1)
    "domestic_flight": 52000, "intl_flight": 9000, "hotel": 30000, "intl_hotel": 1900,
    "train": 70000, "bus": 8000, "car_rental": 3000, "tickets": 6000,
}
#: metric -> (better, typical before, per order?, share of contacts in the denominator, title verb)
METRICS = {
    "manual_cpo": ("down", 0.12, True, "Reduce {line} manual contacts per order"),
    "total_cpo": ("down", 0.25, True, "Cut {line} contacts per order"),
    "bot_containment": ("up", 0.55, False, "Raise bot containment for {line}"),
    "fcr": ("up", 0.72, False, "Raise one-and-done for {line}"),
    "transfer_rate": ("down", 0.14, False, "Lower {line} transfers"),
    "aht": ("down", 450.0, False, "Cut handle time of {line} contacts"),
    "service_level": ("up", 0.78, False, "Raise the {line} phone service level"),
    "abandonment": ("down", 0.06, False, "Lower {line} call abandonment"),
    "csat": ("up", 0.84, False, "Raise {line} CSAT"),
    "very_dissatisfied": ("down", 0.04, False, "Halve very dissatisfied {line} customers"),
}
RATE = {"manual_cpo", "total_cpo"}  # counts over orders; the rest are shares or means of contacts
SURNAMES = ("Chen", "Wang", "Li", "Zhang", "Liu", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma",
            "Zhu", "Hu", "Guo", "He", "Lin", "Gao", "Luo", "Zheng", "Liang", "Xie", "Song", "Tang", "Han",
            "Feng", "Deng", "Cao", "Peng", "Zeng", "Xiao", "Tian", "Dong", "Pan", "Yuan", "Cai", "Jiang")
GIVEN = ("Jing", "Lei", "Min", "Hao", "Yang", "Fei", "Ting", "Xin", "Jun", "Rui", "Yu", "Qiang", "Na",
         "Wei", "Mei", "Lin", "Tao", "Yan", "Bo", "Hui", "Ning", "Peng", "Xia", "Lu", "Chao", "Dan", "Kai",
         "Li", "Ying", "Jie", "Bin", "Qing", "Shan", "Yun", "Zhen")
DEPARTMENTS = ("International service", "Shanghai phone service", "Online chat", "Bot team", "BI",
               "Quality and Six Sigma office", "KL service site", "Hotel supply ops", "Flight service",
               "Train and bus service", "Black-tier service", "Workforce management")
CATEGORIES = ("people", "machine", "method", "material", "measurement", "environment")
CAUSES = ("Agents lack a shared reference for the rule", "The order screen loads the supplier status slowly",
          "Customers get no proactive notice", "Hand-offs between skills lose the context",
          "The measurement counts repeat contacts twice", "Peak days are staffed like normal days",
          "The self-service path stops before the common case", "Supplier confirmations arrive late")


@dataclass
class Proj:
    """One generated project (dates, people, numbers) before it becomes text."""

    pid: str
    title: str
    leader: str
    belt: str
    metric: str
    line: str
    created: dt.date
    durations: list[int]  # define..control days; fewer phases passed when not closed
    passed: int  # tollgates passed
    status: str  # active, on_hold, closed, cancelled
    significant: bool = True
    verified: bool = True
    mentor: str | None = None
    rounds: int = 1
    nums: dict = field(default_factory=dict)


def _month(d: dt.date, k: int = 0) -> dt.date:
    m = d.year * 12 + d.month - 1 + k
    return dt.date(m // 12, m % 12 + 1, 1)


class _Volumes:
    """Baseline and result-window sums: the warehouse's where the window lies inside it."""

    def __init__(self, warehouse: Path | None, rng):
        self.rng, self.frames, self.span = rng, {}, (None, None)
        if warehouse is not None and Path(warehouse).exists():
            from sixsigma.warehouse import Warehouse

            with Warehouse(warehouse, read_only=True) as wh:
                lo, hi = wh.date_range()
                self.span = (lo, hi + dt.timedelta(days=1))
                for name, df in wh.rollup(list(METRICS), grain="month", by=["business_line"]).items():
                    self.frames[name] = {(r.period.date(), r.business_line): (r.numerator, r.denominator)
                                         for r in df.itertuples(index=False)}
        self.used = 0

    def sums(self, metric: str, line: str, start: dt.date, end: dt.date) -> tuple[float, float] | None:
        lo, hi = self.span
        if lo is None or start < lo or end > hi:
            return None
        cells = [self.frames[metric].get((m, line)) for m in (start, _month(start, 1), _month(start, 2))]
        if any(c is None for c in cells):
            return None
        self.used += 1
        return sum(c[0] for c in cells), sum(c[1] for c in cells)


def _people(rng) -> list[dict]:
    """289 belt-holders with their certification timeline (dates only; projects come later)."""
    names = rng.permutation([f"{s} {g}" for s in SURNAMES for g in GIVEN])[: sum(HOLDERS.values())]
    tops = [b for b, k in HOLDERS.items() for _ in range(k)]
    people = []
    for i, (name, top) in enumerate(zip(names, tops, strict=True)):
        people.append({"name": str(name), "top": top, "department": DEPARTMENTS[int(rng.integers(len(DEPARTMENTS)))],
                       "roles": [], "certs": [], "industry": top == "black" and i >= len(tops) - 2})
    blacks = [p for p in people if p["top"] == "black"]
    for p in blacks[:LECTURERS]:
        p["roles"].append("lecturer")
    for p in blacks:
        p["roles"].append("mentor")
    greens = [p for p in people if p["top"] == "green"]
    for p in greens[: MENTORS - len(blacks)]:
        p["roles"].append("mentor")
    for p in blacks[-2:]:
        p["roles"] = ["industry_black_belt", "mentor"]
    return people


def generate(seed: int = DEFAULT_SEED, end: dt.date | None = None, warehouse: Path | None = None):
    """(projects, people) of the demo portfolio; ``end`` (default today) closes the ten years."""
    rng = np.random.default_rng(seed)
    end = end or dt.date.today()
    start = dt.date(end.year - 10, end.month, 1)
    vols = _Volumes(warehouse, rng)
    people = _people(rng)
    projects: list[Proj] = []
    line_names, metric_names = list(LINES), list(METRICS)
    unsupported = [0]

    def new(leader: dict, created: dt.date, status: str, passed: int, significant=True, verified=True) -> Proj:
        metric = metric_names[int(rng.integers(len(metric_names)))]
        line = line_names[int(rng.integers(len(line_names)))]
        k = len(projects) + 1
        durations = [int(x) for x in rng.integers((10, 15, 15, 20, 100), (30, 45, 45, 90, 150))]
        held = [c for c in leader["certs"] if c["date"] <= created]
        belt = max((c["belt"] for c in held), key=BELTS.index, default="associate_blue")
        title = METRICS[metric][3].format(line=line.replace("_", " ").replace("intl", "international"))
        p = Proj(pid=f"{created.year}-{k:04d}-{metric.replace('_', '-')}-{line.replace('_', '-')}", title=title,
                 leader=leader["name"], belt=belt, metric=metric, line=line, created=created, durations=durations,
                 passed=passed, status=status, significant=significant, verified=verified,
                 rounds=int(rng.integers(1, 7)))
        _numbers(p, rng, vols)  # may lengthen Control to hold the result window
        projects.append(p)
        return p

    def closed_on(p: Proj) -> dt.date:
        return p.created + dt.timedelta(days=sum(p.durations))

    # the certification ladder, person by person: each rung on a project led and closed first
    for p in people:
        rank = BELTS.index(p["top"])
        if p["industry"]:
            day = dt.date(start.year - 3, 3, 1)
            for b in BELTS[: rank + 1]:
                p["certs"].append({"belt": b, "date": day, "projects": [], "legacy": True})
                day += dt.timedelta(days=200)
            continue
        span = rank * 420 + (600 if rank == BELTS.index("black") else 0)
        latest = (end - start).days - span - 120
        day = start + dt.timedelta(days=int(rng.integers(0, max(latest, 30))))
        p["certs"].append({"belt": "associate_blue", "date": day, "projects": []})
        for b in BELTS[1: rank + 1]:
            n_led = 2 if b == "black" else 1
            if day + dt.timedelta(days=420 * n_led) > end:
                break  # no time left in the ten years: the person stops a rung lower
            led = []
            for _ in range(n_led):
                created = day + dt.timedelta(days=int(rng.integers(20, 90)))
                sig = bool(rng.random() < 0.7) if b == "blue" else True
                if b == "green" and unsupported[0] < UNSUPPORTED:
                    sig, unsupported[0] = False, unsupported[0] + 1
                proj = new(p, created, "closed", 5, significant=sig,
                           verified=True if b in ("green", "black") else bool(rng.random() < 0.6))
                led.append(proj)
                day = closed_on(proj)
            day += dt.timedelta(days=int(rng.integers(14, 60)))
            p["certs"].append({"belt": b, "date": day, "projects": [x.pid for x in led]})
    # certification mentors: someone holding the rung the rules ask for on that date
    need = {"associate_green": "green", "green": "black", "black": "black", "blue": "green"}
    for p in people:
        for c in p["certs"]:
            if c.get("legacy") or c["belt"] not in need:
                continue
            rank = BELTS.index(need[c["belt"]])
            ok = [q["name"] for q in people if q is not p and "mentor" in q["roles"]
                  and any(BELTS.index(x["belt"]) >= rank and x["date"] <= c["date"] for x in q["certs"])]
            c["mentor"] = ok[int(rng.integers(len(ok)))] if ok else None
    # black belts mentored two closed projects while green
    for p in people:
        if p["certs"][-1]["belt"] != "black" or p["industry"]:
            continue
        green = next(c for c in p["certs"] if c["belt"] == "green")["date"]
        black = p["certs"][-1]["date"]
        leaders = [q for q in people if q is not p and len(q["certs"]) > 1 and q["certs"][1]["date"] < green]
        for _ in range(2):
            q = leaders[int(rng.integers(len(leaders)))] if leaders else p
            created = green
            while True:  # closed before the black belt was awarded
                proj = new(q, created, "closed", 5)
                if closed_on(proj) < black:
                    break
                projects.remove(proj)
                created -= dt.timedelta(days=60)
            proj.mentor = p["name"]
    # the rest of the portfolio: led by whoever held a belt then
    holders = [p for p in people if len(p["certs"]) > 1 or p["industry"]]
    while len(projects) < TARGET_PROJECTS:
        created = start + dt.timedelta(days=int(rng.integers(0, (end - start).days - 20)))
        able = [p for p in holders if any(c["belt"] != "associate_blue" and c["date"] <= created for c in p["certs"])]
        if not able:
            continue
        leader = able[int(rng.integers(len(able)))]
        age = (end - created).days
        u = rng.random()
        if age < 330 and u < 0.85:  # still running: the phases its age allows
            durs = np.cumsum(rng.integers((10, 15, 15, 20, 100), (30, 45, 45, 90, 150)))
            status, passed = ("on_hold" if rng.random() < 0.1 else "active"), int((durs < age).sum())
            passed = min(passed, 4)
        elif u < 0.08 + (0.85 if age < 330 else 0):
            status, passed = "cancelled", int(rng.integers(0, 4))
        else:
            status, passed = "closed", 5
        new(leader, created, status, passed, significant=bool(rng.random() < 0.72),
            verified=bool(rng.random() < 0.75))
    for proj in projects:  # a mentor on every project that has none: a mentor holding green or above then
        if proj.mentor is None:
            ok = [q["name"] for q in people if "mentor" in q["roles"] and q["name"] != proj.leader
                  and any(BELTS.index(c["belt"]) >= 3 and c["date"] <= proj.created for c in q["certs"])]
            proj.mentor = ok[int(rng.integers(len(ok)))] if ok else None
    return projects, people, vols.used


def _numbers(p: Proj, rng, vols: _Volumes) -> None:
    """Baseline and result (when the project got that far): values, volumes, CI, test."""
    better, typical, per_order, _ = METRICS[p.metric]
    phase_starts = [p.created]
    for d in p.durations:
        phase_starts.append(phase_starts[-1] + dt.timedelta(days=d))
    improve = phase_starts[3]
    base_w = (_month(improve, -3), _month(improve))
    days = (base_w[1] - base_w[0]).days
    orders = LINES[p.line] * days * float(rng.lognormal(0, 0.15))
    den = orders if per_order else orders * 0.12 * (0.6 if p.metric in ("service_level", "abandonment") else 1)
    level = typical * float(rng.lognormal(0, 0.12))
    if level >= 1 and typical < 1:
        level = typical
    got = vols.sums(p.metric, p.line, *base_w)
    if got is not None and got[1] > 0:
        num, den = got
        level = num / den
    else:
        num = level * den
    p.nums = {"base_w": base_w, "before": level, "base_num": num, "base_den": den, "days": days}
    if p.passed < 4 or p.status == "cancelled":
        return
    last_round = improve + dt.timedelta(days=max(1, p.durations[3] - 5))
    res_w = (_month(last_round, 1), _month(last_round, 4))
    p.durations[4] = max(p.durations[4], (res_w[1] - phase_starts[4]).days + int(rng.integers(5, 30)))
    rdays = (res_w[1] - res_w[0]).days
    after_den = den / days * rdays
    got = vols.sums(p.metric, p.line, *res_w)
    if got is not None and got[1] > 0:
        after_den = got[1]
    sign = -1 if better == "down" else 1
    if p.significant:
        pct = sign * float(rng.uniform(6, 35))
        half = float(rng.uniform(1.5, min(5.0, abs(pct) * 0.6)))
        pval = float(10 ** -rng.uniform(3, 30))
    else:
        pct = float(rng.uniform(-3, 3))
        half = float(rng.uniform(abs(pct) + 1, abs(pct) + 6))
        pval = float(rng.uniform(0.08, 0.9))
    after = level * (1 + pct / 100)
    if typical < 1 and after >= 1:
        after, pct = 0.995, (0.995 / level - 1) * 100
    p.nums.update({"res_w": res_w, "after": after, "after_den": after_den, "rdays": rdays, "pct": pct,
                   "ci": (pct - half, pct + half), "p": pval, "last_round": last_round})


# -- text -----------------------------------------------------------------------------------
def _g(x: float) -> str:
    return f"{x:.6g}"


def project_text(p: Proj) -> str:
    """project.yaml of one generated project."""
    better = METRICS[p.metric][0]
    n = p.nums
    starts = [p.created]
    for d in p.durations:
        starts.append(starts[-1] + dt.timedelta(days=d))
    target = n["before"] * (0.8 if better == "down" else 1.1)
    if METRICS[p.metric][1] < 1:
        target = min(target, 0.99)
    team = [f"    - {{name: {p.leader}, role: leader, belt: {p.belt}}}"]
    if p.mentor:
        team.append(f"    - {{name: {p.mentor}, role: mentor}}")
    lines = [
        "# Generated demo portfolio (sixsigma demo --portfolio): one of ~1,000 projects over ten years.",
        f"title: {p.title}", f"belt: {p.belt}", f"status: {p.status}", "template: dmaic", f"created: {p.created}",
        "", "charter:",
        f"  problem: {p.title.split(' ', 1)[1].capitalize()} has drifted from where it should be.",
        "  business_case: Fewer contacts and a smoother trip for customers.",
        "  goal:", f"    metric: {p.metric}", f"    filters: {{business_line: [{p.line}]}}",
        f"    direction: {better}", f"    baseline: {_g(n['before'])}", f"    target: {_g(target)}",
        f"    due: {starts[5]}", "  team:", *team,
        "  sponsor: Head of service", "  champion: Director, customer-experience center", "", "phases:",
    ]
    for i, name in enumerate(("define", "measure", "analyze", "improve", "control")):
        lines.append(f"  - name: {name}")
        if i == 0:
            lines.append(f"    start: {starts[0]}")
        lines.append(f"    due: {starts[i + 1]}")
        if i < p.passed:
            lines.append(f"    tollgate: {{passed: {starts[i + 1]}, by: {p.mentor or 'the sponsor'}}}")
    if "last_round" in n:
        lines += ["", "rounds:"]
        first = starts[3] + dt.timedelta(days=3)
        span = max(1, (n["last_round"] - first).days)
        for k in range(p.rounds):
            d = first + dt.timedelta(days=span * k // max(1, p.rounds - 1)) if p.rounds > 1 else n["last_round"]
            lines.append(f"  - {{date: {d}, change: Improvement round {k + 1}, owner: {p.leader}}}")
    if p.passed >= 2:
        b0, b1 = n["base_w"]
        lines += ["", "baseline:", f"  computed: {starts[2]}", f"  window: {{start: {b0}, end: {b1}}}",
                  f"  value: {_g(n['before'])}", f"  ci: [{_g(n['before'] * 0.97)}, {_g(n['before'] * 1.03)}]",
                  f"  n: {n['days']}", f"  numerator: {n['base_num']:.12g}", f"  denominator: {n['base_den']:.12g}",
                  "  chart: {chart: imr, grain: day, points: " + str(n["days"]) + ", center: " + _g(n["before"])
                  + ", signals: 0, stable: true}"]
    if "after" in n:
        r0, r1 = n["res_w"]
        b0, b1 = n["base_w"]
        lo, hi = n["ci"]
        after_num = n["after"] * n["after_den"]
        lines += ["", "result:", f"  computed: {starts[4] + dt.timedelta(days=1)}",
                  f"  window: {{start: {r0}, end: {r1}}}", f"  baseline_window: {{start: {b0}, end: {b1}}}",
                  f"  value: {_g(n['after'])}", f"  ci: [{_g(n['after'] * 0.98)}, {_g(n['after'] * 1.02)}]",
                  f"  n: {n['rdays']}", f"  numerator: {after_num:.12g}", f"  denominator: {n['after_den']:.12g}",
                  f"  before: {_g(n['before'])}", f"  change_pct: {n['pct']:.4g}",
                  f"  change_pct_ci: [{lo:.4g}, {hi:.4g}]", "  test:",
                  "    test: generated before/after test", "    alternative: two-sided",
                  f"    p_value: {n['p']:.4g}", f"    estimate: {1 + n['pct'] / 100:.6g}",
                  f"    significant: {'true' if n['p'] < 0.05 else 'false'}",
                  "  chart: {chart: imr, grain: day, points: " + str(n["days"] + n["rdays"]) + ", center: "
                  + _g(n["after"]) + ", signals: 0, stable: true}",
                  "  post_change: {chart: imr, grain: day, points: " + str(n["rdays"]) + ", center: "
                  + _g(n["after"]) + ", signals: 0, stable: true}"]
    return "\n".join(lines) + "\n"


def fishbone_text(p: Proj, rng_index: int) -> str:
    """fishbone.yaml: a few candidate causes and, when the project verified one, its evidence."""
    causes = [CAUSES[(rng_index + k) % len(CAUSES)] for k in range(3)]
    lines = ["# Generated demo portfolio: the project's fishbone.", "effect:",
             f"  text: {p.title}", f"  metric: {p.metric}", f"  filters: {{business_line: [{p.line}]}}", "causes:"]
    for k, text in enumerate(causes):
        cat = CATEGORIES[(rng_index + k) % len(CATEGORIES)]
        lines += [f"  - id: cause-{k + 1}", f"    text: {text}", f"    category: {cat}"]
        if k == 0 and p.verified:
            day = p.created + dt.timedelta(days=sum(p.durations[:3]) - 2)
            lines += ["    status: verified", "    evidence:", f"      - date: {day}",
                      "        test: two-proportions test by level", "        outcome: verified",
                      "        conclusion: 'verified: the level differs from the rest (p < 0.001)'",
                      "        p_value: 0.0004", "        alpha: 0.05"]
        else:
            lines.append("    status: candidate")
    return "\n".join(lines) + "\n"


def roster_text(people: list[dict]) -> str:
    """people.yaml of the generated roster."""
    out = ["# Generated demo roster (sixsigma demo --portfolio): 289 belt-holders and their certifications.",
           "people:"]
    for p in people:
        out.append(f"  - name: {p['name']}")
        out.append(f"    department: {p['department']}")
        if p["roles"]:
            out.append(f"    roles: [{', '.join(p['roles'])}]")
        out.append("    belts:")
        for c in p["certs"]:
            parts = [f"belt: {c['belt']}", f"certified: {c['date']}"]
            if c.get("mentor"):
                parts.append(f"mentor: {c['mentor']}")
            if c["projects"]:
                parts.append(f"projects: [{', '.join(c['projects'])}]")
            if c.get("legacy"):
                parts.append("legacy: true")
            out.append("      - {" + ", ".join(parts) + "}")
    return "\n".join(out) + "\n"


def write_portfolio(folder: str | Path, seed: int = DEFAULT_SEED, end: dt.date | None = None,
                    warehouse: Path | None = None) -> str:
    """Write the demo portfolio into ``folder`` (project folders and people.yaml); a summary.

    Refuses a folder that already holds project folders (nothing is overwritten).
    """
    from sixsigma.errors import InputError

    folder = Path(folder)
    if folder.exists() and any(x.is_dir() for x in folder.iterdir()):
        raise InputError(f"{folder} already holds project folders; give an empty or new folder")
    projects, people, from_wh = generate(seed, end, warehouse)
    folder.mkdir(parents=True, exist_ok=True)
    for i, p in enumerate(projects):
        d = folder / p.pid
        d.mkdir()
        (d / "project.yaml").write_text(project_text(p))
        if p.passed >= 3:
            (d / "fishbone.yaml").write_text(fishbone_text(p, i))
    (folder / "people.yaml").write_text(roster_text(people))
    closed = sum(p.status == "closed" for p in projects)
    return (f"Demo portfolio in {folder}/: {len(projects)} projects ({closed} closed, "
            f"{sum(p.status == 'cancelled' for p in projects)} abandoned, "
            f"{sum(p.status in ('active', 'on_hold') for p in projects)} running), "
            f"{len(people)} belt-holders in people.yaml; {from_wh} baseline/result windows from the warehouse. "
            f"List it with SIXSIGMA_PROJECTS={folder} sixsigma project list.")
