"""A progress bar for long runs: files, segments, MB/s and ETA, on stderr.

Shown only when the stream is a terminal, ``--quiet`` is not given and the
run lasts more than a moment (tqdm's ``delay``); never when output is piped.
tqdm is imported only when a bar may be shown.
"""

from __future__ import annotations

import sys
from typing import Any, TextIO

SHOW_AFTER_SECONDS = 1.0


class Progress:
    """Counters for one run; draws through tqdm when enabled, else does nothing."""

    def __init__(self, total_files: int, total_bytes: int, stream: TextIO | None = None,
                 enabled: bool = False, delay: float = SHOW_AFTER_SECONDS):
        self.total_files = total_files
        self.files = 0
        self.segments = 0
        self._partial = 0  # bytes of the current file already counted
        self._bar: Any = None
        if enabled:
            from tqdm import tqdm

            self._bar = tqdm(total=total_bytes, unit="B", unit_scale=True, unit_divisor=1024,
                             file=stream or sys.stderr, delay=delay, leave=False, desc="mtfix",
                             mininterval=0.5, dynamic_ncols=True)

    @classmethod
    def for_run(cls, sizes: list[int], quiet: bool, stream: TextIO | None = None) -> Progress:
        """A bar for a run over files of ``sizes`` bytes, if the stream is a terminal."""
        stream = stream or sys.stderr
        enabled = not quiet and _is_terminal(stream)
        return cls(len(sizes), sum(sizes), stream, enabled)

    @property
    def enabled(self) -> bool:
        return self._bar is not None

    def partial(self, nbytes: int) -> None:
        """Part of the current file is done (a chunk of a large file)."""
        self._partial += nbytes
        self._update(nbytes)

    def file_done(self, nbytes: int, segments: int = 0) -> None:
        """A file of ``nbytes`` bytes is done; bytes already counted by ``partial`` are not counted twice."""
        self.files += 1
        self.segments += segments
        self._update(max(nbytes - self._partial, 0))
        self._partial = 0

    def _update(self, nbytes: int) -> None:
        if self._bar is not None:
            self._bar.set_postfix_str(f"files {self.files}/{self.total_files}, "
                                      f"{self.segments:,} segments", refresh=False)
            self._bar.update(nbytes)
            if self.files == self.total_files:
                self._bar.refresh()  # the final state, whatever the refresh interval

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
