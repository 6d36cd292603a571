"""Review session files on disk, never through a symbolic link.

The ``.mtfix`` folder is opened with ``O_NOFOLLOW`` and the session files in it
are opened, checked and replaced relative to that folder's descriptor, so a
link planted there (``.mtfix`` -> a folder elsewhere, a session file ->
``~/.bashrc``) is refused and its target never read or written, even if the
link appears between the check and the write. A session file that is a FIFO
or a device is refused without blocking. Writes are atomic: a hidden
``.NAME.XXXXXXXX.mtfix-tmp`` beside the session replaces it when complete.
A journal (``journal``) is only ever appended to, opened the same way with
``O_APPEND``, each line flushed to the disk before the screen shows its decision.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from pathlib import Path

from mtfix.errors import InputError, MtfixError, OutputError
from mtfix.files import kind_of

MAX_SESSION_BYTES = 64 << 20  # some 300,000 decisions; a larger file is not one mtfix wrote

_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_FOLDER_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | _CLOEXEC
_READ_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY | _CLOEXEC
_TMP_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | _CLOEXEC
_APPEND_FLAGS = os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY | _CLOEXEC
_LINK = ("is a symbolic link; mtfix keeps review sessions only in a real folder and file, "
         "never through a link: remove the link")


def _refusal(exc: OSError, path: Path, error: type[MtfixError], doing: str) -> MtfixError:
    # O_NOFOLLOW met a link: ELOOP, or ENOTDIR with O_DIRECTORY (the lstat only words the message)
    if exc.errno == errno.ELOOP or (exc.errno == errno.ENOTDIR and os.path.islink(path)):
        return error(_LINK, str(path))
    return error(f"cannot {doing}: {exc.strerror or exc}", str(path))


def _open_folder(folder: Path, error: type[MtfixError], create: bool = False) -> int | None:
    """A descriptor of the session folder, None if there is none (and not ``create``)."""
    if create:
        try:
            os.mkdir(folder)
        except FileExistsError:
            pass  # a link there is refused by the open below
        except OSError as exc:
            raise OutputError(f"cannot create the review session folder: {exc.strerror}", str(folder)) from None
    try:
        return os.open(folder, _FOLDER_FLAGS)
    except FileNotFoundError:
        if create:
            raise OutputError("the review session folder disappeared", str(folder)) from None
        return None
    except OSError as exc:
        raise _refusal(exc, folder, error, "open the review session folder") from None


def read_session(session: Path) -> bytes | None:
    """The bytes of ``session``, or None if there is none."""
    folder = _open_folder(session.parent, InputError)
    if folder is None:
        return None
    try:
        fd = os.open(session.name, _READ_FLAGS, dir_fd=folder)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise _refusal(exc, session, InputError, "read the review session") from None
    finally:
        os.close(folder)
    with os.fdopen(fd, "rb") as handle:
        kind = kind_of(os.fstat(fd).st_mode)
        if kind is not None:
            raise InputError(f"is {kind}, not a review session file; move it away", str(session))
        os.set_blocking(fd, True)
        try:
            data = handle.read(MAX_SESSION_BYTES + 1)
        except OSError as exc:
            raise InputError(f"cannot read the review session: {exc.strerror}", str(session)) from None
    if len(data) > MAX_SESSION_BYTES:
        raise InputError(f"larger than {MAX_SESSION_BYTES >> 20} MiB, not a review session mtfix wrote; "
                         "move it away", str(session))
    return data


def _refuse_unusual(folder: int, session: Path) -> None:
    """Refuse to replace ``session`` if it is a link (or a FIFO...): it was planted there."""
    try:
        info = os.stat(session.name, dir_fd=folder, follow_symlinks=False)
    except FileNotFoundError:
        return
    if stat.S_ISLNK(info.st_mode):
        raise OutputError(_LINK, str(session))
    kind = kind_of(info.st_mode)
    if kind is not None:
        raise OutputError(f"is {kind}, not a review session file; move it away", str(session))


def write_session(session: Path, data: bytes) -> None:
    """Replace ``session`` with ``data`` atomically, creating its folder if need be."""
    folder = _open_folder(session.parent, OutputError, create=True)
    assert folder is not None
    try:
        _refuse_unusual(folder, session)
        _replace_at(folder, session.name, data)
    except OSError as exc:
        raise OutputError(f"cannot write the review session: {exc.strerror or exc}", str(session)) from None
    finally:
        os.close(folder)


def append_journal(session: Path, journal: Path, data: bytes, fresh: bool = False) -> None:
    """Append ``data`` to ``journal`` (beside ``session``) and flush it to the disk; ``fresh``
    empties it first. A link or an unusual file at either name is refused."""
    folder = _open_folder(journal.parent, OutputError, create=True)
    assert folder is not None
    try:
        _refuse_unusual(folder, session)
        _refuse_unusual(folder, journal)
        fd = os.open(journal.name, _APPEND_FLAGS | (os.O_TRUNC if fresh else 0), 0o666, dir_fd=folder)
        try:
            kind = kind_of(os.fstat(fd).st_mode)  # a FIFO put there since the check
            if kind is not None:
                raise OutputError(f"is {kind}, not a review journal; move it away", str(journal))
            os.set_blocking(fd, True)
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        if fresh:
            os.fsync(folder)  # the new file's name is on the disk too
    except OSError as exc:
        raise _refusal(exc, journal, OutputError, "write the review session") from None
    finally:
        os.close(folder)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _replace_at(folder: int, name: str, data: bytes) -> None:
    tmp = f".{name}.{secrets.token_hex(4)}.mtfix-tmp"
    fd = os.open(tmp, _TMP_FLAGS, 0o666, dir_fd=folder)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        # A rename replaces a link at ``name`` itself, never the file it points to.
        os.replace(tmp, name, src_dir_fd=folder, dst_dir_fd=folder)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp, dir_fd=folder)
        raise


def remove_session(session: Path) -> None:
    """Remove ``session``, and its folder once empty; a link there is refused, not followed."""
    folder = _open_folder(session.parent, OutputError)
    if folder is None:
        return
    try:
        _refuse_unusual(folder, session)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(session.name, dir_fd=folder)
    except OSError as exc:
        raise OutputError(f"cannot remove the review session: {exc.strerror or exc}", str(session)) from None
    finally:
        os.close(folder)
    with contextlib.suppress(OSError):  # the folder holds other sessions (or is not ours to remove)
        os.rmdir(session.parent)
