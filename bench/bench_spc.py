"""Benchmark: control charts at scale (run: `uv run python bench/bench_spc.py`).

Times an I-MR chart with all eight special-cause tests on 1,000,000 points and a Laney U'
chart on 100,000 subgroups (plus the plain U chart and signal tables), best of 3 runs.
"""

from __future__ import annotations

import time

import numpy as np

from sixsigma.spc import control_chart


def best_of(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    rng = np.random.default_rng(42)
    x = rng.normal(300.0, 20.0, size=1_000_000)
    x[500_000:] += 4.0  # a small shift so the run tests have something to find
    orders = rng.integers(20_000, 30_000, size=100_000)
    contacts = rng.poisson(orders * 0.12 * np.exp(rng.normal(0, 0.05, size=100_000)))

    chart = control_chart("imr", value=x, tests="all")
    t_imr = best_of(lambda: control_chart("imr", value=x, tests="all"))
    print(
        f"I-MR, 1,000,000 points, tests 1-8: {t_imr:.2f} s "
        f"({int(chart.points['signal'].sum()):,} flagged points, {len(chart.signals):,} signals)"
    )

    lu = control_chart("laney-u", count=contacts, size=orders, tests="all")
    t_lu = best_of(lambda: control_chart("laney-u", count=contacts, size=orders, tests="all"))
    print(
        f"Laney U', 100,000 subgroups, tests 1-4: {t_lu:.2f} s "
        f"(sigma_z {lu.sigma_z:.2f}, {int(lu.points['signal'].sum()):,} flagged points)"
    )

    t_u = best_of(lambda: control_chart("u", count=contacts, size=orders))
    print(f"U, 100,000 subgroups, test 1: {t_u:.2f} s")


if __name__ == "__main__":
    main()
