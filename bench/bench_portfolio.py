"""`sixsigma project list` over the 1,000-project demo portfolio (issue 17): writing the
portfolio, the first call (every folder read into the index), the second call (nothing read),
a call after one project's file changed, each in a fresh interpreter, beside the start-up of
a command that runs the same root callback (`sixsigma project --help`). ``--old`` also times
the listing before the index (every project.yaml parsed and validated on each call), in process.

    uv run python bench/bench_portfolio.py [--old]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLI = "import sys; from sixsigma.cli.app import main; sys.exit(main(sys.argv[1:]))"


def timed(args: list[str], env: dict[str, str], runs: int = 1, check: bool = True) -> tuple[float, float]:
    """Smallest wall time and smallest CPU time (user + system, s) of ``runs`` fresh interpreter
    runs of the CLI with ``args`` (CPU time is the steadier one on a shared machine)."""
    wall = cpu = float("inf")
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", CLI, *args], cwd=ROOT, env=env, check=check,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wall = min(wall, time.perf_counter() - t0)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = min(cpu, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--old", action="store_true", help="also time the listing without the index")
    ap.add_argument("--runs", type=int, default=3, help="runs of each repeatable call (best is shown)")
    opts = ap.parse_args()
    from sixsigma.program.demo import write_portfolio

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "portfolio"
        t0, c0 = time.perf_counter(), time.process_time()
        write_portfolio(folder)
        write_s = (time.perf_counter() - t0, time.process_time() - c0)
        env = {**os.environ, "SIXSIGMA_PROJECTS": str(folder), "SIXSIGMA_CACHE": str(Path(tmp) / "cache")}
        start = timed(["project", "--help"], env, opts.runs)
        first = timed(["project", "list"], env)
        second = timed(["project", "list"], env, opts.runs)
        second_json = timed(["project", "list", "--json"], env, opts.runs)
        filtered = timed(["project", "list", "--belt", "black", "--sort", "-change"], env, opts.runs)
        one = next(p for p in sorted(folder.iterdir()) if p.is_dir()) / "project.yaml"
        changed = []
        for _ in range(opts.runs):
            one.write_text(one.read_text() + "# touched\n")
            changed.append(timed(["project", "list"], env))
        check = timed(["belt", "check"], env, 1, check=False)  # exits 1 by design (3 planted certifications)
        rows = [
            ("write the demo portfolio (1,000 folders + people.yaml)", write_s),  # in process
            ("start-up: `sixsigma project --help` (same root callback)", start),
            ("`project list`, first call (1,000 folders read into the index)", first),
            ("`project list`, second call", second),
            ("`project list --json`, second call", second_json),
            ("`project list --belt black --sort -change`", filtered),
            ("`project list` after one project.yaml changed (1 folder re-read)", min(changed)),
            ("`belt check` (289 people, index fresh)", check),
        ]
        if opts.old:
            os.environ["SIXSIGMA_PROJECTS"] = str(folder)
            from sixsigma.dmaic.portfolio import portfolio
            from sixsigma.dmaic.store import scan_projects

            t0, c0 = time.perf_counter(), time.process_time()
            good, bad = scan_projects()
            portfolio(good, unreadable=bad)
            rows.append(("before the index: parse + validate every project.yaml (in process)",
                         (time.perf_counter() - t0, time.process_time() - c0)))
    width = max(len(r[0]) for r in rows)
    print(f"{'':<{width}}  {'wall':>8}  {'cpu':>8}")
    for name, (w, c) in rows:
        print(f"{name:<{width}}  {w:7.2f}s  {c:7.2f}s")
    print(f"beyond start-up (cpu): second call {second[1] - start[1]:+.2f} s, after one change "
          f"{min(changed)[1] - start[1]:+.2f} s; (wall) {second[0] - start[0]:+.2f} s, {min(changed)[0] - start[0]:+.2f} s")


if __name__ == "__main__":
    main()
