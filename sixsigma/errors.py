"""The one error hierarchy every user-facing failure raises.

Each message says what was wrong and how to fix it, in one line. The CLI prints the message
(no traceback) and exits with status 2.
"""

from __future__ import annotations


class SixSigmaError(Exception):
    """Base class of every error a user can cause and fix."""

    exit_code = 2


class InputError(SixSigmaError, ValueError):
    """Arguments or data given to an analysis are unusable (wrong column, too few points...)."""


class DataValidationError(SixSigmaError):
    """A file failed validation; ``problems`` lists every (file, line, column, message)."""

    def __init__(self, message: str, problems: list[dict] | None = None):
        super().__init__(message)
        self.problems = problems or []


class WarehouseError(SixSigmaError):
    """The warehouse is missing, locked, or asked for something it does not hold."""


class UnknownNameError(SixSigmaError, KeyError):
    """A metric, dimension, chart, test or project name that does not exist."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class RecordError(SixSigmaError):
    """A YAML record (project, fishbone, FMEA...) is malformed; lists every problem."""

    def __init__(self, message: str, problems: list[str] | None = None):
        super().__init__(message)
        self.problems = problems or []


#: How to list the valid names of a kind, named in an "unknown X" error that shows only a few.
LIST_HINTS = {
    "metric": "`sixsigma data metrics`",
    "project": "`sixsigma project list`",
    "cause": "`sixsigma rootcause list PROJECT`",
    "table": "`sixsigma data tables`",
}

SHOWN = 8  # at most this many valid names in one message


def unknown(kind: str, name: str, valid, hint: str | None = None) -> UnknownNameError:
    """Build the standard error: 'unknown X 'n'; did you mean 'm'? valid Xs are: a, b, ...'.

    The suggestion comes from :func:`difflib.get_close_matches` (ignoring case); a long list
    is cut to its first few names plus how to list them all (``hint``, else :data:`LIST_HINTS`).
    """
    import difflib

    valid = sorted(str(v) for v in valid)
    if kind.endswith("y") and kind[-2:-1] not in "aeiou":
        plural = kind[:-1] + "ies"
    else:
        plural = kind + ("es" if kind.endswith("s") else "s")
    by_lower = {v.lower(): v for v in valid}
    close = [by_lower[m] for m in difflib.get_close_matches(str(name).lower(), list(by_lower), n=3)]
    mean = f" did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    if len(valid) <= SHOWN + 2:
        listed = ", ".join(valid)
    else:
        how = hint or LIST_HINTS.get(kind)
        listed = (f"{', '.join(valid[:SHOWN])} and {len(valid) - SHOWN} more"
                  + (f"; list them with {how}" if how else ""))
    return UnknownNameError(f"unknown {kind} {name!r};{mean} valid {plural} are: {listed}")
