"""Atomic writing: a temporary file beside the target replaces it only when complete.

Every writer in mtfix goes through ``AtomicOutput``: on any error, Ctrl-C
included, the temporary file is removed and the target is left as it was; the
replacement keeps the original's permissions, owner and group (when permitted).

It also refuses what a replace would silently damage: a read-only file, a file
with several hard links (replacing it would cut the other names off), and a
file another process changed since mtfix read it (the snapshot taken by
``mtfix.files.open_regular`` is compared right before the replace). Leftovers
of an earlier, killed run in the target's folder are removed first
(``mtfix.formats.leftovers``).
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from mtfix.errors import OutputError
from mtfix.files import changed_since_read, forget_read
from mtfix.formats.leftovers import TMP_SUFFIX, sweep_once
from mtfix.shell import held_signals


class AtomicOutput:
    """Binary writer into a temporary file beside ``path`` that replaces it on success.

    With a codec the bytes are compressed on the way. On any error, Ctrl-C
    included, the temporary file is removed and ``path`` is left as it was.
    """

    def __init__(self, path: str, codec: str | None = None, mode_from: str | None = None,
                 follow_symlinks: bool = True):
        self.name = str(path)  # as the user gave it, for messages
        # follow_symlinks=False (-o): a link at ``path`` is replaced, never written through
        self.target = Path(os.path.realpath(path) if follow_symlinks else os.path.abspath(path))
        self.codec = codec
        self.mode_from = mode_from  # copy permissions from this file (the input), if it exists
        self._tmp = ""
        self._raw: BinaryIO | None = None
        self._stream: BinaryIO | None = None
        self._discarded = False

    def __enter__(self) -> AtomicOutput:
        sweep_once(str(self.target.parent))
        try:
            # Held: a signal (a worker's SIGTERM) between creating the file and holding it
            # would leave it behind; it arrives when the block ends, caught below.
            with held_signals():
                # The writer's pid in the name: once that process is gone, the file is
                # certainly abandoned (``leftovers``), and a stopped run's parent removes it.
                import tempfile  # only when writing: a check never does

                fd, self._tmp = tempfile.mkstemp(dir=self.target.parent,
                                                 prefix=f".{self.target.name}.{os.getpid()}.", suffix=TMP_SUFFIX)
                self._raw = os.fdopen(fd, "wb")
        except OSError as exc:
            raise self._error(exc) from None
        except BaseException:
            self._drop_tmp()
            raise
        try:
            self._stream = _compressing(self._raw, self.codec)
        except BaseException:
            self._drop_tmp()
            raise
        return self

    def _error(self, exc: OSError) -> OutputError:
        # A full disk (ENOSPC), a size limit (EFBIG) or an I/O error: one line naming the file.
        return OutputError(f"cannot write: {exc.strerror or exc}", self.name)

    def write(self, data: bytes) -> int:
        assert self._stream is not None
        try:
            return self._stream.write(data)
        except OSError as exc:
            raise self._error(exc) from None

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
            self._drop_tmp()

    def _drop_tmp(self) -> None:
        """Close and remove the temporary file, whatever happens: closing flushes
        the buffer, which fails again on a full disk, and must not skip the unlink."""
        assert self._raw is not None
        with contextlib.suppress(OSError):
            self._raw.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self._tmp)

    def _commit(self) -> None:
        assert self._raw is not None and self._stream is not None
        try:
            if self._stream is not self._raw:
                self._stream.close()  # finishes the compressed stream: writes its last bytes
            self._raw.flush()
            os.fsync(self._raw.fileno())
            self._raw.close()
            _copy_metadata(self._tmp, self.mode_from, str(self.target))
        except OSError as exc:
            raise self._error(exc) from None
        # Checked here, not on entering: a file with nothing to change is never an error.
        _refuse_unsafe_target(self.target, self.name)
        if changed_since_read(str(self.target)):
            raise OutputError("changed on disk while mtfix was working; not overwritten", self.name)
        try:
            os.replace(self._tmp, self.target)
        except OSError as exc:
            raise self._error(exc) from None
        forget_read(str(self.target))


def _refuse_unsafe_target(target: Path, name: str) -> None:
    """Refuse a replace that would damage ``target``.

    Root may replace anything, so the mode bits are checked, not ``access()``.
    """
    try:
        info = os.lstat(target)  # a symlink here (-o) is replaced, so only its own kind matters
    except OSError:
        return  # a new file, or one the open that follows reports on
    if not stat.S_ISREG(info.st_mode):
        return
    if not info.st_mode & 0o222:
        raise OutputError("read-only file; mtfix leaves it as it is", name)
    if info.st_nlink > 1:
        raise OutputError(f"has {info.st_nlink} hard links and replacing it would break them; "
                          "mtfix leaves it as it is (fix a copy, or use -o DIR)", name)


def _copy_metadata(tmp: str, mode_from: str | None, target: str) -> None:
    """The replacement gets the permissions of ``mode_from`` (else the target) and the
    owner and group of the file it replaces, as far as this user may set them."""
    try:
        owner = os.lstat(target)
    except FileNotFoundError:
        owner = None
    if owner is not None:
        _chown_permitted(tmp, owner.st_uid, owner.st_gid)
    os.chmod(tmp, _mode_for(mode_from or target))  # after chown, which clears set-id bits


def _chown_permitted(path: str, uid: int, gid: int) -> None:
    mine = os.stat(path)
    if (mine.st_uid, mine.st_gid) == (uid, gid):
        return
    try:
        os.chown(path, uid, gid)
    except PermissionError:  # not root: keep at least the group, if this user is in it
        with contextlib.suppress(PermissionError):
            os.chown(path, -1, gid)


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
