"""The `sixsigma` command: a Typer app assembled from one module per command group.

Each module in ``COMMAND_MODULES`` exposes ``register(app)``. ``main()`` turns every
``SixSigmaError`` into one line on stderr and exit status 2 (no traceback).
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import typer
from typer.core import TyperGroup

from sixsigma.errors import SixSigmaError

COMMAND_MODULES = [
    "sixsigma.cli.data",
    "sixsigma.cli.chart",
    "sixsigma.cli.capability",
    "sixsigma.cli.stats",
    "sixsigma.cli.rootcause",
    "sixsigma.cli.project",
    "sixsigma.cli.belt",
    "sixsigma.cli.report",
    "sixsigma.cli.demo",
]

class _Root(TyperGroup):
    """The root group; notes whether the command line asks for help (read by :func:`_root`)."""

    def resolve_command(self, ctx, args):
        words = args[:args.index("--")] if "--" in args else args
        ctx.meta[_HELP] = any(w in ctx.help_option_names for w in words)
        return super().resolve_command(ctx, args)


_HELP = "sixsigma.help_only"

app = typer.Typer(
    cls=_Root,
    name="sixsigma",
    help="Six Sigma analytics for service operations: charts, capability, tests, root cause, DMAIC.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

GLOBAL_OPTIONS = ("--catalog", "--engine", "--lang")  # taken anywhere on the command line


@app.callback()
def _root(
    ctx: typer.Context,
    catalog: Path = typer.Option(
        None, "--catalog", envvar="SIXSIGMA_CATALOG",
        help="Catalog YAML of the center's sources, dimensions and metrics (default: the shipped "
             "travel catalog; env SIXSIGMA_CATALOG). Accepted anywhere on the command line."),
    engine: str = typer.Option(
        None, "--engine", envvar="SIXSIGMA_ENGINE",
        help="Where metrics run: duckdb (embedded, default) or spark (env SIXSIGMA_ENGINE; the "
             "spark extra and Java 17). Accepted anywhere on the command line."),
    lang: str = typer.Option(
        None, "--lang",
        help="Language of reports and summaries: en (default) or zh-CN; without it, a report "
             "config's language:, else env SIXSIGMA_LANG. Accepted anywhere on the command line."),
) -> None:
    """Six Sigma analytics for service operations: charts, capability, tests, root cause, DMAIC."""
    if catalog is not None or not ctx.meta.get(_HELP):  # a subcommand's --help needs no catalog
        from sixsigma.catalog import use_catalog

        use_catalog(catalog)  # refuses a bad catalog before any command runs
    if lang is not None:
        from sixsigma.i18n import use_language

        use_language(lang)
    if engine is not None:
        from sixsigma.warehouse.engines import use_engine

        use_engine(engine)


def hoist_global_options(argv: list[str]) -> list[str]:
    """Move ``--catalog X`` / ``--engine X`` (or ``--opt=X``) to the front of ``argv``, so they
    work after the command name too (``sixsigma data metrics --catalog my.yaml``)."""
    front, rest, i = [], [], 0
    while i < len(argv):
        arg = argv[i]
        name = arg.split("=", 1)[0]
        if name in GLOBAL_OPTIONS:
            if "=" in arg:
                front.append(arg)
            else:
                front.extend(argv[i:i + 2])
                i += 1
        elif arg == "--":
            rest.extend(argv[i:])
            break
        else:
            rest.append(arg)
        i += 1
    return front + rest


for _name in COMMAND_MODULES:
    importlib.import_module(_name).register(app)


def _run(args: list[str]):
    """The command, with the catalog and engine it chose undone afterwards (a notebook or a test
    that calls ``main`` twice in one process starts from the defaults each time)."""
    try:
        return app(args=args, prog_name="sixsigma", standalone_mode=False)
    finally:
        if "sixsigma.catalog" in sys.modules:
            sys.modules["sixsigma.catalog"].use_catalog(None)
        if "sixsigma.warehouse.engines" in sys.modules:
            sys.modules["sixsigma.warehouse.engines"].use_engine(None)
        if "sixsigma.i18n" in sys.modules:
            sys.modules["sixsigma.i18n"].use_language(None)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; return (and, as a console script, exit with) the exit status.

    A usage error (unknown option, missing argument, value of the wrong type) and a
    ``SixSigmaError`` both print ``error: ...`` as one line on stderr and exit 2.
    """
    args = hoist_global_options(list(sys.argv[1:] if argv is None else argv))
    try:
        rv = _run(args)
        code = rv if isinstance(rv, int) else 0  # standalone_mode=False returns Exit codes
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except SixSigmaError as exc:
        print(f"error: {exc}", file=sys.stderr)
        code = exc.exit_code
    except typer.Abort:
        print("error: aborted", file=sys.stderr)
        code = 1
    except typer.TyperException as exc:  # Typer's usage errors (its vendored click)
        code = exc.exit_code
        if type(exc).__name__ != "NoArgsIsHelpError":  # that one has printed the help already
            ctx = getattr(exc, "ctx", None)
            where = f"; see `{ctx.command_path} --help`" if ctx is not None else ""
            message = " ".join(exc.format_message().split()).rstrip(".")
            print(f"error: {message}{where}", file=sys.stderr)
    if argv is None:
        sys.exit(code)
    return code
