"""What ``q`` says while it writes: ``writing 2 of 6 files… notes.md`` on one
line of the terminal, rewritten for each file and cleared when all are
written, so a long write is never a blank screen. Nothing when standard
error is not a terminal (a log, a test).
"""

from __future__ import annotations

import sys
from typing import TextIO


class WriteProgress:
    def __init__(self, total: int, stream: TextIO | None = None, shown: bool | None = None):
        self.total = total
        self.stream = stream or sys.stderr
        self.shown = _is_terminal(self.stream) if shown is None else shown

    def line(self, number: int, path: str) -> str:
        files = "file" if self.total == 1 else "files"
        return f"mtfix review: writing {number:,} of {self.total:,} {files}… {path}"

    def writing(self, index: int, path: str) -> None:
        """File ``index`` (0-based) is about to be written."""
        if self.shown:
            self.stream.write(f"\r\x1b[K{self.line(index + 1, path)}")
            self.stream.flush()

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
