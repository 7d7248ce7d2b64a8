"""The `sixsigma` command: a Typer app assembled from one module per command group.

Each module in ``COMMAND_MODULES`` exposes ``register(app)``. ``main()`` turns every
``SixSigmaError`` into one line on stderr and exit status 2 (no traceback).
"""

from __future__ import annotations

import importlib
import sys

import typer

from sixsigma.errors import SixSigmaError

COMMAND_MODULES = [
    "sixsigma.cli.data",
    "sixsigma.cli.chart",
    "sixsigma.cli.capability",
    "sixsigma.cli.stats",
    "sixsigma.cli.rootcause",
    "sixsigma.cli.project",
    "sixsigma.cli.report",
    "sixsigma.cli.demo",
]

app = typer.Typer(
    name="sixsigma",
    help="Six Sigma analytics for service operations: charts, capability, tests, root cause, DMAIC.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

for _name in COMMAND_MODULES:
    importlib.import_module(_name).register(app)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; return (and, as a console script, exit with) the exit status.

    Usage errors exit 2 (Typer's own handling); a ``SixSigmaError`` prints ``error: ...`` as
    one line on stderr and exits 2.
    """
    try:
        app(args=argv, prog_name="sixsigma")
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except SixSigmaError as exc:
        print(f"error: {exc}", file=sys.stderr)
        code = exc.exit_code
    if argv is None:
        sys.exit(code)
    return code
