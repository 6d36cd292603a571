"""One exception tree. Every error knows the file and line it is about."""

from __future__ import annotations

import re
from pathlib import Path

# C0 and C1 controls, DEL, and the Unicode line and paragraph separators: any of
# them in a file name would break a one-line message or drive the terminal.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str) -> str:
    """``text`` (a path, a message) with control characters escaped as Python writes
    them (``\\n``, ``\\x1b``), so it prints as one line and drives no terminal."""
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


class MtfixError(Exception):
    """Base of every error mtfix reports to a user.

    ``str(error)`` is the one-line ``FILE:LINE: message`` form the CLI prints.
    """

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line

    def __reduce__(self) -> tuple[type, tuple[str, str | None, int | None]]:
        # Errors travel back from worker processes (--jobs, Dask) with their file and line.
        return type(self), (self.message, self.path, self.line)

    def __str__(self) -> str:
        if self.path is None:
            return one_line(self.message)
        if self.line is None:
            return one_line(f"{self.path}: {self.message}")
        return one_line(f"{self.path}:{self.line}: {self.message}")


class GlossaryError(MtfixError):
    """A glossary file is malformed: TOML syntax, missing or mistyped keys."""


class ConfigError(MtfixError):
    """An ``mtfix.toml`` or ``[tool.mtfix]`` table is malformed."""


class InputError(MtfixError):
    """An input file is missing, unreadable, undecodable or malformed."""


class OutputError(MtfixError):
    """An output could not be written (the original is left untouched)."""
