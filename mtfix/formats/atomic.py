"""Atomic writing: a temporary file beside the target replaces it only when complete.

Every writer in mtfix goes through ``AtomicOutput``: on any error, Ctrl-C
included, the temporary file is removed and the target is left as it was; the
replacement keeps the original's permissions.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from mtfix.errors import OutputError


class AtomicOutput:
    """Binary writer into a temporary file beside ``path`` that replaces it on success.

    With a codec the bytes are compressed on the way. On any error, Ctrl-C
    included, the temporary file is removed and ``path`` is left as it was.
    """

    def __init__(self, path: str, codec: str | None = None, mode_from: str | None = None):
        self.target = Path(os.path.realpath(path))
        self.codec = codec
        self.mode_from = mode_from  # copy permissions from this file (the input), if it exists
        self._tmp = ""
        self._raw: BinaryIO | None = None
        self._stream: BinaryIO | None = None
        self._discarded = False

    def __enter__(self) -> AtomicOutput:
        try:
            fd, self._tmp = tempfile.mkstemp(dir=self.target.parent, prefix=f".{self.target.name}.",
                                             suffix=".mtfix-tmp")
        except OSError as exc:
            raise OutputError(f"cannot write: {exc.strerror}", str(self.target)) from None
        self._raw = os.fdopen(fd, "wb")
        try:
            self._stream = _compressing(self._raw, self.codec)
        except BaseException:
            self._raw.close()
            os.unlink(self._tmp)
            raise
        return self

    def write(self, data: bytes) -> int:
        assert self._stream is not None
        return self._stream.write(data)

    @property
    def stream(self) -> BinaryIO:
        """The (compressing) stream, for writers that want a real file object."""
        assert self._stream is not None
        return self._stream

    def discard(self) -> None:
        """Leave ``path`` as it is when the block ends (nothing changed)."""
        self._discarded = True

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        assert self._raw is not None and self._stream is not None
        try:
            if kind is None and not self._discarded:
                self._commit()
        finally:
            self._raw.close()
            if os.path.exists(self._tmp):
                os.unlink(self._tmp)

    def _commit(self) -> None:
        assert self._raw is not None and self._stream is not None
        if self._stream is not self._raw:
            self._stream.close()
        self._raw.flush()
        os.fsync(self._raw.fileno())
        self._raw.close()
        os.chmod(self._tmp, _mode_for(self.mode_from or str(self.target)))
        try:
            os.replace(self._tmp, self.target)
        except OSError as exc:
            raise OutputError(f"cannot write: {exc.strerror}", str(self.target)) from None


def _mode_for(path: str) -> int:
    try:
        return os.stat(path).st_mode & 0o7777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def _compressing(raw: BinaryIO, codec: str | None) -> BinaryIO:
    if codec is None:
        return raw
    from mtfix.formats.compression import compressing

    return compressing(raw, codec)


def write_bytes_atomic(path: str, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically."""
    with AtomicOutput(path) as out:
        out.write(data)
