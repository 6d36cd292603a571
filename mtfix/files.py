"""Opening input files safely: only regular files are read, and never blocking.

Every reader in mtfix (texts, bilingual files, glossaries, sources, review
files, mining inputs) opens its input here. A FIFO named on the command line
would block forever and ``/dev/zero`` would never end, so anything that is
not a regular file is refused with a one-line error before a byte is read;
``O_NONBLOCK`` keeps the open itself from waiting for a FIFO's writer. This
module sits at the bottom of the package (it imports only ``errors``), so the
glossary loader and the formats share it.

Being the one place inputs are opened, it also remembers what each file was
when it was read (device, inode, size, modification time), so the atomic
writer can refuse to replace a file another process changed meanwhile.
"""

from __future__ import annotations

import os
import stat
from typing import BinaryIO

from mtfix.errors import InputError, MtfixError

# realpath -> (st_dev, st_ino, st_size, st_mtime_ns) when it was last opened for reading.
_READ: dict[str, tuple[int, int, int, int]] = {}

_KINDS = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a directory"))


def kind_of(mode: int) -> str | None:
    """What a non-regular file is ("a FIFO", "a directory"...), or None for a regular file."""
    return next((name for test, name in _KINDS if test(mode)), None if stat.S_ISREG(mode) else "not a file")


def special_kind(path: str) -> str | None:
    """``kind_of`` for ``path`` (following symlinks), without opening it; None when it is
    a regular file or cannot be looked at (the open that follows reports that)."""
    try:
        return kind_of(os.stat(path).st_mode)
    except OSError:
        return None


def open_regular(path: str, error: type[MtfixError] = InputError, what: str = "") -> BinaryIO:
    """``path`` opened for binary reading, refused unless it is a regular file.

    ``error`` is the exception class to raise (``GlossaryError`` for glossaries),
    ``what`` names the file in messages ("glossary ").
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise error(f"no such {what or 'file'}".rstrip(), path) from None
    except IsADirectoryError:
        raise error("is a directory", path) from None
    except OSError as exc:
        raise error(f"cannot read {what}".rstrip() + f": {exc.strerror}", path) from None
    try:
        info = os.fstat(fd)
        kind = kind_of(info.st_mode)
        if kind is not None:
            raise error(f"is {kind}, not a regular file; mtfix reads only regular files (use - for stdin)", path)
        _READ[os.path.realpath(path)] = _identity(info)
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: str, limit: int | None = None, error: type[MtfixError] = InputError,
                 what: str = "") -> bytes:
    """The bytes of regular file ``path``; with ``limit``, a file larger than that is refused."""
    with open_regular(path, error, what) as handle:
        try:
            data = handle.read() if limit is None else handle.read(limit + 1)
        except OSError as exc:
            raise error(f"cannot read {what}".rstrip() + f": {exc.strerror}", path) from None
    if limit is not None and len(data) > limit:
        raise error(f"{what or 'file'} is larger than {limit // (1 << 20)} MiB; mtfix refuses it", path)
    return data


def _identity(info: os.stat_result) -> tuple[int, int, int, int]:
    return info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns


def changed_since_read(path: str) -> bool:
    """Whether ``path`` is no longer the file this process last read under that name
    (replaced, deleted, or written to); False for a file it never read."""
    seen = _READ.get(os.path.realpath(path))
    if seen is None:
        return False
    try:
        return _identity(os.stat(path)) != seen
    except OSError:
        return True


def forget_read(path: str | None = None) -> None:
    """Drop what was remembered about ``path`` (every file when None): after mtfix
    replaced it, or when a new command starts."""
    if path is None:
        _READ.clear()
    else:
        _READ.pop(os.path.realpath(path), None)
