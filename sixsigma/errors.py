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


def unknown(kind: str, name: str, valid) -> UnknownNameError:
    """Build the standard 'unknown X; valid ones are ...' error."""
    valid = sorted(valid)
    if kind.endswith("y") and kind[-2:-1] not in "aeiou":
        plural = kind[:-1] + "ies"
    else:
        plural = kind + ("es" if kind.endswith("s") else "s")
    return UnknownNameError(f"unknown {kind} {name!r}; valid {plural} are: {', '.join(valid)}")
