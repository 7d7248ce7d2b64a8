"""The progress bar of the program's CLI paths while project folders are read into the index
(tables print through :func:`sixsigma.cli.common.print_rows`)."""

from __future__ import annotations

import contextlib


@contextlib.contextmanager
def reading_progress(label: str = "Reading project folders", at_least: int = 50):
    """A ``progress(done, total)`` callback for :func:`sixsigma.program.index.open_index`: a
    transient rich bar on stderr once ``total`` reaches ``at_least`` (the first listing of a
    large portfolio), nothing otherwise; stdout (tables, --json) is untouched."""
    state: dict = {}

    def update(done: int, total: int) -> None:
        if total < at_least:
            return
        if "bar" not in state:
            from rich.console import Console
            from rich.progress import Progress

            state["bar"] = Progress(console=Console(stderr=True), transient=True)
            state["bar"].start()
            state["task"] = state["bar"].add_task(f"{label} into the portfolio index", total=total)
        state["bar"].update(state["task"], completed=done)

    try:
        yield update
    finally:
        if "bar" in state:
            state["bar"].stop()
