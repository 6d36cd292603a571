"""An on-disk cache of compiled glossaries, keyed by the glossary files' contents.

Compiling a large glossary (TOML, plurals, articles) costs far more than
matching, and ``inflect`` alone takes a second to import; like jieba's
dictionary cache, the compiled form is stored once and reused until a
glossary file changes. A cache that cannot be read or written is ignored.

The cache is data, not code. It is used only in a folder that belongs to this
user and that nobody else can write (created 0700 whatever the umask; an unsafe
existing folder means no cache at all, silently: the library does not print).
An entry is read only when it is a regular file, not a symlink, owned by this
user and not writable by others, and only after ``cache_entry`` has verified
it; anything else is a miss, and the entry is rebuilt and replaced (0600).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import stat
import time
from pathlib import Path

from mtfix.engine import Matcher, compile_glossary
from mtfix.files import kind_of
from mtfix.glossary import cache_entry
from mtfix.glossary.load import load_glossaries, read_glossary_file

CACHE_FORMAT = "mtfix-matcher-3"
# The compiled form depends on this code; a change to it invalidates the cache by itself.
_COMPILER_SOURCES = ("compiler.py", "forms.py", "canon.py", "overlaps.py", "scanner.py")
_TMP_PREFIX, _TMP_SUFFIX = ".tmp-", ".pickle"
_POSIX_FLAGS = sum(getattr(os, flag, 0) for flag in ("O_NOFOLLOW", "O_CLOEXEC", "O_NOCTTY"))
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | _POSIX_FLAGS
_WRITE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _POSIX_FLAGS
# Entries are opened relative to the checked folder's descriptor, so the folder
# cannot be swapped between the check and the open; without that, no cache
# (os.replace takes dir_fd wherever os.rename does).
_SUPPORTED = (hasattr(os, "O_NOFOLLOW") and hasattr(os, "geteuid") and os.open in os.supports_dir_fd
              and os.rename in os.supports_dir_fd and os.scandir in os.supports_fd)


def cache_dir() -> Path:
    explicit = os.environ.get("MTFIX_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "mtfix"


def entry_key(paths: list[str]) -> str:
    """The full key of the compiled form of ``paths``: their contents, names and the compiler's code."""
    digest = hashlib.sha256(CACHE_FORMAT.encode())
    engine = Path(compile_glossary.__code__.co_filename).parent
    for name in _COMPILER_SOURCES:
        digest.update((engine / name).read_bytes())
    digest.update((Path(engine).parent / "model.py").read_bytes())
    # The loader's rules (what a phrase may be) decide what gets compiled, too.
    digest.update(Path(__file__).with_name("load.py").read_bytes())
    for path in paths:
        digest.update(b"\0" + str(Path(path).resolve()).encode())
        digest.update(b"\0" + read_glossary_file(path).encode())
    return digest.hexdigest()


def cache_key(paths: list[str]) -> str:
    """The name of the cache entry of ``paths`` (``<key>.pickle``): the start of the full key."""
    return entry_key(paths)[:32]


def _is_private(info: os.stat_result) -> bool:
    # Anyone else who can write here could plant an entry or swap one in.
    return info.st_uid == os.geteuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def make_private_dirs(folder: Path) -> None:
    """Create ``folder`` and its missing parents 0700, whatever the umask (an existing one is left as it is)."""
    if folder.exists() or folder.is_symlink():
        return
    if folder.parent != folder:
        make_private_dirs(folder.parent)
    try:
        os.mkdir(folder, 0o700)
    except FileExistsError:
        return
    os.chmod(folder, 0o700)  # the umask may have taken bits (0o277 leaves 0500)


def _open_folder(folder: Path) -> int | None:
    """A descriptor of the cache folder (created private), or None when it is not safe to use."""
    if not _SUPPORTED:
        return None
    try:
        make_private_dirs(folder)
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | (_POSIX_FLAGS & ~os.O_NOFOLLOW))
    except OSError:
        return None
    info = os.fstat(fd)
    if stat.S_ISDIR(info.st_mode) and _is_private(info):
        return fd
    os.close(fd)
    return None


def _read(folder: int, name: str, key: str, paths: list[str] | None = None) -> Matcher | None:
    """The matcher in entry ``name``, or None unless it is a private regular file that verifies."""
    try:
        # O_NOFOLLOW: a symlink is refused; O_NONBLOCK: a FIFO does not hang the open.
        fd = os.open(name, _READ_FLAGS, dir_fd=folder)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if kind_of(info.st_mode) is not None or not _is_private(info):
            return None
        try:
            reload = None if paths is None else lambda: load_glossaries(paths)  # looked up when asked
            return cache_entry.decode(handle, info.st_size, key, reload)
        except OSError:
            return None


def _write(folder: int, name: str, key: str, matcher: Matcher) -> None:
    """Replace entry ``name`` atomically with a private (0600) file; a failure leaves no file."""
    data = cache_entry.encode(key, matcher)
    tmp = f"{_TMP_PREFIX}{secrets.token_hex(8)}{_TMP_SUFFIX}"
    try:
        fd = os.open(tmp, _WRITE_FLAGS, 0o600, dir_fd=folder)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(fd, 0o600)
            handle.write(data)
        os.replace(tmp, name, src_dir_fd=folder, dst_dir_fd=folder)
    except BaseException as exc:  # interrupted too: no temporary is left behind
        with contextlib.suppress(OSError):
            os.unlink(tmp, dir_fd=folder)
        if not isinstance(exc, OSError):  # a full disk only costs the cache; Ctrl-C still stops
            raise


def _remove_stale_temporaries(folder: int) -> None:
    """Temporaries of writers killed mid-write (older than an hour) are removed."""
    cutoff = time.time() - 3600
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if (entry.name.startswith(_TMP_PREFIX) and entry.name.endswith(_TMP_SUFFIX)
                    and entry.is_file(follow_symlinks=False)
                    and entry.stat(follow_symlinks=False).st_mtime < cutoff):
                os.unlink(entry.name, dir_fd=folder)


def load_matcher(paths: list[str], use_cache: bool = True) -> Matcher:
    """The compiled glossary for ``paths``, from the cache when it is fresh and safe."""
    folder = _open_folder(cache_dir()) if use_cache else None
    if folder is None:
        return compile_glossary(load_glossaries(paths))
    try:
        key = entry_key(paths)
        name = f"{key[:32]}.pickle"
        matcher = _read(folder, name, key, paths)
        if matcher is None:
            matcher = compile_glossary(load_glossaries(paths))
            _remove_stale_temporaries(folder)
            _write(folder, name, key, matcher)
        return matcher
    finally:
        os.close(folder)
